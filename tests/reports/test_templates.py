"""The import templates: a sheet per kind with both languages' headers, and the filled sheets read back."""

from pathlib import Path

from openpyxl import Workbook, load_workbook

from arddesk.reports.templates import TEMPLATE_KINDS, extract_sheet, header, write_templates
from arddesk.services.importing import import_file
from tests.conftest import Books


def test_one_sheet_per_kind_with_english_and_chinese_headers_and_an_example(tmp_path: Path) -> None:
    write_templates(tmp_path / "templates.xlsx")
    book = load_workbook(tmp_path / "templates.xlsx")
    assert book.sheetnames == ["terms", "staff", "customers", "deliveries", "payments"]
    customers = [list(row) for row in book["customers"].iter_rows(values_only=True)]
    assert customers[0][:3] == ["code [编码]", "name [名称]", "terms [结算方式]"]
    assert customers[1][:3] == ["C001", "华联超市", "NET30"]


def test_the_examples_left_in_place_are_not_imported(tmp_path: Path) -> None:
    write_templates(tmp_path / "templates.xlsx")
    assert extract_sheet(tmp_path / "templates.xlsx", "terms", tmp_path / "terms.xlsx") == 0
    assert not (tmp_path / "terms.xlsx").exists()


def test_a_filled_workbook_imports_sheet_by_sheet_in_order(books: Books, tmp_path: Path) -> None:
    # The clerk's workbook: each example row kept as a real row after changing its first cell.
    filled = Workbook()
    filled.remove(filled.active)
    rows = {
        "terms": [["NET45", "net", 45]],
        "staff": [["R07", "Li Na", "S1", "rep"]],
        "customers": [["C900", "Harbour Foods", "NET45", "8000.00", "R07"], [None, None, None]],
        "deliveries": [["D900", "C900", "2026-03-01", "500.00"]],
        "payments": [[None, "C900", "2026-03-20", "200.00"]],
    }
    for kind in TEMPLATE_KINDS:
        sheet = filled.create_sheet(kind)
        sheet.append(header(kind))
        for row in rows[kind]:
            sheet.append(row)
    filled.save(tmp_path / "filled.xlsx")

    counts = []
    for kind in TEMPLATE_KINDS:
        part = tmp_path / f"{kind}.xlsx"
        assert extract_sheet(tmp_path / "filled.xlsx", kind, part) == 1
        counts.append(import_file(books.db, kind, part).count)
    assert counts == [1, 1, 1, 1, 1]


def test_the_examples_name_one_another_and_import(books: Books, tmp_path: Path) -> None:
    write_templates(tmp_path / "templates.xlsx")
    book = load_workbook(tmp_path / "templates.xlsx")
    for kind in TEMPLATE_KINDS:
        single = Workbook()
        sheet = single.active
        for row in book[kind].iter_rows(values_only=True):
            sheet.append(list(row))
        single.save(tmp_path / f"{kind}.xlsx")
        assert import_file(books.db, kind, tmp_path / f"{kind}.xlsx").count == 1
