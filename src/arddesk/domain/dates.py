"""Dates as people write them, and periods (quarter, half-year, month, year) as small objects."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from arddesk.domain.limits import LAST_DATE, date_problem
from arddesk.domain.problems import R_, InvalidValue

# The dates arddesk accepts; a date outside them is a typing slip (0226 for 2026), not a delivery.

DATE_ORDERS = ("dmy", "mdy")
"""How a clerk may say to read ``03/04/2026``: day first (3 April) or month first (4 March)."""

# Year first is never ambiguous: 2026-03-31, 2026/3/31, 2026.3.31, the separators alike.
_YEAR_FIRST = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_YEAR_LAST = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}([-/.])\d{1,2}\1\d{2}$")
# Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that never was (day 60).
_EXCEL_1900 = date(1899, 12, 31)
_EXCEL_1904 = date(1904, 1, 1)
_LAST_SERIAL = (LAST_DATE - date(1899, 12, 30)).days


def parse_date(value: object, *, order: str | None = None, date1904: bool = False) -> date:
    """Read a date as people write it, or as a spreadsheet holds it.

    Accepted: a date cell; text as ``2026-03-31``, ``2026/3/31``, ``2026.3.31`` or
    ``2026年3月31日``; a number, as Excel counts days (a date column holding serial numbers).
    ``03/04/2026`` is ambiguous and read only when ``order`` says which comes first.

    Args:
        value: the cell or the text.
        order: ``"dmy"`` or ``"mdy"`` to read day-first or month-first text; None refuses it.
        date1904: the workbook counts days from 1904 (old Mac Excel), not from 1900.

    Raises:
        InvalidValue: for anything else, and for a date outside 1900-01-01 to 2100-12-31.
    """
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise InvalidValue(R_("has a time of day; give a date only"))
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, str):
        return _in_range(_parse_text(value.strip(), order))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _in_range(_from_serial(value, date1904))
    if value is None:
        raise InvalidValue(R_("empty"))
    raise InvalidValue(R_("not a date (write it as YYYY-MM-DD or use a date cell)"))


def _parse_text(text: str, order: str | None) -> date:
    if match := _YEAR_FIRST.match(text) or _CHINESE.match(text):
        parts = match.groups()
        year, month, day = int(parts[0]), int(parts[-2]), int(parts[-1])
    elif match := _YEAR_LAST.match(text):
        first, _separator, second, year_text = match.groups()
        if order == "dmy":
            day, month = int(first), int(second)
        elif order == "mdy":
            month, day = int(first), int(second)
        elif order is None:
            raise InvalidValue(R_("ambiguous date (day or month first?); write it as YYYY-MM-DD or say the date order"))
        else:
            raise ValueError(f"unknown date order {order!r}; one of {', '.join(DATE_ORDERS)}")
        year = int(year_text)
    elif _SHORT_YEAR.match(text):
        raise InvalidValue(R_("a two-digit year; write the date as YYYY-MM-DD"))
    else:
        raise InvalidValue(R_("not a date (write it as YYYY-MM-DD)"))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidValue(R_("no such date")) from exc


def _from_serial(value: float, date1904: bool) -> date:
    if not math.isfinite(value):
        raise InvalidValue(R_("not a date (write it as YYYY-MM-DD or use a date cell)"))
    if not float(value).is_integer():
        raise InvalidValue(R_("has a time of day; give a date only"))
    days = int(value)
    if not 0 <= days <= _LAST_SERIAL:
        raise InvalidValue(R_("a number too small or too large for a date (Excel counts days from 1900-01-01)"))
    if date1904:
        return _EXCEL_1904 + timedelta(days=days)
    if days == 60:
        raise InvalidValue(R_("day 60 of Excel's calendar, 1900-02-29, a day that never was"))
    return _EXCEL_1900 + timedelta(days=days if days < 60 else days - 1)


def _in_range(day: date) -> date:
    if outside := date_problem(day):
        raise InvalidValue(outside)
    return day


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by a number of months."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def clamp_day(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, or the month's last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: a quarter, a half-year, a month or a year.

    Attributes:
        start: first day, inclusive.
        end: last day, inclusive.
        label: as written on the command line: ``2026Q3``, ``2026H1``, ``2026-07`` or ``2026``.
    """

    start: date
    end: date
    label: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026Q3``, ``2026H1`` (January to June; ``H2`` July to December), ``2026-07`` or ``2026``.

        Raises:
            InvalidValue: for anything else.
        """
        text = text.strip().upper()
        if m := re.fullmatch(r"(\d{4})Q([1-4])", text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            return cls(date(year, first, 1), month_end(year, first + 2), f"{year}Q{quarter}")
        if m := re.fullmatch(r"(\d{4})H([12])", text):
            year, half = int(m[1]), int(m[2])
            first = 6 * half - 5
            return cls(date(year, first, 1), month_end(year, first + 5), f"{year}H{half}")
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise InvalidValue(R_("no such month"))
            return cls(date(year, month, 1), month_end(year, month), f"{year}-{month:02d}")
        if m := re.fullmatch(r"\d{4}", text):
            year = int(text)
            return cls(date(year, 1, 1), date(year, 12, 31), text)
        raise InvalidValue(R_("not a period (write 2026Q3, 2026H1, 2026-07 or 2026)"))

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return self.containing(self.start - timedelta(days=1), like=self)

    @classmethod
    def containing(cls, day: date, *, like: Period) -> Period:
        """The period of the same kind as ``like`` that contains ``day``."""
        if "Q" in like.label:
            return cls.parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")
        if "H" in like.label:
            return cls.parse(f"{day.year}H{(day.month - 1) // 6 + 1}")
        if "-" in like.label:
            return cls.parse(f"{day.year}-{day.month:02d}")
        return cls.parse(str(day.year))

    def __str__(self) -> str:
        return self.label
