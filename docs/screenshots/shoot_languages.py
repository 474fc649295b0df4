"""Screenshots of every page of the main window in Chinese and in English, at 1280x800, on a demo company.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python docs/screenshots/shoot_languages.py docs/screenshots

Writes docs/screenshots/zh_CN/<page>.png and docs/screenshots/en/<page>.png. The demo company (120
customers, about 20,000 deliveries, seed 1, as of 2026-11-24) is generated into /tmp/ui-languages/ once.
"""

import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings

from arddesk.ui.app import application, use_language

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
company = Path("/tmp/ui-languages/demo.sqlite")
if not company.exists():
    from arddesk.services.demo import generate_demo

    company.parent.mkdir(parents=True, exist_ok=True)
    generate_demo(company, customers=120, deliveries=20000, seed=1, today=TODAY)

app = application()
from arddesk.ui.mainwindow import MainWindow, page_factories  # noqa: E402  (after the application exists)


def settle(window: MainWindow) -> None:
    """Let the page's background reads finish and paint."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        app.processEvents()
        page = window.current_page
        if not getattr(page, "busy", False) and getattr(page, "task", None) is None:
            break
        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)


for language in ("zh_CN", "en"):
    use_language(app, language)
    folder = OUT / language
    folder.mkdir(parents=True, exist_ok=True)
    settings = QSettings(f"/tmp/ui-languages/{language}.ini", QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(settings=settings, today=TODAY)
    window.resize(1280, 800)
    window.show()
    window.open_company(company)
    settle(window)
    for row, (title, _factory) in enumerate(page_factories()):
        window.nav.setCurrentRow(row)
        settle(window)
        name = title.lower().replace("/", "-").replace(" ", "-")
        window.grab().save(str(folder / f"{name}.png"))
        print(folder / f"{name}.png")
    window.close()
