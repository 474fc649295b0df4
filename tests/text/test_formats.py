"""Numbers and dates as the reader expects them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import arddesk.reports
from arddesk.text import formats


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (123456789, "1,234,567.89"),
        (-50, "-0.50"),
        (0, "0.00"),
        (Decimal("1234.5"), "1,234.50"),
        (Decimal("0.125"), "0.13"),  # half-up, not half-even
        (Decimal("0.135"), "0.14"),
        (Fraction(1, 8), "0.13"),
        (None, ""),
    ],
)
def test_money(value: int | Decimal | Fraction | None, expected: str) -> None:
    assert formats.money(value) == expected


def test_money_for_an_edit_field_parses_back() -> None:
    assert formats.plain_money(123456) == "1234.56"


def test_grid_dates_are_iso() -> None:
    assert formats.day(date(2026, 3, 31)) == "2026-03-31"
    assert formats.day(None) == ""


def test_letter_dates_in_the_readers_language() -> None:
    assert formats.long_day(date(2026, 3, 31), "zh_CN") == "2026年3月31日"
    assert formats.long_day(date(2026, 3, 31), "en") == "31 March 2026"
    assert formats.long_day(date(2026, 10, 5), "zh") == "2026年10月5日"


def test_a_call_sheet_day_names_the_weekday_in_the_language_in_use() -> None:
    from arddesk import text

    assert formats.weekday(date(2026, 12, 7)) == "Mon 12-07"
    text.use_language("zh_CN")
    assert formats.weekday(date(2026, 12, 7)) == "周一 12-07"


def test_money_groups_thousands_as_the_en_us_pattern_does() -> None:
    from babel.numbers import format_decimal

    from arddesk.domain.money import from_minor

    for cents in (0, 1, -1, 99, -100, 100_000, -123_456_789, 999_999_999_999_99, -999_999_999_999_99, 10**6 - 1):
        expected = format_decimal(from_minor(cents), format="#,##0.00;-#,##0.00", locale="en_US")
        assert formats.money(cents) == expected


# A format spec with two decimals ("{x:,.2f}", "%.2f", format(x, ".2f")) or Babel's number formatting.
OWN_FORMATTING = re.compile(r"\.2f\b|format_(decimal|currency)\(")


def test_no_report_formats_money_itself() -> None:
    folder = Path(arddesk.reports.__file__).parent
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(folder.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OWN_FORMATTING.search(line)
    ]
    assert offenders == []
