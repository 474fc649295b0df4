"""The aging view: same numbers as ``arddesk aging``, drill-down to deliveries and the customer, stale reads dropped."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from arddesk.cli import main
from arddesk.domain.aging import DebtClass
from arddesk.services import risk
from arddesk.services.aging import aging_report
from arddesk.services.settings import load_settings
from arddesk.ui.pages.aging.page import AgingPage, AgingView
from tests.conftest import Books

AS_OF = date(2026, 9, 30)


@pytest.fixture
def ledger(books: Books) -> Books:
    books.customer("C1", name="Acme", rep="R1", department="EAST")
    books.customer("C2", name="华联超市", rep="R2", department="WEST")
    books.customer("C3", name="Credit only", rep="R2", department="WEST")
    books.delivery("D1", "C1", on="2025-08-01", amount="100.00")
    books.delivery("D2", "C1", on="2026-02-01", amount="200.00")
    books.delivery("D3", "C1", on="2026-05-01", amount="300.10")
    books.delivery("D4", "C2", on="2026-08-01", amount="400.00")
    books.delivery("D5", "C2", on="2026-09-15", amount="500.00")
    books.payment("C1", on="2026-06-01", amount="50.05")
    books.payment("C3", on="2026-06-01", amount="70.00")
    return books


@pytest.fixture
def page(qtbot, ledger: Books) -> Iterator[AgingPage]:  # type: ignore[no-untyped-def]
    widget = AgingPage(AS_OF)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=10000):
        widget.set_database(ledger.db)
    yield widget
    qtbot.waitUntil(lambda: widget.pending == 0, timeout=10000)


def choose(qtbot, page: AgingPage, combo_value: str, combo) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        combo.setCurrentIndex(combo.findData(combo_value))


def cli_grid(capsys: pytest.CaptureFixture[str], location: str, *args: str) -> list[list[str]]:
    assert main(["--db", location, "aging", "--as-of", AS_OF.isoformat(), *args]) == 0
    return list(csv.reader(io.StringIO(capsys.readouterr().out)))


def shown_grid(page: AgingPage) -> list[list[str]]:
    _header, rows = page.model.export_rows()
    width = len(page.model.report.columns)  # type: ignore[union-attr]
    text = [
        [("" if v is None else f"{v:.2f}" if isinstance(v, Decimal) else str(v)) for v in row[:width]] for row in rows
    ]
    return [page.model.report.columns, *text]  # type: ignore[union-attr]


def test_defaults_as_of_today_and_company_buckets(page: AgingPage, ledger: Books) -> None:
    assert page.as_of_date == AS_OF
    assert page.buckets.text() == load_settings(ledger.db).aging_buckets
    assert page.model.rowCount() == 4  # C1, C2, C3 and TOTAL


@pytest.mark.parametrize("by", ["customer", "rep", "department"])
@pytest.mark.parametrize("basis", ["due", "delivery"])
def test_the_view_agrees_with_the_cli_to_the_cent(
    qtbot,
    page: AgingPage,
    ledger: Books,
    capsys: pytest.CaptureFixture[str],
    by: str,
    basis: str,  # type: ignore[no-untyped-def]
) -> None:
    if basis != "due":
        choose(qtbot, page, basis, page.basis)
    if by != "customer":
        choose(qtbot, page, by, page.group)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.buckets.setText("30,60,90")
        page.buckets.returnPressed.emit()
    assert shown_grid(page) == cli_grid(
        capsys, ledger.db.location, "--by", by, "--basis", basis, "--buckets", "30,60,90"
    )


def test_every_model_passes_the_model_tester(qtbot, qtmodeltester, page: AgingPage) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    page.model.sort(8, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(page.model)
    index = page.model.index(0, 2)
    dialog = page.drill_into(index)
    assert dialog is not None
    qtmodeltester.check(dialog.model)
    dialog.close()


def test_double_click_a_cell_shows_its_deliveries_then_the_customer(qtbot, page: AgingPage) -> None:  # type: ignore[no-untyped-def]
    report = page.model.report
    assert report is not None
    column = 3 + report.buckets.labels.index("91-180")  # C1's D3: due 2026-05-31, 122 days
    row = next(r for r in range(page.model.rowCount()) if page.model.line_at(r).key == "C1")  # type: ignore[union-attr]
    index = page.model.index(row, column)
    page.table.scrollTo(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    dialog = page.drill
    assert dialog is not None and dialog.isVisible()
    rows = dialog.model.rows
    assert [(r.number, r.open, r.debt_class.debt_class) for r in rows] == [("D3", 300_10, DebtClass.DOUBTFUL)]
    assert sum(r.open for r in rows) == page.model.line_at(row).buckets[column - 3]  # type: ignore[union-attr]
    customer = dialog.show_customer()
    assert customer is not None
    assert "C1" in customer.summary.text() and "Dead" in customer.summary.text()  # D1 is 395 days past due
    customer.close()
    dialog.close()


def test_total_row_drills_into_every_row(page: AgingPage) -> None:
    total_row = page.model.rowCount() - 1
    found = page.cell_loader(total_row, 1)
    assert found is not None
    assert {d.number for d in found[1]()} == {"D1", "D2", "D3", "D4", "D5"}
    assert page.cell_loader(total_row, page.model.keys.index("unapplied")) is None


def test_a_manual_class_survives_a_refresh_and_shows_in_the_class_totals(qtbot, page: AgingPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    risk.set_class(ledger.db, "C2", "bad", "relocated without notice")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    qtbot.waitUntil(lambda: page.class_totals.get(DebtClass.BAD, 0) == 200_00 + 900_00, timeout=10000)
    assert "Bad <b>" in page.classes.text()


def test_a_stale_result_never_overwrites_a_newer_one(qtbot, page: AgingPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    stale = AgingView(aging_report(ledger.db, date(2025, 1, 1)), page.generation)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    newest = page.model.report
    page._grid_done(stale)  # the older generation arrives late
    assert page.model.report is newest
    assert newest is not None and newest.as_of == AS_OF


def test_disputed_items_are_marked_and_filterable(qtbot, page: AgingPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    risk.set_cause(ledger.db, "D4", "quality", "wrong colour")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    qtbot.waitUntil(lambda: bool(page.model.disputed), timeout=10000)
    page.disputed_only.setChecked(True)
    assert [page.model.line_at(r).key for r in range(page.model.rowCount())] == ["C2", "TOTAL"]  # type: ignore[union-attr]
    loader = page.cell_loader(0, 1)
    assert loader is not None and [d.number for d in loader[1]()] == ["D4"]


def test_bucket_editor_saves_the_company_default(qtbot, page: AgingPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    page.buckets.setText("15,45")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.save_bucket_default()
    assert load_settings(ledger.db).aging_buckets == "15,45"
    assert page.model.titles[3:6] == ["1–15 days", "16–45 days", "over 45 days"]


def test_export_and_print_what_is_shown(page: AgingPage, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert page.export_to(tmp_path / "aging.xlsx") == page.model.rowCount()
    sheet = load_workbook(tmp_path / "aging.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "Aging"
    assert values[0][0] == "My Company — Aging"
    assert values[1][0] == (
        f"as of: {page.as_of_date.isoformat()}; by customer; basis: days past due date; buckets: "
        f"{load_settings(page.db).aging_buckets}"
    )
    assert values[2] == page.model.titles and sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref.startswith("A3:")
    assert values[-1][0] == "TOTAL"
    total = values[2].index("Total")
    assert Decimal(str(values[-1][total])) == Decimal("1380.05")  # 1500.10 delivered − 50.05 − 70.00 paid
    assert sheet.cell(sheet.max_row, total + 1).number_format == "#,##0.00"
    page.print_to(tmp_path / "aging.pdf")
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "aging.pdf").pages[0].extract_text()
    assert "1,380.05" in text and "TOTAL" in text


def test_the_customer_dialog_keeps_earlier_class_changes(qtbot, books) -> None:
    from datetime import date

    from arddesk.services import risk
    from arddesk.ui.pages.aging.page import CustomerRiskDialog

    books.customer("C7")
    books.delivery("D70", "C7", on="2026-01-05", amount="90.00")
    risk.set_class(books.db, "C7", "doubtful", "promised twice, paid nothing")
    risk.set_class(books.db, "C7", "bad", "phone disconnected")
    dialog = CustomerRiskDialog(books.db, "C7", date(2026, 9, 30))
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert "phone disconnected" in text
    assert "Earlier class changes" in text and "promised twice, paid nothing" in text


def test_each_row_shows_its_open_amount_split_into_the_five_classes(qtbot, page: AgingPage, ledger: Books) -> None:  # type: ignore[no-untyped-def]
    risk.set_class(ledger.db, "C2", "bad", "relocated without notice")
    choose(qtbot, page, "rep", page.group)
    qtbot.waitUntil(lambda: bool(page.model.classes), timeout=10000)
    header, rows = page.model.export_rows()
    class_columns = [
        header.index(title)
        for title in ("Not yet due", "Dunning", "Doubtful", "Bad", "Dead")
    ]
    by_key = {row[0]: [row[c] for c in class_columns] for row in rows}
    assert by_key["R2"] == [Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("900.00"), Decimal("0.00")]
    for row in rows:
        open_amount = row[header.index("Total")] - row[header.index("Unapplied")]
        assert sum(by_key[row[0]]) == open_amount, row[0]
    assert by_key["TOTAL"][3] * 100 == page.class_totals[DebtClass.BAD]
