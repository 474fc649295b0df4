from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from arddesk.domain.plan import AvoidDays
from arddesk.services import plan
from arddesk.services.errors import Rejected
from arddesk.store.db import Database
from arddesk.store.settings import write_settings
from arddesk.text.messages import message_text, score_text
from tests.conftest import Books


@pytest.fixture
def company(books: Books) -> Books:
    """Two reps in one department; R1's customer C1 owes 5,000 overdue since 2026-10-31."""
    books.customer("C1", rep="R1", department="D1", settlement_days="15", procedure="complex", distance_km=20)
    books.customer("C2", rep="R2", department="D1")
    books.delivery("D1", "C1", on="2026-10-01", amount="5000.00")  # due 2026-10-31
    books.delivery("D2", "C2", on="2025-11-20", amount="2000.00", category="abnormal")  # due 2025-12-20
    books.delivery("D3", "C2", on="2026-11-20", amount="700.00")  # due 2026-12-20
    return books


def test_targets_are_set_listed_by_period_and_replaced(db: Database, company: Books) -> None:
    plan.set_target(db, "2026-12", "R1", "normal", 0, Decimal("3000.00"))
    plan.set_target(db, "2026Q4", "R1", "abnormal", 2025, "500")
    plan.set_target(db, "2026-12", "R1", "normal", 0, "3500.00")  # replaces
    in_quarter = plan.targets_in(db, "2026Q4")
    assert [(t.period, t.kind, t.origin_year, t.amount) for t in in_quarter] == [
        ("2026-12", "normal", 0, 350_000),
        ("2026Q4", "abnormal", 2025, 50_000),
    ]
    assert [t.period for t in plan.targets_in(db, "2026-12")] == ["2026-12"]  # a month holds no quarter row
    with pytest.raises(Rejected) as refused:
        plan.set_target(db, "2026", "RX", "old", 99, "-1")
    assert {p.column for p in refused.value.problems} == {"period", "rep", "kind", "origin_year", "amount"}
    assert plan.delete_target(db, "2026-12", "R1", "normal", 0)
    assert [t.period for t in plan.targets_in(db, "2026Q4")] == ["2026Q4"]


def test_progress_counts_payments_on_the_deliverys_rep_with_department_totals(db: Database, company: Books) -> None:
    plan.set_target(db, "2026-12", "R1", "normal", 0, "4000")
    plan.set_target(db, "2026-12", "R2", "abnormal", 2025, "2000")
    company.payment("C1", on="2026-12-03", amount="1000.00")
    company.payment("C2", on="2026-12-04", amount="1500.00")  # oldest first: D2, abnormal goods of 2025
    company.payment("C1", on="2026-11-30", amount="100.00")  # before the month: not counted
    lines = {(line.level, line.key): line for line in plan.progress(db, "2026-12")}
    r1, r2 = lines[("rep", "R1")], lines[("rep", "R2")]
    assert (r1.target, r1.collected, r1.percent) == (400_000, 100_000, Decimal("25.0"))
    assert (r2.target, r2.collected, r2.percent) == (200_000, 150_000, Decimal("75.0"))
    assert r2.parts == (plan.ProgressPart("abnormal", 2025, 200_000, 150_000),)
    department = lines[("department", "D1")]
    assert (department.target, department.collected) == (600_000, 250_000)
    assert lines[("total", "TOTAL")].collected == 250_000


def test_targets_import_all_or_nothing_and_export_back(db: Database, company: Books, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["期间", "rep", "kind", "origin_year", "amount"])
    sheet.append(["2026-12", "R1", "normal", 0, 1200.5])
    sheet.append(["2026-12", "NOPE", "normal", 2025, "x"])
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    problems = plan.import_targets(db, bad)
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "rep", "NOPE"), (3, "amount", "x")]
    assert plan.targets_in(db, "2026-12") == []
    sheet.delete_rows(3)
    good = tmp_path / "good.xlsx"
    book.save(good)
    assert plan.import_targets(db, good) == []
    header, rows = plan.target_table(db, "2026-12")
    assert header == ["period", "rep", "customer", "kind", "origin_year", "amount"]
    assert rows == [["2026-12", "R1", None, "normal", 0, Decimal("1200.50")]]


def test_priorities_show_how_each_score_was_made(db: Database, company: Books) -> None:
    found = plan.priorities(db, date(2026, 12, 1))
    assert [p.code for p in found] == ["C2", "C1"]
    c1 = found[1]
    # 100 for money overdue; 31 days × 0.2 = 6.2; 5 thousand × 0.5 = 2.5; dunning 10; complex 10; 20 of 500 km × 10
    assert c1.score.total == Decimal("129.10")
    assert "31 days overdue (× 0.2 a day) = 6.20" in score_text(c1.score)
    assert "20 km away (10 points from 500 km) = 0.40" in score_text(c1.score)
    assert (found[0].days_overdue, found[0].debt_class) == (346, "bad")  # D2: 2025-12-20 to 2026-12-01


def test_the_habit_part_is_how_late_the_customer_paid_in_the_last_year(db: Database, company: Books) -> None:
    company.delivery("D4", "C1", on="2026-06-01", amount="100.00")  # due 2026-07-01
    company.payment("C1", on="2026-07-31", amount="100.00", applies_to="D4")  # 30 days late

    [c1] = [p for p in plan.priorities(db, date(2026, 12, 1)) if p.code == "C1"]

    assert str(c1.score.part("habit")) == (
        "paid 30 days late on average in the last year (10 points from 60 days) = 5.00"
    )


def test_weights_are_company_settings_named_and_bounded(db: Database, company: Books) -> None:
    plan.update_plan_settings(db, per_day="1", distance="0")
    assert plan.priorities(db, date(2026, 12, 1))[1].score.total == 100 + Decimal("31") + Decimal("2.5") + 20
    with pytest.raises(Rejected) as refused:
        plan.update_plan_settings(db, class_dunning="5000", urgent="1", capacity="0")
    assert [p.column for p in refused.value.problems] == ["urgent"]
    with pytest.raises(Rejected) as refused:
        plan.update_plan_settings(db, class_dunning="5000", capacity="0")
    assert [p.column for p in refused.value.problems] == ["class_dunning", "capacity"]
    settings = plan.load_plan_settings(db)
    assert (settings.weights.per_day, settings.weights.class_dunning, settings.capacity) == (1, 10, 4)


def test_class_and_procedure_points_kept_as_text_before_the_form_still_count(db: Database, company: Books) -> None:
    with db.transaction() as session:
        write_settings(session, {"plan_class_points": "dunning=3,doubtful=4", "plan_procedure_points": "complex=7"})

    weights = plan.load_plan_settings(db).weights

    kept = (weights.class_dunning, weights.class_doubtful, weights.class_bad, weights.procedure_complex)
    assert kept == (3, 4, 15, 7)


def test_no_customer_with_nothing_overdue_ranks_above_one_with_money_overdue(db: Database, books: Books) -> None:
    books.customer("FAR", distance_km=855, procedure="complex")
    books.customer("NEAR", distance_km=2, procedure="simple")
    books.delivery("F1", "FAR", on="2026-11-20", amount="90000.00")  # due 2026-12-20: nothing overdue
    books.delivery("N1", "NEAR", on="2026-10-29", amount="36173.50")  # due 2026-11-28: 3 days overdue

    found = plan.priorities(db, date(2026, 12, 1))

    assert [(p.code, p.overdue) for p in found] == [("NEAR", 3_617_350), ("FAR", 0)]


def test_schedule_keeps_the_clerks_moves_and_drops_when_remade(db: Database, company: Books) -> None:
    plan.set_avoid_days(db, "C2", "mon,1,2")
    start, end = date(2026, 12, 1), date(2026, 12, 31)
    made = plan.make_plan_schedule(db, start, end)
    assert (made.made, made.unplaced) == (2, ())
    entries = {e.customer: e for e in plan.schedule(db, start, end)}
    assert entries["C1"].planned_on == date(2026, 12, 15)  # its settlement day
    assert entries["C1"].reason == "settlement"
    assert entries["C2"].planned_on == date(2026, 12, 3)  # not the 1st-2nd it avoids
    with pytest.raises(Rejected, match="does not pay"):
        plan.move_entry(db, entries["C2"].id, date(2026, 12, 7))  # a Monday
    plan.move_entry(db, entries["C2"].id, date(2026, 12, 10), "customer asked")
    plan.drop_entry(db, entries["C1"].id, "paid by transfer")
    again = plan.make_plan_schedule(db, start, end)
    assert (again.made, again.kept) == (0, 2)
    after = {e.customer: (e.planned_on, e.state, e.note) for e in plan.schedule(db, start, end)}
    assert after == {
        "C1": (date(2026, 12, 15), "dropped", "paid by transfer"),
        "C2": (date(2026, 12, 10), "moved", "customer asked"),
    }


def test_avoid_days_are_checked_and_stored_tidy(db: Database, company: Books) -> None:
    assert plan.set_avoid_days(db, "C1", "2, MON ,1") == "mon,1,2"
    with pytest.raises(Rejected):
        plan.set_avoid_days(db, "C1", "someday")
    with pytest.raises(Rejected):
        plan.set_avoid_days(db, "NOPE", "mon")
    assert AvoidDays.parse("mon,1,2").avoids(date(2026, 12, 7))


def test_call_sheet_per_rep_with_buckets_and_a_schedule_worked_out_when_none_is_saved(
    db: Database, company: Books
) -> None:
    sheets = plan.call_sheets(db, date(2026, 12, 1))
    assert [s.rep for s in sheets] == ["R1", "R2"]
    (line,) = sheets[0].lines
    assert (line.customer, line.day, line.to_collect) == ("C1", date(2026, 12, 15), 500_000)
    assert sheets[0].bucket_labels[:2] == ("not_due", "1-30")
    assert sum(line.buckets) == 500_000 and line.buckets[2] == 500_000  # 31 days: the 31-60 bucket
    assert plan.schedule(db, date(2026, 12, 1), date(2026, 12, 31)) == []  # nothing saved


def test_demo_seed_gives_next_months_targets_and_a_schedule(db: Database, company: Books) -> None:
    made = plan.seed_demo_plan(db, date(2026, 11, 20))
    targets = plan.targets_in(db, "2026-12")
    assert {t.rep for t in targets} == {"R1", "R2"}
    assert made.made == 2
    assert plan.month_window(date(2026, 1, 31)) == (date(2026, 1, 31), date(2026, 2, 27))


def test_call_sheet_prints_the_last_promise_and_excuse(db: Database, company: Books) -> None:
    from arddesk.services import followup

    followup.log_contact(
        db,
        followup.ContactInput(
            "C1", date(2026, 11, 25), excuse="no_money", instalments=((date(2026, 12, 15), Decimal("2000.00")),)
        ),
    )
    (line,) = plan.call_sheets(db, date(2026, 12, 1), rep="R1")[0].lines
    assert message_text(line.promise).startswith("2,000.00 by 2026-12-15")
    assert line.excuse


def test_demo_targets_of_past_months_are_what_was_collected_times_the_reps_factor(db: Database, books: Books) -> None:
    books.customer("C1", rep="R1")
    books.delivery("D1", "C1", on="2026-06-01", amount="1000.00")
    books.delivery("D2", "C1", on="2026-07-01", amount="4321.00", category="abnormal")
    books.payment("C1", on="2026-07-10", amount="1000.00", applies_to="D1")  # 2026Q3, the last full quarter
    books.payment("C1", on="2026-08-10", amount="4321.00", applies_to="D2")
    books.delivery("D3", "C1", on="2026-10-01", amount="5000.00")
    books.payment("C1", on="2026-10-15", amount="5000.00", applies_to="D3")
    plan.seed_demo_plan(db, date(2026, 11, 20))

    def target(period: str, kind: str) -> int:
        return next(t.amount for t in plan.targets_in(db, period) if t.kind == kind)

    def aimed(cents: int, month: str) -> int:
        return int((cents * plan.demo_factor("R1", month) / 10_000).to_integral_value()) * 10_000

    assert target("2026-07", "normal") == aimed(100_000, "2026-07")
    assert target("2026-08", "abnormal") == aimed(432_100, "2026-08")
    assert plan.targets_in(db, "2026-09") == []  # nothing collected
    assert target("2026-10", "normal") == aimed(500_000, "2026-10")
    # November is not over: it is aimed at what August brought in.
    assert target("2026-11", "abnormal") == aimed(432_100, "2026-11")
    assert plan.targets_in(db, "2026-12") == []  # next month's come from what is overdue: nothing here
    assert {t.period for t in plan.targets_in(db, "2026Q4")} == {"2026-10", "2026-11"}


def test_demo_factor_is_fixed_by_rep_and_month_and_lies_from_80_to_130_per_cent() -> None:
    factors = [plan.demo_factor(f"R{n:02d}", f"2026-{m:02d}") for n in range(1, 60) for m in range(1, 13)]
    assert min(factors) >= Decimal("0.80") and max(factors) <= Decimal("1.30")
    assert len(set(factors)) > 20


def test_on_a_generated_demo_every_rep_has_a_target_and_reps_land_in_several_tiers(tmp_path: Path) -> None:
    from arddesk.domain.incentives import Role
    from arddesk.services import incentives
    from arddesk.services.demo import generate_demo
    from arddesk.store.db import open_database

    generate_demo(tmp_path / "demo.sqlite", deliveries=3000, seed=7, today=date(2026, 11, 20))
    demo = open_database(tmp_path / "demo.sqlite")
    try:
        result = incentives.calculate(demo, "2026Q3")
        progress = plan.progress(demo, "2026Q3")
    finally:
        demo.close()
    reps = [s for s in result.statements if s.role is Role.REP and s.person]
    assert len(reps) >= 4
    assert all(s.target for s in reps)
    assert len({s.multiplier for s in reps}) >= 2
    assert all(line.target > 0 and line.collected > 0 for line in progress if line.level == "rep")


def test_half_year_targets_are_accepted_and_hold_their_quarters_and_months(db: Database, company: Books) -> None:
    plan.set_target(db, "2026h2", "R1", "normal", 0, "9000")
    plan.set_target(db, "2026Q4", "R1", "normal", 0, "3000")
    plan.set_target(db, "2026-07", "R1", "normal", 0, "1000")
    plan.set_target(db, "2026H1", "R1", "normal", 0, "500")
    assert sorted(t.period for t in plan.targets_in(db, "2026H2")) == ["2026-07", "2026H2", "2026Q4"]
    assert [t.period for t in plan.targets_in(db, "2026H1")] == ["2026H1"]
