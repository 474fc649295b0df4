"""Several clerks at once on a server: nothing lost, nothing applied twice, the trail one unbroken chain.

Each clerk is a separate process with its own connection, as two desks are. Only on a server
(ARDDESK_TEST_DB): a company file has one writer at a time by its lock.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from arddesk.services import credit, ledger
from arddesk.services.errors import Rejected
from arddesk.services.maintenance import check_database
from arddesk.store.db import Database, open_database
from tests.conftest import ON_SERVER, Books

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

pytestmark = pytest.mark.skipif(not ON_SERVER, reason="a company file has one writer at a time (its lock)")

CLERKS = 4
ROUNDS = 12
CUSTOMERS = ("C1", "C2")


def _at_once(target: Callable[..., object], calls: list[tuple[object, ...]]) -> list[object]:
    """Run ``target(*call, start)`` in one process per call, all starting together; their results, in order."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(calls))
    answers: multiprocessing.Queue[tuple[int, object]] = context.Queue()
    workers = [
        context.Process(target=_report, args=(answers, index, target, (*call, start)))
        for index, call in enumerate(calls)
    ]
    for worker in workers:
        worker.start()
    found = dict(answers.get(timeout=300) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    return [found[index] for index in range(len(calls))]


def _report(answers: multiprocessing.Queue[tuple[int, object]], index: int, target: Callable[..., object],
            args: tuple[object, ...]) -> None:
    try:
        answers.put((index, target(*args)))
    except Exception as exc:  # told to the test, which fails on it, instead of a silent dead process
        answers.put((index, f"failed: {exc!r}"))


def _clerk(url: str, clerk: int, start: Barrier) -> tuple[int, int]:
    """Post deliveries and payments (applied oldest first) to the same customers; returns cents (delivered, paid)."""
    db = open_database(url)
    delivered = paid = 0
    start.wait()
    try:
        for turn in range(ROUNDS):
            customer = CUSTOMERS[turn % len(CUSTOMERS)]
            day = date(2026, 3, 1) + timedelta(days=turn)
            amount = Decimal(100 + clerk * 10 + turn)
            ledger.record_delivery(db, ledger.DeliveryInput(f"D{clerk}-{turn}", customer, day, amount))
            delivered += int(amount * 100)
            ledger.record_payment(db, ledger.MoneyInput(customer, day, amount / 2, "cash"))
            paid += int(amount * 50)
    finally:
        db.close()
    return delivered, paid


def _deliver_checked(url: str, number: str, start: Barrier) -> bool:
    db = open_database(url)
    start.wait()
    try:
        credit.record_delivery_checked(db, ledger.DeliveryInput(number, "C1", date(2026, 3, 2), Decimal("600.00")))
        return True
    except Rejected:
        return False
    finally:
        db.close()


def _balances(db: Database) -> dict[str, int]:
    from arddesk.services.aging import aging_report

    return {line.key: line.total for line in aging_report(db, date(2026, 12, 31)).lines}


def test_clerks_posting_at_once_lose_nothing_and_every_balance_matches_the_documents(books: Books) -> None:
    for code in CUSTOMERS:
        books.customer(code)
    url = books.db.engine.url.render_as_string(hide_password=False)
    results = _at_once(_clerk, [(url, clerk) for clerk in range(CLERKS)])
    assert check_database(books.db) == []
    owed = sum(delivered - paid for delivered, paid in results)  # type: ignore[misc]
    assert sum(_balances(books.db).values()) == owed
    per_customer = {code: 0 for code in CUSTOMERS}
    for clerk in range(CLERKS):
        for turn in range(ROUNDS):
            per_customer[CUSTOMERS[turn % len(CUSTOMERS)]] += (100 + clerk * 10 + turn) * 50
    assert _balances(books.db) == per_customer


def test_two_deliveries_racing_one_credit_limit_cannot_both_pass(books: Books) -> None:
    books.customer("C1", credit_limit=Decimal("1000.00"))
    url = books.db.engine.url.render_as_string(hide_password=False)
    passed = _at_once(_deliver_checked, [(url, f"RACE{n}") for n in range(3)])
    assert sorted(passed) == [False, False, True]
    assert _balances(books.db) == {"C1": 600_00}
    assert check_database(books.db) == []
