"""Shared fixtures: a fresh company database per test and builders that read like the business."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arddesk import text
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import ledger, owner
from arddesk.store.db import Database, open_database


class FakeClock(owner.Clock):
    """Time that passes only when a test says so, or when a wrong password's delay is waited out."""

    def __init__(self) -> None:
        self.time = 1_800_000_000.0
        self.waits: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.time += seconds


@pytest.fixture(autouse=True)
def owner_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """No test sleeps after a wrong password: the delays are recorded in ``waits`` instead."""
    fake = FakeClock()
    monkeypatch.setattr(owner, "clock", fake)
    return fake


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """An empty company database in a temporary file."""
    database = open_database(tmp_path / "company.sqlite", create=True)
    yield database
    database.close()


class Books:
    """Builders over a database: ``books.delivery("D1", "C1", on="2026-03-31", amount="1200.00")``."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def terms(self, code: str = "N30", kind: str = "net", **fields: int) -> str:
        if kind == "net" and not fields:
            fields = {"days": 30}
        ledger.save_terms(self.db, Terms(code, TermsKind(kind), **fields))
        return code

    def customer(self, code: str = "C1", *, terms: str = "N30", name: str | None = None, **fields: object) -> str:
        customer = ledger.CustomerInput(code, name or f"Customer {code}", terms, **fields)  # type: ignore[arg-type]
        ledger.save_customer(self.db, customer)
        return code

    def delivery(self, number: str, customer: str = "C1", *, on: str, amount: str, **fields: object) -> str:
        ledger.record_delivery(
            self.db,
            ledger.DeliveryInput(number, customer, date.fromisoformat(on), Decimal(amount), **fields),  # type: ignore[arg-type]
        )
        return number

    def payment(
        self, customer: str = "C1", *, on: str, amount: str, applies_to: str = "", method: str = "transfer"
    ) -> ledger.Posted:
        return ledger.record_payment(
            self.db, ledger.MoneyInput(customer, date.fromisoformat(on), Decimal(amount), method, applies_to=applies_to)
        )

    def adjustment(
        self,
        customer: str = "C1",
        *,
        on: str,
        amount: str,
        kind: str = "discount",
        applies_to: str = "",
        reason: str = "agreed",
    ) -> ledger.Posted:
        return ledger.record_adjustment(
            self.db,
            ledger.MoneyInput(
                customer, date.fromisoformat(on), Decimal(amount), kind, applies_to=applies_to, text=reason
            ),
        )


@pytest.fixture
def books(db: Database) -> Books:
    """Builders on a company that already has net-30 terms ("N30")."""
    result = Books(db)
    result.terms()
    return result


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test reads English (the source texts, whatever the machine's locale), and is switched back after."""
    text.use_language(text.ENGLISH)
    yield
    text.use_language(text.ENGLISH)
