"""The server login of a rep: on a PostgreSQL server, a rep's login reads only that rep's customers.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 09:00:00

``rep.login`` names the server account (``arddesk roles --add LOGIN --role rep --rep CODE``) whose
reads the server's row-level security limits to the customers of that rep (see store/roles.py).
Empty for every rep until then; a company file has no logins and never fills it. It is not one of
the rep's sealed fields (who logs in is the server's business, not the books'): linking a login
writes a note in the trail instead, so the upgrade needs no entries.
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


def downgrade() -> None:
    op.drop_index("ux_rep_login", table_name="rep")
    with op.batch_alter_table("rep", schema=None) as batch_op:
        batch_op.drop_column("login")
