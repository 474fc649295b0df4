"""Follow-up in the database: the contact log, payment promises and their instalments.

Reads stay small on a big company: they touch only contacts and promises (a few per
customer) and the payments and open deliveries of the customers that have promises,
through the ledger's (customer, date) indexes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from arddesk.store.models import Audited, Base


class ContactRecord(Audited, Base):
    """One visit or call: what the customer said, what came of it, and the next step with its date."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    contact_date: Mapped[date] = mapped_column(Date)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("rep.id"))
    channel: Mapped[str] = mapped_column(String(16))
    excuse: Mapped[str] = mapped_column(String(32), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_on: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("channel IN ('visit','phone','message','email','other')", name="ck_contact_channel"),
        CheckConstraint(
            "excuse IN ('','person_away','no_money','not_payment_day','goods_not_sold',"
            "'quality_complaint','rebate_not_paid','other')",
            name="ck_contact_excuse",
        ),
        Index("ix_contact_customer_date", "customer_id", "contact_date"),
        Index("ix_contact_date", "contact_date"),
        Index("ix_contact_follow_up", "next_on", sqlite_where=text("done = 0 AND next_on IS NOT NULL")),
    )


class PromiseRecord(Audited, Base):
    """A customer's promise to pay (回款承诺), from a contact when there was one."""

    __tablename__ = "promise"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    made_on: Mapped[date] = mapped_column(Date)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_promise_customer_made_on", "customer_id", "made_on"),
        Index("ix_promise_contact", "contact_id"),
    )


class PromiseInstalmentRecord(Base):
    """An amount (cents) promised by a due date; a promise has one or more."""

    __tablename__ = "promise_instalment"
    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promise.id", ondelete="CASCADE"))
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int]
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_promise_instalment_amount"),
        Index("ix_promise_instalment_promise", "promise_id", "due_date"),
    )
