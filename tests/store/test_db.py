import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from arddesk.services import browse, ledger, plan
from arddesk.services.audit import history
from arddesk.services.maintenance import check_database
from arddesk.store import db as db_module
from arddesk.store.db import (
    APPLICATION_ID,
    Database,
    DatabaseRefused,
    backup_database,
    damage_found,
    head_revision,
    is_writable,
    open_database,
)
from arddesk.store.monthly import is_sums_object
from arddesk.store.schema import metadata
from arddesk.store.search import is_index_object
from arddesk.text.messages import error_text as describe_error
from tests.conftest import ON_SERVER
from tests.files_helpers import unchangeable

FIXTURES = Path(__file__).with_name("fixtures")


def test_the_revisions_read_without_alembic_are_alembics() -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(db_module.__file__).with_name("migrations")))
    scripts = ScriptDirectory.from_config(config)
    assert head_revision() == scripts.get_current_head()
    assert db_module._known_revisions() == {script.revision for script in scripts.walk_revisions()}


def test_opening_an_up_to_date_company_does_not_import_alembic(tmp_path: Path) -> None:
    open_database(tmp_path / "company.sqlite", create=True).close()
    probe = (
        "import sys; from arddesk.store.db import open_database; "
        f"open_database({str(tmp_path / 'company.sqlite')!r}).close(); print(sorted(sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "'sqlalchemy'" in loaded and "'alembic'" not in loaded


def test_new_file_is_created_with_the_current_schema_and_marked_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    open_database(path, create=True).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


def test_every_connection_enforces_foreign_keys(tmp_path: Path) -> None:
    database = open_database(tmp_path / "c.sqlite", create=True)
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.close()


def _modelled(name: str | None, kind: str, _parents: object) -> bool:
    """Not the number search index (migration 0012, no model): SQLite's FTS5 tables, PostgreSQL's trigram index;
    nor the monthly sums kept by triggers (0016)."""
    if kind == "table":
        return name is None or not (is_index_object(name) or is_sums_object(name))
    return kind != "index" or not (name or "").endswith("_number_trigram")


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    database = open_database(tmp_path / "c.sqlite", create=True)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _modelled})
        differences = compare_metadata(context, metadata)
    database.close()
    assert differences == []


def _untouched(path: Path) -> bytes:
    return path.read_bytes()


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    before = _untouched(path)
    with pytest.raises(DatabaseRefused, match="not an arddesk database"):
        open_database(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("customer list\n")
    with pytest.raises(DatabaseRefused, match="not an SQLite file"):
        open_database(path)
    assert path.read_text() == "customer list\n"


def test_damaged_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    open_database(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree, right after the header
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused):
        open_database(path)
    assert path.read_bytes() == bytes(data)


def test_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_database(path, create=True).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="newer version of arddesk"):
        open_database(path)
    assert path.read_bytes() == before


def test_missing_file_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused, match="does not exist"):
        open_database(tmp_path / "nope.sqlite", create=False)


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_*.sqlite")), ids=lambda p: p.stem)
def test_every_frozen_schema_opens_and_upgrades(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    old_revision = fixture.stem.removeprefix("schema_")
    database = open_database(path)
    with database.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM delivery").scalar() > 0
    problems = check_database(database)  # what `arddesk check` reports
    database.close()
    assert problems == []
    backups = list(tmp_path.glob(f"{fixture.name}.before-{old_revision}-*.bak"))
    assert len(backups) == (0 if old_revision == head_revision() else 1)


def test_backup_is_a_consistent_openable_copy(tmp_path: Path) -> None:
    database = open_database(tmp_path / "live.sqlite", create=True)
    backup_database(database, tmp_path / "copy.sqlite")
    database.close()
    open_database(tmp_path / "copy.sqlite", create=False).close()


def test_backup_reports_progress_and_a_stopped_backup_leaves_no_file(tmp_path: Path) -> None:
    database = open_database(tmp_path / "live.sqlite", create=True)
    seen: list[tuple[int, int]] = []
    backup_database(database, tmp_path / "copy.sqlite", lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]

    def stop(_done: int, _total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backup_database(database, tmp_path / "stopped.sqlite", stop)
    database.close()
    assert not (tmp_path / "stopped.sqlite").exists()


def test_a_company_at_schema_0004_keeps_letters_class_overrides_causes_and_flags(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0004.sqlite", path)
    database = open_database(path)
    with database.engine.connect() as connection:
        rows = {
            table: connection.exec_driver_sql(f"SELECT {columns} FROM {table}").fetchall()
            for table, columns in {
                "letter": "reference, reply",
                "class_override": "debt_class, reason",
                "class_override_log": "action, debt_class",
                "debt_cause": "cause, note",
                "warning_flag": "kind, note",
            }.items()
        }
    database.close()
    assert rows == {
        "letter": [("R-2026Q1-C1", "agreed")],
        "class_override": [("doubtful", "moved away")],
        "class_override_log": [("set", "doubtful")],
        "debt_cause": [("quality", "broken crates")],
        "warning_flag": [("relocation", "moved to Tianjin")],
    }


def test_a_company_at_schema_0007_keeps_its_plan_contacts_and_incentive_rules(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0007.sqlite", path)
    database = open_database(path)
    with database.engine.connect() as connection:
        rows = {
            sql: connection.exec_driver_sql(sql).fetchall()
            for sql in (
                "SELECT avoid_days FROM customer",
                "SELECT period, kind, amount FROM collection_target",
                "SELECT planned_on, state FROM schedule_entry",
                "SELECT excuse, next_on FROM contact",
                "SELECT due_date, amount FROM promise_instalment",
                "SELECT period FROM incentive_rules",
                "SELECT discount_bp, discount_days FROM terms",
            )
        }
    database.close()
    assert list(rows.values()) == [
        [("mon,1,2",)],
        [("2026-12", "normal", 500000)],
        [("2026-12-04", "moved")],
        [("no_money", "2026-12-01")],
        [("2026-11-30", 60000)],
        [("2026Q3",)],
        [(None, None)],  # terms of an older company have no early-payment discount
    ]


def test_a_company_at_schema_0009_keeps_its_staff_and_the_check_stays_clean(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0009.sqlite", path)
    database = open_database(path)
    with database.engine.connect() as connection:
        rows = {
            sql: connection.exec_driver_sql(sql).fetchall()
            for sql in (
                "SELECT r.code, r.name, COALESCE(g.code, ''), r.phone, r.active FROM rep r "
                "LEFT JOIN department g ON g.id = r.department_id ORDER BY r.code",
                "SELECT g.code, g.name, h.code FROM department g JOIN rep h ON h.id = g.head_rep_id",
                "SELECT c.code, r.code FROM customer c JOIN rep r ON r.id = c.rep_id ORDER BY c.code",
                "SELECT number, amount, open_amount FROM delivery ORDER BY number",
                "SELECT period, amount FROM collection_target",
            )
        }
    problems = check_database(database)
    database.close()
    assert list(rows.values()) == [
        [("R1", "王伟", "EAST", "", 1), ("R2", "Li Na", "EAST", "", 1), ("R3", "R3", "", "", 1)],
        [("EAST", "华东销售部", "R1")],
        [("C1", "R1"), ("C2", "R2"), ("C3", "R3")],
        [("D1", 120000, 100000), ("D2", 30000, 30000), ("D3", 8000, 8000)],
        [("2026-12", 500000)],
    ]
    assert problems == []  # the upgrade recorded every rep's new phone and active fields in the trail


def test_a_company_at_schema_0010_gets_customer_targets_and_the_check_stays_clean(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0010.sqlite", path)
    database = open_database(path)
    try:
        targets = plan.targets_in(database, "2026-12")
        entries = history(database, "collection_target", "2026-12/R1/normal/0")
        waiting = ledger.preview_all_credit(database)
        problems = check_database(database)
    finally:
        database.close()
    assert [(t.rep, t.customer, t.kind, t.amount) for t in targets] == [("R1", "", "normal", 500_000)]
    assert [e.action for e in entries] == ["target"]  # recorded at 0010 under the same key: no second entry
    # The upgrade applies no credit: C2's return and C3's advance wait beside open goods for the clerk.
    assert [(x.customer, x.number, x.delivery, x.amount) for x in waiting.lines] == [
        ("C2", "ADJ0000001", "D2", 3_000),
        ("C3", "PAY0000002", "D4", 40_000),
    ]
    assert problems == []


# ---------------------------------------------------------------- files: missing, URLs, backups, modes, read-only


@pytest.mark.parametrize("made", ["missing", "empty", "missing folder"])
def test_a_missing_or_empty_file_is_refused_and_nothing_is_created(tmp_path: Path, made: str) -> None:
    path = tmp_path / ("sub/company.sqlite" if made == "missing folder" else "company.sqlite")
    if made == "empty":
        path.touch()
    with pytest.raises(DatabaseRefused, match=r"does not exist; nothing was created|is an empty file"):
        open_database(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["company.sqlite"] if made == "empty" else [])
    assert path.exists() is (made == "empty") and (not path.exists() or path.stat().st_size == 0)


def test_an_sqlite_url_gets_exactly_the_checks_of_a_path(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    before = foreign.read_bytes()
    with pytest.raises(DatabaseRefused, match="not an arddesk database"):
        open_database(f"sqlite:///{foreign}")
    assert foreign.read_bytes() == before
    with pytest.raises(DatabaseRefused, match="does not exist"):
        open_database(f"sqlite:///{tmp_path / 'nope.sqlite'}")
    for memory in ("sqlite://", "sqlite:///:memory:"):
        with pytest.raises(DatabaseRefused, match="names no company file"):
            open_database(memory)

    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0008.sqlite", old)
    database = open_database(f"sqlite:///{old}")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    database.close()
    assert database.location == str(old)
    assert len(list(tmp_path.glob("old.sqlite.before-0008-*.bak"))) == 1


def test_the_backup_before_an_upgrade_holds_the_work_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0008.sqlite", path)
    other_program = sqlite3.connect(path)
    other_program.execute("PRAGMA journal_mode = WAL")
    other_program.execute("PRAGMA wal_autocheckpoint = 0")
    other_program.execute("UPDATE customer SET name = 'renamed, only in the wal'")
    other_program.commit()
    assert (tmp_path / "company.sqlite-wal").stat().st_size > 0
    try:
        open_database(path).close()
    finally:
        other_program.close()
    (backup,) = tmp_path.glob("company.sqlite.before-0008-*.bak")
    with sqlite3.connect(backup) as copy:
        assert {name for (name,) in copy.execute("SELECT name FROM customer")} == {"renamed, only in the wal"}


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX modes")
def test_a_new_company_its_journal_files_and_backups_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        database = open_database(tmp_path / "books" / "company.sqlite", create=True)
        with database.transaction() as session:
            session.execute(text("INSERT INTO setting (key, value) VALUES ('company_name', 'Acme')"))
        made = sorted(p.name for p in (tmp_path / "books").iterdir())
        modes = {name: stat.S_IMODE((tmp_path / "books" / name).stat().st_mode) for name in made}
        backup_database(database, tmp_path / "books" / "copy.sqlite")
        database.close()
    finally:
        os.umask(old_umask)
    assert made == ["company.sqlite", "company.sqlite-shm", "company.sqlite-wal"]
    assert modes == dict.fromkeys(made, 0o600)
    assert stat.S_IMODE((tmp_path / "books").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "books" / "copy.sqlite").stat().st_mode) == 0o600


def _company_with_a_setting(path: Path) -> None:
    database = open_database(path, create=True)
    with database.transaction() as session:
        session.execute(text("INSERT INTO setting (key, value) VALUES ('company_name', 'Acme')"))
    database.close()


def test_a_file_nobody_may_change_opens_read_only_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    _company_with_a_setting(path)
    before = path.read_bytes()
    with unchangeable(path):
        assert not is_writable(path)
        database = open_database(path, read_only=True)
        assert database.read_only
        with database.reading() as session:
            assert session.execute(text("SELECT value FROM setting")).scalar() == "Acme"
        with pytest.raises(OperationalError) as refused, database.transaction() as session:
            session.execute(text("UPDATE setting SET value = 'changed'"))
        database.close()
    assert "read-only" in describe_error(refused.value)
    assert path.read_bytes() == before


def test_a_company_in_a_folder_nobody_may_change_is_read_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    _company_with_a_setting(folder / "company.sqlite")
    with unchangeable(folder):
        assert not is_writable(folder / "company.sqlite")
        database = open_database(folder / "company.sqlite", read_only=True)
        with database.reading() as session:
            assert session.execute(text("SELECT value FROM setting")).scalar() == "Acme"
        database.close()
    assert sorted(p.name for p in folder.iterdir()) == ["company.sqlite"]


def test_an_older_company_is_not_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0008.sqlite", path)
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="must be upgraded"):
        open_database(path, read_only=True)
    assert path.read_bytes() == before


def test_damage_is_named_and_other_errors_are_not(tmp_path: Path) -> None:
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorname = "SQLITE_CORRUPT"  # type: ignore[attr-defined]
    assert "damaged" in str(damage_found(damaged))
    assert damage_found(sqlite3.OperationalError("database is locked")) is None
    assert damage_found(ValueError("x")) is None


def test_a_company_at_schema_0011_gets_payment_habits_and_caps_and_the_check_stays_clean(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0011.sqlite", path)
    database = open_database(path)
    try:
        c1 = browse.customer(database, "C1", date(2026, 12, 31))
        entries = [e for e in history(database, "customer", "C1") if e.action == "upgrade" and e.field == "pay_method"]
        problems = check_database(database)
    finally:
        database.close()
    assert c1 is not None and (c1.hold_state, c1.delivery_cap, c1.pay_method, c1.signer) == ("restricted", None, "", "")
    assert len(entries) == 1  # the upgrade recorded the new fields as it found them
    assert problems == []


def test_migrations_build_exactly_the_models_on_the_database_in_use(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _modelled})
        differences = compare_metadata(context, metadata)
    assert differences == []


@pytest.mark.skipif(not ON_SERVER, reason="a server's compiler")
def test_a_server_connection_plans_without_jit_compiling(db: Database) -> None:
    # Compiling took 4 of the 7 seconds of the 1M company's aging a year back (benchmarks/bench_server.py).
    with db.reading() as session:
        assert session.execute(text("SHOW jit")).scalar() == "off"
