"""Statement lines, running balance, who gets a letter, file names."""

from __future__ import annotations

from datetime import date

import pytest

from arddesk.domain.dates import Period
from arddesk.domain.statements import (
    AgingSummary,
    Entry,
    EntryKind,
    Party,
    Statement,
    file_stem,
    needs_letter,
    reference_number,
    return_by,
    running_lines,
)

D, P, A = EntryKind.DELIVERY, EntryKind.PAYMENT, EntryKind.ADJUSTMENT


def test_running_balance_orders_by_date_then_delivery_payment_adjustment() -> None:
    entries = [
        Entry(date(2026, 8, 1), A, "ADJ1", 5_000),
        Entry(date(2026, 7, 10), P, "PAY1", 30_000),
        Entry(date(2026, 7, 10), D, "D2", 20_000),
        Entry(date(2026, 7, 1), D, "D1", 100_000),
    ]
    lines = running_lines(50_000, entries)
    assert [(line.entry.number, line.balance) for line in lines] == [
        ("D1", 150_000),
        ("D2", 170_000),
        ("PAY1", 140_000),
        ("ADJ1", 135_000),
    ]
    assert [(line.debit, line.credit) for line in lines] == [
        (100_000, None),
        (20_000, None),
        (None, 30_000),
        (None, 5_000),
    ]


def _statement(opening: int, entries: list[Entry]) -> Statement:
    return Statement(
        customer=Party("C1", "Customer"),
        period=Period.parse("2026Q3"),
        opening=opening,
        lines=running_lines(opening, entries),
        aging=AgingSummary((), 0, (), 0),
    )


def test_closing_is_last_running_balance_or_opening_without_lines() -> None:
    assert _statement(12_345, []).closing == 12_345
    statement = _statement(0, [Entry(date(2026, 7, 1), D, "D1", 10_000), Entry(date(2026, 7, 2), P, "P1", 2_500)])
    assert statement.closing == 7_500
    assert statement.deliveries_total == 10_000
    assert statement.credits_total == 2_500


@pytest.mark.parametrize(
    ("activity", "closing", "include_zero", "expected"),
    [
        (False, 0, False, False),  # nothing happened and nothing owed: no letter
        (False, 0, True, True),  # unless asked
        (False, 500, False, True),  # a balance to confirm
        (False, -500, False, True),  # a credit balance is confirmed too
        (True, 0, False, True),  # paid up during the period: still a statement
    ],
)
def test_needs_letter(activity: bool, closing: int, include_zero: bool, expected: bool) -> None:
    entries = [Entry(date(2026, 7, 1), D, "D1", 100)] if activity else []
    assert needs_letter(entries, closing, include_zero=include_zero) is expected


def test_reference_and_return_by() -> None:
    assert reference_number(Period.parse("2026Q3"), "C001") == "RC-2026Q3-C001"
    assert return_by(date(2026, 10, 5)) == date(2026, 10, 26)
    assert return_by(date(2026, 10, 5), 10) == date(2026, 10, 15)


def test_fingerprint_changes_with_content() -> None:
    one = _statement(100, [])
    assert one.fingerprint() == _statement(100, []).fingerprint()
    assert one.fingerprint() != _statement(101, []).fingerprint()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("C001", "C001"),
        ("acme-2.b_x", "acme-2.b_x"),
    ],
)
def test_file_stem_keeps_plain_codes(code: str, expected: str) -> None:
    assert file_stem(code) == expected


@pytest.mark.parametrize("code", ["A/1", "../etc", "客户1", "all", "CON", "nul.txt", "a b", ""])
def test_file_stem_makes_hostile_codes_safe_and_distinct(code: str) -> None:
    stem = file_stem(code)
    assert stem and all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in stem)
    assert stem.lower() not in {"all", "con", "nul"}
    assert not stem.startswith(".")


def test_file_stem_distinguishes_codes_that_sanitise_alike() -> None:
    assert file_stem("A/1") != file_stem("A_1") != file_stem("A 1")
    assert file_stem("A/1") != file_stem("A 1")
