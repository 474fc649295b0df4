"""The customer list and one customer's ledger as table models."""

from __future__ import annotations

from typing import Any

from arddesk.services import browse
from arddesk.services.browse import CustomerRow, LedgerLine
from arddesk.ui.widgets.tablemodel import Column, ListTableModel, WindowedTableModel

HOLD_TEXT = {"normal": "normal", "restricted": "restricted", "stop": "STOP SUPPLY"}
HOLD_FILTER = [
    ("any hold state", ""),
    ("normal", "normal"),
    ("restricted", "restricted"),
    ("stop supply", "stop"),
    ("on hold (restricted or stop)", "on_hold"),
]
"""The hold states the customer and credit pages filter by: (text, value)."""


def _customer_mark(row: CustomerRow) -> str | None:
    # Whole rows are coloured only for what stops a delivery; an overdue amount colours its own cell.
    if row.hold_state == "stop":
        return "stop"
    if row.over_limit:
        return "over_limit"
    if row.hold_state == "restricted":
        return "restricted"
    return None


def has_overdue(row: CustomerRow) -> bool:
    """Whether the customer has anything overdue (its overdue cell turns red)."""
    return row.overdue > 0


def over_limit(row: CustomerRow) -> bool:
    """Whether the customer is over the credit limit."""
    return row.over_limit


class CustomerModel(WindowedTableModel):
    """The customer list with balances."""

    default_sort = "code"
    columns: tuple[Column, ...] = (
        Column("code", "Code", lambda r: r.code),
        Column("name", "Name", lambda r: r.name),
        Column("balance", "Balance", lambda r: r.balance, "money", alert=over_limit),
        Column("overdue", "Overdue", lambda r: r.overdue, "money", alert=has_overdue),
        Column("credit_limit", "Credit limit", lambda r: r.credit_limit, "money"),
        Column("hold_state", "Hold", lambda r: HOLD_TEXT.get(r.hold_state, r.hold_state)),
        Column("rep", "Rep", lambda r: r.rep),
        Column("department", "Dept.", lambda r: r.department),
        Column("grade", "Grade", lambda r: r.grade),
        Column("terms", "Terms", lambda r: r.terms),
        Column("phone", "Phone", lambda r: r.phone),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return browse.count_customers(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return browse.customer_page(self.db, self.filter, self.sort_key, self.descending, offset, limit, self.total)

    def mark(self, row: CustomerRow) -> str | None:
        return _customer_mark(row)


class LedgerModel(ListTableModel):
    """One customer's ledger with the running balance."""

    columns = (
        Column("date", "Date", lambda r: r.date, "date"),
        Column("kind", "Entry", lambda r: r.kind),
        Column("number", "Number", lambda r: r.number),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("open_amount", "Open", lambda r: r.open_amount, "money"),
        Column("balance", "Balance", lambda r: r.balance, "money"),
        Column("text", "Note", lambda r: r.text),
    )

    def mark(self, row: LedgerLine) -> str | None:
        # The void document is struck through; the line that takes its amount back out is only greyed.
        if row.kind == "void":
            return "paid"
        return "void" if row.voided_on is not None else None
