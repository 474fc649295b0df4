"""Driving the main window as a clerk would: type, click, see."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

import arddesk
from arddesk.services import browse, credit
from arddesk.ui.pages.customers.dialog import CustomerDialog
from arddesk.ui.pages.deliveries.dialog import DeliveryDialog
from arddesk.ui.pages.payments.dialog import PaymentDialog
from arddesk.ui.widgets.tablemodel import ROW_ROLE
from tests.conftest import sqlite_only

_dialog_errors: list[BaseException] = []


@pytest.fixture(autouse=True)
def dialog_errors():
    """A failure inside a dialog fails the test after the dialog has been closed."""
    _dialog_errors.clear()
    yield
    if _dialog_errors:
        raise _dialog_errors[0]


def when_dialog_opens(qtbot, act: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``act`` on the next modal dialog (the window's exec() waits for it)."""
    seen: list[QDialog] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, attempt)
            return
        seen.append(dialog)
        try:
            act(dialog)
        except BaseException as exc:
            _dialog_errors.append(exc)
        finally:
            if dialog.isVisible():  # never leave the window's exec() waiting
                dialog.reject()

    QTimer.singleShot(20, attempt)
    return seen


def type_into(qtbot, dialog: QDialog, **values: str) -> None:
    for name, text in values.items():
        widget = dialog.fields[name]
        widget.clear()
        if text.isascii():
            qtbot.keyClicks(widget, text)
        else:  # QTest cannot synthesise key events for Chinese: this is what an input method delivers
            widget.insert(text)


def select_customer(page, code: str) -> None:
    for row in range(page.model.rowCount()):
        if page.model.row_at(row).code == code:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{code} not in the list")


def test_window_shows_the_company_and_every_view(window, db):
    assert db.location in window.company_label.text()
    titles = [page.title for page in window.pages]
    assert titles[:4] == ["Customers", "Credit limits", "Delivery log", "Payments"]
    assert titles[4:] == [
        "Staff",
        "Aging",
        "Dashboard",
        "Warnings",
        "Letters",
        "Collection plan",
        "Contact log",
        "Incentives",
        "Sales/collection matrix",
        "Audit",
    ]
    for number, page in enumerate(window.pages):
        window.nav.setCurrentRow(number)
        assert window.current_page is page
        assert window.nav.item(number).text() == page.title


def test_create_a_customer_through_the_form(qtbot, window, db, books):
    page = window.go_to("Customers")
    problems_seen: list[str] = []

    def fill(dialog: CustomerDialog) -> None:
        type_into(qtbot, dialog, code="C9", name="新华书店 Xinhua", credit_limit="2,500.555", phone="010-1234")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        problems_seen.append(dialog.summary.text())
        assert dialog.isVisible()  # a bad field: not saved
        type_into(qtbot, dialog, credit_limit="2500")
        qtbot.keyClick(dialog.fields["phone"], Qt.Key.Key_Return)  # Enter saves

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert "Credit limit" in problems_seen[0] and "more than two decimals" in problems_seen[0]
    saved = browse.customer(db, "C9", window.today)
    assert (saved.name, saved.credit_limit, saved.phone) == ("新华书店 Xinhua", 250000, "010-1234")
    assert page.model.row_at(0).code == "C9"
    assert credit.credit_history(db, "C9")[0].new_value == "2500.00"


def test_a_form_with_bad_fields_says_which_and_saves_nothing(qtbot, db, books):
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, code="C 1", settlement_days="5,40", distance_km="far")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    summary = dialog.summary.text()
    for words in ("Code", "must not contain spaces", "Name", "is required", "Settlement days", "Distance"):
        assert words in summary
    assert dialog.errors["name"].isVisibleTo(dialog)
    assert browse.count_customers(db, browse.CustomerFilter(today=dialog_today())) == 0


def dialog_today():
    from datetime import date

    return date(2026, 6, 30)


def test_escape_cancels_a_form(qtbot, db, books):
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog, code="C5", name="Five")

    qtbot.keyClick(dialog.fields["name"], Qt.Key.Key_Escape)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert browse.customer(db, "C5", dialog_today()) is None


def test_delivery_blocked_by_the_limit_then_overridden_and_listed(qtbot, window, db, books):
    books.customer("C1", name="上海华联", credit_limit=Decimal("1000.00"))
    books.delivery("D1", "C1", on="2026-06-01", amount="800.00")
    window.refresh_all()
    page = window.go_to("Customers")
    select_customer(page, "C1")
    seen: list[str] = []

    def fill(dialog: DeliveryDialog) -> None:
        type_into(qtbot, dialog, number="D2", amount="500.00")
        qtbot.waitUntil(lambda: "BLOCKED" in dialog.check_label.text())
        seen.append(dialog.check_label.text())
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.summary.text())
        assert dialog.isVisible() and dialog.override.isVisible()
        qtbot.keyClicks(dialog.override, "Owner approved: big order before the holiday")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_dialog_opens(qtbot, fill)
    qtbot.mouseClick(
        page.findChild(type(page.detail.buttons.itemAt(0).widget()), "newDelivery"), Qt.MouseButton.LeftButton
    )

    assert "over the credit limit by 300.00" in seen[0] and "• Blocks: " in seen[0]
    assert "the credit check blocks this delivery: write the reason for the override, or cancel" in seen[1]
    assert browse.delivery(db, "D2", window.today).amount == 50000
    credit_page = window.go_to("Credit limits")
    log = credit_page.overrides
    assert log.rowCount() == 1
    entry = log.index(0, 0).data(ROW_ROLE)
    assert (entry.customer, entry.delivery_number, entry.exposure) == ("C1", "D2", 130000)
    assert log.index(0, log.columns.index(next(c for c in log.columns if c.key == "reason"))).data() == (
        "Owner approved: big order before the holiday"
    )
    assert page.detail.values["balance"].text() == "1,300.00"


def test_a_payment_updates_balance_and_open_amount(qtbot, window, db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-05-01", amount="800.00")
    books.delivery("D2", "C1", on="2026-06-01", amount="200.00")
    window.refresh_all()
    page = window.go_to("Customers")
    select_customer(page, "C1")
    assert page.detail.values["balance"].text() == "1,000.00"
    previews: list[str] = []

    def fill(dialog: PaymentDialog) -> None:
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
        type_into(qtbot, dialog, amount="900.00")
        previews.append(dialog.preview_label.text())
        previews.append(dialog.table.item(1, 6).text())
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_dialog_opens(qtbot, fill)
    qtbot.mouseClick(
        page.findChild(type(page.detail.buttons.itemAt(0).widget()), "newPayment"), Qt.MouseButton.LeftButton
    )

    assert "Applied: 900.00" in previews[0]
    assert previews[1] == "100.00"  # D2 keeps 100.00 open, oldest first
    assert page.detail.values["balance"].text() == "100.00"
    log = window.go_to("Delivery log")
    rows = {log.model.row_at(r).number: log.model.row_at(r) for r in range(log.model.rowCount())}
    assert (rows["D1"].open_amount, rows["D2"].open_amount) == (0, 10000)


def test_payment_to_ticked_deliveries_leaves_an_unapplied_credit(qtbot, db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-05-01", amount="800.00")
    books.delivery("D2", "C1", on="2026-06-01", amount="200.00")
    dialog = PaymentDialog(db, customer="C1")
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, amount="500.00")

    dialog.table.item(1, 0).setCheckState(Qt.CheckState.Checked)

    assert dialog.choose.isChecked()
    assert "unapplied credit: <b>300.00" in dialog.preview_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.posted.allocations == (("D2", 20000),)
    assert browse.customer(db, "C1", dialog_today()).unapplied == 30000


def test_a_payment_spreads_over_the_ticked_deliveries_oldest_first_and_each_amount_can_be_changed(
    qtbot, db, books
):
    books.customer("C1")
    for number, day in (("D1", "05-01"), ("D2", "05-15"), ("D3", "06-01")):
        books.delivery(number, "C1", on=f"2026-{day}", amount="100.00")
    dialog = PaymentDialog(db, customer="C1")
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, amount="150.00")
    dialog.table.item(2, 0).setCheckState(Qt.CheckState.Checked)
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)

    def applied() -> list[str]:
        return [dialog.table.item(row, 5).text() for row in range(3)]

    assert applied() == ["100.00", "", "50.00"]  # D1 first, the rest to D3; D2 not ticked
    dialog.table.item(2, 5).setText("80.00")
    assert applied() == ["70.00", "", "80.00"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.posted.allocations == (("D1", 7000), ("D3", 8000))


def test_an_adjustment_needs_a_reason(qtbot, db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-05-01", amount="800.00")
    dialog = PaymentDialog(db, customer="C1", adjustment=True)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, amount="50.00")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "needs a reason" in dialog.summary.text()
    type_into(qtbot, dialog, text="damaged carton")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert browse.delivery(db, "D1", dialog_today()).open_amount == 75000


def test_search_as_you_type_and_filters(qtbot, window, books):
    books.customer("C1", name="Alpha", rep="R1")
    books.customer("C2", name="Beta", rep="R2")
    books.delivery("D1", "C1", on="2026-01-01", amount="10.00")
    books.delivery("D2", "C2", on="2026-06-20", amount="20.00")
    books.delivery("D3", "C2", on="2026-06-25", amount="30.00")
    window.refresh_all()
    page = window.go_to("Delivery log")
    assert page.model.rowCount() == 3

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "beta")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.count_label.text() == "2 rows"

    page.search.clear()
    page.state.setCurrentIndex(page.state.findData("overdue"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_at(0).number == "D1"

    customers = window.go_to("Customers")
    customers.rep.setCurrentIndex(customers.rep.findData("R2"))
    qtbot.waitUntil(lambda: customers.model.rowCount() == 1)
    assert customers.model.row_at(0).code == "C2"


def test_credit_limit_change_asks_for_a_reason(qtbot, window, db, books):
    books.customer("C1", credit_limit=Decimal("1000.00"))
    window.refresh_all()
    page = window.go_to("Credit limits")
    page.table.selectRow(0)

    def fill(dialog) -> None:
        type_into(qtbot, dialog, credit_limit="3000")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert "is required" in dialog.errors["reason"].text()
        qtbot.keyClicks(dialog.fields["reason"], "two years without a late payment")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_dialog_opens(qtbot, fill)
    page.change_limit()

    assert browse.customer(db, "C1", window.today).credit_limit == 300000
    assert page.history.rowCount() == 1
    assert page.history.rows[0].reason == "two years without a late payment"


def test_window_layout_is_remembered(qtbot, window):
    window.resize(1100, 700)
    window.close()

    assert window.settings.value("geometry") is not None


def test_export_what_is_on_screen_to_excel(qtbot, window, books, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from arddesk.ui import export

    books.customer("C1")
    books.customer("C2")
    books.delivery("D1", "C1", on="2026-01-01", amount="10.00")
    books.delivery("D2", "C2", on="2026-06-20", amount="1234.50")
    window.refresh_all()
    page = window.go_to("Delivery log")
    page.customer.setText("C2")
    page.apply_filter()
    target = tmp_path / "log.xlsx"

    export.export_page(window, page, target)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Exported 1 row to log.xlsx.", timeout=10_000)
    link = window.statusBar().findChild(QLabel, "announcement")
    assert link.isVisible() and "Open log.xlsx" in link.text() and link.toolTip() == str(target)

    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Delivery log"
    assert (rows[0][0], rows[1][0]) == ("My Company — Delivery log", "customer code: C2")  # company, view, filters
    assert rows[2][:3] == ("Date", "Number", "Customer")
    assert [row[1] for row in rows[3:]] == ["D2"]
    assert Decimal(str(rows[3][5])) == Decimal("1234.50") and sheet["F4"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == f"A3:{get_column_letter(len(rows[2]))}4"
    assert not list(tmp_path.glob(".*.part"))


def test_a_file_that_is_not_a_company_gives_a_message(window, tmp_path, messages):
    stranger = tmp_path / "notes.sqlite"
    stranger.write_text("shopping list")

    assert window.open_company(stranger) is False
    assert "not an arddesk database" in messages[-1]
    assert window.db is not None  # the open company stays open


def test_export_takes_the_focused_override_log(qtbot, window, db, books, tmp_path):
    from openpyxl import load_workbook

    from arddesk.ui import export

    books.customer("C1", credit_limit=Decimal("10.00"))
    credit.record_delivery_checked(
        db, credit.DeliveryInput("D1", "C1", dialog_today(), Decimal("50.00")), override_reason="owner agreed"
    )
    window.refresh_all()
    page = window.go_to("Credit limits")
    page.override_view.setFocus()
    qtbot.waitUntil(page.override_view.hasFocus)
    target = tmp_path / "overrides.xlsx"

    export.export_page(window, page, target)
    qtbot.waitUntil(target.exists, timeout=10_000)

    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "My Company — Credit limits"
    assert rows[1][:3] == ("When", "Who", "Customer")
    assert rows[2][-1] == "owner agreed"


@sqlite_only
def test_a_locked_database_gives_a_message_and_saves_nothing(qtbot, db, books, messages):
    import sqlite3

    other_program = sqlite3.connect(db.location, timeout=0)
    other_program.execute("BEGIN EXCLUSIVE")
    try:
        dialog = CustomerDialog(db)
        qtbot.addWidget(dialog)
        type_into(qtbot, dialog, code="C7", name="Seven")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # waits out SQLite's busy timeout
    finally:
        other_program.rollback()
        other_program.close()

    assert "locked by another program" in messages[-1]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert browse.customer(db, "C7", dialog_today()) is None


def test_column_widths_are_remembered(qtbot, db, tmp_path, messages):
    from PySide6.QtCore import QSettings

    from arddesk.ui.mainwindow import MainWindow

    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.page("Delivery log").table.setColumnWidth(3, 333)
    first.save_layout()

    second = MainWindow(settings=settings)
    qtbot.addWidget(second)

    assert second.page("Delivery log").table.columnWidth(3) == 333


def test_enter_on_a_customer_opens_its_form(qtbot, window, books):
    books.customer("C1", name="Alpha")
    window.refresh_all()
    page = window.go_to("Customers")
    page.table.setFocus()
    page.table.selectRow(0)
    seen: list[str] = []

    def look(dialog) -> None:
        seen.append(dialog.fields["name"].text())
        qtbot.keyClick(dialog.fields["name"], Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)

    assert seen == ["Alpha"]


def test_the_customer_pane_shows_the_class_and_open_warnings(window, db, books):
    from datetime import date
    from decimal import Decimal

    from arddesk.services import risk

    books.customer("C1")
    books.customer("C3", credit_limit=Decimal("100.00"))
    books.delivery("D3", "C3", on="2026-06-25", amount="100.01")
    books.customer("C2")
    books.delivery("D1", "C1", on="2026-01-02", amount="500.00")  # due 2026-02-01: 149 days overdue
    books.delivery("D2", "C2", on="2026-06-20", amount="50.00")
    risk.add_flag(db, "C2", "contact_changed", date(2026, 6, 1), "buyer Wang left")
    risk.set_class(db, "C2", "bad", "the new buyer will not confirm the balance")
    window.refresh_all()
    page = window.go_to("Customers")
    select_customer(page, "C1")
    assert page.detail.values["debt_class"].text() == "Doubtful"
    assert page.detail.values["flags"].text() == "none"
    select_customer(page, "C2")
    assert page.detail.values["debt_class"].text() == "Bad"
    assert page.detail.values["flags"].text() == "Contact person changed"
    assert "buyer Wang left" in page.detail.values["flags"].toolTip()
    select_customer(page, "C3")
    assert page.detail.values["flags"].text() == "Over the credit limit"
    assert "100.01" in page.detail.values["flags"].toolTip()


def test_a_delivery_form_refuses_amounts_above_the_largest_and_dates_outside_1900_2100(qtbot, window, db, books):
    books.customer("C1")
    dialog = DeliveryDialog(db, window, today=window.today, customer="C1")
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, number="D1", date="1899-12-31", amount="1,000,000,000,000.00", due_date="2101-01-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["amount"].text() == "must not be more than 999,999,999,999.99"
    outside = "must be between 1900-01-01 and 2100-12-31"
    assert dialog.errors["date"].text() == dialog.errors["due_date"].text() == outside
    summary = dialog.summary.text()
    assert "Date: must be between" in summary and "Amount: must not be more" in summary and "Due date" in summary
    type_into(qtbot, dialog, date="2100-12-31", amount="999,999,999,999.99", due_date="")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert browse.delivery(db, "D1", window.today).amount == 99_999_999_999_999


def test_as_of_pickers_keep_to_1900_2100(window):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    pickers = window.findChildren(QDateEdit)
    assert {p.objectName() for p in pickers} >= {"agingAsOf", "dashboardAsOf", "warningsAsOf"}
    for picker in pickers:
        assert (picker.minimumDate(), picker.maximumDate()) == (QDate(1900, 1, 1), QDate(2100, 12, 31))


def test_the_clerks_name_goes_beside_the_login_in_the_audit_trail(qtbot, window, db, books, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from arddesk.services import audit

    monkeypatch.setenv(audit.CLERK_ENVIRONMENT, "")  # undone after the test, whatever the window sets
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Wang Li", True))
    window.ask_clerk_name()
    books.customer("C7")

    [entry] = audit.history(db, "customer", "C7")
    assert entry.user.endswith(" (Wang Li)") and "@" in entry.user
    assert window.settings.value("clerk/name") == "Wang Li"
    assert "Wang Li" in window.statusBar().currentMessage()


def test_a_saved_payment_is_selected_on_top_and_the_status_bar_says_so(qtbot, window, db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-05-01", amount="800.00")
    for day in range(1, 6):
        books.payment("C1", on=f"2026-05-0{day}", amount="10.00")
    window.refresh_all()
    page = window.go_to("Payments")
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder  # newest first
    page.show_row(3)
    saved: list[str] = []

    def fill(dialog: PaymentDialog) -> None:
        assert dialog.fields["customer"].text().startswith("C1")  # from the line selected
        type_into(qtbot, dialog, amount="100.00")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        saved.append(dialog.posted.number)

    when_dialog_opens(qtbot, fill)
    window.new_item_action.trigger()

    selected = page.selected_row()
    assert (selected.number, selected.amount) == (saved[0], 10000)  # today's, above May's
    assert page.table.selectionModel().selectedRows()[0].row() == 0
    assert window.statusBar().currentMessage() == f"Saved payment {saved[0]}."


def test_a_search_with_one_hit_selects_it(qtbot, window, db, books):
    books.customer("C1")
    books.delivery("DN20260901-001", "C1", on="2026-06-01", amount="80.00")
    books.delivery("DN20260902-001", "C1", on="2026-06-02", amount="90.00")
    window.refresh_all()
    log = window.go_to("Delivery log")
    qtbot.keyClicks(log.search, "0901")
    log.apply_filter()
    assert log.model.rowCount() == 1
    assert log.selected_row().number == "DN20260901-001"


def test_the_credit_limit_in_edit_customer_cannot_be_typed_into_and_says_where_it_changes(qtbot, db, books):
    books.customer("C1", credit_limit=Decimal("1000.00"))
    dialog = CustomerDialog(db, existing=browse.customer(db, "C1", dialog_today()))
    qtbot.addWidget(dialog)
    dialog.show()
    limit = dialog.fields["credit_limit"]

    qtbot.keyClicks(limit, "5")

    assert limit.text() == "1000.00"
    assert limit.isReadOnly() and limit.focusPolicy() == Qt.FocusPolicy.NoFocus
    note = dialog.findChild(QLabel, "credit_limit_where")
    assert note.isVisible() and "Change limit…" in note.text()


def test_help_about_shows_the_version(window, messages):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&About arddesk").trigger()
    assert messages[-1].startswith(f"arddesk {arddesk.version()}\n")


def test_open_in_customers_from_the_aging_shows_the_customer_on_the_customers_page(qtbot, window, books):
    books.customer("C1", name="Alpha")
    books.customer("C2", name="Beta")
    books.delivery("D1", "C2", on="2026-01-05", amount="100.00")
    aging = window.go_to("Aging")
    aging.refresh()
    qtbot.waitUntil(lambda: aging.model.report is not None and aging.model.rowCount() > 1)
    row = next(r for r in range(aging.model.rowCount()) if aging.model.line_at(r).key == "C2")
    drill = aging.drill_into(aging.model.index(row, 1))
    customer = drill.show_customer()
    qtbot.mouseClick(customer.findChild(QPushButton, "openInCustomers"), Qt.MouseButton.LeftButton)
    drill.close()

    customers = window.page("Customers")
    qtbot.waitUntil(lambda: customers.table.currentIndex().isValid())
    assert window.current_page is customers
    assert customers.table.currentIndex().data(ROW_ROLE).code == "C2"
