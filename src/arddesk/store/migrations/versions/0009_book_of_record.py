"""A book of record: voids and corrections, released allocations, the audit trail, sealed locks,
the log of imported files.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:00:00

A document is never deleted or changed in place once saved: a void marks it (``voided_on`` and
who, when, why) and releases its allocations (``allocation.released_on``), so an aging as of an
earlier date still sees it as it was. ``corrects`` links a correction to the document it replaces.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_DOCUMENTS = ("delivery", "payment", "adjustment")


def upgrade() -> None:
    for table in _DOCUMENTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("voided_on", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column("voided_by", sa.String(length=128), nullable=True))
            batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
            batch_op.add_column(sa.Column("corrects", sa.String(length=64), nullable=True))
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("released_on", sa.Date(), nullable=True))
    with op.batch_alter_table("incentive_result", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_entry",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("record", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_record", ["table_name", "record", "id"], unique=False)
        batch_op.create_index("ix_audit_entry_at", ["at"], unique=False)
    op.create_table(
        "imported_file",
        sa.Column("id", WHOLE, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("rows", WHOLE, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("imported_file", schema=None) as batch_op:
        batch_op.create_index("ix_imported_file_digest", ["kind", "digest"], unique=False)
    # The trail of a company that had none starts with every record as it stands at the upgrade.
    # The sealed form of collection_target reads a column of 0011: that migration baselines it.
    # Refunds (0014) start empty, with nothing to baseline.
    from arddesk.store import audit

    # Reps as this revision sealed them: 0010 adds fields, with entries of their own.
    rep = audit.Sealed(
        "SELECT t.code, t.name, g.code FROM rep t LEFT JOIN department g ON g.id = t.department_id",
        "t.code",
        ("name", "department"),
    )
    # Customers as this revision sealed them: 0013 adds their payment habits and cap, with entries of their own.
    customer = audit.Sealed(
        "SELECT t.code, t.name, m.code, t.credit_limit, r.code, g.code, t.grade, t.phone, t.address, t.language, "
        "t.settlement_days, t.distance_km, t.procedure, t.hold_state, t.avoid_days "
        "FROM customer t JOIN terms m ON m.id = t.terms_id LEFT JOIN rep r ON r.id = t.rep_id "
        "LEFT JOIN department g ON g.id = t.department_id",
        "t.code",
        (
            "name", "terms", "credit_limit", "rep", "department", "grade", "phone", "address", "language",
            "settlement_days", "distance_km", "procedure", "hold_state", "avoid_days",
        ),
        ("credit_limit",),
    )  # fmt: skip
    session = Session(bind=op.get_bind())
    audit.baseline(
        session,
        "upgrade",
        [table for table in audit.SEALED if table not in ("collection_target", "refund")],
        frozen={"rep": rep, "customer": customer},
    )
    session.flush()


def downgrade() -> None:
    op.drop_table("imported_file")
    op.drop_table("audit_entry")
    with op.batch_alter_table("incentive_result", schema=None) as batch_op:
        batch_op.drop_column("seal")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_column("released_on")
    for table in _DOCUMENTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("corrects", "void_reason", "voided_by", "voided_at", "voided_on"):
                batch_op.drop_column(column)
