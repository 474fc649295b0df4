"""Using a customer's unapplied credit (advances, overpayments, returns kept as credit) on its open
deliveries: which credit goes to which delivery, for how much, and from which day it counts.

The rule is the one a payment with a blank ``applies_to`` follows: the oldest credit first, each to
the oldest open delivery first. An allocation counts from the later of the credit's day (or the day
a void last gave its money back) and the delivery's day (or the day a void last reopened it). When
the owner has closed the books, an allocation that would count on or before the closing date is
left out: it would change figures already closed. Amounts are integer cents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Credit:
    """A payment or adjustment with money not yet applied.

    Attributes:
        table: ``payment`` or ``adjustment``.
        id: its id.
        number: its number.
        usable_from: its date, or the day a void last released its money if later.
        unapplied: cents not yet applied.
    """

    table: str
    id: int
    number: str
    usable_from: date
    unapplied: int


@dataclass(frozen=True, slots=True)
class OpenDelivery:
    """A delivery with something open: ``open_from`` is its date, or the day a void last reopened it."""

    id: int
    number: str
    open: int
    open_from: date


@dataclass(frozen=True, slots=True)
class CreditUse:
    """Cents of one credit applied to one delivery, counting from ``effective``."""

    credit: Credit
    delivery: OpenDelivery
    amount: int
    effective: date


def use_credits(
    credits: Sequence[Credit], deliveries: Sequence[OpenDelivery], closed_through: date | None = None
) -> list[CreditUse]:
    """Apply credits, oldest first, to open deliveries, oldest first.

    Args:
        credits: one customer's credits, in any order.
        deliveries: its open deliveries, in the order they should be paid (oldest first).
        closed_through: the owner's closing date; no allocation may count on or before it.

    Returns:
        The allocations, credit by credit, in the order they are made.
    """
    left = {delivery.id: delivery.open for delivery in deliveries}
    uses: list[CreditUse] = []
    for credit in sorted(credits, key=lambda c: (c.usable_from, c.table != "payment", c.id)):
        money = credit.unapplied
        for delivery in deliveries:
            if money <= 0:
                break
            effective = max(credit.usable_from, delivery.open_from)
            if left[delivery.id] <= 0 or (closed_through is not None and effective <= closed_through):
                continue
            amount = min(money, left[delivery.id])
            uses.append(CreditUse(credit, delivery, amount, effective))
            left[delivery.id] -= amount
            money -= amount
    return uses
