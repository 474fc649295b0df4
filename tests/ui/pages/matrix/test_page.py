"""The sales/collection matrix page, driven like a user: period, per rep or department, thresholds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QPushButton

from arddesk.domain.matrix import Quadrant
from arddesk.services.matrix import matrix_thresholds
from arddesk.ui.pages.matrix.page import MatrixPage
from tests.conftest import Books
from tests.services.test_matrix import build_company


@pytest.fixture
def page(qtbot, books: Books) -> Iterator[MatrixPage]:  # type: ignore[no-untyped-def]
    build_company(books)
    view = MatrixPage(date(2026, 7, 15))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    with qtbot.waitSignal(view.refreshed, timeout=10000):
        view.set_database(books.db)
    yield view


def _keys(view: MatrixPage) -> list[str]:
    return [view.model.index(row, 0).data() for row in range(view.model.rowCount())]


def test_opens_on_the_last_full_quarter_per_rep(qtbot, qtmodeltester, page: MatrixPage) -> None:  # type: ignore[no-untyped-def]
    assert page.period_picker.currentText() == "2026Q2"
    assert _keys(page) == ["R1", "R2", "R3"]
    qtmodeltester.check(page.model)
    row = {page.model.headerData(c, Qt.Orientation.Horizontal): page.model.index(0, c).data() for c in range(10)}
    assert row["Sales"] == "1,500.00"
    assert row["Growth"] == "+50.0 %"
    assert row["Collection rate"] == "85.7 %"
    assert row["Quadrant"] == "Strategic"
    assert row["Moved from"] == "Neither → Strategic"
    assert "Strategic <b>1</b>" in page.summary.text()
    page.chart.repaint()
    assert len(page.chart.placed) == 3


def test_per_department_and_thresholds(qtbot, page: MatrixPage, books: Books) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.by.setCurrentIndex(1)
    assert _keys(page) == ["NORTH", "SOUTH"]
    assert page.matrix is not None and page.matrix.points[0].quadrant is Quadrant.SALES
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.rate_threshold.setValue(50)
    assert page.matrix.points[0].quadrant is Quadrant.STRATEGIC
    qtbot.mouseClick(page.findChild(QPushButton, "matrixSaveThresholds"), Qt.MouseButton.LeftButton)
    assert matrix_thresholds(books.db).rate == Decimal("0.5")


def test_typed_period_and_bad_period(qtbot, page: MatrixPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.period_picker.set_period("2026Q1")
    assert _keys(page) == ["R1", "R2"]
    page.period_picker.set_period("spring")
    assert "Not a period" in page.summary.text()


def test_sorting_clicking_a_point_and_export(qtbot, page: MatrixPage) -> None:  # type: ignore[no-untyped-def]
    page.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)  # collection rate
    assert _keys(page) == ["R1", "R3", "R2"]
    page.chart.repaint()
    r2 = next(p for p in page.chart.placed if p.point.key == "R2")
    qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton, pos=r2.at.toPoint())
    assert page.table.currentIndex().row() == 2
    assert page.chart.selected == "R2"
    assert page.chart.point_at(QPointF(-50, -50)) is None
    exported = page.export_table()
    assert exported is not None
    header, rows = exported
    assert header[7] == "Collection rate"
    assert rows[0][:3] == ["R1", "R1", Decimal("1500.00")]
    assert rows[2][7] == Decimal(0)
