"""Payments, adjustments and refunds by date: an index on (date, id) of each table.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 04:30:00

The payments list shows the newest first. It reads each table's newest rows before their union
(``store.browse.money_page``); with these indexes that is a walk down an index instead of a sort
of every payment ever made (on the 1M demo company 2 ms instead of 80 ms). ``id`` breaks ties on
a day, as the list does, so PostgreSQL also reads the rows in order without sorting.
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = ("payment", "adjustment", "refund")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_date", ["date", "id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_date")
