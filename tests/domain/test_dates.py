from datetime import date, datetime

import pytest

from arddesk.domain.dates import Period, parse_date
from arddesk.domain.problems import InvalidValue


def test_parse_date_accepts_iso_and_date_cells() -> None:
    assert parse_date("2026-03-31") == date(2026, 3, 31)
    assert parse_date(datetime(2026, 3, 31)) == date(2026, 3, 31)
    assert parse_date(date(2026, 3, 31)) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("03/04/2026", "ambiguous"),
        ("2026/3/4", "ambiguous"),
        ("2026-02-30", "no such date"),
        ("next Tuesday", "not a date"),
        (45000, "a number, not a date"),
        (datetime(2026, 3, 31, 14, 5), "time of day"),
        (None, "empty"),
    ],
)
def test_parse_date_refuses(cell: object, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        parse_date(cell)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026Q3", "2026-07-01", "2026-09-30", "2026Q3"),
        ("2024q1", "2024-01-01", "2024-03-31", "2024Q1"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-02"),
        ("2026", "2026-01-01", "2026-12-31", "2026"),
    ],
)
def test_period_parse(text: str, start: str, end: str, label: str) -> None:
    period = Period.parse(text)
    assert (period.start.isoformat(), period.end.isoformat(), period.label) == (start, end, label)


def test_period_previous_and_contains() -> None:
    assert Period.parse("2026Q1").previous().label == "2025Q4"
    assert Period.parse("2026-01").previous().label == "2025-12"
    assert Period.parse("2026").previous().label == "2025"
    assert Period.parse("2026Q3").contains(date(2026, 9, 30))
    assert not Period.parse("2026Q3").contains(date(2026, 10, 1))


@pytest.mark.parametrize("text", ["2026Q5", "2026-13", "Q3", "26"])
def test_period_refuses(text: str) -> None:
    with pytest.raises(InvalidValue):
        Period.parse(text)
