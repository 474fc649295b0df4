"""Integrity check and backup of a company database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from arddesk.store.db import Database, backup_database

_LEDGER_CHECKS = {
    "a delivery's open amount disagrees with its allocations": """
        SELECT d.number FROM delivery d
        WHERE d.open_amount <> d.amount - COALESCE((SELECT SUM(amount) FROM allocation WHERE delivery_id = d.id), 0)
        LIMIT 20""",
    "a payment's unapplied amount disagrees with its allocations": """
        SELECT p.number FROM payment p
        WHERE p.unapplied <> p.amount - COALESCE((SELECT SUM(amount) FROM allocation WHERE payment_id = p.id), 0)
        LIMIT 20""",
    "an adjustment's unapplied amount disagrees with its allocations": """
        SELECT j.number FROM adjustment j
        WHERE j.unapplied <> j.amount - COALESCE((SELECT SUM(amount) FROM allocation WHERE adjustment_id = j.id), 0)
        LIMIT 20""",
    "an allocation joins a delivery and a payment of different customers": """
        SELECT d.number FROM allocation a JOIN delivery d ON d.id = a.delivery_id
        LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id
        WHERE d.customer_id <> COALESCE(p.customer_id, j.customer_id) LIMIT 20""",
}


def check_database(db: Database) -> list[str]:
    """Look for damage: SQLite's own integrity and foreign-key checks, then the ledger's rules.

    Returns:
        One line per problem found; empty when all is well.
    """
    problems: list[str] = []
    with db.reading() as session:
        if db.is_sqlite:
            for (line,) in session.execute(text("PRAGMA integrity_check")):
                if line != "ok":
                    problems.append(f"database: {line}")
            for row in session.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"database: row {row[1]} of {row[0]} points to a missing {row[2]}")
        for what, sql in _LEDGER_CHECKS.items():
            numbers = list(session.scalars(text(sql)))
            if numbers:
                problems.append(f"{what}: {', '.join(numbers)}")
    return problems


def backup(db: Database, destination: Path) -> None:
    """Write a consistent copy of the database to ``destination``."""
    backup_database(db, destination)
