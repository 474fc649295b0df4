"""Screenshots of the collection plan (schedule and targets tabs) and a call sheet page, at 1280x800.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/shoot_plan.py docs/screenshots

Uses the demo company of shoot_main.py (generated into /tmp/ui/ on the first run), seeded with
next month's targets, a schedule and the demo contact log; December 2026 is shown.
"""
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from arddesk.reports.callsheet import write_call_sheets
from arddesk.services import followup, plan
from arddesk.store.db import open_database
from arddesk.ui.app import application

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
src = Path("/tmp/ui/demo.sqlite"); work = Path("/tmp/ui/plan_shots.sqlite")
if not src.exists():
    from arddesk.services.demo import generate_demo
    src.parent.mkdir(parents=True, exist_ok=True)
    generate_demo(src, customers=300, deliveries=60000, seed=1, today=TODAY)
for f in work.parent.glob("plan_shots.sqlite*"): f.unlink()
shutil.copy(src, work)
db = open_database(work)
followup.seed_demo_followups(db, TODAY)
plan.seed_demo_plan(db, TODAY)

from PySide6.QtWidgets import QWidget

from arddesk.ui.pages.plan.page import PlanPage

app = application()
page = PlanPage(TODAY)
page.resize(1280, 800); page.show()
page.set_database(db)
def settle():
    for _ in range(60): app.processEvents()
settle()
page.period.setText("2026-12"); page.refresh_targets()
page.tabs.setCurrentIndex(2); page.start.setText("2026-12-01"); page.refresh_schedule()
page.schedule_table.selectRow(0); page.schedule_table.resizeColumnsToContents()
settle(); page.grab().save(str(OUT / "plan.png"))
page.tabs.setCurrentIndex(0); page.target_table.resizeColumnsToContents(); page.progress_table.resizeColumnsToContents()
settle(); page.grab().save(str(OUT / "plan_targets.png"))
pdf = Path("/tmp/ui/callsheet.pdf")
write_call_sheets(db, date(2026, 12, 1), pdf)
subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUT / "callsheet")], check=True)
db.close()
