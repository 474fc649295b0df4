"""The owner's dashboard: receivable, overdue share, DSO, cash, aging chart, top overdue, warnings.

The bar chart is drawn with QPainter (Qt Charts is GPL-only; the project stays free of it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.aging import NOT_DUE
from arddesk.domain.classes import CLASS_NAMES, CLASS_ORDER
from arddesk.services.dashboard import Dashboard, OverdueCustomer, dashboard
from arddesk.store.db import Database
from arddesk.ui import formatting, plain, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.warnings.models import WarningModel
from arddesk.ui.tasks import run_in_background
from arddesk.ui.theme import CLASS_COLOURS, severity_colour
from arddesk.ui.widgets.charts import BarChart
from arddesk.ui.widgets.page import date_edit, make_table
from arddesk.ui.widgets.tablemodel import Column, ListTableModel


class Tile(QFrame):
    """One headline figure with its caption."""

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        self.value = plain.label("—")
        self.value.setObjectName(f"{name}Value")
        self.value.setFont(theme.headline(self.value.font()))
        self.caption = plain.label(caption)
        self.caption.setStyleSheet(theme.text_style(theme.MUTED))
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


TOP_COLUMNS = [
    Column("code", "Customer", lambda r: r.code),
    Column("name", "Name", lambda r: r.name),
    Column("overdue", "Overdue", lambda r: r.overdue, "money"),
    Column("total", "Balance", lambda r: r.total, "money"),
]

class TopModel(ListTableModel):
    """The ten largest overdue customers."""

    columns = tuple(TOP_COLUMNS)

    def mark(self, row: OverdueCustomer) -> str | None:
        return "overdue"


class DashboardPage(Page):
    """The owner's one-screen summary."""

    title = "Dashboard"
    refreshed = Signal(int)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.generation = 0
        self.pending = 0
        self.board: Dashboard | None = None
        self.as_of = date_edit(self.today, "dashboardAsOf")
        self.as_of.dateChanged.connect(lambda *_: self.refresh())
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(plain.label("As of"))
        bar.addWidget(self.as_of)
        bar.addWidget(refresh)
        bar.addStretch(1)

        self.receivable = Tile("Total receivable", "tileReceivable")
        self.overdue = Tile("Overdue share", "tileOverdue")
        self.dso = Tile("Days sales outstanding (90 days)", "tileDso")
        self.cash = Tile("Cash collected this month", "tileCash")
        self.cash_last = Tile("Cash collected last month", "tileCashLast")
        tiles = QHBoxLayout()
        for tile in (self.receivable, self.overdue, self.dso, self.cash, self.cash_last):
            tiles.addWidget(tile)

        self.chart = BarChart()
        self.chart.setObjectName("agingChart")
        self.classes = plain.rich_label("dashboardClasses")  # fixed words and money only
        self.top = TopModel()
        self.top_table = make_table(self.top, {0: 80, 1: 200, 2: 110})
        self.top_table.setObjectName("topOverdue")
        self.warnings = WarningModel()
        self.warning_table = make_table(self.warnings, {0: 80, 1: 220, 2: 85, 3: 120})
        self.warning_table.setObjectName("dashboardWarnings")

        grid = QGridLayout()
        grid.addWidget(plain.label("Aging by bucket", bold=True), 0, 0)
        grid.addWidget(plain.label("Ten largest overdue customers", bold=True), 0, 1)
        grid.addWidget(self.chart, 1, 0)
        grid.addWidget(self.top_table, 1, 1)
        grid.addWidget(self.classes, 2, 0, 1, 2)
        self.warning_caption = plain.label("Open warnings", bold=True)
        grid.addWidget(self.warning_caption, 3, 0, 1, 2)
        grid.addWidget(self.warning_table, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(4, 2)
        self.status = plain.label()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)

    def set_database(self, db: Database | None) -> None:
        """A company was opened: as of today."""
        self.db = db
        today = self.today
        self.as_of.blockSignals(True)
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        self.as_of.blockSignals(False)
        if db is not None:
            self.refresh()

    @property
    def as_of_date(self) -> date:
        """The as-of date chosen."""
        value = self.as_of.date()
        return date(value.year(), value.month(), value.day())

    def refresh(self) -> None:
        """Read every figure off the GUI thread; stale results are dropped."""
        if self.db is None:
            return
        self.generation += 1
        generation, db, as_of = self.generation, self.db, self.as_of_date
        self.status.setText("Reading…")

        def work(_progress: Callable[..., None]) -> tuple[int, Dashboard]:
            return generation, dashboard(db, as_of)

        self.pending += 1
        run_in_background(self, "Dashboard…", work, on_done=self._done, on_error=self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        self.pending = max(self.pending - 1, 0)
        if shiboken6.isValid(self):
            self.status.setText("")
            show_error(self, "Dashboard", exc)

    def _done(self, result: tuple[int, Dashboard]) -> None:
        self.pending = max(self.pending - 1, 0)
        generation, board = result
        if not shiboken6.isValid(self) or generation != self.generation:
            return
        self.show_board(board)
        self.refreshed.emit(generation)

    def show_board(self, board: Dashboard) -> None:
        """Fill the tiles, chart and tables."""
        self.board = board
        self.receivable.value.setText(formatting.money(board.receivable))
        self.overdue.value.setText(formatting.percent(board.overdue_share) or "—")
        self.overdue.caption.setText(f"Overdue share ({formatting.money(board.overdue)} past due)")
        self.dso.value.setText("—" if board.dso is None else f"{board.dso} days")
        self.cash.value.setText(formatting.money(board.cash_this_month))
        self.cash_last.value.setText(formatting.money(board.cash_last_month))
        change = board.cash_this_month - board.cash_last_month
        self.cash.caption.setText(f"Cash this month (vs last: {'+' if change >= 0 else ''}{formatting.money(change)})")
        labels = [label for label, _ in board.buckets]
        self.chart.set_bars(
            [
                (label, amount, severity_colour(0 if label == NOT_DUE else labels.index(label), len(labels) - 1))
                for label, amount in board.buckets
            ]
        )
        self.classes.setText(
            "Classes: "
            + " &nbsp;·&nbsp; ".join(
                f"<span style='color:{CLASS_COLOURS[c]}'>{CLASS_NAMES[c]} "
                f"<b>{formatting.money(board.classes[c])}</b></span>"
                for c in CLASS_ORDER
            )
        )
        self.top.set_rows(board.top_overdue)
        self.warnings.set_rows(board.warnings)
        self.warning_caption.setText(f"Open warnings ({len(board.warnings)})")
        self.status.setText(f"As of {board.as_of}")

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The top overdue customers."""
        return self.top.export_rows() if self.board is not None else None
