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
from arddesk.domain.problems import R_, Amount, Code, InvalidValue, Problem
from arddesk.domain.terms import Terms, TermsKind
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import audit
from arddesk.store import credit as credit_store
from arddesk.store import ledger as store
from arddesk.store import refunds as refund_store
from arddesk.store import staff as staff_store
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.settings import read_settings, write_settings

CATEGORIES = ("normal", "abnormal", "out_of_stock")
MODELS = ("", "old", "new")
METHODS = ("cash", "transfer", "other")
ADJUSTMENT_KINDS = ("return", "discount", "rebate", "write_off")
LANGUAGES = ("en", "zh")
PROCEDURES = ("simple", "normal", "complex")
HOLD_STATES = ("normal", "restricted", "stop")
# How a customer pays (seed 001 §4): "" means not known yet.
PAY_METHODS = ("", "cash", "transfer", "other")
RECONCILES = ("", "yes", "no")
INVOICES = ("", "ordinary", "vat")
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
    # The cap per delivery of a restricted customer (None: no cap); written only with ``hold``.
    delivery_cap: Decimal | None = None
    # How the customer pays (seed 001 §4): see :data:`PAY_METHODS`, :data:`RECONCILES`, :data:`INVOICES`.
    pay_method: str = ""
    approver: str = ""
    signer: str = ""
    reconciles: str = ""
    invoice: str = ""
    pay_note: str = ""


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
    ``refund``: a payments file's row of kind ``refund``, money paid back (see :func:`post_refunds`).
    """

    customer: str
    date: dt.date
    amount: Decimal
    kind: str
    number: str = ""
    applies_to: str = ""
    text: str = ""
    corrects: str = ""
    refund: bool = False


@dataclass(frozen=True, slots=True)
class Posted:
    """What posting a payment or adjustment did: its id, the allocations, the credit left."""

    id: int
    number: str
    allocations: tuple[tuple[str, int], ...] = field(default=())
    unapplied: int = 0
    discounts: tuple[tuple[str, int], ...] = field(default=())


# ---------------------------------------------------------------- master data


def post_terms(session: UnitOfWork, items: Sequence[Terms], *, check_only: bool = False) -> list[Problem]:
    """Create or update terms by code (with ``check_only``, only find the problems)."""
    problems = [
        Problem(i, f, "", reason.text, reason.params) for i, item in enumerate(items) for f, reason in item.problems()
    ]
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not item.code.strip():
            problems.append(Problem(index, "code", "", R_("required")))
        if item.code in seen:
            problems.append(Problem(index, "code", item.code, R_("appears twice in the file")))
        seen.add(item.code)
    if not problems and not check_only:
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
        problems.append(Problem(index, "code", "", R_("required")))
    if not item.name.strip():
        problems.append(Problem(index, "name", "", R_("required")))
    if item.terms not in terms:
        problems.append(Problem(index, "terms", item.terms, R_("no such terms code (import the terms first)")))
    if item.credit_limit is not None and item.credit_limit < 0:
        problems.append(Problem(index, "credit_limit", str(item.credit_limit), R_("must not be negative")))
    problems += limits.credit_limit_problems(index, item.credit_limit)
    if item.language not in LANGUAGES:
        problems.append(Problem(index, "language", item.language, R_("must be en or zh")))
    if item.procedure not in PROCEDURES:
        problems.append(Problem(index, "procedure", item.procedure, R_("must be simple, normal or complex")))
    if item.distance_km is not None and item.distance_km < 0:
        problems.append(Problem(index, "distance_km", str(item.distance_km), R_("must not be negative")))
    for day in filter(None, (part.strip() for part in item.settlement_days.split(","))):
        if not day.isdigit() or not 1 <= int(day) <= 31:
            problems.append(Problem(index, "settlement_days", item.settlement_days, R_("days of the month, e.g. 5,20")))
            break
    if item.hold is not None and item.hold not in HOLD_STATES:
        problems.append(Problem(index, "hold", item.hold, R_("must be normal, restricted or stop")))
    if item.avoid_days is not None:
        problems += [replace(p, row=index) for p in avoid_days_problems(item.avoid_days)]
    problems += delivery_cap_problems(index, item.delivery_cap, item.hold)
    for column, value, allowed in (
        ("pay_method", item.pay_method, PAY_METHODS),
        ("reconciles", item.reconciles, RECONCILES),
        ("invoice", item.invoice, INVOICES),
    ):
        if value not in allowed:
            problems.append(Problem(index, column, value, R_("must be blank or {choices}"),
                                    {"choices": ", ".join(allowed[1:])}))
    for column, value, longest in (("approver", item.approver, 128), ("signer", item.signer, 128)):
        if len(value) > longest:
            problems.append(Problem(index, column, value[:20] + "…", R_("at most {count} characters"),
                                    {"count": longest}))
    return problems


def delivery_cap_problems(index: int | None, cap: Decimal | None, hold: str | None) -> list[Problem]:
    """A cap per delivery is a positive amount, and only a restricted customer has one (seed 001 §8)."""
    if cap is None:
        return []
    if cap <= 0:
        return [Problem(index, "delivery_cap", str(cap), R_("must be more than 0 (blank: no cap)"))]
    if hold != "restricted":
        return [Problem(index, "delivery_cap", str(cap), R_("only a restricted customer has a cap per delivery"))]
    too_large = limits.amount_problem(cap)
    return [Problem(index, "delivery_cap", str(cap), too_large)] if too_large else []


def post_customers(session: UnitOfWork, items: Sequence[CustomerInput], *, check_only: bool = False) -> list[Problem]:
    """Create or update customers by code; unknown reps and departments are created.

    With ``check_only``, only find the problems and write nothing.
    """
    terms = store.code_ids(session, "terms")
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        problems += _customer_problems(index, item, terms)
        if item.code in seen:
            problems.append(Problem(index, "code", item.code, R_("appears twice in the file")))
        seen.add(item.code)
    if problems or check_only:
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
            "pay_method": item.pay_method,
            "approver": item.approver.strip(),
            "signer": item.signer.strip(),
            "reconciles": item.reconciles,
            "invoice": item.invoice,
            "pay_note": item.pay_note.strip(),
        }
        if item.hold is not None:
            values[item.code.strip()]["hold_state"] = item.hold
            cap = None if item.delivery_cap is None else to_minor(item.delivery_cap)
            values[item.code.strip()]["delivery_cap"] = cap
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
        problems.append(Problem(index, "code", "", R_("required")))
    elif len(code) > 32 or any(char.isspace() for char in code):
        problems.append(Problem(index, "code", code, R_("at most 32 characters, no spaces")))
    if not item.name.strip():
        problems.append(Problem(index, "name", "", R_("required")))
    elif len(item.name.strip()) > 200:
        problems.append(Problem(index, "name", item.name, R_("at most 200 characters")))
    if len(item.phone) > 64:
        problems.append(Problem(index, "phone", item.phone, R_("at most 64 characters")))
    if item.role not in ROLES:
        problems.append(Problem(index, "role", item.role, R_("must be rep or head")))
    elif item.role == "head" and not item.department.strip():
        problems.append(Problem(index, "department", "", R_("a head needs the department they lead")))
    elif item.role == "head" and not item.active:
        problems.append(Problem(index, "active", "no", R_("a department's head must be active")))
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
            problems.append(Problem(index, "code", code, R_("appears twice in the file")))
        seen.add(code)
        if department not in by_code and len(department) > 32:
            problems.append(
                Problem(index, "department", department, R_("a new department's code: at most 32 characters"))
            )
        if item.role == "head" and department:
            if department in heads:
                other = items[heads[department]].code
                problems.append(
                    Problem(
                        index,
                        "role",
                        item.role,
                        R_("{other} is also named head of {department}"),
                        {"other": other, "department": department},
                    )
                )
            heads[department] = index
        wanted = item.department_name.strip()
        if len(wanted) > 200:
            problems.append(Problem(index, "department_name", wanted, R_("at most 200 characters")))
        if department and wanted and names.setdefault(department, wanted) != wanted:
            problems.append(
                Problem(
                    index,
                    "department_name",
                    wanted,
                    R_("{department} is named differently in another row"),
                    {"department": department},
                )
            )
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
            problems.append(
                Problem(index, "number", number, R_("a {what} with this number already exists"), {"what": Code(what)})
            )
        elif number in seen:
            problems.append(Problem(index, "number", number, R_("appears twice in the file")))
        seen.add(number)
    return problems


def refresh_batch_due_dates(
    session: UnitOfWork,
    customer_ids: Iterable[int],
    since: Mapping[int, date] | None = None,
    fresh: dict[str, dict[str, str]] | None = None,
) -> None:
    """Re-date deliveries of ``batch`` customers: each is due at the customer's next delivery.

    Args:
        session: the unit of work.
        customer_ids: the customers whose deliveries changed.
        since: per customer, the earliest date that changed; only deliveries from the one
            before it onwards can get a new due date. Missing: all of the customer's.
        fresh: sealed fields of deliveries posted in this unit of work and not yet in the audit
            trail (by number): their new due dates go there, to be recorded with them.
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
                if fresh is not None and number in fresh:
                    fresh[number]["due_date"] = canonical(new_due)
                else:
                    numbers.append(number)
    with audit.watch(session, "delivery", numbers, "re-date", "batch terms: due at the next delivery"):
        store.set_due_dates(session, changes)


def _delivery_problems(
    index: int, item: DeliveryInput, customers: dict[str, store.CustomerFacts], reps: dict[str, int]
) -> list[Problem]:
    problems = []
    if not item.number.strip():
        problems.append(Problem(index, "number", "", R_("required")))
    if item.customer not in customers:
        problems.append(Problem(index, "customer", item.customer, R_("no such customer")))
    if item.amount <= 0:
        problems.append(Problem(index, "amount", str(item.amount), R_("must be more than zero")))
    problems += limits.document_problems(index, item.amount, date=item.date, due_date=item.due_date)
    if item.rep and item.rep not in reps:
        problems.append(Problem(index, "rep", item.rep, R_("no such rep")))
    if item.category not in CATEGORIES:
        problems.append(Problem(index, "category", item.category, R_("must be normal, abnormal or out_of_stock")))
    if item.model not in MODELS:
        problems.append(Problem(index, "model", item.model, R_("must be old, new or blank")))
    if item.due_date is not None and item.due_date < item.date:
        problems.append(Problem(index, "due_date", item.due_date.isoformat(), R_("is before the delivery date")))
    return problems


def closed_books_problems(session: UnitOfWork, dates: Sequence[date], column: str = "date") -> list[Problem]:
    """A problem for each date on or before the owner's closing date (``Problem.row`` is its index)."""
    closed = store.books_closed_through(session)
    if closed is None:
        return []
    return [
        Problem(index, column, day.isoformat(), R_("the books are closed through {day}"), {"day": closed})
        for index, day in enumerate(dates)
        if day <= closed
    ]


def _delivery_fields(item: DeliveryInput, amount: int, due: date | None, rep: str) -> dict[str, str]:
    """A new delivery's sealed fields for the audit trail, as ``audit.snapshot`` would read them."""
    return {
        "customer": item.customer,
        "date": item.date.isoformat(),
        "amount": str(amount),
        "due_date": "" if due is None else due.isoformat(),
        "due_fixed": "0" if item.due_date is None else "1",
        "rep": rep,
        "category": item.category,
        "model": item.model,
        "note": item.note,
        "voided_on": "",
        "void_reason": "",
        "corrects": item.corrects,
    }


def post_deliveries(
    session: UnitOfWork, items: Sequence[DeliveryInput], action: str = "post", *, check_only: bool = False
) -> list[Problem]:
    """Add deliveries; due dates come from the customer's terms unless given.

    Then, unless the company or the customer is set otherwise (:func:`auto_apply_setting`), each
    customer's unapplied credit is applied to its open deliveries as :func:`apply_unapplied_credit`
    does, but counting from no earlier than the day the goods go out: goods paid in advance are not
    owed, and an aging as of an earlier day stays as it was. With ``check_only``, only find the
    problems and write nothing (and apply nothing).
    """
    customers = store.customer_facts(session, (item.customer for item in items))
    reps = store.code_ids(session, "rep")
    numbers = [item.number.strip() for item in items]
    problems = _duplicates(numbers, store.taken_numbers(session, "delivery", numbers), "delivery")
    problems += closed_books_problems(session, [item.date for item in items])
    for index, item in enumerate(items):
        problems += _delivery_problems(index, item, customers, reps)
    if problems or check_only:
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
    store.insert_new(session, "delivery", rows)
    refresh_batch_due_dates(session, batch, since=batch, fresh=sealed)
    audit.record_inserts(session, "delivery", sealed, action)
    setting = _auto_apply(session)
    going_out: dict[int, date] = {}
    for item in items:
        if setting.covers(item.customer):
            customer_id = customers[item.customer].id
            going_out[customer_id] = min(item.date, going_out.get(customer_id, item.date))
    planned = _planned_uses(session, going_out, not_before=going_out)
    _use_credit(session, planned, "apply credit", "credit applied when the goods went out")
    return []


def record_delivery(db: Database, delivery: DeliveryInput) -> None:
    """Record one delivery.

    Raises:
        Rejected: naming each bad field.
    """
    with db.transaction() as session:
        reject_if(post_deliveries(session, [delivery]))


# ---------------------------------------------------------------- payments and adjustments

Progress = Callable[[int, int], object]
"""Told ``(done, total)`` as items are posted; it may raise to stop (the caller's transaction then rolls back)."""

_PROGRESS_EVERY = 2_000


@dataclass(slots=True)
class _Open:
    """A delivery with something open, as money is allocated to it in memory.

    ``start`` is the first day money can meet it (its date, or the day a void last released
    money from it); ``last`` the latest effective date of its allocations (None: none yet).
    """

    id: int
    number: str
    date: dt.date
    amount: int
    open: int
    start: dt.date
    last: dt.date | None
    touched: bool = False


class _Book:
    """A customer's open deliveries, oldest first, paid in memory as money is allocated."""

    def __init__(self, deliveries: Iterable[store.OpenDelivery]) -> None:
        self.items = [_Open(d.id, d.number, d.date, d.amount, d.open, d.start, d.last_effective) for d in deliveries]
        self.by_number = {item.number: item for item in self.items}
        self.first = 0  # the deliveries before it are paid in full

    def allocate(
        self, amount: int, applies_to: str, since: date, *, after: date | None = None
    ) -> list[tuple[_Open, int, date]]:
        """Allocate ``amount`` cents of money that counts from ``since``, as ``applies_to`` says.

        Oldest first, a delivery the money would meet on or before ``after`` (the books' closing
        date) is passed over.

        Returns:
            (delivery, cents, effective date) of each allocation; the rest stays unapplied.

        Raises:
            InvalidValue: when ``applies_to`` cannot be met.
        """
        instructions = []
        if applies_to and not applies_to.isspace():
            if applies_to.strip().lower() == KEEP_AS_CREDIT:
                return []
            instructions = parse_applies_to(applies_to)
        candidates: list[_Open] = []
        if instructions:
            named = (self.by_number.get(instruction.number) for instruction in instructions)
            candidates = [item for item in named if item is not None and item.open > 0]
        else:
            # Oldest first: only as many deliveries as the money can reach.
            room = 0
            items = self.items
            for index in range(self.first, len(items)):
                if room >= amount:
                    break
                item = items[index]
                if item.open > 0 and (after is None or max(since, item.start) > after):
                    candidates.append(item)
                    room += item.open
        allocations, _left = allocate(amount, [OpenItem(c.id, c.number, c.open) for c in candidates], instructions)
        by_id = {item.id: item for item in candidates}
        result = []
        for allocation in allocations:
            item = by_id[allocation.delivery_id]
            effective = since if since > item.start else item.start
            self.pay(item, allocation.amount, effective)
            result.append((item, allocation.amount, effective))
        return result

    def pay(self, item: _Open, amount: int, effective: date) -> None:
        """Take ``amount`` off what a delivery owes, from ``effective`` on."""
        item.open -= amount
        if item.last is None or effective > item.last:
            item.last = effective
        item.touched = True
        items = self.items
        while self.first < len(items) and items[self.first].open == 0:
            self.first += 1


def _new_money(
    table: str,
    number: str,
    customer: tuple[str, int],
    item: MoneyInput,
    amount: int,
    allocations: Sequence[tuple[_Open, int, date]],
) -> tuple[dict[str, object], dict[str, str], int]:
    """A new payment's or adjustment's row, its sealed fields as ``audit.snapshot`` would read them, and
    what is left of it unapplied.

    Args:
        table: ``payment`` or ``adjustment``.
        number: its number.
        customer: the customer's code and id.
        item: its date, kind, text and what it corrects.
        amount: its amount in cents.
        allocations: (delivery, cents, effective date) of each of its allocations.
    """
    kind_field, text_field = ("method", "note") if table == "payment" else ("kind", "reason")
    left = amount
    settled: date | None = None
    parts = []
    for delivery, cents, on in allocations:
        left -= cents
        settled = on if settled is None or on > settled else settled
        parts.append(f"{delivery.number}={cents}@{on.isoformat()}")
    row = {
        "number": number,
        "customer_id": customer[1],
        "date": item.date,
        "amount": amount,
        kind_field: item.kind,
        text_field: item.text,
        "corrects": item.corrects or None,
        "unapplied": left,
        "applied_on": None if left else settled,
    }
    sealed = {
        "customer": customer[0],
        "date": item.date.isoformat(),
        "amount": str(amount),
        kind_field: item.kind,
        text_field: item.text,
        "voided_on": "",
        "void_reason": "",
        "corrects": item.corrects,
        "allocations": ";".join(sorted(parts)),
    }
    return row, sealed, left


def _post_money(
    session: UnitOfWork,
    items: Sequence[MoneyInput],
    table: str,
    kinds: Sequence[str],
    prefix: str,
    action: str,
    check_only: bool,
    progress: Progress | None,
) -> tuple[list[Problem], list[Posted]]:
    """Check, allocate and write payments or adjustments in bulk.

    Each customer's open deliveries are read once and paid in memory, the money in date order
    (file order within a day); then each table is written with one statement.
    """
    customers = store.customer_facts(session, (item.customer for item in items))
    numbers = [item.number.strip() for item in items]
    problems = _duplicates(numbers, store.taken_numbers(session, table, [n for n in numbers if n]), table)
    problems += closed_books_problems(session, [item.date for item in items])
    kind_field = "method" if table == "payment" else "kind"
    for index, item in enumerate(items):
        if item.customer not in customers:
            problems.append(Problem(index, "customer", item.customer, R_("no such customer")))
        if item.amount <= 0:
            problems.append(Problem(index, "amount", str(item.amount), R_("must be more than zero")))
        problems += limits.document_problems(index, item.amount, date=item.date)
        if item.kind not in kinds:
            problems.append(
                Problem(index, kind_field, item.kind, R_("must be {choices}"), {"choices": ", ".join(kinds)})
            )
        if table == "adjustment" and item.kind == "write_off" and not item.text.strip():
            problems.append(Problem(index, "reason", "", R_("a write-off needs a reason")))
    if problems:
        return problems, []

    report = progress or (lambda _done, _total: None)
    total = len(items)
    cents = [to_minor(item.amount) for item in items]
    books = {
        customer_id: _Book(found)
        for customer_id, found in store.open_deliveries(session, (facts.id for facts in customers.values())).items()
    }
    allocated: list[list[tuple[_Open, int, date]]] = [[] for _ in items]
    earned: list[list[tuple[_Open, int, date]]] = [[] for _ in items]
    for done, index in enumerate(sorted(range(total), key=lambda i: items[i].date)):
        if done % _PROGRESS_EVERY == 0:
            report(done, total)
        item = items[index]
        facts = customers[item.customer]
        try:
            allocated[index] = books[facts.id].allocate(cents[index], item.applies_to, item.date)
        except InvalidValue as exc:
            problems.append(exc.problem(index, "applies_to", item.applies_to))
            continue
        if table == "payment":
            earned[index] = _early_discounts(books[facts.id], facts.terms, allocated[index], item.date)
    if problems or check_only:
        return sorted(problems, key=lambda problem: problem.row or 0), []

    last = store.last_id(session, table)
    generated = iter(_new_numbers(session, table, prefix, last, numbers.count(""), set(numbers)))
    numbers = [number or next(generated) for number in numbers]
    rows = []
    unapplied = []
    sealed: dict[str, dict[str, str]] = {}
    for index, item in enumerate(items):
        customer = (item.customer, customers[item.customer].id)
        row, sealed[numbers[index]], left = _new_money(
            table, numbers[index], customer, item, cents[index], allocated[index]
        )
        rows.append(row)
        unapplied.append(left)
    store.insert_new(session, table, rows)
    ids = store.ids_after(session, table, last)
    allocations: list[dict[str, object]] = [
        {
            "delivery_id": delivery.id,
            "payment_id": ids[numbers[index]] if table == "payment" else None,
            "adjustment_id": ids[numbers[index]] if table == "adjustment" else None,
            "amount": amount,
            "effective_date": effective,
        }
        for index in range(total)
        for delivery, amount, effective in allocated[index]
    ]
    discounts = _write_discounts(session, items, numbers, customers, earned)
    store.insert_new(session, "allocation", allocations + discounts)
    store.set_open_amounts(
        session,
        [
            (item.id, item.open, item.last if item.open == 0 else None)
            for book in books.values()
            for item in book.items
            if item.touched
        ],
    )
    audit.record_inserts(session, table, sealed, action)
    session.expire_all()
    posted = [
        Posted(
            ids[numbers[index]],
            numbers[index],
            tuple([(delivery.number, amount) for delivery, amount, _ in allocated[index]]),
            unapplied[index],
            tuple(sorted([(delivery.number, amount) for delivery, amount, _ in earned[index]]))
            if earned[index]
            else (),
        )
        for index in range(total)
    ]
    return [], posted


def _new_numbers(session: UnitOfWork, table: str, prefix: str, last: int, count: int, used: set[str]) -> list[str]:
    """Numbers for ``count`` unnumbered documents: the prefix and the next ids (``PAY0000042``),
    passing over any a document already has or the file uses."""
    found: list[str] = []
    offset = 1
    while len(found) < count:
        wanted = [f"{prefix}{last + offset + i:07d}" for i in range(count - len(found))]
        offset += len(wanted)
        taken = set(used)
        # One range per width (PAY9999999 sorts after PAY10000000): the numbers follow one another.
        for width in {len(number) for number in wanted}:
            alike = [number for number in wanted if len(number) == width]
            taken |= store.taken_between(session, table, alike[0], alike[-1])
        found += [number for number in wanted if number not in taken]
    return found


def _early_discounts(
    book: _Book, terms: Terms, applied: Sequence[tuple[_Open, int, date]], paid: date
) -> list[tuple[_Open, int, date]]:
    """The early-payment discounts a payment earned: when what a delivery still owes after the
    payment is no more than the discount its terms give for paying on that day, the rest is a
    ``discount`` adjustment applied to it (the customer paid the discounted price in time)."""
    if terms.discount_percent is None:
        return []
    earned = []
    for delivery, _amount, _effective in applied:
        still_open = delivery.open
        if 0 < still_open <= terms.early_discount(delivery.amount, delivery.date, paid):
            effective = max(paid, delivery.start)
            book.pay(delivery, still_open, effective)
            earned.append((delivery, still_open, effective))
    return earned


def _write_discounts(
    session: UnitOfWork,
    items: Sequence[MoneyInput],
    numbers: Sequence[str],
    customers: Mapping[str, store.CustomerFacts],
    earned: Sequence[Sequence[tuple[_Open, int, date]]],
) -> list[dict[str, object]]:
    """Write the discount adjustments payments earned, with their audit entries; returns their allocations."""
    rows = []
    discounts: list[str] = []
    sealed: dict[str, dict[str, str]] = {}
    for index, item in enumerate(items):
        terms = customers[item.customer].terms
        for delivery, amount, effective in earned[index]:
            number = f"DSC-{numbers[index]}-{delivery.number}"[:64]
            discounts.append(number)
            reason = (
                f"early-payment discount {terms.discount_percent}% of {format_plain(delivery.amount)} "
                f"({numbers[index]} paid {item.date.isoformat()}, within {terms.discount_days} days of the delivery)"
            )
            discount = MoneyInput(item.customer, item.date, from_minor(amount), "discount", number, text=reason)
            customer = (item.customer, customers[item.customer].id)
            row, sealed[number], _left = _new_money(
                "adjustment", number, customer, discount, amount, [(delivery, amount, effective)]
            )
            rows.append(row)
    if not rows:
        return []
    last = store.last_id(session, "adjustment")
    store.insert_new(session, "adjustment", rows)
    ids = store.ids_after(session, "adjustment", last)
    audit.record_inserts(session, "adjustment", sealed, "discount")
    return [
        {
            "delivery_id": delivery.id,
            "payment_id": None,
            "adjustment_id": ids[number],
            "amount": amount,
            "effective_date": effective,
        }
        for number, (delivery, amount, effective) in zip(
            discounts, (entry for found in earned for entry in found), strict=True
        )
    ]


def post_payments(
    session: UnitOfWork,
    items: Sequence[MoneyInput],
    action: str = "post",
    *,
    check_only: bool = False,
    progress: Progress | None = None,
) -> tuple[list[Problem], list[Posted]]:
    """Add payments and allocate each (explicit ``applies_to`` first, else oldest first), in date order.

    Items marked ``refund`` (a payments file's rows of kind ``refund``) are refunds, posted by
    :func:`post_refunds` after the payments, so that they can pay back credit the payments leave.
    With ``check_only``, only find the problems and write nothing.
    """
    refunds = [index for index, item in enumerate(items) if item.refund]
    if not refunds:
        return _post_money(session, items, "payment", METHODS, "PAY", action, check_only, progress)
    paid = [index for index, item in enumerate(items) if not item.refund]
    problems, posted = _post_money(session, [items[i] for i in paid], "payment", METHODS, "PAY", action, check_only,
                                   progress)  # fmt: skip
    problems = [replace(p, row=None if p.row is None else paid[p.row]) for p in problems]
    more, refunded = post_refunds(session, [items[i] for i in refunds], action, check_only=check_only or bool(problems))
    problems += [replace(p, row=None if p.row is None else refunds[p.row]) for p in more]
    if problems or check_only:
        return sorted(problems, key=lambda problem: problem.row or 0), []
    in_order = dict(zip(paid, posted, strict=True)) | dict(zip(refunds, refunded, strict=True))
    return [], [in_order[index] for index in range(len(items))]


def post_adjustments(
    session: UnitOfWork,
    items: Sequence[MoneyInput],
    action: str = "post",
    *,
    check_only: bool = False,
    progress: Progress | None = None,
) -> tuple[list[Problem], list[Posted]]:
    """Add returns, discounts, rebates and write-offs, allocated like payments.

    With ``check_only``, only find the problems and write nothing.
    """
    return _post_money(session, items, "adjustment", ADJUSTMENT_KINDS, "ADJ", action, check_only, progress)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An unnumbered payment or adjustment that looks like one already recorded.

    Attributes:
        index: the item's index.
        number: the number of the document in the books it equals ("" when it equals another item).
        other: the index of the item it equals (None when it equals a document in the books).
    """

    index: int
    number: str = ""
    other: int | None = None


def probable_duplicates(session: UnitOfWork, table: str, items: Sequence[MoneyInput]) -> list[Duplicate]:
    """Unnumbered items with the same customer, date, amount and method (payments) or kind
    (adjustments) as a ``table`` document in the books that is not void, or as another item:
    the first numbered one of those alike, else the first of them.

    Items of unknown customers are left to the posting's own checks.
    """
    customers = store.code_ids(session, "customer")
    alike: dict[tuple[int | date | str, ...], list[int]] = {}
    for index, item in enumerate(items):
        if item.customer in customers:
            # A refund is never the payment in the books it resembles; two alike refunds are still alike.
            key = (customers[item.customer], item.date, to_minor(item.amount), item.kind) + (
                ("refund",) if item.refund else ()
            )
            alike.setdefault(key, []).append(index)
    unnumbered = [index for index, item in enumerate(items) if not item.number.strip()]
    known = [index for index in unnumbered if items[index].customer in customers]
    if not known:
        return []
    in_books = store.money_documents(
        session,
        table,
        (customers[items[index].customer] for index in known),
        min(items[index].date for index in known),
        max(items[index].date for index in known),
    )
    found: list[Duplicate] = []
    for key, indexes in alike.items():
        anchor = next((index for index in indexes if items[index].number.strip()), indexes[0])
        for index in indexes:
            if items[index].number.strip():
                continue
            if key in in_books:
                found.append(Duplicate(index, number=in_books[key]))
            elif index != anchor:
                found.append(Duplicate(index, other=anchor))
    return sorted(found, key=lambda duplicate: duplicate.index)


def _record_one(
    db: Database,
    item: MoneyInput,
    poster: Callable[[UnitOfWork, Sequence[MoneyInput]], tuple[list[Problem], list[Posted]]],
) -> Posted:
    with db.transaction() as session:
        problems, posted = poster(session, [item])
        reject_if(problems)
        return posted[0]


# ---------------------------------------------------------------- refunds

PAYMENT_KINDS = ("payment", "refund")
"""What a payments file's ``kind`` says: money received, or paid back out of the customer's credit."""


@dataclass(slots=True)
class _Left:
    """A credit and the cents it has left while a batch of refunds uses it."""

    credit: credit_store.Credit
    cents: int


def post_refunds(
    session: UnitOfWork, items: Sequence[MoneyInput], action: str = "post", *, check_only: bool = False
) -> tuple[list[Problem], list[Posted]]:
    """Add refunds: money paid back to a customer out of its unapplied credit, in date order.

    A refund uses the customer's credit that stands on its date (its payments and adjustments with
    money not applied, oldest first, counting a credit a void gave back only from that void's day),
    and is refused, naming the amounts, when it is more than that. ``kind`` is the method (cash,
    transfer or other), ``text`` the note; ``applies_to`` must be blank. With ``check_only``, only
    find the problems and write nothing.
    """
    customers = store.customer_facts(session, (item.customer for item in items))
    numbers = [item.number.strip() for item in items]
    problems = _duplicates(numbers, store.taken_numbers(session, "refund", [n for n in numbers if n]), "refund")
    problems += closed_books_problems(session, [item.date for item in items])
    for index, item in enumerate(items):
        if item.customer not in customers:
            problems.append(Problem(index, "customer", item.customer, R_("no such customer")))
        if item.amount <= 0:
            problems.append(Problem(index, "amount", str(item.amount), R_("must be more than zero")))
        problems += limits.document_problems(index, item.amount, date=item.date)
        if item.kind not in METHODS:
            problems.append(
                Problem(index, "method", item.kind, R_("must be {choices}"), {"choices": ", ".join(METHODS)})
            )
        if item.applies_to.strip() and item.applies_to.strip().lower() != KEEP_AS_CREDIT:
            problems.append(
                Problem(index, "applies_to", item.applies_to, R_("a refund pays back credit: leave it blank"))
            )
    if problems:
        return problems, []
    ids = [customers[item.customer].id for item in items]
    # What each credit has left as the refunds of this batch use it, oldest first.
    left = {
        customer: [_Left(credit, credit.unapplied) for credit in found]
        for customer, found in credit_store.credits_of(session, ids).items()
    }
    uses: list[list[tuple[credit_store.Credit, int]]] = [[] for _ in items]
    for index in sorted(range(len(items)), key=lambda i: items[i].date):
        item = items[index]
        standing = sorted(
            (each for each in left.get(ids[index], []) if each.credit.usable_from <= item.date and each.cents > 0),
            key=lambda each: (each.credit.usable_from, each.credit.table, each.credit.id),
        )
        wanted = to_minor(item.amount)
        available = sum(each.cents for each in standing)
        if wanted > available:
            problems.append(
                Problem(
                    index, "amount", format_plain(wanted),
                    R_("refunds more than the customer's unapplied credit of {available} on {day}"),
                    {"available": Amount(available), "day": item.date},
                )
            )  # fmt: skip
            continue
        for each in standing:
            if wanted == 0:
                break
            take = min(wanted, each.cents)
            each.cents -= take
            wanted -= take
            uses[index].append((each.credit, take))
    if problems or check_only:
        return sorted(problems, key=lambda problem: problem.row or 0), []
    taken = set(numbers)
    posted = []
    sealed: dict[str, dict[str, str]] = {}
    allocations: list[dict[str, object]] = []
    for index, item in enumerate(items):
        number = numbers[index]
        if not number:
            number = next(n for n in (f"REF{k:07d}" for k in itertools.count(store.last_id(session, "refund") + 1))
                          if n not in taken and not store.taken_numbers(session, "refund", [n]))  # fmt: skip
            taken.add(number)
        cents = to_minor(item.amount)
        refund_id = refund_store.add_refund(
            session,
            {"number": number, "customer_id": ids[index], "date": item.date, "amount": cents, "method": item.kind,
             "note": item.text, "corrects": item.corrects or None},
        )  # fmt: skip
        allocations += [
            {
                "delivery_id": None,
                "refund_id": refund_id,
                "payment_id": credit.id if credit.table == "payment" else None,
                "adjustment_id": credit.id if credit.table == "adjustment" else None,
                "amount": amount,
                "effective_date": item.date,
            }
            for credit, amount in uses[index]
        ]
        sealed[number] = {
            "customer": item.customer,
            "date": item.date.isoformat(),
            "amount": str(cents),
            "method": item.kind,
            "note": item.text,
            "voided_on": "",
            "void_reason": "",
            "corrects": item.corrects,
            "allocations": ";".join(sorted(f"{c.number}={cents}@{item.date.isoformat()}" for c, cents in uses[index])),
        }
        posted.append(Posted(refund_id, number, tuple((c.number, amount) for c, amount in uses[index])))
    store.insert_new(session, "allocation", allocations)
    store.refresh_derived(
        session,
        payments=[c.id for found in uses for c, _ in found if c.table == "payment"],
        adjustments=[c.id for found in uses for c, _ in found if c.table == "adjustment"],
    )
    audit.record_inserts(session, "refund", sealed, action)
    return [], posted


def record_refund(db: Database, refund: MoneyInput) -> Posted:
    """Pay back money out of a customer's unapplied credit (``kind``: cash, transfer or other).

    Raises:
        Rejected: naming each bad field, or the amounts when it refunds more than the credit; nothing is saved.
    """
    return _record_one(db, refund, post_refunds)


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
            raise Rejected([Problem(None, "customer", customer_code, R_("no such customer"))])
        return _use_credit(session, _planned_uses(session, [customer_id]), "apply credit")


# ---------------------------------------------------------------- applying credit automatically

AUTO_APPLY_KEY = "auto_apply_credit"
AUTO_APPLY_KEPT_KEY = "auto_apply_credit.off"


@dataclass(frozen=True, slots=True)
class AutoApply:
    """Whether unapplied credit is applied when goods go out: the company's choice, on by default,
    and the customers whose credit is kept until the clerk applies it."""

    on: bool = True
    kept: tuple[str, ...] = ()

    def covers(self, customer: str) -> bool:
        """Whether a new delivery to ``customer`` takes its unapplied credit."""
        return self.on and customer not in self.kept


def _auto_apply(session: UnitOfWork) -> AutoApply:
    stored = read_settings(session)
    kept = tuple(sorted({code.strip() for code in stored.get(AUTO_APPLY_KEPT_KEY, "").split(",") if code.strip()}))
    return AutoApply(stored.get(AUTO_APPLY_KEY, "on") != "off", kept)


def auto_apply_setting(db: Database) -> AutoApply:
    """The company's setting for applying credit when goods go out."""
    with db.reading() as session:
        return _auto_apply(session)


def save_auto_apply(db: Database, setting: AutoApply) -> None:
    """Store whether credit is applied when goods go out, and the customers kept out of it.

    Raises:
        Rejected: naming each customer code that is not a customer.
    """
    with db.transaction() as session:
        known = store.code_ids(session, "customer")
        reject_if(
            [Problem(None, "customer", code, R_("no such customer")) for code in setting.kept if code not in known]
        )
        write_settings(
            session, {AUTO_APPLY_KEY: "on" if setting.on else "off", AUTO_APPLY_KEPT_KEY: ",".join(setting.kept)}
        )


@dataclass(frozen=True, slots=True)
class CreditApplied:
    """One allocation of credit, as a preview or as made; money in cents.

    ``effective`` is the day it counts from (the later of the credit's and the delivery's days).
    """

    customer: str
    customer_name: str
    source: str
    number: str
    delivery: str
    amount: int
    effective: date


@dataclass(frozen=True, slots=True)
class _Use:
    """Cents of one credit applied to one delivery, counting from ``effective``."""

    credit: credit_store.Credit
    delivery: _Open
    amount: int
    effective: date


def _planned_uses(
    session: UnitOfWork, customer_ids: Iterable[int] | None, *, not_before: Mapping[int, date] | None = None
) -> dict[int, list[_Use]]:
    """What applying each customer's credit would do now (None: every customer's), by customer id;
    only customers where it does something.

    The oldest credit goes first (a payment before an adjustment of the same day), each to the
    oldest open delivery first, counting from the later of the credit's day and the delivery's
    (each the day a void last released money if later), and not before the customer's day in
    ``not_before``. An allocation that would count on or before the books' closing date is left
    out: it would change figures already closed.
    """
    closed = store.books_closed_through(session)
    credits = credit_store.credits_of(session, None if customer_ids is None else list(customer_ids))
    open_now = store.open_deliveries(session, credits)
    floor = not_before or {}
    planned: dict[int, list[_Use]] = {}
    for customer_id, own in credits.items():
        book = _Book(open_now[customer_id])
        uses = [
            _Use(credit, delivery, amount, effective)
            for credit in sorted(own, key=lambda c: (c.usable_from, c.table != "payment", c.id))
            for delivery, amount, effective in book.allocate(
                credit.unapplied, "", max(credit.usable_from, floor.get(customer_id, credit.usable_from)), after=closed
            )
        ]
        if uses:
            planned[customer_id] = uses
    return planned


def _use_credit(session: UnitOfWork, planned: Mapping[int, Sequence[_Use]], action: str, reason: str = "") -> int:
    """Make the planned allocations, with the trail; returns cents applied."""
    uses = [use for own in planned.values() for use in own]
    if not uses:
        return 0
    sources = {table: {use.credit.id: use.credit.number for use in uses if use.credit.table == table}
               for table in ("payment", "adjustment")}  # fmt: skip
    with (
        audit.watch(session, "payment", sources["payment"].values(), action, reason),
        audit.watch(session, "adjustment", sources["adjustment"].values(), action, reason),
    ):
        store.insert_new(
            session,
            "allocation",
            [
                {
                    "delivery_id": use.delivery.id,
                    "payment_id": use.credit.id if use.credit.table == "payment" else None,
                    "adjustment_id": use.credit.id if use.credit.table == "adjustment" else None,
                    "amount": use.amount,
                    "effective_date": use.effective,
                }
                for use in uses
            ],
        )
        store.refresh_derived(
            session,
            deliveries={use.delivery.id for use in uses},
            payments=sources["payment"],
            adjustments=sources["adjustment"],
        )
    return sum(use.amount for use in uses)


@dataclass(frozen=True, slots=True)
class CreditPlan:
    """Applying every customer's unapplied credit: the allocations, and the customers kept out of it."""

    lines: tuple[CreditApplied, ...]
    kept: tuple[str, ...]

    @property
    def total(self) -> int:
        """Cents applied in all."""
        return sum(line.amount for line in self.lines)


def _all_credit(session: UnitOfWork) -> tuple[dict[int, list[_Use]], CreditPlan]:
    kept = _auto_apply(session).kept
    planned = _planned_uses(session, None)
    names = credit_store.customer_codes(session, planned)
    planned = {customer: uses for customer, uses in planned.items() if names[customer][0] not in kept}
    lines = [
        CreditApplied(*names[customer], use.credit.table, use.credit.number, use.delivery.number, use.amount,
                      use.effective)
        for customer, uses in planned.items()
        for use in uses
    ]  # fmt: skip
    lines.sort(key=lambda line: (line.customer, line.effective, line.number, line.delivery))
    return planned, CreditPlan(tuple(lines), kept)


def preview_all_credit(db: Database) -> CreditPlan:
    """What :func:`apply_all_credit` would apply now, allocation by allocation; nothing is changed."""
    with db.reading() as session:
        return _all_credit(session)[1]


def apply_all_credit(db: Database) -> CreditPlan:
    """Apply every customer's unapplied credit to its open deliveries, oldest first, in one transaction.

    Customers kept out of applying credit automatically keep theirs; an allocation that would count
    on or before the closing date of the books is left out. Returns what was applied.
    """
    with db.transaction() as session:
        planned, made = _all_credit(session)
        _use_credit(session, planned, "apply credit", "every unapplied credit applied at once")
        return made


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


VOIDABLE_KINDS = (*DOCUMENT_KINDS, "refund")


def _void_in(session: UnitOfWork, kind: str, number: str, reason: str, on: date) -> Voided:
    """Void one document inside a caller's unit of work (see :func:`void_document`)."""
    if kind not in VOIDABLE_KINDS:
        raise Rejected([Problem(None, "kind", kind, R_("must be delivery, payment, adjustment or refund"))])
    stored = store.stored_document(session, kind, number)
    problems: list[Problem] = []
    if stored is None:
        raise Rejected([Problem(None, "number", number, R_("no such {kind}"), {"kind": Code(kind)})])
    if stored.voided_on is not None:
        problems.append(
            Problem(
                None,
                "number",
                number,
                R_("this {kind} is already void (since {day})"),
                {"kind": Code(kind), "day": stored.voided_on},
            )
        )
    if not reason.strip():
        problems.append(Problem(None, "reason", "", R_("a void needs a reason")))
    if kind in ("payment", "adjustment"):
        # A refund paid this credit back: voiding the money first would leave the refund paid out of nothing.
        problems += [
            Problem(
                None,
                "number",
                number,
                R_("refund {refund} paid back {amount} of it: void the refund first"),
                {"refund": refund, "amount": Amount(cents)},
            )
            for refund, cents in refund_store.refunds_using(session, kind, stored.id)
        ]
    problems += closed_books_problems(session, [on])
    reject_if(problems)
    effective = max(on, stored.date)
    if kind == "refund":
        return _void_refund(session, stored, reason.strip(), effective)
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


def _void_refund(session: UnitOfWork, stored: store.StoredDocument, reason: str, effective: date) -> Voided:
    """Void a refund: the credit it paid back is the customer's again from ``effective``."""
    used = store.active_counterparts(session, "refund", stored.id)
    with audit.watch(session, "refund", [stored.number], "void", reason):
        store.release_allocations(session, "refund", stored.id, effective)
        store.mark_void(session, "refund", stored.id, effective, reason)
        store.refresh_derived(session, payments=used.payments, adjustments=used.adjustments)
    moved = store.numbers_of(session, "payment", used.payments)
    moved += store.numbers_of(session, "adjustment", used.adjustments)
    return Voided("refund", stored.number, effective, tuple(sorted(moved)))


def void_document(db: Database, kind: str, number: str, reason: str, *, on: date | None = None) -> Voided:
    """Void a delivery, payment, adjustment or refund: release its allocations and mark it void with the reason.

    The document stays in the books, marked void with who, when and why; an aging as of a day
    before the void still shows it as it was. Voiding a payment also voids the early-payment
    discounts it earned.

    Args:
        db: the company.
        kind: ``delivery``, ``payment``, ``adjustment`` or ``refund`` (its credit is the customer's again).
        number: the document's number.
        reason: why (required; kept in the document and the audit trail).
        on: the day the void takes effect (default today; never before the document's own date).

    Raises:
        Rejected: no such document, already void, no reason, ``on`` in closed books, or money whose
            credit a refund paid back (void the refund first).
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
    """Correct a saved payment, adjustment or refund: void it and post ``new`` in its place, linked to it.

    Raises:
        Rejected: as for :func:`void_document`, or naming each bad field of ``new``; nothing is saved.
    """
    poster = {"payment": post_payments, "refund": post_refunds}.get(kind, post_adjustments)
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
    """A delivery, payment, adjustment or refund with its allocations (released ones too) and its void, if any.

    Raises:
        Rejected: no such document.
    """
    with db.reading() as session:
        stored = store.stored_document(session, kind, number) if kind in VOIDABLE_KINDS else None
        if stored is None:
            raise Rejected([Problem(None, "number", number, R_("no such {kind}"), {"kind": Code(kind)})])
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
