"""One document's allocations and its history in the audit trail as table models."""

from __future__ import annotations

from typing import Any

from arddesk.text import N_
from arddesk.text.messages import code_text
from arddesk.ui.pages.audit.models import when
from arddesk.ui.widgets.tablemodel import Column, ListTableModel


class AllocationModel(ListTableModel):
    """The allocations of one document, released ones too (struck through, with the day of release)."""

    columns = (
        Column("kind", N_("Type"), lambda r: code_text(r.kind)),
        Column("number", N_("Number"), lambda r: r.number),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("effective", N_("From"), lambda r: r.effective, "date"),
        Column("released_on", N_("Released on"), lambda r: r.released_on, "date"),
    )

    def mark(self, row: Any) -> str | None:
        return "void" if row.released_on is not None else None


class DocumentHistoryModel(ListTableModel):
    """What the audit trail says of one document, oldest first."""

    columns = (
        Column("at", N_("When"), when),
        Column("user", N_("Who"), lambda r: r.user),
        Column("action", N_("Action"), lambda r: r.action),
        Column("field", N_("Field"), lambda r: r.field),
        Column("old", N_("Old"), lambda r: r.old),
        Column("new", N_("New"), lambda r: r.new),
        Column("reason", N_("Reason"), lambda r: r.reason),
    )
