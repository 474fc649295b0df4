"""Integrity check and backup of a company database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from arddesk.domain.problems import R_, Message
from arddesk.services.audit import check_books
from arddesk.store import roles
from arddesk.store.db import Database, backup_database, damage_found
from arddesk.store.maintenance import integrity_problems


def unchecked_tables(db: Database) -> list[str]:
    """The tables :func:`check_database` leaves out, because this login cannot read them in full (a clerk's
    or a rep's on a server: the bonus tables, the owner's settings, other reps' customers); empty for the owner."""
    with db.reading() as session:
        return roles.hidden_tables(session)


def check_database(db: Database) -> list[Message]:
    """Look for damage and outside edits: SQLite's own integrity and foreign-key checks, the ledger's
    rules, then the audit trail (its hash chain, and every sealed record against its last entry).
    What this login cannot read in full is not checked (see :func:`unchecked_tables`).

    Returns:
        One message per problem found (put in words where it is shown); empty when all is well.
    """
    try:
        with db.reading() as session:
            problems = integrity_problems(session, sqlite=db.is_sqlite)
        return problems + [finding.message for finding in check_books(db).findings]
    except Exception as exc:
        damage = damage_found(exc)
        if damage is None:
            raise
        return [Message(R_("database: {problem}"), {"problem": damage})]


def backup(db: Database, destination: Path, progress: Callable[[int, int], object] | None = None) -> None:
    """Write a consistent copy of the database to ``destination``.

    ``progress(done, total)`` may raise to stop; then no copy is left behind.
    """
    backup_database(db, destination, progress)
