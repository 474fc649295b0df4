"""Opening, voiding and correcting saved documents from the lists, as a clerk would."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from arddesk.services import browse, ledger
from arddesk.services.books import close_books
from arddesk.services.browse import MoneyFilter
from arddesk.ui.pages.deliveries.dialog import DeliveryDialog
from arddesk.ui.pages.documents.dialog import DocumentDialog, VoidDialog
from arddesk.ui.pages.payments.dialog import PaymentDialog
from arddesk.ui.widgets.tablemodel import ROW_ROLE

TODAY = date(2026, 6, 30)
_failures: list[BaseException] = []


@pytest.fixture(autouse=True)
def dialog_failures():
    """A failed check inside a dialog fails the test once the dialog is closed."""
    _failures.clear()
    yield
    if _failures:
        raise _failures[0]


def when_open(kind: type[QDialog], act: Callable[[QDialog], None], wait: float = 10.0) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` (dialogs nest: a void form over a document)."""
    deadline = time.monotonic() + wait

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            if time.monotonic() > deadline:
                _failures.append(AssertionError(f"no {kind.__name__} opened"))
                return
            QTimer.singleShot(20, attempt)
            return
        try:
            act(dialog)
        except BaseException as exc:
            _failures.append(exc)
        finally:
            if dialog.isVisible():  # never leave an exec() waiting
                dialog.reject()

    QTimer.singleShot(20, attempt)


def type_into(qtbot, dialog: QDialog, **values: str) -> None:
    for name, text in values.items():
        dialog.fields[name].clear()
        qtbot.keyClicks(dialog.fields[name], text)


def row_of(page, number: str) -> int:
    for row in range(page.model.rowCount()):
        if page.model.row_at(row).number == number:
            return row
    raise AssertionError(f"{number} is not in the list")


def double_click(qtbot, table, row: int) -> None:
    centre = table.visualRect(table.model().index(row, 1)).center()
    # QTest's double click is the second press only: the view wants the first press before it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def selected_number(page) -> str:
    return page.selected_row().number


@pytest.fixture
def paid(books):
    """C1 with two deliveries and two payments (oldest first: the first pays D1, the second D2)."""
    books.customer("C1", name="上海华联")
    books.delivery("D1", "C1", on="2026-05-01", amount="1000.00")
    books.delivery("D2", "C1", on="2026-05-10", amount="500.00")
    first = books.payment("C1", on="2026-06-01", amount="1000.00")
    second = books.payment("C1", on="2026-06-05", amount="500.00")
    return first.number, second.number


def test_a_mistaken_payment_is_voided_and_another_corrected_then_both_are_in_the_audit(qtbot, window, db, paid):
    first, second = paid
    window.refresh_all()
    page = window.go_to("Payments")
    seen: dict[str, str] = {}

    def void(form: VoidDialog) -> None:
        type_into(qtbot, form, reason="typed 1000.00 for 100.00")
        assert form.fields["date"].text() == "2026-06-30"  # today by default
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.result() == QDialog.DialogCode.Accepted, form.summary.text()

    def look_and_void(document: DocumentDialog) -> None:
        seen["title"] = document.windowTitle()
        seen["amount"] = document.values["amount"].text()
        seen["allocated"] = document.allocations.index(0, 1).data()
        assert not document.banner.isVisible()
        when_open(VoidDialog, void)
        qtbot.mouseClick(document.void_button, Qt.MouseButton.LeftButton)
        seen["banner"] = document.banner.text()
        seen["released"] = document.allocations.index(0, 4).data()
        seen["buttons"] = f"{document.void_button.isEnabled()} {document.correct_button.isEnabled()}"
        seen["history"] = " ".join(document.history.index(r, 2).data() for r in range(document.history.rowCount()))

    when_open(DocumentDialog, look_and_void)
    double_click(qtbot, page.table, row_of(page, first))

    assert seen["title"] == f"Payment {first}" and seen["amount"] == "1,000.00"
    assert seen["allocated"] == "D1"
    assert seen["banner"].startswith("VOID since 2026-06-30 by ")
    assert seen["banner"].endswith(": typed 1000.00 for 100.00")
    assert seen["released"] == "2026-06-30"  # the allocation stays, released on the day of the void
    assert seen["buttons"] == "False False"
    assert seen["history"].startswith("post") and "void" in seen["history"]
    voided = page.model.row_at(row_of(page, first))
    assert voided.status == "void" and selected_number(page) == first
    assert browse.delivery(db, "D1", TODAY).open_amount == 100000

    def correct(form: PaymentDialog) -> None:
        assert form.windowTitle() == f"Correct payment {second}"
        assert (form.fields["amount"].text(), form.fields["number"].text()) == ("500.00", "")
        assert form.table.item(0, 1).text() == "D1" and form.table.item(1, 1).text() == "D2"
        assert form.table.item(1, 0).checkState() == Qt.CheckState.Checked  # the delivery it paid
        type_into(qtbot, form, reason="the bank statement says 450.00", amount="450.00")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.result() == QDialog.DialogCode.Accepted, form.summary.text()

    page.table.selectRow(row_of(page, second))
    when_open(PaymentDialog, correct)
    qtbot.mouseClick(page.findChild(QPushButton, "correctMoney"), Qt.MouseButton.LeftButton)

    new = selected_number(page)
    assert new not in (first, second)
    assert ledger.document(db, "payment", new).corrects == second
    assert ledger.document(db, "payment", second).corrected_by == (new,)
    assert browse.delivery(db, "D2", TODAY).open_amount == 5000

    audit_page = window.go_to("Audit")

    def reasons() -> set[tuple[str, str, str]]:
        rows = map(audit_page.model.row_at, range(audit_page.model.rowCount()))
        return {(row.action, row.record, row.reason) for row in rows}

    qtbot.keyClicks(audit_page.search, "the bank statement")
    qtbot.waitUntil(lambda: {reason for *_, reason in reasons()} == {"the bank statement says 450.00"})
    assert ("void", second, "the bank statement says 450.00") in reasons()
    audit_page.search.clear()
    qtbot.keyClicks(audit_page.search, "typed 1000")
    qtbot.waitUntil(lambda: {reason for *_, reason in reasons()} == {"typed 1000.00 for 100.00"})
    assert ("void", first, "typed 1000.00 for 100.00") in reasons()
    audit_page.search.clear()
    qtbot.waitUntil(lambda: audit_page.model.row_at(0).action == "correct")
    assert audit_page.model.row_at(0).record == new  # newest first


def test_a_void_without_a_reason_is_not_saved_and_names_the_field(qtbot, window, db, paid):
    first, _second = paid
    window.refresh_all()
    page = window.go_to("Payments")
    page.table.selectRow(row_of(page, first))
    said: list[str] = []

    def try_without_reason(form: VoidDialog) -> None:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        said.append(form.summary.text())
        said.append(form.errors["reason"].text())
        assert form.isVisible() and form.errors["reason"].isVisibleTo(form)

    when_open(VoidDialog, try_without_reason)
    qtbot.mouseClick(page.findChild(QPushButton, "voidMoney"), Qt.MouseButton.LeftButton)

    assert "• Reason: is required" in said[0]
    assert said[1] == "is required"
    assert ledger.document(db, "payment", first).document.voided_on is None


def test_closed_books_refuse_a_payment_and_a_void_naming_the_closing_date(qtbot, window, db, paid):
    first, _second = paid
    close_books(db, date(2026, 6, 15), None, today=TODAY)
    window.refresh_all()
    page = window.go_to("Payments")
    said: list[str] = []

    def pay_in_closed_books(form: PaymentDialog) -> None:
        assert form.fields["customer"].text() == "C1 — 上海华联"  # the selected payment's customer
        type_into(qtbot, form, date="2026-06-10", amount="10.00")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        said.extend([form.summary.text(), form.errors["date"].text()])
        assert form.isVisible()

    page.table.selectRow(row_of(page, first))
    when_open(PaymentDialog, pay_in_closed_books)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    def void_in_closed_books(form: VoidDialog) -> None:
        type_into(qtbot, form, reason="cheque bounced", date="2026-06-14")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        said.append(form.errors["date"].text())
        assert form.isVisible()

    when_open(VoidDialog, void_in_closed_books)
    page.void_selected()

    assert "Not saved" in said[0] and "the books are closed through 2026-06-15" in said[0]
    assert said[1] == said[2] == "the books are closed through 2026-06-15"
    assert browse.count_money(db, MoneyFilter()) == 2
    assert ledger.document(db, "payment", first).document.voided_on is None


def test_a_delivery_is_corrected_from_the_log_and_the_two_link_to_each_other(qtbot, window, db, paid):
    window.refresh_all()
    page = window.go_to("Delivery log")
    page.table.selectRow(row_of(page, "D2"))
    said: list[str] = []

    def correct(form: DeliveryDialog) -> None:
        assert form.windowTitle() == "Correct delivery D2"
        assert (form.fields["number"].text(), form.fields["amount"].text()) == ("D2-C1", "500.00")
        assert form.fields["customer"].text() == "C1 — 上海华联"
        type_into(qtbot, form, amount="5322.00")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        said.append(form.summary.text())
        type_into(qtbot, form, reason="the invoice says 5,322.00")
        qtbot.keyClick(form.fields["reason"], Qt.Key.Key_Return)  # Enter saves
        assert form.result() == QDialog.DialogCode.Accepted, form.summary.text()

    when_open(DeliveryDialog, correct)
    qtbot.mouseClick(page.findChild(QPushButton, "correctDelivery"), Qt.MouseButton.LeftButton)

    assert "• Correction reason: is required" in said[0]
    assert selected_number(page) == "D2-C1"
    assert page.model.row_at(row_of(page, "D2")).status == "void"
    assert browse.delivery(db, "D2-C1", TODAY).amount == 532200
    # The 500.00 that paid D2 is credit again, and goes to the correction as it is posted (credit is
    # applied as goods go out).
    assert browse.delivery(db, "D2-C1", TODAY).open_amount == 482200
    links: list[str] = []

    def follow(document: DocumentDialog) -> None:
        [button] = document.link_buttons
        links.append(button.text())
        when_open(DocumentDialog, lambda newer: links.append(newer.link_buttons[0].text()))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_open(DocumentDialog, follow)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the selected delivery: D2-C1

    assert links == ["Corrects D2", "Corrected by D2-C1"]


def test_a_void_document_cannot_be_voided_again(qtbot, window, db, paid, messages):
    ledger.void_document(db, "delivery", "D1", "entered twice", on=TODAY)
    window.refresh_all()
    page = window.go_to("Delivery log")
    page.table.selectRow(row_of(page, "D1"))

    page.void_selected()
    page.correct_selected()

    assert messages[-2] == messages[-1] == (
        "D1 is already void (since 2026-06-30). A void document cannot be voided or corrected again."
    )


def test_a_customers_ledger_line_opens_its_document(qtbot, window, db, paid):
    first, _second = paid
    ledger.void_document(db, "payment", first, "cheque bounced", on=TODAY)
    window.refresh_all()
    page = window.go_to("Customers")
    page.table.selectRow(0)
    view = page.detail.ledger_view
    lines = [view.model().index(r, 0).data(ROW_ROLE) for r in range(view.model().rowCount())]
    assert [(line.kind, line.number) for line in lines][-1] == ("void", first)
    opened: list[str] = []

    when_open(DocumentDialog, lambda document: opened.append(document.banner.text()))
    double_click(qtbot, view, len(lines) - 1)

    assert opened and opened[0].endswith(": cheque bounced")


def test_an_aging_drill_down_opens_the_delivery(qtbot, db, paid):
    from arddesk.services import risk
    from arddesk.ui.pages.aging.page import DrillDialog

    before_payments = date(2026, 5, 20)
    drill = DrillDialog(db, "C1", lambda: risk.cell_detail(db, before_payments, key="C1"), before_payments)
    qtbot.addWidget(drill)
    opened: list[str] = []

    when_open(DocumentDialog, lambda document: opened.append(document.windowTitle()))
    qtbot.mouseClick(drill.findChild(QPushButton, "drillDelivery"), Qt.MouseButton.LeftButton)

    assert opened == ["Delivery D1"]


def test_a_refund_is_opened_from_the_payments_list_and_voided(qtbot, window, db, books):
    books.customer("C1")
    books.payment("C1", on="2026-06-01", amount="500.00", applies_to="none")  # an advance not needed
    ledger.record_refund(db, ledger.MoneyInput("C1", date(2026, 6, 10), Decimal("500.00"), "cash", "R1"))
    window.refresh_all()
    page = window.go_to("Payments")
    seen: dict[str, str] = {}

    def void(form: VoidDialog) -> None:
        type_into(qtbot, form, reason="paid back twice")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.result() == QDialog.DialogCode.Accepted, form.summary.text()

    def look_and_void(document: DocumentDialog) -> None:
        seen["title"] = document.windowTitle()
        seen["paid_back"] = document.values["paid_back"].text()
        seen["source"] = document.allocations.index(0, 1).data()
        when_open(VoidDialog, void)
        qtbot.mouseClick(document.void_button, Qt.MouseButton.LeftButton)
        seen["banner"] = document.banner.text()

    when_open(DocumentDialog, look_and_void)
    double_click(qtbot, page.table, row_of(page, "R1"))

    assert (seen["title"], seen["paid_back"], seen["source"]) == ("Refund R1", "500.00", "PAY0000001")
    assert seen["banner"].endswith(": paid back twice")
    assert browse.customer(db, "C1", TODAY).unapplied == 50_000  # the credit is the customer's again
