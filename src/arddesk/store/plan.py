"""The collection plan in the database: targets per period, rep and kind of debt, and the
dated visit/call entries of a schedule; plus the aggregated reads the plan needs.

Every read aggregates in SQL: a million deliveries never come into Python, only the sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.domain.aging import ClassThresholds
from arddesk.store import audit
from arddesk.store.aging import is_current, open_deliveries_sql
from arddesk.store.models import Audited, Base, Customer, Department, Rep
from arddesk.store.portable import dialect

KINDS = ("normal", "abnormal", "out_of_stock")
CHANNELS = ("visit", "call")
STATES = ("planned", "moved", "dropped", "done")


class CollectionTargetRecord(Audited, Base):
    """How much a rep should collect in a period on one kind of debt and year of origin, in all or
    from one customer.

    ``period`` is a month (``2026-12``) or a quarter (``2026Q4``) label; ``origin_year`` 0
    means deliveries of any year. ``customer_id`` None: the rep's own target; else the rep's
    target for that customer (回款目标 agreed with the customer). A rep's or a customer's target
    for a period is the sum of its rows whose period lies inside it.
    """

    __tablename__ = "collection_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16))
    rep_id: Mapped[int] = mapped_column(ForeignKey("rep.id"))
    kind: Mapped[str] = mapped_column(String(16))
    origin_year: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int]
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", name="fk_collection_target_customer"))
    __table_args__ = (
        CheckConstraint("kind IN ('normal','abnormal','out_of_stock')", name="ck_collection_target_kind"),
        CheckConstraint("amount >= 0", name="ck_collection_target_amount"),
        Index("ix_collection_target_rep", "rep_id", "period"),
        Index("ix_collection_target_customer", "customer_id", "period"),
        Index(
            "uq_collection_target_own", "period", "rep_id", "kind", "origin_year", unique=True,
            sqlite_where=text("customer_id IS NULL"), postgresql_where=text("customer_id IS NULL"),
        ),
        Index(
            "uq_collection_target_customer", "period", "rep_id", "customer_id", "kind", "origin_year", unique=True,
            sqlite_where=text("customer_id IS NOT NULL"), postgresql_where=text("customer_id IS NOT NULL"),
        ),
    )  # fmt: skip


class ScheduleEntryRecord(Audited, Base):
    """One planned visit or call of a rep to a customer.

    ``original_on`` is the date the schedule maker chose (it ties the entry to the window it
    was made for); ``planned_on`` is where the entry is now, after any move by the clerk.
    ``score`` is the priority score when planned, in hundredths; ``amount`` the cents to
    collect. ``reason`` says why that date: ``settlement``, ``due``, ``first_day`` or
    ``moved``; ``note`` the clerk's words on a move or a drop.
    """

    __tablename__ = "schedule_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("rep.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    original_on: Mapped[dt.date] = mapped_column(Date)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(8), default="visit")
    score: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(16), default="")
    state: Mapped[str] = mapped_column(String(8), default="planned")
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint("channel IN ('visit','call')", name="ck_schedule_entry_channel"),
        CheckConstraint("state IN ('planned','moved','dropped','done')", name="ck_schedule_entry_state"),
        CheckConstraint("amount >= 0", name="ck_schedule_entry_amount"),
        Index("ix_schedule_entry_rep", "rep_id", "planned_on"),
        Index("ix_schedule_entry_customer", "customer_id", "original_on"),
    )


# ---------------------------------------------------------------------------- reps and customers
@dataclass(frozen=True, slots=True)
class RepRow:
    """A rep with its department."""

    id: int
    code: str
    name: str
    department: str
    department_name: str


def reps(session: Session) -> list[RepRow]:
    """Every rep, by code, with its department's code and name ("" when none)."""
    query = (
        select(Rep.id, Rep.code, Rep.name, func.coalesce(Department.code, ""), func.coalesce(Department.name, ""))
        .outerjoin(Department, Department.id == Rep.department_id)
        .order_by(Rep.code)
    )
    return [RepRow(*row) for row in session.execute(query)]


def set_avoid_days(session: Session, customer: str, text_: str) -> bool:
    """Store a customer's avoided days; False when there is no such customer."""
    found = session.execute(select(Customer).where(Customer.code == customer)).scalar_one_or_none()
    if found is None:
        return False
    with audit.watch(session, "customer", [customer], "avoid days"):
        found.avoid_days = text_
    return True


# ---------------------------------------------------------------------------- targets
@dataclass(frozen=True, slots=True)
class TargetRow:
    """One stored target row; ``customer`` is the customer's code, "" for the rep's own target."""

    id: int
    period: str
    rep: str
    rep_name: str
    department: str
    kind: str
    origin_year: int
    amount: int
    customer: str = ""


def targets(session: Session) -> list[TargetRow]:
    """Every target row, by period, rep, customer ("" first), kind and year of origin."""
    query = (
        select(
            CollectionTargetRecord.id,
            CollectionTargetRecord.period,
            Rep.code,
            Rep.name,
            func.coalesce(Department.code, ""),
            CollectionTargetRecord.kind,
            CollectionTargetRecord.origin_year,
            CollectionTargetRecord.amount,
            func.coalesce(Customer.code, ""),
        )
        .join(Rep, Rep.id == CollectionTargetRecord.rep_id)
        .outerjoin(Department, Department.id == Rep.department_id)
        .outerjoin(Customer, Customer.id == CollectionTargetRecord.customer_id)
        .order_by(
            CollectionTargetRecord.period,
            Rep.code,
            func.coalesce(Customer.code, ""),
            CollectionTargetRecord.kind,
            CollectionTargetRecord.origin_year,
        )
    )
    return [TargetRow(*row) for row in session.execute(query)]


def _target_filter(period: str, rep_id: int, kind: str, origin_year: int, customer_id: int | None) -> list[Any]:
    return [
        CollectionTargetRecord.period == period,
        CollectionTargetRecord.rep_id == rep_id,
        CollectionTargetRecord.kind == kind,
        CollectionTargetRecord.origin_year == origin_year,
        CollectionTargetRecord.customer_id.is_(None)
        if customer_id is None
        else CollectionTargetRecord.customer_id == customer_id,
    ]


def put_target(
    session: Session, period: str, rep_id: int, kind: str, origin_year: int, amount: int, customer_id: int | None = None
) -> None:
    """Set the target of a period, rep, kind and year of origin (and customer), replacing the one there."""
    key = _target_key(session, period, rep_id, kind, origin_year, customer_id)
    with audit.watch(session, "collection_target", [key], "target"):
        found = session.execute(
            select(CollectionTargetRecord).where(*_target_filter(period, rep_id, kind, origin_year, customer_id))
        ).scalar_one_or_none()
        if found is None:
            session.add(
                CollectionTargetRecord(
                    period=period, rep_id=rep_id, kind=kind, origin_year=origin_year, amount=amount,
                    customer_id=customer_id,
                )
            )  # fmt: skip
        else:
            found.amount = amount
        session.flush()


def _target_key(
    session: Session, period: str, rep_id: int, kind: str, origin_year: int, customer_id: int | None
) -> str:
    """The target's record key in the audit trail: ``period/rep/kind/year``, then ``/customer`` for a customer's."""
    rep = session.execute(select(Rep.code).where(Rep.id == rep_id)).scalar_one()
    key = f"{period}/{rep}/{kind}/{origin_year}"
    if customer_id is not None:
        key += "/" + session.execute(select(Customer.code).where(Customer.id == customer_id)).scalar_one()
    return key


def delete_target(
    session: Session, period: str, rep_id: int, kind: str, origin_year: int, customer_id: int | None = None
) -> bool:
    """Remove one target row; False when there was none."""
    key = _target_key(session, period, rep_id, kind, origin_year, customer_id)
    with audit.watch(session, "collection_target", [key], "target"):
        result = session.execute(
            delete(CollectionTargetRecord).where(*_target_filter(period, rep_id, kind, origin_year, customer_id))
        )
    return bool(getattr(result, "rowcount", 0))


def open_debt(
    session: Session, as_of: dt.date, rep: str, kind: str, origin_year: int, customer_id: int | None = None
) -> int:
    """Cents open at the end of ``as_of`` on deliveries of a rep (the delivery's, else the customer's), of
    one kind, from one year (0: any year), and of one customer when given."""
    dialect_sql = dialect(session)
    sql = f"""
        WITH o AS ({open_deliveries_sql(dialect_sql, is_current(session, as_of), customer_id is not None)})
        SELECT COALESCE(SUM(o.open), 0)
        FROM o JOIN delivery d ON d.id = o.id
        JOIN customer c ON c.id = d.customer_id
        JOIN rep r ON r.id = COALESCE(d.rep_id, c.rep_id)
        WHERE o.open > 0 AND r.code = :rep AND d.category = :kind
          AND (:year = 0 OR {dialect_sql.year("d.date")} = :year)
    """
    params: dict[str, object] = {"as_of": as_of.isoformat(), "rep": rep, "kind": kind, "year": origin_year}
    if customer_id is not None:
        params["customer_id"] = customer_id
    return int(session.execute(text(sql), params).scalar() or 0)


def collected_from(session: Session, start: dt.date, end: dt.date) -> dict[str, int]:
    """Cents collected from each customer (by code) from ``start`` to ``end``, counted as :func:`collected`."""
    sql = """
        SELECT c.code, SUM(a.amount)
        FROM allocation a
        JOIN delivery d ON d.id = a.delivery_id
        JOIN customer c ON c.id = d.customer_id
        WHERE a.payment_id IS NOT NULL AND a.released_on IS NULL AND a.effective_date BETWEEN :start AND :end
        GROUP BY c.code
    """
    rows = session.execute(text(sql), {"start": start.isoformat(), "end": end.isoformat()})
    return {code: int(amount) for code, amount in rows}


def collected(session: Session, start: dt.date, end: dt.date) -> list[tuple[str, str, int, int]]:
    """Cents collected from ``start`` to ``end``: (rep code, kind of debt, year of origin, cents).

    Collected = payments applied to deliveries, counted on the allocation's effective date,
    for the delivery's rep (else the customer's). Adjustments (returns, write-offs) are not
    money in, and unapplied payments are not yet collected for anyone.
    """
    sql = f"""
        SELECT COALESCE(r.code, ''), d.category, {dialect(session).year("d.date")}, SUM(a.amount)
        FROM allocation a
        JOIN delivery d ON d.id = a.delivery_id
        JOIN customer c ON c.id = d.customer_id
        LEFT JOIN rep r ON r.id = COALESCE(d.rep_id, c.rep_id)
        WHERE a.payment_id IS NOT NULL AND a.released_on IS NULL AND a.effective_date BETWEEN :start AND :end
        GROUP BY 1, 2, 3
    """
    rows = session.execute(text(sql), {"start": start.isoformat(), "end": end.isoformat()})
    return [(code, kind, int(year), int(amount)) for code, kind, year, amount in rows]


# ---------------------------------------------------------------------------- debtors
_RANKS = ("not_due", "dunning", "doubtful", "bad", "dead")


@dataclass(frozen=True, slots=True)
class DebtorRow:
    """A customer with something open, as the priority list and the schedule need it.

    Money in cents. ``due_in_window`` are the due dates of its open deliveries inside the
    window asked for; ``to_collect`` what is due by the window's end; ``late_days`` how many days
    late, on average, it paid the deliveries settled in the year up to the as-of date (None: none).
    """

    code: str
    name: str
    rep: str
    phone: str
    address: str
    open: int
    overdue: int
    days_overdue: int
    debt_class: str
    procedure: str
    distance_km: int | None
    settlement_days: str
    avoid_days: str
    due_in_window: tuple[dt.date, ...]
    to_collect: int
    late_days: int | None = None


def debtors(
    session: Session,
    as_of: dt.date,
    thresholds: ClassThresholds,
    window: tuple[dt.date, dt.date] | None = None,
    rep: str | None = None,
) -> list[DebtorRow]:
    """Every customer with an open delivery as of ``as_of``, aggregated in SQL, by code.

    An item's class is its delivery's override, else its customer's, else by days past due;
    the customer's class is the worst of its items'.
    """
    start, end = window or (as_of, as_of)
    current = is_current(session, as_of)
    dialect_sql = dialect(session)
    days = dialect_sql.days(":as_of", "o.due_date")
    late = dialect_sql.greatest("0", dialect_sql.days("settled_on", "due_date"))
    rank_case = " ".join(f"WHEN '{name}' THEN {n}" for n, name in enumerate(_RANKS))
    sql = f"""
        WITH o AS ({open_deliveries_sql(dialect_sql, current, False)}),
        x AS (
          SELECT o.customer_id, o.open, o.due_date,
                 {days} AS pdays,
                 COALESCE(od.debt_class, oc.debt_class,
                     CASE WHEN o.due_date IS NULL OR {days} < 1 THEN 'not_due'
                          WHEN {days} > :dead THEN 'dead'
                          WHEN {days} > :bad THEN 'bad'
                          WHEN {days} > :doubtful THEN 'doubtful'
                          ELSE 'dunning' END) AS cls
          FROM o
          LEFT JOIN class_override od ON od.delivery_id = o.id
          LEFT JOIN class_override oc ON oc.customer_id = o.customer_id AND oc.delivery_id IS NULL
          WHERE o.open > 0
        ),
        g AS (
          SELECT customer_id, SUM(open) AS open,
                 SUM(CASE WHEN pdays > 0 THEN open ELSE 0 END) AS overdue,
                 MAX(CASE WHEN pdays > 0 THEN pdays ELSE 0 END) AS days,
                 MAX(CASE cls {rank_case} ELSE 0 END) AS cls_rank,
                 {dialect_sql.join_distinct("CASE WHEN due_date BETWEEN :start AND :end THEN due_date END")} AS dues,
                 SUM(CASE WHEN due_date IS NOT NULL AND due_date <= :end THEN open ELSE 0 END) AS to_collect
          FROM x GROUP BY customer_id
        ),
        h AS (
          SELECT customer_id, CAST(ROUND(AVG({late})) AS INTEGER) AS late
          FROM delivery{dialect_sql.indexed_by("ix_delivery_settled_on")}
          WHERE settled_on > :year_ago AND settled_on <= :as_of AND due_date IS NOT NULL AND voided_on IS NULL
          GROUP BY customer_id
        )
        SELECT c.code, c.name, COALESCE(r.code, ''), c.phone, c.address, g.open, g.overdue, g.days, g.cls_rank,
               c.procedure, c.distance_km, c.settlement_days, c.avoid_days, g.dues, g.to_collect, h.late
        FROM g JOIN customer c ON c.id = g.customer_id
        LEFT JOIN h ON h.customer_id = g.customer_id
        LEFT JOIN rep r ON r.id = c.rep_id
        {"WHERE r.code = :rep" if rep is not None else ""}
        ORDER BY c.code
    """
    params: dict[str, object] = {
        "as_of": as_of.isoformat(),
        "year_ago": (as_of - dt.timedelta(days=365)).isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "doubtful": thresholds.doubtful_after,
        "bad": thresholds.bad_after,
        "dead": thresholds.dead_after,
    }
    if rep is not None:
        params["rep"] = rep
    result = []
    for row in session.execute(text(sql), params):
        dues = tuple(sorted(dt.date.fromisoformat(d) for d in (row[13] or "").split(",") if d))
        result.append(
            DebtorRow(
                code=row[0],
                name=row[1],
                rep=row[2],
                phone=row[3],
                address=row[4],
                open=int(row[5]),
                overdue=int(row[6] or 0),
                days_overdue=int(row[7] or 0),
                debt_class=_RANKS[int(row[8] or 0)],
                procedure=row[9],
                distance_km=row[10],
                settlement_days=row[11],
                avoid_days=row[12],
                due_in_window=dues,
                to_collect=int(row[14] or 0),
                late_days=None if row[15] is None else int(row[15]),
            )
        )
    return result


# ---------------------------------------------------------------------------- schedule entries
@dataclass(frozen=True, slots=True)
class EntryRow:
    """A schedule entry with its customer's and rep's codes."""

    id: int
    rep: str
    customer: str
    customer_name: str
    original_on: dt.date
    planned_on: dt.date
    channel: str
    score: int
    amount: int
    reason: str
    state: str
    note: str


def entries(session: Session, start: dt.date, end: dt.date, rep: str | None = None) -> list[EntryRow]:
    """The entries made for the window (by their original date) or now in it, highest score first."""
    query = (
        select(
            ScheduleEntryRecord.id,
            Rep.code,
            Customer.code,
            Customer.name,
            ScheduleEntryRecord.original_on,
            ScheduleEntryRecord.planned_on,
            ScheduleEntryRecord.channel,
            ScheduleEntryRecord.score,
            ScheduleEntryRecord.amount,
            ScheduleEntryRecord.reason,
            ScheduleEntryRecord.state,
            ScheduleEntryRecord.note,
        )
        .join(Rep, Rep.id == ScheduleEntryRecord.rep_id)
        .join(Customer, Customer.id == ScheduleEntryRecord.customer_id)
        .where(
            ((ScheduleEntryRecord.original_on >= start) & (ScheduleEntryRecord.original_on <= end))
            | ((ScheduleEntryRecord.planned_on >= start) & (ScheduleEntryRecord.planned_on <= end))
        )
        .order_by(ScheduleEntryRecord.score.desc(), Customer.code)
    )
    if rep is not None:
        query = query.where(Rep.code == rep)
    return [EntryRow(*tuple(row)) for row in session.execute(query)]


def replace_planned(
    session: Session, start: dt.date, end: dt.date, rep_ids: Sequence[int], new: Sequence[ScheduleEntryRecord]
) -> int:
    """Remove the untouched (``planned``) entries of the window for these reps and add ``new``; returns removed."""
    result = session.execute(
        delete(ScheduleEntryRecord).where(
            ScheduleEntryRecord.state == "planned",
            ScheduleEntryRecord.original_on >= start,
            ScheduleEntryRecord.original_on <= end,
            ScheduleEntryRecord.rep_id.in_(rep_ids),
        )
    )
    session.add_all(new)
    session.flush()
    return int(getattr(result, "rowcount", 0))


CLOSE_WINDOW_DAYS = 31
"""How far back a logged contact reaches to close the customer's schedule entries."""


def close_entries(session: Session, customer_id: int, on: dt.date, note: str) -> int:
    """Mark ``done`` the customer's ``planned`` or ``moved`` entries dated from 31 days before ``on`` to ``on``.

    ``note`` joins any note already there. Returns how many entries were closed.
    """
    found = session.scalars(
        select(ScheduleEntryRecord).where(
            ScheduleEntryRecord.customer_id == customer_id,
            ScheduleEntryRecord.state.in_(("planned", "moved")),
            ScheduleEntryRecord.planned_on >= on - dt.timedelta(days=CLOSE_WINDOW_DAYS),
            ScheduleEntryRecord.planned_on <= on,
        )
    ).all()
    for record in found:
        record.state = "done"
        record.note = "; ".join(part for part in (record.note, note) if part)
    return len(found)


def customer_ids(session: Session, codes: Sequence[str]) -> dict[str, int]:
    """code → id of the customers named."""
    found: dict[str, int] = {}
    unique = sorted(set(codes))
    for n in range(0, len(unique), 500):  # SQLite caps the number of bound parameters
        rows = session.execute(select(Customer.code, Customer.id).where(Customer.code.in_(unique[n : n + 500])))
        found.update({code: id_ for code, id_ in rows})
    return found


def entry(session: Session, entry_id: int) -> ScheduleEntryRecord | None:
    """One schedule entry by id."""
    return session.get(ScheduleEntryRecord, entry_id)


def customer_avoid_days(session: Session, customer_id: int) -> str:
    """The avoided-days text of a customer."""
    return str(session.execute(select(Customer.avoid_days).where(Customer.id == customer_id)).scalar_one())


def customer_details(session: Session, codes: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """code → (name, phone, address) of the customers named."""
    found: dict[str, tuple[str, str, str]] = {}
    unique = sorted(set(codes))
    for n in range(0, len(unique), 500):  # SQLite caps the number of bound parameters
        rows = session.execute(
            select(Customer.code, Customer.name, Customer.phone, Customer.address).where(
                Customer.code.in_(unique[n : n + 500])
            )
        )
        found.update({code: (name, phone, address) for code, name, phone, address in rows})
    return found
