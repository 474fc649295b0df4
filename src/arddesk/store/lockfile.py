"""One writer per company file: a lock file beside the company says who has it open.

``company.sqlite.lock`` holds, as JSON, the user, the machine, the process and since when.
A second arddesk that finds it is told who has the company open and may open it read-only.
A lock whose process is gone (arddesk was killed, or the computer crashed) is recognised on
the same machine and cleared; a lock from another machine is only cleared by hand, since
this machine cannot see whether that process still runs.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from arddesk.domain.problems import R_, Message
from arddesk.store.db import DatabaseRefused
from arddesk.store.files import PRIVATE_FILE

LOCK_SUFFIX = ".lock"
# A lock file that cannot be read is taken as still being written this long after it appeared.
_UNREADABLE_GRACE_SECONDS = 30


def lock_path(company: Path) -> Path:
    """The lock file of a company file: beside it, ``NAME.lock``."""
    return company.with_name(company.name + LOCK_SUFFIX)


def this_machine() -> str:
    """The name of this computer as other computers on the network see it."""
    return socket.gethostname()


def this_user() -> str:
    """The operating-system login of whoever runs this program."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some service environments
        return "unknown"


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a company's lock, as the lock file says."""

    user: str
    machine: str
    pid: int
    since: datetime
    token: str = ""

    def describe(self) -> Message:
        """E.g. ``mary on OFFICE-PC since 2026-06-30 08:15``; a lock file that cannot be read names nobody."""
        if self.pid <= 0:
            return Message(
                R_("someone (the lock file cannot be read) since {since}"), {"since": f"{self.since:%Y-%m-%d %H:%M}"}
            )
        return Message(
            R_("{user} on {machine} since {since}"),
            {"user": self.user, "machine": self.machine, "since": f"{self.since:%Y-%m-%d %H:%M}"},
        )


class CompanyInUse(DatabaseRefused):
    """Another arddesk holds the company's lock; ``holder`` says who (the company is left untouched)."""

    def __init__(self, company: Path, holder: Holder) -> None:
        super().__init__(
            R_(
                "{company} is open in arddesk by {holder}. Only one arddesk at a time may change a "
                "company; you can open it read-only, or wait until it is closed there. If that arddesk is no "
                "longer running (its computer crashed), delete {lock} beside the company."
            ),
            company=str(company),
            holder=holder.describe(),
            lock=lock_path(company).name,
        )
        self.company = company
        self.holder = holder


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        still_active = 259
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _read(path: Path) -> tuple[Holder, bytes] | None:
    """The holder and the raw content of a lock file; None when there is no lock file."""
    try:
        content = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime)
    except FileNotFoundError:
        return None
    except OSError:
        return Holder("someone", "another computer", 0, datetime.now()), b""
    try:
        data = json.loads(content)
        holder = Holder(
            str(data["user"]), str(data["machine"]), int(data["pid"]),
            datetime.fromisoformat(str(data["since"])), str(data.get("token", "")),
        )
    except (ValueError, KeyError, TypeError):
        # Empty or torn: the writer was killed between creating and filling it, or is filling it now.
        holder = Holder("unknown", "unknown", -1, modified)
    return holder, content


def read_holder(company: Path) -> Holder | None:
    """Who holds the lock of ``company`` now, or None when it is free (a stale lock counts as free)."""
    found = _read(lock_path(company))
    if found is None or _is_stale(found[0]):
        return None
    return found[0]


_held: dict[Path, tuple[CompanyLock, int]] = {}
_held_guard = threading.Lock()


def _is_stale(holder: Holder) -> bool:
    if holder.pid == -1:
        age = datetime.now() - holder.since
        return age.total_seconds() > _UNREADABLE_GRACE_SECONDS
    if holder.machine != this_machine():
        return False
    if holder.pid == os.getpid():
        # Our process id, but not a lock this process took: an earlier process that had the same id.
        return not any(lock.token == holder.token for lock, _count in _held.values())
    return not _process_alive(holder.pid)


class CompanyLock:
    """The lock of one company file held by this process; :meth:`release` when the company is closed."""

    def __init__(self, company: Path, token: str) -> None:
        self.company = company
        self.path = lock_path(company)
        self.token = token
        self._released = False

    def release(self) -> None:
        """Give the lock up (the last holder in this process removes the file, if it is still ours)."""
        if self._released:
            return
        self._released = True
        key = self.company.resolve()
        with _held_guard:
            lock, count = _held.get(key, (self, 1))
            if count > 1:
                _held[key] = (lock, count - 1)
                return
            _held.pop(key, None)
        found = _read(self.path)
        if found is not None and found[0].token == self.token:
            self.path.unlink(missing_ok=True)


def _create(path: Path, token: str) -> bool:
    """Write a new lock file; False when one exists already."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    content = {
        "program": "arddesk",
        "user": this_user(),
        "machine": this_machine(),
        "pid": os.getpid(),
        "since": datetime.now().isoformat(timespec="seconds"),
        "token": token,
    }
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(content, stream)
    return True


def _clear_stale(path: Path, expected: bytes) -> Holder | None:
    """Remove a stale lock file, unless another arddesk replaced it meanwhile; returns that one's holder."""
    aside = path.with_name(f"{path.name}.{uuid.uuid4().hex}.stale")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    found = _read(aside)
    if found is None or found[1] == expected:
        aside.unlink(missing_ok=True)
        return None
    # Between our look and our move another arddesk took the lock: put its file back.
    with contextlib.suppress(FileExistsError):
        os.link(aside, path)
    aside.unlink(missing_ok=True)
    return found[0]


def acquire(company: Path) -> CompanyLock:
    """Take the lock of ``company`` for this process (taken again by the same process, it is shared).

    Raises:
        CompanyInUse: another running arddesk holds it.
        OSError: the lock file cannot be written (e.g. a read-only folder).
    """
    key = company.resolve()
    with _held_guard:
        if key in _held:
            lock, count = _held[key]
            _held[key] = (lock, count + 1)
            return CompanyLock(company, lock.token)
        path = lock_path(company)
        token = uuid.uuid4().hex
        for _attempt in range(3):
            if _create(path, token):
                lock = CompanyLock(company, token)
                _held[key] = (lock, 1)
                return lock
            found = _read(path)
            if found is None:
                continue  # released meanwhile
            holder, content = found
            if not _is_stale(holder):
                raise CompanyInUse(company, holder)
            replaced = _clear_stale(path, content)
            if replaced is not None:
                raise CompanyInUse(company, replaced)
        found = _read(path)
        raise CompanyInUse(company, found[0] if found else Holder("unknown", "unknown", -1, datetime.now()))
