"""Keeping the derived columns of the ledger true after allocations change.

``delivery.open_amount``/``settled_on`` and ``payment``/``adjustment.unapplied``/``applied_on``
are derived from the allocations; the aging relies on them to skip what was settled
before its as-of date. Every write path calls :func:`refresh_derived`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from arddesk.domain.terms import Terms, TermsKind
from arddesk.store import monthly, search
from arddesk.store.audit import ImportedFileRecord, operator
from arddesk.store.models import (
    Adjustment,
    Allocation,
    Customer,
    Delivery,
    Department,
    Payment,
    PaymentTerms,
    Refund,
    Rep,
    Setting,
    current_user,
)

_CHUNK = 500

# Only allocations not released by a void count; a voided document is settled (or fully
# applied) on the day of its void, so that an aging as of that day or later skips it.
_ACTIVE = "a.released_on IS NULL"
_DELIVERY_SQL = f"""
    UPDATE delivery SET
      open_amount = CASE WHEN voided_on IS NOT NULL THEN 0 ELSE amount - COALESCE(
        (SELECT SUM(a.amount) FROM allocation a WHERE a.delivery_id = delivery.id AND {_ACTIVE}), 0) END,
      settled_on = CASE
        WHEN voided_on IS NOT NULL THEN voided_on
        WHEN amount = COALESCE(
          (SELECT SUM(a.amount) FROM allocation a WHERE a.delivery_id = delivery.id AND {_ACTIVE}), 0)
        THEN (SELECT MAX(a.effective_date) FROM allocation a WHERE a.delivery_id = delivery.id AND {_ACTIVE})
      END
"""


def _source_sql(table: str, column: str) -> str:
    return f"""
        UPDATE {table} SET
          unapplied = CASE WHEN voided_on IS NOT NULL THEN 0 ELSE amount - COALESCE(
            (SELECT SUM(a.amount) FROM allocation a WHERE a.{column} = {table}.id AND {_ACTIVE}), 0) END,
          applied_on = CASE
            WHEN voided_on IS NOT NULL THEN voided_on
            WHEN amount = COALESCE(
              (SELECT SUM(a.amount) FROM allocation a WHERE a.{column} = {table}.id AND {_ACTIVE}), 0)
            THEN (SELECT MAX(a.effective_date) FROM allocation a WHERE a.{column} = {table}.id AND {_ACTIVE})
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


@dataclass(frozen=True, slots=True)
class OpenDelivery:
    """A delivery with something open, as allocating money to it needs it.

    Attributes:
        start: the first day money can meet it: its date, or the last day a void released
            money from it if later (an allocation made now must not count before the room it
            fills was there).
        last_effective: the latest effective date of its allocations not released (None: none).
    """

    id: int
    number: str
    date: dt.date
    amount: int
    open: int
    start: dt.date
    last_effective: dt.date | None


def open_deliveries(session: Session, customer_ids: Iterable[int]) -> dict[int, list[OpenDelivery]]:
    """Per customer: its deliveries with something open, oldest first (the order money pays them)."""
    released = select(func.max(Allocation.released_on)).where(Allocation.delivery_id == Delivery.id).scalar_subquery()
    effective = (
        select(func.max(Allocation.effective_date))
        .where(Allocation.delivery_id == Delivery.id, Allocation.released_on.is_(None))
        .scalar_subquery()
    )
    ids = sorted(set(customer_ids))
    result: dict[int, list[OpenDelivery]] = {customer_id: [] for customer_id in ids}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(
                Delivery.customer_id,
                Delivery.id,
                Delivery.number,
                Delivery.date,
                Delivery.amount,
                Delivery.open_amount,
                released,
                effective,
            )
            .where(Delivery.customer_id.in_(ids[start : start + _CHUNK]), Delivery.open_amount > 0)
            .order_by(Delivery.customer_id, Delivery.date, Delivery.due_date, Delivery.id)
        )
        for customer_id, delivery_id, number, day, amount, still_open, last_released, last_effective in rows:
            start_day = day if last_released is None else max(day, last_released)
            result[customer_id].append(
                OpenDelivery(delivery_id, number, day, amount, still_open, start_day, last_effective)
            )
    return result


BOOKS_CLOSED_KEY = "books_closed_through"


def books_closed_through(session: Session) -> date | None:
    """The owner's closing date: nothing dated on or before it may be posted, voided or corrected."""
    value = session.execute(select(Setting.value).where(Setting.key == BOOKS_CLOSED_KEY)).scalar()
    return date.fromisoformat(value) if value else None


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
_NUMBERED: dict[str, type[Delivery] | type[Payment] | type[Adjustment] | type[Refund]] = {
    "delivery": Delivery, **_MONEY_MODELS, "refund": Refund,
}  # fmt: skip


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


_INSERTED = {"delivery": Delivery, "payment": Payment, "adjustment": Adjustment, "allocation": Allocation}


def taken_between(session: Session, table: str, low: str, high: str) -> set[str]:
    """The numbers of ``payment`` or ``adjustment`` rows from ``low`` to ``high`` (as text sorts)."""
    model = _MONEY_MODELS[table]
    return set(session.scalars(select(model.number).where(model.number.between(low, high))))


def insert_new(session: Session, table: str, rows: Sequence[dict[str, object]]) -> None:
    """Insert new ``delivery``, ``payment``, ``adjustment`` or ``allocation`` rows, given as column
    dictionaries all with the same keys, in one statement."""
    if not rows:
        return
    # The audit columns are bound once: per-row defaults (a login lookup per row) and the
    # ORM bulk path more than doubled the time of a 100,000-row import.
    now = datetime.now().replace(microsecond=0)
    user = current_user()
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        target = _INSERTED[table].__table__
        assert isinstance(target, Table)
        audit = {"created_at": now, "created_by": user, "updated_at": now, "updated_by": user}
        session.execute(insert(target).values(audit), rows)
        return
    # SQLite: straight to the driver, values stored as SQLAlchemy stores them (ISO dates,
    # microsecond timestamps); this is most of an import's time after reading the file.
    model = _INSERTED[table]
    names = list(rows[0])
    # Column by column (transposed in C): only the date columns need converting.
    records = list(map(itemgetter(*names), rows)) if len(names) > 1 else [(row[names[0]],) for row in rows]
    columns: list[Sequence[Any]] = list(zip(*records, strict=True))
    for index, name in enumerate(names):
        if isinstance(model.__table__.c[name].type, Date):
            columns[index] = [None if day is None else day.isoformat() for day in columns[index]]
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    stamps = [repeat(stamp), repeat(user), repeat(stamp), repeat(user)]
    listed = ", ".join([*names, "created_at", "created_by", "updated_at", "updated_by"])
    marks = ", ".join("?" * (len(names) + len(stamps)))
    with search.indexing_after(connection, table), monthly.summing_after(connection, table):
        connection.exec_driver_sql(
            f"INSERT INTO {model.__tablename__} ({listed}) VALUES ({marks})", list(zip(*columns, *stamps, strict=False))
        )


def ids_after(session: Session, table: str, last: int) -> dict[str, int]:
    """number → id of the ``payment`` or ``adjustment`` rows with an id above ``last`` (those just inserted)."""
    model = _MONEY_MODELS[table]
    return {number: row_id for number, row_id in session.execute(select(model.number, model.id).where(model.id > last))}


def set_open_amounts(session: Session, changes: Sequence[tuple[int, int, date | None]]) -> None:
    """Write deliveries' derived open amounts and settling days: (id, open, settled on) triples.

    Only for values known to equal what :func:`refresh_derived` would compute.
    """
    if not changes:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(
            text("UPDATE delivery SET open_amount = :open, settled_on = :settled WHERE id = :id").bindparams(
                bindparam("settled", type_=Date)
            ),
            [{"id": i, "open": o, "settled": s} for i, o, s in changes],
        )
        return
    # SQLite: to the driver, the day as SQLAlchemy stores it (ISO text).
    connection.exec_driver_sql(
        "UPDATE delivery SET open_amount = ?, settled_on = ? WHERE id = ?",
        [(o, None if s is None else s.isoformat(), i) for i, o, s in changes],
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
) -> Sequence[tuple[int, date, date | None, bool, str]]:
    """(id, date, due date, due fixed, number) of a customer's deliveries (not voided) by date.

    With ``since``, only from the customer's last delivery day before ``since`` onwards.
    """
    query = select(Delivery.id, Delivery.date, Delivery.due_date, Delivery.due_fixed, Delivery.number).where(
        Delivery.customer_id == customer_id, Delivery.voided_on.is_(None)
    )
    if since is not None:
        previous = (
            select(func.max(Delivery.date))
            .where(Delivery.customer_id == customer_id, Delivery.date < since, Delivery.voided_on.is_(None))
            .scalar_subquery()
        )
        query = query.where(Delivery.date >= func.coalesce(previous, since))
    rows = session.execute(query.order_by(Delivery.date, Delivery.id))
    return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]


def last_id(session: Session, table: str) -> int:
    """The highest id of ``payment``, ``adjustment`` or ``refund`` (0 when empty)."""
    model = _NUMBERED[table]
    return session.scalar(select(func.max(model.id))) or 0


# ---------------------------------------------------------------- voids


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A saved delivery, payment or adjustment as a void or a correction needs it."""

    table: str
    id: int
    number: str
    customer: str
    date: dt.date
    amount: int
    kind: str
    text: str
    voided_on: dt.date | None
    rep: str
    due_date: dt.date | None
    due_fixed: bool
    category: str
    model: str


def stored_document(session: Session, table: str, number: str) -> StoredDocument | None:
    """The delivery, payment or adjustment with this number, or None."""
    if table == "delivery":
        row = session.execute(
            select(
                Delivery.id,
                Delivery.number,
                Customer.code,
                Delivery.date,
                Delivery.amount,
                Delivery.note,
                Delivery.voided_on,
                Rep.code,
                Delivery.due_date,
                Delivery.due_fixed,
                Delivery.category,
                Delivery.model,
            )
            .join(Customer, Customer.id == Delivery.customer_id)
            .outerjoin(Rep, Rep.id == Delivery.rep_id)
            .where(Delivery.number == number)
        ).first()
        if row is None:
            return None
        return StoredDocument(
            table, row[0], row[1], row[2], row[3], row[4], "", row[5], row[6], row[7] or "", row[8], row[9], row[10],
            row[11],
        )
    if table == "refund":
        found = session.execute(
            select(
                Refund.id, Refund.number, Customer.code, Refund.date, Refund.amount, Refund.method, Refund.note,
                Refund.voided_on,
            )
            .join(Customer, Customer.id == Refund.customer_id)
            .where(Refund.number == number)
        ).first()
        if found is None:
            return None
        return StoredDocument(table, *found, rep="", due_date=None, due_fixed=False, category="", model="")
    model = _MONEY_MODELS[table]
    kind = Payment.method if table == "payment" else Adjustment.kind
    note = Payment.note if table == "payment" else Adjustment.reason
    found = session.execute(
        select(model.id, model.number, Customer.code, model.date, model.amount, kind, note, model.voided_on)
        .join(Customer, Customer.id == model.customer_id)
        .where(model.number == number)
    ).first()
    if found is None:
        return None
    return StoredDocument(table, *found, rep="", due_date=None, due_fixed=False, category="", model="")


@dataclass(frozen=True, slots=True)
class Released:
    """What releasing allocations touched: ids of the deliveries, payments and adjustments."""

    deliveries: tuple[int, ...]
    payments: tuple[int, ...]
    adjustments: tuple[int, ...]


def _active(session: Session, table: str, document_id: int) -> list[tuple[int, int | None, int | None, int | None]]:
    column = {
        "delivery": Allocation.delivery_id, "payment": Allocation.payment_id, "refund": Allocation.refund_id,
    }.get(table, Allocation.adjustment_id)  # fmt: skip
    rows = session.execute(
        select(Allocation.id, Allocation.delivery_id, Allocation.payment_id, Allocation.adjustment_id).where(
            column == document_id, Allocation.released_on.is_(None)
        )
    )
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def _joined(rows: Sequence[tuple[int, int | None, int | None, int | None]]) -> Released:
    return Released(
        tuple(sorted({row[1] for row in rows if row[1] is not None})),
        tuple(sorted({row[2] for row in rows if row[2] is not None})),
        tuple(sorted({row[3] for row in rows if row[3] is not None})),
    )


def active_counterparts(session: Session, table: str, document_id: int) -> Released:
    """What a document's allocations not yet released join (itself included)."""
    return _joined(_active(session, table, document_id))


def release_allocations(session: Session, table: str, document_id: int, on: date) -> Released:
    """Release every active allocation of a document from ``on``; returns what they joined."""
    rows = _active(session, table, document_id)
    if rows:
        session.execute(update(Allocation), [{"id": row[0], "released_on": on} for row in rows])
    return _joined(rows)


def mark_void(session: Session, table: str, document_id: int, on: date, reason: str) -> None:
    """Mark a document void from ``on``, saying who and why (its row is otherwise left as it was)."""
    model = _NUMBERED[table]
    session.execute(
        update(model)
        .where(model.id == document_id)
        .values(
            voided_on=on,
            voided_at=datetime.now().replace(microsecond=0),
            voided_by=operator(session),
            void_reason=reason,
        )
    )


def numbers_of(session: Session, table: str, ids: Iterable[int]) -> list[str]:
    """The numbers of the deliveries, payments or adjustments with these ids."""
    model = _NUMBERED[table]
    wanted = sorted(set(ids))
    found: list[str] = []
    for start in range(0, len(wanted), _CHUNK):
        found.extend(session.scalars(select(model.number).where(model.id.in_(wanted[start : start + _CHUNK]))))
    return found


def earned_discounts(session: Session, payment_number: str) -> list[str]:
    """Numbers of the early-payment discounts a payment earned (``DSC-<payment>-<delivery>``), not void."""
    prefix = f"DSC-{payment_number}-"
    return list(
        session.scalars(
            select(Adjustment.number).where(
                Adjustment.number.startswith(prefix, autoescape=True), Adjustment.voided_on.is_(None)
            )
        )
    )


def corrected_by(session: Session, table: str, number: str) -> list[str]:
    """Numbers of the documents that correct (replace) this one."""
    model = _NUMBERED[table]
    return list(session.scalars(select(model.number).where(model.corrects == number).order_by(model.id)))


@dataclass(frozen=True, slots=True)
class AllocationLine:
    """One allocation seen from a document: the other side's kind and number, how much, from and until when."""

    kind: str
    number: str
    amount: int
    effective: date
    released_on: date | None


def allocation_lines(session: Session, table: str, document_id: int) -> list[AllocationLine]:
    """Every allocation of a document, released ones too, by effective date."""
    if table in ("delivery", "refund"):
        # The other side is the money: the payments and adjustments that paid the delivery, or whose credit
        # the refund paid back.
        target = Allocation.delivery_id if table == "delivery" else Allocation.refund_id
        rows = session.execute(
            select(
                Payment.number, Adjustment.number, Allocation.amount, Allocation.effective_date, Allocation.released_on
            )
            .outerjoin(Payment, Payment.id == Allocation.payment_id)
            .outerjoin(Adjustment, Adjustment.id == Allocation.adjustment_id)
            .where(target == document_id)
            .order_by(Allocation.effective_date, Allocation.id)
        )
        return [
            AllocationLine("payment" if paid else "adjustment", paid or adjusted, amount, effective, released)
            for paid, adjusted, amount, effective, released in rows
        ]
    column = Allocation.payment_id if table == "payment" else Allocation.adjustment_id
    found = session.execute(
        select(Delivery.number, Refund.number, Allocation.amount, Allocation.effective_date, Allocation.released_on)
        .outerjoin(Delivery, Delivery.id == Allocation.delivery_id)
        .outerjoin(Refund, Refund.id == Allocation.refund_id)
        .where(column == document_id)
        .order_by(Allocation.effective_date, Allocation.id)
    )
    return [
        AllocationLine("delivery" if delivered else "refund", delivered or refunded, amount, effective, released)
        for delivered, refunded, amount, effective, released in found
    ]


def void_stamp(session: Session, table: str, document_id: int) -> tuple[datetime | None, str, str, str]:
    """(voided at, voided by, why, the number it corrects) of a document."""
    model = _NUMBERED[table]
    row = session.execute(
        select(model.voided_at, model.voided_by, model.void_reason, model.corrects).where(model.id == document_id)
    ).one()
    return row[0], row[1] or "", row[2] or "", row[3] or ""


# ---------------------------------------------------------------- double imports


def money_documents(
    session: Session, table: str, customer_ids: Iterable[int], first: date, last: date
) -> dict[tuple[int, date, int, str], str]:
    """(customer id, date, amount, method or kind) → number of the payments or adjustments, not void,
    of these customers dated from ``first`` to ``last`` (the earliest number when several match)."""
    model = _MONEY_MODELS[table]
    kind = Payment.method if table == "payment" else Adjustment.kind
    ids = sorted(set(customer_ids))
    found: dict[tuple[int, date, int, str], str] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(model.customer_id, model.date, model.amount, kind, model.number)
            .where(
                model.customer_id.in_(ids[start : start + _CHUNK]),
                model.date.between(first, last),
                model.voided_on.is_(None),
            )
            .order_by(model.id)
        )
        for customer_id, day, amount, how, number in rows:
            found.setdefault((customer_id, day, amount, how), number)
    return found


def imported_before(session: Session, kind: str, digest: str) -> tuple[datetime, str] | None:
    """When and by whom a file of this kind with this content digest was first imported, if ever."""
    row = session.execute(
        select(ImportedFileRecord.at, ImportedFileRecord.user)
        .where(ImportedFileRecord.kind == kind, ImportedFileRecord.digest == digest)
        .order_by(ImportedFileRecord.id)
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def log_import(session: Session, *, digest: str, kind: str, name: str, rows: int, user: str) -> None:
    """Remember an imported file: its content digest, kind, name, how many rows, when and by whom."""
    session.add(
        ImportedFileRecord(
            digest=digest, kind=kind, name=name, rows=rows, at=datetime.now().replace(microsecond=0), user=user
        )
    )
