"""Numbers and dates as the reader expects them: the one formatting module for window, reports and command line.

Money arrives as integer cents (or an exact Decimal or Fraction) and is shown with a thousands
separator and two decimals, rounded half-up by :func:`arddesk.domain.money.round_money` (the one
rounding rule). Dates in grids and files are ISO, as the clerk types them; letters and statements
write them out in the reader's language: ``2026年3月31日`` / ``31 March 2026``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from babel.dates import format_date
from babel.numbers import format_decimal

from arddesk.domain.money import from_minor, round_money
from arddesk.text import CHINESE, language, normalise

_BABEL_LOCALE = {"en": "en_US", CHINESE: "zh_CN"}


def _amount(value: int | Decimal | Fraction) -> Decimal:
    if isinstance(value, int):
        return from_minor(value)
    if isinstance(value, Fraction):
        return round_money(Decimal(value.numerator) / Decimal(value.denominator))
    return round_money(value)


def money(value: int | Decimal | Fraction | None) -> str:
    """Cents (int) or an exact amount as ``1,234.50`` (half-up to the cent); blank for None."""
    if value is None:
        return ""
    # Python's own grouping: what Babel's "#,##0.00" gives for en_US, thirty times faster (a letter has dozens).
    return f"{_amount(value):,.2f}"


def plain_money(value: int | Decimal | None) -> str:
    """Money for an edit field: ``1234.50`` (no separator, so it parses back unchanged)."""
    if value is None:
        return ""
    return f"{_amount(value):.2f}"


def day(value: date | None) -> str:
    """A date in a grid or a file: ``2026-03-31``; blank for None."""
    return "" if value is None else value.isoformat()


def weekday(value: date) -> str:
    """A day as the reader names it on a call sheet: ``Mon 12-07`` / ``周一 12-07``."""
    return f"{format_date(value, 'EEE', locale=_BABEL_LOCALE[language()])} {value:%m-%d}"


def long_day(value: date, language_code: str | None = None) -> str:
    """A date in a letter or statement: ``2026年3月31日`` in Chinese, ``31 March 2026`` in English.

    Args:
        value: the date.
        language_code: the reader's language (a customer's); the language in use when None.
    """
    chosen = normalise(language_code) if language_code else language()
    if chosen == CHINESE:
        return f"{value.year}年{value.month}月{value.day}日"
    return str(format_date(value, "d MMMM y", locale=_BABEL_LOCALE["en"]))


def percent(value: Decimal | float | None) -> str:
    """A share as ``87.5 %``; blank for None."""
    if value is None:
        return ""
    return f"{Decimal(str(value)):.1f} %"


def count(value: int) -> str:
    """A whole number with thousands separators."""
    return str(format_decimal(value, format="#,##0", locale="en_US"))
