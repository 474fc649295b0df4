"""Automatic backups (one a day, kept by the rotation rule), restoring one, and a backup killed half-way."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import stat
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from arddesk.domain.rotation import backups_to_keep
from arddesk.services import browse
from arddesk.services.backups import daily_backup, list_backups, restore_backup
from arddesk.services.demo import generate_demo
from arddesk.services.maintenance import check_database
from arddesk.store.db import Database, DatabaseRefused, open_database
from tests.conftest import Books, sqlite_only
from tests.files_helpers import back_up_forever

TODAY = date(2026, 6, 30)


def customers(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {code for (code,) in connection.execute("SELECT code FROM customer")}


@sqlite_only
def test_the_first_open_of_a_day_backs_up_once_into_the_backups_folder(
    db: Database, books: Books, tmp_path: Path
) -> None:
    books.customer("C1")
    made = daily_backup(db, today=TODAY)
    assert made == tmp_path / "backups" / "company-2026-06-30.sqlite"
    books.customer("C2")
    assert daily_backup(db, today=TODAY) is None  # opened again the same day: nothing new
    assert customers(made) == {"C1"}
    assert check_database(open_database(made, read_only=True)) == []
    if os.name == "posix":
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700


@sqlite_only
def test_old_backups_are_dropped_by_the_rotation_rule(db: Database, books: Books, tmp_path: Path) -> None:
    opened = [TODAY - timedelta(days=n) for n in range(75, -1, -1) if n % 3 != 1]  # not every day
    for day in opened:
        daily_backup(db, today=day)
    kept = sorted(day for day, _path in list_backups(tmp_path / "company.sqlite"))
    assert kept == sorted(backups_to_keep(opened))
    # The seven newest days; the newest of the week before those (13 June); the ends of May and April.
    assert [day.isoformat() for day in kept] == [
        "2026-04-29",
        "2026-05-31",
        "2026-06-13",
        "2026-06-21",
        "2026-06-22",
        "2026-06-24",
        "2026-06-25",
        "2026-06-27",
        "2026-06-28",
        "2026-06-30",
    ]
    (tmp_path / "backups" / "notes.txt").write_text("mine")  # other files are left alone
    daily_backup(db, today=TODAY + timedelta(days=1))
    assert (tmp_path / "backups" / "notes.txt").read_text() == "mine"


@sqlite_only
def test_a_read_only_company_is_not_backed_up(db: Database, tmp_path: Path) -> None:
    viewer = open_database(tmp_path / "company.sqlite", read_only=True)
    assert daily_backup(viewer, today=TODAY) is None
    viewer.close()
    assert not (tmp_path / "backups").exists()


@sqlite_only
def test_restore_copies_a_backup_into_a_new_company_and_keeps_the_current_one(
    db: Database, books: Books, tmp_path: Path
) -> None:
    books.customer("C1")
    made = daily_backup(db, today=TODAY)
    assert made is not None
    books.customer("C2")
    restored = tmp_path / "restored.sqlite"

    restore_backup(made, restored)

    assert customers(restored) == {"C1"}
    assert browse.customer(db, "C2", TODAY) is not None  # the current company is as it was
    with sqlite3.connect(restored) as connection:
        notes = connection.execute("SELECT record, reason FROM audit_entry WHERE action = 'restore'").fetchall()
    assert notes == [(str(restored), f"restored from {made}")]
    with pytest.raises(DatabaseRefused, match="already exists"):
        restore_backup(made, restored)
    stranger = tmp_path / "notes.sqlite"
    stranger.write_text("not a company")
    with pytest.raises(DatabaseRefused, match="not an arddesk database"):
        restore_backup(stranger, tmp_path / "from-stranger.sqlite")
    assert not (tmp_path / "from-stranger.sqlite").exists()


# ---------------------------------------------------------------- killed half-way


def test_a_backup_killed_at_any_moment_leaves_the_old_copy_or_a_complete_one(tmp_path: Path) -> None:
    source = tmp_path / "company.sqlite"
    generate_demo(source, customers=30, deliveries=4000, seed=5, today=TODAY)
    with sqlite3.connect(source) as connection:
        expected = connection.execute("SELECT COUNT(*), SUM(amount) FROM delivery").fetchone()
    context = multiprocessing.get_context("forkserver")
    # Children fork from a server that has already imported what they run: each starts in milliseconds.
    context.set_forkserver_preload(["tests.files_helpers"])
    chance = random.Random(20260630)
    started_at = time.monotonic()
    half_written = complete = missing = 0
    for attempt in range(20):
        target = tmp_path / "copies" / f"copy-{attempt}.sqlite"
        target.parent.mkdir(exist_ok=True)
        started = context.Event()
        child = context.Process(target=back_up_forever, args=(str(source), str(target), started))
        child.start()
        assert started.wait(30)
        time.sleep(chance.uniform(0, 0.15))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()

        leftovers = [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.")]
        half_written += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
        if not target.exists():
            missing += 1
            continue
        complete += 1
        copy = open_database(target, read_only=True)
        try:
            assert check_database(copy) == []
        finally:
            copy.close()
        with sqlite3.connect(target) as connection:
            assert connection.execute("SELECT COUNT(*), SUM(amount) FROM delivery").fetchone() == expected
    assert time.monotonic() - started_at < 60
    # The kills did land in the middle of copies, and some after a copy was complete.
    assert half_written > 0 and complete > 0, (half_written, complete, missing)
    source_again = open_database(source)
    assert check_database(source_again) == []
    source_again.close()
