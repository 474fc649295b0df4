"""Register of reconciliation letters and the customers' replies.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("return_by", sa.Date(), nullable=False),
        sa.Column("opening", WHOLE, nullable=False),
        sa.Column("closing", WHOLE, nullable=False),
        sa.Column("handover", sa.Boolean(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("reply", sa.String(length=16), nullable=False),
        sa.Column("stated_balance", WHOLE, nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("reply IN ('pending','agreed','disputed','no_reply')", name="ck_letter_reply"),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "period", name="uq_letter_customer_period"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index("ix_letter_period", ["period"], unique=False)
        batch_op.create_index("ix_letter_return_by", ["return_by"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index("ix_letter_return_by")
        batch_op.drop_index("ix_letter_period")
    op.drop_table("letter")
