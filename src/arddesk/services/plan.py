"""The collection plan: targets per period and rep with progress, the priority list, the visit
and call schedule, and the call sheet's lines. One transaction per user action.

Collected = payments applied to deliveries, on the allocation's effective date, for the
delivery's rep (else the customer's); see :func:`arddesk.store.plan.collected`.
"""

from __future__ import annotations

import calendar
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from arddesk.domain.aging import DebtClass
from arddesk.domain.dates import Period
from arddesk.domain.keys import key_receivables
from arddesk.domain.money import from_minor, parse_amount, round_money, to_minor
from arddesk.domain.plan import (
    TARGET_KINDS,
    WEIGHT_FIELDS,
    AvoidDays,
    DateReason,
    Debtor,
    PlanCustomer,
    PlannedVisit,
    PriorityWeights,
    Score,
    avoid_days_problems,
    channel_for,
    make_schedule,
    parse_settlement_days,
    score,
)
from arddesk.domain.problems import R_, Amount, InvalidValue, Message, Problem
from arddesk.services.aging import aging_report
from arddesk.services.errors import Rejected, reject_if
from arddesk.services.followup import latest_by_customer
from arddesk.services.settings import load_settings
from arddesk.store import plan as store
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.plan import DebtorRow, EntryRow, PayHabits, RepRow, ScheduleEntryRecord, TargetRow
from arddesk.store.settings import read_settings, write_settings

__all__ = [
    "TARGET_COLUMNS",
    "CallLine",
    "CallSheet",
    "EntryRow",
    "PayHabits",
    "PlanSettings",
    "Priority",
    "ProgressLine",
    "ProgressPart",
    "RepRow",
    "ScheduleMade",
    "TargetRow",
    "call_sheets",
    "delete_target",
    "demo_factor",
    "drop_entry",
    "import_targets",
    "list_reps",
    "load_plan_settings",
    "make_plan_schedule",
    "month_window",
    "move_entry",
    "priorities",
    "progress",
    "schedule",
    "seed_demo_plan",
    "set_avoid_days",
    "set_target",
    "target_table",
    "targets_in",
    "update_plan_settings",
]

TARGET_COLUMNS = ("period", "rep", "customer", "kind", "origin_year", "amount")


# ---------------------------------------------------------------------------- settings
_KEY = "plan_{}"
# Before the weights were a form, class and procedure points were kept as one text each, e.g.
# "dunning=10,doubtful=20"; a company's own values there still count until it saves the form.
_OLD_TEXTS = {"plan_class_points": "class_", "plan_procedure_points": "procedure_"}


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The plan's company settings: the priority weights (see :class:`arddesk.domain.plan.PriorityWeights`),
    how many customers a rep can see in a day, and beyond how many km a customer is called rather
    than visited. Each is stored as text in the ``setting`` table under ``plan_<name>``.
    """

    weights: PriorityWeights = field(default_factory=PriorityWeights)
    capacity: int = 4
    call_beyond_km: int = 80

    def texts(self) -> dict[str, str]:
        """Every setting as text, by name (the weights' names, ``capacity``, ``call_beyond_km``)."""
        return {**self.weights.texts(), "capacity": str(self.capacity), "call_beyond_km": str(self.call_beyond_km)}


def _read(texts: dict[str, str]) -> tuple[PlanSettings, list[Problem]]:
    weights, problems = PriorityWeights.read(texts)
    capacity, beyond = texts.get("capacity", "4").strip(), texts.get("call_beyond_km", "80").strip()
    if not (capacity.isdigit() and 1 <= int(capacity) <= 50):
        problems.append(Problem(None, "capacity", capacity, R_("customers per rep per day, 1 to 50")))
    if not (beyond.isdigit() and int(beyond) <= 20_000):
        problems.append(Problem(None, "call_beyond_km", beyond, R_("a whole number of km, 0 to 20000")))
    if problems:
        return PlanSettings(weights), problems
    return PlanSettings(weights, int(capacity), int(beyond)), []


def _stored_texts(stored: dict[str, str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for key, prefix in _OLD_TEXTS.items():
        for pair in stored.get(key, "").replace(" ", "").split(","):
            name, _, value = pair.partition("=")
            texts[prefix + name] = value
    names = [spec.name for spec in WEIGHT_FIELDS] + ["capacity", "call_beyond_km"]
    texts.update({name: stored[_KEY.format(name)] for name in names if _KEY.format(name) in stored})
    return {name: value for name, value in texts.items() if name in names}


def load_plan_settings(db: Database) -> PlanSettings:
    """The plan's settings, with defaults for anything never set (or stored wrong)."""
    with db.reading() as session:
        stored = read_settings(session)
    texts = _stored_texts(stored)
    settings, problems = _read(texts)
    if problems:  # a value changed outside arddesk: the default stands for it
        wrong = {problem.column for problem in problems}
        settings, _ = _read({name: value for name, value in texts.items() if name not in wrong})
    return settings


def update_plan_settings(db: Database, **changes: str) -> PlanSettings:
    """Change some of the plan's settings by name (see :meth:`PlanSettings.texts`); nothing is saved if any
    value is wrong or out of its bounds.

    Raises:
        Rejected: with one problem per bad value, naming the setting and its bounds.
    """
    current = load_plan_settings(db).texts()
    unknown = sorted(set(changes) - set(current))
    reject_if([Problem(None, name, changes[name], R_("no such setting")) for name in unknown])
    updated, problems = _read({**current, **changes})
    reject_if(problems)
    with db.transaction() as session:
        write_settings(session, {_KEY.format(name): value.strip() for name, value in changes.items()})
    return updated


def list_reps(db: Database) -> list[RepRow]:
    """Every rep with its department."""
    with db.reading() as session:
        return store.reps(session)


def set_avoid_days(db: Database, customer: str, text: str) -> str:
    """Set the days a customer will not pay (``mon,1,2``; empty for none); returns the text as stored.

    Raises:
        Rejected: for a bad text or an unknown customer.
    """
    reject_if(avoid_days_problems(text))
    tidy = str(AvoidDays.parse(text))
    with db.transaction() as session:
        if not store.set_avoid_days(session, customer, tidy):
            raise Rejected([Problem(None, "customer", customer, R_("no such customer"))])
    return tidy


# ---------------------------------------------------------------------------- targets
def _period_problem(label: str, row: int | None = None) -> tuple[str, Problem | None]:
    try:
        period = Period.parse(label)
    except InvalidValue as exc:
        return label, exc.problem(row, "period", label)
    if period.label.isdigit():
        reason = R_("a month (2026-12), a quarter (2026Q4) or a half-year (2026H2), not a year")
        return label, Problem(row, "period", label, reason)
    return period.label, None


@dataclass(frozen=True, slots=True)
class _Target:
    """A target row as checked: the period's label, ids, kind, year and cents."""

    period: str
    rep_id: int
    kind: str
    origin_year: int
    amount: int
    customer_id: int | None

    @property
    def key(self) -> tuple[str, int, int | None, str, int]:
        """What makes a row unique."""
        return (self.period, self.rep_id, self.customer_id, self.kind, self.origin_year)


def _year(origin_year: object) -> tuple[str, int]:
    text = str(origin_year if origin_year is not None else "0").strip() or "0"
    if text.endswith(".0"):
        text = text[:-2]
    return text, int(text) if text.isdigit() else -1


def _target_problems(
    row: int | None,
    cells: dict[str, object],
    reps: dict[str, int],
    customers: dict[str, int],
    *,
    amount_required: bool = True,
) -> tuple[_Target | None, list[Problem]]:
    """Check one target's cells (``period``, ``rep``, ``customer``, ``kind``, ``origin_year``, ``amount``)."""
    problems = []
    label, bad = _period_problem(str(cells.get("period") or "").strip(), row)
    if bad:
        problems.append(bad)
    rep = str(cells.get("rep") or "").strip()
    if rep not in reps:
        problems.append(Problem(row, "rep", rep, R_("no such rep")))
    customer = str(cells.get("customer") or "").strip()
    if customer and customer not in customers:
        problems.append(Problem(row, "customer", customer, R_("no such customer")))
    kind = str(cells.get("kind") or "normal").strip() or "normal"
    if kind not in TARGET_KINDS:
        problems.append(Problem(row, "kind", kind, R_("normal, abnormal or out_of_stock")))
    year_text, year = _year(cells.get("origin_year"))
    if not (year == 0 or 1900 <= year <= 2999):
        problems.append(Problem(row, "origin_year", year_text, R_("a year such as 2025, or 0 for any year")))
    cents = 0
    if amount_required:
        try:
            cents = to_minor(parse_amount(cells.get("amount")))
        except InvalidValue as exc:
            problems.append(exc.problem(row, "amount", str(cells.get("amount") or "")))
    if problems:
        return None, problems
    return _Target(label, reps[rep], kind, year, cents, customers[customer] if customer else None), []


@dataclass(frozen=True, slots=True)
class TargetInput:
    """A collection target as a ``targets`` import row has it: period, rep code, customer code (blank:
    the rep's own target), kind, year (None/0: any), amount."""

    period: str
    rep: str
    customer: str = ""
    kind: str = "normal"
    origin_year: int | None = None
    amount: Decimal = Decimal(0)


def post_targets(session: UnitOfWork, items: Sequence[TargetInput]) -> list[Problem]:
    """Set targets inside a caller's unit of work; a row replaces the target of the same period, rep,
    customer, kind and year. Returns the problems (``Problem.row`` is the index of the item); nothing
    is set when there are any."""
    reps = {r.code: r.id for r in store.reps(session)}
    customers = store.customer_ids(session, [item.customer.strip() for item in items if item.customer.strip()])
    problems: list[Problem] = []
    targets: list[_Target] = []
    seen: set[tuple[str, int, int | None, str, int]] = set()
    for index, item in enumerate(items):
        cells: dict[str, object] = {
            "period": item.period, "rep": item.rep, "customer": item.customer, "kind": item.kind,
            "origin_year": item.origin_year, "amount": item.amount,
        }  # fmt: skip
        target, found = _target_problems(index, cells, reps, customers)
        if item.amount < 0:
            found.append(Problem(index, "amount", str(item.amount), R_("must not be negative")))
        problems += found
        if target is None or found:
            continue
        if target.key in seen:
            reason = R_("the same period, rep, customer, kind and year appear twice")
            problems.append(Problem(index, "period", item.period, reason))
        seen.add(target.key)
        targets.append(target)
    if not problems:
        for target in targets:
            _put(session, target)
    return problems


def set_target(
    db: Database, period: str, rep: str, kind: str, origin_year: int, amount: Decimal | str, customer: str = ""
) -> None:
    """Set a rep's collection target for a month or quarter, kind of debt and year of origin (0: any),
    in all or (``customer``) for one customer.

    Raises:
        Rejected: naming each bad value.
    """
    cells = {"period": period, "rep": rep, "customer": customer, "kind": kind, "origin_year": origin_year}
    with db.transaction() as session:
        reps = {r.code: r.id for r in store.reps(session)}
        customers = store.customer_ids(session, [customer.strip()]) if customer.strip() else {}
        target, problems = _target_problems(None, {**cells, "amount": amount}, reps, customers)
        reject_if(problems)
        assert target is not None
        _put(session, target)


def _put(session: UnitOfWork, target: _Target) -> None:
    store.put_target(
        session, target.period, target.rep_id, target.kind, target.origin_year, target.amount, target.customer_id
    )


@dataclass(frozen=True, slots=True)
class ShareTarget:
    """A target set as a share of the debt open at the period's start (seed 003: 每月回收一定比例的欠款).

    ``open`` is what was open at the end of ``as_of`` (the day before the period) on the rep's
    deliveries of that kind and year (and customer); ``amount`` = ``open`` × ``percent`` %, in cents.
    """

    period: str
    rep: str
    customer: str
    kind: str
    origin_year: int
    as_of: date
    open: int
    percent: Decimal
    amount: int

    def explain(self) -> Message:
        """How the target was made, to be put in words: ``30% of 120,000.00 open on 2026-06-30 = 36,000.00``."""
        return Message(
            R_("{percent}% of {open} open on {day} = {amount}"),
            {"percent": f"{self.percent.normalize():f}", "open": Amount(self.open), "day": self.as_of,
             "amount": Amount(self.amount)},
        )  # fmt: skip


def set_target_share(
    db: Database, period: str, rep: str, kind: str, origin_year: int, percent: Decimal | str, customer: str = ""
) -> ShareTarget:
    """Set a rep's target (in all, or for one customer) as a share of the debt open at the period's start
    on the rep's deliveries of a kind and year of origin (0: any year); the amount is kept, rounded to the cent.

    Raises:
        Rejected: naming each bad value (a share is a percentage from 0 to 100).
    """
    cells = {"period": period, "rep": rep, "customer": customer, "kind": kind, "origin_year": origin_year}
    problems: list[Problem] = []
    try:
        share = Decimal(str(percent).strip().rstrip("%").strip())
    except ArithmeticError:
        share = Decimal(-1)
    if not share.is_finite() or not 0 <= share <= 100:
        problems.append(Problem(None, "share", str(percent), R_("a percentage from 0 to 100")))
    with db.transaction() as session:
        reps = {r.code: r.id for r in store.reps(session)}
        customers = store.customer_ids(session, [customer.strip()]) if customer.strip() else {}
        target, found = _target_problems(None, cells, reps, customers, amount_required=False)
        reject_if(found + problems)
        assert target is not None
        as_of = Period.parse(target.period).start - timedelta(days=1)
        open_cents = store.open_debt(session, as_of, rep.strip(), target.kind, target.origin_year, target.customer_id)
        cents = to_minor(round_money(from_minor(open_cents) * share / 100))
        _put(session, replace(target, amount=cents))
    return ShareTarget(
        target.period, rep.strip(), customer.strip(), target.kind, target.origin_year, as_of, open_cents, share, cents
    )


def delete_target(db: Database, period: str, rep: str, kind: str, origin_year: int, customer: str = "") -> bool:
    """Remove one target row (a customer's when ``customer`` is given); False when there was none."""
    with db.transaction() as session:
        reps = {r.code: r.id for r in store.reps(session)}
        customer_id = store.customer_ids(session, [customer]).get(customer) if customer else None
        if rep not in reps or (customer and customer_id is None):
            return False
        return store.delete_target(session, Period.parse(period).label, reps[rep], kind, origin_year, customer_id)


def _inside(label: str, period: Period) -> bool:
    try:
        own = Period.parse(label)
    except InvalidValue:
        return False
    return period.start <= own.start and own.end <= period.end


def targets_in(db: Database, period: str | Period) -> list[TargetRow]:
    """The target rows, the reps' own and the customers', whose period lies inside ``period``
    (a quarter holds its months' rows too)."""
    wanted = period if isinstance(period, Period) else Period.parse(period)
    with db.reading() as session:
        return [row for row in store.targets(session) if _inside(row.period, wanted)]


def target_table(db: Database, period: str | None = None) -> tuple[list[str], list[list[object]]]:
    """The targets as a table that imports back: ``period, rep, customer, kind, origin_year, amount``."""
    if period:
        rows = targets_in(db, period)
    else:
        with db.reading() as session:
            rows = store.targets(session)
    return list(TARGET_COLUMNS), [
        [r.period, r.rep, r.customer or None, r.kind, r.origin_year, from_minor(r.amount)] for r in rows
    ]


def import_targets(db: Database, path: Path) -> list[Problem]:
    """Read targets from an ``.xlsx`` or ``.csv`` file (the ``targets`` import kind, columns as
    :func:`target_table`; ``customer``, ``kind`` and ``origin_year`` may be left out); all rows or none.

    A row replaces the target of the same period, rep, customer, kind and year. Returns the problems
    (row as the spreadsheet shows it, column, value, reason); empty when every row was saved.
    """
    from arddesk.services.importing import import_file  # the importer reads this module's TargetInput

    try:
        import_file(db, "targets", path)
    except Rejected as exc:
        return list(exc.problems)
    return []


@dataclass(frozen=True, slots=True)
class ProgressPart:
    """Target and collected for one kind of debt and year of origin (0: any year).

    ``covered`` False: money collected that no target row covers (``target`` 0, ``origin_year`` the
    deliveries' year), so that the parts always add up to what was collected.
    """

    kind: str
    origin_year: int
    target: int
    collected: int
    covered: bool = True


@dataclass(frozen=True, slots=True)
class ProgressLine:
    """Collected against target for a rep, a department (``level`` ``department``) or everyone (``total``)."""

    level: str
    key: str
    name: str
    department: str
    target: int
    collected: int
    parts: tuple[ProgressPart, ...]

    @property
    def percent(self) -> Decimal | None:
        """Collected as a percentage of the target, one decimal; None without a target."""
        if self.target <= 0:
            return None
        return (Decimal(self.collected) * 100 / Decimal(self.target)).quantize(Decimal("0.1"))


def _part_order(part: ProgressPart) -> tuple[bool, int, int]:
    return (not part.covered, TARGET_KINDS.index(part.kind) if part.kind in TARGET_KINDS else 99, part.origin_year)


def _parts(
    targets: dict[tuple[str, int], int], collected: Sequence[tuple[str, str, int, int]]
) -> tuple[ProgressPart, ...]:
    """A rep's parts: each target row's kind and year with what was collected on it, then what no row covers.

    Money collected on a kind and year goes to the target of that kind and year, else to the target of
    that kind for any year, else to a part of its own marked not covered.
    """
    money: dict[tuple[str, int, bool], int] = {(kind, year, True): 0 for kind, year in targets}
    for _rep, kind, year, cents in collected:
        if (kind, year) in targets:
            key = (kind, year, True)
        elif (kind, 0) in targets:
            key = (kind, 0, True)
        else:
            key = (kind, year, False)
        money[key] = money.get(key, 0) + cents
    parts = [
        ProgressPart(kind, year, targets.get((kind, year), 0) if covered else 0, cents, covered)
        for (kind, year, covered), cents in money.items()
    ]
    return tuple(sorted(parts, key=_part_order))


def progress(db: Database, period: str | Period) -> list[ProgressLine]:
    """Collected vs the reps' own targets in the period, per rep, then per department, then the total line.

    A rep appears when it has a target or collected something. ``parts`` break each line down by
    the targets' kinds and years of origin, and add a part for money no target row covers: the parts
    always add up to what was collected. Customers' targets are not a rep's (see
    :func:`arddesk.services.followup.promise_gaps`).
    """
    wanted = period if isinstance(period, Period) else Period.parse(period)
    with db.reading() as session:
        reps = store.reps(session)
        rows = [row for row in store.targets(session) if not row.customer and _inside(row.period, wanted)]
        money = store.collected(session, wanted.start, wanted.end)
    by_rep: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for item in money:
        by_rep[item[0]].append(item)
    target_by: dict[str, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        target_by[row.rep][(row.kind, row.origin_year)] += row.amount
    lines: list[ProgressLine] = []
    for rep in reps:
        if rep.code not in target_by and rep.code not in by_rep:
            continue
        collected_rows = by_rep.get(rep.code, [])
        targets = dict(target_by.get(rep.code, {}))
        lines.append(
            ProgressLine(
                "rep",
                rep.code,
                rep.name,
                rep.department,
                sum(targets.values()),
                sum(c for *_x, c in collected_rows),
                _parts(targets, collected_rows),
            )
        )
    departments: dict[str, list[ProgressLine]] = defaultdict(list)
    names = {r.department: r.department_name for r in reps}
    for line in lines:
        departments[line.department].append(line)
    result = list(lines)
    for code in sorted(departments):
        members = departments[code]
        result.append(
            ProgressLine(
                "department",
                code,
                names.get(code) or "(no department)",
                code,
                sum(m.target for m in members),
                sum(m.collected for m in members),
                _sum_parts(members),
            )
        )
    result.append(
        ProgressLine(
            "total", "TOTAL", "", "", sum(m.target for m in lines), sum(m.collected for m in lines), _sum_parts(lines)
        )
    )
    return result


def _sum_parts(lines: Sequence[ProgressLine]) -> tuple[ProgressPart, ...]:
    sums: dict[tuple[str, int, bool], list[int]] = {}
    for line in lines:
        for part in line.parts:
            pair = sums.setdefault((part.kind, part.origin_year, part.covered), [0, 0])
            pair[0] += part.target
            pair[1] += part.collected
    parts = [ProgressPart(k, y, t, c, covered) for (k, y, covered), (t, c) in sums.items()]
    return tuple(sorted(parts, key=_part_order))


# ---------------------------------------------------------------------------- priorities
@dataclass(frozen=True, slots=True)
class Priority:
    """A customer on the priority list, with how its score was made."""

    code: str
    name: str
    rep: str
    open: int
    overdue: int
    days_overdue: int
    debt_class: str
    score: Score
    debtor: DebtorRow
    key: bool = False  # among the key receivables (seed 000 §2.1) under the company's rule


def _debtor(row: DebtorRow) -> Debtor:
    return Debtor(
        row.code, row.days_overdue, row.overdue, DebtClass(row.debt_class), row.procedure, row.distance_km,
        row.late_days,
    )  # fmt: skip


def _priorities(
    db: Database, as_of: date, rep: str | None, window: tuple[date, date] | None, weights: PriorityWeights
) -> list[Priority]:
    thresholds = load_settings(db).thresholds
    with db.reading() as session:
        rows = store.debtors(session, as_of, thresholds, window, rep)
    found = [
        Priority(r.code, r.name, r.rep, r.open, r.overdue, r.days_overdue, r.debt_class, score(_debtor(r), weights), r)
        for r in rows
    ]
    found.sort(key=lambda p: (-p.score.total, -p.overdue, p.code))
    return found


def priorities(db: Database, as_of: date, *, rep: str | None = None) -> list[Priority]:
    """Every customer with something open as of a date, highest priority score first.

    Each says whether it is a key receivable: among the fewest customers, largest overdue first,
    holding the company's share of the overdue (of the rep's customers when ``rep`` is given).
    """
    found = _priorities(db, as_of, rep, None, load_plan_settings(db).weights)
    keys = set(key_receivables([(p.code, p.overdue) for p in found], load_settings(db).key_rule))
    return [replace(p, key=True) if p.code in keys else p for p in found]


# ---------------------------------------------------------------------------- schedule
def month_window(day: date) -> tuple[date, date]:
    """The month that starts at ``day``: ``day`` to the day before the same day next month."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    next_same = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day, next_same - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ScheduleMade:
    """What making a schedule did: entries made, the clerk's entries kept, customers left out."""

    made: int
    kept: int
    unplaced: tuple[str, ...]


def _plan_customers(
    candidates: Sequence[Priority], settings: PlanSettings, skip: set[str]
) -> tuple[list[PlanCustomer], list[str]]:
    beyond = settings.call_beyond_km
    customers, no_rep = [], []
    for p in candidates:
        row = p.debtor
        if row.to_collect <= 0 or row.code in skip:
            continue
        if not row.rep:
            no_rep.append(row.code)
            continue
        try:
            avoid = AvoidDays.parse(row.avoid_days)
        except InvalidValue:
            avoid = AvoidDays()
        customers.append(
            PlanCustomer(
                row.code,
                row.rep,
                p.score.total,
                row.to_collect,
                parse_settlement_days(row.settlement_days),
                # Money already overdue is chased at once (or on a settlement day), not at a later due date.
                () if row.overdue > 0 else row.due_in_window,
                avoid,
                channel_for(row.distance_km, beyond),
            )
        )
    return customers, no_rep


def _planned(
    db: Database, start: date, end: date, as_of: date | None, rep: str | None, kept: Sequence[EntryRow]
) -> tuple[list[PlannedVisit], list[str]]:
    settings = load_plan_settings(db)
    candidates = _priorities(db, as_of or start, rep, (start, end), settings.weights)
    skip = {e.customer for e in kept}
    taken: dict[tuple[str, date], int] = defaultdict(int)
    for e in kept:
        if e.state != "dropped":
            taken[(e.rep, e.planned_on)] += 1
    customers, no_rep = _plan_customers(candidates, settings, skip)
    made = make_schedule(customers, start, end, capacity=settings.capacity, taken=taken)
    return list(made.entries), [*made.unplaced, *no_rep]


def make_plan_schedule(
    db: Database, start: date, end: date, *, rep: str | None = None, as_of: date | None = None
) -> ScheduleMade:
    """Make (or re-make) the schedule from ``start`` to ``end`` for one rep or all, and save it.

    Priorities are as of ``as_of`` (default ``start``). Entries the clerk moved, dropped or
    marked done stay as they are and their customers are not planned again; the untouched
    entries of the window are replaced.
    """
    with db.reading() as session:
        kept = [
            e for e in store.entries(session, start, end, rep) if e.state != "planned" and start <= e.original_on <= end
        ]
    visits, unplaced = _planned(db, start, end, as_of, rep, kept)
    with db.transaction() as session:
        reps = {r.code: r.id for r in store.reps(session)}
        customers = store.customer_ids(session, [v.code for v in visits])
        records = [
            ScheduleEntryRecord(
                rep_id=reps[v.rep],
                customer_id=customers[v.code],
                original_on=v.day,
                planned_on=v.day,
                channel=v.channel.value,
                score=int((v.score * 100).to_integral_value()),
                amount=v.amount,
                reason=v.reason.value,
                state="planned",
                note="",
            )
            for v in visits
        ]
        scope = [reps[rep]] if rep is not None and rep in reps else ([] if rep is not None else list(reps.values()))
        store.replace_planned(session, start, end, scope, records)
    return ScheduleMade(len(records), len(kept), tuple(unplaced))


def schedule(db: Database, start: date, end: date, *, rep: str | None = None) -> list[EntryRow]:
    """The saved entries of the window (made for it or moved into it), highest score first."""
    with db.reading() as session:
        return store.entries(session, start, end, rep)


def _entry_or_reject(session: Any, entry_id: int) -> ScheduleEntryRecord:
    found = store.entry(session, entry_id)
    if found is None:
        raise Rejected([Problem(None, "entry", str(entry_id), R_("no such schedule entry"))])
    return found


def move_entry(db: Database, entry_id: int, to: date, note: str = "") -> None:
    """Move an entry to another day; it stays there when the schedule is re-made.

    Raises:
        Rejected: for an unknown entry or a day the customer will not pay.
    """
    with db.transaction() as session:
        found = _entry_or_reject(session, entry_id)
        avoid_text = store.customer_avoid_days(session, found.customer_id)
        try:
            avoid = AvoidDays.parse(avoid_text)
        except InvalidValue:
            avoid = AvoidDays()
        if avoid.avoids(to):
            raise Rejected([Problem(None, "date", to.isoformat(), R_("the customer does not pay on {days}"),
                                    {"days": str(avoid)})])
        found.planned_on = to
        found.state = "moved"
        found.reason = DateReason.MOVED.value
        found.note = note


def drop_entry(db: Database, entry_id: int, note: str = "") -> None:
    """Drop an entry from the schedule; it stays dropped when the schedule is re-made.

    Raises:
        Rejected: for an unknown entry.
    """
    with db.transaction() as session:
        found = _entry_or_reject(session, entry_id)
        found.state = "dropped"
        found.note = note


# ---------------------------------------------------------------------------- call sheet
@dataclass(frozen=True, slots=True)
class CallLine:
    """One customer on a rep's call sheet; money in cents, ``buckets`` as the aging's columns."""

    day: date
    channel: str
    customer: str
    name: str
    phone: str
    address: str
    buckets: tuple[int, ...]
    to_collect: int
    score: Decimal
    promise: Message | None
    excuse: str
    habits: PayHabits = field(default_factory=PayHabits)
    key: bool = False  # among the key receivables (seed 000 §2.1, the company's rule)


@dataclass(frozen=True, slots=True)
class CallSheet:
    """A rep's call sheet for a window."""

    rep: str
    rep_name: str
    start: date
    end: date
    bucket_labels: tuple[str, ...]
    lines: tuple[CallLine, ...]


def _follow_up(db: Database, as_of: date, codes: Sequence[str]) -> dict[str, tuple[Message | None, str]]:
    """Last promise and excuse per customer from the contact log."""
    latest = latest_by_customer(db, as_of, list(set(codes)))
    return {code: (item.promise, item.excuse) for code, item in latest.items()}


def call_sheets(db: Database, as_of: date, *, rep: str | None = None) -> list[CallSheet]:
    """Each rep's call sheet for the month starting at ``as_of``, priorities as of that day.

    The saved schedule of that window is used (dropped entries left out); without one, a
    schedule is worked out for the sheet and not saved.
    """
    start, end = month_window(as_of)
    saved = [e for e in schedule(db, start, end, rep=rep) if e.state != "dropped"]
    by_rep: dict[str, list[tuple[date, str, str, Decimal, int]]] = defaultdict(list)
    if saved:
        for e in saved:
            by_rep[e.rep].append((e.planned_on, e.channel, e.customer, Decimal(e.score) / 100, e.amount))
    else:
        visits, _ = _planned(db, start, end, as_of, rep, [])
        for v in visits:
            by_rep[v.rep].append((v.day, v.channel.value, v.code, v.score, v.amount))
    aging = aging_report(db, as_of)
    bucket_lines = {line.key: (line.not_due or 0, *line.buckets) for line in aging.lines}
    keys = set(key_receivables([(line.key, sum(line.buckets)) for line in aging.lines], load_settings(db).key_rule))
    labels = ("not_due", *aging.buckets.labels)
    codes = [item[2] for items in by_rep.values() for item in items]
    with db.reading() as session:
        details = store.customer_details(session, codes)
        habits = store.pay_habits(session, codes)
        rep_names = {r.code: r.name for r in store.reps(session)}
    follow = _follow_up(db, as_of, codes) if codes else {}
    sheets = []
    for code in sorted(by_rep):
        items = sorted(by_rep[code], key=lambda i: (i[0], -i[3], i[2]))
        lines = []
        for day, channel, customer, points, amount in items:
            name, phone, address = details.get(customer, ("", "", ""))
            promise, excuse = follow.get(customer, (None, ""))
            zero = tuple(0 for _ in labels)
            lines.append(
                CallLine(
                    day,
                    channel,
                    customer,
                    name,
                    phone,
                    address,
                    bucket_lines.get(customer, zero),
                    amount,
                    points,
                    promise,
                    excuse,
                    habits.get(customer, PayHabits()),
                    customer in keys,
                )
            )
        sheets.append(CallSheet(code, rep_names.get(code, code), start, end, labels, tuple(lines)))
    return sheets


# ---------------------------------------------------------------------------- demo
def _months(quarter: Period) -> list[Period]:
    first = quarter.start.month
    return [Period.parse(f"{quarter.start.year}-{month:02d}") for month in range(first, first + 3)]


def demo_factor(rep: str, month: str) -> Decimal:
    """The demo's target ÷ collected for a rep and month: from 0.80 to 1.30, fixed by the names.

    Mostly the rep's (so reps land in different attainment tiers over a quarter), a little the month's.
    """
    rep_part = zlib.crc32(rep.encode()) % 41  # 0..40 → 0.80..1.20
    month_part = zlib.crc32(f"{rep}/{month}".encode()) % 11  # 0..10 → +0.00..+0.10
    return Decimal(80 + rep_part + month_part) / 100


def _demo_history_targets(db: Database, today: date, skip: str) -> None:
    """Targets for each month of the last full quarter and of the current quarter (see :func:`seed_demo_plan`)."""
    current = Period.containing(today, like=Period.parse("2000Q1"))
    months = [m for m in (*_months(current.previous()), *_months(current)) if m.label != skip]
    with db.transaction() as session:
        reps = {r.code: r.id for r in store.reps(session)}
        for month in months:
            # A month not yet over is aimed at what its month a quarter earlier brought in.
            basis = month if month.end < today else Period.parse(_quarter_earlier(month))
            collected: dict[tuple[str, str], int] = defaultdict(int)
            for rep, kind, _year, cents in store.collected(session, basis.start, basis.end):
                if rep in reps and kind in TARGET_KINDS:
                    collected[(rep, kind)] += cents
            for (rep, kind), cents in sorted(collected.items()):
                amount = int((cents * demo_factor(rep, month.label) / 10_000).to_integral_value()) * 10_000
                if amount > 0:
                    store.put_target(session, month.label, reps[rep], kind, 0, amount)


def _quarter_earlier(month: Period) -> str:
    year, number = month.start.year, month.start.month - 3
    if number < 1:
        year, number = year - 1, number + 12
    return f"{year}-{number:02d}"


def seed_demo_plan(db: Database, today: date) -> ScheduleMade:
    """Give a demo company collection targets, past and next month's, and next month's schedule.

    Each rep's target for next month is half of what its customers have overdue today, split
    80/15/5 over normal, abnormal and written-out-of-stock goods, rounded to hundreds. Each
    month of the last full quarter and of the current quarter (but next month) gets, per rep
    and kind, what the rep collected on that kind that month × :func:`demo_factor`, rounded to
    hundreds; a month not yet over uses what was collected in its month a quarter earlier. So
    the Incentives page shows attainments in several tiers and the plan's progress has a past.
    """
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    label = f"{year}-{month:02d}"
    _demo_history_targets(db, today, skip=label)
    overdue: dict[str, int] = defaultdict(int)
    for p in priorities(db, today):
        if p.rep:
            overdue[p.rep] += p.overdue
    with db.transaction() as session:
        reps = {r.code: r.id for r in store.reps(session)}
        for code, cents in sorted(overdue.items()):
            for kind, share in zip(TARGET_KINDS, (80, 15, 5), strict=True):
                amount = cents * share // 200 // 10_000 * 10_000
                if amount > 0:
                    store.put_target(session, label, reps[code], kind, 0, amount)
    start = date(year, month, 1)
    return make_plan_schedule(db, start, month_window(start)[1], as_of=today)
