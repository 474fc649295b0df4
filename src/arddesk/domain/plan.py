"""The collection plan's rules: who to chase first (the priority score), which days a customer
will not pay, and the schedule maker that puts each customer on a day.

The seeds' method: rank debts by how long overdue, how much, which class, how complex the
customer's payment procedure is and how far away the customer is; be there on the customer's
settlement day or due date, before other suppliers; never go on a day the customer will not pay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from arddesk.domain.aging import DebtClass
from arddesk.domain.dates import clamp_day
from arddesk.domain.problems import InvalidValue, Problem

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
def _decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise InvalidValue(f"{what}: a number, e.g. 0.5") from exc
    if not value.is_finite() or value < 0:
        raise InvalidValue(f"{what}: a number, zero or more")
    return value


def _points(text: str, names: Sequence[str], what: str) -> dict[str, Decimal]:
    """Read ``dunning=10,doubtful=20``; names not given score 0."""
    found: dict[str, Decimal] = dict.fromkeys(names, Decimal(0))
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or name not in names:
            raise InvalidValue(f"{what}: name=points pairs of {', '.join(names)}")
        found[name] = _decimal(value, what)
    return found


@dataclass(frozen=True, slots=True)
class PriorityWeights:
    """How much each thing a customer owes counts toward its priority score.

    Attributes:
        per_day: points per day overdue (of the oldest overdue delivery, at most a year).
        per_thousand: points per thousand of the overdue amount.
        class_points: points for the customer's worst class.
        procedure_points: points for a simple, normal or complex payment procedure.
        per_km: points per kilometre from the company.
    """

    per_day: Decimal = Decimal("0.2")
    per_thousand: Decimal = Decimal("0.5")
    class_points: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            DebtClass.NOT_DUE: Decimal(0),
            DebtClass.DUNNING: Decimal(10),
            DebtClass.DOUBTFUL: Decimal(20),
            DebtClass.BAD: Decimal(15),
            DebtClass.DEAD: Decimal(5),
        }
    )
    procedure_points: Mapping[str, Decimal] = field(
        default_factory=lambda: {"simple": Decimal(0), "normal": Decimal(5), "complex": Decimal(10)}
    )
    per_km: Decimal = Decimal("0.1")

    @classmethod
    def parse(
        cls, per_day: str, per_thousand: str, class_points: str, procedure_points: str, per_km: str
    ) -> PriorityWeights:
        """Read the weights from their setting texts.

        Raises:
            InvalidValue: naming the first weight that is wrong.
        """
        return cls(
            per_day=_decimal(per_day, "points per day"),
            per_thousand=_decimal(per_thousand, "points per thousand"),
            class_points=_points(class_points, [c.value for c in DebtClass], "class points"),
            procedure_points=_points(procedure_points, PROCEDURES, "procedure points"),
            per_km=_decimal(per_km, "points per km"),
        )


def points_text(points: Mapping[str, Decimal]) -> str:
    """``dunning=10,doubtful=20`` for a setting."""
    return ",".join(f"{name}={value}" for name, value in points.items())


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
    """

    code: str
    days_overdue: int
    overdue: int
    debt_class: DebtClass
    procedure: str = "normal"
    distance_km: int | None = None


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One term of a score: ``days 45 × 0.2 = 9.0``."""

    name: str
    quantity: str
    weight: Decimal
    points: Decimal

    def __str__(self) -> str:
        return f"{self.name} {self.quantity} × {self.weight} = {self.points}"


@dataclass(frozen=True, slots=True)
class Score:
    """A customer's priority score with the parts it was made of."""

    code: str
    parts: tuple[ScorePart, ...]

    @property
    def total(self) -> Decimal:
        """The score: the sum of its parts, to two places."""
        return sum((p.points for p in self.parts), Decimal(0)).quantize(Decimal("0.01"))

    def explain(self) -> str:
        """How the score was made, for a person: ``days 45 × 0.2 = 9.0 + … = 73.50``."""
        return " + ".join(str(p) for p in self.parts) + f" = {self.total}"


def score(debtor: Debtor, weights: PriorityWeights) -> Score:
    """The priority score of a customer: the higher, the sooner it is chased.

    days overdue × per_day + thousands overdue × per_thousand + points of the class
    + points of the payment procedure + km × per_km.
    """
    days = min(max(debtor.days_overdue, 0), MAX_SCORED_DAYS)
    thousands = Decimal(max(debtor.overdue, 0)) / _THOUSAND
    km = debtor.distance_km or 0
    procedure = debtor.procedure if debtor.procedure in PROCEDURES else "normal"
    class_points = weights.class_points.get(debtor.debt_class, Decimal(0))
    procedure_points = weights.procedure_points.get(procedure, Decimal(0))
    parts = (
        ScorePart("days", str(days), weights.per_day, days * weights.per_day),
        ScorePart(
            "thousands",
            f"{thousands.quantize(Decimal('0.01'))}",
            weights.per_thousand,
            (thousands * weights.per_thousand).quantize(Decimal("0.01")),
        ),
        ScorePart("class", str(debtor.debt_class), Decimal(1), class_points),
        ScorePart("procedure", procedure, Decimal(1), procedure_points),
        ScorePart("km", str(km), weights.per_km, km * weights.per_km),
    )
    return Score(debtor.code, parts)


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
                raise InvalidValue(f"{token!r} is not a weekday (mon…sun) or a day of the month (1–31)")
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
        return [Problem(None, "avoid_days", text, str(exc))]
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
