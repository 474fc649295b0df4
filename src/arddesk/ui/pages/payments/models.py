"""Payments and adjustments as a table model."""

from __future__ import annotations

from typing import Any

from arddesk.services import browse
from arddesk.services.browse import MoneyRow
from arddesk.text import N_
from arddesk.text.messages import code_text
from arddesk.ui.widgets.tablemodel import Column, WindowedTableModel


class MoneyModel(WindowedTableModel):
    """Payments and adjustments."""

    default_sort = "date"
    default_descending = True  # the newest first: what was just saved is on top
    columns = (
        Column("date", N_("Date"), lambda r: r.date, "date"),
        Column("number", N_("Number"), lambda r: r.number),
        Column("customer", N_("Customer"), lambda r: r.customer),
        Column("customer_name", N_("Name"), lambda r: r.customer_name),
        Column("source", N_("Type"), lambda r: code_text(r.source)),
        Column("kind", N_("Method / kind"), lambda r: code_text(r.kind)),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("unapplied", N_("Unapplied"), lambda r: r.unapplied, "money"),
        Column("status", N_("Status"), lambda r: code_text(r.status)),
        Column("text", N_("Note / reason"), lambda r: r.text, sortable=False),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return browse.count_money(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return browse.money_page(self.db, self.filter, self.sort_key, self.descending, offset, limit, self.total)

    def mark(self, row: MoneyRow) -> str | None:
        if row.voided_on is not None:
            return "void"
        return "restricted" if row.unapplied > 0 else None
