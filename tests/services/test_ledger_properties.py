"""Invariants of the ledger for any chronological history of deliveries, payments, adjustments and refunds."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import browse, ledger
from arddesk.services.aging import aging_detail, aging_report
from arddesk.services.errors import Rejected
from arddesk.services.importing import import_file
from arddesk.services.maintenance import check_database
from arddesk.store.audit import verify_records
from arddesk.store.db import Database, open_database

START = date(2025, 1, 1)
CUSTOMERS = {"C1": "N30", "C2": "B2", "C3": "B15", "C4": "N30D2"}


@dataclass(frozen=True)
class Entry:
    # delivery, payment, advance (a payment kept as credit), adjustment, refund (of a share of the customer's
    # credit that ``cents`` picks, one time in five a cent more than the credit: refused), or void (of the
    # earlier document ``cents`` picks)
    kind: str
    customer: str
    day: int
    cents: int
    applies_to_latest: bool = False

    @property
    def on(self) -> date:
        return START + timedelta(days=self.day)


entries = st.lists(
    st.builds(
        Entry,
        kind=st.sampled_from(["delivery", "delivery", "payment", "advance", "adjustment", "refund", "refund", "void"]),
        customer=st.sampled_from(sorted(CUSTOMERS)),
        day=st.integers(0, 400),
        cents=st.integers(1, 500_000),
        applies_to_latest=st.booleans(),
    ),
    max_size=25,
).map(lambda items: sorted(items, key=lambda entry: entry.day))


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """An empty company with the test's terms and customers, copied for each example."""
    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "template.sqlite", create=True)
    ledger.save_terms(database, Terms("N30", TermsKind.NET, days=30))
    ledger.save_terms(database, Terms("B2", TermsKind.BATCH))
    ledger.save_terms(database, Terms("B15", TermsKind.BATCH, days=15))
    # 2 % off a delivery paid within 10 days: payments then earn discount adjustments.
    ledger.save_terms(database, Terms("N30D2", TermsKind.NET, days=30, discount_percent=Decimal(2), discount_days=10))
    for code, terms in CUSTOMERS.items():
        ledger.save_customer(database, ledger.CustomerInput(code, f"Customer {code}", terms))
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    yield folder / "template.sqlite"
    shutil.rmtree(folder)


def replay(template: Path, history: list[Entry], until: date | None = None) -> tuple[Database, int]:
    """A company holding the history (only what is dated up to ``until``), entered in date order.

    Returns:
        The company and what it should be owed: deliveries and refunds less payments and adjustments recorded.
    """
    path = Path(tempfile.mkdtemp()) / "company.sqlite"
    shutil.copy(template, path)
    database = open_database(path)
    latest: dict[str, str] = {}
    posted: list[tuple[str, str, int]] = []  # (kind, number, what it did to the balance)
    number_customer: dict[str, str] = {}
    owed = 0
    for index, entry in enumerate(history):
        if until is not None and entry.on > until:
            continue
        if entry.kind == "void":
            if not posted:
                continue
            kind, number, change = posted[entry.cents % len(posted)]
            if kind == "delivery" and CUSTOMERS[number_customer[number]] != "N30":
                # A void of a batch delivery re-dates the one before it from the start: the mistaken
                # delivery never made it due. So an aging as of an earlier day differs on purpose.
                continue
            try:
                ledger.void_document(database, kind, number, "property test", on=entry.on)
            except Rejected:  # already void, or money a refund paid back (void the refund first)
                continue
            owed -= change
            continue
        amount = Decimal(entry.cents) / 100
        if entry.kind == "delivery":
            number = f"D{index}"
            ledger.record_delivery(database, ledger.DeliveryInput(number, entry.customer, entry.on, amount))
            latest[entry.customer] = number
            number_customer[number] = entry.customer
            owed += entry.cents
            posted.append(("delivery", number, entry.cents))
            continue
        if entry.kind == "refund":
            credit = browse.customer(database, entry.customer, entry.on).unapplied  # type: ignore[union-attr]
            cents = credit + 1 if entry.cents % 5 == 0 else max(1, credit * (entry.cents % 100 + 1) // 100)
            refund = ledger.MoneyInput(entry.customer, entry.on, Decimal(cents) / 100, "cash", number=f"R{index}")
            try:
                ledger.record_refund(database, refund)
            except Rejected:  # more than the credit standing on its day
                continue
            owed += cents
            posted.append(("refund", refund.number, cents))
            continue
        applies_to = latest.get(entry.customer, "") if entry.applies_to_latest else ""
        if entry.kind == "advance":
            applies_to = ledger.KEEP_AS_CREDIT
        kind = "discount" if entry.kind == "adjustment" else "transfer"
        item = ledger.MoneyInput(entry.customer, entry.on, amount, kind, number=f"M{index}", applies_to=applies_to)
        record = ledger.record_adjustment if entry.kind == "adjustment" else ledger.record_payment
        try:
            record(database, item)
        except Rejected:
            # Naming a delivery that is already paid is refused, in the full and the cut history alike.
            continue
        owed -= entry.cents
        posted.append(("adjustment" if entry.kind == "adjustment" else "payment", item.number, -entry.cents))
    return database, owed


def grid(database: Database, as_of: date) -> list[tuple[object, ...]]:
    report = aging_report(database, as_of, buckets="30,60,90")
    return [(line.key, line.not_due, line.buckets, line.unapplied) for line in report.lines]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=entries)
def test_balance_equals_aging_total_and_nothing_is_over_applied(template: Path, history: list[Entry]) -> None:
    database, owed = replay(template, history)
    try:
        far = START + timedelta(days=2000)
        assert aging_report(database, far).total.total == owed
        assert check_database(database) == []
        assert all(item.open > 0 for item in aging_detail(database, far))
    finally:
        database.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=entries, cut=st.integers(0, 420))
def test_aging_as_of_a_date_equals_the_ledger_cut_at_that_date(template: Path, history: list[Entry], cut: int) -> None:
    as_of = START + timedelta(days=cut)
    full, _ = replay(template, history)
    partial, _ = replay(template, history, until=as_of)
    try:
        assert grid(full, as_of) == grid(partial, as_of)
        full_detail = [(d.number, d.open, d.bucket, d.debt_class) for d in aging_detail(full, as_of)]
        assert full_detail == [(d.number, d.open, d.bucket, d.debt_class) for d in aging_detail(partial, as_of)]
    finally:
        full.close()
        partial.close()


# ---------------------------------------------------------------- one at a time or in one import


@dataclass(frozen=True)
class Money:
    kind: str  # payment or adjustment
    customer: str
    day: int
    cents: int
    method: str
    target: int  # which delivery applies_to names (negative: none named), when ``how`` names one
    how: str  # "" oldest first, "none" kept as credit, "named" the delivery, "part" part of it

    @property
    def on(self) -> date:
        return START + timedelta(days=self.day)


money = st.lists(
    st.builds(
        Money,
        kind=st.sampled_from(["payment", "payment", "adjustment"]),
        customer=st.sampled_from(sorted(CUSTOMERS)),
        day=st.integers(0, 420),
        cents=st.integers(1, 500_000),
        method=st.sampled_from(["cash", "transfer"]),
        target=st.integers(0, 30),
        how=st.sampled_from(["", "", "none", "named", "part"]),
    ),
    max_size=20,
).map(lambda items: sorted(items, key=lambda item: item.day))


def money_input(item: Money, deliveries: list[tuple[str, str]]) -> ledger.MoneyInput:
    """The item as entered; ``deliveries`` are (number, customer) of the history's deliveries."""
    own = [number for number, customer in deliveries if customer == item.customer]
    applies_to = item.how if item.how == "none" else ""
    if item.how in ("named", "part") and own:
        applies_to = own[item.target % len(own)]
        if item.how == "part":
            applies_to += f"={Decimal(max(1, item.cents // 3)) / 100}"
    kind = item.method if item.kind == "payment" else "rebate"
    return ledger.MoneyInput(item.customer, item.on, Decimal(item.cents) / 100, kind, applies_to=applies_to)


def books_of(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every allocation and every document's derived amounts, by number, as the file holds them."""
    assert database.path is not None
    with sqlite3.connect(database.path) as connection:
        return {
            "allocations": connection.execute(
                "SELECT d.number, COALESCE(p.number, j.number), a.amount, a.effective_date, a.released_on "
                "FROM allocation a JOIN delivery d ON d.id = a.delivery_id "
                "LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id "
                "ORDER BY 1, 2, 4"
            ).fetchall(),
            "documents": connection.execute(
                "SELECT number, amount, open_amount, settled_on, due_date FROM delivery UNION ALL "
                "SELECT number, amount, unapplied, applied_on, method FROM payment UNION ALL "
                "SELECT number, amount, unapplied, applied_on, kind FROM adjustment ORDER BY 1"
            ).fetchall(),
        }


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=entries, new=money)
def test_money_posted_one_at_a_time_or_in_one_import_gives_the_same_books(
    template: Path, history: list[Entry], new: list[Money]
) -> None:
    one, _ = replay(template, history)
    bulk, _ = replay(template, history)
    deliveries = [(f"D{index}", entry.customer) for index, entry in enumerate(history) if entry.kind == "delivery"]
    folder = Path(tempfile.mkdtemp())
    try:
        files: dict[str, list[list[str]]] = {"payment": [], "adjustment": []}
        for kind in ("payment", "adjustment"):
            record = ledger.record_payment if kind == "payment" else ledger.record_adjustment
            for item in (entry for entry in new if entry.kind == kind):
                entered = money_input(item, deliveries)
                try:
                    record(one, entered)
                except Rejected:  # a delivery named that is not open: left out of the file too
                    continue
                row = [entered.customer, entered.date.isoformat(), str(entered.amount), entered.kind]
                files[kind].append([*row, entered.applies_to, "agreed"])
        columns = ["customer", "date", "amount"]
        if files["payment"]:
            path = write_csv(folder / "p.csv", [*columns, "method", "applies_to", "note"], files["payment"])
            import_file(bulk, "payments", path, allow_duplicates=True)
        if files["adjustment"]:
            path = write_csv(folder / "a.csv", [*columns, "kind", "applies_to", "reason"], files["adjustment"])
            import_file(bulk, "adjustments", path, allow_duplicates=True)

        assert books_of(bulk) == books_of(one)
        for day in (0, 30, 100, 250, 420, 2000):
            assert grid(bulk, START + timedelta(days=day)) == grid(one, START + timedelta(days=day))
        assert check_database(bulk) == []
        with bulk.reading() as session:
            assert verify_records(session) == []
    finally:
        one.close()
        bulk.close()
        shutil.rmtree(folder)
