"""Risk in the database: class overrides, causes of debt, the clerk's warning flags, and the
aggregated reads that classes, warnings and the dashboard need.

Every read aggregates in SQL: a million deliveries never come into Python, only the sums.
The open deliveries are those of :mod:`arddesk.store.aging`, so classes and cells agree
with the aging grid to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, bindparam, delete, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.domain.aging import NOT_DUE, Basis, BucketSet, ClassThresholds
from arddesk.domain.dates import add_months, month_end
from arddesk.store import monthly, portable
from arddesk.store.aging import GROUP_JOINS, GroupBy, days_expression, is_current, open_deliveries_sql
from arddesk.store.models import Base, Customer, Delivery, _now, current_user
from arddesk.store.portable import Dialect, dialect

Month = tuple[int, int]


class ClassOverrideRecord(Base):
    """The clerk put a delivery (``delivery_id`` set) or a whole customer (None) in a class."""

    __tablename__ = "class_override"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id", ondelete="CASCADE"))
    debt_class: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    set_by: Mapped[str] = mapped_column(String(64), default=current_user)
    __table_args__ = (
        Index("ux_class_override_delivery", "delivery_id", unique=True, sqlite_where=text("delivery_id IS NOT NULL"),
            postgresql_where=text("delivery_id IS NOT NULL"),),
        Index("ux_class_override_customer", "customer_id", unique=True, sqlite_where=text("delivery_id IS NULL"),
            postgresql_where=text("delivery_id IS NULL"),),
    )


class ClassOverrideLogRecord(Base):
    """Every class the clerk set or cleared, kept after the override itself is replaced or removed."""

    __tablename__ = "class_override_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    delivery_number: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(8))
    debt_class: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    set_by: Mapped[str] = mapped_column(String(64), default=current_user)
    __table_args__ = (Index("ix_class_override_log_customer", "customer_id", "set_at"),)


class DebtCauseRecord(Base):
    """Why a delivery is unpaid, with a note (one cause per delivery)."""

    __tablename__ = "debt_cause"
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id", ondelete="CASCADE"), primary_key=True)
    cause: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    set_by: Mapped[str] = mapped_column(String(64), default=current_user)


class WarningFlagRecord(Base):
    """A warning sign the clerk saw: kind, since when, a note; open until resolved."""

    __tablename__ = "warning_flag"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    flag_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(64), default=current_user)
    __table_args__ = (Index("ix_warning_flag_customer", "customer_id", "flag_date"),)


# ---------------------------------------------------------------------------- overrides and causes
def customer_id(session: Session, code: str) -> int | None:
    """The id of the customer with ``code``."""
    return session.execute(select(Customer.id).where(Customer.code == code)).scalar()


def delivery_ids(session: Session, number: str) -> tuple[int, int] | None:
    """(delivery id, customer id) of the delivery ``number``."""
    row = session.execute(select(Delivery.id, Delivery.customer_id).where(Delivery.number == number)).first()
    return (row[0], row[1]) if row else None


def _delivery_number(session: Session, delivery: int | None) -> str:
    if delivery is None:
        return ""
    return str(session.execute(select(Delivery.number).where(Delivery.id == delivery)).scalar_one())


def put_override(session: Session, customer: int, delivery: int | None, debt_class: str, reason: str) -> None:
    """Set the override of a delivery (or of the customer when ``delivery`` is None), replacing any; logged."""
    _remove_override(session, customer, delivery)
    session.add(ClassOverrideRecord(customer_id=customer, delivery_id=delivery, debt_class=debt_class, reason=reason))
    session.add(
        ClassOverrideLogRecord(
            customer_id=customer,
            delivery_number=_delivery_number(session, delivery),
            action="set",
            debt_class=debt_class,
            reason=reason,
        )
    )


def _remove_override(session: Session, customer: int, delivery: int | None) -> int:
    target = (
        ClassOverrideRecord.delivery_id.is_(None) if delivery is None else ClassOverrideRecord.delivery_id == delivery
    )
    result = session.execute(delete(ClassOverrideRecord).where(ClassOverrideRecord.customer_id == customer, target))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def clear_override(session: Session, customer: int, delivery: int | None) -> int:
    """Remove the override of a delivery or of the customer (logged); returns how many rows went."""
    removed = _remove_override(session, customer, delivery)
    if removed:
        number = _delivery_number(session, delivery)
        session.add(ClassOverrideLogRecord(customer_id=customer, delivery_number=number, action="clear"))
    return removed


@dataclass(frozen=True, slots=True)
class OverrideLogRow:
    """One change of class by the clerk: delivery ('' for the customer), set or clear, class, why, who, when."""

    delivery: str
    action: str
    debt_class: str
    reason: str
    set_at: dt.datetime
    set_by: str


def override_log(session: Session, customer: int) -> list[OverrideLogRow]:
    """Every class the clerk set or cleared for a customer and its deliveries, oldest first."""
    rows = session.execute(
        select(
            ClassOverrideLogRecord.delivery_number,
            ClassOverrideLogRecord.action,
            ClassOverrideLogRecord.debt_class,
            ClassOverrideLogRecord.reason,
            ClassOverrideLogRecord.set_at,
            ClassOverrideLogRecord.set_by,
        )
        .where(ClassOverrideLogRecord.customer_id == customer)
        .order_by(ClassOverrideLogRecord.id)
    )
    return [OverrideLogRow(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class OverrideRow:
    """An override as shown: the customer, the delivery number ('' for the customer), class, why, who, when."""

    customer: str
    delivery: str
    debt_class: str
    reason: str
    set_at: dt.datetime
    set_by: str


def overrides(session: Session, customer: int | None = None) -> list[OverrideRow]:
    """Every override (of one customer), customer-wide first."""
    query = (
        select(
            Customer.code,
            Delivery.number,
            ClassOverrideRecord.debt_class,
            ClassOverrideRecord.reason,
            ClassOverrideRecord.set_at,
            ClassOverrideRecord.set_by,
        )
        .join(Customer, Customer.id == ClassOverrideRecord.customer_id)
        .outerjoin(Delivery, Delivery.id == ClassOverrideRecord.delivery_id)
        .order_by(Customer.code, Delivery.number.is_not(None), Delivery.number)
    )
    if customer is not None:
        query = query.where(ClassOverrideRecord.customer_id == customer)
    return [OverrideRow(c, n or "", k, r, at, by) for c, n, k, r, at, by in session.execute(query)]


def put_cause(session: Session, delivery: int, cause: str, note: str) -> None:
    """Set the cause of a delivery's debt, replacing any."""
    session.merge(DebtCauseRecord(delivery_id=delivery, cause=cause, note=note, set_at=_now(), set_by=current_user()))


def clear_cause(session: Session, delivery: int) -> None:
    """Remove the cause of a delivery's debt."""
    session.execute(delete(DebtCauseRecord).where(DebtCauseRecord.delivery_id == delivery))


# ---------------------------------------------------------------------------- flags
@dataclass(frozen=True, slots=True)
class FlagRow:
    """A flag with its customer's code."""

    id: int
    customer: str
    kind: str
    on: date
    note: str
    resolved_on: date | None


def add_flag(session: Session, customer: int, kind: str, on: date, note: str) -> int:
    """Record a flag; returns its id."""
    record = WarningFlagRecord(customer_id=customer, kind=kind, flag_date=on, note=note)
    session.add(record)
    session.flush()
    return record.id


def resolve_flag(session: Session, flag_id: int, on: date) -> bool:
    """Close a flag from ``on``; False when there is no such flag."""
    record = session.get(WarningFlagRecord, flag_id)
    if record is None:
        return False
    record.resolved_on = on
    return True


def flags(session: Session, customer: int | None = None) -> list[FlagRow]:
    """Every flag (of one customer), newest first."""
    query = (
        select(
            WarningFlagRecord.id,
            Customer.code,
            WarningFlagRecord.kind,
            WarningFlagRecord.flag_date,
            WarningFlagRecord.note,
            WarningFlagRecord.resolved_on,
        )
        .join(Customer, Customer.id == WarningFlagRecord.customer_id)
        .order_by(WarningFlagRecord.flag_date.desc(), WarningFlagRecord.id.desc())
    )
    if customer is not None:
        query = query.where(WarningFlagRecord.customer_id == customer)
    return [FlagRow(*row) for row in session.execute(query)]


# ---------------------------------------------------------------------------- classes
def _class_case(alias: str = "x") -> str:
    return (
        f"COALESCE({alias}.dcls, {alias}.ccls, CASE WHEN {alias}.due_date IS NULL OR {alias}.pdays <= 0 THEN 'not_due' "
        f"WHEN {alias}.pdays > :dead THEN 'dead' WHEN {alias}.pdays > :bad THEN 'bad' "
        f"WHEN {alias}.pdays > :doubtful THEN 'doubtful' ELSE 'dunning' END)"
    )


def _classified_sql(sql: Dialect, current: bool) -> str:
    return f"""
        o AS ({open_deliveries_sql(sql, current, False)}),
        x AS (
          SELECT o.*, {sql.days(":as_of", "o.due_date")} AS pdays,
                 od.debt_class AS dcls, oc.debt_class AS ccls
          FROM o
          LEFT JOIN class_override od ON od.delivery_id = o.id
          LEFT JOIN class_override oc ON oc.customer_id = o.customer_id AND oc.delivery_id IS NULL
          WHERE o.open > 0
        )
    """


def _class_params(as_of: date, thresholds: ClassThresholds) -> dict[str, object]:
    return {
        "as_of": as_of.isoformat(),
        "doubtful": thresholds.doubtful_after,
        "bad": thresholds.bad_after,
        "dead": thresholds.dead_after,
    }


def class_totals(
    session: Session, as_of: date, thresholds: ClassThresholds, by: GroupBy | None = None
) -> dict[str, dict[str, int]]:
    """Open amounts by effective class: {group key: {class: cents}}; key ``""`` for all when ``by`` is None.

    The class of an item is its delivery override, else its customer's override, else the
    class by days past due (see :mod:`arddesk.domain.classes`).
    """
    current = is_current(session, as_of)
    join, key = ("", "''") if by is None else GROUP_JOINS[by][:2]
    classified = _classified_sql(dialect(session), current)
    sql = (
        f"WITH {classified} SELECT {key} AS key, {_class_case('o')} AS cls, SUM(o.open) "
        f"FROM x AS o {join} GROUP BY 1, 2"
    )
    result: dict[str, dict[str, int]] = {}
    for group, cls, amount in session.execute(text(sql), _class_params(as_of, thresholds)):
        result.setdefault(group, {})[cls] = int(amount or 0)
    return result


@dataclass(frozen=True, slots=True)
class CellDelivery:
    """An open delivery behind a cell of the aging grid, with its class inputs and cause."""

    number: str
    customer: str
    customer_name: str
    date: dt.date
    due_date: dt.date | None
    days_overdue: int
    open: int
    bucket: str
    delivery_override: tuple[str, str] | None
    customer_override: tuple[str, str] | None
    cause: str
    cause_note: str


def _bucket_condition(buckets: BucketSet, label: str | None, params: dict[str, object]) -> str:
    if label is None:
        return ""
    if label == NOT_DUE:
        return " AND (o.due_date IS NULL OR o.days <= 0)" if buckets.basis is Basis.DUE else " AND 1 = 0"
    for index, bucket in enumerate(buckets.buckets):
        if bucket.label != label:
            continue
        params["lo"], params["hi"] = bucket.low, bucket.high
        if buckets.basis is Basis.DUE:
            condition = " AND o.due_date IS NOT NULL AND o.days >= :lo"
        elif index == 0:
            condition = ""  # the delivery basis's first bucket also takes post-dated items
        else:
            condition = " AND o.days >= :lo"
        return condition + (" AND o.days <= :hi" if bucket.high is not None else "")
    raise ValueError(f"no bucket {label!r} in {buckets.labels}")


def cell_deliveries(
    session: Session,
    as_of: date,
    buckets: BucketSet,
    by: GroupBy,
    key: str | None,
    bucket: str | None,
    *,
    disputed: Sequence[str] | None = None,
    limit: int = 20000,
) -> list[CellDelivery]:
    """The open deliveries behind one cell: group ``key`` (None: every group) and ``bucket`` (None: all).

    Args:
        disputed: when given, only deliveries whose cause is one of these.
        limit: at most this many rows, oldest first.
    """
    current = is_current(session, as_of)
    dialect_sql = dialect(session)
    params: dict[str, object] = {"as_of": as_of.isoformat(), "limit": limit}
    join, key_sql, _name, _credit = GROUP_JOINS[by]
    where = ""
    if key is not None:
        where += f" AND {key_sql} = :key"
        params["key"] = key
    where += _bucket_condition(buckets, bucket, params)
    if disputed is not None:
        names = []
        for i, cause in enumerate(disputed):
            params[f"cause{i}"] = cause
            names.append(f":cause{i}")
        where += f" AND dc.cause IN ({', '.join(names) or 'NULL'})"
    customer_join = "" if by is GroupBy.CUSTOMER else " JOIN customer g2 ON g2.id = o.customer_id"
    customer_alias = "g" if by is GroupBy.CUSTOMER else "g2"
    sql = f"""
        WITH d0 AS ({open_deliveries_sql(dialect_sql, current, False)}),
             o AS (SELECT d0.*, {days_expression(dialect_sql, buckets.basis)} AS days,
                          {dialect_sql.days(":as_of", "d0.due_date")} AS pdays FROM d0)
        SELECT o.number, {customer_alias}.code, {customer_alias}.name, o.date, o.due_date, o.pdays, o.open, o.days,
               od.debt_class, od.reason, oc.debt_class, oc.reason, dc.cause, dc.note
        FROM o {join}{customer_join}
        LEFT JOIN class_override od ON od.delivery_id = o.id
        LEFT JOIN class_override oc ON oc.customer_id = o.customer_id AND oc.delivery_id IS NULL
        LEFT JOIN debt_cause dc ON dc.delivery_id = o.id
        WHERE o.open > 0{where}
        ORDER BY o.date, o.number
        LIMIT :limit
    """
    rows = []
    for number, code, name, delivered, due, pdays, open_amount, days, dk, dr, ck, cr, cause, note in session.execute(
        text(sql), params
    ):
        due_day = portable.optional_day(due)
        rows.append(
            CellDelivery(
                number=number,
                customer=code,
                customer_name=name,
                date=portable.day(delivered),
                due_date=due_day,
                days_overdue=max(pdays, 0) if pdays is not None else 0,
                open=int(open_amount),
                bucket=buckets.label_for(days if (due_day is not None or buckets.basis is Basis.DELIVERY) else None),
                delivery_override=(dk, dr) if dk else None,
                customer_override=(ck, cr) if ck else None,
                cause=cause or "",
                cause_note=note or "",
            )
        )
    return rows


def disputed_by_key(session: Session, as_of: date, by: GroupBy, causes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """{group key: (number of open deliveries with one of ``causes``, their open cents)}."""
    current = is_current(session, as_of)
    join, key_sql, _name, _credit = GROUP_JOINS[by]
    params: dict[str, object] = {"as_of": as_of.isoformat()}
    names = []
    for i, cause in enumerate(causes):
        params[f"cause{i}"] = cause
        names.append(f":cause{i}")
    sql = f"""
        WITH o AS ({open_deliveries_sql(dialect(session), current, False)})
        SELECT {key_sql}, COUNT(*), SUM(o.open)
        FROM o JOIN debt_cause dc ON dc.delivery_id = o.id {join}
        WHERE o.open > 0 AND dc.cause IN ({", ".join(names) or "NULL"})
        GROUP BY 1
    """
    return {k: (int(n), int(s or 0)) for k, n, s in session.execute(text(sql), params)}


# ---------------------------------------------------------------------------- warning inputs
@dataclass(frozen=True, slots=True)
class PurchaseHistory:
    """A customer's first month of purchases ever, and cents delivered per month (the months read)."""

    first: Month
    months: dict[Month, int]


def _number(month: Month) -> int:
    """A month as a whole number, consecutive months consecutive (``customer_month``'s year × 12 + month − 1)."""
    return month[0] * 12 + month[1] - 1


_MONTH_NUMBER = "m.year * 12 + m.month - 1"


def _after_as_of(
    session: Session, as_of: date, sums: str, column: str, condition: str, customer: int | None
) -> dict[str, list[int]]:
    """Per customer code: ``sums`` over its deliveries whose ``column`` falls after ``as_of`` in the
    as-of month and that meet ``condition``: what that month's sums hold beyond the as-of date."""
    end = month_end(as_of.year, as_of.month)
    if as_of >= end:
        return {}
    only = "" if customer is None else "d.customer_id = :customer AND "
    sql = f"""
        SELECT c.code, {sums} FROM delivery d JOIN customer c ON c.id = d.customer_id
        WHERE {only}d.{column} > :as_of AND d.{column} <= :end AND {condition}
        GROUP BY d.customer_id, c.code
    """
    params = {"as_of": as_of.isoformat(), "end": end.isoformat(), "customer": customer}
    return {code: [int(value or 0) for value in values] for code, *values in session.execute(text(sql), params)}


def _month_of(number: int) -> Month:
    year, index = divmod(number, 12)
    return year, index + 1


def monthly_purchases(
    session: Session, as_of: date, years: int = 3, *, customer: int | None = None
) -> dict[str, PurchaseHistory]:
    """Cents delivered per customer per month: the last 14 months up to ``as_of``, and the
    as-of month and the one before in each of the ``years`` previous years (what the spike rule reads);
    only the customer with id ``customer`` when given. Voided deliveries count for the first month only.

    Read from the monthly sums (``store.monthly``), less what the as-of month holds after ``as_of``.
    """
    month = (as_of.year, as_of.month)
    wanted = [add_months(*month, -k) for k in range(14)]
    wanted += [add_months(*month, -12 * k + back) for k in range(2, years + 1) for back in (-1, 0)]
    only = "" if customer is None else "m.customer_id = :customer AND "
    sql = text(f"""
        SELECT c.code, m.year, m.month, m.delivered FROM {monthly.TABLE} m JOIN customer c ON c.id = m.customer_id
        WHERE {only}m.delivered > 0 AND {_MONTH_NUMBER} IN :months
        ORDER BY m.customer_id, m.year, m.month
    """).bindparams(bindparam("months", expanding=True))
    bought: dict[str, dict[Month, int]] = {}
    for code, year, mon, amount in session.execute(sql, {"customer": customer, "months": [_number(m) for m in wanted]}):
        bought.setdefault(code, {})[(year, mon)] = int(amount)
    later = _after_as_of(session, as_of, "SUM(d.amount)", "date", "d.voided_on IS NULL", customer)
    for code, (amount,) in later.items():
        months = bought[code]
        months[month] -= amount
        if months[month] <= 0:
            del months[month]
            if not months:
                del bought[code]
    first_sql = f"""
        SELECT c.code, MIN({_MONTH_NUMBER}) FROM {monthly.TABLE} m JOIN customer c ON c.id = m.customer_id
        WHERE {only}m.deliveries > 0 GROUP BY m.customer_id, c.code
    """
    firsts = {code: int(number) for code, number in session.execute(text(first_sql), {"customer": customer})}
    return {code: PurchaseHistory(_month_of(firsts[code]), months) for code, months in bought.items()}


def pay_history(
    session: Session, as_of: date, *, customer: int | None = None
) -> dict[str, list[tuple[Month, int, int]]]:
    """Per customer, per month of full payment in the 18 months up to ``as_of``: (month, deliveries
    settled, summed days late); days late = settled day − due date, 0 when early. Only the customer
    with id ``customer`` when given.

    Read from the monthly sums (``store.monthly``), less what the as-of month holds after ``as_of``.
    """
    month = (as_of.year, as_of.month)
    only = "" if customer is None else "m.customer_id = :customer AND "
    sql = f"""
        SELECT c.code, m.year, m.month, m.settled, m.days_late
        FROM {monthly.TABLE} m JOIN customer c ON c.id = m.customer_id
        WHERE {only}m.settled > 0 AND {_MONTH_NUMBER} BETWEEN :first AND :last
        ORDER BY m.customer_id, m.year, m.month
    """
    params = {"customer": customer, "first": _number(add_months(*month, -17)), "last": _number(month)}
    found: dict[str, dict[Month, tuple[int, int]]] = {}
    for code, year, mon, settled, late in session.execute(text(sql), params):
        found.setdefault(code, {})[(year, mon)] = (int(settled), int(late))
    dialect_sql = dialect(session)
    late_sql = dialect_sql.greatest("0", dialect_sql.days("d.settled_on", "d.due_date"))
    later = _after_as_of(session, as_of, f"COUNT(*), SUM({late_sql})", "settled_on", "d.due_date IS NOT NULL", customer)
    for code, (settled, late) in later.items():
        months = found[code]
        kept = (months[month][0] - settled, months[month][1] - late)
        if kept[0] > 0:
            months[month] = kept
        else:
            del months[month]
            if not months:
                del found[code]
    return {code: [(m, n, late) for m, (n, late) in months.items()] for code, months in found.items()}


def balances_and_limits(session: Session, *, customer: int | None = None) -> list[tuple[str, int, int]]:
    """(code, balance in cents, credit limit) of each customer with a limit and a positive balance, today;
    only the customer with id ``customer`` when given."""
    only = "" if customer is None else "c.id = :customer AND "
    mine = "" if customer is None else " AND customer_id = :customer"
    sql = f"""
        SELECT c.code, COALESCE(d.s, 0) - COALESCE(p.s, 0) - COALESCE(a.s, 0) AS balance, c.credit_limit
        FROM customer c
        LEFT JOIN (SELECT customer_id, SUM(open_amount) AS s FROM delivery WHERE open_amount > 0{mine}
                   GROUP BY customer_id) d ON d.customer_id = c.id
        LEFT JOIN (SELECT customer_id, SUM(unapplied) AS s FROM payment WHERE unapplied > 0{mine}
                   GROUP BY customer_id) p ON p.customer_id = c.id
        LEFT JOIN (SELECT customer_id, SUM(unapplied) AS s FROM adjustment WHERE unapplied > 0{mine}
                   GROUP BY customer_id) a ON a.customer_id = c.id
        WHERE {only}c.credit_limit IS NOT NULL AND COALESCE(d.s, 0) - COALESCE(p.s, 0) - COALESCE(a.s, 0) > 0
        ORDER BY c.code
    """
    rows = session.execute(text(sql), {"customer": customer})
    return [(code, int(balance), int(limit)) for code, balance, limit in rows]


# ---------------------------------------------------------------------------- dashboard sums
def payments_between(session: Session, start: date, end: date) -> int:
    """Cents received from ``start`` to ``end``, both included."""
    value = session.execute(
        text("SELECT COALESCE(SUM(amount), 0) FROM payment WHERE date >= :s AND date <= :e AND voided_on IS NULL"),
        {"s": start.isoformat(), "e": end.isoformat()},
    ).scalar()
    return int(value or 0)


def deliveries_between(session: Session, start: date, end: date) -> int:
    """Cents delivered (sales on credit) from ``start`` to ``end``, both included."""
    value = session.execute(
        text(
            f"SELECT COALESCE(SUM(amount), 0) FROM delivery{dialect(session).indexed_by('ix_delivery_date')} "
            "WHERE date >= :s AND date <= :e AND voided_on IS NULL"
        ),
        {"s": start.isoformat(), "e": end.isoformat()},
    ).scalar()
    return int(value or 0)
