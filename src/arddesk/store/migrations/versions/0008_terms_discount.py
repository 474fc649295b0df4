"""Early-payment discount on payment terms: a percent (in basis points) and the days it holds.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terms") as batch:
        batch.add_column(sa.Column("discount_bp", WHOLE, nullable=True))
        batch.add_column(sa.Column("discount_days", WHOLE, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terms") as batch:
        batch.drop_column("discount_days")
        batch.drop_column("discount_bp")
