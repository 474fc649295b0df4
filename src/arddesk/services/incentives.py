"""The owner's incentives: each period's rules, the bonus of every rep and department head with
the lines behind it, and approving and locking a period (guarded by the owner's password).

A locked period's result is a snapshot: it never changes when the ledger changes later. Unlocking
needs the password and a reason, both kept in the unlock log with the snapshot that was unlocked.
Rules, locks and unlocks are written in the audit trail; a lock is sealed with the owner's key
(see :mod:`arddesk.services.owner`), so a snapshot edited outside arddesk shows as tampered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from arddesk.domain import incentives as rules_domain
from arddesk.domain.dates import Period
from arddesk.domain.incentives import Result, Rules
from arddesk.domain.limits import FIRST_DATE
from arddesk.domain.problems import R_, InvalidValue, Message, Problem
from arddesk.services import owner
from arddesk.services.books import close_through
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import audit
from arddesk.store import incentives as store
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.incentives import UnlockRow

__all__ = [
    "LockInfo",
    "UnlockRow",
    "calculate",
    "lock",
    "lock_info",
    "parse_period",
    "rules_for",
    "save_rules",
    "unlock",
    "unlock_history",
]


def parse_period(period: Period | str) -> Period:
    """A period from its label (``2026Q4``, ``2026-12``) or as given.

    Raises:
        Rejected: when the label is not a period.
    """
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except InvalidValue as exc:
        raise Rejected([exc.problem(None, "period", period)]) from exc


def _rules_in(session: UnitOfWork, period: Period) -> Rules:
    saved = store.saved_rules(session)
    if period.label in saved:
        return Rules.from_json(saved[period.label])
    earlier: list[tuple[dt.date, dt.date, str]] = []
    for label, text in saved.items():
        try:
            other = Period.parse(label)
        except InvalidValue:
            continue
        if other.start < period.start:
            earlier.append((other.start, other.end, text))
    if earlier:
        return Rules.from_json(max(earlier)[2])
    return Rules()


def rules_for(db: Database, period: Period | str) -> Rules:
    """The rules of a period: its own saved rules, else the latest earlier period's, else the defaults."""
    chosen = parse_period(period)
    with db.reading() as session:
        return _rules_in(session, chosen)


def save_rules(db: Database, period: Period | str, rules: Rules) -> None:
    """Save the owner's rules for a period.

    Raises:
        Rejected: the period is locked, or with one problem per bad value (nothing is saved).
    """
    chosen = parse_period(period)
    reject_if(rules.problems())
    with db.transaction() as session:
        if store.lock_stamp(session, chosen.label) is not None:
            raise Rejected([Problem(None, "period", chosen.label, R_("is locked: unlock it to change its rules"))])
        with audit.watch(session, "incentive_rules", [chosen.label], "rules"):
            store.put_rules(session, chosen.label, rules.to_json())


def _compute(session: UnitOfWork, period: Period) -> Result:
    rules = _rules_in(session, period)
    reps, departments = store.people(session)
    return rules_domain.calculate(
        period,
        rules,
        reps,
        departments,
        store.collected_items(session, period.start, period.end),
        store.overdue_items(session, period.end, rules.penalty_after_days),
        store.targets(session, period),
    )


def _locked_result(found: store.Lock) -> Result:
    return replace(Result.from_json(found.snapshot), locked_at=found.locked_at, locked_by=found.locked_by)


def calculate(db: Database, period: Period | str) -> Result:
    """Every rep's and department head's bonus for a month or quarter, with the lines behind each figure.

    A locked period gives its snapshot, exactly as it was locked (``locked_at`` set); otherwise the
    result is computed from the ledger now with :func:`rules_for` the period.
    """
    chosen = parse_period(period)
    with db.reading() as session:
        found = store.lock_of(session, chosen.label)
        if found is not None:
            return _locked_result(found)
        return _compute(session, chosen)


@dataclass(frozen=True, slots=True)
class LockInfo:
    """A locked period: when and by whom, and what is wrong with it (None when its figures are as locked)."""

    period: str
    locked_at: dt.datetime
    locked_by: str
    problem: Message | None = None


def _lock_problem(session: UnitOfWork, period: str, key: owner.OwnerKey | None) -> Message | None:
    for finding in audit.verify_records(session, ["incentive_result"]):
        if finding.record == period:
            return finding.what
    sealed = store.sealed_lock(session, period)
    if sealed is None:
        return None
    if sealed.seal is None and store.secret(session, store.PASSWORD_WRAP_KEY) is not None:
        return Message(R_("changed outside arddesk: the lock has no seal"))
    if key is not None and key.seal_key is not None and sealed.seal != owner.lock_seal(key.seal_key, sealed.lock):
        return Message(R_("changed outside arddesk: its seal does not match"))
    return None


def lock_info(db: Database, period: Period | str, key: owner.OwnerKey | None = None) -> LockInfo | None:
    """When and by whom a period was locked, and whether it was tampered with; None when it is open.

    The row is compared with the audit trail; given the owner's key (:func:`owner.sign_in`), its seal too.
    """
    chosen = parse_period(period)
    with db.reading() as session:
        stamp = store.lock_stamp(session, chosen.label)
        if stamp is None:
            return None
        return LockInfo(chosen.label, *stamp, problem=_lock_problem(session, chosen.label, key))


def lock(db: Database, period: Period | str, password: str, *, today: dt.date | None = None) -> Result:
    """Approve and lock a period: its result as computed now is kept, sealed, and shown from then on.

    The period's rules are saved with it (so a later change to an earlier period's rules cannot
    change them either), and the books are closed through the period's end.

    Raises:
        Rejected: wrong owner password (or none set), a period not yet over (``today`` is the day it
            is, default the real today), or the period is already locked.
    """
    chosen = parse_period(period)
    label = chosen.label
    if chosen.end > (today or dt.date.today()) or chosen.start < FIRST_DATE:
        raise Rejected([Problem(None, "period", label, R_("only a period that has ended can be locked"))])
    with owner.as_owner(db, password, f"lock {label}") as (session, key):
        if store.lock_stamp(session, label) is not None:
            raise Rejected([Problem(None, "period", label, R_("is already locked"))])
        result = _compute(session, chosen)
        with audit.watch(session, "incentive_rules", [label], "lock"):
            store.put_rules(session, label, result.rules.to_json())
        with audit.watch(session, "incentive_result", [label], "lock"):
            found = store.put_lock(session, label, result.to_json())
            store.put_seal(session, label, owner.lock_seal(key, found))
        # The locked figures stand on the period's documents: nobody may change those any more.
        close_through(session, chosen.end, f"lock {label}")
    return replace(result, locked_at=found.locked_at, locked_by=found.locked_by)


def unlock(db: Database, period: Period | str, password: str, reason: str) -> None:
    """Open a locked period again; the reason and the unlocked snapshot are kept.

    Raises:
        Rejected: no reason, wrong owner password, or the period is not locked.
    """
    chosen = parse_period(period)
    if not reason.strip():
        raise Rejected([Problem(None, "reason", reason, R_("a reason is required to unlock a period"))])
    with owner.as_owner(db, password, f"unlock {chosen.label}") as (session, _key):
        found = store.lock_of(session, chosen.label)
        if found is None:
            raise Rejected([Problem(None, "period", chosen.label, R_("is not locked"))])
        with audit.watch(session, "incentive_result", [chosen.label], "unlock", reason.strip()):
            store.remove_lock(session, found, reason.strip())


def unlock_history(db: Database, period: Period | str) -> list[UnlockRow]:
    """Every unlock of a period, oldest first: the lock lifted, who lifted it, when and why."""
    chosen = parse_period(period)
    with db.reading() as session:
        return store.unlocks(session, chosen.label)
