"""Every table model through pytest-qt's model tester, and the roles the views rely on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from arddesk.services import audit, browse, credit
from arddesk.services import ledger as books_service
from arddesk.services.browse import CustomerFilter, DeliveryFilter, MoneyFilter
from arddesk.ui.pages.audit.models import AuditFilter, AuditModel
from arddesk.ui.pages.credit.models import CreditModel, HistoryModel, OverrideModel
from arddesk.ui.pages.customers.models import CustomerModel, LedgerModel
from arddesk.ui.pages.deliveries.models import DeliveryModel
from arddesk.ui.pages.documents.models import AllocationModel, DocumentHistoryModel
from arddesk.ui.pages.payments.models import MoneyModel
from arddesk.ui.widgets.tablemodel import ROW_ROLE, SORT_ROLE

TODAY = date(2026, 6, 30)


@pytest.fixture
def ledger(db, books):
    books.customer("C1", name="上海华联", credit_limit=Decimal("1000.00"), rep="R1")
    books.customer("C2", name="Beta")
    for day in range(1, 29):
        books.delivery(f"D{day:02d}", "C1" if day % 2 else "C2", on=f"2026-02-{day:02d}", amount=f"{day}0.00")
    books.payment("C1", on="2026-03-01", amount="100.00")
    books.adjustment("C2", on="2026-03-02", amount="5.00")
    credit.set_credit_limit(db, "C2", Decimal("10.00"), "new policy")
    credit.record_delivery_checked(
        db, credit.DeliveryInput("D99", "C2", date(2026, 3, 3), Decimal("50.00")), override_reason="owner agreed"
    )
    return db


def windowed(model, db, flt, page=5, count_in_background=False):
    model.PAGE = page
    model.MAX_PAGES = 2
    model.count_in_background = count_in_background
    model.db = db
    model.set_filter(flt)
    return model


@pytest.mark.parametrize(
    ("model_class", "flt"),
    [
        (CustomerModel, CustomerFilter(today=TODAY)),
        (CreditModel, CustomerFilter(today=TODAY)),
        (DeliveryModel, DeliveryFilter(today=TODAY)),
        (MoneyModel, MoneyFilter()),
        (AuditModel, AuditFilter()),
        (AuditModel, AuditFilter(search="D0")),
    ],
)
def test_windowed_models_pass_the_model_tester(qtmodeltester, ledger, model_class, flt):
    model = windowed(model_class(), ledger, flt)

    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_list_models_pass_the_model_tester(qtmodeltester, ledger):
    payment = browse.money_page(ledger, MoneyFilter(source="payment"))[0].number
    books_service.void_document(ledger, "payment", payment, "cheque bounced", on=date(2026, 3, 5))
    for model, rows in (
        (LedgerModel(), browse.customer_summary(ledger, "C1", TODAY).ledger),
        (OverrideModel(), credit.override_log(ledger)),
        (HistoryModel(), credit.credit_history(ledger)),
        (AllocationModel(), list(books_service.document(ledger, "payment", payment).allocations)),
        (DocumentHistoryModel(), audit.history(ledger, "payment", payment)),
    ):
        model.set_rows(rows)
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_delivery_model_pages_through_every_row_once(ledger):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY), page=4)

    numbers = [model.index(row, 1).data() for row in range(model.rowCount())]

    assert model.rowCount() == 29
    assert numbers == sorted(numbers, reverse=True)  # the newest first
    assert len(model._pages) <= model.MAX_PAGES


def test_roles_give_display_text_raw_values_and_the_row(ledger):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY))
    amount = model.index(1, model.column_index("amount"))  # the newest first: D99, then D28
    day = model.index(1, model.column_index("date"))

    assert amount.data() == "280.00"
    assert amount.data(SORT_ROLE) == Decimal("280.00")
    assert day.data(SORT_ROLE) == date(2026, 2, 28)
    assert amount.data(ROW_ROLE).number == "D28"
    assert amount.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_sort_runs_in_sql(ledger):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY))

    model.sort(model.column_index("amount"), Qt.SortOrder.DescendingOrder)

    assert [model.index(row, 1).data() for row in range(3)] == ["D28", "D27", "D26"]
    assert model.index(model.rowCount() - 1, 1).data() == "D01"


def test_overdue_and_over_limit_rows_are_marked(ledger):
    deliveries = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY))
    customers = windowed(CustomerModel(), ledger, CustomerFilter(today=TODAY))

    status = deliveries.column_index("status")
    assert deliveries.row_at(27).overdue
    assert deliveries.index(27, status).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert deliveries.index(27, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert customers.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert customers.mark(customers.row_at(1)) == "over_limit"  # C2: limit 10.00


def test_export_rows_follow_the_filter(ledger):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY, customer="C2"))

    headers, rows = model.export_rows()

    assert headers[:3] == ["Date", "Number", "Customer"]
    assert len(rows) == model.rowCount() == 15
    assert {row[2] for row in rows} == {"C2"}


def test_a_vanished_database_is_reported_once(ledger, tmp_path):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY))
    failures = []
    model.failed.connect(failures.append)
    model.fetch_page = lambda offset, limit: (_ for _ in ()).throw(OSError("disk gone"))
    model._pages.clear()

    assert model.index(0, 0).data() is None
    assert model.index(10, 0).data() is None
    assert len(failures) == 1


def test_first_page_shows_at_once_and_the_count_follows(qtbot, ledger):
    model = DeliveryModel()
    counts = []
    model.counted.connect(counts.append)

    with qtbot.waitSignal(model.counted, timeout=5000):
        windowed(model, ledger, DeliveryFilter(today=TODAY), page=5, count_in_background=True)
        assert (model.rowCount(), model.is_counting) == (5, True)

    assert (model.rowCount(), model.is_counting, counts) == (29, False, [29])
    assert model.index(0, 1).data() == "D99"  # the newest first


def test_a_count_for_an_old_filter_is_dropped(qtbot, ledger):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY), page=5, count_in_background=True)
    model.set_filter(DeliveryFilter(today=TODAY, customer="C1"))

    with qtbot.waitSignal(model.counted, timeout=5000):
        pass
    model.wait_for_count()

    assert model.rowCount() == 14


def test_delivery_search_finds_numbers_by_their_beginning(ledger):
    model = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY, text="d2"), page=50)

    assert [model.row_at(r).number for r in range(model.rowCount())] == [f"D{n}" for n in range(28, 19, -1)]


def test_void_documents_are_struck_through_and_say_void(ledger):
    books_service.void_document(ledger, "delivery", "D03", "entered twice", on=date(2026, 3, 5))
    payment = browse.money_page(ledger, MoneyFilter(source="payment"))[0].number
    books_service.void_document(ledger, "payment", payment, "cheque bounced", on=date(2026, 3, 5))
    deliveries = windowed(DeliveryModel(), ledger, DeliveryFilter(today=TODAY, text="D03"))
    money = windowed(MoneyModel(), ledger, MoneyFilter(source="payment"))
    lines = LedgerModel()
    lines.set_rows(browse.customer_summary(ledger, "C1", TODAY).ledger)
    released = AllocationModel()
    released.set_rows(list(books_service.document(ledger, "payment", payment).allocations))

    assert deliveries.index(0, deliveries.column_index("status")).data() == "void"
    assert money.index(0, money.column_index("status")).data() == "void"
    for model in (deliveries, money, released):
        assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
        assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    font = Qt.ItemDataRole.FontRole
    struck = [lines.index(r, 2).data() for r in range(lines.rowCount()) if lines.index(r, 0).data(font)]
    assert struck == ["D03", payment]
    assert released.index(0, len(released.columns) - 1).data() == "2026-03-05"  # released on


def test_the_audit_model_reads_newest_first_a_page_at_a_time(ledger):
    model = windowed(AuditModel(), ledger, AuditFilter(), page=5)

    newest = [model.row_at(r).id for r in range(model.rowCount())]

    assert model.rowCount() == audit.count_audit_rows(ledger) > 30
    assert newest == sorted(newest, reverse=True)
    assert len(model._pages) <= model.MAX_PAGES
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).id == min(newest)
    model.set_filter(AuditFilter(search="D05"))
    assert [model.row_at(r).record for r in range(model.rowCount())] == ["D05"]
