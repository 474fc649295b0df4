"""Payment terms (结算方式) and the due date they give a delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from arddesk.domain.dates import add_months, clamp_day, month_end
from arddesk.domain.money import from_minor, round_money, to_minor
from arddesk.domain.problems import R_, Message


class TermsKind(StrEnum):
    """The kinds of terms a contract can agree."""

    COD = "cod"  # 现款现货: due on the delivery date
    NET = "net"  # delivery date + days
    EOM = "eom"  # end of the delivery's month + days
    MONTHLY = "monthly"  # 月结: a day of a later month, with an optional cut-off
    BATCH = "batch"  # 送二结一: due at the next delivery


@dataclass(frozen=True, slots=True)
class Terms:
    """Agreed payment terms; which fields matter depends on ``kind``.

    ``discount_percent`` and ``discount_days`` are an optional early-payment discount for the
    customer: e.g. 2 % off a delivery paid within 10 days of its delivery date.
    """

    code: str
    kind: TermsKind
    days: int | None = None
    day_of_month: int | None = None
    months: int | None = None
    cutoff_day: int | None = None
    discount_percent: Decimal | None = None
    discount_days: int | None = None

    def problems(self) -> list[tuple[str, Message]]:
        """What is wrong with these terms, as (field, reason) pairs; empty when valid."""
        found: list[tuple[str, Message]] = []
        if self.kind in (TermsKind.NET, TermsKind.EOM) and self.days is None:
            found.append(("days", Message(R_("required for {kind} terms"), {"kind": self.kind.value})))
        if self.days is not None and not 0 <= self.days <= 3650:
            found.append(("days", Message(R_("must be between 0 and 3650"))))
        if self.kind is TermsKind.MONTHLY:
            if self.day_of_month is None:
                found.append(("day_of_month", Message(R_("required for monthly terms"))))
            if self.months is not None and not 0 <= self.months <= 24:
                found.append(("months", Message(R_("must be between 0 and 24"))))
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 31:
            found.append(("day_of_month", Message(R_("must be between 1 and 31"))))
        if self.cutoff_day is not None and not 1 <= self.cutoff_day <= 31:
            found.append(("cutoff_day", Message(R_("must be between 1 and 31"))))
        if (self.discount_percent is None) != (self.discount_days is None):
            missing = "discount_days" if self.discount_days is None else "discount_percent"
            found.append((missing, Message(R_("an early-payment discount needs both a percent and days"))))
        if self.discount_percent is not None and not (
            0 < self.discount_percent < 100 and self.discount_percent == self.discount_percent.quantize(Decimal("0.01"))
        ):
            found.append(
                ("discount_percent", Message(R_("must be more than 0 and less than 100, with at most two decimals")))
            )
        if self.discount_days is not None and not 0 <= self.discount_days <= 365:
            found.append(("discount_days", Message(R_("must be between 0 and 365"))))
        return found

    def early_discount(self, amount: int, delivered: date, paid: date) -> int:
        """The discount in cents a delivery of ``amount`` cents earns when paid on ``paid``: the
        percent of the amount, rounded half-up to the cent, if paid within the discount days of
        delivery; else 0."""
        if self.discount_percent is None or self.discount_days is None:
            return 0
        if paid > delivered + timedelta(days=self.discount_days):
            return 0
        return to_minor(round_money(from_minor(amount) * self.discount_percent / 100))

    def due_date(self, delivered: date, next_delivery: date | None = None) -> date | None:
        """When a delivery made on ``delivered`` must be paid.

        Args:
            delivered: the delivery date.
            next_delivery: for ``batch`` terms, the date of the customer's next delivery,
                if there is one.

        Returns:
            The due date, or None for a ``batch`` delivery with no next delivery and no
            ``days`` limit (not yet due).
        """
        match self.kind:
            case TermsKind.COD:
                return delivered
            case TermsKind.NET:
                return delivered + timedelta(days=self.days or 0)
            case TermsKind.EOM:
                return month_end(delivered.year, delivered.month) + timedelta(days=self.days or 0)
            case TermsKind.MONTHLY:
                year, month = delivered.year, delivered.month
                if self.cutoff_day is not None and delivered.day > self.cutoff_day:
                    year, month = add_months(year, month, 1)
                year, month = add_months(year, month, 1 if self.months is None else self.months)
                return clamp_day(year, month, self.day_of_month or 1)
            case TermsKind.BATCH:
                latest = None if self.days is None else delivered + timedelta(days=self.days)
                if next_delivery is None:
                    return latest
                return next_delivery if latest is None else min(next_delivery, latest)
        raise AssertionError(self.kind)  # pragma: no cover
