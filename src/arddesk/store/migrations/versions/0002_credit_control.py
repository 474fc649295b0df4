"""Credit control: history of credit limits and hold states, and the log of credit overrides.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:45:00

The credit rules themselves are key/value rows in the existing ``setting`` table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_change",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("old_value", sa.String(length=32), nullable=False),
        sa.Column("new_value", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("credit_change", schema=None) as batch_op:
        batch_op.create_index("ix_credit_change_customer", ["customer_id", "changed_at"], unique=False)
    op.create_table(
        "credit_override",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("delivery_number", sa.String(length=64), nullable=False),
        sa.Column("amount", WHOLE, nullable=False),
        sa.Column("exposure", WHOLE, nullable=False),
        sa.Column("credit_limit", WHOLE, nullable=True),
        sa.Column("rules", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("overridden_at", sa.DateTime(), nullable=False),
        sa.Column("overridden_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("credit_override", schema=None) as batch_op:
        batch_op.create_index("ix_credit_override_at", ["overridden_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("credit_override", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_override_at")
    op.drop_table("credit_override")
    with op.batch_alter_table("credit_change", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_change_customer")
    op.drop_table("credit_change")
