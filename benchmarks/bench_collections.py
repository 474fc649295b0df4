"""Collections benchmarks: priorities, schedule, call sheets, progress, incentives, matrix, contact log, warnings.

Run from the repository root::

    .venv/bin/python benchmarks/bench_collections.py [--deliveries N] [--fresh]

Works on a copy of the ledger benchmark's company (``benchmarks/work/company-N-C-S.sqlite``,
made by ``bench_ledger.py``'s code when missing), seeded with the demo contact log and plan:
``work/collections-N-C-S.sqlite``, reused by later runs (``--fresh`` makes it again). The
original is never written to. Every measurement runs in a fresh child process, which reports
its own time and its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``).
Reads are called three times in their process: "first" is the first call, "best" the best of
three. Where a bare statement makes sense it runs through ``sqlite3`` alone in its own child
in the same run, and the ratio is ours best ÷ bare best.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"

sys.path.insert(0, str(HERE))
from bench_ledger import _peak_mb, copy_company, machine  # noqa: E402  (the ledger benchmark's helpers)

REPEAT = 3
PASSWORD = "bench-owner-password-1"

# Open overdue cents and the most days overdue per customer, from the stored open amounts
# (exact as of the company's last day, which is the date measured).
BARE_PRIORITIES = """
SELECT c.code,
       SUM(CASE WHEN d.due_date < :as_of THEN d.open_amount ELSE 0 END) AS overdue,
       MAX(CASE WHEN d.due_date < :as_of THEN CAST(julianday(:as_of) - julianday(d.due_date) AS INTEGER)
                ELSE 0 END) AS days
FROM delivery d JOIN customer c ON c.id = d.customer_id
WHERE d.open_amount > 0
GROUP BY d.customer_id
ORDER BY c.code
"""

# Cash applied to deliveries in the period, by its effective date, per rep (the delivery's, else the customer's).
BARE_COLLECTED = """
SELECT COALESCE(r.code, ''), SUM(a.amount)
FROM allocation a
JOIN delivery d ON d.id = a.delivery_id
JOIN customer c ON c.id = d.customer_id
LEFT JOIN rep r ON r.id = COALESCE(d.rep_id, c.rep_id)
WHERE a.payment_id IS NOT NULL AND a.effective_date BETWEEN :start AND :end
GROUP BY 1
ORDER BY 1
"""


TIMES: list[float] = []  # every call timed in this child, printed by the parent as it goes


def _timed(call: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, float, Any]:
    """(first, best, result of the last call)."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    TIMES.extend(times)
    return times[0], min(times), result


def _period(args: argparse.Namespace) -> Any:
    from arddesk.domain.dates import Period

    return Period.parse(args.period)


# ---------------------------------------------------------------- children: one measurement each


def _open(args: argparse.Namespace) -> Any:
    from arddesk.store.db import open_database

    return open_database(Path(args.db), create=False)


def child_seed(args: argparse.Namespace) -> dict[str, Any]:
    """Bring the copy's schema up to date, seed the contact log and the plan (timed once)."""
    from arddesk.services.followup import list_contacts, seed_demo_followups
    from arddesk.services.plan import seed_demo_plan

    today = date.fromisoformat(args.as_of)
    start = time.perf_counter()
    db = _open(args)
    migrated = time.perf_counter() - start
    if list_contacts(db, limit=1):
        db.close()  # a company generated after the demo seeding existed has them already
        return {"first": 0.0, "best": 0.0, "note": f"migrations {migrated:.1f} s; seeded by generate_demo"}
    start = time.perf_counter()
    contacts = seed_demo_followups(db, today, 1)
    made = seed_demo_plan(db, today)
    seconds = time.perf_counter() - start
    db.close()
    return {
        "first": seconds,
        "best": seconds,
        "note": f"migrations {migrated:.1f} s; {contacts} contacts, {made.made} schedule entries",
    }


def child_ready(args: argparse.Namespace) -> dict[str, Any]:
    """Untimed: owner password set, the quarter unlocked (a previous run locked it); top customer."""
    from arddesk.services import incentives, owner
    from arddesk.services.plan import priorities

    db = _open(args)
    if not owner.password_is_set(db):
        owner.set_password(db, PASSWORD)
    if incentives.lock_info(db, args.period) is not None:
        incentives.unlock(db, args.period, PASSWORD, "benchmark run again")
    top = priorities(db, date.fromisoformat(args.as_of))[0].code
    db.close()
    return {"first": 0.0, "best": 0.0, "top": top}


def _ours(args: argparse.Namespace) -> tuple[Callable[[], Any], Callable[[Any], dict[str, Any]]]:
    """The call measured and how to describe its result, for ``--what``."""
    from arddesk.services import followup, incentives, matrix, plan, risk
    from arddesk.services.plan import month_window

    db = _open(args)
    today = date.fromisoformat(args.as_of)
    what = args.what
    if what == "priorities":
        return lambda: plan.priorities(db, today), lambda r: {
            "rows": len(r),
            "sums": [sum(p.overdue for p in r), max(p.days_overdue for p in r)],
            "note": f"{len(r)} customers",
        }
    if what == "schedule":
        start = date(today.year + 1, 1, 1) if today.month == 12 else date(today.year, today.month + 1, 1)
        end = month_window(start)[1]
        return lambda: plan.make_plan_schedule(db, start, end, as_of=today), lambda r: {
            "note": f"{start}–{end}: {r.made} made, {r.kept} kept, {len(r.unplaced)} not placed"
        }
    if what == "callsheets":
        from arddesk.reports.callsheet import write_call_sheets

        path = WORK / "collections-callsheets.pdf"
        return lambda: write_call_sheets(db, today, path), lambda r: {
            "note": f"{r} reps, {path.stat().st_size / 1e6:.1f} MB PDF"
        }
    if what == "progress":
        period = _period(args)
        return lambda: plan.progress(db, period), lambda r: {
            "sums": [sum(line.collected for line in r if line.level == "total")],
            "note": f"{sum(1 for line in r if line.level == 'rep')} reps",
        }
    if what == "incentives":
        period = _period(args)
        return lambda: incentives.calculate(db, period), lambda r: {
            "sums": [_cents(sum(s.collected for s in r.statements if s.role == "rep") + r.unassigned)],
            "note": f"{len(r.statements)} statements, {sum(len(s.lines) for s in r.statements):,} lines",
            "locked": r.locked_at is not None,
        }
    if what == "matrix":
        period = _period(args)
        return lambda: matrix.sales_collection_matrix(db, period), lambda r: {"note": f"{len(r.points)} reps placed"}
    if what == "follow_ups":
        return lambda: followup.follow_ups(db, today), lambda r: {"note": f"{len(r)} due or overdue"}
    if what == "list_contacts":
        return lambda: followup.list_contacts(db), lambda r: {"note": f"{len(r)} contacts"}
    if what == "promises":
        return lambda: followup.promises(db, today), lambda r: {"note": f"{len(r)} promises"}
    if what == "latest_by_customer":
        return lambda: followup.latest_by_customer(db, today), lambda r: {"note": f"{len(r)} customers"}
    if what == "warnings_one":
        return lambda: risk.early_warnings(db, today, customer=args.customer), lambda r: {
            "note": f"{args.customer}: {len(r)} warnings"
        }
    if what == "warnings_all":
        return lambda: risk.early_warnings(db, today), lambda r: {"note": f"{len(r)} warnings"}
    raise SystemExit(f"unknown measurement {what}")


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def child_ours(args: argparse.Namespace) -> dict[str, Any]:
    call, describe = _ours(args)
    first, best, result = _timed(call)
    return {"first": first, "best": best, **describe(result)}


def child_lock(args: argparse.Namespace) -> dict[str, Any]:
    """Lock the quarter (timed once; computes it and keeps its snapshot)."""
    from arddesk.services import incentives

    db = _open(args)
    period = _period(args)
    start = time.perf_counter()
    incentives.lock(db, period, PASSWORD)
    locked = time.perf_counter() - start
    db.close()
    size = db_snapshot_bytes(Path(args.db), period.label)
    return {"first": locked, "best": locked, "note": f"snapshot {size / 1e6:.1f} MB"}


def db_snapshot_bytes(path: Path, label: str) -> int:
    """Bytes of the locked snapshot, whatever its column is called (read through sqlite3)."""
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [r[1] for r in connection.execute(f"PRAGMA table_info({table})")]
            if "snapshot" in columns and "period" in columns:
                row = connection.execute(
                    f"SELECT length(snapshot) FROM {table} WHERE period = ?",
                    (label,),
                ).fetchone()
                return int(row[0]) if row and row[0] else 0
    return 0


def _bare(args: argparse.Namespace, sql: str, params: dict[str, str]) -> dict[str, Any]:
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    first, best, rows = _timed(lambda: connection.execute(sql, params).fetchall())
    connection.close()
    return {"first": first, "best": best, "rows": len(rows), "table": rows}


def child_bare_priorities(args: argparse.Namespace) -> dict[str, Any]:
    found = _bare(args, BARE_PRIORITIES, {"as_of": args.as_of})
    table = found.pop("table")
    # Ours lists every customer with something open; the bare statement gives the same rows.
    found["sums"] = [sum(r[1] for r in table), max(r[2] for r in table)]
    found["note"] = f"{len(table)} customers"
    return found


def child_bare_collected(args: argparse.Namespace) -> dict[str, Any]:
    period = _period(args)
    found = _bare(args, BARE_COLLECTED, {"start": period.start.isoformat(), "end": period.end.isoformat()})
    table = found.pop("table")
    found["sums"] = [sum(r[1] for r in table)]
    found["note"] = f"{len(table)} reps"
    return found


def child_baseline(args: argparse.Namespace) -> dict[str, Any]:
    import arddesk.reports.callsheet
    import arddesk.services.followup
    import arddesk.services.incentives
    import arddesk.services.matrix
    import arddesk.services.plan
    import arddesk.services.risk  # noqa: F401

    return {"first": 0.0, "best": 0.0}


CHILDREN: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "seed": child_seed,
    "ready": child_ready,
    "ours": child_ours,
    "lock": child_lock,
    "bare_priorities": child_bare_priorities,
    "bare_collected": child_bare_collected,
    "baseline": child_baseline,
}


# ---------------------------------------------------------------- the parent


def run_child(name: str, **options: Any) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key.replace('_', '-')}")
        elif value not in (None, False):
            command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"measurement {name} {options.get('what', '')} failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result.get("times"):
        label = f"{name} {options.get('what') or ''}".strip()
        print(f"    {label}: " + " ".join(f"{t:.3f}" for t in result["times"]) + " s", flush=True)
    return result


def ensure_company(deliveries: int, customers: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The ledger benchmark's company and its facts, generated by bench_ledger's code when missing."""
    company = WORK / f"company-{deliveries}-{customers}-{seed}.sqlite"
    facts_file = company.with_suffix(".json")
    if not (company.exists() and facts_file.exists()):
        import bench_ledger

        company.unlink(missing_ok=True)
        print(f"generating {company.relative_to(HERE.parent)} …", flush=True)
        generated = bench_ledger.run_child(
            "generate", db=company, deliveries=deliveries, customers=customers, seed=seed
        )
        facts = {"generated_on": date.today().isoformat(), "generate": generated, "today": generated["today"]}
        facts_file.write_text(json.dumps(facts, indent=2))
    return company, json.loads(facts_file.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="copy and seed the company again")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--what", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--as-of", help=argparse.SUPPRESS)
    parser.add_argument("--period", help=argparse.SUPPRESS)
    parser.add_argument("--customer", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = CHILDREN[args.child](args)
        result["peak_mb"] = _peak_mb()
        result["times"] = TIMES
        print(json.dumps(result))
        return 0

    started = time.perf_counter()
    customers = args.customers or max(50, args.deliveries // 500)
    WORK.mkdir(exist_ok=True)
    company, facts = ensure_company(args.deliveries, customers, args.seed)
    today = date.fromisoformat(facts["today"])
    from arddesk.services.matrix import last_full_quarter

    quarter = last_full_quarter(today).label
    copy = WORK / f"collections-{args.deliveries}-{customers}-{args.seed}.sqlite"
    seeded_file = copy.with_suffix(".json")
    results: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    if args.fresh or not (copy.exists() and seeded_file.exists()):
        seeded_file.unlink(missing_ok=True)
        print(f"copying {company.relative_to(HERE.parent)} to {copy.relative_to(HERE.parent)} …", flush=True)
        start = time.perf_counter()
        copy_company(company, copy)
        copied = time.perf_counter() - start
        print(f"seeding the contact log and the plan as of {today} …", flush=True)
        seeded = run_child("seed", db=copy, as_of=today)
        seeded["note"] = f"copy {copied:.1f} s; " + seeded["note"]
        seeded_file.write_text(json.dumps({"seeded_on": date.today().isoformat(), "seed": seeded}, indent=2))
    else:
        print(f"reusing {copy.relative_to(HERE.parent)}")
    seeded = json.loads(seeded_file.read_text())["seed"]
    results.append(("seed contact log and plan (once)", seeded, None))
    for backup in WORK.glob(f"{copy.name}.before-*.bak"):
        backup.unlink()  # left by a migration of the copy
    top = run_child("ready", db=copy, as_of=today, period=quarter)["top"]
    baseline = run_child("baseline")

    def ours(label: str, what: str, **extra: Any) -> dict[str, Any]:
        print(f"  {label} …", flush=True)
        found = run_child("ours", db=copy, as_of=today, what=what, **extra)
        return found

    def check(label: str, mine: dict[str, Any], bare: dict[str, Any]) -> None:
        if mine.get("sums") != bare.get("sums"):
            print(f"WARNING: {label}: ours and bare disagree: {mine.get('sums')} vs {bare.get('sums')}")

    label = f"priorities, as of {today}"
    mine = ours(label, "priorities")
    bare = run_child("bare_priorities", db=copy, as_of=today)
    check(label, mine, bare)
    results.append((label, mine, bare))
    results.append(("make next month's schedule (again)", ours("schedule", "schedule"), None))
    results.append((f"call sheets PDF, from {today}", ours("call sheets", "callsheets"), None))
    bare_collected = run_child("bare_collected", db=copy, period=quarter)
    label = f"progress, {quarter}"
    mine = ours(label, "progress", period=quarter)
    check(label, mine, bare_collected)
    results.append((label, mine, bare_collected))
    label = f"incentives calculate, {quarter}"
    mine = ours(label, "incentives", period=quarter)
    check(label, mine, bare_collected)
    results.append((label, mine, bare_collected))
    print("  lock …", flush=True)
    locked = run_child("lock", db=copy, as_of=today, period=quarter)
    results.append((f"incentives lock, {quarter} (once)", locked, None))
    label = f"incentives calculate, {quarter} locked"
    snapshot = ours(label, "incentives", period=quarter)
    if not snapshot.get("locked"):
        print(f"WARNING: {label}: the result is not the locked snapshot")
    check(label, snapshot, bare_collected)
    snapshot["note"] = "snapshot read; " + snapshot["note"]
    results.append((label, snapshot, bare_collected))
    results.append((f"sales/collection matrix, {quarter}", ours("matrix", "matrix", period=quarter), None))
    for what in ("follow_ups", "list_contacts", "promises", "latest_by_customer"):
        results.append((f"followup.{what}", ours(what, what), None))
    results.append((f"early warnings, one customer ({top})", ours("warnings", "warnings_one", customer=top), None))
    results.append(("early warnings, everyone", ours("warnings", "warnings_all"), None))

    print()
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {machine()}")
    print(f"company: {facts['generate'].get('detail', '')}; today {today}; quarter {quarter}")
    print(f"peak memory: ru_maxrss of each child process; a bare child importing arddesk: {baseline['peak_mb']:.0f} MB")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}; whole run {time.perf_counter() - started:.0f} s")
    print()
    header = ("measurement", "ours first s", "ours best s", "bare best s", "ratio", "peak MB ours/bare", "note")
    table = [header]
    for label, measured, compared in results:
        table.append(
            (
                label,
                f"{measured['first']:.3f}",
                f"{measured['best']:.3f}",
                f"{compared['best']:.3f}" if compared else "",
                f"{measured['best'] / compared['best']:.2f}" if compared else "",
                f"{measured['peak_mb']:.0f}" + (f" / {compared['peak_mb']:.0f}" if compared else ""),
                measured.get("note", ""),
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
