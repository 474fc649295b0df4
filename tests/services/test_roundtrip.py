"""Export → import is exact: any small company, exported kind by kind and imported into an empty one,
comes back with the same sealed records, field by field."""

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

from arddesk.domain.terms import Terms, TermsKind
from arddesk.reports.tables import write_table
from arddesk.services import credit, ledger, plan
from arddesk.services.errors import Rejected
from arddesk.services.exporting import export_rows
from arddesk.services.importing import KINDS, import_file
from arddesk.store import audit
from arddesk.store.db import Database, open_database

START = date(2026, 1, 1)
# What an export carries; settings and incentives are the company's own, not exported.
TABLES = ("terms", "department", "rep", "customer", "delivery", "payment", "adjustment", "collection_target")
DOCUMENTS = ("delivery", "payment", "adjustment")

# Free text as people type it: CJK, accents, emoji, quotes, commas, line breaks, formula-like starts.
# Control characters other than tab and line breaks cannot be stored in an .xlsx file at all.
free_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from(["\n", "\r", "\t", "=", "+", "-", "@", '"', "'", ",", ";", " "]),
    ),
    max_size=12,
).filter(lambda text: not text.isspace())
names = free_text.filter(lambda text: text.strip() != "").map(str.strip)
plain_codes = st.from_regex(r"[0-9A-Za-z\-]{1,8}", fullmatch=True)


@dataclass(frozen=True)
class Person:
    code: str
    name: str
    department: int | None
    head: bool
    phone: str
    active: bool


@dataclass(frozen=True)
class Client:
    code: str
    name: str
    terms: str
    rep: int | None
    department: int | None
    limit: int | None
    hold: str
    hold_reason: str
    avoid: str
    address: str
    phone: str
    language: str


@dataclass(frozen=True)
class Document:
    kind: str  # delivery, payment, adjustment, void
    customer: int
    day: int
    cents: int
    text: str
    choice: int


@dataclass(frozen=True)
class Target:
    period: str
    rep: int
    kind: str
    year: int
    cents: int


@dataclass(frozen=True)
class Company:
    departments: list[str]
    department_names: list[str]
    people: list[Person]
    clients: list[Client]
    documents: list[Document]
    targets: list[Target]


@st.composite
def companies(draw: st.DrawFn) -> Company:
    departments = draw(st.lists(st.sampled_from(["EAST", "西区", "007"]), max_size=2, unique=True))
    department_names = [draw(names) for _ in departments]
    department_choice = st.none() | st.sampled_from(range(len(departments))) if departments else st.none()
    people = []
    headed: set[int] = set()
    for code in draw(st.lists(st.sampled_from(["R1", "R2", "R3", "0042"]), min_size=1, max_size=3, unique=True)):
        department = draw(department_choice)
        active = draw(st.booleans())
        head = department is not None and active and department not in headed and draw(st.booleans())
        if head:
            headed.add(department)
        people.append(Person(code, draw(names), department, head, draw(st.just("") | plain_codes), active))
    rep_choice = st.none() | st.sampled_from(range(len(people)))
    clients = [
        Client(
            code,
            draw(names),
            draw(st.sampled_from(["N30", "COD", "M25"])),
            draw(rep_choice),
            draw(department_choice),
            draw(st.none() | st.integers(0, 10_000_000)),
            draw(st.sampled_from(["normal", "restricted", "stop"])),
            draw(names),
            draw(st.sampled_from(["", "mon", "1,2", "fri,15"])),
            draw(free_text),
            draw(st.just("") | plain_codes),
            draw(st.sampled_from(["zh", "en"])),
        )
        for code in draw(st.lists(st.sampled_from(["C1", "C2", "C3"]), min_size=1, max_size=3, unique=True))
    ]
    documents = draw(
        st.lists(
            st.builds(
                Document,
                kind=st.sampled_from(["delivery", "delivery", "payment", "adjustment", "void"]),
                customer=st.integers(0, len(clients) - 1),
                day=st.integers(0, 120),
                cents=st.integers(1, 500_000),
                text=free_text,
                choice=st.integers(0, 9),
            ),
            max_size=8,
        )
    )
    targets = draw(
        st.lists(
            st.builds(
                Target,
                period=st.sampled_from(["2026-01", "2026Q1", "2026-02"]),
                rep=st.integers(0, len(people) - 1),
                kind=st.sampled_from(["normal", "abnormal", "out_of_stock"]),
                year=st.sampled_from([0, 2025]),
                cents=st.integers(0, 900_000),
            ),
            max_size=3,
            unique_by=lambda t: (t.period, t.rep, t.kind, t.year),
        )
    )
    return Company(departments, department_names, people, clients, documents, targets)


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """An empty company, copied for each example (faster than running the migrations each time)."""
    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "template.sqlite", create=True)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    yield folder / "template.sqlite"
    shutil.rmtree(folder)


def fresh(template: Path) -> Database:
    path = Path(tempfile.mkdtemp()) / "company.sqlite"
    shutil.copy(template, path)
    return open_database(path)


def build(database: Database, company: Company) -> None:
    """Enter the company as a clerk would, through the services."""
    ledger.save_terms(database, Terms("N30", TermsKind.NET, days=30))
    ledger.save_terms(database, Terms("COD", TermsKind.COD))
    ledger.save_terms(database, Terms("M25", TermsKind.MONTHLY, day_of_month=25, months=1, cutoff_day=20))
    departments = company.departments
    for person in company.people:
        department = "" if person.department is None else departments[person.department]
        name = "" if person.department is None else company.department_names[person.department]
        ledger.save_staff(
            database,
            ledger.StaffInput(
                person.code,
                person.name,
                department,
                "head" if person.head else "rep",
                person.phone,
                person.active,
                name,
            ),
        )
    for client in company.clients:
        ledger.save_customer(
            database,
            ledger.CustomerInput(
                client.code, client.name, client.terms,
                None if client.limit is None else Decimal(client.limit) / 100,
                rep="" if client.rep is None else company.people[client.rep].code,
                department="" if client.department is None else departments[client.department],
                phone=client.phone, address=client.address, language=client.language,
            ),
        )  # fmt: skip
        if client.hold != "normal":
            limit = None if client.limit is None else Decimal(client.limit) / 100
            credit.set_credit_limit(database, client.code, limit, client.hold_reason, hold=client.hold)
        if client.avoid:
            plan.set_avoid_days(database, client.code, client.avoid)
    posted: list[tuple[str, str]] = []
    for index, document in enumerate(company.documents):
        customer = company.clients[document.customer].code
        on = START + timedelta(days=document.day)
        amount = Decimal(document.cents) / 100
        try:
            if document.kind == "delivery":
                number = f"D{index}"
                ledger.record_delivery(database, ledger.DeliveryInput(number, customer, on, amount, note=document.text))
            elif document.kind == "payment":
                applies = ("", "none")[document.choice % 2]
                method = ledger.METHODS[document.choice % 3]
                item = ledger.MoneyInput(customer, on, amount, method, applies_to=applies, text=document.text)
                number = ledger.record_payment(database, item).number
            elif document.kind == "adjustment":
                kind = ledger.ADJUSTMENT_KINDS[document.choice % 4]
                reason = document.text if document.text.strip() else "why"
                number = ledger.record_adjustment(
                    database, ledger.MoneyInput(customer, on, amount, kind, text=reason)
                ).number
            elif posted:
                kind, number = posted[document.choice % len(posted)]
                ledger.void_document(database, kind, number, document.text or "why", on=on)
                continue
            else:
                continue
        except Rejected:
            continue
        posted.append((document.kind, number))
    for target in company.targets:
        rep = company.people[target.rep].code
        plan.set_target(database, target.period, rep, target.kind, target.year, Decimal(target.cents) / 100)


@dataclass(frozen=True)
class Freed:
    """What voids freed: the payments and adjustments with money a void gave back (or applied after their
    own day), ``(table, number)``, and the deliveries a void reopened. Such money and room count again
    from the day of the void, where an import counts them from the documents' own dates: allocations
    that use them are compared without their days."""

    money: set[tuple[str, str]]
    deliveries: set[str]


def freed_by_voids(database: Database) -> Freed:
    with database.reading() as session:
        released = [
            (table, key, item.partition("=")[0])
            for table in ("payment", "adjustment")
            for key, fields in audit.snapshot(session, table).items()
            for item in fields["allocations"].split(";")
            if "~" in item
        ]
        # Credit applied later (to a delivery posted after the payment) is exported as the payment's
        # allocation and imported on the payment's own day: its allocations are compared without days.
        applied_later = {
            (table, key)
            for table in ("payment", "adjustment")
            for key, fields in audit.snapshot(session, table).items()
            for item in fields["allocations"].split(";")
            if "@" in item and item.partition("@")[2].partition("~")[0] != fields["date"]
        }
    money = {(table, key) for table, key, _ in released} | applied_later
    return Freed(money, {delivery for _, _, delivery in released})


def _allocations_in_force(text: str, money_freed: bool, freed: Freed) -> str:
    # Allocations a void released are not exported: the books as they stand are.
    in_force = [item for item in text.split(";") if item and "~" not in item]
    return ";".join(
        item.partition("@")[0] if money_freed or item.partition("=")[0] in freed.deliveries else item
        for item in in_force
    )


def sealed(database: Database, freed: Freed) -> dict[str, dict[str, dict[str, str]]]:
    """Every exported table's sealed records; documents without the voided ones and their links,
    and without the days of allocations that use what voids ``freed``."""
    with database.reading() as session:
        tables = {table: audit.snapshot(session, table) for table in TABLES}
    for table in DOCUMENTS:
        tables[table] = {
            key: {
                **{name: value for name, value in fields.items() if name != "corrects"},
                **(
                    {"allocations": _allocations_in_force(fields["allocations"], (table, key) in freed.money, freed)}
                    if "allocations" in fields
                    else {}
                ),
            }
            for key, fields in tables[table].items()
            if fields["voided_on"] == ""
        }
    return tables


def exported(database: Database) -> dict[str, list[list[object]]]:
    return {kind: [list(row) for row in export_rows(database, kind)[1]] for kind in KINDS}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=companies(), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_company_exported_and_imported_into_an_empty_one_is_the_same(
    template: Path, company: Company, suffix: str
) -> None:
    original, copy = fresh(template), fresh(template)
    folder = Path(tempfile.mkdtemp())
    try:
        build(original, company)
        for kind in KINDS:
            header, rows = export_rows(original, kind)
            write_table(folder / f"{kind}{suffix}", header, rows)
        for kind in KINDS:
            import_file(copy, kind, folder / f"{kind}{suffix}")
        freed = freed_by_voids(original)
        assert sealed(copy, freed) == sealed(original, freed)
        assert exported(copy) == exported(original)  # hold reasons too: they are not sealed
    finally:
        original.close()
        copy.close()
        shutil.rmtree(folder)


def test_early_payment_discounts_come_back_from_the_payments(books, tmp_path: Path) -> None:
    books.terms("D2", "net", days=30, discount_percent=Decimal("2"), discount_days=10)
    books.customer("C1", terms="D2")
    books.delivery("D1", "C1", on="2026-03-01", amount="100.00")
    books.payment("C1", on="2026-03-05", amount="98.00")
    fresh = open_database(tmp_path / "fresh.sqlite", create=True)
    try:
        for kind in ("terms", "customers", "deliveries", "payments", "adjustments"):
            header, rows = export_rows(books.db, kind)
            if kind == "adjustments":
                rows = list(rows)
                assert rows == []  # the discount is the payment's: importing it earns the discount again
            path = tmp_path / f"{kind}.csv"
            write_table(path, header, rows)
            import_file(fresh, kind, path)
        with books.db.reading() as before, fresh.reading() as after:
            for table in ("delivery", "payment", "adjustment"):
                assert audit.snapshot(after, table) == audit.snapshot(before, table), table
    finally:
        fresh.close()
