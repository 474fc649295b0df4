"""Finding documents by any part of their number, fast on a million of them.

Delivery and payment numbers have a trigram index (migration 0012): on SQLite an FTS5 table with
the trigram tokenizer per document table, on PostgreSQL a GIN ``gin_trgm_ops`` index. Three or more
characters are looked up in it; one or two characters, which no trigram holds, scan the numbers.
Customers (thousands, not millions) are matched by code, name and phone with ``LIKE``.

On SQLite, triggers keep the index in step with single documents; an import writes its rows first
and indexes them in one statement (:func:`indexing_after`): row by row, the index made inserting
200,000 deliveries seven times slower.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from arddesk.store import portable

INDEXED = ("delivery", "payment")
SHORTEST_INDEXED = 3  # a trigram index finds nothing shorter than a trigram
# Past this many hits, walking the list in its sort order and testing each number finds a screenful
# sooner than sorting every hit of the index (measured on the 1M company: "DN2025", 448k hits).
MOST_FROM_INDEX = 20_000


def index_table(table: str) -> str:
    """The name of the SQLite FTS5 table that indexes ``table``'s numbers."""
    return f"{table}_number_search"


STATE_TABLE = "number_search_state"  # per document table: 1 while an import defers its indexing


def is_index_object(name: str) -> bool:
    """``name`` is one of the search index's own SQLite tables (FTS5 tables, their shadow tables, the state)."""
    return name == STATE_TABLE or any(
        name == index_table(table) or name.startswith(index_table(table) + "_") for table in INDEXED
    )


def sqlite_index_ddl(table: str) -> list[str]:
    """The statements that make ``table``'s number index on SQLite: the FTS5 table, its triggers, its state.

    The state table (made by the first call's statements if missing) says whether an import is
    indexing ``table``'s new rows itself (see :func:`indexing_after`); the insert trigger waits then.
    """
    index = index_table(table)
    return [
        f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (name VARCHAR(32) PRIMARY KEY, deferred INTEGER NOT NULL)",
        f"INSERT INTO {STATE_TABLE} (name, deferred) VALUES ('{table}', 0)",
        f"CREATE VIRTUAL TABLE {index} USING fts5(number, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} "
        f"WHEN (SELECT deferred FROM {STATE_TABLE} WHERE name = '{table}') = 0 BEGIN "
        f"INSERT INTO {index}(rowid, number) VALUES (new.id, new.number); END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, number) VALUES ('delete', old.id, old.number); END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF number ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, number) VALUES ('delete', old.id, old.number); "
        f"INSERT INTO {index}(rowid, number) VALUES (new.id, new.number); END",
    ]


@contextmanager
def indexing_after(connection: Connection, table: str) -> Iterator[None]:
    """Rows inserted into ``table`` in the block are indexed in one statement when it ends.

    For the bulk inserts of an import, inside its transaction: the state row tells the insert
    trigger to wait, and both the flag and the rows roll back with the transaction. Rows get ids
    above the highest before the block. Nothing to do on PostgreSQL, whose index keeps itself.
    """
    if connection.dialect.name != "sqlite" or table not in INDEXED:
        yield
        return
    index = index_table(table)
    connection.exec_driver_sql(f"UPDATE {STATE_TABLE} SET deferred = 1 WHERE name = ?", (table,))
    last = connection.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table}").scalar_one()
    yield
    connection.exec_driver_sql(
        f"INSERT INTO {index}(rowid, number) SELECT id, number FROM {table} WHERE id > ?", (last,)
    )
    connection.exec_driver_sql(f"UPDATE {STATE_TABLE} SET deferred = 0 WHERE name = ?", (table,))


def like_pattern(typed: str) -> str:
    """A ``LIKE`` pattern (escape ``\\``) that finds ``typed`` anywhere in a text."""
    escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def number_contains(session: Session, table: str, alias: str, typed: str, params: dict[str, Any]) -> str:
    """An SQL condition: the number of ``alias`` (a row of ``table``) contains ``typed``, case aside.

    Adds its parameters to ``params``. On SQLite, three characters or more go through the FTS5
    index (a quoted phrase: substring match) unless they are in more than ``MOST_FROM_INDEX``
    numbers; on PostgreSQL ``ILIKE`` uses the trigram index.
    """
    params["number_text"] = like_pattern(typed)
    dialect = portable.dialect(session)
    if dialect.sqlite and table in INDEXED and len(typed) >= SHORTEST_INDEXED:
        params["number_phrase"] = '"' + typed.replace('"', '""') + '"'
        index = index_table(table)
        hits = session.execute(
            text(f"SELECT COUNT(*) FROM (SELECT 1 FROM {index} WHERE {index} MATCH :phrase LIMIT :most)"),
            {"phrase": params["number_phrase"], "most": MOST_FROM_INDEX + 1},
        ).scalar_one()
        if hits <= MOST_FROM_INDEX:
            return f"{alias}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH :number_phrase)"
    return f"{alias}.number {dialect.like} :number_text ESCAPE '\\'"
