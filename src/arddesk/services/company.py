"""Which company to open and how: the default file, ``ARDDESK_DB`` or a chosen one; one writer at a time.

A company file may be changed by one arddesk at a time. The window and every command that
writes take the company's lock (:mod:`arddesk.store.lockfile`); a second arddesk is told who
has it open and may open it read-only. A file that this user may not change opens read-only
too. A file in a sync folder or on a network share opens with a warning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from arddesk.domain.problems import R_, Message
from arddesk.domain.sharing import (
    SYNC_MARKERS,
    desktop_ini_names_onedrive,
    is_sync_copy_name,
    network_file_system,
    sync_program,
)
from arddesk.services.audit import quick_check
from arddesk.services.servers import with_remembered_password
from arddesk.store import audit
from arddesk.store.db import (
    Database,
    DatabaseRefused,
    is_writable,
    open_database,
    require_company_file,
    server_has_tables,
    sqlite_file,
)
from arddesk.store.files import make_private_folder
from arddesk.store.lockfile import CompanyInUse, acquire, read_holder

__all__ = [
    "APP_NAME",
    "DEFAULT_FILE",
    "ENVIRONMENT_VARIABLE",
    "CompanyInUse",
    "OpenCompany",
    "choose_database",
    "default_database",
    "location_warnings",
    "new_company",
    "open_company",
]

APP_NAME = "arddesk"
DEFAULT_FILE = "arddesk.sqlite"
ENVIRONMENT_VARIABLE = "ARDDESK_DB"
_MOUNTS = Path("/proc/mounts")


def default_database() -> Path:
    """The default company file in the platform's user data folder."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE


def choose_database(explicit: str | None = None) -> str:
    """The company to open: ``explicit`` (``--db``), else ``ARDDESK_DB``, else the default file.

    A value containing ``://`` is an SQLAlchemy URL for a shared server.
    """
    return explicit or os.environ.get(ENVIRONMENT_VARIABLE) or str(default_database())


@dataclass(frozen=True, slots=True)
class OpenCompany:
    """An opened company: the database, why it is read-only (None when it is not) and warnings to show,
    to be put in words where they are shown (``arddesk.text.messages.message_text``)."""

    db: Database
    read_only_because: Message | None
    warnings: tuple[Message, ...]


def open_company(
    target: str | Path | None = None, *, write: bool = True, read_only: bool = False, create: bool = False
) -> OpenCompany:
    """Open a company, taking its lock when it will be changed.

    Args:
        target: a file, an ``sqlite:///`` URL or a server URL; None for ``ARDDESK_DB`` or else the
            default file (which is created when missing: the first start).
        write: the caller will change the company (the window, an import): take the lock, and
            raise :class:`CompanyInUse` when another arddesk holds it. Without it (a report) a
            company another arddesk holds is opened read-only.
        read_only: open for viewing only, whoever holds the lock.
        create: make an empty company when the file is missing (only the default file's first start).

    Raises:
        CompanyInUse: ``write`` and another arddesk has the company open.
        DatabaseRefused: the file is missing or empty (and not ``create``), not an arddesk
            company, or from a newer version.
    """
    if target is None:
        target = choose_database(None)
        create = create or target == str(default_database())
    path = sqlite_file(target)
    if path is None:
        return _opened(open_database(with_remembered_password(str(target)), create=create), None, ())
    if not create:
        require_company_file(path)
    warnings = tuple(location_warnings(path))
    if read_only or (path.exists() and not is_writable(path)):
        return _opened(open_database(path, read_only=True), _why_read_only(path), warnings)
    if not write:
        if read_holder(path) is not None:
            return _opened(open_database(path, read_only=True), _why_read_only(path), warnings)
        return _opened(open_database(path, create=create), None, warnings)
    if create:
        # The lock file goes beside the company, so its folder must be there first.
        make_private_folder(path.parent)
    lock = acquire(path)
    try:
        db = open_database(path, create=create)
    except BaseException:
        lock.release()
        raise
    db.when_closed(lock.release)
    return _opened(db, None, warnings)


def _opened(db: Database, read_only_because: Message | None, warnings: tuple[Message, ...]) -> OpenCompany:
    """The opened company, with a warning when the latest entries of its audit trail do not hold."""
    return OpenCompany(db, read_only_because, warnings + tuple(quick_check(db)))


def _why_read_only(path: Path) -> Message:
    holder = read_holder(path)
    if holder is not None:
        return Message(R_("{holder} has this company open, so it is open here for viewing only."),
                       {"holder": holder.describe()})  # fmt: skip
    if not is_writable(path):
        return Message(R_("You may not change this file or its folder, so the company is open for viewing only."))
    return Message(R_("The company is open for viewing only."))


def new_company(target: str | Path) -> tuple[str, tuple[Message, ...]]:
    """Create an empty company at ``target`` (a file or a server URL).

    Returns:
        Where it is, and warnings about that place (see :func:`location_warnings`).

    Raises:
        DatabaseRefused: something is there already (a file with content, or a database with tables).
    """
    path = sqlite_file(target)
    if path is not None and path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise DatabaseRefused(
            R_("{path} already exists; a new company needs a new file. Nothing was changed."), path=str(path)
        )
    if path is None and server_has_tables(str(target)):
        raise DatabaseRefused(
            R_("That database already holds tables; a new company needs an empty one. Nothing was changed.")
        )
    opened = open_company(target, create=True)
    try:
        with opened.db.transaction() as session:
            audit.note(session, "new", "company", opened.db.location)
        return opened.db.location, opened.warnings
    finally:
        opened.db.close()


def location_warnings(path: Path) -> list[Message]:
    """Warnings about where the company file is: in a sync folder, a sync program's copy, on a network share."""
    resolved = path.resolve()
    folders = list(resolved.parents)
    found: list[Message] = []
    if is_sync_copy_name(resolved.name):
        found.append(Message(
            R_("{name} looks like a copy made by a sync program (Dropbox, OneDrive, Nutstore…) when two "
               "computers changed the same file. Work done in the other copy is not in this one; check which copy "
               "is the real company before entering anything."),
            {"name": resolved.name},
        ))  # fmt: skip
    entries = [marker for folder in folders for marker in SYNC_MARKERS if _is_marker(folder / marker)]
    onedrive = any(_onedrive_desktop_ini(folder / "desktop.ini") for folder in folders)
    program = "OneDrive" if onedrive else sync_program([folder.name for folder in folders], entries)
    if program is not None:
        found.append(Message(
            R_("{file} is in a folder synced by {program}. A sync program copies the company while arddesk "
               "is writing it: that can damage the file, and two computers working on it make conflicting copies "
               "in which work is lost. Keep the company on this computer's own disk and let the sync program copy "
               "the backups folder instead. For several people on one company, use the shared-office setup "
               "(arddesk on a server), which comes with the next version."),
            {"file": str(resolved), "program": program},
        ))  # fmt: skip
    mounts = _MOUNTS.read_text(encoding="utf-8", errors="replace") if _MOUNTS.exists() else ""
    network = network_file_system(str(resolved), mounts)
    if network is not None:
        found.append(Message(
            R_("{file} is on a network share ({network}). Network shares often break the file locks that "
               "keep the company safe: two people can damage it, and a dropped connection can lose work. Keep the "
               "company on this computer's own disk; for several people on one company, use the shared-office "
               "setup (arddesk on a server), which comes with the next version."),
            {"file": str(resolved), "network": network},
        ))  # fmt: skip
    return found


def _is_marker(path: Path) -> bool:
    # Dropbox keeps its settings in a *folder* ~/.dropbox; the synced folder has a *file* .dropbox.
    return path.is_file() if path.name == ".dropbox" else path.exists()


def _onedrive_desktop_ini(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    # Windows writes desktop.ini in UTF-16 (with a byte-order mark) or in the local 8-bit code page.
    text = data.decode("utf-16", errors="replace") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("latin-1")
    return desktop_ini_names_onedrive(text)
