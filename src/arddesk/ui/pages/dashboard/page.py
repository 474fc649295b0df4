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
from arddesk.domain.classes import CLASS_ORDER
from arddesk.domain.dashboard import share
from arddesk.services.dashboard import Dashboard, OverdueCustomer, dashboard
from arddesk.store.db import Database
from arddesk.text import N_, _, formats, ngettext
from arddesk.text.messages import class_name
from arddesk.ui import plain, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.dashboard.key_dialog import KeyRuleDialog
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
    Column("code", N_("Customer"), lambda r: r.code),
    Column("name", N_("Name"), lambda r: r.name),
    Column("overdue", N_("Overdue"), lambda r: r.overdue, "money"),
    Column("total", N_("Balance"), lambda r: r.total, "money"),
]

class TopModel(ListTableModel):
    """The key receivables: the customers that hold most of the overdue money (the company's rule)."""

    columns = tuple(TOP_COLUMNS)

    def mark(self, row: OverdueCustomer) -> str | None:
        return "overdue"


class DashboardPage(Page):
    """The owner's one-screen summary."""

    title = N_("Dashboard")
    refreshed = Signal(int)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.generation = 0
        self.pending = 0
        self.board: Dashboard | None = None
        self.as_of = date_edit(self.today, "dashboardAsOf")
        self.as_of.dateChanged.connect(lambda *_: self.refresh())
        refresh = QPushButton(_("Refresh"))
        refresh.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(plain.label(_("As of")))
        bar.addWidget(self.as_of)
        bar.addWidget(refresh)
        bar.addStretch(1)

        self.receivable = Tile(_("Total receivable"), "tileReceivable")
        self.overdue = Tile(_("Overdue share"), "tileOverdue")
        self.dso = Tile(_("Days sales outstanding (90 days)"), "tileDso")
        self.cash = Tile(_("Cash collected this month"), "tileCash")
        self.cash_last = Tile(_("Cash collected last month"), "tileCashLast")
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
        grid.addWidget(plain.label(_("Aging by bucket"), bold=True), 0, 0)
        self.key_caption = plain.label(_("Key receivables"), bold=True)
        self.key_caption.setObjectName("keyCaption")
        self.key_caption.setToolTip(_("The fewest customers, largest overdue first, that hold the share of the "
                                      "overdue set in the company settings (key_share, key_most)"))
        key_rule = QPushButton(_("Rule…"))
        key_rule.setObjectName("keyRule")
        key_rule.clicked.connect(self.edit_key_rule)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_caption, 1)
        key_row.addWidget(key_rule)
        grid.addLayout(key_row, 0, 1)
        grid.addWidget(self.chart, 1, 0)
        grid.addWidget(self.top_table, 1, 1)
        grid.addWidget(self.classes, 2, 0, 1, 2)
        self.warning_caption = plain.label(_("Open warnings"), bold=True)
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

    def edit_key_rule(self) -> None:
        """Let the owner say which customers are key; the list follows at once."""
        if self.db is not None and KeyRuleDialog(self.db, self).exec():
            self.refresh()

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
        self.status.setText(_("Reading…"))

        def work(_progress: Callable[..., None]) -> tuple[int, Dashboard]:
            return generation, dashboard(db, as_of)

        self.pending += 1
        run_in_background(self, _("Dashboard…"), work, on_done=self._done, on_error=self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        self.pending = max(self.pending - 1, 0)
        if shiboken6.isValid(self):
            self.status.setText("")
            show_error(self, _("Dashboard"), exc)

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
        self.receivable.value.setText(formats.money(board.receivable))
        self.overdue.value.setText(formats.percent(board.overdue_share) or "—")
        self.overdue.caption.setText(
            _("Overdue share ({overdue} past due)").format(overdue=formats.money(board.overdue))
        )
        self.dso.value.setText("—" if board.dso is None else f"{board.dso} days")
        self.cash.value.setText(formats.money(board.cash_this_month))
        self.cash_last.value.setText(formats.money(board.cash_last_month))
        change = board.cash_this_month - board.cash_last_month
        self.cash.caption.setText(
            _("Cash this month (vs last: {value}{change})").format(
                value="+" if change >= 0 else "", change=formats.money(change)
            )
        )
        labels = [label for label, _ in board.buckets]
        self.chart.set_bars(
            [
                (label, amount, severity_colour(0 if label == NOT_DUE else labels.index(label), len(labels) - 1))
                for label, amount in board.buckets
            ]
        )
        self.classes.setText(
            _("Classes: ")
            + " &nbsp;·&nbsp; ".join(
                _("<span style='color:{CLASS_COLOURS}'>{class_name} <b>{money}</b></span>").format(
                    CLASS_COLOURS=CLASS_COLOURS[c], class_name=class_name(c), money=formats.money(board.classes[c])
                )
                for c in CLASS_ORDER
            )
        )
        self.top.set_rows(board.top_overdue)
        held = sum(c.overdue for c in board.top_overdue)
        self.key_caption.setText(
            ngettext(
                "Key receivables: {count} customer holds {share} of the overdue",
                "Key receivables: {count} customers hold {share} of the overdue",
                len(board.top_overdue),
            ).format(count=len(board.top_overdue), share=formats.percent(share(held, board.overdue)) or "—")
        )
        self.warnings.set_rows(board.warnings)
        self.warning_caption.setText(_("Open warnings ({warnings})").format(warnings=len(board.warnings)))
        self.status.setText(_("As of {as_of}").format(as_of=board.as_of))

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The top overdue customers."""
        return self.top.export_rows() if self.board is not None else None
