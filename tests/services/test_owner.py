"""The owner's password: set on first use, checked, never stored as text, reset with the recovery code."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from arddesk.services import owner
from arddesk.services.errors import Rejected
from arddesk.store.db import Database


def stored_values(db: Database) -> list[str]:
    with db.reading() as session:
        return [row[0] for row in session.execute(text("SELECT value FROM setting WHERE key LIKE 'owner_%'"))]


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
