"""Every dialog in Chinese and in English at 1280×800: no English words left but codes and data, no text
cut off, and none taller than the screen unless it scrolls.

Each dialog is opened the way the window opens it where that is one call (a page's or the main window's
action); the others are made with what their page passes them. Run again at 200 % scaling by
tests/ui/test_scaling.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QInputDialog, QMessageBox, QWidget

from arddesk.services import browse, incentives, staff
from arddesk.store.browse import MoneyFilter
from arddesk.store.letters import LetterRow
from arddesk.text import formats, language
from arddesk.ui.mainwindow import MainWindow
from arddesk.ui.pages.aging.page import AgingPage, CustomerRiskDialog
from arddesk.ui.pages.audit.page import CloseBooksDialog
from arddesk.ui.pages.contacts.dialog import ContactDialog
from arddesk.ui.pages.credit.dialog import LimitDialog
from arddesk.ui.pages.credit.page import RulesDialog as CreditRulesDialog
from arddesk.ui.pages.customers.dialog import CustomerDialog
from arddesk.ui.pages.dashboard.key_dialog import KeyRuleDialog
from arddesk.ui.pages.deliveries.dialog import DeliveryDialog
from arddesk.ui.pages.documents.dialog import DocumentDialog, VoidDialog, correct_with_form
from arddesk.ui.pages.guide.dialog import GuideDialog
from arddesk.ui.pages.imports.dialog import ImportDialog
from arddesk.ui.pages.incentives.page import (
    ForgotPasswordDialog,
    IncentivesPage,
    LockDialog,
    RecoveryCodeDialog,
    UnlockDialog,
)
from arddesk.ui.pages.incentives.page import RulesDialog as IncentiveRulesDialog
from arddesk.ui.pages.letters.page import ReplyDialog
from arddesk.ui.pages.payments.dialog import PaymentDialog
from arddesk.ui.pages.payments.page import CreditDialog
from arddesk.ui.pages.staff.page import MoveDialog, StaffDialog
from arddesk.ui.pages.warnings.page import FlagDialog
from arddesk.ui.pages.welcome.excel import ExcelStartDialog
from arddesk.ui.pages.welcome.page import WelcomeDialog
from tests.conftest import Books
from tests.ui.looks import HEIGHT, WIDTH, clipped, english_words, settle, texts, visible, window_in
from tests.ui.pages.imports.test_dialog import deliveries, wait_for_reading

TODAY = date(2026, 6, 30)
WAITING = "RulesDialog '信用规则': "
"""The credit rules' titles: English message ids in services/credit.py that helper P's branch marks for the
catalogue (issue 14). Until it is merged they are the only English words left, and the test says so; once
they are gone it fails, asking for this allowance to be removed."""
TITLE_BAR = 40
"""What a dialog's frame and a task bar take off an 800-px screen."""


@dataclass
class Looks:
    """What was seen of each dialog: English words, texts cut off, heights that do not fit."""

    language: str
    data: str
    seen: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    cut_off: list[str] = field(default_factory=list)
    too_big: list[str] = field(default_factory=list)
    texts: int = 0

    def look(self, dialog: QWidget) -> None:
        """Show ``dialog`` as a person would see it and note what is wrong with it."""
        dialog.show()
        settle()
        name = f"{type(dialog).__name__} {dialog.windowTitle()!r}"
        self.seen.append(name)
        found = [pair for widget in visible(dialog) for pair in texts(widget)]
        found.append((dialog, dialog.windowTitle()))
        self.texts += len(found)
        if self.language != "en":
            self.english += [f"{name}: {word}" for word in english_words(found, self.data)]
        self.cut_off += [f"{name}: {type(w).__name__} {w.objectName()!r} {t!r}" for w, t in found if t and clipped(w)]
        # Opened taller (or wider) than the screen, or unable to shrink to it (no scrolling where it is long).
        height = max(dialog.height(), dialog.minimumSizeHint().height())
        width = max(dialog.width(), dialog.minimumSizeHint().width())
        if height > HEIGHT - TITLE_BAR or width > WIDTH:
            self.too_big.append(f"{name}: {width}×{height} px")
        dialog.hide()


@pytest.fixture
def company(books: Books) -> Books:
    """A customer with a delivery and a payment, its rep, and a second rep to move customers to."""
    books.customer("C1", name="华联超市", rep="R1", department="EAST", credit_limit=Decimal("5000.00"))
    books.customer("C2", name="Acme", rep="R2", department="EAST")
    books.delivery("D1", "C1", on="2026-03-05", amount="1200.00")
    books.delivery("D2", "C1", on="2026-06-01", amount="300.00")
    books.payment("C1", on="2026-04-20", amount="500.00", applies_to="D1")
    return books


def _letter() -> LetterRow:
    return LetterRow(
        reference="2026-06/C1",
        customer="C1",
        customer_name="华联超市",
        period="2026-06",
        language="zh",
        letter_date=TODAY,
        return_by=date(2026, 7, 15),
        opening=120000,
        closing=100000,
        handover=False,
        sent_on=TODAY,
        returned_on=None,
        reply="",
        stated_balance=None,
        note="",
        resolved_on=None,
    )


def _openers(main: MainWindow, company: Books, tmp_path: Path, qtbot) -> dict[str, Callable[[], QWidget | None]]:  # type: ignore[no-untyped-def]
    """Each dialog by name: a call that opens it (exec is looked at) or returns it to be looked at."""
    db = main.db
    assert db is not None
    customer = browse.customer(db, "C1", TODAY)
    assert customer is not None
    rep = next(row for row in staff.staff_page(db) if row.code == "R1")
    payment = browse.money_page(db, MoneyFilter(customer="C1"), limit=5)[0].number
    aging = main.page("Aging")
    assert isinstance(aging, AgingPage)
    incentive_page = main.page("Incentives")
    assert isinstance(incentive_page, IncentivesPage)

    def risk() -> QWidget:
        dialog = CustomerRiskDialog(db, "C1", TODAY, main)
        dialog.set_class()  # the class override: its reason dialog is looked at as it is exec'd
        return dialog

    def drill() -> QWidget | None:
        main.go_to("Aging")
        dialog = aging.open_bucket(TODAY, "61-90")
        if dialog is not None:
            dialog.hide()
        return dialog

    def incentive_payment() -> QWidget | None:
        main.go_to("Incentives")
        return incentive_page.payment_dialog(payment)

    def welcome(step: int) -> QWidget:
        dialog = WelcomeDialog(main.settings, main)
        dialog.pages.setCurrentIndex(step)
        return dialog

    def money_form(source: str) -> QWidget:
        """The payment form switched to a refund or an adjustment, as the clerk does with its Kind box."""
        dialog = PaymentDialog(db, main, today=TODAY, customer="C1")
        kind = dialog.field("kind", QComboBox)
        kind.setCurrentIndex(next(i for i in range(kind.count()) if kind.itemData(i)[0] == source))
        return dialog

    def importing() -> QWidget:
        dialog = ImportDialog(db, "deliveries", deliveries(tmp_path / "deliveries.csv", 3), main)
        dialog.show()
        wait_for_reading(qtbot, dialog)
        return dialog

    return {
        "about": main.about,
        "server": main.open_server_dialog,
        "guide": lambda: GuideDialog(language(), main),
        "welcome: language": lambda: welcome(0),
        "welcome: how to start": lambda: welcome(1),
        "welcome: the company": lambda: welcome(2),
        "your name in the audit trail": main.ask_clerk_name,
        "excel start": lambda: ExcelStartDialog(main),
        "import": importing,
        "new customer": lambda: CustomerDialog(db, main),
        "change customer": lambda: CustomerDialog(db, main, existing=customer),
        "change limit": lambda: LimitDialog(db, customer, main),
        "credit rules": lambda: CreditRulesDialog(db, main),
        "delivery": lambda: DeliveryDialog(db, main, today=TODAY, customer="C1"),
        "payment": lambda: PaymentDialog(db, main, today=TODAY, customer="C1"),
        "refund": lambda: money_form("refund"),
        "adjustment": lambda: money_form("adjustment"),
        "unapplied credit": lambda: CreditDialog(db, main),
        "contact": lambda: ContactDialog(db, main, today=TODAY, customer="C1"),
        "new staff": lambda: StaffDialog(db, main),
        "move customers": lambda: MoveDialog(db, rep, TODAY, main),
        "close the books": lambda: CloseBooksDialog(db, main, today=TODAY),
        "key receivable rule": lambda: KeyRuleDialog(db, main),
        "delivery document": lambda: DocumentDialog(db, "delivery", "D1", main, today=TODAY),
        "payment document": lambda: DocumentDialog(db, "payment", payment, main, today=TODAY),
        "void": lambda: VoidDialog(db, "delivery", "D2", main, today=TODAY),
        "reverse payment": lambda: VoidDialog(db, "payment", payment, main, today=TODAY),
        "correct delivery": lambda: correct_with_form(main, db, "delivery", "D2", today=TODAY) and None,
        "customer risk and class override": risk,
        "aging drill-down": drill,
        "warning flag": lambda: FlagDialog(TODAY, "C1", main),
        "letter reply": lambda: ReplyDialog(_letter(), TODAY, main),
        "recovery code": lambda: RecoveryCodeDialog("K7QF-2M9X-PL4D-8WNC", main),
        "forgot password": lambda: ForgotPasswordDialog(main),
        "lock": lambda: LockDialog("2026Q2", formats.money(1234567), main),
        "unlock": lambda: UnlockDialog("2026Q2", main),
        "incentive rules": lambda: IncentiveRulesDialog(
            "2026Q2", incentives.rules_for(db, "2026Q2"), locked=False, parent=main
        ),
        "incentive payment": incentive_payment,
    }


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_dialog_speaks_the_language_fits_and_scrolls_when_tall(
    qtbot, company: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    main = window_in(qtbot, company.db, tmp_path, language)
    looks = Looks(language, company.db.location)

    def look_then_cancel(dialog: QDialog) -> int:
        looks.look(dialog)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", look_then_cancel)
    monkeypatch.setattr(QMessageBox, "exec", look_then_cancel)

    def ask_text(parent: QWidget, title: str, label: str, *_args: object, text: str = "") -> tuple[str, bool]:
        """QInputDialog.getText as Qt makes it, looked at, then cancelled."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        looks.look(dialog)
        dialog.deleteLater()
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", ask_text)
    missing = []
    for name, open_it in _openers(main, company, tmp_path, qtbot).items():
        before = len(looks.seen)
        dialog = open_it()
        if isinstance(dialog, QWidget):
            qtbot.addWidget(dialog)
            looks.look(dialog)
        if len(looks.seen) == before:
            missing.append(name)

    assert missing == []  # every dialog named was opened and looked at
    assert looks.texts > 400  # texts were found: a walk that sees nothing cannot fail
    waiting = [found for found in looks.english if found.startswith(WAITING)]
    assert language == "en" or waiting, "the credit rules' titles are translated now: remove WAITING"
    left = [found for found in looks.english if not found.startswith(WAITING)]
    assert not left, "English words left:\n" + "\n".join(sorted(set(left)))
    assert not looks.cut_off, "Clipped texts:\n" + "\n".join(sorted(set(looks.cut_off)))
    assert not looks.too_big, "Bigger than the screen (or cannot shrink to it):\n" + "\n".join(looks.too_big)


def test_the_walk_runs_on_the_screen_it_is_meant_for(qtbot) -> None:
    """1280×800 logical pixels at the scale asked for (tests/ui/test_scaling.py asks for 2)."""
    scale = float(os.environ.get("ARDDESK_TEST_SCALE", "1"))
    screen = QApplication.primaryScreen()

    assert screen.devicePixelRatio() == scale
    if scale != 1:
        assert (screen.geometry().width(), screen.geometry().height()) == (1280, HEIGHT)
