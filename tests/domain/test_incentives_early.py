"""Paying before the goods or the due date (seed 000 §2.2: reward full payment in advance), and the advance
bonus on cash only (issue 13, point 3). Default rules: in advance (7 days or more early) 1.2 %, on time 1 %,
advance bonus 0.2 %."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arddesk.domain.dates import Period
from arddesk.domain.incentives import CollectedItem, LineKind, Person, Rules, calculate
from arddesk.text.messages import explanation

Q4 = Period.parse("2026Q4")


def day(text: str) -> date:
    return date.fromisoformat(text)


def lines(*items: CollectedItem) -> list[tuple[LineKind, Decimal, str]]:
    result = calculate(Q4, Rules(), [Person("R1", "Rep One")], [], items, [], {})
    statement = result.statement("R1")
    assert statement is not None
    shown = [line for line in statement.lines if line.kind is not LineKind.ATTAINMENT]
    return [(line.kind, line.amount, explanation(line)) for line in shown]


def item(amount: str, **fields: object) -> CollectedItem:
    values: dict[str, object] = {
        "rep": "R1", "department": "", "payment": "P1", "delivery": "D1", "customer": "C1", "amount": Decimal(amount),
    }  # fmt: skip
    values.update(fields)
    return CollectedItem(**values)  # type: ignore[arg-type]


def test_paid_in_full_11_days_before_a_cash_on_delivery_delivery_earns_70() -> None:
    # 5,000.00 paid 2026-10-20; the goods went out, cash on delivery, on 2026-10-31: the money met them that day.
    advance = item(
        "5000.00", paid_on=day("2026-10-31"), payment_date=day("2026-10-20"), due_date=day("2026-10-31"),
        delivery_amount=Decimal("5000.00"), settled_on=day("2026-10-31"), covered_on=day("2026-10-20"),
        cash=Decimal("5000.00"),
    )  # fmt: skip

    found = lines(advance)

    assert [(kind, amount) for kind, amount, _ in found] == [
        (LineKind.REWARD, Decimal("60.00")),  # 11 days early: in advance, 1.2 % of 5,000.00
        (LineKind.ADVANCE_BONUS, Decimal("10.00")),  # 0.2 % of 5,000.00
    ]
    assert sum(amount for _, amount, _ in found) == Decimal("70.00")
    assert found[0][2] == (
        "5,000.00 paid 2026-10-20, due 2026-10-31: 11 days before due "
        "(counted on 2026-10-31, when the money met the goods): in advance 1.2%"
    )
    assert found[1][2] == (
        "delivery D1 of 5,000.00 paid in full by 2026-10-20 (its last payment or adjustment), due 2026-10-31: "
        "11 days before due; 0.2% of the cash 5,000.00"
    )


def test_paid_on_the_day_the_goods_go_out_is_on_time_and_earns_50() -> None:
    on_the_day = item(
        "5000.00", paid_on=day("2026-10-31"), payment_date=day("2026-10-31"), due_date=day("2026-10-31"),
        delivery_amount=Decimal("5000.00"), settled_on=day("2026-10-31"), cash=Decimal("5000.00"),
    )  # fmt: skip

    assert [(kind, amount) for kind, amount, _ in lines(on_the_day)] == [(LineKind.REWARD, Decimal("50.00"))]


def test_100_paid_and_9900_written_off_before_due_earn_the_bonus_on_100_only() -> None:
    paid = item(
        "100.00", paid_on=day("2026-10-05"), due_date=day("2026-10-31"), delivery_amount=Decimal("10000.00"),
        settled_on=day("2026-10-10"), covered_on=day("2026-10-10"), cash=Decimal("100.00"),
    )  # fmt: skip

    found = lines(paid)

    assert [(kind, amount) for kind, amount, _ in found] == [
        (LineKind.REWARD, Decimal("1.20")),  # 26 days early: 1.2 % of 100.00
        (LineKind.ADVANCE_BONUS, Decimal("0.20")),  # 0.2 % of the cash 100.00, not 20.00 on 10,000.00
    ]
    assert found[1][2].endswith(
        "0.2% of the cash 100.00 (9,900.00 settled by returns, discounts, rebates or write-offs)"
    )


def test_1000_paid_and_9000_returned_earn_the_bonus_on_1000() -> None:
    paid = item(
        "1000.00", paid_on=day("2026-10-05"), due_date=day("2026-10-31"), delivery_amount=Decimal("10000.00"),
        settled_on=day("2026-10-12"), covered_on=day("2026-10-12"), cash=Decimal("1000.00"),
    )  # fmt: skip

    bonus = [amount for kind, amount, _ in lines(paid) if kind is LineKind.ADVANCE_BONUS]

    assert bonus == [Decimal("2.00")]


def test_a_write_off_after_the_due_date_means_it_was_not_paid_in_advance() -> None:
    paid = item(
        "100.00", paid_on=day("2026-10-05"), due_date=day("2026-10-31"), delivery_amount=Decimal("10000.00"),
        settled_on=day("2026-11-20"), covered_on=day("2026-11-20"), cash=Decimal("100.00"),
    )  # fmt: skip

    assert [kind for kind, _, _ in lines(paid)] == [LineKind.REWARD]
