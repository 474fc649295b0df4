"""The sales/collection matrix page: a four-quadrant scatter with each point's move, and its table.

The scatter is drawn with QPainter (Qt Charts is GPL-only). Collection rate runs left to right,
sales growth bottom to top; the company's thresholds split the plane into the seed's quadrants.
A dashed arrow leads from where a rep or department sat the period before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.matrix import MatrixPoint, MatrixThresholds, Quadrant, quadrant_counts
from arddesk.services.errors import Rejected
from arddesk.services.matrix import (
    Matrix,
    MatrixBy,
    matrix_thresholds,
    sales_collection_matrix,
    set_matrix_thresholds,
)
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.text.messages import code_text, move_text, quadrant_name
from arddesk.ui import plain, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.tasks import run_in_background
from arddesk.ui.theme import QUADRANT_COLOURS
from arddesk.ui.widgets.charts import MatrixChart
from arddesk.ui.widgets.page import make_table
from arddesk.ui.widgets.period import PeriodPicker
from arddesk.ui.widgets.tablemodel import ROW_ROLE, Column, Index, ListTableModel

_HUNDRED = Decimal(100)


def _percent(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else fraction * _HUNDRED


def growth_text(point: MatrixPoint) -> str:
    """Growth as shown: ``+12.5 %``, or ``new`` when nothing was sold the period before."""
    if point.growth is None:
        return code_text("new") if point.sales > 0 else ""
    value = point.growth * _HUNDRED
    return f"{'+' if value >= 0 else ''}{formats.percent(value)}"


MATRIX_COLUMNS = [
    Column("key", N_("Code"), lambda p: p.key),
    Column("name", N_("Name"), lambda p: p.name),
    Column("sales", N_("Sales"), lambda p: p.sales, "money"),
    Column("sales_before", N_("Sales before"), lambda p: p.sales_before, "money"),
    Column("growth", N_("Growth"), lambda p: _percent(p.growth), "percent"),
    Column("collected", N_("Collected"), lambda p: p.collected, "money"),
    Column("collectible", N_("To collect"), lambda p: p.collectible, "money"),
    Column("rate", N_("Collection rate"), lambda p: _percent(p.rate), "percent"),
    Column("quadrant", N_("Quadrant"), lambda p: quadrant_name(p.quadrant)),
    Column("moved", N_("Moved from"), lambda p: move_text(p)),
]


class MatrixModel(ListTableModel):
    """The matrix as a table: one row per rep or department; sorts on raw values, blanks last."""

    columns = tuple(MATRIX_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self.rows):
            key = self.columns[index.column()].key if index.column() < len(self.columns) else ""
            point: MatrixPoint = self.rows[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and key == "growth":
                return growth_text(point)
            if role == Qt.ItemDataRole.ForegroundRole and key == "quadrant":
                return QBrush(theme.colour(QUADRANT_COLOURS[point.quadrant]))
            if role == Qt.ItemDataRole.FontRole and key == "moved" and point.moved:
                return theme.bold()
        return super().data(index, role)

    def row_of(self, key: str) -> int:
        """The row showing ``key`` (-1 when none)."""
        return next((number for number, point in enumerate(self.rows) if point.key == key), -1)


class MatrixPage(Page):
    """Sales growth against collection rate per rep or department, with the move since the period before."""

    title = N_("Sales/collection matrix")
    refreshed = Signal(int)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.generation = 0
        self.matrix: Matrix | None = None
        self.period_picker = PeriodPicker(self.today)
        self.period_picker.setObjectName("matrixPeriod")
        self.period_picker.period_changed.connect(lambda *_: self.refresh())
        self.by = QComboBox()
        self.by.setObjectName("matrixBy")
        self.by.addItem(_("Per rep"), MatrixBy.REP.value)
        self.by.addItem(_("Per department"), MatrixBy.DEPARTMENT.value)
        self.by.currentIndexChanged.connect(lambda *_: self.refresh())
        self.growth_threshold = self._spin("matrixGrowthThreshold", -100, 1000)
        self.rate_threshold = self._spin("matrixRateThreshold", 0, 100)
        for spin in (self.growth_threshold, self.rate_threshold):
            spin.valueChanged.connect(self._thresholds_changed)
        save = QPushButton(_("Save thresholds"))
        save.setObjectName("matrixSaveThresholds")
        save.setToolTip(_("Keep these thresholds as the company's"))
        save.clicked.connect(self.save_thresholds)
        bar = QHBoxLayout()
        bar.addWidget(plain.label(_("Period")))
        bar.addWidget(self.period_picker)
        bar.addWidget(self.by)
        bar.addSpacing(16)
        bar.addWidget(plain.label(_("Sales growth ≥")))
        bar.addWidget(self.growth_threshold)
        bar.addWidget(plain.label(_("Collection rate ≥")))
        bar.addWidget(self.rate_threshold)
        bar.addWidget(save)
        bar.addStretch(1)

        self.chart = MatrixChart()
        self.chart.setObjectName("matrixChart")
        self.chart.point_clicked.connect(self.select_key)
        self.model = MatrixModel()
        self.table = make_table(self.model, {0: 70, 1: 140, 2: 120, 3: 120, 4: 80, 5: 120, 6: 120, 7: 110, 8: 140})
        self.table.setObjectName("matrixTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._row_changed)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)  # the table shows as many lines as the chart is tall, not five
        self.summary = plain.rich_label("matrixSummary")  # fixed words and counts only
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

    @staticmethod
    def _spin(name: str, low: int, high: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setDecimals(1)
        spin.setSuffix(" %")
        spin.setKeyboardTracking(False)
        return spin

    # ---------------------------------------------------------------- data
    def set_database(self, db: Database | None) -> None:
        """A company was opened: its thresholds, the last full quarter."""
        self.db = db
        self.period_picker.fill(self.today)
        if db is None:
            self.matrix = None
            self.model.set_rows([])
            self.chart.set_points([], MatrixThresholds())
            return
        self._show_thresholds(matrix_thresholds(db))
        self.refresh()

    def _show_thresholds(self, thresholds: MatrixThresholds) -> None:
        for spin, value in ((self.growth_threshold, thresholds.growth), (self.rate_threshold, thresholds.rate)):
            spin.blockSignals(True)
            spin.setValue(float(value * _HUNDRED))
            spin.blockSignals(False)

    def _thresholds_changed(self, *_args: object) -> None:
        self.refresh()

    @property
    def thresholds(self) -> MatrixThresholds:
        """The thresholds in the spin boxes."""
        growth = Decimal(str(round(self.growth_threshold.value(), 1)))
        rate = Decimal(str(round(self.rate_threshold.value(), 1)))
        return MatrixThresholds(growth / _HUNDRED, rate / _HUNDRED)

    def save_thresholds(self) -> None:
        """Keep the thresholds shown as the company's setting."""
        if self.db is None:
            return
        try:
            set_matrix_thresholds(self.db, self.thresholds.text())
        except Rejected as exc:
            show_error(self, _("Thresholds"), exc)
            return
        self.summary.setText(self.summary.text() + _(" &nbsp; <i>Thresholds saved.</i>"))

    def refresh(self) -> None:
        """Read the matrix off the GUI thread; a stale answer is dropped."""
        if self.db is None:
            return
        period = self.period_picker.period
        if period is None:
            not_a_period = _("Not a period: write 2026Q3, 2026H1, 2026-07 or 2026.")
            self.summary.setText(f"<span style='color:{theme.ALERT}'>{not_a_period}</span>")
            return
        self.generation += 1
        generation, db, thresholds = self.generation, self.db, self.thresholds
        by = MatrixBy(self.by.currentData())
        self.summary.setText(_("Reading…"))

        def work(_progress: Callable[..., None]) -> tuple[int, Matrix]:
            return generation, sales_collection_matrix(db, period, by, thresholds)

        run_in_background(self, _("Matrix…"), work, on_done=self._done, on_error=self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.summary.setText("")
            show_error(self, _("Sales/collection matrix"), exc)

    def _done(self, result: tuple[int, Matrix]) -> None:
        generation, matrix = result
        if not shiboken6.isValid(self) or generation != self.generation:
            return
        self.show_matrix(matrix)
        self.refreshed.emit(generation)

    def show_matrix(self, matrix: Matrix) -> None:
        """Fill the chart, the table and the summary."""
        self.matrix = matrix
        self.chart.set_points(matrix.points, matrix.thresholds)
        header = self.table.horizontalHeader()
        self.model.set_rows(matrix.points)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        counts = quadrant_counts(matrix.points)
        moved = sum(1 for point in matrix.points if point.moved)
        self.summary.setText(
            _("{label} against {label2}: ").format(label=matrix.period.label, label2=matrix.previous.label)
            + " &nbsp;·&nbsp; ".join(
                _("<span style='color:{QUADRANT_COLOURS}'>{label} <b>{counts}</b></span>").format(
                    QUADRANT_COLOURS=QUADRANT_COLOURS[q], label=quadrant_name(q), counts=counts[q]
                )
                for q in Quadrant
            )
            + _(
                " &nbsp;·&nbsp; {moved} moved. Collection rate = cash collected ÷ what fell due by the period's "
                "end (open at the start + sales − returns, discounts and rebates)."
            ).format(moved=moved)
        )

    # ---------------------------------------------------------------- selection
    def select_key(self, key: str) -> None:
        """Select the row of ``key`` and ring its point."""
        row = self.model.row_of(key)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.chart.select(key)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        point = self.model.data(current, ROW_ROLE) if current.isValid() else None
        self.chart.select(point.key if point is not None else "")

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The matrix table as shown (growth and rate in per cent)."""
        if self.matrix is None:
            return None
        return self.model.export_rows()
