"""The Staff page and the rep fields of the forms, driven as a clerk would."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt

from arddesk.services import browse, letters, staff
from arddesk.services.ledger import StaffInput, save_staff
from arddesk.ui.pages.customers.dialog import CustomerDialog
from arddesk.ui.pages.deliveries.dialog import DeliveryDialog
from arddesk.ui.pages.staff.page import MoveDialog, StaffDialog, StaffModel, StaffPage
from arddesk.ui.widgets.tablemodel import ROW_ROLE, SORT_ROLE
from tests.conftest import Books
from tests.ui.pages.documents.test_dialog import dialog_failures, type_into, when_open  # noqa: F401


@pytest.fixture
def people(books: Books) -> Books:
    save_staff(books.db, StaffInput("R1", "王伟", "EAST", "head", phone="138"))
    save_staff(books.db, StaffInput("R2", "Li Na", "EAST"))
    save_staff(books.db, StaffInput("R3", "Zhao", "WEST", active=False))
    books.customer("C1", name="Alpha", rep="R1", department="EAST")
    books.customer("C2", name="Beta", rep="R1", department="EAST")
    books.delivery("D1", "C1", on="2026-05-01", amount="1000.00")
    return books


def select(page: StaffPage, code: str) -> None:
    for row in range(page.model.rowCount()):
        if page.model.row_at(row).code == code:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{code} is not in the list")


def shown(page: StaffPage) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_staff_model_passes_the_model_tester(qtmodeltester, people: Books) -> None:
    model = StaffModel()
    model.PAGE = 2
    model.db = people.db
    model.set_filter("")
    qtmodeltester.check(model)
    model.sort(6, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "R1"  # two customers
    assert model.index(0, 6).data(SORT_ROLE) == 2
    assert model.index(0, 0).data(ROW_ROLE).role == "head"
    model.set_filter("west")
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_the_page_lists_staff_and_searches_as_you_type(qtbot, window, people: Books) -> None:
    page = window.go_to("Staff")
    assert shown(page) == [
        ["R1", "王伟", "EAST", "department head", "138", "yes", "2"],
        ["R2", "Li Na", "EAST", "rep", "", "yes", "0"],
        ["R3", "Zhao", "WEST", "rep", "", "no", "0"],
    ]
    qtbot.keyClicks(page.search, "li n")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_at(0).code == "R2"


def test_a_new_head_from_the_keyboard_with_bad_fields_named_first(qtbot, window, people: Books) -> None:
    window.go_to("Staff")
    summaries: list[str] = []

    def fill(dialog: StaffDialog) -> None:
        type_into(qtbot, dialog, code="R 9", name="")
        qtbot.keyClick(dialog.fields["name"], Qt.Key.Key_Return)
        summaries.append(dialog.summary.text())
        type_into(qtbot, dialog, code="R9", name="Sun", phone="139")
        dialog.fields["department"].setCurrentText("WEST")
        dialog.fields["role"].setFocus()
        qtbot.keyClick(dialog.fields["role"], Qt.Key.Key_Down)  # department head
        qtbot.keyClick(dialog.fields["phone"], Qt.Key.Key_Return)

    when_open(StaffDialog, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert summaries[0].splitlines() == [
        "Cannot save yet:",
        "• Code: must not contain spaces",
        "• Name: is required",
        "• Department: is required",
    ]
    rows = {row.code: row for row in staff.staff_page(window.db)}
    assert (rows["R9"].name, rows["R9"].department, rows["R9"].role, rows["R9"].phone) == ("Sun", "WEST", "head", "139")


def test_an_inactive_head_is_refused_under_its_field(qtbot, people: Books) -> None:
    dialog = StaffDialog(people.db, existing=staff.staff_page(people.db, "R1")[0])
    qtbot.addWidget(dialog)
    dialog.fields["active"].setCurrentIndex(1)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.errors["active"].text() == "a department's head must be active"
    assert staff.staff_page(people.db, "R1")[0].active


def test_moving_customers_asks_the_rep_and_why_then_writes_the_handover_sheet(
    qtbot, window, people: Books, messages: list[str], tmp_path: Path
) -> None:
    page = window.go_to("Staff")
    select(page, "R1")
    offered: list[list[str]] = []

    def fill(dialog: MoveDialog) -> None:
        box = dialog.fields["to_rep"]
        offered.append([box.itemText(i) for i in range(box.count())])
        box.setCurrentIndex(box.findData("R2"))
        type_into(qtbot, dialog, reason="Wang left")
        qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_Return)

    when_open(MoveDialog, fill)
    page.move_selected(sheet=str(tmp_path / "handover.pdf"))

    assert offered == [["", "R2 — Li Na"]]  # active reps other than the one handing over
    assert [row.customers for row in staff.staff_page(people.db)] == [0, 2, 0]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "handover.pdf").pages)
    for words in ("R1 王伟", "R2 Li Na", "Wang left", "Alpha", "1,000.00", "2 customer(s)"):
        assert words in text
    # The customer that owes something gets this quarter's letter marked as a handover confirmation.
    assert [(row.customer, row.handover) for row in letters.register(people.db, period="2026Q2")] == [("C1", True)]
    assert messages[-1].startswith("2 customer(s) moved from R1 to R2, owing 1,000.00")


def test_the_customer_form_offers_active_reps_and_refuses_an_unknown_one(qtbot, people: Books) -> None:
    dialog = CustomerDialog(people.db)
    qtbot.addWidget(dialog)
    rep = dialog.fields["rep"]
    assert [rep.itemText(i) for i in range(rep.count())] == ["", "R1 — 王伟", "R2 — Li Na"]
    type_into(qtbot, dialog, code="C9", name="Nine")
    rep.setCurrentText("R3")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "no such active rep" in dialog.errors["rep"].text()
    rep.setCurrentIndex(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert browse.customer(people.db, "C9", dialog_today()).rep == "R2"


def test_a_customer_of_a_rep_who_left_keeps_that_rep_in_the_form(qtbot, people: Books) -> None:
    people.customer("C3", rep="R3")
    dialog = CustomerDialog(people.db, existing=browse.customer(people.db, "C3", dialog_today()))
    qtbot.addWidget(dialog)
    assert dialog.fields["rep"].currentText() == "R3 — Zhao"
    assert dialog.values() is not None


def test_the_delivery_form_takes_a_rep_typed_by_code(qtbot, people: Books) -> None:
    dialog = DeliveryDialog(people.db, customer="C2")
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, number="D9", amount="10")
    dialog.fields["rep"].setCurrentText("R2")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert browse.delivery(people.db, "D9", dialog_today()).rep == "R2"


def dialog_today():
    from datetime import date

    return date(2026, 6, 30)
