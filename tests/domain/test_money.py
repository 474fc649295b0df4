from decimal import Decimal

import pytest

from arddesk.domain.money import format_plain, from_minor, parse_amount, round_money, to_minor
from arddesk.domain.problems import InvalidValue


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1234.5", "1234.50"),
        ("1,234.50", "1234.50"),
        ("  12 ", "12.00"),
        ("1,234,567.89", "1234567.89"),
        (".5", "0.50"),
        (1234, "1234.00"),
        (1234.5, "1234.50"),
        (0.1, "0.10"),
        (Decimal("7.10"), "7.10"),
        ("0", "0.00"),
    ],
)
def test_parse_amount_accepts(cell: object, amount: str) -> None:
    assert parse_amount(cell) == Decimal(amount)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1.005", "more than two decimals"),
        (1.005, "more than two decimals"),
        ("12abc", "not a number"),
        ("¥12", "not a number"),
        ("1,2345.00", "not a number"),
        ("", "empty"),
        ("-5", "must not be negative"),
        (None, "not an amount"),
        (True, "not an amount"),
        ("NaN", "not a number"),
        (float("inf"), "not a number"),
    ],
)
def test_parse_amount_refuses(cell: object, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        parse_amount(cell)


def test_negative_and_zero_only_when_allowed() -> None:
    assert parse_amount("-5", allow_negative=True) == Decimal("-5.00")
    with pytest.raises(InvalidValue, match="must not be zero"):
        parse_amount("0", allow_zero=False)


def test_half_up_rounding_is_the_one_rule() -> None:
    assert round_money(Decimal("0.125")) == Decimal("0.13")
    assert round_money(Decimal("0.135")) == Decimal("0.14")  # not banker's rounding
    assert round_money(Decimal("-0.125")) == Decimal("-0.13")


def test_minor_units_round_trip() -> None:
    assert to_minor(Decimal("1234.56")) == 123456
    assert from_minor(123456) == Decimal("1234.56")
    assert from_minor(-5) == Decimal("-0.05")
    with pytest.raises(ValueError, match="more than two decimals"):
        to_minor(Decimal("0.001"))


@pytest.mark.parametrize(("minor", "text"), [(0, "0.00"), (5, "0.05"), (-123456, "-1234.56"), (None, "")])
def test_format_plain(minor: int | None, text: str) -> None:
    assert format_plain(minor) == text
