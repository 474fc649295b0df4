"""The audit trail in the database: append-only, hash-chained entries, and the sealed state of records.

Writers wrap a change in :func:`watch` (or give the new rows to :func:`record_inserts`): the
record's sealed fields are read before and after, and every difference becomes an entry. The
check (:func:`verify`) walks the chain and compares every sealed record with the state its
last entry recorded, naming the table, the record and the field that differ.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, Index, Select, String, Text, bindparam, func, insert, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.domain.audit import (
    GENESIS,
    INSERT_FIELD,
    Entry,
    canonical,
    chain_hash,
    changes,
    fields_json,
    is_note,
    json_digest,
    replay,
    state_digest,
)
from arddesk.domain.problems import R_, Amount, Message
from arddesk.store import portable
from arddesk.store.models import Base

CLERK_ENVIRONMENT = "ARDDESK_CLERK"
"""The environment variable that names the clerk at this login (the window sets it from its settings)."""
SECRET_KEYS = frozenset({"owner_password_hash", "owner_recovery_hash"})
_CHUNK = 500


class AuditEntryRecord(Base):
    """One entry of the audit trail; never updated or deleted."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str] = mapped_column(String(32))
    record: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(64))
    old: Mapped[str] = mapped_column(Text)
    new: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        Index("ix_audit_entry_record", "table_name", "record", "id"),
        Index("ix_audit_entry_at", "at"),
    )


class ImportedFileRecord(Base):
    """A file whose rows were imported: its content digest, so the same file is not imported twice."""

    __tablename__ = "imported_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    rows: Mapped[int]
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(128))
    __table_args__ = (Index("ix_imported_file_digest", "kind", "digest"),)


def os_user() -> str:
    """The operating-system login, and the machine, of whoever runs this program."""
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name in some service environments
        login = "unknown"
    return f"{login}@{socket.gethostname()}"


def operator(session: Session | None = None) -> str:
    """Who makes a change: the login and machine, and the clerk's name when one is given.

    The name belongs to the person at this login, not to the company, so it comes from the
    environment (``ARDDESK_CLERK``), which the window sets from the user's own settings.
    On a server (``session`` given) the person's own server login comes first: the server
    vouches for it, as it does not for the name of a computer's account.
    """
    who = os_user()
    if session is not None and session.get_bind().dialect.name != "sqlite":
        who = f"{session.execute(text('SELECT session_user')).scalar()} via {who}"
    name = os.environ.get(CLERK_ENVIRONMENT, "").strip()
    return f"{who} ({name})" if name else who


# ---------------------------------------------------------------- what is sealed, table by table


@dataclass(frozen=True, slots=True)
class Sealed:
    """How to read a table's records as (key, sealed fields): SQL whose first column is the key."""

    sql: str
    key_column: str
    fields: tuple[str, ...]
    money: tuple[str, ...] = ()


_DOCUMENT_TAIL = "t.voided_on, t.void_reason, t.corrects"
SEALED: dict[str, Sealed] = {
    "terms": Sealed(
        "SELECT t.code, t.kind, t.days, t.day_of_month, t.months, t.cutoff_day, t.discount_bp, t.discount_days "
        "FROM terms t",
        "t.code",
        ("kind", "days", "day_of_month", "months", "cutoff_day", "discount_bp", "discount_days"),
    ),
    "department": Sealed(
        "SELECT t.code, t.name, h.code FROM department t LEFT JOIN rep h ON h.id = t.head_rep_id",
        "t.code",
        ("name", "head"),
    ),
    "rep": Sealed(
        "SELECT t.code, t.name, g.code, t.phone, t.active FROM rep t LEFT JOIN department g ON g.id = t.department_id",
        "t.code",
        ("name", "department", "phone", "active"),
    ),
    "customer": Sealed(
        "SELECT t.code, t.name, m.code, t.credit_limit, r.code, g.code, t.grade, t.phone, t.address, t.language, "
        "t.settlement_days, t.distance_km, t.procedure, t.hold_state, t.avoid_days, t.pay_method, t.approver, "
        "t.signer, t.reconciles, t.invoice, t.pay_note, t.delivery_cap "
        "FROM customer t JOIN terms m ON m.id = t.terms_id LEFT JOIN rep r ON r.id = t.rep_id "
        "LEFT JOIN department g ON g.id = t.department_id",
        "t.code",
        (
            "name",
            "terms",
            "credit_limit",
            "rep",
            "department",
            "grade",
            "phone",
            "address",
            "language",
            "settlement_days",
            "distance_km",
            "procedure",
            "hold_state",
            "avoid_days",
            "pay_method",
            "approver",
            "signer",
            "reconciles",
            "invoice",
            "pay_note",
            "delivery_cap",
        ),
        ("credit_limit", "delivery_cap"),
    ),
    "delivery": Sealed(
        "SELECT t.number, c.code, t.date, t.amount, t.due_date, t.due_fixed, r.code, t.category, t.model, t.note, "
        f"{_DOCUMENT_TAIL} FROM delivery t JOIN customer c ON c.id = t.customer_id LEFT JOIN rep r ON r.id = t.rep_id",
        "t.number",
        (
            "customer",
            "date",
            "amount",
            "due_date",
            "due_fixed",
            "rep",
            "category",
            "model",
            "note",
            "voided_on",
            "void_reason",
            "corrects",
        ),
        ("amount",),
    ),
    "payment": Sealed(
        "SELECT t.number, c.code, t.date, t.amount, t.method, t.note, "
        f"{_DOCUMENT_TAIL}, t.id FROM payment t JOIN customer c ON c.id = t.customer_id",
        "t.number",
        ("customer", "date", "amount", "method", "note", "voided_on", "void_reason", "corrects", "allocations"),
        ("amount",),
    ),
    "adjustment": Sealed(
        "SELECT t.number, c.code, t.date, t.amount, t.kind, t.reason, "
        f"{_DOCUMENT_TAIL}, t.id FROM adjustment t JOIN customer c ON c.id = t.customer_id",
        "t.number",
        ("customer", "date", "amount", "kind", "reason", "voided_on", "void_reason", "corrects", "allocations"),
        ("amount",),
    ),
    # A refund's allocations name the payments and adjustments whose credit it paid back (0014).
    "refund": Sealed(
        "SELECT t.number, c.code, t.date, t.amount, t.method, t.note, "
        f"{_DOCUMENT_TAIL}, t.id FROM refund t JOIN customer c ON c.id = t.customer_id",
        "t.number",
        ("customer", "date", "amount", "method", "note", "voided_on", "void_reason", "corrects", "allocations"),
        ("amount",),
    ),
    "setting": Sealed("SELECT t.key, t.value FROM setting t", "t.key", ("value",)),
    # A customer's target (migration 0011) adds its code to the key; a rep's own keeps the key it had.
    "collection_target": Sealed(
        "SELECT t.period || '/' || r.code || '/' || t.kind || '/' || t.origin_year || COALESCE('/' || c.code, ''), "
        "t.amount FROM collection_target t JOIN rep r ON r.id = t.rep_id LEFT JOIN customer c ON c.id = t.customer_id",
        "t.period || '/' || r.code || '/' || t.kind || '/' || t.origin_year || COALESCE('/' || c.code, '')",
        ("amount",),
        ("amount",),
    ),
    "incentive_rules": Sealed("SELECT t.period, t.rules FROM incentive_rules t", "t.period", ("rules",)),
    "incentive_result": Sealed(
        "SELECT t.period, t.locked_at, t.locked_by, t.snapshot, t.seal FROM incentive_result t",
        "t.period",
        ("locked_at", "locked_by", "snapshot", "seal"),
    ),
}
_WITH_ALLOCATIONS = {"payment": "payment_id", "adjustment": "adjustment_id", "refund": "refund_id"}
# What an allocation is sealed under: the delivery it pays (a payment's, an adjustment's), or the
# payment or adjustment whose credit it paid back (a refund's). A payment's own sealed allocations
# name deliveries only: a refund that uses its credit is sealed with the refund.
_OTHER_SIDE = {
    "payment": ("d.number", "JOIN delivery d ON d.id = a.delivery_id"),
    "adjustment": ("d.number", "JOIN delivery d ON d.id = a.delivery_id"),
    "refund": (
        "COALESCE(p.number, j.number)",
        "LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id",
    ),
}


def _digest_text(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _allocations(session: Session, table: str, ids: Sequence[int] | None) -> dict[int, str]:
    """Per payment, adjustment or refund id: its allocations as sealed text, ``D1=100@2026-03-31~2026-04-02;…``."""
    column = _WITH_ALLOCATIONS[table]
    other, join = _OTHER_SIDE[table]
    sql = (
        f"SELECT a.{column}, {other}, a.amount, a.effective_date, a.released_on FROM allocation a "
        f"{join} WHERE a.{column} IS NOT NULL"
    )
    parts: dict[int, list[str]] = {}

    def take(rows: Iterable[Sequence[object]]) -> None:
        for source, number, amount, effective, released in rows:
            item = f"{number}={amount}@{canonical(effective)}"
            if released is not None:
                item += f"~{canonical(released)}"
            parts.setdefault(int(str(source)), []).append(item)

    if ids is None:
        take(session.execute(text(sql)))
    else:
        statement = text(sql + f" AND a.{column} IN :ids").bindparams(bindparam("ids", expanding=True))
        for start in range(0, len(ids), _CHUNK):
            take(session.execute(statement, {"ids": list(ids[start : start + _CHUNK])}))
    return {source: ";".join(sorted(items)) for source, items in parts.items()}


def snapshot(
    session: Session, table: str, keys: Iterable[str] | None = None, *, sealed: Sealed | None = None
) -> dict[str, dict[str, str]]:
    """The sealed fields of a table's records (all, or those with the given keys), by record key.

    ``sealed`` reads them as an older schema sealed them (a migration's frozen definition);
    by default as :data:`SEALED` says.
    """
    sealed = sealed or SEALED[table]
    session.flush()
    rows: list[Sequence[object]] = []
    if keys is None:
        rows = list(session.execute(text(sealed.sql)))
    else:
        wanted = sorted(set(keys))
        statement = text(f"{sealed.sql} WHERE {sealed.key_column} IN :keys").bindparams(
            bindparam("keys", expanding=True)
        )
        for start in range(0, len(wanted), _CHUNK):
            rows.extend(session.execute(statement, {"keys": wanted[start : start + _CHUNK]}))
    allocations: dict[int, str] = {}
    if table in _WITH_ALLOCATIONS:
        ids = [int(str(row[-1])) for row in rows]
        allocations = _allocations(session, table, None if keys is None else ids)
        rows = [(*row[:-1], allocations.get(int(str(row[-1])), "")) for row in rows]
    result: dict[str, dict[str, str]] = {}
    for row in rows:
        values = dict(zip(sealed.fields, (canonical(portable.as_sqlite_text(value)) for value in row[1:]), strict=True))
        key = canonical(row[0])
        if table == "setting" and key in SECRET_KEYS:
            values["value"] = _digest_text(values["value"])
        if table == "incentive_result":
            values["snapshot"] = _digest_text(values["snapshot"])
        result[key] = values
    return result


# ---------------------------------------------------------------- writing entries


def _tail(session: Session) -> str:
    last = session.execute(select(AuditEntryRecord.hash).order_by(AuditEntryRecord.id.desc()).limit(1)).scalar()
    return last or GENESIS


_COLUMNS = (
    "at", "user", "action", "table_name", "record", "field", "old", "new", "reason", "state", "prev_hash", "hash"
)


def append(session: Session, entries: Sequence[Entry]) -> None:
    """Add entries at the end of the chain, in order."""
    if not entries:
        return
    previous = _tail(session)
    rows: list[tuple[object, ...]] = []
    for entry in entries:
        current = chain_hash(previous, entry)
        rows.append((*entry.values(), previous, current))
        previous = current
    # One executemany through SQLAlchemy, on every database (an import writes one entry per row).
    table = AuditEntryRecord.__table__
    session.connection().execute(insert(table), [dict(zip(_COLUMNS, row, strict=True)) for row in rows])  # type: ignore[arg-type]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def record_changes(
    session: Session,
    table: str,
    before: Mapping[str, Mapping[str, str]],
    after: Mapping[str, Mapping[str, str]],
    action: str,
    reason: str = "",
) -> int:
    """Entries for every difference between two snapshots of the same records; returns how many."""
    at, user = _now(), operator(session)
    entries = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        state = "" if new is None else state_digest(new)
        for field, old_value, new_value in changes(old, new):
            entries.append(Entry(at, user, action, table, key, field, old_value, new_value, reason, state))
    append(session, entries)
    return len(entries)


def record_inserts(session: Session, table: str, records: Mapping[str, Mapping[str, str]], action: str) -> None:
    """Entries for new records whose sealed fields the caller already knows (a fast path for imports)."""
    at, user = _now(), operator(session)
    entries = []
    for key in sorted(records):
        text = fields_json(records[key])
        entries.append(Entry(at, user, action, table, key, INSERT_FIELD, "", text, "", json_digest(text)))
    append(session, entries)


@contextmanager
def watch(session: Session, table: str, keys: Iterable[str], action: str, reason: str = "") -> Iterator[None]:
    """Record, as entries, whatever the enclosed code changes in the given records of ``table``."""
    wanted = sorted(set(keys))
    before = snapshot(session, table, wanted)
    yield
    record_changes(session, table, before, snapshot(session, table, wanted), action, reason)


def note(session: Session, action: str, table: str, record: str, reason: str = "", new: str = "") -> None:
    """An entry for an event that changes no sealed record (a password set, a check, a login)."""
    append(session, [Entry(_now(), operator(session), action, table, record, "", "", new, reason, "")])


def baseline(
    session: Session,
    action: str,
    tables: Iterable[str] | None = None,
    *,
    frozen: Mapping[str, Sealed] | None = None,
    unrecorded: bool = False,
) -> int:
    """Entries for every record of the sealed tables (all, or ``tables``): a company's trail starts here.

    ``frozen`` gives, for some tables, the definition a migration must use: the columns that
    :data:`SEALED` reads today may not exist yet at that migration's revision. With ``unrecorded``,
    only the records the trail has no entry for. Returns how many entries. A migration that
    changes a table's sealed form baselines that table itself (see 0009 and 0011).
    """
    definitions = frozen or {}
    count = 0
    for table in SEALED if tables is None else tables:
        records = snapshot(session, table, sealed=definitions.get(table))
        if unrecorded:
            known = set(
                session.execute(select(AuditEntryRecord.record).where(AuditEntryRecord.table_name == table)).scalars()
            )
            records = {key: values for key, values in records.items() if key not in known}
        count += record_changes(session, table, {}, records, action)
    return count


def record_state(session: Session, table: str, key: str) -> str:
    """The digest of a record's sealed fields as they are now ("" for no such record): a window keeps
    it when it opens the record, and a save refuses when it has changed since."""
    found = snapshot(session, table, [key]).get(key)
    return "" if found is None else state_digest(found)


def last_entry_id(session: Session) -> int:
    """The id of the trail's latest entry (0 for none): it moves whenever anyone changes the books."""
    return int(session.execute(select(func.max(AuditEntryRecord.id))).scalar() or 0)


def is_empty(session: Session) -> bool:
    """Whether the trail has no entry yet."""
    return session.execute(select(AuditEntryRecord.id).limit(1)).first() is None


# ---------------------------------------------------------------- reading and checking


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry as the audit list shows it."""

    id: int
    at: dt.datetime
    user: str
    action: str
    table: str
    record: str
    field: str
    old: str
    new: str
    reason: str


_ROW_COLUMNS = (
    AuditEntryRecord.id,
    AuditEntryRecord.at,
    AuditEntryRecord.user,
    AuditEntryRecord.action,
    AuditEntryRecord.table_name,
    AuditEntryRecord.record,
    AuditEntryRecord.field,
    AuditEntryRecord.old,
    AuditEntryRecord.new,
    AuditEntryRecord.reason,
)


def _filtered(query: Select[*tuple[Any, ...]], since: dt.date | None, search: str) -> Select[*tuple[Any, ...]]:
    if since is not None:
        query = query.where(AuditEntryRecord.at >= dt.datetime.combine(since, dt.time()))
    if search:
        pattern = f"%{search}%"
        query = query.where(
            AuditEntryRecord.record.like(pattern)
            | AuditEntryRecord.user.like(pattern)
            | AuditEntryRecord.reason.like(pattern)
            | AuditEntryRecord.action.like(pattern)
            | AuditEntryRecord.table_name.like(pattern)
        )
    return query


def entries(
    session: Session,
    *,
    since: dt.date | None = None,
    search: str = "",
    limit: int | None = None,
    newest_first: bool = False,
    offset: int = 0,
) -> list[AuditRow]:
    """Entries of the trail, oldest first (or newest first), optionally since a day or matching a text.

    ``offset`` skips that many entries of the order asked for (a window of a long list).
    """
    query = _filtered(select(*_ROW_COLUMNS), since, search)
    query = query.order_by(AuditEntryRecord.id.desc() if newest_first else AuditEntryRecord.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [AuditRow(*tuple(row)) for row in session.execute(query)]


def count_entries(session: Session, *, since: dt.date | None = None, search: str = "") -> int:
    """How many entries :func:`entries` would list with the same filter."""
    query = _filtered(select(func.count()).select_from(AuditEntryRecord), since, search)
    return int(session.execute(query).scalar_one())


def record_entries(session: Session, table: str, record: str) -> list[AuditRow]:
    """Every entry about one record, oldest first."""
    query = (
        select(*_ROW_COLUMNS)
        .where(AuditEntryRecord.table_name == table, AuditEntryRecord.record == record)
        .order_by(AuditEntryRecord.id)
    )
    return [AuditRow(*tuple(row)) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the check found: where (table, record, field: codes and data) and what, in no language yet."""

    table: str
    record: str
    field: str
    what: Message

    @property
    def message(self) -> Message:
        """Where and what, ready to be put in words: ``customer C1, credit_limit: changed outside arddesk…``."""
        where = self.table + (f" {self.record}" if self.record else "") + (f", {self.field}" if self.field else "")
        return Message(R_("{where}: {what}"), {"where": where, "what": self.what})

    def __str__(self) -> str:
        """The finding in English, for logs and tests."""
        return str(self.message)


def verify_chain(session: Session, *, last: int | None = None) -> list[Finding]:
    """Walk the chain (all of it, or its last ``last`` entries) and name the first entry that breaks it."""
    query = select(
        *_ROW_COLUMNS,
        AuditEntryRecord.state,
        AuditEntryRecord.prev_hash,
        AuditEntryRecord.hash,
    ).order_by(AuditEntryRecord.id)
    previous: str | None = GENESIS
    if last is not None:
        top = session.execute(select(AuditEntryRecord.id).order_by(AuditEntryRecord.id.desc()).limit(1)).scalar()
        if top is None:
            return []
        query = query.where(AuditEntryRecord.id > top - last)
        previous = None  # the first entry read chains to one that is not read
    expected_id: int | None = None
    for row in session.execute(query).yield_per(10_000):
        entry_id, at, user, action, table, record, field, old, new, reason, state, prev_hash, stored = row
        if expected_id is not None and entry_id != expected_id:
            return [
                Finding("audit_entry", str(expected_id), "", Message(R_("entries are missing from the audit trail")))
            ]
        if previous is not None and prev_hash != previous:
            return [
                Finding("audit_entry", str(entry_id), "", Message(R_("the audit trail was changed before this entry")))
            ]
        entry = Entry(at, user, action, table, record, field, old, new, reason, state)
        if chain_hash(prev_hash, entry) != stored:
            return [Finding("audit_entry", str(entry_id), "", Message(R_("this audit entry was changed")))]
        previous, expected_id = stored, entry_id + 1
    return []


def _latest_states(session: Session, table: str) -> dict[str, str | None]:
    """Per record of a table: the state its last entry recorded (None: the record was removed)."""
    latest: dict[str, str | None] = {}
    rows = session.execute(
        text("SELECT record, field, old, new, state FROM audit_entry WHERE table_name = :t ORDER BY id"), {"t": table}
    )
    for record, field, old, new, state in rows.yield_per(10_000):
        if is_note(field, old, state):
            continue
        latest[record] = None if field == INSERT_FIELD and new == "" else state
    return latest


def _record_history(session: Session, table: str, record: str) -> dict[str, str] | None:
    rows = session.execute(
        text("SELECT field, old, new, state FROM audit_entry WHERE table_name = :t AND record = :r ORDER BY id"),
        {"t": table, "r": record},
    )
    return replay([(field, old, new, state) for field, old, new, state in rows])


def _shown(table: str, field: str, value: str) -> object:
    """A recorded value as a finding's figure: money formatted where it is shown, text quoted (data)."""
    if field in SEALED[table].money and value.lstrip("-").isdigit():
        return Amount(int(value))
    return repr(value) if value else Message(R_("(blank)"))


def verify_records(session: Session, tables: Iterable[str] | None = None) -> list[Finding]:
    """Compare every sealed record with what its last audit entry says it should be."""
    findings: list[Finding] = []
    for table in tables or SEALED:
        latest = _latest_states(session, table)
        current = snapshot(session, table)
        for key, values in current.items():
            expected = latest.pop(key, None) if key in latest else "missing"
            if expected == "missing":
                findings.append(Finding(table, key, "", Message(R_("not in the audit trail: added outside arddesk"))))
                continue
            if expected is None:
                findings.append(
                    Finding(table, key, "", Message(R_("the audit trail says it was removed, yet it is there")))
                )
                continue
            if state_digest(values) == expected:
                continue
            history = _record_history(session, table, key) or {}
            fields = [name for name in sorted(set(values) | set(history)) if values.get(name) != history.get(name)]
            for name in fields or [""]:
                findings.append(
                    Finding(
                        table,
                        key,
                        name,
                        Message(
                            R_("changed outside arddesk: the audit trail says {recorded}, the file has {found}"),
                            {
                                "recorded": _shown(table, name, history.get(name, "")),
                                "found": _shown(table, name, values.get(name, "")),
                            },
                        ),
                    )
                )
        for key, state in latest.items():
            if state is not None:
                findings.append(
                    Finding(table, key, "", Message(R_("removed outside arddesk (the audit trail has it)")))
                )
    return findings
