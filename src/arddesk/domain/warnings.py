"""Early warning of bad debt (坏账预警): pure rules over a customer's aggregated history.

Each rule takes small aggregates (purchases per month, days-to-pay per month, balance and
limit, the clerk's flags) and returns a :class:`Warning` or None. The store computes the
aggregates in SQL; nothing here touches the database.

A warning may suggest a worse class for the customer; it never changes the class itself —
the clerk decides (see :mod:`arddesk.domain.classes`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from arddesk.domain.aging import DebtClass
from arddesk.domain.dates import add_months

Month = tuple[int, int]
"""A calendar month as (year, month)."""

DEFAULT_SPIKE_FACTOR = "2.5"
DEFAULT_PUNCTUAL_DAYS = 7
DEFAULT_TREND_RISE_DAYS = 10


class WarningKind(StrEnum):
    """What kind of warning sign: the first three are computed, then the clerk's flags; a broken
    payment promise comes from the contact log (``services.followup``)."""

    PURCHASE_SPIKE = "purchase_spike"
    PAYING_LATER = "paying_later"
    OVER_LIMIT = "over_limit"
    CONTACT_CHANGED = "contact_changed"
    DEPARTMENT_DISSOLVED = "department_dissolved"
    RELOCATION = "relocation"
    NEW_BUSINESS = "new_business"
    DUMPING = "dumping"
    CLOSURE = "closure"
    BROKEN_PROMISE = "broken_promise"


FLAG_KINDS: tuple[WarningKind, ...] = (
    WarningKind.CONTACT_CHANGED,
    WarningKind.DEPARTMENT_DISSOLVED,
    WarningKind.RELOCATION,
    WarningKind.NEW_BUSINESS,
    WarningKind.DUMPING,
    WarningKind.CLOSURE,
)
"""The signs only a person can see; the clerk sets them with a date and a note."""

SUGGESTED_CLASS: dict[WarningKind, DebtClass | None] = {
    WarningKind.PURCHASE_SPIKE: None,  # a reason to check credit, not yet to reclassify
    WarningKind.PAYING_LATER: DebtClass.DOUBTFUL,
    WarningKind.OVER_LIMIT: None,
    WarningKind.CONTACT_CHANGED: None,  # first get the balance confirmed by the company itself
    WarningKind.DEPARTMENT_DISSOLVED: DebtClass.DOUBTFUL,
    WarningKind.RELOCATION: DebtClass.DOUBTFUL,
    WarningKind.NEW_BUSINESS: DebtClass.DOUBTFUL,
    WarningKind.DUMPING: DebtClass.DOUBTFUL,
    WarningKind.CLOSURE: DebtClass.BAD,
    WarningKind.BROKEN_PROMISE: DebtClass.DOUBTFUL,  # see domain.promises: broken or partly kept
}
"""The worse class each sign suggests for the customer's debt (None: no reclassification)."""


@dataclass(frozen=True, slots=True)
class Warning:
    """One warning sign for one customer.

    Attributes:
        customer: the customer's code.
        kind: what sign.
        on: the day it applies from (month start for computed signs, the clerk's date for flags).
        figures: the figures behind it, by name (money in cents, months as ``2026-03``; a clerk's
            flag: its ``note``); ``arddesk.text.messages`` puts them in words.
        suggested: a worse class the sign suggests, or None.
        flag_id: the clerk's flag this came from (None for computed signs).
    """

    customer: str
    kind: WarningKind
    on: date
    figures: tuple[tuple[str, object], ...]
    suggested: DebtClass | None = None
    flag_id: int | None = None

    def figure(self, name: str) -> object:
        """One figure behind the warning (KeyError when it has none by that name)."""
        return dict(self.figures)[name]


def _half_up(value: Fraction) -> int:
    """An average (of cents, of days) to the whole unit, half-up: domain.money's one rounding rule."""
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def previous_month(month: Month, back: int = 1) -> Month:
    """The month ``back`` months before ``month``."""
    return add_months(month[0], month[1], -back)


def purchase_spike(
    customer: str,
    month: Month,
    purchases: Mapping[Month, int],
    factor: Fraction,
    *,
    years: int = 3,
    first: Month | None = None,
) -> Warning | None:
    """Purchases in ``month`` far above the customer's usual for that season.

    The rule, exactly:

    * The customer's *first month* is the earliest month with a purchase in ``purchases``.
    * The *same-season months* are the same calendar month in each of the ``years`` previous
      years that is on or after the first month (the customer was buying by then).
      No such month: too little history, no warning.
    * *Usual* = the mean of purchases over the same-season months, a month without
      purchases counting as zero.
    * If usual > 0, the sign fires when this month's purchases > ``factor`` × usual.
    * If usual = 0 (the customer never bought in this season: an off-season purchase), it
      fires when this month's purchases > ``factor`` × the mean of the 12 months before
      ``month`` (zeros included), provided that mean is above zero.

    Args:
        customer: the customer's code.
        month: the month to judge (its purchases so far).
        purchases: cents of deliveries per month; missing months are zero.
        factor: the company setting ``spike_factor`` (e.g. 2.5).
        years: how many previous years make the season's usual.
        first: the customer's first month when ``purchases`` holds only some months.
    """
    active = [m for m, amount in purchases.items() if amount > 0]
    if not active:
        return None
    first = min(active) if first is None else first
    current = purchases.get(month, 0)
    season = [(month[0] - k, month[1]) for k in range(1, years + 1) if (month[0] - k, month[1]) >= first]
    if not season or current <= 0:
        return None
    usual = Fraction(sum(purchases.get(m, 0) for m in season), len(season))
    if usual > 0:
        if current <= factor * usual:
            return None
        basis: tuple[tuple[str, object], ...] = (("usual", _half_up(usual)), ("years", len(season)))
    else:
        trailing = Fraction(sum(purchases.get(previous_month(month, k), 0) for k in range(1, 13)), 12)
        if trailing <= 0 or current <= factor * trailing:
            return None
        basis = (("trailing", _half_up(trailing)),)
    return Warning(
        customer,
        WarningKind.PURCHASE_SPIKE,
        date(month[0], month[1], 1),
        (("month", f"{month[0]}-{month[1]:02d}"), ("purchases", current), ("factor", f"{float(factor):g}"), *basis),
        SUGGESTED_CLASS[WarningKind.PURCHASE_SPIKE],
    )


@dataclass(frozen=True, slots=True)
class PayMonth:
    """Deliveries settled in one month: how many and their summed days late (early = 0)."""

    month: Month
    settled: int
    days_late: int

    @property
    def average(self) -> Fraction:
        """Mean days late of the deliveries settled this month."""
        return Fraction(self.days_late, self.settled)


def _average(months: Sequence[PayMonth]) -> Fraction:
    return Fraction(sum(m.days_late for m in months), sum(m.settled for m in months))


def paying_later(
    customer: str,
    as_of: date,
    history: Sequence[PayMonth],
    *,
    punctual_days: int = DEFAULT_PUNCTUAL_DAYS,
    rise_days: int = DEFAULT_TREND_RISE_DAYS,
) -> Warning | None:
    """A previously punctual customer paying later and later (days-to-pay trend).

    Days late of a delivery = the day it was fully paid − its due date, 0 when paid early;
    a month's average is over the deliveries fully paid in that month. The rule, exactly:

    * *Recent* = the three latest months with settlements among the six months ending with
      the month of ``as_of``. Fewer than three: no warning.
    * *Baseline* = the months with settlements in the twelve months before the first recent
      month. The customer *was punctual* when the baseline has at least two months and its
      average days late (all its deliveries together) is ≤ ``punctual_days``.
    * *Later and later*: the three recent monthly averages strictly increase, and the last is
      at least ``rise_days`` above the baseline average.

    The sign fires when the customer was punctual and is paying later and later.
    """
    end = (as_of.year, as_of.month)
    recent_window = {previous_month(end, k) for k in range(6)}
    by_month = sorted((m for m in history if m.settled > 0), key=lambda m: m.month)
    recent = [m for m in by_month if m.month in recent_window][-3:]
    if len(recent) < 3:
        return None
    start = recent[0].month
    baseline_window = {previous_month(start, k) for k in range(1, 13)}
    baseline = [m for m in by_month if m.month in baseline_window]
    if len(baseline) < 2:
        return None
    before = _average(baseline)
    if before > punctual_days:
        return None
    averages = [m.average for m in recent]
    if not all(b > a for a, b in itertools.pairwise(averages)):
        return None
    if averages[-1] < before + rise_days:
        return None
    shown = tuple((f"{m.month[0]}-{m.month[1]:02d}", _half_up(m.average)) for m in recent)
    return Warning(
        customer,
        WarningKind.PAYING_LATER,
        date(recent[-1].month[0], recent[-1].month[1], 1),
        (("before", _half_up(before)), ("months", shown)),
        SUGGESTED_CLASS[WarningKind.PAYING_LATER],
    )


def over_limit(customer: str, as_of: date, balance: int, credit_limit: int | None) -> Warning | None:
    """The balance (cents) is above the credit limit; no limit means no warning."""
    if credit_limit is None or balance <= credit_limit:
        return None
    return Warning(
        customer,
        WarningKind.OVER_LIMIT,
        as_of,
        (("balance", balance), ("limit", credit_limit), ("over", balance - credit_limit)),
        SUGGESTED_CLASS[WarningKind.OVER_LIMIT],
    )


@dataclass(frozen=True, slots=True)
class Flag:
    """A sign the clerk saw and recorded: kind, since when, a note; open until resolved."""

    id: int
    customer: str
    kind: WarningKind
    on: date
    note: str
    resolved_on: date | None = None


def flag_warning(flag: Flag, as_of: date) -> Warning | None:
    """The warning of a clerk's flag: from its date until the day it was resolved."""
    if flag.on > as_of or (flag.resolved_on is not None and flag.resolved_on <= as_of):
        return None
    return Warning(flag.customer, flag.kind, flag.on, (("note", flag.note),), SUGGESTED_CLASS[flag.kind], flag.id)


def parse_factor(text: str) -> Fraction:
    """The spike factor setting (a decimal number above 1, e.g. ``2.5``).

    Raises:
        ValueError: when it is not a number above 1.
    """
    value = Fraction(text.strip())
    if value <= 1:
        raise ValueError("the spike factor must be above 1, e.g. 2.5")
    return value
