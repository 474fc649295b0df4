"""Rewards measured from the payment's own date, and the advance bonus on cash only, from the ledger
(issue 13, point 3; seed 000 §2.2). Default rules: in advance 1.2 %, on time 1 %, advance bonus 0.2 %."""

from __future__ import annotations

from decimal import Decimal

from arddesk.domain.incentives import LineKind
from arddesk.services import incentives
from arddesk.text.messages import explanation
from tests.conftest import Books


def bonus_lines(books: Books, period: str = "2026Q4") -> list[tuple[LineKind, Decimal, str]]:
    statement = incentives.calculate(books.db, period).statement("R1")
    assert statement is not None
    shown = [line for line in statement.lines if line.kind is not LineKind.ATTAINMENT]
    return [(line.kind, line.amount, explanation(line)) for line in shown]


def test_an_advance_paid_11_days_before_cash_on_delivery_goods_earns_70(books: Books) -> None:
    books.terms("COD", "cod")
    books.customer("C1", terms="COD", rep="R1")
    books.payment("C1", on="2026-10-20", amount="5000.00")
    books.delivery("D1", "C1", on="2026-10-31", amount="5000.00")  # takes the advance as it goes out

    found = bonus_lines(books)

    assert [(kind, amount) for kind, amount, _ in found] == [
        (LineKind.REWARD, Decimal("60.00")),
        (LineKind.ADVANCE_BONUS, Decimal("10.00")),
    ]
    assert "paid 2026-10-20, due 2026-10-31: 11 days before due (counted on 2026-10-31" in found[0][2]
    assert incentives.calculate(books.db, "2026Q4").statement("R1").total == Decimal("70.00")  # type: ignore[union-attr]


def test_100_paid_and_9900_written_off_earn_no_20_bonus(books: Books) -> None:
    books.customer("C1", rep="R1")  # net 30
    books.delivery("D1", "C1", on="2026-10-01", amount="10000.00")  # due 2026-10-31
    books.payment("C1", on="2026-10-05", amount="100.00")
    books.adjustment("C1", on="2026-10-10", amount="9900.00", kind="write_off", reason="customer closed down")

    found = bonus_lines(books)

    assert [(kind, amount) for kind, amount, _ in found] == [
        (LineKind.REWARD, Decimal("1.20")),
        (LineKind.ADVANCE_BONUS, Decimal("0.20")),
    ]
    assert "paid in full by 2026-10-10" in found[1][2]


def test_1000_paid_and_9000_returned_earn_the_bonus_on_1000(books: Books) -> None:
    books.customer("C1", rep="R1")
    books.delivery("D1", "C1", on="2026-10-01", amount="10000.00")
    books.payment("C1", on="2026-10-05", amount="1000.00")
    books.adjustment("C1", on="2026-10-12", amount="9000.00", kind="return", reason="wrong model sent back")

    bonus = [amount for kind, amount, _ in bonus_lines(books) if kind is LineKind.ADVANCE_BONUS]

    assert bonus == [Decimal("2.00")]
