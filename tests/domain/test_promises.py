from datetime import date

import pytest

from arddesk.domain.promises import (
    Instalment,
    Promise,
    PromiseStatus,
    describe,
    evaluate,
)
from arddesk.text.messages import message_text

D = date.fromisoformat
OPEN, KEPT, LATE, PARTLY, BROKEN = (
    PromiseStatus.OPEN,
    PromiseStatus.KEPT,
    PromiseStatus.KEPT_LATE,
    PromiseStatus.PARTLY_KEPT,
    PromiseStatus.BROKEN,
)


def promise(made_on: str, *instalments: tuple[str, int], id: int = 1) -> Promise:
    return Promise(id, D(made_on), tuple(Instalment(amount, D(due)) for due, amount in instalments))


def status(p: Promise, payments: list[tuple[str, int]], as_of: str) -> PromiseStatus:
    return evaluate([p], [(D(on), amount) for on, amount in payments], D(as_of))[0].status


# 12,000.00 promised on 2026-11-20, due 2026-12-05
TWELVE = promise("2026-11-20", ("2026-12-05", 1_200_000))


@pytest.mark.parametrize(
    ("payments", "as_of", "expected"),
    [
        ([], "2026-12-01", OPEN),  # not due yet, nothing paid
        ([], "2026-12-05", OPEN),  # the due day itself is still open
        ([], "2026-12-06", BROKEN),  # past due, nothing paid
        ([("2026-12-04", 1_200_000)], "2026-12-04", KEPT),  # paid in full on time
        ([("2026-12-05", 1_200_000)], "2026-12-10", KEPT),  # on the due day counts as on time
        ([("2026-12-01", 500_000), ("2026-12-05", 700_000)], "2026-12-31", KEPT),  # in two parts, on time
        ([("2026-12-04", 500_000)], "2026-12-04", OPEN),  # part paid, not yet due
        ([("2026-12-04", 500_000)], "2026-12-06", PARTLY),  # part paid by the due date, rest missing
        ([("2026-12-04", 500_000), ("2026-12-09", 700_000)], "2026-12-10", LATE),  # rest came later
        ([("2026-12-09", 1_200_000)], "2026-12-10", LATE),  # all of it late
        ([("2026-12-09", 1_200_000)], "2026-12-08", BROKEN),  # as of before the late payment: still broken
        ([("2026-12-08", 300_000)], "2026-12-10", BROKEN),  # a late part does not make it partly kept
        ([("2026-11-19", 1_200_000)], "2026-12-10", BROKEN),  # paid the day before promising: not towards it
        ([("2026-11-20", 1_500_000)], "2026-12-10", KEPT),  # paid on the promise day, more than promised
    ],
)
def test_single_promise_status_as_payments_arrive(payments: list[tuple[str, int]], as_of: str, expected: str) -> None:
    assert status(TWELVE, payments, as_of) == expected


def test_instalments_are_covered_in_due_date_order() -> None:
    # 3,000.00 by 12-05 and 5,000.00 by 12-20 (given out of order); 4,000.00 paid on 12-03:
    # 3,000.00 covers the first, 1,000.00 goes towards the second
    p = promise("2026-12-01", ("2026-12-20", 500_000), ("2026-12-05", 300_000))
    [state] = evaluate([p], [(D("2026-12-03"), 400_000)], D("2026-12-10"))
    assert [s.status for s in state.instalments] == [OPEN, KEPT]
    assert [s.covered for s in state.instalments] == [100_000, 300_000]
    assert state.status == OPEN
    assert state.paid == 400_000


def test_instalments_first_kept_second_missed_is_partly_kept() -> None:
    p = promise("2026-12-01", ("2026-12-05", 300_000), ("2026-12-20", 500_000))
    [state] = evaluate([p], [(D("2026-12-03"), 300_000)], D("2026-12-21"))
    assert [s.status for s in state.instalments] == [KEPT, BROKEN]
    assert state.status == PARTLY
    assert state.missing == 500_000
    assert state.first_missed == D("2026-12-20")


def test_first_instalment_broken_second_not_due_is_broken() -> None:
    p = promise("2026-12-01", ("2026-12-05", 300_000), ("2026-12-20", 500_000))
    [state] = evaluate([p], [], D("2026-12-06"))
    assert [s.status for s in state.instalments] == [BROKEN, OPEN]
    assert state.status == BROKEN
    assert state.missing == 300_000


def test_all_instalments_kept_one_late_is_kept_late() -> None:
    p = promise("2026-12-01", ("2026-12-05", 300_000), ("2026-12-20", 500_000))
    payments = [(D("2026-12-05"), 300_000), (D("2026-12-22"), 500_000)]
    assert evaluate([p], payments, D("2026-12-31"))[0].status == LATE


def test_one_payment_keeps_one_promise_not_two() -> None:
    # two promises of 1,000.00 each, both by 12-10; one payment of 1,000.00:
    # it goes to the older promise (same due date), the newer is broken
    older = promise("2026-12-01", ("2026-12-10", 100_000), id=1)
    newer = promise("2026-12-02", ("2026-12-10", 100_000), id=2)
    states = evaluate([newer, older], [(D("2026-12-03"), 100_000)], D("2026-12-11"))
    assert [s.status for s in states] == [BROKEN, KEPT]


def test_a_payment_goes_only_to_promises_made_by_its_day() -> None:
    # promise A due 12-20 made 12-01, promise B due 12-10 made 12-05; payment of 12-03 can only keep A
    a = promise("2026-12-01", ("2026-12-20", 100_000), id=1)
    b = promise("2026-12-05", ("2026-12-10", 100_000), id=2)
    states = evaluate([a, b], [(D("2026-12-03"), 100_000)], D("2026-12-11"))
    assert [s.status for s in states] == [KEPT, BROKEN]


def test_describe_one_and_several_instalments() -> None:
    [state] = evaluate([TWELVE], [], D("2026-12-01"))
    assert message_text(describe(state)) == "12,000.00 by 2026-12-05 (open)"
    p = promise("2026-12-01", ("2026-12-05", 300_000), ("2026-12-20", 900_000))
    [state] = evaluate([p], [(D("2026-12-03"), 300_000)], D("2026-12-21"))
    assert message_text(describe(state)) == "12,000.00 in 2 instalments, 2026-12-05 to 2026-12-20 (partly kept)"

