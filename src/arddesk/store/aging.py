"""The aging, computed in SQL: nothing is loaded row by row into Python but the answer.

Only deliveries, payments and adjustments dated on or before the as-of date count, and
an allocation counts from its effective date. Rows settled before the as-of date are
skipped by ``settled_on``/``applied_on``; when the as-of date is on or after every date
in the ledger, the stored open amounts are the answer and only open rows are read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.orm import Session

from arddesk.domain.aging import NOT_DUE, Basis, BucketSet, ClassThresholds, DebtClass
from arddesk.store.portable import Dialect, day, dialect, optional_day


class GroupBy(StrEnum):
    """What one row of the aging stands for."""

    CUSTOMER = "customer"
    REP = "rep"
    DEPARTMENT = "department"


@dataclass(frozen=True, slots=True)
class AgingLine:
    """One row of the aging grid; money in cents. ``not_due`` is None on the delivery basis."""

    key: str
    name: str
    not_due: int | None
    buckets: tuple[int, ...]
    unapplied: int

    @property
    def total(self) -> int:
        """The row's sum: what this customer, rep or department owes net of credits."""
        return (self.not_due or 0) + sum(self.buckets) + self.unapplied


@dataclass(frozen=True, slots=True)
class OpenDelivery:
    """One open delivery as of a date, for the detailed aging."""

    number: str
    customer: str
    date: dt.date
    due_date: dt.date | None
    days_overdue: int
    open: int
    bucket: str
    debt_class: DebtClass


def latest_entry_date(session: Session) -> date | None:
    """The latest date of any delivery, payment, adjustment or refund, or of any void."""
    # Void days through their partial indexes (ix_*_voided_on): without the condition, a scan of every row.
    latest = " UNION ALL ".join(
        f"SELECT MAX(date) AS d FROM {table} UNION ALL SELECT MAX(voided_on) FROM {table} WHERE voided_on IS NOT NULL"
        for table in ("delivery", "payment", "adjustment", "refund")
    )
    value = session.execute(text(f"SELECT MAX(d) FROM ({latest}) AS latest")).scalar()
    return optional_day(value)


ALLOCATION_AS_OF = "a.effective_date <= :as_of AND (a.released_on IS NULL OR a.released_on > :as_of)"
"""SQL: allocation ``a`` counts as of ``:as_of`` (effective by then, not yet released by a void)."""


def allocated_sql(column: str, owner: str, condition: str = ALLOCATION_AS_OF) -> str:
    """SQL: the cents allocated to document ``owner`` (an id expression) through allocation column ``column``.

    A delivery's open amount and a payment's or adjustment's unapplied credit are its amount
    less this, counting the allocations that meet ``condition`` (on alias ``a``).
    """
    return f"COALESCE((SELECT SUM(a.amount) FROM allocation a WHERE a.{column} = {owner} AND {condition}), 0)"


def open_deliveries_sql(sql: Dialect, current: bool, customer_filter: bool) -> str:
    """SQL for the deliveries open as of ``:as_of`` with their open amount, as a CTE body."""
    # With `current`, every allocation is already effective: stored open amounts are exact.
    where_customer = " AND d.customer_id = :customer_id" if customer_filter else ""
    if current:
        return f"""
            SELECT d.id, d.customer_id, d.rep_id, d.number, d.date, d.due_date, d.open_amount AS open
            FROM delivery d{sql.indexed_by("ix_delivery_open")}
            WHERE d.open_amount > 0{where_customer}
        """
    return f"""
        SELECT d.id, d.customer_id, d.rep_id, d.number, d.date, d.due_date,
               d.amount - {allocated_sql("delivery_id", "d.id")} AS open
        FROM delivery d
        WHERE d.date <= :as_of AND (d.settled_on IS NULL OR d.settled_on > :as_of){where_customer}
    """


def unapplied_sql(sql: Dialect, current: bool) -> str:
    """SQL for each payment's and adjustment's credit unapplied as of ``:as_of``."""
    parts = []
    for table, column in (("payment", "payment_id"), ("adjustment", "adjustment_id")):
        if current:
            parts.append(f"SELECT s.customer_id, s.unapplied AS credit FROM {table} s WHERE s.applied_on IS NULL")
        else:
            # SQLite would take the payments' date index: most payments are dated before, few applied after.
            hint = sql.indexed_by(f"ix_{table}_applied_on")
            parts.append(
                f"""SELECT s.customer_id, s.amount - {allocated_sql(column, "s.id")} AS credit
                    FROM {table} s{hint}
                    WHERE s.date <= :as_of AND (s.applied_on IS NULL OR s.applied_on > :as_of)"""
            )
    return " UNION ALL ".join(parts)


def days_expression(sql: Dialect, basis: Basis) -> str:
    """SQL for an open item's age in days as of ``:as_of`` on the given basis."""
    return sql.days(":as_of", "due_date" if basis is Basis.DUE else "date")


# Per grouping: join for open items, key, name, join for unapplied credits.
GROUP_JOINS = {
    GroupBy.CUSTOMER: (
        "JOIN customer g ON g.id = o.customer_id",
        "g.code",
        "g.name",
        "JOIN customer g ON g.id = u.customer_id",
    ),
    GroupBy.REP: (
        "JOIN customer c ON c.id = o.customer_id LEFT JOIN rep g ON g.id = COALESCE(o.rep_id, c.rep_id)",
        "COALESCE(g.code, '')",
        "COALESCE(g.name, '(no rep)')",
        "JOIN customer c ON c.id = u.customer_id LEFT JOIN rep g ON g.id = c.rep_id",
    ),
    GroupBy.DEPARTMENT: (
        "JOIN customer c ON c.id = o.customer_id LEFT JOIN rep r ON r.id = COALESCE(o.rep_id, c.rep_id) "
        "LEFT JOIN department g ON g.id = COALESCE(r.department_id, c.department_id)",
        "COALESCE(g.code, '')",
        "COALESCE(g.name, '(no department)')",
        "JOIN customer c ON c.id = u.customer_id LEFT JOIN rep r ON r.id = c.rep_id "
        "LEFT JOIN department g ON g.id = COALESCE(r.department_id, c.department_id)",
    ),
}


# A column with nothing in it (no "not due" on the delivery basis), typed so PostgreSQL can sum it.
_NO_COLUMN = "CAST(NULL AS INTEGER)"


def is_current(session: Session, as_of: date) -> bool:
    """Whether every dated row is on or before ``as_of``, so stored open amounts are exact."""
    latest = latest_entry_date(session)
    return latest is None or as_of >= latest


def aging_lines(session: Session, as_of: date, buckets: BucketSet, by: GroupBy) -> list[AgingLine]:
    """The aging grid as of a date, one line per customer, rep or department, sorted by key.

    A line appears when something is open or unapplied for it as of the date.
    """
    current = is_current(session, as_of)
    dialect_sql = dialect(session)
    params: dict[str, object] = {"as_of": as_of.isoformat()}
    if buckets.basis is Basis.DUE:
        columns = ["SUM(CASE WHEN o.due_date IS NULL OR o.days <= 0 THEN o.open ELSE 0 END)"]
    else:
        columns = [_NO_COLUMN]
    for index, bucket in enumerate(buckets.buckets):
        params[f"lo{index}"] = bucket.low
        condition = f"o.days >= :lo{index}"
        if buckets.basis is Basis.DUE:
            condition = "o.due_date IS NOT NULL AND " + condition
        elif index == 0:
            condition = "1 = 1"  # the delivery basis's first bucket also takes post-dated items
        if bucket.high is not None:
            params[f"hi{index}"] = bucket.high
            condition += f" AND o.days <= :hi{index}"
        columns.append(f"SUM(CASE WHEN {condition} THEN o.open ELSE 0 END)")
    join, key, name, credit_join = GROUP_JOINS[by]
    named = ", ".join(f"{column} AS c{i}" for i, column in enumerate(columns))
    zeros = ", ".join(_NO_COLUMN if column == _NO_COLUMN else "0" for column in columns)
    sums = ", ".join(f"SUM(c{i})" for i in range(len(columns)))
    sql = f"""
        WITH d0 AS {"" if current else dialect_sql.materialized}({open_deliveries_sql(dialect_sql, current, False)}),
             o AS (SELECT d0.*, {days_expression(dialect_sql, buckets.basis)} AS days FROM d0),
             u AS ({unapplied_sql(dialect_sql, current)}),
             grid AS (
               SELECT {key} AS key, {name} AS name, {named}, 0 AS credit
               FROM o {join}
               GROUP BY 1, 2
               UNION ALL
               SELECT {key}, {name}, {zeros}, SUM(u.credit)
               FROM u {credit_join}
               GROUP BY 1, 2
             )
        SELECT key, name, {sums}, SUM(credit)
        FROM grid
        GROUP BY key, name
        HAVING {" OR ".join(f"SUM(c{i}) <> 0" for i, column in enumerate(columns) if column != _NO_COLUMN)}
            OR SUM(credit) <> 0
        ORDER BY key, name
    """
    lines = []
    for row in session.execute(text(sql), params):
        not_due = None if buckets.basis is Basis.DELIVERY else int(row[2] or 0)
        bucket_values = tuple(int(value or 0) for value in row[3 : 3 + len(buckets.buckets)])
        lines.append(AgingLine(row[0], row[1], not_due, bucket_values, -int(row[-1] or 0)))
    return lines


def open_deliveries(
    session: Session,
    as_of: date,
    buckets: BucketSet,
    thresholds: ClassThresholds,
    customer_id: int | None = None,
) -> list[OpenDelivery]:
    """Every delivery open as of a date, with its bucket and class, by customer and date."""
    current = is_current(session, as_of)
    dialect_sql = dialect(session)
    sql = f"""
        WITH o AS ({open_deliveries_sql(dialect_sql, current, customer_id is not None)})
        SELECT o.number, c.code, o.date, o.due_date, o.open,
               {dialect_sql.days(":as_of", "o.due_date")},
               {dialect_sql.days(":as_of", "o.date")}
        FROM o JOIN customer c ON c.id = o.customer_id
        WHERE o.open > 0
        ORDER BY c.code, o.date, o.number
    """
    params: dict[str, object] = {"as_of": as_of.isoformat()}
    if customer_id is not None:
        params["customer_id"] = customer_id
    result = []
    for number, customer, delivered, due, open_amount, past_due, since_delivery in session.execute(text(sql), params):
        overdue = max(past_due, 0) if past_due is not None else 0
        days = since_delivery if buckets.basis is Basis.DELIVERY else (past_due if due is not None else None)
        result.append(
            OpenDelivery(
                number=number,
                customer=customer,
                date=day(delivered),
                due_date=optional_day(due),
                days_overdue=overdue,
                open=open_amount,
                bucket=buckets.label_for(days) if days is not None or buckets.basis is Basis.DUE else NOT_DUE,
                debt_class=thresholds.classify(overdue),
            )
        )
    return result
