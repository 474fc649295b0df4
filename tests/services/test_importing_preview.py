"""The preview of an import: what was read and what importing would do, with nothing written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from arddesk.domain.problems import Problem
from arddesk.services.errors import Rejected
from arddesk.services.exporting import export_rows
from arddesk.services.importing import ColumnMapping, PreviewRow, import_file, preview_file
from arddesk.services.spreadsheet import MAX_PROBLEMS
from arddesk.text.messages import reason_text
from tests.conftest import Books, in_words
from tests.services.test_importing import csv_file, xlsx


def test_a_preview_shows_the_mapping_the_first_rows_and_the_counts(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.payment(on="2026-03-01", amount="40.00")  # PAY0000001
    path = xlsx(
        tmp_path / "p.xlsx",
        [
            ["客户", "date", "amount", "note"],
            ["C1", datetime(2026, 3, 2), 25.5, "first"],
            ["C1", "2026/3/3", "1,000", ""],
            ["C9", "2026-03-04", "10", ""],
            ["C1", "2026-03-01", "40.00", ""],
            ["C1", "31/03/2026", "5", ""],
        ],
    )
    preview = preview_file(books.db, "payments", path, rows=3)
    assert (preview.kind, preview.name) == ("payments", "p.xlsx")
    assert preview.columns == (
        ColumnMapping("number", "单号", False, "", ""),
        ColumnMapping("customer", "客户", True, "客户", "A"),
        ColumnMapping("date", "日期", True, "date", "B"),
        ColumnMapping("amount", "金额", True, "amount", "C"),
        ColumnMapping("kind", "类型", False, "", ""),
        ColumnMapping("method", "方式", False, "", ""),
        ColumnMapping("applies_to", "核销", False, "", ""),
        ColumnMapping("note", "备注", False, "note", "D"),
    )
    assert preview.first_rows == (
        PreviewRow(
            2, ("", "C1", "2026-03-02", "25.50", "payment", "transfer", "", "first"), bad=False, duplicate=False
        ),
        PreviewRow(3, ("", "C1", "2026-03-03", "1000.00", "payment", "transfer", "", ""), bad=False, duplicate=False),
        PreviewRow(4, ("", "C9", "2026-03-04", "10.00", "payment", "transfer", "", ""), bad=True, duplicate=False),
    )
    assert (preview.rows, preview.new, preview.duplicate_rows, preview.bad_rows) == (5, 2, 1, 2)
    assert tuple(in_words(preview.duplicates)) == (
        Problem(
            5,
            "",
            "",
            "probably a duplicate: payment PAY0000001 in the books has the same customer, date, amount and method",
        ),
    )
    assert [(p.row, p.column, p.value) for p in preview.problems] == [(4, "客户", "C9"), (6, "date", "31/03/2026")]
    assert preview.unlisted == 0
    # Nothing was written.
    assert [row[0] for row in export_rows(books.db, "payments")[1]] == ["PAY0000001"]


def test_a_bad_cell_is_shown_as_written(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "d.csv", [["number", "customer", "date", "amount"], ["D1", "C1", "2026-13-01", "x"]])
    preview = preview_file(books.db, "deliveries", path)
    assert preview.first_rows == (
        PreviewRow(2, ("D1", "C1", "2026-13-01", "x", "", "", "normal", "", ""), bad=True, duplicate=False),
    )
    assert (preview.rows, preview.new, preview.bad_rows) == (1, 0, 1)
    assert [p.column for p in preview.problems] == ["date", "amount"]


def test_a_preview_of_a_file_imported_before_says_so(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(tmp_path / "d.csv", [["number", "customer", "date", "amount"], ["D1", "C1", "2026-03-01", "10"]])
    assert preview_file(books.db, "deliveries", path).duplicates == ()
    import_file(books.db, "deliveries", path)
    preview = preview_file(books.db, "deliveries", path)
    assert len(preview.duplicates) == 1
    assert preview.duplicates[0].row is None
    assert reason_text(preview.duplicates[0]).startswith("already imported on ")
    # Its row also clashes with the delivery now in the books: a bad row.
    assert in_words(preview.problems) == [Problem(2, "number", "D1", "a delivery with this number already exists")]


def test_a_preview_lists_the_first_problems_and_counts_the_rest(books: Books, tmp_path: Path) -> None:
    rows: list[list[object]] = [["number", "customer", "date", "amount"]]
    rows += [[f"D{i}", "C1", "not a date", "10"] for i in range(MAX_PROBLEMS + 5)]
    preview = preview_file(books.db, "deliveries", csv_file(tmp_path / "d.csv", rows))
    assert len(preview.problems) == MAX_PROBLEMS
    assert preview.bad_rows == MAX_PROBLEMS + 5
    assert preview.unlisted > 0


def test_a_file_that_cannot_be_read_is_refused(books: Books, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "d.csv", [["numero", "cliente"]])
    with pytest.raises(Rejected):
        preview_file(books.db, "deliveries", path)
