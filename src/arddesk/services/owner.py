"""The owner's password, which guards the owner's figures, and the seals only it can make.

The password and a recovery code (shown once) are stored as salted scrypt hashes. A wrong password
makes the next try wait (1 s, 2 s, 4 s… up to a minute), counted in the company file so that
repeated command-line runs slow down too. The recovery code sets a new password; it is used up,
and the reset is written in the audit trail and shown to the owner.

Seals: a random key, kept only wrapped by the password and by the recovery code, signs (HMAC) what
someone editing the file could otherwise rewrite with plain hashes: every locked period, the
owner's settings, and a *checkpoint* of the audit trail written each time the owner acts with the
password (the HMAC of the chain's last hash at that moment). A new key is made whenever the
password changes; what the old key sealed and still verifies is sealed again with the new one.
The owner's check (:func:`verify_seals`) needs the password.
"""

from __future__ import annotations

import datetime as dt
import hmac
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum

from arddesk.domain.audit import canonical, seal
from arddesk.domain.password import (
    hash_secret,
    new_recovery_code,
    new_seal_key,
    normalize_recovery_code,
    password_problems,
    retry_delay,
    unwrap_key,
    verify_secret,
    wrap_key,
)
from arddesk.domain.problems import R_, Message, Problem
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import audit
from arddesk.store import incentives as store
from arddesk.store.audit import Finding
from arddesk.store.db import Database, UnitOfWork

__all__ = [
    "Clock",
    "OwnerKey",
    "PasswordState",
    "ResetNotice",
    "acknowledge_reset",
    "as_owner",
    "check_password",
    "clock",
    "last_reset",
    "lock_seal",
    "password_is_set",
    "password_state",
    "reset_notice",
    "reset_with_recovery_code",
    "seconds_to_wait",
    "set_password",
    "sign_in",
    "verify_seals",
]

PASSWORD_SET = "owner password set"
PASSWORD_RESET = "owner password reset"
RESET_SEEN = "owner saw the reset"
CHECKPOINT = "sealed checkpoint"
_CHECKPOINT = ("audit_entry", "checkpoint")
# Not ("setting", "owner_password_hash"): the check reads an entry there with no values as the row's removal.
_PASSWORD_EVENTS = ("owner", "password")
_SECRETS = (store.PASSWORD_KEY, store.RECOVERY_KEY, store.PASSWORD_WRAP_KEY, store.RECOVERY_WRAP_KEY)
WRONG_PASSWORD = R_("wrong password")
"""The reason a wrong owner's password is refused (the window tells it from other refusals)."""
WRONG_RECOVERY_CODE = R_("wrong recovery code")
"""The reason a wrong recovery code is refused."""
REMOVED = R_("the owner's password was removed outside arddesk; run arddesk check")
TAMPERED = R_("the owner's password or its seals were changed outside arddesk; run arddesk check")
REMOVED_FINDING = Finding(
    "setting",
    store.PASSWORD_KEY,
    "",
    Message(R_("removed outside arddesk (the audit trail says the owner set a password)")),
)


class PasswordState(Enum):
    """Whether the owner has a password: not yet, yes, or one the trail knows of that is gone."""

    NOT_SET = "not set"
    SET = "set"
    REMOVED = "removed"


class Clock:
    """The time as the delay after a wrong password sees it; tests put their own in :data:`clock`."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    def sleep(self, seconds: float) -> None:
        """Wait."""
        time.sleep(seconds)


clock = Clock()


@dataclass(frozen=True, slots=True)
class OwnerKey:
    """What the owner's password opens: the hash it matched and the seal key (None: none made yet)."""

    password_hash: str = field(repr=False)
    seal_key: bytes | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class ResetNotice:
    """A reset of the owner's password with the recovery code: when, by whom, why."""

    at: dt.datetime
    user: str
    reason: str


def _refused(column: str, reason: str) -> Rejected:
    return Rejected([Problem(None, column, "", reason)])


def _state(session: UnitOfWork, values: Mapping[str, str]) -> PasswordState:
    if store.PASSWORD_KEY in values:
        return PasswordState.SET
    # arddesk never deletes the password's row: if the trail knows it, it was removed behind arddesk's back.
    if store.trail_has(session, "setting", store.PASSWORD_KEY) or store.trail_has(session, *_CHECKPOINT):
        return PasswordState.REMOVED
    return PasswordState.NOT_SET


def password_state(db: Database) -> PasswordState:
    """Whether the owner has chosen a password, or had one that was removed outside arddesk."""
    with db.reading() as session:
        return _state(session, store.secrets(session))


def password_is_set(db: Database) -> bool:
    """Whether the owner has chosen a password yet.

    Raises:
        Rejected: the audit trail says a password was set, and it is gone.
    """
    state = password_state(db)
    if state is PasswordState.REMOVED:
        raise _refused("password", REMOVED)
    return state is PasswordState.SET


# ---------------------------------------------------------------- wrong passwords wait


def _wrong_tries(values: Mapping[str, str]) -> tuple[int, float]:
    try:
        count, at = values.get(store.WRONG_TRIES_KEY, "").split()
        return int(count), float(at)
    except ValueError:
        return 0, 0.0


def _remaining(values: Mapping[str, str]) -> float:
    count, at = _wrong_tries(values)
    return max(0.0, at + retry_delay(count) - clock.now()) if count else 0.0


def seconds_to_wait(db: Database) -> float:
    """How long before the next password or recovery code may be tried (0: now)."""
    with db.reading() as session:
        return _remaining(store.secrets(session))


def _write(session: UnitOfWork, values: Mapping[str, str], action: str, reason: str = "") -> None:
    with audit.watch(session, "setting", values, action, reason):
        for key, value in values.items():
            store.put_secret(session, key, value)


def _try(db: Database, column: str, given: str) -> dict[str, str]:
    """Wait out the delay, then check ``given`` against the hash under ``column``; the owner's settings when right.

    Raises:
        Rejected: wrong, no password set, or the password was removed outside arddesk.
    """
    with db.reading() as session:
        values = store.secrets(session)
        state = _state(session, values)
    if state is PasswordState.REMOVED:
        raise _refused("password", REMOVED)
    wrong = WRONG_RECOVERY_CODE if column == store.RECOVERY_KEY else WRONG_PASSWORD
    stored = values.get(column)
    if stored is None and column == store.PASSWORD_KEY:
        raise _refused("password", R_("set the owner's password first"))
    if stored is None:
        raise _refused("recovery code", wrong)
    remaining = _remaining(values)
    if remaining > 0:
        clock.sleep(remaining)
    right = verify_secret(given, stored)
    if not right or _wrong_tries(values)[0]:
        with db.transaction() as session:
            count = _wrong_tries(store.secrets(session))[0]
            tries = "0 0" if right else f"{count + 1} {clock.now():.3f}"
            _write(session, {store.WRONG_TRIES_KEY: tries}, "owner sign-in" if right else wrong)
    if not right:
        raise _refused("recovery code" if column == store.RECOVERY_KEY else "password", wrong)
    return values


def check_password(db: Database, password: str) -> bool:
    """Whether ``password`` is the owner's password (False while none is set).

    A wrong one is counted: the next try waits (see :data:`clock`).

    Raises:
        Rejected: the password was removed outside arddesk.
    """
    if not password_is_set(db):
        return False
    try:
        _try(db, store.PASSWORD_KEY, password)
    except Rejected:
        return False
    return True


def sign_in(db: Database, password: str) -> OwnerKey:
    """The owner's key, given the owner's password (for the window, which keeps it while open).

    Raises:
        Rejected: wrong password, none set, or removed outside arddesk.
    """
    values = _try(db, store.PASSWORD_KEY, password)
    wrapped = values.get(store.PASSWORD_WRAP_KEY)
    return OwnerKey(values[store.PASSWORD_KEY], None if wrapped is None else unwrap_key(password, wrapped))


# ---------------------------------------------------------------- seals


def lock_seal(key: bytes, lock: store.Lock) -> str:
    """The seal of a locked period: its period, when and by whom it was locked, and its snapshot."""
    return seal(key, "lock", lock.period, canonical(lock.locked_at), lock.locked_by, lock.snapshot)


def _key_id(key: bytes) -> str:
    return seal(key, "seal key")[:12]


def _owner_seal(key: bytes, values: Mapping[str, str], anchor: str) -> str:
    return seal(key, "owner", *(values.get(name, "") for name in _SECRETS), anchor)


def _anchor(session: UnitOfWork) -> str:
    """The hash of the trail's last sealed checkpoint ("" when there is none)."""
    last = store.marks(session, *_CHECKPOINT, (CHECKPOINT,), last=True)
    return last[0].hash if last else ""


def _same(stored: str | None, expected: str) -> bool:
    return stored is not None and hmac.compare_digest(stored, expected)


def _seal_trail(session: UnitOfWork, key: bytes, what: str) -> None:
    """A sealed checkpoint of the trail as it stands, and the owner's settings sealed with it."""
    mac = seal(key, "checkpoint", store.trail_tail(session))
    audit.note(session, CHECKPOINT, *_CHECKPOINT, reason=what, new=f"{_key_id(key)}:{mac}")
    anchor = store.trail_tail(session)
    _write(session, {store.OWNER_SEAL_KEY: _owner_seal(key, store.secrets(session), anchor)}, "owner seal")


def _changed_locks(session: UnitOfWork) -> set[str]:
    """The locked periods whose rows differ from what the audit trail says."""
    return {finding.record for finding in audit.verify_records(session, ["incentive_result"])}


def _reseal_locks(session: UnitOfWork, old: bytes | None, new: bytes) -> None:
    """Seal the locked periods with a new key: those the old key's seal vouches for.

    Without the old key (a password set before seals existed), the audit trail vouches instead.
    A lock neither vouches for keeps its seal, which stays wrong, so the check still finds it.
    """
    locks = store.sealed_locks(session)
    changed = set() if old is not None or not locks else _changed_locks(session)
    for item in locks:
        good = _same(item.seal, lock_seal(old, item.lock)) if old is not None else item.lock.period not in changed
        if good:
            with audit.watch(session, "incentive_result", [item.lock.period], "seal"):
                store.put_seal(session, item.lock.period, lock_seal(new, item.lock))


def _stored_key(session: UnitOfWork, values: Mapping[str, str], secret: str, wrap_name: str) -> bytes | None:
    """The seal key unwrapped with the password or the recovery code (None: a password from before seals).

    Raises:
        Rejected: the seal key is missing though the trail was sealed, or the owner's seal does not hold.
    """
    wrapped = values.get(wrap_name)
    if wrapped is None:
        if store.trail_has(session, *_CHECKPOINT) and wrap_name == store.PASSWORD_WRAP_KEY:
            raise _refused("password", TAMPERED)
        return None
    key = unwrap_key(secret, wrapped)
    if key is None or not _same(values.get(store.OWNER_SEAL_KEY), _owner_seal(key, values, _anchor(session))):
        raise _refused("password", TAMPERED)
    return key


@contextmanager
def as_owner(db: Database, password: str, what: str) -> Iterator[tuple[UnitOfWork, bytes]]:
    """One transaction done by the owner: the password checked, the seal key at hand, the trail sealed at the end.

    Args:
        db: the company.
        password: the owner's password as typed.
        what: what the owner does (kept with the checkpoint), e.g. ``lock 2026Q4``.

    Raises:
        Rejected: wrong password, none set, or the owner's password or seals were changed outside arddesk.
    """
    seen = _try(db, store.PASSWORD_KEY, password)
    with db.transaction() as session:
        values = store.secrets(session)
        if values.get(store.PASSWORD_KEY) != seen[store.PASSWORD_KEY]:
            raise _refused("password", WRONG_PASSWORD)  # changed by someone else meanwhile
        key = _stored_key(session, values, password, store.PASSWORD_WRAP_KEY)
        if key is None:
            key = new_seal_key()
            _write(session, {store.PASSWORD_WRAP_KEY: wrap_key(password, key)}, "owner seal key")
            _reseal_locks(session, None, key)
        yield session, key
        _seal_trail(session, key, what)


def _store_new(session: UnitOfWork, old_key: bytes | None, new: str) -> tuple[str, bytes]:
    """A new password, recovery code and seal key; the locks sealed again. Returns the code and the key."""
    code = new_recovery_code()
    key = new_seal_key()
    secrets = {
        store.PASSWORD_KEY: hash_secret(new),
        store.RECOVERY_KEY: hash_secret(code),
        store.PASSWORD_WRAP_KEY: wrap_key(new, key),
        store.RECOVERY_WRAP_KEY: wrap_key(code, key),
    }
    _write(session, secrets, "owner password")
    _reseal_locks(session, old_key, key)
    return code, key


def set_password(db: Database, new: str, *, current: str | None = None) -> str:
    """Set the owner's password (first use), or change it given the current one.

    Returns:
        A new recovery code: show it to the owner once; only its hash is kept.

    Raises:
        Rejected: the new password is too short, a password is set and ``current`` is wrong, or
            the password was removed or changed outside arddesk.
    """
    reject_if(password_problems(new))
    if current is None:
        with db.transaction() as session:
            state = _state(session, store.secrets(session))
            if state is PasswordState.REMOVED:
                raise _refused("password", REMOVED)
            if state is PasswordState.SET:
                raise _refused("current password", WRONG_PASSWORD)
            code, key = _store_new(session, None, new)
            audit.note(session, PASSWORD_SET, *_PASSWORD_EVENTS)
            _seal_trail(session, key, "set the owner's password")
            return code
    seen = _try(db, store.PASSWORD_KEY, current)
    with db.transaction() as session:
        values = store.secrets(session)
        if values.get(store.PASSWORD_KEY) != seen[store.PASSWORD_KEY]:
            raise _refused("current password", WRONG_PASSWORD)
        code, key = _store_new(session, _stored_key(session, values, current, store.PASSWORD_WRAP_KEY), new)
        audit.note(session, PASSWORD_SET, *_PASSWORD_EVENTS)
        _seal_trail(session, key, "change the owner's password")
        return code


def reset_with_recovery_code(db: Database, code: str, new: str, *, reason: str = "") -> str:
    """Set a new password with the recovery code; the code is used up, and the reset is in the audit trail.

    Returns:
        The next recovery code, to be shown once.

    Raises:
        Rejected: the code is wrong (or none was ever issued), the new password is too short, or
            the owner's password or seals were changed outside arddesk.
    """
    reject_if(password_problems(new))
    typed = normalize_recovery_code(code)
    seen = _try(db, store.RECOVERY_KEY, typed)
    with db.transaction() as session:
        values = store.secrets(session)
        if values.get(store.RECOVERY_KEY) != seen[store.RECOVERY_KEY]:
            raise _refused("recovery code", WRONG_RECOVERY_CODE)
        old_key = _stored_key(session, values, typed, store.RECOVERY_WRAP_KEY)
        next_code, key = _store_new(session, old_key, new)
        audit.note(session, PASSWORD_RESET, *_PASSWORD_EVENTS, reason=reason.strip() or "forgotten password")
        _seal_trail(session, key, "reset the owner's password with the recovery code")
        return next_code


def last_reset(db: Database) -> ResetNotice | None:
    """The last reset with the recovery code, unless the owner chose a password since."""
    with db.reading() as session:
        found = store.marks(session, *_PASSWORD_EVENTS, (PASSWORD_SET, PASSWORD_RESET), last=True)
    if not found or found[0].action != PASSWORD_RESET:
        return None
    return ResetNotice(found[0].at, found[0].user, found[0].reason)


def reset_notice(db: Database) -> ResetNotice | None:
    """The reset the owner should be told of at the next sign-in: the last one, until marked as seen."""
    with db.reading() as session:
        found = store.marks(session, *_PASSWORD_EVENTS, (PASSWORD_SET, PASSWORD_RESET, RESET_SEEN), last=True)
    if not found or found[0].action != PASSWORD_RESET:
        return None
    return ResetNotice(found[0].at, found[0].user, found[0].reason)


def acknowledge_reset(db: Database) -> None:
    """The owner has seen the notice of a reset (kept in the audit trail)."""
    with db.transaction() as session:
        audit.note(session, RESET_SEEN, *_PASSWORD_EVENTS)


# ---------------------------------------------------------------- the owner's check


def verify_seals(db: Database, password: str) -> list[Finding]:
    """The owner's check: every locked period, the owner's settings and every checkpoint of the trail.

    A checkpoint proves the trail up to it unchanged only together with the chain check
    (``store.audit.verify_chain``), which ``arddesk check`` runs as well.

    Returns:
        One finding per seal that does not hold; empty when all hold (or nothing was sealed yet).

    Raises:
        Rejected: wrong password, or none set.
    """
    if password_state(db) is PasswordState.REMOVED:
        return [REMOVED_FINDING]
    _try(db, store.PASSWORD_KEY, password)
    with db.reading() as session:
        values = store.secrets(session)
        checkpoints = store.marks(session, *_CHECKPOINT, (CHECKPOINT,))
        locks = store.sealed_locks(session)
    wrapped = values.get(store.PASSWORD_WRAP_KEY)
    if wrapped is None:
        if checkpoints or any(item.seal for item in locks):
            return [
                Finding("setting", store.PASSWORD_WRAP_KEY, "", Message(R_("the seal key was removed outside arddesk")))
            ]
        return []  # a password from before seals: nothing sealed yet
    key = unwrap_key(password, wrapped) or b""
    findings = []
    anchor = checkpoints[-1].hash if checkpoints else ""
    if not _same(values.get(store.OWNER_SEAL_KEY), _owner_seal(key, values, anchor)):
        findings.append(
            Finding(
                "setting",
                store.OWNER_SEAL_KEY,
                "",
                Message(
                    R_(
                        "the owner's password, recovery code, seal key or the last sealed checkpoint was changed "
                        "outside arddesk"
                    )
                ),
            )
        )
    current = _key_id(key)
    for mark in checkpoints:
        key_id, _, mac = mark.new.partition(":")
        # A checkpoint sealed before the password last changed has a key that is gone; a later one covers it.
        if key_id == current and not _same(mac, seal(key, "checkpoint", mark.prev_hash)):
            findings.append(
                Finding(
                    "audit_entry",
                    str(mark.id),
                    "",
                    Message(R_("the audit trail up to this sealed checkpoint was rewritten")),
                )
            )
    for item in locks:
        if not _same(item.seal, lock_seal(key, item.lock)):
            findings.append(
                Finding(
                    "incentive_result",
                    item.lock.period,
                    "snapshot",
                    Message(R_("the locked result was changed outside arddesk: its seal does not match")),
                )
            )
    return findings
