"""The server login of a rep (a rep's login reads only that rep's customers), and indexes for "is this day current?".

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 09:00:00

``rep.login`` names the server account (``arddesk roles --add LOGIN --role rep --rep CODE``) whose
reads the server's row-level security limits to the customers of that rep (see store/roles.py).
Empty for every rep until then; a company file has no logins and never fills it. It is not one of
the rep's sealed fields (who logs in is the server's business, not the books'): linking a login
writes a note in the trail instead, so the upgrade needs no entries.

Every aging first asks for the latest day anything happened on (``store.aging.latest_entry_date``):
the latest void of a delivery or a payment, and the latest payment, were read through the whole
table, 0.9 s on a server for a million deliveries. Indexes of the voids alone (few rows) and of the
payments' dates answer at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of ``rep`` would trip the foreign keys that point at it.
    op.add_column("rep", sa.Column("login", sa.String(length=64), nullable=True))
    op.create_index("ux_rep_login", "rep", ["login"], unique=True)
    for table in ("delivery", "payment"):
        voided = sa.text("voided_on IS NOT NULL")
        op.create_index(f"ix_{table}_voided_on", table, ["voided_on"], sqlite_where=voided, postgresql_where=voided)
    op.create_index("ix_payment_date", "payment", ["date"])


def downgrade() -> None:
    op.drop_index("ix_payment_date", table_name="payment")
    for table in ("delivery", "payment"):
        op.drop_index(f"ix_{table}_voided_on", table_name=table)
    op.drop_index("ux_rep_login", table_name="rep")
    with op.batch_alter_table("rep", schema=None) as batch_op:
        batch_op.drop_column("login")
