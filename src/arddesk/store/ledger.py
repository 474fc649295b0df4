"""Keeping the derived columns of the ledger true after allocations change.

``delivery.open_amount``/``settled_on`` and ``payment``/``adjustment.unapplied``/``applied_on``
are derived from the allocations; the aging relies on them to skip what was settled
before its as-of date. Every write path calls :func:`refresh_derived`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from arddesk.domain.terms import Terms, TermsKind
from arddesk.store.models import (
    Adjustment,
    Allocation,
    Customer,
    Delivery,
    Department,
    Payment,
    PaymentTerms,
    Rep,
    current_user,
)

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


def delivery_amounts(session: Session, numbers: Sequence[str]) -> list[tuple[str, date, int, int]]:
    """(number, date, amount, open) of the deliveries with these numbers."""
    rows = session.execute(
        select(Delivery.number, Delivery.date, Delivery.amount, Delivery.open_amount).where(
            Delivery.number.in_(numbers)
        )
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


# ---------------------------------------------------------------- reads and writes for services.ledger

_MONEY_MODELS: dict[str, type[Payment] | type[Adjustment]] = {"payment": Payment, "adjustment": Adjustment}
_NUMBERED: dict[str, type[Delivery] | type[Payment] | type[Adjustment]] = {"delivery": Delivery, **_MONEY_MODELS}


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What posting needs to know of a customer."""

    id: int
    rep_id: int | None
    terms: Terms


def terms_of(row: PaymentTerms) -> Terms:
    """A terms row as the domain's Terms."""
    percent = None if row.discount_bp is None else Decimal(row.discount_bp) / 100
    return Terms(
        row.code,
        TermsKind(row.kind),
        row.days,
        row.day_of_month,
        row.months,
        row.cutoff_day,
        percent,
        row.discount_days,
    )


def upsert_terms(session: Session, items: Sequence[Terms]) -> None:
    """Create or update terms by code."""
    existing = {row.code: row for row in session.scalars(select(PaymentTerms))}
    for item in items:
        values = {
            "kind": item.kind.value,
            "days": item.days,
            "day_of_month": item.day_of_month,
            "months": item.months,
            "cutoff_day": item.cutoff_day,
            "discount_bp": None if item.discount_percent is None else int(item.discount_percent * 100),
            "discount_days": item.discount_days,
        }
        row = existing.get(item.code)
        if row is None:
            session.add(PaymentTerms(code=item.code, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)


def code_ids(session: Session, table: str) -> dict[str, int]:
    """code → id of every row of ``terms``, ``rep``, ``department`` or ``customer``."""
    models: dict[str, type[PaymentTerms] | type[Rep] | type[Department] | type[Customer]] = {
        "terms": PaymentTerms,
        "rep": Rep,
        "department": Department,
        "customer": Customer,
    }
    model = models[table]
    return {code: row_id for code, row_id in session.execute(select(model.code, model.id))}


def add_rep(session: Session, code: str, department_id: int | None) -> int:
    """A new rep named by its code; returns its id."""
    rep = Rep(code=code, name=code, department_id=department_id)
    session.add(rep)
    session.flush()
    return rep.id


def add_department(session: Session, code: str) -> int:
    """A new department named by its code; returns its id."""
    department = Department(code=code, name=code)
    session.add(department)
    session.flush()
    return department.id


def upsert_customers(session: Session, values_by_code: dict[str, dict[str, object]]) -> None:
    """Create or update customers by code with the given column values."""
    codes = list(values_by_code)
    existing: dict[str, Customer] = {}
    for start in range(0, len(codes), _CHUNK):
        for row in session.scalars(select(Customer).where(Customer.code.in_(codes[start : start + _CHUNK]))):
            existing[row.code] = row
    for code, values in values_by_code.items():
        found = existing.get(code)
        if found is None:
            session.add(Customer(code=code, **values))
        else:
            for key, value in values.items():
                setattr(found, key, value)


def customer_facts(session: Session, codes: Iterable[str]) -> dict[str, CustomerFacts]:
    """code → (id, rep, terms) for the customers among ``codes`` that exist."""
    wanted = sorted(set(codes))
    result: dict[str, CustomerFacts] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(Customer.code, Customer.id, Customer.rep_id, PaymentTerms)
            .join(PaymentTerms, PaymentTerms.id == Customer.terms_id)
            .where(Customer.code.in_(wanted[start : start + _CHUNK]))
        )
        for code, customer_id, rep_id, terms in rows:
            result[code] = CustomerFacts(customer_id, rep_id, terms_of(terms))
    return result


def taken_numbers(session: Session, table: str, numbers: Iterable[str]) -> set[str]:
    """Which of ``numbers`` a ``delivery``, ``payment`` or ``adjustment`` already has."""
    model = _NUMBERED[table]
    wanted = sorted(set(numbers))
    taken: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        taken.update(session.scalars(select(model.number).where(model.number.in_(wanted[start : start + _CHUNK]))))
    return taken


def insert_deliveries(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Insert deliveries given as column dictionaries (all with the same keys), in one statement."""
    if not rows:
        return
    # The audit columns are bound once: per-row defaults (a login lookup per row) and the
    # ORM bulk path more than doubled the time of a 100,000-row import.
    now = datetime.now().replace(microsecond=0)
    user = current_user()
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        table = Delivery.__table__
        assert isinstance(table, Table)
        audit = {"created_at": now, "created_by": user, "updated_at": now, "updated_by": user}
        session.execute(insert(table).values(audit), rows)
        return
    # SQLite: straight to the driver, values stored as SQLAlchemy stores them (ISO dates,
    # microsecond timestamps); this is most of an import's time after reading the file.
    columns = list(rows[0])
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    tail = (stamp, user, stamp, user)
    names = ", ".join([*columns, "created_at", "created_by", "updated_at", "updated_by"])
    marks = ", ".join("?" * (len(columns) + len(tail)))
    values = itemgetter(*columns)
    connection.exec_driver_sql(
        f"INSERT INTO delivery ({names}) VALUES ({marks})",
        [(*(v.isoformat() if v.__class__ is date else v for v in values(row)), *tail) for row in rows],
    )


def batch_customers(session: Session, customer_ids: Iterable[int]) -> dict[int, Terms]:
    """Those of ``customer_ids`` whose terms are ``batch``, with their terms."""
    ids = sorted(set(customer_ids))
    result: dict[int, Terms] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(Customer.id, PaymentTerms)
            .join(PaymentTerms, PaymentTerms.id == Customer.terms_id)
            .where(PaymentTerms.kind == TermsKind.BATCH.value, Customer.id.in_(ids[start : start + _CHUNK]))
        )
        result.update({customer_id: terms_of(terms) for customer_id, terms in rows})
    return result


def deliveries_in_order(
    session: Session, customer_id: int, since: date | None = None
) -> Sequence[tuple[int, date, date | None, bool]]:
    """(id, date, due date, due fixed) of a customer's deliveries by date.

    With ``since``, only from the customer's last delivery day before ``since`` onwards.
    """
    query = select(Delivery.id, Delivery.date, Delivery.due_date, Delivery.due_fixed).where(
        Delivery.customer_id == customer_id
    )
    if since is not None:
        previous = (
            select(func.max(Delivery.date))
            .where(Delivery.customer_id == customer_id, Delivery.date < since)
            .scalar_subquery()
        )
        query = query.where(Delivery.date >= func.coalesce(previous, since))
    rows = session.execute(query.order_by(Delivery.date, Delivery.id))
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def last_id(session: Session, table: str) -> int:
    """The highest id of ``payment`` or ``adjustment`` (0 when empty)."""
    model = _MONEY_MODELS[table]
    return session.scalar(select(func.max(model.id))) or 0


def insert_money(session: Session, table: str, values: dict[str, object]) -> int:
    """Insert a payment or an adjustment, fully unapplied; returns its id."""
    row = _MONEY_MODELS[table](**values, unapplied=values["amount"])
    session.add(row)
    session.flush()
    return row.id


def insert_allocations(session: Session, table: str, source_id: int, rows: Sequence[tuple[int, int, date]]) -> None:
    """Allocations of a payment or adjustment: (delivery id, amount, effective date)."""
    if not rows:
        return
    key = f"{table}_id"
    session.execute(
        insert(Allocation),
        [
            {"delivery_id": delivery_id, key: source_id, "amount": amount, "effective_date": effective}
            for delivery_id, amount, effective in rows
        ],
    )


def unapplied_sources(session: Session, table: str, customer_id: int) -> Sequence[tuple[int, date, int]]:
    """(id, date, unapplied) of a customer's payments or adjustments with credit left, oldest first."""
    model = _MONEY_MODELS[table]
    rows = session.execute(
        select(model.id, model.date, model.unapplied)
        .where(model.customer_id == customer_id, model.unapplied > 0)
        .order_by(model.date, model.id)
    )
    return [(row[0], row[1], row[2]) for row in rows]
