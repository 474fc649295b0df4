"""Reads for the screens: windows of the big lists, one customer's picture, previews.

Every function opens its own short reading session; nothing here writes. Rows are plain
frozen dataclasses (see ``store.browse``), so the GUI never holds a database session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arddesk.domain.allocation import OpenItem, allocate, parse_applies_to
from arddesk.domain.money import to_minor
from arddesk.domain.problems import InvalidValue, Message
from arddesk.store import browse as store
from arddesk.store.browse import (
    Choices,
    CustomerFilter,
    CustomerRow,
    DeliveryFilter,
    DeliveryRow,
    LedgerLine,
    MoneyFilter,
    MoneyRow,
    OpenDeliveryLine,
)
from arddesk.store.db import Database

__all__ = [
    "AllocationPreview",
    "Choices",
    "CustomerFilter",
    "CustomerRow",
    "CustomerSummary",
    "DeliveryFilter",
    "DeliveryRow",
    "LedgerLine",
    "MoneyFilter",
    "MoneyRow",
    "OpenDeliveryLine",
    "allocation_preview",
    "choices",
    "count_customers",
    "count_deliveries",
    "count_money",
    "customer",
    "customer_codes",
    "customer_names",
    "customer_page",
    "customer_summary",
    "delivery",
    "delivery_page",
    "money_page",
    "open_deliveries",
]


def count_deliveries(db: Database, flt: DeliveryFilter) -> int:
    """How many deliveries pass the filter."""
    with db.reading() as session:
        return store.count_deliveries(session, flt)


def delivery_page(
    db: Database, flt: DeliveryFilter, sort: str = "date", descending: bool = False,
    offset: int = 0, limit: int = 200, total: int | None = None,
) -> list[DeliveryRow]:
    """One window of the delivery log (see ``store.browse.delivery_page``)."""
    with db.reading() as session:
        return store.delivery_page(session, flt, sort, descending, offset, limit, total)


def count_customers(db: Database, flt: CustomerFilter) -> int:
    """How many customers pass the filter."""
    with db.reading() as session:
        return store.count_customers(session, flt)


def customer_page(
    db: Database, flt: CustomerFilter, sort: str = "code", descending: bool = False,
    offset: int = 0, limit: int = 200, total: int | None = None,
) -> list[CustomerRow]:
    """One window of the customer list with balances."""
    with db.reading() as session:
        return store.customer_page(session, flt, sort, descending, offset, limit, total)


def count_money(db: Database, flt: MoneyFilter) -> int:
    """How many payments and adjustments pass the filter."""
    with db.reading() as session:
        return store.count_money(session, flt)


def money_page(
    db: Database, flt: MoneyFilter, sort: str = "date", descending: bool = False,
    offset: int = 0, limit: int = 200, total: int | None = None,
) -> list[MoneyRow]:
    """One window of payments and adjustments."""
    with db.reading() as session:
        return store.money_page(session, flt, sort, descending, offset, limit, total)


def customer(db: Database, code: str, today: date) -> CustomerRow | None:
    """One customer with balances, or None."""
    with db.reading() as session:
        return store.customer_by_code(session, code, today)


def delivery(db: Database, number: str, today: date) -> DeliveryRow | None:
    """One delivery by number, or None."""
    with db.reading() as session:
        return store.delivery_by_number(session, number, today)


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    """What the detail pane shows: the customer, its last payment and its ledger."""

    customer: CustomerRow
    last_payment: tuple[date, int] | None
    ledger: list[LedgerLine]


def customer_summary(db: Database, code: str, today: date) -> CustomerSummary | None:
    """Balance, overdue, credit used, last payment and the ledger with running balance."""
    with db.reading() as session:
        row = store.customer_by_code(session, code, today)
        if row is None:
            return None
        return CustomerSummary(row, store.last_payment(session, code), store.customer_ledger(session, code))


def choices(db: Database) -> Choices:
    """Reps, departments, grades and terms codes for filters and forms."""
    with db.reading() as session:
        return store.choices(session)


def customer_codes(db: Database, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """(code, name) pairs matching ``text`` in code or name."""
    with db.reading() as session:
        return store.customer_codes(session, text, limit)


def open_deliveries(db: Database, code: str) -> list[OpenDeliveryLine]:
    """A customer's open deliveries, oldest first."""
    with db.reading() as session:
        return store.open_deliveries_of(session, code)


@dataclass(frozen=True, slots=True)
class AllocationPreview:
    """How a payment would be applied: (delivery, applied cents) pairs, what stays unapplied, or why not."""

    applied: dict[str, int]
    unapplied: int
    problem: Message | None = None


def allocation_preview(
    open_lines: list[OpenDeliveryLine], amount: Decimal, applies_to: str = ""
) -> AllocationPreview:
    """The allocation the ledger would make, computed with the same rule, without writing anything."""
    cents = to_minor(amount)
    try:
        instructions = parse_applies_to(applies_to) if applies_to.strip() else []
        allocations, left = allocate(
            cents, [OpenItem(line.id, line.number, line.open_amount) for line in open_lines], instructions
        )
    except InvalidValue as exc:
        return AllocationPreview({}, cents, exc.message)
    numbers = {line.id: line.number for line in open_lines}
    return AllocationPreview({numbers[a.delivery_id]: a.amount for a in allocations}, left)


def customer_names(db: Database, codes: Sequence[str]) -> dict[str, str]:
    """The names of the customers with ``codes``, by code."""
    with db.reading() as session:
        return store.customer_names(session, codes)
