"""A whole company from one database to another (a file onto a server and back), and proof that two agree.

Rows are copied as they are, ids and the audit trail included, so the copy's trail checks
exactly as the original's did. Tables that point at each other (a department's head is a
rep, a rep belongs to a department) get those columns filled in once both sides exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.schema import ForeignKeyConstraint, sort_tables_and_constraints

from arddesk.domain.audit import canonical
from arddesk.store import monthly, portable
from arddesk.store.schema import metadata

_CHUNK = 5_000


def _order() -> tuple[list[Table], dict[str, list[str]]]:
    """Tables parents first, and per table the columns to fill in last (foreign keys that close a cycle)."""
    tables: list[Table] = []
    later: dict[str, list[str]] = {}
    for table, _constraints in sort_tables_and_constraints(metadata.sorted_tables):  # type: ignore[no-untyped-call]
        if table is not None:
            tables.append(table)
            continue
        for constraint in _constraints:
            assert isinstance(constraint, ForeignKeyConstraint)
            assert constraint.table is not None
            later.setdefault(constraint.table.name, []).extend(column.name for column in constraint.columns)
    return tables, later


def is_empty(session: Session) -> bool:
    """Whether no table of the company holds a row (a company just created by the migrations)."""
    return all(session.execute(select(table).limit(1)).first() is None for table in metadata.sorted_tables)


def copy_rows(source: Session, target: Session, progress: Callable[[str, int], object] | None = None) -> dict[str, int]:
    """Copy every row of every table from ``source`` into the empty company of ``target``.

    Both must be at the same schema. Returns rows copied per table; ``progress(table, rows)``
    is told after each chunk. A server's planner statistics are brought up to date (ANALYZE).
    """
    tables, later = _order()
    counts: dict[str, int] = {}
    pending: dict[str, list[dict[str, object]]] = {}
    # The target's triggers would sum the deliveries row by row: summed once, at the end.
    with monthly.summing_after(target.connection()):
        for table in tables:
            deferred = later.get(table.name, [])
            counts[table.name] = 0
            result = source.execute(select(table).execution_options(yield_per=_CHUNK))
            for chunk in result.mappings().partitions():
                rows = [dict(row) for row in chunk]
                if deferred:
                    pending.setdefault(table.name, []).extend(rows)
                    rows = [{**row, **dict.fromkeys(deferred)} for row in rows]
                target.execute(insert(table), rows)
                counts[table.name] += len(rows)
                if progress is not None:
                    progress(table.name, counts[table.name])
    # Once every table is there: the columns left out, with the row's own "last changed" kept as it was.
    for name, rows in pending.items():
        table = metadata.tables[name]
        keys = [column.name for column in table.primary_key.columns]
        columns = [*later[name], *(column.name for column in table.columns if column.onupdate is not None)]
        statement = update(table).where(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
        target.execute(
            statement.values({c: bindparam(f"v_{c}") for c in columns}),
            [{**{f"k_{k}": row[k] for k in keys}, **{f"v_{c}": row[c] for c in columns}} for row in rows],
        )
    for table in tables:
        portable.dialect(target).restart_ids(target, table)
    portable.dialect(target).analyze(target, tables)
    return counts


def table_digests(session: Session) -> dict[str, tuple[int, str]]:
    """Per table: (rows, a digest of their contents that does not depend on the order rows come in).

    Values are compared as the audit trail writes them, so a date, a timestamp or a yes/no
    reads the same from SQLite and from PostgreSQL.
    """
    found: dict[str, tuple[int, str]] = {}
    for table in metadata.sorted_tables:
        total, count = 0, 0
        result = session.execute(select(table).execution_options(yield_per=_CHUNK))
        for chunk in result.partitions():
            for row in chunk:
                line = "\x1f".join(canonical(portable.as_sqlite_text(value)) for value in row)
                total = (total + int.from_bytes(hashlib.sha256(line.encode()).digest())) % (1 << 256)
                count += 1
        found[table.name] = (count, f"{total:064x}")
    return found


@dataclass(frozen=True, slots=True)
class Difference:
    """A table whose rows differ between two companies: how many each holds."""

    table: str
    rows_here: int
    rows_there: int


def differences(here: dict[str, tuple[int, str]], there: dict[str, tuple[int, str]]) -> list[Difference]:
    """The tables whose digests (see :func:`table_digests`) differ."""
    return [
        Difference(table, here.get(table, (0, ""))[0], there.get(table, (0, ""))[0])
        for table in sorted(set(here) | set(there))
        if here.get(table) != there.get(table)
    ]
