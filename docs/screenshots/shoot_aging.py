"""Screenshots of the aging view, its drill-down and the dashboard on a demo company (1280×800).

Run under a display (e.g. ``xvfb-run -s "-screen 0 1280x800x24"``):
``python docs/screenshots/shoot_aging.py /tmp/x.sqlite docs/screenshots``
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from arddesk.store.db import open_database
from arddesk.ui.mainwindow import MainWindow
from arddesk.ui.pages.aging.page import AgingPage
from arddesk.ui.pages.dashboard.page import DashboardPage


def wait(app: QApplication, until: object, seconds: float = 30) -> None:
    import time

    end = time.monotonic() + seconds
    while not until() and time.monotonic() < end:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()


def main(company: str, out: str) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(out)
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    today = date(2026, 11, 24)
    window = MainWindow(today=today, settings=settings)
    window.resize(1280, 800)
    window.show()
    window.set_database(open_database(company))
    aging = window.go_to("Aging")
    assert isinstance(aging, AgingPage)
    wait(app, lambda: aging.pending == 0)
    aging.group.setCurrentIndex(aging.group.findData("rep"))
    aging.set_as_of(date(2026, 9, 30))  # the end of last quarter
    wait(
        app,
        lambda: aging.pending == 0 and aging.model.report is not None and aging.model.report.as_of == date(2026, 9, 30),
    )
    window.grab().save(str(folder / "aging_by_rep.png"))
    row = 0
    column = aging.model.keys.index(aging.model.report.buckets.labels[3])  # type: ignore[union-attr]
    drill = aging.drill_into(aging.model.index(row, column))
    assert drill is not None
    wait(app, lambda: True, 1)
    drill.grab().save(str(folder / "aging_drill_down.png"))
    customer = drill.show_customer()
    wait(app, lambda: True, 1)
    if customer is not None:
        customer.grab().save(str(folder / "aging_customer.png"))
        customer.close()
    drill.close()
    board = window.go_to("Dashboard")
    assert isinstance(board, DashboardPage)
    wait(app, lambda: board.pending == 0 and board.board is not None)
    window.grab().save(str(folder / "dashboard.png"))
    window.go_to("Warnings")
    wait(app, lambda: window.current_page.pending == 0)  # type: ignore[attr-defined]
    window.grab().save(str(folder / "warnings.png"))
    window.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
