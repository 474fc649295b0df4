"""Writing tables: plain money and ISO dates, and text that never runs as a formula."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from arddesk.reports.tables import write_csv, write_table
from arddesk.services.spreadsheet import read_rows

HEADER = ["number", "date", "amount", "days", "note"]
DANGEROUS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted"]


def test_csv_money_dates_blanks_and_numbers() -> None:
    stream = io.StringIO()
    write_csv(stream, HEADER, [["D1", date(2026, 3, 31), Decimal("1234.50"), 30, None]])
    assert stream.getvalue() == "number,date,amount,days,note\nD1,2026-03-31,1234.50,30,\n"


def test_csv_negative_numbers_are_numbers_not_escaped_text() -> None:
    stream = io.StringIO()
    write_csv(stream, ["amount", "days"], [[Decimal("-12.30"), -3]])
    assert stream.getvalue().splitlines()[1] == "-12.30,-3"


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_formula_like_text_gets_an_apostrophe(text: str) -> None:
    stream = io.StringIO()
    write_csv(stream, ["note"], [[text]])
    written = stream.getvalue().split("\n", 1)[1]
    assert written.lstrip('"').startswith("'" + text[:1])


def test_csv_file_has_a_byte_order_mark_and_crlf_for_excel(tmp_path: Path) -> None:
    write_table(tmp_path / "t.csv", ["名称"], [["华东"]])
    assert (tmp_path / "t.csv").read_bytes() == "\ufeff名称\r\n华东\r\n".encode()


def test_xlsx_types_header_and_layout(tmp_path: Path) -> None:
    row = ["D1", date(2026, 3, 31), Decimal("-1234.50"), 30, "华东五金有限公司 note"]
    write_table(tmp_path / "t.xlsx", HEADER, [row])
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    _number, day, amount, days, _note = sheet[2]
    assert day.is_date and day.value.date() == date(2026, 3, 31)
    assert day.number_format == "yyyy-mm-dd"
    assert amount.data_type == "n" and amount.value == -1234.5 and amount.number_format == "#,##0.00"
    assert days.value == 30
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["D"].width


def test_xlsx_formula_like_text_is_a_string_cell_with_a_quote_prefix(tmp_path: Path) -> None:
    write_table(tmp_path / "t.xlsx", ["note"], [[text] for text in DANGEROUS])
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == DANGEROUS
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS)
    assert [cell.quotePrefix for cell in cells[:-1]] == [True] * (len(DANGEROUS) - 1)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_like_text_reads_back_as_written(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    write_table(path, ["note"], [[text] for text in DANGEROUS])
    assert [values[0] for _, values in read_rows(path)[1:]] == DANGEROUS


def test_xlsx_streams_more_rows_than_it_samples_for_widths(tmp_path: Path) -> None:
    write_table(tmp_path / "t.xlsx", ["n"], ([i] for i in range(1000)))
    rows = read_rows(tmp_path / "t.xlsx")
    assert len(rows) == 1001
    assert rows[-1] == (1001, (999,))


def test_a_view_exported_to_excel_has_its_name_a_title_a_frozen_filtered_header_and_readable_money(
    tmp_path: Path,
) -> None:
    rows = [["C1", "华东五金有限公司", Decimal("1234567.5")], ["TOTAL", "", Decimal("1234567.5")]]
    heading = ["Hengda Trading — Aging", "As of 2026-11-24; by customer; basis: due date"]
    written = write_table(
        tmp_path / "t.xlsx", ["key", "name", "total"], rows, sheet="Aging: by customer?", heading=heading
    )
    assert written == 2
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    assert sheet.title == "Aging  by customer"  # : and ? cannot be in a sheet's name
    assert [sheet["A1"].value, sheet["A2"].value] == heading and sheet["A1"].font.b
    assert [cell.value for cell in sheet[3]] == ["key", "name", "total"]
    assert sheet.freeze_panes == "A4"  # the title and the header stay in view
    assert sheet.auto_filter.ref == "A3:C5"
    assert sheet["C4"].value == 1234567.5 and sheet["C4"].number_format == "#,##0.00"
    assert sheet.column_dimensions["B"].width > 16  # 华东五金有限公司: eight characters two columns wide
    assert write_table(tmp_path / "t.csv", ["key"], [["C1"]], heading=heading) == 1
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines() == ["key", "C1"]  # CSV: the plain table
