"""Refunds (#13 point 9): money paid back out of a customer's unapplied credit, a document of its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from arddesk.domain.dates import Period
from arddesk.services import audit, ledger
from arddesk.services.aging import aging_report
from arddesk.services.errors import Rejected
from arddesk.services.ledger import MoneyInput
from arddesk.services.maintenance import check_database
from arddesk.services.statements import balance_as_of, build_statements
from arddesk.store.db import Database
from arddesk.text.messages import reason_text
from tests.conftest import Books, in_words


def refund(db: Database, amount: str, on: str, customer: str = "C1", number: str = "") -> ledger.Posted:
    return ledger.record_refund(db, MoneyInput(customer, date.fromisoformat(on), Decimal(amount), "transfer", number))


@pytest.fixture
def advance(books: Books) -> Books:
    """C1 paid 500.00 in advance on 2026-02-10 and was never sent the goods."""
    books.customer("C1")
    books.payment("C1", on="2026-02-10", amount="500.00", applies_to="none")
    return books


def unapplied(db: Database, as_of: str) -> int:
    lines = aging_report(db, date.fromisoformat(as_of)).lines
    return sum(line.unapplied for line in lines if line.key == "C1")


def test_refunding_a_500_credit_brings_the_balance_back_to_zero(db: Database, advance: Books) -> None:
    posted = refund(db, "500.00", "2026-03-05", number="R1")

    assert posted.allocations == (("PAY0000001", 50_000),)  # the advance's credit, paid back
    assert balance_as_of(db, "C1", date(2026, 3, 4)) == -50_000  # the credit, before the refund
    assert balance_as_of(db, "C1", date(2026, 3, 5)) == 0
    assert (unapplied(db, "2026-03-04"), unapplied(db, "2026-03-31")) == (-50_000, 0)  # the aging's unapplied column
    [statement] = build_statements(db, Period.parse("2026Q1"), customer="C1")
    assert [(line.entry.kind.value, line.debit, line.credit, line.balance) for line in statement.lines] == [
        ("payment", None, 50_000, -50_000),
        ("refund", 50_000, None, 0),
    ]
    assert statement.closing == 0
    assert check_database(db) == []
    [entry] = [e for e in audit.history(db, "refund", "R1")]
    assert '"allocations":"PAY0000001=50000@2026-03-05"' in entry.new


def test_a_refund_above_the_credit_is_refused_naming_the_amounts(db: Database, advance: Books) -> None:
    with pytest.raises(Rejected) as refused:
        refund(db, "600.00", "2026-03-05")
    [problem] = refused.value.problems
    assert (problem.column, problem.value) == ("amount", "600.00")
    assert reason_text(problem) == "refunds more than the customer's unapplied credit of 500.00 on 2026-03-05"
    with pytest.raises(Rejected) as early:
        refund(db, "100.00", "2026-02-09")  # the day before the advance: no credit yet
    assert reason_text(early.value.problems[0]) == (
        "refunds more than the customer's unapplied credit of 0.00 on 2026-02-09"
    )
    refund(db, "200.00", "2026-03-05")
    with pytest.raises(Rejected, match=r"credit of 300\.00"):
        refund(db, "300.01", "2026-03-06")


def test_a_refund_uses_the_oldest_credit_first_and_no_credit_applied_to_goods(db: Database, books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-01-05", amount="300.00")
    books.payment("C1", on="2026-01-20", amount="500.00")  # pays D1, 200.00 left over
    books.adjustment("C1", on="2026-02-01", amount="100.00", kind="return", applies_to="none")

    posted = refund(db, "250.00", "2026-02-15")

    assert posted.allocations == (("PAY0000001", 20_000), ("ADJ0000001", 5_000))
    assert balance_as_of(db, "C1", date(2026, 2, 15)) == -5_000  # 50.00 of the return is still credit


def test_void_the_refund_before_the_money_it_paid_back(db: Database, advance: Books) -> None:
    refund(db, "500.00", "2026-03-05", number="R1")
    with pytest.raises(Rejected, match=r"refund R1 paid back 500\.00 of it: void the refund first"):
        ledger.void_document(db, "payment", "PAY0000001", "bounced", on=date(2026, 3, 10))

    voided = ledger.void_document(db, "refund", "R1", "the bank returned it", on=date(2026, 3, 10))

    assert voided.released == ("PAY0000001",)
    assert balance_as_of(db, "C1", date(2026, 3, 9)) == 0
    assert balance_as_of(db, "C1", date(2026, 3, 10)) == -50_000  # the credit is the customer's again
    ledger.void_document(db, "payment", "PAY0000001", "bounced", on=date(2026, 3, 11))
    assert balance_as_of(db, "C1", date(2026, 3, 11)) == 0
    assert check_database(db) == []


def test_a_refund_corrected_is_voided_and_posted_again(db: Database, advance: Books) -> None:
    refund(db, "500.00", "2026-03-05", number="R1")
    # the credit the void gives back is the customer's from the void's day: the new refund is dated then
    new = MoneyInput("C1", date(2026, 3, 6), Decimal("450.00"), "cash", "R2")
    ledger.correct_money(db, "refund", "R1", "wrong amount", new, on=date(2026, 3, 6))
    assert balance_as_of(db, "C1", date(2026, 3, 5)) == 0
    assert balance_as_of(db, "C1", date(2026, 3, 6)) == -5_000
    assert check_database(db) == []


def test_a_payments_file_with_a_refund_row_imports_and_exports_back(db: Database, books: Books, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from arddesk.reports.tables import write_table
    from arddesk.services.exporting import export_rows
    from arddesk.services.importing import import_file
    from arddesk.store.db import open_database

    books.customer("C1")
    path = tmp_path / "payments.csv"
    path.write_text(
        "单号,客户,日期,金额,类型,方式,核销,备注\n"
        "R1,C1,2026-03-05,500,退款,cash,,advance not needed\n"  # before the payment in the file: posted after it
        "P1,C1,2026-02-10,500,回款,transfer,none,\n",
        encoding="utf-8",
    )
    import_file(db, "payments", path)
    assert balance_as_of(db, "C1", date(2026, 3, 5)) == 0
    rows = list(export_rows(db, "payments")[1])
    assert [row[:6] for row in rows] == [
        ["P1", "C1", date(2026, 2, 10), Decimal("500.00"), "payment", "transfer"],
        ["R1", "C1", date(2026, 3, 5), Decimal("500.00"), "refund", "cash"],
    ]
    fresh = open_database(tmp_path / "fresh.sqlite", create=True)
    try:
        for kind in ("terms", "customers", "payments"):
            write_table(tmp_path / f"{kind}.csv", *export_rows(db, kind))
            import_file(fresh, kind, tmp_path / f"{kind}.csv")
        before, after = balance_as_of(fresh, "C1", date(2026, 3, 4)), balance_as_of(fresh, "C1", date(2026, 3, 5))
        assert (before, after) == (-50_000, 0)
    finally:
        fresh.close()
    too_much = tmp_path / "more.csv"
    too_much.write_text("customer,date,amount,kind\nC1,2026-03-06,0.01,refund\n", encoding="utf-8")
    with pytest.raises(Rejected) as refused:
        import_file(db, "payments", too_much)
    assert [(p.row, p.column, p.reason) for p in in_words(refused.value.problems)] == [
        (2, "amount", "refunds more than the customer's unapplied credit of 0.00 on 2026-03-06")
    ]


def test_the_check_finds_a_refund_not_paid_out_of_its_credit(db: Database, advance: Books) -> None:
    refund(db, "500.00", "2026-03-05", number="R1")
    with db.transaction() as session:  # what only a hand edit of the file could do
        session.execute(text("UPDATE refund SET amount = 60000 WHERE number = 'R1'"))
    assert "a refund is not paid out of exactly its amount of credit: R1" in "\n".join(map(str, check_database(db)))


def test_the_letter_prints_the_refund_line_and_a_closing_balance_of_zero(  # type: ignore[no-untyped-def]
    db: Database, advance: Books, tmp_path
) -> None:
    from pypdf import PdfReader

    from arddesk.reports.letters import write_letters

    refund(db, "500.00", "2026-03-05", number="R1")
    ledger.save_customer(db, ledger.CustomerInput("C1", "Customer C1", "N30", language="en"))
    paths = write_letters(db, Period.parse("2026Q1"), tmp_path, customer="C1", letter_date=date(2026, 4, 2)).letters
    text = "".join(page.extract_text() for page in PdfReader(next(p for p in paths if p.stem == "C1")).pages)
    assert "Refund" in text and "R1" in text
    assert "0.00" in text.split("Closing balance")[1][:40]


def test_the_payment_names_the_refund_that_paid_its_credit_back(db: Database, advance: Books) -> None:
    refund(db, "300.00", "2026-03-05", number="R1")
    details = ledger.document(db, "payment", "PAY0000001")
    assert [(line.kind, line.number, line.amount) for line in details.allocations] == [("refund", "R1", 30_000)]
