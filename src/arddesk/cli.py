"""The command line: ``arddesk`` opens the window; every other command runs headless.

Errors go to stderr and the exit status is non-zero: 1 when the data or a file is at
fault, 2 when the command itself is wrong.
"""

from __future__ import annotations

import argparse
import getpass
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import arddesk
from arddesk import text
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
from arddesk.text import _, ngettext
from arddesk.text.messages import message_text, problem_text, reason_text

KINDS = ("terms", "staff", "customers", "deliveries", "payments", "adjustments", "targets")


class _ShowVersion(argparse.Action):
    """``--version``: the version is read only when asked for (see :func:`arddesk.version`)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None, **unused: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *unused: object) -> None:
        print(f"arddesk {arddesk.version()}")
        parser.exit()


class Failure(Exception):
    """A command could not do its job; the message says why, for a person."""


def _iso_date(text: str) -> date:
    try:
        return parse_date(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {reason_text(exc)}") from exc


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {reason_text(exc)}") from exc


def _out_file(*allowed: str) -> Callable[[str], Path]:
    """An ``--out FILE`` type that takes only the suffixes the command writes (anything else: exit 2)."""

    def parse(text: str) -> Path:
        path = Path(text)
        if path.suffix.lower() not in allowed:
            raise argparse.ArgumentTypeError(
                _("{path}: this command writes {suffixes} files only").format(path=text, suffixes=", ".join(allowed))
            )
        return path

    return parse


def _at_least(lowest: int) -> Callable[[str], int]:
    """A whole-number option that refuses anything below ``lowest`` (exit 2, naming the value)."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = lowest - 1
        if number < lowest:
            raise argparse.ArgumentTypeError(
                _("'{value}': give a whole number of at least {lowest}").format(value=text, lowest=lowest)
            )
        return number

    return parse


def _out_dir(text: str) -> Path:
    """An ``--out DIR`` type: a folder, existing or to be made, never a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(_("{path} is a file; give a folder for the letters").format(path=text))
    return path


def _option_problems(refused: Rejected) -> Failure:
    """A refusal about values given on the command line, told as the options that gave them."""
    return Failure(
        "; ".join(
            f"--{problem.column.replace('_', '-')} {problem.value!r}: {reason_text(problem)}"
            if problem.column
            else reason_text(problem)
            for problem in refused.problems
        )
    )


def _emit(header: list[str], rows: Iterable[Sequence[object]], out: Path | None) -> int:
    """The table as CSV on stdout, or into ``out``; returns how many rows (without the header)."""
    if out is None:
        listed = list(rows)
        write_csv(sys.stdout, header, listed)
        return len(listed)
    return write_table(out, header, rows)


def _wrote(path: Path, count: int) -> None:
    print(ngettext("{path}: {count} row written", "{path}: {count} rows written", count).format(path=path, count=count))


# ---------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from arddesk.services.demo import generate_demo

    out: Path = args.out
    if out.exists() and out.stat().st_size > 0:
        raise Failure(_("{path} already exists; choose another file or delete it first").format(path=out))

    def progress(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            print(
                "\r" + _("writing the demo company: {percent}%").format(percent=100 * done // max(total, 1)),
                end="",
                file=sys.stderr,
            )
        return True

    summary = generate_demo(
        out,
        customers=args.customers,
        deliveries=args.deliveries,
        seed=args.seed,
        today=args.today or date.today(),
        progress=progress,
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        _(
            "{path}: {customers} customers, {deliveries} deliveries, {payments} payments, "
            "{adjustments} adjustments, {first} to {last}"
        ).format(
            path=out,
            customers=summary.customers,
            deliveries=summary.deliveries,
            payments=summary.payments,
            adjustments=summary.adjustments,
            first=summary.first_date,
            last=summary.last_date,
        )
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    location, warnings = new_company(args.target)
    for warning in warnings:
        _warn(message_text(warning))
    print(_("{location}: an empty company was created").format(location=location))
    return 0


def cmd_import(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.importing import ProbableDuplicates, import_file

    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal shown
        if sys.stderr.isatty() and total:
            shown = True
            print(
                "\r" + _("importing {file}: {percent}%").format(file=args.file.name, percent=100 * done // total),
                end="",
                file=sys.stderr,
            )

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
            print(f"{args.file}: {problem_text(problem)}", file=sys.stderr)
        if isinstance(refused, ProbableDuplicates):
            print(
                _("{file}: if these are not duplicates, import the file again with --allow-duplicates").format(
                    file=args.file
                ),
                file=sys.stderr,
            )
        count = len(refused.problems)
        raise Failure(
            ngettext(
                "{file}: nothing was imported ({count} problem)",
                "{file}: nothing was imported ({count} problems)",
                count,
            ).format(file=args.file, count=count)
        ) from refused
    if shown:
        print(file=sys.stderr)
    print(_("{file}: imported {count} {kind}").format(file=args.file, count=summary.count, kind=args.kind))
    return 0


def cmd_export(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.exporting import export_rows

    header, rows = export_rows(db, args.kind)
    _wrote(args.out, _emit(header, rows, args.out))
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
            count = _emit(header, detail_rows, args.out)
            if args.out is not None:
                _wrote(args.out, count)
            return 0
        report = aging.aging_report(db, args.as_of, by=args.by, buckets=args.buckets, basis=args.basis)
    except InvalidValue as exc:
        raise Failure(reason_text(exc)) from exc
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
    count = _emit(report.columns, rows, args.out)
    if args.out is not None:
        _wrote(args.out, count)
    return 0


def cmd_letters(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.letters import write_letters

    period: Period = args.period
    interrupted = False

    def interrupt(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True

    def progress(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            print("\r" + _("letters: {done} of {total}").format(done=done, total=total), end="", file=sys.stderr)
        return not interrupted

    # Ctrl+C stops the run between letters: those written are kept and entered in the register.
    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        run = write_letters(
            db, period, args.out, customer=args.customer, include_zero=args.customer is not None, progress=progress
        )
    except Rejected as refused:
        raise _option_problems(refused) from refused
    finally:
        signal.signal(signal.SIGINT, previous)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        ngettext(
            "{period}: {written} letter written to {out}", "{period}: {written} letters written to {out}", run.written
        ).format(period=period, written=run.written, out=args.out)
    )
    if run.kept:
        print(
            ngettext(
                "{kept} letter was already there, unchanged: skipped",
                "{kept} letters were already there, unchanged: skipped",
                run.kept,
            ).format(kept=run.kept)
        )
    if run.remaining:
        raise Failure(
            ngettext(
                "stopped: {remaining} letter remains; run the command again to finish it",
                "stopped: {remaining} letters remain; run the command again to finish them",
                run.remaining,
            ).format(remaining=run.remaining)
        )
    if run.combined is not None:
        print(_("{path}: every letter in one file, for the printer").format(path=run.combined))
    return 0


def cmd_plan(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.callsheet import write_plan

    if args.rep is not None and args.rep not in browse.choices(db).reps:
        raise Failure(_("--rep {code!r}: no such rep").format(code=args.rep))
    try:
        written = write_plan(db, args.as_of, args.rep, args.out)
    except Rejected as refused:
        raise _option_problems(refused) from refused
    if args.out.suffix.lower() == ".pdf":
        told = ngettext(
            "collection plan for the month from {day}: call sheets of {count} rep written to {out}",
            "collection plan for the month from {day}: call sheets of {count} reps written to {out}",
            written,
        )
    else:
        told = ngettext(
            "collection plan for the month from {day}: {count} row written to {out}",
            "collection plan for the month from {day}: {count} rows written to {out}",
            written,
        )
    print(told.format(day=args.as_of, count=written, out=args.out))
    return 0


# ---------------------------------------------------------------- the owner's password


def _owner_refusal(refused: Rejected) -> Failure:
    return Failure("; ".join(f"{problem.column}: {reason_text(problem)}" for problem in refused.problems))


def _read_secret(args: argparse.Namespace, prompt: str) -> str:
    """A password or code: the next line of standard input with ``--password-stdin``, else typed on a terminal."""
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise Failure(_("--password-stdin: standard input ended before the password"))
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise Failure(_("the owner's password is needed: type it on a terminal, or give it with --password-stdin"))
    return getpass.getpass(prompt)


def _reset_note(notice: owner.ResetNotice) -> str:
    return _("the owner's password was reset with the recovery code on {at} by {user} ({reason})").format(
        at=f"{notice.at:%Y-%m-%d %H:%M}", user=notice.user, reason=notice.reason
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
    password = _read_secret(args, _("Owner's password: "))
    wait = owner.seconds_to_wait(db)
    if wait:
        print(
            _("after wrong passwords, the next try waits {seconds} s…").format(seconds=f"{wait:.0f}"), file=sys.stderr
        )
    if not owner.check_password(db, password):
        reset = owner.last_reset(db)
        if reset:
            raise Failure(_("wrong password; note: {note}").format(note=_reset_note(reset)))
        raise Failure(_("wrong password"))
    notice = owner.reset_notice(db)
    if notice is not None:
        print(_("note: {note}").format(note=_reset_note(notice)), file=sys.stderr)
    return password


def _new_password(args: argparse.Namespace) -> str:
    new = _read_secret(args, _("New owner's password: "))
    if new != _read_secret(args, _("The new password again: ")):
        raise Failure(_("the two new passwords differ; nothing was changed"))
    return new


def _show_recovery_code(done: str, code: str) -> int:
    print(done)
    print(_("Recovery code: {code}").format(code=code))
    print(
        _(
            "Keep it safe, away from the computer (on paper, in a safe): it is the only way to set a new "
            "password if this one is forgotten, and it is shown only this once."
        )
    )
    return 0


def cmd_owner_set_password(args: argparse.Namespace, db: Database) -> int:
    try:
        current = _read_secret(args, _("Current owner's password: ")) if owner.password_is_set(db) else None
        code = owner.set_password(db, _new_password(args), current=current)
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    return _show_recovery_code(_("The owner's password is set."), code)


def cmd_owner_reset_password(args: argparse.Namespace, db: Database) -> int:
    try:
        recovery = _read_secret(args, _("Recovery code: "))
        code = owner.reset_with_recovery_code(db, recovery, _new_password(args), reason=args.reason)
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    return _show_recovery_code(
        _("The owner's password was reset; the audit trail keeps the reset and the owner is told of it."), code
    )


def cmd_owner_close_books(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.books import close_books

    try:
        close_books(db, args.through, owner_password(args, db))
    except Rejected as refused:
        raise _owner_refusal(refused) from refused
    print(
        _("the books are closed through {day}: nothing dated on or before it can be changed").format(day=args.through)
    )
    return 0


def cmd_incentives(args: argparse.Namespace, db: Database) -> int:
    from arddesk.reports.incentives import write_statements, write_summary
    from arddesk.services.incentives import calculate, lock_info
    from arddesk.services.settings import load_settings

    period: Period = args.period
    suffix = args.out.suffix.lower()
    password = owner_password(args, db)
    try:
        info = lock_info(db, period, None if password is None else owner.sign_in(db, password))
        if info is not None and info.problem is not None:
            raise Failure(
                _("{period} is locked, but {problem}; nothing was written (run arddesk check)").format(
                    period=period, problem=message_text(info.problem)
                )
            )
        result = calculate(db, period)
    except Rejected as refused:
        raise _option_problems(refused) from refused
    if suffix == ".pdf":
        write_statements(result, args.out, company=load_settings(db).company_name)
    else:
        write_summary(result, args.out)
    print(_("incentives for {period} written to {out}").format(period=period, out=args.out))
    return 0


def cmd_void(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.ledger import void_document

    try:
        voided = void_document(db, args.kind, args.number, args.reason, on=args.on)
    except Rejected as refused:
        raise Failure(f"{args.kind} {args.number}: " + "; ".join(reason_text(p) for p in refused.problems)) from refused
    told = _("{kind} {number} is void from {day}").format(kind=args.kind, number=voided.number, day=voided.on)
    if voided.released:
        told += _("; money moved on {numbers}").format(numbers=", ".join(voided.released))
    if voided.also_voided:
        told += _("; also void: {numbers}").format(numbers=", ".join(voided.also_voided))
    print(told)
    return 0


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    from arddesk.services.audit import AUDIT_COLUMNS, as_table_row, audit_rows

    rows = [as_table_row(row) for row in audit_rows(db, since=args.since)]
    _emit(AUDIT_COLUMNS, rows, args.out)
    if args.out is not None:
        print(
            ngettext(
                "{count} audit entry written to {out}", "{count} audit entries written to {out}", len(rows)
            ).format(count=len(rows), out=args.out)
        )
    return 0


def _check_password(args: argparse.Namespace) -> str | None:
    """The owner's password for the check, or None: not given (an empty answer on a terminal skips it)."""
    if not args.password_stdin and not sys.stdin.isatty():
        return None
    return _read_secret(args, _("Owner's password (Enter: check without the seals): ")) or None


def cmd_check(args: argparse.Namespace, db: Database) -> int:
    problems = [message_text(problem) for problem in maintenance.check_database(db)]
    unchecked = maintenance.unchecked_tables(db)
    if unchecked:
        print(_("not checked, as this login cannot read them in full: {tables}").format(tables=", ".join(unchecked)))
    if args.against:
        problems.extend(_compare_with(db, args.against))
    # The owner's password and seals live in settings a clerk's login cannot see: the owner's check covers them.
    state = None if "setting" in unchecked else owner.password_state(db)
    if state is owner.PasswordState.REMOVED:
        problems.append(message_text(owner.REMOVED_FINDING.message))
    elif state is owner.PasswordState.SET:
        password = _check_password(args)
        if password is None:
            print(_("seals not verified: the owner's password is needed (arddesk check --password-stdin)"))
        else:
            try:
                problems.extend(message_text(finding.message) for finding in owner.verify_seals(db, password))
            except Rejected as refused:
                raise _owner_refusal(refused) from refused
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise Failure(
            ngettext("{location}: {count} problem found", "{location}: {count} problems found", len(problems)).format(
                location=db.location, count=len(problems)
            )
        )
    print(_("{location}: no problems found").format(location=db.location))
    return 0


def _compare_with(db: Database, other: str) -> list[str]:
    """Lines naming each table that differs between the open company and the one at ``other``."""
    opened = open_company(other, write=False)
    try:
        return [
            _("{table}: {here} rows in {location}, {there} in {other}, not the same").format(
                table=d.table, here=d.rows_here, location=db.location, there=d.rows_there, other=opened.db.location
            )
            for d in transfer.compare(db, opened.db)
        ]
    finally:
        opened.db.close()


def cmd_copy(args: argparse.Namespace, db: Database) -> int:
    def progress(table: str, rows: int) -> None:
        if sys.stderr.isatty():
            print(
                "\r" + _("copying {table}: {rows} rows").format(table=table, rows=rows) + "\033[K",
                end="",
                file=sys.stderr,
            )

    copied = transfer.copy_company(db, args.to, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for difference in copied.differences:
        print(
            _("{table}: {here} rows here, {there} in the copy").format(
                table=difference.table, here=difference.rows_here, there=difference.rows_there
            ),
            file=sys.stderr,
        )
    for problem in copied.problems:
        print(message_text(problem), file=sys.stderr)
    if not copied.equal:
        raise Failure(
            _("{copy}: the copy does not agree with {location}").format(copy=copied.location, location=db.location)
        )
    print(
        _(
            "{location} copied to {copy}: {rows} rows in {tables} tables; both hold the same and the copy checks clean"
        ).format(location=db.location, copy=copied.location, rows=sum(copied.rows.values()), tables=len(copied.rows))
    )
    return 0


def cmd_roles(args: argparse.Namespace, db: Database) -> int:
    servers.set_up_roles(db)
    if args.add:
        password = _read_secret(args, _("Password for {login}: ").format(login=args.add))
        if not password:
            raise Failure(_("a login needs a password; nothing was created"))
        servers.add_login(db, args.add, args.role, password, args.rep)
        print(
            _("{location}: login {login} created as {role}").format(
                location=db.location, login=args.add, role=args.role
            )
        )
    else:
        print(_("{location}: the roles owner, clerk and rep are set up").format(location=db.location))
    return 0


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    if args.out.exists():
        raise Failure(_("{out} already exists; a backup never overwrites a file").format(out=args.out))
    transfer.backup(db, args.out)
    print(_("{location} backed up to {out}").format(location=db.location, out=args.out))
    return 0


# ---------------------------------------------------------------- parser


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help that keeps the examples' lines as written; defaults are spelled out in each option's help."""


_TABLE_OUT = (".csv", ".xlsx")
_DOCUMENT_OUT = (".pdf", ".xlsx", ".csv")


def _examples(*lines: str) -> str:
    return _("examples:") + "\n" + "\n".join(f"  {line}" for line in lines)


def _command(
    commands: Any, name: str, summary: str, parents: list[argparse.ArgumentParser], *examples: str
) -> argparse.ArgumentParser:
    """A command with a one-line summary (in the list and atop its help) and examples below its options."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        parents=parents,
        help=summary,
        description=summary,
        epilog=_examples(*examples) if examples else None,
        formatter_class=_HelpFormatter,
    )
    return parser


def _out_help(suffixes: tuple[str, ...]) -> str:
    return _("the file to write, named {suffixes} (another suffix is refused)").format(
        # TRANSLATORS: joins the file name suffixes a command writes: "*.csv or *.xlsx".
        suffixes=_(" or ").join(f"*{suffix}" for suffix in suffixes)
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every command of contracts.md that this version has."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=text.LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of messages, help and what is written (default: the system locale's)"),
    )
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("company database file, or an SQLAlchemy URL (default: $ARDDESK_DB, else the user data folder)"),
    )
    password_option = argparse.ArgumentParser(add_help=False)
    password_option.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the owner's password from standard input (one line) instead of asking on the terminal"),
    )
    parser = argparse.ArgumentParser(
        prog="arddesk",
        description=_("Accounts receivable and collections desk. Without a command, the main window opens."),
        epilog=_examples(
            "arddesk --demo",
            "arddesk demo --out demo.sqlite",
            "arddesk --db demo.sqlite aging --as-of 2026-09-30 --by rep",
            "arddesk COMMAND --help",
        ),
        formatter_class=_HelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action=_ShowVersion, help=_("show the version and exit"))
    parser.add_argument("--demo", action="store_true", help=_("open the window on a freshly generated demo company"))
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=_("commands"), help=_("see arddesk COMMAND --help")
    )

    demo = _command(
        commands,
        "demo",
        _("write a realistic demo company (the same for the same seed and day)"),
        [common],
        "arddesk demo --out demo.sqlite",
        "arddesk demo --out big.sqlite --customers 2000 --deliveries 1000000 --today 2026-11-20",
    )
    demo.add_argument(
        "--out", type=Path, required=True, metavar="PATH", help=_("the new company's file (must not exist)")
    )
    demo.add_argument(
        "--deliveries", type=_at_least(0), metavar="N", help=_("about how many deliveries (default: 40 per customer)")
    )
    demo.add_argument(
        "--customers",
        type=_at_least(1),
        metavar="N",
        help=_("how many customers (default: 50, or one per 500 deliveries when only --deliveries is given)"),
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help=_("the random seed (default: %(default)s)"))
    demo.add_argument(
        "--today",
        type=_iso_date,
        metavar="DATE",
        help=_("the last day of the demo's history (default: today); the same seed and day give the same company"),
    )
    demo.set_defaults(run=cmd_demo, needs_db=False)

    new = _command(
        commands,
        "new",
        _("create an empty company (a new file or database)"),
        [common],
        "arddesk new shop.sqlite",
        "arddesk new postgresql+psycopg://clerk@server/shop",
    )
    new.add_argument("target", metavar="PATH|URL", help=_("where: a file that does not exist yet, or a database URL"))
    new.set_defaults(run=cmd_new, needs_db=False)

    importing = _command(
        commands,
        "import",
        _("import a file: all rows or none"),
        [common],
        "arddesk --db shop.sqlite import customers customers.xlsx",
        "arddesk --db shop.sqlite import payments bank.csv --encoding cp1252 --date-order dmy",
    )
    importing.add_argument("kind", choices=KINDS, help=_("what the file holds: {kinds}").format(kinds=", ".join(KINDS)))
    importing.add_argument("file", type=Path, help=_("the file: .xlsx or .csv"))
    importing.add_argument(
        "--encoding",
        metavar="NAME",
        help=_("the CSV file's encoding, e.g. cp1252 (default: UTF-8, UTF-16 or GB18030, found)"),
    )
    importing.add_argument(
        "--date-order",
        choices=DATE_ORDERS,
        help=_("read 03/04/2026 as day-first (dmy) or month-first (mdy) (default: such dates are refused)"),
    )
    importing.add_argument(
        "--allow-duplicates",
        action="store_true",
        help=_("import even a file imported before, or rows like payments or adjustments already recorded"),
    )
    importing.set_defaults(run=cmd_import)

    exporting = _command(
        commands,
        "export",
        _("export to .xlsx or .csv, ready to import again"),
        [common],
        "arddesk --db shop.sqlite export customers --out customers.xlsx",
        "arddesk --db shop.sqlite export deliveries --out deliveries.csv",
    )
    exporting.add_argument("kind", choices=KINDS, help=_("what to export: {kinds}").format(kinds=", ".join(KINDS)))
    exporting.add_argument(
        "--out", type=_out_file(*_TABLE_OUT), required=True, metavar="FILE", help=_out_help(_TABLE_OUT)
    )
    exporting.set_defaults(run=cmd_export, writes=False)

    grid = _command(
        commands,
        "aging",
        _("the aging grid (CSV to stdout without --out)"),
        [common],
        "arddesk --db shop.sqlite aging --as-of 2026-09-30 --by rep --buckets 30,60,90",
        "arddesk --db shop.sqlite aging --as-of 2026-09-30 --detail --out open-items.xlsx",
    )
    grid.add_argument(
        "--as-of", type=_iso_date, required=True, metavar="DATE", help=_("count documents dated on or before this day")
    )
    grid.add_argument(
        "--by",
        choices=[g.value for g in GroupBy],
        default=GroupBy.CUSTOMER.value,
        help=_("one row per customer, rep or department (default: %(default)s)"),
    )
    grid.add_argument(
        "--buckets", metavar="30,60,90", help=_("bucket edges in days (default: the company's, set in the window)")
    )
    grid.add_argument(
        "--basis",
        choices=[b.value for b in Basis],
        default=Basis.DUE.value,
        help=_("count days from the due date or the delivery date (default: %(default)s)"),
    )
    grid.add_argument("--detail", action="store_true", help=_("one row per open delivery instead"))
    grid.add_argument(
        "--out",
        type=_out_file(*_TABLE_OUT),
        metavar="FILE",
        help=_out_help(_TABLE_OUT) + " " + _("(default: CSV to stdout)"),
    )
    grid.set_defaults(run=cmd_aging, writes=False)

    letters = _command(
        commands,
        "letters",
        _("reconciliation letters: one PDF per customer plus all.pdf; a re-run writes only what is missing"),
        [common],
        "arddesk --db shop.sqlite letters --period 2026Q3 --out letters/",
        "arddesk --db shop.sqlite letters --period 2026-07 --customer C001 --out letters/",
    )
    letters.add_argument(
        "--period", type=_period, required=True, metavar="P", help=_("the period: 2026Q3, 2026H1, 2026-07 or 2026")
    )
    letters.add_argument(
        "--customer",
        metavar="CODE",
        help=_(
            "only this customer, a letter even with no activity (default: every customer with a balance or activity)"
        ),
    )
    letters.add_argument(
        "--out", type=_out_dir, required=True, metavar="DIR", help=_("the folder for the PDFs (made if missing)")
    )
    letters.set_defaults(run=cmd_letters)

    plan = _command(
        commands,
        "plan",
        _("the collection plan: call sheets (.pdf) or the plan table (.xlsx, .csv)"),
        [common],
        "arddesk --db shop.sqlite plan --as-of 2026-12-01 --out plan.xlsx",
        "arddesk --db shop.sqlite plan --as-of 2026-12-01 --rep R01 --out call-sheet-R01.pdf",
    )
    plan.add_argument(
        "--as-of", type=_iso_date, required=True, metavar="DATE", help=_("the plan is for the month from this day")
    )
    plan.add_argument("--rep", metavar="CODE", help=_("only this rep (default: every rep)"))
    plan.add_argument(
        "--out", type=_out_file(*_DOCUMENT_OUT), required=True, metavar="FILE", help=_out_help(_DOCUMENT_OUT)
    )
    plan.set_defaults(run=cmd_plan)

    incentives = _command(
        commands,
        "incentives",
        _("bonus per rep and department head: statements (.pdf) or the lines (.xlsx, .csv); owner only"),
        [common, password_option],
        "arddesk --db shop.sqlite incentives --period 2026Q3 --out bonus-2026Q3.xlsx",
        "pass show arddesk | arddesk --db shop.sqlite incentives --period 2026Q3 --out bonus.pdf --password-stdin",
    )
    incentives.add_argument(
        "--period", type=_period, required=True, metavar="P", help=_("the period: 2026Q3, 2026H1, 2026-07 or 2026")
    )
    incentives.add_argument(
        "--out", type=_out_file(*_DOCUMENT_OUT), required=True, metavar="FILE", help=_out_help(_DOCUMENT_OUT)
    )
    incentives.set_defaults(run=cmd_incentives)

    void = _command(
        commands,
        "void",
        _("reverse a saved delivery, payment, adjustment or refund (it stays in the books, marked void)"),
        [common],
        'arddesk --db shop.sqlite void payment P0042 --reason "entered twice"',
        'arddesk --db shop.sqlite void delivery DN20260901-001 --reason "wrong customer" --on 2026-09-30',
    )
    void.add_argument(
        "kind", choices=["delivery", "payment", "adjustment", "refund"], help=_("what kind of document")
    )
    void.add_argument("number", help=_("the document's number"))
    void.add_argument(
        "--reason", required=True, help=_("why it is void; kept with the document and in the audit trail")
    )
    void.add_argument("--on", type=_iso_date, metavar="DATE", help=_("the day the void takes effect (default: today)"))
    void.set_defaults(run=cmd_void)

    trail = _command(
        commands,
        "audit",
        _("the audit trail (CSV to stdout without --out)"),
        [common],
        "arddesk --db shop.sqlite audit --since 2026-11-01",
        "arddesk --db shop.sqlite audit --out audit.xlsx",
    )
    trail.add_argument(
        "--since", type=_iso_date, metavar="DATE", help=_("only entries from this day on (default: all)")
    )
    trail.add_argument(
        "--out",
        type=_out_file(*_TABLE_OUT),
        metavar="FILE",
        help=_out_help(_TABLE_OUT) + " " + _("(default: CSV to stdout)"),
    )
    trail.set_defaults(run=cmd_audit, writes=False)

    check = _command(
        commands,
        "check",
        _("integrity check of the database (with the owner's password: the owner's seals too)"),
        [common, password_option],
        "arddesk --db shop.sqlite check",
    )
    check.add_argument(
        "--against",
        metavar="PATH|URL",
        help=_("also compare every table with another company (e.g. the copy that `arddesk copy` made)"),
    )
    check.set_defaults(run=cmd_check, writes=False)

    copy = _command(
        commands,
        "copy",
        _("copy the company to an empty database: a new file, or a server"),
        [common],
        "arddesk --db shop.sqlite copy --to postgresql+psycopg://owner@office-server/acme",
    )
    copy.add_argument("--to", required=True, metavar="PATH|URL", help=_("a new file, or an empty database's URL"))
    copy.set_defaults(run=cmd_copy, writes=False)

    owner_parser = _command(
        commands,
        "owner",
        _("the owner's commands (they ask for the owner's password)"),
        [],
        "arddesk --db shop.sqlite owner set-password",
        "arddesk --db shop.sqlite owner close-books --through 2026-09-30",
    )
    owner_commands = owner_parser.add_subparsers(
        dest="owner_command", metavar="SUBCOMMAND", required=True, title=_("commands"), help=_("what to do")
    )
    set_password = _command(
        owner_commands,
        "set-password",
        _("set or change the owner's password; prints a new recovery code once"),
        [common, password_option],
        "arddesk --db shop.sqlite owner set-password",
    )
    set_password.description = _(
        "Set or change the owner's password; prints a new recovery code once. With --password-stdin, "
        "standard input gives one line each: the current password (when one is set), the new password, "
        "the new password again."
    )
    set_password.set_defaults(run=cmd_owner_set_password)
    reset_password = _command(
        owner_commands,
        "reset-password",
        _("set a new password with the recovery code (written in the audit trail, shown to the owner)"),
        [common, password_option],
        'arddesk --db shop.sqlite owner reset-password --reason "forgotten"',
    )
    reset_password.description = _(
        "Set a new password with the recovery code. With --password-stdin, standard input gives one line "
        "each: the recovery code, the new password, the new password again."
    )
    reset_password.add_argument(
        "--reason", default="", metavar="TEXT", help=_("why (kept in the audit trail; default: none given)")
    )
    reset_password.set_defaults(run=cmd_owner_reset_password)
    close = _command(
        owner_commands,
        "close-books",
        _("close the books through a day: nothing dated on or before it can be posted, voided or corrected"),
        [common, password_option],
        "arddesk --db shop.sqlite owner close-books --through 2026-09-30",
    )
    close.add_argument("--through", type=_iso_date, required=True, metavar="DATE", help=_("the last closed day"))
    close.set_defaults(run=cmd_owner_close_books)

    roles = _command(
        commands,
        "roles",
        _("on a server: set up the roles owner, clerk and rep (as the database's owner); --add a person's login"),
        [common, password_option],
        "arddesk --db postgresql+psycopg://owner@office-server/acme roles --add mei --role clerk",
    )
    roles.add_argument("--add", metavar="LOGIN", help=_("create a server login for one person"))
    roles.add_argument("--role", choices=("owner", "clerk", "rep"), default="clerk", help=_("the new login's role"))
    roles.add_argument("--rep", metavar="CODE", default="", help=_("a rep's login: the rep whose customers it reads"))
    roles.set_defaults(run=cmd_roles)

    backup = _command(
        commands,
        "backup",
        _("a consistent copy of the database, safe while the window is open"),
        [common],
        "arddesk --db shop.sqlite backup --out shop-2026-12-01.sqlite",
    )
    backup.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the copy's file (must not exist)"))
    backup.set_defaults(run=cmd_backup, writes=False)
    return parser


def _warn(text: str) -> None:
    print(_("arddesk: warning: {text}").format(text=text), file=sys.stderr)


def _run_on_company(args: argparse.Namespace, db_target: str | None) -> int:
    writes: bool = getattr(args, "writes", True)
    opened = open_company(db_target, write=writes)
    db = opened.db
    try:
        for warning in opened.warnings:
            _warn(message_text(warning))
        if opened.read_only_because:
            if writes:
                raise Failure(
                    _("{location}: {why} This command changes it, so it was not run.").format(
                        location=db.location, why=message_text(opened.read_only_because)
                    )
                )
            print(f"arddesk: {message_text(opened.read_only_because)}", file=sys.stderr)
        elif writes:
            try:
                backups.daily_backup(db)
            except (OSError, DatabaseRefused, sqlite3.Error) as exc:
                _warn(
                    _("today's automatic backup could not be written ({error}); the command runs all the same.").format(
                        error=message_text(exc.message) if isinstance(exc, DatabaseRefused) else exc
                    )
                )
        run_command: Callable[..., int] = args.run
        return run_command(args, db)
    finally:
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # The language first, so that the help and the parser's own refusals are in it too.
    language = argparse.ArgumentParser(prog="arddesk", add_help=False)
    language.add_argument("--lang", choices=text.LANGUAGES, default=None)
    with text.standard_library_speaks(text.system_language()):  # a wrong --lang is refused in the system's
        chosen: str | None = language.parse_known_args(argv)[0].lang
    with text.standard_library_speaks(text.use_language(chosen)):
        return _main(argv, chosen)


def _main(argv: Sequence[str] | None, chosen: str | None) -> int:
    args = build_parser().parse_args(argv)
    db_target: str | None = getattr(args, "db", None)
    if args.command is None:
        from arddesk.ui.app import run

        return run(db_target, demo=args.demo, language=chosen)
    try:
        if not getattr(args, "needs_db", True):
            run_command: Callable[..., int] = args.run
            return run_command(args)
        return _run_on_company(args, db_target)
    except Failure as exc:
        print(f"arddesk: {exc}", file=sys.stderr)
        return 1
    except DatabaseRefused as exc:
        print(f"arddesk: {message_text(exc.message)}", file=sys.stderr)
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
        print(f"arddesk: {message_text(message)}", file=sys.stderr)
        return 1
