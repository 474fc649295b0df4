"""The reads behind exporting the ledger: every row of a kind, codes instead of ids.

Rows come back in an order that a re-import reproduces (terms, staff and customers by
code, the rest by date and then entry order), so an export of a re-imported company is
the same file. Void documents, and the allocations a void released, are left out: an
export is the books as they stand (the voids stay in the company's own audit trail).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import ScalarSelect, case, select
from sqlalchemy.orm import Session, aliased

from arddesk.store.credit import CreditChange
from arddesk.store.models import Adjustment, Allocation, Customer, Delivery, Department, Payment, PaymentTerms, Rep

_BATCH = 5_000


class TermsRecord(NamedTuple):
    """A terms row."""

    code: str
    kind: str
    days: int | None
    day_of_month: int | None
    months: int | None
    cutoff_day: int | None
    discount_percent: Decimal | None
    discount_days: int | None


class CustomerRecord(NamedTuple):
    """A customer with the codes of its terms, rep and department; money in cents."""

    code: str
    name: str
    terms: str
    credit_limit: int | None
    rep: str | None
    department: str | None
    grade: str
    phone: str
    address: str
    language: str
    settlement_days: str
    distance_km: int | None
    procedure: str
    hold_state: str
    hold_reason: str | None
    avoid_days: str
    delivery_cap: int | None
    pay_method: str
    approver: str
    signer: str
    reconciles: str
    invoice: str
    pay_note: str


class StaffRecord(NamedTuple):
    """A rep with their department's code and name; ``head`` when they head their own department."""

    code: str
    name: str
    department: str | None
    role: str
    phone: str
    active: bool
    department_name: str | None


class DeliveryRecord(NamedTuple):
    """A delivery; ``rep`` is the delivery's own rep, ``customer_rep`` the customer's today."""

    number: str
    customer: str
    date: dt.date
    amount: int
    due_date: dt.date | None
    due_fixed: bool
    rep: str | None
    customer_rep: str | None
    category: str
    model: str
    note: str


class MoneyRecord(NamedTuple):
    """A payment or an adjustment; ``kind`` is the method or the kind, ``text`` the note or reason."""

    id: int
    number: str
    customer: str
    date: dt.date
    amount: int
    kind: str
    text: str


def terms_records(session: Session) -> list[TermsRecord]:
    """Every set of terms, by code."""
    rows = session.execute(
        select(
            PaymentTerms.code,
            PaymentTerms.kind,
            PaymentTerms.days,
            PaymentTerms.day_of_month,
            PaymentTerms.months,
            PaymentTerms.cutoff_day,
            PaymentTerms.discount_bp,
            PaymentTerms.discount_days,
        ).order_by(PaymentTerms.code)
    )
    return [
        TermsRecord(*row[:6], None if row[6] is None else Decimal(row[6]) / 100, row[7])
        for row in rows
    ]


def _hold_reason() -> ScalarSelect[str]:
    """The reason of the change that put a customer in its hold state (none while it is normal)."""
    return (
        select(CreditChange.reason)
        .where(
            CreditChange.customer_id == Customer.id,
            CreditChange.field == "hold",
            CreditChange.new_value == Customer.hold_state,
            Customer.hold_state != "normal",
        )
        .order_by(CreditChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def staff_records(session: Session) -> list[StaffRecord]:
    """Every rep, by code."""
    rows = session.execute(
        select(
            Rep.code,
            Rep.name,
            Department.code,
            case((Department.head_rep_id == Rep.id, "head"), else_="rep"),
            Rep.phone,
            Rep.active,
            Department.name,
        )
        .outerjoin(Department, Department.id == Rep.department_id)
        .order_by(Rep.code)
    )
    return [StaffRecord._make(row) for row in rows]


def customer_records(session: Session) -> list[CustomerRecord]:
    """Every customer, by code."""
    rows = session.execute(
        select(
            Customer.code,
            Customer.name,
            PaymentTerms.code,
            Customer.credit_limit,
            Rep.code,
            Department.code,
            Customer.grade,
            Customer.phone,
            Customer.address,
            Customer.language,
            Customer.settlement_days,
            Customer.distance_km,
            Customer.procedure,
            Customer.hold_state,
            _hold_reason(),
            Customer.avoid_days,
            Customer.delivery_cap,
            Customer.pay_method,
            Customer.approver,
            Customer.signer,
            Customer.reconciles,
            Customer.invoice,
            Customer.pay_note,
        )
        .join(PaymentTerms, PaymentTerms.id == Customer.terms_id)
        .outerjoin(Rep, Rep.id == Customer.rep_id)
        .outerjoin(Department, Department.id == Customer.department_id)
        .order_by(Customer.code)
    )
    return [CustomerRecord._make(row) for row in rows]


def delivery_records(session: Session) -> Iterator[DeliveryRecord]:
    """Every delivery, by date and then entry order, read in batches."""
    delivery_rep = aliased(Rep)
    customer_rep = aliased(Rep)
    statement = (
        select(
            Delivery.number,
            Customer.code,
            Delivery.date,
            Delivery.amount,
            Delivery.due_date,
            Delivery.due_fixed,
            delivery_rep.code,
            customer_rep.code,
            Delivery.category,
            Delivery.model,
            Delivery.note,
        )
        .join(Customer, Customer.id == Delivery.customer_id)
        .outerjoin(delivery_rep, delivery_rep.id == Delivery.rep_id)
        .outerjoin(customer_rep, customer_rep.id == Customer.rep_id)
        .where(Delivery.voided_on.is_(None))
        .order_by(Delivery.date, Delivery.id)
        .execution_options(yield_per=_BATCH)
    )
    for row in session.execute(statement):
        yield DeliveryRecord._make(row)


def _earned_discounts(session: Session) -> set[str]:
    """Numbers of the early-payment discounts (``DSC-<payment>-<delivery>``) that a payment in force earned.

    Importing the payments earns them again, the same, so an export leaves them out.
    """
    numbers = list(
        session.scalars(
            select(Adjustment.number).where(
                Adjustment.kind == "discount", Adjustment.number.startswith("DSC-"), Adjustment.voided_on.is_(None)
            )
        )
    )
    # A payment number may itself hold "-": every prefix up to a "-" is a candidate.
    candidates = {
        number: {number[4:cut] for cut in range(5, len(number)) if number[cut] == "-"} for number in numbers
    }
    wanted = sorted(set().union(*candidates.values())) if candidates else []
    paid: set[str] = set()
    for start in range(0, len(wanted), _BATCH):
        paid.update(
            session.scalars(
                select(Payment.number).where(
                    Payment.number.in_(wanted[start : start + _BATCH]), Payment.voided_on.is_(None)
                )
            )
        )
    return {number for number, payments in candidates.items() if payments & paid}


def money_records(session: Session, table: str) -> Iterator[MoneyRecord]:
    """Every ``payment`` or ``adjustment`` in force, by date and then entry order (without the
    early-payment discounts that importing the payments earns again)."""
    skipped = _earned_discounts(session) if table == "adjustment" else set()
    model: type[Payment] | type[Adjustment] = Payment if table == "payment" else Adjustment
    kind = Payment.method if model is Payment else Adjustment.kind
    text = Payment.note if model is Payment else Adjustment.reason
    statement = (
        select(model.id, model.number, Customer.code, model.date, model.amount, kind, text)
        .join(Customer, Customer.id == model.customer_id)
        .where(model.voided_on.is_(None))
        .order_by(model.date, model.id)
        .execution_options(yield_per=_BATCH)
    )
    for row in session.execute(statement):
        if row[1] not in skipped:
            yield MoneyRecord._make(row)


def allocations_by_source(session: Session, table: str) -> dict[int, list[tuple[str, int]]]:
    """Source id → (delivery number, cents) of what a payment or adjustment has applied to each delivery
    and still in force, in the order of its first allocation there (credit applied later to a delivery
    the source already paid adds to it: an ``applies_to`` names a delivery once)."""
    key = Allocation.payment_id if table == "payment" else Allocation.adjustment_id
    rows = session.execute(
        select(key, Delivery.number, Allocation.amount)
        .join(Delivery, Delivery.id == Allocation.delivery_id)
        .where(key.is_not(None), Allocation.released_on.is_(None))
        .order_by(key, Allocation.id)
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for source_id, number, amount in rows:
        if source_id is not None:
            paid = result[source_id]
            paid[number] = paid.get(number, 0) + amount
    return {source_id: list(paid.items()) for source_id, paid in result.items()}
