"""The command line and company files: new, a mistyped --db, URLs, a second arddesk, read-only, broken files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from arddesk.services.company import ENVIRONMENT_VARIABLE
from arddesk.store.lockfile import this_machine, this_user
from tests.conftest import Books, sqlite_only
from tests.files_helpers import another_arddesk, unchangeable
from tests.services.test_maintenance import damage
from tests.test_cli import run

DELIVERIES = "number,customer,date,amount\nD9,C1,2026-03-01,10.00\n"
IMPORTED = "deliveries.csv"


@pytest.fixture
def company(books: Books, tmp_path: Path) -> Iterator[Path]:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-01-05", amount="100.00")
    books.db.close()  # the test runs arddesk on it, as a second program would
    (tmp_path / IMPORTED).write_text(DELIVERIES, encoding="utf-8")
    yield tmp_path / "company.sqlite"


def test_new_makes_an_empty_company_and_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "books" / "acme.sqlite"
    assert run(capsys, "new", str(target)) == (0, f"{target}: an empty company was created\n", "")
    assert run(capsys, "--db", str(target), "check") == (0, f"{target}: no problems found\n", "")
    before = target.read_bytes()
    code, _out, err = run(capsys, "new", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_bytes() == before


@pytest.mark.parametrize("how", ["--db", "environment"])
def test_a_mistyped_or_empty_company_file_is_refused_and_nothing_is_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    (tmp_path / "empty.sqlite").touch()
    for name, message in (("nosuch.sqlite", "does not exist; nothing was created"), ("empty.sqlite", "empty file")):
        target = str(tmp_path / name)
        if how == "--db":
            code, out, err = run(capsys, "--db", target, "check")
        else:
            monkeypatch.setenv(ENVIRONMENT_VARIABLE, target)
            code, out, err = run(capsys, "import", "deliveries", str(tmp_path / "nothing.csv"))
        assert (code, out) == (1, "") and message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]
    assert (tmp_path / "empty.sqlite").stat().st_size == 0


def test_an_sqlite_url_names_the_same_company(capsys: pytest.CaptureFixture[str], company: Path) -> None:
    by_path = run(capsys, "--db", str(company), "aging", "--as-of", "2026-09-30")
    assert run(capsys, "--db", f"sqlite:///{company}", "aging", "--as-of", "2026-09-30") == by_path
    code, _out, err = run(capsys, "--db", f"sqlite:///{company.with_name('typo.sqlite')}", "check")
    assert code == 1 and "does not exist" in err


@sqlite_only
def test_a_writing_command_makes_the_days_backup(capsys: pytest.CaptureFixture[str], company: Path) -> None:
    assert run(capsys, "--db", str(company), "aging", "--as-of", "2026-09-30")[0] == 0
    assert not (company.parent / "backups").exists()  # reading makes no backup
    assert run(capsys, "--db", str(company), "import", "deliveries", str(company.parent / IMPORTED))[0] == 0
    (backup,) = (company.parent / "backups").iterdir()
    with sqlite3.connect(backup) as connection:  # taken before the import
        assert connection.execute("SELECT number FROM delivery").fetchall() == [("D1",)]


@sqlite_only
def test_a_second_arddesk_is_named_and_reports_still_run(capsys: pytest.CaptureFixture[str], company: Path) -> None:
    with another_arddesk(company):
        code, _out, err = run(capsys, "--db", str(company), "import", "deliveries", str(company.parent / IMPORTED))
        assert code == 1
        assert f"is open in arddesk by {this_user()} on {this_machine()} since " in err
        code, out, err = run(capsys, "--db", str(company), "aging", "--as-of", "2026-09-30")
        assert code == 0 and out.splitlines()[-1].endswith(",100.00")
        assert "has this company open, so it is open here for viewing only" in err
    assert run(capsys, "--db", str(company), "import", "deliveries", str(company.parent / IMPORTED))[0] == 0


def test_a_company_nobody_may_change_is_read_but_not_written(capsys: pytest.CaptureFixture[str], company: Path) -> None:
    with unchangeable(company):
        code, out, err = run(capsys, "--db", str(company), "aging", "--as-of", "2026-09-30")
        assert code == 0 and out.splitlines()[-1].endswith(",100.00")
        code, _out, err = run(capsys, "--db", str(company), "import", "deliveries", str(company.parent / IMPORTED))
        assert code == 1 and "You may not change this file" in err and "so it was not run" in err


@sqlite_only
def test_a_locked_database_gives_a_plain_message(capsys: pytest.CaptureFixture[str], company: Path) -> None:
    other_program = sqlite3.connect(company, timeout=0)
    other_program.execute("BEGIN EXCLUSIVE")
    try:  # waits out SQLite's busy timeout
        code, _out, err = run(capsys, "--db", str(company), "import", "deliveries", str(company.parent / IMPORTED))
    finally:
        other_program.rollback()
        other_program.close()
    assert code == 1 and "locked by another program" in err and "Traceback" not in err


@sqlite_only
def test_a_full_disk_gives_a_plain_message(capsys: pytest.CaptureFixture[str], company: Path) -> None:
    with sqlite3.connect(company) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]

    def no_room_to_grow(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Engine, "connect", no_room_to_grow)
    try:
        big = company.parent / "big.csv"
        rows = "".join(f"B{n},C1,2026-03-01,10.00\n" for n in range(5000))
        big.write_text("number,customer,date,amount\n" + rows, encoding="utf-8")
        code, _out, err = run(capsys, "--db", str(company), "import", "deliveries", str(big))
    finally:
        event.remove(Engine, "connect", no_room_to_grow)
    assert code == 1 and "disk holding the company file is full" in err and "Traceback" not in err


@sqlite_only
def test_a_damaged_file_is_reported_by_check_and_refused_plainly(
    capsys: pytest.CaptureFixture[str], company: Path
) -> None:
    damage(company)
    damage(company, "ix_delivery_open")  # the aging as of today reads the open deliveries from this index alone
    code, _out, err = run(capsys, "--db", str(company), "check")
    assert code == 1 and "database: the file is damaged (database disk image is malformed)" in err
    code, _out, err = run(capsys, "--db", str(company), "aging", "--as-of", "2026-09-30")
    assert code == 1 and "The company file is damaged" in err and "Traceback" not in err
