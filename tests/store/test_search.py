"""Search by any part of a document number (trigram index), a customer's code, name or phone."""

from __future__ import annotations

from datetime import date

from arddesk.services.browse import DeliveryFilter, MoneyFilter, count_deliveries, delivery_page, money_page
from arddesk.store.search import like_pattern

TODAY = date(2026, 12, 1)


def numbers(db, text: str) -> list[str]:
    flt = DeliveryFilter(today=TODAY, text=text)
    rows = delivery_page(db, flt, sort="number")
    assert count_deliveries(db, flt) == len(rows)
    return [row.number for row in rows]


def test_a_number_is_found_by_any_part_of_it(db, books) -> None:
    books.customer("C1", name="Acme Trading", phone="021-5550 1234")
    books.customer("C2", name="Bolt & Nut")
    books.delivery("DN20260901-001", "C1", on="2026-09-01", amount="10.00")
    books.delivery("DN20260902-001", "C2", on="2026-09-02", amount="10.00")
    books.delivery("DN20261001-009", "C2", on="2026-10-01", amount="10.00")

    assert numbers(db, "0901") == ["DN20260901-001"]
    assert numbers(db, "dn2026090") == ["DN20260901-001", "DN20260902-001"]  # case aside
    assert numbers(db, "-009") == ["DN20261001-009"]
    assert numbers(db, "9") == ["DN20260901-001", "DN20260902-001", "DN20261001-009"]  # shorter than a trigram
    assert numbers(db, "5550 12") == ["DN20260901-001"]  # the customer's phone
    assert numbers(db, "bolt &") == ["DN20260902-001", "DN20261001-009"]  # the customer's name
    assert numbers(db, 'x"y') == []  # a quote cannot break the index's query
    assert numbers(db, "%") == []


def test_a_payment_number_is_found_by_any_part_of_it(db, books) -> None:
    books.customer("C1")
    posted = books.payment("C1", on="2026-09-03", amount="5.00")
    books.adjustment("C1", on="2026-09-04", amount="1.00")
    payment = next(row for row in money_page(db, MoneyFilter()) if row.source == "payment")
    assert payment.number == posted.number

    middle = payment.number[2:-1]
    assert len(middle) >= 3
    assert [row.number for row in money_page(db, MoneyFilter(text=middle.lower()))] == [payment.number]


def test_a_refund_number_is_found_by_any_part_of_it(db, books) -> None:
    from decimal import Decimal

    from arddesk.services import ledger

    books.customer("C1")
    books.payment("C1", on="2026-09-03", amount="5.00", applies_to="none")
    ledger.record_refund(db, ledger.MoneyInput("C1", date(2026, 9, 5), Decimal("2.00"), "cash", "RF-0042"))

    assert [(row.source, row.number) for row in money_page(db, MoneyFilter(text="f-004"))] == [("refund", "RF-0042")]


def test_a_like_pattern_takes_wildcards_literally() -> None:
    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"


def test_a_part_found_in_very_many_numbers_is_found_without_the_index(db, books, monkeypatch) -> None:
    from arddesk.store import search

    books.customer("C1")
    for n in range(1, 5):
        books.delivery(f"DN2026-{n}", "C1", on="2026-09-01", amount="10.00")
    assert numbers(db, "2026-") == ["DN2026-1", "DN2026-2", "DN2026-3", "DN2026-4"]
    monkeypatch.setattr(search, "MOST_FROM_INDEX", 3)
    assert numbers(db, "2026-") == ["DN2026-1", "DN2026-2", "DN2026-3", "DN2026-4"]
    assert numbers(db, "6-4") == ["DN2026-4"]


def test_numbers_written_by_an_import_are_found_and_new_ones_after_it_too(db, books, tmp_path) -> None:
    from arddesk.services import importing

    books.customer("C1")
    source = tmp_path / "deliveries.csv"
    source.write_text(
        "number,customer,date,amount\nIMP-0901-A,C1,2026-09-01,10.00\nIMP-0902-B,C1,2026-09-02,20.00\n",
        encoding="utf-8",
    )
    importing.import_file(db, "deliveries", source)
    books.delivery("ONE-0901-C", "C1", on="2026-09-03", amount="5.00")  # one at a time, after the import

    assert numbers(db, "0901") == ["IMP-0901-A", "ONE-0901-C"]
    assert numbers(db, "902-b") == ["IMP-0902-B"]


def test_a_stopped_import_leaves_single_documents_indexed(db, books, tmp_path) -> None:
    import pytest

    from arddesk.services import importing

    books.customer("C1")
    source = tmp_path / "deliveries.csv"
    source.write_text("number,customer,date,amount\nIMP-0901-A,C1,2026-09-01,10.00\n", encoding="utf-8")

    def stop(step: int, steps: int) -> None:
        if step == steps:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        importing.import_file(db, "deliveries", source, stop)
    books.delivery("ONE-0901-C", "C1", on="2026-09-03", amount="5.00")

    assert numbers(db, "0901") == ["ONE-0901-C"]
