"""The audit trail's rules: canonical values, changes between states, replay, and the hash chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from arddesk.domain.audit import GENESIS, Entry, canonical, chain_hash, changes, is_note, replay, state_digest


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "1"),
        (False, "0"),
        (532200, "532200"),
        (dt.date(2026, 3, 31), "2026-03-31"),
        (dt.datetime(2026, 3, 31, 9, 15, 7, 123), "2026-03-31 09:15:07"),
        ("华联", "华联"),
    ],
)
def test_canonical_text(value: object, text: str) -> None:
    assert canonical(value) == text


def test_changes_between_two_states_name_each_field() -> None:
    before = {"amount": "532200", "note": "", "date": "2026-03-01"}
    after = {"amount": "100", "note": "", "date": "2026-03-02"}
    assert changes(before, after) == [("amount", "532200", "100"), ("date", "2026-03-01", "2026-03-02")]


def test_a_new_record_is_one_change_with_all_its_values() -> None:
    assert changes(None, {"b": "2", "a": "1"}) == [("", "", '{"a":"1","b":"2"}')]
    assert changes({"a": "1"}, None) == [("", '{"a":"1"}', "")]


def test_replay_applies_inserts_updates_and_removals_and_skips_notes() -> None:
    insert = ("", "", '{"amount":"100","note":"x"}', "s1")
    update = ("amount", "100", "250", "s2")
    note = ("", "", "", "")
    removal = ("", '{"amount":"250","note":"x"}', "", "")
    assert replay([insert, note, update]) == {"amount": "250", "note": "x"}
    assert replay([insert, update, removal]) is None
    assert is_note(*note[:2], note[3]) and not is_note(*removal[:2], removal[3])


def test_the_state_digest_ignores_field_order() -> None:
    assert state_digest({"a": "1", "b": "2"}) == state_digest({"b": "2", "a": "1"})
    assert state_digest({"a": "1"}) != state_digest({"a": "2"})


def test_every_part_of_an_entry_and_the_previous_hash_change_its_hash() -> None:
    entry = Entry(dt.datetime(2026, 3, 31, 9, 0), "clerk@pc", "void", "payment", "PAY1", "voided_on", "", "x", "why")
    first = chain_hash(GENESIS, entry)
    assert chain_hash(GENESIS, entry) == first
    assert chain_hash("1" * 64, entry) != first
    for field in ("user", "action", "table", "record", "field", "old", "new", "reason", "state"):
        assert chain_hash(GENESIS, replace(entry, **{field: "other"})) != first, field
