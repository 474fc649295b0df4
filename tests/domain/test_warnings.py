from datetime import date
from fractions import Fraction

from arddesk.domain.aging import DebtClass
from arddesk.domain.warnings import (
    Flag,
    PayMonth,
    WarningKind,
    flag_warning,
    over_limit,
    parse_factor,
    paying_later,
    purchase_spike,
)
from arddesk.text.messages import warning_text

FACTOR = Fraction(5, 2)


# ------------------------------------------------------------------ seasonal purchase spike
def test_spike_fires_above_factor_times_the_seasons_usual() -> None:
    # December usually 10,000.00 (two years); this December 30,000.00 > 2.5 × 10,000.00
    purchases = {(2024, 12): 1_000_000, (2025, 12): 1_000_000, (2026, 12): 3_000_000}
    warning = purchase_spike("C1", (2026, 12), purchases, FACTOR)
    assert warning is not None
    assert warning.kind is WarningKind.PURCHASE_SPIKE
    assert warning.on == date(2026, 12, 1)
    assert "usual for this month 10,000.00 over 2 year(s)" in warning_text(warning)


def test_spike_does_not_fire_at_the_factor_itself() -> None:
    purchases = {(2024, 12): 1_000_000, (2025, 12): 1_000_000, (2026, 12): 2_500_000}
    assert purchase_spike("C1", (2026, 12), purchases, FACTOR) is None


def test_a_busy_season_is_not_a_spike() -> None:
    # December is always big for this customer: 40,000.00 is its usual, not a warning sign
    purchases = {(2025, 11): 500_000, (2025, 12): 4_000_000, (2026, 11): 500_000, (2026, 12): 4_200_000}
    assert purchase_spike("C1", (2026, 12), purchases, FACTOR) is None


def test_off_season_purchase_is_judged_against_the_last_twelve_months() -> None:
    # bought 1,000.00 every month except July; this July 5,000.00 > 2.5 × the monthly mean 1,000.00 (12 months)
    purchases = {(y, m): 100_000 for y in (2025, 2026) for m in range(1, 13) if m != 7}
    purchases[(2026, 7)] = 500_000
    purchases = {k: v for k, v in purchases.items() if k <= (2026, 7)}
    assert purchase_spike("C1", (2026, 7), purchases, FACTOR) is not None
    purchases[(2026, 7)] = 200_000
    assert purchase_spike("C1", (2026, 7), purchases, FACTOR) is None


def test_a_new_customer_has_no_season_yet() -> None:
    assert purchase_spike("C1", (2026, 12), {(2026, 11): 100, (2026, 12): 9_000_000}, FACTOR) is None


def test_spike_factor_must_be_above_one() -> None:
    assert parse_factor("2.5") == Fraction(5, 2)
    for bad in ("1", "0.5", "x"):
        try:
            parse_factor(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


# ------------------------------------------------------------------ days-to-pay trend
def _months(*averages: tuple[tuple[int, int], int]) -> list[PayMonth]:
    return [PayMonth(month, 2, 2 * days) for month, days in averages]


def test_punctual_customer_paying_later_and_later_fires() -> None:
    history = _months(((2026, 3), 2), ((2026, 4), 0), ((2026, 5), 4), ((2026, 6), 8), ((2026, 7), 15), ((2026, 8), 25))
    warning = paying_later("C1", date(2026, 8, 20), history)
    assert warning is not None
    assert warning.suggested is DebtClass.DOUBTFUL
    assert warning.on == date(2026, 8, 1)
    # baseline = Mar, Apr, May: (2 + 0 + 4) / 3 = 2 days; recent 8 < 15 < 25 and 25 ≥ 2 + 10


def test_a_late_payer_that_was_never_punctual_does_not_fire() -> None:
    history = _months(((2026, 3), 20), ((2026, 4), 30), ((2026, 6), 31), ((2026, 7), 40), ((2026, 8), 50))
    assert paying_later("C1", date(2026, 8, 20), history) is None


def test_a_rise_that_is_not_steady_does_not_fire() -> None:
    history = _months(((2026, 3), 2), ((2026, 4), 0), ((2026, 6), 30), ((2026, 7), 12), ((2026, 8), 25))
    assert paying_later("C1", date(2026, 8, 20), history) is None


def test_a_small_rise_does_not_fire() -> None:
    history = _months(((2026, 3), 2), ((2026, 4), 2), ((2026, 6), 3), ((2026, 7), 5), ((2026, 8), 11))
    assert paying_later("C1", date(2026, 8, 20), history) is None
    history[-1] = PayMonth((2026, 8), 2, 24)  # 12 days: exactly 2 + 10
    assert paying_later("C1", date(2026, 8, 20), history) is not None


def test_trend_needs_three_recent_months_and_two_baseline_months() -> None:
    assert paying_later("C1", date(2026, 8, 20), _months(((2026, 3), 0), ((2026, 7), 15), ((2026, 8), 25))) is None
    only_one_before = _months(((2026, 3), 0), ((2026, 6), 8), ((2026, 7), 15), ((2026, 8), 25))
    assert paying_later("C1", date(2026, 8, 20), only_one_before) is None


# ------------------------------------------------------------------ credit limit and flags
def test_over_the_credit_limit() -> None:
    warning = over_limit("C1", date(2026, 8, 20), 1_200_001, 1_200_000)
    assert warning is not None and "by 0.01" in warning_text(warning)
    assert over_limit("C1", date(2026, 8, 20), 1_200_000, 1_200_000) is None
    assert over_limit("C1", date(2026, 8, 20), 9_999_999, None) is None


def test_a_flag_warns_from_its_date_until_resolved() -> None:
    flag = Flag(7, "C1", WarningKind.CLOSURE, date(2026, 5, 1), "shop shut", resolved_on=date(2026, 6, 1))
    assert flag_warning(flag, date(2026, 4, 30)) is None
    warning = flag_warning(flag, date(2026, 5, 1))
    assert warning is not None
    assert (warning.kind, warning.suggested, warning.flag_id, warning_text(warning)) == (
        WarningKind.CLOSURE,
        DebtClass.BAD,
        7,
        "shop shut",
    )
    assert flag_warning(flag, date(2026, 6, 1)) is None


def test_contact_change_suggests_no_class() -> None:
    flag = Flag(1, "C1", WarningKind.CONTACT_CHANGED, date(2026, 5, 1), "new buyer Ms Li")
    warning = flag_warning(flag, date(2026, 5, 2))
    assert warning is not None and warning.suggested is None
