from datetime import date
from decimal import Decimal

import pytest

from arddesk import text
from arddesk.domain.aging import DebtClass
from arddesk.domain.promises import PromiseStatus
from arddesk.domain.warnings import WarningKind
from arddesk.services import followup
from arddesk.services.errors import Rejected
from arddesk.services.followup import ContactInput, LatestFollowUp
from arddesk.store import plan as plan_store
from arddesk.store.db import Database
from arddesk.text.messages import contact_logged_note, message_text, warning_text
from tests.conftest import Books

D = date.fromisoformat


@pytest.fixture
def c1(books: Books) -> Books:
    books.customer("C1", rep="R1")
    books.customer("C2", rep="R2")
    # 12,000.00 due 2026-11-30 (net 30 from 10-31), 5,000.00 due 2026-12-31
    books.delivery("D1", "C1", on="2026-10-31", amount="12000.00")
    books.delivery("D2", "C1", on="2026-12-01", amount="5000.00")
    return books


def visit(customer: str = "C1", on: str = "2026-12-01", **fields: object) -> ContactInput:
    return ContactInput(customer, D(on), **fields)  # type: ignore[arg-type]


def promise_of(*parts: tuple[str, str]) -> tuple[tuple[date, Decimal], ...]:
    return tuple((D(due), Decimal(amount)) for due, amount in parts)


def test_a_promise_is_kept_by_a_payment_on_time(db: Database, c1: Books) -> None:
    followup.log_contact(db, visit(instalments=promise_of(("2026-12-05", "12000.00")), excuse="no_money"))
    [view] = followup.promises(db, D("2026-12-03"))
    assert (view.status, view.promised, view.paid) == (PromiseStatus.OPEN, 1_200_000, 0)
    c1.payment("C1", on="2026-12-04", amount="12000.00")
    [view] = followup.promises(db, D("2026-12-10"))
    assert (view.status, view.paid) == (PromiseStatus.KEPT, 1_200_000)
    assert message_text(view.text) == "12,000.00 by 2026-12-05 (kept)"


def test_late_payment_and_part_payment(db: Database, c1: Books) -> None:
    followup.log_contact(db, visit(instalments=promise_of(("2026-12-05", "12000.00"))))
    c1.payment("C1", on="2026-12-05", amount="4000.00")
    [view] = followup.promises(db, D("2026-12-06"))
    assert (view.status, view.missing) == (PromiseStatus.PARTLY_KEPT, 800_000)
    c1.payment("C1", on="2026-12-08", amount="8000.00")
    [view] = followup.promises(db, D("2026-12-08"))
    assert view.status == PromiseStatus.KEPT_LATE
    # as of a day before the late payment the promise was still partly kept
    assert followup.promises(db, D("2026-12-07"))[0].status == PromiseStatus.PARTLY_KEPT


def test_gap_is_what_was_overdue_by_the_last_due_date_minus_the_promise(db: Database, c1: Books) -> None:
    # on 12-01 C1 owes D1 12,000.00 due 11-30 (D2 is due 12-31, after the promise's date)
    followup.log_contact(db, visit(instalments=promise_of(("2026-12-10", "3000.00"), ("2026-12-20", "5000.00"))))
    [view] = followup.promises(db, D("2026-12-01"))
    assert (view.wanted, view.promised, view.gap) == (1_200_000, 800_000, 400_000)
    assert view.next_due == D("2026-12-10")


def test_broken_promise_is_a_warning_until_paid(db: Database, c1: Books) -> None:
    followup.log_contact(db, visit(instalments=promise_of(("2026-12-05", "12000.00"))))
    assert followup.promise_warnings(db, D("2026-12-05")) == []
    [warning] = followup.promise_warnings(db, D("2026-12-06"))
    assert (warning.customer, warning.kind, warning.on) == ("C1", WarningKind.BROKEN_PROMISE, D("2026-12-06"))
    assert warning.suggested is DebtClass.DOUBTFUL
    assert "12,000.00 not paid by 2026-12-05" in warning_text(warning)
    assert followup.promise_warnings(db, D("2026-12-06"), customer="C2") == []
    c1.payment("C1", on="2026-12-09", amount="12000.00")
    assert followup.promise_warnings(db, D("2026-12-10")) == []


def test_bad_input_names_every_field(db: Database, c1: Books) -> None:
    bad = visit(
        "NOPE",
        channel="fax",
        excuse="tired",
        rep="R9",
        next_on=D("2026-11-01"),
        instalments=promise_of(("2026-11-30", "0"), ("2026-12-05", "1.234")),
    )
    with pytest.raises(Rejected) as caught:
        followup.log_contact(db, bad)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (None, "customer"),
        (None, "channel"),
        (None, "excuse"),
        (None, "rep"),
        (None, "next_on"),
        (None, "next_step"),
        (1, "amount"),
        (1, "due"),
        (2, "amount"),
    }
    assert followup.list_contacts(db) == []


def test_contact_log_filters_and_follow_ups(db: Database, c1: Books) -> None:
    followup.log_contact(
        db, visit("C1", "2026-12-01", result="Boss away", next_step="Call again", next_on=D("2026-12-03"))
    )
    followup.log_contact(db, visit("C2", "2026-12-02", channel="phone", next_step="Visit", next_on=D("2026-12-04")))
    assert [c.customer for c in followup.list_contacts(db)] == ["C2", "C1"]
    assert [c.customer for c in followup.list_contacts(db, rep="R1")] == ["C1"]
    assert [c.customer for c in followup.list_contacts(db, search="boss")] == ["C1"]
    assert [c.customer for c in followup.list_contacts(db, start=D("2026-12-02"))] == ["C2"]
    assert [c.customer for c in followup.follow_ups(db, D("2026-12-02"))] == []
    assert [c.customer for c in followup.follow_ups(db, D("2026-12-04"))] == ["C1", "C2"]
    [first, _] = followup.follow_ups(db, D("2026-12-04"))
    followup.mark_follow_up_done(db, first.id, D("2026-12-04"))
    assert [c.customer for c in followup.follow_ups(db, D("2026-12-04"))] == ["C2"]
    # a new contact with C2 is the follow-up: the earlier one due by then is closed
    followup.log_contact(db, visit("C2", "2026-12-05"))
    assert followup.follow_ups(db, D("2026-12-05")) == []
    with pytest.raises(Rejected):
        followup.mark_follow_up_done(db, 999, D("2026-12-05"))


def test_latest_by_customer_for_the_call_sheet(db: Database, c1: Books) -> None:
    followup.log_contact(
        db, visit("C1", "2026-11-20", excuse="person_away", next_step="Visit", next_on=D("2026-11-25"))
    )
    followup.log_contact(
        db,
        visit(
            "C1",
            "2026-12-01",
            excuse="no_money",
            next_step="Collect the cheque",
            next_on=D("2026-12-05"),
            instalments=promise_of(("2026-12-05", "12000.00")),
        ),
    )
    latest = followup.latest_by_customer(db, D("2026-12-02"))
    assert message_text(latest["C1"].promise) == "12,000.00 by 2026-12-05 (open)"
    assert latest == {
        "C1": LatestFollowUp(latest["C1"].promise, "no_money", "Collect the cheque", D("2026-12-05"))
    }
    # as of before the second visit: the first visit, no promise yet
    assert followup.latest_by_customer(db, D("2026-11-21"), ["C1", "C2"]) == {
        "C1": LatestFollowUp(None, "person_away", "Visit", D("2026-11-25"))
    }


def test_demo_followups_give_every_status(tmp_path: object) -> None:
    from pathlib import Path

    from arddesk.services.demo import generate_demo
    from arddesk.store.db import open_database

    path = Path(str(tmp_path)) / "demo.sqlite"
    today = D("2026-12-15")
    generate_demo(path, today=today, customers=40, seed=3)
    database = open_database(path)
    try:
        count = followup.seed_demo_followups(database, today, seed=3)
        assert 40 <= count <= 200
        statuses = {view.status for view in followup.promises(database, today)}
        assert statuses == set(PromiseStatus)
        due = followup.follow_ups(database, today)
        assert any(c.next_on == today for c in due) and any(c.next_on and c.next_on < today for c in due)
        assert followup.promise_warnings(database, today)
    finally:
        database.close()


def _entry(db: Database, customer: str, on: str, state: str = "planned") -> int:
    with db.transaction() as session:
        rep = {r.code: r.id for r in plan_store.reps(session)}["R1"]
        customer_id = plan_store.customer_ids(session, [customer])[customer]
        record = plan_store.ScheduleEntryRecord(
            rep_id=rep, customer_id=customer_id, original_on=D(on), planned_on=D(on), state=state, note=""
        )
        session.add(record)
        session.flush()
        return record.id


def _states(db: Database) -> dict[str, tuple[str, str]]:
    rows = _entries(db)
    return {row.planned_on.isoformat(): (row.state, row.note) for row in rows}


def _entries(db: Database) -> list[plan_store.EntryRow]:
    with db.reading() as session:
        return plan_store.entries(session, D("2026-01-01"), D("2027-12-31"))


def test_a_logged_contact_closes_the_plans_entries_up_to_its_day(db: Database, c1: Books) -> None:
    _entry(db, "C1", "2026-10-31")  # 33 days before the visit: too old to be this visit
    _entry(db, "C1", "2026-11-20")
    _entry(db, "C1", "2026-12-03")  # the day of the visit
    _entry(db, "C1", "2026-11-25", state="moved")
    _entry(db, "C1", "2026-11-26", state="dropped")
    _entry(db, "C1", "2026-12-10")  # after the visit: still to do
    _entry(db, "C2", "2026-12-01")  # another customer
    note = contact_logged_note("phone", date(2026, 12, 3))
    assert note == "Phone call logged 2026-12-03"
    followup.log_contact(db, visit(on="2026-12-03", channel="phone"), closing_note=note)
    assert _states(db) == {
        "2026-10-31": ("planned", ""),
        "2026-11-20": ("done", "Phone call logged 2026-12-03"),
        "2026-11-25": ("done", "Phone call logged 2026-12-03"),
        "2026-11-26": ("dropped", ""),
        "2026-12-03": ("done", "Phone call logged 2026-12-03"),
        "2026-12-10": ("planned", ""),
        "2026-12-01": ("planned", ""),
    }


def test_a_closed_entry_keeps_the_clerks_note(db: Database, c1: Books) -> None:
    entry = _entry(db, "C1", "2026-11-20", state="moved")
    with db.transaction() as session:
        found = plan_store.entry(session, entry)
        assert found is not None
        found.note = "customer asked"
    followup.log_contact(db, visit(on="2026-11-21"), closing_note="Visit logged 2026-11-21")
    assert _states(db) == {"2026-11-20": ("done", "customer asked; Visit logged 2026-11-21")}


def test_a_rejected_contact_closes_nothing(db: Database, c1: Books) -> None:
    _entry(db, "C1", "2026-11-20")
    with pytest.raises(Rejected):
        followup.log_contact(db, visit(on="2026-11-21", rep="NOBODY"))
    assert _states(db) == {"2026-11-20": ("planned", "")}


def test_a_broken_promise_on_the_warnings_reads_in_chinese(db: Database, c1: Books) -> None:
    followup.log_contact(db, visit(instalments=promise_of(("2026-12-05", "12000.00"))))
    [warning] = followup.promise_warnings(db, D("2026-12-06"))
    [view] = followup.promises(db, D("2026-12-06"))
    assert warning_text(warning) == (
        "promised on 2026-12-01: 12,000.00 by 2026-12-05 (broken); 12,000.00 not paid by 2026-12-05"
    )
    text.use_language("zh_CN")
    assert warning_text(warning) == (
        "2026-12-01 承诺：2026-12-05 前付 12,000.00（违约）；12,000.00 未在 2026-12-05 前付款"
    )
    assert message_text(view.text) == "2026-12-05 前付 12,000.00（违约）"
