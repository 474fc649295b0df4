"""Bonus statements (a PDF page per person) and the summary workbook / lines CSV."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from arddesk.domain.dates import Period
from arddesk.domain.incentives import CollectedItem, Department, OverdueItem, Person, Result, Rules, calculate
from arddesk.reports.incentives import LINE_COLUMNS, SUMMARY_COLUMNS, write_statements, write_summary


@pytest.fixture
def result() -> Result:
    reps = [Person("R1", "王小明", "DEP"), Person("R2", "=HYPERLINK(1)", "DEP")]
    collected = [
        CollectedItem("R1", "DEP", "P-7", "D-1", "C1", date(2026, 10, 31), date(2026, 10, 31), Decimal("1000.00")),
        CollectedItem("R2", "DEP", "P-8", "D-2", "C2", date(2026, 11, 20), date(2026, 10, 31), Decimal("500.00")),
    ]
    overdue = [OverdueItem("R2", "D-3", "C2", date(2026, 8, 1), 152, Decimal("4000.00"), "quality", "破损")]
    return calculate(
        Period.parse("2026Q4"),
        Rules(),
        reps,
        [Department("DEP", "Sales", head="R1")],
        collected,
        overdue,
        {"R1": Decimal("2000.00")},
        computed_at=datetime(2027, 1, 5, 9, 0),
    )


def test_statements_pdf_has_a_page_per_person_with_the_lines(result: Result, tmp_path: Path) -> None:
    path = write_statements(result, tmp_path / "bonus.pdf", company="Acme 商贸")
    pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    assert len(pages) == 3  # R1 as rep, R2 as rep, R1 as head of DEP
    first = pages[0]
    assert "王小明" in first and "2026Q4" in first and "Provisional" in first
    assert "P-7" in first and "D-1" in first and "6.00" in first  # 10.00 reward ×0.6 attainment: 6.00
    assert "Exempt" in pages[1] and "Quality dispute" in pages[1]
    assert "Department head" in pages[2] and "4.50" in pages[2]  # 0.3 % of 1500.00
    assert not list(tmp_path.glob(".*.part"))


def test_summary_workbook_has_people_and_lines(result: Result, tmp_path: Path) -> None:
    path = write_summary(result, tmp_path / "bonus.xlsx")
    book = load_workbook(path)
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[0] == SUMMARY_COLUMNS
    # R1: 1 % of 1000.00 ×0.6 (50 % of target) = 6.00; R2: 0.6 % of 500.00 paid 20 days late, no target = 3.00;
    # R1 as head: 0.3 % of 1500.00 = 4.50, department at 75 % of 2000.00 → ×0.9 = 4.05
    assert [(row[1], row[3], row[11]) for row in summary[1:]] == [
        ("R1", "rep", 6),
        ("R2", "rep", 3),
        ("R1", "head", 4.05),
    ]
    assert book["Summary"]["C3"].value == "=HYPERLINK(1)" and book["Summary"]["C3"].data_type == "s"
    lines = list(book["Lines"].iter_rows(values_only=True))
    assert lines[0] == LINE_COLUMNS
    assert len(lines) - 1 == sum(len(s.lines) for s in result.statements)


def test_lines_csv_has_person_columns(result: Result, tmp_path: Path) -> None:
    path = write_summary(result, tmp_path / "bonus.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == LINE_COLUMNS
    reward = next(row for row in rows if row[5] == "P-7")
    assert (reward[1], reward[2], reward[4], reward[13], reward[16]) == ("R1", "王小明", "reward", "1000.00", "10.00")
    assert any(row[2] == "'=HYPERLINK(1)" for row in rows)  # escaped, never a formula
