"""The cost of the book of record: importing with the audit trail, checking it, opening a company.

Run from the repository root::

    .venv/bin/python benchmarks/bench_audit.py [--rows 100000] [--baseline REV] [--company PATH]

1. Import: ``--rows`` deliveries from one xlsx file into a small demo company, timed as the
   ``arddesk import`` command, best of three in fresh child processes, by this checkout and by the
   code of ``--baseline`` (default 696dd5e, the last commit before the audit trail), unpacked from git
   into a temporary folder. Each version makes its own small company (a newer schema cannot be
   opened by older code). Both read the same file.
2. With ``--company`` (e.g. the 1,000,000-delivery demo): ``check`` (the whole chain and every
   sealed record), the ledger's SQL checks alone, and what opening the company adds (the chain of
   the trail's latest entries), each in a fresh child process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPEAT = 3


def _python(source: Path, code: str, *args: str) -> str:
    environment = {**os.environ, "PYTHONPATH": str(source)}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def _arddesk(source: Path, *args: str) -> float:
    environment = {**os.environ, "PYTHONPATH": str(source)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "arddesk", *args], env=environment, check=True, capture_output=True)
    return time.perf_counter() - started


def _baseline_source(revision: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


def _workbook(path: Path, rows: int, customers: list[str]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["number", "customer", "date", "amount", "note"])
    for index in range(rows):
        day = f"2026-{1 + index % 11:02d}-{1 + index % 28:02d}"
        sheet.append([f"BX{index:07d}", customers[index % len(customers)], day, 100 + index % 9000, "bench"])
    book.save(path)


def bench_import(rows: int, baseline: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    try:
        versions = {"this checkout": ROOT / "src", f"baseline {baseline}": _baseline_source(baseline, work)}
        companies = {}
        for name, source in versions.items():
            company = work / f"{name.split()[0]}.sqlite"
            _arddesk(source, "demo", "--out", str(company), "--customers", "200", "--deliveries", "2000")
            companies[name] = company
        codes = _python(
            versions["this checkout"],
            "import sqlite3,sys; print(','.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("
            "'SELECT code FROM customer ORDER BY code')))",
            str(companies["this checkout"]),
        ).split(",")
        book = work / "deliveries.xlsx"
        _workbook(book, rows, codes)
        print(f"import of {rows:,} deliveries from xlsx (best of {REPEAT}, each into a fresh copy)")
        best: dict[str, float] = {}
        for name, source in versions.items():
            times = []
            for attempt in range(REPEAT):
                copy = work / f"copy-{attempt}.sqlite"
                shutil.copy(companies[name], copy)
                times.append(_arddesk(source, "--db", str(copy), "import", "deliveries", str(book)))
                copy.unlink()
            best[name] = min(times)
            print(f"  {name:<28} {best[name]:7.2f} s   (runs: {', '.join(f'{t:.2f}' for t in times)})")
        mine, theirs = best["this checkout"], best[f"baseline {baseline}"]
        print(f"  ratio with the audit trail / before it: {mine / theirs:.2f} (target <= 1.2)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


_CHECK = """
import sys, time
from arddesk.store.db import open_database
from arddesk.services import audit, maintenance
from arddesk.store.maintenance import integrity_problems
db = open_database(sys.argv[1], read_only=True)
what = sys.argv[2]
started = time.perf_counter()
if what == "trail":
    found = len(audit.check_books(db).findings)
elif what == "sql":
    with db.reading() as session:
        found = len(integrity_problems(session, sqlite=True))
else:
    found = len(audit.quick_check(db))
print(f"{time.perf_counter() - started:.3f} {found}")
"""


def bench_check(company: Path) -> None:
    source = ROOT / "src"
    entries = _python(
        source,
        "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM audit_entry')"
        ".fetchone()[0])",
        str(company),
    )
    print(f"checks on {company.name} ({int(entries):,} audit entries), each in a fresh process")
    for what, label in (
        ("trail", "check: whole chain + every sealed record"),
        ("sql", "check: SQLite integrity + ledger SQL"),
        ("quick", "opening: chain of the latest entries"),
    ):
        seconds, found = _python(source, _CHECK, str(company), what).split()
        print(f"  {label:<44} {float(seconds):8.3f} s   findings: {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline", default="696dd5e")
    parser.add_argument("--company", type=Path, help="a company to check (e.g. the 1,000,000-delivery demo)")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    if not args.skip_import:
        bench_import(args.rows, args.baseline)
    if args.company is not None:
        bench_check(args.company)


if __name__ == "__main__":
    main()
