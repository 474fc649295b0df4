"""Which automatic backups to keep: the newest of each of the last days, weeks and months.

The rule is the one backup tools call "grandfather-father-son" (restic's ``forget
--keep-daily 7 --keep-weekly 4 --keep-monthly 12``): walking from the newest backup back,
keep the newest backup of each of the last ``daily`` days that have one, of each of the last
``weekly`` ISO weeks that have one and of each of the last ``monthly`` calendar months that
have one. A backup kept by any of the three is kept; every other one may be deleted. Counting
days that *have* a backup (not calendar days) means a company opened once a week still keeps
seven daily copies.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Keep:
    """How many days, weeks and months keep a backup each."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


DEFAULT_KEEP = Keep()


def _newest_per_period(days: list[date], period: Callable[[date], Hashable], count: int) -> set[date]:
    kept: set[date] = set()
    seen: set[Hashable] = set()
    for day in days:
        key = period(day)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(day)
    return kept


def backups_to_keep(days: Iterable[date], keep: Keep = DEFAULT_KEEP) -> set[date]:
    """The backup dates to keep among ``days`` (one backup per date), by the rule above."""
    newest_first = sorted(set(days), reverse=True)
    return (
        _newest_per_period(newest_first, lambda day: day, keep.daily)
        | _newest_per_period(newest_first, lambda day: day.isocalendar()[:2], keep.weekly)
        | _newest_per_period(newest_first, lambda day: (day.year, day.month), keep.monthly)
    )
