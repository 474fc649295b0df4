"""Statements of account for the quarterly reconciliation letter (对账函): pure rules.

A statement is the opening balance, every delivery, payment and adjustment of a period
in a fixed order with the running balance after each, and the closing balance. Money
is integer cents; a delivery raises what the customer owes, a payment or an adjustment
lowers it, and a refund (money paid back out of the customer's credit) raises it again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from arddesk.domain.dates import Period

DEFAULT_REPLY_DAYS = 21
_Day = date  # for annotations inside classes that have a field named ``date``


class EntryKind(StrEnum):
    """What a line of the statement records."""

    DELIVERY = "delivery"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"
    REFUND = "refund"


# Within one day: goods first, then the money that paid for them, then corrections, then money paid back.
_KIND_ORDER = {EntryKind.DELIVERY: 0, EntryKind.PAYMENT: 1, EntryKind.ADJUSTMENT: 2, EntryKind.REFUND: 3}
_DEBITS = {EntryKind.DELIVERY, EntryKind.REFUND}


@dataclass(frozen=True, slots=True)
class Entry:
    """One delivery, payment or adjustment of the period.

    Attributes:
        date: the day it happened.
        kind: delivery, payment or adjustment.
        number: its number in the ledger.
        amount: positive cents.
        subkind: payment method (cash/transfer/other) or adjustment kind (return/discount/rebate/write_off).
        text: the delivery's or payment's note, the adjustment's reason.
        due_date: a delivery's due date.
        void: the line reverses the document of that number (voided on ``date``; ``text`` says why).
    """

    date: date
    kind: EntryKind
    number: str
    amount: int
    subkind: str = ""
    text: str = ""
    due_date: _Day | None = None
    void: bool = False

    @property
    def raises_balance(self) -> bool:
        """Whether the line adds to what the customer owes: a delivery or a refund, or the void of a payment or
        adjustment."""
        return (self.kind in _DEBITS) != self.void

    @property
    def change(self) -> int:
        """What the entry does to the balance: + for a delivery or refund, - for a payment or adjustment; a void
        reverses."""
        return self.amount if self.raises_balance else -self.amount

    @property
    def sort_key(self) -> tuple[_Day, int, str, bool]:
        """Date, then delivery before payment before adjustment, then number; a void after what it reverses."""
        return (self.date, _KIND_ORDER[self.kind], self.number, self.void)


@dataclass(frozen=True, slots=True)
class StatementLine:
    """An entry and the balance right after it."""

    entry: Entry
    balance: int

    @property
    def debit(self) -> int | None:
        """What the customer was charged (deliveries, voided payments and adjustments), else None."""
        return self.entry.amount if self.entry.raises_balance else None

    @property
    def credit(self) -> int | None:
        """What was paid or credited (payments, adjustments, voided deliveries), else None."""
        return None if self.entry.raises_balance else self.entry.amount


@dataclass(frozen=True, slots=True)
class AppliedAmount:
    """Part of a payment or adjustment applied to a delivery during the period."""

    source_kind: EntryKind
    source_number: str
    source_date: date
    delivery_number: str
    delivery_date: date
    amount: int


@dataclass(frozen=True, slots=True)
class OpenDeliveryLine:
    """A delivery still open at the end of the period: why an old delivery shows in the aging."""

    number: str
    date: date
    due_date: _Day | None
    days_overdue: int
    open: int
    bucket: str


@dataclass(frozen=True, slots=True)
class AgingSummary:
    """The aging of the closing balance: ``not_due``, one amount per bucket, unapplied credit (≤ 0)."""

    labels: tuple[str, ...]
    not_due: int
    buckets: tuple[int, ...]
    unapplied: int

    @property
    def total(self) -> int:
        """Everything summed: equals the closing balance."""
        return self.not_due + sum(self.buckets) + self.unapplied


@dataclass(frozen=True, slots=True)
class Party:
    """Who the letter goes to (or comes from)."""

    code: str
    name: str
    address: str = ""
    phone: str = ""
    language: str = "zh"


@dataclass(frozen=True, slots=True)
class Statement:
    """Everything one reconciliation letter says."""

    customer: Party
    period: Period
    opening: int
    lines: tuple[StatementLine, ...]
    aging: AgingSummary
    applied: tuple[AppliedAmount, ...] = ()
    open_deliveries: tuple[OpenDeliveryLine, ...] = ()
    reference: str = ""
    letter_date: date | None = None
    return_by: date | None = None
    handover: bool = False
    currency: str = "CNY"

    @property
    def closing(self) -> int:
        """The balance after the last line (the opening balance when there is none)."""
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def deliveries_total(self) -> int:
        """Sum of the period's deliveries."""
        return sum(line.debit or 0 for line in self.lines)

    @property
    def credits_total(self) -> int:
        """Sum of the period's payments and adjustments."""
        return sum(line.credit or 0 for line in self.lines)

    def fingerprint(self) -> str:
        """A short hash of everything printed: a letter on disk with this mark needs no rewrite."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()[:20]


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in statement order: by date, deliveries before payments before adjustments, then number."""
    return sorted(entries, key=lambda entry: entry.sort_key)


def running_lines(opening: int, entries: Iterable[Entry]) -> tuple[StatementLine, ...]:
    """The statement lines: each entry in order with the balance after it."""
    balance = opening
    lines = []
    for entry in ordered(entries):
        balance += entry.change
        lines.append(StatementLine(entry, balance))
    return tuple(lines)


def needs_letter(entries: Sequence[Entry], closing: int, *, include_zero: bool = False) -> bool:
    """Whether a customer gets a letter: any activity in the period, or a balance to confirm.

    A customer with no activity and a zero balance gets none unless ``include_zero``.
    """
    return include_zero or bool(entries) or closing != 0


def reference_number(period: Period, customer_code: str) -> str:
    """The letter's reference, the same on every re-print: ``RC-2026Q3-C001``."""
    return f"RC-{period.label}-{customer_code}"


def return_by(letter_date: date, days: int = DEFAULT_REPLY_DAYS) -> date:
    """The date by which the signed slip should be back."""
    return letter_date + timedelta(days=days)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"all", "con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def file_stem(customer_code: str) -> str:
    """A file name for a customer's letter, safe on every platform and distinct for distinct codes.

    Codes of plain letters, digits, ``.``, ``_`` and ``-`` are kept; anything else is
    replaced and a short hash of the real code is added, so ``A/1`` and ``A_1`` differ.
    Names Windows reserves and ``all`` (the combined file) get the hash too.
    """
    stem = _UNSAFE.sub("_", customer_code).strip("._")[:60]
    if stem != customer_code or not stem or stem.lower() in _RESERVED or stem.lower().split(".")[0] in _RESERVED:
        digest = hashlib.sha1(customer_code.encode("utf-8")).hexdigest()[:8]
        stem = f"{stem or 'customer'}-{digest}"
    return stem
