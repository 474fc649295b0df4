"""Collection plan: targets per period, rep and kind of debt; schedule entries; a customer's avoided days.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 01:00:00

The priority weights are key/value rows in the existing ``setting`` table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collection_target",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("rep_id", WHOLE, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("origin_year", WHOLE, nullable=False),
        sa.Column("amount", WHOLE, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("kind IN ('normal','abnormal','out_of_stock')", name="ck_collection_target_kind"),
        sa.CheckConstraint("amount >= 0", name="ck_collection_target_amount"),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period", "rep_id", "kind", "origin_year", name="uq_collection_target"),
    )
    with op.batch_alter_table("collection_target", schema=None) as batch_op:
        batch_op.create_index("ix_collection_target_rep", ["rep_id", "period"], unique=False)
    op.create_table(
        "schedule_entry",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("rep_id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("original_on", sa.Date(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("score", WHOLE, nullable=False),
        sa.Column("amount", WHOLE, nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("channel IN ('visit','call')", name="ck_schedule_entry_channel"),
        sa.CheckConstraint("state IN ('planned','moved','dropped','done')", name="ck_schedule_entry_state"),
        sa.CheckConstraint("amount >= 0", name="ck_schedule_entry_amount"),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("schedule_entry", schema=None) as batch_op:
        batch_op.create_index("ix_schedule_entry_rep", ["rep_id", "planned_on"], unique=False)
        batch_op.create_index("ix_schedule_entry_customer", ["customer_id", "original_on"], unique=False)
    # A plain ADD COLUMN: SQLite needs no table copy for a column with a constant default.
    op.add_column("customer", sa.Column("avoid_days", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("avoid_days")
    with op.batch_alter_table("schedule_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_schedule_entry_customer")
        batch_op.drop_index("ix_schedule_entry_rep")
    op.drop_table("schedule_entry")
    with op.batch_alter_table("collection_target", schema=None) as batch_op:
        batch_op.drop_index("ix_collection_target_rep")
    op.drop_table("collection_target")
