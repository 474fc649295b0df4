"""Refunds: money paid back to a customer out of its unapplied credit, and the credit each used.

A refund's allocations go from the payments and adjustments whose credit it paid back to the
refund (``allocation.refund_id``), so their unapplied amounts, as of any day, already count it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from arddesk.store.models import Adjustment, Allocation, Customer, Payment, Refund


def add_refund(session: Session, values: dict[str, object]) -> int:
    """Insert one refund (column values); returns its id."""
    row = Refund(**values)
    session.add(row)
    session.flush()
    return row.id


def refunds_using(session: Session, table: str, source_id: int) -> list[tuple[str, int]]:
    """(refund number, cents) of the refunds not void that pay back credit of this payment or adjustment."""
    column = Allocation.payment_id if table == "payment" else Allocation.adjustment_id
    rows = session.execute(
        select(Refund.number, Allocation.amount)
        .join(Refund, Refund.id == Allocation.refund_id)
        .where(column == source_id, Allocation.released_on.is_(None), Refund.voided_on.is_(None))
        .order_by(Refund.number)
    )
    return [(number, int(amount)) for number, amount in rows]


@dataclass(frozen=True, slots=True)
class RefundRecord:
    """A refund as listed and exported; ``uses`` names the credits it paid back (``PAY1=500.00;…`` in cents)."""

    number: str
    customer: str
    date: dt.date
    amount: int
    method: str
    note: str
    voided_on: dt.date | None
    uses: tuple[tuple[str, int], ...]


def refund_records(session: Session, *, customer: str | None = None, include_void: bool = True) -> list[RefundRecord]:
    """Refunds by date and number (of one customer, or all), with the credits each used."""
    query = (
        select(
            Refund.id, Refund.number, Customer.code, Refund.date, Refund.amount, Refund.method, Refund.note,
            Refund.voided_on,
        )
        .join(Customer, Customer.id == Refund.customer_id)
        .order_by(Refund.date, Refund.number)
    )
    if customer is not None:
        query = query.where(Customer.code == customer)
    if not include_void:
        query = query.where(Refund.voided_on.is_(None))
    rows = session.execute(query).all()
    uses = _uses(session, [int(row[0]) for row in rows])
    return [RefundRecord(*row[1:], uses=tuple(uses.get(int(row[0]), ()))) for row in rows]


def _uses(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
    paid = aliased(Payment)
    adjusted = aliased(Adjustment)
    found: dict[int, list[tuple[str, int]]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Allocation.refund_id, paid.number, adjusted.number, Allocation.amount)
            .outerjoin(paid, paid.id == Allocation.payment_id)
            .outerjoin(adjusted, adjusted.id == Allocation.adjustment_id)
            .where(Allocation.refund_id.in_(ids[start : start + 500]), Allocation.released_on.is_(None))
            .order_by(Allocation.id)
        )
        for refund, payment, adjustment, amount in rows:
            found.setdefault(int(str(refund)), []).append((payment or adjustment, int(amount)))
    return found
