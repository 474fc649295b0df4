"""The owner's password: set on first use, checked with a growing delay, reset with the recovery code in
plain sight of the audit trail; and the seals it makes, which catch edits that recompute plain hashes."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from arddesk.domain.audit import GENESIS, Entry, chain_hash, fields_json, state_digest
from arddesk.domain.password import hash_secret
from arddesk.services import incentives, owner
from arddesk.services.errors import Rejected
from arddesk.services.settings import update_settings
from arddesk.store import audit
from arddesk.store.audit import AuditEntryRecord
from arddesk.store.db import Database, open_database
from tests.conftest import Books, FakeClock, sqlite_only

QUARTER_OVER = date(2027, 1, 15)  # a day after 2026Q4, which the tests lock

PASSWORD = "owner-secret"


def stored_values(db: Database) -> list[str]:
    with db.reading() as session:
        return [
            row[0]
            for row in session.execute(
                text("SELECT value FROM setting WHERE key IN ('owner_password_hash', 'owner_recovery_hash')")
            )
        ]


def trail(db: Database, *actions: str) -> list[audit.AuditRow]:
    return [row for row in audit_rows(db) if row.action in actions]


def audit_rows(db: Database) -> list[audit.AuditRow]:
    with db.reading() as session:
        return audit.entries(session)


def execute(db: Database, sql: str, **params: object) -> None:
    with db.transaction() as session:
        session.execute(text(sql), params)


def rewrite_trail(db: Database, table: str, record: str) -> None:
    """What someone who read arddesk's source could do after an edit: make the record's last entry say
    the edited values, with their digest, and recompute every hash of the chain."""
    with db.transaction() as session:
        fields = audit.snapshot(session, table, [record])[record]
        last = session.execute(
            text("SELECT max(id) FROM audit_entry WHERE table_name = :t AND record = :r"), {"t": table, "r": record}
        ).scalar()
        session.execute(
            update(AuditEntryRecord)
            .where(AuditEntryRecord.id == last)
            .values(field="", old="", new=fields_json(fields), state=state_digest(fields))
        )
        previous = GENESIS
        for row in session.scalars(select(AuditEntryRecord).order_by(AuditEntryRecord.id)).all():
            entry = Entry(
                row.at, row.user, row.action, row.table_name, row.record, row.field, row.old, row.new, row.reason,
                row.state,
            )  # fmt: skip
            row.prev_hash, row.hash = previous, chain_hash(previous, entry)
            previous = row.hash


def edit_snapshot(db: Database, period: str) -> None:
    """Raise every bonus of a locked period by 1000 in its stored snapshot, as an outside edit would."""
    with db.reading() as session:
        packed = session.execute(
            text("SELECT snapshot FROM incentive_result WHERE period = :p"), {"p": period}
        ).scalar()
    snapshot = json.loads(zlib.decompress(base64.b64decode(packed[len("zlib:") :])))
    snapshot["statements"][0]["total"] = str(float(snapshot["statements"][0]["total"]) + 1000)
    forged = "zlib:" + base64.b64encode(zlib.compress(json.dumps(snapshot).encode())).decode()
    execute(db, "UPDATE incentive_result SET snapshot = :s WHERE period = :p", s=forged, p=period)


@pytest.fixture
def locked(db: Database, books: Books) -> Database:
    """A company with the owner's password set and 2026Q4 locked."""
    books.customer("C1", rep="R1", department="DEP")
    books.delivery("D1", "C1", on="2026-09-15", amount="1000.00")
    books.payment("C1", on="2026-10-15", amount="1000.00", applies_to="D1")
    owner.set_password(db, PASSWORD)
    incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    return db


# ---------------------------------------------------------------- the password


def test_first_use_sets_the_password_and_gives_a_recovery_code(db: Database) -> None:
    assert not owner.password_is_set(db)
    assert not owner.check_password(db, "anything at all")
    code = owner.set_password(db, "owner-secret")
    assert owner.password_is_set(db)
    assert owner.check_password(db, "owner-secret")
    assert not owner.check_password(db, "owner-secreT")
    values = stored_values(db)
    assert len(values) == 2
    assert all("owner-secret" not in value and code not in value for value in values)
    assert all(value.startswith("scrypt$") for value in values)


def test_too_short_password_is_refused(db: Database) -> None:
    with pytest.raises(Rejected):
        owner.set_password(db, "short")
    assert not owner.password_is_set(db)


def test_changing_the_password_needs_the_current_one(db: Database) -> None:
    owner.set_password(db, "owner-secret")
    with pytest.raises(Rejected):
        owner.set_password(db, "new password")
    with pytest.raises(Rejected):
        owner.set_password(db, "new password", current="not it at all")
    assert owner.check_password(db, "owner-secret")
    owner.set_password(db, "new password", current="owner-secret")
    assert owner.check_password(db, "new password") and not owner.check_password(db, "owner-secret")


def test_recovery_code_resets_once(db: Database) -> None:
    code = owner.set_password(db, "owner-secret")
    with pytest.raises(Rejected):
        owner.reset_with_recovery_code(db, "AAAA-BBBB-CCCC-DDDD-EEEE", "forgotten one")
    assert owner.check_password(db, "owner-secret")
    next_code = owner.reset_with_recovery_code(db, code.lower().replace("-", " "), "forgotten one")
    assert owner.check_password(db, "forgotten one")
    assert next_code != code
    with pytest.raises(Rejected):
        owner.reset_with_recovery_code(db, code, "third password")


def test_each_wrong_password_doubles_the_wait_before_the_next_try(db: Database, owner_clock: FakeClock) -> None:
    owner.set_password(db, PASSWORD)
    for _ in range(4):
        assert not owner.check_password(db, "a guess at it")
    assert owner_clock.waits == [1.0, 2.0, 4.0]  # the first wrong try waits for nothing
    assert owner.seconds_to_wait(db) == 8.0
    owner_clock.time += 5
    assert owner.seconds_to_wait(db) == 3.0
    with pytest.raises(Rejected, match="wrong password"):
        incentives.lock(db, "2026Q4", "another guess", today=QUARTER_OVER)  # every door of the password counts the same
    assert owner_clock.waits == [1.0, 2.0, 4.0, 3.0]
    assert owner.check_password(db, PASSWORD)  # right at last, after its 16 s
    assert owner_clock.waits[-1] == 16.0
    assert owner.seconds_to_wait(db) == 0
    assert not owner.check_password(db, "a guess at it")
    assert owner_clock.waits[-1] == 16.0  # a right password starts the count again
    assert len(trail(db, "wrong password")) == 6


@sqlite_only
def test_the_wait_is_kept_in_the_company_file(db: Database, tmp_path: Path, owner_clock: FakeClock) -> None:
    owner.set_password(db, PASSWORD)
    assert not owner.check_password(db, "first guess")
    assert not owner.check_password(db, "second guess")
    again = open_database(tmp_path / "company.sqlite")  # another run of arddesk on the same file
    try:
        assert owner.seconds_to_wait(again) == 2.0
        assert not owner.check_password(again, "third guess")
        assert owner_clock.waits == [1.0, 2.0]
    finally:
        again.close()


def test_a_wrong_recovery_code_waits_as_a_wrong_password_does(db: Database, owner_clock: FakeClock) -> None:
    owner.set_password(db, PASSWORD)
    for _ in range(3):
        with pytest.raises(Rejected, match="wrong recovery code"):
            owner.reset_with_recovery_code(db, "AAAA-BBBB-CCCC-DDDD-EEEE", "forgotten one")
    assert owner_clock.waits == [1.0, 2.0]


def test_setting_and_resetting_the_password_are_in_the_audit_trail(db: Database) -> None:
    code = owner.set_password(db, PASSWORD)
    owner.reset_with_recovery_code(db, code, "forgotten one", reason="lost the note with the password")
    [changed] = trail(db, owner.PASSWORD_SET)
    [reset] = trail(db, owner.PASSWORD_RESET)
    assert (changed.table, changed.record) == ("owner", "password")
    assert reset.reason == "lost the note with the password" and reset.user
    hashes = [row for row in audit_rows(db) if row.record == "owner_password_hash" and row.field]
    assert hashes and all(not row.new.startswith("scrypt$") for row in hashes)  # the trail keeps digests only


def test_the_owner_is_told_of_a_reset_until_the_notice_is_seen(db: Database) -> None:
    code = owner.set_password(db, PASSWORD)
    assert owner.reset_notice(db) is None and owner.last_reset(db) is None
    owner.reset_with_recovery_code(db, code, "forgotten one")
    notice = owner.reset_notice(db)
    assert notice is not None and notice.reason == "forgotten password" and notice.user
    owner.acknowledge_reset(db)
    assert owner.reset_notice(db) is None
    assert owner.last_reset(db) == notice  # still named when the old password is tried
    owner.set_password(db, "chosen again", current="forgotten one")
    assert owner.last_reset(db) is None


# ---------------------------------------------------------------- outside edits


def test_a_deleted_password_row_is_refused_never_taken_as_no_password(db: Database) -> None:
    owner.set_password(db, PASSWORD)
    execute(db, "DELETE FROM setting WHERE key LIKE 'owner_%'")
    assert owner.password_state(db) is owner.PasswordState.REMOVED
    with pytest.raises(Rejected, match="removed outside arddesk"):
        owner.password_is_set(db)
    with pytest.raises(Rejected, match="removed outside arddesk"):
        owner.set_password(db, "a password of my own")
    with pytest.raises(Rejected, match="removed outside arddesk"):
        owner.check_password(db, PASSWORD)
    with pytest.raises(Rejected, match="removed outside arddesk"):
        incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    [finding] = owner.verify_seals(db, PASSWORD)
    assert (finding.table, finding.record) == ("setting", "owner_password_hash")


def test_seals_hold_through_a_password_change_and_a_reset(locked: Database) -> None:
    assert owner.verify_seals(locked, PASSWORD) == []
    code = owner.set_password(locked, "second password", current=PASSWORD)
    assert owner.verify_seals(locked, "second password") == []
    owner.reset_with_recovery_code(locked, code, "third password")
    assert owner.verify_seals(locked, "third password") == []
    incentives.unlock(locked, "2026Q4", "third password", "a late payment")
    assert owner.verify_seals(locked, "third password") == []
    with pytest.raises(Rejected, match="wrong password"):
        owner.verify_seals(locked, PASSWORD)


def test_an_edited_locked_snapshot_shows_as_tampered(locked: Database) -> None:
    info = incentives.lock_info(locked, "2026Q4")
    assert info is not None and info.problem is None
    edit_snapshot(locked, "2026Q4")
    info = incentives.lock_info(locked, "2026Q4")
    assert info is not None and str(info.problem).startswith("changed outside arddesk")
    [finding] = owner.verify_seals(locked, PASSWORD)
    assert (finding.table, finding.record) == ("incentive_result", "2026Q4")


def test_an_edited_snapshot_with_a_rewritten_trail_is_caught_by_the_owner(locked: Database) -> None:
    edit_snapshot(locked, "2026Q4")
    rewrite_trail(locked, "incentive_result", "2026Q4")
    with locked.reading() as session:
        assert audit.verify_chain(session) == []  # the plain hashes agree
        assert audit.verify_records(session, ["incentive_result"]) == []
    info = incentives.lock_info(locked, "2026Q4")
    assert info is not None and info.problem is None  # without the password nothing can tell
    key = owner.sign_in(locked, PASSWORD)
    info = incentives.lock_info(locked, "2026Q4", key)
    assert info is not None and str(info.problem) == "changed outside arddesk: its seal does not match"
    found = {(f.table, f.record) for f in owner.verify_seals(locked, PASSWORD)}
    assert ("incentive_result", "2026Q4") in found
    assert ("setting", "owner_seal") in found  # the last checkpoint no longer matches the rewritten trail
    assert any(table == "audit_entry" for table, _ in found)
    with pytest.raises(Rejected, match="changed outside arddesk"):
        incentives.unlock(locked, "2026Q4", PASSWORD, "to hide it")  # no owner's action on a forged file


def test_a_record_edited_with_a_rewritten_trail_breaks_the_sealed_checkpoints_after_it(db: Database) -> None:
    update_settings(db, company_name="Hengda Trading")
    owner.set_password(db, PASSWORD)  # a sealed checkpoint after the name was set
    execute(db, "UPDATE setting SET value = 'Someone Else Ltd' WHERE key = 'company_name'")
    rewrite_trail(db, "setting", "company_name")
    with db.reading() as session:
        assert audit.verify_chain(session) == [] and audit.verify_records(session, ["setting"]) == []
    found = owner.verify_seals(db, PASSWORD)
    [checkpoint] = [row for row in audit_rows(db) if row.action == owner.CHECKPOINT]
    assert ("audit_entry", str(checkpoint.id)) in {(f.table, f.record) for f in found}


def test_a_replaced_recovery_code_cannot_reset_the_password(locked: Database) -> None:
    execute(locked, "UPDATE setting SET value = :v WHERE key = 'owner_recovery_hash'", v=hash_secret("MINE-MINE-MINE"))
    with pytest.raises(Rejected, match="changed outside arddesk"):
        owner.reset_with_recovery_code(locked, "MINE-MINE-MINE", "taken over")
    assert owner.check_password(locked, PASSWORD)
    assert ("setting", "owner_seal") in {(f.table, f.record) for f in owner.verify_seals(locked, PASSWORD)}


def test_a_deleted_seal_key_is_not_taken_for_a_password_from_before_seals(locked: Database) -> None:
    execute(locked, "DELETE FROM setting WHERE key = 'owner_seal_key'")
    with pytest.raises(Rejected, match="changed outside arddesk"):
        incentives.unlock(locked, "2026Q4", PASSWORD, "to hide it")
    [finding] = owner.verify_seals(locked, PASSWORD)
    assert finding.record == "owner_seal_key"


def test_a_password_from_before_seals_is_sealed_at_its_first_use(db: Database, books: Books) -> None:
    books.customer("C1", rep="R1")
    with db.transaction() as session, audit.watch(session, "setting", ["owner_password_hash"], "upgrade"):
        session.execute(text("INSERT INTO setting VALUES ('owner_password_hash', :v)"), {"v": hash_secret(PASSWORD)})
    assert owner.verify_seals(db, PASSWORD) == []  # nothing sealed yet
    incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    assert owner.verify_seals(db, PASSWORD) == []
    edit_snapshot(db, "2026Q4")
    rewrite_trail(db, "incentive_result", "2026Q4")
    assert "incentive_result" in {f.table for f in owner.verify_seals(db, PASSWORD)}


def test_rules_locks_unlocks_and_settings_are_in_the_audit_trail(locked: Database) -> None:
    incentives.unlock(locked, "2026Q4", PASSWORD, "a late payment")
    update_settings(locked, company_name="Hengda Trading")
    rows = audit_rows(locked)
    assert [(r.action, r.table) for r in rows if r.table in ("incentive_rules", "incentive_result")] == [
        ("lock", "incentive_rules"),
        ("lock", "incentive_result"),
        ("unlock", "incentive_result"),
    ]
    [unlocked] = [r for r in rows if r.action == "unlock"]
    assert unlocked.reason == "a late payment" and unlocked.record == "2026Q4"
    [name] = [r for r in rows if r.record == "company_name"]
    assert (name.action, name.table) == ("settings", "setting") and "Hengda Trading" in name.new
    assert [r.reason for r in rows if r.action == owner.CHECKPOINT] == [
        "set the owner's password",
        "lock 2026Q4",
        "unlock 2026Q4",
    ]
    with locked.reading() as session:
        assert audit.verify_chain(session) == []
        assert audit.verify_records(session, ["setting", "incentive_rules", "incentive_result"]) == []
