"""Payment promises (回款承诺) and the contact log's vocabulary: pure rules, no database.

A *promise* is a customer's word, given on a day, to pay one or more *instalments*
(an amount by a due date). Whether it was kept follows from the payments that arrive,
by this rule, exactly:

* Only payments dated on or after the day a promise was made, and on or before the
  as-of date, count towards it (money paid before the promise cannot keep it).
* Payments are taken in date order. Each payment covers the customer's uncovered
  instalments in **due-date order** (ties: the older promise first), among the
  promises made on or before the payment's day; what is left of a payment once every
  such instalment is covered counts for none (it paid other debt).
* An instalment is then, as of a date:

  - ``kept``: fully covered on or before its due date;
  - ``kept late``: fully covered, but only after its due date;
  - ``open``: not fully covered and its due date is not past (the due day itself is
    still open: the customer has the whole day);
  - ``partly kept``: its due date is past, not fully covered, and part of it was
    covered by its due date;
  - ``broken``: its due date is past and nothing of it was covered by then.

* The promise's status follows from its instalments: ``broken`` when any instalment is
  broken and none of the instalments due so far was kept in full or in part on time;
  otherwise ``partly kept`` when any instalment is broken or partly kept; otherwise
  ``open`` when any is open; otherwise ``kept late`` when any was kept late; otherwise
  ``kept``.

A promise that is broken or partly kept is *missed* and raises a warning; the warning
goes once the money arrives (the promise is then kept late).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from arddesk.domain.problems import R_, Amount, Code, Message


class Channel(StrEnum):
    """How the customer was reached."""

    VISIT = "visit"
    PHONE = "phone"
    MESSAGE = "message"
    EMAIL = "email"
    OTHER = "other"


class Excuse(StrEnum):
    """Why the customer did not pay (the seeds' usual excuses); ``none`` when none was given."""

    NONE = ""
    PERSON_AWAY = "person_away"
    NO_MONEY = "no_money"
    NOT_PAYMENT_DAY = "not_payment_day"
    GOODS_NOT_SOLD = "goods_not_sold"
    QUALITY_COMPLAINT = "quality_complaint"
    REBATE_NOT_PAID = "rebate_not_paid"
    OTHER = "other"


class PromiseStatus(StrEnum):
    """Where a promise or an instalment stands as of a date (see the module's rule)."""

    OPEN = "open"
    KEPT = "kept"
    KEPT_LATE = "kept late"
    PARTLY_KEPT = "partly kept"
    BROKEN = "broken"


STATUS_NAMES_ZH: dict[PromiseStatus, str] = {
    PromiseStatus.OPEN: "未到期",
    PromiseStatus.KEPT: "已兑现",
    PromiseStatus.KEPT_LATE: "逾期兑现",
    PromiseStatus.PARTLY_KEPT: "部分兑现",
    PromiseStatus.BROKEN: "未兑现",
}

MISSED: frozenset[PromiseStatus] = frozenset({PromiseStatus.BROKEN, PromiseStatus.PARTLY_KEPT})
"""Statuses of a promise the customer did not keep (they raise a warning)."""


@dataclass(frozen=True, slots=True)
class Instalment:
    """An amount (cents, above zero) promised by a due date."""

    amount: int
    due: date


@dataclass(frozen=True, slots=True)
class Promise:
    """A customer's promise to pay.

    Attributes:
        id: the promise's id (any number unique among the customer's promises).
        made_on: the day it was given.
        instalments: one or more, in any order.
    """

    id: int
    made_on: date
    instalments: tuple[Instalment, ...]

    @property
    def amount(self) -> int:
        """Cents promised in all."""
        return sum(i.amount for i in self.instalments)

    @property
    def last_due(self) -> date:
        """The latest due date of its instalments."""
        return max(i.due for i in self.instalments)


@dataclass(frozen=True, slots=True)
class InstalmentState:
    """An instalment as of a date: how much was covered by its due date and in all, and when it was completed."""

    instalment: Instalment
    on_time: int
    covered: int
    completed_on: date | None
    status: PromiseStatus


@dataclass(frozen=True, slots=True)
class PromiseState:
    """A promise as of a date: its status, what was paid towards it, and its instalments' states."""

    promise: Promise
    status: PromiseStatus
    paid: int
    instalments: tuple[InstalmentState, ...]

    @property
    def missing(self) -> int:
        """Cents of the instalments already due that were not paid in full (0 when none)."""
        return sum(s.instalment.amount - s.covered for s in self.instalments if s.status in MISSED)

    @property
    def first_missed(self) -> date | None:
        """The due date of the first instalment broken or partly kept."""
        missed = [s.instalment.due for s in self.instalments if s.status in MISSED]
        return min(missed) if missed else None


def _instalment_status(instalment: Instalment, on_time: int, completed_on: date | None, as_of: date) -> PromiseStatus:
    if completed_on is not None:
        return PromiseStatus.KEPT if completed_on <= instalment.due else PromiseStatus.KEPT_LATE
    if as_of <= instalment.due:
        return PromiseStatus.OPEN
    return PromiseStatus.PARTLY_KEPT if on_time > 0 else PromiseStatus.BROKEN


def _promise_status(states: Sequence[InstalmentState]) -> PromiseStatus:
    statuses = [s.status for s in states]
    if PromiseStatus.BROKEN in statuses:
        due_so_far = [s for s in states if s.status is not PromiseStatus.OPEN]
        if all(s.on_time == 0 for s in due_so_far):
            return PromiseStatus.BROKEN
        return PromiseStatus.PARTLY_KEPT
    if PromiseStatus.PARTLY_KEPT in statuses:
        return PromiseStatus.PARTLY_KEPT
    if PromiseStatus.OPEN in statuses:
        return PromiseStatus.OPEN
    if PromiseStatus.KEPT_LATE in statuses:
        return PromiseStatus.KEPT_LATE
    return PromiseStatus.KEPT


def evaluate(promises: Sequence[Promise], payments: Iterable[tuple[date, int]], as_of: date) -> list[PromiseState]:
    """The state of each of one customer's promises as of a date, from its payments.

    Args:
        promises: every promise of the customer (those made after ``as_of`` are judged
            as of ``as_of`` too: all open, nothing paid).
        payments: the customer's payments as (date, cents); any order, any dates.
        as_of: the day to judge on; later payments do not count.

    Returns:
        One state per promise, in the order given.
    """
    slots = sorted(
        (
            (promise.made_on, instalment.due, p, k)
            for p, promise in enumerate(promises)
            for k, instalment in enumerate(promise.instalments)
        ),
        key=lambda slot: (slot[1], slot[0], slot[2], slot[3]),
    )
    covered: dict[tuple[int, int], int] = {}
    on_time: dict[tuple[int, int], int] = {}
    completed: dict[tuple[int, int], date] = {}
    for paid_on, amount in sorted(payments):
        if paid_on > as_of:
            break
        left = amount
        for made_on, due, p, k in slots:
            if left <= 0:
                break
            if made_on > paid_on or (p, k) in completed:
                continue
            need = promises[p].instalments[k].amount - covered.get((p, k), 0)
            take = min(need, left)
            left -= take
            covered[(p, k)] = covered.get((p, k), 0) + take
            if paid_on <= due:
                on_time[(p, k)] = on_time.get((p, k), 0) + take
            if take == need:
                completed[(p, k)] = paid_on
    result = []
    for p, promise in enumerate(promises):
        states = tuple(
            InstalmentState(
                instalment,
                on_time.get((p, k), 0),
                covered.get((p, k), 0),
                completed.get((p, k)),
                _instalment_status(instalment, on_time.get((p, k), 0), completed.get((p, k)), as_of),
            )
            for k, instalment in enumerate(promise.instalments)
        )
        result.append(PromiseState(promise, _promise_status(states), sum(s.covered for s in states), states))
    return result


def describe(state: PromiseState) -> Message:
    """A promise in one line, put in words where it is shown (``arddesk.text.messages.message_text``).

    ``12,000.00 by 2026-12-05 (open)``, or for instalments
    ``12,000.00 in 2 instalments, 2026-12-05 to 2026-12-20 (partly kept)``.
    """
    promise = state.promise
    status = Code(state.status.value)
    if len(promise.instalments) == 1:
        return Message(R_("{amount} by {due} ({status})"),
                       {"amount": Amount(promise.amount), "due": promise.last_due, "status": status})  # fmt: skip
    first = min(i.due for i in promise.instalments)
    return Message(
        R_("{amount} in {count} instalments, {first} to {last} ({status})"),
        {"amount": Amount(promise.amount), "count": len(promise.instalments), "first": first,
         "last": promise.last_due, "status": status},
    )  # fmt: skip
