"""Opening a company: which one, one writer at a time, read-only when it must be, warnings about where it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from arddesk.domain.problems import Message
from arddesk.services import company
from arddesk.services.company import CompanyInUse, location_warnings, new_company, open_company
from arddesk.store.db import DatabaseRefused
from arddesk.store.lockfile import lock_path, this_machine, this_user
from arddesk.text.messages import message_text
from tests.files_helpers import another_arddesk, unchangeable


def said(warnings: list[Message]) -> list[str]:
    """The warnings as a person reads them."""
    return [message_text(warning) for warning in warnings]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    made = tmp_path / "company.sqlite"
    new_company(made)
    return made


def test_new_company_makes_an_empty_company_and_refuses_an_existing_file(tmp_path: Path) -> None:
    made = tmp_path / "books" / "company.sqlite"
    assert new_company(made) == (str(made), ())
    with sqlite3.connect(made) as connection:
        assert connection.execute("SELECT COUNT(*) FROM customer").fetchone() == (0,)
        assert connection.execute("SELECT action FROM audit_entry WHERE action = 'new'").fetchall() == [("new",)]
    before = made.read_bytes()
    with pytest.raises(DatabaseRefused, match="already exists"):
        new_company(made)
    assert made.read_bytes() == before
    assert not lock_path(made).exists()
    empty = tmp_path / "touched.sqlite"
    empty.touch()
    new_company(empty)  # an empty file holds nothing: it becomes the company
    assert empty.stat().st_size > 0


def test_a_named_company_must_exist_but_the_default_one_is_made_on_first_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DatabaseRefused, match="does not exist; nothing was created"):
        open_company(tmp_path / "typo.sqlite")
    monkeypatch.setenv(company.ENVIRONMENT_VARIABLE, str(tmp_path / "typo2.sqlite"))
    with pytest.raises(DatabaseRefused, match="does not exist"):
        open_company()
    assert list(tmp_path.iterdir()) == []

    monkeypatch.delenv(company.ENVIRONMENT_VARIABLE)
    default = tmp_path / "data" / "arddesk.sqlite"
    monkeypatch.setattr(company, "default_database", lambda: default)
    opened = open_company()
    assert opened.db.location == str(default) and opened.read_only_because is None
    opened.db.close()


def test_the_writer_holds_the_lock_until_it_closes(path: Path) -> None:
    opened = open_company(path)
    assert lock_path(path).exists()
    opened.db.close()
    assert not lock_path(path).exists()


def test_a_second_arddesk_is_told_who_holds_the_company_and_may_read_it(path: Path) -> None:
    with another_arddesk(path):
        with pytest.raises(CompanyInUse, match=f"by {this_user()} on {this_machine()} since "):
            open_company(path)
        for viewer in (open_company(path, write=False), open_company(path, read_only=True)):
            assert viewer.db.read_only
            assert message_text(viewer.read_only_because).startswith(f"{this_user()} on {this_machine()} since ")
            viewer.db.close()
    opened = open_company(path)  # the other one was killed: its lock is stale and cleared
    assert not opened.db.read_only
    opened.db.close()


def test_a_report_on_a_free_company_opens_it_normally_without_the_lock(path: Path) -> None:
    opened = open_company(path, write=False)
    assert not opened.db.read_only and not lock_path(path).exists()
    opened.db.close()


def test_a_company_this_user_may_not_change_opens_read_only(path: Path) -> None:
    with unchangeable(path):
        opened = open_company(path)
        assert opened.db.read_only
        assert message_text(opened.read_only_because).startswith("You may not change this file or its folder")
        opened.db.close()
    assert not lock_path(path).exists()


def test_a_sync_folder_or_a_sync_copy_gets_a_warning(tmp_path: Path) -> None:
    synced = tmp_path / "Sync" / "books"
    synced.mkdir(parents=True)
    (tmp_path / "Sync" / ".stfolder").mkdir()
    (warning,) = said(location_warnings(synced / "company.sqlite"))
    assert "synced by Syncthing" in warning and "shared-office setup" in warning

    copy = said(location_warnings(tmp_path / "company (Mary's conflicted copy 2026-06-30).sqlite"))
    assert len(copy) == 1 and "looks like a copy made by a sync program" in copy[0]


def test_dropbox_and_onedrive_are_recognised_by_what_they_leave_in_their_folders(tmp_path: Path) -> None:
    (tmp_path / ".dropbox").mkdir()  # Dropbox's own settings folder in a home folder: not a synced folder
    assert location_warnings(tmp_path / "company.sqlite") == []
    synced = tmp_path / "shared"
    synced.mkdir()
    (synced / ".dropbox").write_text("{}")  # the file Dropbox puts in the folder it syncs
    assert "synced by Dropbox" in said(location_warnings(synced / "company.sqlite"))[0]

    onedrive = tmp_path / "work"
    onedrive.mkdir()
    (onedrive / "desktop.ini").write_text("[.ShellClassInfo]\r\nIconResource=C:\\OneDrive\\icon.ico\r\n", "utf-16")
    assert "synced by OneDrive" in said(location_warnings(onedrive / "company.sqlite"))[0]
