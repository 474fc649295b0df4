"""Screenshots of the main window's views at 1280x800 on a demo company.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/shoot_main.py docs/screenshots

The demo company (300 customers, about 60,000 deliveries, seed 1, as of 2026-11-24) is generated
into /tmp/ui/ on the first run; a few overrides, limit changes and holds are added to a copy.
"""
import shutil
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from arddesk.services import browse, credit
from arddesk.services.browse import CustomerFilter
from arddesk.services.ledger import DeliveryInput
from arddesk.store.db import open_database
from arddesk.ui.app import application

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
src = Path("/tmp/ui/demo.sqlite"); work = Path("/tmp/ui/shots.sqlite")
if not src.exists():
    from arddesk.services.demo import generate_demo
    src.parent.mkdir(parents=True, exist_ok=True)
    generate_demo(src, customers=300, deliveries=60000, seed=1, today=TODAY)
for f in work.parent.glob("shots.sqlite*"): f.unlink()
shutil.copy(src, work)
db = open_database(work)
over = browse.customer_page(db, CustomerFilter(today=TODAY), sort="balance", descending=True, limit=40)
with_limit = [c for c in over if c.credit_limit][:6]
blocked = [c for c in browse.customer_page(db, CustomerFilter(today=TODAY, hold="normal"), sort="available", limit=300) if c.credit_limit]
overs = browse.customer_page(db, CustomerFilter(today=TODAY, over_limit=True), limit=20)
for i, c in enumerate(overs[:3]):
    credit.set_credit_limit(db, c.code, Decimal(c.credit_limit) / 100 + Decimal(5000), "raised after the Q3 reconciliation")
    credit.record_delivery_checked(db, DeliveryInput(f"DN20261124-9{i:03d}", c.code, TODAY, Decimal("48000.00")),
                                   override_reason=["Owner approved by phone: pays on the 5th", "Seasonal order, deposit received",
                                                    "Sales director signed the exception"][i])
credit.set_credit_limit(db, with_limit[3].code, Decimal(with_limit[3].credit_limit) / 100, "third reminder unanswered", hold="stop")
credit.set_credit_limit(db, with_limit[4].code, Decimal(with_limit[4].credit_limit) / 100, "paid late twice this quarter", hold="restricted")
db.close()

from arddesk.ui.mainwindow import MainWindow

app = application()
settings = QSettings("/tmp/ui/shots.ini", QSettings.Format.IniFormat); settings.clear()
w = MainWindow(settings=settings, today=TODAY)
w.resize(1280, 800); w.show(); w.move(0, 0)
w.open_company(work)
def settle():
    for _ in range(30): app.processEvents()
    page = w.current_page
    model = getattr(page, "model", None)
    if model is not None and hasattr(model, "wait_for_count"): model.wait_for_count()
    for _ in range(10): app.processEvents()

page = w.go_to("Customers")
# a Chinese customer with some history
for r in range(page.model.rowCount()):
    row = page.model.row_at(r)
    if row.overdue > 0 and any("\u4e00" <= ch <= "\u9fff" for ch in row.name):
        page.table.selectRow(r); break
settle(); w.grab().save(str(OUT / "main.png"))
page = w.go_to("Credit limits")
page.table.sortByColumn(page.model.column_index("use_percent"), Qt.SortOrder.DescendingOrder)
page.table.selectRow(0)
settle(); w.grab().save(str(OUT / "credit-limits.png"))
page = w.go_to("Delivery log")
page.date_from.setText("2026-08-20"); page.apply_filter()
settle(); w.grab().save(str(OUT / "delivery-log.png"))
page = w.go_to("Payments")
page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
settle(); w.grab().save(str(OUT / "payments.png"))

from arddesk.ui.pages.credit.dialog import LimitDialog
from arddesk.ui.pages.customers.dialog import CustomerDialog
from arddesk.ui.pages.deliveries.dialog import DeliveryDialog
from arddesk.ui.pages.payments.dialog import PaymentDialog

target = blocked[0]
d = DeliveryDialog(w.db, w, today=TODAY, customer=target.code)
amount = Decimal(max(target.available, 0)) / 100 + Decimal("12000.00")
d.fields["number"].setText("DN20261124-0100"); d.fields["amount"].setText(f"{amount:.2f}"); d.run_check()
d.override.setPlainText("Owner approved by phone: pays on the 5th")
d.show(); settle(); d.grab().save(str(OUT / "delivery-form-credit-check.png")); d.close()
lines = browse.open_deliveries(w.db, target.code)
p = PaymentDialog(w.db, w, today=TODAY, customer=target.code)
p.fields["amount"].setText(f"{Decimal(sum(l.open_amount for l in lines[:2])) / 100 + Decimal('1000'):.2f}")
p.show(); settle(); p.update_preview(); settle(); p.grab().save(str(OUT / "payment-form-allocation.png")); p.close()
c = CustomerDialog(w.db, w)
c.fields["code"].setText("C9001"); c.fields["name"].setText("杭州新天地商贸有限公司"); c.fields["credit_limit"].setText("80,000.005")
c.fields["settlement_days"].setText("5,35"); c.show(); settle(); c.values(); settle(); c.grab().save(str(OUT / "customer-form.png")); c.close()
row = browse.customer(w.db, overs[0].code, TODAY)
l = LimitDialog(w.db, row, w); l.show(); settle(); l.grab().save(str(OUT / "credit-limit-dialog.png")); l.close()
w.go_to("Customers"); settle()
print("done")
w.close()
