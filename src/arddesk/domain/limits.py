"""Sane limits: the largest amount a document or a credit limit may hold, and the dates arddesk keeps.

A document of up to 999,999,999,999.99 is far beyond any distributor's invoice, yet leaves room for
92,000 of them at that size before a sum of cents passes what SQLite's 64-bit integers hold
(9,223,372,036,854,775,807). Dates before 1900 or after 2100 are typing mistakes (a year of 0226 or
20266), refused before they reach the aging or the letters.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arddesk.domain.problems import R_, Problem

# The same limit holds for a credit limit.
MAX_DOCUMENT_CENTS = 99_999_999_999_999
MAX_AMOUNT = Decimal(MAX_DOCUMENT_CENTS).scaleb(-2)
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)

TOO_LARGE = R_("must not be more than 999,999,999,999.99")
OUT_OF_RANGE = R_("must be between 1900-01-01 and 2100-12-31")


def in_supported_range(day: date) -> bool:
    """Whether ``day`` lies within 1900-01-01 … 2100-12-31."""
    return FIRST_DATE <= day <= LAST_DATE


def amount_problem(amount: Decimal) -> str | None:
    """Why an amount (of either sign) is refused as too large, or None when it is within the limit."""
    return TOO_LARGE if abs(amount) > MAX_AMOUNT else None


def date_problem(day: date) -> str | None:
    """Why a date is refused as outside 1900–2100, or None when it is within."""
    return None if in_supported_range(day) else OUT_OF_RANGE


def document_problems(row: int | None, amount: Decimal, **dates: date | None) -> list[Problem]:
    """A document's amount above the limit and its dates (by column name) outside 1900–2100."""
    problems = []
    if too_large := amount_problem(amount):
        problems.append(Problem(row, "amount", str(amount), too_large))
    for column, day in dates.items():
        if day is not None and (outside := date_problem(day)):
            problems.append(Problem(row, column, day.isoformat(), outside))
    return problems


def credit_limit_problems(row: int | None, limit: Decimal | None) -> list[Problem]:
    """A credit limit above the limit a document has (None: no limit, always fine)."""
    too_large = None if limit is None else amount_problem(limit)
    return [Problem(row, "credit_limit", str(limit), too_large)] if too_large else []
