"""Staff as real records: a rep's phone and whether they still work here.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:00:00

A department's head is already ``department.head_rep_id``. The audit trail seals a rep's
new fields too, so every existing rep gets entries recording them as the upgrade found them
(blank phone, active); without those, the check would find every rep changed behind its back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_FROM = "FROM rep t LEFT JOIN department g ON g.id = t.department_id"


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of ``rep`` would trip the foreign keys that point at it.
    op.add_column("rep", sa.Column("phone", sa.String(length=64), nullable=False, server_default=""))
    op.add_column("rep", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    from arddesk.store import audit

    # Both definitions frozen here: the one of revision 0009 and the one this revision seals.
    before = audit.Sealed(f"SELECT t.code, t.name, g.code {_FROM}", "t.code", ("name", "department"))
    after = audit.Sealed(
        f"SELECT t.code, t.name, g.code, t.phone, t.active {_FROM}",
        "t.code",
        ("name", "department", "phone", "active"),
    )
    session = Session(bind=op.get_bind())
    audit.record_changes(
        session,
        "rep",
        audit.snapshot(session, "rep", sealed=before),
        audit.snapshot(session, "rep", sealed=after),
        "upgrade",
        "reps gain a phone and an active mark",
    )
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("rep") as batch:
        batch.drop_column("active")
        batch.drop_column("phone")
