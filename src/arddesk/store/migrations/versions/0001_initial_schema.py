"""Initial schema: the ledger (terms, customers, deliveries, payments, adjustments, allocations).

Revision ID: 0001
Revises:
Create Date: 2026-11-24 01:01:00.675468
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('department',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('head_rep_id', WHOLE, nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['head_rep_id'], ['rep.id'], name='fk_department_head', use_alter=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('terms',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('days', WHOLE, nullable=True),
    sa.Column('day_of_month', WHOLE, nullable=True),
    sa.Column('months', WHOLE, nullable=True),
    sa.Column('cutoff_day', WHOLE, nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('cod','net','eom','monthly','batch')", name='ck_terms_kind'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('rep',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_id', WHOLE, nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('customer',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('terms_id', WHOLE, nullable=False),
    sa.Column('credit_limit', WHOLE, nullable=True),
    sa.Column('rep_id', WHOLE, nullable=True),
    sa.Column('department_id', WHOLE, nullable=True),
    sa.Column('grade', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('settlement_days', sa.String(length=64), nullable=False),
    sa.Column('distance_km', WHOLE, nullable=True),
    sa.Column('procedure', sa.String(length=16), nullable=False),
    sa.Column('hold_state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("hold_state IN ('normal','restricted','stop')", name='ck_customer_hold'),
    sa.CheckConstraint("language IN ('en','zh')", name='ck_customer_language'),
    sa.CheckConstraint("procedure IN ('simple','normal','complex')", name='ck_customer_procedure'),
    sa.CheckConstraint('credit_limit IS NULL OR credit_limit >= 0', name='ck_customer_limit'),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['terms_id'], ['terms.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('adjustment',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('customer_id', WHOLE, nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount', WHOLE, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('unapplied', WHOLE, nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('return','discount','rebate','write_off')", name='ck_adjustment_kind'),
    sa.CheckConstraint('amount > 0', name='ck_adjustment_amount'),
    sa.CheckConstraint('unapplied >= 0 AND unapplied <= amount', name='ck_adjustment_unapplied'),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('adjustment', schema=None) as batch_op:
        batch_op.create_index('ix_adjustment_applied_on', ['applied_on'], unique=False)
        batch_op.create_index('ix_adjustment_customer_date', ['customer_id', 'date'], unique=False)

    op.create_table('delivery',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('customer_id', WHOLE, nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount', WHOLE, nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('due_fixed', sa.Boolean(), nullable=False),
    sa.Column('rep_id', WHOLE, nullable=True),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('model', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('open_amount', WHOLE, nullable=False),
    sa.Column('settled_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("category IN ('normal','abnormal','out_of_stock')", name='ck_delivery_category'),
    sa.CheckConstraint("model IN ('','old','new')", name='ck_delivery_model'),
    sa.CheckConstraint('amount > 0', name='ck_delivery_amount'),
    sa.CheckConstraint('open_amount >= 0 AND open_amount <= amount', name='ck_delivery_open'),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_customer_date', ['customer_id', 'date'], unique=False)
        batch_op.create_index('ix_delivery_date', ['date'], unique=False)
        batch_op.create_index('ix_delivery_open', ['customer_id'], unique=False, sqlite_where=sa.text('open_amount > 0'), postgresql_where=sa.text('open_amount > 0'))
        batch_op.create_index('ix_delivery_settled_on', ['settled_on'], unique=False)

    op.create_table('payment',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('customer_id', WHOLE, nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount', WHOLE, nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('unapplied', WHOLE, nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("method IN ('cash','transfer','other')", name='ck_payment_method'),
    sa.CheckConstraint('amount > 0', name='ck_payment_amount'),
    sa.CheckConstraint('unapplied >= 0 AND unapplied <= amount', name='ck_payment_unapplied'),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index('ix_payment_applied_on', ['applied_on'], unique=False)
        batch_op.create_index('ix_payment_customer_date', ['customer_id', 'date'], unique=False)

    op.create_table('allocation',
    sa.Column('id', WHOLE, nullable=False),
    sa.Column('delivery_id', WHOLE, nullable=False),
    sa.Column('payment_id', WHOLE, nullable=True),
    sa.Column('adjustment_id', WHOLE, nullable=True),
    sa.Column('amount', WHOLE, nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint('(payment_id IS NULL) <> (adjustment_id IS NULL)', name='ck_allocation_source'),
    sa.CheckConstraint('amount > 0', name='ck_allocation_amount'),
    sa.ForeignKeyConstraint(['adjustment_id'], ['adjustment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delivery_id'], ['delivery.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        batch_op.create_index('ix_allocation_adjustment', ['adjustment_id'], unique=False)
        batch_op.create_index('ix_allocation_delivery', ['delivery_id', 'effective_date'], unique=False)
        batch_op.create_index('ix_allocation_payment', ['payment_id'], unique=False)


    if op.get_bind().dialect.name == "sqlite":
        # Marks the file as arddesk's ('ARDD'), so a foreign SQLite file is told apart at open.
        op.execute("PRAGMA application_id = 1095910468")
    else:
        # A department's head is a rep and a rep's department a department: create_table leaves out the
        # use_alter key, which SQLite has inline; elsewhere it is added once both tables exist.
        op.create_foreign_key("fk_department_head", "department", "rep", ["head_rep_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        batch_op.drop_index('ix_allocation_payment')
        batch_op.drop_index('ix_allocation_delivery')
        batch_op.drop_index('ix_allocation_adjustment')

    op.drop_table('allocation')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_customer_date')
        batch_op.drop_index('ix_payment_applied_on')

    op.drop_table('payment')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_settled_on')
        batch_op.drop_index('ix_delivery_open', sqlite_where=sa.text('open_amount > 0'), postgresql_where=sa.text('open_amount > 0'))
        batch_op.drop_index('ix_delivery_date')
        batch_op.drop_index('ix_delivery_customer_date')

    op.drop_table('delivery')
    with op.batch_alter_table('adjustment', schema=None) as batch_op:
        batch_op.drop_index('ix_adjustment_customer_date')
        batch_op.drop_index('ix_adjustment_applied_on')

    op.drop_table('adjustment')
    op.drop_table('customer')
    op.drop_table('rep')
    op.drop_table('terms')
    op.drop_table('setting')
    op.drop_table('department')
