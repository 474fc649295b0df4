"""Moving a company between databases: a copy holds the same rows, checks clean, and takes new work.

Each test runs on the database the suite runs on (ARDDESK_TEST_DB): on PostgreSQL the
company goes from the server to a file and back to an empty database on the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from arddesk.services import ledger, transfer
from arddesk.services.aging import aging_report
from arddesk.services.maintenance import check_database
from arddesk.store.db import Database, DatabaseRefused, open_database
from tests.conftest import ON_SERVER, Books


def _company(books: Books) -> None:
    books.customer("C1")
    books.customer("C2", name="王记商行")
    books.delivery("D1", "C1", on="2026-03-01", amount="1200.00")
    books.delivery("D2", "C1", on="2026-04-01", amount="99999999999.99")
    books.delivery("D3", "C2", on="2026-04-02", amount="50.00")
    books.payment("C1", on="2026-04-15", amount="1500.00")
    books.adjustment("C2", on="2026-04-20", amount="5.00")
    ledger.void_document(books.db, "delivery", "D3", "entered twice")


def _aging(db: Database) -> list[tuple[str, int]]:
    return [(line.key, line.total) for line in aging_report(db, date(2026, 6, 30)).lines]


@contextmanager
def _opened(target: str | Path) -> Iterator[Database]:
    db = open_database(target)
    try:
        yield db
    finally:
        db.close()


def test_a_company_copied_to_an_empty_database_and_back_holds_the_same_and_checks_clean(
    books: Books, company_address: str, tmp_path: Path
) -> None:
    _company(books)
    copied = transfer.copy_company(books.db, company_address)
    assert copied.equal
    assert copied.rows["delivery"] == 3
    assert copied.rows["audit_entry"] > 10
    with _opened(company_address) as there:
        assert transfer.copy_company(there, tmp_path / "back.sqlite").equal
        expected = [("C1", 99_999_999_999_99 + 1200_00 - 1500_00), ("C2", 50_00 - 5_00)]
        assert _aging(there) == _aging(books.db) == expected
        # New work in the copy takes ids after the copied ones, and shows as a difference.
        ledger.record_payment(there, ledger.MoneyInput("C2", date(2026, 5, 1), Decimal("1.00"), "cash"))
        assert check_database(there) == []
        assert [d.table for d in transfer.compare(there, books.db)] == ["audit_entry", "payment"]
    with _opened(tmp_path / "back.sqlite") as back:
        assert transfer.compare(back, books.db) == []
        assert check_database(back) == []


def test_a_copy_refuses_a_file_that_exists_and_leaves_it_alone(books: Books, tmp_path: Path) -> None:
    _company(books)
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"someone's notes")
    with pytest.raises(DatabaseRefused, match="already exists"):
        transfer.copy_company(books.db, taken)
    assert taken.read_bytes() == b"someone's notes"


def test_a_copy_refuses_a_database_that_holds_a_company(books: Books, company_address: str) -> None:
    _company(books)
    open_database(company_address, create=True).close()
    with pytest.raises(DatabaseRefused, match="already"):
        transfer.copy_company(books.db, company_address)
    with _opened(company_address) as there:
        assert _aging(there) == []


def test_a_backup_restores_into_an_empty_database_as_the_same_company(
    books: Books, company_address: str, tmp_path: Path
) -> None:
    _company(books)
    backup = tmp_path / "backup.sqlite"
    transfer.backup(books.db, backup)
    with _opened(backup) as saved:
        assert transfer.copy_company(saved, company_address).equal
    with _opened(company_address) as restored:
        assert transfer.compare(restored, books.db) == []
        assert check_database(restored) == []


@pytest.mark.skipif(not ON_SERVER, reason="the planner statistics of a server")
def test_a_copy_onto_a_server_leaves_the_planner_knowing_how_many_rows_each_table_holds(
    books: Books, company_address: str
) -> None:
    _company(books)
    transfer.copy_company(books.db, company_address)
    with _opened(company_address) as there, there.reading() as session:
        counted = session.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'delivery'")).scalar()
    assert counted == 3  # -1 until the table is analyzed
