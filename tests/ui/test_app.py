"""Starting the program: ``run(None, demo=True)`` opens a freshly generated demo company.

``QApplication.exec`` is replaced by a wait for the window: quitting the real application's
event loop would leave every later event loop of the test session stopped.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from arddesk.services.company import new_company
from arddesk.ui import app as ui_app
from arddesk.ui import tasks
from arddesk.ui.mainwindow import MainWindow


def run_until(qtbot, monkeypatch, tmp_path, ready, *, demo: bool) -> MainWindow:
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        made.append(window)
        return window

    def wait(_app) -> int:
        qtbot.waitUntil(lambda: ready(made[0]), timeout=60_000)
        return 0

    monkeypatch.setattr(ui_app, "MainWindow", make)
    monkeypatch.setattr(QApplication, "exec", wait)
    assert ui_app.run(None, demo=demo) == 0
    return made[0]



def test_demo_start_opens_a_generated_company(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "demo.sqlite"
    monkeypatch.setattr(ui_app, "demo_path", lambda: target)

    window = run_until(qtbot, monkeypatch, tmp_path, lambda w: w.db is not None, demo=True)

    assert window.db.location == str(target)
    assert window.current_page.model.rowCount() == 50  # the demo's default size: 50 customers


def test_first_start_offers_a_demo_and_can_start_empty(qtbot, tmp_path, monkeypatch, messages):
    default = tmp_path / "data" / "arddesk.sqlite"
    monkeypatch.setattr(ui_app, "default_database", lambda: default)

    window = run_until(qtbot, monkeypatch, tmp_path, lambda w: w.db is not None, demo=False)

    assert "There is no company yet" in messages[0]  # the clerk did not choose the demo: an empty company
    assert window.db.location == str(default)
    assert default.exists()


def test_cancelling_the_demo_leaves_no_file(qtbot, tmp_path):
    target = tmp_path / "demo.sqlite"
    opened: list[object] = []

    task = ui_app.generate_demo_company(None, target, opened.append, size={"customers": 200, "deliveries": 50_000})
    task.cancel_event.set()
    qtbot.waitUntil(lambda: task not in tasks._running, timeout=60_000)

    assert opened == []
    assert not target.exists()


def test_the_environment_variable_picks_the_company(qtbot, tmp_path, monkeypatch):
    chosen = tmp_path / "chosen.sqlite"
    new_company(chosen)
    monkeypatch.setenv("ARDDESK_DB", str(chosen))

    window = run_until(qtbot, monkeypatch, tmp_path, lambda w: w.db is not None, demo=False)

    assert window.db.location == str(chosen)


def test_a_mistyped_environment_variable_creates_nothing(qtbot, tmp_path, monkeypatch, messages):
    monkeypatch.setenv("ARDDESK_DB", str(tmp_path / "chossen.sqlite"))

    window = run_until(qtbot, monkeypatch, tmp_path, lambda _w: bool(messages), demo=False)

    assert window.db is None
    assert "chossen.sqlite does not exist; nothing was created" in messages[0]
    assert list(tmp_path.iterdir()) == []
