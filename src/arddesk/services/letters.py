"""The register of reconciliation letters: which were sent, which came back, agreed or disputed.

Each letter is entered in the register once its file is written (``plan_letters``, then
``record_letters`` as letters are finished), so a stopped run leaves only the letters written;
a re-print keeps the date and return-by date first given, so the same letter comes out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from arddesk.domain.dates import Period
from arddesk.domain.money import to_minor
from arddesk.domain.problems import R_, Problem
from arddesk.domain.statements import Statement
from arddesk.services.errors import Rejected
from arddesk.services.statements import build_statements
from arddesk.store.db import Database
from arddesk.store.letters import (
    REPLIES,
    LetterFacts,
    LetterRow,
    customer_ids_by_code,
    find_letter,
    held_letters,
    letter_rows,
)
from arddesk.store.letters import upsert_letters as _upsert

__all__ = [
    "REPLIES",
    "LetterRow",
    "handover_candidates",
    "mark_handover",
    "mark_sent",
    "open_disputes",
    "overdue_replies",
    "plan_letters",
    "prepare_letters",
    "record_letters",
    "record_reply",
    "register",
    "resolve_dispute",
]


def plan_letters(
    db: Database,
    period: Period,
    *,
    customer: str | None = None,
    include_zero: bool = False,
    letter_date: date | None = None,
    reply_days: int | None = None,
    customers: Collection[str] | None = None,
) -> list[Statement]:
    """The statements of a period, ready to print, without entering them in the register.

    A letter already in the register keeps its letter date, return-by date and handover
    mark (its balances are as of now); a new one gets ``letter_date`` (default today).
    ``customers`` is a chosen set of codes (see ``build_statements``). Enter each letter
    with :func:`record_letters` once it is written.

    Raises:
        Rejected: when ``customer`` or a code in ``customers`` names no customer.
    """
    statements = build_statements(
        db, period, customer=customer, include_zero=include_zero, letter_date=letter_date, reply_days=reply_days,
        customers=customers,
    )
    with db.reading() as session:
        ids = customer_ids_by_code(session, [s.customer.code for s in statements])
        held = held_letters(session, period.label, list(ids.values()))
    planned = []
    for statement in statements:
        dates = held.get(ids[statement.customer.code])
        if dates is not None:
            statement = replace(statement, letter_date=dates[0], return_by=dates[1], handover=dates[2])
        planned.append(statement)
    return planned


def record_letters(db: Database, period: Period, statements: Sequence[Statement]) -> None:
    """Enter written letters in the register (one transaction); a letter already there keeps its dates and reply."""
    with db.transaction() as session:
        ids = customer_ids_by_code(session, [s.customer.code for s in statements])
        facts = []
        for statement in statements:
            assert statement.letter_date and statement.return_by
            facts.append(
                LetterFacts(
                    customer_id=ids[statement.customer.code],
                    period=period.label,
                    reference=statement.reference,
                    language=statement.customer.language,
                    letter_date=statement.letter_date,
                    return_by=statement.return_by,
                    opening=statement.opening,
                    closing=statement.closing,
                )
            )
        _upsert(session, facts)


def prepare_letters(
    db: Database,
    period: Period,
    *,
    customer: str | None = None,
    include_zero: bool = False,
    letter_date: date | None = None,
    reply_days: int | None = None,
    customers: Collection[str] | None = None,
) -> list[Statement]:
    """The statements of a period, entered in the register at once (:func:`plan_letters` then :func:`record_letters`).

    For a register kept apart from printing (a handover mark, a letter sent by other means).

    Raises:
        Rejected: when ``customer`` or a code in ``customers`` names no customer.
    """
    statements = plan_letters(
        db, period, customer=customer, include_zero=include_zero, letter_date=letter_date, reply_days=reply_days,
        customers=customers,
    )
    record_letters(db, period, statements)
    return statements


def _missing(reference: str) -> Rejected:
    return Rejected([Problem(None, "reference", reference, R_("no such letter in the register"))])


def mark_sent(db: Database, references: Iterable[str], on: date) -> None:
    """Record the day letters went out.

    Raises:
        Rejected: naming each reference the register does not hold; nothing is saved.
    """
    with db.transaction() as session:
        rows = []
        problems = []
        for reference in references:
            row = find_letter(session, reference)
            if row is None:
                problems.append(Problem(None, "reference", reference, R_("no such letter in the register")))
            else:
                rows.append(row)
        if problems:
            raise Rejected(problems)
        for row in rows:
            row.sent_on = on


def record_reply(
    db: Database,
    reference: str,
    reply: str,
    *,
    returned_on: date | None = None,
    stated_balance: Decimal | None = None,
    note: str = "",
) -> LetterRow:
    """Record what came back for a letter: ``agreed``, ``disputed``, ``no_reply`` (or ``pending`` to undo).

    An agreed slip states our balance unless another is given; a disputed one needs the
    customer's balance or a note saying why. ``returned_on`` defaults to today for a slip
    that came back and must be empty for no reply.

    Raises:
        Rejected: with every problem found; nothing is saved.
    """
    problems = []
    if reply not in REPLIES:
        problems.append(Problem(None, "reply", reply, R_("must be {choices}"), {"choices": ", ".join(REPLIES)}))
    if reply in ("pending", "no_reply") and (returned_on is not None or stated_balance is not None):
        problems.append(Problem(None, "returned_on", str(returned_on or stated_balance), R_("no slip came back")))
    if reply == "disputed" and stated_balance is None and not note.strip():
        problems.append(
            Problem(None, "stated_balance", "", R_("a disputed letter needs the customer's balance or a note"))
        )
    stated = None
    if stated_balance is not None:
        try:
            stated = to_minor(stated_balance)
        except ValueError:
            problems.append(Problem(None, "stated_balance", str(stated_balance), R_("more than two decimals")))
    with db.transaction() as session:
        row = find_letter(session, reference)
        if row is None:
            problems.append(Problem(None, "reference", reference, R_("no such letter in the register")))
        if row is not None and returned_on is not None and returned_on < row.letter_date:
            problems.append(Problem(None, "returned_on", returned_on.isoformat(), R_("before the letter's date")))
        if problems:
            raise Rejected(problems)
        assert row is not None
        row.reply = reply
        if reply in ("agreed", "disputed"):
            row.returned_on = returned_on or date.today()
            row.stated_balance = stated if stated is not None else (row.closing if reply == "agreed" else None)
        else:
            row.returned_on = None
            row.stated_balance = None
        if note.strip() or reply != "disputed":
            row.note = note
        if reply != "disputed":
            row.resolved_on = None
        session.flush()
    return _row(db, reference)


def resolve_dispute(db: Database, reference: str, on: date, note: str = "") -> LetterRow:
    """Close a dispute (the difference was explained or corrected); the note is added to the letter's.

    Raises:
        Rejected: when the letter is not a disputed one.
    """
    with db.transaction() as session:
        row = find_letter(session, reference)
        if row is None:
            raise _missing(reference)
        if row.reply != "disputed":
            raise Rejected([Problem(None, "reply", row.reply, R_("only a disputed letter can be resolved"))])
        row.resolved_on = on
        if note.strip():
            row.note = f"{row.note}\n{on.isoformat()}: {note}".strip()
    return _row(db, reference)


def mark_handover(db: Database, customer: str, period: Period, handover: bool = True) -> LetterRow:
    """Mark the period's letter to a customer whose contact person changed as a handover confirmation.

    The letter is entered in the register if it was not yet; a re-print then carries the
    handover paragraph.

    Raises:
        Rejected: when ``customer`` names no customer.
    """
    (statement,) = prepare_letters(db, period, customer=customer)
    with db.transaction() as session:
        row = find_letter(session, statement.reference)
        assert row is not None
        row.handover = handover
    return _row(db, statement.reference)


def handover_candidates(db: Database, period: Period) -> list[str]:
    """Customers whose contact person changed (the clerk's warning flag): their letter can confirm the handover.

    A ``contact_changed`` flag counts when it was raised by the period's end and was still
    open at the period's start (or is open now).
    """
    from arddesk.services.risk import list_flags  # a sibling service; imported here to keep start-up light

    codes = {
        flag.customer
        for flag in list_flags(db)
        if flag.kind == "contact_changed"
        and flag.on <= period.end
        and (flag.resolved_on is None or flag.resolved_on >= period.start)
    }
    return sorted(codes)


def _row(db: Database, reference: str) -> LetterRow:
    with db.reading() as session:
        rows = letter_rows(session, reference=reference)
    if not rows:
        raise _missing(reference)
    return rows[0]


def register(db: Database, *, period: Period | str | None = None, customer: str | None = None) -> list[LetterRow]:
    """The register: every letter (of a period, of a customer) with its reply."""
    label = None if period is None else str(period)
    with db.reading() as session:
        return letter_rows(session, period=label, customer=customer)


def overdue_replies(db: Database, today: date | None = None) -> list[LetterRow]:
    """Letters with no reply whose return-by date has passed: the ones to chase."""
    with db.reading() as session:
        return letter_rows(session, overdue_on=today or date.today())


def open_disputes(db: Database) -> list[LetterRow]:
    """Disputed letters not yet resolved."""
    with db.reading() as session:
        return letter_rows(session, open_disputes=True)
