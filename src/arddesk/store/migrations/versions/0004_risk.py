"""Risk: class overrides, causes of debt, the clerk's warning flags.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 03:00:00

The warning and spike settings are key/value rows in the existing ``setting`` table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_override",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("delivery_id", WHOLE, nullable=True),
        sa.Column("debt_class", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["delivery_id"], ["delivery.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("class_override", schema=None) as batch_op:
        batch_op.create_index(
            "ux_class_override_delivery", ["delivery_id"], unique=True, sqlite_where=sa.text("delivery_id IS NOT NULL"),
            postgresql_where=sa.text("delivery_id IS NOT NULL"),
        )
        batch_op.create_index(
            "ux_class_override_customer", ["customer_id"], unique=True, sqlite_where=sa.text("delivery_id IS NULL"),
            postgresql_where=sa.text("delivery_id IS NULL"),
        )
    op.create_table(
        "class_override_log",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("delivery_number", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("debt_class", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("class_override_log", schema=None) as batch_op:
        batch_op.create_index("ix_class_override_log_customer", ["customer_id", "set_at"], unique=False)
    op.create_table(
        "debt_cause",
        sa.Column("delivery_id", WHOLE, nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["delivery_id"], ["delivery.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("delivery_id"),
    )
    op.create_table(
        "warning_flag",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("flag_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("warning_flag", schema=None) as batch_op:
        batch_op.create_index("ix_warning_flag_customer", ["customer_id", "flag_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("warning_flag", schema=None) as batch_op:
        batch_op.drop_index("ix_warning_flag_customer")
    op.drop_table("warning_flag")
    op.drop_table("debt_cause")
    op.drop_table("class_override_log")
    with op.batch_alter_table("class_override", schema=None) as batch_op:
        batch_op.drop_index("ux_class_override_customer")
        batch_op.drop_index("ux_class_override_delivery")
    op.drop_table("class_override")
