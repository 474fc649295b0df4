"""The Letters view: print in the background, open a letter, record replies in the register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog

from arddesk.domain.dates import Period
from arddesk.services.letters import prepare_letters, register
from arddesk.ui.pages.letters.page import LettersPage, RegisterModel, ReplyDialog, last_quarter

TODAY = date(2026, 11, 20)


@pytest.fixture
def page(qtbot, db, books, tmp_path: Path, messages: list[str]) -> LettersPage:
    for code, language in (("A", "en"), ("B", "zh"), ("C", "en")):
        books.customer(code, language=language)
        books.delivery(f"D{code}", code, on="2026-08-01", amount="100.00")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    view = LettersPage(TODAY, settings=settings)
    qtbot.addWidget(view)
    view.folder.setText(str(tmp_path / "letters"))
    view.set_database(db)
    return view


def test_last_quarter() -> None:
    assert last_quarter(date(2026, 11, 20)).label == "2026Q3"
    assert last_quarter(date(2026, 1, 1)).label == "2025Q4"


def test_register_model_passes_the_model_tester(qtmodeltester, db, books) -> None:
    books.customer("A")
    books.delivery("DA", "A", on="2026-08-01", amount="100.00")
    prepare_letters(db, Period.parse("2026Q3"), letter_date=date(2026, 10, 5))
    model = RegisterModel()
    model.set_rows(register(db), TODAY)
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_print_in_the_background_then_open_a_letter(qtbot, page: LettersPage, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toLocalFile()) or True)
    assert page.period.text() == "2026Q3"
    page.print_button.click()
    out = Path(page.folder.text()) / "2026Q3"
    qtbot.waitUntil(lambda: page.print_button.isEnabled() and (out / "all.pdf").exists(), timeout=30_000)
    assert sorted(p.name for p in out.glob("*.pdf")) == ["A.pdf", "B.pdf", "C.pdf", "all.pdf"]
    assert page.model.rowCount() == 3
    page.table.selectRow(1)
    page.open_selected()
    assert opened == [str(out / "B.pdf")]


def test_three_replies_in_the_register(qtbot, page: LettersPage, db, monkeypatch) -> None:
    prepare_letters(db, Period.parse("2026Q3"), letter_date=date(2026, 10, 5))
    page.refresh()
    answers = iter([
        {"reply": "agreed", "returnedOn": "2026-10-12", "statedBalance": "", "note": ""},
        {"reply": "disputed", "returnedOn": "2026-10-14", "statedBalance": "80.00", "note": "one carton returned"},
    ])

    def fill(dialog: ReplyDialog) -> int:
        values = next(answers)
        dialog.reply.setCurrentIndex(dialog.reply.findData(values["reply"]))
        dialog.returned_on.setText(values["returnedOn"])
        dialog.stated.setText(values["statedBalance"])
        dialog.note.setPlainText(values["note"])
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ReplyDialog, "exec", fill)
    for row in (0, 1):
        page.table.selectRow(row)
        page.record_reply()
    replies = {r.customer: (r.reply, r.difference) for r in register(db)}
    assert replies == {"A": ("agreed", 0), "B": ("disputed", -2_000), "C": ("pending", None)}
    assert page.count.text() == "3 letters: 1 pending, 1 agreed, 1 disputed"
    page.table.selectAll()
    page.mark_sent()
    assert {r.sent_on for r in register(db)} == {TODAY}
    page.show_box.setCurrentIndex(page.show_box.findData("overdue"))
    assert [page.model.rows[i].customer for i in range(page.model.rowCount())] == ["C"]
    page.show_box.setCurrentIndex(page.show_box.findData("disputes"))
    assert [r.customer for r in page.model.rows] == ["B"]


def test_a_bad_reply_is_shown_not_raised(qtbot, page: LettersPage, db, monkeypatch, messages: list[str]) -> None:
    prepare_letters(db, Period.parse("2026Q3"), letter_date=date(2026, 10, 5))
    page.refresh()

    def fill(dialog: ReplyDialog) -> int:
        dialog.reply.setCurrentIndex(dialog.reply.findData("disputed"))
        dialog.stated.setText("")
        dialog.note.setPlainText("")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ReplyDialog, "exec", fill)
    page.table.selectRow(0)
    page.record_reply()
    assert messages and "balance" in messages[-1]
    assert register(db)[0].reply == "pending"



def test_handover_hint_and_mark(qtbot, page: LettersPage, db) -> None:
    from arddesk.services.risk import add_flag

    prepare_letters(db, Period.parse("2026Q3"), letter_date=date(2026, 10, 5))
    add_flag(db, "B", "contact_changed", date(2026, 9, 1), "new buyer")
    page.refresh()
    assert not page.handover_hint.isHidden() and "B" in page.handover_hint.text()
    page.table.selectRow(1)
    page.mark_handover()
    assert [r.customer for r in register(db) if r.handover] == ["B"]
    assert page.handover_hint.isHidden()


def test_print_takes_the_selected_letters_or_else_all_pdf(qtbot, page: LettersPage, messages: list[str]) -> None:
    assert page.print_documents() == []
    assert "has not been written yet" in messages[-1]
    page.print_button.click()
    out = Path(page.folder.text()) / "2026Q3"
    qtbot.waitUntil(lambda: page.print_button.isEnabled() and (out / "all.pdf").exists(), timeout=30_000)
    assert page.print_documents() == [out / "all.pdf"]
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(2, 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = [page.model.rows[0].customer, page.model.rows[2].customer]
    assert page.print_documents() == [out / f"{code}.pdf" for code in chosen]
