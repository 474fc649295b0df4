"""The customer list and one customer's ledger as table models."""

from __future__ import annotations

from typing import Any

from arddesk.services import browse
from arddesk.services.browse import CustomerRow, LedgerLine
from arddesk.text import N_, _
from arddesk.text.messages import code_text
from arddesk.ui.widgets.tablemodel import Column, ListTableModel, WindowedTableModel

HOLD_TEXT = {"normal": N_("normal"), "restricted": N_("restricted"), "stop": N_("STOP SUPPLY")}
HOLD_FILTER = [
    (N_("any hold state"), ""),
    (N_("normal"), "normal"),
    (N_("restricted"), "restricted"),
    (N_("stop supply"), "stop"),
    (N_("on hold (restricted or stop)"), "on_hold"),
]
"""The hold states the customer and credit pages filter by: (text, value); the texts translated when shown."""


def hold_text(code: str) -> str:
    """A hold state (``normal``, ``restricted``, ``stop``) in words."""
    return _(HOLD_TEXT[code]) if code in HOLD_TEXT else code


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
        Column("code", N_("Code"), lambda r: r.code),
        Column("name", N_("Name"), lambda r: r.name),
        Column("balance", N_("Balance"), lambda r: r.balance, "money", alert=over_limit),
        Column("overdue", N_("Overdue"), lambda r: r.overdue, "money", alert=has_overdue),
        Column("credit_limit", N_("Credit limit"), lambda r: r.credit_limit, "money"),
        Column("hold_state", N_("Hold"), lambda r: hold_text(r.hold_state)),
        Column("rep", N_("Rep"), lambda r: r.rep),
        Column("department", N_("Dept."), lambda r: r.department),
        Column("grade", N_("Grade"), lambda r: r.grade),
        Column("terms", N_("Terms"), lambda r: r.terms),
        Column("phone", N_("Phone"), lambda r: r.phone),
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
        Column("date", N_("Date"), lambda r: r.date, "date"),
        Column("kind", N_("Entry"), lambda r: code_text(r.kind)),
        Column("number", N_("Number"), lambda r: r.number),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("open_amount", N_("Open"), lambda r: r.open_amount, "money"),
        Column("balance", N_("Balance"), lambda r: r.balance, "money"),
        Column("text", N_("Note"), lambda r: r.text),
    )

    def mark(self, row: LedgerLine) -> str | None:
        # The void document is struck through; the line that takes its amount back out is only greyed.
        if row.kind == "void":
            return "paid"
        return "void" if row.voided_on is not None else None
