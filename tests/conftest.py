"""Shared fixtures: a fresh company database per test and builders that read like the business."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, make_url

from arddesk import text
from arddesk.domain.problems import Problem
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import ledger, owner
from arddesk.store.db import Database, open_database
from arddesk.text.messages import reason_text


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


SERVER_ENVIRONMENT = "ARDDESK_TEST_DB"
"""Set to a PostgreSQL URL (an existing maintenance database, e.g. ``postgresql+psycopg://postgres@/postgres?host=/tmp/x``)
to run every test that uses the ``db`` fixture on that server instead of a temporary SQLite file."""
SERVER: URL | None = make_url(os.environ[SERVER_ENVIRONMENT]) if os.environ.get(SERVER_ENVIRONMENT) else None
ON_SERVER = SERVER is not None
sqlite_only = pytest.mark.skipif(ON_SERVER, reason="about the SQLite company file itself (locks, backups, damage)")
"""Marks a test that is about the company *file*; it has no meaning on a server."""


def in_words(problems: Iterable[Problem]) -> list[Problem]:
    """The problems as a person reads them in English: each reason filled with its figures (no params left)."""
    return [Problem(p.row, p.column, p.value, reason_text(p)) for p in problems]


def outside(db: Database, sql: str) -> None:
    """Change the company behind arddesk's back: another program's connection, committed at once."""
    if db.is_sqlite:
        connection = sqlite3.connect(db.location)
        with connection:
            connection.execute(sql)
        connection.close()
        return
    engine = create_engine(db.engine.url)
    with engine.begin() as other:
        other.execute(sql_text(sql))
    engine.dispose()


class Server:
    """Company databases on the test server.

    Creating a database there takes a second or two, too long for each of a thousand tests:
    the ``db`` fixture instead gets one migrated company, emptied again after each test
    (every table emptied, then the rows the migrations wrote put back).
    """

    def __init__(self, url: URL) -> None:
        self.url = url
        # Autocommit: CREATE/DROP DATABASE cannot run inside a transaction.
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.prefix = f"arddesk_test_{os.getpid()}"
        self.names = itertools.count(1)
        self.shared = self.empty()
        open_database(self.address(self.shared), create=True).close()
        self.engine = create_engine(self.address(self.shared))
        with self.engine.connect() as connection:
            self.tables = [
                name for name in inspect(connection).get_table_names() if name != "alembic_version"
            ]
            self.seed = {
                table: [dict(row._mapping) for row in connection.execute(sql_text(f'SELECT * FROM "{table}"'))]
                for table in self.tables
            }
        self.metadata = MetaData()
        self.metadata.reflect(self.engine, only=self.tables)

    def execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(sql_text(sql))

    def address(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def empty(self) -> str:
        """A new database with nothing in it; the test opens it with ``create=True``."""
        name = f"{self.prefix}_{next(self.names)}"
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.execute(f"CREATE DATABASE {name}")
        return name

    def reset(self) -> None:
        """Put the shared company back as the migrations left it."""
        # DELETE, not TRUNCATE: on tables this small it is several times faster. Foreign keys
        # are not checked meanwhile (replica role), so the order of the tables does not matter.
        with self.engine.begin() as connection:
            connection.execute(sql_text("SET LOCAL lock_timeout = '20s'"))
            connection.execute(sql_text("SET LOCAL session_replication_role = replica"))
            for table in self.tables:
                connection.execute(sql_text(f'DELETE FROM "{table}"'))
            for (sequence,) in connection.execute(sql_text("SELECT sequencename FROM pg_sequences")):
                connection.execute(sql_text("SELECT setval(:s, 1, false)"), {"s": sequence})
            for table, rows in self.seed.items():
                if rows:
                    connection.execute(self.metadata.tables[table].insert(), rows)

    def drop(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self.engine.dispose()
        self.drop(self.shared)
        self.admin.dispose()


@pytest.fixture(scope="session")
def server() -> Iterator[Server | None]:
    """The test server, or None when the suite runs on SQLite."""
    if SERVER is None:
        yield None
        return
    result = Server(SERVER)
    yield result
    result.close()


@pytest.fixture
def company_address(tmp_path: Path, server: Server | None) -> Iterator[str]:
    """Where a new, empty company can be created: a temporary file, or an empty database on the test server."""
    if server is None:
        yield str(tmp_path / "another-company.sqlite")
        return
    name = server.empty()
    yield server.address(name)
    server.drop(name)


@pytest.fixture
def db(tmp_path: Path, server: Server | None) -> Iterator[Database]:
    """An empty company database: a temporary file, or a fresh database on the server named by ARDDESK_TEST_DB."""
    if server is None:
        database = open_database(tmp_path / "company.sqlite", create=True)
        yield database
        database.close()
        return
    database = open_database(server.address(server.shared))
    yield database
    database.close()
    server.reset()


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
