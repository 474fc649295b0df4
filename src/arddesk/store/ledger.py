"""Keeping the derived columns of the ledger true after allocations change.

``delivery.open_amount``/``settled_on`` and ``payment``/``adjustment.unapplied``/``applied_on``
are derived from the allocations; the aging relies on them to skip what was settled
before its as-of date. Every write path calls :func:`refresh_derived`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Session

from arddesk.store.models import Delivery

_CHUNK = 500

_DELIVERY_SQL = """
    UPDATE delivery SET
      open_amount = amount - COALESCE((SELECT SUM(a.amount) FROM allocation a WHERE a.delivery_id = delivery.id), 0),
      settled_on = CASE
        WHEN amount = COALESCE((SELECT SUM(a.amount) FROM allocation a WHERE a.delivery_id = delivery.id), 0)
        THEN (SELECT MAX(a.effective_date) FROM allocation a WHERE a.delivery_id = delivery.id)
      END
"""


def _source_sql(table: str, column: str) -> str:
    return f"""
        UPDATE {table} SET
          unapplied = amount - COALESCE((SELECT SUM(a.amount) FROM allocation a WHERE a.{column} = {table}.id), 0),
          applied_on = CASE
            WHEN amount = COALESCE((SELECT SUM(a.amount) FROM allocation a WHERE a.{column} = {table}.id), 0)
            THEN (SELECT MAX(a.effective_date) FROM allocation a WHERE a.{column} = {table}.id)
          END
    """


_ALL_SQL = (_DELIVERY_SQL, _source_sql("payment", "payment_id"), _source_sql("adjustment", "adjustment_id"))
_BY_ID = [text(sql + " WHERE id IN :ids").bindparams(bindparam("ids", expanding=True)) for sql in _ALL_SQL]


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def refresh_derived(
    session: Session,
    *,
    deliveries: Iterable[int] = (),
    payments: Iterable[int] = (),
    adjustments: Iterable[int] = (),
) -> None:
    """Recompute the open and unapplied amounts of the given rows from their allocations."""
    session.flush()
    for statement, ids in zip(_BY_ID, (deliveries, payments, adjustments), strict=True):
        for chunk in _chunks(ids):
            session.execute(statement, {"ids": chunk})
    session.expire_all()


def open_items(session: Session, customer_id: int) -> Sequence[tuple[int, str, int, date]]:
    """(id, number, open, date) of a customer's open deliveries, oldest first."""
    rows = session.execute(
        select(Delivery.id, Delivery.number, Delivery.open_amount, Delivery.date)
        .where(Delivery.customer_id == customer_id, Delivery.open_amount > 0)
        .order_by(Delivery.date, Delivery.due_date, Delivery.id)
    )
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def refresh_all_derived(session: Session) -> None:
    """Recompute every open and unapplied amount (after a bulk load, or to repair)."""
    session.flush()
    for sql in _ALL_SQL:
        session.execute(text(sql))
    session.expire_all()


def set_due_dates(session: Session, changes: Sequence[tuple[int, date | None]]) -> None:
    """Write new due dates: (delivery id, due date) pairs."""
    if changes:
        session.execute(
            update(Delivery),
            [{"id": delivery_id, "due_date": due} for delivery_id, due in changes],
        )
