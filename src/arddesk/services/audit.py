"""The audit trail for people: list it, export it, show one record's history; and check the books.

Every change to the books writes entries (see ``store.audit``); nothing here changes them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from arddesk.domain.problems import R_, Message
from arddesk.store import audit as store
from arddesk.store import roles
from arddesk.store.audit import CLERK_ENVIRONMENT, AuditRow, Finding, operator
from arddesk.store.db import Database

__all__ = [
    "AUDIT_COLUMNS", "CLERK_ENVIRONMENT", "AuditRow", "CheckResult", "Finding", "as_table_row", "audit_rows",
    "check_books", "count_audit_rows", "history", "operator", "quick_check",
]

AUDIT_COLUMNS = ["at", "user", "action", "table", "record", "field", "old", "new", "reason"]
"""The columns of ``arddesk audit`` (shared/contracts.md)."""


def audit_rows(
    db: Database,
    *,
    since: dt.date | None = None,
    search: str = "",
    limit: int | None = None,
    newest_first: bool = False,
    offset: int = 0,
) -> list[AuditRow]:
    """Entries of the audit trail, optionally since a day, matching a text, newest first, at most ``limit``.

    ``offset`` skips that many of them first: the window can read a long trail a page at a time.
    """
    with db.reading() as session:
        return store.entries(
            session, since=since, search=search, limit=limit, newest_first=newest_first, offset=offset
        )


def count_audit_rows(db: Database, *, since: dt.date | None = None, search: str = "") -> int:
    """How many entries :func:`audit_rows` lists with the same ``since`` and ``search``."""
    with db.reading() as session:
        return store.count_entries(session, since=since, search=search)


def as_table_row(row: AuditRow) -> list[object]:
    """An entry as the ``audit`` columns give it."""
    return [row.at.isoformat(sep=" "), row.user, row.action, row.table, row.record, row.field, row.old, row.new,
            row.reason]


def history(db: Database, table: str, record: str) -> list[AuditRow]:
    """Every entry about one record (a document's number, a customer's code…), oldest first."""
    with db.reading() as session:
        return store.record_entries(session, table, record)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking the trail found, and how long it took (seconds)."""

    findings: list[Finding]
    seconds: float


def last_change(db: Database) -> int:
    """A number that grows with every change anyone makes to the company (the trail's latest entry)."""
    with db.reading() as session:
        return store.last_entry_id(session)


def check_books(db: Database) -> CheckResult:
    """Walk the whole hash chain and compare every sealed record with what the trail says it is.

    On a server, what this login cannot read in full (see ``store.roles.hidden_tables``) is left out:
    a clerk's check does not take the owner's settings it cannot see for settings removed, and a
    login that sees only part of the trail (a rep's) has nothing to check records against.
    """
    started = time.perf_counter()
    findings: list[Finding] = []
    with db.reading() as session:
        hidden = set(roles.hidden_tables(session))
        if "audit_entry" not in hidden:
            findings = store.verify_chain(session)
            findings += store.verify_records(session, [table for table in store.SEALED if table not in hidden])
    return CheckResult(findings, time.perf_counter() - started)


RECENT_ENTRIES = 2000
"""How many of the trail's last entries opening a company verifies (milliseconds; ``check`` walks all)."""


def quick_check(db: Database) -> list[Message]:
    """Verify the chain of the trail's latest entries, as opening a company does; a warning per finding."""
    with db.reading() as session:
        if "audit_entry" in roles.hidden_tables(session):
            return []  # a rep's login sees its own entries only: no chain to follow
        findings = store.verify_chain(session, last=RECENT_ENTRIES)
    return [
        Message(
            R_("The audit trail was changed outside arddesk ({finding}); run arddesk check."), {"finding": f.message}
        )
        for f in findings
    ]
