"""Starting the program: ``run(None, demo=True)`` opens a freshly generated demo company.

``QApplication.exec`` is replaced by a wait for the window: quitting the real application's
event loop would leave every later event loop of the test session stopped.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QRadioButton

from arddesk.services.company import new_company
from arddesk.services.settings import load_settings
from arddesk.ui import app as ui_app
from arddesk.ui import tasks
from arddesk.ui.mainwindow import MainWindow
from arddesk.ui.pages.welcome.page import WelcomeDialog


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


def test_first_start_welcomes_and_creates_the_company_typed_in(qtbot, tmp_path, monkeypatch):
    default = tmp_path / "data" / "arddesk.sqlite"
    monkeypatch.setattr(ui_app, "default_database", lambda: default)

    window = run_until(qtbot, monkeypatch, tmp_path, lambda w: w.findChild(WelcomeDialog) is not None, demo=False)
    welcome = window.findChild(WelcomeDialog)
    chinese = welcome.findChild(QRadioButton, "language_zh_CN")
    qtbot.mouseClick(chinese, Qt.MouseButton.LeftButton, pos=QPoint(8, chinese.height() // 2))  # on its circle
    qtbot.mouseClick(welcome.language_next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(welcome.findChild(QPushButton, "createEmpty"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.name, "Hengda Trading")
    welcome.name_zh.setText("恒达商贸")  # typed through an input method, not key by key
    qtbot.keyClicks(welcome.bank, "Bank of Hangzhou 1234")
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)

    assert window.settings.value("ui/language") == "zh_CN"
    assert window.db.location == str(default)
    saved = load_settings(window.db)
    assert (saved.company_name, saved.company_name_zh, saved.bank_details) == (
        "Hengda Trading", "恒达商贸", "Bank of Hangzhou 1234"
    )


def test_closing_the_welcome_creates_nothing(qtbot, tmp_path, monkeypatch):
    default = tmp_path / "data" / "arddesk.sqlite"
    monkeypatch.setattr(ui_app, "default_database", lambda: default)

    window = run_until(qtbot, monkeypatch, tmp_path, lambda w: w.findChild(WelcomeDialog) is not None, demo=False)
    window.findChild(WelcomeDialog).reject()

    assert window.db is None
    assert not default.exists()


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
