"""The audit trail's rules: what an entry is, how entries are chained, how a record's state is sealed.

Every change to the books is an append-only entry. Each entry's hash covers its content and the
hash of the entry before it, so removing, reordering or editing an entry breaks the chain from
there on. An entry also carries ``state``: a digest of the whole record as it stood after the
change, so that a record edited behind arddesk's back no longer matches its last entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
"""The hash the first entry of a trail chains to."""

INSERT_FIELD = ""
"""``field`` of an entry that records a whole new record (its values are in ``new`` as JSON)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One change: when, who, what (table, record, field, old, new), why, and the record's state after it."""

    at: dt.datetime
    user: str
    action: str
    table: str
    record: str
    field: str = ""
    old: str = ""
    new: str = ""
    reason: str = ""
    state: str = ""

    def values(self) -> tuple[dt.datetime, str, str, str, str, str, str, str, str, str]:
        """(at, user, action, table, record, field, old, new, reason, state): the entry as stored."""
        return (
            self.at,
            self.user,
            self.action,
            self.table,
            self.record,
            self.field,
            self.old,
            self.new,
            self.reason,
            self.state,
        )


def canonical(value: object) -> str:
    """A stored value as the text the trail keeps: dates in ISO form, booleans as 1/0, None as ""."""
    kind = value.__class__
    if kind is str:  # most values, as SQLite gives them back: checked first, since a check reads millions
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def state_digest(fields: Mapping[str, str]) -> str:
    """A short digest of a record's sealed fields (their names and canonical values)."""
    return json_digest(fields_json(fields))


def json_digest(text: str) -> str:
    """The state digest of a record whose fields :func:`fields_json` wrote as ``text``."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def fields_json(fields: Mapping[str, str]) -> str:
    """A new record's fields as the ``new`` text of its insert entry."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def chain_hash(previous: str, entry: Entry) -> str:
    """The hash of ``entry`` chained to the hash of the entry before it."""
    content = json.dumps(
        [previous, canonical(entry.at), *entry.values()[1:]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


def changes(before: Mapping[str, str] | None, after: Mapping[str, str] | None) -> list[tuple[str, str, str]]:
    """(field, old, new) for what differs between two states of a record.

    A new record is one change with field ``INSERT_FIELD`` and all its values as JSON in ``new``.
    """
    if before is None:
        return [] if after is None else [(INSERT_FIELD, "", fields_json(after))]
    if after is None:
        return [(INSERT_FIELD, fields_json(before), "")]
    names = sorted(set(before) | set(after))
    return [(name, before.get(name, ""), after.get(name, "")) for name in names if before.get(name) != after.get(name)]


def is_note(field: str, old: str, state: str) -> bool:
    """Whether an entry only notes an event (a password set, a reset) and changes no record's fields.

    A note has no state and no old values; a removal has no state but the record's old values.
    """
    return field == INSERT_FIELD and state == "" and old == ""


def replay(entries: list[tuple[str, str, str, str]]) -> dict[str, str] | None:
    """A record's fields as its entries say, given its (field, old, new, state) in order; None if removed."""
    fields: dict[str, str] | None = None
    for field, old, new, state in entries:
        if is_note(field, old, state):
            continue
        if field == INSERT_FIELD:
            fields = None if new == "" else dict(json.loads(new))
        elif fields is not None:
            fields[field] = new
    return fields


def seal(key: bytes, *parts: str) -> str:
    """An HMAC over ``parts`` with a key only the owner can derive (see ``domain.password``)."""
    message = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
