"""GUI fixtures: a main window on a temporary company, settings in a temporary file, dialogs recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from arddesk.ui.app import use_language
from arddesk.ui.mainwindow import MainWindow

TODAY_TEXT = "2026-06-30"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes do not block tests: their text is collected here instead."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok)

    def fake_static(_parent: object, _title: str, text: str, *args: object, **kwargs: object) -> int:
        shown.append(text)
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "information", fake_static)
    monkeypatch.setattr(QMessageBox, "warning", fake_static)
    return shown


@pytest.fixture(autouse=True)
def qt_in_english_afterwards() -> Iterator[None]:
    """A test that switched the window to Chinese leaves Qt's own buttons in English for the next."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        use_language(app, "en")


@pytest.fixture
def window(qtbot, db, books, tmp_path: Path, messages: list[str]) -> Iterator[MainWindow]:
    """The main window on the test company, as of 2026-06-30."""
    from datetime import date

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(today=date.fromisoformat(TODAY_TEXT), settings=settings)
    qtbot.addWidget(main)
    main.set_database(db)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    yield main
    main.db = None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot resize windows to hints; that is the platform, not us."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"))
