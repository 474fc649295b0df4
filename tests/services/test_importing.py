"""Importing files: all rows or none, and every bad row named as the spreadsheet shows it."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from arddesk.domain.problems import Problem
from arddesk.services.errors import Rejected
from arddesk.services.exporting import export_rows
from arddesk.services.importing import COLUMNS, ERROR_REASON, KINDS, column_names, import_file
from arddesk.store.db import Database
from tests.conftest import Books, in_words

DELIVERY_HEADER = ["number", "customer", "date", "amount"]


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def csv_file(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def rejected(db: Database, kind: str, path: Path) -> list[Problem]:
    with pytest.raises(Rejected) as caught:
        import_file(db, kind, path)
    return in_words(caught.value.problems)


def exported(db: Database, kind: str) -> list[list[object]]:
    return [list(row) for row in export_rows(db, kind)[1]]


def delivery_count(db: Database) -> int:
    return len(exported(db, "deliveries"))


# ---------------------------------------------------------------- what goes in


def test_deliveries_from_xlsx_with_date_cells_number_cells_and_text_amounts(books: Books, tmp_path: Path) -> None:
    books.customer("C1", rep="R1")
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            [*DELIVERY_HEADER, "note"],
            ["D1", "C1", datetime(2026, 3, 31), 1200, "first"],
            ["D2", "C1", "2026-04-01", "1,234.50", None],
            ["D3", "C1", date(2026, 4, 2), 99.9, ""],
        ],
    )
    summary = import_file(books.db, "deliveries", path)
    assert (summary.kind, summary.count) == ("deliveries", 3)
    assert exported(books.db, "deliveries") == [
        ["D1", "C1", date(2026, 3, 31), Decimal("1200.00"), None, None, "normal", None, "first"],
        ["D2", "C1", date(2026, 4, 1), Decimal("1234.50"), None, None, "normal", None, None],
        ["D3", "C1", date(2026, 4, 2), Decimal("99.90"), None, None, "normal", None, None],
    ]


def test_chinese_column_names_are_accepted(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "d.csv", [["单号", "客户", "日期", "金额", "到期日"], ["D1", "C1", "2026-03-31", "10", "2026-05-01"]]
    )
    import_file(books.db, "deliveries", path)
    assert exported(books.db, "deliveries")[0][4] == date(2026, 5, 1)


def test_terms_of_every_kind(db: Database, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "t.csv",
        [
            [
                "code [编码]",
                "kind [类型]",
                "days [天数]",
                "day_of_month [日]",
                "months [月数]",
                "cutoff_day [截止日]",
                "discount_percent [折扣率]",
                "discount_days [折扣天数]",
            ],
            ["COD", "cod", "", "", "", "", "", ""],
            ["N30", "net", "30", "", "", "", "1.5", "10"],
            ["EOM15", "EOM", "15", "", "", "", "", ""],
            ["M25", "monthly", "", "25", "1", "20", "", ""],
            ["B2", "batch", "45", "", "", "", "", ""],
        ],
    )
    assert import_file(db, "terms", path).count == 5
    assert exported(db, "terms") == [
        ["B2", "batch", 45, None, None, None, None, None],
        ["COD", "cod", None, None, None, None, None, None],
        ["EOM15", "eom", 15, None, None, None, None, None],
        ["M25", "monthly", None, 25, 1, 20, None, None],
        ["N30", "net", 30, None, None, None, Decimal("1.5"), 10],
    ]


def test_customers_create_their_reps_and_departments(books: Books, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "c.csv",
        [
            [
                "code",
                "name",
                "terms",
                "credit_limit",
                "rep",
                "department",
                "language",
                "settlement_days",
                "distance_km",
            ],
            ["C1", "华东五金", "N30", "50,000.00", "R1", "EAST", "", "5,20", "12"],
            ["C2", "Acme", "N30", "", "", "", "en", "", ""],
        ],
    )
    assert import_file(books.db, "customers", path).count == 2
    assert exported(books.db, "customers") == [
        ["C1", "华东五金", "N30", Decimal("50000.00"), "R1", "EAST", None, None, None, "zh", "5,20", 12, "normal",
         "normal", None, None, *[None] * 7],
        ["C2", "Acme", "N30", None, None, None, None, None, None, "en", None, None, "normal", "normal", None, None,
         *[None] * 7],
    ]  # fmt: skip


def test_payments_follow_applies_to_and_none_keeps_the_credit(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.delivery("D2", on="2026-02-05", amount="200.00")
    path = csv_file(
        tmp_path / "p.csv",
        [
            ["number", "customer", "date", "amount", "method", "applies_to"],
            ["P1", "C1", "2026-03-01", "50", "cash", "D2=30.00"],
            ["P2", "C1", "2026-03-02", "70", "", "none"],
            ["P3", "C1", "2026-03-03", "20", "", ""],
        ],
    )
    summary = import_file(books.db, "payments", path)
    assert (summary.count, summary.unapplied) == (3, Decimal("90.00"))
    assert [(row[0], row[5], row[6]) for row in exported(books.db, "payments")] == [
        ("P1", "cash", "D2=30.00"),
        ("P2", "transfer", "none"),
        ("P3", "transfer", "D1=20.00"),
    ]


def test_a_blank_row_in_the_middle_is_skipped_and_rows_keep_their_numbers(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(
        tmp_path / "d.xlsx",
        [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", 10], [None, None, None, None], ["D2", "C9", "2026-03-31", 10]],
    )
    assert rejected(books.db, "deliveries", path) == [Problem(4, "customer", "C9", "no such customer")]
    path.unlink()
    xlsx(path, [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", 10], [], ["D2", "C1", "2026-03-31", 10]])
    assert import_file(books.db, "deliveries", path).count == 2


def test_csv_with_a_byte_order_mark_as_excel_writes_it(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "d.csv", [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", "10.00"]], encoding="utf-8-sig")
    assert import_file(books.db, "deliveries", path).count == 1


def test_csv_from_chinese_windows_excel_in_gb18030(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "d.csv",
        [["单号", "客户", "日期", "金额", "备注"], ["D1", "C1", "2026-03-31", "10", "退货"]],
        "gb18030",
    )
    import_file(books.db, "deliveries", path)
    assert exported(books.db, "deliveries")[0][8] == "退货"


def test_formula_like_text_protected_in_csv_comes_back_as_written(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "d.csv", [[*DELIVERY_HEADER, "note"], ["D1", "C1", "2026-03-31", "10", "'=HYPERLINK(1)"]]
    )
    import_file(books.db, "deliveries", path)
    assert exported(books.db, "deliveries")[0][8] == "=HYPERLINK(1)"


# ---------------------------------------------------------------- what is refused, and how it is said


def test_unknown_customer(books: Books, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "d.csv", [["单号", "客户", "日期", "金额"], ["D1", "NOPE", "2026-03-31", "10"]])
    assert rejected(books.db, "deliveries", path) == [Problem(2, "客户", "NOPE", "no such customer")]


def test_customers_need_terms_that_exist(books: Books, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "c.csv", [["code", "name", "Terms"], ["C1", "Acme", "N30"], ["C2", "Bolt", "N45"]])
    assert rejected(books.db, "customers", path) == [
        Problem(3, "Terms", "N45", "no such terms code (import the terms first)")
    ]


def test_duplicate_numbers_in_the_file_and_against_the_books(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    path = csv_file(
        tmp_path / "d.csv",
        [
            DELIVERY_HEADER,
            ["D1", "C1", "2026-03-31", "10"],
            ["D2", "C1", "2026-03-31", "10"],
            ["D2", "C1", "2026-04-01", "5"],
        ],
    )
    assert rejected(books.db, "deliveries", path) == [
        Problem(2, "number", "D1", "a delivery with this number already exists"),
        Problem(4, "number", "D2", "appears twice in the file"),
    ]


def test_bad_and_ambiguous_dates(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "d.csv",
        [
            DELIVERY_HEADER,
            ["D1", "C1", "03/04/2026", "10"],
            ["D2", "C1", "2026-02-30", "10"],
            ["D3", "C1", "soon", "10"],
        ],
    )
    problems = rejected(books.db, "deliveries", path)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "date", "03/04/2026"),
        (3, "date", "2026-02-30"),
        (4, "date", "soon"),
    ]
    assert "ambiguous" in problems[0].reason
    assert "no such date" in problems[1].reason
    assert "YYYY-MM-DD" in problems[2].reason


def test_amount_as_text_with_three_decimals_or_negative(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            DELIVERY_HEADER,
            ["D1", "C1", "2026-03-31", "ten"],
            ["D2", "C1", "2026-03-31", 10.125],
            ["D3", "C1", "2026-03-31", -5],
            ["D4", "C1", "2026-03-31", None],
        ],
    )
    problems = rejected(books.db, "deliveries", path)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "amount", "ten"),
        (3, "amount", "10.125"),
        (4, "amount", "-5"),
        (5, "amount", ""),
    ]
    assert problems[0].reason.startswith("not a number")
    assert problems[1].reason == "more than two decimals"
    assert problems[2].reason == "must not be negative"
    assert problems[3].reason == "required"


UNCALCULATED = (
    "the workbook has formulas that were never calculated (it was not saved by Excel); "
    "open it in Excel and save it again, or paste the values"
)


def test_a_formula_never_calculated_is_refused(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(
        tmp_path / "d.xlsx", [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", "=100+20"], ["D2", "C1", "2026-03-31", 5]]
    )
    assert rejected(books.db, "deliveries", path) == [Problem(None, "", "", UNCALCULATED)]


def test_whole_numbers_only_in_count_columns(db: Database, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "t.xlsx", [["code", "kind", "days"], ["N30", "net", 30.5], ["N45", "net", "45 days"]])
    problems = rejected(db, "terms", path)
    assert [(p.row, p.column, p.value, p.reason) for p in problems] == [
        (2, "days", "30.5", "must be a whole number"),
        (3, "days", "45 days", "must be a whole number"),
    ]


def test_every_bad_row_is_reported_and_nothing_is_written(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    rows: list[list[object]] = [DELIVERY_HEADER]
    rows += [[f"D{i}", "C1", "2026-03-31", "10"] for i in range(1, 50)]
    rows[10][1] = "C404"
    rows[20][3] = "1.001"
    rows[30][2] = "31/12/2026"
    path = csv_file(tmp_path / "d.csv", rows)
    problems = rejected(books.db, "deliveries", path)
    assert [(p.row, p.column) for p in problems] == [(11, "customer"), (21, "amount"), (31, "date")]
    assert delivery_count(books.db) == 0


def test_the_ledger_rules_apply_to_rows_too(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "d.csv",
        [[*DELIVERY_HEADER, "category", "due_date"], ["D1", "C1", "2026-03-31", "10", "broken", "2026-03-01"]],
    )
    assert rejected(books.db, "deliveries", path) == [
        Problem(2, "category", "broken", "must be normal, abnormal or out_of_stock"),
        Problem(2, "due_date", "2026-03-01", "is before the delivery date"),
    ]


def test_an_empty_file(db: Database, tmp_path: Path) -> None:
    empty_csv = tmp_path / "d.csv"
    empty_csv.write_bytes(b"")
    assert rejected(db, "deliveries", empty_csv) == [Problem(None, "", "", "the file is empty")]
    assert rejected(db, "deliveries", xlsx(tmp_path / "d.xlsx", [])) == [Problem(None, "", "", "the file is empty")]


def test_a_csv_file_renamed_xlsx(db: Database, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "d.xlsx", [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", "10"]])
    assert rejected(db, "deliveries", path) == [
        Problem(None, "", "", "not an Excel file — it looks like CSV text; save it as .csv")
    ]


def test_a_title_above_the_header(books: Books, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "d.xlsx", [["Deliveries March 2026"], [], DELIVERY_HEADER, ["D1", "C1", "2026-03-31", 10]])
    assert rejected(books.db, "deliveries", path) == [
        Problem(None, "", "", "the header must be on row 1; it seems to be on row 3")
    ]


def test_no_header_at_all(db: Database, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "d.csv", [["D1", "C1", "2026-03-31", "10"]])
    (problem,) = rejected(db, "deliveries", path)
    assert problem.row is None
    assert problem.reason.startswith("row 1 must hold the column names (required: number, customer, date, amount)")


def test_unknown_and_missing_columns(db: Database, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "d.csv", [["number", "customer", "amount", "colour", "size"], ["D1", "C1", "10", "red", "L"]]
    )
    problems = rejected(db, "deliveries", path)
    assert [p.row for p in problems] == [None, None]
    assert problems[0].reason.startswith("unknown columns 'colour', 'size'; the columns of deliveries are: number,")
    assert problems[1].reason == "missing required columns: date"


def test_a_value_under_no_column_name(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(tmp_path / "d.xlsx", [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", "10", "stray"]])
    assert rejected(books.db, "deliveries", path) == [
        Problem(2, "", "stray", "a value in column E, which has no name in row 1")
    ]


def test_a_csv_row_with_more_cells_than_the_header(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = tmp_path / "d.csv"
    path.write_text("number,customer,date,amount\nD1,C1,2026-03-31,1,234.50\nD2,C1,2026-03-31,5\n", encoding="utf-8")
    reason = "5 cells but the header has 4 (line 2): a separator inside a value that is not in quotes?"
    assert rejected(books.db, "deliveries", path) == [Problem(2, "", "D1,C1,2026-03-31,1,234.50", reason)]
    assert delivery_count(books.db) == 0


def test_an_adjustment_needs_its_kind_and_a_write_off_its_reason(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "a.csv",
        [
            ["customer", "date", "amount", "kind", "reason"],
            ["C1", "2026-03-31", "5", "", "x"],
            ["C1", "2026-03-31", "5", "write_off", ""],
        ],
    )
    assert rejected(books.db, "adjustments", path) == [
        Problem(2, "kind", "", "required"),
        Problem(3, "reason", "", "a write-off needs a reason"),
    ]


def test_applies_to_that_cannot_be_met(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    path = csv_file(
        tmp_path / "p.csv", [["customer", "date", "amount", "applies_to"], ["C1", "2026-03-01", "50", "D9"]]
    )
    assert rejected(books.db, "payments", path) == [
        Problem(2, "applies_to", "D9", "delivery D9 is not an open delivery of this customer")
    ]


def test_every_kind_has_its_columns_in_one_place() -> None:
    assert set(COLUMNS) == set(KINDS)
    assert column_names("deliveries") == [
        "number",
        "customer",
        "date",
        "amount",
        "due_date",
        "rep",
        "category",
        "model",
        "note",
    ]
    with pytest.raises(ValueError, match="unknown kind"):
        column_names("invoices")


def test_a_formula_in_a_text_column_is_refused_too(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(tmp_path / "d.xlsx", [[*DELIVERY_HEADER, "note"], ["D1", "C1", "2026-03-31", 5, '=A2&"x"']])
    assert rejected(books.db, "deliveries", path) == [Problem(None, "", "", UNCALCULATED)]


def test_a_csv_separated_by_semicolons(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("number;customer;date;amount\nD1;C1;2026-03-31;10\n", encoding="utf-8")
    assert rejected(db, "deliveries", path) == [
        Problem(None, "", "", "the columns are separated by semicolons; save the file as CSV with commas")
    ]


def test_a_row_with_a_bad_cell_still_has_its_unknown_customer_named(books: Books, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "d.csv", [DELIVERY_HEADER, ["D1", "C9", "31/03/2026", "10"]])
    problems = rejected(books.db, "deliveries", path)
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "customer", "C9"), (2, "date", "31/03/2026")]


def test_problems_show_the_cell_as_written(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(tmp_path / "d.xlsx", [DELIVERY_HEADER, ["D1", "C1", "2026-03-31", 0]])
    assert rejected(books.db, "deliveries", path) == [Problem(2, "amount", "0", "must be more than zero")]


def test_stopping_an_import_at_its_last_step_writes_nothing(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = tmp_path / "deliveries.csv"
    path.write_text("number,customer,date,amount\nD1,C1,2026-03-01,10.00\n", encoding="utf-8")
    steps: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def progress(step: int, steps_total: int) -> None:
        steps.append((step, steps_total))
        if step == steps_total:
            raise Stop

    with pytest.raises(Stop):
        import_file(books.db, "deliveries", path, progress)
    assert steps == [(0, 1), (1, 1)]
    assert list(export_rows(books.db, "deliveries")[1]) == []
    assert import_file(books.db, "deliveries", path).count == 1


# ---------------------------------------------------------------- dates, encodings, hostile files


def test_dates_as_chinese_excel_and_people_write_them(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            [*DELIVERY_HEADER, "due_date"],
            ["D1", "C1", "2026/3/31", 10, "2026年4月30日"],
            ["D2", "C1", "2026.4.1", 10, None],
            ["D3", "C1", 46112, 10, 46142.0],
        ],
    )
    assert import_file(books.db, "deliveries", path).count == 3
    assert sorted((row[0], row[2], row[4]) for row in exported(books.db, "deliveries")) == [
        ("D1", date(2026, 3, 31), date(2026, 4, 30)),
        ("D2", date(2026, 4, 1), None),
        ("D3", date(2026, 3, 31), date(2026, 4, 30)),
    ]


def test_day_or_month_first_dates_need_the_date_order(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "d.csv", [DELIVERY_HEADER, ["D1", "C1", "03/04/2026", "10"]])
    ambiguous = "ambiguous date (day or month first?); write it as YYYY-MM-DD or say the date order"
    assert rejected(books.db, "deliveries", path) == [Problem(2, "date", "03/04/2026", ambiguous)]
    assert import_file(books.db, "deliveries", path, date_order="dmy").count == 1
    assert exported(books.db, "deliveries")[0][2] == date(2026, 4, 3)
    with pytest.raises(ValueError, match="unknown date order 'ymd'"):
        import_file(books.db, "deliveries", path, date_order="ymd")


def test_a_date_out_of_range_is_named(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "d.csv", [DELIVERY_HEADER, ["D1", "C1", "0226-03-31", "10"]])
    assert rejected(books.db, "deliveries", path) == [
        Problem(2, "date", "0226-03-31", "must be between 1900-01-01 and 2100-12-31")
    ]


def test_a_windows_1252_file_is_refused_then_read_in_the_encoding_named(books: Books, tmp_path: Path) -> None:
    books.terms("N30")
    path = csv_file(tmp_path / "c.csv", [["code", "name", "terms"], ["C7", "Crème Brûlée SARL", "N30"]], "cp1252")
    (problem,) = rejected(books.db, "customers", path)
    assert problem.reason.startswith("the text is not UTF-8 and seems to be Western European")
    assert import_file(books.db, "customers", path, encoding="cp1252").count == 1
    assert exported(books.db, "customers")[-1][:2] == ["C7", "Crème Brûlée SARL"]


def test_an_unclosed_quote_is_refused_naming_its_row_and_nothing_lands(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    lines = ["number,customer,date,amount,note", 'D1,C1,2026-03-31,10,"call me']
    lines += [f"D{n},C1,2026-03-31,10,ok" for n in range(2, 1001)]
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert rejected(books.db, "deliveries", path) == [
        Problem(
            2,
            "",
            'D1,C1,2026-03-31,10,"call me',
            "a quote opened on line 2 is never closed, so the rest of the file is one cell",
        )
    ]
    assert delivery_count(books.db) == 0


def test_a_cell_showing_an_error_is_a_bad_cell(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(tmp_path / "d.xlsx", [[*DELIVERY_HEADER, "due_date"], ["D1", "C1", "2026-03-31", 10, "#N/A"]])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b'<c r="E2" t="inlineStr"><is><t>#N/A</t></is></c>',
        b'<c r="E2" t="e"><f>VLOOKUP(A2,Z:Z,2,0)</f><v>#N/A</v></c>',
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert rejected(books.db, "deliveries", path) == [Problem(2, "due_date", "#N/A", ERROR_REASON)]


def test_the_report_of_a_file_of_bad_rows_is_capped(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    rows = [[f"D{n}", "C1", "2026-03-31", "ten"] for n in range(10_500)]
    path = csv_file(tmp_path / "d.csv", [DELIVERY_HEADER, *rows])
    problems = rejected(books.db, "deliveries", path)
    assert len(problems) == 10_001
    assert problems[0].row == 2 and problems[0].column == "amount" and problems[0].value == "ten"
    assert problems[9_999].row == 10_001
    assert problems[-1] == Problem(None, "", "", "and 500 more problems, not listed")


def test_amounts_above_the_largest_document_and_dates_outside_1900_2100(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            [*DELIVERY_HEADER, "due_date"],
            ["D1", "C1", "2026-03-31", "50,000,000,000,000,000.00", None],
            ["D2", "C1", "2026-03-31", 1e13, None],
            ["D3", "C1", "1899-12-31", "999,999,999,999.99", "2101-01-01"],
            ["D4", "C1", "2100-12-31", "999,999,999,999.99", None],
        ],
    )
    problems = rejected(books.db, "deliveries", path)
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (2, "amount", "must not be more than 999,999,999,999.99"),
        (3, "amount", "must not be more than 999,999,999,999.99"),
        (4, "date", "must be between 1900-01-01 and 2100-12-31"),
        (4, "due_date", "must be between 1900-01-01 and 2100-12-31"),
    ]
    customers = csv_file(
        tmp_path / "c.csv", [["code", "name", "terms", "credit_limit"], ["C9", "Big", "N30", "1,000,000,000,000.00"]]
    )
    assert [(p.row, p.column, p.reason) for p in rejected(books.db, "customers", customers)] == [
        (2, "credit_limit", "must not be more than 999,999,999,999.99")
    ]
