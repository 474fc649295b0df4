"""Windowed reads for the grids: counts, pages, sorting and filters in SQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arddesk.services import browse
from arddesk.services.browse import CustomerFilter, DeliveryFilter, MoneyFilter

TODAY = date(2026, 6, 30)


def log(db, flt=None, **kwargs):
    flt = flt or DeliveryFilter(today=TODAY)
    total = browse.count_deliveries(db, flt)
    return [row.number for row in browse.delivery_page(db, flt, total=total, **kwargs)]


def make_ledger(books):
    books.customer("C1", name="Alpha 华联", rep="R1", credit_limit=Decimal("1000.00"), phone="021-1")
    books.customer("C2", name="Beta", rep="R2", grade="A")
    books.delivery("D1", "C1", on="2026-01-10", amount="500.00")  # due 02-09, overdue
    books.delivery("D2", "C2", on="2026-06-20", amount="300.00")  # due 07-20, not due
    books.delivery("D3", "C1", on="2026-06-01", amount="800.00")  # due 07-01, not due
    books.payment("C1", on="2026-02-01", amount="200.00")  # D1: 300 open


def test_delivery_log_sorts_in_sql(db, books):
    make_ledger(books)

    assert log(db) == ["D1", "D3", "D2"]
    assert log(db, sort="amount", descending=True) == ["D3", "D1", "D2"]
    assert log(db, sort="customer") == ["D1", "D3", "D2"]


def test_delivery_windows_are_read_from_either_end_alike(db, books):
    books.customer("C1")
    for day in range(1, 29):
        books.delivery(f"D{day:02d}", "C1", on=f"2026-02-{day:02d}", amount="1.00")
    flt = DeliveryFilter(today=TODAY)
    everything = [r.number for r in browse.delivery_page(db, flt, limit=100)]

    windows = [
        [r.number for r in browse.delivery_page(db, flt, offset=offset, limit=5, total=28)]
        for offset in range(0, 28, 5)
    ]

    assert [number for window in windows for number in window] == everything
    assert windows[-1] == ["D26", "D27", "D28"]


def test_delivery_filters(db, books):
    make_ledger(books)

    assert log(db, DeliveryFilter(today=TODAY, state="overdue")) == ["D1"]
    assert log(db, DeliveryFilter(today=TODAY, state="open")) == ["D1", "D3", "D2"]
    assert log(db, DeliveryFilter(today=TODAY, customer="C2")) == ["D2"]
    assert log(db, DeliveryFilter(today=TODAY, rep="R1")) == ["D1", "D3"]
    assert log(db, DeliveryFilter(today=TODAY, date_from=date(2026, 6, 1), date_to=date(2026, 6, 19))) == ["D3"]
    assert log(db, DeliveryFilter(today=TODAY, text="华联")) == ["D1", "D3"]
    assert log(db, DeliveryFilter(today=TODAY, text="%")) == []


def test_delivery_row_status(db, books):
    make_ledger(books)

    rows = {r.number: r for r in browse.delivery_page(db, DeliveryFilter(today=TODAY))}

    assert (rows["D1"].open_amount, rows["D1"].status) == (30000, "overdue")
    assert rows["D3"].status == "open"


def test_customer_balances_and_credit(db, books):
    make_ledger(books)

    [c1] = browse.customer_page(db, CustomerFilter(today=TODAY, text="alpha"))

    assert (c1.open_amount, c1.overdue, c1.balance) == (110000, 30000, 110000)
    assert (c1.available, c1.use_percent, c1.over_limit) == (-10000, 110.0, True)


def test_customer_filters(db, books):
    make_ledger(books)

    def codes(**kwargs):
        flt = CustomerFilter(today=TODAY, **kwargs)
        rows = [r.code for r in browse.customer_page(db, flt)]
        assert browse.count_customers(db, flt) == len(rows)
        return rows

    assert codes() == ["C1", "C2"]
    assert codes(over_limit=True) == ["C1"]
    assert codes(grade="A") == ["C2"]
    assert codes(rep="R1") == ["C1"]
    assert codes(text="021") == ["C1"]
    assert codes(hold="on_hold") == []


def test_customer_sort_by_balance(db, books):
    make_ledger(books)

    rows = browse.customer_page(db, CustomerFilter(today=TODAY), sort="balance", descending=True)

    assert [r.code for r in rows] == ["C1", "C2"]


def test_payments_and_adjustments_list(db, books):
    make_ledger(books)
    books.adjustment("C2", on="2026-06-25", amount="10.00", kind="discount")
    books.payment("C2", on="2026-06-26", amount="1000.00")  # 710 unapplied

    everything = browse.money_page(db, MoneyFilter())
    unapplied = browse.money_page(db, MoneyFilter(unapplied_only=True))

    assert [(r.source, r.customer, r.amount) for r in everything] == [
        ("payment", "C1", 20000),
        ("adjustment", "C2", 1000),
        ("payment", "C2", 100000),
    ]
    assert [(r.customer, r.unapplied) for r in unapplied] == [("C2", 71000)]
    assert browse.count_money(db, MoneyFilter(source="adjustment")) == 1


def test_customer_summary_has_ledger_with_running_balance(db, books):
    make_ledger(books)

    summary = browse.customer_summary(db, "C1", TODAY)

    assert [(line.number, line.amount, line.balance) for line in summary.ledger] == [
        ("D1", 50000, 50000),
        ("PAY0000001", -20000, 30000),
        ("D3", 80000, 110000),
    ]
    assert summary.last_payment == (date(2026, 2, 1), 20000)


def test_allocation_preview_matches_the_ledger_rule(db, books):
    make_ledger(books)
    lines = browse.open_deliveries(db, "C1")

    oldest_first = browse.allocation_preview(lines, Decimal("400.00"))
    chosen = browse.allocation_preview(lines, Decimal("400.00"), "D3=250.00")
    too_much = browse.allocation_preview(lines, Decimal("100.00"), "D3=250.00")

    assert (oldest_first.applied, oldest_first.unapplied) == ({"D1": 30000, "D3": 10000}, 0)
    assert (chosen.applied, chosen.unapplied) == ({"D3": 25000}, 15000)
    assert too_much.problem


def test_a_void_document_stays_in_the_lists_marked_void(db, books):
    from arddesk.services import ledger

    make_ledger(books)
    ledger.void_document(db, "delivery", "D2", "entered twice", on=date(2026, 6, 25))
    [payment] = browse.money_page(db, MoneyFilter(source="payment"))
    ledger.void_document(db, "payment", payment.number, "cheque bounced", on=date(2026, 3, 1))

    rows = {r.number: r for r in browse.delivery_page(db, DeliveryFilter(today=TODAY))}
    money = browse.money_page(db, MoneyFilter())

    assert (rows["D2"].voided_on, rows["D2"].status, rows["D2"].open_amount) == (date(2026, 6, 25), "void", 0)
    assert rows["D1"].voided_on is None and rows["D1"].open_amount == 50000
    assert [(m.number, m.voided_on, m.status) for m in money] == [(payment.number, date(2026, 3, 1), "void")]
    assert log(db, DeliveryFilter(today=TODAY, state="void")) == ["D2"]
    assert log(db, DeliveryFilter(today=TODAY, state="open")) == ["D1", "D3"]
    assert log(db, sort="status") == ["D2", "D3", "D1"]  # void, open, overdue


def test_the_ledger_takes_a_void_document_back_out_on_the_day_of_the_void(db, books):
    from arddesk.services import ledger

    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="100.00")
    posted = books.payment("C1", on="2026-03-05", amount="100.00")
    ledger.void_document(db, "payment", posted.number, "cheque bounced", on=date(2026, 3, 20))

    lines = browse.customer_summary(db, "C1", TODAY).ledger

    assert [(str(x.date), x.kind, x.source, x.amount, x.balance, x.text) for x in lines] == [
        ("2026-03-01", "delivery", "delivery", 10000, 10000, ""),
        ("2026-03-05", "payment transfer", "payment", -10000, 0, ""),
        ("2026-03-20", "void", "payment", 10000, 10000, "cheque bounced"),
    ]
    assert [x.voided_on for x in lines] == [None, date(2026, 3, 20), date(2026, 3, 20)]
    assert lines[-1].balance == browse.customer(db, "C1", TODAY).balance
