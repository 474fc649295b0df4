"""Starting the program: ``run(None, demo=True)`` opens a freshly generated demo company."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from arddesk.ui import app as ui_app


def test_demo_start_opens_a_generated_company(qapp, tmp_path, monkeypatch):
    target = tmp_path / "demo.sqlite"
    monkeypatch.setattr(ui_app, "demo_path", lambda: target)
    monkeypatch.setattr(ui_app, "MainWindow", _window_with_settings(tmp_path))
    opened: list[tuple[str, int]] = []

    def check() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        if not windows or windows[0].db is None:
            QTimer.singleShot(100, check)
            return
        window = windows[0]
        opened.append((window.db.location, window.current_page.model.rowCount()))
        window.close()
        QApplication.quit()

    QTimer.singleShot(100, check)
    QTimer.singleShot(60_000, QApplication.quit)

    assert ui_app.run(None, demo=True) == 0
    assert opened == [(str(target), 50)]  # the demo's default size: 50 customers


def _window_with_settings(tmp_path):
    from PySide6.QtCore import QSettings

    from arddesk.ui.mainwindow import MainWindow

    def make() -> MainWindow:
        return MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))

    return make


def test_first_start_offers_a_demo_and_can_start_empty(qapp, tmp_path, monkeypatch, messages):
    default = tmp_path / "data" / "arddesk.sqlite"
    monkeypatch.setattr(ui_app, "default_database", lambda: default)
    monkeypatch.setattr(ui_app, "MainWindow", _window_with_settings(tmp_path))
    QTimer.singleShot(300, QApplication.quit)

    assert ui_app.run(None, demo=False) == 0

    assert "There is no company yet" in messages[0]  # the clerk did not choose the demo: an empty company
    assert default.exists()
