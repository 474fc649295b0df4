"""File → Import as a clerk uses it: a preview of the file first, then the import with progress and Cancel."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from arddesk import text
from arddesk.services.exporting import export_rows
from arddesk.store.db import Database, open_database
from arddesk.ui.mainwindow import MainWindow
from arddesk.ui.pages.imports.dialog import ImportDialog
from tests.conftest import Books, sqlite_only

NOT_AN_AMOUNT = "not a number (use digits, an optional decimal point and at most two decimals)"


def csv_file(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def deliveries(path: Path, count: int, customer: str = "C1") -> Path:
    rows: list[list[object]] = [["number", "customer", "date", "amount"]]
    rows += [[f"D{n:06d}", customer, "2026-03-31", "10.00"] for n in range(1, count + 1)]
    return csv_file(path, rows)


def exported(db: Database, kind: str) -> list[list[object]]:
    return [list(row) for row in export_rows(db, kind)[1]]


def choose_import(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, kind: str, path: Path) -> ImportDialog:
    """File → Import → kind, picking ``path`` in the file dialog; the dialog once it has read the file."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(path), ""))
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    import_menu = next(a.menu() for a in file_menu.actions() if a.text() == "&Import")
    next(a for a in import_menu.actions() if a.text() == kind.capitalize() + "…").trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    wait_for_reading(qtbot, dialog)
    return dialog


def wait_for_reading(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.summary.text() != "Reading the file…", timeout=20_000)


def press_import(qtbot, dialog: ImportDialog) -> None:
    """Press Import and wait until the dialog closes (it is deleted then)."""
    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def cells(model) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())] for row in range(model.rowCount())
    ]


def headers(model) -> list[str]:
    return [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]


def choose(qtbot, combo, text: str) -> None:
    """Pick an entry of a combo box by its text, as a clerk would with the keyboard."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setFocus()
    combo.setCurrentIndex(index)


def test_choosing_a_file_shows_the_rows_as_read_and_each_columns_field(
    qtbot, qtmodeltester, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "送货.csv",
        [
            ["单号", "客户", "日期", "金额", "note"],
            ["D1", "C1", "2026/3/31", "1,200.50", "first"],
            ["D2", "C1", "2026-04-01", "99", ""],
        ],
    )
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", path)
    assert headers(dialog.rows_model) == [
        "Row", "Check", "单号", "客户", "日期", "金额",
        "due_date (default)", "rep (default)", "category (default)", "model (default)", "note",
    ]  # fmt: skip
    assert cells(dialog.rows_model) == [
        ["2", "new", "D1", "C1", "2026-03-31", "1200.50", "", "", "normal", "", "first"],
        ["3", "new", "D2", "C1", "2026-04-01", "99.00", "", "", "normal", "", ""],
    ]
    blank = "not in the file: left blank or its default"
    assert cells(dialog.mapping_model) == [
        ["单号 (column A)", "number", "单号", "required"],
        ["客户 (column B)", "customer", "客户", "required"],
        ["日期 (column C)", "date", "日期", "required"],
        ["金额 (column D)", "amount", "金额", "required"],
        [blank, "due_date", "到期日", ""],
        [blank, "rep", "业务员", ""],
        [blank, "category", "类别", ""],
        [blank, "model", "型号", ""],
        ["note (column E)", "note", "备注", ""],
    ]
    assert dialog.summary.text() == "Rows read: 2. New: 2. Probable duplicates: 0. Bad rows: 0."
    assert dialog.tabs.currentIndex() == 0 and dialog.rows_view.isVisible()
    assert not dialog.allow_duplicates.isVisible()
    assert dialog.import_button.isEnabled()
    assert exported(books.db, "deliveries") == []  # a preview writes nothing
    for model in (dialog.rows_model, dialog.mapping_model, dialog.problems_model, dialog.duplicates_model):
        qtmodeltester.check(model)


def test_three_thousand_bad_rows_are_listed_in_a_table_that_fits_and_saved_to_excel(
    qtbot, qtmodeltester, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    rows: list[list[object]] = [["number", "customer", "date", "amount"]]
    rows += [[f"D{n}", "C1", "2026-03-31", "10.00" if n % 2 else "ten"] for n in range(1, 6001)]
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", csv_file(tmp_path / "bad.csv", rows))

    assert dialog.summary.text() == "Rows read: 6,000. New: 3,000. Probable duplicates: 0. Bad rows: 3,000."
    assert dialog.tabs.currentIndex() == dialog.bad_tab and dialog.problems_view.isVisible()
    assert dialog.tabs.tabText(dialog.bad_tab) == "Bad rows (3,000)"
    assert dialog.problems_model.rowCount() == 3000  # every bad row named
    assert not dialog.unlisted.isVisible()
    assert headers(dialog.problems_model) == ["Row", "Column", "Value", "Why"]
    assert cells(dialog.problems_model)[0] == ["3", "amount", "ten", NOT_AN_AMOUNT]
    assert not dialog.import_button.isEnabled()
    frame = dialog.frameGeometry()
    assert frame.width() <= 1280 and frame.height() <= 800
    for button in (dialog.import_button, dialog.cancel_button, dialog.save_problems_button):
        assert button.isVisible() and dialog.rect().contains(button.mapTo(dialog, button.rect().bottomRight()))
    qtmodeltester.check(dialog.problems_model)

    saved = tmp_path / "bad-rows.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(saved), ""))
    qtbot.mouseClick(dialog.save_problems_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.advice.text().startswith("Saved"), timeout=20_000)
    sheet = load_workbook(saved, read_only=True).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == ["Row", "Column", "Value", "Why"]
    assert len(table) == 3001  # all the bad rows
    assert table[1] == [3, "amount", "ten", NOT_AN_AMOUNT]
    assert table[-1] == [6001, "amount", "ten", NOT_AN_AMOUNT]


def test_choosing_the_encoding_reads_the_file_again(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.terms("N30")
    path = csv_file(
        tmp_path / "customers.csv",
        [["code", "name", "terms"], ["C9", "Crème Brûlée SARL", "N30"]],
        encoding="cp1252",
    )
    dialog = choose_import(qtbot, window, monkeypatch, "customers", path)
    assert dialog.summary.text() == "The file cannot be imported as it is."
    assert "Windows-1252" in cells(dialog.problems_model)[0][3]
    assert not dialog.import_button.isEnabled()

    choose(qtbot, dialog.encoding, "Windows-1252 (Western European)")
    wait_for_reading(qtbot, dialog)
    assert cells(dialog.rows_model)[0][:5] == ["2", "new", "C9", "Crème Brûlée SARL", "N30"]
    assert dialog.summary.text() == "Rows read: 1. New: 1. Probable duplicates: 0. Bad rows: 0."
    assert dialog.problems_model.rowCount() == 0
    assert dialog.import_button.isEnabled()


def test_choosing_the_date_order_reads_ambiguous_dates(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "d.csv", [["number", "customer", "date", "amount"], ["D1", "C1", "03/04/2026", "5"]])
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", path)
    assert [row[:3] for row in cells(dialog.problems_model)] == [["2", "date", "03/04/2026"]]

    choose(qtbot, dialog.date_order, "Day first: 03/04/2026 is 3 April")
    wait_for_reading(qtbot, dialog)
    assert cells(dialog.rows_model)[0][4] == "2026-04-03"
    choose(qtbot, dialog.date_order, "Month first: 03/04/2026 is 4 March")
    wait_for_reading(qtbot, dialog)
    assert cells(dialog.rows_model)[0][4] == "2026-03-04"

    press_import(qtbot, dialog)
    assert exported(books.db, "deliveries")[0][2] == date(2026, 3, 4)


def test_import_shows_progress_then_the_status_bar_says_how_many(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", deliveries(tmp_path / "d.csv", 1500))
    seen: list[tuple[int, int]] = []
    dialog.progress.valueChanged.connect(lambda value: seen.append((value, dialog.progress.maximum())))

    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible() and not dialog.import_button.isEnabled()
        assert dialog.cancel_button.text() == "Cancel import"

    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert window.statusBar().currentMessage() == "Imported 1,500 rows of deliveries from d.csv."
    assert len(exported(books.db, "deliveries")) == 1500
    assert window.go_to("Delivery log").model.rowCount() > 0


def test_cancel_during_the_import_leaves_nothing_imported(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", deliveries(tmp_path / "d.csv", 20_000))

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.importing, timeout=60_000)

    assert dialog.isVisible()
    assert dialog.summary.text() == "Import cancelled: nothing was imported."
    assert exported(books.db, "deliveries") == []
    assert dialog.import_button.isEnabled()  # the preview stands: the clerk may import after all


def test_escape_during_the_import_asks_and_stopping_imports_nothing(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", deliveries(tmp_path / "d.csv", 20_000))
    asked = answer(monkeypatch, "Stop the import")

    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert asked == ["The import is still running. Stop it? Nothing of the file will be imported."]
    assert exported(books.db, "deliveries") == []
    assert window.statusBar().currentMessage() == ""


def answer(monkeypatch: pytest.MonkeyPatch, button_text: str | None) -> list[str]:
    """Message boxes answered with the button of that text (None: Cancel); their texts collected."""
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        chosen = next((b for b in box.buttons() if b.text() == button_text), None)
        if chosen is not None:
            chosen.click()
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def test_closing_the_window_during_an_import_asks_and_may_go_on_importing(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", deliveries(tmp_path / "d.csv", 20_000))
    asked = answer(monkeypatch, None)

    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        window.close()
        assert asked == ["The import is still running. Stop it? Nothing of the file will be imported."]
        assert window.isVisible()
    assert len(exported(books.db, "deliveries")) == 20_000


@sqlite_only
def test_closing_the_window_during_an_import_can_stop_it_and_nothing_is_imported(
    qtbot, window: MainWindow, books: Books, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    dialog = choose_import(qtbot, window, monkeypatch, "deliveries", deliveries(tmp_path / "d.csv", 20_000))
    asked = answer(monkeypatch, "Stop the import")

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    window.close()

    assert len(asked) == 1 and not window.isVisible()
    reopened = open_database(tmp_path / "company.sqlite")
    try:
        assert exported(reopened, "deliveries") == []
    finally:
        reopened.close()


def test_probable_duplicates_are_listed_and_imported_only_when_allowed(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    books.payment("C1", on="2026-03-31", amount="500.00")
    path = csv_file(
        tmp_path / "bank.csv",
        [
            ["customer", "date", "amount", "method"],
            ["C1", "2026-03-31", "500.00", "transfer"],
            ["C1", "2026-04-01", "80.00", "transfer"],
        ],
    )
    dialog = choose_import(qtbot, window, monkeypatch, "payments", path)
    assert dialog.summary.text() == "Rows read: 2. New: 1. Probable duplicates: 1. Bad rows: 0."
    assert dialog.allow_duplicates.isVisible() and not dialog.allow_duplicates.isChecked()
    assert dialog.tabs.currentIndex() == dialog.duplicates_tab
    assert [row[0] for row in cells(dialog.duplicates_model)] == ["2"]
    assert not dialog.import_button.isEnabled()

    box = dialog.allow_duplicates
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on its tick box
    assert box.isChecked() and dialog.import_button.isEnabled()
    press_import(qtbot, dialog)
    amounts = sorted(row[3] for row in exported(books.db, "payments"))
    assert amounts == [Decimal("80.00"), Decimal("500.00"), Decimal("500.00")]


def test_a_payment_posted_after_the_preview_makes_the_import_ask_about_the_duplicate(
    qtbot, window: MainWindow, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "bank.csv", [["customer", "date", "amount"], ["C1", "2026-03-31", "500.00"]])
    dialog = choose_import(qtbot, window, monkeypatch, "payments", path)
    assert not dialog.allow_duplicates.isVisible() and dialog.import_button.isEnabled()
    books.payment("C1", on="2026-03-31", amount="500.00")  # meanwhile, by hand

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.importing, timeout=20_000)
    assert dialog.summary.text() == "Nothing was imported: the books changed since the file was read."
    assert dialog.tabs.currentIndex() == dialog.duplicates_tab
    assert [row[0] for row in cells(dialog.duplicates_model)] == ["2"]
    assert dialog.allow_duplicates.isVisible() and not dialog.import_button.isEnabled()
    assert len(exported(books.db, "payments")) == 1

    box = dialog.allow_duplicates
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    press_import(qtbot, dialog)
    assert len(exported(books.db, "payments")) == 2


def test_the_bad_rows_and_their_export_read_in_chinese(qtbot, books: Books, tmp_path: Path) -> None:
    text.use_language("zh_CN")
    rows: list[list[object]] = [["code", "name", "terms", "credit_limit"], ["C2", "Acme", "N30", "-5"]]
    dialog = ImportDialog(books.db, "customers", csv_file(tmp_path / "customers.csv", rows))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.read_file()
    qtbot.waitUntil(lambda: dialog.problems_model.rowCount() == 1, timeout=20_000)
    assert cells(dialog.problems_model) == [["2", "credit_limit", "-5", "不能为负数"]]

    saved = tmp_path / "bad-rows.xlsx"
    dialog.save_problems(saved)
    qtbot.waitUntil(lambda: saved.exists() and dialog.advice.text() != "", timeout=20_000)
    table = [list(row) for row in load_workbook(saved, read_only=True).active.iter_rows(values_only=True)]
    assert table[1] == [2, "credit_limit", "-5", "不能为负数"]
