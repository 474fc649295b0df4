"""Key receivables (seed 000 §2.1): the fewest customers holding the owner's share of the overdue."""

import pytest

from arddesk.domain.keys import KeyRule, key_receivables

# 10,000.00 overdue in all: A 5,000, B 3,000, C 1,000, D 500, E 500; F owes nothing overdue.
OVERDUE = [("C", 100_000), ("A", 500_000), ("E", 50_000), ("B", 300_000), ("D", 50_000), ("F", 0)]


@pytest.mark.parametrize(
    ("share", "most", "key"),
    [
        (80, 20, ["A", "B"]),  # 8,000 of 10,000 = 80 %: two customers are enough
        (81, 20, ["A", "B", "C"]),  # 80 % is short of 81 %: C too (9,000 = 90 %)
        (50, 20, ["A"]),  # A alone holds 50 %
        (95, 20, ["A", "B", "C", "D"]),  # 9,500 = 95 %; D before E by code (both 500)
        (100, 20, ["A", "B", "C", "D", "E"]),  # all overdue customers; never F
        (100, 2, ["A", "B"]),  # the owner's cap on how many
    ],
)
def test_the_fewest_customers_largest_first_that_reach_the_share(share: int, most: int, key: list[str]) -> None:
    assert key_receivables(OVERDUE, KeyRule(share, most)) == key


def test_nothing_overdue_means_no_key_receivables() -> None:
    assert key_receivables([("A", 0)], KeyRule()) == []
    assert key_receivables([], KeyRule()) == []


def test_the_rule_is_bounded() -> None:
    assert KeyRule().problems() == []
    assert [p.column for p in KeyRule(0, 0).problems()] == ["key_share", "key_most"]
    assert [p.column for p in KeyRule(101, 1001).problems()] == ["key_share", "key_most"]
