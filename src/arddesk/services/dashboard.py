"""The owner's dashboard: what is owed, how much is late, how fast it comes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from arddesk.domain.aging import Basis, DebtClass
from arddesk.domain.dashboard import DSO_DAYS, dso, share
from arddesk.domain.dates import add_months, month_end
from arddesk.domain.keys import key_receivables
from arddesk.domain.warnings import Warning
from arddesk.services import risk
from arddesk.services.aging import aging_report
from arddesk.services.settings import load_settings
from arddesk.store import risk as store
from arddesk.store.aging import GroupBy
from arddesk.store.db import Database


@dataclass(frozen=True, slots=True)
class OverdueCustomer:
    """A customer among the largest overdue; money in cents."""

    code: str
    name: str
    overdue: int
    total: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The owner's figures as of a date; money in cents.

    Attributes:
        receivable: the aging total (open deliveries net of unapplied credits).
        overdue: open amounts past their due date.
        overdue_share: overdue as a percentage of the open deliveries (None when nothing is open).
        dso: days sales outstanding over the last 90 days (None without sales).
        cash_this_month: payments from the first of the as-of month to the as-of date.
        cash_last_month: payments in the whole previous month.
        cash_last_month_to_date: payments in the previous month up to the same day of the month
            (its last day when it is shorter), to compare like for like with ``cash_this_month``.
        buckets: (label, cents) of the aging's total line: not due, then each bucket.
        classes: cents by effective class.
        top_overdue: the key receivables (seed 000 §2.1): the fewest customers, largest overdue first,
            holding the share of the overdue the company's rule says (see ``domain.keys``).
        warnings: the open early warnings.
    """

    as_of: date
    receivable: int
    overdue: int
    overdue_share: Decimal | None
    dso: Decimal | None
    cash_this_month: int
    cash_last_month: int
    buckets: list[tuple[str, int]]
    classes: dict[DebtClass, int]
    top_overdue: list[OverdueCustomer]
    warnings: list[Warning]
    cash_last_month_to_date: int


def dashboard(db: Database, as_of: date, *, top: int | None = None) -> Dashboard:
    """Every figure of the owner's dashboard as of a date (buckets from the company's default)."""
    report = aging_report(db, as_of, by=GroupBy.CUSTOMER, basis=Basis.DUE)
    total = report.total
    overdue = sum(total.buckets)
    open_deliveries = overdue + (total.not_due or 0)
    first = as_of.replace(day=1)
    last_year, last_month = add_months(as_of.year, as_of.month, -1)
    with db.reading() as session:
        this_month = store.payments_between(session, first, as_of)
        previous = store.payments_between(session, date(last_year, last_month, 1), month_end(last_year, last_month))
        same_day = min(month_end(last_year, last_month), date(last_year, last_month, 1) + (as_of - first))
        previous_to_date = store.payments_between(session, date(last_year, last_month, 1), same_day)
        sales = store.deliveries_between(session, as_of - timedelta(days=DSO_DAYS - 1), as_of)
    ranked = sorted(
        (OverdueCustomer(line.key, line.name, sum(line.buckets), line.total) for line in report.lines),
        key=lambda c: (-c.overdue, c.code),
    )
    keys = set(key_receivables([(c.code, c.overdue) for c in ranked], load_settings(db).key_rule))
    return Dashboard(
        as_of=as_of,
        receivable=total.total,
        overdue=overdue,
        overdue_share=share(overdue, open_deliveries),
        dso=dso(total.total, sales),
        cash_this_month=this_month,
        cash_last_month=previous,
        buckets=[("not_due", total.not_due or 0), *zip(report.buckets.labels, total.buckets, strict=True)],
        classes=risk.class_totals(db, as_of)[""],
        top_overdue=[c for c in ranked if c.code in keys][:top],  # the rule's own cut unless ``top`` is smaller
        warnings=risk.early_warnings(db, as_of),
        cash_last_month_to_date=previous_to_date,
    )
