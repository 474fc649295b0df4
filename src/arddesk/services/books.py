"""The owner's closing date (QuickBooks' "closing date", GnuCash's lock): the days nobody may change any more."""

from __future__ import annotations

from datetime import date

from arddesk.domain.limits import FIRST_DATE
from arddesk.domain.problems import R_, Problem
from arddesk.services import owner
from arddesk.services.errors import Rejected
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.ledger import BOOKS_CLOSED_KEY, books_closed_through
from arddesk.store.settings import write_settings

__all__ = ["close_books", "close_through"]


def close_through(session: UnitOfWork, through: date, action: str = "close books") -> None:
    """Move the closing date forward to ``through`` (never back) inside a caller's unit of work."""
    current = books_closed_through(session)
    if current is None or through > current:
        write_settings(session, {BOOKS_CLOSED_KEY: through.isoformat()}, action)


def close_books(db: Database, through: date, password: str | None, *, today: date | None = None) -> None:
    """Set the closing date: nothing dated on or before it can be posted, voided or corrected.

    Moving it back opens those days again; the audit trail keeps every change. Once the owner
    has a password, only the owner can do this.

    Args:
        db: the company.
        through: the last closed day.
        password: the owner's password (None for a company that has none yet).
        today: the day it is (for tests); a closing date cannot be after it.

    Raises:
        Rejected: a date after today or before 1900, or a wrong or missing password.
    """
    day = today or date.today()
    if not FIRST_DATE <= through <= day:
        raise Rejected([Problem(None, "through", through.isoformat(), R_("must be between {first} and {last}"),
                                {"first": FIRST_DATE, "last": day})])
    if password is None and owner.password_state(db) is owner.PasswordState.NOT_SET:
        with db.transaction() as session:
            write_settings(session, {BOOKS_CLOSED_KEY: through.isoformat()}, "close books")
        return
    with owner.as_owner(db, password or "", f"close books through {through}") as (session, _key):
        write_settings(session, {BOOKS_CLOSED_KEY: through.isoformat()}, "close books")
