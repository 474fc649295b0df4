"""The aging report: what is owed, how old, as of any date."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from arddesk.domain.aging import Basis, BucketSet, ClassThresholds, DebtClass
from arddesk.domain.classes import ClassOverride, effective_class
from arddesk.services.settings import load_settings
from arddesk.store.aging import AgingLine, GroupBy, OpenDelivery, aging_lines, open_deliveries
from arddesk.store.db import Database
from arddesk.store.ledger import code_ids
from arddesk.store.risk import overrides

TOTAL_KEY = "TOTAL"


@dataclass(frozen=True, slots=True)
class AgingReport:
    """An aging grid with the arguments that made it and its total line."""

    as_of: date
    by: GroupBy
    buckets: BucketSet
    lines: list[AgingLine]

    @property
    def columns(self) -> list[str]:
        """Column names as in the contract: key, name, not_due, buckets…, unapplied, total."""
        return ["key", "name", "not_due", *self.buckets.labels, "unapplied", "total"]

    @property
    def total(self) -> AgingLine:
        """The TOTAL line: each column summed."""
        width = len(self.buckets.edges) + 1
        not_due = None if self.buckets.basis is Basis.DELIVERY else sum(line.not_due or 0 for line in self.lines)
        return AgingLine(
            TOTAL_KEY,
            "",
            not_due,
            tuple(sum(line.buckets[i] for line in self.lines) for i in range(width)),
            sum(line.unapplied for line in self.lines),
        )


def _buckets(db: Database, buckets: str | None, basis: Basis | str) -> BucketSet:
    return BucketSet.parse(buckets or load_settings(db).aging_buckets, basis)


def aging_report(
    db: Database,
    as_of: date,
    *,
    by: GroupBy | str = GroupBy.CUSTOMER,
    buckets: str | None = None,
    basis: Basis | str = Basis.DUE,
) -> AgingReport:
    """The aging grid; ``buckets`` None uses the company's saved default.

    Raises:
        InvalidValue: for bad bucket edges.
    """
    bucket_set = _buckets(db, buckets, basis)
    with db.reading() as session:
        lines = aging_lines(session, as_of, bucket_set, GroupBy(by))
    return AgingReport(as_of, GroupBy(by), bucket_set, lines)


def aging_detail(
    db: Database,
    as_of: date,
    *,
    buckets: str | None = None,
    basis: Basis | str = Basis.DUE,
    customer: str | None = None,
) -> list[OpenDelivery]:
    """Every open delivery as of a date with its bucket and class, optionally for one customer.

    The class is the effective one: the clerk's override of the delivery, else of the
    customer, else by days overdue.
    """
    bucket_set = _buckets(db, buckets, basis)
    thresholds = ClassThresholds.parse(load_settings(db).class_thresholds)
    with db.reading() as session:
        customer_id = None
        if customer is not None:
            customer_id = code_ids(session, "customer").get(customer)
            if customer_id is None:
                return []
        items = open_deliveries(session, as_of, bucket_set, thresholds, customer_id)
        decided = {
            (row.customer, row.delivery): ClassOverride(DebtClass(row.debt_class), row.reason)
            for row in overrides(session, customer_id)
        }
    if not decided:
        return items
    result = []
    for item in items:
        debt_class = effective_class(
            item.days_overdue,
            thresholds,
            delivery_override=decided.get((item.customer, item.number)),
            customer_override=decided.get((item.customer, "")),
        ).debt_class
        result.append(replace(item, debt_class=debt_class))
    return result
