from datetime import date

import pytest

from arddesk.domain.aging import DebtClass
from arddesk.domain.classes import ClassSource, DebtCause
from arddesk.domain.warnings import WarningKind
from arddesk.services import risk
from arddesk.services.aging import aging_report
from arddesk.services.errors import Rejected
from arddesk.services.settings import update_settings
from tests.conftest import Books

D = date.fromisoformat


@pytest.fixture
def ledger(books: Books) -> Books:
    """Net-30 customers of two reps; as of 2026-09-30 the deliveries are this many days past due."""
    books.customer("C1", name="Acme", rep="R1", department="EAST")
    books.customer("C2", name="Bolt", rep="R2", department="WEST")
    books.delivery("D1", "C1", on="2025-08-01", amount="100.00")  # due 2025-08-31: 395 days → dead
    books.delivery("D2", "C1", on="2026-02-01", amount="200.00")  # due 2026-03-03: 211 days → bad
    books.delivery("D3", "C1", on="2026-05-01", amount="300.00")  # due 2026-05-31: 122 days → doubtful
    books.delivery("D4", "C2", on="2026-08-01", amount="400.00")  # due 2026-08-31: 30 days → dunning
    books.delivery("D5", "C2", on="2026-09-15", amount="500.00")  # due 2026-10-15: not due
    return books


AS_OF = D("2026-09-30")


def test_class_totals_by_days(ledger: Books) -> None:
    assert risk.class_totals(ledger.db, AS_OF) == {
        "": {
            DebtClass.NOT_DUE: 50000,
            DebtClass.DUNNING: 40000,
            DebtClass.DOUBTFUL: 30000,
            DebtClass.BAD: 20000,
            DebtClass.DEAD: 10000,
        }
    }


def test_class_thresholds_are_a_company_setting(ledger: Books) -> None:
    update_settings(ledger.db, class_thresholds="20,200,400")
    totals = risk.class_totals(ledger.db, AS_OF)[""]
    assert totals[DebtClass.DOUBTFUL] == 70000  # D3 (122) and D4 (30) are past 20 days
    assert totals[DebtClass.BAD] == 30000  # D2 (211) and D1 (395) are past 200
    assert totals[DebtClass.DEAD] == 0


def test_class_totals_by_rep_add_up_to_the_aging(ledger: Books) -> None:
    by_rep = risk.class_totals(ledger.db, AS_OF, by="rep")
    report = aging_report(ledger.db, AS_OF, by="rep")
    assert {line.key: line.total for line in report.lines} == {key: sum(v.values()) for key, v in by_rep.items()}


def test_delivery_override_beats_customer_override_and_survives_a_refresh(ledger: Books) -> None:
    risk.set_class(ledger.db, "C1", "dead", "closed down, owner gone")
    risk.set_class(ledger.db, "C1", "dunning", "paying this one by instalments", delivery="D3")
    ledger.payment("C2", on="2026-09-20", amount="1.00")  # the ledger changes; overrides stay
    items = {item.number: item.debt_class for item in risk.cell_detail(ledger.db, AS_OF, key="C1")}
    assert (items["D1"].debt_class, items["D1"].source) == (DebtClass.DEAD, ClassSource.CUSTOMER)
    assert (items["D2"].debt_class, items["D2"].computed) == (DebtClass.DEAD, DebtClass.BAD)
    assert (items["D3"].debt_class, items["D3"].source, items["D3"].reason) == (
        DebtClass.DUNNING,
        ClassSource.DELIVERY,
        "paying this one by instalments",
    )
    totals = risk.class_totals(ledger.db, AS_OF)[""]
    assert totals[DebtClass.DEAD] == 30000
    assert totals[DebtClass.DUNNING] == 40000 - 100 + 30000
    assert risk.customer_class(ledger.db, "C1", AS_OF) is DebtClass.DEAD
    assert [(o.delivery, o.debt_class) for o in risk.class_overrides(ledger.db, "C1")] == [
        ("", "dead"),
        ("D3", "dunning"),
    ]


def test_setting_a_class_again_replaces_it_and_clearing_goes_back_to_days(ledger: Books) -> None:
    risk.set_class(ledger.db, "C2", "bad", "first thought", delivery="D4")
    risk.set_class(ledger.db, "C2", "doubtful", "second thought", delivery="D4")
    assert [o.reason for o in risk.class_overrides(ledger.db)] == ["second thought"]
    assert risk.clear_class(ledger.db, "C2", delivery="D4") is True
    assert risk.clear_class(ledger.db, "C2", delivery="D4") is False
    assert risk.class_totals(ledger.db, AS_OF)[""][DebtClass.DUNNING] == 40000
    # Replaced and cleared overrides are still on record, in order.
    history = [(h.delivery, h.action, h.debt_class, h.reason) for h in risk.class_history(ledger.db, "C2")]
    assert history == [
        ("D4", "set", "bad", "first thought"),
        ("D4", "set", "doubtful", "second thought"),
        ("D4", "clear", "", ""),
    ]


def test_an_override_needs_a_reason_and_a_real_delivery_of_that_customer(ledger: Books) -> None:
    with pytest.raises(Rejected, match="reason"):
        risk.set_class(ledger.db, "C1", "bad", " ")
    with pytest.raises(Rejected, match="another customer"):
        risk.set_class(ledger.db, "C1", "bad", "why", delivery="D4")
    with pytest.raises(Rejected, match="no such customer"):
        risk.set_class(ledger.db, "NOPE", "bad", "why")


def test_cells_hold_the_deliveries_behind_the_aging(ledger: Books) -> None:
    report = aging_report(ledger.db, AS_OF, by="rep", buckets="30,60,90")
    for line in report.lines:
        for label, amount in zip(["not_due", *report.buckets.labels], [line.not_due, *line.buckets], strict=True):
            cell = risk.cell_detail(ledger.db, AS_OF, by="rep", key=line.key, bucket=label, buckets="30,60,90")
            assert sum(item.open for item in cell) == amount, (line.key, label)
            assert all(item.bucket == label for item in cell)
    assert [i.number for i in risk.cell_detail(ledger.db, AS_OF, by="rep", key="R1", bucket="over_365")] == ["D1"]


def test_cause_of_a_debt_and_the_disputed_filter(ledger: Books) -> None:
    risk.set_cause(ledger.db, "D2", "quality", "12 cartons broken")
    risk.set_cause(ledger.db, "D3", "cash_flow", "waiting for their customer")
    disputed = risk.cell_detail(ledger.db, AS_OF, disputed_only=True)
    assert [(i.number, i.cause, i.cause_note, i.disputed) for i in disputed] == [
        ("D2", DebtCause.QUALITY, "12 cartons broken", True)
    ]
    assert risk.disputed_by_key(ledger.db, AS_OF) == {"C1": (1, 20000)}
    risk.clear_cause(ledger.db, "D2")
    assert risk.disputed_by_key(ledger.db, AS_OF) == {}
    with pytest.raises(Rejected):
        risk.set_cause(ledger.db, "D2", "bad_luck")


def test_flags_warn_until_resolved(ledger: Books) -> None:
    flag = risk.add_flag(ledger.db, "C2", "closure", D("2026-09-01"), "shop closed, sign on the door")
    warnings = risk.early_warnings(ledger.db, AS_OF)
    assert [(w.customer, w.kind, w.suggested) for w in warnings] == [("C2", WarningKind.CLOSURE, DebtClass.BAD)]
    risk.resolve_flag(ledger.db, flag, D("2026-09-29"))
    assert risk.early_warnings(ledger.db, AS_OF) == []
    assert [f.resolved_on for f in risk.list_flags(ledger.db, "C2")] == [D("2026-09-29")]
    with pytest.raises(Rejected):
        risk.add_flag(ledger.db, "C2", "rumour", AS_OF, "x")


def test_over_the_credit_limit_from_the_ledger(books: Books) -> None:
    from decimal import Decimal

    books.customer("C1", credit_limit=Decimal("1000.00"))
    books.customer("C2", credit_limit=Decimal("1000.00"))
    books.delivery("D1", "C1", on="2026-09-01", amount="1000.01")
    books.delivery("D2", "C2", on="2026-09-01", amount="1000.00")
    warnings = risk.early_warnings(books.db, AS_OF)
    assert [(w.customer, w.kind) for w in warnings] == [("C1", WarningKind.OVER_LIMIT)]


def test_a_seasonal_spike_from_the_ledger(books: Books) -> None:
    books.customer("C1")
    books.customer("C2")
    for year in (2024, 2025):
        books.delivery(f"A{year}", "C1", on=f"{year}-09-10", amount="1000.00")
        books.delivery(f"B{year}", "C2", on=f"{year}-09-10", amount="1000.00")
    books.delivery("A2026", "C1", on="2026-09-10", amount="2600.00")  # > 2.5 × 1000.00
    books.delivery("B2026", "C2", on="2026-09-10", amount="2400.00")
    assert [(w.customer, w.kind) for w in risk.early_warnings(books.db, AS_OF)] == [("C1", WarningKind.PURCHASE_SPIKE)]
    risk.update_warning_settings(books.db, spike_factor="2")
    assert [w.customer for w in risk.early_warnings(books.db, AS_OF)] == ["C1", "C2"]
    with pytest.raises(Rejected):
        risk.update_warning_settings(books.db, spike_factor="0.9")


def test_paying_later_and_later_from_the_ledger(books: Books) -> None:
    books.customer("C1")  # net 30
    # Punctual in January and March (paid on the due date), then 5, 15, 30 days late in May, July, August.
    for number, delivered, paid in [
        ("D1", "2026-01-01", "2026-01-31"),
        ("D2", "2026-02-10", "2026-03-12"),
        ("D3", "2026-03-01", "2026-03-31"),
        ("D4", "2026-04-20", "2026-05-25"),
        ("D5", "2026-05-20", "2026-07-04"),
        ("D6", "2026-06-20", "2026-08-19"),
    ]:
        books.delivery(number, "C1", on=delivered, amount="100.00")
        books.payment("C1", on=paid, amount="100.00", applies_to=number)
    warnings = risk.early_warnings(books.db, AS_OF)
    assert [(w.kind, w.suggested) for w in warnings] == [(WarningKind.PAYING_LATER, DebtClass.DOUBTFUL)]
    assert risk.early_warnings(books.db, AS_OF, customer="OTHER") == []


def test_one_customers_warnings_are_its_share_of_everyones(books: Books) -> None:
    from decimal import Decimal

    books.customer("C1", credit_limit=Decimal("1000.00"))
    books.customer("C2", credit_limit=Decimal("1000.00"))
    for year in (2024, 2025):
        books.delivery(f"A{year}", "C1", on=f"{year}-09-10", amount="100.00")
        books.delivery(f"B{year}", "C2", on=f"{year}-09-10", amount="100.00")
    books.delivery("A2026", "C1", on="2026-09-10", amount="1000.01")  # a spike and over the limit
    books.delivery("B2026", "C2", on="2026-09-10", amount="1000.01")
    risk.add_flag(books.db, "C2", "relocation", D("2026-09-01"), "moved to the new market")
    everyone = risk.early_warnings(books.db, AS_OF)
    assert [(w.customer, w.kind) for w in everyone] == [
        ("C1", WarningKind.PURCHASE_SPIKE),
        ("C1", WarningKind.OVER_LIMIT),
        ("C2", WarningKind.PURCHASE_SPIKE),
        ("C2", WarningKind.OVER_LIMIT),
        ("C2", WarningKind.RELOCATION),
    ]
    for code in ("C1", "C2"):
        assert risk.early_warnings(books.db, AS_OF, customer=code) == [w for w in everyone if w.customer == code]
    assert risk.early_warnings(books.db, AS_OF, customer="NOPE") == []


def test_a_broken_payment_promise_is_among_the_warnings(books: Books) -> None:
    from decimal import Decimal

    from arddesk.services import followup

    books.customer("C1")
    books.delivery("D1", "C1", on="2026-08-01", amount="700.00")
    promise = ((D("2026-09-20"), Decimal("700.00")),)
    followup.log_contact(books.db, followup.ContactInput("C1", D("2026-09-10"), instalments=promise))
    assert [w.kind for w in risk.early_warnings(books.db, D("2026-09-20"))] == []
    assert [(w.customer, w.kind) for w in risk.early_warnings(books.db, AS_OF, customer="C1")] == [
        ("C1", WarningKind.BROKEN_PROMISE)
    ]
