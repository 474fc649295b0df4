"""Incentives from the ledger: a quarter's bonuses by hand, the period's bounds, exempt causes, the lock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from arddesk.domain.incentives import LineKind, Result, Role, Rules
from arddesk.services import books, incentives, owner, risk
from arddesk.services.errors import Rejected
from arddesk.store import plan
from arddesk.store.db import Database
from tests.conftest import Books

QUARTER_OVER = date(2027, 1, 15)  # a day after 2026Q4, which the tests lock

PASSWORD = "owner-secret"


@pytest.fixture
def quarter(db: Database, books: Books) -> Books:
    """Two reps of department DEP (R1 heads it) and a fourth quarter of 2026, net 30."""
    books.customer("C1", rep="R1", department="DEP")
    books.customer("C2", rep="R2", department="DEP")
    with db.transaction() as session:
        session.execute(
            text("UPDATE department SET head_rep_id = (SELECT id FROM rep WHERE code = 'R1') WHERE code = 'DEP'")
        )
    books.delivery("D1", "C1", on="2026-09-15", amount="1000.00")  # due 2026-10-15
    books.payment("C1", on="2026-10-15", amount="1000.00", applies_to="D1")  # on time: 1 % = 10.00
    books.delivery("D2", "C1", on="2026-10-01", amount="2000.00")  # due 2026-10-31
    books.payment("C1", on="2026-10-10", amount="2000.00", applies_to="D2")  # 21 days early: 1.2 % = 24.00
    books.delivery("D3", "C1", on="2026-11-01", amount="500.00")
    books.payment("C1", on="2027-01-05", amount="500.00", applies_to="D3")  # after the quarter: not counted
    books.delivery("D4", "C2", on="2026-06-01", amount="3000.00")  # 183 days past due at 2026-12-31
    books.delivery("D5", "C2", on="2026-06-01", amount="4000.00")
    books.delivery("D6", "C2", on="2026-10-01", amount="800.00")  # overdue only 61 days: no penalty
    risk.set_cause(db, "D5", "quality", "damaged goods")
    return books


def lines(result: Result, person: str, role: Role = Role.REP) -> list[tuple[LineKind, str, Decimal]]:
    statement = result.statement(person, role)
    assert statement is not None
    return [(line.kind, line.payment or line.delivery, line.amount) for line in statement.lines]


def test_a_quarter_by_hand(db: Database, quarter: Books) -> None:
    result = incentives.calculate(db, "2026Q4")
    d1_payment = next(line.payment for line in result.statements[0].lines if line.delivery == "D1")
    assert [
        (kind, number if kind is LineKind.ADVANCE_BONUS else "", amount) for kind, number, amount in lines(result, "R1")
    ] == [
        (LineKind.REWARD, "", Decimal("24.00")),
        (LineKind.REWARD, "", Decimal("10.00")),
        (LineKind.ADVANCE_BONUS, "D2", Decimal("4.00")),  # 0.2 % of 2000.00 paid in full before due
        (LineKind.ATTAINMENT, "", Decimal("0.00")),  # no target
    ]
    r1 = result.statement("R1")
    assert r1 is not None and (r1.collected, r1.total) == (Decimal("3000.00"), Decimal("38.00"))
    assert d1_payment != ""  # every reward line names the payment behind it
    assert lines(result, "R2") == [
        (LineKind.ATTAINMENT, "", Decimal("0.00")),
        (LineKind.PENALTY, "D4", Decimal("-15.00")),  # 0.5 % of 3000.00
        (LineKind.EXEMPTION, "D5", Decimal("0.00")),  # quality dispute: a non-sales cause
    ]
    head = result.statement("R1", Role.HEAD)
    assert head is not None
    [head_line] = [line for line in head.lines if line.kind is LineKind.HEAD_REWARD]
    # one line per rep and kind of debt: R1's 3000.00 of normal goods at 0.3 %
    assert (head_line.rep, head_line.band, head_line.base, head_line.amount) == (
        "R1",
        "normal",
        Decimal("3000.00"),
        Decimal("9.00"),
    )
    assert head.total == Decimal("9.00")
    assert result.total == Decimal("32.00")


def test_a_payment_after_the_period_counts_in_its_own_period(db: Database, quarter: Books) -> None:
    january = incentives.calculate(db, "2027-01")
    assert [(kind, amount) for kind, number, amount in lines(january, "R1") if kind is LineKind.REWARD] == [
        (LineKind.REWARD, Decimal("1.50"))  # 500.00 paid 35 days after the due date 2026-12-01: 0.3 %
    ]


def test_targets_of_the_quarter_and_its_months(db: Database, quarter: Books) -> None:
    with db.transaction() as session:
        rep = session.execute(text("SELECT id FROM rep WHERE code = 'R1'")).scalar_one()
        plan.put_target(session, "2026Q4", rep, "normal", 0, 500000)
        plan.put_target(session, "2026-11", rep, "abnormal", 0, 100000)
        plan.put_target(session, "2027-01", rep, "normal", 0, 999900)  # outside the quarter
    r1 = incentives.calculate(db, "2026Q4").statement("R1")
    assert r1 is not None
    # collected 3000.00 of 6000.00 = 50 %: ×0.6 on rewards 38.00 → -15.20
    assert (r1.target, r1.attainment, r1.multiplier) == (Decimal("6000.00"), Decimal("0.5"), Decimal("0.6"))
    assert [amount for kind, _, amount in lines(incentives.calculate(db, "2026Q4"), "R1")][-1] == Decimal("-15.20")
    assert r1.total == Decimal("22.80")


def test_exempt_causes_follow_the_rules(db: Database, quarter: Books) -> None:
    incentives.save_rules(db, "2026Q4", replace(Rules(), exempt_causes=frozenset()))
    r2 = incentives.calculate(db, "2026Q4").statement("R2")
    assert r2 is not None and r2.penalty == Decimal("-35.00")  # 0.5 % of 3000.00 and of 4000.00


def test_rules_for_falls_back_to_the_latest_earlier_period(db: Database) -> None:
    assert incentives.rules_for(db, "2026Q1") == Rules()
    q2 = replace(Rules(), penalty_after_days=60)
    may = replace(Rules(), penalty_after_days=45)
    incentives.save_rules(db, "2026Q2", q2)
    incentives.save_rules(db, "2026-05", may)
    assert incentives.rules_for(db, "2026Q2") == q2
    assert incentives.rules_for(db, "2026Q3") == may
    assert incentives.rules_for(db, "2026Q1") == Rules()


def test_bad_rules_are_refused_with_problems(db: Database) -> None:
    with pytest.raises(Rejected) as refused:
        incentives.save_rules(db, "2026Q4", replace(Rules(), penalty_rate=Decimal("-1")))
    assert [p.column for p in refused.value.problems] == ["penalty_rate"]
    with pytest.raises(Rejected):
        incentives.calculate(db, "Q4 2026")


def test_the_lock_holds_after_the_ledger_changes(db: Database, quarter: Books) -> None:
    owner.set_password(db, PASSWORD)
    before = incentives.calculate(db, "2026Q4")
    locked = incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    assert locked.locked_at is not None and incentives.lock_info(db, "2026Q4") is not None

    with pytest.raises(Rejected, match="the books are closed through 2026-12-31"):
        quarter.payment("C2", on="2026-12-20", amount="1000.00", applies_to="D4")
    risk.set_cause(db, "D4", "contract")
    incentives.save_rules(db, "2026Q3", replace(Rules(), penalty_rate=Decimal("0.5")))
    again = incentives.calculate(db, "2026Q4")
    assert again.statements == before.statements and again.total == Decimal("32.00")
    assert again.locked_at == locked.locked_at
    with pytest.raises(Rejected):
        incentives.save_rules(db, "2026Q4", Rules())
    with pytest.raises(Rejected):
        incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)


def test_unlock_needs_the_password_and_a_reason_which_is_kept(db: Database, quarter: Books) -> None:
    owner.set_password(db, PASSWORD)
    incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    # A late payment: the owner opens December again to let it in.
    books.close_books(db, date(2026, 11, 30), PASSWORD, today=QUARTER_OVER)
    quarter.payment("C2", on="2026-12-20", amount="1000.00", applies_to="D4")
    with pytest.raises(Rejected):
        incentives.unlock(db, "2026Q4", "wrong password", "late payment found")
    with pytest.raises(Rejected):
        incentives.unlock(db, "2026Q4", PASSWORD, "  ")
    assert incentives.lock_info(db, "2026Q4") is not None

    incentives.unlock(db, "2026Q4", PASSWORD, "late payment found")
    [entry] = incentives.unlock_history(db, "2026Q4")
    assert entry.reason == "late payment found" and entry.period == "2026Q4"
    r2 = incentives.calculate(db, "2026Q4").statement("R2")
    assert r2 is not None and r2.penalty == Decimal("-10.00")  # 0.5 % of the 2000.00 still open
    with pytest.raises(Rejected):
        incentives.unlock(db, "2026Q4", PASSWORD, "again")


def test_lock_refuses_a_wrong_or_missing_password(db: Database, quarter: Books) -> None:
    with pytest.raises(Rejected) as refused:
        incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    assert "set the owner's password first" in str(refused.value)
    owner.set_password(db, PASSWORD)
    with pytest.raises(Rejected) as refused:
        incentives.lock(db, "2026Q4", "Owner-secret", today=QUARTER_OVER)
    assert "wrong password" in str(refused.value)
    assert incentives.lock_info(db, "2026Q4") is None


def test_a_half_year_sums_its_quarters_targets_and_collections(db: Database, quarter: Books) -> None:
    with db.transaction() as session:
        rep = session.execute(text("SELECT id FROM rep WHERE code = 'R1'")).scalar_one()
        plan.put_target(session, "2026H2", rep, "normal", 0, 400000)
        plan.put_target(session, "2026Q3", rep, "normal", 0, 200000)
    half = incentives.calculate(db, "2026H2").statement("R1")
    assert half is not None
    # 2026H2 = July to December: both target rows (6000.00) and the 3000.00 collected in October
    assert (half.target, half.collected) == (Decimal("6000.00"), Decimal("3000.00"))
    q4 = incentives.calculate(db, "2026Q4").statement("R1")
    assert q4 is not None and q4.target is None  # neither row lies inside the quarter
