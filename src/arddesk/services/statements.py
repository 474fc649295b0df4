"""Statements of account for a period: who gets one and what each says."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, timedelta

from arddesk.domain.dates import Period
from arddesk.domain.problems import R_, Problem
from arddesk.domain.statements import (
    AgingSummary,
    OpenDeliveryLine,
    Statement,
    needs_letter,
    reference_number,
    return_by,
    running_lines,
)
from arddesk.services.aging import aging_detail, aging_report
from arddesk.services.errors import Rejected
from arddesk.services.settings import load_settings
from arddesk.store.db import Database
from arddesk.store.statements import balances, customer_ids, period_allocations, period_entries


def balance_as_of(db: Database, customer: str, as_of: date) -> int:
    """A customer's balance in cents at the end of a day (0 for an unknown customer)."""
    with db.reading() as session:
        ids = customer_ids(session, customer)
        if not ids:
            return 0
        (customer_id,) = ids
        return balances(session, as_of, customer_id).get(customer_id, 0)


def build_statements(
    db: Database,
    period: Period,
    *,
    customer: str | None = None,
    include_zero: bool = False,
    letter_date: date | None = None,
    reply_days: int | None = None,
    customers: Collection[str] | None = None,
) -> list[Statement]:
    """The statements of a period, by customer code.

    The opening balance is the balance at the end of the day before the period starts
    (the previous period's closing); the closing balance is the aging total as of the
    period's last day. Customers with no activity and a zero balance are left out unless
    ``include_zero`` (a customer asked for by ``customer`` is always included).

    Args:
        db: the company.
        period: the period the letters cover.
        customer: one customer's code, or None for all.
        include_zero: also customers with nothing to confirm.
        letter_date: the date printed on the letters (default: today).
        reply_days: days after ``letter_date`` the slip is due back (default 21).
        customers: a chosen set of customer codes; each gets a letter, like ``customer``.

    Raises:
        Rejected: when ``customer`` or a code in ``customers`` names no customer.
    """
    settings = load_settings(db)
    letter_day = letter_date or date.today()
    due_back = return_by(letter_day, reply_days) if reply_days is not None else return_by(letter_day)
    with db.reading() as session:
        parties = customer_ids(session, customer)
        if customer is not None and not parties:
            raise Rejected([Problem(None, "customer", customer, R_("no such customer"))])
        chosen = set(customers) if customers is not None else None
        if chosen is not None:
            known = {party.code for party in parties.values()}
            missing = sorted(chosen - known)
            if missing:
                raise Rejected([Problem(None, "customer", code, R_("no such customer")) for code in missing])
            parties = {cid: party for cid, party in parties.items() if party.code in chosen}
        only = next(iter(parties)) if customer is not None else None
        opening = balances(session, period.start - timedelta(days=1), only)
        closing = balances(session, period.end, only)
        entries = period_entries(session, period.start, period.end, only)
        applied = period_allocations(session, period.start, period.end, only)
    report = aging_report(db, period.end)
    aging_by_code = {line.key: line for line in report.lines}
    labels = tuple(report.buckets.labels)
    open_by_code: dict[str, list[OpenDeliveryLine]] = {}
    for item in aging_detail(db, period.end, customer=customer):
        open_by_code.setdefault(item.customer, []).append(
            OpenDeliveryLine(item.number, item.date, item.due_date, item.days_overdue, item.open, item.bucket)
        )
    statements = []
    for customer_id, party in parties.items():
        mine = entries.get(customer_id, [])
        asked = customer is not None or chosen is not None
        if not needs_letter(mine, closing.get(customer_id, 0), include_zero=include_zero or asked):
            continue
        aging_line = aging_by_code.get(party.code)
        if aging_line is None:
            aging = AgingSummary(labels, 0, tuple(0 for _ in labels), 0)
        else:
            aging = AgingSummary(labels, aging_line.not_due or 0, aging_line.buckets, aging_line.unapplied)
        start = opening.get(customer_id, 0)
        statements.append(
            Statement(
                customer=party,
                period=period,
                opening=start,
                lines=running_lines(start, mine),
                aging=aging,
                applied=tuple(applied.get(customer_id, ())),
                open_deliveries=tuple(open_by_code.get(party.code, ())),
                reference=reference_number(period, party.code),
                letter_date=letter_day,
                return_by=due_back,
                currency=settings.currency,
            )
        )
    return statements


def with_letter_facts(
    statement: Statement, *, letter_date: date, return_by_date: date, handover: bool
) -> Statement:
    """The statement with the date, return-by date and handover mark the register holds for it."""
    return replace(statement, letter_date=letter_date, return_by=return_by_date, handover=handover)
