"""Follow-up in the database: the contact log, payment promises and their instalments.

Reads stay small on a big company: they touch only contacts and promises (a few per
customer) and the payments and open deliveries of the customers that have promises,
through the ledger's (customer, date) indexes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Select, String, Text, func, or_, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.store import portable
from arddesk.store.aging import allocated_sql
from arddesk.store.models import Audited, Base, Customer, Rep


class ContactRecord(Audited, Base):
    """One visit or call: what the customer said, what came of it, and the next step with its date."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    contact_date: Mapped[date] = mapped_column(Date)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("rep.id"))
    channel: Mapped[str] = mapped_column(String(16))
    excuse: Mapped[str] = mapped_column(String(32), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_on: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("channel IN ('visit','phone','message','email','other')", name="ck_contact_channel"),
        CheckConstraint(
            "excuse IN ('','person_away','no_money','not_payment_day','goods_not_sold',"
            "'quality_complaint','rebate_not_paid','other')",
            name="ck_contact_excuse",
        ),
        Index("ix_contact_customer_date", "customer_id", "contact_date"),
        Index("ix_contact_date", "contact_date"),
        Index("ix_contact_follow_up", "next_on", sqlite_where=text("done = 0 AND next_on IS NOT NULL"),
            postgresql_where=text("NOT done AND next_on IS NOT NULL"),),
    )


class PromiseRecord(Audited, Base):
    """A customer's promise to pay (回款承诺), from a contact when there was one."""

    __tablename__ = "promise"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    made_on: Mapped[date] = mapped_column(Date)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_promise_customer_made_on", "customer_id", "made_on"),
        Index("ix_promise_contact", "contact_id"),
    )


class PromiseInstalmentRecord(Base):
    """An amount (cents) promised by a due date; a promise has one or more."""

    __tablename__ = "promise_instalment"
    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promise.id", ondelete="CASCADE"))
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int]
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_promise_instalment_amount"),
        Index("ix_promise_instalment_promise", "promise_id", "due_date"),
    )



# ---------------------------------------------------------------------------- lookups
def customer_ids(session: Session, codes: Iterable[str]) -> dict[str, int]:
    """{code: id} of the customers with these codes (unknown codes are left out)."""
    wanted = sorted(set(codes))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(select(Customer.code, Customer.id).where(Customer.code.in_(wanted[start : start + 500])))
        found.update({code: id_ for code, id_ in rows})
    return found


def customer_rep(session: Session, customer_id: int) -> int | None:
    """The customer's rep id, or None."""
    return session.execute(select(Customer.rep_id).where(Customer.id == customer_id)).scalar()


def rep_id(session: Session, code: str) -> int | None:
    """The id of the rep with ``code``."""
    return session.execute(select(Rep.id).where(Rep.code == code)).scalar()


def rep_codes(session: Session) -> list[str]:
    """Every rep's code, sorted."""
    return list(session.execute(select(Rep.code).order_by(Rep.code)).scalars())


# ---------------------------------------------------------------------------- writing
def add_contact(
    session: Session,
    *,
    customer_id: int,
    on: date,
    rep: int | None,
    channel: str,
    excuse: str,
    result: str,
    next_step: str,
    next_on: date | None,
) -> int:
    """Record a visit or call and close the customer's earlier follow-ups due by its day; returns its id."""
    session.execute(
        update(ContactRecord)
        .where(
            ContactRecord.customer_id == customer_id,
            ContactRecord.done.is_(False),
            ContactRecord.next_on.is_not(None),
            ContactRecord.next_on <= on,
        )
        .values(done=True, done_on=on)
    )
    record = ContactRecord(
        customer_id=customer_id,
        contact_date=on,
        rep_id=rep,
        channel=channel,
        excuse=excuse,
        result=result,
        next_step=next_step,
        next_on=next_on,
        done=False,
    )
    session.add(record)
    session.flush()
    return record.id


def add_promise(
    session: Session,
    *,
    customer_id: int,
    made_on: date,
    contact_id: int | None,
    note: str,
    instalments: Sequence[tuple[date, int]],
) -> int:
    """Record a promise with its instalments (due date, cents); returns its id."""
    record = PromiseRecord(customer_id=customer_id, made_on=made_on, contact_id=contact_id, note=note)
    session.add(record)
    session.flush()
    session.add_all(
        PromiseInstalmentRecord(promise_id=record.id, due_date=due, amount=amount) for due, amount in instalments
    )
    return record.id


def mark_done(session: Session, contact_id: int, on: date) -> bool:
    """Close a contact's follow-up; False when there is no such contact."""
    result = session.execute(update(ContactRecord).where(ContactRecord.id == contact_id).values(done=True, done_on=on))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- reading contacts
@dataclass(frozen=True, slots=True)
class ContactRow:
    """A contact as listed: codes and texts, with the id of the promise taken there (None if none)."""

    id: int
    on: date
    customer: str
    customer_name: str
    rep: str
    channel: str
    excuse: str
    result: str
    next_step: str
    next_on: date | None
    done: bool
    done_on: date | None
    promise_id: int | None


def _contact_query() -> Select[*tuple[Any, ...]]:
    query: Select[*tuple[Any, ...]] = (
        select(
            ContactRecord.id,
            ContactRecord.contact_date,
            Customer.code,
            Customer.name,
            func.coalesce(Rep.code, ""),
            ContactRecord.channel,
            ContactRecord.excuse,
            ContactRecord.result,
            ContactRecord.next_step,
            ContactRecord.next_on,
            ContactRecord.done,
            ContactRecord.done_on,
            select(func.min(PromiseRecord.id)).where(PromiseRecord.contact_id == ContactRecord.id).scalar_subquery(),
        )
        .join(Customer, Customer.id == ContactRecord.customer_id)
        .outerjoin(Rep, Rep.id == ContactRecord.rep_id)
    )
    return query


def _contact_rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[ContactRow]:
    return [
        ContactRow(
            row[0],
            portable.day(row[1]),
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            portable.optional_day(row[9]),
            bool(row[10]),
            portable.optional_day(row[11]),
            row[12],
        )
        for row in session.execute(query)
    ]


def contacts(
    session: Session,
    *,
    customer_id: int | None = None,
    rep: int | None = None,
    start: date | None = None,
    end: date | None = None,
    search: str = "",
    limit: int = 5000,
) -> list[ContactRow]:
    """Contacts newest first, filtered.

    ``search`` looks in the customer's code and name, the result and the next step.
    """
    query = _contact_query()
    if customer_id is not None:
        query = query.where(ContactRecord.customer_id == customer_id)
    if rep is not None:
        query = query.where(ContactRecord.rep_id == rep)
    if start is not None:
        query = query.where(ContactRecord.contact_date >= start)
    if end is not None:
        query = query.where(ContactRecord.contact_date <= end)
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(
            or_(
                Customer.code.ilike(pattern),
                Customer.name.ilike(pattern),
                ContactRecord.result.ilike(pattern),
                ContactRecord.next_step.ilike(pattern),
            )
        )
    query = query.order_by(ContactRecord.contact_date.desc(), ContactRecord.id.desc()).limit(limit)
    return _contact_rows(session, query)


def follow_ups(session: Session, as_of: date, *, rep: int | None = None) -> list[ContactRow]:
    """Open follow-ups whose next date is on or before ``as_of``, the most overdue first."""
    query = _contact_query().where(
        ContactRecord.done.is_(False), ContactRecord.next_on.is_not(None), ContactRecord.next_on <= as_of
    )
    if rep is not None:
        query = query.where(ContactRecord.rep_id == rep)
    return _contact_rows(session, query.order_by(ContactRecord.next_on, ContactRecord.id))


def latest_contacts(session: Session, as_of: date, customer_ids: Sequence[int] | None = None) -> list[ContactRow]:
    """Each customer's latest contact on or before ``as_of`` (of these customers, or all)."""
    ranked = select(
        ContactRecord.id,
        func.row_number()
        .over(
            partition_by=ContactRecord.customer_id,
            order_by=(ContactRecord.contact_date.desc(), ContactRecord.id.desc()),
        )
        .label("rank"),
    ).where(ContactRecord.contact_date <= as_of)
    if customer_ids is not None:
        ranked = ranked.where(ContactRecord.customer_id.in_(list(customer_ids)))
    latest = ranked.subquery()
    query = _contact_query().join(latest, latest.c.id == ContactRecord.id).where(latest.c.rank == 1)
    return _contact_rows(session, query)


# ---------------------------------------------------------------------------- reading promises
@dataclass(frozen=True, slots=True)
class PromiseRow:
    """A promise with its instalments as (due date, cents) in due-date order."""

    id: int
    customer_id: int
    customer: str
    customer_name: str
    rep: str
    made_on: date
    contact_id: int | None
    note: str
    instalments: tuple[tuple[date, int], ...]


def promises(
    session: Session, *, made_by: date | None = None, customer_ids: Sequence[int] | None = None
) -> list[PromiseRow]:
    """Promises made on or before ``made_by`` (of these customers, or all), oldest first."""
    query = (
        select(
            PromiseRecord.id,
            PromiseRecord.customer_id,
            Customer.code,
            Customer.name,
            func.coalesce(Rep.code, ""),
            PromiseRecord.made_on,
            PromiseRecord.contact_id,
            PromiseRecord.note,
        )
        .join(Customer, Customer.id == PromiseRecord.customer_id)
        .outerjoin(Rep, Rep.id == Customer.rep_id)
        .order_by(PromiseRecord.made_on, PromiseRecord.id)
    )
    if made_by is not None:
        query = query.where(PromiseRecord.made_on <= made_by)
    if customer_ids is not None:
        query = query.where(PromiseRecord.customer_id.in_(list(customer_ids)))
    heads = list(session.execute(query))
    parts: dict[int, list[tuple[date, int]]] = defaultdict(list)
    ids = [row[0] for row in heads]
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(PromiseInstalmentRecord.promise_id, PromiseInstalmentRecord.due_date, PromiseInstalmentRecord.amount)
            .where(PromiseInstalmentRecord.promise_id.in_(ids[start : start + 500]))
            .order_by(PromiseInstalmentRecord.due_date, PromiseInstalmentRecord.id)
        )
        for promise_id, due, amount in rows:
            parts[promise_id].append((portable.day(due), int(amount)))
    return [
        PromiseRow(r[0], r[1], r[2], r[3], r[4], portable.day(r[5]), r[6], r[7], tuple(parts[r[0]])) for r in heads
    ]


def payments_since(session: Session, since: dict[int, date], as_of: date) -> dict[int, list[tuple[date, int]]]:
    """{customer id: [(date, cents)]} of each customer's payments from its date in ``since`` to ``as_of``."""
    found: dict[int, list[tuple[date, int]]] = {}
    statement = text(
        "SELECT date, amount FROM payment WHERE customer_id = :customer AND date >= :since AND date <= :as_of "
        "AND (voided_on IS NULL OR voided_on > :as_of)"
    )
    for customer, first in since.items():
        rows = session.execute(statement, {"customer": customer, "since": first, "as_of": as_of})
        found[customer] = [(portable.day(on), int(amount)) for on, amount in rows]
    return found


def wanted_by(session: Session, customer_id: int, as_of: date, due_by: date) -> int:
    """Cents the customer owed as of ``as_of`` on deliveries due on or before ``due_by`` (credits not netted)."""
    value = session.execute(
        text(
            f"""SELECT COALESCE(SUM(d.amount - {allocated_sql("delivery_id", "d.id")}), 0)
               FROM delivery d
               WHERE d.customer_id = :customer AND d.date <= :as_of AND d.due_date <= :due_by
                 AND (d.settled_on IS NULL OR d.settled_on > :as_of)"""
        ),
        {"customer": customer_id, "as_of": as_of, "due_by": due_by},
    ).scalar()
    return int(value or 0)


def owing_customers(session: Session, as_of: date, *, limit: int) -> list[tuple[int, int, int]]:
    """(customer id, overdue cents, open cents) today of the customers owing most past due, then most (for the demo)."""
    rows = session.execute(
        text(
            f"""SELECT d.customer_id, SUM(CASE WHEN d.due_date < :as_of THEN d.open_amount ELSE 0 END) AS overdue,
                      SUM(d.open_amount) AS owed
               FROM delivery d{portable.dialect(session).indexed_by("ix_delivery_open")}
               WHERE d.open_amount > 0
               GROUP BY d.customer_id ORDER BY overdue DESC, owed DESC, d.customer_id LIMIT :limit"""
        ),
        {"as_of": as_of, "limit": limit},
    )
    return [(int(customer), int(overdue), int(owed)) for customer, overdue, owed in rows]
