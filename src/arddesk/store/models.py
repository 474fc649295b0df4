"""The ledger's tables as typed SQLAlchemy models.

Money columns hold integer cents; dates are SQL dates. The schema itself is made by
the Alembic migrations in ``store/migrations``; these classes must agree with them
(a test compares the two).
"""

from __future__ import annotations

import datetime as dt
import getpass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Registers how PostgreSQL writes text columns, before any table is created.
from arddesk.store import portable  # noqa: F401


def current_user() -> str:
    """Who is making a change: the operating-system login."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some service environments
        return "unknown"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


WHOLE = Integer().with_variant(BigInteger(), "postgresql")
"""Every integer column: cents above 21 million and ids beyond two thousand million fit on PostgreSQL too
(SQLite's INTEGER is 64 bits already; PostgreSQL's is 32)."""


class Base(DeclarativeBase):
    """Base of every arddesk table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {int: WHOLE}


class Audited:
    """Who created and last changed a row, and when."""

    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(64), default=current_user)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    updated_by: Mapped[str] = mapped_column(String(64), default=current_user, onupdate=current_user)


class Setting(Base):
    """A company setting, stored as text under a key."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Department(Audited, Base):
    """A sales department; its head shares in the department's collections."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    head_rep_id: Mapped[int | None] = mapped_column(ForeignKey("rep.id", use_alter=True, name="fk_department_head"))


class Rep(Audited, Base):
    """A sales representative (a department's head is one too: see ``Department.head_rep_id``).

    A rep who left stays, marked not ``active``: the books still name them.
    """

    __tablename__ = "rep"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    phone: Mapped[str] = mapped_column(String(64), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The server login that reads as this rep (migration 0015; see store/roles.py): None on a company file.
    login: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ux_rep_login", "login", unique=True),)


class PaymentTerms(Audited, Base):
    """Payment terms agreed in a contract; see ``domain.terms``."""

    __tablename__ = "terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    days: Mapped[int | None]
    day_of_month: Mapped[int | None]
    months: Mapped[int | None]
    cutoff_day: Mapped[int | None]
    # Early-payment discount: hundredths of a percent (200 = 2.00 %) within discount_days of delivery.
    discount_bp: Mapped[int | None]
    discount_days: Mapped[int | None]
    __table_args__ = (CheckConstraint("kind IN ('cod','net','eom','monthly','batch')", name="ck_terms_kind"),)


class Customer(Audited, Base):
    """A customer and how it pays."""

    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    terms_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    credit_limit: Mapped[int | None]
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("rep.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    grade: Mapped[str] = mapped_column(String(16), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2), default="zh")
    settlement_days: Mapped[str] = mapped_column(String(64), default="")
    distance_km: Mapped[int | None]
    procedure: Mapped[str] = mapped_column(String(16), default="normal")
    hold_state: Mapped[str] = mapped_column(String(16), default="normal")
    # days the customer will not pay, e.g. "mon,1,2" (Mondays, the 1st and 2nd); see domain.plan
    avoid_days: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # How it pays (seed 001 §4, migration 0013): "" (not known), cash, transfer or other; who
    # approves and who signs (and when that person is in); reconciles "", "yes" or "no"; invoice
    # "", "ordinary" or "vat"; a note for the rest (when a transfer arrives, when to serve the invoice).
    pay_method: Mapped[str] = mapped_column(String(16), default="", server_default="")
    approver: Mapped[str] = mapped_column(String(128), default="", server_default="")
    signer: Mapped[str] = mapped_column(String(128), default="", server_default="")
    reconciles: Mapped[str] = mapped_column(String(8), default="", server_default="")
    invoice: Mapped[str] = mapped_column(String(16), default="", server_default="")
    pay_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The most one delivery may be worth while the customer is restricted (seed 001 §8), in cents.
    delivery_cap: Mapped[int | None]

    terms: Mapped[PaymentTerms] = relationship()
    __table_args__ = (
        CheckConstraint("language IN ('en','zh')", name="ck_customer_language"),
        CheckConstraint("procedure IN ('simple','normal','complex')", name="ck_customer_procedure"),
        CheckConstraint("hold_state IN ('normal','restricted','stop')", name="ck_customer_hold"),
        CheckConstraint("credit_limit IS NULL OR credit_limit >= 0", name="ck_customer_limit"),
    )


class Voidable:
    """A saved document is never changed in place: a void marks it and says who, when and why.

    ``voided_on`` is the day the void takes effect in the ledger (an aging as of an earlier day
    still sees the document); ``corrects`` names the document this one replaced, if any.
    """

    voided_on: Mapped[dt.date | None] = mapped_column(Date)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by: Mapped[str | None] = mapped_column(String(128))
    void_reason: Mapped[str | None] = mapped_column(Text)
    corrects: Mapped[str | None] = mapped_column(String(64))


def voided_index(table: str) -> Index:
    """The void documents of ``table``: the latest void day is read before every aging."""
    return Index(
        f"ix_{table}_voided_on",
        "voided_on",
        sqlite_where=text("voided_on IS NOT NULL"),
        postgresql_where=text("voided_on IS NOT NULL"),
    )


def unapplied_index(table: str) -> Index:
    """The credits of ``payment`` or ``adjustment`` not fully applied, with their amount left."""
    return Index(
        f"ix_{table}_unapplied",
        "customer_id",
        "unapplied",
        sqlite_where=text("unapplied > 0"),
        postgresql_where=text("unapplied > 0"),
    )


OPEN_COLUMNS = ("customer_id", "due_date", "open_amount", "rep_id", "date", "number")
"""The columns of ``ix_delivery_open``: everything the aging reads of an open delivery."""


class Delivery(Voidable, Audited, Base):
    """Goods that went to a customer, and when they must be paid.

    ``open_amount`` and ``settled_on`` are kept by the services whenever allocations
    change: they let the aging skip everything settled before its as-of date.
    """

    __tablename__ = "delivery"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int]
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    due_fixed: Mapped[bool] = mapped_column(default=False)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("rep.id"))
    category: Mapped[str] = mapped_column(String(16), default="normal")
    model: Mapped[str] = mapped_column(String(8), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    open_amount: Mapped[int]
    settled_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_delivery_amount"),
        CheckConstraint("open_amount >= 0 AND open_amount <= amount", name="ck_delivery_open"),
        CheckConstraint("category IN ('normal','abnormal','out_of_stock')", name="ck_delivery_category"),
        CheckConstraint("model IN ('','old','new')", name="ck_delivery_model"),
        Index("ix_delivery_customer_date", "customer_id", "date"),
        Index("ix_delivery_date", "date"),
        Index("ix_delivery_settled_on", "settled_on"),
        # Covering: the aging as of today and the balances read the open deliveries from it alone.
        Index(
            "ix_delivery_open",
            *OPEN_COLUMNS,
            sqlite_where=text("open_amount > 0"),
            postgresql_where=text("open_amount > 0"),
        ),
        voided_index("delivery"),
    )


class Payment(Voidable, Audited, Base):
    """Money received from a customer (回款)."""

    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int]
    method: Mapped[str] = mapped_column(String(16), default="transfer")
    note: Mapped[str] = mapped_column(Text, default="")
    unapplied: Mapped[int]
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_payment_amount"),
        CheckConstraint("unapplied >= 0 AND unapplied <= amount", name="ck_payment_unapplied"),
        CheckConstraint("method IN ('cash','transfer','other')", name="ck_payment_method"),
        Index("ix_payment_customer_date", "customer_id", "date"),
        Index("ix_payment_applied_on", "applied_on"),
        Index("ix_payment_date", "date"),  # the latest day, and the money received in a period
        unapplied_index("payment"),
        voided_index("payment"),
    )


class Adjustment(Voidable, Audited, Base):
    """A return, discount, rebate or write-off that reduces what a customer owes."""

    __tablename__ = "adjustment"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    unapplied: Mapped[int]
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_adjustment_amount"),
        CheckConstraint("unapplied >= 0 AND unapplied <= amount", name="ck_adjustment_unapplied"),
        CheckConstraint("kind IN ('return','discount','rebate','write_off')", name="ck_adjustment_kind"),
        Index("ix_adjustment_customer_date", "customer_id", "date"),
        Index("ix_adjustment_date", "date"),  # the newest first in the payments list
        Index("ix_adjustment_applied_on", "applied_on"),
        unapplied_index("adjustment"),
        voided_index("adjustment"),
    )


class Refund(Voidable, Audited, Base):
    """Money paid back to a customer out of its unapplied credit (an advance not needed, an
    overpayment, a return after payment). It uses up credit through allocations from the payments
    and adjustments whose credit it pays back (migration 0014)."""

    __tablename__ = "refund"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int]
    method: Mapped[str] = mapped_column(String(16), default="transfer")
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_refund_amount"),
        CheckConstraint("method IN ('cash','transfer','other')", name="ck_refund_method"),
        Index("ix_refund_customer_date", "customer_id", "date"),
        Index("ix_refund_date", "date"),  # the newest first in the payments list
        voided_index("refund"),
    )


class Allocation(Audited, Base):
    """Part of a payment or an adjustment applied to a delivery, or paid back by a refund.

    ``effective_date`` is the later of the two dates: before it, the money had not met
    the goods, so an aging as of an earlier date does not count it. ``released_on`` is set
    when a void of either side releases it: from that day on it no longer counts. Exactly one
    of ``delivery_id`` and ``refund_id`` is set.
    """

    __tablename__ = "allocation"
    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id", ondelete="CASCADE"))
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refund.id", name="fk_allocation_refund"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"))
    adjustment_id: Mapped[int | None] = mapped_column(ForeignKey("adjustment.id", ondelete="CASCADE"))
    amount: Mapped[int]
    effective_date: Mapped[dt.date] = mapped_column(Date)
    released_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_allocation_amount"),
        CheckConstraint("(payment_id IS NULL) <> (adjustment_id IS NULL)", name="ck_allocation_source"),
        CheckConstraint("(delivery_id IS NULL) <> (refund_id IS NULL)", name="ck_allocation_target"),
        Index("ix_allocation_refund", "refund_id"),
        Index("ix_allocation_delivery", "delivery_id", "effective_date"),
        Index("ix_allocation_payment", "payment_id"),
        Index("ix_allocation_adjustment", "adjustment_id"),
    )
