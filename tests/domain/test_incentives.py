"""Incentive rules on hand-computed examples: the expected cents are written in each test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from arddesk.domain.dates import Period
from arddesk.domain.incentives import (
    AttainmentTier,
    CollectedItem,
    Department,
    LatenessBand,
    LineKind,
    OverdueItem,
    Person,
    Result,
    Role,
    Rules,
    calculate,
    debt_kind,
    parse_rate,
)
from arddesk.text.messages import explanation

Q4 = Period.parse("2026Q4")
R1 = Person("R1", "Rep One", "DEP")
R2 = Person("R2", "Rep Two", "DEP")
DEP = Department("DEP", "Sales", head="R1")


def paid(amount: str, paid_on: str, due: str | None = "2026-10-31", **fields: object) -> CollectedItem:
    values: dict[str, object] = {
        "rep": "R1",
        "department": "DEP",
        "payment": "P1",
        "delivery": "D1",
        "customer": "C1",
        "paid_on": date.fromisoformat(paid_on),
        "due_date": date.fromisoformat(due) if due else None,
        "amount": Decimal(amount),
    }
    values.update(fields)
    return CollectedItem(**values)  # type: ignore[arg-type]


def run(collected: list[CollectedItem], overdue: list[OverdueItem] | None = None, **kwargs: object) -> Result:
    targets = kwargs.pop("targets", {})
    rules = kwargs.pop("rules", Rules())
    departments = kwargs.pop("departments", [])
    return calculate(
        Q4,
        rules,  # type: ignore[arg-type]
        [R1, R2],
        departments,  # type: ignore[arg-type]
        collected,
        overdue or [],
        targets,  # type: ignore[arg-type]
        computed_at=datetime(2027, 1, 5, 9, 0),
    )


def rep_lines(result: Result, kind: LineKind, person: str = "R1") -> list[tuple[str, Decimal]]:
    statement = result.statement(person)
    assert statement is not None
    return [(line.band or line.delivery, line.amount) for line in statement.lines if line.kind is kind]


def test_reward_by_lateness_band() -> None:
    result = run(
        [
            paid("1000.00", "2026-10-20"),  # 11 days early: in advance 1.2 %
            paid("1234.56", "2026-10-31"),  # on the due date: 1 % = 12.3456
            paid("1000.00", "2026-11-15"),  # 15 days late: 0.6 %
            paid("999.99", "2026-12-15"),  # 45 days late: 0.3 % = 2.99997
            paid("1000.00", "2026-12-31", due="2026-09-01"),  # 121 days late: nothing
            paid("500.00", "2026-10-28"),  # 3 days early is not yet "in advance": on time
        ]
    )
    assert rep_lines(result, LineKind.REWARD) == [
        ("in advance", Decimal("12.00")),
        ("on time", Decimal("5.00")),
        ("on time", Decimal("12.35")),
        ("1-30 days late", Decimal("6.00")),
        ("31-90 days late", Decimal("3.00")),
        ("over 90 days late", Decimal("0.00")),
    ]
    statement = result.statement("R1")
    assert statement is not None
    assert statement.collected == Decimal("5734.55")
    assert statement.reward == statement.total == Decimal("38.35")


def test_each_line_rounds_half_up_once() -> None:
    # 1 % of 0.50 is 0.005: half-up gives a cent (banker's rounding would give none); two such lines
    # make 0.02, where rounding the sum (0.010) would make 0.01.
    result = run([paid("0.50", "2026-10-31"), paid("0.50", "2026-10-31", payment="P2")])
    assert rep_lines(result, LineKind.REWARD) == [("on time", Decimal("0.01")), ("on time", Decimal("0.01"))]
    assert result.statements[0].total == Decimal("0.02")


def test_no_due_date_counts_as_on_time() -> None:
    result = run([paid("300.00", "2026-11-02", due=None)])
    line = next(line for line in result.statements[0].lines if line.kind is LineKind.REWARD)
    assert (line.band, line.amount, line.days_late) == ("on time", Decimal("3.00"), None)
    assert "no due date" in explanation(line)


def test_category_and_model_multipliers() -> None:
    # 1 % × abnormal 1.2 × old model 1.1 = 1.32 % of 1000.00
    result = run([paid("1000.00", "2026-10-31", category="abnormal", model="old")])
    line = next(line for line in result.statements[0].lines if line.kind is LineKind.REWARD)
    assert (line.multiplier, line.amount) == (Decimal("1.32"), Decimal("13.20"))
    assert "abnormal ×1.2" in explanation(line) and "old model ×1.1" in explanation(line)
    result = run([paid("1000.00", "2026-10-31", category="out_of_stock")])
    assert rep_lines(result, LineKind.REWARD) == [("on time", Decimal("15.00"))]


def test_advance_bonus_for_a_delivery_paid_in_full_before_due() -> None:
    item = paid(
        "5000.00", "2026-10-20", delivery_amount=Decimal("5000.00"), settled_on=date(2026, 10, 20), delivery="D9"
    )
    result = run([item])
    assert rep_lines(result, LineKind.ADVANCE_BONUS) == [("D9", Decimal("10.00"))]  # 0.2 % of 5000.00
    # paid in full on the due date, or still open, or settled after the period: no bonus
    on_due = replace(item, paid_on=date(2026, 10, 31), settled_on=date(2026, 10, 31))
    still_open = replace(item, settled_on=None)
    later = replace(item, settled_on=date(2027, 1, 3))
    for other in (on_due, still_open, later):
        assert rep_lines(run([other]), LineKind.ADVANCE_BONUS) == []


def test_attainment_tiers() -> None:
    items = [paid("1000.00", "2026-10-31")]  # reward 10.00
    below = run(items, targets={"R1": Decimal("2000.00")})  # 50 %: ×0.6 → -4.00
    statement = below.statement("R1")
    assert statement is not None
    assert statement.attainment == Decimal("0.5") and statement.multiplier == Decimal("0.6")
    assert rep_lines(below, LineKind.ATTAINMENT) == [("", Decimal("-4.00"))]
    assert statement.total == Decimal("6.00")
    above = run(items, targets={"R1": Decimal("800.00")})  # 125 %: ×1.2 → +2.00
    assert rep_lines(above, LineKind.ATTAINMENT) == [("", Decimal("2.00"))]
    exactly = run(items, targets={"R1": Decimal("1000.00")})  # 100 %: tier from 90 % ×1
    assert rep_lines(exactly, LineKind.ATTAINMENT) == [("", Decimal("0.00"))]


def test_no_target_means_multiplier_one_and_says_so() -> None:
    result = run([paid("1000.00", "2026-10-31")])
    statement = result.statement("R1")
    assert statement is not None
    assert statement.target is None and statement.attainment is None and statement.multiplier == 1
    line = next(line for line in statement.lines if line.kind is LineKind.ATTAINMENT)
    assert line.amount == 0 and "no collection target" in explanation(line)


def test_penalty_on_old_overdue_and_exempt_causes() -> None:
    overdue = [
        OverdueItem("R1", "D1", "C1", date(2026, 9, 1), 121, Decimal("10000.00")),  # 0.5 % → -50.00
        OverdueItem("R1", "D2", "C1", date(2026, 11, 1), 60, Decimal("8000.00")),  # not old enough
        OverdueItem("R1", "D3", "C1", date(2026, 8, 1), 152, Decimal("4000.00"), cause="quality", note="bad batch"),
        OverdueItem("R1", "D4", "C1", date(2026, 8, 1), 152, Decimal("3333.33"), cause="cash_flow"),  # -16.66665
    ]
    result = run([], overdue)
    assert rep_lines(result, LineKind.PENALTY) == [("D1", Decimal("-50.00")), ("D4", Decimal("-16.67"))]
    exemptions = [line for line in result.statements[0].lines if line.kind is LineKind.EXEMPTION]
    assert [(line.delivery, line.amount) for line in exemptions] == [("D3", Decimal("0.00"))]
    assert "Quality dispute" in explanation(exemptions[0]) and "bad batch" in explanation(exemptions[0])
    statement = result.statement("R1")
    assert statement is not None
    assert (statement.reward, statement.penalty, statement.total) == (0, Decimal("-66.67"), Decimal("-66.67"))
    # the owner may decide cash-flow trouble is exempt too, or nothing is
    everything = replace(Rules(), exempt_causes=frozenset({"quality", "cash_flow"}))
    assert rep_lines(run([], overdue, rules=everything), LineKind.PENALTY) == [("D1", Decimal("-50.00"))]
    nothing = replace(Rules(), exempt_causes=frozenset())
    assert len(rep_lines(run([], overdue, rules=nothing), LineKind.PENALTY)) == 3


def test_department_head_rates_by_kind_of_debt() -> None:
    items = [
        paid("1000.00", "2026-10-31", model="old"),  # old model 0.4 % → 4.00
        paid("1000.00", "2026-10-31", rep="R2", model="new"),  # new model 0.2 % → 2.00
        paid("1000.00", "2026-10-31", rep="R2", category="abnormal"),  # with the next: 0.5 % of 1000.90 → 5.0045
        paid("0.90", "2026-11-30", rep="R2", category="abnormal", payment="P2"),
        paid("1000.00", "2026-10-31", rep="R2", department="OTHER"),  # not this department
    ]
    result = run(items, departments=[DEP], targets={"R1": Decimal("1000.00"), "R2": Decimal("2000.00")})
    head = result.statement("R1", Role.HEAD)
    assert head is not None
    assert [line.amount for line in head.lines if line.kind is LineKind.HEAD_REWARD] == [
        Decimal("4.00"),
        Decimal("2.00"),
        Decimal("5.00"),
    ]
    # department collected 3000.90 of targets 3000.00: 100.03 %, ×1
    assert (head.collected, head.target, head.multiplier, head.total) == (
        Decimal("3000.90"),
        Decimal("3000.00"),
        Decimal("1"),
        Decimal("11.00"),
    )
    assert result.statement("R1", Role.REP) is not None  # the head keeps their own rep statement


def test_collections_with_no_rep_are_reported_as_unassigned() -> None:
    result = run([paid("250.00", "2026-10-31", rep="", department="")])
    assert result.unassigned == Decimal("250.00")
    assert result.total == 0


def test_debt_kind() -> None:
    assert [debt_kind("normal", m) for m in ("", "old", "new")] == ["normal", "old_model", "new_model"]
    assert debt_kind("abnormal", "old") == "abnormal"


def test_rules_json_round_trip_and_defaults_for_missing_keys() -> None:
    rules = replace(
        Rules(),
        bands=(LatenessBand("early", -1, Decimal("0.02")), LatenessBand("late", None, Decimal("0.001"))),
        penalty_after_days=60,
        exempt_causes=frozenset({"quality"}),
        tiers=(AttainmentTier(Decimal("0"), Decimal("1")), AttainmentTier(Decimal("1.5"), Decimal("2"))),
    )
    assert Rules.from_json(rules.to_json()) == rules
    assert Rules.from_json('{"penalty_rate": "0.01"}') == replace(Rules(), penalty_rate=Decimal("0.01"))


def test_result_json_round_trip() -> None:
    result = run(
        [paid("1000.00", "2026-10-31", model="old")],
        [OverdueItem("R1", "D3", "C1", date(2026, 8, 1), 152, Decimal("4000.00"), cause="quality")],
        departments=[DEP],
        targets={"R1": Decimal("900.00")},
    )
    assert Result.from_json(result.to_json()) == result


def test_rules_problems() -> None:
    assert Rules().problems() == []
    bad = replace(
        Rules(),
        bands=(LatenessBand("late", 30, Decimal("0.01")), LatenessBand("early", 0, Decimal("-0.01"))),
        penalty_rate=Decimal("2"),
        penalty_after_days=-1,
        exempt_causes=frozenset({"weather"}),
        tiers=(AttainmentTier(Decimal("0.5"), Decimal("1")),),
    )
    columns = {problem.column for problem in bad.problems()}
    assert columns == {"bands", "band early", "penalty_rate", "penalty_after_days", "exempt_causes", "tiers"}


def test_parse_rate_reads_percentages() -> None:
    assert parse_rate("1.2") == Decimal("0.012")
    assert parse_rate(" 0.5 % ") == Decimal("0.005")
