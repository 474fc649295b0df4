from datetime import date
from decimal import Decimal

import pytest

from arddesk.domain.terms import Terms, TermsKind

D = date.fromisoformat


@pytest.mark.parametrize(
    ("terms", "delivered", "due"),
    [
        (Terms("COD", TermsKind.COD), "2026-03-31", "2026-03-31"),
        (Terms("N30", TermsKind.NET, days=30), "2026-01-31", "2026-03-02"),
        (Terms("N30", TermsKind.NET, days=30), "2024-01-31", "2024-03-01"),  # leap year
        (Terms("N0", TermsKind.NET, days=0), "2026-05-05", "2026-05-05"),
        (Terms("EOM30", TermsKind.EOM, days=30), "2026-01-15", "2026-03-02"),
        (Terms("EOM30", TermsKind.EOM, days=30), "2024-02-10", "2024-03-30"),  # 29 Feb + 30
        (Terms("EOM0", TermsKind.EOM, days=0), "2026-02-01", "2026-02-28"),
        (Terms("M25", TermsKind.MONTHLY, day_of_month=25), "2026-03-10", "2026-04-25"),
        (Terms("M25", TermsKind.MONTHLY, day_of_month=25), "2026-12-31", "2027-01-25"),
        (Terms("M31", TermsKind.MONTHLY, day_of_month=31), "2026-01-05", "2026-02-28"),  # short month
        (Terms("M31", TermsKind.MONTHLY, day_of_month=31), "2024-01-05", "2024-02-29"),  # leap February
        (Terms("M30", TermsKind.MONTHLY, day_of_month=30), "2026-03-05", "2026-04-30"),
        (Terms("M2x10", TermsKind.MONTHLY, day_of_month=10, months=2), "2026-11-20", "2027-01-10"),
        (Terms("M0x28", TermsKind.MONTHLY, day_of_month=28, months=0), "2026-04-02", "2026-04-28"),
        # cut-off: a delivery after the 25th counts in the next month
        (Terms("MC", TermsKind.MONTHLY, day_of_month=10, cutoff_day=25), "2026-03-25", "2026-04-10"),
        (Terms("MC", TermsKind.MONTHLY, day_of_month=10, cutoff_day=25), "2026-03-26", "2026-05-10"),
        (Terms("MC", TermsKind.MONTHLY, day_of_month=31, cutoff_day=25), "2026-01-27", "2026-03-31"),
        (Terms("MC", TermsKind.MONTHLY, day_of_month=31, cutoff_day=20), "2026-12-21", "2027-02-28"),
    ],
)
def test_due_date(terms: Terms, delivered: str, due: str) -> None:
    assert terms.due_date(D(delivered)) == D(due)


@pytest.mark.parametrize(
    ("days", "next_delivery", "due"),
    [
        (None, None, None),  # no next delivery and no limit: not yet due
        (None, "2026-04-20", "2026-04-20"),  # due when the next batch goes out
        (30, None, "2026-04-30"),  # at the latest after 30 days
        (30, "2026-04-20", "2026-04-20"),
        (30, "2026-06-01", "2026-04-30"),
    ],
)
def test_batch_due_date(days: int | None, next_delivery: str | None, due: str | None) -> None:
    terms = Terms("B", TermsKind.BATCH, days=days)
    assert terms.due_date(D("2026-03-31"), D(next_delivery) if next_delivery else None) == (D(due) if due else None)


@pytest.mark.parametrize(
    ("terms", "problem"),
    [
        (Terms("N", TermsKind.NET), ("days", "required for net terms")),
        (Terms("E", TermsKind.EOM), ("days", "required for eom terms")),
        (Terms("M", TermsKind.MONTHLY), ("day_of_month", "required for monthly terms")),
        (Terms("M", TermsKind.MONTHLY, day_of_month=32), ("day_of_month", "must be between 1 and 31")),
        (Terms("M", TermsKind.MONTHLY, day_of_month=5, cutoff_day=0), ("cutoff_day", "must be between 1 and 31")),
        (Terms("N", TermsKind.NET, days=-1), ("days", "must be between 0 and 3650")),
    ],
)
def test_terms_problems(terms: Terms, problem: tuple[str, str]) -> None:
    assert problem in [(field, str(reason)) for field, reason in terms.problems()]


def test_valid_terms_have_no_problems() -> None:
    assert Terms("M", TermsKind.MONTHLY, day_of_month=25, months=1, cutoff_day=25).problems() == []


@pytest.mark.parametrize(
    ("amount", "paid", "discount"),
    [
        (1000_00, date(2026, 3, 1), 20_00),  # the delivery day itself
        (1000_00, date(2026, 3, 11), 20_00),  # the 10th day after: still within
        (1000_00, date(2026, 3, 12), 0),  # one day too late
        (333_33, date(2026, 3, 5), 6_67),  # 6.6666 rounds half-up to 6.67
        (25, date(2026, 3, 5), 1),  # 0.50 cent rounds up
    ],
)
def test_early_payment_discount(amount: int, paid: date, discount: int) -> None:
    terms = Terms("N30D2", TermsKind.NET, days=30, discount_percent=Decimal("2"), discount_days=10)
    assert terms.early_discount(amount, date(2026, 3, 1), paid) == discount


def test_terms_without_a_discount_give_none() -> None:
    assert Terms("N30", TermsKind.NET, days=30).early_discount(1000_00, date(2026, 3, 1), date(2026, 3, 1)) == 0


@pytest.mark.parametrize(
    ("percent", "days", "field"),
    [
        (Decimal("2"), None, "discount_days"),
        (None, 10, "discount_percent"),
        (Decimal("0"), 10, "discount_percent"),
        (Decimal("100"), 10, "discount_percent"),
        (Decimal("1.255"), 10, "discount_percent"),
        (Decimal("2"), 400, "discount_days"),
    ],
)
def test_a_bad_discount_is_named(percent: Decimal | None, days: int | None, field: str) -> None:
    terms = Terms("X", TermsKind.NET, days=30, discount_percent=percent, discount_days=days)
    assert [f for f, _ in terms.problems()] == [field]
