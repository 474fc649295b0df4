"""Credit control: the check before a delivery, limits and hold states with their history, overrides.

Before a delivery is recorded five rules are checked, each set per company to ``off``, ``warn``
or ``block``: the credit limit (balance + this delivery), items overdue more than N days,
an earlier batch unpaid for a ``batch`` (送二结一) customer, the manual stop-supply state, and the
graduated pressure short of it on a ``restricted`` customer (seed 001 §8: smaller batches, no
promotional policy): a delivery worth more than the customer's cap per delivery, or on
*promotional terms*. Promotional terms here are the ones the seed tells us to stop for a slow
payer: a longer credit period than the contract's, i.e. a delivery whose due date is set by hand
later than the customer's terms give. A block is overridden only with a written reason, and every
override is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from arddesk.domain import limits
from arddesk.domain.money import to_minor
from arddesk.domain.problems import R_, Amount, Message, Problem
from arddesk.domain.terms import TermsKind
from arddesk.services import ledger
from arddesk.services.errors import Rejected, reject_if
from arddesk.services.ledger import HOLD_STATES, CustomerInput, DeliveryInput
from arddesk.store import audit
from arddesk.store import credit as store
from arddesk.store import ledger as ledger_store
from arddesk.store.credit import ChangeRow, CreditFacts, OverrideRow
from arddesk.store.db import Database, UnitOfWork
from arddesk.store.settings import write_settings

__all__ = [
    "HOLD_STATES",
    "RULES",
    "ChangeRow",
    "CreditCheck",
    "CreditRules",
    "Finding",
    "Outcome",
    "OverrideRow",
    "check_delivery",
    "credit_history",
    "evaluate",
    "load_credit_rules",
    "override_log",
    "record_delivery_checked",
    "save_credit_rules",
    "save_customer_with_history",
    "set_credit_limit",
]

RULES = ("over_limit", "overdue", "batch_unpaid", "stop_supply", "restricted")
RULE_TITLES = {
    "over_limit": R_("over the credit limit"),
    "overdue": R_("overdue items"),
    "batch_unpaid": R_("an earlier batch unpaid"),
    "stop_supply": R_("stop supply"),
    "restricted": R_("restricted customer: over its cap or on promotional terms"),
}
"""Each rule's title (an English message id: translate it where it is shown)."""
_PREFIX = "credit_"


class Outcome(StrEnum):
    """What a rule (or the whole check) says about a delivery."""

    ALLOW = "allow"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True, slots=True)
class CreditRules:
    """The company's credit rules: each ``off``, ``warn`` or ``block``; ``overdue_days`` is N."""

    over_limit: str = "block"
    overdue: str = "warn"
    batch_unpaid: str = "block"
    stop_supply: str = "block"
    restricted: str = "block"
    overdue_days: int = 30

    def problems(self) -> list[Problem]:
        """What is wrong with these settings."""
        found = [
            Problem(None, name, getattr(self, name), R_("must be off, warn or block"))
            for name in RULES
            if getattr(self, name) not in ("off", "warn", "block")
        ]
        if not 0 <= self.overdue_days <= 3650:
            found.append(Problem(None, "overdue_days", str(self.overdue_days), R_("must be between 0 and 3650")))
        return found


def load_credit_rules(db: Database) -> CreditRules:
    """The company's credit rules (defaults for anything never set)."""
    with db.reading() as session:
        stored = store.read_settings(session, _PREFIX)
    values: dict[str, object] = {}
    for item in fields(CreditRules):
        raw = stored.get(_PREFIX + item.name)
        if raw is None:
            continue
        if item.name == "overdue_days":
            if raw.isdigit():
                values[item.name] = int(raw)
        else:
            values[item.name] = raw
    return CreditRules(**values)  # type: ignore[arg-type]


def save_credit_rules(db: Database, rules: CreditRules) -> None:
    """Store the company's credit rules.

    Raises:
        Rejected: for a rule that is not off/warn/block or a bad number of days.
    """
    reject_if(rules.problems())
    with db.transaction() as session:
        write_settings(session, {_PREFIX + f.name: str(getattr(rules, f.name)) for f in fields(CreditRules)})


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired: which, warn or block, and what to tell the clerk (put in words where shown)."""

    rule: str
    outcome: Outcome
    message: Message


@dataclass(frozen=True, slots=True)
class CreditCheck:
    """The result of checking one delivery; money in cents."""

    customer: str
    amount: int
    balance: int
    exposure: int
    credit_limit: int | None
    findings: tuple[Finding, ...]

    @property
    def outcome(self) -> Outcome:
        """Block if any rule blocks, else warn if any warns, else allow."""
        outcomes = {finding.outcome for finding in self.findings}
        if Outcome.BLOCK in outcomes:
            return Outcome.BLOCK
        return Outcome.WARN if Outcome.WARN in outcomes else Outcome.ALLOW

    @property
    def blocked(self) -> bool:
        """Whether the delivery needs an override."""
        return self.outcome is Outcome.BLOCK

    @property
    def blocking_rules(self) -> list[str]:
        """The rules that block."""
        return [f.rule for f in self.findings if f.outcome is Outcome.BLOCK]


def evaluate(
    facts: CreditFacts,
    amount: int,
    rules: CreditRules,
    *,
    credit_applies: bool = False,
    due_date: date | None = None,
    terms_due: date | None = None,
) -> CreditCheck:
    """Apply the company's rules to a customer's facts and a new delivery of ``amount`` cents.

    The rolling-batch rule (送二结一) wants every earlier delivery settled before the next goes
    out, not only the latest. With ``credit_applies`` (the customer's unapplied credit will be
    applied, oldest first, when this delivery is recorded), what that credit will settle does not count.
    ``due_date`` is the due date typed for the delivery (None: the terms'), ``terms_due`` the one its
    terms give: a restricted customer gets no later one (no promotional terms).
    """
    found: list[Finding] = []

    def fire(rule: str, text: str, **params: object) -> None:
        setting = getattr(rules, rule)
        if setting in ("warn", "block"):
            found.append(Finding(rule, Outcome(setting), Message(text, params)))

    exposure = facts.balance + amount
    if facts.hold_state == "stop":
        fire("stop_supply", R_("the customer is on stop supply: no deliveries until paid"))
    elif facts.hold_state == "restricted":
        breaches = restricted_breaches(facts.delivery_cap, amount, due_date, terms_due)
        if breaches and rules.restricted != "off":
            fire("restricted", R_("the customer is restricted: {breaches}"), breaches=tuple(breaches))
        elif facts.delivery_cap is None:
            found.append(Finding("restricted", Outcome.WARN, Message(
                R_("the customer is restricted: smaller batches, no promotional terms or rebates"))))
        else:
            found.append(Finding("restricted", Outcome.WARN, Message(
                R_("the customer is restricted: smaller batches (at most {cap} per delivery), "
                   "no promotional terms or rebates"), {"cap": Amount(facts.delivery_cap)})))
    if facts.credit_limit is not None and exposure > facts.credit_limit:
        fire(
            "over_limit",
            R_("over the credit limit by {over} (balance {balance} + this delivery {amount} = {exposure}, "
               "limit {limit})"),
            over=Amount(exposure - facts.credit_limit), balance=Amount(facts.balance), amount=Amount(amount),
            exposure=Amount(exposure), limit=Amount(facts.credit_limit),
        )
    if facts.overdue_past_threshold > 0:
        fire(
            "overdue",
            R_("{amount} is overdue more than {days} days (oldest {oldest} days)"),
            amount=Amount(facts.overdue_past_threshold), days=rules.overdue_days, oldest=facts.oldest_overdue_days,
        )
    used = min(facts.credit, facts.batch_open) if credit_applies else 0
    if facts.terms_kind == TermsKind.BATCH.value and facts.batch_open - used > 0:
        if facts.batch_count == 1:
            text = R_("1 earlier batch still has {open} open{net}, the oldest {number} of {day} "
                      "(deliver two, settle one: each batch is settled before the next goes out)")
        else:
            text = R_("{count} earlier batches still have {open} open{net}, the oldest {number} of {day} "
                      "(deliver two, settle one: each batch is settled before the next goes out)")
        net = (
            Message(R_(" ({open} less {used} of unapplied credit)"),
                    {"open": Amount(facts.batch_open), "used": Amount(used)})
            if used
            else ""
        )  # fmt: skip
        fire(
            "batch_unpaid", text, count=facts.batch_count, open=Amount(facts.batch_open - used), net=net,
            number=facts.batch_oldest_number, day=facts.batch_oldest_date,
        )
    return CreditCheck(facts.code, amount, facts.balance, exposure, facts.credit_limit, tuple(found))


def restricted_breaches(
    cap: int | None, amount: int, due_date: date | None, terms_due: date | None
) -> list[Message]:
    """What a delivery to a restricted customer does that graduated pressure (seed 001 §8) forbids.

    Args:
        cap: the customer's cap per delivery in cents (None: no cap).
        amount: the delivery, in cents.
        due_date: the due date typed for it (None: the terms').
        terms_due: the due date its terms give (None: they give none yet, a rolling batch).
    """
    found = []
    if cap is not None and amount > cap:
        found.append(Message(R_("this delivery of {amount} is over its cap of {cap} per delivery by {over}"),
                             {"amount": Amount(amount), "cap": Amount(cap), "over": Amount(amount - cap)}))
    if due_date is not None and terms_due is not None and due_date > terms_due:
        found.append(Message(R_("its due date {due} is {days} days later than its terms give ({terms_due}): "
                                "no promotional terms while restricted"),
                             {"due": due_date, "days": (due_date - terms_due).days, "terms_due": terms_due}))
    return found


def _terms_due(session: UnitOfWork, customer: str, on: date) -> date | None:
    facts = ledger_store.customer_facts(session, [customer]).get(customer)
    return None if facts is None else facts.terms.due_date(on)


def check_delivery(
    db: Database, customer: str, amount: Decimal, on: date, due_date: date | None = None
) -> CreditCheck | None:
    """What the credit check says about a delivery to ``customer`` of ``amount`` on ``on`` (None: no such customer).

    ``due_date``: the due date typed for the delivery, if any (it overrides the terms).
    """
    rules = load_credit_rules(db)
    applies = ledger.auto_apply_setting(db).covers(customer)
    with db.reading() as session:
        facts = store.credit_facts(session, customer, on, rules.overdue_days)
        terms_due = _terms_due(session, customer, on)
    if facts is None:
        return None
    return evaluate(
        facts, to_minor(amount) if amount > 0 else 0, rules, credit_applies=applies, due_date=due_date,
        terms_due=terms_due,
    )  # fmt: skip


def record_delivery_checked(db: Database, delivery: DeliveryInput, *, override_reason: str = "") -> CreditCheck | None:
    """Check and record one delivery in one transaction; a block needs ``override_reason``, which is kept.

    Returns:
        The check as it stood when the delivery was saved.

    Raises:
        Rejected: for a bad field, or a block without a written reason; nothing is saved.
    """
    rules = load_credit_rules(db)
    applies = ledger.auto_apply_setting(db).covers(delivery.customer)
    with db.transaction() as session:
        facts = store.credit_facts(session, delivery.customer, delivery.date, rules.overdue_days)
        check = None
        if facts is not None and delivery.amount > 0:
            check = evaluate(
                facts, to_minor(delivery.amount), rules, credit_applies=applies, due_date=delivery.due_date,
                terms_due=_terms_due(session, delivery.customer, delivery.date),
            )  # fmt: skip
            if check.blocked and not override_reason.strip():
                blocks = tuple(f.message for f in check.findings if f.outcome is Outcome.BLOCK)
                reason = R_("blocked: {findings}. To deliver anyway, write the reason for the override.")
                raise Rejected([Problem(None, "", "", reason, {"findings": blocks})])
        reject_if(ledger.post_deliveries(session, [delivery]))
        if check is not None and check.blocked:
            assert facts is not None
            store.add_override(
                session,
                facts.customer_id,
                delivery.number.strip(),
                check.amount,
                check.exposure,
                check.credit_limit,
                ", ".join(check.blocking_rules),
                override_reason.strip(),
            )
        return check


def _limit_text(cents: int | None) -> str:
    return "" if cents is None else f"{Decimal(cents) / 100:.2f}"


def set_credit_limit(
    db: Database,
    customer: str,
    limit: Decimal | None,
    reason: str,
    *,
    hold: str | None = None,
    cap: Decimal | None = None,
) -> None:
    """Change a customer's credit limit (None: no limit) and optionally its hold state, keeping the history.

    ``cap`` is the most one delivery may be worth while the customer is restricted (None: no cap);
    it is written with the hold state (a customer no longer restricted keeps no cap).

    Raises:
        Rejected: without a reason, for a negative limit, an unknown hold state or customer, a cap
            on a customer that is not restricted.
    """
    problems = []
    if not reason.strip():
        problems.append(Problem(None, "reason", "", R_("say why the limit changes; it is kept in the history")))
    if limit is not None and limit < 0:
        problems.append(Problem(None, "credit_limit", str(limit), R_("must not be negative")))
    problems += limits.credit_limit_problems(None, limit)
    if hold is not None and hold not in HOLD_STATES:
        problems.append(Problem(None, "hold_state", hold, R_("must be normal, restricted or stop")))
    reject_if(problems)
    if hold is not None:
        reject_if(ledger.delivery_cap_problems(None, cap, hold))
    with db.transaction() as session:
        customer_id = store.customer_id(session, customer)
        if customer_id is None:
            raise Rejected([Problem(None, "customer", customer, R_("no such customer"))])
        old_limit, old_hold = store.limit_and_hold(session, customer_id)
        new_limit = None if limit is None else to_minor(limit)
        new_hold = old_hold if hold is None else hold
        old_cap = store.delivery_cap(session, customer_id)
        new_cap = old_cap if hold is None else None if cap is None else to_minor(cap)
        if new_cap != old_cap:
            store.add_change(session, customer_id, "cap", _limit_text(old_cap), _limit_text(new_cap), reason.strip())
        if new_limit != old_limit:
            store.add_change(
                session, customer_id, "limit", _limit_text(old_limit), _limit_text(new_limit), reason.strip()
            )
        if new_hold != old_hold:
            store.add_change(session, customer_id, "hold", old_hold, new_hold, reason.strip())
        with audit.watch(session, "customer", [customer], "credit", reason.strip()):
            store.set_limit_and_hold(session, customer_id, new_limit, new_hold, new_cap)


def customer_state(db: Database, code: str) -> str:
    """The customer as it is now, in short: give it back to :func:`save_customer_with_history` as ``seen``."""
    with db.reading() as session:
        return audit.record_state(session, "customer", code)


def save_customer_with_history(
    db: Database, customer: CustomerInput, *, reason: str = "", seen: str | None = None
) -> None:
    """Create or change a customer; a new or changed credit limit goes into the limit history.

    Args:
        db: the company.
        customer: the customer as entered.
        reason: why the credit limit changed.
        seen: the customer's state (:func:`customer_state`) when the clerk opened it; when someone
            else has changed it since, nothing is saved, so their change is not overwritten.

    Raises:
        Rejected: naming each bad field; a changed limit of an existing customer without a reason;
            a customer changed by someone else since ``seen``.
    """
    with db.transaction() as session:
        if seen is not None and audit.record_state(session, "customer", customer.code.strip()) != seen:
            raise Rejected(
                [
                    Problem(
                        None,
                        "customer",
                        customer.code.strip(),
                        R_(
                            "someone else changed this customer since you opened it; nothing was saved. "
                            "Close it and open it again to see their change"
                        ),
                    )
                ]
            )
        existing = store.customer_id(session, customer.code.strip())
        old_limit = store.limit_and_hold(session, existing)[0] if existing is not None else None
        new_limit = None if customer.credit_limit is None else to_minor(customer.credit_limit)
        if existing is not None and old_limit != new_limit and not reason.strip():
            raise Rejected(
                [
                    Problem(
                        None,
                        "credit_limit",
                        _limit_text(new_limit),
                        R_("a changed limit needs a reason (use Change limit…)"),
                    )
                ]
            )
        reject_if(ledger.post_customers(session, [customer]))
        session.flush()
        if old_limit != new_limit:
            customer_id = store.customer_id(session, customer.code.strip())
            assert customer_id is not None
            store.add_change(
                session,
                customer_id,
                "limit",
                _limit_text(old_limit),
                _limit_text(new_limit),
                reason.strip() or "new customer",
            )


def credit_history(db: Database, customer: str | None = None) -> list[ChangeRow]:
    """Limit and hold changes (who, when, old, new, why), newest first."""
    with db.reading() as session:
        return store.changes(session, customer)


def override_log(db: Database, customer: str | None = None) -> list[OverrideRow]:
    """Every credit override (who, when, customer, exposure at the time, reason), newest first."""
    with db.reading() as session:
        return store.overrides(session, customer)


def rules_with(rules: CreditRules, **changes: object) -> CreditRules:
    """A copy of ``rules`` with some fields changed."""
    return replace(rules, **changes)  # type: ignore[arg-type]


def now() -> datetime:
    """The current time, to the second (for displays of 'as of')."""
    return datetime.now().replace(microsecond=0)
