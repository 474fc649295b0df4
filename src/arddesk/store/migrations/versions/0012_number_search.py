"""Document numbers found by any part: a trigram index on delivery and payment numbers.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:30:00

SQLite: an FTS5 table with the trigram tokenizer per document table, holding only the number and
kept in step by triggers (external content: the text lives once, in the document table).
PostgreSQL: a GIN index with ``gin_trgm_ops`` (pg_trgm) on the number, which ``ILIKE '%…%'`` uses.
``store.search`` writes the queries for both, and the SQLite statements this revision runs.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("delivery", "payment")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        from arddesk.store import search

        for table in TABLES:
            for statement in search.sqlite_index_ddl(table):
                op.execute(statement)
            op.execute(f"INSERT INTO {search.index_table(table)}({search.index_table(table)}) VALUES ('rebuild')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in TABLES:
            op.execute(f"CREATE INDEX ix_{table}_number_trigram ON {table} USING gin (number gin_trgm_ops)")


def downgrade() -> None:
    for table in TABLES:
        if op.get_bind().dialect.name == "sqlite":
            index = f"{table}_number_search"
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {index}")
            op.execute("DROP TABLE IF EXISTS number_search_state")
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_number_trigram")
