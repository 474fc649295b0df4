"""Windowed reads for the big grids: counts and pages in SQL, plain rows out, never ORM objects.

Every page query orders by the chosen column and then by id, so that pages never overlap.
A page past the middle of a long list is read backwards from the end, so that jumping to
the last row costs as little as showing the first. The delivery log first picks the page's
ids from an index alone, then reads the rows for those ids only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from arddesk.domain.problems import R_, Message
from arddesk.store import portable
from arddesk.store.search import like_pattern as _like
from arddesk.store.search import number_contains

Day = date  # the type, for dataclasses that also have a field called ``date``

# --------------------------------------------------------------------------- helpers


def _window(offset: int, limit: int, total: int | None) -> tuple[int, int, bool]:
    """(offset, limit, reversed): read from the end when the window lies in the second half."""
    if total is None or offset + limit <= total // 2 or total == 0:
        return offset, limit, False
    end = min(offset + limit, total)
    if end <= offset:
        return 0, 0, False
    return total - end, end - offset, True


def _direction(descending: bool, reverse: bool) -> str:
    return "DESC" if descending != reverse else "ASC"


def friendly_database_error(exc: BaseException) -> Message | None:
    """What a database error a clerk can do something about means, or None if it is not one."""
    original = getattr(exc, "orig", None)
    message = str(original if original is not None else exc).lower()
    if isinstance(exc, OperationalError | DBAPIError) or "sqlite" in type(exc).__module__:
        if "locked" in message or "busy" in message:
            return Message(
                R_(
                    "The company file is locked by another program (another arddesk, a backup or a sync tool). "
                    "Close that program and try again; nothing was saved."
                )
            )
        if "unable to open" in message or "no such table" in message or "disk i/o" in message:
            return Message(
                R_(
                    "The company file cannot be read any more: it was moved, deleted or its drive disconnected. "
                    "Open it again from File → Open; nothing was saved."
                )
            )
        if "disk is full" in message:
            return Message(R_("The disk holding the company file is full; nothing was saved. Make room and try again."))
        if "malformed" in message or "not a database" in message:
            return Message(
                R_(
                    "The company file is damaged; nothing was saved. Restore it from a backup "
                    "(File → Restore from backup…)."
                )
            )
        if "readonly" in message or "read-only" in message:
            return Message(
                R_("The company file is read-only; nothing was saved. Copy it somewhere you can write to.")
            )
        return Message(
            R_("The database reported an error; nothing was saved.\n\n{error}"), {"error": str(original or exc)}
        )
    return None


# --------------------------------------------------------------------------- deliveries


@dataclass(frozen=True, slots=True)
class DeliveryFilter:
    """What the delivery log shows. ``state``: ``all``, ``open``, ``overdue`` (as of ``today``) or ``void``."""

    today: date
    text: str = ""
    customer: str = ""
    rep: str = ""
    date_from: date | None = None
    date_to: date | None = None
    state: str = "all"


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One line of the delivery log; money in cents."""

    id: int
    number: str
    date: date
    customer: str
    customer_name: str
    rep: str
    amount: int
    due_date: Day | None
    open_amount: int
    category: str
    model: str
    note: str
    voided_on: Day | None
    today: Day = field(compare=False)

    @property
    def overdue(self) -> bool:
        """Open and past its due date."""
        return self.open_amount > 0 and self.due_date is not None and self.due_date < self.today

    @property
    def status(self) -> str:
        """void, paid, part paid, overdue, open or not due."""
        if self.voided_on is not None:
            return "void"
        if self.open_amount == 0:
            return "paid"
        if self.overdue:
            return "overdue"
        if self.open_amount < self.amount:
            return "part paid"
        return "open" if self.due_date is not None else "not due"


DELIVERY_SORTS = {
    "date": "d.date",
    "number": "d.number",
    "customer": "c.code",
    "customer_name": "c.name",
    "rep": "r.code",
    "amount": "d.amount",
    "due_date": "d.due_date",
    "open_amount": "d.open_amount",
    "status": "CASE WHEN d.voided_on IS NOT NULL THEN -1 WHEN d.open_amount = 0 THEN 0 "
    "WHEN d.due_date < :today THEN 2 ELSE 1 END",
}
_DELIVERY_NEEDS = {"customer": "c", "customer_name": "c", "rep": "r"}


def _delivery_where(session: Session, flt: DeliveryFilter) -> tuple[list[str], dict[str, Any], set[str]]:
    like = portable.dialect(session).like
    clauses: list[str] = []
    params: dict[str, Any] = {"today": flt.today.isoformat()}
    joins: set[str] = set()
    if flt.text.strip():
        # A number by any part of it (the trigram index of store.search); a customer by code, name or phone.
        typed = flt.text.strip()
        params["text"] = _like(typed)
        number = number_contains(session, "delivery", "d", typed, params)
        clauses.append(
            f"({number} OR d.customer_id IN (SELECT id FROM customer WHERE code {like} :text ESCAPE '\\' "
            f"OR name {like} :text ESCAPE '\\' OR phone {like} :text ESCAPE '\\'))"
        )
    if flt.customer:
        params["customer"] = flt.customer
        clauses.append("d.customer_id = (SELECT id FROM customer WHERE code = :customer)")
    if flt.rep:
        params["rep"] = flt.rep
        clauses.append("d.rep_id = (SELECT id FROM rep WHERE code = :rep)")
    if flt.date_from is not None:
        params["date_from"] = flt.date_from.isoformat()
        clauses.append("d.date >= :date_from")
    if flt.date_to is not None:
        params["date_to"] = flt.date_to.isoformat()
        clauses.append("d.date <= :date_to")
    if flt.state == "open":
        clauses.append("d.open_amount > 0")
    elif flt.state == "overdue":
        clauses.append("d.open_amount > 0 AND d.due_date < :today")
    elif flt.state == "void":
        clauses.append("d.voided_on IS NOT NULL")
    return clauses, params, joins


def _joins(needed: set[str]) -> str:
    parts = []
    if "c" in needed:
        parts.append("JOIN customer c ON c.id = d.customer_id")
    if "r" in needed:
        parts.append("LEFT JOIN rep r ON r.id = d.rep_id")
    return " ".join(parts)


def count_deliveries(session: Session, flt: DeliveryFilter) -> int:
    """How many deliveries the filter lets through."""
    clauses, params, joins = _delivery_where(session, flt)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    if not clauses:
        params = {}
    sql = f"SELECT COUNT(*) FROM delivery d {_joins(joins)} {where}"
    return int(session.execute(text(sql), params).scalar_one())


def delivery_page(
    session: Session,
    flt: DeliveryFilter,
    sort: str = "date",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    total: int | None = None,
) -> list[DeliveryRow]:
    """One window of the delivery log, sorted in SQL.

    Args:
        total: the filtered count if known; lets a window near the end be read backwards.
    """
    order = DELIVERY_SORTS.get(sort, "d.date")
    clauses, params, joins = _delivery_where(session, flt)
    if sort in _DELIVERY_NEEDS:
        joins.add(_DELIVERY_NEEDS[sort])
    offset, limit, reverse = _window(offset, limit, total)
    if limit <= 0:
        return []
    direction = _direction(descending, reverse)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    params.update(offset=offset, limit=limit)
    id_sql = (
        f"SELECT d.id FROM delivery d {_joins(joins)} {where} "
        f"ORDER BY {order} {direction}, d.id {direction} LIMIT :limit OFFSET :offset"
    )
    ids = list(session.execute(text(id_sql), params).scalars())
    if reverse:
        ids.reverse()
    if not ids:
        return []
    rows_sql = text(
        "SELECT d.id, d.number, d.date, c.code, c.name, COALESCE(r.code, ''), d.amount, d.due_date, d.open_amount, "
        "d.category, d.model, d.note, d.voided_on FROM delivery d JOIN customer c ON c.id = d.customer_id "
        "LEFT JOIN rep r ON r.id = d.rep_id WHERE d.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    by_id = {
        row[0]: DeliveryRow(
            row[0], row[1], portable.day(row[2]), row[3], row[4], row[5], row[6], portable.optional_day(row[7]), row[8],
            row[9], row[10], row[11], portable.optional_day(row[12]), flt.today,
        )
        for row in session.execute(rows_sql, {"ids": ids})
    }
    return [by_id[i] for i in ids if i in by_id]


# --------------------------------------------------------------------------- customers


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """What the customer and credit lists show.

    ``hold``: ``""`` (any), ``normal``, ``restricted``, ``stop`` or ``on_hold`` (restricted or stop).
    """

    today: date
    text: str = ""
    rep: str = ""
    department: str = ""
    grade: str = ""
    hold: str = ""
    over_limit: bool = False


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A customer with its balances as of ``today``; money in cents."""

    id: int
    code: str
    name: str
    phone: str
    rep: str
    department: str
    grade: str
    terms: str
    credit_limit: int | None
    hold_state: str
    open_amount: int
    overdue: int
    unapplied: int
    language: str
    settlement_days: str
    distance_km: int | None
    procedure: str
    address: str
    pay_method: str = ""
    approver: str = ""
    signer: str = ""
    reconciles: str = ""
    invoice: str = ""
    pay_note: str = ""
    delivery_cap: int | None = None

    @property
    def balance(self) -> int:
        """What the customer owes net of unapplied credits."""
        return self.open_amount - self.unapplied

    @property
    def available(self) -> int | None:
        """Credit still available (negative when over the limit); None without a limit."""
        return None if self.credit_limit is None else self.credit_limit - self.balance

    @property
    def use_percent(self) -> float | None:
        """Balance as a share of the limit, in percent; None without a positive limit."""
        if not self.credit_limit:
            return None
        return round(100 * self.balance / self.credit_limit, 1)

    @property
    def over_limit(self) -> bool:
        """The balance exceeds the limit."""
        return self.credit_limit is not None and self.balance > self.credit_limit


_BALANCE_COLUMNS = """
  (SELECT COALESCE(SUM(x.open_amount), 0) FROM delivery x WHERE x.customer_id = c.id AND x.open_amount > 0),
  (SELECT COALESCE(SUM(x.open_amount), 0) FROM delivery x
     WHERE x.customer_id = c.id AND x.open_amount > 0 AND x.due_date < :today),
  (SELECT COALESCE(SUM(p.unapplied), 0) FROM payment p WHERE p.customer_id = c.id AND p.unapplied > 0)
  + (SELECT COALESCE(SUM(j.unapplied), 0) FROM adjustment j WHERE j.customer_id = c.id AND j.unapplied > 0)
"""
_JOINS = """
FROM customer c JOIN terms t ON t.id = c.terms_id
LEFT JOIN rep r ON r.id = c.rep_id LEFT JOIN department dep ON dep.id = c.department_id
"""
_PLAIN = """c.id, c.code, c.name, c.phone, COALESCE(r.code, '') AS rep, COALESCE(dep.code, '') AS department,
  c.grade, t.code AS terms, c.credit_limit, c.hold_state"""
_TAIL = (
    "c.language, c.settlement_days, c.distance_km, c.procedure, c.address, c.pay_method, c.approver, c.signer, "
    "c.reconciles, c.invoice, c.pay_note, c.delivery_cap"
)

# For one page: balances by index lookups for just these customers.
_CUSTOMER_SELECT = f"SELECT {_PLAIN}, {_BALANCE_COLUMNS}, {_TAIL} {_JOINS}"

# For sorting or filtering on a balance: every customer's balances in three grouped passes.
_AGGREGATED = f"""
WITH o AS (
  SELECT customer_id, SUM(open_amount) AS open_amount,
         SUM(CASE WHEN due_date < :today THEN open_amount ELSE 0 END) AS overdue
  FROM delivery WHERE open_amount > 0 GROUP BY customer_id),
u AS (
  SELECT customer_id, SUM(unapplied) AS unapplied FROM (
    SELECT customer_id, unapplied FROM payment WHERE unapplied > 0
    UNION ALL SELECT customer_id, unapplied FROM adjustment WHERE unapplied > 0) AS credits GROUP BY customer_id),
b AS (
  SELECT {_PLAIN}, COALESCE(o.open_amount, 0) AS open_amount, COALESCE(o.overdue, 0) AS overdue,
    COALESCE(u.unapplied, 0) AS unapplied, {_TAIL} {_JOINS}
  LEFT JOIN o ON o.customer_id = c.id LEFT JOIN u ON u.customer_id = c.id {{where}})
SELECT * FROM b {{outer}}
"""

_PLAIN_SORTS = {
    "code": "c.code",
    "name": "c.name",
    "phone": "c.phone",
    "rep": "r.code",
    "department": "dep.code",
    "grade": "c.grade",
    "terms": "t.code",
    "credit_limit": "c.credit_limit",
    "hold_state": "c.hold_state",
}
_BALANCE_SORTS = {
    "balance": "(open_amount - unapplied)",
    "overdue": "overdue",
    "unapplied": "unapplied",
    "available": "(credit_limit - (open_amount - unapplied))",
    "use_percent": "CAST(open_amount - unapplied AS REAL) / NULLIF(credit_limit, 0)",
}
CUSTOMER_SORTS = {**_PLAIN_SORTS, **_BALANCE_SORTS}


def _customer_where(flt: CustomerFilter, like: str) -> tuple[list[str], list[str], dict[str, Any]]:
    inner: list[str] = []
    outer: list[str] = []
    params: dict[str, Any] = {"today": flt.today.isoformat()}
    if flt.text.strip():
        params["text"] = _like(flt.text.strip())
        inner.append(
            f"(c.code {like} :text ESCAPE '\\' OR c.name {like} :text ESCAPE '\\' OR c.phone {like} :text ESCAPE '\\')"
        )
    for name, column in (("rep", "r.code"), ("department", "dep.code"), ("grade", "c.grade")):
        value = getattr(flt, name)
        if value:
            params[name] = value
            inner.append(f"{column} = :{name}")
    if flt.hold == "on_hold":
        inner.append("c.hold_state <> 'normal'")
    elif flt.hold:
        params["hold"] = flt.hold
        inner.append("c.hold_state = :hold")
    if flt.over_limit:
        outer.append("credit_limit IS NOT NULL AND open_amount - unapplied > credit_limit")
    return inner, outer, params


def _aggregated_sql(flt: CustomerFilter, like: str) -> tuple[str, dict[str, Any]]:
    inner, outer, params = _customer_where(flt, like)
    sql = _AGGREGATED.format(
        where=f"WHERE {' AND '.join(inner)}" if inner else "",
        outer=f"WHERE {' AND '.join(outer)}" if outer else "",
    )
    return sql, params


def count_customers(session: Session, flt: CustomerFilter) -> int:
    """How many customers the filter lets through."""
    inner, outer, params = _customer_where(flt, portable.dialect(session).like)
    if outer:
        sql, params = _aggregated_sql(flt, portable.dialect(session).like)
        return int(session.execute(text(f"SELECT COUNT(*) FROM ({sql}) AS counted"), params).scalar_one())
    sql = f"SELECT COUNT(*) {_JOINS}" + (f" WHERE {' AND '.join(inner)}" if inner else "")
    params.pop("today", None)
    return int(session.execute(text(sql), params).scalar_one())


def _customer_row(row: Sequence[Any]) -> CustomerRow:
    return CustomerRow(*row)


def customer_page(
    session: Session,
    flt: CustomerFilter,
    sort: str = "code",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    total: int | None = None,
) -> list[CustomerRow]:
    """One window of the customer list with balances, sorted in SQL.

    Sorting by a plain column picks the page's ids first and computes balances for those
    customers only; sorting or filtering on a balance computes every balance in grouped passes.
    """
    offset, limit, reverse = _window(offset, limit, total)
    if limit <= 0:
        return []
    direction = _direction(descending, reverse)
    inner, outer, params = _customer_where(flt, portable.dialect(session).like)
    params.update(offset=offset, limit=limit)
    if sort in _BALANCE_SORTS or outer:
        sql, _ = _aggregated_sql(flt, portable.dialect(session).like)
        order = _BALANCE_SORTS.get(sort) or (sort if sort in _PLAIN_SORTS else "code")
        rows = [
            _customer_row(row)
            for row in session.execute(
                text(f"{sql} ORDER BY {order} {direction}, id {direction} LIMIT :limit OFFSET :offset"), params
            )
        ]
    else:
        order = _PLAIN_SORTS.get(sort, "c.code")
        where = f"WHERE {' AND '.join(inner)}" if inner else ""
        ids = list(session.execute(
            text(f"SELECT c.id {_JOINS} {where} ORDER BY {order} {direction}, c.id {direction} "
                 "LIMIT :limit OFFSET :offset"),
            params,
        ).scalars())
        if not ids:
            return []
        found = {
            row[0]: _customer_row(row)
            for row in session.execute(
                text(_CUSTOMER_SELECT + " WHERE c.id IN :ids").bindparams(bindparam("ids", expanding=True)),
                {"ids": ids, "today": params["today"]},
            )
        }
        rows = [found[i] for i in ids if i in found]
    if reverse:
        rows.reverse()
    return rows


def customer_by_code(session: Session, code: str, today: date) -> CustomerRow | None:
    """One customer with its balances, or None."""
    sql = _CUSTOMER_SELECT + " WHERE c.code = :code"
    row = session.execute(text(sql), {"code": code, "today": today.isoformat()}).first()
    return None if row is None else _customer_row(row)


# --------------------------------------------------------------------------- payments and adjustments


@dataclass(frozen=True, slots=True)
class MoneyFilter:
    """What the payments list shows. ``source``: ``""``, ``payment``, ``adjustment`` or ``refund``."""

    text: str = ""
    customer: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    unapplied_only: bool = False


@dataclass(frozen=True, slots=True)
class MoneyRow:
    """A payment, an adjustment or a refund; ``kind`` is the method or the adjustment kind; money in cents."""

    source: str
    id: int
    number: str
    date: date
    customer: str
    customer_name: str
    kind: str
    amount: int
    unapplied: int
    text: str
    voided_on: Day | None = None

    @property
    def status(self) -> str:
        """void, or blank for a document that stands."""
        return "void" if self.voided_on is not None else ""


# One SELECT per table, each with its alias, in the order the list breaks ties on equal dates
# (by source name, then id).
_MONEY_BRANCHES = (
    (
        "p",
        "SELECT 'payment' AS source, p.id AS id, p.number AS number, p.date AS date, c.code AS customer, "
        "c.name AS customer_name, p.method AS kind, p.amount AS amount, p.unapplied AS unapplied, p.note AS text, "
        "p.voided_on AS voided_on FROM payment p JOIN customer c ON c.id = p.customer_id",
    ),
    (
        "j",
        "SELECT 'adjustment', j.id, j.number, j.date, c.code, c.name, j.kind, j.amount, j.unapplied, j.reason, "
        "j.voided_on FROM adjustment j JOIN customer c ON c.id = j.customer_id",
    ),
    (
        "r",
        "SELECT 'refund', r.id, r.number, r.date, c.code, c.name, r.method, r.amount, 0, r.note, r.voided_on "
        "FROM refund r JOIN customer c ON c.id = r.customer_id",
    ),
)

MONEY_SORTS = {
    "date": "date",
    "number": "number",
    "customer": "customer",
    "customer_name": "customer_name",
    "source": "source",
    "kind": "kind",
    "amount": "amount",
    "unapplied": "unapplied",
    "status": "voided_on IS NOT NULL",
}


def _money_sql(session: Session, flt: MoneyFilter, newest: str = "") -> tuple[str, dict[str, Any]]:
    """The UNION of the three tables under ``flt``.

    With ``newest`` (``ASC`` or ``DESC``), each table gives only its first ``:top`` rows in
    that date order: a window of a list sorted by date needs no more of any one table, and
    taking them before the union spares sorting every payment ever made for the first screen.
    """
    like = portable.dialect(session).like
    params: dict[str, Any] = {}
    clauses: list[str] = []
    numbers = {"p": "", "j": "", "r": ""}
    if flt.text.strip():
        typed = flt.text.strip()
        params["text"] = _like(typed)
        numbers = {
            "p": number_contains(session, "payment", "p", typed, params),
            "j": number_contains(session, "adjustment", "j", typed, params),
            "r": number_contains(session, "refund", "r", typed, params),
        }
        clauses.append(
            f"({{number}} OR c.code {like} :text ESCAPE '\\' OR c.name {like} :text ESCAPE '\\' "
            f"OR c.phone {like} :text ESCAPE '\\')"
        )
    if flt.customer:
        params["customer"] = flt.customer
        clauses.append("c.code = :customer")
    if flt.date_from is not None:
        params["date_from"] = flt.date_from.isoformat()
        clauses.append("{t}.date >= :date_from")
    if flt.date_to is not None:
        params["date_to"] = flt.date_to.isoformat()
        clauses.append("{t}.date <= :date_to")
    if flt.unapplied_only:
        clauses.append("{t}.unapplied > 0")

    def where(alias: str) -> str:
        parts = [clause.format(t=alias, number=numbers[alias]) for clause in clauses]
        return f"WHERE {' AND '.join(parts)}" if parts else ""

    # A refund holds no credit: the filter on unapplied credit leaves refunds out.
    refunds = flt.source in ("", "refund") and not flt.unapplied_only
    wanted = {"p": flt.source in ("", "payment"), "j": flt.source in ("", "adjustment"), "r": refunds}
    branches = []
    for alias, select in _MONEY_BRANCHES:
        # An unwanted table gets no clauses: a refund has no column for unapplied credit.
        branch = f"{select} {where(alias) if wanted[alias] else 'WHERE 1 = 0'}"
        if newest:
            order = f"{alias}.date {newest}, {alias}.id {newest}"
            branch = f"SELECT * FROM ({branch} ORDER BY {order} LIMIT :top) AS {alias}_top"
        branches.append(branch)
    return "\nUNION ALL\n".join(branches), params


def count_money(session: Session, flt: MoneyFilter) -> int:
    """How many payments and adjustments the filter lets through."""
    sql, params = _money_sql(session, flt)
    return int(session.execute(text(f"SELECT COUNT(*) FROM ({sql}) AS counted"), params).scalar_one())


def money_page(
    session: Session,
    flt: MoneyFilter,
    sort: str = "date",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    total: int | None = None,
) -> list[MoneyRow]:
    """One window of payments and adjustments, sorted in SQL."""
    order = MONEY_SORTS.get(sort, "date")
    offset, limit, reverse = _window(offset, limit, total)
    if limit <= 0:
        return []
    direction = _direction(descending, reverse)
    by_date = order == "date"
    sql, params = _money_sql(session, flt, direction if by_date else "")
    params.update(offset=offset, limit=limit)
    if by_date:
        params["top"] = offset + limit
    rows = [
        MoneyRow(
            row[0], row[1], row[2], portable.day(row[3]), row[4], row[5], row[6], row[7], row[8], row[9],
            portable.optional_day(row[10]),
        )
        for row in session.execute(
            text(
                f"SELECT * FROM ({sql}) AS money ORDER BY {order} {direction}, source {direction}, id {direction} "
                "LIMIT :limit OFFSET :offset"
            ),
            params,
        )
    ]
    if reverse:
        rows.reverse()
    return rows


# --------------------------------------------------------------------------- one customer


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One line of a customer's ledger; ``amount`` is what it adds to the balance (cents).

    ``source`` is the document's table (``delivery``, ``payment``, ``adjustment``); a void document
    keeps its line (with ``voided_on``) and gets a second line, ``kind`` ``void``, on the day of the
    void that takes its amount back out, so the running balance is right on every day.
    """

    date: date
    kind: str
    number: str
    text: str
    amount: int
    open_amount: int
    balance: int
    source: str = ""
    voided_on: Day | None = None


def customer_ledger(session: Session, code: str) -> list[LedgerLine]:
    """Every delivery, payment and adjustment of a customer in date order with the running balance."""
    sql = text(
        """
        SELECT d.date, 0 AS k, 'delivery' AS kind, d.number, d.note, d.amount, d.open_amount, d.id,
          'delivery' AS source, d.voided_on FROM delivery d
          WHERE d.customer_id = (SELECT id FROM customer WHERE code = :code)
        UNION ALL
        SELECT p.date, 1, 'payment ' || p.method, p.number, p.note, -p.amount, -p.unapplied, p.id, 'payment',
          p.voided_on FROM payment p
          WHERE p.customer_id = (SELECT id FROM customer WHERE code = :code)
        UNION ALL
        SELECT j.date, 2, j.kind, j.number, j.reason, -j.amount, -j.unapplied, j.id, 'adjustment', j.voided_on
          FROM adjustment j
          WHERE j.customer_id = (SELECT id FROM customer WHERE code = :code)
        UNION ALL
        SELECT d.voided_on, 3, 'void', d.number, d.void_reason, -d.amount, 0, d.id, 'delivery', d.voided_on
          FROM delivery d
          WHERE d.customer_id = (SELECT id FROM customer WHERE code = :code) AND d.voided_on IS NOT NULL
        UNION ALL
        SELECT p.voided_on, 4, 'void', p.number, p.void_reason, p.amount, 0, p.id, 'payment', p.voided_on
          FROM payment p
          WHERE p.customer_id = (SELECT id FROM customer WHERE code = :code) AND p.voided_on IS NOT NULL
        UNION ALL
        SELECT j.voided_on, 5, 'void', j.number, j.void_reason, j.amount, 0, j.id, 'adjustment', j.voided_on
          FROM adjustment j
          WHERE j.customer_id = (SELECT id FROM customer WHERE code = :code) AND j.voided_on IS NOT NULL
        ORDER BY 1, 2, 8
        """
    )
    balance = 0
    lines: list[LedgerLine] = []
    for row in session.execute(sql, {"code": code}):
        balance += row[5]
        lines.append(
            LedgerLine(
                portable.day(row[0]), row[2], row[3], row[4] or "", row[5], row[6], balance, row[8],
                portable.optional_day(row[9]),
            )
        )
    return lines


@dataclass(frozen=True, slots=True)
class OpenDeliveryLine:
    """An open delivery of a customer, oldest first, for allocation previews."""

    id: int
    number: str
    date: date
    due_date: Day | None
    amount: int
    open_amount: int


def open_deliveries_of(session: Session, code: str) -> list[OpenDeliveryLine]:
    """A customer's open deliveries in the order payments are applied (oldest first)."""
    sql = text(
        "SELECT d.id, d.number, d.date, d.due_date, d.amount, d.open_amount FROM delivery d "
        "WHERE d.customer_id = (SELECT id FROM customer WHERE code = :code) AND d.open_amount > 0 "
        "ORDER BY d.date, d.due_date, d.id"
    )
    return [
        OpenDeliveryLine(row[0], row[1], portable.day(row[2]), portable.optional_day(row[3]), row[4], row[5])
        for row in session.execute(sql, {"code": code})
    ]


def last_payment(session: Session, code: str) -> tuple[date, int] | None:
    """The date and amount of the customer's latest payment."""
    row = session.execute(
        text(
            "SELECT date, amount FROM payment WHERE customer_id = (SELECT id FROM customer WHERE code = :code) "
            "ORDER BY date DESC, id DESC LIMIT 1"
        ),
        {"code": code},
    ).first()
    return None if row is None else (portable.day(row[0]), int(row[1]))


def delivery_by_number(session: Session, number: str, today: date) -> DeliveryRow | None:
    """One delivery by its number."""
    row = session.execute(
        text(
            "SELECT d.id, d.number, d.date, c.code, c.name, COALESCE(r.code, ''), d.amount, d.due_date, "
            "d.open_amount, d.category, d.model, d.note, d.voided_on FROM delivery d "
            "JOIN customer c ON c.id = d.customer_id "
            "LEFT JOIN rep r ON r.id = d.rep_id WHERE d.number = :number"
        ),
        {"number": number},
    ).first()
    if row is None:
        return None
    return DeliveryRow(
        row[0], row[1], portable.day(row[2]), row[3], row[4], row[5], row[6], portable.optional_day(row[7]), row[8],
        row[9], row[10], row[11], portable.optional_day(row[12]), today,
    )


# --------------------------------------------------------------------------- choices for filters and forms


@dataclass(frozen=True, slots=True)
class Choices:
    """Codes offered in filters and forms."""

    reps: list[str]
    departments: list[str]
    grades: list[str]
    terms: list[str]


def choices(session: Session) -> Choices:
    """Every rep, department, grade in use and terms code."""

    def column(sql: str) -> list[str]:
        return [str(value) for value in session.execute(text(sql)).scalars()]

    return Choices(
        column("SELECT code FROM rep ORDER BY code"),
        column("SELECT code FROM department ORDER BY code"),
        column("SELECT DISTINCT grade FROM customer WHERE grade <> '' ORDER BY grade"),
        column("SELECT code FROM terms ORDER BY code"),
    )


def customer_codes(session: Session, prefix: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """(code, name) of customers whose code or name contains ``prefix``, for pickers."""
    like = portable.dialect(session).like
    rows = session.execute(
        text(
            f"SELECT code, name FROM customer WHERE code {like} :p ESCAPE '\\' OR name {like} :p ESCAPE '\\' "
            "ORDER BY code LIMIT :limit"
        ),
        {"p": _like(prefix), "limit": limit},
    )
    return [(row[0], row[1]) for row in rows]


def customer_names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """The names of the customers with ``codes`` (codes not found are left out)."""
    if not codes:
        return {}
    rows = session.execute(
        text("SELECT code, name FROM customer WHERE code IN :codes").bindparams(bindparam("codes", expanding=True)),
        {"codes": sorted(set(codes))},
    )
    return {row[0]: row[1] for row in rows}
