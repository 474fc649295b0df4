"""Reading cells from .xlsx and .csv files, with the row numbers the spreadsheet shows."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from arddesk.services.errors import Rejected
from arddesk.services.spreadsheet import Formula, read_rows, unescape_csv_text


def reason(path: Path) -> str:
    with pytest.raises(Rejected) as caught:
        read_rows(path)
    (problem,) = caught.value.problems
    assert problem.row is None
    return problem.reason


def test_xlsx_values_with_row_numbers_and_blank_rows_left_out(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["number", "date", "amount"])
    sheet.append(["D1", datetime(2026, 3, 31), 12.5])
    sheet.append([None, "   ", None])
    sheet.append(["D2", "2026-04-01", 7])
    workbook.save(tmp_path / "a.xlsx")
    assert read_rows(tmp_path / "a.xlsx") == [
        (1, ("number", "date", "amount")),
        (2, ("D1", datetime(2026, 3, 31), 12.5)),
        (4, ("D2", "2026-04-01", 7)),
    ]


def test_a_formula_is_told_apart_from_text_that_starts_with_equals(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["amount", "note"])
    sheet.append(["=SUM(1,2)", "plain"])
    sheet["B3"] = "=not a formula"
    sheet["B3"].data_type = "s"
    sheet["A3"] = 5
    workbook.save(tmp_path / "a.xlsx")
    rows = read_rows(tmp_path / "a.xlsx")
    assert rows[1] == (2, (Formula("=SUM(1,2)"), "plain"))
    assert rows[2] == (3, (5, "=not a formula"))


def test_csv_records_are_rows_even_when_a_cell_spans_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('number,note\r\nD1,"two\r\nlines"\r\n\r\nD2,x\r\n', encoding="utf-8")
    assert read_rows(path) == [(1, ("number", "note")), (2, ("D1", "two\r\nlines")), (4, ("D2", "x"))]


def test_csv_blank_cells_are_none(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b,c\n1,,3\n", encoding="utf-8")
    assert read_rows(path)[1] == (2, ("1", None, "3"))


@pytest.mark.parametrize(
    ("written", "read"),
    [("'=1+1", "=1+1"), ("'-5", "-5"), ("'+x", "+x"), ("'@a", "@a"), ("''x", "'x"), ("'x", "'x"), ("it's", "it's")],
)
def test_the_csv_apostrophe_protection_is_undone(written: str, read: str) -> None:
    assert unescape_csv_text(written) == read


def test_an_excel_file_named_csv(tmp_path: Path) -> None:
    Workbook().save(tmp_path / "a.csv")
    assert reason(tmp_path / "a.csv") == "not a CSV file — it looks like an Excel file; name it .xlsx"


def test_an_old_xls_file(tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert "save it as .xlsx" in reason(tmp_path / "a.xls")


def test_an_unknown_file_type(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    assert reason(tmp_path / "a.txt") == "unknown file type '.txt'; use .xlsx or .csv"


def test_a_missing_file(tmp_path: Path) -> None:
    assert reason(tmp_path / "nothing.xlsx").startswith("cannot be opened")


def test_a_broken_xlsx(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 truncated")
    assert reason(tmp_path / "a.xlsx").startswith("cannot be read as an Excel file")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert reason(tmp_path / "a.xlsx").startswith("cannot be read as an Excel file")


def test_text_in_neither_utf8_nor_gb18030(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"number\n\x81\x30\xff\n")
    assert reason(tmp_path / "a.csv") == "cannot read the text: save it as 'CSV UTF-8 (Comma delimited)'"
