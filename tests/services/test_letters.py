"""The register of reconciliation letters and replies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arddesk.domain.dates import Period
from arddesk.services.errors import Rejected
from arddesk.services.letters import (
    mark_handover,
    mark_sent,
    open_disputes,
    overdue_replies,
    prepare_letters,
    record_reply,
    register,
    resolve_dispute,
)
from tests.conftest import Books

Q3 = Period.parse("2026Q3")
LETTER_DAY = date(2026, 10, 5)  # return by 2026-10-26


@pytest.fixture
def sent(books: Books) -> Books:
    """Three customers owe 100.00, 200.00 and 300.00 at the end of Q3; their letters went out on 6 October."""
    for index, code in enumerate(("A", "B", "C"), start=1):
        books.customer(code)
        books.delivery(f"D{code}", code, on="2026-08-01", amount=f"{index}00.00")
    prepare_letters(books.db, Q3, letter_date=LETTER_DAY)
    mark_sent(books.db, ["RC-2026Q3-A", "RC-2026Q3-B", "RC-2026Q3-C"], date(2026, 10, 6))
    return books


def test_letters_enter_the_register_pending(sent: Books) -> None:
    rows = register(sent.db, period=Q3)
    assert [(r.customer, r.closing, r.reply, r.sent_on, r.return_by) for r in rows] == [
        ("A", 10_000, "pending", date(2026, 10, 6), date(2026, 10, 26)),
        ("B", 20_000, "pending", date(2026, 10, 6), date(2026, 10, 26)),
        ("C", 30_000, "pending", date(2026, 10, 6), date(2026, 10, 26)),
    ]


def test_three_replies_agreed_disputed_missing(sent: Books) -> None:
    agreed = record_reply(sent.db, "RC-2026Q3-A", "agreed", returned_on=date(2026, 10, 12))
    assert (agreed.reply, agreed.stated_balance, agreed.difference) == ("agreed", 10_000, 0)
    disputed = record_reply(
        sent.db,
        "RC-2026Q3-B",
        "disputed",
        returned_on=date(2026, 10, 14),
        stated_balance=Decimal("150.00"),
        note="they say D-B was partly returned",
    )
    assert (disputed.stated_balance, disputed.difference) == (15_000, -5_000)
    # C never answers: it is overdue once the return-by date has passed, not before.
    assert overdue_replies(sent.db, date(2026, 10, 26)) == []
    assert [r.customer for r in overdue_replies(sent.db, date(2026, 10, 27))] == ["C"]
    assert [r.customer for r in open_disputes(sent.db)] == ["B"]
    record_reply(sent.db, "RC-2026Q3-C", "no_reply", note="chased twice")
    assert [(r.customer, r.reply) for r in overdue_replies(sent.db, date(2026, 11, 1))] == [("C", "no_reply")]
    resolved = resolve_dispute(sent.db, "RC-2026Q3-B", date(2026, 10, 20), "credit note for the return")
    assert resolved.resolved_on == date(2026, 10, 20)
    assert "credit note for the return" in resolved.note and "partly returned" in resolved.note
    assert open_disputes(sent.db) == []


def test_reprinting_keeps_date_reply_and_refreshes_balance(sent: Books) -> None:
    record_reply(sent.db, "RC-2026Q3-A", "agreed", returned_on=date(2026, 10, 12))
    sent.payment("A", on="2026-09-30", amount="40.00")  # a late-keyed Q3 payment
    (statement,) = prepare_letters(sent.db, Q3, customer="A", letter_date=date(2026, 12, 1))
    assert statement.letter_date == LETTER_DAY and statement.return_by == date(2026, 10, 26)
    (row,) = register(sent.db, customer="A")
    assert (row.reply, row.closing, row.difference) == ("agreed", 6_000, 4_000)


@pytest.mark.parametrize(
    ("reply", "kwargs", "column"),
    [
        ("maybe", {}, "reply"),
        ("disputed", {}, "stated_balance"),  # neither a balance nor a reason
        ("no_reply", {"returned_on": date(2026, 10, 10)}, "returned_on"),
        ("agreed", {"returned_on": date(2026, 10, 1)}, "returned_on"),  # before the letter's date
        ("agreed", {"stated_balance": Decimal("1.001")}, "stated_balance"),
    ],
)
def test_bad_replies_are_rejected_with_the_reason(
    sent: Books, reply: str, kwargs: dict[str, object], column: str
) -> None:
    with pytest.raises(Rejected) as caught:
        record_reply(sent.db, "RC-2026Q3-A", reply, **kwargs)  # type: ignore[arg-type]
    assert column in [problem.column for problem in caught.value.problems]
    (row,) = register(sent.db, customer="A")
    assert row.reply == "pending"


def test_unknown_letter_is_rejected(sent: Books) -> None:
    with pytest.raises(Rejected):
        record_reply(sent.db, "RC-2026Q3-NOPE", "agreed")
    with pytest.raises(Rejected):
        mark_sent(sent.db, ["RC-2026Q3-A", "RC-2026Q3-NOPE"], date(2026, 10, 7))
    assert register(sent.db, customer="A")[0].sent_on == date(2026, 10, 6)  # nothing saved


def test_only_a_dispute_can_be_resolved(sent: Books) -> None:
    with pytest.raises(Rejected):
        resolve_dispute(sent.db, "RC-2026Q3-A", date(2026, 10, 20))


def test_handover_confirmation(sent: Books) -> None:
    row = mark_handover(sent.db, "B", Q3)
    assert row.handover is True
    (statement,) = prepare_letters(sent.db, Q3, customer="B")
    assert statement.handover is True
    assert mark_handover(sent.db, "B", Q3, handover=False).handover is False


def test_handover_candidates_come_from_contact_changed_flags(sent: Books) -> None:
    from arddesk.services.letters import handover_candidates
    from arddesk.services.risk import add_flag, resolve_flag

    add_flag(sent.db, "A", "contact_changed", date(2026, 8, 15), "Mr Wang left; Ms Li buys now")
    old = add_flag(sent.db, "B", "contact_changed", date(2026, 3, 1), "buyer changed in spring")
    resolve_flag(sent.db, old, date(2026, 4, 1))  # settled before Q3: not a candidate
    add_flag(sent.db, "C", "closure", date(2026, 8, 1), "shop shut for a month")  # another kind of sign
    add_flag(sent.db, "C", "contact_changed", date(2026, 10, 2), "after the quarter")
    assert handover_candidates(sent.db, Q3) == ["A"]
    assert handover_candidates(sent.db, Period.parse("2026Q4")) == ["A", "C"]
