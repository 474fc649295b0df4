"""Reading cells from .xlsx and .csv files, with the row numbers the spreadsheet shows."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from arddesk.services.errors import Rejected
from arddesk.services.spreadsheet import (
    Formula,
    Row,
    _openpyxl_values,
    _plain_sheet_rows,
    read_rows,
    unescape_csv_text,
)


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


# ---------------------------------------------------------------- the fast reader agrees with openpyxl


def _shared_strings_copy(source: Path, target: Path) -> None:
    """The same workbook with its strings in a shared-strings table, as Excel writes them."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2) or ""} t="s"><v>{len(strings) - 1}</v></c>'

    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>', shared, sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + "</sst>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _both_readings(path: Path) -> tuple[list[Row] | None, list[Row]]:
    workbook = load_workbook(path, read_only=True)
    try:
        fast = _plain_sheet_rows(workbook, workbook.active)
    finally:
        workbook.close()
    workbook = load_workbook(path, read_only=True)
    try:
        slow, _suspicious = _openpyxl_values(workbook.active)
    finally:
        workbook.close()
    return fast, slow


VARIED: list[list[object]] = [
    ["number", "note", "amount", "date", "flag"],
    ["D1", "a & b < c > d \"e\" 'f'", 1200, datetime(2026, 3, 31), True],
    ["D2", "  spaced  ", -12.5, datetime(2026, 3, 31, 9, 15), False],
    [None, None, None, None, None],
    ["D3", "华东五金有限公司", 1e20, date(1900, 1, 1), None],
    ["D4", "two\r\nlines\rand\nmore", 0.1 + 0.2, time(13, 30), 7],
    [None, "", 3, None, None],
    ["=not a formula", "+1", "-2", "@x", "\tx"],
    ["D5", None, None, None, "#N/A"],
]


@pytest.mark.parametrize("shared_strings", [False, True])
def test_the_fast_reader_gives_what_openpyxl_gives(tmp_path: Path, shared_strings: bool) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in VARIED:
        sheet.append(row)
    sheet["A8"].data_type = "s"  # text that starts with "=" (the quote-prefix case), not a formula
    sheet["C12"] = 1  # a row and columns further out
    workbook.save(tmp_path / "inline.xlsx")
    path = tmp_path / "inline.xlsx"
    if shared_strings:
        _shared_strings_copy(path, tmp_path / "shared.xlsx")
        path = tmp_path / "shared.xlsx"
        assert b"sharedStrings" in zipfile.ZipFile(path).read("[Content_Types].xml")
    fast, slow = _both_readings(path)
    assert fast is not None
    assert fast == slow
    assert [number for number, _ in fast] == [1, 2, 3, 5, 6, 7, 8, 9, 12]


def test_the_fast_reader_steps_aside_for_what_it_does_not_know(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["amount", "note"])
    sheet.append([5, "x"])
    workbook.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # Pretty-printed XML: whitespace between the cells.
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"</c><c", b"</c>\n  <c")
    with zipfile.ZipFile(tmp_path / "pretty.xlsx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    fast, slow = _both_readings(tmp_path / "pretty.xlsx")
    assert fast is None
    assert read_rows(tmp_path / "pretty.xlsx") == slow == [(1, ("amount", "note")), (2, (5, "x"))]


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ((b"<sheetData>", b"<x:sheetData>"), "no sheetData"),
        ((b'<c r="B2" t="inlineStr">', b'<c r="B2" t="inlineStr" ph="1">'), "an attribute"),
        ((b"<is><t>x</t></is>", b"<is><r><t>x</t></r></is>"), "rich text"),
        ((b'<row r="2">', b"<row>"), "a row without its number"),
        ((b"<worksheet", b'<?xml version="1.0" encoding="ISO-8859-1"?><worksheet'), "another encoding"),
    ],
)
def test_the_fast_reader_steps_aside_for_other_shapes(tmp_path: Path, change: tuple[bytes, bytes], found: str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["amount", "note"])
    sheet.append([5, "x"])
    workbook.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert change[0] in parts["xl/worksheets/sheet1.xml"], found
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(*change)
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    workbook = load_workbook(tmp_path / "other.xlsx", read_only=True)
    try:
        assert _plain_sheet_rows(workbook, workbook.active) is None, found
    finally:
        workbook.close()
