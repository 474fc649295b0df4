"""Dates as people write them, and periods (quarter, month, year) as small objects."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from arddesk.domain.problems import InvalidValue

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOKS_LIKE_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def parse_date(value: object) -> date:
    """Read a date from an ISO text (``2026-03-31``) or a real spreadsheet date cell.

    Raises:
        InvalidValue: for anything else; ``03/04/2026`` is refused as ambiguous.
    """
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise InvalidValue("has a time of day; give a date only")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _ISO.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise InvalidValue(f"no such date ({exc})") from exc
        if _LOOKS_LIKE_DATE.match(text):
            raise InvalidValue("ambiguous date; write it as YYYY-MM-DD")
        raise InvalidValue("not a date (write it as YYYY-MM-DD)")
    if value is None:
        raise InvalidValue("empty")
    raise InvalidValue("a number, not a date (write it as YYYY-MM-DD or use a date cell)")


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
    """A reporting period: a quarter, a month or a year.

    Attributes:
        start: first day, inclusive.
        end: last day, inclusive.
        label: as written on the command line: ``2026Q3``, ``2026-07`` or ``2026``.
    """

    start: date
    end: date
    label: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026Q3``, ``2026-07`` or ``2026``.

        Raises:
            InvalidValue: for anything else.
        """
        text = text.strip().upper()
        if m := re.fullmatch(r"(\d{4})Q([1-4])", text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            return cls(date(year, first, 1), month_end(year, first + 2), f"{year}Q{quarter}")
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise InvalidValue("no such month")
            return cls(date(year, month, 1), month_end(year, month), f"{year}-{month:02d}")
        if m := re.fullmatch(r"\d{4}", text):
            year = int(text)
            return cls(date(year, 1, 1), date(year, 12, 31), text)
        raise InvalidValue("not a period (write 2026Q3, 2026-07 or 2026)")

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
        if "-" in like.label:
            return cls.parse(f"{day.year}-{day.month:02d}")
        return cls.parse(str(day.year))

    def __str__(self) -> str:
        return self.label
