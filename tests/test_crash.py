"""A child process killed (SIGKILL) at random moments during an import, a void and a letter run.

After every kill the company must pass ``check`` and its totals must be those before or those
after the action: SQLite's transaction either happened whole or not at all.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from arddesk.services.aging import aging_report
from arddesk.services.maintenance import check_database
from arddesk.store.db import open_database
from tests.conftest import Books

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

AS_OF = date(2026, 12, 31)
KILLS = 6


def _total(path: Path) -> int:
    database = open_database(path)
    try:
        assert check_database(database) == []
        return aging_report(database, AS_OF).total.total
    finally:
        database.close()


def _company(folder: Path) -> Path:
    """A small company: 40 deliveries and a payment, its WAL folded in."""
    path = folder / "template.sqlite"
    database = open_database(path, create=True)
    books = Books(database)
    books.terms()
    books.customer("C1")
    for index in range(40):
        books.delivery(f"D{index}", "C1", on=f"2026-{1 + index % 12:02d}-10", amount="100.00")
    books.payment("C1", on="2026-06-30", amount="1500.00")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


def _arddesk(path: Path, *args: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "arddesk", "--db", str(path), *args],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _timed(path: Path, *args: str) -> float:
    started = time.perf_counter()
    assert _arddesk(path, *args).wait() == 0
    return time.perf_counter() - started


def _kill_repeatedly(
    template: Path, folder: Path, args: Callable[[Path], list[str]], seed: int
) -> tuple[int, int, set[int]]:
    """Run the command to completion once, then KILLS times killed at a random moment.

    Returns:
        The total before, the total after a whole run, and the totals seen after each kill.
    """
    before = _total(template)
    whole = folder / "whole.sqlite"
    shutil.copy(template, whole)
    duration = _timed(whole, *args(whole))
    after = _total(whole)
    rng = random.Random(seed)
    seen: set[int] = set()
    for attempt in range(KILLS):
        copy = folder / f"killed-{attempt}.sqlite"
        shutil.copy(template, copy)
        child = _arddesk(copy, *args(copy))
        time.sleep(rng.uniform(0.0, duration))
        child.send_signal(signal.SIGKILL)
        child.wait()
        seen.add(_total(copy))
    return before, after, seen


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _company(tmp_path_factory.mktemp("crash"))


def test_a_killed_import_leaves_all_or_nothing(template: Path, tmp_path: Path) -> None:
    rows = ["number,customer,date,amount"] + [f"N{i},C1,2026-11-{1 + i % 28:02d},{10 + i}.00" for i in range(3000)]
    source = tmp_path / "deliveries.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")

    before, after, seen = _kill_repeatedly(template, tmp_path, lambda _: ["import", "deliveries", str(source)], 1)

    assert before != after
    assert seen <= {before, after}


def test_a_killed_void_leaves_all_or_nothing(template: Path, tmp_path: Path) -> None:
    before, after, seen = _kill_repeatedly(
        template, tmp_path, lambda _: ["void", "payment", "PAY0000001", "--reason", "bounced", "--on", "2026-12-01"], 2
    )

    assert before != after
    assert seen <= {before, after}


def test_a_killed_letter_run_leaves_the_books_sound_and_no_partial_letter(template: Path, tmp_path: Path) -> None:
    letters = tmp_path / "letters"

    before, after, seen = _kill_repeatedly(
        template, tmp_path, lambda path: ["letters", "--period", "2026Q3", "--out", str(letters / path.stem)], 3
    )

    assert seen <= {before} and after == before
    for pdf in letters.rglob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
