"""The owner's Audit page: the trail newest first, searched as you type, exported; closing the books."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from arddesk.services import audit, ledger, owner
from arddesk.ui import export
from arddesk.ui.pages.audit.page import CloseBooksDialog
from arddesk.ui.pages.documents.dialog import DocumentDialog
from tests.ui.pages.documents.test_dialog import dialog_failures, double_click, type_into, when_open  # noqa: F401

PASSWORD = "owner's secret 1"


@pytest.fixture
def trail(books):
    books.customer("C1", name="Alpha")
    books.delivery("D1", "C1", on="2026-05-01", amount="100.00")
    books.delivery("D2", "C1", on="2026-05-02", amount="200.00")
    ledger.void_document(books.db, "delivery", "D2", "entered twice", on=date(2026, 5, 3))
    return books


@pytest.fixture
def page(window, trail):
    window.refresh_all()
    return window.go_to("Audit")


def shown(page) -> list[tuple[str, str, str]]:
    return [(r.action, r.record, r.field) for r in map(page.model.row_at, range(page.model.rowCount()))]


def test_the_trail_is_listed_newest_first_and_searched_as_you_type(qtbot, page, db):
    everything = audit.audit_rows(db, newest_first=True)
    assert [r.id for r in map(page.model.row_at, range(page.model.rowCount()))] == [r.id for r in everything]
    assert page.model.index(0, 8).data() == "entered twice"  # the reason column
    assert page.count_label.text() == f"{len(everything)} rows"

    qtbot.keyClick(page.window(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.search, "D1")
    qtbot.waitUntil(lambda: {record for _action, record, _field in shown(page)} == {"D1"})
    page.search.clear()
    qtbot.keyClicks(page.since, "2100-01-01")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count_label.text() == "0 rows"


def test_an_entry_about_a_document_opens_it(qtbot, page):
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).record == "D2")
    banners: list[str] = []

    when_open(DocumentDialog, lambda document: banners.append(document.banner.text()))
    double_click(qtbot, page.table, row)

    assert len(banners) == 1 and banners[0].startswith("VOID since 2026-05-03 by ")
    customer = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).table == "customer")
    page.table.setCurrentIndex(page.model.index(customer, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.hint.text() == "This entry is about customer C1, which is not a delivery, payment or adjustment."


def test_what_is_shown_is_exported(qtbot, window, page, tmp_path):
    qtbot.keyClicks(page.search, "entered twice")
    qtbot.waitUntil(lambda: {page.model.row_at(r).reason for r in range(page.model.rowCount())} == {"entered twice"})
    target = tmp_path / "audit.csv"

    export.export_page(window, page, target)
    qtbot.waitUntil(target.exists, timeout=10_000)

    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["When", "Who", "Action", "Table", "Record", "Field", "Old", "New", "Reason"]
    assert len(rows) - 1 == page.model.rowCount() > 1
    assert {row[8] for row in rows[1:]} == {"entered twice"}


def test_closing_the_books_asks_the_owners_password(qtbot, page, db):
    owner.set_password(db, PASSWORD)
    assert page.closed_label.text() == "The books are not closed: any date can be posted, voided or corrected."
    said: list[str] = []

    def close(form: CloseBooksDialog) -> None:
        assert form.fields["through"].text() == "2026-05-31"  # the end of last month
        type_into(qtbot, form, password="guess")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        said.append(form.errors["password"].text())
        assert form.isVisible() and ledger.books_closed_through(db) is None
        type_into(qtbot, form, password=PASSWORD, through="2026-07-01")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        said.append(form.errors["through"].text())
        type_into(qtbot, form, through="2026-05-31")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert not form.isVisible()

    when_open(CloseBooksDialog, close)
    qtbot.mouseClick(page.findChild(QPushButton, "closeBooks"), Qt.MouseButton.LeftButton)

    assert said[0] == "wrong password"
    assert said[1].startswith("must be between 1900-01-01 and")
    assert ledger.books_closed_through(db) == date(2026, 5, 31)
    assert page.closed_label.text() == (
        "Books closed through 2026-05-31: nothing dated on or before it can be posted, voided or corrected."
    )


def test_without_an_owners_password_the_page_says_anyone_can_close(qtbot, page, db):
    said: list[str] = []

    def close(form: CloseBooksDialog) -> None:
        said.append(form.findChild(type(form.summary), "noPassword").text())
        assert "password" not in form.fields
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_open(CloseBooksDialog, close)
    page.close_books()

    assert said[0].startswith("No owner's password is set yet")
    assert ledger.books_closed_through(db) == date(2026, 5, 31)
