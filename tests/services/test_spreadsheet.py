"""Reading cells from .xlsx and .csv files, with the row numbers the spreadsheet shows."""

from __future__ import annotations

import codecs
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from arddesk.domain.problems import Problem
from arddesk.services import spreadsheet
from arddesk.services.errors import Rejected
from arddesk.services.spreadsheet import CellError, read_rows, read_sheet, unescape_csv_text
from arddesk.text.messages import reason_text
from tests.conftest import in_words


def reason(path: Path, encoding: str | None = None) -> str:
    with pytest.raises(Rejected) as caught:
        read_rows(path, encoding=encoding)
    (problem,) = caught.value.problems
    assert problem.row is None
    return reason_text(problem)


def bad_rows(path: Path) -> list[Problem]:
    with pytest.raises(Rejected) as caught:
        read_rows(path)
    return in_words(caught.value.problems)


def save(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def with_sheet_data(path: Path, data: str, **more_parts: str) -> Path:
    """A workbook whose first sheet holds ``data`` (the inside of <sheetData>) as written."""
    save(path, [["x"]])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start, end = sheet.index("<sheetData>") + len("<sheetData>"), sheet.index("</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + data + sheet[end:]).encode()
    for name, text in more_parts.items():
        parts[name] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


# ---------------------------------------------------------------- Excel


def test_xlsx_values_with_row_numbers_and_blank_rows_left_out(tmp_path: Path) -> None:
    path = save(
        tmp_path / "a.xlsx",
        [
            ["number", "date", "amount", "flag"],
            ["D1", datetime(2026, 3, 31), 12.5, True],
            [None, "   ", None, None],
            ["D2", "2026-04-01", 7, False],
            [1001, datetime(2026, 3, 31, 9, 15), 1e20, time(13, 30)],
        ],
    )
    assert read_rows(path) == [
        (1, ("number", "date", "amount", "flag")),
        (2, ("D1", date(2026, 3, 31), 12.5, True)),
        (4, ("D2", "2026-04-01", 7, False)),
        (5, (1001, datetime(2026, 3, 31, 9, 15), 10**20, time(13, 30))),
    ]


def test_whole_numbers_come_as_int_and_blank_cells_as_none(tmp_path: Path) -> None:
    rows = read_rows(save(tmp_path / "a.xlsx", [["a", "b", "c"], [1200, None, 0.5], [None, None, "x"]]))
    assert rows == [(1, ("a", "b", "c")), (2, (1200, None, 0.5)), (3, (None, None, "x"))]
    assert type(rows[1][1][0]) is int


def test_text_cells_come_back_as_written(tmp_path: Path) -> None:
    texts = ["two\r\nlines", "a\nb", " spaced ", "a & b < c > d \"e\" 'f'", "华东五金", "=1+1", "+1", "\tx"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(texts)
    sheet["F1"].data_type = "s"  # text that starts with "=", not a formula
    workbook.save(tmp_path / "a.xlsx")
    assert read_rows(tmp_path / "a.xlsx") == [(1, tuple(texts))]


def test_shared_inline_and_rich_strings(tmp_path: Path) -> None:
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>华东五金有限公司</t></si>"
        '<si><r><t xml:space="preserve">two </t></r><r><rPr><b/></rPr><t>runs</t></r></si>'
        '<si><t xml:space="preserve"> a &amp; b </t></si></sst>'
    )
    path = with_sheet_data(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="inlineStr"><is><t>inline</t></is></c></row>',
        **{"xl/sharedStrings.xml": shared},
    )
    assert read_rows(path) == [(1, ("华东五金有限公司", "two runs", " a & b ", "inline"))]


def test_a_formula_gives_the_value_excel_calculated(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1"><f>SUM(1,2)</f><v>3</v></c><c r="B1" t="str"><f>"D"&amp;"1"</f><v>D1</v></c>'
        '<c r="C1" t="str"><f>""</f><v></v></c><c r="D1"><v>5</v></c></row>',
    )
    assert read_rows(path) == [(1, (3, "D1", None, 5))]


def test_a_formula_never_calculated_is_refused(tmp_path: Path) -> None:
    path = save(tmp_path / "a.xlsx", [["amount"], ["=100+20"]])
    assert reason(path) == (
        "the workbook has formulas that were never calculated (it was not saved by Excel); "
        "open it in Excel and save it again, or paste the values"
    )


def test_a_cell_showing_an_error_is_told_apart_from_a_blank_one(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1" t="e"><f>VLOOKUP(1,Z:Z,1,0)</f><v>#N/A</v></c><c r="B1" t="e"><v>#REF!</v></c>'
        '<c r="C1"><v>1</v></c></row>',
    )
    assert read_rows(path) == [(1, (CellError("#N/A"), CellError("#REF!"), 1))]


def test_the_active_sheet_is_read(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["first"])
    second = workbook.create_sheet("second")
    second.append(["second"])
    workbook.active = 1
    workbook.save(tmp_path / "a.xlsx")
    assert read_rows(tmp_path / "a.xlsx") == [(1, ("second",))]


def test_a_workbook_counting_days_from_1904(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    assert sheet is not None
    sheet.append([datetime(2026, 3, 31), 44538])
    workbook.save(tmp_path / "a.xlsx")
    read = read_sheet(tmp_path / "a.xlsx")
    assert read.date1904
    assert read.rows == [(1, (date(2026, 3, 31), 44538))]
    assert not read_sheet(save(tmp_path / "b.xlsx", [["x"]])).date1904


def test_cells_without_references_are_placed_as_excel_places_them(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "a.xlsx",
        '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row><c><v>3</v></c></row>'
        '<row r="5"><c><v>5</v></c><c r="E5"><v>6</v></c><c><v>7</v></c></row>',
    )
    assert read_rows(path) == [
        (1, ("a", 2, None, None, None, None)),
        (2, (3, None, None, None, None, None)),
        (5, (5, None, None, None, 6, 7)),
    ]


def test_formatted_empty_cells_and_rows_far_away_are_no_values(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="0"/></row><row r="1048576" ht="20" customHeight="1"/>',
    )
    assert read_rows(path) == [(1, (1,))]


# ---------------------------------------------------------------- files of another kind


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
    assert reason(tmp_path / "a.xlsx") == "cannot be read as an Excel file (it has no xl/workbook.xml)"


def test_csv_text_named_xlsx(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_text("number,amount\nD1,5\n", encoding="utf-8")
    assert reason(tmp_path / "a.xlsx") == "not an Excel file — it looks like CSV text; save it as .csv"


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_FILE_BYTES", 10_000_000)
    path = tmp_path / "a.csv"
    with path.open("wb") as stream:
        stream.truncate(10_000_001)
    assert reason(path) == "the file is 10 MB; the limit is 10 MB"


# ---------------------------------------------------------------- CSV structure


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


def test_a_quote_never_closed_is_a_bad_row_and_nothing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    lines = ["number,note", 'D1,"call me', *(f"D{n},note {n}" for n in range(2, 1001))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bad_rows(path) == [
        Problem(2, "", 'D1,"call me', "a quote opened on line 2 is never closed, so the rest of the file is one cell")
    ]


def test_a_quote_never_closed_in_a_long_file(tmp_path: Path) -> None:
    # The cell grows past the csv module's limit (128 KiB) long before the end of the file.
    path = tmp_path / "a.csv"
    lines = ["number,note", "D1,x", 'D2,"call me', *(f"D{n},a longer note for row {n}" for n in range(3, 20_000))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bad_rows(path) == [
        Problem(3, "", 'D2,"call me', "a quote opened on line 3 is never closed, so the rest of the file is one cell")
    ]


def test_every_bad_csv_row_is_named_by_its_row_and_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b'number,note\r\nD1,x,y\r\nD2,"two\r\nlines"\r\nD3,"a"b\r\nD4,a\x00b\r\nD5,ok\r\n')
    assert [(p.row, p.value, p.reason) for p in bad_rows(path)] == [
        (2, "D1,x,y", "3 cells but the header has 2 (line 2): a separator inside a value that is not in quotes?"),
        (4, 'D3,"a"b', "a quote in the middle of a cell (line 5); quote the whole cell and double quotes inside"),
        (5, "D4,a\x00b", "a NUL character (line 6), which text never holds: the file may be damaged"),
    ]


def test_a_bad_row_report_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("number,note\n" + "D,x,y\n" * 10_005, encoding="utf-8")
    problems = bad_rows(path)
    assert len(problems) == 10_001
    assert [p.row for p in problems[:2]] == [2, 3]
    assert problems[-1] == Problem(None, "", "", "and 5 more problems, not listed")


def test_a_csv_over_the_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    path = tmp_path / "a.csv"
    path.write_text("n\n1\n2\n", encoding="utf-8")
    assert len(read_rows(path)) == 3
    path.write_text("n\n1\n2\n3\n", encoding="utf-8")
    assert reason(path) == "the file has more than 3 rows; the limit is 3 rows (split the file)"


# ---------------------------------------------------------------- CSV encodings


NAMES = [["code", "name"], ["C1", "华东五金有限公司"], ["C2", "Crème Brûlée SARL"]]
READ = [(1, ("code", "name")), (2, ("C1", "华东五金有限公司")), (3, ("C2", "Crème Brûlée SARL"))]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text("\n".join(",".join(row) for row in NAMES) + "\n", encoding=encoding)
    assert read_rows(path) == READ


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_excel_unicode_text_is_utf16_separated_by_tabs(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    bom = codecs.BOM_UTF16_BE if encoding == "utf-16-be" else b""
    path.write_bytes(bom + "\r\n".join("\t".join(row) for row in NAMES).encode(encoding))
    assert read_rows(path) == READ


def test_gb18030_from_chinese_windows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("code,name\nC1,华东五金有限公司\nC2,深圳市喆珺电子有限公司\n".encode("gb18030"))
    assert read_rows(path) == [
        (1, ("code", "name")),
        (2, ("C1", "华东五金有限公司")),
        (3, ("C2", "深圳市喆珺电子有限公司")),
    ]


def test_windows_1252_is_never_read_as_chinese(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("code,name\nC2,Crème Brûlée SARL\n".encode("cp1252"))
    # Read as GB18030 these bytes give "Cr鑝e Br鹟閑 SARL": rare characters, not Chinese.
    assert "Cr鑝e Br鹟閑 SARL" in path.read_bytes().decode("gb18030")
    assert reason(path) == (
        "the text is not UTF-8 and seems to be Western European (line 2 reads 'C2,Crème Brûlée SARL' in "
        "Windows-1252); give its encoding (--encoding cp1252) or save it as 'CSV UTF-8 (Comma delimited)'"
    )
    assert read_rows(path, encoding="cp1252") == [(1, ("code", "name")), (2, ("C2", "Crème Brûlée SARL"))]


def test_text_that_reads_as_rare_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"code,name\nC3,\x81\x40\x81\x41\x81\x42\n")
    assert reason(path) == (
        "the text is not UTF-8, and read as GB18030 it gives rare characters (line 2 reads 'C3,丂丄丅'); "
        "give its encoding (--encoding NAME) or save it as 'CSV UTF-8 (Comma delimited)'"
    )


def test_text_in_neither_utf8_nor_gb18030(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"number\n\x81\x30\xff\n")
    assert reason(tmp_path / "a.csv") == (
        "the text is neither UTF-8 nor GB18030 (line 2); give its encoding (--encoding NAME) "
        "or save it as 'CSV UTF-8 (Comma delimited)'"
    )


def test_utf16_without_its_mark(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("code,name\nC1,x\n".encode("utf-16-le"))
    assert reason(tmp_path / "a.csv").startswith("the text looks like UTF-16 without its byte-order mark")
    assert read_rows(tmp_path / "a.csv", encoding="utf-16-le") == [(1, ("code", "name")), (2, ("C1", "x"))]


def test_an_encoding_named_by_the_clerk(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("code,name\nC2,Crème\n".encode("cp1252"))
    assert reason(path, "klingon") == "unknown encoding 'klingon'"
    assert reason(path, "utf-8") == "not utf-8 text: byte 16 (line 2) cannot be read; give the right encoding"
    assert read_rows(path, encoding="latin-1") == [(1, ("code", "name")), (2, ("C2", "Crème"))]
