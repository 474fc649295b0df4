"""How a customer pays (seed 001 §4) and a cap per delivery for a restricted customer (seed 001 §8).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:00:00

The habits the rep should know before calling: cash or transfer, who approves the payment, who
signs it and when that person is in, whether the customer reconciles, the invoice it needs (and a
note for the rest: when a transfer arrives, when the invoice must be served). The days it pays on
are the settlement days it already had. ``delivery_cap`` is the most one delivery may be worth
while the customer is restricted (None: no cap). The audit trail seals the new fields too, so every
customer gets entries recording them as the upgrade found them (blank, no cap).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# Integers are 64 bits on both databases (PostgreSQL's INTEGER is 32).
WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_TEXTS = (("pay_method", 16), ("approver", 128), ("signer", 128), ("reconciles", 8), ("invoice", 16))
_FROM = (
    "FROM customer t JOIN terms m ON m.id = t.terms_id LEFT JOIN rep r ON r.id = t.rep_id "
    "LEFT JOIN department g ON g.id = t.department_id"
)
_BEFORE = (
    "name", "terms", "credit_limit", "rep", "department", "grade", "phone", "address", "language",
    "settlement_days", "distance_km", "procedure", "hold_state", "avoid_days",
)  # fmt: skip
_ADDED = ("pay_method", "approver", "signer", "reconciles", "invoice", "pay_note", "delivery_cap")
_SELECT = (
    "SELECT t.code, t.name, m.code, t.credit_limit, r.code, g.code, t.grade, t.phone, t.address, t.language, "
    "t.settlement_days, t.distance_km, t.procedure, t.hold_state, t.avoid_days"
)


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of ``customer`` would trip the foreign keys that point at it.
    for name, length in _TEXTS:
        op.add_column("customer", sa.Column(name, sa.String(length=length), nullable=False, server_default=""))
    op.add_column("customer", sa.Column("pay_note", sa.Text(), nullable=False, server_default=""))
    op.add_column("customer", sa.Column("delivery_cap", WHOLE, nullable=True))
    from arddesk.store import audit

    # Both definitions frozen here: the one of revision 0012 and the one this revision seals.
    before = audit.Sealed(f"{_SELECT} {_FROM}", "t.code", _BEFORE, ("credit_limit",))
    after = audit.Sealed(
        f"{_SELECT}, {', '.join('t.' + name for name in _ADDED)} {_FROM}",
        "t.code",
        _BEFORE + _ADDED,
        ("credit_limit", "delivery_cap"),
    )
    session = Session(bind=op.get_bind())
    audit.record_changes(
        session,
        "customer",
        audit.snapshot(session, "customer", sealed=before),
        audit.snapshot(session, "customer", sealed=after),
        "upgrade",
        "customers gain their payment habits and a cap per delivery",
    )
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        for name in reversed(_ADDED):
            batch.drop_column(name)
