"""Sane limits: amounts up to 999,999,999,999.99 a document, dates 1900-01-01 … 2100-12-31."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from arddesk.domain.limits import (
    MAX_AMOUNT,
    OUT_OF_RANGE,
    TOO_LARGE,
    credit_limit_problems,
    document_problems,
    in_supported_range,
)
from arddesk.domain.money import parse_amount, to_minor
from arddesk.domain.problems import InvalidValue, Problem

SQLITE_LARGEST = 2**63 - 1


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(1899, 12, 31), False),
        (date(1900, 1, 1), True),
        (date(2026, 6, 30), True),
        (date(2100, 12, 31), True),
        (date(2101, 1, 1), False),
        (date(1, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_supported_dates(day: date, inside: bool) -> None:
    assert in_supported_range(day) is inside


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("999999999999.99", True),
        ("999,999,999,999.99", True),
        ("1000000000000.00", False),
        ("1,000,000,000,000", False),
        ("50000000000000000.00", False),
        ("-999999999999.99", True),
        ("-1000000000000", False),
    ],
)
def test_parse_amount_refuses_more_than_the_largest_document(text: str, accepted: bool) -> None:
    if accepted:
        assert abs(parse_amount(text, allow_negative=True)) == MAX_AMOUNT
    else:
        with pytest.raises(InvalidValue, match=re.escape(TOO_LARGE)):
            parse_amount(text, allow_negative=True)


def test_a_spreadsheet_number_above_the_limit_is_refused() -> None:
    with pytest.raises(InvalidValue, match=TOO_LARGE):
        parse_amount(5e16)


def test_ninety_thousand_largest_documents_still_sum_in_sqlite_integers() -> None:
    assert to_minor(MAX_AMOUNT) * 92_000 < SQLITE_LARGEST


def test_document_problems_name_each_field() -> None:
    assert document_problems(4, Decimal("1000000000000"), date=date(1899, 1, 1), due_date=date(2101, 2, 3)) == [
        Problem(4, "amount", "1000000000000", TOO_LARGE),
        Problem(4, "date", "1899-01-01", OUT_OF_RANGE),
        Problem(4, "due_date", "2101-02-03", OUT_OF_RANGE),
    ]
    assert document_problems(4, MAX_AMOUNT, date=date(2100, 12, 31), due_date=None) == []


def test_credit_limit_problems() -> None:
    assert credit_limit_problems(None, Decimal("1e12")) == [Problem(None, "credit_limit", "1E+12", TOO_LARGE)]
    assert credit_limit_problems(2, MAX_AMOUNT) == []
    assert credit_limit_problems(2, None) == []
