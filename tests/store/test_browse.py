"""Database errors a clerk can act on are put in words."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from sqlalchemy.exc import OperationalError

from arddesk.services import ledger
from arddesk.services.browse import MoneyFilter, count_money, money_page
from arddesk.store.browse import friendly_database_error
from arddesk.text.messages import error_text as describe_error


def test_locked_database():
    error = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    assert "locked by another program" in describe_error(error)


def test_missing_file():
    error = OperationalError("SELECT", {}, sqlite3.OperationalError("unable to open database file"))

    assert "cannot be read any more" in str(friendly_database_error(error))


def test_other_errors_are_not_database_errors():
    assert friendly_database_error(ValueError("x")) is None


def test_payments_sorted_by_date_page_exactly_as_the_whole_list_sorted(db, books):
    books.customer("C1")
    books.customer("C2")
    # Equal dates across the three tables: ties break by source name, then id.
    for n in range(14):
        day = f"2026-09-{1 + n % 4:02}"
        books.payment("C1" if n % 2 else "C2", on=day, amount=f"{20 + n}.00", applies_to="none")
        if n % 3 == 0:
            books.adjustment("C1", on=day, amount=f"{n + 1}.00")
    ledger.record_refund(db, ledger.MoneyInput("C1", date(2026, 9, 2), Decimal("2.00"), "cash", "RF-1"))
    ledger.record_refund(db, ledger.MoneyInput("C2", date(2026, 9, 4), Decimal("3.00"), "cash", "RF-2"))
    flt = MoneyFilter()
    total = count_money(db, flt)
    assert total == 14 + 5 + 2
    everything = money_page(db, flt, "amount", limit=total)  # not by date: the whole union, sorted outside
    newest_first = sorted(everything, key=lambda r: (r.date, r.source, r.id), reverse=True)

    for descending, expected in ((True, newest_first), (False, newest_first[::-1])):
        for offset, limit in ((0, 5), (3, 4), (7, 6), (15, 6), (18, 10)):
            page = money_page(db, flt, "date", descending, offset, limit, total)
            assert [(r.source, r.id) for r in page] == [(r.source, r.id) for r in expected[offset : offset + limit]]
    payments = money_page(db, MoneyFilter(source="payment", customer="C1"), "date", True, 0, 3, None)
    assert [r.amount for r in payments] == [3100, 2700, 2300]  # n = 11, 7, 3: C1's three on 2026-09-04, newest id first
