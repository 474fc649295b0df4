"""The sales/collection matrix over a small company whose figures are worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arddesk.domain.dates import Period
from arddesk.domain.matrix import MatrixThresholds, Quadrant
from arddesk.services.errors import Rejected
from arddesk.services.matrix import (
    MatrixBy,
    last_full_quarter,
    matrix_thresholds,
    sales_collection_matrix,
    set_matrix_thresholds,
)
from arddesk.store.db import Database
from arddesk.text.messages import move_text
from tests.conftest import Books

Q2 = Period.parse("2026Q2")


def build_company(books: Books) -> Books:
    """Three reps in two departments over 2025Q4 to 2026Q2.

    R1 (NORTH): 2025Q4 sold 1,000 and paid. Q1 sold 1,000, 400 paid: growth 0 %, rate 40 % -> neither.
        Q2 sold 1,500, 1,800 paid against 600 open + 1,500 = 2,100: +50 %, 85.7 % -> strategic.
    R2 (NORTH): Q1 sold 2,000 (nothing before), all paid -> strategic. Q2 sold 2,000, nothing paid,
        500 returned: 0 %, 0 of 1,500 -> neither.
    R3 (SOUTH): Q2 only: 300 to its own customer, paid; 100 on R1's customer C1 but written to R3:
        400 sold, 300 of 400 = 75 % -> sales-oriented, new.
    Every delivery falls due inside its quarter (net 30), so what fell due = open at the start + sales.
    """
    books.customer("C1", rep="R1", department="NORTH")
    books.customer("C2", rep="R2", department="NORTH")
    books.customer("C3", rep="R3", department="SOUTH")
    books.delivery("D0", "C1", on="2025-11-10", amount="1000.00")
    books.payment("C1", on="2025-12-10", amount="1000.00")
    books.delivery("D1", "C1", on="2026-02-10", amount="1000.00")
    books.payment("C1", on="2026-03-15", amount="400.00")
    books.delivery("D2", "C1", on="2026-04-10", amount="1500.00")
    books.delivery("D6", "C1", on="2026-05-01", amount="100.00", rep="R3")
    books.payment("C1", on="2026-05-20", amount="1800.00")
    books.delivery("D3", "C2", on="2026-01-05", amount="2000.00")
    books.payment("C2", on="2026-02-01", amount="2000.00")
    books.delivery("D4", "C2", on="2026-04-05", amount="2000.00")
    books.adjustment("C2", on="2026-06-01", amount="500.00", kind="return", applies_to="D4")
    books.delivery("D5", "C3", on="2026-05-25", amount="300.00")  # due 06-24
    books.payment("C3", on="2026-06-02", amount="300.00")
    return books


@pytest.fixture
def company(books: Books) -> Books:
    """The company of :func:`build_company`."""
    return build_company(books)


def test_per_rep(db: Database, company: Books) -> None:
    matrix = sales_collection_matrix(db, Q2)
    assert matrix.previous.label == "2026Q1"
    by_key = {point.key: point for point in matrix.points}
    assert list(by_key) == ["R1", "R2", "R3"]

    r1 = by_key["R1"]
    assert (r1.sales, r1.sales_before, r1.collected, r1.collectible) == (150_000, 100_000, 180_000, 210_000)
    assert r1.growth == Decimal("0.5")
    assert r1.rate == Decimal(180_000) / Decimal(210_000)
    assert r1.quadrant is Quadrant.STRATEGIC
    assert r1.previous_quadrant is Quadrant.NEITHER
    assert r1.previous_rate == Decimal("0.4")

    r2 = by_key["R2"]
    assert (r2.sales, r2.collected, r2.collectible, r2.rate) == (200_000, 0, 150_000, Decimal(0))
    assert r2.quadrant is Quadrant.NEITHER
    assert r2.previous_quadrant is Quadrant.STRATEGIC
    assert move_text(r2) == "Strategic → Neither"

    r3 = by_key["R3"]
    assert (r3.sales, r3.collected, r3.collectible, r3.rate) == (40_000, 30_000, 40_000, Decimal("0.75"))
    assert r3.growth is None
    assert r3.quadrant is Quadrant.SALES
    assert move_text(r3) == "new"


def test_per_department(db: Database, company: Books) -> None:
    matrix = sales_collection_matrix(db, Q2, by="department")
    assert matrix.by is MatrixBy.DEPARTMENT
    north, south = matrix.points
    # NORTH: 3,500 after 3,000; 1,800 collected of 600 + 3,500 − 500 = 3,600 (50 %)
    assert (north.key, north.sales, north.sales_before, north.collected, north.collectible) == (
        "NORTH",
        350_000,
        300_000,
        180_000,
        360_000,
    )
    assert north.rate == Decimal("0.5")
    assert north.quadrant is Quadrant.SALES
    # Q1: 3,000 after 1,000 (+200 %), 2,400 of 3,000 = 80 % -> strategic
    assert north.previous_growth == Decimal(2)
    assert north.previous_quadrant is Quadrant.STRATEGIC
    assert (south.key, south.sales, south.quadrant) == ("SOUTH", 40_000, Quadrant.SALES)


def test_thresholds_move_the_lines(db: Database, company: Books) -> None:
    lenient = MatrixThresholds(growth=Decimal("0.10"), rate=Decimal("0.50"))
    north = sales_collection_matrix(db, Q2, by=MatrixBy.DEPARTMENT, thresholds=lenient).points[0]
    assert north.quadrant is Quadrant.STRATEGIC


def test_write_offs_are_not_taken_off_what_there_was_to_collect(db: Database, company: Books) -> None:
    company.adjustment("C2", on="2026-06-15", amount="1500.00", kind="write_off", applies_to="D4")
    r2 = next(p for p in sales_collection_matrix(db, Q2).points if p.key == "R2")
    assert (r2.collected, r2.collectible) == (0, 150_000)


def test_a_rep_who_collects_everything_that_fell_due_gets_100_per_cent(db: Database, books: Books) -> None:
    books.customer("C9", rep="R9")
    books.delivery("E1", "C9", on="2026-03-20", amount="500.00")  # open at the start, due 04-19
    books.delivery("E2", "C9", on="2026-03-25", amount="700.00", due_date=date(2026, 7, 31))  # open, due after Q2
    books.delivery("E3", "C9", on="2026-05-01", amount="1000.00")  # due 05-31
    books.delivery("E4", "C9", on="2026-06-20", amount="2000.00")  # due 07-20: not asked of anyone yet
    books.payment("C9", on="2026-04-19", amount="500.00", applies_to="E1")
    books.payment("C9", on="2026-05-31", amount="1000.00", applies_to="E3")
    [r9] = sales_collection_matrix(db, Q2).points
    # 500 open and due + 1,000 sold and due = 1,500 fell due; 1,500 collected
    assert (r9.sales, r9.collected, r9.collectible, r9.rate) == (300_000, 150_000, 150_000, Decimal(1))
    assert r9.quadrant is Quadrant.STRATEGIC  # a new rep with sales, and 100 %


def test_thresholds_setting_round_trip(db: Database) -> None:
    assert matrix_thresholds(db) == MatrixThresholds()
    assert set_matrix_thresholds(db, "15,90") == MatrixThresholds(Decimal("0.15"), Decimal("0.9"))
    assert matrix_thresholds(db).text() == "15,90"
    with pytest.raises(Rejected) as caught:
        set_matrix_thresholds(db, "15")
    assert caught.value.problems[0].column == "matrix_thresholds"
    assert matrix_thresholds(db).text() == "15,90"


def test_an_empty_company_has_an_empty_matrix(db: Database) -> None:
    assert sales_collection_matrix(db, Q2).points == []


@pytest.mark.parametrize(
    ("today", "expected"), [("2026-06-30", "2026Q1"), ("2026-07-01", "2026Q2"), ("2026-01-15", "2025Q4")]
)
def test_last_full_quarter(today: str, expected: str) -> None:
    assert last_full_quarter(date.fromisoformat(today)).label == expected


def test_on_a_generated_demo_reps_spread_over_the_quadrants(tmp_path: Path) -> None:
    from arddesk.services.demo import generate_demo
    from arddesk.store.db import open_database

    generate_demo(tmp_path / "demo.sqlite", deliveries=3000, seed=7, today=date(2026, 11, 20))
    demo = open_database(tmp_path / "demo.sqlite")
    try:
        points = sales_collection_matrix(demo, Period.parse("2026Q3")).points
    finally:
        demo.close()
    quadrants = {point.quadrant for point in points}
    assert len(quadrants) >= 3
    assert quadrants & {Quadrant.COLLECTION, Quadrant.STRATEGIC}  # someone reaches the default 80 %
