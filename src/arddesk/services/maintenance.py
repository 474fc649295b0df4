"""Integrity check and backup of a company database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from arddesk.store.db import Database, backup_database, damage_found
from arddesk.store.maintenance import integrity_problems


def check_database(db: Database) -> list[str]:
    """Look for damage: SQLite's own integrity and foreign-key checks, then the ledger's rules.

    Returns:
        One line per problem found; empty when all is well.
    """
    try:
        with db.reading() as session:
            return integrity_problems(session, sqlite=db.is_sqlite)
    except Exception as exc:
        damage = damage_found(exc)
        if damage is None:
            raise
        return [f"database: {damage}"]


def backup(db: Database, destination: Path, progress: Callable[[int, int], object] | None = None) -> None:
    """Write a consistent copy of the database to ``destination``.

    ``progress(done, total)`` may raise to stop; then no copy is left behind.
    """
    backup_database(db, destination, progress)
