"""Database errors a clerk can act on are put in words."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import OperationalError

from arddesk.store.browse import friendly_database_error
from arddesk.text.messages import error_text as describe_error


def test_locked_database():
    error = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    assert "locked by another program" in describe_error(error)


def test_missing_file():
    error = OperationalError("SELECT", {}, sqlite3.OperationalError("unable to open database file"))

    assert "cannot be read any more" in (friendly_database_error(error) or "")


def test_other_errors_are_not_database_errors():
    assert friendly_database_error(ValueError("x")) is None
