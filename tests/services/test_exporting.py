"""Exporting: the tables import back into a fresh company exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arddesk.reports.tables import write_table
from arddesk.services.credit import credit_history, set_credit_limit
from arddesk.services.errors import Rejected
from arddesk.services.exporting import export_rows
from arddesk.services.importing import KINDS, import_file
from arddesk.services.ledger import StaffInput, save_staff, void_document
from arddesk.services.plan import set_avoid_days, set_target
from arddesk.store.db import Database, open_database
from tests.conftest import Books


def rows_of(db: Database, kind: str) -> list[list[object]]:
    return [list(row) for row in export_rows(db, kind)[1]]


@pytest.fixture
def company(books: Books) -> Books:
    """A small company that uses every column: all terms kinds, allocations of every shape."""
    books.terms("COD", "cod")
    books.terms("EOM15", "eom", days=15)
    books.terms("M25", "monthly", day_of_month=25, months=1, cutoff_day=20)
    books.terms("B2", "batch", days=45)
    books.customer("C1", name="华东五金", rep="R1", department="EAST", credit_limit=Decimal("50000.00"))
    books.customer(
        "C2", terms="B2", name="=cmd|' /C calc'!A0", rep="R2", grade="A", phone="-0571 8888",
        address="杭州\n西湖区", language="en", settlement_days="5,20", distance_km=12, procedure="complex",
    )  # fmt: skip
    books.customer("007", terms="COD", name="Bond")
    books.delivery("D1", "C1", on="2026-01-05", amount="1200.00", note="@first")
    books.delivery("D2", "C1", on="2026-01-20", amount="300.10", due_date=date(2026, 3, 1), category="abnormal")
    books.delivery("D3", "C2", on="2026-02-01", amount="99.99", rep="R1", model="old")
    books.delivery("D4", "C2", on="2026-02-10", amount="50.00", model="new")
    books.payment("007", on="2026-01-01", amount="10.00")  # an advance: nothing open yet
    books.delivery("D5", "007", on="2026-02-11", amount="10.00")  # takes the advance as it goes out
    books.payment("C1", on="2026-02-01", amount="500.00")
    books.payment("C1", on="2026-02-02", amount="900.00", applies_to="D2=100.00;D1")
    books.payment("C2", on="2026-02-03", amount="20.00", method="cash", applies_to="none")
    books.adjustment("C2", on="2026-02-15", amount="9.99", kind="return", applies_to="D3=9.99", reason="+broken")
    books.adjustment("C1", on="2026-02-16", amount="0.10", kind="write_off", reason="rounding")
    # A delivery and its payment, both void: neither is exported.
    books.delivery("D6", "C1", on="2026-02-20", amount="5.00")
    payment = books.payment("C1", on="2026-02-21", amount="5.00", applies_to="D6")
    void_document(books.db, "payment", payment.number, "bounced", on=date(2026, 2, 22))
    void_document(books.db, "delivery", "D6", "never sent", on=date(2026, 2, 22))
    save_staff(books.db, StaffInput("R1", "王伟", "EAST", "head", "138", department_name="华东销售部"))
    save_staff(books.db, StaffInput("R9", "Left Us", "EAST", active=False))
    set_credit_limit(books.db, "C2", None, "owes since March", hold="stop")
    set_avoid_days(books.db, "C1", "mon,1")
    set_target(books.db, "2026Q1", "R1", "abnormal", 2025, "1200.50")
    return books


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_import_export_gives_the_same_rows(company: Books, tmp_path: Path, suffix: str) -> None:
    fresh = open_database(tmp_path / "fresh.sqlite", create=True)
    try:
        for kind in KINDS:
            header, rows = export_rows(company.db, kind)
            write_table(tmp_path / f"{kind}{suffix}", header, rows)
        for kind in KINDS:
            import_file(fresh, kind, tmp_path / f"{kind}{suffix}")
        for kind in KINDS:
            assert rows_of(fresh, kind) == rows_of(company.db, kind), kind
    finally:
        fresh.close()


def test_the_headers_are_the_english_column_names(company: Books) -> None:
    assert export_rows(company.db, "payments")[0] == [
        "number", "customer", "date", "amount", "kind", "method", "applies_to", "note",
    ]  # fmt: skip
    assert export_rows(company.db, "adjustments")[0] == [
        "number", "customer", "date", "amount", "kind", "applies_to", "reason",
    ]  # fmt: skip


def test_deliveries_carry_only_what_overrides_the_defaults(company: Books) -> None:
    # A due date only when it was fixed by hand; a rep only when it is not the customer's.
    assert rows_of(company.db, "deliveries") == [
        ["D1", "C1", date(2026, 1, 5), Decimal("1200.00"), None, None, "normal", None, "@first"],
        ["D2", "C1", date(2026, 1, 20), Decimal("300.10"), date(2026, 3, 1), None, "abnormal", None, None],
        ["D3", "C2", date(2026, 2, 1), Decimal("99.99"), None, "R1", "normal", "old", None],
        ["D4", "C2", date(2026, 2, 10), Decimal("50.00"), None, None, "normal", "new", None],
        ["D5", "007", date(2026, 2, 11), Decimal("10.00"), None, None, "normal", None, None],
    ]


def test_money_carries_its_allocations_and_none_for_pure_credit(company: Books) -> None:
    payments = rows_of(company.db, "payments")
    assert [(row[1], row[2], row[3], row[6]) for row in payments] == [
        ("007", date(2026, 1, 1), Decimal("10.00"), "D5=10.00"),
        ("C1", date(2026, 2, 1), Decimal("500.00"), "D1=500.00"),
        # 100.00 left over, applied to D2 as D6 went out: D2 named once with both.
        ("C1", date(2026, 2, 2), Decimal("900.00"), "D2=200.00;D1=700.00"),
        ("C2", date(2026, 2, 3), Decimal("20.00"), "none"),
    ]
    adjustments = rows_of(company.db, "adjustments")
    assert [(row[4], row[5], row[6]) for row in adjustments] == [
        ("return", "D3=9.99", "+broken"),
        ("write_off", "D2=0.10", "rounding"),
    ]


def test_customers_and_terms(company: Books) -> None:
    customers = rows_of(company.db, "customers")
    assert [row[0] for row in customers] == ["007", "C1", "C2"]
    assert customers[2] == [
        "C2", "=cmd|' /C calc'!A0", "B2", None, "R2", None, "A", "-0571 8888", "杭州\n西湖区",
        "en", "5,20", 12, "complex", "stop", "owes since March", None, *[None] * 7,
    ]  # fmt: skip
    assert customers[1][13:16] == ["normal", None, "mon,1"]
    assert rows_of(company.db, "terms")[0] == ["B2", "batch", 45, None, None, None, None, None]


def test_staff_and_targets(company: Books) -> None:
    assert rows_of(company.db, "staff") == [
        ["R1", "王伟", "EAST", "head", "138", "yes", "华东销售部"],
        ["R2", "R2", None, "rep", None, "yes", None],  # made by the customers import: no department
        ["R9", "Left Us", "EAST", "rep", None, "no", "华东销售部"],
    ]
    assert rows_of(company.db, "targets") == [["2026Q1", "R1", None, "abnormal", 2025, Decimal("1200.50")]]


def test_a_hold_comes_back_with_its_reason(company: Books, tmp_path: Path) -> None:
    fresh = open_database(tmp_path / "fresh.sqlite", create=True)
    try:
        for kind in KINDS:
            write_table(tmp_path / f"{kind}.csv", *export_rows(company.db, kind))
            import_file(fresh, kind, tmp_path / f"{kind}.csv")
        change = credit_history(fresh, "C2")[0]
        assert (change.field, change.old_value, change.new_value, change.reason) == (
            "hold", "normal", "stop", "owes since March",
        )  # fmt: skip
    finally:
        fresh.close()


def test_a_hold_imported_without_a_reason_stays_without_one(books: Books, tmp_path: Path) -> None:
    books.terms("N30")
    path = tmp_path / "customers.csv"
    path.write_text("code,name,terms,hold,avoid_days\nC1,Alpha,N30,restricted,星期一\n", encoding="utf-8")
    import_file(books.db, "customers", path)
    assert rows_of(books.db, "customers")[0][13:16] == ["restricted", None, "mon"]
    history = credit_history(books.db, "C1")
    assert [(c.old_value, c.new_value, c.reason) for c in history] == [("normal", "restricted", "")]


def test_payment_habits_and_a_cap_come_back_from_an_export(books: Books, tmp_path: Path) -> None:
    """Seed 001 §4 (how a customer pays) and §8 (a restricted customer's cap per delivery), with Chinese headers."""
    books.terms("N30")
    path = tmp_path / "customers.csv"
    path.write_text(
        "编码,名称,结算方式,停供状态,每单上限,付款方式,审批人,签字人,对账,发票,付款备注\n"
        "C1,Alpha,N30,restricted,2000,现金,王总,李会计 周二下午,是,专票,转账两天到账\n"
        "C2,Beta,N30,,,transfer,,,no,ordinary,\n",
        encoding="utf-8",
    )
    import_file(books.db, "customers", path)
    rows = rows_of(books.db, "customers")
    assert [row[13:14] + row[16:] for row in rows] == [
        ["restricted", Decimal("2000.00"), "cash", "王总", "李会计 周二下午", "yes", "vat", "转账两天到账"],
        ["normal", None, "transfer", None, None, "no", "ordinary", None],
    ]
    fresh = open_database(tmp_path / "fresh.sqlite", create=True)
    try:
        for kind in ("terms", "customers"):
            write_table(tmp_path / f"{kind}.csv", *export_rows(books.db, kind))
            import_file(fresh, kind, tmp_path / f"{kind}.csv")
        assert rows_of(fresh, "customers") == rows
    finally:
        fresh.close()


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("C3,Gamma,N30,normal,500,", "delivery_cap", "only a restricted customer has a cap per delivery"),
        ("C3,Gamma,N30,restricted,0,", "delivery_cap", "must be more than 0 (blank: no cap)"),
        ("C3,Gamma,N30,restricted,,receipt", "invoice", "must be ordinary or vat"),
    ],
)
def test_bad_habits_or_caps_are_refused(books: Books, tmp_path: Path, line: str, column: str, reason: str) -> None:
    books.terms("N30")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"code,name,terms,hold,delivery_cap,invoice\n{line}\n", encoding="utf-8")
    with pytest.raises(Rejected) as refused:
        import_file(books.db, "customers", bad)
    assert [(p.column, p.reason) for p in refused.value.problems] == [(column, reason)]


def test_a_void_releases_what_it_held_and_neither_is_exported(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-01-05", amount="100.00")
    books.delivery("D2", "C1", on="2026-01-06", amount="50.00")
    books.payment("C1", on="2026-01-20", amount="120.00")  # D1 100.00, D2 20.00
    void_document(books.db, "delivery", "D2", "sent twice", on=date(2026, 1, 25))

    assert [row[0] for row in rows_of(books.db, "deliveries")] == ["D1"]
    assert [row[6] for row in rows_of(books.db, "payments")] == ["D1=100.00"]  # 20.00 is a credit again


def test_an_empty_company_exports_headers_only(db: Database, tmp_path: Path) -> None:
    header, rows = export_rows(db, "deliveries")
    assert list(rows) == []
    write_table(tmp_path / "d.xlsx", header, rows)
    assert import_file(db, "deliveries", tmp_path / "d.xlsx").count == 0
