"""The owner's password, which guards the incentives view and the locking of a period.

Set on first use; stored only as a salted scrypt hash, with a recovery code shown once (also stored
only as a hash). The recovery code resets a forgotten password and is replaced by a new one when used.
"""

from __future__ import annotations

from arddesk.domain.password import (
    hash_secret,
    new_recovery_code,
    normalize_recovery_code,
    password_problems,
    verify_secret,
)
from arddesk.domain.problems import Problem
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import incentives as store
from arddesk.store.db import Database, UnitOfWork

__all__ = ["check_password", "password_is_set", "reset_with_recovery_code", "set_password"]


def password_is_set(db: Database) -> bool:
    """Whether the owner has chosen a password yet."""
    with db.reading() as session:
        return store.secret(session, store.PASSWORD_KEY) is not None


def _store_new(session: UnitOfWork, new: str) -> str:
    code = new_recovery_code()
    store.put_secret(session, store.PASSWORD_KEY, hash_secret(new))
    store.put_secret(session, store.RECOVERY_KEY, hash_secret(code))
    return code


def set_password(db: Database, new: str, *, current: str | None = None) -> str:
    """Set the owner's password (first use), or change it given the current one.

    Returns:
        A new recovery code: show it to the owner once; only its hash is kept.

    Raises:
        Rejected: the new password is too short, or a password is set and ``current`` is wrong.
    """
    reject_if(password_problems(new))
    with db.transaction() as session:
        stored = store.secret(session, store.PASSWORD_KEY)
        if stored is not None and (current is None or not verify_secret(current, stored)):
            raise Rejected([Problem(None, "current password", "", "wrong password")])
        return _store_new(session, new)


def check_password(db: Database, password: str) -> bool:
    """Whether ``password`` is the owner's password (False while none is set)."""
    with db.reading() as session:
        stored = store.secret(session, store.PASSWORD_KEY)
    return stored is not None and verify_secret(password, stored)


def reset_with_recovery_code(db: Database, code: str, new: str) -> str:
    """Set a new password with the recovery code; the code is used up.

    Returns:
        The next recovery code, to be shown once.

    Raises:
        Rejected: the code is wrong (or none was ever issued), or the new password is too short.
    """
    reject_if(password_problems(new))
    with db.transaction() as session:
        stored = store.secret(session, store.RECOVERY_KEY)
        if stored is None or not verify_secret(normalize_recovery_code(code), stored):
            raise Rejected([Problem(None, "recovery code", "", "wrong recovery code")])
        return _store_new(session, new)
