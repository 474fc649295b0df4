from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QMessageBox, QPushButton

from arddesk.services import plan
from arddesk.store.db import Database
from arddesk.ui.pages.plan.page import PlanPage
from tests.conftest import Books


@pytest.fixture
def page(qtbot, db: Database, books: Books, messages: list[str]) -> PlanPage:
    books.customer("C1", name="Alpha Trading", rep="R1", settlement_days="15")
    books.customer("C2", name="Beta Stores", rep="R1")
    books.delivery("D1", "C1", on="2026-10-01", amount="5000.00")
    books.delivery("D2", "C2", on="2026-09-01", amount="800.00")
    books.payment("C1", on="2026-12-03", amount="1000.00")
    widget = PlanPage(date(2026, 12, 1))
    qtbot.addWidget(widget)
    widget.set_database(db)
    widget.show()
    qtbot.waitUntil(lambda: widget.priority_model.rowCount() == 2)
    return widget


def test_models_pass_the_model_tester(page: PlanPage, qtmodeltester) -> None:
    models = (page.target_model, page.progress_model, page.customer_target_model, page.priority_model,
              page.schedule_model)  # fmt: skip
    for model in models:
        qtmodeltester.check(model)


def test_owner_sets_a_target_and_sees_progress(qtbot, page: PlanPage) -> None:
    assert page.period.text() == "2027-01"
    page.period.clear()
    qtbot.keyClicks(page.period, "2026-12")
    qtbot.keyClick(page.period, Qt.Key.Key_Return)
    page.target_kind.setCurrentIndex(0)
    qtbot.keyClicks(page.target_amount, "4000")
    qtbot.mouseClick(page.findChild(QPushButton, "setTarget"), Qt.MouseButton.LeftButton)
    assert page.target_model.rowCount() == 1
    rep_line = page.progress_model.rows[0]
    assert (rep_line.key, rep_line.target, rep_line.collected) == ("R1", 400_000, 100_000)
    assert page.progress_model.data(page.progress_model.index(0, 5)) == "25.0 %"
    assert page.chart.bars[0][1] == 400_000


def test_priorities_search_and_explain(qtbot, page: PlanPage) -> None:
    assert page.priority_model.rows[0].code == "C2"  # 61 days overdue outranks 31
    qtbot.keyClicks(page.search, "alpha")
    assert [p.code for p in page.priority_model.rows] == ["C1"]
    page.priority_table.setCurrentIndex(page.priority_model.index(0, 0))
    assert "31 days overdue (× 0.2 a day) = 6.20" in page.explanation.text()


def test_clerk_makes_moves_and_drops_schedule_entries(
    qtbot, page: PlanPage, messages: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page.tabs.setCurrentIndex(2)
    page.start.setText("2026-12-01")
    qtbot.mouseClick(page.findChild(QPushButton, "makeSchedule"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.schedule_model.rowCount() == 2)
    days = {e.customer: e.planned_on for e in page.schedule_model.rows}
    assert days["C1"] == date(2026, 12, 15)
    row = next(i for i, e in enumerate(page.schedule_model.rows) if e.customer == "C2")
    page.schedule_table.setCurrentIndex(page.schedule_model.index(row, 0))
    page.move_to.setText("2026-12-09")
    page._move()
    moved = {e.customer: (e.planned_on, e.state) for e in page.schedule_model.rows}
    assert moved["C2"] == (date(2026, 12, 9), "moved")
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Yes))  # the clerk says Yes
    row = next(i for i, e in enumerate(page.schedule_model.rows) if e.customer == "C1")
    page.schedule_table.setCurrentIndex(page.schedule_model.index(row, 0))
    page._drop()
    assert {e.customer: e.state for e in page.schedule_model.rows}["C1"] == "dropped"
    page._print_sheet(str(tmp_path / "sheet.pdf"))
    assert (tmp_path / "sheet.pdf").stat().st_size > 1000
    printed = page.print_documents()  # File → Print on the Schedule tab: the call sheets
    assert printed is not None and len(printed) == 1 and printed[0].read_bytes().startswith(b"%PDF")
    page.tabs.setCurrentIndex(0)
    assert page.print_documents() is None  # elsewhere: the table on screen
    page.tabs.setCurrentIndex(2)
    page.avoid_customer.setText("C2")
    page.avoid_text.setText("tue")
    page._set_avoid()
    assert "tue" in page.status.text()
    assert plan.priorities(page.db, date(2026, 12, 1))[0].debtor.avoid_days == "tue"  # type: ignore[arg-type]


def test_a_customers_target_beside_its_promise_shows_the_gap_to_negotiate(
    qtbot, page: PlanPage, books: Books
) -> None:
    # Seed 004 §3: 300,000 sold to 乙 in Q2, a promise of 200,000 by the end of Q3, our target 250,000.
    from decimal import Decimal

    from arddesk.services import followup
    from arddesk.services.followup import ContactInput

    books.customer("YI", name="乙客户", rep="R1")
    books.delivery("Q2", "YI", on="2026-05-20", amount="300000.00")
    followup.log_contact(
        books.db, ContactInput("YI", date(2026, 6, 20), instalments=((date(2026, 9, 30), Decimal("200000.00")),))
    )
    page.period.setText("2026Q3")
    qtbot.keyClicks(page.target_customer, "YI")
    qtbot.keyClicks(page.target_amount, "250000")
    qtbot.mouseClick(page.findChild(QPushButton, "setTarget"), Qt.MouseButton.LeftButton)

    model = page.customer_target_model
    assert [model.index(0, c).data() for c in range(6)] == [
        "YI", "乙客户", "R1", "250,000.00", "200,000.00", "50,000.00",
    ]  # fmt: skip
    assert page.gap_summary.text() == (
        "1 customers' promises fall short of their targets by 50,000.00 in all: the gap is what to negotiate."
    )
    assert page.target_model.index(0, 2).data() == "YI"
    assert [(r.level, r.target) for r in page.progress_model.rows] == [("total", 0)]  # not the rep's own target


def test_a_target_set_as_a_share_of_open_debt_and_money_no_target_covers(qtbot, page: PlanPage) -> None:
    page.period.setText("2026-12")
    page.target_year.setText("2026")
    qtbot.keyClicks(page.target_share, "50")
    qtbot.mouseClick(page.findChild(QPushButton, "setTargetShare"), Qt.MouseButton.LeftButton)

    # open at the end of 2026-11-30 on R1's normal goods of 2026: D1 5,000.00 and D2 800.00
    assert page.target_status.text() == "Target set: 50% of 5,800.00 open on 2026-11-30 = 2,900.00"
    rep_line = page.progress_model.rows[0]
    assert (rep_line.target, rep_line.collected) == (290_000, 100_000)
    assert page.progress_model.index(0, 6).data() == "Normal goods 2026: 1,000.00 of 2,900.00"

    page.target_year.setText("2025")
    page.target_amount.setText("2900")
    qtbot.mouseClick(page.findChild(QPushButton, "setTarget"), Qt.MouseButton.LeftButton)
    page.target_table.setCurrentIndex(page.target_model.index(1, 0))
    page._target_picked(page.target_model.index(1, 0))
    page.target_year.setText("2026")
    qtbot.mouseClick(page.findChild(QPushButton, "deleteTarget"), Qt.MouseButton.LeftButton)

    assert page.progress_model.index(0, 6).data() == (
        "Normal goods 2025: 0.00 of 2,900.00; Normal goods 2026, no target: 1,000.00"
    )


def test_the_weights_are_a_form_of_named_bounded_fields(
    qtbot, page: PlanPage, books: Books, messages: list[str]
) -> None:
    books.customer("FAR", name="Far Away Ltd", rep="R1", distance_km=855)
    books.delivery("F1", "FAR", on="2026-11-25", amount="9000.00")  # due 2026-12-25: nothing overdue
    page.refresh_priorities()
    qtbot.waitUntil(lambda: page.priority_model.rowCount() == 3)
    assert page.priority_model.rows[-1].code == "FAR"  # nothing overdue: after both that owe

    distance = page.findChild(QDoubleSpinBox, "weight_distance")
    assert (distance.minimum(), distance.maximum(), distance.value()) == (0, 1000, 10)
    assert page.findChild(QDoubleSpinBox, "weight_per_day").maximum() == 100
    distance.clear()
    qtbot.keyClicks(distance, "5000")  # the last 0 is refused: 5000 is beyond the bound of 1000
    assert distance.value() == 500
    assert page.money_notice.text() == (
        "With these weights a customer with nothing overdue can rank above one with money overdue."
    )
    qtbot.mouseClick(page.findChild(QPushButton, "saveWeights"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.priority_model.rowCount() == 3 and page.priority_model.rows[0].code == "FAR")

    assert plan.load_plan_settings(page.db).weights.distance == 500  # type: ignore[arg-type]
    assert messages == []


def test_the_key_receivables_are_marked_and_can_be_listed_alone(qtbot, page: PlanPage) -> None:
    # C1 holds 5,000.00 of the 5,800.00 overdue (86 %), C2 800.00: under the default 80 % only C1 is key
    assert {p.code: p.key for p in page.priority_model.rows} == {"C1": True, "C2": False}
    page.tabs.setCurrentIndex(1)  # Priorities
    qtbot.mouseClick(page.key_only, Qt.MouseButton.LeftButton)
    assert [p.code for p in page.priority_model.rows] == ["C1"]
    header, rows = page.export_table()
    assert header[:3] == ["Score", "Key", "Customer"] and [row[1:3] for row in rows] == [["key", "C1"]]
