"""Payments and adjustments posted in bulk: one file, allocated in memory, written at once, as if one by one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from arddesk.services import ledger
from arddesk.services.books import close_books
from arddesk.services.errors import Rejected
from arddesk.services.importing import import_file
from arddesk.services.maintenance import check_database
from arddesk.store.audit import verify_records
from tests.conftest import Books, in_words
from tests.services.test_importing import csv_file

MONEY_HEADER = ["number", "customer", "date", "amount", "method", "applies_to"]


def _rows(books: Books, sql: str) -> list[tuple[object, ...]]:
    """Rows as stored, dates as ISO text (as SQLite keeps them; PostgreSQL gives dates)."""
    with books.db.reading() as session:
        return [
            tuple(value.isoformat() if isinstance(value, date) else value for value in row)
            for row in session.execute(text(sql))
        ]


def allocations(books: Books) -> list[tuple[object, ...]]:
    """(delivery, payment or adjustment, amount, effective, released) of every allocation."""
    return _rows(
        books,
        "SELECT d.number, COALESCE(p.number, j.number), a.amount, a.effective_date, a.released_on "
        "FROM allocation a JOIN delivery d ON d.id = a.delivery_id "
        "LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id "
        "ORDER BY 2, 1",
    )


def derived(books: Books) -> list[tuple[object, ...]]:
    """(number, open or unapplied, settled or applied on) of every document."""
    return _rows(
        books,
        "SELECT number, open_amount, settled_on FROM delivery UNION ALL "
        "SELECT number, unapplied, applied_on FROM payment UNION ALL "
        "SELECT number, unapplied, applied_on FROM adjustment ORDER BY 1",
    )


def audit_clean(books: Books) -> bool:
    with books.db.reading() as session:
        return verify_records(session) == []


def test_a_file_is_allocated_in_date_order_whatever_its_row_order(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.delivery("D2", on="2026-02-05", amount="100.00")
    path = csv_file(
        tmp_path / "p.csv",
        [MONEY_HEADER, ["P-LATE", "C1", "2026-03-20", "100", "", ""], ["P-EARLY", "C1", "2026-01-20", "100", "", ""]],
    )
    import_file(books.db, "payments", path)
    # The earlier money met the older delivery, on its own date; the later one the next.
    assert allocations(books) == [
        ("D1", "P-EARLY", 10000, "2026-01-20", None),
        ("D2", "P-LATE", 10000, "2026-03-20", None),
    ]
    assert check_database(books.db) == [] and audit_clean(books)


def test_explicit_oldest_first_credit_and_early_discounts_in_one_file(books: Books, tmp_path: Path) -> None:
    books.terms("N30D2", "net", days=30, discount_percent=Decimal("2"), discount_days=10)  # type: ignore[arg-type]
    books.customer("C1", terms="N30D2")
    books.customer("C2")
    books.delivery("D1", "C1", on="2026-03-01", amount="1000.00")
    books.delivery("D2", "C1", on="2026-03-02", amount="500.00")
    books.delivery("D3", "C2", on="2026-03-01", amount="300.00")
    path = csv_file(
        tmp_path / "p.csv",
        [
            MONEY_HEADER,
            ["", "C1", "2026-03-05", "980.00", "transfer", "D1"],  # the discounted price in time: 2 % off D1
            ["", "C2", "2026-03-06", "400.00", "cash", ""],  # D3 in full, 100.00 left as credit
            ["", "C1", "2026-03-30", "100.00", "", "none"],  # kept as credit
            ["", "C1", "2026-03-31", "50.00", "", ""],  # oldest open first: D2
        ],
    )
    summary = import_file(books.db, "payments", path)
    assert (summary.count, summary.unapplied) == (4, Decimal("200.00"))
    assert allocations(books) == [
        ("D1", "DSC-PAY0000001-D1", 2000, "2026-03-05", None),
        ("D1", "PAY0000001", 98000, "2026-03-05", None),
        ("D3", "PAY0000002", 30000, "2026-03-06", None),
        ("D2", "PAY0000004", 5000, "2026-03-31", None),
    ]
    assert derived(books) == [
        ("D1", 0, "2026-03-05"),
        ("D2", 45000, None),
        ("D3", 0, "2026-03-06"),
        ("DSC-PAY0000001-D1", 0, "2026-03-05"),
        ("PAY0000001", 0, "2026-03-05"),
        ("PAY0000002", 10000, None),
        ("PAY0000003", 10000, None),
        ("PAY0000004", 0, "2026-03-31"),
    ]
    assert check_database(books.db) == [] and audit_clean(books)


def test_money_released_by_a_void_counts_again_only_from_the_void(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    first = books.payment(on="2026-01-10", amount="100.00")
    ledger.void_document(books.db, "payment", first.number, "bounced", on=date(2026, 2, 15))
    path = csv_file(tmp_path / "p.csv", [MONEY_HEADER, ["P2", "C1", "2026-02-01", "100", "", ""]])
    import_file(books.db, "payments", path)
    assert allocations(books) == [
        ("D1", "P2", 10000, "2026-02-15", None),
        ("D1", first.number, 10000, "2026-01-10", "2026-02-15"),
    ]
    assert check_database(books.db) == [] and audit_clean(books)


def test_a_delivery_paid_by_several_rows_of_a_file_and_more_than_it_owes(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    books.adjustment(on="2026-01-06", amount="30.00", applies_to="D1", reason="damaged")
    path = csv_file(
        tmp_path / "a.csv",
        [
            ["number", "customer", "date", "amount", "kind", "applies_to", "reason"],
            ["A1", "C1", "2026-01-20", "50", "return", "D1", "cartons"],
            ["A2", "C1", "2026-01-21", "50", "rebate", "", "Q1"],
        ],
    )
    import_file(books.db, "adjustments", path)
    assert [row for row in derived(books) if row[0] in ("D1", "A1", "A2")] == [
        ("A1", 0, "2026-01-20"),
        ("A2", 3000, None),
        ("D1", 0, "2026-01-21"),
    ]
    assert check_database(books.db) == [] and audit_clean(books)


def test_a_row_whose_applies_to_cannot_be_met_after_earlier_rows_stops_the_file(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="100.00")
    path = csv_file(
        tmp_path / "p.csv",
        [MONEY_HEADER, ["P1", "C1", "2026-02-01", "100", "", ""], ["P2", "C1", "2026-02-02", "10", "", "D1"]],
    )
    with pytest.raises(Rejected) as refused:
        import_file(books.db, "payments", path)
    assert [(p.row, p.column, p.value) for p in refused.value.problems] == [(3, "applies_to", "D1")]
    assert "not an open delivery" in refused.value.problems[0].reason
    assert allocations(books) == [] and derived(books) == [("D1", 10000, None)]


def test_generated_numbers_pass_over_those_taken(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    taken = ledger.record_payment(
        books.db, ledger.MoneyInput("C1", date(2026, 1, 1), Decimal(1), "cash", number="PAY0000002")
    )
    assert taken.id == 1
    path = csv_file(
        tmp_path / "p.csv",
        [
            MONEY_HEADER,
            ["", "C1", "2026-01-02", "2", "", ""],
            ["PAY0000003", "C1", "2026-01-03", "3", "", ""],
            ["", "C1", "2026-01-04", "4", "", ""],
        ],
    )
    import_file(books.db, "payments", path)
    # The first blank row's number passes over PAY0000002 (in the books) and PAY0000003 (in the file).
    assert [(row[0], row[1]) for row in derived(books)] == [
        ("PAY0000002", 100),
        ("PAY0000003", 300),
        ("PAY0000004", 200),
        ("PAY0000005", 400),
    ]


def test_money_in_closed_books_is_refused_with_its_row(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    close_books(books.db, date(2026, 1, 31), None)
    path = csv_file(
        tmp_path / "p.csv",
        [MONEY_HEADER, ["P1", "C1", "2026-02-01", "1", "", ""], ["P2", "C1", "2026-01-31", "1", "", ""]],
    )
    with pytest.raises(Rejected) as refused:
        import_file(books.db, "payments", path)
    assert [(p.row, p.column, p.value, p.reason) for p in in_words(refused.value.problems)] == [
        (3, "date", "2026-01-31", "the books are closed through 2026-01-31")
    ]


def test_progress_is_told_as_rows_are_posted_and_may_stop_the_import(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="1000000.00")
    rows: list[list[object]] = [MONEY_HEADER]
    rows += [[f"P{i}", "C1", "2026-02-01", "1", "", ""] for i in range(5000)]
    path = csv_file(tmp_path / "p.csv", rows)
    told: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        told.append((done, total))
        if done == total:
            raise Stop

    with pytest.raises(Stop):
        import_file(books.db, "payments", path, progress)
    assert told == [(0, 5000), (0, 5000), (2000, 5000), (4000, 5000), (5000, 5000)]
    assert derived(books) == [("D1", 100000000, None)]
    assert import_file(books.db, "payments", path).count == 5000
    assert derived(books)[0] == ("D1", 100000000 - 500000, None)
