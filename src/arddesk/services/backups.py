"""Automatic backups: a copy on the first open of each day, kept by the rotation rule; restoring one.

The copies go into a ``backups`` folder beside the company, named ``NAME-YYYY-MM-DD.sqlite``
after the company file and the day. After each new copy, those that
:func:`arddesk.domain.rotation.backups_to_keep` no longer keeps are deleted: 7 daily, 4 weekly
and 12 monthly copies stay. A restore never overwrites: it copies a backup into a new file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from arddesk.domain.rotation import DEFAULT_KEEP, Keep, backups_to_keep
from arddesk.store import audit
from arddesk.store.db import Database, backup_database, copy_database_file, open_database

BACKUP_FOLDER = "backups"


def backup_folder(company: Path) -> Path:
    """Where the automatic backups of ``company`` go: a ``backups`` folder beside it."""
    return company.parent / BACKUP_FOLDER


def _suffix(company: Path) -> str:
    return company.suffix or ".sqlite"


def backup_file(company: Path, day: date) -> Path:
    """The automatic backup of ``company`` taken on ``day``."""
    return backup_folder(company) / f"{company.stem}-{day.isoformat()}{_suffix(company)}"


def list_backups(company: Path) -> list[tuple[date, Path]]:
    """The automatic backups of ``company``, newest first."""
    pattern = re.compile(re.escape(company.stem) + r"-(\d{4}-\d{2}-\d{2})" + re.escape(_suffix(company)))
    found: list[tuple[date, Path]] = []
    folder = backup_folder(company)
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match is None:
            continue
        try:
            found.append((date.fromisoformat(match.group(1)), path))
        except ValueError:  # a name that only looks like ours
            continue
    return sorted(found, reverse=True)


def daily_backup(db: Database, today: date | None = None, keep: Keep = DEFAULT_KEEP) -> Path | None:
    """On the first open of a day, copy the company into its backups folder and drop copies no longer kept.

    Args:
        db: the open company (a file that may be written; otherwise nothing is done).
        today: the day (default: today).
        keep: how many daily, weekly and monthly copies to keep.

    Returns:
        The new backup, or None when there was one for today already (or nothing to do).
    """
    if db.path is None or db.read_only:
        return None
    day = today or date.today()
    existing = list_backups(db.path)
    if any(taken == day for taken, _path in existing):
        return None
    target = backup_file(db.path, day)
    backup_database(db, target)
    kept = backups_to_keep([taken for taken, _path in existing] + [day], keep)
    for taken, path in existing:
        if taken not in kept:
            path.unlink(missing_ok=True)
    return target


def restore_backup(backup: Path, destination: Path) -> None:
    """Copy a backup into a new company file (the current company is not touched).

    The copy is checked and, if the backup is from an older version, brought up to date
    (with a copy of it kept beside it, as for any upgrade). The audit trail of the new file
    records where it came from.

    Raises:
        DatabaseRefused: ``backup`` is not an arddesk company or is from a newer version;
            ``destination`` exists already.
    """
    copy_database_file(backup, destination)
    db = open_database(destination)
    try:
        with db.transaction() as session:
            audit.note(session, "restore", "company", str(destination), reason=f"restored from {backup}")
    finally:
        db.close()
