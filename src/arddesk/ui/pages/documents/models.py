"""One document's allocations and its history in the audit trail as table models."""

from __future__ import annotations

from typing import Any

from arddesk.ui.pages.audit.models import when
from arddesk.ui.widgets.tablemodel import Column, ListTableModel


class AllocationModel(ListTableModel):
    """The allocations of one document, released ones too (struck through, with the day of release)."""

    columns = (
        Column("kind", "Type", lambda r: r.kind),
        Column("number", "Number", lambda r: r.number),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("effective", "From", lambda r: r.effective, "date"),
        Column("released_on", "Released on", lambda r: r.released_on, "date"),
    )

    def mark(self, row: Any) -> str | None:
        return "void" if row.released_on is not None else None


class DocumentHistoryModel(ListTableModel):
    """What the audit trail says of one document, oldest first."""

    columns = (
        Column("at", "When", when),
        Column("user", "Who", lambda r: r.user),
        Column("action", "Action", lambda r: r.action),
        Column("field", "Field", lambda r: r.field),
        Column("old", "Old", lambda r: r.old),
        Column("new", "New", lambda r: r.new),
        Column("reason", "Reason", lambda r: r.reason),
    )
