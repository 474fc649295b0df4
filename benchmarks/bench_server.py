"""Server benchmarks: the 1M company on a local PostgreSQL server beside the same company file (issue 17, point 7).

Run from the repository root (as root or as an ordinary user; a root caller runs the server as ``postgres``)::

    .venv/bin/python benchmarks/bench_server.py [--source FILE] [--explain]

The company file is ``benchmarks/work/company-1000000-2000-1.sqlite``, written by ``bench_ledger.py``
(``--source`` names another; a file outside ``work/`` is first copied there, and only read). The first
run creates a PostgreSQL cluster in ``work/postgresql/`` and copies the company into it with
``arddesk copy --to URL`` (which also checks the copy and ANALYZEs it); later runs reuse both. The
server listens only on a Unix socket in a temporary folder and is stopped at the end.

Each measurement runs in a fresh child process: the first of three calls and the best. "Today" is
the company's last delivery date. Prints a Markdown table with the load average beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
CLUSTER = WORK / "postgresql"
DEFAULT_SOURCE = WORK / "company-1000000-2000-1.sqlite"
sys.path.insert(0, str(HERE))
from bench_ledger import BARE_AGING, REPEAT, _timed, copy_company  # noqa: E402  (the ledger benchmark's)
from bench_ledger import run_child as ledger_run_child  # noqa: E402

# The ledger benchmark's bare aging (as anyone would first write it), with the one part the two
# databases spell differently, whole days between two dates, taken from arddesk.store.portable.
SQLITE_DAYS = "CAST(julianday(:as_of) - julianday(due_date) AS INTEGER)"
assert SQLITE_DAYS in BARE_AGING


# ---------------------------------------------------------------- children: one measurement each


def child_aging(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.services.aging import aging_report
    from arddesk.store.db import open_database

    db = open_database(args.db, create=False)
    first, best, report = _timed(lambda: aging_report(db, date.fromisoformat(args.as_of)))
    db.close()
    total = report.total
    return {"first": first, "best": best, "rows": len(report.lines),
            "sums": [total.not_due or 0, *total.buckets, total.unapplied]}


def child_bare_aging(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import text

    from arddesk.store.db import open_database
    from arddesk.store.portable import Dialect

    db = open_database(args.db, create=False)  # the connection the program uses, settings and driver alike
    name = db.engine.dialect.name
    sql = text(BARE_AGING.replace(SQLITE_DAYS, Dialect(name).days(":as_of", "due_date")))
    as_of: object = args.as_of if name == "sqlite" else date.fromisoformat(args.as_of)
    with db.engine.connect() as connection:
        first, best, rows = _timed(lambda: connection.execute(sql, {"as_of": as_of}).all())
        result: dict[str, Any] = {"first": first, "best": best, "rows": len(rows),
                                  "sums": [int(sum(row[i] or 0 for row in rows)) for i in range(2, 10)]}
        if args.explain and name != "sqlite":
            plan = connection.execute(text("EXPLAIN ANALYZE " + str(sql)), {"as_of": as_of}).scalars()
            result["plan"] = "\n".join(plan)
    db.close()
    return result


def child_log(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.services import browse
    from arddesk.services.browse import DeliveryFilter
    from arddesk.store.db import open_database

    db = open_database(args.db, create=False)
    flt = DeliveryFilter(today=date.fromisoformat(args.as_of))  # as the page opens: everything, newest first
    first, best, rows = _timed(lambda: browse.delivery_page(db, flt, "date", True, 0, 200))
    db.close()
    return {"first": first, "best": best, "rows": len(rows)}


def child_today(args: argparse.Namespace) -> dict[str, Any]:
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as connection:
        (last,) = connection.execute("SELECT MAX(date) FROM delivery").fetchone()
    return {"today": str(last)[:10]}


CHILDREN: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "aging": child_aging,
    "bare_aging": child_bare_aging,
    "log": child_log,
    "today": child_today,
}


run_child = partial(ledger_run_child, script=Path(__file__).resolve())
"""One measurement in a fresh child process of this script (bench_ledger's runner)."""


# ---------------------------------------------------------------- the server


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise SystemExit("PostgreSQL is not installed (installer/debian-setup test installs it)")
    return found[-1]


@contextmanager
def local_server() -> Iterator[str]:
    """A cluster in work/postgresql/ (created on first use), running while the block runs; yields the URL
    of its maintenance database, reached over a Unix socket in a temporary folder."""
    binaries = _postgres_bin()
    as_server: list[str] = []
    socket = Path(tempfile.mkdtemp(prefix="arddesk-bench-pg."))
    if os.getuid() == 0:
        as_server = ["runuser", "-u", "postgres", "--"]
        shutil.chown(socket, "postgres")
    if not (CLUSTER / "PG_VERSION").exists():
        CLUSTER.mkdir(parents=True, exist_ok=True)
        if as_server:
            shutil.chown(CLUSTER, "postgres")
        subprocess.run([*as_server, str(binaries / "initdb"), "-D", str(CLUSTER), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--no-locale"], check=True, stdout=subprocess.DEVNULL)
    # Durability off, as for the tests: the cluster can be rebuilt from the file, and reads do not care.
    options = f"-k {socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run([*as_server, str(binaries / "pg_ctl"), "-D", str(CLUSTER), "-l", str(socket / "server.log"),
                    "-w", "start", "-o", options], check=True, stdout=subprocess.DEVNULL)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={socket}"
    finally:
        subprocess.run([*as_server, str(binaries / "pg_ctl"), "-D", str(CLUSTER), "-m", "fast", "stop"],
                       check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(socket, ignore_errors=True)


def server_company(maintenance: str, company: Path) -> str:
    """The URL of the company's copy on the server, copied there with ``arddesk copy`` when missing."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = company.stem.replace("-", "_")
    url = make_url(maintenance).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(maintenance, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    if exists:
        probe = create_engine(url)
        with probe.connect() as connection:
            filled = connection.execute(text("SELECT to_regclass('customer') IS NOT NULL")).scalar()
            filled = filled and connection.execute(text("SELECT EXISTS (SELECT FROM customer)")).scalar()
        probe.dispose()
        if filled:
            admin.dispose()
            print(f"reusing the server's copy ({name} in {CLUSTER.relative_to(HERE.parent)})")
            return url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    print(f"copying {company.name} onto the server (arddesk copy --to URL; a while) …", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "arddesk", "--db", str(company), "copy", "--to", url], check=True)
    print(f"copied in {time.perf_counter() - started:.0f} s")
    return url


def local_file(source: Path) -> Path:
    """The company file to measure: ``source`` itself when in work/, else a copy there (the source only read)."""
    if source.parent == WORK:
        return source
    copy = WORK / source.name
    if not copy.exists():
        print(f"copying {source} to {copy.relative_to(HERE.parent)} …", flush=True)
        WORK.mkdir(exist_ok=True)
        partial = copy.with_name(copy.name + ".partial")
        copy_company(source, partial)
        partial.rename(copy)
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the company file (only read)")
    parser.add_argument("--explain", action="store_true", help="print the server's plan of the bare aging")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--as-of", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return 0
    if not args.source.exists():
        print(f"{args.source} is missing: run benchmarks/bench_ledger.py first (it writes the 1M company).",
              file=sys.stderr)
        return 2
    company = local_file(args.source)
    today = date.fromisoformat(run_child("today", db=company)["today"])
    year_back = today - timedelta(days=365)
    rows: list[tuple[str, str, dict[str, Any], dict[str, Any] | None, str]] = []
    with local_server() as maintenance:
        url = server_company(maintenance, company)
        version = subprocess.run([str(_postgres_bin() / "postgres"), "--version"], capture_output=True, text=True)
        load_before = os.getloadavg()
        for where, db in (("SQLite file", str(company)), ("PostgreSQL", url)):
            ours = run_child("aging", db=db, as_of=today)
            rows.append((f"aging by customer, as of {today} (today)", where, ours, None, "≤ 0.5 s"))
            ours = run_child("aging", db=db, as_of=year_back)
            bare = run_child("bare_aging", db=db, as_of=year_back, explain=args.explain)
            if ours["sums"] != bare["sums"] or ours["rows"] != bare["rows"]:
                print(f"WARNING: {where}: the aging and the bare statement disagree: {ours['sums']} vs {bare['sums']}")
            if "plan" in bare:
                print(f"\n== bare aging on the server, as of {year_back}\n{bare['plan']}\n")
            rows.append((f"aging by customer, as of {year_back}", where, ours, bare, "≤ 1.2 × bare"))
            log = run_child("log", db=db, as_of=today)
            rows.append(("delivery log: first screen (200 rows, newest first)", where, log, None, "≤ 50 ms"))
        load_after = os.getloadavg()

    print()
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {version.stdout.strip()}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} cores; load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"company: {company.name}; each figure in a fresh child process, first and best of {REPEAT} calls")
    print()
    print("| measurement | database | first s | best s | bare best s | ratio | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for label, where, measured, bare, target in rows:
        print(f"| {label} | {where} | {measured['first']:.3f} | {measured['best']:.3f} | "
              + (f"{bare['best']:.3f} | {measured['best'] / bare['best']:.2f}" if bare else " | ")
              + f" | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
