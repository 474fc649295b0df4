"""Fast bulk inserts into a brand-new company database (the demo generator).

Rows are plain named tuples with ids chosen by the caller, written with the driver's
``executemany`` inside one transaction; :meth:`BulkLoader.finish` then derives the open
and unapplied amounts from the allocations with :func:`arddesk.store.ledger.refresh_all_derived`.
Dates are ISO text (``2026-03-31``) and times ``2026-03-31 09:15:00.000000``, as SQLAlchemy
stores them in SQLite. Only for an empty SQLite file: nothing here checks the ledger's rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy.orm import Session

from arddesk.store import audit, monthly, search
from arddesk.store.db import Database
from arddesk.store.ledger import refresh_all_derived


class SettingRow(NamedTuple):
    """A company setting."""

    key: str
    value: str


class DepartmentRow(NamedTuple):
    """A department; its head is set afterwards with :meth:`BulkLoader.set_department_heads`."""

    id: int
    code: str
    name: str
    created_at: str
    created_by: str


class RepRow(NamedTuple):
    """A sales rep."""

    id: int
    code: str
    name: str
    department_id: int | None
    created_at: str
    created_by: str


class TermsRow(NamedTuple):
    """Payment terms."""

    id: int
    code: str
    kind: str
    days: int | None
    day_of_month: int | None
    months: int | None
    cutoff_day: int | None
    created_at: str
    created_by: str


class CustomerRow(NamedTuple):
    """A customer; ``credit_limit`` in cents."""

    id: int
    code: str
    name: str
    terms_id: int
    credit_limit: int | None
    rep_id: int | None
    department_id: int | None
    grade: str
    phone: str
    address: str
    language: str
    settlement_days: str
    distance_km: int | None
    procedure: str
    hold_state: str
    created_at: str
    created_by: str
    pay_method: str = ""
    approver: str = ""
    signer: str = ""
    reconciles: str = ""
    invoice: str = ""
    pay_note: str = ""
    delivery_cap: int | None = None


class DeliveryRow(NamedTuple):
    """A delivery; ``amount`` in cents, the due date as the terms give it."""

    id: int
    number: str
    customer_id: int
    date: str
    amount: int
    due_date: str | None
    rep_id: int | None
    category: str
    model: str
    note: str
    created_at: str
    created_by: str


class PaymentRow(NamedTuple):
    """A payment; ``amount`` in cents."""

    id: int
    number: str
    customer_id: int
    date: str
    amount: int
    method: str
    note: str
    created_at: str
    created_by: str


class AdjustmentRow(NamedTuple):
    """A return, discount, rebate or write-off; ``amount`` in cents."""

    id: int
    number: str
    customer_id: int
    date: str
    amount: int
    kind: str
    reason: str
    created_at: str
    created_by: str


class AllocationRow(NamedTuple):
    """Part of a payment (or an adjustment) applied to a delivery, effective from a date."""

    id: int
    delivery_id: int
    payment_id: int | None
    adjustment_id: int | None
    amount: int
    effective_date: str
    created_at: str
    created_by: str


def _insert_sql(table: str, fields: Sequence[str], extra: dict[str, str] | None = None) -> str:
    """INSERT with numbered parameters: the audit pair is bound once and used twice."""
    columns = list(fields)
    values = [f"?{i}" for i in range(1, len(columns) + 1)]
    if "created_at" in columns:
        columns += ["updated_at", "updated_by"]
        values += [f"?{fields.index('created_at') + 1}", f"?{fields.index('created_by') + 1}"]
    for column, expression in (extra or {}).items():
        columns.append(column)
        values.append(expression)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"


def _at(fields: Sequence[str], name: str) -> str:
    return f"?{fields.index(name) + 1}"


_SQL: dict[type[tuple[object, ...]], str] = {
    SettingRow: _insert_sql("setting", SettingRow._fields),
    DepartmentRow: _insert_sql("department", DepartmentRow._fields),
    RepRow: _insert_sql("rep", RepRow._fields),
    TermsRow: _insert_sql("terms", TermsRow._fields),
    CustomerRow: _insert_sql("customer", CustomerRow._fields),
    # Derived columns start as "nothing allocated"; finish() derives them from the allocations.
    DeliveryRow: _insert_sql(
        "delivery",
        DeliveryRow._fields,
        {"due_fixed": "0", "open_amount": _at(DeliveryRow._fields, "amount"), "settled_on": "NULL"},
    ),
    PaymentRow: _insert_sql(
        "payment", PaymentRow._fields, {"unapplied": _at(PaymentRow._fields, "amount"), "applied_on": "NULL"}
    ),
    AdjustmentRow: _insert_sql(
        "adjustment", AdjustmentRow._fields, {"unapplied": _at(AdjustmentRow._fields, "amount"), "applied_on": "NULL"}
    ),
    AllocationRow: _insert_sql("allocation", AllocationRow._fields),
}

# Inserts in this order satisfy the foreign keys whatever the caller buffered.
_ORDER: tuple[type[tuple[object, ...]], ...] = (
    SettingRow,
    DepartmentRow,
    RepRow,
    TermsRow,
    CustomerRow,
    DeliveryRow,
    PaymentRow,
    AdjustmentRow,
    AllocationRow,
)


class BulkLoader:
    """Buffered inserts into one open transaction; see :func:`bulk_loader`."""

    def __init__(self, session: Session, cursor: sqlite3.Cursor, chunk: int) -> None:
        self._session = session
        self._cursor = cursor
        self._chunk = chunk
        self._buffers: dict[type[tuple[object, ...]], list[tuple[object, ...]]] = {kind: [] for kind in _ORDER}
        self._buffered = 0
        self.written: dict[str, int] = {kind.__name__: 0 for kind in _ORDER}

    def add(self, row: tuple[object, ...]) -> None:
        """Queue one row; the queue is written out whenever it reaches the chunk size."""
        self._buffers[type(row)].append(row)
        self._buffered += 1
        if self._buffered >= self._chunk:
            self.flush()

    def add_all(self, rows: Sequence[tuple[object, ...]]) -> None:
        """Queue several rows."""
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        """Write every queued row, parents before children."""
        for kind in _ORDER:
            rows = self._buffers[kind]
            if rows:
                self._cursor.executemany(_SQL[kind], rows)
                self.written[kind.__name__] += len(rows)
                rows.clear()
        self._buffered = 0

    def set_department_heads(self, heads: Sequence[tuple[int, int]]) -> None:
        """(department id, head rep id) pairs; the reps must have been added."""
        self.flush()
        self._cursor.executemany("UPDATE department SET head_rep_id = ?2 WHERE id = ?1", heads)

    def finish(self) -> None:
        """Write what is queued, derive the open and unapplied amounts of every row, and start the audit trail."""
        self.flush()
        refresh_all_derived(self._session)
        audit.baseline(self._session, "demo")


@contextmanager
def bulk_loader(db: Database, *, chunk: int = 20_000) -> Iterator[BulkLoader]:
    """A loader over a brand-new SQLite company, all in one transaction.

    The transaction is committed when the block ends (after :meth:`BulkLoader.finish`,
    which the caller must call) and rolled back on an exception. Durability is relaxed
    on this connection while loading: the file is new, and a caller that fails removes it.
    """
    if not db.is_sqlite:
        raise ValueError("bulk loading writes new SQLite files only")
    with db.transaction() as session:
        connection = session.connection()
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        # Before the first write, so still outside the driver's implicit transaction.
        raw.execute("PRAGMA journal_mode = DELETE")
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA cache_size = -65536")
        cursor = raw.cursor()
        try:
            # Numbers are indexed for search once, at the end, not row by row.
            with (
                search.indexing_after(connection, "delivery"),
                search.indexing_after(connection, "payment"),
                monthly.summing_after(connection),
            ):
                yield BulkLoader(session, cursor, chunk)
        finally:
            cursor.close()
    restore = db.engine.raw_connection()
    try:
        raw_again = restore.driver_connection
        assert isinstance(raw_again, sqlite3.Connection)
        raw_again.execute("PRAGMA journal_mode = WAL")
        raw_again.execute("PRAGMA synchronous = NORMAL")
        raw_again.execute("PRAGMA cache_size = -2000")
    finally:
        restore.close()
