"""The command line: ``arddesk`` opens the window; every other command runs headless.

Errors go to stderr and the exit status is non-zero: 1 when the data or a file is at
fault, 2 when the command itself is wrong.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from arddesk import __version__
from arddesk.domain.aging import Basis
from arddesk.domain.dates import Period, parse_date
from arddesk.domain.money import from_minor
from arddesk.domain.problems import InvalidValue
from arddesk.reports.tables import write_csv, write_table
from arddesk.services import aging, backups, browse, maintenance
from arddesk.services.company import new_company, open_company
from arddesk.services.errors import Rejected
from arddesk.store.aging import GroupBy
from arddesk.store.browse import friendly_database_error
from arddesk.store.db import Database, DatabaseRefused

KINDS = ("terms", "customers", "deliveries", "payments", "adjustments")


class Failure(Exception):
    """A command could not do its job; the message says why, for a person."""


def _iso_date(text: str) -> date:
    try:
        return parse_date(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from exc


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except InvalidValue as exc:
        raise Failure(f"--period {text!r}: {exc}") from exc


def _suffix(path: Path, allowed: tuple[str, ...]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise Failure(f"{path}: write {' or '.join(allowed)}")
    return suffix


def _emit(header: list[str], rows: list[list[object]], out: Path | None) -> None:
    if out is None:
        write_csv(sys.stdout, header, rows)
    else:
        write_table(out, header, rows)


# ---------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from arddesk.services.demo import generate_demo

    out: Path = args.out
    if out.exists() and out.stat().st_size > 0:
        raise Failure(f"{out} already exists; choose another file or delete it first")

    def progress(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            print(f"\rwriting the demo company: {100 * done // max(total, 1)}%", end="", file=sys.stderr)
        return True

    summary = generate_demo(
        out, customers=args.customers, deliveries=args.deliveries, seed=args.seed, progress=progress
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"{out}: {summary.customers} customers, {summary.deliveries} deliveries, {summary.payments} payments, "
        f"{summary.adjustments} adjustments, {summary.first_date} to {summary.last_date}"
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    location, warnings = new_company(args.target)
    for warning in warnings:
        _warn(warning)
    print(f"{location}: an empty company was created")
    return 0


def cmd_import(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.importing import import_file

    try:
        summary = import_file(db, args.kind, args.file)
    except Rejected as refused:
        for problem in refused.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        raise Failure(f"{args.file}: nothing was imported ({len(refused.problems)} problem(s))") from refused
    print(f"{args.file}: imported {summary.count} {args.kind}")
    return 0


def cmd_export(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.exporting import export_rows

    header, rows = export_rows(db, args.kind)
    write_table(args.out, header, rows)
    return 0


def cmd_aging(args: argparse.Namespace, db: Database) -> int:
    try:
        if args.detail:
            items = aging.aging_detail(db, args.as_of, buckets=args.buckets, basis=args.basis)
            header = ["number", "customer", "date", "due_date", "days_overdue", "open", "bucket", "class"]
            detail_rows: list[list[object]] = [
                [
                    item.number,
                    item.customer,
                    item.date.isoformat(),
                    item.due_date.isoformat() if item.due_date else "",
                    item.days_overdue,
                    from_minor(item.open),
                    item.bucket,
                    item.debt_class.value,
                ]
                for item in items
            ]
            _emit(header, detail_rows, args.out)
            return 0
        report = aging.aging_report(db, args.as_of, by=args.by, buckets=args.buckets, basis=args.basis)
    except InvalidValue as exc:
        raise Failure(str(exc)) from exc
    # Decimals, not text, so that a negative amount is written as a number and never escaped.
    rows: list[list[object]] = [
        [
            line.key,
            line.name,
            None if line.not_due is None else from_minor(line.not_due),
            *map(from_minor, line.buckets),
            from_minor(line.unapplied),
            from_minor(line.total),
        ]
        for line in [*report.lines, report.total]
    ]
    _emit(report.columns, rows, args.out)
    return 0


def cmd_letters(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.letters import write_letters

    period = _period(args.period)

    def progress(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            print(f"\rletters: {done} of {total}", end="", file=sys.stderr)
        return True

    try:
        paths = write_letters(
            db, period, args.out, customer=args.customer, include_zero=args.customer is not None, progress=progress
        )
    except Rejected as refused:
        raise Failure("; ".join(str(problem) for problem in refused.problems)) from refused
    if sys.stderr.isatty():
        print(file=sys.stderr)
    letters = [path for path in paths if path.name != "all.pdf"]
    print(f"{len(letters)} letter(s) for {period} in {args.out}")
    return 0


def cmd_plan(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.callsheet import write_plan

    _suffix(args.out, (".pdf", ".xlsx", ".csv"))
    if args.rep is not None and args.rep not in browse.choices(db).reps:
        raise Failure(f"--rep {args.rep!r}: no such rep")
    try:
        written = write_plan(db, args.as_of, args.rep, args.out)
    except Rejected as refused:
        raise Failure("; ".join(str(problem) for problem in refused.problems)) from refused
    what = "rep(s)" if args.out.suffix.lower() == ".pdf" else "row(s)"
    print(f"collection plan for the month from {args.as_of}: {written} {what} written to {args.out}")
    return 0


def cmd_incentives(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.incentives import write_statements, write_summary
    from arddesk.services.incentives import calculate
    from arddesk.services.settings import load_settings

    period = _period(args.period)
    suffix = _suffix(args.out, (".pdf", ".xlsx", ".csv"))
    try:
        result = calculate(db, period)
    except Rejected as refused:
        raise Failure("; ".join(str(problem) for problem in refused.problems)) from refused
    if suffix == ".pdf":
        write_statements(result, args.out, company=load_settings(db).company_name)
    else:
        write_summary(result, args.out)
    print(f"incentives for {period} written to {args.out}")
    return 0


def cmd_check(_args: argparse.Namespace, db: Database) -> int:
    problems = maintenance.check_database(db)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise Failure(f"{db.location}: {len(problems)} problem(s) found")
    print(f"{db.location}: no problems found")
    return 0


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    if args.out.exists():
        raise Failure(f"{args.out} already exists; a backup never overwrites a file")
    maintenance.backup(db, args.out)
    print(f"{db.location} backed up to {args.out}")
    return 0


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every command of contracts.md that this version has."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="company database file, or an SQLAlchemy URL (default: $ARDDESK_DB or the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="arddesk", description="Accounts receivable and collections desk.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"arddesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the window on a freshly generated demo company")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[common], help="write a realistic demo company")
    demo.add_argument("--out", type=Path, required=True, metavar="PATH")
    demo.add_argument("--deliveries", type=int, metavar="N")
    demo.add_argument("--customers", type=int, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.set_defaults(run=cmd_demo, needs_db=False)

    new = commands.add_parser("new", parents=[common], help="create an empty company (a new file or database)")
    new.add_argument("target", metavar="PATH|URL")
    new.set_defaults(run=cmd_new, needs_db=False)

    importing = commands.add_parser("import", parents=[common], help="import a file: all rows or none")
    importing.add_argument("kind", choices=KINDS)
    importing.add_argument("file", type=Path)
    importing.set_defaults(run=cmd_import)

    exporting = commands.add_parser("export", parents=[common], help="export to .xlsx or .csv (re-importable)")
    exporting.add_argument("kind", choices=KINDS)
    exporting.add_argument("--out", type=Path, required=True, metavar="FILE")
    exporting.set_defaults(run=cmd_export, writes=False)

    grid = commands.add_parser("aging", parents=[common], help="the aging grid (CSV to stdout without --out)")
    grid.add_argument("--as-of", type=_iso_date, required=True, metavar="DATE")
    grid.add_argument("--by", choices=[g.value for g in GroupBy], default=GroupBy.CUSTOMER.value)
    grid.add_argument("--buckets", metavar="30,60,90", help="bucket edges in days (default: the company's)")
    grid.add_argument("--basis", choices=[b.value for b in Basis], default=Basis.DUE.value)
    grid.add_argument("--detail", action="store_true", help="one row per open delivery")
    grid.add_argument("--out", type=Path, metavar="FILE")
    grid.set_defaults(run=cmd_aging, writes=False)

    letters = commands.add_parser(
        "letters", parents=[common], help="reconciliation letters: one PDF per customer plus all.pdf"
    )
    letters.add_argument("--period", required=True, metavar="P", help="2026Q3, 2026-07 or 2026")
    letters.add_argument("--customer", metavar="CODE", help="only this customer (a letter even with no activity)")
    letters.add_argument("--out", type=Path, required=True, metavar="DIR")
    letters.set_defaults(run=cmd_letters)

    plan = commands.add_parser(
        "plan", parents=[common], help="the collection plan: call sheets (.pdf) or the plan table (.xlsx/.csv)"
    )
    plan.add_argument("--as-of", type=_iso_date, required=True, metavar="DATE")
    plan.add_argument("--rep", metavar="CODE", help="only this rep")
    plan.add_argument("--out", type=Path, required=True, metavar="FILE")
    plan.set_defaults(run=cmd_plan)

    incentives = commands.add_parser(
        "incentives",
        parents=[common],
        help="bonus per rep and department head: statements (.pdf) or the lines (.xlsx/.csv)",
    )
    incentives.add_argument("--period", required=True, metavar="P", help="2026Q3, 2026-07 or 2026")
    incentives.add_argument("--out", type=Path, required=True, metavar="FILE")
    incentives.set_defaults(run=cmd_incentives)

    check = commands.add_parser("check", parents=[common], help="integrity check of the database")
    check.set_defaults(run=cmd_check, writes=False)

    backup = commands.add_parser("backup", parents=[common], help="a consistent copy of the database")
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    backup.set_defaults(run=cmd_backup, writes=False)
    return parser


def _warn(text: str) -> None:
    print(f"arddesk: warning: {text}", file=sys.stderr)


def _run_on_company(args: argparse.Namespace, db_target: str | None) -> int:
    writes: bool = getattr(args, "writes", True)
    opened = open_company(db_target, write=writes)
    db = opened.db
    try:
        for warning in opened.warnings:
            _warn(warning)
        if opened.read_only_because:
            if writes:
                raise Failure(f"{db.location}: {opened.read_only_because} This command changes it, so it was not run.")
            print(f"arddesk: {opened.read_only_because}", file=sys.stderr)
        elif writes:
            try:
                backups.daily_backup(db)
            except (OSError, DatabaseRefused, sqlite3.Error) as exc:
                _warn(f"today's automatic backup could not be written ({exc}); the command runs all the same.")
        run_command: Callable[..., int] = args.run
        return run_command(args, db)
    finally:
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    db_target: str | None = getattr(args, "db", None)
    if args.command is None:
        from arddesk.ui.app import run

        return run(db_target, demo=args.demo)
    try:
        if not getattr(args, "needs_db", True):
            run_command: Callable[..., int] = args.run
            return run_command(args)
        return _run_on_company(args, db_target)
    except (Failure, DatabaseRefused) as exc:
        print(f"arddesk: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `head`) has seen enough; stop quietly, as other command-line tools do.
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"arddesk: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        # A locked, full, damaged or read-only database: a sentence, not a traceback.
        message = friendly_database_error(exc)
        if message is None:
            raise
        print(f"arddesk: {message}", file=sys.stderr)
        return 1
