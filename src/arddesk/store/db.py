"""Opening a company database: checks, migrations, one engine, a session per unit of work."""

from __future__ import annotations

import functools
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

UnitOfWork = Session
"""What a service holds during one transaction; services pass it on to store functions."""

# 'ARDD': written into the SQLite header so that a foreign file is recognised at once.
APPLICATION_ID = 0x41524444
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseRefused(Exception):
    """The file is not an arddesk database we can open; it has been left untouched."""


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    # Reading the migration scripts takes a while and they never change while the program runs.
    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    """The schema version this program writes."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _inspect_sqlite_file(path: Path) -> tuple[int, str | None, int]:
    """(application_id, schema revision or None, number of tables) read without writing."""
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_MAGIC))
    if header and header != _SQLITE_MAGIC:
        raise DatabaseRefused(f"{path} is not an arddesk database (not an SQLite file); it was left untouched.")
    if not header:
        return 0, None, 0
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefused(f"{path} cannot be read as a database ({exc}); it was left untouched.") from exc
    return app_id, revision, len(tables)


def backup_path_for(path: Path, revision: str) -> Path:
    """Where the copy taken before a migration goes: beside the file, named by version and time."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")


class Database:
    """One open company database: the engine and a factory of sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def location(self) -> str:
        """The file path, or the URL for a server database (password hidden)."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            return url.database
        return url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a local SQLite file (some maintenance only exists there)."""
        return self.engine.url.get_backend_name() == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session for one unit of work: committed at the end, rolled back on an exception."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only; nothing is committed."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def _upgrade(engine: Engine) -> None:
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(target: str | Path, *, create: bool = True) -> Database:
    """Open (and if needed create or migrate) a company database.

    Args:
        target: a file path, or an SQLAlchemy URL (anything with ``://``).
        create: make a new database when the file does not exist.

    Raises:
        DatabaseRefused: for a file that is not an arddesk database, one written by a
            newer arddesk, or a missing file when ``create`` is false. The file is not
            modified in any of these cases.
    """
    text = str(target)
    if "://" in text:
        engine = create_engine(text)
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
        _check_revision(revision, text)
        if revision != head_revision():
            _upgrade(engine)
        return Database(engine)

    path = Path(text).expanduser()
    existed = path.exists()
    if not existed and not create:
        raise DatabaseRefused(f"{path} does not exist.")
    if existed:
        if path.is_dir():
            raise DatabaseRefused(f"{path} is a folder, not a database file.")
        app_id, revision, tables = _inspect_sqlite_file(path)
        if tables and app_id != APPLICATION_ID:
            raise DatabaseRefused(f"{path} is an SQLite file but not an arddesk database; it was left untouched.")
        _check_revision(revision, str(path))
        if revision is not None and revision != head_revision():
            shutil.copy2(path, backup_path_for(path, revision))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)

    engine = create_engine(make_url("sqlite://").set(database=str(path)))
    event.listen(engine, "connect", _on_connect)
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    if revision != head_revision():
        _upgrade(engine)
    return Database(engine)


def _check_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in _known_revisions():
        raise DatabaseRefused(
            f"{where} was written by a newer version of arddesk (schema {revision}); "
            "install that version to open it. The file was left untouched."
        )


def backup_database(
    database: Database, destination: Path, progress: Callable[[int, int], object] | None = None
) -> None:
    """A consistent copy of a live SQLite database, made with SQLite's online backup API.

    Args:
        database: the open company.
        destination: the new file.
        progress: told ``(pages copied, pages in all)`` as the copy goes; it may raise to
            stop, and then the half-written copy is removed.
    """
    if not database.is_sqlite:
        raise DatabaseRefused("backup makes copies of SQLite files only; use the server's own tools.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(destination)
    completed = False
    try:
        raw = database.engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            if progress is None:
                source.backup(target)
            else:
                # Copying in steps lets the caller see progress and stop between steps.
                source.backup(target, pages=4096, progress=lambda _s, left, total: progress(total - left, total))
            completed = True
        finally:
            raw.close()
    finally:
        target.close()
        if not completed:
            destination.unlink(missing_ok=True)
