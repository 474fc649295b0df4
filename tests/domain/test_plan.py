from datetime import date
from decimal import Decimal

from arddesk.domain.aging import DebtClass
from arddesk.domain.plan import (
    WEIGHT_FIELDS,
    AvoidDays,
    Channel,
    DateReason,
    Debtor,
    PlanCustomer,
    PriorityWeights,
    avoid_days_problems,
    channel_for,
    make_schedule,
    parse_settlement_days,
    score,
    settlement_dates,
    week_window,
)
from arddesk.text.messages import reason_text, score_text

WEIGHTS = PriorityWeights()
"""100 for money overdue, 0.2/day, 0.5/thousand, dunning 10, doubtful 20, complex 10,
10 points of distance from 500 km, 10 of habit from 60 days late on average."""


def test_score_of_a_hand_made_customer_adds_its_parts_in_money_days_and_km() -> None:
    debtor = Debtor(
        "C1", days_overdue=45, overdue=1_200_000, debt_class=DebtClass.DUNNING, procedure="complex", distance_km=30,
        late_days=12,
    )  # fmt: skip
    made = score(debtor, WEIGHTS)
    # 100 for money overdue; 45 × 0.2 = 9; 12 thousand × 0.5 = 6; dunning 10; complex 10;
    # 30 of 500 km × 10 = 0.60; 12 of 60 days late × 10 = 2
    assert made.total == Decimal("137.60")
    assert score_text(made) == (
        "12,000.00 overdue = 100.00; 45 days overdue (× 0.2 a day) = 9.00; "
        "12,000.00 is 12.00 thousand (× 0.5 a thousand) = 6.00; class Dunning = 10.00; "
        "complex payment procedure = 10.00; 30 km away (10 points from 500 km) = 0.60; "
        "paid 12 days late on average in the last year (10 points from 60 days) = 2.00; total 137.60"
    )


def test_days_count_at_most_a_year_and_a_doubtful_debt_outranks_a_fresh_one() -> None:
    old = score(Debtor("OLD", 500, 100_000, DebtClass.DOUBTFUL, "simple", None), WEIGHTS)
    fresh = score(Debtor("NEW", 10, 100_000, DebtClass.DUNNING, "simple", None), WEIGHTS)
    assert old.total == 100 + Decimal("365") * Decimal("0.2") + Decimal("0.5") + 20  # 193.50
    assert fresh.total == 100 + Decimal("2.0") + Decimal("0.5") + 10  # 112.50
    assert "500 days overdue, counted as 365" in score_text(old)
    assert old.total > fresh.total


def test_nothing_overdue_at_855_km_never_outranks_36173_50_overdue() -> None:
    # Issue 13: in the demo a customer with 0.00 overdue ranked above one with 36,173.50 overdue,
    # 85.5 of its 90.50 points from 855 km.
    far = score(Debtor("FAR", 0, 0, DebtClass.NOT_DUE, "complex", 855, late_days=90), WEIGHTS)
    owing = score(Debtor("OWE", 3, 3_617_350, DebtClass.DUNNING, "simple", 2, late_days=0), WEIGHTS)
    assert far.total == Decimal("30.00")  # complex 10 + distance 10 (855 km is past 500) + habit 10
    assert owing.total == Decimal("100") + Decimal("0.6") + Decimal("18.09") + 10 + Decimal("0.04")  # 128.73
    assert owing.total > far.total
    assert WEIGHTS.money_first


def test_distance_and_habit_order_customers_that_owe_alike() -> None:
    near = score(Debtor("NEAR", 30, 500_000, DebtClass.DUNNING, "normal", 20, late_days=5), WEIGHTS)
    far = score(Debtor("FAR", 30, 500_000, DebtClass.DUNNING, "normal", 400, late_days=5), WEIGHTS)
    habitual = score(Debtor("LATE", 30, 500_000, DebtClass.DUNNING, "normal", 20, late_days=45), WEIGHTS)
    assert (far.total - near.total, habitual.total - near.total) == (Decimal("7.60"), Decimal("6.67"))


def test_the_owner_may_put_distance_first_but_must_say_so_in_the_weights() -> None:
    weights, problems = PriorityWeights.read({"distance": "200", "distance_full_km": "800"})
    far = score(Debtor("FAR", 0, 0, DebtClass.NOT_DUE, "normal", 855), weights)
    owing = score(Debtor("OWE", 3, 3_617_350, DebtClass.DUNNING, "simple", 2), weights)
    assert problems == [] and not weights.money_first
    assert far.total > owing.total  # 5 + 200 against 100 + 0.6 + 18.09 + 10 + 0.50


def test_every_weight_is_named_and_bounded() -> None:
    weights, problems = PriorityWeights.read({"per_day": "1", "class_doubtful": "4", "procedure_complex": "7"})
    made = score(Debtor("C", 10, 500_000, DebtClass.DOUBTFUL, "complex", None), weights)
    assert problems == []
    assert made.total == Decimal(100 + 10 + Decimal("2.5") + 4 + 7)
    assert weights.class_points(DebtClass.BAD) == 15
    _, wrong = PriorityWeights.read({"per_day": "-1", "distance_full_km": "0", "overdue": "lots"})
    assert [(p.column, p.value) for p in wrong] == [("overdue", "lots"), ("per_day", "-1"), ("distance_full_km", "0")]
    assert reason_text(wrong[1]) == "Points per day overdue (a year at most): a number from 0 to 100"
    assert [spec.name for spec in WEIGHT_FIELDS][:3] == ["overdue", "per_day", "per_thousand"]


def test_avoided_days_read_weekdays_and_days_of_the_month() -> None:
    avoid = AvoidDays.parse("mon, 1,2")
    assert avoid.avoids(date(2026, 12, 7))  # a Monday
    assert avoid.avoids(date(2026, 12, 1)) and avoid.avoids(date(2026, 12, 2))
    assert not avoid.avoids(date(2026, 12, 3))  # Thursday the 3rd
    assert str(avoid) == "mon,1,2"
    assert AvoidDays.parse("周五") == AvoidDays.parse("friday") == AvoidDays(frozenset({4}))
    assert AvoidDays.parse("") == AvoidDays()
    assert avoid_days_problems("moon,32")[0].column == "avoid_days"
    assert avoid_days_problems("tue,15") == []


def test_settlement_days_in_a_window_take_a_short_months_last_day() -> None:
    assert parse_settlement_days("20, 5;x") == (5, 20)
    assert settlement_dates((5, 31), date(2027, 2, 1), date(2027, 3, 10)) == [
        date(2027, 2, 5),
        date(2027, 2, 28),
        date(2027, 3, 5),
    ]


def _customer(code: str, score_: str, **kw: object) -> PlanCustomer:
    return PlanCustomer(code=code, rep="R1", score=Decimal(score_), amount=100_000, **kw)  # type: ignore[arg-type]


DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


def test_schedule_hits_the_settlement_day_and_the_due_date() -> None:
    made = make_schedule(
        [
            _customer("S", "50", settlement_days=(15,)),
            _customer("D", "40", due_dates=(date(2026, 11, 20), date(2026, 12, 9))),
        ],
        *DECEMBER,
        capacity=5,
    )
    days = {e.code: (e.day, e.reason) for e in made.entries}
    assert days["S"] == (date(2026, 12, 15), DateReason.SETTLEMENT)  # a Tuesday
    assert days["D"] == (date(2026, 12, 9), DateReason.DUE)  # the due date in the window, not November's


def test_schedule_never_puts_a_visit_on_an_avoided_day_or_a_day_off() -> None:
    # Settles on the 1st, 7th and 12th, but will not pay on the 1st-2nd or on Mondays (the 7th is one).
    avoid = AvoidDays.parse("mon,1,2")
    made = make_schedule([_customer("A", "90", settlement_days=(1, 7, 12), avoid=avoid)], *DECEMBER, capacity=1)
    (entry,) = made.entries
    assert entry.day == date(2026, 12, 3)  # the 12th is a Saturday: the first free day after the 1st, a Thursday
    assert entry.reason is DateReason.FIRST_DAY
    # Many customers, each on its own avoided days: none ever lands on one.
    crowd = [
        _customer(
            f"C{n:02d}", str(100 - n), settlement_days=(n % 28 + 1,), avoid=AvoidDays.parse(f"{WD[n % 5]},{n % 28 + 1}")
        )
        for n in range(40)
    ]
    schedule = make_schedule(crowd, *DECEMBER, capacity=2)
    by_code = {c.code: c for c in crowd}
    assert schedule.entries
    for e in schedule.entries:
        assert not by_code[e.code].avoid.avoids(e.day)
        assert e.day.weekday() < 5


WD = ("mon", "tue", "wed", "thu", "fri")


def test_highest_score_first_takes_the_settlement_day_when_room_is_short() -> None:
    made = make_schedule(
        [_customer("LOW", "10", settlement_days=(15,)), _customer("HIGH", "80", settlement_days=(15,))],
        *DECEMBER,
        capacity=1,
    )
    assert [e.code for e in made.entries] == ["HIGH", "LOW"]
    assert made.entries[0].day == date(2026, 12, 15)
    assert made.entries[1].day == date(2026, 12, 16)  # the next free working day after its settlement day


def test_no_free_day_leaves_the_customer_unplaced_and_taken_places_count() -> None:
    week = week_window(date(2026, 12, 9))
    assert week == (date(2026, 12, 7), date(2026, 12, 13))
    taken = {("R1", d): 1 for d in (date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10))}
    made = make_schedule([_customer("A", "5"), _customer("B", "4")], *week, capacity=1, taken=taken)
    assert [(e.code, e.day) for e in made.entries] == [("A", date(2026, 12, 11))]
    assert made.unplaced == ("B",)


def test_far_customers_are_called() -> None:
    assert channel_for(120, 80) is Channel.CALL
    assert channel_for(80, 80) is Channel.VISIT
    assert channel_for(None, 80) is Channel.VISIT
