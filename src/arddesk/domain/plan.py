"""The collection plan's rules: who to chase first (the priority score), which days a customer
will not pay, and the schedule maker that puts each customer on a day.

The seeds' method: rank debts by how long overdue, how much, which class, how complex the
customer's payment procedure is and how far away the customer is; be there on the customer's
settlement day or due date, before other suppliers; never go on a day the customer will not pay.
Money comes first: procedure, distance and payment habit order customers that owe alike, and with
the default weights never put one with nothing overdue before one with money overdue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from arddesk.domain.aging import DebtClass
from arddesk.domain.dates import clamp_day
from arddesk.domain.problems import R_, Amount, Code, InvalidValue, Message, Problem

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS = frozenset(range(5))
PROCEDURES = ("simple", "normal", "complex")
TARGET_KINDS = ("normal", "abnormal", "out_of_stock")
# Days are counted at most this far: past a year the class points say the rest.
MAX_SCORED_DAYS = 365
_THOUSAND = Decimal(100_000)  # cents in a thousand currency units


class Channel(StrEnum):
    """How the rep reaches the customer."""

    VISIT = "visit"
    CALL = "call"


class DateReason(StrEnum):
    """Why an entry is on its day."""

    SETTLEMENT = "settlement"
    DUE = "due"
    FIRST_DAY = "first_day"
    MOVED = "moved"


# ---------------------------------------------------------------------------- weights and score
@dataclass(frozen=True, slots=True)
class WeightField:
    """One priority weight as the owner sets it: its name, what it means, and the bounds it must keep."""

    name: str
    label: str
    low: Decimal
    high: Decimal
    decimals: int = 1


def _field(name: str, label: str, high: int, decimals: int = 1, low: int = 0) -> WeightField:
    return WeightField(name, label, Decimal(low), Decimal(high), decimals)


WEIGHT_FIELDS: tuple[WeightField, ...] = (
    _field("overdue", R_("Points for having money overdue"), 10_000, 0),
    _field("per_day", R_("Points per day overdue (a year at most)"), 100, 2),
    _field("per_thousand", R_("Points per thousand overdue"), 1_000, 2),
    _field("class_not_due", R_("Points for the class: not yet due"), 1_000),
    _field("class_dunning", R_("Points for the class: in dunning"), 1_000),
    _field("class_doubtful", R_("Points for the class: doubtful"), 1_000),
    _field("class_bad", R_("Points for the class: bad"), 1_000),
    _field("class_dead", R_("Points for the class: dead"), 1_000),
    _field("procedure_simple", R_("Points for a simple payment procedure"), 1_000),
    _field("procedure_normal", R_("Points for a normal payment procedure"), 1_000),
    _field("procedure_complex", R_("Points for a complex payment procedure"), 1_000),
    _field("distance", R_("Points at most for distance"), 1_000),
    _field("distance_full_km", R_("Distance that earns all of them (km)"), 20_000, 0, low=1),
    _field("habit", R_("Points at most for paying late by habit"), 1_000),
    _field("habit_full_days", R_("Average days late that earn all of them"), 365, 0, low=1),
)
"""Every weight of the priority score, in the order the form shows them."""


@dataclass(frozen=True, slots=True)
class PriorityWeights:
    """How much each thing counts toward a customer's priority score (see :func:`score`).

    Money comes first: ``overdue`` points go to every customer with money overdue, and with the
    default weights they are more than a customer with nothing overdue can earn from its class,
    payment procedure, distance and payment habit together (:attr:`money_first`). Distance and habit
    are normalised: a customer ``distance_full_km`` away or more earns all ``distance`` points, one
    paying ``habit_full_days`` late on average or more all ``habit`` points, and nearer or more
    punctual customers a share.
    """

    overdue: Decimal = Decimal(100)
    per_day: Decimal = Decimal("0.2")
    per_thousand: Decimal = Decimal("0.5")
    class_not_due: Decimal = Decimal(0)
    class_dunning: Decimal = Decimal(10)
    class_doubtful: Decimal = Decimal(20)
    class_bad: Decimal = Decimal(15)
    class_dead: Decimal = Decimal(5)
    procedure_simple: Decimal = Decimal(0)
    procedure_normal: Decimal = Decimal(5)
    procedure_complex: Decimal = Decimal(10)
    distance: Decimal = Decimal(10)
    distance_full_km: Decimal = Decimal(500)
    habit: Decimal = Decimal(10)
    habit_full_days: Decimal = Decimal(60)

    @classmethod
    def read(cls, texts: Mapping[str, str]) -> tuple[PriorityWeights, list[Problem]]:
        """Weights from texts by field name (a missing name keeps its default), and what is wrong with them.

        Each problem names the field (``column``), the text, and the bounds.
        """
        values: dict[str, Decimal] = {}
        problems: list[Problem] = []
        for spec in WEIGHT_FIELDS:
            if spec.name not in texts:
                continue
            text = texts[spec.name]
            try:
                value = Decimal(text.strip())
            except InvalidOperation:
                value = Decimal("NaN")
            if not value.is_finite() or not spec.low <= value <= spec.high:
                problems.append(Problem(None, spec.name, text, R_("{label}: a number from {low} to {high}"),
                                        {"label": Message(spec.label), "low": spec.low, "high": spec.high}))
                continue
            values[spec.name] = value
        return cls(**values), problems

    def texts(self) -> dict[str, str]:
        """Each weight as text, by field name."""
        return {spec.name: str(getattr(self, spec.name)) for spec in WEIGHT_FIELDS}

    def class_points(self, debt_class: DebtClass) -> Decimal:
        """The points of a class."""
        return Decimal(getattr(self, f"class_{debt_class.value}"))

    def procedure_points(self, procedure: str) -> Decimal:
        """The points of a payment procedure (``simple``, ``normal`` or ``complex``)."""
        return Decimal(getattr(self, f"procedure_{procedure if procedure in PROCEDURES else 'normal'}"))

    @property
    def money_first(self) -> bool:
        """Whether every customer with money overdue ranks above every customer with none.

        True when the points for having money overdue are more than the most a customer with
        nothing overdue can earn: its class, its payment procedure, distance and habit.
        """
        classes = max(self.class_points(c) for c in DebtClass)
        procedures = max(self.procedure_points(p) for p in PROCEDURES)
        return self.overdue > classes + procedures + self.distance + self.habit


@dataclass(frozen=True, slots=True)
class Debtor:
    """What the score needs to know about a customer.

    Attributes:
        code: the customer's code.
        days_overdue: days past due of its oldest overdue delivery (0: nothing overdue).
        overdue: cents overdue.
        debt_class: its worst class (overrides applied).
        procedure: ``simple``, ``normal`` or ``complex``.
        distance_km: how far away, None when not known.
        late_days: on average, how many days late it paid the deliveries it settled in the last
            year (0 for none late); None when it settled none.
    """

    code: str
    days_overdue: int
    overdue: int
    debt_class: DebtClass
    procedure: str = "normal"
    distance_km: int | None = None
    late_days: int | None = None


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One part of a score, in money, days or km, and the points it gives: ``45 days overdue (× 0.2 a day) = 9.00``."""

    name: str
    quantity: Message
    rule: Message | None
    points: Decimal

    def __str__(self) -> str:
        """The part in English, for logs (``arddesk.text.messages.score_text`` puts it in the reader's words)."""
        rule = f" ({self.rule})" if self.rule else ""
        return f"{self.quantity}{rule} = {self.points}"


@dataclass(frozen=True, slots=True)
class Score:
    """A customer's priority score with the parts it was made of."""

    code: str
    parts: tuple[ScorePart, ...]

    @property
    def total(self) -> Decimal:
        """The score: the sum of its parts, to two places."""
        return sum((p.points for p in self.parts), Decimal(0)).quantize(_CENT)

    def part(self, name: str) -> ScorePart | None:
        """The part with this name, if the score has it."""
        return next((p for p in self.parts if p.name == name), None)

    def __str__(self) -> str:
        """How the score was made, in English for logs: ``12000.00 overdue = 100.00; …; total 109.00``."""
        return "; ".join(str(p) for p in self.parts) + f"; total {self.total}"


_CENT = Decimal("0.01")


def _scaled(name: str, quantity: int | None, shown: str, unknown: Message, points: Decimal, full: Decimal,
            rule: str) -> ScorePart:  # fmt: skip
    """A normalised part: ``points`` × quantity ÷ ``full``, all of them from ``full`` on; 0 when not known."""
    if quantity is None:
        return ScorePart(name, unknown, None, Decimal("0.00"))
    share = (points * min(Decimal(quantity) / full, Decimal(1))).quantize(_CENT)
    return ScorePart(name, Message(shown, {"count": quantity}), Message(rule, {"points": points, "full": full}),
                     share)  # fmt: skip


def score(debtor: Debtor, weights: PriorityWeights) -> Score:
    """The priority score of a customer: the higher, the sooner it is chased.

    For money overdue: the points for having it + days overdue (a year at most) × per day +
    thousands overdue × per thousand. Then the points of its class and payment procedure, and
    shares of the distance and habit points. See :class:`PriorityWeights` for why money comes first.
    """
    overdue = max(debtor.overdue, 0)
    parts: list[ScorePart] = []
    if overdue > 0:
        days = min(max(debtor.days_overdue, 0), MAX_SCORED_DAYS)
        thousands = Decimal(overdue) / _THOUSAND
        if days != debtor.days_overdue:
            counted = Message(R_("{days} days overdue, counted as {counted}"),
                              {"days": debtor.days_overdue, "counted": days})  # fmt: skip
        else:
            counted = Message(R_("{days} days overdue"), {"days": days})
        parts += [
            ScorePart("overdue", Message(R_("{amount} overdue"), {"amount": Amount(overdue)}), None,
                      weights.overdue.quantize(_CENT)),
            ScorePart("days", counted, Message(R_("× {weight} a day"), {"weight": weights.per_day}),
                      (days * weights.per_day).quantize(_CENT)),
            ScorePart("money", Message(R_("{amount} is {thousands} thousand"),
                                       {"amount": Amount(overdue), "thousands": thousands.quantize(_CENT)}),
                      Message(R_("× {weight} a thousand"), {"weight": weights.per_thousand}),
                      (thousands * weights.per_thousand).quantize(_CENT)),
        ]  # fmt: skip
    else:
        parts.append(ScorePart("overdue", Message(R_("nothing overdue")), None, Decimal("0.00")))
    procedure = debtor.procedure if debtor.procedure in PROCEDURES else "normal"
    debt_class = Message(R_("class {debt_class}"), {"debt_class": debtor.debt_class})
    parts.append(ScorePart("class", debt_class, None, weights.class_points(debtor.debt_class).quantize(_CENT)))
    paying = Message(R_("{procedure} payment procedure"), {"procedure": Code(procedure)})
    parts.append(ScorePart("procedure", paying, None, weights.procedure_points(procedure).quantize(_CENT)))
    parts.append(
        _scaled("distance", debtor.distance_km, R_("{count} km away"), Message(R_("distance not known")),
                weights.distance, weights.distance_full_km, R_("{points} points from {full} km"))
    )  # fmt: skip
    parts.append(
        _scaled("habit", debtor.late_days, R_("paid {count} days late on average in the last year"),
                Message(R_("nothing settled in the last year")), weights.habit, weights.habit_full_days,
                R_("{points} points from {full} days"))
    )  # fmt: skip
    return Score(debtor.code, tuple(parts))


# ---------------------------------------------------------------------------- days
_DAY_TOKEN = re.compile(r"^(\d{1,2})$")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CHINESE = "一二三四五六日"
_WEEKDAY_NAMES = {
    **{name: n for n, name in enumerate(WEEKDAYS)},
    **{name: n for n, name in enumerate(_FULL_NAMES)},
    **{f"周{c}": n for n, c in enumerate(_CHINESE)},
    **{f"星期{c}": n for n, c in enumerate(_CHINESE)},
}


@dataclass(frozen=True, slots=True)
class AvoidDays:
    """Days a customer will not pay: weekdays (0 = Monday) and days of the month."""

    weekdays: frozenset[int] = frozenset()
    month_days: frozenset[int] = frozenset()

    @classmethod
    def parse(cls, text: str) -> AvoidDays:
        """Read ``mon,1,2`` (Mondays and the 1st and 2nd of every month); empty means none.

        Raises:
            InvalidValue: for a word that is not a weekday or a number that is not a day of a month.
        """
        weekdays: set[int] = set()
        month_days: set[int] = set()
        for token in text.lower().replace(" ", "").replace(";", ",").split(","):
            if not token:
                continue
            if token in _WEEKDAY_NAMES:
                weekdays.add(_WEEKDAY_NAMES[token])
            elif _DAY_TOKEN.match(token) and 1 <= int(token) <= 31:
                month_days.add(int(token))
            else:
                raise InvalidValue(
                    R_("{token} is not a weekday (mon…sun) or a day of the month (1–31)"), token=repr(token)
                )
        return cls(frozenset(weekdays), frozenset(month_days))

    def avoids(self, day: date) -> bool:
        """Whether the customer will not pay on ``day``."""
        return day.weekday() in self.weekdays or day.day in self.month_days

    def __str__(self) -> str:
        return ",".join([WEEKDAYS[d] for d in sorted(self.weekdays)] + [str(d) for d in sorted(self.month_days)])


def avoid_days_problems(text: str) -> list[Problem]:
    """What is wrong with an avoided-days text (empty when valid)."""
    try:
        AvoidDays.parse(text)
    except InvalidValue as exc:
        return [exc.problem(None, "avoid_days", text)]
    return []


def parse_settlement_days(text: str) -> tuple[int, ...]:
    """Days of the month a customer settles, from ``5,20``; anything not a day 1–31 is ignored."""
    days = {int(p) for p in re.split(r"[,;\s]+", text.strip()) if p.isdigit() and 1 <= int(p) <= 31}
    return tuple(sorted(days))


def settlement_dates(days: Iterable[int], start: date, end: date) -> list[date]:
    """The customer's settlement dates from ``start`` to ``end``; day 31 means a short month's last day."""
    found: set[date] = set()
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        for day in days:
            when = clamp_day(year, month, day)
            if start <= when <= end:
                found.add(when)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(found)


# ---------------------------------------------------------------------------- schedule
@dataclass(frozen=True, slots=True)
class PlanCustomer:
    """A customer to put in the schedule.

    Attributes:
        code: the customer.
        rep: the rep who chases it.
        score: its priority score.
        amount: cents to collect.
        settlement_days: days of the month it settles.
        due_dates: due dates of what it owes (those in the window are aimed at).
        avoid: the days it will not pay.
        channel: visit or call.
    """

    code: str
    rep: str
    score: Decimal
    amount: int
    settlement_days: tuple[int, ...] = ()
    due_dates: tuple[date, ...] = ()
    avoid: AvoidDays = AvoidDays()
    channel: Channel = Channel.VISIT


@dataclass(frozen=True, slots=True)
class PlannedVisit:
    """A dated entry the schedule maker chose."""

    code: str
    rep: str
    day: date
    reason: DateReason
    score: Decimal
    amount: int
    channel: Channel


@dataclass(frozen=True, slots=True)
class Schedule:
    """The schedule maker's answer: the entries, and who found no free day."""

    entries: tuple[PlannedVisit, ...]
    unplaced: tuple[str, ...]


def days_between(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end``, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def make_schedule(
    customers: Sequence[PlanCustomer],
    start: date,
    end: date,
    *,
    capacity: int,
    workdays: frozenset[int] = WORKDAYS,
    taken: Mapping[tuple[str, date], int] | None = None,
) -> Schedule:
    """Put each customer on one day from ``start`` to ``end``, highest score first.

    A customer goes on its first settlement day or due date in the window that is a working
    day it does not avoid and where its rep still has room; failing that, on the first such
    day after its earliest target, else the first such day of the window. It never goes on a
    day it avoids or a day off. ``taken`` counts places already used per (rep, day), e.g. by
    entries the clerk moved. A customer left with no free day is listed in ``unplaced``.
    """
    used: dict[tuple[str, date], int] = dict(taken or {})
    window = days_between(start, end)
    entries: list[PlannedVisit] = []
    unplaced: list[str] = []

    def free(customer: PlanCustomer, day: date) -> bool:
        return (
            day.weekday() in workdays and not customer.avoid.avoids(day) and used.get((customer.rep, day), 0) < capacity
        )

    for customer in sorted(customers, key=lambda c: (-c.score, -c.amount, c.code)):
        targets = [(d, DateReason.SETTLEMENT) for d in settlement_dates(customer.settlement_days, start, end)]
        targets += [(d, DateReason.DUE) for d in customer.due_dates if start <= d <= end]
        targets.sort()
        chosen = next(((d, why) for d, why in targets if free(customer, d)), None)
        if chosen is None:
            first_target = targets[0][0] if targets else start
            later = [d for d in window if d >= first_target] + [d for d in window if d < first_target]
            day = next((d for d in later if free(customer, d)), None)
            chosen = (day, DateReason.FIRST_DAY) if day is not None else None
        if chosen is None:
            unplaced.append(customer.code)
            continue
        day, why = chosen
        used[(customer.rep, day)] = used.get((customer.rep, day), 0) + 1
        entries.append(
            PlannedVisit(customer.code, customer.rep, day, why, customer.score, customer.amount, customer.channel)
        )
    return Schedule(tuple(entries), tuple(unplaced))


def channel_for(distance_km: int | None, call_beyond_km: int) -> Channel:
    """A customer farther than ``call_beyond_km`` is called, a nearer one visited."""
    return Channel.CALL if distance_km is not None and distance_km > call_beyond_km else Channel.VISIT


def week_window(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
