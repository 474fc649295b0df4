"""Incentives in the database: each period's rules, locked results and their seals, the unlock log,
the owner's password hashes and seal keys; and the reads that gather a period's collections, old
overdue items and targets.

The reads aggregate in SQL: only the period's payment allocations and the deliveries open at its
end more than the penalty limit come into Python.
"""

from __future__ import annotations

import base64
import datetime as dt
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import DateTime, Index, String, Text, delete, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.domain.audit import GENESIS
from arddesk.domain.dates import Period, add_months
from arddesk.domain.incentives import CollectedItem, Department, OverdueItem, Person
from arddesk.domain.money import from_minor
from arddesk.store import portable
from arddesk.store.aging import is_current, open_deliveries_sql
from arddesk.store.audit import AuditEntryRecord
from arddesk.store.models import Base, Setting, _now, current_user
from arddesk.store.portable import dialect

PASSWORD_KEY = "owner_password_hash"
RECOVERY_KEY = "owner_recovery_hash"
PASSWORD_WRAP_KEY = "owner_seal_key"
RECOVERY_WRAP_KEY = "owner_recovery_seal_key"
OWNER_SEAL_KEY = "owner_seal"
WRONG_TRIES_KEY = "owner_wrong_tries"
OWNER_KEYS = (PASSWORD_KEY, RECOVERY_KEY, PASSWORD_WRAP_KEY, RECOVERY_WRAP_KEY, OWNER_SEAL_KEY, WRONG_TRIES_KEY)


class IncentiveRulesRecord(Base):
    """The owner's incentive rules for one period, as JSON (see ``domain.incentives.Rules.to_json``)."""

    __tablename__ = "incentive_rules"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    rules: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    updated_by: Mapped[str] = mapped_column(String(64), default=current_user, onupdate=current_user)


class IncentiveResultRecord(Base):
    """A period the owner approved and locked, with the whole result as it was then (JSON)."""

    __tablename__ = "incentive_result"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    locked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    locked_by: Mapped[str] = mapped_column(String(64), default=current_user)
    snapshot: Mapped[str] = mapped_column(Text)
    # HMAC of the snapshot with a key derived from the owner's password (see services.owner)
    seal: Mapped[str | None] = mapped_column(String(64))


class IncentiveUnlockRecord(Base):
    """A locked period the owner opened again: when, who, why, and the snapshot that was unlocked."""

    __tablename__ = "incentive_unlock_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16))
    locked_at: Mapped[dt.datetime] = mapped_column(DateTime)
    locked_by: Mapped[str] = mapped_column(String(64))
    unlocked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    unlocked_by: Mapped[str] = mapped_column(String(64), default=current_user)
    reason: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_incentive_unlock_log_period", "period", "unlocked_at"),)


# ---------------------------------------------------------------------------- rules and locks
def saved_rules(session: Session) -> dict[str, str]:
    """Every period's saved rules JSON by period label."""
    return {
        period: rules
        for period, rules in session.execute(select(IncentiveRulesRecord.period, IncentiveRulesRecord.rules))
    }


def put_rules(session: Session, period: str, rules: str) -> None:
    """Save a period's rules JSON, replacing any."""
    record = session.get(IncentiveRulesRecord, period)
    if record is None:
        session.add(IncentiveRulesRecord(period=period, rules=rules))
    else:
        record.rules = rules


_PACKED = "zlib:"


def _pack(snapshot: str) -> str:
    # A quarter of a large company has many thousands of lines; the JSON shrinks about tenfold.
    return _PACKED + base64.b64encode(zlib.compress(snapshot.encode("utf-8"), 6)).decode("ascii")


def _unpack(stored: str) -> str:
    if stored.startswith(_PACKED):
        return zlib.decompress(base64.b64decode(stored[len(_PACKED) :])).decode("utf-8")
    return stored


@dataclass(frozen=True, slots=True)
class Lock:
    """A locked period: when, by whom, and the result snapshot JSON."""

    period: str
    locked_at: dt.datetime
    locked_by: str
    snapshot: str


def lock_of(session: Session, period: str) -> Lock | None:
    """The lock of a period, if it is locked."""
    record = session.get(IncentiveResultRecord, period)
    if record is None:
        return None
    return Lock(record.period, record.locked_at, record.locked_by, _unpack(record.snapshot))


def lock_stamp(session: Session, period: str) -> tuple[dt.datetime, str] | None:
    """(locked at, locked by) of a locked period, without reading its snapshot."""
    row = session.execute(
        select(IncentiveResultRecord.locked_at, IncentiveResultRecord.locked_by).where(
            IncentiveResultRecord.period == period
        )
    ).first()
    return None if row is None else (row[0], row[1])


def put_lock(session: Session, period: str, snapshot: str) -> Lock:
    """Lock a period with its result snapshot (the caller checked it is not locked, and seals it)."""
    record = IncentiveResultRecord(period=period, snapshot=_pack(snapshot))
    session.add(record)
    session.flush()
    return Lock(record.period, record.locked_at, record.locked_by, snapshot)


@dataclass(frozen=True, slots=True)
class SealedLock:
    """A locked period as stored, with the seal it carries (None: never sealed)."""

    lock: Lock
    seal: str | None


def sealed_locks(session: Session) -> list[SealedLock]:
    """Every locked period with its snapshot and seal, by period."""
    records = session.scalars(select(IncentiveResultRecord).order_by(IncentiveResultRecord.period))
    return [_sealed(record) for record in records]


def _sealed(record: IncentiveResultRecord) -> SealedLock:
    return SealedLock(Lock(record.period, record.locked_at, record.locked_by, _unpack(record.snapshot)), record.seal)


def sealed_lock(session: Session, period: str) -> SealedLock | None:
    """One locked period with its snapshot and seal; None when it is open."""
    record = session.get(IncentiveResultRecord, period)
    return None if record is None else _sealed(record)


def put_seal(session: Session, period: str, seal: str) -> None:
    """Seal a locked period (anew when the owner's seal key changes)."""
    record = session.get(IncentiveResultRecord, period)
    assert record is not None
    record.seal = seal


def remove_lock(session: Session, lock: Lock, reason: str) -> None:
    """Unlock a period, keeping the reason and the snapshot in the unlock log."""
    session.execute(delete(IncentiveResultRecord).where(IncentiveResultRecord.period == lock.period))
    session.add(
        IncentiveUnlockRecord(
            period=lock.period,
            locked_at=lock.locked_at,
            locked_by=lock.locked_by,
            reason=reason,
            snapshot=_pack(lock.snapshot),
        )
    )


@dataclass(frozen=True, slots=True)
class UnlockRow:
    """One unlock of a period: the lock it lifted, who lifted it, when, and why."""

    period: str
    locked_at: dt.datetime
    locked_by: str
    unlocked_at: dt.datetime
    unlocked_by: str
    reason: str


def unlocks(session: Session, period: str) -> list[UnlockRow]:
    """The unlocks of a period, oldest first."""
    rows = session.execute(
        select(
            IncentiveUnlockRecord.period,
            IncentiveUnlockRecord.locked_at,
            IncentiveUnlockRecord.locked_by,
            IncentiveUnlockRecord.unlocked_at,
            IncentiveUnlockRecord.unlocked_by,
            IncentiveUnlockRecord.reason,
        )
        .where(IncentiveUnlockRecord.period == period)
        .order_by(IncentiveUnlockRecord.unlocked_at, IncentiveUnlockRecord.id)
    )
    return [UnlockRow(*row) for row in rows]


# ---------------------------------------------------------------------------- owner secrets
def secret(session: Session, key: str) -> str | None:
    """A stored owner setting (one of ``OWNER_KEYS``), if set."""
    return session.execute(select(Setting.value).where(Setting.key == key)).scalar()


def secrets(session: Session) -> dict[str, str]:
    """Every stored owner setting by key."""
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(OWNER_KEYS)))
    return {key: value for key, value in rows}


def put_secret(session: Session, key: str, value: str) -> None:
    """Store an owner setting under its key, replacing any."""
    session.merge(Setting(key=key, value=value))


# The owner's marks in the audit trail: the trail's own table, read here for the owner's checks.
def trail_has(session: Session, table: str, record: str) -> bool:
    """Whether the audit trail has any entry for a record."""
    found = session.execute(
        select(AuditEntryRecord.id)
        .where(AuditEntryRecord.table_name == table, AuditEntryRecord.record == record)
        .limit(1)
    ).first()
    return found is not None


@dataclass(frozen=True, slots=True)
class Mark:
    """An entry of the trail as the owner's checks read it."""

    id: int
    at: dt.datetime
    user: str
    action: str
    new: str
    reason: str
    prev_hash: str
    hash: str


def marks(session: Session, table: str, record: str, actions: tuple[str, ...], *, last: bool = False) -> list[Mark]:
    """A record's entries with one of ``actions``, oldest first (or only the last one)."""
    query = select(
        AuditEntryRecord.id,
        AuditEntryRecord.at,
        AuditEntryRecord.user,
        AuditEntryRecord.action,
        AuditEntryRecord.new,
        AuditEntryRecord.reason,
        AuditEntryRecord.prev_hash,
        AuditEntryRecord.hash,
    ).where(
        AuditEntryRecord.table_name == table,
        AuditEntryRecord.record == record,
        AuditEntryRecord.action.in_(actions),
    )
    query = query.order_by(AuditEntryRecord.id.desc()).limit(1) if last else query.order_by(AuditEntryRecord.id)
    return [Mark(*row) for row in session.execute(query)]


def trail_tail(session: Session) -> str:
    """The hash of the trail's last entry (the chain's start while it is empty)."""
    session.flush()
    last = session.execute(select(AuditEntryRecord.hash).order_by(AuditEntryRecord.id.desc()).limit(1)).scalar()
    return last or GENESIS


# ---------------------------------------------------------------------------- the period's figures
def people(session: Session) -> tuple[list[Person], list[Department]]:
    """Every rep with their department's code, and every department with its head's rep code."""
    reps = [
        Person(code, name, department)
        for code, name, department in session.execute(
            text(
                "SELECT r.code, r.name, COALESCE(g.code, '') FROM rep r "
                "LEFT JOIN department g ON g.id = r.department_id ORDER BY r.code"
            )
        )
    ]
    departments = [
        Department(code, name, head)
        for code, name, head in session.execute(
            text(
                "SELECT g.code, g.name, COALESCE(h.code, '') FROM department g "
                "LEFT JOIN rep h ON h.id = g.head_rep_id ORDER BY g.code"
            )
        )
    ]
    return reps, departments


# The rep of a delivery is its own, else its customer's; the department is that rep's, else the customer's.
_REP_JOINS = """
    JOIN customer c ON c.id = d.customer_id
    LEFT JOIN rep r ON r.id = COALESCE(d.rep_id, c.rep_id)
    LEFT JOIN department g ON g.id = COALESCE(r.department_id, c.department_id)
"""


def collected_items(session: Session, start: date, end: date) -> list[CollectedItem]:
    """Cash applied to deliveries with an effective date in ``start``..``end``, per payment and delivery.

    Each item carries the payment's own date, and about its delivery: when it was settled, the latest
    date of the payments and adjustments that settled it, and the cash applied to it in all.
    """
    sql = f"""
        SELECT COALESCE(r.code, ''), COALESCE(g.code, ''), p.number, d.number, c.code, a.effective_date,
               d.due_date, a.amount, d.category, d.model, d.amount, d.settled_on, p.date,
               (SELECT COALESCE(SUM(x.amount), 0) FROM allocation x
                 WHERE x.delivery_id = d.id AND x.payment_id IS NOT NULL AND x.released_on IS NULL),
               CASE WHEN d.settled_on IS NOT NULL AND d.voided_on IS NULL THEN
                 (SELECT MAX(COALESCE(xp.date, xa.date)) FROM allocation x
                    LEFT JOIN payment xp ON xp.id = x.payment_id
                    LEFT JOIN adjustment xa ON xa.id = x.adjustment_id
                   WHERE x.delivery_id = d.id AND x.released_on IS NULL) END
        FROM (SELECT payment_id, delivery_id, effective_date, SUM(amount) AS amount
              FROM allocation
              WHERE effective_date BETWEEN :start AND :end AND payment_id IS NOT NULL AND released_on IS NULL
              GROUP BY payment_id, delivery_id, effective_date) a
        JOIN payment p ON p.id = a.payment_id
        JOIN delivery d ON d.id = a.delivery_id
        {_REP_JOINS}
    """
    rows = session.execute(text(sql), {"start": start.isoformat(), "end": end.isoformat()})
    items = []
    for (rep, department, payment, delivery, customer, paid_on, due, amount, category, model, total, settled,
         payment_date, cash, covered) in rows:  # fmt: skip
        paid = portable.optional_day(paid_on)
        assert paid is not None
        items.append(
            CollectedItem(
                rep=rep,
                department=department,
                payment=payment,
                delivery=delivery,
                customer=customer,
                paid_on=paid,
                due_date=portable.optional_day(due),
                amount=from_minor(amount),
                category=category,
                model=model,
                delivery_amount=from_minor(total),
                settled_on=portable.optional_day(settled),
                payment_date=portable.optional_day(payment_date),
                covered_on=portable.optional_day(covered),
                cash=from_minor(cash),
            )
        )
    return items


def overdue_items(session: Session, as_of: date, after_days: int) -> list[OverdueItem]:
    """Deliveries open at ``as_of`` more than ``after_days`` days past due, with their cause of debt."""
    dialect_sql = dialect(session)
    sql = f"""
        WITH o AS ({open_deliveries_sql(dialect_sql, is_current(session, as_of), False)})
        SELECT COALESCE(r.code, ''), d.number, c.code, d.due_date,
               {dialect_sql.days(":as_of", "d.due_date")} AS days, o.open,
               COALESCE(k.cause, ''), COALESCE(k.note, '')
        FROM o JOIN delivery d ON d.id = o.id
        {_REP_JOINS}
        LEFT JOIN debt_cause k ON k.delivery_id = d.id
        WHERE o.open > 0 AND d.due_date IS NOT NULL AND d.due_date < :limit
    """
    limit = date.fromordinal(as_of.toordinal() - after_days)
    params = {"as_of": as_of.isoformat(), "limit": limit.isoformat()}
    items = []
    for rep, number, customer, due, days, open_amount, cause, note in session.execute(text(sql), params):
        due_date = portable.optional_day(due)
        assert due_date is not None
        items.append(OverdueItem(rep, number, customer, due_date, int(days), from_minor(open_amount), cause, note))
    return items


def period_labels_inside(period: Period) -> list[str]:
    """The labels of the period itself and of every month and quarter that lies inside it."""
    labels = {period.label}
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        labels.add(f"{year}-{month:02d}")
        if month % 3 == 1 and date(year, month + 2, 1) <= period.end:
            labels.add(f"{year}Q{(month - 1) // 3 + 1}")
        year, month = add_months(year, month, 1)
    return sorted(labels)


def targets(session: Session, period: Period) -> dict[str, Decimal]:
    """Each rep's collection target for the period: the sum of the target rows whose period lies inside it."""
    labels = period_labels_inside(period)
    marks = ", ".join(f":p{i}" for i in range(len(labels)))
    sql = f"""
        SELECT r.code, SUM(t.amount) FROM collection_target t JOIN rep r ON r.id = t.rep_id
        WHERE t.period IN ({marks}) GROUP BY r.code
    """
    rows = session.execute(text(sql), {f"p{i}": label for i, label in enumerate(labels)})
    return {code: from_minor(amount) for code, amount in rows}
