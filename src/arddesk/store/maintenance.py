"""Checks that a database is sound: SQLite's own and the ledger's."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from arddesk.domain.problems import R_, Message
from arddesk.store import monthly
from arddesk.store.portable import dialect


def _open_differs(table: str, alias: str, open_column: str, column: str) -> str:
    # What is open is the amount less the allocations not released by a void; nothing of a void document.
    return f"""
        SELECT {alias}.number FROM {table} {alias}
        WHERE {alias}.{open_column} <> CASE WHEN {alias}.voided_on IS NOT NULL THEN 0 ELSE {alias}.amount - COALESCE(
              (SELECT SUM(amount) FROM allocation WHERE {column} = {alias}.id AND released_on IS NULL), 0) END
        LIMIT 20"""


_LEDGER_CHECKS = {
    R_("a delivery's open amount disagrees with its allocations"): _open_differs(
        "delivery", "d", "open_amount", "delivery_id"
    ),
    R_("a payment's unapplied amount disagrees with its allocations"): _open_differs(
        "payment", "p", "unapplied", "payment_id"
    ),
    R_("an adjustment's unapplied amount disagrees with its allocations"): _open_differs(
        "adjustment", "j", "unapplied", "adjustment_id"
    ),
    R_("a void document still has money applied"): """
        SELECT t.number FROM allocation a JOIN delivery t ON t.id = a.delivery_id
        WHERE t.voided_on IS NOT NULL AND a.released_on IS NULL
        UNION SELECT t.number FROM allocation a JOIN payment t ON t.id = a.payment_id
        WHERE t.voided_on IS NOT NULL AND a.released_on IS NULL
        UNION SELECT t.number FROM allocation a JOIN adjustment t ON t.id = a.adjustment_id
        WHERE t.voided_on IS NOT NULL AND a.released_on IS NULL
        UNION SELECT t.number FROM allocation a JOIN refund t ON t.id = a.refund_id
        WHERE t.voided_on IS NOT NULL AND a.released_on IS NULL
        LIMIT 20""",
    R_("a refund is not paid out of exactly its amount of credit"): """
        SELECT r.number FROM refund r
        WHERE r.voided_on IS NULL AND r.amount <> COALESCE(
              (SELECT SUM(amount) FROM allocation WHERE refund_id = r.id AND released_on IS NULL), 0)
        LIMIT 20""",
    R_("a refund pays back another customer's credit, or credit from before it"): """
        SELECT r.number FROM allocation a JOIN refund r ON r.id = a.refund_id
        LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id
        WHERE r.customer_id <> COALESCE(p.customer_id, j.customer_id) OR a.effective_date < COALESCE(p.date, j.date)
           OR a.effective_date < r.date
        LIMIT 20""",
    R_("more is applied to a delivery than its amount"): """
        SELECT d.number FROM delivery d
        WHERE d.amount < (SELECT SUM(amount) FROM allocation WHERE delivery_id = d.id AND released_on IS NULL)
        LIMIT 20""",
    R_("an allocation joins a delivery and a payment of different customers"): """
        SELECT d.number FROM allocation a JOIN delivery d ON d.id = a.delivery_id
        LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id
        WHERE d.customer_id <> COALESCE(p.customer_id, j.customer_id) LIMIT 20""",
    R_("an allocation is dated before its delivery or its payment"): """
        SELECT d.number FROM allocation a JOIN delivery d ON d.id = a.delivery_id
        LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id
        WHERE a.effective_date < d.date OR a.effective_date < COALESCE(p.date, j.date) LIMIT 20""",
}


def integrity_problems(session: Session, *, sqlite: bool) -> list[Message]:
    """One message per problem found (SQLite's own words for its findings, as data); empty when all is well."""
    problems: list[Message] = []
    if sqlite:
        for (line,) in session.execute(text("PRAGMA integrity_check")):
            if line != "ok":
                problems.append(Message(R_("database: {problem}"), {"problem": line}))
        for row in session.execute(text("PRAGMA foreign_key_check")):
            problems.append(
                Message(
                    R_("database: row {row} of {table} points to a missing {parent}"),
                    {"row": row[1], "table": row[0], "parent": row[2]},
                )
            )
    for what, sql in _LEDGER_CHECKS.items():
        numbers = list(session.scalars(text(sql)))
        if numbers:
            problems.append(Message(R_("{what}: {numbers}"), {"what": Message(what), "numbers": ", ".join(numbers)}))
    months = monthly.drift(session, dialect(session))
    if months:
        problems.append(
            Message(
                R_("the monthly sums of deliveries disagree with the deliveries: {months}"),
                {"months": ", ".join(months)},
            )
        )
    return problems
