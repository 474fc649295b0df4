"""The window and company files: New, a second arddesk, read-only, restore, warnings, damage."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from arddesk.services import browse
from arddesk.services.backups import backup_folder
from arddesk.services.company import new_company
from arddesk.store.db import open_database
from arddesk.store.lockfile import lock_path, this_machine, this_user
from arddesk.ui import tasks
from arddesk.ui.mainwindow import MainWindow
from arddesk.ui.pages.customers.dialog import CustomerDialog
from tests.conftest import Books
from tests.files_helpers import another_arddesk, unchangeable
from tests.services.test_maintenance import damage
from tests.ui.test_window import type_into


@pytest.fixture
def main(qtbot, tmp_path: Path) -> MainWindow:
    """A window with no company open yet."""
    window = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def company(tmp_path: Path) -> Path:
    path = tmp_path / "company.sqlite"
    new_company(path)
    books = Books(open_database(path))
    books.terms()
    books.customer("C1")
    books.db.close()
    return path


def answer_next_box(button_text: str) -> list[str]:
    """Click ``button_text`` in the next message box; returns what the box said."""
    seen: list[str] = []
    tries = iter(range(250))

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if next(tries, None) is not None:  # gives up after five seconds
                QTimer.singleShot(20, attempt)
            return
        seen.append(box.text())
        buttons = [button for button in box.buttons() if button.text() == button_text]
        if buttons:
            buttons[0].click()
        else:  # never leave the window waiting: the test then fails on what it saw
            box.reject()

    QTimer.singleShot(20, attempt)
    return seen


def save_a_customer(qtbot, window: MainWindow) -> CustomerDialog:
    dialog = CustomerDialog(window.db)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, code="C7", name="Seven")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_file_new_makes_an_empty_company_and_opens_it(qtbot, main, tmp_path, monkeypatch, messages):
    target = tmp_path / "books" / "acme.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))

    main.new_company_action.trigger()

    assert main.db is not None and main.db.location == str(target)
    assert main.current_page.model.rowCount() == 0
    assert lock_path(target).exists()  # the window holds the company
    main.close()
    assert not lock_path(target).exists()

    main.new_company_action.trigger()  # the same name again
    assert "already exists" in messages[-1]


def test_a_second_arddesk_is_named_and_the_company_can_be_viewed_read_only(
    qtbot, main, company, request
):
    with another_arddesk(company):
        said = answer_next_box("Cancel")
        assert main.open_company(company) is False and main.db is None
        assert f"is open in arddesk by {this_user()} on {this_machine()} since " in said[0]

        said = answer_next_box("Open read-only")
        assert main.open_company(company) is True
        assert main.db.read_only
        assert main.read_only_banner.isVisible()
        assert main.read_only_banner.text().startswith(f"Read-only: {this_user()} on {this_machine()} since ")

        messages = request.getfixturevalue("messages")
        dialog = save_a_customer(qtbot, main)
        assert "read-only" in messages[-1]
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert browse.customer(main.db, "C7", main.today) is None


def test_a_company_nobody_may_change_opens_with_a_read_only_banner(qtbot, main, company, messages):
    with unchangeable(company):
        assert main.open_company(company) is True
        assert main.read_only_banner.isVisible()
        assert "You may not change this file or its folder" in main.read_only_banner.text()
        assert main.page("Customers").model.rowCount() == 1
        main.set_database(None)
    assert not main.read_only_banner.isVisible()


def test_opening_makes_the_days_backup_and_restore_opens_a_copy_beside(
    qtbot, main, company, tmp_path, monkeypatch, messages
):
    assert main.open_company(company)
    qtbot.waitUntil(lambda: any(backup_folder(company).glob("company-*.sqlite")) and not tasks._running)
    (backup,) = backup_folder(company).glob("company-*.sqlite")
    restored = tmp_path / "restored.sqlite"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(backup), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(restored), ""))

    main.restore_action.trigger()

    qtbot.waitUntil(lambda: main.db is not None and main.db.location == str(restored))
    assert main.page("Customers").model.rowCount() == 1
    assert company.exists() and not lock_path(company).exists()  # the old company was closed, and kept
    assert messages == []


def test_a_company_in_a_sync_folder_is_opened_with_a_warning(qtbot, main, tmp_path, messages):
    folder = tmp_path / "Sync"
    folder.mkdir()
    (folder / ".stfolder").mkdir()
    path = folder / "company.sqlite"
    new_company(path)

    assert main.open_company(path)

    assert len(messages) == 1 and "synced by Syncthing" in messages[0] and "shared-office setup" in messages[0]


def test_a_damaged_company_gives_a_plain_message(qtbot, main, company, messages):
    damage(company, "customer")
    main.open_company(company)
    assert messages and "The company file is damaged" in messages[-1]
