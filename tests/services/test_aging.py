from datetime import date

import pytest

from arddesk.services.aging import aging_detail, aging_report
from arddesk.services.settings import update_settings
from tests.conftest import Books

D = date.fromisoformat


@pytest.fixture
def ledger(books: Books) -> Books:
    """Two customers of two reps in one department, with part payments and a batch customer."""
    books.terms("B2", "batch")
    books.customer("C1", name="Acme", rep="R1", department="EAST")
    books.customer("C2", name="华联超市", terms="B2", rep="R2", department="EAST")
    books.delivery("D1", "C1", on="2026-01-05", amount="100.00")  # due 2026-02-04
    books.delivery("D2", "C1", on="2026-02-05", amount="250.50")  # due 2026-03-07
    books.delivery("D3", "C2", on="2026-02-05", amount="80.00")  # due at D4: 2026-03-05
    books.delivery("D4", "C2", on="2026-03-05", amount="90.00")  # no next delivery: not due
    books.payment("C1", on="2026-02-20", amount="150.00")  # D1 100.00, D2 50.00
    books.payment("C2", on="2026-02-01", amount="100.00")  # D3 80.00 (from 02-05), D4 20.00 (from 03-05)
    return books


def grid(books: Books, as_of: str, **options: str) -> list[tuple[object, ...]]:
    report = aging_report(books.db, D(as_of), **options)  # type: ignore[arg-type]
    lines = [*report.lines, report.total]
    return [(line.key, line.not_due, *line.buckets, line.unapplied, line.total) for line in lines]


def test_aging_by_customer_today(ledger: Books) -> None:
    assert grid(ledger, "2026-09-30", buckets="30,60,90") == [
        ("C1", 0, 0, 0, 0, 20050, 0, 20050),
        ("C2", 7000, 0, 0, 0, 0, 0, 7000),
        ("TOTAL", 7000, 0, 0, 0, 20050, 0, 27050),
    ]


def test_aging_as_of_a_past_date_ignores_later_rows_and_allocations(ledger: Books) -> None:
    # As of 2026-02-10: D1 is 6 days overdue, D2 and D3 not yet due; C2's payment has met
    # only D3 so far (D4 does not exist yet), so 20.00 of it is still unapplied.
    assert grid(ledger, "2026-02-10", buckets="30,60,90") == [
        ("C1", 25050, 10000, 0, 0, 0, 0, 35050),
        ("C2", 0, 0, 0, 0, 0, -2000, -2000),
        ("TOTAL", 25050, 10000, 0, 0, 0, -2000, 33050),
    ]


def test_aging_by_rep_and_department(ledger: Books) -> None:
    assert [row[0] for row in grid(ledger, "2026-09-30", by="rep")] == ["R1", "R2", "TOTAL"]
    assert grid(ledger, "2026-09-30", by="department", buckets="30,60,90") == [
        ("EAST", 7000, 0, 0, 0, 20050, 0, 27050),
        ("TOTAL", 7000, 0, 0, 0, 20050, 0, 27050),
    ]


def test_delivery_basis_has_no_not_due_column(ledger: Books) -> None:
    report = aging_report(ledger.db, D("2026-03-20"), buckets="30,60,90", basis="delivery")
    assert report.columns == ["key", "name", "not_due", "0-30", "31-60", "61-90", "over_90", "unapplied", "total"]
    # D2 (open 200.50) is 43 days old; D4 (open 70.00) is 15 days old.
    assert [(line.key, line.not_due, line.buckets) for line in report.lines] == [
        ("C1", None, (0, 20050, 0, 0)),
        ("C2", None, (7000, 0, 0, 0)),
    ]


def test_saved_default_buckets_are_used(ledger: Books) -> None:
    update_settings(ledger.db, aging_buckets="15,45")
    assert aging_report(ledger.db, D("2026-09-30")).columns[2:6] == ["not_due", "1-15", "16-45", "over_45"]


def test_detail_rows_have_bucket_and_class(ledger: Books) -> None:
    detail = aging_detail(ledger.db, D("2026-09-30"), buckets="30,60,90")
    assert [(d.number, d.days_overdue, d.open, d.bucket, d.debt_class.value) for d in detail] == [
        ("D2", 207, 20050, "over_90", "bad"),
        ("D4", 0, 7000, "not_due", "not_due"),
    ]


def test_detail_class_follows_the_clerks_override(ledger: Books) -> None:
    from arddesk.services.risk import set_class

    set_class(ledger.db, "C2", "doubtful", "contact person left; balance not confirmed")
    set_class(ledger.db, "C1", "dead", "closed down", delivery="D2")
    detail = aging_detail(ledger.db, D("2026-09-30"))
    assert [(d.number, d.debt_class.value) for d in detail] == [("D2", "dead"), ("D4", "doubtful")]
