"""Follow-up: log a visit or call (with the promise taken there), the follow-ups due, promises
with their status and the gap to what we want collected, and broken promises as warnings.

How a promise is judged is in :mod:`arddesk.domain.promises`. The gap is what we *want* collected
from the customer minus what it *promised* (seed 004 §3: 300,000 sold in Q2, the customer promises
200,000 by the end of Q3, our target for it is 250,000: 50,000 is left to negotiate):

* With a collection target for the customer (回款目标, a target row that names the customer) for a
  period: the target for the period − everything the customer promised to pay in it (the
  instalments due in the period of its promises made by the as-of date). A promise's period is the
  shortest target period of the customer that holds its last due date.
* Without one: the customer's open amount, as of the day the promise was made, on its deliveries
  due on or before the promise's last due date (unapplied credits are not netted), − the promise.

A positive gap is money still to negotiate.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from arddesk.domain.dates import Period
from arddesk.domain.money import CENT, to_minor
from arddesk.domain.problems import R_, Message, Problem
from arddesk.domain.promises import (
    MISSED,
    Channel,
    Excuse,
    Instalment,
    InstalmentState,
    Promise,
    PromiseState,
    PromiseStatus,
    describe,
    evaluate,
)
from arddesk.domain.warnings import SUGGESTED_CLASS, Warning, WarningKind
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import followup as store
from arddesk.store import plan as plan_store
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.followup import ContactRow, PromiseRow
from arddesk.store.incentives import period_labels_inside

__all__ = [
    "ContactInput",
    "ContactRow",
    "LatestFollowUp",
    "PromiseGap",
    "PromiseView",
    "contact_problems",
    "follow_ups",
    "latest_by_customer",
    "list_contacts",
    "log_contact",
    "mark_follow_up_done",
    "promise_gaps",
    "promise_warnings",
    "promises",
    "rep_codes",
    "seed_demo_followups",
]


@dataclass(frozen=True, slots=True)
class ContactInput:
    """A visit or call as entered, with the promise taken there when ``instalments`` is not empty.

    Attributes:
        customer: the customer's code.
        on: the day of the contact.
        channel: a :class:`~arddesk.domain.promises.Channel` value.
        rep: the rep's code; blank for the customer's rep.
        excuse: an :class:`~arddesk.domain.promises.Excuse` value; blank when none was given.
        result: what came of it, in words.
        next_step: what to do next.
        next_on: when; the contact is a follow-up due that day until done.
        instalments: the promise's instalments as (due date, amount).
        promise_note: a note on the promise.
    """

    customer: str
    on: date
    channel: str = Channel.VISIT.value
    rep: str = ""
    excuse: str = ""
    result: str = ""
    next_step: str = ""
    next_on: date | None = None
    instalments: tuple[tuple[date, Decimal], ...] = ()
    promise_note: str = ""


def contact_problems(item: ContactInput) -> list[Problem]:
    """What is wrong with a contact as entered, field by field (not the database checks).

    Instalment problems have ``row`` = the instalment's number, 1 for the first.
    """
    found = []
    if not item.customer.strip():
        found.append(Problem(None, "customer", item.customer, R_("choose the customer")))
    if item.channel not in {c.value for c in Channel}:
        found.append(Problem(None, "channel", item.channel, R_("one of {choices}"),
                                   {"choices": ", ".join(c.value for c in Channel)}))
    if item.excuse not in {e.value for e in Excuse}:
        found.append(Problem(None, "excuse", item.excuse, R_("blank or one of {choices}"),
                                   {"choices": ", ".join(e.value for e in Excuse if e)}))
    if item.next_on is not None and item.next_on < item.on:
        found.append(
            Problem(None, "next_on", item.next_on.isoformat(), R_("the next step cannot be before the contact"))
        )
    if item.next_on is not None and not item.next_step.strip():
        found.append(Problem(None, "next_step", "", R_("say what the next step is")))
    for number, (due, amount) in enumerate(item.instalments, start=1):
        if amount <= 0:
            found.append(Problem(number, "amount", str(amount), R_("a promised amount must be above zero")))
        elif amount != amount.quantize(CENT):
            found.append(Problem(number, "amount", str(amount), R_("more than two decimals")))
        if due < item.on:
            found.append(Problem(number, "due", due.isoformat(), R_("a promise cannot be due before it was made")))
    return found


def log_contact(db: Database, item: ContactInput, *, closing_note: str = "") -> int:
    """Record a visit or call, and the promise taken there if any, in one transaction; returns its id.

    Logging a contact closes the customer's earlier follow-ups due by its day: the visit
    was the follow-up. It also closes the collection plan's entries for the customer still
    ``planned`` or ``moved`` and dated within the 31 days up to its day: they become ``done``,
    with ``closing_note`` added to their notes: words naming the contact in the reader's language,
    made by the caller (``arddesk.text.messages.contact_logged_note``: ``Visit logged 2026-12-03``),
    since the note is stored as written and the services speak no language.

    Raises:
        Rejected: every problem with the input at once (unknown customer or rep too).
    """
    problems = contact_problems(item)
    with db.transaction() as session:
        customer_id = store.customer_ids(session, [item.customer.strip()]).get(item.customer.strip())
        if customer_id is None and item.customer.strip():
            problems.append(Problem(None, "customer", item.customer, R_("no such customer")))
        rep: int | None = None
        if item.rep.strip():
            rep = store.rep_id(session, item.rep.strip())
            if rep is None:
                problems.append(Problem(None, "rep", item.rep, R_("no such rep")))
        reject_if(problems)
        assert customer_id is not None
        if rep is None:
            rep = store.customer_rep(session, customer_id)
        contact_id = store.add_contact(
            session,
            customer_id=customer_id,
            on=item.on,
            rep=rep,
            channel=item.channel,
            excuse=item.excuse,
            result=item.result.strip(),
            next_step=item.next_step.strip(),
            next_on=item.next_on,
        )
        plan_store.close_entries(session, customer_id, item.on, closing_note.strip())
        if item.instalments:
            store.add_promise(
                session,
                customer_id=customer_id,
                made_on=item.on,
                contact_id=contact_id,
                note=item.promise_note.strip(),
                instalments=[(due, to_minor(amount)) for due, amount in item.instalments],
            )
        return contact_id


def mark_follow_up_done(db: Database, contact_id: int, on: date) -> None:
    """The follow-up of a contact was done on a day (it leaves the due list).

    Raises:
        Rejected: no such contact.
    """
    with db.transaction() as session:
        if not store.mark_done(session, contact_id, on):
            raise Rejected([Problem(None, "contact", str(contact_id), R_("no such contact"))])


def _customer(session: UnitOfWork, code: str) -> int:
    found = store.customer_ids(session, [code]).get(code)
    if found is None:
        raise Rejected([Problem(None, "customer", code, R_("no such customer"))])
    return found


def _rep(session: UnitOfWork, code: str) -> int:
    found = store.rep_id(session, code)
    if found is None:
        raise Rejected([Problem(None, "rep", code, R_("no such rep"))])
    return found


def rep_codes(db: Database) -> list[str]:
    """Every rep's code, for filters."""
    with db.reading() as session:
        return store.rep_codes(session)


def list_contacts(
    db: Database,
    *,
    customer: str | None = None,
    rep: str | None = None,
    start: date | None = None,
    end: date | None = None,
    search: str = "",
    limit: int = 5000,
) -> list[ContactRow]:
    """The contact log, newest first, filtered by customer, rep, dates and a search text.

    Raises:
        Rejected: unknown customer or rep.
    """
    with db.reading() as session:
        return store.contacts(
            session,
            customer_id=None if customer is None else _customer(session, customer),
            rep=None if rep is None else _rep(session, rep),
            start=start,
            end=end,
            search=search,
            limit=limit,
        )


def follow_ups(db: Database, as_of: date, *, rep: str | None = None) -> list[ContactRow]:
    """Follow-ups due on ``as_of`` or overdue (next date on or before it, not done), the oldest first.

    Raises:
        Rejected: unknown rep.
    """
    with db.reading() as session:
        return store.follow_ups(session, as_of, rep=None if rep is None else _rep(session, rep))


# ---------------------------------------------------------------------------- promises
@dataclass(frozen=True, slots=True)
class PromiseView:
    """A promise as of a date, with what was paid towards it and the gap; money in cents.

    Attributes:
        wanted: the customer's open amount, when the promise was made, due by its last date.
        target: the customer's collection target for ``target_period`` (None: it has none that
            holds the promise's last due date).
        target_period: the shortest period of the customer's targets that holds the last due date.
        promised_in_period: what the customer promised, in all its promises made by the as-of date,
            to pay in ``target_period``.
        text: the promise in one line, e.g. ``12,000.00 by 2026-12-05 (open)``.
    """

    id: int
    customer: str
    customer_name: str
    rep: str
    made_on: date
    contact_id: int | None
    note: str
    promised: int
    paid: int
    missing: int
    status: PromiseStatus
    last_due: date
    next_due: date | None
    wanted: int
    instalments: tuple[InstalmentState, ...]
    text: Message
    target: int | None = None
    target_period: str = ""
    promised_in_period: int = 0

    @property
    def gap(self) -> int:
        """The customer's target for the period − all it promised for it; without a target, wanted − promised."""
        if self.target is not None:
            return self.target - self.promised_in_period
        return self.wanted - self.promised


@dataclass(frozen=True, slots=True)
class PromiseGap:
    """A customer's collection target for a period beside what it promised and paid; money in cents.

    ``promised`` is every instalment due in the period of the customer's promises made by the as-of
    date; ``collected`` the payments applied to its deliveries in the period.
    """

    customer: str
    customer_name: str
    rep: str
    period: str
    target: int
    promised: int
    collected: int

    @property
    def gap(self) -> int:
        """Target − promised: positive when the promises fall short of the target."""
        return self.target - self.promised


def _customer_targets(session: UnitOfWork) -> dict[str, list[tuple[Period, int]]]:
    """Each customer's target rows as (period, cents), by customer code."""
    found: dict[str, list[tuple[Period, int]]] = defaultdict(list)
    for row in plan_store.targets(session):
        if row.customer:
            found[row.customer].append((Period.parse(row.period), row.amount))
    return found


def _target_in(rows: Sequence[tuple[Period, int]], period: Period) -> int:
    """The sum of the target rows whose period lies inside ``period``."""
    labels = set(period_labels_inside(period))
    return sum(amount for own, amount in rows if own.label in labels)


def _promised_in(judged: Sequence[tuple[PromiseRow, PromiseState]], customer: str, period: Period) -> int:
    return sum(
        amount
        for row, _state in judged
        if row.customer == customer
        for due, amount in row.instalments
        if period.contains(due)
    )


def _target_period(rows: Sequence[tuple[Period, int]], day: date) -> Period | None:
    """The shortest of the customer's target periods that holds ``day``."""
    holding = [own for own, _ in rows if own.contains(day)]
    return min(holding, key=lambda own: (own.end - own.start, own.label)) if holding else None


def _states(
    session: UnitOfWork, as_of: date, customer_ids: Sequence[int] | None = None
) -> list[tuple[PromiseRow, PromiseState]]:
    rows = store.promises(session, made_by=as_of, customer_ids=customer_ids)
    by_customer: dict[int, list[PromiseRow]] = defaultdict(list)
    for row in rows:
        by_customer[row.customer_id].append(row)
    since = {customer: min(r.made_on for r in own) for customer, own in by_customer.items()}
    payments = store.payments_since(session, since, as_of)
    result: list[tuple[PromiseRow, PromiseState]] = []
    for customer, own in by_customer.items():
        judged = evaluate(
            [Promise(r.id, r.made_on, tuple(Instalment(amount, due) for due, amount in r.instalments)) for r in own],
            payments.get(customer, []),
            as_of,
        )
        result.extend(zip(own, judged, strict=True))
    result.sort(key=lambda pair: (pair[0].made_on, pair[0].id))
    return result


def promises(
    db: Database,
    as_of: date,
    *,
    customer: str | None = None,
    statuses: Sequence[PromiseStatus] | None = None,
) -> list[PromiseView]:
    """Promises made on or before ``as_of``, judged as of it, newest first, with the gap.

    Raises:
        Rejected: unknown customer.
    """
    with db.reading() as session:
        ids = None if customer is None else [_customer(session, customer)]
        every = _states(session, as_of, ids)
        judged = [(r, s) for r, s in every if statuses is None or s.status in statuses]
        targets = _customer_targets(session)
        views = []
        for row, state in reversed(judged):
            open_parts = [s.instalment.due for s in state.instalments if s.completed_on is None]
            own = targets.get(row.customer, [])
            period = _target_period(own, state.promise.last_due)
            views.append(
                PromiseView(
                    id=row.id,
                    customer=row.customer,
                    customer_name=row.customer_name,
                    rep=row.rep,
                    made_on=row.made_on,
                    contact_id=row.contact_id,
                    note=row.note,
                    promised=state.promise.amount,
                    paid=state.paid,
                    missing=state.missing,
                    status=state.status,
                    last_due=state.promise.last_due,
                    next_due=min(open_parts) if open_parts else None,
                    wanted=store.wanted_by(session, row.customer_id, row.made_on, state.promise.last_due),
                    instalments=state.instalments,
                    text=describe(state),
                    target=None if period is None else _target_in(own, period),
                    target_period="" if period is None else period.label,
                    promised_in_period=0 if period is None else _promised_in(every, row.customer, period),
                )
            )
    return views


def promise_gaps(db: Database, period: str | Period, as_of: date, *, short_only: bool = False) -> list[PromiseGap]:
    """Every customer with a collection target in ``period``: the target, what it promised and paid
    for the period, and the gap, by customer code; with ``short_only`` those whose promises fall short.

    Raises:
        InvalidValue: for a period that is not one.
    """
    wanted = period if isinstance(period, Period) else Period.parse(period)
    labels = set(period_labels_inside(wanted))
    with db.reading() as session:
        rows = [row for row in plan_store.targets(session) if row.customer and row.period in labels]
        codes = sorted({row.customer for row in rows})
        ids = list(store.customer_ids(session, codes).values())
        judged = _states(session, as_of, ids) if ids else []
        collected = plan_store.collected_from(session, wanted.start, wanted.end)
        details = plan_store.customer_details(session, codes)
    reps: dict[str, str] = {}
    target: dict[str, int] = defaultdict(int)
    for row in rows:
        target[row.customer] += row.amount
        reps.setdefault(row.customer, row.rep)
    gaps = [
        PromiseGap(
            code, details.get(code, ("", "", ""))[0], reps[code], wanted.label, target[code],
            _promised_in(judged, code, wanted), collected.get(code, 0),
        )
        for code in codes
    ]  # fmt: skip
    return [gap for gap in gaps if gap.gap > 0] if short_only else gaps


@dataclass(frozen=True, slots=True)
class LatestFollowUp:
    """The latest word from a customer, for the call sheet.

    Attributes:
        promise: its latest promise, e.g. ``12,000.00 by 2026-12-05 (open)`` in words; None if none.
        excuse: the excuse given at the latest contact, as its code (``no_money``); "" if none.
        next_step: the next step agreed at the latest contact.
        next_on: its date; None when none or when that follow-up was done by the as-of date.
    """

    promise: Message | None
    excuse: str
    next_step: str
    next_on: date | None


def latest_by_customer(db: Database, as_of: date, customers: Sequence[str] | None = None) -> dict[str, LatestFollowUp]:
    """{customer code: its latest promise and contact as of a date}, for customers that have either."""
    with db.reading() as session:
        ids = None if customers is None else list(store.customer_ids(session, customers).values())
        contacts = {row.customer: row for row in store.latest_contacts(session, as_of, ids)}
        latest_promise: dict[str, Message] = {}
        for row, state in _states(session, as_of, ids):
            latest_promise[row.customer] = describe(state)  # sorted by made_on: the last one wins
    result = {}
    for code in sorted(set(contacts) | set(latest_promise)):
        contact = contacts.get(code)
        result[code] = LatestFollowUp(
            promise=latest_promise.get(code),
            excuse=contact.excuse if contact else "",
            next_step=contact.next_step if contact else "",
            next_on=contact.next_on if contact and (contact.done_on is None or contact.done_on > as_of) else None,
        )
    return result


def promise_warnings(db: Database, as_of: date, customer: str | None = None) -> list[Warning]:
    """Promises broken or partly kept as of a date, as warnings (kind ``BROKEN_PROMISE``).

    A warning dates from the day after the first missed instalment's due date, and goes
    once the money has arrived (the promise is then kept late).
    """
    with db.reading() as session:
        ids = None if customer is None else [_customer(session, customer)]
        judged = _states(session, as_of, ids)
    found = []
    for row, state in judged:
        if state.status not in MISSED or state.first_missed is None:
            continue
        found.append(
            Warning(
                row.customer,
                WarningKind.BROKEN_PROMISE,
                state.first_missed + timedelta(days=1),
                (
                    ("made_on", row.made_on.isoformat()),
                    ("promise", describe(state)),
                    ("missing", state.missing),
                    ("due", state.first_missed.isoformat()),
                ),
                SUGGESTED_CLASS[WarningKind.BROKEN_PROMISE],
            )
        )
    found.sort(key=lambda w: (w.customer, w.on))
    return found


# ---------------------------------------------------------------------------- demo
_RESULTS = {
    Excuse.NONE: "Agreed to pay",
    Excuse.PERSON_AWAY: "Boss travelling, finance cannot sign",
    Excuse.NO_MONEY: "Waiting for their own customers to pay",
    Excuse.NOT_PAYMENT_DAY: "Pays only on the settlement day",
    Excuse.GOODS_NOT_SOLD: "Stock still on the shelves",
    Excuse.QUALITY_COMPLAINT: "Complains about a damaged batch",
    Excuse.REBATE_NOT_PAID: "Wants last quarter's rebate first",
    Excuse.OTHER: "Asked to call again",
}
_STEPS = ("Visit again", "Call finance", "Bring the statement", "Meet the owner", "Collect the cheque")


def seed_demo_followups(db: Database, today: date, seed: int = 1) -> int:
    """Give a demo company a contact log: a few hundred visits and calls over the last four months,
    promises among them (some kept, some kept late, some partly kept, some broken, some open), and
    follow-ups due today and overdue.

    The customers are those owing the most past due. A promise's amount is drawn against the
    demo's real payments after it, so that every status shows up. Deterministic for a seed.
    Returns how many contacts were logged.
    """
    rng = random.Random(seed)
    first_day = today - timedelta(days=121)
    with db.transaction() as session:
        customers = store.owing_customers(session, today, limit=80)
        paid = store.payments_since(session, {customer: first_day for customer, _, _ in customers}, today)
        excuses = list(Excuse)
        channels = [Channel.VISIT, Channel.VISIT, Channel.PHONE, Channel.PHONE, Channel.MESSAGE, Channel.EMAIL]
        count = 0
        for customer_id, overdue, owed in customers:
            visits = rng.randint(2, 8)
            # the latest visit in the last fortnight, the others spread over the four months before it
            latest = rng.randint(0, 14)
            offsets = sorted({latest, *(rng.randint(latest + 1, 120) for _ in range(visits - 1))}, reverse=True)
            rep = store.customer_rep(session, customer_id)
            for offset in offsets:
                day = today - timedelta(days=offset)
                next_on = day + timedelta(days=rng.randint(3, 21))
                if offset == latest and rng.random() < 0.3:
                    next_on = today
                excuse = rng.choice(excuses)
                contact_id = store.add_contact(
                    session,
                    customer_id=customer_id,
                    on=day,
                    rep=rep,
                    channel=rng.choice(channels).value,
                    excuse=excuse.value,
                    result=_RESULTS[excuse],
                    next_step=rng.choice(_STEPS),
                    next_on=next_on,
                )
                count += 1
                if excuse not in (Excuse.NONE, Excuse.NOT_PAYMENT_DAY, Excuse.NO_MONEY) or rng.random() < 0.2:
                    continue
                due = day + timedelta(days=rng.randint(3, 20))
                by_due = sum(amount for on, amount in paid.get(customer_id, []) if day <= on <= due)
                if by_due > 0 and rng.random() < 0.6:
                    # kept when the amount is what came in; far more than that: partly kept
                    amount = by_due if rng.random() < 0.6 else by_due + (overdue or owed)
                else:
                    amount = (overdue or owed) * rng.choice((25, 50, 100)) // 100
                amount = max(10_000, amount // 100 * 100)
                if rng.random() < 0.25 and amount >= 20_000:
                    half = amount // 2 // 100 * 100
                    parts = [(due, half), (due + timedelta(days=rng.randint(10, 20)), amount - half)]
                else:
                    parts = [(due, amount)]
                store.add_promise(
                    session, customer_id=customer_id, made_on=day, contact_id=contact_id, note="", instalments=parts
                )
        return count
