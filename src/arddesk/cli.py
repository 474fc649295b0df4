"""The command line: ``arddesk`` opens the window; every other command runs headless.

Errors go to stderr and the exit status is non-zero: 1 when the data or a file is at
fault, 2 when the command itself is wrong.
"""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from arddesk import __version__
from arddesk.domain.aging import Basis
from arddesk.domain.dates import DATE_ORDERS, Period, parse_date
from arddesk.domain.money import from_minor
from arddesk.domain.problems import InvalidValue
from arddesk.reports.tables import write_csv, write_table
from arddesk.services import aging, backups, browse, maintenance, owner, servers, transfer
from arddesk.services.company import new_company, open_company
from arddesk.services.errors import Rejected
from arddesk.store.aging import GroupBy
from arddesk.store.browse import friendly_database_error
from arddesk.store.db import Database, DatabaseRefused

KINDS = ("terms", "staff", "customers", "deliveries", "payments", "adjustments", "targets")


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
    from arddesk.services.importing import ProbableDuplicates, import_file

    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal shown
        if sys.stderr.isatty() and total:
            shown = True
            print(f"\rimporting {args.file.name}: {100 * done // total}%", end="", file=sys.stderr)

    try:
        summary = import_file(
            db,
            args.kind,
            args.file,
            progress,
            encoding=args.encoding,
            date_order=args.date_order,
            allow_duplicates=args.allow_duplicates,
        )
    except Rejected as refused:
        if shown:
            print(file=sys.stderr)
        for problem in refused.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        if isinstance(refused, ProbableDuplicates):
            print(
                f"{args.file}: if these are not duplicates, import the file again with --allow-duplicates",
                file=sys.stderr,
            )
        raise Failure(f"{args.file}: nothing was imported ({len(refused.problems)} problem(s))") from refused
    if shown:
        print(file=sys.stderr)
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


# ---------------------------------------------------------------- the owner's password


def _owner_refusal(refused: Rejected) -> Failure:
    return Failure("; ".join(f"{problem.column}: {problem.reason}" for problem in refused.problems))


def _read_secret(args: argparse.Namespace, prompt: str) -> str:
    """A password or code: the next line of standard input with ``--password-stdin``, else typed on a terminal."""
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise Failure("--password-stdin: standard input ended before the password")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise Failure("the owner's password is needed: type it on a terminal, or give it with --password-stdin")
    return getpass.getpass(prompt)


def _reset_note(notice: owner.ResetNotice) -> str:
    return (
        f"the owner's password was reset with the recovery code on {notice.at:%Y-%m-%d %H:%M} "
        f"by {notice.user} ({notice.reason})"
    )


def owner_password(args: argparse.Namespace, db: Database) -> str | None:
    """The owner's password for an owner-only command, checked; None while the company has none.

    Raises:
        Failure: no password given (no terminal and no ``--password-stdin``), a wrong one, or the
            password was removed outside arddesk.
    """
    try:
        if not owner.password_is_set(db):
            return None
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    password = _read_secret(args, "Owner's password: ")
    wait = owner.seconds_to_wait(db)
    if wait:
        print(f"after wrong passwords, the next try waits {wait:.0f} s…", file=sys.stderr)
    if not owner.check_password(db, password):
        reset = owner.last_reset(db)
        raise Failure("wrong password" + (f"; note: {_reset_note(reset)}" if reset else ""))
    notice = owner.reset_notice(db)
    if notice is not None:
        print(f"note: {_reset_note(notice)}", file=sys.stderr)
    return password


def _new_password(args: argparse.Namespace) -> str:
    new = _read_secret(args, "New owner's password: ")
    if new != _read_secret(args, "The new password again: "):
        raise Failure("the two new passwords differ; nothing was changed")
    return new


def _show_recovery_code(done: str, code: str) -> int:
    print(done)
    print(f"Recovery code: {code}")
    print(
        "Keep it safe, away from the computer (on paper, in a safe): it is the only way to set a new "
        "password if this one is forgotten, and it is shown only this once."
    )
    return 0


def cmd_owner_set_password(args: argparse.Namespace, db: Database) -> int:
    try:
        current = _read_secret(args, "Current owner's password: ") if owner.password_is_set(db) else None
        code = owner.set_password(db, _new_password(args), current=current)
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    return _show_recovery_code("The owner's password is set.", code)


def cmd_owner_reset_password(args: argparse.Namespace, db: Database) -> int:
    try:
        recovery = _read_secret(args, "Recovery code: ")
        code = owner.reset_with_recovery_code(db, recovery, _new_password(args), reason=args.reason)
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    return _show_recovery_code(
        "The owner's password was reset; the audit trail keeps the reset and the owner is told of it.", code
    )


def cmd_owner_close_books(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.books import close_books

    try:
        close_books(db, args.through, owner_password(args, db))
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    print(f"the books are closed through {args.through}: nothing dated on or before it can be changed")
    return 0


def cmd_incentives(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.incentives import write_statements, write_summary
    from arddesk.services.incentives import calculate, lock_info
    from arddesk.services.settings import load_settings

    period = _period(args.period)
    suffix = _suffix(args.out, (".pdf", ".xlsx", ".csv"))
    password = owner_password(args, db)
    try:
        info = lock_info(db, period, None if password is None else owner.sign_in(db, password))
        if info is not None and info.problem:
            raise Failure(f"{period} is locked, but {info.problem}; nothing was written (run arddesk check)")
        result = calculate(db, period)
    except Rejected as refused:
        raise Failure("; ".join(str(problem) for problem in refused.problems)) from refused
    if suffix == ".pdf":
        write_statements(result, args.out, company=load_settings(db).company_name)
    else:
        write_summary(result, args.out)
    print(f"incentives for {period} written to {args.out}")
    return 0


def cmd_void(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.ledger import void_document

    try:
        voided = void_document(db, args.kind, args.number, args.reason, on=args.on)
    except Rejected as refused:
        raise Failure(f"{args.kind} {args.number}: " + "; ".join(p.reason for p in refused.problems)) from refused
    moved = f"; money moved on {', '.join(voided.released)}" if voided.released else ""
    also = f"; also void: {', '.join(voided.also_voided)}" if voided.also_voided else ""
    print(f"{args.kind} {voided.number} is void from {voided.on}{moved}{also}")
    return 0


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.audit import AUDIT_COLUMNS, as_table_row, audit_rows

    if args.out is not None:
        _suffix(args.out, (".csv", ".xlsx"))
    rows = [as_table_row(row) for row in audit_rows(db, since=args.since)]
    _emit(AUDIT_COLUMNS, rows, args.out)
    if args.out is not None:
        print(f"{len(rows)} audit entries written to {args.out}")
    return 0


def _check_password(args: argparse.Namespace) -> str | None:
    """The owner's password for the check, or None: not given (an empty answer on a terminal skips it)."""
    if not args.password_stdin and not sys.stdin.isatty():
        return None
    return _read_secret(args, "Owner's password (Enter: check without the seals): ") or None


def cmd_check(args: argparse.Namespace, db: Database) -> int:
    problems = [str(problem) for problem in maintenance.check_database(db)]
    if args.against:
        problems.extend(_compare_with(db, args.against))
    state = owner.password_state(db)
    if state is owner.PasswordState.REMOVED:
        problems.append(str(owner.REMOVED_FINDING))
    elif state is owner.PasswordState.SET:
        password = _check_password(args)
        if password is None:
            print("seals not verified: the owner's password is needed (arddesk check --password-stdin)")
        else:
            try:
                problems.extend(str(finding) for finding in owner.verify_seals(db, password))
            except Rejected as refused:
                raise _owner_refusal(refused) from refused
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise Failure(f"{db.location}: {len(problems)} problem(s) found")
    print(f"{db.location}: no problems found")
    return 0


def _compare_with(db: Database, other: str) -> list[str]:
    """Lines naming each table that differs between the open company and the one at ``other``."""
    opened = open_company(other, write=False)
    try:
        return [
            f"{d.table}: {d.rows_here} rows in {db.location}, {d.rows_there} in {opened.db.location}, not the same"
            for d in transfer.compare(db, opened.db)
        ]
    finally:
        opened.db.close()


def cmd_copy(args: argparse.Namespace, db: Database) -> int:
    def progress(table: str, rows: int) -> None:
        if sys.stderr.isatty():
            print(f"\rcopying {table}: {rows} rows\033[K", end="", file=sys.stderr)

    copied = transfer.copy_company(db, args.to, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for difference in copied.differences:
        print(f"{difference.table}: {difference.rows_here} rows here, {difference.rows_there} in the copy",
              file=sys.stderr)
    for problem in copied.problems:
        print(problem, file=sys.stderr)
    if not copied.equal:
        raise Failure(f"{copied.location}: the copy does not agree with {db.location}")
    print(
        f"{db.location} copied to {copied.location}: {sum(copied.rows.values())} rows in {len(copied.rows)} tables; "
        "both hold the same and the copy checks clean"
    )
    return 0


def cmd_roles(args: argparse.Namespace, db: Database) -> int:
    servers.set_up_roles(db)
    if args.add:
        password = _read_secret(args, f"Password for {args.add}: ")
        if not password:
            raise Failure("a login needs a password; nothing was created")
        servers.add_login(db, args.add, args.role, password)
        print(f"{db.location}: login {args.add} created as {args.role}")
    else:
        print(f"{db.location}: the roles owner, clerk and rep are set up")
    return 0


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    if args.out.exists():
        raise Failure(f"{args.out} already exists; a backup never overwrites a file")
    transfer.backup(db, args.out)
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
    password_option = argparse.ArgumentParser(add_help=False)
    password_option.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the owner's password from standard input (one line) instead of asking on the terminal",
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
    importing.add_argument("--encoding", metavar="NAME", help="the CSV file's encoding, e.g. cp1252 (default: found)")
    importing.add_argument(
        "--date-order", choices=DATE_ORDERS, help="read 03/04/2026 as day-first (dmy) or month-first (mdy)"
    )
    importing.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import even a file imported before, or rows like payments or adjustments already recorded",
    )
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
        parents=[common, password_option],
        help="bonus per rep and department head: statements (.pdf) or the lines (.xlsx/.csv)",
    )
    incentives.add_argument("--period", required=True, metavar="P", help="2026Q3, 2026-07 or 2026")
    incentives.add_argument("--out", type=Path, required=True, metavar="FILE")
    incentives.set_defaults(run=cmd_incentives)

    void = commands.add_parser(
        "void",
        parents=[common],
        help="reverse a saved delivery, payment or adjustment (it stays in the books, marked void)",
    )
    void.add_argument("kind", choices=["delivery", "payment", "adjustment"])
    void.add_argument("number", help="the document's number")
    void.add_argument("--reason", required=True, help="why it is void; kept with the document and in the audit trail")
    void.add_argument("--on", type=_iso_date, metavar="DATE", help="the day the void takes effect (default: today)")
    void.set_defaults(run=cmd_void)

    trail = commands.add_parser("audit", parents=[common], help="the audit trail (CSV to stdout without --out)")
    trail.add_argument("--since", type=_iso_date, metavar="DATE", help="only entries from this day on")
    trail.add_argument("--out", type=Path, metavar="FILE", help=".csv or .xlsx")
    trail.set_defaults(run=cmd_audit, writes=False)

    check = commands.add_parser(
        "check",
        parents=[common, password_option],
        help="integrity check of the database (with the owner's password: the owner's seals too)",
    )
    check.add_argument(
        "--against",
        metavar="PATH|URL",
        help="also compare every table with another company (e.g. the copy that `arddesk copy` made)",
    )
    check.set_defaults(run=cmd_check, writes=False)

    copy = commands.add_parser(
        "copy", parents=[common], help="copy the company to an empty database: a new file, or a server"
    )
    copy.add_argument("--to", required=True, metavar="PATH|URL", help="a new file, or an empty database's URL")
    copy.set_defaults(run=cmd_copy, writes=False)

    owner_parser = commands.add_parser("owner", help="the owner's commands (they ask for the owner's password)")
    owner_commands = owner_parser.add_subparsers(dest="owner_command", metavar="SUBCOMMAND", required=True)
    set_password = owner_commands.add_parser(
        "set-password",
        parents=[common, password_option],
        help="set or change the owner's password; prints a new recovery code once",
        description="With --password-stdin, standard input gives one line each: the current password "
        "(when one is set), the new password, the new password again.",
    )
    set_password.set_defaults(run=cmd_owner_set_password)
    reset_password = owner_commands.add_parser(
        "reset-password",
        parents=[common, password_option],
        help="set a new password with the recovery code (written in the audit trail, shown to the owner)",
        description="With --password-stdin, standard input gives one line each: the recovery code, the new "
        "password, the new password again.",
    )
    reset_password.add_argument("--reason", default="", metavar="TEXT", help="why (kept in the audit trail)")
    reset_password.set_defaults(run=cmd_owner_reset_password)
    close = owner_commands.add_parser(
        "close-books",
        parents=[common, password_option],
        help="close the books through a day: nothing dated on or before it can be posted, voided or corrected",
    )
    close.add_argument("--through", type=_iso_date, required=True, metavar="DATE", help="the last closed day")
    close.set_defaults(run=cmd_owner_close_books)

    roles = commands.add_parser(
        "roles",
        parents=[common, password_option],
        help="on a server: set up the roles owner, clerk and rep (run as the database's owner); --add a login",
    )
    roles.add_argument("--add", metavar="LOGIN", help="create a server login for one person")
    roles.add_argument("--role", choices=("owner", "clerk", "rep"), default="clerk", help="the new login's role")
    roles.set_defaults(run=cmd_roles)

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
