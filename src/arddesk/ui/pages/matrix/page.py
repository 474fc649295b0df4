"""The sales/collection matrix page: a four-quadrant scatter with each point's move, and its table.

The scatter is drawn with QPainter (Qt Charts is GPL-only). Collection rate runs left to right,
sales growth bottom to top; the company's thresholds split the plane into the seed's quadrants.
A dashed arrow leads from where a rep or department sat the period before.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.dates import Period
from arddesk.domain.matrix import MatrixPoint, MatrixThresholds, Quadrant, quadrant_counts
from arddesk.domain.problems import InvalidValue
from arddesk.services.errors import Rejected
from arddesk.services.matrix import (
    Matrix,
    MatrixBy,
    last_full_quarter,
    matrix_thresholds,
    sales_collection_matrix,
    set_matrix_thresholds,
)
from arddesk.store.db import Database
from arddesk.ui import plain
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.tasks import run_in_background
from arddesk.ui.widgets.page import make_table
from arddesk.ui.widgets.tablemodel import ROW_ROLE, Column, Index, ListTableModel

QUADRANT_COLOURS = {
    Quadrant.NEITHER: "#6b7280",
    Quadrant.SALES: "#d97706",
    Quadrant.COLLECTION: "#2563eb",
    Quadrant.STRATEGIC: "#059669",
}
_QUADRANT_TINTS = {
    Quadrant.NEITHER: "#f3f4f6",
    Quadrant.SALES: "#fef3c7",
    Quadrant.COLLECTION: "#dbeafe",
    Quadrant.STRATEGIC: "#d1fae5",
}
_HUNDRED = Decimal(100)


def _percent(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else fraction * _HUNDRED


def growth_text(point: MatrixPoint) -> str:
    """Growth as shown: ``+12.5 %``, or ``new`` when nothing was sold the period before."""
    if point.growth is None:
        return "new" if point.sales > 0 else ""
    value = point.growth * _HUNDRED
    return f"{'+' if value >= 0 else ''}{value:.1f} %"


MATRIX_COLUMNS = [
    Column("key", "Code", lambda p: p.key),
    Column("name", "Name", lambda p: p.name),
    Column("sales", "Sales", lambda p: p.sales, "money"),
    Column("sales_before", "Sales before", lambda p: p.sales_before, "money"),
    Column("growth", "Growth", lambda p: _percent(p.growth), "percent"),
    Column("collected", "Collected", lambda p: p.collected, "money"),
    Column("collectible", "To collect", lambda p: p.collectible, "money"),
    Column("rate", "Collection rate", lambda p: _percent(p.rate), "percent"),
    Column("quadrant", "Quadrant", lambda p: p.quadrant.label),
    Column("moved", "Moved from", lambda p: p.move_text),
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
                return QBrush(QColor(QUADRANT_COLOURS[point.quadrant]))
            if role == Qt.ItemDataRole.FontRole and key == "moved" and point.moved:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

    def row_of(self, key: str) -> int:
        """The row showing ``key`` (-1 when none)."""
        return next((number for number, point in enumerate(self.rows) if point.key == key), -1)


@dataclass(frozen=True)
class _Placed:
    point: MatrixPoint
    at: QPointF
    before: QPointF | None


class MatrixChart(QWidget):
    """Four labelled quadrants, a dot per rep or department, a dashed arrow from its previous place."""

    point_clicked = Signal(str)

    MARGIN_LEFT = 56
    MARGIN = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[MatrixPoint] = []
        self.thresholds = MatrixThresholds()
        self.selected = ""
        self.placed: list[_Placed] = []
        self.setMinimumSize(360, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(560, 420)

    def set_points(self, points: list[MatrixPoint], thresholds: MatrixThresholds) -> None:
        """Show these points split by these thresholds."""
        self.points = list(points)
        self.thresholds = thresholds
        self.update()

    def select(self, key: str) -> None:
        """Ring the point ``key``."""
        self.selected = key
        self.update()

    def growth_range(self) -> tuple[float, float]:
        """The vertical axis: growth from, to (fractions), wide enough for every point and the threshold."""
        values = [float(self.thresholds.growth)]
        for point in self.points:
            values.extend(float(g) for g in (point.growth, point.previous_growth) if g is not None)
        low = max(min(min(values) - 0.1, -0.3), -1.0)
        high = min(max(max(values) + 0.1, 0.5), 3.0)
        return low, high

    def plot_rect(self) -> QRectF:
        """Where the quadrants are drawn."""
        return QRectF(self.rect()).adjusted(self.MARGIN_LEFT, self.MARGIN, -self.MARGIN, -self.MARGIN - 18)

    def position(self, rate: Decimal | None, growth: Decimal | None, sales: int) -> QPointF:
        """Where a rate and growth go; no rate sits at 100 %, new sales at the top, no sales at the bottom."""
        area = self.plot_rect()
        low, high = self.growth_range()
        x_value = 1.0 if rate is None else min(max(float(rate), 0.0), 1.0)
        y_value = (high if sales > 0 else low) if growth is None else min(max(float(growth), low), high)
        x = area.left() + area.width() * x_value
        y = area.bottom() - area.height() * (y_value - low) / (high - low)
        return QPointF(x, y)

    def _label_box(self, painter: QPainter, at: QPointF, gap: float, label: str, taken: list[QRectF]) -> QRectF:
        """Where a point's label goes: right of the point (left when it would leave the widget), moved
        up or down a line at a time until it overlaps no label drawn before; the place is added to ``taken``."""
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(label) + 2, metrics.height()
        x = at.x() + gap if at.x() + gap + width <= self.width() - 2 else at.x() - gap - width
        box = QRectF(x, at.y() - height / 2, width, height)
        for step in (0, 1, -1, 2, -2, 3, -3):
            moved = box.translated(0, step * height)
            if not any(moved.intersects(other) for other in taken):
                box = moved
                break
        taken.append(box)
        return box

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        area = self.plot_rect()
        low, high = self.growth_range()
        split_x = area.left() + area.width() * float(self.thresholds.rate)
        split_y = area.bottom() - area.height() * (float(self.thresholds.growth) - low) / (high - low)
        quadrants = {
            Quadrant.SALES: QRectF(QPointF(area.left(), area.top()), QPointF(split_x, split_y)),
            Quadrant.STRATEGIC: QRectF(QPointF(split_x, area.top()), QPointF(area.right(), split_y)),
            Quadrant.NEITHER: QRectF(QPointF(area.left(), split_y), QPointF(split_x, area.bottom())),
            Quadrant.COLLECTION: QRectF(QPointF(split_x, split_y), QPointF(area.right(), area.bottom())),
        }
        bold = QFont(self.font())
        bold.setBold(True)
        for quadrant, box in quadrants.items():
            painter.fillRect(box, QColor(_QUADRANT_TINTS[quadrant]))
            painter.setPen(QColor(QUADRANT_COLOURS[quadrant]))
            painter.setFont(bold)
            align = (
                Qt.AlignmentFlag.AlignTop
                if quadrant in (Quadrant.SALES, Quadrant.STRATEGIC)
                else (Qt.AlignmentFlag.AlignBottom)
            )
            horizontal = (
                Qt.AlignmentFlag.AlignLeft
                if quadrant in (Quadrant.SALES, Quadrant.NEITHER)
                else Qt.AlignmentFlag.AlignRight
            )
            painter.drawText(box.adjusted(6, 4, -6, -4), align | horizontal, quadrant.label)
        painter.setFont(self.font())
        self._draw_axes(painter, area, low, high, split_x, split_y)
        self.placed = []
        for point in self.points:
            at = self.position(point.rate, point.growth, point.sales)
            before = None
            if point.previous_quadrant is not None:
                before = self.position(point.previous_rate, point.previous_growth, point.sales_before)
            self.placed.append(_Placed(point, at, before))
        for placed in self.placed:
            if placed.before is not None:
                self._draw_arrow(painter, placed.before, placed.at, QColor(QUADRANT_COLOURS[placed.point.quadrant]))
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        painter.setFont(small)
        taken: list[QRectF] = []  # labels already drawn: the next one moves until it overlaps none
        for placed in self.placed:
            colour = QColor(QUADRANT_COLOURS[placed.point.quadrant])
            painter.setPen(QPen(QColor("#ffffff"), 1.5))
            painter.setBrush(colour)
            radius = 6.0
            painter.drawEllipse(placed.at, radius, radius)
            if placed.point.key == self.selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(QColor("#111827"), 2))
                painter.drawEllipse(placed.at, radius + 4, radius + 4)
            painter.setPen(QColor("#111827"))
            label = placed.point.name if len(placed.point.name) <= 14 else placed.point.key
            gap = radius + (7 if placed.point.key == self.selected else 3)
            painter.drawText(self._label_box(painter, placed.at, gap, label, taken), Qt.AlignmentFlag.AlignLeft, label)
        if not self.points:
            painter.setPen(QColor("#6b7280"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "no sales or collections in this period")
        painter.end()

    def _draw_axes(
        self, painter: QPainter, area: QRectF, low: float, high: float, split_x: float, split_y: float
    ) -> None:
        painter.setPen(QPen(QColor("#9ca3af"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area)
        painter.setPen(QPen(QColor("#374151"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(split_x, area.top()), QPointF(split_x, area.bottom()))
        painter.drawLine(QPointF(area.left(), split_y), QPointF(area.right(), split_y))
        painter.setPen(QColor("#374151"))
        for tick in (0, 25, 50, 75, 100):
            x = area.left() + area.width() * tick / 100
            painter.drawText(QRectF(x - 30, area.bottom() + 2, 60, 16), Qt.AlignmentFlag.AlignCenter, f"{tick} %")
        step = 0.25 if high - low <= 1.5 else 0.5
        tick_value = math.ceil(low / step) * step
        while tick_value <= high + 1e-9:
            y = area.bottom() - area.height() * (tick_value - low) / (high - low)
            painter.drawText(
                QRectF(0, y - 8, self.MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{tick_value * 100:+.0f} %",
            )
            tick_value += step
        painter.drawText(
            QRectF(area.left(), area.bottom() + 16, area.width(), 16),
            Qt.AlignmentFlag.AlignCenter,
            "collection rate →",
        )
        painter.save()
        painter.translate(12, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-80, -10, 160, 16), Qt.AlignmentFlag.AlignCenter, "sales growth →")
        painter.restore()

    @staticmethod
    def _draw_arrow(painter: QPainter, start: QPointF, end: QPointF, colour: QColor) -> None:
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy)
        if length < 10:
            return
        faded = QColor(colour)
        faded.setAlpha(150)
        painter.setPen(QPen(faded, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(start, 3.5, 3.5)
        tip = QPointF(end.x() - dx / length * 8, end.y() - dy / length * 8)
        painter.drawLine(start, tip)
        ux, uy = dx / length, dy / length
        head = QPolygonF(
            [
                tip,
                QPointF(tip.x() - ux * 8 - uy * 4, tip.y() - uy * 8 + ux * 4),
                QPointF(tip.x() - ux * 8 + uy * 4, tip.y() - uy * 8 - ux * 4),
            ]
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(faded)
        painter.drawPolygon(head)

    def point_at(self, where: QPointF) -> MatrixPoint | None:
        """The point drawn nearest ``where``, within a few pixels."""
        best: tuple[float, MatrixPoint] | None = None
        for placed in self.placed:
            distance = math.hypot(placed.at.x() - where.x(), placed.at.y() - where.y())
            if distance <= 10 and (best is None or distance < best[0]):
                best = (distance, placed.point)
        return best[1] if best else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = self.point_at(event.position())
        if point is not None:
            self.point_clicked.emit(point.key)
        super().mousePressEvent(event)


class PeriodPicker(QComboBox):
    """An editable choice of period: recent quarters listed, any ``2026Q3``, ``2026-07`` or ``2026`` typed."""

    period_changed = Signal(object)

    def __init__(self, today: date, count: int = 12, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(8)
        self.fill(today, count)
        self.activated.connect(lambda *_: self._changed())
        line = self.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._changed)
        self._last = self.currentText()

    def fill(self, today: date, count: int = 12) -> None:
        """List the last ``count`` full quarters, newest first; the newest chosen."""
        self.blockSignals(True)
        self.clear()
        period = last_full_quarter(today)
        for _ in range(count):
            self.addItem(period.label)
            period = period.previous()
        self.setCurrentIndex(0)
        self.blockSignals(False)
        self._last = self.currentText()

    @property
    def period(self) -> Period | None:
        """The period chosen or typed; None when the text is not a period."""
        try:
            return Period.parse(self.currentText())
        except InvalidValue:
            return None

    def set_period(self, label: str) -> None:
        """Choose a period by its label."""
        self.setCurrentText(label)
        self._changed()

    def _changed(self) -> None:
        text = self.currentText()
        if text == self._last:
            return
        self._last = text
        self.period_changed.emit(self.period)


class MatrixPage(Page):
    """Sales growth against collection rate per rep or department, with the move since the period before."""

    title = "Sales/collection matrix"
    refreshed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: date = date.today()
        self.generation = 0
        self.matrix: Matrix | None = None
        self.period_picker = PeriodPicker(self.today)
        self.period_picker.setObjectName("matrixPeriod")
        self.period_picker.period_changed.connect(lambda *_: self.refresh())
        self.by = QComboBox()
        self.by.setObjectName("matrixBy")
        self.by.addItem("Per rep", MatrixBy.REP.value)
        self.by.addItem("Per department", MatrixBy.DEPARTMENT.value)
        self.by.currentIndexChanged.connect(lambda *_: self.refresh())
        self.growth_threshold = self._spin("matrixGrowthThreshold", -100, 1000)
        self.rate_threshold = self._spin("matrixRateThreshold", 0, 100)
        for spin in (self.growth_threshold, self.rate_threshold):
            spin.valueChanged.connect(self._thresholds_changed)
        save = QPushButton("Save thresholds")
        save.setObjectName("matrixSaveThresholds")
        save.setToolTip("Keep these thresholds as the company's")
        save.clicked.connect(self.save_thresholds)
        bar = QHBoxLayout()
        bar.addWidget(plain.label("Period"))
        bar.addWidget(self.period_picker)
        bar.addWidget(self.by)
        bar.addSpacing(16)
        bar.addWidget(plain.label("Sales growth ≥"))
        bar.addWidget(self.growth_threshold)
        bar.addWidget(plain.label("Collection rate ≥"))
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
        self.period_picker.fill(getattr(self, "today", date.today()))
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
            show_error(self, "Thresholds", exc)
            return
        self.summary.setText(self.summary.text() + " &nbsp; <i>Thresholds saved.</i>")

    def refresh(self) -> None:
        """Read the matrix off the GUI thread; a stale answer is dropped."""
        if self.db is None:
            return
        period = self.period_picker.period
        if period is None:
            self.summary.setText("<span style='color:#b00020'>Not a period: write 2026Q3, 2026-07 or 2026.</span>")
            return
        self.generation += 1
        generation, db, thresholds = self.generation, self.db, self.thresholds
        by = MatrixBy(self.by.currentData())
        self.summary.setText("Reading…")

        def work(_progress: Callable[..., None]) -> tuple[int, Matrix]:
            return generation, sales_collection_matrix(db, period, by, thresholds)

        run_in_background(self, "Matrix…", work, on_done=self._done, on_error=self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.summary.setText("")
            show_error(self, "Sales/collection matrix", exc)

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
            f"{matrix.period.label} against {matrix.previous.label}: "
            + " &nbsp;·&nbsp; ".join(
                f"<span style='color:{QUADRANT_COLOURS[q]}'>{q.label} <b>{counts[q]}</b></span>" for q in Quadrant
            )
            + f" &nbsp;·&nbsp; {moved} moved. Collection rate = cash collected ÷ what fell due by the period's end "
            "(open at the start + sales − returns, discounts and rebates)."
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
