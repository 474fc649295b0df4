import re
from datetime import date, datetime, timedelta

import pytest

from arddesk.domain.dates import Period, parse_date
from arddesk.domain.limits import FIRST_DATE, LAST_DATE
from arddesk.domain.problems import InvalidValue


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        (" 2026-03-31 ", date(2026, 3, 31)),
        ("2026-3-31", date(2026, 3, 31)),
        ("2026/3/31", date(2026, 3, 31)),
        ("2026/03/04", date(2026, 3, 4)),
        ("2026.3.31", date(2026, 3, 31)),
        ("2026年3月31日", date(2026, 3, 31)),
        ("2026 年 3 月 4 日", date(2026, 3, 4)),
        (datetime(2026, 3, 31), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (46112, date(2026, 3, 31)),
        (46112.0, date(2026, 3, 31)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
    ],
)
def test_parse_date_reads(cell: object, read: date) -> None:
    assert parse_date(cell) == read


@pytest.mark.parametrize(
    ("cell", "order", "read"),
    [
        ("03/04/2026", "dmy", date(2026, 4, 3)),
        ("03/04/2026", "mdy", date(2026, 3, 4)),
        ("31.3.2026", "dmy", date(2026, 3, 31)),
        ("3-31-2026", "mdy", date(2026, 3, 31)),
        ("2026/3/4", "dmy", date(2026, 3, 4)),
    ],
)
def test_parse_date_reads_day_or_month_first_when_told(cell: str, order: str, read: date) -> None:
    assert parse_date(cell, order=order) == read


@pytest.mark.parametrize(
    ("cell", "read"),
    [(0, date(1904, 1, 1)), (44538, date(2025, 12, 9)), (datetime(2026, 3, 31), date(2026, 3, 31))],
)
def test_parse_date_counts_serials_from_1904_in_such_a_workbook(cell: object, read: date) -> None:
    assert parse_date(cell, date1904=True) == read


@pytest.mark.parametrize(
    ("cell", "order", "reason"),
    [
        ("03/04/2026", None, "ambiguous date"),
        ("31/03/2026", None, "ambiguous date"),
        ("31/03/2026", "mdy", "no such date"),
        ("3/4/26", None, "two-digit year"),
        ("2026/3-31", None, "not a date"),
        ("2026-02-30", None, "no such date"),
        ("2026年2月30日", None, "no such date"),
        ("next Tuesday", None, "not a date"),
        ("0226-03-31", None, "must be between 1900-01-01 and 2100-12-31"),
        ("2101-01-01", None, "must be between 1900-01-01 and 2100-12-31"),
        (date(1899, 12, 31), None, "must be between 1900-01-01 and 2100-12-31"),
        (60, None, "1900-02-29, a day that never was"),
        (-5, None, "too small or too large"),
        (3_000_000, None, "too small or too large"),
        (46112.5, None, "time of day"),
        (float("nan"), None, "not a date"),
        (True, None, "not a date"),
        (datetime(2026, 3, 31, 14, 5), None, "time of day"),
        (None, None, "empty"),
    ],
)
def test_parse_date_refuses(cell: object, order: str | None, reason: str) -> None:
    with pytest.raises(InvalidValue, match=re.escape(reason)):
        parse_date(cell, order=order)


def test_the_range_ends_are_accepted_and_a_day_beyond_them_is_not() -> None:
    assert [parse_date(FIRST_DATE), parse_date(LAST_DATE)] == [date(1900, 1, 1), date(2100, 12, 31)]
    for beyond in (FIRST_DATE - timedelta(days=1), LAST_DATE + timedelta(days=1)):
        with pytest.raises(InvalidValue, match="must be between 1900-01-01 and 2100-12-31"):
            parse_date(beyond)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026Q3", "2026-07-01", "2026-09-30", "2026Q3"),
        ("2024q1", "2024-01-01", "2024-03-31", "2024Q1"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-02"),
        ("2026", "2026-01-01", "2026-12-31", "2026"),
        ("2026H1", "2026-01-01", "2026-06-30", "2026H1"),
        ("2026h2", "2026-07-01", "2026-12-31", "2026H2"),
    ],
)
def test_period_parse(text: str, start: str, end: str, label: str) -> None:
    period = Period.parse(text)
    assert (period.start.isoformat(), period.end.isoformat(), period.label) == (start, end, label)


def test_period_previous_and_contains() -> None:
    assert Period.parse("2026Q1").previous().label == "2025Q4"
    assert Period.parse("2026-01").previous().label == "2025-12"
    assert Period.parse("2026").previous().label == "2025"
    assert Period.parse("2026H1").previous().label == "2025H2"
    assert Period.parse("2026H2").previous().label == "2026H1"
    assert Period.parse("2026H1").contains(date(2026, 6, 30))
    assert not Period.parse("2026H1").contains(date(2026, 7, 1))
    assert Period.parse("2026Q3").contains(date(2026, 9, 30))
    assert not Period.parse("2026Q3").contains(date(2026, 10, 1))


@pytest.mark.parametrize("text", ["2026Q5", "2026-13", "Q3", "26", "2026H3", "2026H0"])
def test_period_refuses(text: str) -> None:
    with pytest.raises(InvalidValue):
        Period.parse(text)
