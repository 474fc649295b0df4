from datetime import date
from decimal import Decimal

import pytest

from arddesk.services import ledger
from arddesk.services.aging import aging_detail
from arddesk.services.errors import Rejected
from arddesk.services.maintenance import check_database
from tests.conftest import Books


def open_amounts(books: Books, as_of: str = "2030-12-31") -> dict[str, int]:
    return {item.number: item.open for item in aging_detail(books.db, date.fromisoformat(as_of))}


def test_payment_goes_to_the_oldest_open_delivery_first(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.delivery("D2", on="2026-02-05", amount="250.50")
    posted = books.payment(on="2026-02-20", amount="150.00")
    assert posted.allocations == (("D1", 10000), ("D2", 5000))
    assert posted.unapplied == 0
    assert open_amounts(books) == {"D2": 20050}


def test_applies_to_names_the_deliveries_and_amounts(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.delivery("D2", on="2026-02-05", amount="250.50")
    posted = books.payment(on="2026-02-20", amount="300.00", applies_to="D2=200.00")
    assert posted.allocations == (("D2", 20000),)
    assert posted.unapplied == 10000
    assert open_amounts(books) == {"D1": 10000, "D2": 5050}


def test_overpayment_stays_as_unapplied_credit_until_applied(books: Books) -> None:
    books.customer("C1")
    ledger.save_auto_apply(books.db, ledger.AutoApply(kept=("C1",)))  # C1's credit waits for the clerk
    advance = books.payment(on="2026-01-01", amount="500.00")
    assert advance.unapplied == 50000
    books.delivery("D1", on="2026-01-10", amount="120.00")
    assert ledger.apply_unapplied_credit(books.db, "C1") == 12000
    assert open_amounts(books) == {}
    assert check_database(books.db) == []


def test_payment_refused_when_applies_to_asks_more_than_is_open(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    with pytest.raises(Rejected) as refused:
        books.payment(on="2026-02-20", amount="150.00", applies_to="D1=150.00")
    assert refused.value.problems[0].column == "applies_to"
    assert "more than its open" in refused.value.problems[0].reason
    assert open_amounts(books) == {"D1": 10000}  # nothing half-saved


def test_adjustment_reduces_what_is_owed(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.adjustment(on="2026-01-20", amount="15.50", kind="return", reason="broken cartons")
    assert open_amounts(books) == {"D1": 8450}


def test_write_off_needs_a_reason(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    with pytest.raises(Rejected, match="a write-off needs a reason"):
        books.adjustment(on="2026-06-20", amount="100.00", kind="write_off", reason="")


def test_batch_delivery_falls_due_at_the_next_delivery(books: Books) -> None:
    books.terms("B2", "batch")
    books.customer("C1", terms="B2")
    books.delivery("D1", on="2026-03-01", amount="100.00")
    books.delivery("D2", on="2026-03-15", amount="100.00")
    due = {item.number: item.due_date for item in aging_detail(books.db, date(2026, 12, 31))}
    assert due == {"D1": date(2026, 3, 15), "D2": None}


def test_batch_delivery_entered_out_of_order_redates_its_neighbours(books: Books) -> None:
    books.terms("B2", "batch")
    books.customer("C1", terms="B2")
    books.delivery("D1", on="2026-03-01", amount="100.00")
    books.delivery("D3", on="2026-03-30", amount="100.00")
    books.delivery("D2", on="2026-03-15", amount="100.00")
    due = {item.number: item.due_date for item in aging_detail(books.db, date(2026, 12, 31))}
    assert due == {"D1": date(2026, 3, 15), "D2": date(2026, 3, 30), "D3": None}


def test_explicit_due_date_overrides_the_terms(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-03-01", amount="100.00", due_date=date(2026, 3, 10))
    assert aging_detail(books.db, date(2026, 3, 20))[0].days_overdue == 10


def test_delivery_problems_are_named_by_field(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-03-01", amount="100.00")
    bad = ledger.DeliveryInput("D1", "NOPE", date(2026, 3, 1), Decimal("-1"), category="odd", model="mid")
    with pytest.raises(Rejected) as refused:
        ledger.record_delivery(books.db, bad)
    columns = {problem.column for problem in refused.value.problems}
    assert columns == {"number", "customer", "amount", "category", "model"}


def test_customer_needs_known_terms_and_valid_fields(books: Books) -> None:
    bad = ledger.CustomerInput("C9", "", "XX", language="fr", procedure="odd", settlement_days="5,40")
    with pytest.raises(Rejected) as refused:
        ledger.save_customer(books.db, bad)
    assert {p.column for p in refused.value.problems} == {"name", "terms", "language", "procedure", "settlement_days"}


def test_saving_a_customer_again_updates_it(books: Books) -> None:
    books.customer("C1", name="Old name", rep="R1", department="EAST")
    books.customer("C1", name="New name", rep="R2", department="EAST")
    books.delivery("D1", on="2026-03-01", amount="100.00")
    from arddesk.services.aging import aging_report

    report = aging_report(books.db, date(2026, 3, 1), by="rep")
    assert [(line.key, line.total) for line in report.lines] == [("R2", 10000)]


def test_batch_delivery_with_its_own_due_date_still_ends_the_previous_batch(books: Books) -> None:
    books.terms("B2", "batch")
    books.customer("C1", terms="B2")
    books.delivery("D1", on="2026-03-01", amount="100.00")
    books.delivery("D2", on="2026-03-15", amount="100.00", due_date=date(2026, 4, 30))
    due = {item.number: item.due_date for item in aging_detail(books.db, date(2026, 12, 31))}
    assert due == {"D1": date(2026, 3, 15), "D2": date(2026, 4, 30)}


def test_paying_the_discounted_price_in_time_records_the_discount(books: Books) -> None:
    books.terms("N30D2", "net", days=30, discount_percent=Decimal("2"), discount_days=10)  # type: ignore[arg-type]
    books.customer("C1", terms="N30D2")
    books.delivery("D1", "C1", on="2026-03-01", amount="1000.00")
    books.delivery("D2", "C1", on="2026-03-01", amount="500.00")
    books.delivery("D3", "C1", on="2026-03-01", amount="300.00")
    in_time = books.payment("C1", on="2026-03-11", amount="980.00", applies_to="D1")  # 2 % off, 10th day
    late = books.payment("C1", on="2026-03-12", amount="490.00", applies_to="D2")  # one day too late
    short = books.payment("C1", on="2026-03-05", amount="290.00", applies_to="D3")  # 10.00 short of 294.00
    assert in_time.discounts == (("D1", 20_00),)
    assert late.discounts == () and short.discounts == ()
    still_open = {row.number: row.open for row in aging_detail(books.db, date(2026, 3, 31))}
    assert still_open == {"D2": 10_00, "D3": 10_00}  # D1 is settled by payment and discount


# ---------------------------------------------------------------- sane limits (issue 11, point 9)
LARGEST = "999999999999.99"


def test_amounts_above_the_largest_document_and_dates_outside_1900_2100_are_refused(books: Books) -> None:
    books.customer("C1")
    with pytest.raises(Rejected) as raised:
        books.delivery("D1", on="1899-12-31", amount="1000000000000.00", due_date=date(2101, 1, 1))
    assert [(p.column, p.value, p.reason) for p in raised.value.problems] == [
        ("amount", "1000000000000.00", "must not be more than 999,999,999,999.99"),
        ("date", "1899-12-31", "must be between 1900-01-01 and 2100-12-31"),
        ("due_date", "2101-01-01", "must be between 1900-01-01 and 2100-12-31"),
    ]
    for record in (books.payment, books.adjustment):
        with pytest.raises(Rejected) as raised:
            record("C1", on="2101-01-01", amount="50000000000000000.00")
        assert [p.column for p in raised.value.problems] == ["amount", "date"]
    with pytest.raises(Rejected) as raised:
        books.customer("C2", credit_limit=Decimal("1000000000000"))
    assert [p.column for p in raised.value.problems] == ["credit_limit"]


def test_the_largest_documents_age_and_sum_exactly(books: Books) -> None:
    books.customer("C1", credit_limit=Decimal(LARGEST))
    for number in range(5):
        books.delivery(f"D{number}", on="2026-01-05", amount=LARGEST)
    books.delivery("EDGE", on="2100-12-31", amount="1.00")
    books.payment(on="1900-01-01", amount=LARGEST)
    assert sum(open_amounts(books, "2100-12-31").values()) == 4 * 99_999_999_999_999 + 100
    assert check_database(books.db) == []
