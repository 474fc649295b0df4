"""The register of reconciliation letters and the customers' replies: table and queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from arddesk.store.models import Audited, Base, Customer

REPLIES = ("pending", "agreed", "disputed", "no_reply")


class LetterRecord(Audited, Base):
    """One reconciliation letter of a period to a customer, and what came back.

    ``reply`` is ``pending`` until the slip returns (``agreed`` or ``disputed``) or the
    clerk gives up on it (``no_reply``). ``stated_balance`` is the balance the customer
    wrote on the slip, in cents; ``resolved_on`` closes a dispute.
    """

    __tablename__ = "letter"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    letter_date: Mapped[date] = mapped_column(Date)
    return_by: Mapped[date] = mapped_column(Date)
    opening: Mapped[int]
    closing: Mapped[int]
    handover: Mapped[bool] = mapped_column(default=False)
    sent_on: Mapped[date | None] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    reply: Mapped[str] = mapped_column(String(16), default="pending")
    stated_balance: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        UniqueConstraint("customer_id", "period", name="uq_letter_customer_period"),
        CheckConstraint("reply IN ('pending','agreed','disputed','no_reply')", name="ck_letter_reply"),
        Index("ix_letter_period", "period"),
        Index("ix_letter_return_by", "return_by"),
    )


@dataclass(frozen=True, slots=True)
class LetterRow:
    """A line of the register, with the customer's code and name."""

    reference: str
    customer: str
    customer_name: str
    period: str
    language: str
    letter_date: date
    return_by: date
    opening: int
    closing: int
    handover: bool
    sent_on: date | None
    returned_on: date | None
    reply: str
    stated_balance: int | None
    note: str
    resolved_on: date | None

    @property
    def difference(self) -> int | None:
        """The customer's stated balance less ours (cents); None when none was stated."""
        return None if self.stated_balance is None else self.stated_balance - self.closing


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What the register holds for a letter before it is printed."""

    customer_id: int
    period: str
    reference: str
    language: str
    letter_date: date
    return_by: date
    opening: int
    closing: int


def held_letters(session: Session, period: str, customer_ids: Sequence[int]) -> dict[int, tuple[date, date, bool]]:
    """A period's letters in the register for these customers: (letter date, return-by, handover) by customer id."""
    held = _held(session, {period: list(customer_ids)})
    return {row.customer_id: (row.letter_date, row.return_by, bool(row.handover)) for row in held.values()}


def _held(session: Session, by_period: dict[str, list[int]]) -> dict[tuple[int, str], LetterRecord]:
    # Keyed by customer and period, not reference: a customer whose code changed keeps its letter.
    existing: dict[tuple[int, str], LetterRecord] = {}
    for period, ids in by_period.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = select(LetterRecord).where(LetterRecord.period == period, LetterRecord.customer_id.in_(chunk))
            for row in session.scalars(query):
                existing[(row.customer_id, row.period)] = row
    return existing


def upsert_letters(session: Session, facts: Sequence[LetterFacts]) -> dict[str, tuple[date, date, bool]]:
    """Enter letters in the register; a letter already there keeps its date, return-by date and reply.

    Returns:
        For each reference: (letter date, return-by date, handover) as the register now holds them.
    """
    by_period: dict[str, list[int]] = {}
    for fact in facts:
        by_period.setdefault(fact.period, []).append(fact.customer_id)
    existing = _held(session, by_period)
    result: dict[str, tuple[date, date, bool]] = {}
    for fact in facts:
        found = existing.get((fact.customer_id, fact.period))
        if found is None:
            row = LetterRecord(
                customer_id=fact.customer_id,
                period=fact.period,
                reference=fact.reference,
                language=fact.language,
                letter_date=fact.letter_date,
                return_by=fact.return_by,
                opening=fact.opening,
                closing=fact.closing,
                handover=False,
                reply="pending",
                note="",
            )
            session.add(row)
        else:
            row = found
            row.reference = fact.reference
            row.language = fact.language
            row.opening = fact.opening
            row.closing = fact.closing
        result[fact.reference] = (row.letter_date, row.return_by, bool(row.handover))
    session.flush()
    return result


def customer_ids_by_code(session: Session, codes: Sequence[str]) -> dict[str, int]:
    """Customers' ids by code (codes that name no customer are left out)."""
    found: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        query = select(Customer.code, Customer.id).where(Customer.code.in_(codes[start : start + 500]))
        found.update({code: customer_id for code, customer_id in session.execute(query)})
    return found


def find_letter(session: Session, reference: str) -> LetterRecord | None:
    """The register's row for a reference."""
    return session.scalar(select(LetterRecord).where(LetterRecord.reference == reference))


def letter_rows(
    session: Session,
    *,
    period: str | None = None,
    overdue_on: date | None = None,
    open_disputes: bool = False,
    customer: str | None = None,
    reference: str | None = None,
) -> list[LetterRow]:
    """Lines of the register, by period and customer code.

    Args:
        session: an open session.
        period: only letters of this period label.
        overdue_on: only letters with no reply (pending or no_reply) whose return-by date is before this day.
        open_disputes: only disputed letters not yet resolved.
        customer: only this customer's letters.
        reference: only the letter with this reference.
    """
    query = select(LetterRecord, Customer.code, Customer.name).join(Customer, Customer.id == LetterRecord.customer_id)
    if period is not None:
        query = query.where(LetterRecord.period == period)
    if overdue_on is not None:
        query = query.where(LetterRecord.reply.in_(("pending", "no_reply")), LetterRecord.return_by < overdue_on)
    if open_disputes:
        query = query.where(LetterRecord.reply == "disputed", LetterRecord.resolved_on.is_(None))
    if customer is not None:
        query = query.where(Customer.code == customer)
    if reference is not None:
        query = query.where(LetterRecord.reference == reference)
    query = query.order_by(LetterRecord.period, Customer.code)
    return [
        LetterRow(
            reference=row.reference,
            customer=code,
            customer_name=name,
            period=row.period,
            language=row.language,
            letter_date=row.letter_date,
            return_by=row.return_by,
            opening=row.opening,
            closing=row.closing,
            handover=bool(row.handover),
            sent_on=row.sent_on,
            returned_on=row.returned_on,
            reply=row.reply,
            stated_balance=row.stated_balance,
            note=row.note,
            resolved_on=row.resolved_on,
        )
        for row, code, name in session.execute(query)
    ]
