"""Follow-up: the contact log, payment promises and their instalments.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _audited() -> list[sa.Column[object]]:
    """The Audited columns: who created and last changed a row, and when."""
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("rep_id", WHOLE, nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("excuse", sa.String(length=32), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        *_audited(),
        sa.CheckConstraint("channel IN ('visit','phone','message','email','other')", name="ck_contact_channel"),
        sa.CheckConstraint(
            "excuse IN ('','person_away','no_money','not_payment_day','goods_not_sold',"
            "'quality_complaint','rebate_not_paid','other')",
            name="ck_contact_excuse",
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_customer_date", ["customer_id", "contact_date"], unique=False)
        batch_op.create_index("ix_contact_date", ["contact_date"], unique=False)
        batch_op.create_index(
            "ix_contact_follow_up", ["next_on"], unique=False, sqlite_where=sa.text("done = 0 AND next_on IS NOT NULL"),
            postgresql_where=sa.text("NOT done AND next_on IS NOT NULL"),
        )
    op.create_table(
        "promise",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("customer_id", WHOLE, nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("contact_id", WHOLE, nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_audited(),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.create_index("ix_promise_customer_made_on", ["customer_id", "made_on"], unique=False)
        batch_op.create_index("ix_promise_contact", ["contact_id"], unique=False)
    op.create_table(
        "promise_instalment",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("promise_id", WHOLE, nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", WHOLE, nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_promise_instalment_amount"),
        sa.ForeignKeyConstraint(["promise_id"], ["promise.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("promise_instalment", schema=None) as batch_op:
        batch_op.create_index("ix_promise_instalment_promise", ["promise_id", "due_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("promise_instalment", schema=None) as batch_op:
        batch_op.drop_index("ix_promise_instalment_promise")
    op.drop_table("promise_instalment")
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_index("ix_promise_contact")
        batch_op.drop_index("ix_promise_customer_made_on")
    op.drop_table("promise")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_follow_up")
        batch_op.drop_index("ix_contact_date")
        batch_op.drop_index("ix_contact_customer_date")
    op.drop_table("contact")
