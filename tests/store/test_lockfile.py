"""One writer per company file: the lock file, who holds it, and locks left by a crash."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

import pytest

from arddesk.store.lockfile import CompanyInUse, acquire, lock_path, read_holder, this_machine, this_user
from tests.files_helpers import another_arddesk


def write_lock(company: Path, **fields: object) -> None:
    content = {"user": "mary", "machine": this_machine(), "pid": 1, "since": "2026-06-30T08:15:00", "token": "t"}
    lock_path(company).write_text(json.dumps({**content, **fields}), encoding="utf-8")


def test_the_lock_says_who_and_is_removed_when_released(tmp_path: Path) -> None:
    company = tmp_path / "company.sqlite"
    lock = acquire(company)
    content = json.loads(lock_path(company).read_text(encoding="utf-8"))
    assert (content["user"], content["machine"], content["pid"]) == (this_user(), this_machine(), os.getpid())
    assert datetime.fromisoformat(content["since"]) <= datetime.now()
    lock.release()
    lock.release()  # twice is harmless
    assert not lock_path(company).exists()


def test_the_same_program_shares_its_lock_until_the_last_release(tmp_path: Path) -> None:
    company = tmp_path / "company.sqlite"
    first = acquire(company)
    second = acquire(company)
    first.release()
    assert lock_path(company).exists()
    second.release()
    assert not lock_path(company).exists()


def test_a_second_program_is_told_who_holds_the_company(tmp_path: Path) -> None:
    company = tmp_path / "company.sqlite"
    with another_arddesk(company) as other:
        with pytest.raises(CompanyInUse) as refused:
            acquire(company)
        holder = refused.value.holder
        assert (holder.user, holder.machine, holder.pid) == (this_user(), this_machine(), other.pid)
        assert f"by {this_user()} on {this_machine()} since {holder.since:%Y-%m-%d %H:%M}" in str(refused.value)
        assert read_holder(company) == holder
    # Killed: the lock it left behind is stale and taken over.
    assert lock_path(company).exists()
    assert read_holder(company) is None
    acquire(company).release()
    assert not lock_path(company).exists()


def test_a_lock_from_another_machine_is_never_cleared_here(tmp_path: Path) -> None:
    company = tmp_path / "company.sqlite"
    write_lock(company, machine="OFFICE-PC", pid=999_999_999)
    with pytest.raises(CompanyInUse, match="mary on OFFICE-PC since 2026-06-30 08:15"):
        acquire(company)
    assert json.loads(lock_path(company).read_text(encoding="utf-8"))["machine"] == "OFFICE-PC"


def test_a_lock_of_a_dead_process_on_this_machine_is_cleared(tmp_path: Path) -> None:
    company = tmp_path / "company.sqlite"
    write_lock(company, pid=999_999_999)
    lock = acquire(company)
    assert json.loads(lock_path(company).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_a_torn_lock_counts_as_held_for_a_while_then_as_stale(tmp_path: Path) -> None:
    company = tmp_path / "company.sqlite"
    lock_path(company).write_text('{"user": "ma', encoding="utf-8")
    with pytest.raises(CompanyInUse, match=r"open in arddesk by someone \(the lock file cannot be read\) since "):
        acquire(company)
    an_hour_ago = time.time() - 3600
    os.utime(lock_path(company), (an_hour_ago, an_hour_ago))
    acquire(company).release()
    assert not lock_path(company).exists()
