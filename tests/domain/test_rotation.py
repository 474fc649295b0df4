"""Which automatic backups are kept: 7 daily, 4 weekly, 12 monthly, newest of each."""

from __future__ import annotations

from datetime import date, timedelta

from arddesk.domain.rotation import Keep, backups_to_keep


def days(first: str, count: int) -> list[date]:
    start = date.fromisoformat(first)
    return [start + timedelta(days=n) for n in range(count)]


def test_fewer_backups_than_the_rule_keeps_are_all_kept() -> None:
    taken = days("2026-06-01", 5)
    assert backups_to_keep(taken) == set(taken)


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_and_12_month_ends() -> None:
    taken = days("2025-07-01", 365)  # 2025-07-01 … 2026-06-30, a Tuesday
    kept = backups_to_keep(taken)
    assert sorted(kept) == sorted(
        {date(2026, 6, d) for d in range(24, 31)}  # the last seven days
        | {date(2026, 6, 28), date(2026, 6, 21), date(2026, 6, 14)}  # Sundays ending the three weeks before
        | {date(2026, m, 31) for m in (1, 3, 5)}
        | {date(2026, m, 30) for m in (4,)}
        | {date(2026, 2, 28)}
        | {date(2025, m, 31) for m in (7, 8, 10, 12)}
        | {date(2025, m, 30) for m in (9, 11)}
    )
    assert len(kept) == 7 + 2 + 11  # the newest week and month are already among the days


def test_days_count_only_days_with_a_backup() -> None:
    # Opened once a week: the seven newest backups are all kept as "daily" ones.
    taken = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(10)]
    kept = backups_to_keep(taken, Keep(daily=7, weekly=0, monthly=0))
    assert kept == set(taken[-7:])


def test_a_backup_kept_by_any_rule_stays() -> None:
    taken = [date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2)]
    assert backups_to_keep(taken, Keep(daily=1, weekly=0, monthly=2)) == {date(2026, 4, 2), date(2026, 3, 31)}


def test_duplicates_and_order_do_not_matter() -> None:
    taken = days("2026-06-01", 10)
    assert backups_to_keep(list(reversed(taken)) + taken) == backups_to_keep(taken)
