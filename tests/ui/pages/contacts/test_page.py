from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from arddesk.services import followup, ledger
from arddesk.services.followup import ContactInput
from arddesk.ui.pages.contacts.dialog import ContactDialog
from arddesk.ui.pages.contacts.page import ContactsPage

TODAY = date(2026, 12, 1)


@pytest.fixture
def page(qtbot, db, books) -> Iterator[ContactsPage]:  # type: ignore[no-untyped-def]
    books.customer("C1", rep="R1", name="Golden Harvest Foods")
    books.customer("C2", rep="R2", name="Riverside Mart")
    books.delivery("D1", "C1", on="2026-10-31", amount="12000.00")
    books.delivery("D2", "C2", on="2026-10-15", amount="3000.00")
    widget = ContactsPage(TODAY)
    qtbot.addWidget(widget)
    widget.set_database(db)
    widget.show()
    yield widget
    widget.db = None


def user_fills(qtbot, typed: dict[str, str], choices: dict[str, str] | None = None) -> Callable[[ContactDialog], int]:  # type: ignore[no-untyped-def]
    """A stand-in for ContactDialog.exec: the user types into the fields and presses Save."""

    def fill(dialog: ContactDialog) -> int:
        dialog.show()
        for name, value in (choices or {}).items():
            box = dialog.fields[name]
            assert isinstance(box, QComboBox)
            box.setCurrentIndex(box.findData(value))
        for name, text in typed.items():
            edit = dialog.fields[name]
            assert isinstance(edit, QLineEdit)
            edit.clear()
            if name == "customer":
                edit.setText(text)  # as picked from the completion list (its popup cannot show offscreen)
            else:
                qtbot.keyClicks(edit, text)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    return fill


def statuses(page: ContactsPage) -> dict[str, str]:
    model = page.promise_model
    return {model.rows[r].customer: model.index(r, model_col(page, "status")).data() for r in range(model.rowCount())}


def model_col(page: ContactsPage, key: str) -> int:
    return next(i for i, c in enumerate(page.promise_model.columns) if c.key == key)


def test_log_a_visit_with_a_promise_then_a_payment_keeps_it(qtbot, page: ContactsPage, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    typed = {
        "customer": "C1",
        "result": "Boss back next week",
        "next_step": "Collect the cheque",
        "next_on": "2026-12-05",
        "amount_1": "12,000.00",
        "due_1": "2026-12-05",
    }
    monkeypatch.setattr(ContactDialog, "exec", user_fills(qtbot, typed, {"excuse": "person_away"}))
    page.contact_table.setFocus()
    page.new_item()  # Ctrl+N in the main window
    assert page.contact_model.rowCount() == 1
    contact = page.contact_model.rows[0]
    assert (contact.customer, contact.excuse, contact.next_on) == ("C1", "person_away", date(2026, 12, 5))
    assert statuses(page) == {"C1": "open"}
    # 12,000.00 was overdue on 11-30: the promise covers all of it, no gap
    assert page.promise_model.rows[0].gap == 0

    ledger.record_payment(db, ledger.MoneyInput("C1", date(2026, 12, 4), Decimal("12000.00"), "transfer"))
    page.today = date(2026, 12, 6)
    page.refresh()
    assert statuses(page) == {"C1": "kept"}
    assert page.contact_model.index(0, 7).data() == "12,000.00 by 2026-12-05 (kept)"


def test_a_bad_instalment_keeps_the_dialog_open_and_names_the_line(qtbot, page: ContactsPage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[ContactDialog] = []

    def fill(dialog: ContactDialog) -> int:
        seen.append(dialog)
        dialog.add_button.click()
        dialog.add_button.click()
        typed = {"customer": "C2", "amount_1": "1000", "due_1": "2026-12-10", "amount_3": "500"}
        return user_fills(qtbot, typed)(dialog)

    monkeypatch.setattr(ContactDialog, "exec", fill)
    page.new_item()
    [dialog] = seen
    assert dialog.result() == 0
    assert dialog.errors["due_3"].text() == "give the date it is promised by"
    assert page.contact_model.rowCount() == 0


def test_follow_ups_strip_filter_and_done(qtbot, page: ContactsPage, db) -> None:  # type: ignore[no-untyped-def]
    followup.log_contact(
        db, ContactInput("C1", date(2026, 11, 20), next_step="Call finance", next_on=date(2026, 11, 25))
    )
    followup.log_contact(db, ContactInput("C2", date(2026, 11, 28), next_step="Visit", next_on=TODAY))
    page.refresh()
    assert [r.customer for r in page.follow_model.rows] == ["C1", "C2"]
    assert page.follow_model.mark(page.follow_model.rows[0]) == "overdue"
    assert page.summary.text().startswith("Follow-ups: 1 due today, 1 overdue")

    page.rep.setCurrentIndex(page.rep.findData("R2"))
    qtbot.waitUntil(lambda: [r.customer for r in page.contact_model.rows] == ["C2"])
    page.rep.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "call fin")
    qtbot.waitUntil(lambda: [r.customer for r in page.contact_model.rows] == ["C1"])
    page.search.clear()
    qtbot.waitUntil(lambda: page.contact_model.rowCount() == 2)

    page.follow_table.selectRow(0)
    page.mark_done()
    assert [r.customer for r in page.follow_model.rows] == ["C2"]
    headers, rows = page.export_table() or ([], [])
    assert headers[0] == "Date" and len(rows) == 2


def test_sorting_puts_blanks_last(page: ContactsPage, db) -> None:  # type: ignore[no-untyped-def]
    followup.log_contact(db, ContactInput("C1", date(2026, 11, 20), next_step="Call", next_on=date(2026, 11, 25)))
    followup.log_contact(db, ContactInput("C2", date(2026, 11, 21)))
    page.refresh()
    column = next(i for i, c in enumerate(page.contact_model.columns) if c.key == "next_on")
    page.contact_model.sort(column, Qt.SortOrder.DescendingOrder)
    assert [r.customer for r in page.contact_model.rows] == ["C1", "C2"]
    page.contact_model.sort(column, Qt.SortOrder.AscendingOrder)
    assert [r.customer for r in page.contact_model.rows] == ["C1", "C2"]


def test_every_model_passes_the_model_tester(qtmodeltester, page: ContactsPage, db) -> None:  # type: ignore[no-untyped-def]
    followup.log_contact(
        db,
        ContactInput(
            "C1",
            date(2026, 11, 20),
            next_step="Call",
            next_on=date(2026, 11, 25),
            instalments=((date(2026, 11, 28), Decimal("500.00")),),
        ),
    )
    page.refresh()
    for model in (page.follow_model, page.contact_model, page.promise_model):
        assert model.rowCount() == 1
        qtmodeltester.check(model)


def test_promises_short_of_the_customers_target_are_listed_with_the_gap(qtbot, db, books) -> None:  # type: ignore[no-untyped-def]
    # Seed 004 §3: 300,000 sold in Q2, a promise of 200,000 by the end of Q3, our target 250,000.
    from arddesk.services import plan

    books.customer("YI", rep="R1", name="乙客户")
    books.delivery("Q2", "YI", on="2026-05-20", amount="300000.00")
    promise = ((date(2026, 9, 30), Decimal("200000.00")),)
    followup.log_contact(db, ContactInput("YI", date(2026, 6, 20), instalments=promise))
    plan.set_target(db, "2026Q3", "R1", "normal", 0, "250000.00", customer="YI")
    widget = ContactsPage(date(2026, 7, 1))
    qtbot.addWidget(widget)
    widget.set_database(db)

    short = widget.short_model
    assert widget.gap_period.text() == "2026Q3"
    assert [short.index(0, c).data() for c in (0, 3, 4, 5)] == ["YI", "250,000.00", "200,000.00", "50,000.00"]
    promises = widget.promise_model
    assert [promises.index(0, model_col(widget, key)).data() for key in ("target", "target_period", "gap")] == [
        "250,000.00", "2026Q3", "50,000.00",
    ]  # fmt: skip
    widget.gap_period.setText("2026Q4")
    qtbot.keyClick(widget.gap_period, Qt.Key.Key_Return)
    assert short.rowCount() == 0
    widget.db = None
