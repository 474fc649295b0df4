"""The clerk's risk actions: move a debt to a class, record its cause, flag warning signs; and
the reads that show them: classes behind the aging grid, class totals, early warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from arddesk.domain.aging import Basis, BucketSet, DebtClass
from arddesk.domain.classes import (
    CLASS_ORDER,
    DISPUTED_CAUSES,
    ClassOverride,
    DebtCause,
    EffectiveClass,
    effective_class,
    override_problems,
    worse,
)
from arddesk.domain.problems import R_, Problem
from arddesk.domain.warnings import (
    DEFAULT_PUNCTUAL_DAYS,
    DEFAULT_SPIKE_FACTOR,
    DEFAULT_TREND_RISE_DAYS,
    FLAG_KINDS,
    Flag,
    PayMonth,
    Warning,
    WarningKind,
    flag_warning,
    over_limit,
    parse_factor,
    paying_later,
    previous_month,
    purchase_spike,
)
from arddesk.services import followup
from arddesk.services.errors import Rejected, reject_if
from arddesk.services.settings import load_settings
from arddesk.store import risk as store
from arddesk.store.aging import GroupBy
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.risk import FlagRow, OverrideLogRow, OverrideRow
from arddesk.store.settings import read_settings, write_settings

__all__ = [
    "ClassifiedDelivery",
    "FlagRow",
    "OverrideLogRow",
    "OverrideRow",
    "WarningSettings",
    "add_flag",
    "cell_detail",
    "class_overrides",
    "class_totals",
    "clear_cause",
    "clear_class",
    "customer_class",
    "early_warnings",
    "list_flags",
    "load_warning_settings",
    "resolve_flag",
    "set_cause",
    "set_class",
    "update_warning_settings",
]


# ---------------------------------------------------------------------------- settings
@dataclass(frozen=True, slots=True)
class WarningSettings:
    """The early-warning rules' company settings (stored as text in the ``setting`` table)."""

    spike_factor: str = DEFAULT_SPIKE_FACTOR
    punctual_days: str = str(DEFAULT_PUNCTUAL_DAYS)
    trend_rise_days: str = str(DEFAULT_TREND_RISE_DAYS)

    def problems(self) -> list[Problem]:
        """What is wrong with these values (empty when valid)."""
        found = []
        try:
            parse_factor(self.spike_factor)
        except (ValueError, ZeroDivisionError):
            found.append(Problem(None, "spike_factor", self.spike_factor, R_("a number above 1, e.g. 2.5")))
        for name in ("punctual_days", "trend_rise_days"):
            value = getattr(self, name)
            if not value.strip().isdigit():
                found.append(Problem(None, name, value, R_("a whole number of days")))
        return found


def load_warning_settings(db: Database) -> WarningSettings:
    """The early-warning settings, with defaults for anything never set."""
    with db.reading() as session:
        stored = read_settings(session)
    return WarningSettings(
        **{k: stored[k] for k in ("spike_factor", "punctual_days", "trend_rise_days") if k in stored}
    )


def update_warning_settings(db: Database, **changes: str) -> WarningSettings:
    """Change the early-warning settings; nothing is saved if any value is wrong.

    Raises:
        Rejected: with one problem per bad value.
    """
    current = load_warning_settings(db)
    try:
        updated = WarningSettings(**{**{k: getattr(current, k) for k in WarningSettings.__slots__}, **changes})
    except TypeError as exc:
        raise Rejected([Problem(None, "", "", R_("unknown setting ({error})"), {"error": str(exc)})]) from exc
    reject_if(updated.problems())
    with db.transaction() as session:
        write_settings(session, changes)
    return updated


# ---------------------------------------------------------------------------- classes
def _customer(session: UnitOfWork, code: str) -> int:
    found = store.customer_id(session, code)
    if found is None:
        raise Rejected([Problem(None, "customer", code, R_("no such customer"))])
    return found


def _delivery(session: UnitOfWork, number: str, customer: int) -> int:
    found = store.delivery_ids(session, number)
    if found is None:
        raise Rejected([Problem(None, "delivery", number, R_("no such delivery"))])
    if found[1] != customer:
        raise Rejected([Problem(None, "delivery", number, R_("belongs to another customer"))])
    return found[0]


def set_class(db: Database, customer: str, debt_class: str, reason: str, *, delivery: str | None = None) -> None:
    """Put a delivery (or, without ``delivery``, everything the customer owes) in a class, with a reason.

    The override replaces any earlier one for the same delivery or customer and stays until cleared.

    Raises:
        Rejected: unknown class, no reason, unknown customer or delivery.
    """
    reject_if(override_problems(debt_class, reason))
    with db.transaction() as session:
        customer_id = _customer(session, customer)
        delivery_id = None if delivery is None else _delivery(session, delivery, customer_id)
        store.put_override(session, customer_id, delivery_id, debt_class, reason.strip())


def clear_class(db: Database, customer: str, *, delivery: str | None = None) -> bool:
    """Back to the class by days for a delivery (or the customer); False when there was no override.

    Raises:
        Rejected: unknown customer or delivery.
    """
    with db.transaction() as session:
        customer_id = _customer(session, customer)
        delivery_id = None if delivery is None else _delivery(session, delivery, customer_id)
        return store.clear_override(session, customer_id, delivery_id) > 0


def class_overrides(db: Database, customer: str | None = None) -> list[OverrideRow]:
    """The clerk's overrides, with reason, who and when (of one customer, or all)."""
    with db.reading() as session:
        customer_id = None if customer is None else _customer(session, customer)
        return store.overrides(session, customer_id)


def class_history(db: Database, customer: str) -> list[OverrideLogRow]:
    """Every class the clerk set or cleared for a customer and its deliveries, oldest first.

    Raises:
        Rejected: unknown customer.
    """
    with db.reading() as session:
        return store.override_log(session, _customer(session, customer))


def class_totals(db: Database, as_of: date, *, by: GroupBy | str | None = None) -> dict[str, dict[DebtClass, int]]:
    """Open cents by effective class, per group key (``""`` for the whole company when ``by`` is None).

    Every class appears for every key (zero when nothing is in it).
    """
    thresholds = load_settings(db).thresholds
    with db.reading() as session:
        raw = store.class_totals(session, as_of, thresholds, None if by is None else GroupBy(by))
    if not raw and by is None:
        raw = {"": {}}
    return {key: {cls: values.get(cls.value, 0) for cls in CLASS_ORDER} for key, values in raw.items()}


@dataclass(frozen=True, slots=True)
class ClassifiedDelivery:
    """An open delivery behind a cell of the aging grid, with its effective class and cause; money in cents."""

    number: str
    customer: str
    customer_name: str
    date: dt.date
    due_date: dt.date | None
    days_overdue: int
    open: int
    bucket: str
    debt_class: EffectiveClass
    cause: DebtCause | None
    cause_note: str

    @property
    def disputed(self) -> bool:
        """Whether the cause is a dispute (a non-sales cause)."""
        return self.cause in DISPUTED_CAUSES


def cell_detail(
    db: Database,
    as_of: date,
    *,
    by: GroupBy | str = GroupBy.CUSTOMER,
    key: str | None = None,
    bucket: str | None = None,
    buckets: str | None = None,
    basis: Basis | str = Basis.DUE,
    disputed_only: bool = False,
    limit: int = 20000,
) -> list[ClassifiedDelivery]:
    """The deliveries behind a cell of the aging grid (``aging_report`` with the same arguments).

    Args:
        key: the row's key (customer code, rep or department code); None for every row.
        bucket: ``not_due`` or a bucket label; None for the whole row.
        disputed_only: only deliveries whose cause is a dispute.
        limit: at most this many, oldest first.

    Raises:
        InvalidValue: for bad bucket edges.
    """
    bucket_set = BucketSet.parse(buckets or load_settings(db).aging_buckets, basis)
    thresholds = load_settings(db).thresholds
    causes = sorted(c.value for c in DISPUTED_CAUSES) if disputed_only else None
    with db.reading() as session:
        rows = store.cell_deliveries(session, as_of, bucket_set, GroupBy(by), key, bucket, disputed=causes, limit=limit)
    result = []
    for row in rows:
        delivery_override = (
            ClassOverride(DebtClass(row.delivery_override[0]), row.delivery_override[1])
            if (row.delivery_override)
            else None
        )
        customer_override = (
            ClassOverride(DebtClass(row.customer_override[0]), row.customer_override[1])
            if (row.customer_override)
            else None
        )
        result.append(
            ClassifiedDelivery(
                number=row.number,
                customer=row.customer,
                customer_name=row.customer_name,
                date=row.date,
                due_date=row.due_date,
                days_overdue=row.days_overdue,
                open=row.open,
                bucket=row.bucket,
                debt_class=effective_class(
                    row.days_overdue if row.due_date is not None else None,
                    thresholds,
                    delivery_override=delivery_override,
                    customer_override=customer_override,
                ),
                cause=DebtCause(row.cause) if row.cause else None,
                cause_note=row.cause_note,
            )
        )
    return result


def customer_class(db: Database, customer: str, as_of: date) -> DebtClass:
    """The customer's class: the worst effective class of what it owes (not yet due when nothing)."""
    result = DebtClass.NOT_DUE
    for item in cell_detail(db, as_of, by=GroupBy.CUSTOMER, key=customer):
        result = worse(result, item.debt_class.debt_class)
    return result


def disputed_by_key(db: Database, as_of: date, *, by: GroupBy | str = GroupBy.CUSTOMER) -> dict[str, tuple[int, int]]:
    """{row key: (number of disputed open deliveries, their open cents)} for the aging grid."""
    with db.reading() as session:
        return store.disputed_by_key(session, as_of, GroupBy(by), sorted(c.value for c in DISPUTED_CAUSES))


# ---------------------------------------------------------------------------- causes
def set_cause(db: Database, delivery: str, cause: str, note: str = "") -> None:
    """Record why a delivery is unpaid (replacing any earlier cause).

    Raises:
        Rejected: unknown delivery or cause.
    """
    if cause not in {c.value for c in DebtCause}:
        choices = ", ".join(c.value for c in DebtCause)
        raise Rejected([Problem(None, "cause", cause, R_("one of {choices}"), {"choices": choices})])
    with db.transaction() as session:
        found = store.delivery_ids(session, delivery)
        if found is None:
            raise Rejected([Problem(None, "delivery", delivery, R_("no such delivery"))])
        store.put_cause(session, found[0], cause, note.strip())


def clear_cause(db: Database, delivery: str) -> None:
    """Forget the cause of a delivery's debt.

    Raises:
        Rejected: unknown delivery.
    """
    with db.transaction() as session:
        found = store.delivery_ids(session, delivery)
        if found is None:
            raise Rejected([Problem(None, "delivery", delivery, R_("no such delivery"))])
        store.clear_cause(session, found[0])


# ---------------------------------------------------------------------------- flags and warnings
def add_flag(db: Database, customer: str, kind: str, on: date, note: str) -> int:
    """The clerk records a warning sign (contact changed, closure…) with its date and a note; returns its id.

    Raises:
        Rejected: unknown customer or kind, or no note.
    """
    problems = []
    if kind not in {k.value for k in FLAG_KINDS}:
        problems.append(
            Problem(None, "kind", kind, R_("one of {choices}"), {"choices": ", ".join(k.value for k in FLAG_KINDS)})
        )
    if not note.strip():
        problems.append(Problem(None, "note", note, R_("say what was seen")))
    reject_if(problems)
    with db.transaction() as session:
        return store.add_flag(session, _customer(session, customer), kind, on, note.strip())


def resolve_flag(db: Database, flag_id: int, on: date) -> None:
    """Close a flag: it warns no more from ``on``.

    Raises:
        Rejected: no such flag.
    """
    with db.transaction() as session:
        if not store.resolve_flag(session, flag_id, on):
            raise Rejected([Problem(None, "flag", str(flag_id), R_("no such flag"))])


def list_flags(db: Database, customer: str | None = None) -> list[FlagRow]:
    """The clerk's flags, newest first (of one customer, or all)."""
    with db.reading() as session:
        customer_id = None if customer is None else _customer(session, customer)
        return store.flags(session, customer_id)


def early_warnings(db: Database, as_of: date, customer: str | None = None) -> list[Warning]:
    """Every open warning as of a date: purchase spikes (this month and the last), the days-to-pay
    trend, over the credit limit (today's balance), the clerk's open flags and broken payment
    promises; by customer, then kind.
    """
    settings = load_warning_settings(db)
    factor: Fraction = parse_factor(settings.spike_factor)
    month = (as_of.year, as_of.month)
    found: list[Warning] = []
    with db.reading() as session:
        only = None
        if customer is not None:
            only = store.customer_id(session, customer)
            if only is None:
                return []
        purchases = store.monthly_purchases(session, as_of, customer=only)
        history = store.pay_history(session, as_of, customer=only)
        limits = store.balances_and_limits(session, customer=only)
        flag_rows = store.flags(session, only)
    for code, bought in purchases.items():
        for judged in (month, previous_month(month)):
            spike = purchase_spike(code, judged, bought.months, factor, first=bought.first)
            if spike is not None:
                found.append(spike)
                break
    for code, months in history.items():
        trend = paying_later(
            code,
            as_of,
            [PayMonth(m, n, late) for m, n, late in months],
            punctual_days=int(settings.punctual_days),
            rise_days=int(settings.trend_rise_days),
        )
        if trend is not None:
            found.append(trend)
    for code, balance, limit in limits:
        warning = over_limit(code, as_of, balance, limit)
        if warning is not None:
            found.append(warning)
    for row in flag_rows:
        flag = Flag(row.id, row.customer, WarningKind(row.kind), row.on, row.note, row.resolved_on)
        warning = flag_warning(flag, as_of)
        if warning is not None:
            found.append(warning)
    found += followup.promise_warnings(db, as_of, customer)
    order = list(WarningKind)
    return sorted(found, key=lambda w: (w.customer, order.index(w.kind), w.on))
