"""Which credit goes to which delivery, and from which day it counts."""

from datetime import date

from arddesk.domain.credit_use import Credit, OpenDelivery, use_credits


def day(text: str) -> date:
    return date.fromisoformat(text)


def test_the_oldest_credit_goes_to_the_oldest_delivery_and_counts_from_the_later_day() -> None:
    credits = [
        Credit("adjustment", 7, "RET-1", day("2026-02-01"), 30_000),
        Credit("payment", 3, "P-ADV", day("2026-01-05"), 500_000),
    ]
    deliveries = [
        OpenDelivery(1, "D1", 400_000, day("2026-01-16")),
        OpenDelivery(2, "D2", 200_000, day("2026-02-10")),
    ]

    uses = use_credits(credits, deliveries)

    assert [(u.credit.number, u.delivery.number, u.amount, u.effective) for u in uses] == [
        ("P-ADV", "D1", 400_000, day("2026-01-16")),  # paid 11 days before the goods: counts when they go out
        ("P-ADV", "D2", 100_000, day("2026-02-10")),
        ("RET-1", "D2", 30_000, day("2026-02-10")),
    ]


def test_a_payment_goes_before_an_adjustment_of_the_same_day() -> None:
    same_day = day("2026-01-05")
    credits = [Credit("adjustment", 1, "A1", same_day, 100), Credit("payment", 9, "P9", same_day, 100)]

    uses = use_credits(credits, [OpenDelivery(1, "D1", 150, day("2026-01-06"))])

    assert [(u.credit.number, u.amount) for u in uses] == [("P9", 100), ("A1", 50)]


def test_nothing_counts_on_or_before_the_closing_date() -> None:
    credits = [Credit("payment", 1, "P1", day("2026-03-01"), 1_000)]
    deliveries = [OpenDelivery(1, "OLD", 600, day("2026-02-01")), OpenDelivery(2, "NEW", 600, day("2026-04-02"))]

    uses = use_credits(credits, deliveries, closed_through=day("2026-03-31"))

    assert [(u.delivery.number, u.amount, u.effective) for u in uses] == [("NEW", 600, day("2026-04-02"))]


def test_no_credit_or_nothing_open_applies_nothing() -> None:
    assert use_credits([], [OpenDelivery(1, "D1", 100, day("2026-01-01"))]) == []
    assert use_credits([Credit("payment", 1, "P1", day("2026-01-01"), 100)], []) == []
