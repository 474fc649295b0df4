"""Refunds: money paid back to a customer out of its unapplied credit.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 12:00:00

A refund is a document of its own (``refund``), voided like the others. It uses up the credit of
the payments and adjustments it pays back through allocations: an allocation now goes to a
delivery or to a refund (``allocation.refund_id``), so a credit's unapplied amount, as of any day,
stays its amount less what is applied or refunded from it. The new table is empty and the
allocations already kept are unchanged, so the audit trail needs no new entries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refund",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", WHOLE, nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by", sa.String(length=128), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("corrects", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_refund_amount"),
        sa.CheckConstraint("method IN ('cash','transfer','other')", name="ck_refund_method"),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.create_index("ix_refund_customer_date", ["customer_id", "date"], unique=False)
    # Nothing points at allocation: SQLite's copy of the table keeps every foreign key intact.
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.alter_column("delivery_id", existing_type=WHOLE, nullable=True)
        batch_op.add_column(sa.Column("refund_id", WHOLE, nullable=True))
        batch_op.create_foreign_key("fk_allocation_refund", "refund", ["refund_id"], ["id"])
        batch_op.create_check_constraint("ck_allocation_target", "(delivery_id IS NULL) <> (refund_id IS NULL)")
        batch_op.create_index("ix_allocation_refund", ["refund_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM allocation WHERE refund_id IS NOT NULL")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index("ix_allocation_refund")
        batch_op.drop_constraint("ck_allocation_target", type_="check")
        batch_op.drop_constraint("fk_allocation_refund", type_="foreignkey")
        batch_op.drop_column("refund_id")
        batch_op.alter_column("delivery_id", existing_type=WHOLE, nullable=False)
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.drop_index("ix_refund_customer_date")
    op.drop_table("refund")
