"""Opening a company database: checks, migrations, one engine, a session per unit of work."""

from __future__ import annotations

import ast
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from arddesk.domain.problems import R_, Message
from arddesk.store.files import atomic_path, create_private_file

if TYPE_CHECKING:
    from alembic.config import Config

UnitOfWork = Session
"""What a service holds during one transaction; services pass it on to store functions."""

# 'ARDD': written into the SQLite header so that a foreign file is recognised at once.
APPLICATION_ID = 0x41524444
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseRefused(Exception):
    """The file is not an arddesk database we can open; it has been left untouched.

    Why is a reason marked with :func:`R_` and its figures (or a ready :class:`Message`), put in words
    where it is shown (``arddesk.text.messages.error_text``); ``str()`` gives the English, for logs.
    """

    def __init__(self, reason: str | Message, **params: object) -> None:
        self.message = reason if isinstance(reason, Message) else Message(reason, params)
        super().__init__(str(self.message))


def _alembic_config() -> Config:
    # Alembic is imported only when a migration is due: it costs a large share of the window's start-up.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


@functools.cache
def _revisions() -> dict[str, str | None]:
    """Each migration's revision and the one before it, read from the scripts' own assignments.

    Opening an up-to-date company only needs to know the head; reading these few lines is what Alembic
    would read, without importing it (tests/store/test_db.py checks both agree).
    """
    chain: dict[str, str | None] = {}
    for script in sorted((_MIGRATIONS / "versions").glob("*.py")):
        values: dict[str, str | None] = {}
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                value = node.value.value
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                        values[target.id] = value if isinstance(value, str) else None
        if values.get("revision"):
            chain[str(values["revision"])] = values.get("down_revision")
    return chain


def head_revision() -> str:
    """The schema version this program writes."""
    chain = _revisions()
    heads = set(chain) - {down for down in chain.values() if down is not None}
    assert len(heads) == 1, f"the migrations have {len(heads)} heads"
    return heads.pop()


def _known_revisions() -> set[str]:
    return set(_revisions())


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def _folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def is_writable(path: Path) -> bool:
    """Whether this program may change the company file: the file and its folder can be written.

    SQLite writes its ``-wal`` and ``-shm`` files beside the company, so a read-only folder
    makes the company read-only too.
    """
    return os.access(path, os.W_OK) and _folder_writable(path.parent)


def connect_file(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A raw SQLite connection to an existing file; it is never created here.

    Read-only connections open with ``mode=ro``; in a folder where SQLite cannot make the
    shared-memory file that reading a WAL database needs, the file is read as it is
    (``immutable``), since nobody can be writing it there.
    """
    uri = path.resolve().as_uri()
    if not read_only:
        return sqlite3.connect(f"{uri}?mode=rw", uri=True, check_same_thread=False)
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError:
        connection.close()
        if _folder_writable(path.parent):
            raise
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    return connection


def explain_sqlite_error(path: Path | str, exc: sqlite3.Error) -> Message:
    """What an SQLite error on ``path`` means for the clerk (SQLite's own words, data, in brackets)."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return Message(
            R_(
                "{path} is busy: another program (a backup, a sync tool, an SQLite tool) is writing to it. "
                "Close that program and try again; nothing was changed."
            ),
            {"path": str(path)},
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return Message(
            R_(
                "{path} is damaged ({error}). Restore it from a backup (File → Restore from backup…, "
                "or copy one from the backups folder beside it); nothing was changed."
            ),
            {"path": str(path), "error": str(exc)},
        )
    if name.startswith("SQLITE_FULL"):
        return Message(
            R_("The disk holding {path} is full; nothing was saved. Make room and try again."), {"path": str(path)}
        )
    if name.startswith("SQLITE_READONLY"):
        return Message(
            R_("{path} is read-only; nothing was saved. Copy it somewhere you can write to."), {"path": str(path)}
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return Message(
            R_("{path} cannot be opened ({error}): check that it exists and that you may read it."),
            {"path": str(path), "error": str(exc)},
        )
    return Message(
        R_("{path} cannot be used as a database ({error}); nothing was changed."),
        {"path": str(path), "error": str(exc)},
    )


def damage_found(exc: BaseException) -> Message | None:
    """Words for an error that means the database file is damaged; None for any other error."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, sqlite3.DatabaseError) and getattr(original, "sqlite_errorname", "").startswith(
        ("SQLITE_CORRUPT", "SQLITE_NOTADB")
    ):
        return Message(
            R_("the file is damaged ({error}); restore it from a backup (File → Restore from backup…)"),
            {"error": str(original)},
        )
    return None


def _inspect_sqlite_file(path: Path) -> tuple[int, str | None, int]:
    """(application_id, schema revision or None, number of tables) read without writing."""
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_MAGIC))
    if header and header != _SQLITE_MAGIC:
        raise DatabaseRefused(
            R_("{path} is not an arddesk database (not an SQLite file); it was left untouched."), path=str(path)
        )
    if not header:
        return 0, None, 0
    try:
        connection = connect_file(path, read_only=True)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.Error as exc:
        why = explain_sqlite_error(path, exc)
        raise DatabaseRefused(why) from exc
    return app_id, revision, len(tables)


def backup_path_for(path: Path, revision: str) -> Path:
    """Where the copy taken before a migration goes: beside the file, named by version and time."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")


class Database:
    """One open company database: the engine and a factory of sessions."""

    def __init__(self, engine: Engine, *, path: Path | None = None, read_only: bool = False) -> None:
        self.engine = engine
        self.path = path
        self.read_only = read_only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._on_close: list[Callable[[], object]] = []

    @property
    def location(self) -> str:
        """The file path, or the URL for a server database (password hidden)."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a local SQLite file (some maintenance only exists there)."""
        return self.engine.url.get_backend_name() == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session for one unit of work: committed at the end, rolled back on an exception.

        Units of work that change the company run one after the other, as they do in a company
        file: on a server each waits for the others' to end before it reads anything, so what it
        checks (a credit limit, what is still open, the audit trail's last entry) cannot change
        under it, and two clerks paying the same delivery cannot both apply the same money.
        Reading is never held up.
        """
        with self._sessions() as session, session.begin():
            if not self.is_sqlite:
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPLICATION_ID})
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only; nothing is committed."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A session for reading that sees the company as of one moment in all its reads (a copy, a backup).

        On a server others may write meanwhile, so it reads in one repeatable-read transaction;
        a company file is changed by one arddesk at a time (its lock), the one reading it.
        """
        with self._sessions() as session:
            if not self.is_sqlite:
                options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
                session.connection(execution_options=options)
            yield session

    def when_closed(self, action: Callable[[], object]) -> None:
        """Run ``action`` once the database is closed (e.g. give up the company's lock)."""
        self._on_close.append(action)

    def close(self) -> None:
        """Release every connection, then run what :meth:`when_closed` registered."""
        self.engine.dispose()
        actions, self._on_close = self._on_close, []
        for action in actions:
            action()


def _upgrade(engine: Engine) -> None:
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def sqlite_file(target: str | Path) -> Path | None:
    """The company file named by a plain path or an ``sqlite:///`` URL; None for a server URL.

    Raises:
        DatabaseRefused: an URL that cannot be read, or an SQLite URL naming no file.
    """
    text = str(target)
    if "://" not in text:
        return Path(text).expanduser()
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise DatabaseRefused(
            R_("{address} is not a database address ({error})."), address=repr(text), error=str(exc)
        ) from exc
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise DatabaseRefused(
            R_("{address} names no company file; give the file's path, e.g. sqlite:///company.sqlite"),
            address=repr(text),
        )
    if url.query:
        raise DatabaseRefused(
            R_("{address}: options in an sqlite:/// address are not used; give the file's path alone."),
            address=repr(text),
        )
    return Path(url.database).expanduser()


def open_database(target: str | Path, *, create: bool = False, read_only: bool = False) -> Database:
    """Open (and if needed create or migrate) a company database.

    An ``sqlite:///`` URL is the same as the path it names and passes the same checks.

    Args:
        target: a file path, or an SQLAlchemy URL (anything with ``://``).
        create: make a new company when the file does not exist or is empty; without it a
            missing or empty file is refused and nothing is created.
        read_only: open for reading only (the file is never written; an older schema,
            which would need an upgrade, is refused).

    Raises:
        DatabaseRefused: for a file that is not an arddesk database, one written by a
            newer arddesk, or a missing or empty file when ``create`` is false. The file
            is not modified in any of these cases.
    """
    path = sqlite_file(target)
    if path is None:
        return _open_server(str(target), create=create, read_only=read_only)
    return _open_file(path, create=create, read_only=read_only)


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """Where a company on a PostgreSQL server is, without the password: host, database, login, port."""

    host: str
    database: str
    user: str
    port: int = 5432

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL (with the password only when given: such a URL is never stored)."""
        address = URL.create(
            "postgresql+psycopg", self.user or None, password, self.host or None, self.port, self.database
        )
        return address.render_as_string(hide_password=False)


def server_address(target: str) -> tuple[ServerAddress, str | None] | None:
    """The server address in a PostgreSQL URL and the password it carries; None for anything else."""
    try:
        url = make_url(target)
    except ArgumentError:
        return None
    if url.get_backend_name() != "postgresql" or not url.database:
        return None
    host = url.host or str(url.query.get("host", ""))
    return ServerAddress(host, url.database, url.username or "", url.port or 5432), url.password


def server_has_tables(url: str) -> bool:
    """Whether the server database at ``url`` holds any table at all (a company or anything else)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).get_table_names())
    finally:
        engine.dispose()


@functools.cache
def _whole_numbers() -> type:
    # Imported here: psycopg is the optional extra for servers.
    from decimal import Decimal

    from psycopg.adapt import Loader

    class WholeNumbers(Loader):
        """A ``numeric`` (as text) that holds a whole number is read as an int, any other as a Decimal."""

        def load(self, data: Any) -> Decimal | int:
            value = Decimal(bytes(data).decode())
            return int(value) if value.is_finite() and value == value.to_integral_value() else value

    return WholeNumbers


def _on_connect_server(dbapi_connection: Any, _record: Any) -> None:
    # PostgreSQL sums integer cents into ``numeric``: read whole numbers back as ints, as SQLite
    # gives them, so that no sum of cents reaches the program as a Decimal (taken for currency units).
    if hasattr(dbapi_connection, "adapters"):
        dbapi_connection.adapters.register_loader("numeric", _whole_numbers())


def _open_server(url: str, *, create: bool, read_only: bool) -> Database:
    if read_only:
        raise DatabaseRefused(R_("opening read-only is for company files; on a server, grant a read-only login."))
    # No JIT compiling: it pays off for hours-long analytics, while arddesk's statements take under a second and
    # the server would spend seconds compiling the aging a year back (planned costly by its many subqueries).
    engine = create_engine(url, connect_args={"options": "-c jit=off"})
    event.listen(engine, "connect", _on_connect_server)
    try:
        with engine.connect() as connection:
            from alembic.runtime.migration import MigrationContext

            revision = MigrationContext.configure(connection).get_current_revision()
            tables = inspect(connection).get_table_names()
        where = engine.url.render_as_string(hide_password=True)
        _check_revision(revision, where)
        if revision is None and tables:
            raise DatabaseRefused(
                R_("{where} holds another program's tables, not an arddesk company; it was left untouched."),
                where=where,
            )
        if revision is None and not create:
            raise DatabaseRefused(
                R_("{where} holds no company; nothing was created. To start one there: arddesk new URL"), where=where
            )
        if revision != head_revision():
            _upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine)


def require_company_file(path: Path) -> None:
    """Refuse a company file that does not exist or is empty: a mistyped name must create nothing.

    Raises:
        DatabaseRefused: ``path`` is missing, empty or a folder.
    """
    if path.is_dir():
        raise DatabaseRefused(R_("{path} is a folder, not a database file."), path=str(path))
    if not path.exists():
        raise DatabaseRefused(
            R_(
                "{path} does not exist; nothing was created. Check the name, or start a new company there "
                "with: arddesk new PATH"
            ),
            path=str(path),
        )
    if path.stat().st_size == 0:
        raise DatabaseRefused(R_("{path} is an empty file, not a company; it was left untouched."), path=str(path))


def _open_file(path: Path, *, create: bool, read_only: bool) -> Database:
    if path.is_dir():
        raise DatabaseRefused(R_("{path} is a folder, not a database file."), path=str(path))
    exists = path.exists()
    if not create:
        require_company_file(path)
    app_id, revision, tables = _inspect_sqlite_file(path) if exists else (0, None, 0)
    if tables == 0 and not create:
        raise DatabaseRefused(
            R_("{path} holds no company; it was left untouched. To start one there: arddesk new PATH"), path=str(path)
        )
    if tables and app_id != APPLICATION_ID:
        raise DatabaseRefused(
            R_("{path} is an SQLite file but not an arddesk database; it was left untouched."), path=str(path)
        )
    _check_revision(revision, str(path))
    if read_only:
        if revision != head_revision():
            raise DatabaseRefused(
                R_(
                    "{path} was written by an older arddesk and must be upgraded before it can be read, which "
                    "needs permission to change it; open it once where you may write to it. It was left untouched."
                ),
                path=str(path),
            )
    elif not exists:
        create_private_file(path)
    elif revision is not None and revision != head_revision():
        source = connect_file(path, read_only=True)
        try:
            _copy(source, backup_path_for(path, revision))
        finally:
            source.close()

    # Resolved once: a later change of the working folder must not point the engine at another file.
    resolved = path.resolve()
    engine = create_engine(
        make_url("sqlite://").set(database=str(resolved)), creator=lambda: connect_file(resolved, read_only=read_only)
    )
    event.listen(engine, "connect", _on_connect_read_only if read_only else _on_connect)
    try:
        if revision != head_revision():
            _upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, path=path, read_only=read_only)


def _check_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in _known_revisions():
        raise DatabaseRefused(
            R_(
                "{where} was written by a newer version of arddesk (schema {revision}); "
                "install that version to open it. The file was left untouched."
            ),
            where=where,
            revision=revision,
        )


def _copy(source: sqlite3.Connection, destination: Path, progress: Callable[[int, int], object] | None = None) -> None:
    """Copy a database with SQLite's online backup API; ``destination`` appears only when complete."""
    with atomic_path(destination, durable=True) as temporary:
        target = sqlite3.connect(temporary)
        try:
            # The copy is thrown away if it stops half-way, so it needs no journal of its own.
            target.execute("PRAGMA journal_mode = OFF")
            if progress is None:
                source.backup(target)
            else:
                # Copying in steps lets the caller see progress and stop between steps.
                source.backup(target, pages=4096, progress=lambda _s, left, total: progress(total - left, total))
        finally:
            target.close()


def backup_database(
    database: Database, destination: Path, progress: Callable[[int, int], object] | None = None
) -> None:
    """A consistent copy of a live SQLite database, made with SQLite's online backup API.

    The copy includes work still in the ``-wal`` file, and it appears under ``destination``
    only when complete (an existing file there is replaced).

    Args:
        database: the open company.
        destination: the new file.
        progress: told ``(pages copied, pages in all)`` as the copy goes; it may raise to
            stop, and then nothing is left behind.
    """
    if not database.is_sqlite:
        raise DatabaseRefused(R_("backup makes copies of SQLite files only; use the server's own tools."))
    raw = database.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        _copy(source, destination, progress)
    finally:
        raw.close()


def copy_database_file(source: Path, destination: Path) -> None:
    """Copy an arddesk company file (e.g. a backup) to a new file, checked and consistent.

    Raises:
        DatabaseRefused: ``source`` is not an arddesk company or is from a newer version;
            ``destination`` exists already.
    """
    if destination.exists():
        raise DatabaseRefused(R_("{path} already exists; choose a new file."), path=str(destination))
    app_id, revision, tables = _inspect_sqlite_file(source)
    if not tables or app_id != APPLICATION_ID:
        raise DatabaseRefused(R_("{path} is not an arddesk company; nothing was copied."), path=str(source))
    _check_revision(revision, str(source))
    connection = connect_file(source, read_only=True)
    try:
        _copy(connection, destination)
    finally:
        connection.close()
