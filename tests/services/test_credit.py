"""The credit check before a delivery, limits with history, and the override log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arddesk import text
from arddesk.services import audit, browse, credit, ledger
from arddesk.services.credit import CreditRules, Outcome
from arddesk.services.errors import Rejected
from arddesk.services.ledger import DeliveryInput
from arddesk.text.messages import error_text, message_text


def delivery(number: str, customer: str = "C1", on: str = "2026-03-31", amount: str = "100.00") -> DeliveryInput:
    return DeliveryInput(number, customer, date.fromisoformat(on), Decimal(amount))


def test_over_limit_blocks_and_says_by_how_much(db, books):
    books.customer("C1", credit_limit=Decimal("1000.00"))
    books.delivery("D1", "C1", on="2026-03-01", amount="800.00")

    check = credit.check_delivery(db, "C1", Decimal("300.00"), date(2026, 3, 2))

    assert check.outcome is Outcome.BLOCK
    assert check.exposure == 110000
    assert [f.rule for f in check.findings] == ["over_limit"]
    assert "by 100.00" in message_text(check.findings[0].message)


def test_within_limit_is_allowed(db, books):
    books.customer("C1", credit_limit=Decimal("1000.00"))
    books.delivery("D1", "C1", on="2026-03-01", amount="800.00")

    assert credit.check_delivery(db, "C1", Decimal("200.00"), date(2026, 3, 2)).outcome is Outcome.ALLOW


def test_unapplied_credit_lowers_the_exposure(db, books):
    books.customer("C1", credit_limit=Decimal("1000.00"))
    books.payment("C1", on="2026-03-01", amount="500.00")

    check = credit.check_delivery(db, "C1", Decimal("1400.00"), date(2026, 3, 2))

    assert check.balance == -50000
    assert check.outcome is Outcome.ALLOW


def test_overdue_past_n_days_warns_by_default(db, books):
    books.customer("C1")  # net 30
    books.delivery("D1", "C1", on="2026-01-01", amount="100.00")  # due 2026-01-31

    on_day_30 = credit.check_delivery(db, "C1", Decimal("1.00"), date(2026, 3, 2))  # 30 days overdue: not yet
    on_day_31 = credit.check_delivery(db, "C1", Decimal("1.00"), date(2026, 3, 3))

    assert on_day_30.findings == ()
    assert [(f.rule, f.outcome) for f in on_day_31.findings] == [("overdue", Outcome.WARN)]
    assert "100.00 is overdue more than 30 days (oldest 31 days)" in message_text(on_day_31.findings[0].message)


def test_rules_are_set_per_company(db, books):
    books.customer("C1", credit_limit=Decimal("10.00"))
    credit.save_credit_rules(db, CreditRules(over_limit="warn", overdue_days=5))

    check = credit.check_delivery(db, "C1", Decimal("50.00"), date(2026, 3, 2))

    assert credit.load_credit_rules(db).overdue_days == 5
    assert check.outcome is Outcome.WARN


def test_bad_rule_setting_is_refused(db):
    with pytest.raises(Rejected) as raised:
        credit.save_credit_rules(db, CreditRules(overdue="maybe"))
    assert raised.value.problems[0].column == "overdue"


def test_previous_batch_unpaid_blocks_a_batch_customer(db, books):
    books.terms("B", "batch")
    books.customer("C1", terms="B")
    books.delivery("D1", "C1", on="2026-03-01", amount="100.00")

    check = credit.check_delivery(db, "C1", Decimal("100.00"), date(2026, 3, 10))
    books.payment("C1", on="2026-03-05", amount="100.00")
    after_payment = credit.check_delivery(db, "C1", Decimal("100.00"), date(2026, 3, 10))

    assert [(f.rule, f.outcome) for f in check.findings] == [("batch_unpaid", Outcome.BLOCK)]
    assert "D1" in message_text(check.findings[0].message)
    assert after_payment.findings == ()


def test_stop_supply_blocks(db, books):
    books.customer("C1")
    credit.set_credit_limit(db, "C1", None, "stopped after the third reminder", hold="stop")

    check = credit.check_delivery(db, "C1", Decimal("1.00"), date(2026, 3, 2))

    assert [(f.rule, f.outcome) for f in check.findings] == [("stop_supply", Outcome.BLOCK)]


def test_a_block_without_reason_saves_nothing(db, books):
    books.customer("C1", credit_limit=Decimal("50.00"))

    with pytest.raises(Rejected) as raised:
        credit.record_delivery_checked(db, delivery("D1"))

    assert "write the reason" in raised.value.problems[0].reason
    assert browse.delivery(db, "D1", date(2026, 4, 1)) is None
    assert credit.override_log(db) == []


def test_an_override_with_reason_is_saved_and_logged(db, books):
    books.customer("C1", credit_limit=Decimal("50.00"))

    credit.record_delivery_checked(db, delivery("D1", amount="100.00"), override_reason="owner agreed by phone")

    [entry] = credit.override_log(db)
    assert (entry.customer, entry.delivery_number, entry.amount, entry.exposure, entry.credit_limit) == (
        "C1",
        "D1",
        10000,
        10000,
        5000,
    )
    assert entry.rules == "over_limit"
    assert entry.reason == "owner agreed by phone"
    assert entry.overridden_by
    assert browse.delivery(db, "D1", date(2026, 4, 1)).amount == 10000


def test_a_warning_saves_without_reason_and_is_not_logged(db, books):
    books.customer("C1", credit_limit=Decimal("50.00"))
    credit.save_credit_rules(db, CreditRules(over_limit="warn"))

    check = credit.record_delivery_checked(db, delivery("D1", amount="100.00"))

    assert check.outcome is Outcome.WARN
    assert credit.override_log(db) == []


def test_bad_delivery_fields_are_rejected_even_with_a_reason(db, books):
    books.customer("C1", credit_limit=Decimal("50.00"))
    books.delivery("D1", "C1", on="2026-03-01", amount="10.00")

    with pytest.raises(Rejected) as raised:
        credit.record_delivery_checked(db, delivery("D1", amount="100.00"), override_reason="ok")

    assert raised.value.problems[0].column == "number"
    assert credit.override_log(db) == []


def test_limit_change_needs_a_reason_and_is_kept(db, books):
    books.customer("C1", credit_limit=Decimal("1000.00"))

    with pytest.raises(Rejected):
        credit.set_credit_limit(db, "C1", Decimal("2000.00"), "  ")
    credit.set_credit_limit(db, "C1", Decimal("2000.00"), "paid on time for a year")

    history = credit.credit_history(db, "C1")
    assert [(h.field, h.old_value, h.new_value, h.reason) for h in history] == [
        ("limit", "1000.00", "2000.00", "paid on time for a year"),
    ]
    assert browse.customer(db, "C1", date(2026, 1, 1)).credit_limit == 200000


def test_new_customer_records_its_first_limit(db, books):
    credit.save_customer_with_history(db, credit.CustomerInput("C9", "New shop", "N30", credit_limit=Decimal("300.00")))

    [entry] = credit.credit_history(db, "C9")
    assert (entry.old_value, entry.new_value, entry.reason) == ("", "300.00", "new customer")


def test_a_credit_limit_above_the_largest_document_is_refused(books) -> None:  # type: ignore[no-untyped-def]
    books.customer("C1")
    with pytest.raises(Rejected) as raised:
        credit.set_credit_limit(books.db, "C1", Decimal("1000000000000.00"), "a big order is coming")
    assert [(p.column, p.reason) for p in raised.value.problems] == [
        ("credit_limit", "must not be more than 999,999,999,999.99")
    ]
    credit.set_credit_limit(books.db, "C1", Decimal("999999999999.99"), "the largest there is")


# ---------------------------------------------------------------- the batch rule (送二结一), any earlier batch


@pytest.fixture
def rolling(db, books):
    """Issue 13: B-1 (1,000.00) and B-2 (800.00) went to a deliver-two-settle-one customer; B-2 is paid, B-1 not."""
    books.terms("B", "batch")
    books.customer("C1", terms="B")
    books.delivery("B-1", "C1", on="2026-03-01", amount="1000.00")  # due when B-2 went out: 2026-03-11
    books.delivery("B-2", "C1", on="2026-03-11", amount="800.00")
    books.payment("C1", on="2026-03-12", amount="800.00", applies_to="B-2")
    return books


def test_a_third_batch_is_stopped_while_the_first_is_unpaid_though_the_second_is_paid(db, rolling):
    check = credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 21))  # B-1 only 10 days overdue

    assert [(f.rule, f.outcome) for f in check.findings] == [("batch_unpaid", Outcome.BLOCK)]
    assert message_text(check.findings[0].message) == (
        "1 earlier batch still has 1,000.00 open, the oldest B-1 of 2026-03-01 "
        "(deliver two, settle one: each batch is settled before the next goes out)"
    )
    with pytest.raises(Rejected):
        credit.record_delivery_checked(db, delivery("B-3", on="2026-03-21", amount="500.00"))
    assert browse.delivery(db, "B-3", date(2026, 4, 1)) is None


def test_every_unpaid_earlier_batch_is_counted_and_the_oldest_named(db, rolling):
    rolling.delivery("B-3", "C1", on="2026-03-21", amount="300.00")  # recorded through the ledger, unchecked

    check = credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 31))

    assert "2 earlier batches still have 1,300.00 open, the oldest B-1 of 2026-03-01" in message_text(
        check.findings[0].message
    )


def test_the_batch_rule_warns_when_the_company_says_warn_and_a_block_is_overridden_with_a_reason(db, rolling):
    credit.save_credit_rules(db, CreditRules(batch_unpaid="warn"))
    warned = credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 21))
    credit.save_credit_rules(db, CreditRules())

    credit.record_delivery_checked(
        db, delivery("B-3", on="2026-03-21", amount="500.00"), override_reason="B-1 cheque promised for Friday"
    )

    assert [(f.rule, f.outcome) for f in warned.findings] == [("batch_unpaid", Outcome.WARN)]
    [entry] = credit.override_log(db)
    assert (entry.delivery_number, entry.rules) == ("B-3", "batch_unpaid")
    assert entry.reason == "B-1 cheque promised for Friday"


def test_a_batch_whose_own_due_date_is_later_is_not_yet_owed(db, books):
    books.terms("B", "batch")
    books.customer("C1", terms="B")
    books.delivery("B-1", "C1", on="2026-03-01", amount="1000.00", due_date=date(2026, 4, 30))

    assert credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 21)).findings == ()
    assert credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 5, 1)).findings[0].rule == "batch_unpaid"


def test_credit_that_will_settle_the_earlier_batch_lets_the_next_one_go(db, rolling):
    rolling.payment("C1", on="2026-03-20", amount="1000.00", applies_to="none")  # kept as credit by the clerk

    check = credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 21))
    credit.record_delivery_checked(db, delivery("B-3", on="2026-03-21", amount="500.00"))

    assert check.findings == ()
    assert browse.delivery(db, "B-1", date(2026, 4, 1)).open_amount == 0  # the credit settled B-1 as B-3 went out


def test_credit_kept_for_the_customer_does_not_settle_the_earlier_batch(db, rolling):
    rolling.payment("C1", on="2026-03-20", amount="600.00", applies_to="none")
    ledger.save_auto_apply(db, ledger.AutoApply(kept=("C1",)))

    kept = credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 21))
    ledger.save_auto_apply(db, ledger.AutoApply())
    applied = credit.check_delivery(db, "C1", Decimal("500.00"), date(2026, 3, 21))

    assert "1,000.00 open" in message_text(kept.findings[0].message)
    assert "400.00 open (1,000.00 less 600.00 of unapplied credit)" in message_text(applied.findings[0].message)


# ---------------------------------------------------------------- graduated pressure (seed 001 §8)


@pytest.fixture
def restricted(db, books):
    """C1, net 30, restricted by the owner with a cap of 2,000.00 per delivery."""
    books.customer("C1")
    credit.set_credit_limit(db, "C1", None, "pays late: smaller batches", hold="restricted", cap=Decimal("2000.00"))
    return books


def test_a_restricted_customer_within_its_cap_and_terms_is_only_reminded(db, restricted):
    check = credit.check_delivery(db, "C1", Decimal("2000.00"), date(2026, 3, 2))

    assert [(f.rule, f.outcome) for f in check.findings] == [("restricted", Outcome.WARN)]
    assert "at most 2,000.00 per delivery" in message_text(check.findings[0].message)


def test_a_delivery_over_the_cap_is_blocked_naming_the_amounts(db, restricted):
    check = credit.check_delivery(db, "C1", Decimal("2500.00"), date(2026, 3, 2))

    assert [(f.rule, f.outcome) for f in check.findings] == [("restricted", Outcome.BLOCK)]
    assert "2,500.00 is over its cap of 2,000.00 per delivery by 500.00" in message_text(check.findings[0].message)


def test_promotional_terms_a_due_date_later_than_the_terms_is_blocked(db, restricted):
    # net 30 from 2026-03-02 gives 2026-04-01; a due date of 2026-05-01 is a promotional 30 days more
    later = credit.check_delivery(db, "C1", Decimal("100.00"), date(2026, 3, 2), date(2026, 5, 1))
    earlier = credit.check_delivery(db, "C1", Decimal("100.00"), date(2026, 3, 2), date(2026, 3, 20))

    assert [(f.rule, f.outcome) for f in later.findings] == [("restricted", Outcome.BLOCK)]
    assert "2026-05-01 is 30 days later than its terms give (2026-04-01)" in message_text(later.findings[0].message)
    assert [(f.rule, f.outcome) for f in earlier.findings] == [("restricted", Outcome.WARN)]


def test_the_restricted_rule_warns_when_the_company_says_so_and_a_block_is_overridden(db, restricted):
    blocked = DeliveryInput("D1", "C1", date(2026, 3, 2), Decimal("3000.00"))
    with pytest.raises(Rejected):
        credit.record_delivery_checked(db, blocked)
    credit.record_delivery_checked(db, blocked, override_reason="owner allows one larger order")
    [entry] = credit.override_log(db)
    assert (entry.rules, entry.reason) == ("restricted", "owner allows one larger order")

    credit.save_credit_rules(db, CreditRules(restricted="warn"))
    check = credit.record_delivery_checked(db, DeliveryInput("D2", "C1", date(2026, 3, 3), Decimal("3000.00")))
    assert check.outcome is Outcome.WARN and len(credit.override_log(db)) == 1


def test_the_cap_is_set_with_the_hold_kept_in_the_history_and_dropped_when_no_longer_restricted(db, restricted):
    with pytest.raises(Rejected) as refused:
        credit.set_credit_limit(db, "C1", None, "x", hold="normal", cap=Decimal("10.00"))
    assert refused.value.problems[0].reason == "only a restricted customer has a cap per delivery"

    credit.set_credit_limit(db, "C1", None, "paid up", hold="normal")

    assert browse.customer(db, "C1", date(2026, 3, 2)).delivery_cap is None
    changes = [(c.field, c.old_value, c.new_value, c.reason) for c in credit.credit_history(db, "C1")]
    assert ("cap", "", "2000.00", "pays late: smaller batches") in changes
    assert ("cap", "2000.00", "", "paid up") in changes
    trail = [(e.field, e.old, e.new) for e in audit.history(db, "customer", "C1") if e.field == "delivery_cap"]
    assert trail[-2:] == [("delivery_cap", "", "200000"), ("delivery_cap", "200000", "")]  # cents, as sealed


def test_a_block_is_refused_in_the_clerks_language(db, books):
    books.customer("C1", credit_limit=Decimal("50.00"))

    with pytest.raises(Rejected) as raised:
        credit.record_delivery_checked(db, delivery("D1"))

    assert error_text(raised.value) == (
        "Nothing was saved:\n• blocked: over the credit limit by 50.00 (balance 0.00 + this delivery "
        "100.00 = 100.00, limit 50.00). To deliver anyway, write the reason for the override."
    )
    text.use_language("zh_CN")
    assert error_text(raised.value) == (
        "未保存任何内容：\n• 已拦截：超出信用额度 50.00（余额 0.00 + 本次发货 100.00 = 100.00，"
        "信用额度 50.00）。如仍要发货，请填写放行原因。"
    )
