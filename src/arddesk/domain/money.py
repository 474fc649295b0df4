"""The one money type: exact decimals at the edges, integer minor units inside.

Every amount that enters arddesk passes through :func:`parse_amount`; every amount
that is stored passes through :func:`to_minor`; rounding happens only in
:func:`round_money` (half-up to the cent).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from arddesk.domain.limits import amount_problem
from arddesk.domain.problems import R_, InvalidValue

CENT = Decimal("0.01")
MINOR_PER_UNIT = 100

# Thousands separators only in groups of three, so "1,2345" is refused rather than guessed.
_AMOUNT_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$|^[+-]?\.\d+$")


def parse_amount(value: object, *, allow_negative: bool = False, allow_zero: bool = True) -> Decimal:
    """Read an amount from a cell or a form field.

    Accepts int, Decimal, a float coming from a spreadsheet numeric cell (only when it
    is a whole number of cents), and text such as ``1234.5`` or ``1,234.50``, up to
    999,999,999,999.99 either way (:mod:`arddesk.domain.limits`).

    Raises:
        InvalidValue: with the reason, for anything else.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidValue(R_("not an amount"))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        # A spreadsheet stores 1234.5 as a binary float; repr gives the shortest exact text.
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise InvalidValue(R_("empty"))
        if not _AMOUNT_TEXT.match(text):
            raise InvalidValue(R_("not a number (use digits, an optional decimal point and at most two decimals)"))
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - regex already guards
            raise InvalidValue(R_("not a number")) from exc
    else:
        raise InvalidValue(R_("not an amount ({kind})"), kind=type(value).__name__)
    if not amount.is_finite():
        raise InvalidValue(R_("not a number"))
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidValue(R_("more than two decimals"))
    if amount < 0 and not allow_negative:
        raise InvalidValue(R_("must not be negative"))
    if amount == 0 and not allow_zero:
        raise InvalidValue(R_("must not be zero"))
    too_large = amount_problem(amount)
    if too_large:
        raise InvalidValue(too_large)
    return amount.quantize(CENT)


def round_money(amount: Decimal) -> Decimal:
    """Round to the cent, half-up: the only rounding rule in arddesk."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal) -> int:
    """Turn an exact amount into integer cents for storage.

    Raises:
        ValueError: if the amount has more than two decimals (a programming error:
            round with :func:`round_money` first).
    """
    cents = amount * MINOR_PER_UNIT
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has more than two decimals")
    return int(cents)


def from_minor(minor: int) -> Decimal:
    """Integer cents back to an exact amount."""
    return (Decimal(minor) / MINOR_PER_UNIT).quantize(CENT)


def format_plain(minor: int | None) -> str:
    """Plain two-decimal text with no thousands separator, for files: ``-1234.50``."""
    if minor is None:
        return ""
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), MINOR_PER_UNIT)
    return f"{sign}{units}.{cents:02d}"
