"""Ledger benchmarks: demo generation, aging, aging detail, xlsx imports, each against a bare baseline.

Run from the repository root::

    .venv/bin/python benchmarks/bench_ledger.py [--deliveries N] [--explain] [--import-only] [--payments-only]

The company is written to ``benchmarks/work/`` (git-ignored) and reused by later runs of
the same size. Every measurement runs in a fresh child process, which reports its own
time and its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the
whole process, interpreter and imports included). Timings of the reports are the best
of three calls in that process; the first call is shown beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
IMPORT_ROWS = 100_000
PAYMENT_ROWS = 100_000
COMPARE_ROWS = 20_000
REPEAT = 3

# The aging as anyone would first write it: open = amount less the allocations effective
# by the date, for every delivery dated by then; credits likewise; buckets by CASE.
BARE_AGING = """
WITH o AS (
  SELECT d.customer_id, d.due_date, d.amount - COALESCE(SUM(a.amount), 0) AS open
  FROM delivery d
  LEFT JOIN allocation a ON a.delivery_id = d.id AND a.effective_date <= :as_of
  WHERE d.date <= :as_of
  GROUP BY d.id
),
od AS (
  SELECT customer_id, open, CAST(julianday(:as_of) - julianday(due_date) AS INTEGER) AS days
  FROM o WHERE open <> 0
),
u AS (
  SELECT p.customer_id, p.amount - COALESCE(SUM(a.amount), 0) AS credit
  FROM payment p
  LEFT JOIN allocation a ON a.payment_id = p.id AND a.effective_date <= :as_of
  WHERE p.date <= :as_of
  GROUP BY p.id
  UNION ALL
  SELECT j.customer_id, j.amount - COALESCE(SUM(a.amount), 0)
  FROM adjustment j
  LEFT JOIN allocation a ON a.adjustment_id = j.id AND a.effective_date <= :as_of
  WHERE j.date <= :as_of
  GROUP BY j.id
),
grid AS (
  SELECT customer_id,
         SUM(CASE WHEN days IS NULL OR days <= 0 THEN open ELSE 0 END) AS not_due,
         SUM(CASE WHEN days BETWEEN 1 AND 30 THEN open ELSE 0 END) AS b1,
         SUM(CASE WHEN days BETWEEN 31 AND 60 THEN open ELSE 0 END) AS b2,
         SUM(CASE WHEN days BETWEEN 61 AND 90 THEN open ELSE 0 END) AS b3,
         SUM(CASE WHEN days BETWEEN 91 AND 180 THEN open ELSE 0 END) AS b4,
         SUM(CASE WHEN days BETWEEN 181 AND 365 THEN open ELSE 0 END) AS b5,
         SUM(CASE WHEN days > 365 THEN open ELSE 0 END) AS b6,
         0 AS credit
  FROM od GROUP BY customer_id
  UNION ALL
  SELECT customer_id, 0, 0, 0, 0, 0, 0, 0, SUM(credit) FROM u GROUP BY customer_id
)
SELECT c.code, c.name, SUM(not_due), SUM(b1), SUM(b2), SUM(b3), SUM(b4), SUM(b5), SUM(b6), -SUM(credit)
FROM grid JOIN customer c ON c.id = grid.customer_id
GROUP BY c.id
HAVING SUM(not_due) <> 0 OR SUM(b1) <> 0 OR SUM(b2) <> 0 OR SUM(b3) <> 0 OR SUM(b4) <> 0
    OR SUM(b5) <> 0 OR SUM(b6) <> 0 OR SUM(credit) <> 0
ORDER BY c.code
"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _timed(call: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, float, Any]:
    """(first, best, result of the last call)."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times[0], min(times), result


# ---------------------------------------------------------------- children: one measurement each


def child_generate(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.services.demo import generate_demo

    start = time.perf_counter()
    summary = generate_demo(Path(args.db), deliveries=args.deliveries, customers=args.customers, seed=args.seed)
    seconds = time.perf_counter() - start
    return {
        "first": seconds,
        "best": seconds,
        "today": summary.last_date.isoformat(),
        "detail": f"{summary.customers} customers, {summary.deliveries} deliveries, {summary.payments} payments, "
        f"{summary.adjustments} adjustments, {summary.allocations} allocations",
    }


def _explain(connection: sqlite3.Connection, sql: str, params: Any) -> str:
    lines = [f"{row[0]:>3} {row[1]:>3} {row[3]}" for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
    return "\n".join(lines)


def child_aging(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import event

    from arddesk.services.aging import aging_report
    from arddesk.store.db import open_database

    db = open_database(Path(args.db), create=False)
    statements: list[tuple[str, Any]] = []
    if args.explain:

        def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
            if "julianday" in statement:
                statements.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", capture)
    as_of = date.fromisoformat(args.as_of)
    first, best, report = _timed(lambda: aging_report(db, as_of))
    total = report.total
    result = {
        "first": first,
        "best": best,
        "rows": len(report.lines),
        "sums": [total.not_due or 0, *total.buckets, total.unapplied],
    }
    if statements:
        with sqlite3.connect(args.db) as connection:
            result["plan"] = _explain(connection, *statements[0])
            result["sql"] = statements[0][0]
    db.close()
    return result


def child_bare_aging(args: argparse.Namespace) -> dict[str, Any]:
    connection = sqlite3.connect(args.db)
    params = {"as_of": args.as_of}
    first, best, rows = _timed(lambda: connection.execute(BARE_AGING, params).fetchall())
    sums = [sum(row[i] or 0 for row in rows) for i in range(2, 10)]
    result = {"first": first, "best": best, "rows": len(rows), "sums": sums}
    if args.explain:
        result["plan"] = _explain(connection, BARE_AGING, params)
    connection.close()
    return result


def child_detail(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.services.aging import aging_detail
    from arddesk.store.db import open_database

    db = open_database(Path(args.db), create=False)
    as_of = date.fromisoformat(args.as_of)
    first, best, lines = _timed(lambda: aging_detail(db, as_of))
    db.close()
    return {"first": first, "best": best, "rows": len(lines), "sums": [sum(line.open for line in lines)]}


def child_import(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.services.importing import import_file
    from arddesk.store.db import open_database

    db = open_database(Path(args.db), create=False)
    start = time.perf_counter()
    summary = import_file(db, args.kind, Path(args.xlsx))
    seconds = time.perf_counter() - start
    db.close()
    return {"first": seconds, "best": seconds, "detail": str(summary)}


def child_read(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.services.spreadsheet import read_sheet

    start = time.perf_counter()
    rows = len(read_sheet(Path(args.xlsx)).rows)
    seconds = time.perf_counter() - start
    return {"first": seconds, "best": seconds, "rows": rows}


def child_bare_read(args: argparse.Namespace) -> dict[str, Any]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(args.xlsx, read_only=True)
    rows = sum(1 for _ in workbook.active.iter_rows(values_only=True))
    workbook.close()
    seconds = time.perf_counter() - start
    return {"first": seconds, "best": seconds, "rows": rows}


def child_write_xlsx(args: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    write = write_payments_file if args.kind == "payments" else write_import_file
    write(Path(args.db), Path(args.xlsx), date.fromisoformat(args.as_of), args.import_rows)
    seconds = time.perf_counter() - start
    return {"first": seconds, "best": seconds}


def child_prepare(args: argparse.Namespace) -> dict[str, Any]:
    from arddesk.store.db import open_database

    open_database(Path(args.db), create=False).close()  # brings an older schema up to date
    return {"first": 0.0, "best": 0.0}


def child_baseline(args: argparse.Namespace) -> dict[str, Any]:
    import openpyxl  # noqa: F401

    import arddesk.services.aging
    import arddesk.services.importing  # noqa: F401

    return {"first": 0.0, "best": 0.0}


CHILDREN: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "generate": child_generate,
    "aging": child_aging,
    "bare_aging": child_bare_aging,
    "detail": child_detail,
    "import": child_import,
    "read": child_read,
    "bare_read": child_bare_read,
    "baseline": child_baseline,
    "prepare": child_prepare,
    "write_xlsx": child_write_xlsx,
}


# ---------------------------------------------------------------- the parent


SCRIPT = Path(__file__).resolve()


def run_child(name: str, *, script: Path = SCRIPT, **options: Any) -> dict[str, Any]:
    """Run ``script --child name --option value…`` in a fresh process; its last line of output, as JSON."""
    command = [sys.executable, str(script), "--child", name]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key.replace('_', '-')}")
        elif value not in (None, False):
            command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"measurement {name} failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def write_import_file(company: Path, xlsx: Path, today: date, rows: int) -> None:
    """100,000 deliveries to existing customers over the last two months, as a clerk's sheet."""
    from openpyxl import Workbook

    with sqlite3.connect(company) as connection:
        codes = [row[0] for row in connection.execute("SELECT code FROM customer ORDER BY code")]
    rng = random.Random(99)
    # Not write_only: that mode writes inline strings and no sheet size, unlike Excel;
    # a normal workbook writes shared strings and the dimension, as Excel does.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "deliveries"
    sheet.append(["number", "customer", "date", "amount", "due_date", "rep", "category", "model", "note"])
    for index in range(1, rows + 1):
        day = today - timedelta(days=rng.randint(0, 60))
        sheet.append(
            [
                f"IMP{index:07d}",
                rng.choice(codes),
                datetime(day.year, day.month, day.day),
                round(rng.uniform(500, 50_000), 2),
                None,
                None,
                rng.choice(("normal", "normal", "normal", "abnormal", "out_of_stock")),
                rng.choice((None, "old", "new")),
                None if rng.random() < 0.9 else "补录",
            ]
        )
    xlsx.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(xlsx)


def write_payments_file(company: Path, xlsx: Path, today: date, rows: int) -> None:
    """Payments from existing customers over the last two months, as a bank statement is typed up:
    numbers blank (arddesk numbers them), oldest open delivery first, one in twenty kept as credit."""
    from openpyxl import Workbook

    with sqlite3.connect(company) as connection:
        codes = [row[0] for row in connection.execute("SELECT code FROM customer ORDER BY code")]
    rng = random.Random(98)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "payments"
    sheet.append(["number", "customer", "date", "amount", "method", "applies_to", "note"])
    seen: set[tuple[str, date, float, str]] = set()
    while len(seen) < rows:
        day = today - timedelta(days=rng.randint(0, 60))
        row = (rng.choice(codes), day, round(rng.uniform(500, 50_000), 2), rng.choice(("transfer", "transfer", "cash")))
        if row in seen:
            continue  # not a probable duplicate: those are refused
        seen.add(row)
        code, day, amount, method = row
        applies_to = "none" if rng.random() < 0.05 else None
        sheet.append([None, code, datetime(day.year, day.month, day.day), amount, method, applies_to, None])
    xlsx.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(xlsx)


def import_into_copy(company: Path, kind: str, xlsx: Path) -> dict[str, Any]:
    """Import a file into a fresh copy of the company, in a child process; the copy is removed after."""
    copy = WORK / "import-copy.sqlite"
    copy_company(company, copy)
    try:
        return run_child("import", db=copy, xlsx=xlsx, kind=kind)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)


def payment_measurements(
    company: Path, today: date, compare_rows: int, payment_rows: int
) -> list[tuple[str, dict[str, Any], dict[str, Any] | None, str]]:
    """Payments imported in bulk: against as many deliveries, and against the bare read of their file."""
    files = {}
    for kind, rows in (("deliveries", compare_rows), ("payments", compare_rows), ("payments", payment_rows)):
        files[kind, rows] = WORK / f"{kind}-{rows}-for-{company.stem}.xlsx"
        if not files[kind, rows].exists():
            print(f"writing {files[kind, rows].relative_to(HERE.parent)} …", flush=True)
            run_child("write_xlsx", db=company, xlsx=files[kind, rows], as_of=today, import_rows=rows, kind=kind)
    deliveries = import_into_copy(company, "deliveries", files["deliveries", compare_rows])
    payments = import_into_copy(company, "payments", files["payments", compare_rows])
    big = import_into_copy(company, "payments", files["payments", payment_rows])
    read = run_child("bare_read", xlsx=files["payments", payment_rows])
    return [
        (f"import {compare_rows:,} deliveries from xlsx (the bare below)", deliveries, None, ""),
        (f"import {compare_rows:,} payments from xlsx", payments, deliveries, "≤ 1.5 × deliveries"),
        (f"import {payment_rows:,} payments from xlsx", big, read, "≤ 1.5 × bare read"),
    ]


def copy_company(source: Path, target: Path) -> None:
    """A consistent copy (the source may be in WAL mode); the source is only read."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--skip-import", action="store_true", help="leave out the xlsx import")
    parser.add_argument("--import-only", action="store_true", help="only the xlsx import and read, no agings")
    parser.add_argument("--payment-rows", type=int, default=PAYMENT_ROWS, help="rows of the big payments file")
    parser.add_argument(
        "--compare-rows", type=int, default=COMPARE_ROWS, help="rows of the payments and deliveries files compared"
    )
    parser.add_argument("--skip-payments", action="store_true", help="leave out the payment imports")
    parser.add_argument("--payments-only", action="store_true", help="only the payment imports")
    parser.add_argument("--kind", default="deliveries", help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true", help="print the query plans of both agings")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--as-of", help=argparse.SUPPRESS)
    parser.add_argument("--xlsx", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = CHILDREN[args.child](args)
        result["peak_mb"] = _peak_mb()
        print(json.dumps(result))
        return 0

    customers = args.customers or max(50, args.deliveries // 500)
    WORK.mkdir(exist_ok=True)
    company = WORK / f"company-{args.deliveries}-{customers}-{args.seed}.sqlite"
    facts_file = company.with_suffix(".json")
    if company.exists() and facts_file.exists():
        facts = json.loads(facts_file.read_text())
        print(f"reusing {company.relative_to(HERE.parent)} (generated {facts['generated_on']})")
    else:
        company.unlink(missing_ok=True)
        print(f"generating {company.relative_to(HERE.parent)} …", flush=True)
        generated = run_child("generate", db=company, deliveries=args.deliveries, customers=customers, seed=args.seed)
        facts = {"generated_on": date.today().isoformat(), "generate": generated, "today": generated["today"]}
        facts_file.write_text(json.dumps(facts, indent=2))
    today = date.fromisoformat(facts["today"])
    run_child("prepare", db=company)
    for backup in WORK.glob(f"{company.name}.before-*.bak"):
        backup.unlink()  # left by a migration of an older company file
    year_back = today - timedelta(days=365)

    results: list[tuple[str, dict[str, Any], dict[str, Any] | None, str]] = []
    results.append(("generate demo company", facts["generate"], None, "< 120 s, < 400 MB"))
    baseline = run_child("baseline")
    agings = [
        (f"aging by customer, as of {today} (today)", today, "≤ 0.5 s"),
        (f"aging by customer, as of {year_back}", year_back, "≤ 1.2 × bare"),
    ]
    for label, as_of, target in [] if args.import_only or args.payments_only else agings:
        ours = run_child("aging", db=company, as_of=as_of, explain=args.explain)
        bare = run_child("bare_aging", db=company, as_of=as_of, explain=args.explain)
        if ours["sums"] != bare["sums"] or ours["rows"] != bare["rows"]:
            print(f"WARNING: {label}: ours and bare disagree: {ours['sums']} vs {bare['sums']}")
        results.append((label, ours, bare, target))
        if args.explain:
            print(f"\n== {label}: ours\n{ours.get('sql', '')}\n{ours.get('plan', '')}")
            print(f"\n== {label}: bare\n{bare.get('plan', '')}")
    if not args.import_only and not args.payments_only:
        results.append((f"aging detail, as of {today}", run_child("detail", db=company, as_of=today), None, ""))

    if not args.skip_import and not args.payments_only:
        xlsx = WORK / f"deliveries-{args.import_rows}.xlsx"
        if not xlsx.exists():
            print(f"writing {xlsx.relative_to(HERE.parent)} …", flush=True)
            # In a child: on Linux a child process inherits its parent's peak memory figure.
            run_child("write_xlsx", db=company, xlsx=xlsx, as_of=today, import_rows=args.import_rows)
        imported: dict[str, Any] | None = None
        try:
            imported = import_into_copy(company, "deliveries", xlsx)
        except SystemExit as exc:
            print(f"import failed: {exc}")
        read = run_child("bare_read", xlsx=xlsx)
        if imported is not None:
            results.append((f"import {args.import_rows:,} deliveries from xlsx", imported, read, "≤ 0.7 × bare read"))
        ours_read = run_child("read", xlsx=xlsx)
        if ours_read["rows"] != read["rows"]:
            print(f"WARNING: our reader gave {ours_read['rows']} rows, openpyxl {read['rows']}")
        results.append(("read the same file (checks + python-calamine)", ours_read, read, ""))
    if not args.skip_payments:
        results += payment_measurements(company, today, args.compare_rows, args.payment_rows)

    print()
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {machine()}")
    print(f"company: {facts['generate'].get('detail', '')}")
    print(f"peak memory: ru_maxrss of each child process; a bare child importing arddesk: {baseline['peak_mb']:.0f} MB")
    print()
    header = ("measurement", "ours first s", "ours best s", "bare best s", "ratio", "peak MB ours/bare", "target")
    table = [header]
    for label, measured, compared, target in results:
        table.append(
            (
                label,
                f"{measured['first']:.3f}",
                f"{measured['best']:.3f}",
                f"{compared['best']:.3f}" if compared else "",
                f"{measured['best'] / compared['best']:.2f}" if compared else "",
                f"{measured['peak_mb']:.0f}" + (f" / {compared['peak_mb']:.0f}" if compared else ""),
                target,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if index == 0:
            print("| " + " | ".join("-" * widths[i] for i in range(len(header))) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
