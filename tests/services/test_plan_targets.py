"""Per-customer collection targets (回款目标), targets as a share of open debt, and target progress that
adds up (issue 13, points 4 and 5; seeds 003 and 004 §3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arddesk.services import followup, plan
from arddesk.services.errors import Rejected
from arddesk.services.followup import ContactInput
from arddesk.store.db import Database
from arddesk.text.messages import message_text
from tests.conftest import Books


@pytest.fixture
def seed_004(books: Books) -> Books:
    """Seed 004 §3: 300,000 sold to 乙 in Q2; on 2026-06-20 it promises 200,000 by the end of Q3."""
    books.customer("YI", rep="R1", name="乙客户")
    books.delivery("Q2-1", "YI", on="2026-04-10", amount="100000.00")
    books.delivery("Q2-2", "YI", on="2026-05-20", amount="200000.00")
    followup.log_contact(
        books.db,
        ContactInput("YI", date(2026, 6, 20), result="agrees to pay 200,000 in Q3",
                     instalments=((date(2026, 9, 30), Decimal("200000.00")),)),
    )  # fmt: skip
    return books


def test_the_gap_is_the_customers_target_less_its_promise_50000(db: Database, seed_004: Books) -> None:
    plan.set_target(db, "2026Q3", "R1", "normal", 0, "250000.00", customer="YI")  # the rep's target for 乙

    [gap] = followup.promise_gaps(db, "2026Q3", date(2026, 7, 1))
    [promise] = followup.promises(db, date(2026, 7, 1))

    assert (gap.customer, gap.target, gap.promised, gap.gap) == ("YI", 25_000_000, 20_000_000, 5_000_000)
    assert (promise.target, promise.target_period, promise.gap) == (25_000_000, "2026Q3", 5_000_000)
    assert followup.promise_gaps(db, "2026Q3", date(2026, 7, 1), short_only=True) == [gap]


def test_without_a_customer_target_the_gap_is_measured_against_what_is_due(db: Database, seed_004: Books) -> None:
    [promise] = followup.promises(db, date(2026, 7, 1))

    assert (promise.target, promise.wanted, promise.gap) == (None, 30_000_000, 10_000_000)
    assert followup.promise_gaps(db, "2026Q3", date(2026, 7, 1)) == []


def test_monthly_customer_targets_add_up_to_the_quarter_and_promises_beyond_it_do_not_count(
    db: Database, seed_004: Books
) -> None:
    for month, amount in (("2026-07", "50000"), ("2026-08", "100000"), ("2026-09", "100000")):
        plan.set_target(db, month, "R1", "normal", 0, amount, customer="YI")
    followup.log_contact(
        db, ContactInput("YI", date(2026, 6, 25), instalments=((date(2026, 10, 15), Decimal("30000.00")),))
    )

    [gap] = followup.promise_gaps(db, "2026Q3", date(2026, 7, 1))
    by_promise = {p.last_due: p for p in followup.promises(db, date(2026, 7, 1))}

    assert (gap.target, gap.promised, gap.gap) == (25_000_000, 20_000_000, 5_000_000)
    assert (by_promise[date(2026, 9, 30)].target_period, by_promise[date(2026, 9, 30)].gap) == ("2026-09", -10_000_000)
    assert by_promise[date(2026, 10, 15)].target is None  # no target holds 2026-10-15


def test_a_customer_whose_promises_meet_the_target_is_not_short(db: Database, seed_004: Books) -> None:
    plan.set_target(db, "2026Q3", "R1", "normal", 0, "200000.00", customer="YI")

    assert followup.promise_gaps(db, "2026Q3", date(2026, 7, 1), short_only=True) == []


def test_customer_targets_import_export_and_stay_out_of_the_reps_own(
    db: Database, seed_004: Books, tmp_path: Path
) -> None:
    source = tmp_path / "targets.csv"
    source.write_text(
        "period,rep,customer,kind,origin_year,amount\n2026Q3,R1,,normal,0,400000\n2026Q3,R1,YI,normal,0,250000\n",
        encoding="utf-8",
    )
    assert plan.import_targets(db, source) == []

    header, rows = plan.target_table(db, "2026Q3")
    [r1] = [line for line in plan.progress(db, "2026Q3") if line.key == "R1"]

    assert header == ["period", "rep", "customer", "kind", "origin_year", "amount"]
    assert rows == [
        ["2026Q3", "R1", None, "normal", 0, Decimal("400000.00")],
        ["2026Q3", "R1", "YI", "normal", 0, Decimal("250000.00")],
    ]
    assert r1.target == 40_000_000  # the rep's own target; 乙's is beside it


def test_a_target_for_an_unknown_customer_is_refused_and_nothing_imported(
    db: Database, seed_004: Books, tmp_path: Path
) -> None:
    source = tmp_path / "targets.csv"
    source.write_text("期间,业务员,客户,金额\n2026Q3,R1,YI,250000\n2026Q3,R1,NOBODY,1\n", encoding="utf-8")

    problems = plan.import_targets(db, source)

    assert [(p.row, p.column, p.value, p.reason) for p in problems] == [(3, "客户", "NOBODY", "no such customer")]
    assert plan.targets_in(db, "2026Q3") == []
    with pytest.raises(Rejected):
        plan.set_target(db, "2026Q3", "R1", "normal", 0, "1", customer="NOBODY")


def test_a_reps_target_as_a_share_of_the_debt_open_at_the_periods_start(db: Database, books: Books) -> None:
    # Seed 003: 制订明确的催款目标, 如每月回收一定比例的欠款 — collect a share of what is owed.
    books.customer("C1", rep="R1")
    books.customer("C2", rep="R1")
    books.delivery("OLD-1", "C1", on="2025-03-01", amount="60000.00")
    books.delivery("OLD-2", "C2", on="2025-11-01", amount="40000.00")
    books.delivery("NEW-1", "C1", on="2026-02-01", amount="20000.00")
    books.delivery("ODD-1", "C1", on="2025-04-01", amount="9000.00", category="abnormal")
    books.payment("C2", on="2026-07-05", amount="40000.00", applies_to="OLD-2")  # after the quarter began

    share = plan.set_target_share(db, "2026Q3", "R1", "normal", 2025, "30")
    for_c1 = plan.set_target_share(db, "2026-07", "R1", "normal", 0, "50%", customer="C1")

    assert (share.open, share.amount) == (10_000_000, 3_000_000)
    assert message_text(share.explain()) == "30% of 100,000.00 open on 2026-06-30 = 30,000.00"
    assert message_text(for_c1.explain()) == "50% of 80,000.00 open on 2026-06-30 = 40,000.00"
    assert [(r.period, r.customer, r.origin_year, r.amount) for r in plan.targets_in(db, "2026Q3")] == [
        ("2026-07", "C1", 0, 4_000_000),
        ("2026Q3", "", 2025, 3_000_000),
    ]
    with pytest.raises(Rejected) as refused:
        plan.set_target_share(db, "2026Q3", "R1", "normal", 2025, "130")
    assert [p.column for p in refused.value.problems] == ["share"]


def test_progress_by_kind_and_year_adds_up_to_what_was_collected(db: Database, books: Books) -> None:
    # Issue 13: R1 collected 62,000; 7,000 of it on 2024 debts, which no target row covers.
    books.customer("C1", rep="R1")
    books.delivery("Y24", "C1", on="2024-05-01", amount="7000.00")
    books.delivery("Y25", "C1", on="2025-05-01", amount="35000.00")
    books.delivery("Y26", "C1", on="2026-05-01", amount="20000.00")
    plan.set_target(db, "2026Q3", "R1", "normal", 2025, "40000")
    plan.set_target(db, "2026Q3", "R1", "normal", 2026, "20000")
    books.payment("C1", on="2026-07-10", amount="62000.00")  # oldest first: 7,000 + 35,000 + 20,000

    [r1] = [line for line in plan.progress(db, "2026Q3") if line.key == "R1"]
    total = plan.progress(db, "2026Q3")[-1]

    assert (r1.target, r1.collected) == (6_000_000, 6_200_000)
    assert r1.parts == (
        plan.ProgressPart("normal", 2025, 4_000_000, 3_500_000),
        plan.ProgressPart("normal", 2026, 2_000_000, 2_000_000),
        plan.ProgressPart("normal", 2024, 0, 700_000, covered=False),
    )
    assert sum(part.collected for part in r1.parts) == r1.collected
    assert sum(part.collected for part in total.parts) == total.collected == 6_200_000


def test_a_target_for_any_year_takes_the_years_without_a_row_of_their_own(db: Database, books: Books) -> None:
    books.customer("C1", rep="R1")
    books.delivery("Y24", "C1", on="2024-05-01", amount="7000.00")
    books.delivery("Y25", "C1", on="2025-05-01", amount="35000.00")
    books.delivery("X25", "C1", on="2025-06-01", amount="1000.00", category="abnormal")
    plan.set_target(db, "2026Q3", "R1", "normal", 0, "10000")
    plan.set_target(db, "2026Q3", "R1", "normal", 2025, "30000")
    books.payment("C1", on="2026-07-10", amount="43000.00")

    [r1] = [line for line in plan.progress(db, "2026Q3") if line.key == "R1"]

    assert r1.parts == (
        plan.ProgressPart("normal", 0, 1_000_000, 700_000),
        plan.ProgressPart("normal", 2025, 3_000_000, 3_500_000),
        plan.ProgressPart("abnormal", 2025, 0, 100_000, covered=False),
    )
    assert sum(part.collected for part in r1.parts) == r1.collected == 4_300_000
