"""Writes off the GUI thread: a company file locked by another program never freezes the window."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from arddesk.services import browse
from arddesk.ui import tasks
from arddesk.ui.pages.customers.dialog import CustomerDialog
from tests.conftest import sqlite_only


@pytest.fixture
def locker(db) -> Iterator[sqlite3.Connection]:
    """Another program's connection to the company file, holding its write lock."""
    connection = sqlite3.connect(Path(db.location), timeout=0, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    yield connection
    if connection.in_transaction:
        connection.rollback()
    connection.close()


def progress_texts() -> list[str]:
    return [w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def filled_form(qtbot, db, window) -> CustomerDialog:
    dialog = CustomerDialog(db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["code"].insert("C9")
    dialog.fields["name"].insert("Nine")
    return dialog


@sqlite_only
def test_a_save_waits_for_a_lock_with_the_window_answering_and_saying_why(qtbot, window, db, books, locker):
    dialog = filled_form(qtbot, db, window)
    ticks: list[int] = []
    seen: list[list[str]] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    QTimer.singleShot(1500, lambda: (seen.append(progress_texts()), locker.rollback()))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    timer.stop()

    assert seen == [[tasks.SAVING]]  # while it waited, the clerk was told why
    assert len(ticks) >= 10  # the window's timers ran all along: nothing froze
    assert not dialog.isVisible()  # saved once the other program let go
    assert browse.customer(db, "C9", window.today).name == "Nine"


@sqlite_only
def test_a_lock_held_past_the_wait_leaves_the_form_open_and_says_the_file_is_locked(
    qtbot, window, db, books, locker, messages
):
    dialog = filled_form(qtbot, db, window)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(100)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    timer.stop()

    assert len(ticks) >= 30  # SQLite waited its busy timeout (5 s) off the GUI thread
    assert len(messages) == 1 and "locked by another program" in messages[0]
    assert dialog.isVisible()
    locker.rollback()
    assert browse.customer(db, "C9", window.today) is None


def test_a_second_write_while_one_waits_is_not_started(qtbot, window):
    started: list[str] = []
    second: list[object] = []
    QTimer.singleShot(100, lambda: second.append(tasks.write(window, "Second", lambda: started.append("second"))))

    def slow_first() -> int:
        started.append("first")
        time.sleep(0.6)
        return 1

    first = tasks.write(window, "First", slow_first)

    assert first == tasks.Written(1)
    assert second == [None] and started == ["first"]
