"""Allocation of a payment or an adjustment to open deliveries.

Explicit instructions (``applies_to``) come first; otherwise the oldest open delivery
is paid first. What cannot be applied stays as an unapplied credit. Amounts here are
integer cents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from arddesk.domain.money import parse_amount, to_minor
from arddesk.domain.problems import R_, Amount, InvalidValue


@dataclass(frozen=True, slots=True)
class OpenItem:
    """A delivery with something still open, in the order it should be paid."""

    delivery_id: int
    number: str
    open: int


@dataclass(frozen=True, slots=True)
class Instruction:
    """One entry of ``applies_to``: a delivery number and, optionally, how much."""

    number: str
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    """How much of a payment goes to one delivery."""

    delivery_id: int
    amount: int


def parse_applies_to(text: str) -> list[Instruction]:
    """Read ``D1;D2=100.50;D3`` into instructions.

    Raises:
        InvalidValue: for an empty entry, a bad amount or a number named twice.
    """
    instructions: list[Instruction] = []
    seen: set[str] = set()
    for raw in re.split(r"[;；]", text):
        part = raw.strip()
        if not part:
            continue
        number, sep, amount_text = part.partition("=")
        number = number.strip()
        if not number:
            raise InvalidValue(R_("{part}: no delivery number"), part=repr(part))
        if number in seen:
            raise InvalidValue(R_("delivery {number} named twice"), number=number)
        seen.add(number)
        amount = None
        if sep:
            try:
                amount = to_minor(parse_amount(amount_text, allow_zero=False))
            except InvalidValue as exc:
                raise InvalidValue(
                    R_("{number}: amount {amount} {why}"),
                    number=number, amount=repr(amount_text.strip()), why=exc.message,
                ) from exc
        instructions.append(Instruction(number, amount))
    return instructions


def allocate(
    amount: int,
    open_items: Sequence[OpenItem],
    instructions: Sequence[Instruction] = (),
) -> tuple[list[Allocation], int]:
    """Split ``amount`` over open deliveries.

    Args:
        amount: what the payment or adjustment brings, in cents (positive).
        open_items: the customer's open deliveries, oldest first. With instructions,
            only the named ones are used.
        instructions: explicit ``applies_to``; empty means oldest first.

    Returns:
        The allocations and what is left over as an unapplied credit.

    Raises:
        InvalidValue: when an instruction names a delivery that is not open for this
            customer, asks for more than is open, or more than the payment brings.
    """
    left = amount
    result: list[Allocation] = []
    if instructions:
        by_number = {item.number: item for item in open_items}
        # The amounts given are set aside first: a delivery named without one, even before them, gets only the rest.
        reserved = sum(instruction.amount or 0 for instruction in instructions)
        if reserved > amount:
            raise InvalidValue(R_("the amounts in applies_to add up to more than the amount"))
        for instruction in instructions:
            item = by_number.get(instruction.number)
            if item is None:
                raise InvalidValue(
                    R_("delivery {number} is not an open delivery of this customer"), number=instruction.number
                )
            if instruction.amount is None:
                share = min(item.open, left - reserved)
            else:
                if instruction.amount > item.open:
                    raise InvalidValue(
                        R_("delivery {number}: {amount} is more than its open {open}"),
                        number=instruction.number,
                        amount=Amount(instruction.amount),
                        open=Amount(item.open),
                    )
                share = instruction.amount
                reserved -= share
            if share > 0:
                result.append(Allocation(item.delivery_id, share))
                left -= share
        return result, left
    for item in open_items:
        if left == 0:
            break
        share = min(item.open, left)
        if share > 0:
            result.append(Allocation(item.delivery_id, share))
            left -= share
    return result, left
