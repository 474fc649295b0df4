"""The Payments page's unapplied credit: the preview of applying it all, applying it, the automatic setting."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from arddesk.services import ledger
from arddesk.services.aging import aging_detail
from arddesk.ui.pages.payments.page import CreditDialog
from tests.conftest import Books
from tests.ui.test_window import when_dialog_opens


@pytest.fixture
def waiting(books: Books) -> Books:
    """A company from before credit was applied by itself: C1's 5,000.00 advance waits beside D1 of 5,000.00."""
    books.customer("C1")
    books.customer("C2")
    ledger.save_auto_apply(books.db, ledger.AutoApply(on=False))
    books.payment("C1", on="2026-01-05", amount="5000.00")
    books.delivery("D1", "C1", on="2026-01-16", amount="5000.00")
    books.payment("C2", on="2026-02-01", amount="100.00")
    books.delivery("D2", "C2", on="2026-02-03", amount="250.00")
    return books


def test_the_dialog_previews_then_applies_every_credit(qtbot, waiting: Books, messages: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = CreditDialog(waiting.db)
    qtbot.addWidget(dialog)

    shown = [[dialog.model.index(r, c).data() for c in (0, 3, 4, 5)] for r in range(dialog.model.rowCount())]
    assert shown == [["C1", "PAY0000001", "D1", "5,000.00"], ["C2", "PAY0000002", "D2", "100.00"]]
    assert dialog.summary.text() == "Applying all would apply 5,100.00 in 2 allocations for 2 customers."
    assert {item.number for item in aging_detail(waiting.db, date(2026, 6, 30))} == {"D1", "D2"}  # not yet

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert messages == ["Applied 5,100.00 of unapplied credit."]
    assert [(item.number, item.open) for item in aging_detail(waiting.db, date(2026, 6, 30))] == [("D2", 15_000)]


def test_the_automatic_setting_is_saved_with_the_customers_kept_out(qtbot, waiting: Books) -> None:  # type: ignore[no-untyped-def]
    dialog = CreditDialog(waiting.db)
    qtbot.addWidget(dialog)
    assert not dialog.automatic.isChecked()

    dialog.automatic.setChecked(True)
    dialog.kept.clear()
    qtbot.keyClicks(dialog.kept, "C2, C1 ,C2")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveAutoApply"), Qt.MouseButton.LeftButton)

    assert ledger.auto_apply_setting(waiting.db) == ledger.AutoApply(True, ("C1", "C2"))
    assert dialog.kept.text() == "C1, C2"
    assert dialog.kept_note.text() == "Kept for the clerk: C1, C2."
    assert dialog.model.rowCount() == 0
    assert not dialog.apply_button.isEnabled()


def test_an_unknown_customer_is_named_and_nothing_saved(qtbot, waiting: Books, messages: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = CreditDialog(waiting.db)
    qtbot.addWidget(dialog)

    qtbot.keyClicks(dialog.kept, "NOPE")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveAutoApply"), Qt.MouseButton.LeftButton)

    assert "NOPE" in messages[0]
    assert ledger.auto_apply_setting(waiting.db) == ledger.AutoApply(on=False)


def test_the_payments_page_offers_applying_all_credits(qtbot, window, waiting: Books) -> None:  # type: ignore[no-untyped-def]
    page = window.go_to("Payments")
    seen = when_dialog_opens(qtbot, lambda dialog: dialog.reject())

    qtbot.mouseClick(page.findChild(QPushButton, "applyAllCredits"), Qt.MouseButton.LeftButton)

    assert [dialog.summary.text() for dialog in seen] == [
        "Applying all would apply 5,100.00 in 2 allocations for 2 customers."
    ]


def test_a_refund_is_chosen_as_a_kind_and_pays_back_the_credit(qtbot, books: Books) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from arddesk.services import browse
    from arddesk.ui.pages.payments.dialog import PaymentDialog
    from tests.ui.test_window import type_into

    books.customer("C1")
    books.payment("C1", on="2026-02-10", amount="500.00", applies_to="none")  # an advance not needed
    dialog = PaymentDialog(books.db, customer="C1", today=date(2026, 3, 5))
    qtbot.addWidget(dialog)
    kind = dialog.fields["kind"]
    # Qt's findData compares Python objects by identity: look for the item by its data
    refund = [kind.itemData(i) for i in range(kind.count())].index(("refund", "transfer"))  # type: ignore[attr-defined]
    kind.setCurrentIndex(refund)  # type: ignore[attr-defined]
    assert dialog.table.isHidden()  # nothing to choose: a refund pays back credit, not deliveries
    type_into(qtbot, dialog, amount="600.00")
    assert "After this refund: <b>-100.00</b>" in dialog.preview_label.text()
    assert "unapplied credit (500.00)." in dialog.preview_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["amount"].text() == "refunds more than the customer's unapplied credit of 500.00 on 2026-03-05"
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.fields["amount"].clear()  # type: ignore[attr-defined]
    type_into(qtbot, dialog, amount="500.00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.posted.allocations == (("PAY0000001", 50_000),)
    assert browse.customer(books.db, "C1", date(2026, 3, 5)).unapplied == 0


def test_a_cash_refund_corrected_opens_with_its_own_method(qtbot, books: Books) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from arddesk.ui.pages.payments.dialog import PaymentDialog

    books.customer("C1")
    books.payment("C1", on="2026-02-10", amount="500.00", applies_to="none")
    ledger.record_refund(books.db, ledger.MoneyInput("C1", date(2026, 3, 5), Decimal("100.00"), "cash", "R1"))
    dialog = PaymentDialog(books.db, today=date(2026, 3, 6), correcting=ledger.document(books.db, "refund", "R1"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Correct refund R1"
    assert dialog.field("kind", QComboBox).currentData() == ("refund", "cash")
    assert dialog.table.isHidden()
