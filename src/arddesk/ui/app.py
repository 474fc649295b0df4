"""Starting the desktop program: the application object, fonts, which company to open."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from arddesk import text
from arddesk.reports.resources import resource_path
from arddesk.services.company import ENVIRONMENT_VARIABLE, default_database
from arddesk.services.errors import Rejected
from arddesk.services.settings import update_settings
from arddesk.store.files import make_private_folder
from arddesk.text import _
from arddesk.ui import plain
from arddesk.ui.errors import show_error
from arddesk.ui.mainwindow import MainWindow
from arddesk.ui.pages.welcome.excel import ExcelStartDialog
from arddesk.ui.pages.welcome.page import LANGUAGE_SETTING, WelcomeDialog
from arddesk.ui.tasks import BackgroundTask, Cancelled, run_in_background

ORGANIZATION = "arddesk"
# benchmarks/bench_ui.py times a launch to the usable window, also of the bundle: with this variable set the
# program prints the moment its first page is shown (the system's monotonic clock) and quits.
REPORT_USABLE = "ARDDESK_REPORT_USABLE"
APPLICATION = "arddesk"
FIRST_START_DEMO = {"customers": 120, "deliveries": 20_000}
_QT_TRANSLATORS: list[QTranslator] = []  # installed ones stay referenced, or Qt would lose them
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Source Han Sans SC",
)


def application() -> QApplication:
    """The QApplication (made once), named so that QSettings and platformdirs agree."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    _install_fonts(app)
    return app


def _install_fonts(app: QApplication) -> None:
    """Make Chinese names render: a bundled font if shipped, else the first CJK family installed."""
    families = set(QFontDatabase.families())
    if not families.intersection(_CJK_FONTS):
        # The shipped WenQuanYi Micro Hei covers Chinese names; the other shipped fonts are for the PDFs.
        for font_file in sorted(resource_path("fonts").glob("wqy-*.tt[fc]")):
            QFontDatabase.addApplicationFont(str(font_file))
        families = set(QFontDatabase.families())
    chosen = next((family for family in _CJK_FONTS if family in families), None)
    if chosen is not None:
        font = QFont(app.font())
        font.setFamilies([app.font().family(), chosen])
        app.setFont(font)


def demo_path() -> Path:
    """Where ``--demo`` writes its company: beside the default company, replaced at every run."""
    return default_database().with_name("demo.sqlite")


def generate_demo_company(
    parent: Any,
    path: Path,
    on_done: Callable[[Path], object],
    *,
    size: dict[str, int] | None = None,
    today: date | None = None,
) -> BackgroundTask | None:
    """Generate a demo company off the GUI thread; Cancel deletes the half-written file."""
    try:
        demo = importlib.import_module("arddesk.services.demo")
    except ImportError as exc:
        plain.warn(parent, _("Demo company"), _("The demo generator is not available ({error}).").format(error=exc))
        return None
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    make_private_folder(path.parent)

    def work(progress: Callable[..., None]) -> Path:
        def report(done: int, total: int) -> bool:
            try:
                progress(done, total)
            except Cancelled:
                return False  # the generator stops and removes its half-written file
            return True

        try:
            demo.generate_demo(path, seed=1, today=today, progress=report, **(size or {}))
        except demo.DemoCancelled as exc:
            raise Cancelled() from exc
        return path

    def failed(exc: BaseException) -> None:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        if not isinstance(exc, Cancelled):
            show_error(parent, _("Demo company"), exc)

    return run_in_background(parent, _("Generating the demo company…"), work, on_done=on_done, on_error=failed)


def first_start(window: MainWindow, path: Path) -> WelcomeDialog:
    """No company yet: the welcome asks the language, then opens the demo or creates the clerk's company at
    ``path`` (from Excel: then the templates and their import). Closed without a choice, nothing is created."""
    welcome = WelcomeDialog(window.settings, window)

    def chosen() -> None:
        if welcome.choice == WelcomeDialog.DEMO:
            generate_demo_company(window, demo_path(), lambda p: window.open_company(p), size=FIRST_START_DEMO)
            return
        if not window.open_company(path, create=True) or window.db is None:
            return
        try:
            update_settings(window.db, **welcome.company_settings())
        except Rejected as refused:
            show_error(window, _("Company settings"), refused)
        window.refresh_all()
        if welcome.choice == WelcomeDialog.EXCEL:
            excel = ExcelStartDialog(window)
            excel.finished.connect(lambda _result: excel.deleteLater())
            excel.open()

    welcome.accepted.connect(chosen)
    welcome.finished.connect(lambda _result: welcome.deleteLater())
    welcome.open()
    return welcome


def use_language(app: QApplication, code: str | None) -> str:
    """Speak ``code`` (None: View → Language's choice, else the system locale's), Qt's own buttons too.

    Returns:
        The language chosen.
    """
    chosen = text.use_language(code or str(QSettings().value(LANGUAGE_SETTING, "") or "") or None)
    for old in _QT_TRANSLATORS:
        app.removeTranslator(old)
    _QT_TRANSLATORS.clear()
    if chosen != text.ENGLISH:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(chosen), "qtbase", "_", folder):
            app.installTranslator(translator)
            _QT_TRANSLATORS.append(translator)
    return chosen


def run(db_target: str | None, *, demo: bool, language: str | None = None) -> int:
    """Open the main window and run until it is closed.

    Args:
        db_target: a company file or SQLAlchemy URL, which must exist; None for ``ARDDESK_DB`` (which
            must exist too) or else the default company (created on first start, when a demo company
            is offered).
        demo: generate a fresh demo company (default size) and open it.
        language: ``--lang`` (None: View → Language's choice, else the system locale's).

    Returns:
        The exit status.
    """
    app = application()
    use_language(app, language)
    if db_target is None and not demo:
        db_target = os.environ.get(ENVIRONMENT_VARIABLE) or None
    window = MainWindow()
    window.show()
    if demo:
        generate_demo_company(window, demo_path(), lambda p: window.open_company(p))
    elif db_target is not None:
        # A named company must exist: a mistyped --db or ARDDESK_DB creates nothing.
        window.open_company(db_target)
    else:
        path = default_database()
        if path.exists():
            window.open_company(path)
        else:
            first_start(window, path)
    if os.environ.get(REPORT_USABLE):
        QTimer.singleShot(0, lambda: _report_usable(app))
    return app.exec()


def _report_usable(app: QApplication) -> None:
    print(f"usable at {time.monotonic():.6f}", file=sys.stderr, flush=True)
    app.quit()
