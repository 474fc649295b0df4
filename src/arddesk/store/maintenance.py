"""Checks that a database is sound: SQLite's own and the ledger's."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

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
    "an allocation is dated before its delivery or its payment": """
        SELECT d.number FROM allocation a JOIN delivery d ON d.id = a.delivery_id
        LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id
        WHERE a.effective_date < d.date OR a.effective_date < COALESCE(p.date, j.date) LIMIT 20""",
}


def integrity_problems(session: Session, *, sqlite: bool) -> list[str]:
    """One line per problem found; empty when all is well."""
    problems: list[str] = []
    if sqlite:
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
