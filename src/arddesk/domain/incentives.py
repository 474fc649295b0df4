"""Incentives (激励): the bonus of each sales rep and department head for a period, line by line.

Reward first, punish second. The rules of a period (:class:`Rules`) are edited by the owner and kept
with the period's result. The calculation (:func:`calculate`) takes plain records gathered from the
ledger and returns a :class:`Result` with one :class:`Statement` per person and role, and every
:class:`Line` behind each figure. Each line's amount is rounded half-up to the cent once, at the line;
a statement's figures are sums of rounded lines.

How a rep's bonus is made:

1. **Reward** on cash collected in the period (payment allocations, not adjustments, counted on the
   day the money met the goods), one line per payment applied to a delivery: amount × the rate of
   its lateness band × the multiplier of the delivery's product category × that of its model.
   Lateness = the payment's own date − the delivery's due date (negative = in advance): money paid
   before the goods went out, or before they were due, is early by that many days. A delivery with
   no due date counts as on time.
2. **Advance bonus** for a delivery settled in the period whose every payment and adjustment is dated
   before its due date: the cash paid for it × ``advance_bonus_rate``. Only cash earns it: the part
   settled by a return, discount, rebate or write-off does not.
3. **Attainment**: collected ÷ the rep's collection target picks a tier; the line adds
   (multiplier − 1) × the rewards above. No target: multiplier 1, and the line says so.
4. **Penalty** on each delivery still open at the period's end more than ``penalty_after_days`` days
   past due: open amount × ``penalty_rate``, negative; a delivery whose cause of debt is in
   ``exempt_causes`` (non-sales causes) gets an exemption line of 0 naming the cause instead.

A department head's bonus: the department's collections, one line per rep and kind of debt
(:func:`debt_kind`), × the head rate of that kind, then the department's attainment tier on the sum.
Each head line's payments are the matching reward lines of that rep's statement.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from arddesk.domain.classes import DebtCause
from arddesk.domain.dates import Period
from arddesk.domain.money import round_money
from arddesk.domain.problems import R_, Problem

ZERO = Decimal("0.00")
ONE = Decimal(1)
CATEGORIES = ("normal", "abnormal", "out_of_stock")
MODELS = ("", "old", "new")
DEBT_KINDS = ("normal", "old_model", "new_model", "abnormal", "out_of_stock")
"""Kinds of debt for department heads' rates: a normal delivery by model, else its category."""


class Role(StrEnum):
    """Whose bonus a statement is."""

    REP = "rep"
    HEAD = "head"


class LineKind(StrEnum):
    """What a line of a statement is."""

    REWARD = "reward"
    ADVANCE_BONUS = "advance_bonus"
    ATTAINMENT = "attainment"
    PENALTY = "penalty"
    EXEMPTION = "exemption"
    HEAD_REWARD = "head_reward"


# ---------------------------------------------------------------------------- rules
@dataclass(frozen=True, slots=True)
class LatenessBand:
    """Payments made at most ``up_to`` days late (negative: that many days early) earn ``rate``.

    Bands are listed from the earliest to the latest; the last has ``up_to`` None (no limit).
    """

    label: str
    up_to: int | None
    rate: Decimal


@dataclass(frozen=True, slots=True)
class AttainmentTier:
    """From ``at_least`` (a fraction: 0.9 = 90 % of target) upwards, rewards are multiplied by ``multiplier``."""

    at_least: Decimal
    multiplier: Decimal


DEFAULT_BANDS: tuple[LatenessBand, ...] = (
    LatenessBand("in advance", -7, Decimal("0.012")),
    LatenessBand("on time", 0, Decimal("0.010")),
    LatenessBand("1-30 days late", 30, Decimal("0.006")),
    LatenessBand("31-90 days late", 90, Decimal("0.003")),
    LatenessBand("over 90 days late", None, Decimal("0")),
)
"""1.2 % a week or more before the due date, 1 % up to it, then 0.6 %, 0.3 % and nothing after 90 days."""

DEFAULT_TIERS: tuple[AttainmentTier, ...] = (
    AttainmentTier(Decimal("0"), Decimal("0.6")),
    AttainmentTier(Decimal("0.7"), Decimal("0.9")),
    AttainmentTier(Decimal("0.9"), Decimal("1")),
    AttainmentTier(Decimal("1.1"), Decimal("1.2")),
)
"""Below 70 % of target ×0.6, 70 % ×0.9, 90 % ×1, 110 % and above ×1.2."""


@dataclass(frozen=True, slots=True)
class Rules:
    """The incentive rules of a period; every rate is a fraction (0.01 = 1 %).

    Attributes:
        bands: reward rate by lateness band, earliest first, the last open-ended.
        advance_bonus_rate: on the amount of a delivery paid in full before its due date.
        category_multipliers: by delivery category (normal, abnormal, out_of_stock).
        model_multipliers: by product model ('' = none, old, new).
        tiers: rep's attainment multiplier tiers, lowest first, the first from 0.
        penalty_rate: on each delivery's open amount more than ``penalty_after_days`` past due at period end.
        penalty_after_days: how many days overdue an open delivery may be before it is penalised.
        exempt_causes: causes of debt (non-sales) that exempt a delivery from the penalty.
        head_rates: department head's rate on the department's collections by kind of debt.
        head_tiers: department head's attainment tiers (department collected ÷ sum of its reps' targets).
    """

    bands: tuple[LatenessBand, ...] = DEFAULT_BANDS
    advance_bonus_rate: Decimal = Decimal("0.002")
    category_multipliers: Mapping[str, Decimal] = field(
        default_factory=lambda: {"normal": Decimal("1"), "abnormal": Decimal("1.2"), "out_of_stock": Decimal("1.5")}
    )
    model_multipliers: Mapping[str, Decimal] = field(
        default_factory=lambda: {"": Decimal("1"), "old": Decimal("1.1"), "new": Decimal("1")}
    )
    tiers: tuple[AttainmentTier, ...] = DEFAULT_TIERS
    penalty_rate: Decimal = Decimal("0.005")
    penalty_after_days: int = 90
    exempt_causes: frozenset[str] = frozenset(c.value for c in DebtCause if c is not DebtCause.CASH_FLOW)
    head_rates: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            "normal": Decimal("0.003"),
            "old_model": Decimal("0.004"),
            "new_model": Decimal("0.002"),
            "abnormal": Decimal("0.005"),
            "out_of_stock": Decimal("0.006"),
        }
    )
    head_tiers: tuple[AttainmentTier, ...] = DEFAULT_TIERS

    def band_for(self, days_late: int) -> LatenessBand:
        """The band a payment this many days late falls in."""
        for band in self.bands:
            if band.up_to is None or days_late <= band.up_to:
                return band
        return self.bands[-1]

    def problems(self) -> list[Problem]:
        """What is wrong with these rules, all at once (column = the rule's name)."""
        found: list[Problem] = []

        def rate(column: str, value: Decimal, *, high: Decimal = Decimal(1)) -> None:
            if not value.is_finite() or value < 0 or value > high:
                found.append(Problem(None, column, str(value), R_("a fraction between 0 and {high}"), {"high": high}))

        if not self.bands:
            found.append(Problem(None, "bands", "", R_("at least one lateness band")))
        else:
            if self.bands[-1].up_to is not None:
                found.append(Problem(None, "bands", str(self.bands[-1].up_to), R_("the last band has no upper limit")))
            limits = [band.up_to for band in self.bands[:-1]]
            if any(limit is None for limit in limits):
                found.append(Problem(None, "bands", "", R_("only the last band may have no upper limit")))
            numbers = [limit for limit in limits if limit is not None]
            if any(b <= a for a, b in itertools.pairwise(numbers)):
                found.append(Problem(None, "bands", ",".join(map(str, numbers)), R_("limits must increase")))
            for band in self.bands:
                if not band.label.strip():
                    found.append(Problem(None, "bands", "", R_("every band needs a label")))
                rate(f"band {band.label}", band.rate)
        rate("advance_bonus_rate", self.advance_bonus_rate)
        rate("penalty_rate", self.penalty_rate)
        if self.penalty_after_days < 0:
            found.append(Problem(None, "penalty_after_days", str(self.penalty_after_days), R_("0 or more days")))
        for name, table, keys in (
            ("category_multipliers", self.category_multipliers, CATEGORIES),
            ("model_multipliers", self.model_multipliers, MODELS),
        ):
            for key in keys:
                if key not in table:
                    found.append(Problem(None, name, key or "(none)", R_("a multiplier is missing")))
            for key, value in table.items():
                rate(f"{name} {key or '(none)'}", value, high=Decimal(10))
        for key in DEBT_KINDS:
            if key not in self.head_rates:
                found.append(Problem(None, "head_rates", key, R_("a rate is missing")))
        for key, value in self.head_rates.items():
            rate(f"head_rates {key}", value)
        for name, tiers in (("tiers", self.tiers), ("head_tiers", self.head_tiers)):
            if not tiers or tiers[0].at_least != 0:
                found.append(Problem(None, name, "", R_("the first tier starts at 0 %")))
            if any(b.at_least <= a.at_least for a, b in itertools.pairwise(tiers)):
                found.append(Problem(None, name, "", R_("tiers must start at increasing attainments")))
            for tier in tiers:
                rate(f"{name} {tier.at_least}", tier.multiplier, high=Decimal(10))
        known = {c.value for c in DebtCause}
        for cause in sorted(self.exempt_causes - known):
            found.append(Problem(None, "exempt_causes", cause, R_("one of {choices}"),
                                 {"choices": ", ".join(sorted(known))}))
        return found

    def to_json(self) -> str:
        """The rules as JSON text for storage (amounts as decimal strings)."""
        return json.dumps(_rules_to_dict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Rules:
        """Rules read back from :meth:`to_json`; a missing key takes its default."""
        return _rules_from_dict(json.loads(text))


def _rules_to_dict(rules: Rules) -> dict[str, Any]:
    return {
        "bands": [{"label": b.label, "up_to": b.up_to, "rate": str(b.rate)} for b in rules.bands],
        "advance_bonus_rate": str(rules.advance_bonus_rate),
        "category_multipliers": {k: str(v) for k, v in rules.category_multipliers.items()},
        "model_multipliers": {k: str(v) for k, v in rules.model_multipliers.items()},
        "tiers": [{"at_least": str(t.at_least), "multiplier": str(t.multiplier)} for t in rules.tiers],
        "penalty_rate": str(rules.penalty_rate),
        "penalty_after_days": rules.penalty_after_days,
        "exempt_causes": sorted(rules.exempt_causes),
        "head_rates": {k: str(v) for k, v in rules.head_rates.items()},
        "head_tiers": [{"at_least": str(t.at_least), "multiplier": str(t.multiplier)} for t in rules.head_tiers],
    }


def _rules_from_dict(data: Mapping[str, Any]) -> Rules:
    default = Rules()
    changes: dict[str, Any] = {}
    if "bands" in data:
        changes["bands"] = tuple(LatenessBand(b["label"], b["up_to"], Decimal(b["rate"])) for b in data["bands"])
    for name in ("advance_bonus_rate", "penalty_rate"):
        if name in data:
            changes[name] = Decimal(data[name])
    for name in ("category_multipliers", "model_multipliers", "head_rates"):
        if name in data:
            changes[name] = {k: Decimal(v) for k, v in data[name].items()}
    for name in ("tiers", "head_tiers"):
        if name in data:
            changes[name] = tuple(AttainmentTier(Decimal(t["at_least"]), Decimal(t["multiplier"])) for t in data[name])
    if "penalty_after_days" in data:
        changes["penalty_after_days"] = int(data["penalty_after_days"])
    if "exempt_causes" in data:
        changes["exempt_causes"] = frozenset(data["exempt_causes"])
    return replace(default, **changes)


def parse_rate(text: str) -> Decimal:
    """A rate typed as a percentage (``1.2`` or ``1.2%``) as a fraction (0.012).

    Raises:
        ValueError: when the text is not a number.
    """
    try:
        value = Decimal(text.strip().rstrip("%").strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a percentage: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a percentage: {text!r}")
    return value / 100


def tier_for(tiers: Sequence[AttainmentTier], attainment: Decimal) -> AttainmentTier:
    """The highest tier whose start the attainment reaches."""
    chosen = tiers[0]
    for tier in tiers:
        if attainment >= tier.at_least:
            chosen = tier
    return chosen


def debt_kind(category: str, model: str) -> str:
    """A delivery's kind of debt for head rates: its category, or for normal goods its model."""
    if category != "normal":
        return category
    return {"old": "old_model", "new": "new_model"}.get(model, "normal")


# ---------------------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True)
class Person:
    """A rep: code, name and department code ('' for none)."""

    code: str
    name: str
    department: str = ""


@dataclass(frozen=True, slots=True)
class Department:
    """A department: code, name and its head's rep code ('' for none)."""

    code: str
    name: str
    head: str = ""


@dataclass(frozen=True, slots=True)
class CollectedItem:
    """Cash of one payment applied to one delivery, counted on ``paid_on`` (the allocation's effective
    date: the later of the payment's and the delivery's dates).

    ``rep`` is the delivery's rep (else the customer's), ``department`` that rep's department (else the
    customer's). ``payment_date`` is the payment's own date (None: ``paid_on``); lateness runs from it.
    About the delivery: ``settled_on`` is when it was paid in full (None: still open); ``covered_on``
    the latest date of the payments and adjustments that settled it (None: ``settled_on``); ``cash``
    how much of it was settled by payments (None: all of ``delivery_amount``).
    """

    rep: str
    department: str
    payment: str
    delivery: str
    customer: str
    paid_on: date
    due_date: date | None
    amount: Decimal
    category: str = "normal"
    model: str = ""
    delivery_amount: Decimal = ZERO
    settled_on: date | None = None
    payment_date: date | None = None
    covered_on: date | None = None
    cash: Decimal | None = None

    @property
    def paid(self) -> date:
        """The payment's own date: the day lateness runs from."""
        return self.payment_date or self.paid_on


@dataclass(frozen=True, slots=True)
class OverdueItem:
    """A delivery still open at the period's end, with its days overdue and cause of debt ('' = none)."""

    rep: str
    delivery: str
    customer: str
    due_date: date
    days_overdue: int
    open: Decimal
    cause: str = ""
    note: str = ""


# ---------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class Line:
    """One line behind a person's bonus: what was counted, at which rate, and why.

    ``amount`` is rounded once, here: ``base × rate × multiplier`` half-up to the cent (negative for a
    penalty). Fields that do not apply are '' or None.
    """

    kind: LineKind
    amount: Decimal
    base: Decimal
    rate: Decimal
    multiplier: Decimal = ONE
    payment: str = ""
    delivery: str = ""
    customer: str = ""
    rep: str = ""
    paid_on: date | None = None
    due_date: date | None = None
    days_late: int | None = None
    band: str = ""
    explanation: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    debt: str = ""  # the kind of debt (debt_kind) of a reward's delivery, or that a head's line sums


@dataclass(frozen=True, slots=True)
class Statement:
    """One person's bonus in one role, and the lines behind it.

    Attributes:
        person: rep code. name: rep name. role: rep or head. department: department code.
        collected: cash collected (the rep's, or the department's for a head).
        target: the collection target, None when there is none.
        attainment: collected ÷ target (a fraction), None without a target.
        multiplier: the attainment tier's multiplier (1 without a target).
        reward: every line but penalties. penalty: the penalty lines (0 or negative).
        total: reward + penalty.
    """

    person: str
    name: str
    role: Role
    department: str
    collected: Decimal
    target: Decimal | None
    attainment: Decimal | None
    multiplier: Decimal
    reward: Decimal
    penalty: Decimal
    total: Decimal
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """A period's bonuses: the rules used, one statement per person and role, and what no rep collected.

    ``locked_at``/``locked_by`` are set when the owner locked the period: the result is then a snapshot.
    """

    period: str
    rules: Rules
    statements: tuple[Statement, ...]
    unassigned: Decimal
    computed_at: datetime
    locked_at: datetime | None = None
    locked_by: str = ""

    @property
    def total(self) -> Decimal:
        """Every person's total added up."""
        return sum((s.total for s in self.statements), ZERO)

    def statement(self, person: str, role: Role = Role.REP) -> Statement | None:
        """The statement of a rep code in a role, if any."""
        for candidate in self.statements:
            if candidate.person == person and candidate.role is role:
                return candidate
        return None

    def to_json(self) -> str:
        """The whole result as JSON text (the snapshot kept when a period is locked)."""
        return json.dumps(
            {
                "period": self.period,
                "rules": _rules_to_dict(self.rules),
                "unassigned": str(self.unassigned),
                "computed_at": self.computed_at.isoformat(),
                "statements": [_statement_to_dict(s) for s in self.statements],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        """A result read back from :meth:`to_json` (lock fields are not part of the snapshot)."""
        data = json.loads(text)
        return cls(
            period=data["period"],
            rules=_rules_from_dict(data["rules"]),
            statements=tuple(_statement_from_dict(s) for s in data["statements"]),
            unassigned=Decimal(data["unassigned"]),
            computed_at=datetime.fromisoformat(data["computed_at"]),
        )


_LINE_FIELDS = tuple(f.name for f in fields(Line))
_LINE_DECIMALS = frozenset({"amount", "base", "rate", "multiplier"})
_LINE_DATES = frozenset({"paid_on", "due_date"})


def _line_to_list(line: Line) -> list[Any]:
    # Lines are kept as arrays in field order: a quarter of a large company has many thousands.
    out: list[Any] = []
    for name in _LINE_FIELDS:
        value = getattr(line, name)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out.append(value)
    return out


def _line_from_list(names: Sequence[str], values: Sequence[Any]) -> Line:
    data: dict[str, Any] = {}
    for name, value in zip(names, values, strict=True):
        if value is not None and name in _LINE_DECIMALS:
            value = Decimal(value)
        elif value is not None and name in _LINE_DATES:
            value = date.fromisoformat(value)
        data[name] = value
    data["kind"] = LineKind(data["kind"])
    explained = data.get("explanation") or ()
    if isinstance(explained, str):  # locked before explanations were codes: keep the words as they were
        data["explanation"] = (("text", (("text", explained),)),)
    else:
        data["explanation"] = tuple((code, tuple((k, v) for k, v in figures)) for code, figures in explained)
    return Line(**data)


def _optional(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _statement_to_dict(statement: Statement) -> dict[str, Any]:
    return {
        "person": statement.person,
        "name": statement.name,
        "role": statement.role.value,
        "department": statement.department,
        "collected": str(statement.collected),
        "target": _optional(statement.target),
        "attainment": _optional(statement.attainment),
        "multiplier": str(statement.multiplier),
        "reward": str(statement.reward),
        "penalty": str(statement.penalty),
        "total": str(statement.total),
        "line_fields": list(_LINE_FIELDS),
        "lines": [_line_to_list(line) for line in statement.lines],
    }


def _statement_from_dict(data: Mapping[str, Any]) -> Statement:
    return Statement(
        person=data["person"],
        name=data["name"],
        role=Role(data["role"]),
        department=data["department"],
        collected=Decimal(data["collected"]),
        target=None if data["target"] is None else Decimal(data["target"]),
        attainment=None if data["attainment"] is None else Decimal(data["attainment"]),
        multiplier=Decimal(data["multiplier"]),
        reward=Decimal(data["reward"]),
        penalty=Decimal(data["penalty"]),
        total=Decimal(data["total"]),
        lines=tuple(_line_from_list(data["line_fields"], line) for line in data["lines"]),
    )


# ---------------------------------------------------------------------------- calculation
def percent(fraction: Decimal) -> str:
    """A fraction as a percentage for explanations: 0.012 → '1.2%'."""
    value = (fraction * 100).normalize()
    text = f"{value:f}"
    return f"{text}%"


def _figures(**values: object) -> tuple[tuple[str, str], ...]:
    """An explanation's figures as text (amounts exact, dates ISO), leaving out those that do not apply."""
    return tuple(
        (name, value.isoformat() if isinstance(value, date) else str(value))
        for name, value in values.items()
        if value is not None
    )


def _attainment_line(
    tiers: Sequence[AttainmentTier], collected: Decimal, target: Decimal | None, rewards: Decimal
) -> tuple[Line, Decimal | None, Decimal]:
    if target is None or target <= 0:
        line = Line(
            LineKind.ATTAINMENT,
            ZERO,
            rewards,
            ZERO,
            ONE,
            explanation=(("no_target", ()),),
        )
        return line, None, ONE
    attainment = collected / target
    tier = tier_for(tiers, attainment)
    amount = round_money(rewards * (tier.multiplier - 1))
    shown = percent(round(attainment, 4))
    explanation = (
        (
            "attainment",
            _figures(
                collected=collected,
                target=target,
                attainment=shown,
                tier=percent(tier.at_least),
                multiplier=tier.multiplier,
                rewards=rewards,
            ),
        ),
    )
    line = Line(LineKind.ATTAINMENT, amount, rewards, tier.multiplier - 1, tier.multiplier, explanation=explanation)
    return line, attainment, tier.multiplier


def _reward_line(rules: Rules, item: CollectedItem) -> Line:
    days = None if item.due_date is None else (item.paid - item.due_date).days
    band = rules.band_for(0 if days is None else days)
    category = rules.category_multipliers.get(item.category, ONE)
    model = rules.model_multipliers.get(item.model, ONE)
    multiplier = category * model
    parts = [
        (
            "reward",
            _figures(
                amount=item.amount,
                paid=item.paid,
                due=item.due_date,
                days=days,
                counted_on=item.paid_on if item.paid_on != item.paid else None,
                band=band.label,
                rate=percent(band.rate),
            ),
        )
    ]
    if category != ONE:
        parts.append(("category", _figures(category=item.category, multiplier=category)))
    if model != ONE:
        parts.append(("model", _figures(model=item.model, multiplier=model)))
    return Line(
        LineKind.REWARD,
        round_money(item.amount * band.rate * multiplier),
        item.amount,
        band.rate,
        multiplier,
        payment=item.payment,
        delivery=item.delivery,
        customer=item.customer,
        rep=item.rep,
        paid_on=item.paid,
        due_date=item.due_date,
        days_late=days,
        band=band.label,
        explanation=tuple(parts),
        debt=debt_kind(item.category, item.model),
    )


def _advance_bonus_line(rules: Rules, period: Period, item: CollectedItem) -> Line | None:
    """The advance bonus of the item's delivery, when it was settled in the period, all of it before due."""
    if item.settled_on is None or item.due_date is None or not period.contains(item.settled_on):
        return None
    covered = item.covered_on or item.settled_on
    cash = item.delivery_amount if item.cash is None else item.cash
    if covered >= item.due_date or cash <= 0:
        return None
    early = (item.due_date - covered).days
    explanation = (
        (
            "advance_bonus",
            _figures(
                delivery=item.delivery,
                amount=item.delivery_amount,
                covered=covered,
                due=item.due_date,
                early=early,
                rate=percent(rules.advance_bonus_rate),
                cash=cash,
                settled_otherwise=item.delivery_amount - cash if cash < item.delivery_amount else None,
            ),
        ),
    )
    return Line(
        LineKind.ADVANCE_BONUS,
        round_money(cash * rules.advance_bonus_rate),
        cash,
        rules.advance_bonus_rate,
        delivery=item.delivery,
        customer=item.customer,
        rep=item.rep,
        paid_on=covered,
        due_date=item.due_date,
        days_late=-early,
        explanation=explanation,
    )


def _rep_lines(rules: Rules, period: Period, items: Sequence[CollectedItem]) -> list[Line]:
    lines = [_reward_line(rules, item) for item in items]
    bonus_done: set[str] = set()
    for item in items:
        if item.delivery in bonus_done:
            continue
        bonus = _advance_bonus_line(rules, period, item)
        if bonus is not None:
            bonus_done.add(item.delivery)
            lines.append(bonus)
    return lines


def _penalty_lines(rules: Rules, items: Sequence[OverdueItem]) -> list[Line]:
    lines = []
    for item in items:
        if item.days_overdue <= rules.penalty_after_days:
            continue
        common = {
            "delivery": item.delivery,
            "customer": item.customer,
            "rep": item.rep,
            "due_date": item.due_date,
            "days_late": item.days_overdue,
        }
        if item.cause and item.cause in rules.exempt_causes:
            lines.append(
                Line(
                    LineKind.EXEMPTION,
                    ZERO,
                    item.open,
                    ZERO,
                    explanation=(
                        (
                            "exemption",
                            _figures(open=item.open, days=item.days_overdue, cause=item.cause, note=item.note or None),
                        ),
                    ),
                    **common,  # type: ignore[arg-type]
                )
            )
            continue
        amount = -round_money(item.open * rules.penalty_rate)
        lines.append(
            Line(
                LineKind.PENALTY,
                amount,
                item.open,
                rules.penalty_rate,
                explanation=(
                    (
                        "penalty",
                        _figures(
                            open=item.open,
                            days=item.days_overdue,
                            after=rules.penalty_after_days,
                            rate=percent(rules.penalty_rate),
                        ),
                    ),
                ),
                **common,  # type: ignore[arg-type]
            )
        )
    return lines


def _head_lines(rules: Rules, items: Sequence[CollectedItem]) -> list[Line]:
    # One line per rep and kind of debt: the rep's own statement holds the payments behind it.
    sums: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for item in items:
        key = (item.rep, debt_kind(item.category, item.model))
        sums[key] += item.amount
        counts[key] += 1
    lines = []
    for rep, kind in sorted(sums, key=lambda key: (key[0], DEBT_KINDS.index(key[1]))):
        base = sums[rep, kind]
        rate = rules.head_rates.get(kind, ZERO)
        lines.append(
            Line(
                LineKind.HEAD_REWARD,
                round_money(base * rate),
                base,
                rate,
                rep=rep,
                band=kind,
                debt=kind,
                explanation=(
                    (
                        "head_reward",
                        _figures(base=base, rep=rep, kind=kind, count=counts[rep, kind], rate=percent(rate)),
                    ),
                ),
            )
        )
    return lines


def _statement(
    person: Person,
    role: Role,
    department: str,
    collected: Decimal,
    target: Decimal | None,
    tiers: Sequence[AttainmentTier],
    lines: list[Line],
    penalties: list[Line],
) -> Statement:
    rewards = sum((line.amount for line in lines), ZERO)
    attainment_line, attainment, multiplier = _attainment_line(tiers, collected, target, rewards)
    reward = rewards + attainment_line.amount
    penalty = sum((line.amount for line in penalties), ZERO)
    return Statement(
        person=person.code,
        name=person.name,
        role=role,
        department=department,
        collected=collected,
        target=target,
        attainment=attainment,
        multiplier=multiplier,
        reward=reward,
        penalty=penalty,
        total=reward + penalty,
        lines=(*lines, attainment_line, *penalties),
    )


def calculate(
    period: Period,
    rules: Rules,
    reps: Sequence[Person],
    departments: Sequence[Department],
    collected: Iterable[CollectedItem],
    overdue: Iterable[OverdueItem],
    targets: Mapping[str, Decimal],
    *,
    computed_at: datetime | None = None,
) -> Result:
    """Every rep's and department head's bonus for a period, with the lines behind each figure.

    Args:
        period: the month or quarter; only collections in it are passed, but the advance bonus checks it.
        rules: the period's rules.
        reps: every rep (each gets a statement, even with nothing collected).
        departments: departments; each with a head gets a head statement.
        collected: the period's collected items (cash applied to deliveries).
        overdue: deliveries open at the period's end with their days overdue.
        targets: each rep code's collection target for the period (absent: no target).
        computed_at: when the result was made (now by default).
    """
    by_rep: dict[str, list[CollectedItem]] = defaultdict(list)
    by_department: dict[str, list[CollectedItem]] = defaultdict(list)
    unassigned = ZERO
    for item in collected:
        if not item.rep:
            unassigned += item.amount
            continue
        by_rep[item.rep].append(item)
        if item.department:
            by_department[item.department].append(item)
    overdue_by_rep: dict[str, list[OverdueItem]] = defaultdict(list)
    for overdue_item in overdue:
        overdue_by_rep[overdue_item.rep].append(overdue_item)

    statements = []
    people = {rep.code: rep for rep in reps}
    for rep in sorted(reps, key=lambda r: r.code):
        items = sorted(by_rep.get(rep.code, []), key=lambda i: (i.paid_on, i.payment, i.delivery))
        lines = _rep_lines(rules, period, items)
        penalties = _penalty_lines(rules, sorted(overdue_by_rep.get(rep.code, []), key=lambda i: i.delivery))
        amount = sum((item.amount for item in items), ZERO)
        statements.append(
            _statement(rep, Role.REP, rep.department, amount, targets.get(rep.code), rules.tiers, lines, penalties)
        )
    for department in sorted(departments, key=lambda d: d.code):
        if not department.head:
            continue
        head = people.get(department.head, Person(department.head, department.head, department.code))
        items = sorted(by_department.get(department.code, []), key=lambda i: (i.paid_on, i.payment, i.delivery))
        members = [rep.code for rep in reps if rep.department == department.code]
        member_targets = [targets[code] for code in members if code in targets]
        target = sum(member_targets, ZERO) if member_targets else None
        amount = sum((item.amount for item in items), ZERO)
        statements.append(
            _statement(
                head, Role.HEAD, department.code, amount, target, rules.head_tiers, _head_lines(rules, items), []
            )
        )
    return Result(
        period=period.label,
        rules=rules,
        statements=tuple(statements),
        unassigned=unassigned,
        computed_at=computed_at or datetime.now().replace(microsecond=0),
    )
