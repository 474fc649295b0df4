"""Credit applied when goods go out, and applying every waiting credit at once (issue 13, point 2)."""

from __future__ import annotations

from datetime import date

import pytest

from arddesk.domain.dates import Period
from arddesk.domain.incentives import LineKind
from arddesk.services import incentives, ledger, plan
from arddesk.services.aging import aging_detail
from arddesk.services.audit import check_books, history
from arddesk.services.books import close_books
from arddesk.services.errors import Rejected
from arddesk.services.maintenance import check_database
from arddesk.services.statements import build_statements
from tests.conftest import Books


def open_amounts(books: Books, as_of: str = "2030-12-31") -> dict[str, int]:
    return {item.number: item.open for item in aging_detail(books.db, date.fromisoformat(as_of))}


@pytest.fixture
def prepaid(books: Books) -> Books:
    """Issue 13: 5,000.00 paid in advance, then 5,000.00 of goods delivered cash on delivery."""
    books.terms("COD", "cod")
    books.customer("C1", terms="COD", rep="R1", department="D1")
    books.payment("C1", on="2026-01-05", amount="5000.00")
    books.delivery("D1", "C1", on="2026-01-16", amount="5000.00")
    return books


def test_a_prepaid_customer_is_not_chased_penalised_or_shown_overdue(prepaid: Books) -> None:
    db = prepaid.db
    as_of = date(2026, 6, 30)  # D1 would be 165 days overdue: doubtful, and past the 90-day penalty

    result = incentives.calculate(db, "2026Q2")
    [letter] = build_statements(db, Period.parse("2026Q1"), customer="C1", letter_date=date(2026, 4, 2))

    assert open_amounts(prepaid, "2026-06-30") == {}
    assert plan.priorities(db, as_of) == []
    assert [line for line in result.statements[0].lines if line.kind is LineKind.PENALTY] == []
    assert (letter.closing, letter.open_deliveries, letter.aging.total) == (0, (), 0)


def test_the_same_customer_kept_out_of_it_owes_5000_and_is_chased(books: Books) -> None:
    books.terms("COD", "cod")
    books.customer("C1", terms="COD", rep="R1")
    ledger.save_auto_apply(books.db, ledger.AutoApply(kept=("C1",)))
    books.payment("C1", on="2026-01-05", amount="5000.00")
    books.delivery("D1", "C1", on="2026-01-16", amount="5000.00")

    [chased] = plan.priorities(books.db, date(2026, 6, 30))

    assert open_amounts(books) == {"D1": 500_000}
    assert (chased.code, chased.overdue, chased.debt_class) == ("C1", 500_000, "doubtful")


def test_the_credit_counts_from_the_day_the_goods_went_out_and_the_trail_says_so(prepaid: Books) -> None:
    [advance] = [row for row in history(prepaid.db, "payment", "PAY0000001") if row.field == "allocations"]

    assert open_amounts(prepaid, "2026-01-15") == {}  # nothing delivered yet: nothing open
    assert check_books(prepaid.db).findings == [] and check_database(prepaid.db) == []
    assert (advance.action, advance.new, advance.reason) == (
        "apply credit", "D1=500000@2026-01-16", "credit applied when the goods went out",
    )  # fmt: skip


def test_the_oldest_credit_goes_first_and_a_part_stays_as_credit(books: Books) -> None:
    books.customer("C1")
    books.payment("C1", on="2026-01-05", amount="300.00")
    books.adjustment("C1", on="2026-01-06", amount="200.00", kind="rebate", applies_to="none")
    books.delivery("D1", "C1", on="2026-01-16", amount="450.00")

    [payment] = ledger.document(books.db, "payment", "PAY0000001").allocations
    [rebate] = ledger.document(books.db, "adjustment", "ADJ0000001").allocations

    assert (payment.number, payment.amount, rebate.number, rebate.amount) == ("D1", 30_000, "D1", 15_000)
    assert open_amounts(books) == {}  # 50.00 of the rebate stays as credit


def test_the_company_can_turn_it_off(books: Books) -> None:
    books.customer("C1")
    ledger.save_auto_apply(books.db, ledger.AutoApply(on=False))
    books.payment("C1", on="2026-01-05", amount="300.00")
    books.delivery("D1", "C1", on="2026-01-16", amount="450.00")

    assert ledger.auto_apply_setting(books.db) == ledger.AutoApply(on=False)
    assert open_amounts(books) == {"D1": 45_000}


def test_keeping_an_unknown_customer_out_is_refused(books: Books) -> None:
    with pytest.raises(Rejected) as refused:
        ledger.save_auto_apply(books.db, ledger.AutoApply(kept=("NOPE",)))
    assert [(p.column, p.value) for p in refused.value.problems] == [("customer", "NOPE")]


@pytest.fixture
def waiting(books: Books) -> Books:
    """A company from before credit was applied by itself: two customers' advances wait beside open goods."""
    books.customer("C1")
    books.customer("C2")
    books.customer("C3")
    ledger.save_auto_apply(books.db, ledger.AutoApply(on=False))
    books.payment("C1", on="2026-01-05", amount="5000.00")
    books.delivery("D1", "C1", on="2026-01-16", amount="5000.00")
    books.payment("C2", on="2026-02-01", amount="100.00")
    books.delivery("D2", "C2", on="2026-02-03", amount="250.00")
    books.payment("C3", on="2026-02-01", amount="70.00")
    books.delivery("D3", "C3", on="2026-02-03", amount="70.00")
    ledger.save_auto_apply(books.db, ledger.AutoApply(kept=("C3",)))
    return books


def test_the_preview_says_what_applying_all_would_do_and_changes_nothing(waiting: Books) -> None:
    preview = ledger.preview_all_credit(waiting.db)

    assert [(x.customer, x.number, x.delivery, x.amount, x.effective) for x in preview.lines] == [
        ("C1", "PAY0000001", "D1", 500_000, date(2026, 1, 16)),
        ("C2", "PAY0000002", "D2", 10_000, date(2026, 2, 3)),
    ]
    assert (preview.total, preview.kept) == (510_000, ("C3",))
    assert open_amounts(waiting) == {"D1": 500_000, "D2": 25_000, "D3": 7_000}


def test_applying_all_does_what_the_preview_said(waiting: Books) -> None:
    preview = ledger.preview_all_credit(waiting.db)

    made = ledger.apply_all_credit(waiting.db)

    assert made == preview
    assert open_amounts(waiting) == {"D2": 15_000, "D3": 7_000}  # C3 keeps its credit
    assert check_books(waiting.db).findings == [] and check_database(waiting.db) == []
    assert ledger.preview_all_credit(waiting.db).lines == ()
    assert [row.reason for row in history(waiting.db, "payment", "PAY0000002") if row.action == "apply credit"] == [
        "every unapplied credit applied at once"
    ]


def test_applying_credit_leaves_closed_books_as_they_were(waiting: Books) -> None:
    close_books(waiting.db, date(2026, 1, 31), None, today=date(2026, 3, 1))

    made = ledger.apply_all_credit(waiting.db)
    by_hand = ledger.apply_unapplied_credit(waiting.db, "C1")

    assert [(x.customer, x.delivery) for x in made.lines] == [("C2", "D2")]  # C1's would count on 2026-01-16
    assert by_hand == 0
    assert open_amounts(waiting)["D1"] == 500_000


def test_a_delivery_into_closed_books_is_refused_and_applies_nothing(prepaid: Books) -> None:
    close_books(prepaid.db, date(2026, 1, 31), None, today=date(2026, 3, 1))
    prepaid.payment("C1", on="2026-02-02", amount="10.00")

    with pytest.raises(Rejected):
        prepaid.delivery("D9", "C1", on="2026-01-20", amount="10.00")
    prepaid.delivery("D2", "C1", on="2026-02-03", amount="10.00")

    [applied] = ledger.document(prepaid.db, "payment", "PAY0000002").allocations
    assert (applied.number, applied.amount, applied.effective) == ("D2", 1000, date(2026, 2, 3))


def test_a_payment_goes_before_an_adjustment_of_the_same_day(books: Books) -> None:
    books.customer("C1")
    books.adjustment("C1", on="2026-01-05", amount="1.00", kind="rebate")
    books.payment("C1", on="2026-01-05", amount="1.00")
    books.delivery("D1", "C1", on="2026-01-06", amount="1.50")

    [payment] = ledger.document(books.db, "payment", "PAY0000001").allocations
    [rebate] = ledger.document(books.db, "adjustment", "ADJ0000001").allocations

    assert (payment.amount, rebate.amount) == (100, 50)


def test_closed_books_pass_over_an_old_delivery_and_the_credit_goes_to_a_new_one(books: Books) -> None:
    books.customer("C1")
    ledger.save_auto_apply(books.db, ledger.AutoApply(kept=("C1",)))
    books.delivery("OLD", "C1", on="2026-02-01", amount="6.00")
    books.payment("C1", on="2026-03-01", amount="10.00", applies_to="none")
    books.delivery("NEW", "C1", on="2026-04-02", amount="6.00")
    close_books(books.db, date(2026, 3, 31), None, today=date(2026, 4, 3))

    applied = ledger.apply_unapplied_credit(books.db, "C1")

    [use] = ledger.document(books.db, "payment", "PAY0000001").allocations
    assert (applied, use.number, use.amount, use.effective) == (600, "NEW", 600, date(2026, 4, 2))
    assert open_amounts(books) == {"OLD": 600}  # on OLD the 6.00 would count on 2026-03-01, inside closed books


def test_credit_applied_as_goods_go_out_counts_from_that_day_on_an_older_delivery_too(books: Books) -> None:
    books.customer("C1")
    books.delivery("OLD", "C1", on="2026-02-01", amount="6.00")
    books.payment("C1", on="2026-03-01", amount="10.00", applies_to="none")  # kept as credit for now

    books.delivery("NEW", "C1", on="2026-04-02", amount="6.00")

    [old, new] = ledger.document(books.db, "payment", "PAY0000001").allocations
    assert [(old.number, old.amount, old.effective), (new.number, new.amount)] == [
        ("OLD", 600, date(2026, 4, 2)), ("NEW", 400),
    ]  # fmt: skip
    assert open_amounts(books, "2026-03-31") == {"OLD": 600}  # the aging of March is as it was printed
    assert open_amounts(books) == {"NEW": 200}
