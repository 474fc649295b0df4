"""The delivery log as a table model."""

from __future__ import annotations

from typing import Any

from arddesk.services import browse
from arddesk.services.browse import DeliveryRow
from arddesk.text import N_
from arddesk.text.messages import code_text
from arddesk.ui.widgets.tablemodel import Column, WindowedTableModel


def _overdue(row: DeliveryRow) -> bool:
    return row.overdue


class DeliveryModel(WindowedTableModel):
    """The delivery log."""

    default_sort = "date"
    default_descending = True  # the newest first: what was just saved is on top
    columns = (
        Column("date", N_("Date"), lambda r: r.date, "date"),
        Column("number", N_("Number"), lambda r: r.number),
        Column("customer", N_("Customer"), lambda r: r.customer),
        Column("customer_name", N_("Name"), lambda r: r.customer_name),
        Column("rep", N_("Rep"), lambda r: r.rep),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("due_date", N_("Due"), lambda r: r.due_date, "date", alert=_overdue),
        Column("open_amount", N_("Open"), lambda r: r.open_amount, "money", alert=_overdue),
        Column("status", N_("Status"), lambda r: code_text(r.status), alert=_overdue),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return browse.count_deliveries(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return browse.delivery_page(self.db, self.filter, self.sort_key, self.descending, offset, limit, self.total)

    def mark(self, row: DeliveryRow) -> str | None:
        # A wall of red helps nobody: overdue shows in the due, open and status cells; paid rows are greyed.
        if row.voided_on is not None:
            return "void"
        return "paid" if row.open_amount == 0 else None
