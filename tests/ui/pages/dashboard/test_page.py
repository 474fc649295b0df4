"""The dashboard and warnings pages: figures from the services, models through the model tester."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from arddesk.services import risk
from arddesk.services.dashboard import dashboard
from arddesk.ui.pages.dashboard.page import DashboardPage
from arddesk.ui.pages.warnings.page import WarningsPage
from tests.conftest import Books

AS_OF = date(2026, 9, 30)


@pytest.fixture
def ledger(books: Books) -> Books:
    books.customer("C1", name="Acme")
    books.customer("C2", name="Bolt")
    books.delivery("D1", "C1", on="2026-06-01", amount="600.00")
    books.delivery("D2", "C2", on="2026-09-10", amount="100.00")
    books.payment("C1", on="2026-09-05", amount="50.00")
    risk.add_flag(books.db, "C2", "relocation", date(2026, 9, 1), "moved to another city")
    return books


@pytest.fixture
def board(qtbot, ledger: Books) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    page = DashboardPage(AS_OF)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.set_database(ledger.db)
    yield page
    qtbot.waitUntil(lambda: page.pending == 0, timeout=10000)


def test_dashboard_shows_the_service_figures(qtbot, qtmodeltester, board: DashboardPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    expected = dashboard(ledger.db, AS_OF)
    assert board.board == expected
    assert board.receivable.value.text() == "650.00"
    assert board.cash.value.text() == "50.00"
    assert [bar[1] for bar in board.chart.bars] == [amount for _label, amount in expected.buckets]
    assert board.top.rows[0].code == "C1"
    assert [w.customer for w in board.warnings.rows] == ["C2"]
    qtmodeltester.check(board.top)
    qtmodeltester.check(board.warnings)
    board.resize(900, 600)
    board.show()
    board.chart.repaint()  # the QPainter chart draws without errors


def test_warnings_page_lists_flags_and_resolves_them(qtbot, qtmodeltester, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    page = WarningsPage(AS_OF)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.set_database(ledger.db)
    qtmodeltester.check(page.model)
    assert [(w.customer, w.kind.value) for w in page.model.rows] == [("C2", "relocation")]
    page.table.selectRow(0)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.resolve_selected()
    assert page.model.rows == []
    qtbot.waitUntil(lambda: page.pending == 0, timeout=10000)


def test_the_key_receivables_and_the_owners_rule_for_them(qtbot, board: DashboardPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from arddesk.services.settings import load_settings
    from arddesk.ui.pages.dashboard.key_dialog import KeyRuleDialog

    # C1 holds all 550.00 overdue (C2's 100.00 is not due yet): one key receivable
    assert [row.code for row in board.top.rows] == ["C1"]
    assert board.key_caption.text() == "Key receivables: 1 customer holds 100.0 % of the overdue"
    dialog = KeyRuleDialog(ledger.db, board)
    qtbot.addWidget(dialog)
    share = dialog.fields["key_share"]
    share.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(share, "101")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["key_share"].text() == "a whole number from 1 to 100"
    share.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(share, "60")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (load_settings(ledger.db).key_share, load_settings(ledger.db).key_most) == ("60", "20")


def test_tiles_bars_and_lists_open_what_they_add_up(qtbot, window, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, Qt

    page = window.go_to("Dashboard")
    page.as_of.setDate(page.as_of.date().fromString("2026-09-30", "yyyy-MM-dd"))
    qtbot.waitUntil(lambda: page.pending == 0 and page.board is not None, timeout=10000)
    assert page.warnings.index(0, 1).data() == "Bolt"  # the name beside the code

    qtbot.mouseClick(page.overdue, Qt.MouseButton.LeftButton)
    log = window.current_page
    assert log.title == "Delivery log"
    assert log.state.currentData() == "overdue"

    window.go_to("Dashboard")
    qtbot.mouseClick(page.cash, Qt.MouseButton.LeftButton)
    payments = window.current_page
    assert (payments.date_from.text(), payments.date_to.text()) == ("2026-09-01", "2026-09-30")
    assert payments.model.rowCount() == 1

    window.go_to("Dashboard")
    rect = page.chart.rect().adjusted(10, 24, -10, -28)
    slot = rect.width() / len(page.chart.bars)
    codes = [code for code, _amount, _colour in page.chart.bars]
    middle = QPoint(int(rect.left() + slot * (codes.index("91-180") + 0.5)), rect.center().y())
    assert page.chart.bar_at(middle.x()) == "91-180"
    qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton, pos=middle)
    aging = window.current_page
    assert aging.title == "Aging"
    assert aging.drill.windowTitle() == "Aging as of 2026-09-30: every customer, 91–180 days"
    assert [row.number for row in aging.drill.model.rows] == ["D1"]  # 91 days late on 09-30
    aging.drill.reject()

    window.go_to("Dashboard")
    page.top_table.activated.emit(page.top.index(0, 0))
    customers = window.current_page
    assert customers.title == "Customers"
    qtbot.waitUntil(lambda: customers.selected_row() is not None and customers.selected_row().code == "C1")


def test_a_warning_opens_its_customer(qtbot, window, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    page = window.go_to("Warnings")
    page.as_of.setDate(QDate(2026, 9, 30))  # the flag is from 2026-09-01
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    row = next(r for r in range(page.model.rowCount()) if page.model.rows[r].customer == "C2")
    assert page.model.index(row, 1).data() == "Bolt"
    page.table.activated.emit(page.model.index(row, 0))
    customers = window.current_page
    assert customers.title == "Customers"
    qtbot.waitUntil(lambda: customers.selected_row() is not None and customers.selected_row().code == "C2")
