"""The effective class of a receivable: days overdue by default, the clerk's override when set.

Precedence, most specific first:

1. an override on the delivery itself (the clerk moved this one item);
2. an override on the customer (the clerk moved everything the customer owes, including
   items not yet due: a customer that closed down will not pay next month's invoice either);
3. the class computed from days overdue with the company's :class:`ClassThresholds`.

An override may move an item to a worse *or* a better class; it stays until the clerk
clears it, so it survives every refresh of the aging. Its reason is required and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from arddesk.domain.aging import ClassThresholds, DebtClass
from arddesk.domain.problems import R_, Problem

CLASS_ORDER: tuple[DebtClass, ...] = (
    DebtClass.NOT_DUE,
    DebtClass.DUNNING,
    DebtClass.DOUBTFUL,
    DebtClass.BAD,
    DebtClass.DEAD,
)
"""The five classes from best to worst."""


class ClassSource(StrEnum):
    """Where an item's effective class came from."""

    DAYS = "days"
    DELIVERY = "delivery"
    CUSTOMER = "customer"


class DebtCause(StrEnum):
    """Why a delivery is unpaid (欠款原因); all but cash-flow trouble are non-sales causes."""

    CASH_FLOW = "cash_flow"
    QUALITY = "quality"
    SERVICE = "service"
    CONTRACT = "contract"
    OUR_FAULT = "our_fault"
    OTHER = "other"


DISPUTED_CAUSES: frozenset[DebtCause] = frozenset(
    {DebtCause.QUALITY, DebtCause.SERVICE, DebtCause.CONTRACT, DebtCause.OUR_FAULT}
)
"""Causes that mean the customer disputes the debt: non-sales causes, exempt in incentives."""


def rank(debt_class: DebtClass) -> int:
    """0 for not yet due up to 4 for dead: a higher rank is a worse class."""
    return CLASS_ORDER.index(debt_class)


def worse(a: DebtClass, b: DebtClass) -> DebtClass:
    """The worse of two classes."""
    return a if rank(a) >= rank(b) else b


@dataclass(frozen=True, slots=True)
class ClassOverride:
    """The clerk's decision to put a delivery or a whole customer in a class, and why."""

    debt_class: DebtClass
    reason: str


@dataclass(frozen=True, slots=True)
class EffectiveClass:
    """An item's class, where it came from, and the computed class it replaced."""

    debt_class: DebtClass
    source: ClassSource
    computed: DebtClass
    reason: str = ""

    @property
    def overridden(self) -> bool:
        """Whether the clerk's override decided the class."""
        return self.source is not ClassSource.DAYS


def effective_class(
    days_overdue: int | None,
    thresholds: ClassThresholds,
    *,
    delivery_override: ClassOverride | None = None,
    customer_override: ClassOverride | None = None,
) -> EffectiveClass:
    """The class of one open item: delivery override, else customer override, else by days.

    Args:
        days_overdue: days past the due date as of the aging date (None or ≤ 0: not due).
        thresholds: the company's class thresholds.
        delivery_override: the clerk's class for this delivery, if any.
        customer_override: the clerk's class for the whole customer, if any.
    """
    computed = thresholds.classify(days_overdue)
    if delivery_override is not None:
        return EffectiveClass(delivery_override.debt_class, ClassSource.DELIVERY, computed, delivery_override.reason)
    if customer_override is not None:
        return EffectiveClass(customer_override.debt_class, ClassSource.CUSTOMER, computed, customer_override.reason)
    return EffectiveClass(computed, ClassSource.DAYS, computed)


def override_problems(debt_class: str, reason: str) -> list[Problem]:
    """What is wrong with an override the clerk typed: an unknown class or no reason."""
    found = []
    if debt_class not in {c.value for c in DebtClass}:
        found.append(Problem(None, "class", debt_class, R_("one of {choices}"),
                             {"choices": ", ".join(c.value for c in CLASS_ORDER)}))
    if not reason.strip():
        found.append(Problem(None, "reason", reason, R_("a reason is required to change a class")))
    return found
