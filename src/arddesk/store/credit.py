"""Credit control in the database: limit and hold history, the override log, the facts a check needs,
and the customers' unapplied credits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, bindparam, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.store import portable
from arddesk.store.models import Base, Customer, Setting, _now, current_user

_CHUNK = 500


class CreditChange(Base):
    """A change of a customer's credit limit or hold state: who, when, old, new, why."""

    __tablename__ = "credit_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[str] = mapped_column(String(32), default="")
    new_value: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    changed_by: Mapped[str] = mapped_column(String(64), default=current_user)
    __table_args__ = (Index("ix_credit_change_customer", "customer_id", "changed_at"),)


class CreditOverride(Base):
    """A delivery recorded although the credit check blocked it, with the written reason."""

    __tablename__ = "credit_override"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    delivery_number: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int]
    exposure: Mapped[int]
    credit_limit: Mapped[int | None]
    rules: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    overridden_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    overridden_by: Mapped[str] = mapped_column(String(64), default=current_user)
    __table_args__ = (Index("ix_credit_override_at", "overridden_at"),)


@dataclass(frozen=True, slots=True)
class CreditFacts:
    """What the credit check needs to know about a customer on a day; money in cents.

    ``credit`` is the customer's unapplied payments and adjustments. The ``batch_*`` fields are
    the deliveries dated on or before the day that a new delivery requires settled under the
    rolling-batch rule (送二结一): every earlier one still open, except one whose own fixed due
    date is later than the day. ``batch_oldest_*`` name the oldest of them.
    """

    customer_id: int
    code: str
    name: str
    credit_limit: int | None
    hold_state: str
    terms_kind: str
    balance: int
    overdue_past_threshold: int
    oldest_overdue_days: int
    credit: int
    batch_open: int
    batch_count: int
    batch_oldest_number: str
    batch_oldest_date: date | None



def credit_facts(session: Session, code: str, on: date, overdue_days: int) -> CreditFacts | None:
    """The customer's balance and credit, overdue items past ``overdue_days`` as of ``on``, and the
    earlier deliveries still open that the rolling-batch rule wants settled before one more on ``on``."""
    row = session.execute(
        text(
            """
            SELECT c.id, c.code, c.name, c.credit_limit, c.hold_state, t.kind,
              (SELECT COALESCE(SUM(open_amount), 0) FROM delivery WHERE customer_id = c.id AND open_amount > 0),
              (SELECT COALESCE(SUM(unapplied), 0) FROM payment WHERE customer_id = c.id AND unapplied > 0)
              + (SELECT COALESCE(SUM(unapplied), 0) FROM adjustment WHERE customer_id = c.id AND unapplied > 0),
              (SELECT COALESCE(SUM(open_amount), 0) FROM delivery
                 WHERE customer_id = c.id AND open_amount > 0 AND due_date < :limit_day),
              (SELECT MIN(due_date) FROM delivery WHERE customer_id = c.id AND open_amount > 0 AND due_date < :on)
            FROM customer c JOIN terms t ON t.id = c.terms_id WHERE c.code = :code
            """
        ),
        {"code": code, "on": on.isoformat(), "limit_day": date.fromordinal(on.toordinal() - overdue_days).isoformat()},
    ).first()
    if row is None:
        return None
    oldest = portable.optional_day(row[9])
    earlier = [] if row[5] != "batch" else session.execute(
        text(
            "SELECT number, date, open_amount FROM delivery "
            "WHERE customer_id = :id AND open_amount > 0 AND date <= :on "
            "AND (NOT due_fixed OR due_date IS NULL OR due_date <= :on) "
            "ORDER BY date, id"
        ),
        {"id": row[0], "on": on.isoformat()},
    ).all()
    return CreditFacts(
        row[0], row[1], row[2], row[3], row[4], row[5], int(row[6]) - int(row[7]), int(row[8]),
        (on - oldest).days if oldest is not None else 0,
        int(row[7]),
        sum(int(item[2]) for item in earlier),
        len(earlier),
        earlier[0][0] if earlier else "",
        portable.optional_day(earlier[0][1]) if earlier else None,
    )  # fmt: skip


def customer_id(session: Session, code: str) -> int | None:
    """The id of the customer with ``code``."""
    return session.scalar(select(Customer.id).where(Customer.code == code))


def set_limit_and_hold(session: Session, customer: int, limit: int | None, hold: str) -> None:
    """Write a customer's credit limit and hold state."""
    row = session.get(Customer, customer)
    assert row is not None
    row.credit_limit = limit
    row.hold_state = hold


def limit_and_hold(session: Session, customer: int) -> tuple[int | None, str]:
    """A customer's current credit limit and hold state."""
    row = session.execute(select(Customer.credit_limit, Customer.hold_state).where(Customer.id == customer)).one()
    return row[0], row[1]


def hold_states(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """code → hold state of the customers among ``codes`` that exist."""
    found: dict[str, str] = {}
    for start in range(0, len(codes), _CHUNK):
        query = select(Customer.code, Customer.hold_state).where(Customer.code.in_(codes[start : start + _CHUNK]))
        found.update({code: state for code, state in session.execute(query)})
    return found


def add_change(session: Session, customer: int, field: str, old: str, new: str, reason: str) -> None:
    """Keep one change of a limit or hold state."""
    session.add(CreditChange(customer_id=customer, field=field, old_value=old, new_value=new, reason=reason))


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One line of the limit history."""

    changed_at: datetime
    changed_by: str
    customer: str
    field: str
    old_value: str
    new_value: str
    reason: str


def changes(session: Session, code: str | None = None, limit: int = 1000) -> list[ChangeRow]:
    """The limit and hold history, newest first, of one customer or all."""
    query = (
        select(CreditChange.changed_at, CreditChange.changed_by, Customer.code, CreditChange.field,
               CreditChange.old_value, CreditChange.new_value, CreditChange.reason)
        .join(Customer, Customer.id == CreditChange.customer_id)
        .order_by(CreditChange.changed_at.desc(), CreditChange.id.desc())
        .limit(limit)
    )
    if code is not None:
        query = query.where(Customer.code == code)
    return [ChangeRow(*row) for row in session.execute(query)]


def add_override(
    session: Session, customer: int, number: str, amount: int, exposure: int, limit: int | None, rules: str,
    reason: str,
) -> None:
    """Keep one credit override."""
    session.add(CreditOverride(customer_id=customer, delivery_number=number, amount=amount, exposure=exposure,
                               credit_limit=limit, rules=rules, reason=reason))


@dataclass(frozen=True, slots=True)
class OverrideRow:
    """One line of the override log; money in cents."""

    overridden_at: datetime
    overridden_by: str
    customer: str
    customer_name: str
    delivery_number: str
    amount: int
    exposure: int
    credit_limit: int | None
    rules: str
    reason: str


def overrides(session: Session, code: str | None = None, limit: int = 1000) -> list[OverrideRow]:
    """The override log, newest first."""
    query = (
        select(CreditOverride.overridden_at, CreditOverride.overridden_by, Customer.code, Customer.name,
               CreditOverride.delivery_number, CreditOverride.amount, CreditOverride.exposure,
               CreditOverride.credit_limit, CreditOverride.rules, CreditOverride.reason)
        .join(Customer, Customer.id == CreditOverride.customer_id)
        .order_by(CreditOverride.overridden_at.desc(), CreditOverride.id.desc())
        .limit(limit)
    )
    if code is not None:
        query = query.where(Customer.code == code)
    return [OverrideRow(*list(row)) for row in session.execute(query)]


def read_settings(session: Session, prefix: str) -> dict[str, str]:
    """Settings whose key starts with ``prefix``."""
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(prefix)))
    return {key: value for key, value in rows}


@dataclass(frozen=True, slots=True)
class Credit:
    """A payment or adjustment with money not yet applied (cents).

    ``usable_from`` is its date, or the last day a void released its money if later: money a
    void gives back counts again only from the day of that void.
    """

    table: str
    id: int
    number: str
    usable_from: date
    unapplied: int


def credits_of(session: Session, customer_ids: Sequence[int] | None = None) -> dict[int, list[Credit]]:
    """Each customer's payments and adjustments with money not yet applied (of these customers, or all).

    A credit's ``usable_from`` is its date, or the last day a void released its money if later.
    """
    found: dict[int, list[Credit]] = {}
    for table, column in (("payment", "payment_id"), ("adjustment", "adjustment_id")):
        sql = (
            f"SELECT t.customer_id, t.id, t.number, t.date, t.unapplied, "
            f"(SELECT MAX(a.released_on) FROM allocation a WHERE a.{column} = t.id) "
            f"FROM {table} t WHERE t.unapplied > 0"
        )
        if customer_ids is None:
            batches: Iterable[list[int] | None] = [None]
        else:
            wanted = sorted(set(customer_ids))
            batches = [wanted[start : start + _CHUNK] for start in range(0, len(wanted), _CHUNK)]
        for batch in batches:
            statement = text(sql) if batch is None else text(sql + " AND t.customer_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            )
            rows = session.execute(statement, {} if batch is None else {"ids": batch})
            for customer, id_, number, on, unapplied, released in rows:
                day = portable.day(on)
                usable = max(day, portable.optional_day(released) or day)
                found.setdefault(int(customer), []).append(Credit(table, int(id_), number, usable, int(unapplied)))
    return found


def customer_codes(session: Session, customer_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """id → (code, name) of these customers."""
    wanted = sorted(set(customer_ids))
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(Customer.id, Customer.code, Customer.name).where(Customer.id.in_(wanted[start : start + _CHUNK]))
        )
        found.update({id_: (code, name) for id_, code, name in rows})
    return found
