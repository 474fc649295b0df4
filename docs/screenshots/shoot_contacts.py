"""Screenshot of the contact log page (and the "Log a visit or call" dialog) at 1280x800.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/shoot_contacts.py docs/screenshots

A demo company (120 customers, seed 1, as of 2026-11-24) is generated into /tmp/ui_contacts/ on the
first run; its contact log and promises come from services.followup.seed_demo_followups.
"""

import shutil
import sys
from datetime import date
from pathlib import Path

from arddesk.services.followup import seed_demo_followups
from arddesk.store.db import open_database
from arddesk.ui.app import application

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
src = Path("/tmp/ui_contacts/demo.sqlite")
work = Path("/tmp/ui_contacts/shots.sqlite")
if not src.exists():
    from arddesk.services.demo import generate_demo

    src.parent.mkdir(parents=True, exist_ok=True)
    generate_demo(src, customers=120, seed=1, today=TODAY)
for f in work.parent.glob("shots.sqlite*"):
    f.unlink()
shutil.copy(src, work)
db = open_database(work)
seed_demo_followups(db, TODAY, seed=1)

from arddesk.ui.pages.contacts.dialog import ContactDialog  # noqa: E402
from arddesk.ui.pages.contacts.page import ContactsPage  # noqa: E402

app = application()
page = ContactsPage(TODAY)
page.resize(1280, 800)
page.setWindowTitle("arddesk — Contact log")
page.show()
page.set_database(db)
for _ in range(30):
    app.processEvents()
page.grab().save(str(OUT / "contacts.png"))

customer = page.follow_model.rows[0].customer if page.follow_model.rows else ""
dialog = ContactDialog(db, page, today=TODAY, customer=customer)
dialog.fields["excuse"].setCurrentIndex(2)  # type: ignore[attr-defined]
dialog.fields["result"].setText("Finance will pay half on the 5th, the rest after the settlement day")  # type: ignore[attr-defined]
dialog.fields["next_step"].setText("Collect the cheque")  # type: ignore[attr-defined]
dialog.fields["next_on"].setText("2026-12-05")  # type: ignore[attr-defined]
dialog.add_instalment()
for n, (amount, due) in enumerate((("6,000.00", "2026-12-05"), ("6,000.00", "2026-12-20")), start=1):
    dialog.fields[f"amount_{n}"].setText(amount)  # type: ignore[attr-defined]
    dialog.fields[f"due_{n}"].setText(due)  # type: ignore[attr-defined]
dialog.show()
for _ in range(30):
    app.processEvents()
dialog.grab().save(str(OUT / "contact-form.png"))
dialog.close()
db.close()
