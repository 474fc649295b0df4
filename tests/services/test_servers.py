"""Logins and roles on a server: what a clerk's login cannot read is refused by the server itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from arddesk.cli import main
from arddesk.services import browse, followup, ledger, owner, servers
from arddesk.services.aging import aging_report
from arddesk.services.audit import audit_rows, quick_check
from arddesk.services.browse import DeliveryFilter
from arddesk.services.errors import Rejected
from arddesk.services.followup import ContactInput
from arddesk.services.maintenance import check_database, unchecked_tables
from arddesk.store import plan as plan_store
from arddesk.store import roles
from arddesk.store.db import Database, DatabaseRefused, open_database
from tests.conftest import ON_SERVER, Books

pytestmark = pytest.mark.skipif(not ON_SERVER, reason="logins and roles are a server's; a file has none")


def _login(db: Database, role: str, rep: str = "") -> Iterator[str]:
    """A login in ``role`` on the company, removed afterwards; yields the URL it connects with."""
    login = f"{role}_{os.getpid()}"
    servers.set_up_roles(db)
    servers.add_login(db, login, role, "not-used-by-the-test-server", rep)
    try:
        yield db.engine.url.set(username=login).render_as_string(hide_password=False)
    finally:
        admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP OWNED BY {login}"))
            connection.execute(text(f"DROP ROLE {login}"))
        admin.dispose()


@pytest.fixture
def clerk(db: Database) -> Iterator[str]:
    """A clerk's login on the company; the URL it connects with."""
    yield from _login(db, "clerk")


@pytest.fixture
def rep_r1(books: Books) -> Iterator[str]:
    """Two reps' customers, each with a delivery part paid, a contact and a plan entry; the URL of R1's login."""
    for code, rep in (("C1", "R1"), ("C2", "R2")):
        books.customer(code, rep=rep)
        books.delivery(f"D{code}", code, on="2026-03-01", amount="100.00")
        books.payment(code, on="2026-03-05", amount="40.00", applies_to=f"D{code}")
        followup.log_contact(books.db, ContactInput(code, date(2026, 3, 20), result=f"called {code}"))
        with books.db.transaction() as session:
            session.add(plan_store.ScheduleEntryRecord(
                rep_id={r.code: r.id for r in plan_store.reps(session)}[rep],
                customer_id=plan_store.customer_ids(session, [code])[code],
                original_on=date(2026, 3, 25), planned_on=date(2026, 3, 25), state="planned", note="",
            ))
    yield from _login(books.db, "rep", rep="R1")


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


def test_a_reps_login_reads_only_the_customers_of_that_rep(rep_r1: str) -> None:
    desk = open_database(rep_r1)
    try:
        report = aging_report(desk, date(2026, 4, 30))
        assert [(line.key, line.total) for line in report.lines] == [("C1", 6_000)]
        log = browse.delivery_page(desk, DeliveryFilter(today=date(2026, 4, 30)))
        assert [row.number for row in log] == ["DC1"]
        with desk.reading() as session:
            seen = {
                table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("customer", "delivery", "payment", "allocation", "contact", "schedule_entry")
            }
            assert session.execute(text("SELECT code FROM customer WHERE code = 'C2'")).all() == []
            for table in roles.REP_READS:  # what the window's pages read: refused would be an error shown
                session.execute(text(f"SELECT * FROM {table} LIMIT 1")).all()
        assert seen == dict.fromkeys(seen, 1)
    finally:
        desk.close()


def test_a_reps_login_logs_contacts_for_its_own_customers_only(rep_r1: str, books: Books) -> None:
    desk = open_database(rep_r1)
    try:
        followup.log_contact(desk, ContactInput("C1", date(2026, 3, 26), result="visited"))
        with pytest.raises(Rejected, match="no such customer"):
            followup.log_contact(desk, ContactInput("C2", date(2026, 3, 26), result="visited"))
    finally:
        desk.close()
    with books.db.reading() as session:
        notes = session.execute(text("SELECT result FROM contact ORDER BY id")).scalars().all()
        states = session.execute(text("SELECT state FROM schedule_entry ORDER BY id")).scalars().all()
    assert notes == ["called C1", "called C2", "visited"]
    assert states == ["done", "planned"]  # the visit closed R1's plan entry for C1


def test_a_reps_login_names_its_rep_and_the_trail_says_so(books: Books) -> None:
    books.customer("C1", rep="R1")
    with pytest.raises(DatabaseRefused, match="needs --rep"):
        servers.add_login(books.db, "nobody", "rep", "x")
    with pytest.raises(DatabaseRefused, match="no rep 'R9'"):
        servers.add_login(books.db, "nobody", "rep", "x", "R9")
    with pytest.raises(DatabaseRefused, match="for a rep's login only"):
        servers.add_login(books.db, "nobody", "clerk", "x", "R1")
    logins = _login(books.db, "rep", rep="R1")
    try:
        next(logins)
        linked = [(row.table, row.record, row.new) for row in audit_rows(books.db) if row.action == "link_login"]
        assert linked == [("rep", "R1", f"rep_{os.getpid()}")]
    finally:
        logins.close()


def test_a_clerks_check_leaves_out_what_it_cannot_read_and_says_so(
    books: Books, clerk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="10.00")
    owner.set_password(books.db, "the owner's secret")
    desk = open_database(clerk)
    try:
        assert unchecked_tables(desk) == ["incentive_result", "incentive_rules", "incentive_unlock_log", "setting"]
        assert check_database(desk) == []
    finally:
        desk.close()
    assert unchecked_tables(books.db) == []
    assert main(["--db", clerk, "check"]) == 0
    printed = capsys.readouterr().out
    assert "not checked, as this login cannot read them in full: incentive_result, incentive_rules, " in printed
    assert "no problems found" in printed


def test_a_reps_check_and_opening_leave_out_the_trail_it_sees_only_part_of(rep_r1: str) -> None:
    desk = open_database(rep_r1)
    try:
        assert "audit_entry" in unchecked_tables(desk)
        assert "customer" in unchecked_tables(desk)
        assert quick_check(desk) == []
        assert check_database(desk) == []
    finally:
        desk.close()
