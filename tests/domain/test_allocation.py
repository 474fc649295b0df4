import pytest

from arddesk.domain.allocation import Allocation, Instruction, OpenItem, allocate, parse_applies_to
from arddesk.domain.problems import InvalidValue

OPEN = [OpenItem(1, "D1", 10000), OpenItem(2, "D2", 25050), OpenItem(3, "D3", 8000)]


def test_oldest_first_with_part_payment() -> None:
    assert allocate(15000, OPEN) == ([Allocation(1, 10000), Allocation(2, 5000)], 0)


def test_more_than_is_open_leaves_unapplied_credit() -> None:
    assert allocate(50000, OPEN) == ([Allocation(1, 10000), Allocation(2, 25050), Allocation(3, 8000)], 6950)


def test_nothing_open_means_all_unapplied() -> None:
    assert allocate(5000, []) == ([], 5000)


def test_explicit_instructions_first_and_only() -> None:
    instructions = [Instruction("D3"), Instruction("D2", 1000)]
    assert allocate(12000, OPEN, instructions) == ([Allocation(3, 8000), Allocation(2, 1000)], 3000)


def test_instruction_without_amount_takes_what_is_left() -> None:
    assert allocate(5000, OPEN, [Instruction("D2")]) == ([Allocation(2, 5000)], 0)


def test_a_delivery_without_an_amount_leaves_the_amounts_given_for_later_ones() -> None:
    # 150.00 over D1 (100.00 open) and D2 (60.00 typed): D1 gets what the typed amount leaves, 90.00.
    instructions = [Instruction("D1"), Instruction("D2", 6000)]
    assert allocate(15000, OPEN, instructions) == ([Allocation(1, 9000), Allocation(2, 6000)], 0)


@pytest.mark.parametrize(
    ("amount", "instructions", "reason"),
    [
        (50000, [Instruction("D9")], "not an open delivery"),
        (50000, [Instruction("D1", 10001)], "more than its open"),
        (5000, [Instruction("D2", 6000)], "more than the amount"),
    ],
)
def test_instructions_that_cannot_be_met(amount: int, instructions: list[Instruction], reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        allocate(amount, OPEN, instructions)


def test_parse_applies_to() -> None:
    assert parse_applies_to("D1; D2=100.50 ;D3；") == [
        Instruction("D1"),
        Instruction("D2", 10050),
        Instruction("D3"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("D1;D1", "named twice"), ("=5", "no delivery number"), ("D1=1.001", "more than two decimals"), ("D1=0", "zero")],
)
def test_parse_applies_to_refuses(text: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        parse_applies_to(text)
