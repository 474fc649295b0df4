"""Recording the ledger: terms, staff, customers, deliveries, payments, adjustments.

Each public function is one user action in one transaction. The ``post_*`` functions
work inside a caller's session so that an import can post a whole file at once; they
return the problems they found (``Problem.row`` is the index of the item) and the
caller rolls everything back if there are any.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from arddesk.domain import limits
from arddesk.domain.allocation import OpenItem, allocate, parse_applies_to
from arddesk.domain.audit import canonical
from arddesk.domain.money import format_plain, from_minor, to_minor
from arddesk.domain.plan import AvoidDays, avoid_days_problems
from arddesk.domain.problems import InvalidValue, Problem
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import audit
from arddesk.store import credit as credit_store
from arddesk.store import ledger as store
from arddesk.store import staff as staff_store
from arddesk.store.db import Database, UnitOfWork

CATEGORIES = ("normal", "abnormal", "out_of_stock")
MODELS = ("", "old", "new")
METHODS = ("cash", "transfer", "other")
ADJUSTMENT_KINDS = ("return", "discount", "rebate", "write_off")
LANGUAGES = ("en", "zh")
PROCEDURES = ("simple", "normal", "complex")
HOLD_STATES = ("normal", "restricted", "stop")
# applies_to that keeps the whole amount as unapplied credit (an advance; and what export
# writes for money with no allocation, so that a re-import does not allocate it oldest first).
KEEP_AS_CREDIT = "none"


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
    # None leaves an existing customer's hold state and avoided days as they are (a new one: none).
    hold: str | None = None
    hold_reason: str = ""
    avoid_days: str | None = None


@dataclass(frozen=True, slots=True)
class DeliveryInput:
    """A delivery as entered: ``due_date`` overrides the terms, ``rep`` defaults to the customer's."""

    number: str
    customer: str
    date: dt.date
    amount: Decimal
    due_date: dt.date | None = None
    rep: str = ""
    category: str = "normal"
    model: str = ""
    note: str = ""
    corrects: str = ""


@dataclass(frozen=True, slots=True)
class MoneyInput:
    """A payment or an adjustment as entered.

    ``kind`` is the payment method (cash/transfer/other) or the adjustment kind
    (return/discount/rebate/write_off); ``applies_to`` is ``D1;D2=100.00``, blank for
    oldest first, or ``none`` to keep it all as credit; ``text`` is the payment's note or the adjustment's reason.
    """

    customer: str
    date: dt.date
    amount: Decimal
    kind: str
    number: str = ""
    applies_to: str = ""
    text: str = ""
    corrects: str = ""


@dataclass(frozen=True, slots=True)
class Posted:
    """What posting a payment or adjustment did: its id, the allocations, the credit left."""

    id: int
    number: str
    allocations: tuple[tuple[str, int], ...] = field(default=())
    unapplied: int = 0
    discounts: tuple[tuple[str, int], ...] = field(default=())


# ---------------------------------------------------------------- master data


def post_terms(session: UnitOfWork, items: Sequence[Terms]) -> list[Problem]:
    """Create or update terms by code."""
    problems = [Problem(i, f, "", reason) for i, item in enumerate(items) for f, reason in item.problems()]
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not item.code.strip():
            problems.append(Problem(index, "code", "", "required"))
        if item.code in seen:
            problems.append(Problem(index, "code", item.code, "appears twice in the file"))
        seen.add(item.code)
    if not problems:
        with audit.watch(session, "terms", [item.code for item in items], "save"):
            store.upsert_terms(session, items)
    return problems


def save_terms(db: Database, terms: Terms) -> None:
    """Create or change one set of payment terms.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_terms(session, [terms]))


def _customer_problems(index: int, item: CustomerInput, terms: dict[str, int]) -> list[Problem]:
    problems = []
    if not item.code.strip():
        problems.append(Problem(index, "code", "", "required"))
    if not item.name.strip():
        problems.append(Problem(index, "name", "", "required"))
    if item.terms not in terms:
        problems.append(Problem(index, "terms", item.terms, "no such terms code (import the terms first)"))
    if item.credit_limit is not None and item.credit_limit < 0:
        problems.append(Problem(index, "credit_limit", str(item.credit_limit), "must not be negative"))
    problems += limits.credit_limit_problems(index, item.credit_limit)
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
    if item.hold is not None and item.hold not in HOLD_STATES:
        problems.append(Problem(index, "hold", item.hold, "must be normal, restricted or stop"))
    if item.avoid_days is not None:
        problems += [replace(p, row=index) for p in avoid_days_problems(item.avoid_days)]
    return problems


def post_customers(session: UnitOfWork, items: Sequence[CustomerInput]) -> list[Problem]:
    """Create or update customers by code; unknown reps and departments are created."""
    terms = store.code_ids(session, "terms")
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        problems += _customer_problems(index, item, terms)
        if item.code in seen:
            problems.append(Problem(index, "code", item.code, "appears twice in the file"))
        seen.add(item.code)
    if problems:
        return problems
    holds = credit_store.hold_states(session, [item.code.strip() for item in items if item.hold is not None])
    with (
        audit.watch(session, "customer", [item.code.strip() for item in items], "save"),
        audit.watch(session, "rep", [item.rep for item in items if item.rep], "save"),
        audit.watch(session, "department", [item.department for item in items if item.department], "save"),
    ):
        _upsert_customers(session, items, terms)
    _keep_hold_history(session, items, holds)
    return []


def _keep_hold_history(session: UnitOfWork, items: Sequence[CustomerInput], before: Mapping[str, str]) -> None:
    """A changed hold state goes into the customer's limit and hold history, with its reason (blank when
    the file gives none: an export of a hold with no reason comes back as it was)."""
    changed = [
        item for item in items if item.hold is not None and item.hold != before.get(item.code.strip(), "normal")
    ]
    if not changed:
        return
    ids = store.code_ids(session, "customer")
    for item in changed:
        code = item.code.strip()
        old = before.get(code, "normal")
        credit_store.add_change(session, ids[code], "hold", old, str(item.hold), item.hold_reason.strip())


def _upsert_customers(session: UnitOfWork, items: Sequence[CustomerInput], terms: dict[str, int]) -> None:
    reps = store.code_ids(session, "rep")
    departments = store.code_ids(session, "department")
    values: dict[str, dict[str, object]] = {}
    for item in items:
        department_id = None
        if item.department:
            if item.department not in departments:
                departments[item.department] = store.add_department(session, item.department)
            department_id = departments[item.department]
        if item.rep and item.rep not in reps:
            reps[item.rep] = store.add_rep(session, item.rep, department_id)
        values[item.code.strip()] = {
            "name": item.name.strip(),
            "terms_id": terms[item.terms],
            "credit_limit": None if item.credit_limit is None else to_minor(item.credit_limit),
            "rep_id": reps[item.rep] if item.rep else None,
            "department_id": department_id,
            "grade": item.grade,
            "phone": item.phone,
            "address": item.address,
            "language": item.language,
            "settlement_days": item.settlement_days.replace(" ", ""),
            "distance_km": item.distance_km,
            "procedure": item.procedure,
        }
        if item.hold is not None:
            values[item.code.strip()]["hold_state"] = item.hold
        if item.avoid_days is not None:
            values[item.code.strip()]["avoid_days"] = str(AvoidDays.parse(item.avoid_days))
    store.upsert_customers(session, values)


def save_customer(db: Database, customer: CustomerInput) -> None:
    """Create or change one customer.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_customers(session, [customer]))


# ---------------------------------------------------------------- staff

ROLES = ("rep", "head")


@dataclass(frozen=True, slots=True)
class StaffInput:
    """A rep or department head as entered in the Staff form or a ``staff`` import row.

    ``department`` names a department by code (or by name, when no code matches); one
    that does not exist is created, named ``department_name`` or else its code. A ``head``
    becomes the head of that department.
    """

    code: str
    name: str
    department: str = ""
    role: str = "rep"
    phone: str = ""
    active: bool = True
    department_name: str = ""


def _staff_problems(index: int, item: StaffInput) -> list[Problem]:
    problems = []
    code = item.code.strip()
    if not code:
        problems.append(Problem(index, "code", "", "required"))
    elif len(code) > 32 or any(char.isspace() for char in code):
        problems.append(Problem(index, "code", code, "at most 32 characters, no spaces"))
    if not item.name.strip():
        problems.append(Problem(index, "name", "", "required"))
    elif len(item.name.strip()) > 200:
        problems.append(Problem(index, "name", item.name, "at most 200 characters"))
    if len(item.phone) > 64:
        problems.append(Problem(index, "phone", item.phone, "at most 64 characters"))
    if item.role not in ROLES:
        problems.append(Problem(index, "role", item.role, "must be rep or head"))
    elif item.role == "head" and not item.department.strip():
        problems.append(Problem(index, "department", "", "a head needs the department they lead"))
    elif item.role == "head" and not item.active:
        problems.append(Problem(index, "active", "no", "a department's head must be active"))
    return problems


def post_staff(session: UnitOfWork, items: Sequence[StaffInput], action: str = "save") -> list[Problem]:
    """Create or update reps by code with their departments; a ``head`` becomes their department's head.

    A rep who headed a department and is now saved as a plain ``rep`` (or as the head of
    another department) no longer heads it. Unknown departments are created.
    """
    known = staff_store.departments(session)
    by_code = {facts.code: facts for facts in known}
    by_name: dict[str, list[str]] = {}
    for facts in known:
        by_name.setdefault(facts.name, []).append(facts.code)
    # Each item's department as a code: the code written, else the one department so named.
    chosen = [item.department.strip() for item in items]
    chosen = [c if c in by_code or len(by_name.get(c, [])) != 1 else by_name[c][0] for c in chosen]
    problems: list[Problem] = []
    seen: set[str] = set()
    heads: dict[str, int] = {}
    names: dict[str, str] = {}
    for index, (item, department) in enumerate(zip(items, chosen, strict=True)):
        problems += _staff_problems(index, item)
        code = item.code.strip()
        if code in seen:
            problems.append(Problem(index, "code", code, "appears twice in the file"))
        seen.add(code)
        if department not in by_code and len(department) > 32:
            problems.append(Problem(index, "department", department, "a new department's code: at most 32 characters"))
        if item.role == "head" and department:
            if department in heads:
                other = items[heads[department]].code
                problems.append(Problem(index, "role", item.role, f"{other} is also named head of {department}"))
            heads[department] = index
        wanted = item.department_name.strip()
        if len(wanted) > 200:
            problems.append(Problem(index, "department_name", wanted, "at most 200 characters"))
        if department and wanted and names.setdefault(department, wanted) != wanted:
            reason = f"{department} is named differently in another row"
            problems.append(Problem(index, "department_name", wanted, reason))
    if problems:
        return problems
    new_departments = sorted({department for department in chosen if department} - set(by_code))
    with (
        audit.watch(session, "rep", [item.code.strip() for item in items], action),
        audit.watch(session, "department", [*by_code, *new_departments], action),
    ):
        ids = {facts.code: facts.id for facts in known}
        for code in new_departments:
            ids[code] = staff_store.add_department(session, code, names.get(code, code))
        staff_store.rename_departments(session, {ids[code]: name for code, name in names.items() if code in by_code})
        values: dict[str, dict[str, object]] = {
            item.code.strip(): {
                "name": item.name.strip(),
                "department_id": ids[department] if department else None,
                "phone": item.phone.strip(),
                "active": item.active,
            }
            for item, department in zip(items, chosen, strict=True)
        }
        reps = staff_store.upsert_reps(session, values)
        saved = set(reps.values())
        changes: dict[int, int | None] = {d.id: None for d in known if d.head_rep_id in saved}
        changes.update({ids[code]: reps[items[index].code.strip()] for code, index in heads.items()})
        staff_store.set_heads(session, changes)
    return []


def save_staff(db: Database, member: StaffInput) -> None:
    """Create or change one rep or department head.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_staff(session, [member]))


# ---------------------------------------------------------------- deliveries


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


def refresh_batch_due_dates(
    session: UnitOfWork, customer_ids: Iterable[int], since: Mapping[int, date] | None = None
) -> None:
    """Re-date deliveries of ``batch`` customers: each is due at the customer's next delivery.

    Args:
        session: the unit of work.
        customer_ids: the customers whose deliveries changed.
        since: per customer, the earliest date that changed; only deliveries from the one
            before it onwards can get a new due date. Missing: all of the customer's.
    """
    session.flush()
    changes: list[tuple[int, date | None]] = []
    numbers: list[str] = []
    for customer_id, terms in store.batch_customers(session, customer_ids).items():
        rows = store.deliveries_in_order(session, customer_id, (since or {}).get(customer_id))
        for row, following in itertools.zip_longest(rows, rows[1:]):
            delivery_id, delivered, due, fixed, number = row
            if fixed:
                continue
            new_due = terms.due_date(delivered, following[1] if following is not None else None)
            if new_due != due:
                changes.append((delivery_id, new_due))
                numbers.append(number)
    if changes:
        with audit.watch(session, "delivery", numbers, "re-date", "batch terms: due at the next delivery"):
            store.set_due_dates(session, changes)


def _delivery_problems(
    index: int, item: DeliveryInput, customers: dict[str, store.CustomerFacts], reps: dict[str, int]
) -> list[Problem]:
    problems = []
    if not item.number.strip():
        problems.append(Problem(index, "number", "", "required"))
    if item.customer not in customers:
        problems.append(Problem(index, "customer", item.customer, "no such customer"))
    if item.amount <= 0:
        problems.append(Problem(index, "amount", str(item.amount), "must be more than zero"))
    problems += limits.document_problems(index, item.amount, date=item.date, due_date=item.due_date)
    if item.rep and item.rep not in reps:
        problems.append(Problem(index, "rep", item.rep, "no such rep"))
    if item.category not in CATEGORIES:
        problems.append(Problem(index, "category", item.category, "must be normal, abnormal or out_of_stock"))
    if item.model not in MODELS:
        problems.append(Problem(index, "model", item.model, "must be old, new or blank"))
    if item.due_date is not None and item.due_date < item.date:
        problems.append(Problem(index, "due_date", item.due_date.isoformat(), "is before the delivery date"))
    return problems


def closed_books_problems(session: UnitOfWork, dates: Sequence[date], column: str = "date") -> list[Problem]:
    """A problem for each date on or before the owner's closing date (``Problem.row`` is its index)."""
    closed = store.books_closed_through(session)
    if closed is None:
        return []
    return [
        Problem(index, column, day.isoformat(), f"the books are closed through {closed.isoformat()}")
        for index, day in enumerate(dates)
        if day <= closed
    ]


def _delivery_fields(item: DeliveryInput, amount: int, due: date | None, rep: str) -> dict[str, str]:
    """A new delivery's sealed fields for the audit trail, as ``audit.snapshot`` would read them."""
    return {
        "customer": item.customer,
        "date": canonical(item.date),
        "amount": canonical(amount),
        "due_date": canonical(due),
        "due_fixed": canonical(item.due_date is not None),
        "rep": rep,
        "category": item.category,
        "model": item.model,
        "note": item.note,
        "voided_on": "",
        "void_reason": "",
        "corrects": item.corrects,
    }


def post_deliveries(session: UnitOfWork, items: Sequence[DeliveryInput], action: str = "post") -> list[Problem]:
    """Add deliveries; due dates come from the customer's terms unless given."""
    customers = store.customer_facts(session, (item.customer for item in items))
    reps = store.code_ids(session, "rep")
    numbers = [item.number.strip() for item in items]
    problems = _duplicates(numbers, store.taken_numbers(session, "delivery", numbers), "delivery")
    problems += closed_books_problems(session, [item.date for item in items])
    for index, item in enumerate(items):
        problems += _delivery_problems(index, item, customers, reps)
    if problems:
        return problems
    rep_codes = {rep_id: code for code, rep_id in reps.items()}
    rows = []
    sealed: dict[str, dict[str, str]] = {}
    batch: dict[int, date] = {}
    for number, item in zip(numbers, items, strict=True):
        facts = customers[item.customer]
        if facts.terms.kind is TermsKind.BATCH:
            batch[facts.id] = min(item.date, batch.get(facts.id, item.date))
        amount = to_minor(item.amount)
        due = item.due_date or facts.terms.due_date(item.date)
        rep_id = reps[item.rep] if item.rep else facts.rep_id
        sealed[number] = _delivery_fields(item, amount, due, rep_codes.get(rep_id, "") if rep_id else "")
        rows.append(
            {
                "number": number,
                "customer_id": facts.id,
                "date": item.date,
                "amount": amount,
                "open_amount": amount,
                "due_date": due,
                "due_fixed": item.due_date is not None,
                "rep_id": rep_id,
                "category": item.category,
                "model": item.model,
                "note": item.note,
                "corrects": item.corrects or None,
            }
        )
    store.insert_deliveries(session, rows)
    audit.record_inserts(session, "delivery", sealed, action)
    refresh_batch_due_dates(session, batch, since=batch)
    return []


def record_delivery(db: Database, delivery: DeliveryInput) -> None:
    """Record one delivery.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_deliveries(session, [delivery]))


# ---------------------------------------------------------------- payments and adjustments


def _apply(
    session: UnitOfWork, table: str, source_id: int, source_date: date, customer_id: int, amount: int, applies_to: str
) -> list[tuple[str, int]]:
    """Allocate ``amount`` of a payment or adjustment and bring the open amounts up to date.

    Raises:
        InvalidValue: when ``applies_to`` cannot be met.
    """
    if applies_to.strip().lower() == KEEP_AS_CREDIT:
        return []
    instructions = parse_applies_to(applies_to) if applies_to.strip() else []
    candidates = store.open_items(session, customer_id)
    # Money released by a void of this source counts again only from the day of that void.
    source_date = max(source_date, store.last_release(session, table, source_id) or source_date)
    dates = {item[0]: item[3] for item in candidates}
    numbers = {item[0]: item[1] for item in candidates}
    allocations, _left = allocate(amount, [OpenItem(i, n, o) for i, n, o, _d in candidates], instructions)
    store.insert_allocations(
        session,
        table,
        source_id,
        [(a.delivery_id, a.amount, max(source_date, dates[a.delivery_id])) for a in allocations],
    )
    # Open amounts must be current before the next item of the same customer is allocated.
    store.refresh_derived(
        session,
        deliveries=[a.delivery_id for a in allocations],
        payments=[source_id] if table == "payment" else (),
        adjustments=[source_id] if table == "adjustment" else (),
    )
    return [(numbers[a.delivery_id], a.amount) for a in allocations]


def _post_money(
    session: UnitOfWork, items: Sequence[MoneyInput], table: str, kinds: Sequence[str], prefix: str, action: str
) -> tuple[list[Problem], list[Posted]]:
    customers = store.customer_facts(session, (item.customer for item in items))
    numbers = [item.number.strip() for item in items]
    problems = _duplicates(numbers, store.taken_numbers(session, table, [n for n in numbers if n]), table)
    problems += closed_books_problems(session, [item.date for item in items])
    kind_field = "method" if table == "payment" else "kind"
    for index, item in enumerate(items):
        if item.customer not in customers:
            problems.append(Problem(index, "customer", item.customer, "no such customer"))
        if item.amount <= 0:
            problems.append(Problem(index, "amount", str(item.amount), "must be more than zero"))
        problems += limits.document_problems(index, item.amount, date=item.date)
        if item.kind not in kinds:
            problems.append(Problem(index, kind_field, item.kind, "must be " + ", ".join(kinds)))
        if table == "adjustment" and item.kind == "write_off" and not item.text.strip():
            problems.append(Problem(index, "reason", "", "a write-off needs a reason"))
    if problems:
        return problems, []
    last = store.last_id(session, table)
    generated = (f"{prefix}{last + offset:07d}" for offset in itertools.count(1))
    posted: list[Posted] = []
    for index, item in enumerate(items):
        customer_id = customers[item.customer].id
        amount = to_minor(item.amount)
        number = numbers[index] or next(generated)
        text_field = "note" if table == "payment" else "reason"
        source_id = store.insert_money(
            session,
            table,
            {
                "number": number,
                "customer_id": customer_id,
                "date": item.date,
                "amount": amount,
                kind_field: item.kind,
                text_field: item.text,
                "corrects": item.corrects or None,
            },
        )
        try:
            applied = _apply(session, table, source_id, item.date, customer_id, amount, item.applies_to)
        except InvalidValue as exc:
            problems.append(Problem(index, "applies_to", item.applies_to, str(exc)))
            continue
        discounts: tuple[tuple[str, int], ...] = ()
        if table == "payment" and applied:
            terms = customers[item.customer].terms
            discounts = _early_discounts(session, terms, customer_id, number, item.date, applied)
        posted.append(Posted(source_id, number, tuple(applied), amount - sum(a for _, a in applied), discounts))
    if not problems:
        audit.record_inserts(session, table, audit.snapshot(session, table, [p.number for p in posted]), action)
        earned = [f"DSC-{p.number}-{delivery}"[:64] for p in posted for delivery, _ in p.discounts]
        if earned:
            audit.record_inserts(session, "adjustment", audit.snapshot(session, "adjustment", earned), "discount")
    return problems, posted


def _early_discounts(
    session: UnitOfWork, terms: Terms, customer_id: int, payment: str, paid: date, applied: list[tuple[str, int]]
) -> tuple[tuple[str, int], ...]:
    """Record the early-payment discount a payment earned: when what a delivery still owes after the
    payment is no more than the discount its terms give for paying on that day, the rest is a
    ``discount`` adjustment applied to it (the customer paid the discounted price in time)."""
    if terms.discount_percent is None:
        return ()
    earned: list[tuple[str, int]] = []
    for number, delivered, amount, still_open in store.delivery_amounts(session, [n for n, _ in applied]):
        discount = terms.early_discount(amount, delivered, paid)
        if 0 < still_open <= discount:
            reason = (
                f"early-payment discount {terms.discount_percent}% of {format_plain(amount)} "
                f"({payment} paid {paid.isoformat()}, within {terms.discount_days} days of the delivery)"
            )
            adjustment = store.insert_money(
                session,
                "adjustment",
                {
                    "number": f"DSC-{payment}-{number}"[:64],
                    "customer_id": customer_id,
                    "date": paid,
                    "amount": still_open,
                    "kind": "discount",
                    "reason": reason,
                },
            )
            target = f"{number}={from_minor(still_open)}"
            _apply(session, "adjustment", adjustment, paid, customer_id, still_open, target)
            earned.append((number, still_open))
    return tuple(sorted(earned))


def post_payments(
    session: UnitOfWork, items: Sequence[MoneyInput], action: str = "post"
) -> tuple[list[Problem], list[Posted]]:
    """Add payments and allocate each (explicit ``applies_to`` first, else oldest first)."""
    return _post_money(session, items, "payment", METHODS, "PAY", action)


def post_adjustments(
    session: UnitOfWork, items: Sequence[MoneyInput], action: str = "post"
) -> tuple[list[Problem], list[Posted]]:
    """Add returns, discounts, rebates and write-offs, allocated like payments."""
    return _post_money(session, items, "adjustment", ADJUSTMENT_KINDS, "ADJ", action)


def _record_one(
    db: Database,
    item: MoneyInput,
    poster: Callable[[UnitOfWork, Sequence[MoneyInput]], tuple[list[Problem], list[Posted]]],
) -> Posted:
    with db.transaction() as session:
        problems, posted = poster(session, [item])
        reject_if(problems)
        return posted[0]


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

    Raises:
        Rejected: for an unknown customer.
    """
    with db.transaction() as session:
        customer_id = store.code_ids(session, "customer").get(customer_code)
        if customer_id is None:
            raise Rejected([Problem(None, "customer", customer_code, "no such customer")])
        applied = 0
        for table in ("payment", "adjustment"):
            sources = store.unapplied_sources(session, table, customer_id)
            with audit.watch(session, table, store.numbers_of(session, table, [s[0] for s in sources]), "apply credit"):
                for source_id, source_date, unapplied in sources:
                    pairs = _apply(session, table, source_id, source_date, customer_id, unapplied, "")
                    applied += sum(amount for _, amount in pairs)
        return applied


# ---------------------------------------------------------------- voids and corrections

DOCUMENT_KINDS = ("delivery", "payment", "adjustment")


@dataclass(frozen=True, slots=True)
class Voided:
    """What a void did: the document, the day it took effect, and the documents whose money moved."""

    kind: str
    number: str
    on: date
    released: tuple[str, ...]
    also_voided: tuple[str, ...] = ()


def _void_in(session: UnitOfWork, kind: str, number: str, reason: str, on: date) -> Voided:
    """Void one document inside a caller's unit of work (see :func:`void_document`)."""
    if kind not in DOCUMENT_KINDS:
        raise Rejected([Problem(None, "kind", kind, "must be delivery, payment or adjustment")])
    stored = store.stored_document(session, kind, number)
    problems: list[Problem] = []
    if stored is None:
        raise Rejected([Problem(None, "number", number, f"no such {kind}")])
    if stored.voided_on is not None:
        problems.append(Problem(None, "number", number, f"this {kind} is already void (since {stored.voided_on})"))
    if not reason.strip():
        problems.append(Problem(None, "reason", "", "a void needs a reason"))
    problems += closed_books_problems(session, [on])
    reject_if(problems)
    effective = max(on, stored.date)
    also = store.earned_discounts(session, number) if kind == "payment" else []
    documents = [stored, *(store.stored_document(session, "adjustment", n) for n in also)]
    watched: dict[str, set[str]] = {table: set() for table in DOCUMENT_KINDS}
    watched[kind].add(number)
    watched["adjustment"].update(also)
    # Read what the void will touch first, so that every document whose money moves is in the trail.
    for document in documents:
        assert document is not None
        joined = store.active_counterparts(session, document.table, document.id)
        for table, ids in zip(DOCUMENT_KINDS, (joined.deliveries, joined.payments, joined.adjustments), strict=True):
            watched[table].update(store.numbers_of(session, table, ids))
    with (
        audit.watch(session, "delivery", watched["delivery"], "void", reason.strip()),
        audit.watch(session, "payment", watched["payment"], "void", reason.strip()),
        audit.watch(session, "adjustment", watched["adjustment"], "void", reason.strip()),
    ):
        touched: dict[str, set[int]] = {table: set() for table in DOCUMENT_KINDS}
        for document in documents:
            assert document is not None
            released = store.release_allocations(session, document.table, document.id, effective)
            store.mark_void(session, document.table, document.id, effective, reason.strip())
            touched["delivery"].update(released.deliveries)
            touched["payment"].update(released.payments)
            touched["adjustment"].update(released.adjustments)
            touched[document.table].add(document.id)
        store.refresh_derived(
            session,
            deliveries=touched["delivery"],
            payments=touched["payment"],
            adjustments=touched["adjustment"],
        )
        if kind == "delivery":
            customer = store.customer_facts(session, [stored.customer])[stored.customer]
            refresh_batch_due_dates(session, [customer.id], since={customer.id: stored.date})
    moved = sorted((watched["delivery"] | watched["payment"] | watched["adjustment"]) - {number} - set(also))
    return Voided(kind, number, effective, tuple(moved), tuple(sorted(also)))


def void_document(db: Database, kind: str, number: str, reason: str, *, on: date | None = None) -> Voided:
    """Void a delivery, payment or adjustment: release its allocations and mark it void with the reason.

    The document stays in the books, marked void with who, when and why; an aging as of a day
    before the void still shows it as it was. Voiding a payment also voids the early-payment
    discounts it earned.

    Args:
        db: the company.
        kind: ``delivery``, ``payment`` or ``adjustment``.
        number: the document's number.
        reason: why (required; kept in the document and the audit trail).
        on: the day the void takes effect (default today; never before the document's own date).

    Raises:
        Rejected: no such document, already void, no reason, or ``on`` in closed books.
    """
    with db.transaction() as session:
        return _void_in(session, kind, number, reason, on or date.today())


def correct_delivery(db: Database, number: str, reason: str, new: DeliveryInput, *, on: date | None = None) -> Voided:
    """Correct a saved delivery: void it and record ``new`` in its place, linked to it, in one transaction.

    Raises:
        Rejected: as for :func:`void_document`, or naming each bad field of ``new``; nothing is saved.
    """
    with db.transaction() as session:
        voided = _void_in(session, "delivery", number, reason, on or date.today())
        reject_if(post_deliveries(session, [replace(new, corrects=number)], action="correct"))
        return voided


def correct_money(
    db: Database, kind: str, number: str, reason: str, new: MoneyInput, *, on: date | None = None
) -> tuple[Voided, Posted]:
    """Correct a saved payment or adjustment: void it and post ``new`` in its place, linked to it.

    Raises:
        Rejected: as for :func:`void_document`, or naming each bad field of ``new``; nothing is saved.
    """
    poster = post_payments if kind == "payment" else post_adjustments
    with db.transaction() as session:
        voided = _void_in(session, kind, number, reason, on or date.today())
        problems, posted = poster(session, [replace(new, corrects=number)], "correct")
        reject_if(problems)
        return voided, posted[0]


@dataclass(frozen=True, slots=True)
class DocumentDetails:
    """A saved document as the document window shows it: its fields, allocations, void and links."""

    document: store.StoredDocument
    allocations: tuple[store.AllocationLine, ...]
    voided_at: dt.datetime | None
    voided_by: str
    void_reason: str
    corrects: str
    corrected_by: tuple[str, ...]


def document(db: Database, kind: str, number: str) -> DocumentDetails:
    """A delivery, payment or adjustment with its allocations (released ones too) and its void, if any.

    Raises:
        Rejected: no such document.
    """
    with db.reading() as session:
        stored = store.stored_document(session, kind, number) if kind in DOCUMENT_KINDS else None
        if stored is None:
            raise Rejected([Problem(None, "number", number, f"no such {kind}")])
        voided_at, voided_by, reason, corrects = store.void_stamp(session, kind, stored.id)
        return DocumentDetails(
            stored,
            tuple(store.allocation_lines(session, kind, stored.id)),
            voided_at,
            voided_by,
            reason,
            corrects,
            tuple(store.corrected_by(session, kind, number)),
        )


def books_closed_through(db: Database) -> date | None:
    """The closing date, if the owner has set one."""
    with db.reading() as session:
        return store.books_closed_through(session)
