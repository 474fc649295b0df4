"""Staff as real records: import and export, heads, the audit trail, moving a rep's customers."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arddesk.domain.incentives import Role
from arddesk.services import incentives, staff
from arddesk.services.audit import audit_rows
from arddesk.services.errors import Rejected
from arddesk.services.exporting import export_rows
from arddesk.services.importing import import_file
from arddesk.services.ledger import StaffInput, save_staff
from arddesk.services.maintenance import check_database
from arddesk.store.db import Database
from arddesk.store.staff import StaffRow
from tests.conftest import Books, in_words


def csv_file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def problems_of(db: Database, kind: str, path: Path) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(Rejected) as caught:
        import_file(db, kind, path)
    return [(p.row, p.column, p.value, p.reason) for p in in_words(caught.value.problems)]


def listed(db: Database, search: str = "") -> list[StaffRow]:
    return staff.staff_page(db, search)


STAFF = [
    ["编码", "姓名", "部门", "角色", "电话", "在职"],
    ["R1", "王伟", "EAST", "head", "13800138000", "是"],
    ["R2", "Li Na", "EAST", "rep", "", "yes"],
    ["R3", "赵强", "WEST", "业务员", "021-1234", "离职"],
]


def test_staff_imported_with_chinese_headers_is_listed_and_exported_in_english(db: Database, tmp_path: Path) -> None:
    assert import_file(db, "staff", csv_file(tmp_path / "staff.csv", STAFF)).count == 3

    assert listed(db) == [
        StaffRow("R1", "王伟", "EAST", "EAST", "head", "13800138000", True, 0),
        StaffRow("R2", "Li Na", "EAST", "EAST", "rep", "", True, 0),
        StaffRow("R3", "赵强", "WEST", "WEST", "rep", "021-1234", False, 0),
    ]
    header, rows = export_rows(db, "staff")
    assert header == ["code", "name", "department", "role", "phone", "active", "department_name"]
    assert list(rows) == [
        ["R1", "王伟", "EAST", "head", "13800138000", "yes", "EAST"],
        ["R2", "Li Na", "EAST", "rep", None, "yes", "EAST"],
        ["R3", "赵强", "WEST", "rep", "021-1234", "no", "WEST"],
    ]
    assert [row.code for row in listed(db, "li n")] == ["R2"]  # search as you type: code, name, phone, department
    assert [row.code for row in listed(db, "WEST")] == ["R3"]


def test_a_bad_staff_file_imports_nothing_and_names_each_bad_row(db: Database, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "staff.csv",
        [
            ["code", "name", "department", "role", "active"],
            ["R1", "Wang", "EAST", "head", "yes"],
            ["R2", "", "EAST", "boss", "maybe"],
            ["R1", "Wang again", "EAST", "rep", "yes"],
            ["R4", "Zhao", "EAST", "head", "no"],
            ["R5", "Qian", "", "head", "yes"],
        ],
    )
    assert problems_of(db, "staff", path) == [
        (3, "name", "", "required"),
        (3, "active", "maybe", "must be yes or no"),
        (4, "code", "R1", "appears twice in the file"),
        (5, "role", "head", "R1 is also named head of EAST"),
        (5, "active", "no", "a department's head must be active"),
        (6, "department", "", "a head needs the department they lead"),
    ]
    assert listed(db) == []


def test_a_new_head_replaces_the_old_one_and_a_head_saved_as_rep_heads_nothing(db: Database) -> None:
    save_staff(db, StaffInput("R1", "Wang", "EAST", "head"))
    save_staff(db, StaffInput("R2", "Li", "EAST", "head"))
    assert [(row.code, row.role) for row in listed(db)] == [("R1", "rep"), ("R2", "head")]

    save_staff(db, StaffInput("R2", "Li", "EAST", "rep"))
    assert [(row.code, row.role) for row in listed(db)] == [("R1", "rep"), ("R2", "rep")]

    save_staff(db, StaffInput("R1", "Wang", "EAST", "head"))
    save_staff(db, StaffInput("R1", "Wang", "WEST", "head"))  # moved: heads WEST, no longer EAST
    rows = export_rows(db, "staff")[1]
    assert [(row[0], row[2], row[3]) for row in rows] == [("R1", "WEST", "head"), ("R2", "EAST", "rep")]


def test_a_department_is_found_by_code_or_by_name_and_can_be_renamed(db: Database, tmp_path: Path) -> None:
    save_staff(db, StaffInput("R1", "Wang", "EAST", department_name="华东销售部"))
    path = csv_file(
        tmp_path / "staff.csv",
        [
            ["code", "name", "department", "department_name"],
            ["R2", "Li", "华东销售部", ""],
            ["R3", "Zhao", "NORTH", ""],
        ],
    )
    import_file(db, "staff", path)
    assert [(row.code, row.department, row.department_name) for row in listed(db)] == [
        ("R1", "EAST", "华东销售部"),
        ("R2", "EAST", "华东销售部"),
        ("R3", "NORTH", "NORTH"),  # a new department is named by its code until it gets a name
    ]
    save_staff(db, StaffInput("R3", "Zhao", "NORTH", department_name="华北部"))
    assert listed(db, "R3")[0].department_name == "华北部"


def test_every_staff_change_is_in_the_audit_trail_and_the_check_stays_clean(db: Database) -> None:
    save_staff(db, StaffInput("R1", "Wang", "EAST", "head", phone="138"))
    save_staff(db, StaffInput("R1", "Wang Wei", "EAST", "rep", phone="139", active=False))

    changes = {
        (entry.table, entry.record, entry.field): (entry.old, entry.new)
        for entry in audit_rows(db)
        if entry.table in ("rep", "department") and entry.field
    }
    assert changes == {
        ("rep", "R1", "name"): ("Wang", "Wang Wei"),
        ("rep", "R1", "phone"): ("138", "139"),
        ("rep", "R1", "active"): ("1", "0"),
        ("department", "EAST", "head"): ("R1", ""),
    }
    assert check_database(db) == []


def test_a_head_imported_through_staff_gets_a_bonus_statement(db: Database, tmp_path: Path) -> None:
    files = {
        "terms": [["code", "kind", "days"], ["N30", "net", "30"]],
        "staff": STAFF,
        "customers": [["code", "name", "terms", "rep", "department"], ["C1", "Alpha", "N30", "R1", "EAST"],
                      ["C2", "Beta", "N30", "R2", "EAST"]],
        "deliveries": [["number", "customer", "date", "amount"], ["D1", "C1", "2026-05-02", "1000.00"],
                       ["D2", "C2", "2026-05-03", "500.00"]],
        "payments": [["customer", "date", "amount"], ["C1", "2026-06-10", "400.00"], ["C2", "2026-06-11", "500.00"]],
    }  # fmt: skip
    for kind, rows in files.items():
        import_file(db, kind, csv_file(tmp_path / f"{kind}.csv", rows))

    result = incentives.calculate(db, "2026Q2")

    head = result.statement("R1", Role.HEAD)
    assert head is not None
    assert (head.name, head.department, head.collected) == ("王伟", "EAST", Decimal("900.00"))
    assert result.statement("R2", Role.HEAD) is None


@pytest.fixture
def two_reps(books: Books) -> Books:
    save_staff(books.db, StaffInput("R1", "Wang", "EAST", phone="138"))
    save_staff(books.db, StaffInput("R2", "Li", "WEST", "head"))
    save_staff(books.db, StaffInput("R3", "Zhao", "WEST", active=False))
    books.customer("C1", name="Alpha", rep="R1", department="EAST")
    books.customer("C2", name="Beta", rep="R1", department="EAST")
    books.customer("C3", name="Gamma", rep="R2", department="WEST")
    books.delivery("D1", "C1", on="2026-05-01", amount="1000.00")
    books.delivery("D2", "C2", on="2026-06-20", amount="250.00")
    books.payment("C1", on="2026-06-01", amount="300.00")
    return books


def test_moving_a_reps_customers_hands_them_over_with_their_balances(two_reps: Books) -> None:
    db = two_reps.db

    handover = staff.move_customers(db, "R1", "R2", "Wang left the company", on=date(2026, 6, 30))

    assert (handover.from_rep, handover.from_name, handover.to_rep, handover.to_name) == ("R1", "Wang", "R2", "Li")
    assert handover.customers == (
        staff.HandedOver("C1", "Alpha", 70_000, 70_000),  # due 2026-05-31 on 30 days' terms: overdue
        staff.HandedOver("C2", "Beta", 25_000, 0),
    )
    assert (handover.balance, handover.overdue) == (95_000, 70_000)
    customers = {row[0]: (row[4], row[5]) for row in export_rows(db, "customers")[1]}
    assert customers == {"C1": ("R2", "WEST"), "C2": ("R2", "WEST"), "C3": ("R2", "WEST")}
    # The deliveries already made keep the rep who made them.
    assert [row[5] for row in export_rows(db, "deliveries")[1]] == ["R1", "R1"]
    moved = [(e.record, e.field, e.old, e.new, e.reason) for e in audit_rows(db) if e.action == "handover"]
    assert moved == [
        ("C1", "department", "EAST", "WEST", "Wang left the company"),
        ("C1", "rep", "R1", "R2", "Wang left the company"),
        ("C2", "department", "EAST", "WEST", "Wang left the company"),
        ("C2", "rep", "R1", "R2", "Wang left the company"),
    ]
    assert [row.customers for row in listed(db)] == [0, 3, 0]


@pytest.mark.parametrize(
    ("from_rep", "to_rep", "reason", "expected"),
    [
        ("R1", "R2", " ", [("reason", "", "say why the customers move; it is kept in the audit trail")]),
        ("R1", "R1", "why", [("to_rep", "R1", "choose another rep than the one handing over")]),
        ("R1", "R3", "why", [("to_rep", "R3", "this rep is not active")]),
        ("R9", "R2", "why", [("from_rep", "R9", "no such rep")]),
        ("R3", "R2", "why", [("from_rep", "R3", "this rep has no customers")]),
    ],
)
def test_moving_customers_is_refused_with_a_reason_and_moves_nothing(
    two_reps: Books, from_rep: str, to_rep: str, reason: str, expected: list[tuple[str, str, str]]
) -> None:
    with pytest.raises(Rejected) as caught:
        staff.move_customers(two_reps.db, from_rep, to_rep, reason)
    assert [(p.column, p.value, p.reason) for p in caught.value.problems] == expected
    assert [row.customers for row in listed(two_reps.db)] == [2, 1, 0]


def test_reps_offered_in_forms_are_the_active_ones(two_reps: Books) -> None:
    assert staff.rep_choices(two_reps.db) == [("R1", "Wang"), ("R2", "Li")]
    assert staff.rep_choices(two_reps.db, keep="R3") == [("R1", "Wang"), ("R2", "Li"), ("R3", "Zhao")]
