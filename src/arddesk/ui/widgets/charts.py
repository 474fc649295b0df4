"""Charts drawn with QPainter (Qt Charts is GPL-only; the project stays free of it).

:class:`BarChart` draws labelled amounts (the dashboard's aging, the plan's targets against
collections); :class:`MatrixChart` the sales/collection matrix: collection rate runs left to right,
sales growth bottom to top, the company's thresholds split the plane into the seed's quadrants,
and a dashed arrow leads from where a rep or department sat the period before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from arddesk.domain.matrix import MatrixPoint, MatrixThresholds, Quadrant
from arddesk.text import _, formats
from arddesk.text.messages import code_text, quadrant_name
from arddesk.ui import theme


class BarChart(QWidget):
    """Vertical bars with a label under each and the amount above it; amounts in cents.

    A click on a bar emits ``bar_clicked`` with the bar's code; ``empty_text`` is shown without bars.
    """

    bar_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int, str]] = []
        self.empty_text = _("Nothing open")
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: list[tuple[str, int, str]]) -> None:
        """(label, cents, colour) per bar."""
        self.bars = bars
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def bar_at(self, x: float) -> str | None:
        """The code of the bar (or its slot) under ``x``; None off the bars."""
        rect = self.rect().adjusted(10, 24, -10, -28)
        if not self.bars or not rect.left() <= x <= rect.right():
            return None
        slot = rect.width() / len(self.bars)
        number = min(int((x - rect.left()) // slot), len(self.bars) - 1)
        return self.bars[number][0]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        code = self.bar_at(event.position().x())
        if code is not None and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(code)
        super().mouseReleaseEvent(event)

    def texts(self) -> list[tuple[str, QRectF, QFont]]:
        """Every text the chart draws (each bar's amount above it, its label below) with its box and font.

        Each text gets its slot's width and no more, so neighbours never run into each other: a text
        too wide is drawn in a smaller font (down to 7 points), and one still too wide is elided.
        """
        rect = self.rect().adjusted(10, 24, -10, -28)
        if not self.bars:
            return []
        highest = max(max(amount for _l, amount, _c in self.bars), 1)
        slot = rect.width() / len(self.bars)
        small = theme.smaller(self.font())
        placed = []
        for number, (label, amount, _colour) in enumerate(self.bars):
            top = rect.bottom() - rect.height() * max(amount, 0) / highest
            left = rect.left() + number * slot + 1
            for text, box in (
                (formats.money(amount), QRectF(left, top - 18, slot - 2, 16)),
                (code_text(label), QRectF(left, rect.bottom() + 4, slot - 2, 18)),
            ):
                font = QFont(small)
                while QFontMetricsF(font).horizontalAdvance(text) > box.width() and font.pointSizeF() > 7:
                    font.setPointSizeF(max(font.pointSizeF() - 0.5, 7))
                shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, box.width())
                placed.append((shown, box, font))
        return placed

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(10, 24, -10, -28)
        painter.fillRect(self.rect(), theme.colour(theme.CANVAS))
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        highest = max(max(amount for _l, amount, _c in self.bars), 1)
        slot = rect.width() / len(self.bars)
        width = slot * 0.6
        painter.setPen(theme.colour(theme.GRID))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        for number, (_label, amount, colour) in enumerate(self.bars):
            height = rect.height() * max(amount, 0) / highest
            x = rect.left() + number * slot + (slot - width) / 2
            painter.fillRect(QRectF(x, rect.bottom() - height, width, height), theme.colour(colour))
        painter.setPen(theme.colour(theme.TEXT))
        for text, box, font in self.texts():
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


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
        painter.fillRect(self.rect(), theme.colour(theme.CANVAS))
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
        bold = theme.bold(self.font())
        for quadrant, box in quadrants.items():
            painter.fillRect(box, theme.colour(theme.QUADRANT_TINTS[quadrant]))
            painter.setPen(theme.colour(theme.QUADRANT_COLOURS[quadrant]))
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
            painter.drawText(box.adjusted(6, 4, -6, -4), align | horizontal, quadrant_name(quadrant))
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
                self._draw_arrow(
                    painter, placed.before, placed.at, theme.colour(theme.QUADRANT_COLOURS[placed.point.quadrant])
                )
        small = theme.smaller(self.font())
        painter.setFont(small)
        taken: list[QRectF] = []  # labels already drawn: the next one moves until it overlaps none
        for placed in self.placed:
            colour = theme.colour(theme.QUADRANT_COLOURS[placed.point.quadrant])
            painter.setPen(QPen(theme.colour(theme.CANVAS), 1.5))
            painter.setBrush(colour)
            radius = 6.0
            painter.drawEllipse(placed.at, radius, radius)
            if placed.point.key == self.selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(theme.colour(theme.TEXT), 2))
                painter.drawEllipse(placed.at, radius + 4, radius + 4)
            painter.setPen(theme.colour(theme.TEXT))
            label = placed.point.name if len(placed.point.name) <= 14 else placed.point.key
            gap = radius + (7 if placed.point.key == self.selected else 3)
            painter.drawText(self._label_box(painter, placed.at, gap, label, taken), Qt.AlignmentFlag.AlignLeft, label)
        if not self.points:
            painter.setPen(theme.colour(theme.FAINT))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("no sales or collections in this period"))
        painter.end()

    def _draw_axes(
        self, painter: QPainter, area: QRectF, low: float, high: float, split_x: float, split_y: float
    ) -> None:
        painter.setPen(QPen(theme.colour(theme.GRID), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area)
        painter.setPen(QPen(theme.colour(theme.AXIS), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(split_x, area.top()), QPointF(split_x, area.bottom()))
        painter.drawLine(QPointF(area.left(), split_y), QPointF(area.right(), split_y))
        painter.setPen(theme.colour(theme.AXIS))
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
            _("collection rate →"),
        )
        painter.save()
        painter.translate(12, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-80, -10, 160, 16), Qt.AlignmentFlag.AlignCenter, _("sales growth →"))
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
