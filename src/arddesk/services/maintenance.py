"""Integrity check and backup of a company database."""

from __future__ import annotations

from pathlib import Path

from arddesk.store.db import Database, backup_database
from arddesk.store.maintenance import integrity_problems


def check_database(db: Database) -> list[str]:
    """Look for damage: SQLite's own integrity and foreign-key checks, then the ledger's rules.

    Returns:
        One line per problem found; empty when all is well.
    """
    with db.reading() as session:
        return integrity_problems(session, sqlite=db.is_sqlite)


def backup(db: Database, destination: Path) -> None:
    """Write a consistent copy of the database to ``destination``."""
    backup_database(db, destination)
