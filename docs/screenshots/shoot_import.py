"""Screenshots of File → Import's preview: the rows as read, and the bad rows, at 1280x800.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python docs/screenshots/shoot_import.py docs/screenshots

(or under ``xvfb-run -a -s "-screen 0 1280x800x24"``). A small company and a deliveries CSV with
Chinese column names, 2,400 rows of which a few are bad, are written to /tmp/uiImport/ on each run.
"""

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings

from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import ledger
from arddesk.services.ledger import CustomerInput
from arddesk.store.db import open_database
from arddesk.ui.app import application

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
folder = Path("/tmp/uiImport")
folder.mkdir(parents=True, exist_ok=True)
for old in folder.glob("import.sqlite*"):
    old.unlink()
work = folder / "import.sqlite"
db = open_database(work, create=True)
ledger.save_terms(db, Terms("N30", TermsKind.NET, days=30))
customers = (("C001", "上海华联超市"), ("C002", "Northwind Traders"), ("C003", "杭州新天地商贸有限公司"))
for code, name in customers:
    ledger.save_customer(db, CustomerInput(code, name, "N30", rep="R1"))
db.close()

sheet = folder / "送货单-2026-11.csv"
with sheet.open("w", encoding="utf-8-sig", newline="") as stream:
    out = csv.writer(stream)
    out.writerow(["单号", "客户", "日期", "金额", "备注"])
    for n in range(1, 2401):
        day = date(2026, 11, 1) + timedelta(days=n % 23)
        customer = customers[n % 3][0]
        amount = f"{(n * 37) % 5000 + 120}.{n % 100:02d}"
        note = "加急" if n % 7 == 0 else ""
        if n == 5:
            customer = "C099"  # no such customer
        if n == 9:
            amount = "1.200,50"  # a European amount
        # As Chinese Excel writes dates; every 400th day-or-month-first, refused until the clerk says which.
        day_text = "03/11/2026" if n % 400 == 0 else f"{day.year}/{day.month}/{day.day}"
        out.writerow([f"DN-2611-{n:04d}", customer, day_text, amount, note])

from arddesk.ui.mainwindow import MainWindow  # noqa: E402

app = application()
settings = QSettings(str(folder / "shots.ini"), QSettings.Format.IniFormat)
settings.clear()
window = MainWindow(settings=settings, today=TODAY)
window.resize(1280, 800)
window.show()
window.open_company(work)
dialog = window.preview_import("deliveries", sheet)
for _ in range(600):
    app.processEvents()
    if dialog.summary.text() != "Reading the file…":
        break
    app.thread().msleep(20)
for _ in range(20):
    app.processEvents()
dialog.tabs.setCurrentIndex(0)
for _ in range(10):
    app.processEvents()
dialog.grab().save(str(OUT / "import-preview.png"))
dialog.tabs.setCurrentIndex(dialog.bad_tab)
for _ in range(10):
    app.processEvents()
dialog.grab().save(str(OUT / "import-bad-rows.png"))
dialog.reject()
window.close()
print("done")
