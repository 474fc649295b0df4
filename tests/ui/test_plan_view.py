from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from arddesk.services import plan
from arddesk.store.db import Database
from arddesk.ui.plan_view import PlanPage
from tests.conftest import Books


@pytest.fixture
def page(qtbot, db: Database, books: Books, messages: list[str]) -> PlanPage:
    books.customer("C1", name="Alpha Trading", rep="R1", settlement_days="15")
    books.customer("C2", name="Beta Stores", rep="R1")
    books.delivery("D1", "C1", on="2026-10-01", amount="5000.00")
    books.delivery("D2", "C2", on="2026-09-01", amount="800.00")
    books.payment("C1", on="2026-12-03", amount="1000.00")
    widget = PlanPage(today=date(2026, 12, 1))
    qtbot.addWidget(widget)
    widget.set_database(db)
    widget.show()
    qtbot.waitUntil(lambda: widget.priority_model.rowCount() == 2)
    return widget


def test_models_pass_the_model_tester(page: PlanPage, qtmodeltester) -> None:
    for model in (page.target_model, page.progress_model, page.priority_model, page.schedule_model):
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
    assert "days 31 × 0.2 = 6.2" in page.explanation.text()


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
    page.avoid_customer.setText("C2")
    page.avoid_text.setText("tue")
    page._set_avoid()
    assert "tue" in page.status.text()
    assert plan.priorities(page.db, date(2026, 12, 1))[0].debtor.avoid_days == "tue"  # type: ignore[arg-type]
