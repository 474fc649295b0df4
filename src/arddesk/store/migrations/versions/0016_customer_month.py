"""A fast dashboard: each customer's deliveries and settlements summed per month, and covering indexes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 05:00:00

``customer_month`` (see ``store.monthly``) holds per customer and month what the early warnings
read of the deliveries, kept by triggers; it is filled here from the deliveries. The open
deliveries' index now holds every column the aging reads of them; payments get a date index,
void documents and credits not fully applied partial indexes. Nothing sealed changes: the audit
trail needs no entries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arddesk.store import monthly
from arddesk.store.portable import Dialect

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

OPEN = sa.text("open_amount > 0")
VOIDED = sa.text("voided_on IS NOT NULL")
UNAPPLIED = sa.text("unapplied > 0")


def upgrade() -> None:
    sql = Dialect(op.get_bind().dialect.name)
    op.drop_index("ix_delivery_open", table_name="delivery")
    op.create_index(
        "ix_delivery_open",
        "delivery",
        ["customer_id", "due_date", "open_amount", "rep_id", "date", "number"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index("ix_payment_date", "payment", ["date"])
    for table in ("delivery", "payment", "adjustment", "refund"):
        op.create_index(f"ix_{table}_voided_on", table, ["voided_on"], sqlite_where=VOIDED, postgresql_where=VOIDED)
    for table in ("payment", "adjustment"):
        op.create_index(
            f"ix_{table}_unapplied",
            table,
            ["customer_id", "unapplied"],
            sqlite_where=UNAPPLIED,
            postgresql_where=UNAPPLIED,
        )
    for statement in monthly.ddl(sql):
        op.execute(statement)
    op.execute(monthly.fill_sql(sql))


def downgrade() -> None:
    for statement in monthly.drop_ddl(Dialect(op.get_bind().dialect.name)):
        op.execute(statement)
    for table in ("payment", "adjustment"):
        op.drop_index(f"ix_{table}_unapplied", table_name=table)
    for table in ("delivery", "payment", "adjustment", "refund"):
        op.drop_index(f"ix_{table}_voided_on", table_name=table)
    op.drop_index("ix_payment_date", table_name="payment")
    op.drop_index("ix_delivery_open", table_name="delivery")
    op.create_index("ix_delivery_open", "delivery", ["customer_id"], sqlite_where=OPEN, postgresql_where=OPEN)
