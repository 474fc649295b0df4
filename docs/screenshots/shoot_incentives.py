"""Screenshots of the incentives review, its drill-down, and the sales/collection matrix at 1280x800.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/shoot_incentives.py docs/screenshots

The demo company (300 customers, about 60,000 deliveries, seed 1, as of 2026-11-24) is generated
into /tmp/uiD/ on the first run and copied before each run; the pages are shown on their own.
"""

import shutil
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from arddesk.store.db import open_database
from arddesk.ui.app import application

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
src = Path("/tmp/uiD/demo.sqlite")
work = Path("/tmp/uiD/shots.sqlite")
if not src.exists():
    from arddesk.services.demo import generate_demo

    src.parent.mkdir(parents=True, exist_ok=True)
    generate_demo(src, customers=300, deliveries=60000, seed=1, today=TODAY)
for old in work.parent.glob("shots.sqlite*"):
    old.unlink()
shutil.copy(src, work)
app = application()
db = open_database(work)


def settle(page, signal_name: str = "refreshed") -> None:
    done = []
    getattr(page, signal_name).connect(lambda *_: done.append(1))
    for _ in range(600):
        app.processEvents()
        if done:
            break
        import time

        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()


from arddesk.ui.pages.matrix.page import MatrixPage  # noqa: E402

matrix = MatrixPage(TODAY)
matrix.resize(1280, 800)
matrix.show()
matrix.set_database(db)
settle(matrix)
matrix.select_key(matrix.model.rows[0].key if matrix.model.rows else "")
for _ in range(10):
    app.processEvents()
matrix.grab().save(str(OUT / "matrix.png"))
matrix.close()

from arddesk.services import owner  # noqa: E402
from arddesk.ui.pages.incentives.page import IncentivesPage  # noqa: E402

owner.set_password(db, "owner-secret")
page = IncentivesPage(TODAY)
page.resize(1280, 800)
page.show()
page.set_database(db)
page.password.setText("owner-secret")
page.open_with_password()
settle(page)
page.table.sortByColumn(9, Qt.SortOrder.DescendingOrder)
page.table.selectRow(0)
for _ in range(10):
    app.processEvents()
page.grab().save(str(OUT / "incentives.png"))
# the drill-down: a rep with a penalty, and the payment behind a reward line
rep_rows = [r for r, s in enumerate(page.statements.rows) if s.role.value == "rep" and s.penalty < 0]
page.table.selectRow(rep_rows[0] if rep_rows else 0)
for _ in range(10):
    app.processEvents()
reward = next((r for r, line in enumerate(page.lines.rows) if line.payment), 0)
page.line_table.selectRow(reward)
page.grab().save(str(OUT / "incentives_lines.png"))
payment = page.lines.rows[reward].payment if page.lines.rows else ""
dialog = page.payment_dialog(payment) if payment else None
if dialog is not None:
    dialog.show()
    for _ in range(20):
        app.processEvents()
    dialog.grab().save(str(OUT / "incentives_payment.png"))
    dialog.close()
page.close()
db.close()
print("done")
