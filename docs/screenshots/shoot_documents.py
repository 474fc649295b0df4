"""Screenshots of a voided and a corrected payment's document dialog, the payments list, the Audit page.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python docs/screenshots/shoot_documents.py docs/screenshots

(or under ``xvfb-run -a -s "-screen 0 1280x800x24"``). A small company is built in /tmp/uiE/ on each
run: a mistaken payment voided, another corrected, a delivery corrected, the books closed through October.
"""

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings

from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import books, ledger
from arddesk.services.ledger import CustomerInput, DeliveryInput, MoneyInput
from arddesk.store.db import open_database
from arddesk.ui.app import application

OUT = Path(sys.argv[1])
TODAY = date(2026, 11, 24)
work = Path("/tmp/uiE/documents.sqlite")
work.parent.mkdir(parents=True, exist_ok=True)
for old in work.parent.glob("documents.sqlite*"):
    old.unlink()
db = open_database(work, create=True)
ledger.save_terms(db, Terms("N30", TermsKind.NET, days=30))
for code, name in (("C001", "上海华联超市"), ("C002", "Northwind Traders"), ("C003", "杭州新天地商贸有限公司")):
    ledger.save_customer(db, CustomerInput(code, name, "N30", rep="R1"))
for number, customer, day, amount in (
    ("DN-2026-0101", "C001", "2026-09-02", "860.00"),
    ("DN-2026-0102", "C001", "2026-09-15", "340.00"),
    ("DN-2026-0103", "C002", "2026-10-01", "2,150.00"),
    ("DN-2026-0104", "C003", "2026-10-20", "5,322.00"),
    ("DN-2026-0105", "C001", "2026-11-03", "410.00"),
):
    ledger.record_delivery(
        db, DeliveryInput(number, customer, date.fromisoformat(day), Decimal(amount.replace(",", "")))
    )
wrong = ledger.record_payment(db, MoneyInput("C001", date(2026, 11, 12), Decimal("1200.00"), "transfer", text="bank"))
wrong_reason = "posted to C001 but the transfer came from C003 (bank ref 88412)"
ledger.void_document(db, "payment", wrong.number, wrong_reason, on=date(2026, 11, 20))
typo = ledger.record_payment(db, MoneyInput("C002", date(2026, 11, 14), Decimal("2510.00"), "transfer"))
ledger.correct_money(
    db, "payment", typo.number, "typed 2,510.00 for 2,150.00 (bank statement 14 Nov)",
    MoneyInput("C002", date(2026, 11, 14), Decimal("2150.00"), "transfer"), on=date(2026, 11, 21),
)
ledger.correct_delivery(
    db, "DN-2026-0105", "delivery note says 401.00",
    DeliveryInput("DN-2026-0105-C1", "C001", date(2026, 11, 3), Decimal("401.00")), on=date(2026, 11, 22),
)
ledger.record_payment(db, MoneyInput("C003", date(2026, 11, 20), Decimal("1200.00"), "transfer", text="ref 88412"))
books.close_books(db, date(2026, 10, 31), None, today=TODAY)
db.close()

from arddesk.ui.mainwindow import MainWindow  # noqa: E402
from arddesk.ui.pages.documents.dialog import DocumentDialog  # noqa: E402

app = application()
settings = QSettings("/tmp/uiE/shots.ini", QSettings.Format.IniFormat)
settings.clear()
window = MainWindow(settings=settings, today=TODAY)
window.resize(1280, 800)
window.show()
window.open_company(work)


def settle() -> None:
    for _ in range(30):
        app.processEvents()
    model = getattr(window.current_page, "model", None)
    if model is not None and hasattr(model, "wait_for_count"):
        model.wait_for_count()
    for _ in range(10):
        app.processEvents()


page = window.go_to("Payments")
settle()
for number, name in ((wrong.number, "document-void-payment.png"), (typo.number, "document-corrected-payment.png")):
    document = DocumentDialog(window.db, "payment", number, window, today=TODAY)
    document.resize(900, 640)
    document.show()
    settle()
    document.grab().save(str(OUT / name))
    document.close()
window.go_to("Audit")
settle()
window.grab().save(str(OUT / "audit.png"))
page = window.go_to("Payments")
settle()
window.grab().save(str(OUT / "payments-void.png"))
window.close()
print("done")
