"""The owner's figures: days sales outstanding and shares, exact (no floats)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DSO_DAYS = 90
"""The window of sales that DSO is measured against."""


def dso(receivable: int, sales: int, days: int = DSO_DAYS) -> Decimal | None:
    """Days sales outstanding = receivable ÷ sales of the last ``days`` days × ``days``, to 0.1 day.

    None when there were no sales in the window (the figure has no meaning then).
    """
    if sales <= 0:
        return None
    return (Decimal(receivable) * days / Decimal(sales)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to 0.1 %; None when the whole is not positive."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
