"""Statements of a period against the ledger and the aging."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from arddesk.domain.dates import Period
from arddesk.domain.statements import EntryKind, Statement
from arddesk.services.aging import aging_report
from arddesk.services.errors import Rejected
from arddesk.services.statements import balance_as_of, build_statements
from arddesk.store.db import Database
from tests.conftest import Books


@pytest.fixture
def ledger(books: Books) -> Books:
    """C1 trades across three quarters; C2 is paid up before Q3; C3 never traded; C4 has a credit."""
    for code in ("C1", "C2", "C3", "C4"):
        books.customer(code)
    books.delivery("D1", "C1", on="2026-05-10", amount="1000.00")
    books.delivery("D2", "C1", on="2026-07-05", amount="500.00")
    books.payment("C1", on="2026-07-20", amount="300.00")  # oldest first: against D1
    books.adjustment("C1", on="2026-08-02", amount="50.00", applies_to="D2")
    books.delivery("D3", "C1", on="2026-09-30", amount="200.00")
    books.payment("C1", on="2026-10-03", amount="100.00")  # after Q3: not in it
    books.delivery("D4", "C2", on="2026-04-01", amount="80.00")
    books.payment("C2", on="2026-04-30", amount="80.00")
    books.payment("C4", on="2026-09-01", amount="25.00")  # an advance: unapplied credit
    return books


def _by_code(db: Database, period: str, **kwargs: Any) -> dict[str, Statement]:
    return {s.customer.code: s for s in build_statements(db, Period.parse(period), **kwargs)}


def test_statement_lines_and_balances_for_a_quarter(ledger: Books) -> None:
    statements = _by_code(ledger.db, "2026Q3")
    c1 = statements["C1"]
    assert c1.opening == 100_000
    assert [(line.entry.kind, line.entry.number, line.balance) for line in c1.lines] == [
        (EntryKind.DELIVERY, "D2", 150_000),
        (EntryKind.PAYMENT, c1.lines[1].entry.number, 120_000),
        (EntryKind.ADJUSTMENT, c1.lines[2].entry.number, 115_000),
        (EntryKind.DELIVERY, "D3", 135_000),
    ]
    assert c1.closing == 135_000
    # The Q3 payment went to D1 (oldest first), the adjustment to D2 as told.
    assert [(a.delivery_number, a.amount) for a in c1.applied] == [("D1", 30_000), ("D2", 5_000)]
    assert [(o.number, o.open) for o in c1.open_deliveries] == [("D1", 70_000), ("D2", 45_000), ("D3", 20_000)]


def test_who_gets_a_letter(ledger: Books) -> None:
    # C2 paid up in Q2 and did nothing in Q3; C3 never traded: no letters. C4 holds a credit: a letter.
    assert sorted(_by_code(ledger.db, "2026Q3")) == ["C1", "C4"]
    assert sorted(_by_code(ledger.db, "2026Q3", include_zero=True)) == ["C1", "C2", "C3", "C4"]
    # In Q2 C2 had activity (delivered and paid): a letter though the balance is zero.
    assert sorted(_by_code(ledger.db, "2026Q2")) == ["C1", "C2"]
    # Asking for one customer always gives that customer's letter.
    assert list(_by_code(ledger.db, "2026Q3", customer="C3")) == ["C3"]


@pytest.mark.parametrize("period", ["2026Q2", "2026Q3", "2026Q4", "2026-07", "2026-08", "2026"])
def test_closing_equals_aging_total_and_opening_equals_previous_closing(ledger: Books, period: str) -> None:
    this = Period.parse(period)
    statements = _by_code(ledger.db, period, include_zero=True)
    aging = {line.key: line.total for line in aging_report(ledger.db, this.end).lines}
    previous = _by_code(ledger.db, this.previous().label, include_zero=True)
    for code, statement in statements.items():
        assert statement.closing == aging.get(code, 0), code
        assert statement.aging.total == statement.closing, code
        assert statement.opening == previous[code].closing, code


def test_credit_balance_is_negative_and_shown_as_unapplied(ledger: Books) -> None:
    c4 = _by_code(ledger.db, "2026Q3")["C4"]
    assert c4.closing == -2_500
    assert c4.aging.unapplied == -2_500


def test_letter_facts(ledger: Books) -> None:
    c1 = _by_code(ledger.db, "2026Q3", letter_date=date(2026, 10, 5), reply_days=14)["C1"]
    assert c1.reference == "RC-2026Q3-C1"
    assert c1.letter_date == date(2026, 10, 5)
    assert c1.return_by == date(2026, 10, 19)


def test_unknown_customer_is_rejected(ledger: Books) -> None:
    with pytest.raises(Rejected):
        build_statements(ledger.db, Period.parse("2026Q3"), customer="NOPE")


def test_balance_as_of(ledger: Books) -> None:
    assert balance_as_of(ledger.db, "C1", date(2026, 6, 30)) == 100_000
    assert balance_as_of(ledger.db, "C1", date(2026, 12, 31)) == 125_000
    assert balance_as_of(ledger.db, "NOPE", date(2026, 12, 31)) == 0


def test_a_chosen_set_of_customers(ledger: Books) -> None:
    assert sorted(_by_code(ledger.db, "2026Q3", customers=["C1", "C3"])) == ["C1", "C3"]
    with pytest.raises(Rejected) as caught:
        build_statements(ledger.db, Period.parse("2026Q3"), customers=["C1", "NOPE", "ALSO"])
    assert [p.value for p in caught.value.problems] == ["ALSO", "NOPE"]
