"""The sales/collection matrix rules, with the figures worked by hand beside each case."""

from __future__ import annotations

from decimal import Decimal

import pytest

from arddesk.domain.matrix import (
    MatrixThresholds,
    Member,
    PeriodFigures,
    Quadrant,
    build_matrix,
    collection_rate,
    growth,
    place,
    quadrant,
    quadrant_counts,
)
from arddesk.domain.problems import InvalidValue
from arddesk.text.messages import move_text

DEFAULT = MatrixThresholds()


def test_growth_is_the_change_over_the_previous_sales() -> None:
    # 125,000.00 after 100,000.00: +25 %
    assert growth(12_500_000, 10_000_000) == Decimal("0.25")
    assert growth(8_000_000, 10_000_000) == Decimal("-0.2")
    assert growth(5_000, 0) is None


def test_collection_rate_is_collected_over_what_fell_due() -> None:
    # 40,000 open at the start and due by the end + 60,000 of the 90,000 sold due by the end − 10,000 returned
    # = 90,000 fell due; 72,000 collected = 80 %
    figures = PeriodFigures(
        sales=9_000_000, opening=4_000_000, collected=7_200_000, reduced=1_000_000, sales_due=6_000_000
    )
    assert figures.collectible == 9_000_000
    assert collection_rate(figures) == Decimal("0.8")
    # 30,000 paid ahead of its due date on top: 102,000 of 90,000 = 113.3 %
    ahead = PeriodFigures(
        sales=9_000_000, opening=4_000_000, collected=10_200_000, reduced=1_000_000, sales_due=6_000_000
    )
    assert collection_rate(ahead) == Decimal(102) / Decimal(90)
    assert collection_rate(PeriodFigures()) is None
    assert collection_rate(PeriodFigures(sales=5_000, collected=1_000)) is None  # nothing fell due yet


@pytest.mark.parametrize(
    ("sales", "before", "opening", "collected", "expected"),
    [
        (11_000, 10_000, 0, 8_800, Quadrant.STRATEGIC),  # +10 %, 8,800 / 11,000 = 80 %: both on the line
        (11_000, 10_000, 0, 8_799, Quadrant.SALES),  # 79.99 %
        (10_999, 10_000, 0, 10_999, Quadrant.COLLECTION),  # +9.99 %, 100 %
        (9_000, 10_000, 1_000, 5_000, Quadrant.NEITHER),  # −10 %, 5,000 / 10,000 = 50 %
        (5_000, 0, 0, 0, Quadrant.SALES),  # new sales count as growth; 0 of 5,000 collected
        (0, 0, 3_000, 3_000, Quadrant.COLLECTION),  # nothing sold, the opening balance all collected
    ],
)
def test_quadrant_from_the_two_thresholds(
    sales: int, before: int, opening: int, collected: int, expected: Quadrant
) -> None:
    figures = PeriodFigures(sales=sales, opening=opening, collected=collected, sales_due=sales)
    assert quadrant(sales, before, figures, DEFAULT) is expected


def test_point_knows_where_it_was_the_period_before() -> None:
    member = Member(
        "R1",
        "Rep One",
        # now: 120 sold after 100 (+20 %), 100 open at the start, 200 collected of 220 = 90.9 %
        current=PeriodFigures(sales=12_000, opening=10_000, collected=20_000, sales_due=12_000),
        # before: 100 sold after 100 (0 %), 50 open, 60 collected of 150 = 40 %
        previous=PeriodFigures(sales=10_000, opening=5_000, collected=6_000, sales_due=10_000),
        sales_before_previous=10_000,
    )
    point = place(member, DEFAULT)
    assert point.growth == Decimal("0.2")
    assert point.rate == Decimal(20_000) / Decimal(22_000)
    assert point.quadrant is Quadrant.STRATEGIC
    assert point.previous_growth == Decimal(0)
    assert point.previous_rate == Decimal("0.4")
    assert point.previous_quadrant is Quadrant.NEITHER
    assert point.moved
    assert move_text(point) == "Neither → Strategic"


def test_a_newcomer_has_no_previous_position() -> None:
    point = place(
        Member("R9", "New", PeriodFigures(sales=1_000, collected=1_000, sales_due=1_000), PeriodFigures()), DEFAULT
    )
    assert point.previous_quadrant is None
    assert move_text(point) == "new"
    assert not point.moved


def test_build_matrix_sorts_and_leaves_out_the_idle() -> None:
    due = PeriodFigures(sales=100, collected=100, sales_due=100)
    busy = Member("B", "Busy", due, due, 100)
    idle = Member("A", "Idle", PeriodFigures(), PeriodFigures(sales=100))
    other = Member("C", "Other", PeriodFigures(sales=50, sales_due=50), PeriodFigures(sales=100))  # 0 of 50 collected
    points = build_matrix([other, idle, busy], DEFAULT)
    assert [p.key for p in points] == ["B", "C"]
    assert move_text(points[0]) == "unchanged"
    assert quadrant_counts(points) == {
        Quadrant.NEITHER: 1,
        Quadrant.SALES: 0,
        Quadrant.COLLECTION: 1,
        Quadrant.STRATEGIC: 0,
    }


def test_figures_add_up_for_a_department() -> None:
    total = PeriodFigures(1, 2, 3, 4, 5) + PeriodFigures(10, 20, 30, 40, 50)
    assert total == PeriodFigures(11, 22, 33, 44, 55)


def test_thresholds_read_and_write_per_cent() -> None:
    thresholds = MatrixThresholds.parse(" 15 , 92.5 ")
    assert thresholds == MatrixThresholds(Decimal("0.15"), Decimal("0.925"))
    assert thresholds.text() == "15,92.5"
    assert MatrixThresholds.parse("10,80") == DEFAULT
    assert DEFAULT.text() == "10,80"


@pytest.mark.parametrize("text", ["", "10", "10,80,5", "ten,80", "10,101", "-101,50"])
def test_bad_thresholds_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        MatrixThresholds.parse(text)
