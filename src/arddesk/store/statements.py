"""The SQL behind statements of account: balances as of a date and a period's activity.

Every query answers for all customers at once (or one, by id), so a batch of a thousand
letters costs a handful of queries rather than a thousand.

A customer's balance as of a date is its deliveries minus its payments and adjustments
dated on or before it; this equals the aging total as of that date, because an
allocation only moves money between a delivery's open amount and a payment's
unapplied credit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from arddesk.domain.statements import AppliedAmount, Entry, EntryKind, Party
from arddesk.store.portable import day, optional_day


def _customer_filter(alias: str, customer_id: int | None) -> str:
    return f" AND {alias}.customer_id = :customer_id" if customer_id is not None else ""


def customer_ids(session: Session, code: str | None = None) -> dict[int, Party]:
    """Customers by id (all, or the one with ``code``), as the parties letters go to."""
    sql = "SELECT id, code, name, address, phone, language FROM customer"
    params: dict[str, object] = {}
    if code is not None:
        sql += " WHERE code = :code"
        params["code"] = code
    sql += " ORDER BY code"
    return {
        row[0]: Party(code=row[1], name=row[2], address=row[3] or "", phone=row[4] or "", language=row[5] or "zh")
        for row in session.execute(text(sql), params)
    }


def balances(session: Session, as_of: date, customer_id: int | None = None) -> dict[int, int]:
    """Each customer's balance in cents at the end of ``as_of`` (customers with no entries left out)."""
    parts = []
    for table, sign, reversed_sign in (("delivery", "", "-"), ("payment", "-", ""), ("adjustment", "-", "")):
        parts.append(
            f"SELECT t.customer_id AS cid, {sign}SUM(t.amount) AS amount FROM {table} t "
            f"WHERE t.date <= :as_of{_customer_filter('t', customer_id)} GROUP BY t.customer_id"
        )
        # A void takes the document back out of the balance from its day on.
        parts.append(
            f"SELECT t.customer_id AS cid, {reversed_sign}SUM(t.amount) AS amount FROM {table} t "
            f"WHERE t.voided_on <= :as_of{_customer_filter('t', customer_id)} GROUP BY t.customer_id"
        )
    sql = f"SELECT cid, SUM(amount) FROM ({' UNION ALL '.join(parts)}) AS moves GROUP BY cid"
    params: dict[str, object] = {"as_of": as_of.isoformat()}
    if customer_id is not None:
        params["customer_id"] = customer_id
    return {row[0]: int(row[1] or 0) for row in session.execute(text(sql), params)}


def period_entries(session: Session, start: date, end: date, customer_id: int | None = None) -> dict[int, list[Entry]]:
    """Every delivery, payment and adjustment dated within ``start``..``end``, and every void of the
    period (a line that reverses the document on the day of its void), by customer id."""
    sql = f"""
        SELECT d.customer_id, 'delivery', d.date, d.number, d.amount, d.category, d.note, d.due_date, 0
        FROM delivery d WHERE d.date BETWEEN :start AND :end{_customer_filter('d', customer_id)}
        UNION ALL
        SELECT p.customer_id, 'payment', p.date, p.number, p.amount, p.method, p.note, NULL, 0
        FROM payment p WHERE p.date BETWEEN :start AND :end{_customer_filter('p', customer_id)}
        UNION ALL
        SELECT a.customer_id, 'adjustment', a.date, a.number, a.amount, a.kind, a.reason, NULL, 0
        FROM adjustment a WHERE a.date BETWEEN :start AND :end{_customer_filter('a', customer_id)}
        UNION ALL
        SELECT d.customer_id, 'delivery', d.voided_on, d.number, d.amount, d.category, d.void_reason, NULL, 1
        FROM delivery d WHERE d.voided_on BETWEEN :start AND :end{_customer_filter('d', customer_id)}
        UNION ALL
        SELECT p.customer_id, 'payment', p.voided_on, p.number, p.amount, p.method, p.void_reason, NULL, 1
        FROM payment p WHERE p.voided_on BETWEEN :start AND :end{_customer_filter('p', customer_id)}
        UNION ALL
        SELECT a.customer_id, 'adjustment', a.voided_on, a.number, a.amount, a.kind, a.void_reason, NULL, 1
        FROM adjustment a WHERE a.voided_on BETWEEN :start AND :end{_customer_filter('a', customer_id)}
    """
    params: dict[str, object] = {"start": start.isoformat(), "end": end.isoformat()}
    if customer_id is not None:
        params["customer_id"] = customer_id
    result: dict[int, list[Entry]] = defaultdict(list)
    for cid, kind, on, number, amount, subkind, note, due, void in session.execute(text(sql), params):
        result[cid].append(
            Entry(
                date=day(on),
                kind=EntryKind(kind),
                number=number,
                amount=int(amount),
                subkind=subkind or "",
                text=note or "",
                due_date=optional_day(due),
                void=bool(void),
            )
        )
    return dict(result)


def period_allocations(
    session: Session, start: date, end: date, customer_id: int | None = None
) -> dict[int, list[AppliedAmount]]:
    """Allocations that took effect within the period, by customer id, in date order.

    An allocation takes effect on the later of the money's and the goods' dates, the same
    rule the aging uses, so these explain the change in the open deliveries.
    """
    sql = f"""
        SELECT d.customer_id, CASE WHEN al.payment_id IS NOT NULL THEN 'payment' ELSE 'adjustment' END,
               COALESCE(p.number, a.number), COALESCE(p.date, a.date), d.number, d.date, al.amount
        FROM allocation al
        JOIN delivery d ON d.id = al.delivery_id
        LEFT JOIN payment p ON p.id = al.payment_id
        LEFT JOIN adjustment a ON a.id = al.adjustment_id
        WHERE al.effective_date BETWEEN :start AND :end AND (al.released_on IS NULL OR al.released_on > :end)
              {_customer_filter('d', customer_id)}
        ORDER BY d.customer_id, al.effective_date, 4, 3, d.date, d.number
    """
    params: dict[str, object] = {"start": start.isoformat(), "end": end.isoformat()}
    if customer_id is not None:
        params["customer_id"] = customer_id
    result: dict[int, list[AppliedAmount]] = defaultdict(list)
    for cid, kind, number, source_day, delivery_number, delivery_day, amount in session.execute(text(sql), params):
        result[cid].append(
            AppliedAmount(
                source_kind=EntryKind(kind),
                source_number=number,
                source_date=day(source_day),
                delivery_number=delivery_number,
                delivery_date=day(delivery_day),
                amount=int(amount),
            )
        )
    return dict(result)
