"""The check of a company: a damaged file is a finding, not a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from arddesk.services.maintenance import check_database
from arddesk.store.db import open_database
from tests.conftest import Books, sqlite_only


def damage(path: Path, name: str = "delivery") -> None:
    """Overwrite the first page of a table or an index, as a failing disk would."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\x17" * page_size
    path.write_bytes(bytes(data))


@sqlite_only
def test_a_damaged_file_is_reported_as_a_finding(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-31", amount="1200.00")
    books.db.close()
    path = tmp_path / "company.sqlite"
    damage(path)

    database = open_database(path)
    problems = [str(problem) for problem in check_database(database)]
    database.close()

    assert problems == [
        "database: the file is damaged (database disk image is malformed); "
        "restore it from a backup (File → Restore from backup…)"
    ]


@sqlite_only
def test_a_damaged_index_is_reported(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    for number in range(1, 40):
        books.delivery(f"D{number}", "C1", on="2026-03-31", amount="10.00")
    books.db.close()
    path = tmp_path / "company.sqlite"
    with sqlite3.connect(path) as connection:
        (index,) = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery' AND sql IS NOT NULL LIMIT 1"
        ).fetchone()
    damage(path, index)

    database = open_database(path)
    problems = [str(problem) for problem in check_database(database)]
    database.close()

    assert problems and all(problem.startswith("database: ") for problem in problems), problems
