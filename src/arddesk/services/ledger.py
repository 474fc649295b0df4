"""Recording the ledger: terms, customers, deliveries, payments, adjustments.

Each public function is one user action in one transaction. The ``post_*`` functions
work inside a caller's session so that an import can post a whole file at once; they
return the problems they found (``Problem.row`` is the index of the item) and the
caller rolls everything back if there are any.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from arddesk.domain.allocation import OpenItem, allocate, parse_applies_to
from arddesk.domain.money import to_minor
from arddesk.domain.problems import InvalidValue, Problem
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services.errors import Rejected, reject_if
from arddesk.store.db import Database
from arddesk.store.ledger import open_items, refresh_derived, set_due_dates
from arddesk.store.models import (
    Adjustment,
    Allocation,
    Customer,
    Delivery,
    Department,
    Payment,
    PaymentTerms,
    Rep,
    current_user,
)

CATEGORIES = ("normal", "abnormal", "out_of_stock")
MODELS = ("", "old", "new")
METHODS = ("cash", "transfer", "other")
ADJUSTMENT_KINDS = ("return", "discount", "rebate", "write_off")
LANGUAGES = ("en", "zh")
PROCEDURES = ("simple", "normal", "complex")


@dataclass(frozen=True, slots=True)
class CustomerInput:
    """A customer as entered in a form or an import row (codes, not ids)."""

    code: str
    name: str
    terms: str
    credit_limit: Decimal | None = None
    rep: str = ""
    department: str = ""
    grade: str = ""
    phone: str = ""
    address: str = ""
    language: str = "zh"
    settlement_days: str = ""
    distance_km: int | None = None
    procedure: str = "normal"


@dataclass(frozen=True, slots=True)
class DeliveryInput:
    """A delivery as entered: ``due_date`` overrides the terms, ``rep`` defaults to the customer's."""

    number: str
    customer: str
    date: date
    amount: Decimal
    due_date: date | None = None
    rep: str = ""
    category: str = "normal"
    model: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class MoneyInput:
    """A payment or an adjustment as entered.

    ``kind`` is the payment method (cash/transfer/other) or the adjustment kind
    (return/discount/rebate/write_off); ``applies_to`` is ``D1;D2=100.00`` or blank for
    oldest first; ``text`` is the payment's note or the adjustment's reason.
    """

    customer: str
    date: date
    amount: Decimal
    kind: str
    number: str = ""
    applies_to: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Posted:
    """What posting a payment or adjustment did: its id, the allocations, the credit left."""

    id: int
    number: str
    allocations: tuple[tuple[str, int], ...] = field(default=())
    unapplied: int = 0


def _audit() -> dict[str, object]:
    now = datetime.now().replace(microsecond=0)
    user = current_user()
    return {"created_at": now, "created_by": user, "updated_at": now, "updated_by": user}


def _terms_of(row: PaymentTerms) -> Terms:
    return Terms(row.code, TermsKind(row.kind), row.days, row.day_of_month, row.months, row.cutoff_day)


# ---------------------------------------------------------------- master data


def post_terms(session: Session, items: Sequence[Terms]) -> list[Problem]:
    """Create or update terms by code."""
    problems = [Problem(i, f, "", reason) for i, item in enumerate(items) for f, reason in item.problems()]
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.code in seen:
            problems.append(Problem(index, "code", item.code, "appears twice in the file"))
        seen.add(item.code)
    if problems:
        return problems
    existing = {row.code: row for row in session.scalars(select(PaymentTerms))}
    for item in items:
        values = {
            "kind": item.kind.value,
            "days": item.days,
            "day_of_month": item.day_of_month,
            "months": item.months,
            "cutoff_day": item.cutoff_day,
        }
        row = existing.get(item.code)
        if row is None:
            session.add(PaymentTerms(code=item.code, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
    return []


def save_terms(db: Database, terms: Terms) -> None:
    """Create or change one set of payment terms."""
    with db.transaction() as session:
        reject_if(post_terms(session, [terms]))


def _rep_id(session: Session, cache: dict[str, int], code: str, department_id: int | None) -> int | None:
    if not code:
        return None
    if code not in cache:
        rep = Rep(code=code, name=code, department_id=department_id)
        session.add(rep)
        session.flush()
        cache[code] = rep.id
    return cache[code]


def _department_id(session: Session, cache: dict[str, int], code: str) -> int | None:
    if not code:
        return None
    if code not in cache:
        department = Department(code=code, name=code)
        session.add(department)
        session.flush()
        cache[code] = department.id
    return cache[code]


def post_customers(session: Session, items: Sequence[CustomerInput]) -> list[Problem]:
    """Create or update customers by code; unknown reps and departments are created."""
    terms = dict(session.execute(select(PaymentTerms.code, PaymentTerms.id)).all())
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not item.code.strip():
            problems.append(Problem(index, "code", "", "required"))
        if item.code in seen:
            problems.append(Problem(index, "code", item.code, "appears twice in the file"))
        seen.add(item.code)
        if not item.name.strip():
            problems.append(Problem(index, "name", "", "required"))
        if item.terms not in terms:
            problems.append(Problem(index, "terms", item.terms, "no such terms code (import the terms first)"))
        if item.language not in LANGUAGES:
            problems.append(Problem(index, "language", item.language, "must be en or zh"))
        if item.procedure not in PROCEDURES:
            problems.append(Problem(index, "procedure", item.procedure, "must be simple, normal or complex"))
        if item.distance_km is not None and item.distance_km < 0:
            problems.append(Problem(index, "distance_km", str(item.distance_km), "must not be negative"))
        for day in filter(None, (part.strip() for part in item.settlement_days.split(","))):
            if not day.isdigit() or not 1 <= int(day) <= 31:
                problems.append(Problem(index, "settlement_days", item.settlement_days, "days of the month, e.g. 5,20"))
                break
    if problems:
        return problems
    reps = dict(session.execute(select(Rep.code, Rep.id)).all())
    departments = dict(session.execute(select(Department.code, Department.id)).all())
    existing = {row.code: row for row in session.scalars(select(Customer).where(Customer.code.in_(list(seen))))}
    for item in items:
        department_id = _department_id(session, departments, item.department)
        values = {
            "name": item.name.strip(),
            "terms_id": terms[item.terms],
            "credit_limit": None if item.credit_limit is None else to_minor(item.credit_limit),
            "rep_id": _rep_id(session, reps, item.rep, department_id),
            "department_id": department_id,
            "grade": item.grade,
            "phone": item.phone,
            "address": item.address,
            "language": item.language,
            "settlement_days": item.settlement_days.replace(" ", ""),
            "distance_km": item.distance_km,
            "procedure": item.procedure,
        }
        row = existing.get(item.code)
        if row is None:
            session.add(Customer(code=item.code.strip(), **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
    return []


def save_customer(db: Database, customer: CustomerInput) -> None:
    """Create or change one customer.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_customers(session, [customer]))


# ---------------------------------------------------------------- deliveries


@dataclass(slots=True)
class _CustomerFacts:
    id: int
    rep_id: int | None
    terms: Terms


def _customer_facts(session: Session, codes: Iterable[str]) -> dict[str, _CustomerFacts]:
    wanted = sorted(set(codes))
    result: dict[str, _CustomerFacts] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(Customer.code, Customer.id, Customer.rep_id, PaymentTerms)
            .join(PaymentTerms, PaymentTerms.id == Customer.terms_id)
            .where(Customer.code.in_(wanted[start : start + 500]))
        )
        for code, customer_id, rep_id, terms in rows:
            result[code] = _CustomerFacts(customer_id, rep_id, _terms_of(terms))
    return result


def _taken_numbers(session: Session, model: type[Delivery | Payment | Adjustment], numbers: Sequence[str]) -> set[str]:
    taken: set[str] = set()
    wanted = sorted(set(numbers))
    for start in range(0, len(wanted), 500):
        taken.update(session.scalars(select(model.number).where(model.number.in_(wanted[start : start + 500]))))
    return taken


def _duplicates(numbers: Sequence[str], taken: set[str], what: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, number in enumerate(numbers):
        if not number:
            continue
        if number in taken:
            problems.append(Problem(index, "number", number, f"a {what} with this number already exists"))
        elif number in seen:
            problems.append(Problem(index, "number", number, "appears twice in the file"))
        seen.add(number)
    return problems


def refresh_batch_due_dates(session: Session, customer_ids: Iterable[int]) -> None:
    """Re-date deliveries of ``batch`` customers: each is due at the customer's next delivery."""
    session.flush()
    ids = sorted(set(customer_ids))
    if not ids:
        return
    terms_by_customer = {
        customer_id: _terms_of(terms)
        for customer_id, terms in session.execute(
            select(Customer.id, PaymentTerms)
            .join(PaymentTerms, PaymentTerms.id == Customer.terms_id)
            .where(PaymentTerms.kind == TermsKind.BATCH.value, Customer.id.in_(ids))
        )
    }
    changes: list[tuple[int, date | None]] = []
    for customer_id, terms in terms_by_customer.items():
        rows = session.execute(
            select(Delivery.id, Delivery.date, Delivery.due_date, Delivery.due_fixed)
            .where(Delivery.customer_id == customer_id)
            .order_by(Delivery.date, Delivery.id)
        ).all()
        for row, following in itertools.zip_longest(rows, rows[1:]):
            if row.due_fixed:
                continue
            due = terms.due_date(row.date, following.date if following is not None else None)
            if due != row.due_date:
                changes.append((row.id, due))
    set_due_dates(session, changes)


def post_deliveries(session: Session, items: Sequence[DeliveryInput]) -> list[Problem]:
    """Add deliveries; due dates come from the customer's terms unless given."""
    customers = _customer_facts(session, (item.customer for item in items))
    reps = dict(session.execute(select(Rep.code, Rep.id)).all())
    numbers = [item.number for item in items]
    problems = _duplicates(numbers, _taken_numbers(session, Delivery, numbers), "delivery")
    for index, item in enumerate(items):
        if not item.number.strip():
            problems.append(Problem(index, "number", "", "required"))
        if item.customer not in customers:
            problems.append(Problem(index, "customer", item.customer, "no such customer"))
        if item.amount <= 0:
            problems.append(Problem(index, "amount", str(item.amount), "must be more than zero"))
        if item.rep and item.rep not in reps:
            problems.append(Problem(index, "rep", item.rep, "no such rep"))
        if item.category not in CATEGORIES:
            problems.append(Problem(index, "category", item.category, "must be normal, abnormal or out_of_stock"))
        if item.model not in MODELS:
            problems.append(Problem(index, "model", item.model, "must be old, new or blank"))
        if item.due_date is not None and item.due_date < item.date:
            problems.append(Problem(index, "due_date", item.due_date.isoformat(), "is before the delivery date"))
    if problems:
        return problems
    audit = _audit()
    rows = []
    batch_customers = set()
    for item in items:
        facts = customers[item.customer]
        if facts.terms.kind is TermsKind.BATCH and item.due_date is None:
            batch_customers.add(facts.id)
        amount = to_minor(item.amount)
        rows.append(
            {
                "number": item.number.strip(),
                "customer_id": facts.id,
                "date": item.date,
                "amount": amount,
                "open_amount": amount,
                "due_date": item.due_date or facts.terms.due_date(item.date),
                "due_fixed": item.due_date is not None,
                "rep_id": reps[item.rep] if item.rep else facts.rep_id,
                "category": item.category,
                "model": item.model,
                "note": item.note,
                **audit,
            }
        )
    session.execute(insert(Delivery), rows)
    refresh_batch_due_dates(session, batch_customers)
    return []


def record_delivery(db: Database, delivery: DeliveryInput) -> None:
    """Record one delivery.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_deliveries(session, [delivery]))


# ---------------------------------------------------------------- payments and adjustments


def _next_numbers(session: Session, model: type[Payment | Adjustment], prefix: str, count: int) -> list[str]:
    last = session.scalar(select(func.max(model.id))) or 0
    return [f"{prefix}{last + offset:07d}" for offset in range(1, count + 1)]


def _apply(
    session: Session,
    source: Payment | Adjustment,
    customer_id: int,
    amount: int,
    applies_to: str,
) -> tuple[list[tuple[str, int]], set[int]]:
    """Allocate ``amount`` of ``source``; raises InvalidValue when applies_to cannot be met."""
    instructions = parse_applies_to(applies_to) if applies_to.strip() else []
    candidates = open_items(session, customer_id)
    dates = {item[0]: item[3] for item in candidates}
    numbers = {item[0]: item[1] for item in candidates}
    allocations, _left = allocate(
        amount, [OpenItem(item[0], item[1], item[2]) for item in candidates], instructions
    )
    audit = _audit()
    key = "payment_id" if isinstance(source, Payment) else "adjustment_id"
    if allocations:
        session.execute(
            insert(Allocation),
            [
                {
                    "delivery_id": allocation.delivery_id,
                    key: source.id,
                    "amount": allocation.amount,
                    "effective_date": max(source.date, dates[allocation.delivery_id]),
                    **audit,
                }
                for allocation in allocations
            ],
        )
    return [(numbers[a.delivery_id], a.amount) for a in allocations], {a.delivery_id for a in allocations}


def _post_money(
    session: Session,
    items: Sequence[MoneyInput],
    model: type[Payment | Adjustment],
    kinds: Sequence[str],
    prefix: str,
) -> tuple[list[Problem], list[Posted]]:
    customers = _customer_facts(session, (item.customer for item in items))
    numbers = [item.number.strip() for item in items]
    problems = _duplicates(numbers, _taken_numbers(session, model, [n for n in numbers if n]), model.__tablename__)
    kind_field = "method" if model is Payment else "kind"
    for index, item in enumerate(items):
        if item.customer not in customers:
            problems.append(Problem(index, "customer", item.customer, "no such customer"))
        if item.amount <= 0:
            problems.append(Problem(index, "amount", str(item.amount), "must be more than zero"))
        if item.kind not in kinds:
            problems.append(Problem(index, kind_field, item.kind, "must be " + ", ".join(kinds)))
    if problems:
        return problems, []
    generated = iter(_next_numbers(session, model, prefix, sum(1 for n in numbers if not n)))
    posted: list[Posted] = []
    touched_deliveries: set[int] = set()
    for index, item in enumerate(items):
        customer_id = customers[item.customer].id
        amount = to_minor(item.amount)
        number = numbers[index] or next(generated)
        if model is Payment:
            source: Payment | Adjustment = Payment(
                number=number, customer_id=customer_id, date=item.date, amount=amount,
                method=item.kind, note=item.text, unapplied=amount,
            )
        else:
            source = Adjustment(
                number=number, customer_id=customer_id, date=item.date, amount=amount,
                kind=item.kind, reason=item.text, unapplied=amount,
            )
        session.add(source)
        session.flush()
        try:
            applied, deliveries = _apply(session, source, customer_id, amount, item.applies_to)
        except InvalidValue as exc:
            problems.append(Problem(index, "applies_to", item.applies_to, str(exc)))
            continue
        touched_deliveries |= deliveries
        # Open amounts must be current before the next item of the same customer is allocated.
        refresh_derived(session, deliveries=deliveries)
        posted.append(Posted(source.id, number, tuple(applied), amount - sum(a for _, a in applied)))
    if not problems:
        ids = [p.id for p in posted]
        if model is Payment:
            refresh_derived(session, payments=ids)
        else:
            refresh_derived(session, adjustments=ids)
    return problems, posted


def post_payments(session: Session, items: Sequence[MoneyInput]) -> tuple[list[Problem], list[Posted]]:
    """Add payments and allocate each (explicit ``applies_to`` first, else oldest first)."""
    return _post_money(session, items, Payment, METHODS, "PAY")


def post_adjustments(session: Session, items: Sequence[MoneyInput]) -> tuple[list[Problem], list[Posted]]:
    """Add returns, discounts, rebates and write-offs, allocated like payments."""
    problems, posted = _post_money(session, items, Adjustment, ADJUSTMENT_KINDS, "ADJ")
    for index, item in enumerate(items):
        if not item.text.strip() and item.kind == "write_off":
            problems.append(Problem(index, "reason", "", "a write-off needs a reason"))
    return problems, posted


def _record_one(db: Database, item: MoneyInput, poster: object) -> Posted:
    with db.transaction() as session:
        problems, posted = poster(session, [item])  # type: ignore[operator]
        if problems:
            raise Rejected(problems)
        return posted[0]  # type: ignore[no-any-return]


def record_payment(db: Database, payment: MoneyInput) -> Posted:
    """Record one payment and allocate it.

    Raises:
        Rejected: naming each bad field; nothing is saved.
    """
    return _record_one(db, payment, post_payments)


def record_adjustment(db: Database, adjustment: MoneyInput) -> Posted:
    """Record one return, discount, rebate or write-off and allocate it.

    Raises:
        Rejected: naming each bad field; nothing is saved.
    """
    return _record_one(db, adjustment, post_adjustments)


def apply_unapplied_credit(db: Database, customer_code: str) -> int:
    """Apply a customer's unapplied payments and adjustments to its open deliveries, oldest first.

    Returns:
        How many cents were applied.
    """
    with db.transaction() as session:
        customer_id = session.scalar(select(Customer.id).where(Customer.code == customer_code))
        if customer_id is None:
            raise Rejected([Problem(None, "customer", customer_code, "no such customer")])
        applied = 0
        touched: dict[str, set[int]] = defaultdict(set)
        for model in (Payment, Adjustment):
            sources = session.scalars(
                select(model).where(model.customer_id == customer_id, model.unapplied > 0).order_by(model.date, model.id)
            ).all()
            for source in sources:
                pairs, deliveries = _apply(session, source, customer_id, source.unapplied, "")
                refresh_derived(session, deliveries=deliveries)
                touched[model.__tablename__].add(source.id)
                applied += sum(amount for _, amount in pairs)
        refresh_derived(session, payments=touched["payment"], adjustments=touched["adjustment"])
        return applied
