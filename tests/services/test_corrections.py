"""Voids and corrections: a saved document is reversed, never changed in place, and the trail says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arddesk.services import aging, audit, ledger
from arddesk.services import books as books_service
from arddesk.services.errors import Rejected
from arddesk.services.ledger import DeliveryInput, MoneyInput
from arddesk.text.messages import message_text
from tests.conftest import outside


def _open(db, as_of: str) -> dict[str, int]:
    """Open amount per delivery number as of a day."""
    return {item.number: item.open for item in aging.aging_detail(db, date.fromisoformat(as_of))}


def _total(db, as_of: str) -> int:
    return aging.aging_report(db, date.fromisoformat(as_of)).total.total


def test_voiding_a_payment_gives_the_money_back_to_the_delivery_from_the_day_of_the_void(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="1000.00")
    posted = books.payment("C1", on="2026-03-10", amount="1000.00")

    voided = ledger.void_document(db, "payment", posted.number, "typed 1000.00 for 100.00", on=date(2026, 3, 20))

    assert voided.on == date(2026, 3, 20) and voided.released == ("D1",)
    assert _open(db, "2026-03-15") == {}  # before the void: paid, as it was
    assert _open(db, "2026-03-20") == {"D1": 100000}
    assert _total(db, "2026-03-15") == 0
    assert _total(db, "2026-03-25") == 100000


def test_a_void_stays_visible_with_who_when_and_why(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="500.00")

    ledger.void_document(db, "delivery", "D1", "entered twice", on=date(2026, 3, 2))

    details = ledger.document(db, "delivery", "D1")
    assert details.document.voided_on == date(2026, 3, 2)
    assert details.void_reason == "entered twice" and details.voided_by and details.voided_at is not None
    assert _open(db, "2026-03-01") == {"D1": 50000}
    assert _open(db, "2026-03-02") == {}


@pytest.mark.parametrize(
    ("reason", "twice", "expected"),
    [("", False, "a void needs a reason"), ("mistake", True, "already void")],
)
def test_a_void_without_reason_or_of_a_void_document_is_refused(db, books, reason, twice, expected):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="500.00")
    if twice:
        ledger.void_document(db, "delivery", "D1", "first", on=date(2026, 3, 2))
    with pytest.raises(Rejected, match=expected):
        ledger.void_document(db, "delivery", "D1", reason, on=date(2026, 3, 3))


def test_voiding_a_delivery_turns_its_payment_into_credit(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="300.00")
    books.payment("C1", on="2026-03-05", amount="300.00")

    ledger.void_document(db, "delivery", "D1", "wrong customer", on=date(2026, 3, 8))

    report = aging.aging_report(db, date(2026, 3, 8))
    assert report.total.unapplied == -30000 and report.total.total == -30000
    assert aging.aging_report(db, date(2026, 3, 6)).total.total == 0


def test_correcting_a_payment_voids_it_and_links_the_new_one(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="1000.00")
    wrong = books.payment("C1", on="2026-03-10", amount="1000.00")

    voided, posted = ledger.correct_money(
        db,
        "payment",
        wrong.number,
        "the bank statement says 100.00",
        MoneyInput("C1", date(2026, 3, 10), Decimal("100.00"), "transfer"),
        on=date(2026, 3, 12),
    )

    assert voided.number == wrong.number
    assert ledger.document(db, "payment", posted.number).corrects == wrong.number
    assert ledger.document(db, "payment", wrong.number).corrected_by == (posted.number,)
    assert _open(db, "2026-03-12") == {"D1": 90000}
    # Between the wrong payment and its void, the books were as they were recorded then.
    assert _open(db, "2026-03-11") == {"D1": 0} or _open(db, "2026-03-11") == {}


def test_a_bad_correction_changes_nothing(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="1000.00")
    with pytest.raises(Rejected, match="no such customer"):
        ledger.correct_delivery(
            db, "D1", "wrong amount", DeliveryInput("D1-R", "NOPE", date(2026, 3, 1), Decimal("10.00"))
        )
    assert ledger.document(db, "delivery", "D1").document.voided_on is None
    assert _open(db, "2026-03-05") == {"D1": 100000}


def test_money_freed_by_a_void_does_not_count_before_the_void(db, books):
    """A later payment that fills the room a void made is effective no earlier than the void."""
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="100.00")
    first = books.payment("C1", on="2026-03-02", amount="100.00")
    ledger.void_document(db, "payment", first.number, "cheque bounced", on=date(2026, 3, 20))
    books.payment("C1", on="2026-03-05", amount="100.00")  # entered after the void, dated before it

    assert _open(db, "2026-03-10") == {}  # paid once then, not twice: the second is still credit then
    assert _total(db, "2026-03-10") == -10000
    assert _total(db, "2026-03-21") == 0


def test_voiding_a_payment_voids_the_discount_it_earned(db, books):
    books.terms("D2", "net", days=30, discount_percent=Decimal("2"), discount_days=10)
    books.customer("C1", terms="D2")
    books.delivery("D1", "C1", on="2026-03-01", amount="100.00")
    posted = books.payment("C1", on="2026-03-05", amount="98.00")
    assert posted.discounts == (("D1", 200),)

    voided = ledger.void_document(db, "payment", posted.number, "wrong customer", on=date(2026, 3, 6))

    assert voided.also_voided == (f"DSC-{posted.number}-D1",)
    assert _open(db, "2026-03-06") == {"D1": 10000}


def test_the_trail_records_the_void_with_its_reason_and_the_money_that_moved(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="1000.00")
    posted = books.payment("C1", on="2026-03-10", amount="1000.00")

    ledger.void_document(db, "payment", posted.number, "bounced", on=date(2026, 3, 20))

    entries = [(r.action, r.table, r.record, r.field, r.reason) for r in audit.history(db, "payment", posted.number)]
    assert entries[0][:4] == ("post", "payment", posted.number, "")
    assert ("void", "payment", posted.number, "voided_on", "bounced") in entries
    assert ("void", "payment", posted.number, "allocations", "bounced") in entries
    assert audit.check_books(db).findings == []


def test_check_names_an_amount_changed_behind_arddesks_back(db, books, tmp_path):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="5322.00")
    assert audit.check_books(db).findings == []

    outside(db, "UPDATE delivery SET amount = amount + 10000000, open_amount = open_amount + 10000000")

    findings = [message_text(f.message) for f in audit.check_books(db).findings]
    assert findings == [
        "delivery D1, amount: changed outside arddesk: the audit trail says 5,322.00, the file has 105,322.00"
    ]


def test_check_finds_an_edited_or_removed_audit_entry(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="10.00")
    books.delivery("D2", "C1", on="2026-03-02", amount="20.00")
    outside(db, "UPDATE audit_entry SET reason = 'nothing to see' WHERE record = 'D1'")
    assert "this audit entry was changed" in str(audit.check_books(db).findings[0])
    outside(db, "DELETE FROM audit_entry WHERE record = 'D1'")
    assert "missing from the audit trail" in str(audit.check_books(db).findings[0])


def test_a_row_added_outside_arddesk_is_named(db, books):
    books.customer("C1")
    outside(db, "INSERT INTO terms (code, kind, days, created_at, created_by, updated_at, updated_by) "
                "VALUES ('X', 'cod', NULL, '2026-01-01', 'x', '2026-01-01', 'x')")
    findings = [str(f) for f in audit.check_books(db).findings]
    assert findings == ["terms X: not in the audit trail: added outside arddesk"]


def test_closed_books_refuse_postings_and_voids_dated_on_or_before_the_date(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="100.00")
    books_service.close_books(db, date(2026, 3, 31), None)

    with pytest.raises(Rejected, match="closed through 2026-03-31"):
        books.payment("C1", on="2026-03-31", amount="10.00")
    with pytest.raises(Rejected, match="closed through 2026-03-31"):
        ledger.void_document(db, "delivery", "D1", "mistake", on=date(2026, 3, 15))
    books.payment("C1", on="2026-04-01", amount="10.00")
    ledger.void_document(db, "delivery", "D1", "mistake", on=date(2026, 4, 2))


def test_the_aging_by_bucket_agrees_before_and_after_a_void(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-01-01", amount="100.00")
    books.delivery("D2", "C1", on="2026-02-01", amount="50.00")
    books.payment("C1", on="2026-02-10", amount="120.00")
    before = aging.aging_report(db, date(2026, 3, 1), buckets="30,60")
    payment = ledger.document(db, "delivery", "D1").allocations[0].number

    ledger.void_document(db, "payment", payment, "wrong", on=date(2026, 3, 5))

    again = aging.aging_report(db, date(2026, 3, 1), buckets="30,60")
    assert again == before
