"""installer/shared-office: the README's one command for the shared office, run against the test server."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from arddesk.cli import main
from tests.conftest import SERVER

SCRIPT = Path(__file__).resolve().parents[2] / "installer" / "shared-office"


def _run(*arguments: str, password: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PGHOST": str(SERVER.query["host"])} if SERVER is not None else None
    return subprocess.run(
        [str(SCRIPT), *arguments], input=password + "\n", env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )


@pytest.mark.skipif(SERVER is None, reason="sets up a company on a PostgreSQL server")
@pytest.mark.parametrize("demo", [False, True], ids=["empty", "from a file"])
def test_creates_the_owner_login_the_company_and_its_roles(demo: bool, tmp_path: Path) -> None:
    assert SERVER is not None
    name = f"office_{uuid.uuid4().hex[:8]}"
    owner = f"boss_{uuid.uuid4().hex[:8]}"
    file = tmp_path / "company.sqlite"
    if demo:
        demo_company = ["demo", "--out", str(file), "--customers", "3", "--deliveries", "30", "--today", "2026-06-30"]
        assert main(demo_company) == 0
    done = _run(name, owner, *([str(file)] if demo else []), password="it's a s3cret; DROP")
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    try:
        assert done.returncode == 0, done.stderr
        assert f"postgresql+psycopg://{owner}@/{name}?host=" in done.stdout
        with admin.connect() as connection:
            can_create_roles = connection.execute(
                text("SELECT rolcanlogin AND rolcreaterole FROM pg_roles WHERE rolname = :owner"), {"owner": owner}
            ).scalar_one()
            database_owner = connection.execute(
                text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar_one()
        company = create_engine(SERVER.set(database=name))
        with company.connect() as connection:
            customers = connection.execute(text("SELECT count(*) FROM customer")).scalar_one()
            # The group roles are the whole server's; the grants on this company's tables are what roles adds.
            clerk_reads = connection.execute(
                text("SELECT has_table_privilege('arddesk_clerk', 'customer', 'SELECT')")
            ).scalar_one()
        company.dispose()
        assert (can_create_roles, database_owner, customers, clerk_reads) == (True, owner, 3 if demo else 0, True)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        admin.dispose()


def test_without_the_company_and_owner_it_says_how_to_call_it() -> None:
    done = _run("acme")
    usage = "usage: installer/shared-office COMPANY OWNER [FILE]   (e.g. installer/shared-office acme owner)\n"
    assert (done.returncode, done.stderr) == (2, usage)


def test_a_missing_company_file_is_named_before_anything_is_made(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere.sqlite"
    done = _run("acme", "owner", str(nowhere))
    assert (done.returncode, done.stderr) == (2, f"installer/shared-office: no company file {nowhere}\n")
