"""Moving a company between databases: a file onto a server, a server company back into a file.

The copy holds every row as it was, the audit trail included; it is then read back and
compared table by table with the original, and checked as ``arddesk check`` checks a
company, so a copy that does not agree is never taken for a good one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from arddesk.domain.problems import R_, Message
from arddesk.services import maintenance
from arddesk.services.maintenance import check_database
from arddesk.store import transfer
from arddesk.store.db import Database, DatabaseRefused, open_database, server_has_tables, sqlite_file
from arddesk.store.files import atomic_path
from arddesk.store.transfer import Difference


@dataclass(frozen=True, slots=True)
class Copied:
    """A finished copy: where it is, rows per table, and what did not agree (empty lists when all is well)."""

    location: str
    rows: dict[str, int]
    differences: list[Difference]
    problems: list[Message]

    @property
    def equal(self) -> bool:
        """Whether the copy holds exactly what the original does and passes the check."""
        return not self.differences and not self.problems


def compare(first: Database, second: Database) -> list[Difference]:
    """The tables whose rows differ between two companies (empty when they hold the same)."""
    with first.snapshot() as here, second.snapshot() as there:
        return transfer.differences(transfer.table_digests(here), transfer.table_digests(there))


def _fill(db: Database, target: Database, progress: Callable[[str, int], object] | None) -> Copied:
    with target.transaction() as session:
        if not transfer.is_empty(session):
            raise DatabaseRefused(
                R_("{location} already holds a company; a copy needs an empty one."), location=target.location
            )
        with db.snapshot() as source:
            rows = transfer.copy_rows(source, session, progress)
    return Copied(target.location, rows, compare(db, target), check_database(target))


def copy_company(
    db: Database, target: str | Path, progress: Callable[[str, int], object] | None = None
) -> Copied:
    """Copy the open company to ``target``: a new file, or an empty database on a server.

    A file appears only when the copy is complete and agrees with the original; a server
    database is filled in one transaction, so a copy that fails leaves it empty.

    Raises:
        DatabaseRefused: ``target`` holds something already, or cannot be reached.
    """
    path = sqlite_file(target)
    if path is None:
        if server_has_tables(str(target)):
            raise DatabaseRefused(
                R_(
                    "That database already holds tables; a copy needs an empty one (createdb NAME). "
                    "Nothing was changed."
                )
            )
        copy = open_database(target, create=True)
        try:
            return _fill(db, copy, progress)
        finally:
            copy.close()
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise DatabaseRefused(
            R_("{path} already exists; a copy needs a new file. Nothing was changed."), path=str(path)
        )
    with atomic_path(path, durable=True) as temporary:
        copy = open_database(temporary, create=True)
        try:
            copied = _fill(db, copy, progress)
        finally:
            copy.close()
        if not copied.equal:
            raise DatabaseRefused(
                R_("the copy does not agree with {location}: {differences}. No file was left at {path}."),
                location=db.location,
                differences=(*(_differs(d) for d in copied.differences), *copied.problems),
                path=str(path),
            )
    return Copied(str(path), copied.rows, [], [])


def _differs(difference: Difference) -> Message:
    return Message(
        R_("{table}: {here} rows here, {there} in the copy"),
        {"table": difference.table, "here": difference.rows_here, "there": difference.rows_there},
    )


def backup(db: Database, destination: Path) -> None:
    """A backup file of the company: SQLite's own copy of a company file, and for a company on a
    server the program's own copy into a new company file, which ``arddesk copy --to URL`` brings back.

    Raises:
        DatabaseRefused: ``destination`` exists, or (for a server company) the copy did not agree.
    """
    if db.is_sqlite:
        maintenance.backup(db, destination)
    else:
        copy_company(db, destination)
