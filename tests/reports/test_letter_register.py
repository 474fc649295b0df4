"""The register of letters exported to Excel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from arddesk.domain.dates import Period
from arddesk.reports.letter_register import COLUMNS, export_register
from arddesk.services.letters import prepare_letters, record_reply
from tests.conftest import Books


def test_register_workbook(books: Books, tmp_path: Path) -> None:
    books.customer("A", name="=HYPERLINK(\"x\")")
    books.customer("B")
    books.delivery("DA", "A", on="2026-08-01", amount="100.00")
    books.delivery("DB", "B", on="2026-08-01", amount="200.00")
    prepare_letters(books.db, Period.parse("2026Q3"), letter_date=date(2026, 10, 5))
    record_reply(books.db, "RC-2026Q3-B", "disputed", returned_on=date(2026, 10, 9), stated_balance=Decimal("150.00"))
    path = export_register(books.db, tmp_path / "register.xlsx", today=date(2026, 11, 1))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["letters", "overdue replies", "open disputes"]
    letters = list(workbook["letters"].iter_rows(values_only=True))
    assert letters[0] == COLUMNS
    by_ref = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in letters[1:]}
    assert by_ref["RC-2026Q3-B"]["reply"] == "disputed"
    assert by_ref["RC-2026Q3-B"]["difference"] == -50
    assert by_ref["RC-2026Q3-A"]["name"] == "'=HYPERLINK(\"x\")"  # text, never a formula
    assert [row[0] for row in workbook["overdue replies"].iter_rows(min_row=2, values_only=True)] == ["RC-2026Q3-A"]
    assert [row[0] for row in workbook["open disputes"].iter_rows(min_row=2, values_only=True)] == ["RC-2026Q3-B"]
