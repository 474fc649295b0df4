"""Incentives: each period's rules, locked results and the unlock log.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 03:00:00

The owner's password and recovery-code hashes are rows in the existing ``setting`` table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incentive_rules",
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("period"),
    )
    op.create_table(
        "incentive_result",
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=False),
        sa.Column("locked_by", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("period"),
    )
    op.create_table(
        "incentive_unlock_log",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=False),
        sa.Column("locked_by", sa.String(length=64), nullable=False),
        sa.Column("unlocked_at", sa.DateTime(), nullable=False),
        sa.Column("unlocked_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incentive_unlock_log", schema=None) as batch_op:
        batch_op.create_index("ix_incentive_unlock_log_period", ["period", "unlocked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incentive_unlock_log", schema=None) as batch_op:
        batch_op.drop_index("ix_incentive_unlock_log_period")
    op.drop_table("incentive_unlock_log")
    op.drop_table("incentive_result")
    op.drop_table("incentive_rules")
