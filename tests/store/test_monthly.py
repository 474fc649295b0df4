"""The monthly sums of the deliveries (``customer_month``) equal a recomputation from the deliveries,
whatever is posted, voided, paid, imported or copied; and what the early warnings read of them."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from arddesk.domain.dates import add_months
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import ledger
from arddesk.services.errors import Rejected
from arddesk.services.importing import import_file
from arddesk.services.maintenance import check_database
from arddesk.services.transfer import copy_company
from arddesk.store import monthly
from arddesk.store import risk as store
from arddesk.store.db import Database, open_database
from arddesk.store.models import Customer, Delivery
from tests.conftest import Books, outside

Key = tuple[str, int, int]
Sums = tuple[int, int, int, int]
START = date(2025, 1, 1)
CUSTOMERS = {"C1": "N30", "C2": "B2"}


def recomputed(db: Database) -> dict[Key, Sums]:
    """The sums, from the deliveries, in Python: (deliveries, delivered, settled, days late) per customer and month."""
    found: dict[Key, list[int]] = {}
    with db.reading() as session:
        rows = session.execute(
            select(
                Customer.code,
                Delivery.date,
                Delivery.amount,
                Delivery.voided_on,
                Delivery.settled_on,
                Delivery.due_date,
            ).join(Customer, Customer.id == Delivery.customer_id)
        ).all()
    for code, day, amount, voided, settled, due in rows:
        sums = found.setdefault((code, day.year, day.month), [0, 0, 0, 0])
        sums[0] += 1
        sums[1] += 0 if voided else amount
        if settled is not None and due is not None:
            sums = found.setdefault((code, settled.year, settled.month), [0, 0, 0, 0])
            sums[2] += 1
            sums[3] += max(0, (settled - due).days)
    return {key: (a, b, c, d) for key, (a, b, c, d) in found.items()}


def kept(db: Database) -> dict[Key, Sums]:
    """The sums as the table holds them (rows whose sums all came back to zero left out)."""
    with db.reading() as session:
        rows = session.execute(
            text(
                "SELECT c.code, m.year, m.month, m.deliveries, m.delivered, m.settled, m.days_late "
                "FROM customer_month m JOIN customer c ON c.id = m.customer_id"
            )
        ).all()
    return {(code, y, m): (a, b, c, d) for code, y, m, a, b, c, d in rows if (a, b, c, d) != (0, 0, 0, 0)}


def expected_purchases(db: Database, as_of: date) -> dict[str, tuple[tuple[int, int], dict[tuple[int, int], int]]]:
    """What the purchase-spike rule reads, from the deliveries: first month ever, cents per month read."""
    month = (as_of.year, as_of.month)
    wanted = {add_months(*month, -k) for k in range(14)} | {
        add_months(*month, -12 * k + back) for k in (2, 3) for back in (-1, 0)
    }
    bought: dict[str, dict[tuple[int, int], int]] = {}
    first: dict[str, tuple[int, int]] = {}
    with db.reading() as session:
        rows = session.execute(
            select(Customer.code, Delivery.date, Delivery.amount, Delivery.voided_on).join(
                Customer, Customer.id == Delivery.customer_id
            )
        ).all()
    for code, day, amount, voided in rows:
        first[code] = min(first.get(code, (9999, 12)), (day.year, day.month))
        if voided is None and day <= as_of and (day.year, day.month) in wanted:
            months = bought.setdefault(code, {})
            months[(day.year, day.month)] = months.get((day.year, day.month), 0) + amount
    return {code: (first[code], months) for code, months in bought.items()}


def expected_pay_history(db: Database, as_of: date) -> dict[str, dict[tuple[int, int], tuple[int, int]]]:
    """What the days-to-pay rule reads, from the deliveries: per month settled, (how many, days late)."""
    start = date(*add_months(as_of.year, as_of.month, -17), 1)
    found: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
    with db.reading() as session:
        rows = session.execute(
            select(Customer.code, Delivery.settled_on, Delivery.due_date).join(
                Customer, Customer.id == Delivery.customer_id
            )
        ).all()
    for code, settled, due in rows:
        if settled is None or due is None or not start <= settled <= as_of:
            continue
        months = found.setdefault(code, {})
        count, late = months.get((settled.year, settled.month), (0, 0))
        months[(settled.year, settled.month)] = (count + 1, late + max(0, (settled - due).days))
    return found


def read_by_warnings(db: Database, as_of: date) -> tuple[dict[str, object], dict[str, object]]:
    with db.reading() as session:
        purchases = {code: (h.first, h.months) for code, h in store.monthly_purchases(session, as_of).items()}
        history = {
            code: {m: (n, late) for m, n, late in months} for code, months in store.pay_history(session, as_of).items()
        }
    return purchases, history


# ---------------------------------------------------------------- any history


@dataclass(frozen=True)
class Entry:
    # delivery, payment (oldest first), part (part of the latest delivery), or void (of the earlier document
    # ``cents`` picks); ``day`` counts from START
    kind: str
    customer: str
    day: int
    cents: int


entries = st.lists(
    st.builds(
        Entry,
        kind=st.sampled_from(["delivery", "delivery", "payment", "part", "void"]),
        customer=st.sampled_from(sorted(CUSTOMERS)),
        day=st.integers(0, 420),
        cents=st.integers(1, 300_000),
    ),
    max_size=25,
).map(lambda items: sorted(items, key=lambda entry: entry.day))


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """An empty company with a net-30 and a batch customer, copied for each example."""
    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "template.sqlite", create=True)
    ledger.save_terms(database, Terms("N30", TermsKind.NET, days=30))
    ledger.save_terms(database, Terms("B2", TermsKind.BATCH))
    for code, terms in CUSTOMERS.items():
        ledger.save_customer(database, ledger.CustomerInput(code, f"Customer {code}", terms))
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    yield folder / "template.sqlite"
    shutil.rmtree(folder)


def replay(database: Database, history: list[Entry]) -> None:
    posted: list[tuple[str, str]] = []
    latest: dict[str, str] = {}
    for index, entry in enumerate(history):
        on = START + timedelta(days=entry.day)
        amount = Decimal(entry.cents) / 100
        try:
            if entry.kind == "void":
                if posted:
                    kind, number = posted[entry.cents % len(posted)]
                    ledger.void_document(database, kind, number, "property test", on=on)
            elif entry.kind == "delivery":
                number = f"D{index}"
                ledger.record_delivery(database, ledger.DeliveryInput(number, entry.customer, on, amount))
                posted.append(("delivery", number))
                latest[entry.customer] = number
            else:
                applies_to = latest.get(entry.customer, "") if entry.kind == "part" else ""
                payment = ledger.MoneyInput(
                    entry.customer, on, amount, "transfer", number=f"P{index}", applies_to=applies_to
                )
                ledger.record_payment(database, payment)
                posted.append(("payment", f"P{index}"))
        except Rejected:  # a void of a void, a payment naming a paid delivery, a date before the document
            continue


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=entries, cut=st.integers(0, 450))
def test_after_any_postings_and_voids_the_sums_equal_the_deliveries(
    template: Path, history: list[Entry], cut: int
) -> None:
    folder = Path(tempfile.mkdtemp())
    shutil.copy(template, folder / "company.sqlite")
    database = open_database(folder / "company.sqlite")
    try:
        replay(database, history)
        assert kept(database) == recomputed(database)
        assert check_database(database) == []
        as_of = START + timedelta(days=cut)
        purchases, pay = read_by_warnings(database, as_of)
        assert purchases == expected_purchases(database, as_of)
        assert pay == expected_pay_history(database, as_of)
    finally:
        database.close()
        shutil.rmtree(folder)


# ---------------------------------------------------------------- each way of writing, on either database


def test_postings_payments_voids_and_imports_keep_the_sums(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-10", amount="100.00")  # due 2026-02-09
    books.delivery("D2", on="2026-01-20", amount="50.00")  # due 2026-02-19
    paid = books.payment(on="2026-03-01", amount="100.00")  # D1 settled 20 days late
    path = tmp_path / "d.csv"
    path.write_text("number,customer,date,amount\nD3,C1,2026-02-05,30.00\nD4,C1,2026-02-06,20.00\n", encoding="utf-8")
    import_file(books.db, "deliveries", path)
    ledger.void_document(books.db, "delivery", "D4", "typed twice", on=date(2026, 2, 7))
    assert kept(books.db) == {
        ("C1", 2026, 1): (2, 15000, 0, 0),
        ("C1", 2026, 2): (2, 3000, 1, 0),  # D4 void: settled on its void day (before due), not sold
        ("C1", 2026, 3): (0, 0, 1, 20),
    }
    assert kept(books.db) == recomputed(books.db)
    ledger.void_document(books.db, "payment", paid.number, "bounced", on=date(2026, 3, 2))  # D1 open again
    assert kept(books.db) == {("C1", 2026, 1): (2, 15000, 0, 0), ("C1", 2026, 2): (2, 3000, 1, 0)}
    assert kept(books.db) == recomputed(books.db)
    assert check_database(books.db) == []


def test_check_names_the_months_that_drifted(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-10", amount="100.00")
    outside(books.db, "UPDATE customer_month SET delivered = delivered + 1")
    assert [str(problem) for problem in check_database(books.db)] == [
        "the monthly sums of deliveries disagree with the deliveries: C1 2026-01",
    ]


def test_a_delivery_removed_outside_is_taken_out_of_the_sums(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-10", amount="100.00")
    books.delivery("D2", on="2026-01-11", amount="40.00")
    outside(books.db, "DELETE FROM audit_entry")  # the trail would name the removal; only the sums matter here
    outside(books.db, "DELETE FROM delivery WHERE number = 'D2'")
    assert kept(books.db) == {("C1", 2026, 1): (1, 10000, 0, 0)}


def test_a_copy_rebuilds_the_sums(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-10", amount="100.00")
    books.payment(on="2026-02-20", amount="60.00")
    books.delivery("D2", on="2026-02-11", amount="40.00")
    copied = copy_company(books.db, tmp_path / "copy.sqlite")
    assert copied.differences == [] and copied.problems == []
    copy = open_database(tmp_path / "copy.sqlite")
    try:
        assert kept(copy) == kept(books.db) == recomputed(books.db)
    finally:
        copy.close()


def test_the_as_of_month_counts_only_up_to_the_as_of_day(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")  # due 2026-02-04
    books.delivery("D2", on="2026-01-25", amount="40.00")  # due 2026-02-24
    books.payment(on="2026-02-10", amount="100.00")  # D1: 6 days late
    books.payment(on="2026-02-26", amount="40.00")  # D2: 2 days late
    purchases, pay = read_by_warnings(books.db, date(2026, 1, 20))
    assert purchases == {"C1": ((2026, 1), {(2026, 1): 10000})}
    assert pay == {}
    purchases, pay = read_by_warnings(books.db, date(2026, 2, 15))
    assert purchases == {"C1": ((2026, 1), {(2026, 1): 14000})}
    assert pay == {"C1": {(2026, 2): (1, 6)}}
    _, pay = read_by_warnings(books.db, date(2026, 2, 28))
    assert pay == {"C1": {(2026, 2): (2, 8)}}


def test_monthly_objects_are_not_models() -> None:
    assert monthly.is_sums_object("customer_month") and not monthly.is_sums_object("delivery")
