"""The collection plan in the database: targets per period, rep and kind of debt, and the
dated visit/call entries of a schedule; plus the aggregated reads the plan needs.

Every read aggregates in SQL: a million deliveries never come into Python, only the sums.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from arddesk.store.models import Audited, Base

KINDS = ("normal", "abnormal", "out_of_stock")
CHANNELS = ("visit", "call")
STATES = ("planned", "moved", "dropped", "done")


class CollectionTargetRecord(Audited, Base):
    """How much a rep should collect in a period on one kind of debt and year of origin.

    ``period`` is a month (``2026-12``) or a quarter (``2026Q4``) label; ``origin_year`` 0
    means deliveries of any year. A rep's target for a period is the sum of the rows whose
    period lies inside it.
    """

    __tablename__ = "collection_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16))
    rep_id: Mapped[int] = mapped_column(ForeignKey("rep.id"))
    kind: Mapped[str] = mapped_column(String(16))
    origin_year: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int]
    __table_args__ = (
        UniqueConstraint("period", "rep_id", "kind", "origin_year", name="uq_collection_target"),
        CheckConstraint("kind IN ('normal','abnormal','out_of_stock')", name="ck_collection_target_kind"),
        CheckConstraint("amount >= 0", name="ck_collection_target_amount"),
        Index("ix_collection_target_rep", "rep_id", "period"),
    )


class ScheduleEntryRecord(Audited, Base):
    """One planned visit or call of a rep to a customer.

    ``original_on`` is the date the schedule maker chose (it ties the entry to the window it
    was made for); ``planned_on`` is where the entry is now, after any move by the clerk.
    ``score`` is the priority score when planned, in hundredths; ``amount`` the cents to
    collect. ``reason`` says why that date: ``settlement``, ``due``, ``first_day`` or
    ``moved``; ``note`` the clerk's words on a move or a drop.
    """

    __tablename__ = "schedule_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("rep.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    original_on: Mapped[dt.date] = mapped_column(Date)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(8), default="visit")
    score: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(16), default="")
    state: Mapped[str] = mapped_column(String(8), default="planned")
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint("channel IN ('visit','call')", name="ck_schedule_entry_channel"),
        CheckConstraint("state IN ('planned','moved','dropped','done')", name="ck_schedule_entry_state"),
        CheckConstraint("amount >= 0", name="ck_schedule_entry_amount"),
        Index("ix_schedule_entry_rep", "rep_id", "planned_on"),
        Index("ix_schedule_entry_customer", "customer_id", "original_on"),
    )
