"""Per-customer collection targets (回款目标): a target row may name the customer it is for.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00

A row with no customer is the rep's own target, as before; a row with a customer is what the rep
aims to collect from that customer in the period. One row per period, rep, kind and year of origin
for the rep's own targets, and per period, rep, customer, kind and year for a customer's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_OWN = sa.text("customer_id IS NULL")
_CUSTOMERS = sa.text("customer_id IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("collection_target", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_id", WHOLE, nullable=True))
        batch_op.create_foreign_key("fk_collection_target_customer", "customer", ["customer_id"], ["id"])
        batch_op.drop_constraint("uq_collection_target", type_="unique")
        batch_op.create_index(
            "uq_collection_target_own", ["period", "rep_id", "kind", "origin_year"], unique=True,
            sqlite_where=_OWN, postgresql_where=_OWN,
        )  # fmt: skip
        batch_op.create_index(
            "uq_collection_target_customer", ["period", "rep_id", "customer_id", "kind", "origin_year"], unique=True,
            sqlite_where=_CUSTOMERS, postgresql_where=_CUSTOMERS,
        )  # fmt: skip
        batch_op.create_index("ix_collection_target_customer", ["customer_id", "period"], unique=False)
    # A company coming from before 0009 has its targets in the trail from here (0009 left them out);
    # one that had them recorded keeps those entries: a rep's own target keeps its key.
    from arddesk.store import audit

    key = "t.period || '/' || r.code || '/' || t.kind || '/' || t.origin_year || COALESCE('/' || c.code, '')"
    # Targets as this revision seals them.
    target = audit.Sealed(
        f"SELECT {key}, t.amount FROM collection_target t JOIN rep r ON r.id = t.rep_id "
        "LEFT JOIN customer c ON c.id = t.customer_id",
        key,
        ("amount",),
        ("amount",),
    )
    session = Session(bind=op.get_bind())
    audit.baseline(session, "upgrade", ["collection_target"], frozen={"collection_target": target}, unrecorded=True)
    session.flush()


def downgrade() -> None:
    op.execute("DELETE FROM collection_target WHERE customer_id IS NOT NULL")
    with op.batch_alter_table("collection_target", schema=None) as batch_op:
        batch_op.drop_index("ix_collection_target_customer")
        batch_op.drop_index("uq_collection_target_customer")
        batch_op.drop_index("uq_collection_target_own")
        batch_op.drop_constraint("fk_collection_target_customer", type_="foreignkey")
        batch_op.drop_column("customer_id")
        batch_op.create_unique_constraint("uq_collection_target", ["period", "rep_id", "kind", "origin_year"])
