"""Logins and roles on a server: what a clerk's login cannot read is refused by the server itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from arddesk.services import ledger, servers
from arddesk.services.audit import audit_rows
from arddesk.store.db import Database, open_database
from tests.conftest import ON_SERVER, Books

pytestmark = pytest.mark.skipif(not ON_SERVER, reason="logins and roles are a server's; a file has none")


@pytest.fixture
def clerk(db: Database) -> Iterator[str]:
    """A clerk's login on the company, removed afterwards; the URL it connects with."""
    login = f"clerk_{os.getpid()}"
    servers.set_up_roles(db)
    servers.add_login(db, login, "clerk", "not-used-by-the-test-server")
    yield db.engine.url.set(username=login).render_as_string(hide_password=False)
    admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP OWNED BY {login}"))
        connection.execute(text(f"DROP ROLE {login}"))
    admin.dispose()


def test_a_clerks_login_cannot_read_bonus_figures_or_the_owners_settings(books: Books, clerk: str) -> None:
    books.customer("C1")
    with books.db.transaction() as session:
        session.execute(text("INSERT INTO setting (key, value) VALUES ('owner_password_hash', 'secret'), ('x', 'y')"))
    as_clerk = create_engine(clerk)
    try:
        with as_clerk.connect() as connection:
            assert connection.execute(text("SELECT key FROM setting ORDER BY key")).scalars().all() == ["x"]
            assert connection.execute(text("SELECT code FROM customer")).scalars().all() == ["C1"]
        refused = (
            "SELECT * FROM incentive_result",
            "SELECT * FROM incentive_rules",
            "UPDATE audit_entry SET reason = ''",
        )
        for sql in refused:
            with as_clerk.connect() as connection, pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text(sql))
    finally:
        as_clerk.dispose()


def test_the_audit_trail_names_the_login_that_posted(books: Books, clerk: str) -> None:
    books.customer("C1")
    desk = open_database(clerk)
    try:
        ledger.record_delivery(desk, ledger.DeliveryInput("D1", "C1", date(2026, 3, 1), Decimal("10.00")))
    finally:
        desk.close()
    posted = [row for row in audit_rows(books.db) if row.record == "D1"]
    assert posted
    assert all(row.user.startswith(f"clerk_{os.getpid()} via ") for row in posted)
