"""The owner's dashboard: receivable, overdue share, DSO, cash, aging chart, top overdue, warnings.

The bar chart is drawn with QPainter (Qt Charts is GPL-only; the project stays free of it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QMouseEvent
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
from arddesk.services.browse import customer_names
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
    """One headline figure with its caption; a click opens what it adds up (``clicked``)."""

    clicked = Signal()

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        self.value = plain.label("—")
        self.value.setObjectName(f"{name}Value")
        self.value.setFont(theme.headline(self.value.font()))
        self.caption = plain.label(caption)
        self.caption.setStyleSheet(theme.text_style(theme.MUTED))
        self.caption.setWordWrap(True)  # a long comparison wraps rather than being cut
        # Room for two lines from the start: the tile row is laid out before the figures arrive.
        self.caption.setMinimumHeight(2 * self.caption.fontMetrics().lineSpacing())
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


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
        self.chart.setToolTip(_("Click a bar for the deliveries in it"))
        self.chart.bar_clicked.connect(self.open_bucket)
        self.classes = plain.rich_label("dashboardClasses")  # fixed words and money only
        self.top = TopModel()
        self.top_table = make_table(self.top, {0: 80, 1: 200, 2: 110})
        self.top_table.setObjectName("topOverdue")
        self.warnings = WarningModel()
        self.warning_table = make_table(self.warnings, {0: 80, 1: 180, 2: 220, 3: 85, 4: 120})
        self.warning_table.setObjectName("dashboardWarnings")
        # A line of either list opens its customer (double-click or Enter).
        self.top_table.activated.connect(lambda index: self.open_customer.emit(self.top.rows[index.row()].code))
        self.warning_table.activated.connect(
            lambda index: self.open_customer.emit(self.warnings.rows[index.row()].customer)
        )
        self.receivable.clicked.connect(lambda: self.open_page("Aging"))
        self.dso.clicked.connect(lambda: self.open_page("Aging"))
        self.overdue.clicked.connect(self.open_overdue)
        self.cash.clicked.connect(lambda: self.open_payments(last_month=False))
        self.cash_last.clicked.connect(lambda: self.open_payments(last_month=True))

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
        if self.board is None:  # nothing shown yet: say it is coming, not that nothing is open
            self.chart.empty_text = _("Reading…")
            self.chart.update()

        def work(_progress: Callable[..., None]) -> tuple[int, Dashboard, dict[str, str]]:
            board = dashboard(db, as_of)
            return generation, board, customer_names(db, [w.customer for w in board.warnings])

        self.pending += 1
        run_in_background(self, _("Dashboard…"), work, on_done=self._done, on_error=self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        self.pending = max(self.pending - 1, 0)
        if shiboken6.isValid(self):
            self.status.setText("")
            show_error(self, _("Dashboard"), exc)

    def _done(self, result: tuple[int, Dashboard, dict[str, str]]) -> None:
        self.pending = max(self.pending - 1, 0)
        generation, board, names = result
        if not shiboken6.isValid(self) or generation != self.generation:
            return
        self.show_board(board, names)
        self.refreshed.emit(generation)

    def show_board(self, board: Dashboard, names: dict[str, str] | None = None) -> None:
        """Fill the tiles, chart and tables (``names``: the warnings' customers' names, by code)."""
        self.board = board
        self.chart.empty_text = _("Nothing open")
        self.receivable.value.setText(formats.money(board.receivable))
        self.overdue.value.setText(formats.percent(board.overdue_share) or "—")
        self.overdue.caption.setText(
            _("Overdue share ({overdue} past due)").format(overdue=formats.money(board.overdue))
        )
        self.dso.value.setText("—" if board.dso is None else _("{days} days").format(days=board.dso))
        self.cash.value.setText(formats.money(board.cash_this_month))
        self.cash_last.value.setText(formats.money(board.cash_last_month))
        # Like for like: the month so far against the same days of last month.
        change = board.cash_this_month - board.cash_last_month_to_date
        self.cash.caption.setText(
            _("Cash this month ({change} on the same days last month)").format(
                change=("+" if change >= 0 else "") + formats.money(change)
            )
        )
        codes = [code for code, _amount in board.buckets]
        self.chart.set_bars(
            [
                (code, amount, severity_colour(0 if code == NOT_DUE else codes.index(code), len(codes) - 1))
                for code, amount in board.buckets
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
        self.warnings.set_warnings(board.warnings, names or {})
        self.warning_caption.setText(_("Open warnings ({warnings})").format(warnings=len(board.warnings)))
        self.status.setText(_("As of {as_of}").format(as_of=board.as_of))

    # ---------------------------------------------------------------- drill-down
    def open_page(self, title: str) -> Any:
        """Show another page of the main window and return it (None outside one): its filters are set by name."""
        go_to = getattr(QWidget.window(self), "go_to", None)
        return None if go_to is None else go_to(title)

    def open_bucket(self, code: str) -> None:
        """The deliveries in one bucket of the aging as of the dashboard's date."""
        page = self.open_page("Aging")
        open_bucket = getattr(page, "open_bucket", None)
        if open_bucket is not None:
            open_bucket(self.as_of_date, code)

    def open_overdue(self) -> None:
        """The overdue deliveries in the delivery log."""
        page = self.open_page("Delivery log")
        state = getattr(page, "state", None)
        if page is not None and state is not None:
            state.setCurrentIndex(state.findData("overdue"))
            page.apply_filter()

    def open_payments(self, *, last_month: bool) -> None:
        """The payments behind a cash tile: this month to the as-of date, or all of last month."""
        page = self.open_page("Payments")
        if page is None:
            return
        as_of = self.as_of_date
        first = as_of.replace(day=1)
        start, end = ((first - timedelta(days=1)).replace(day=1), first - timedelta(days=1)) if last_month else (
            first, as_of
        )
        page.date_from.setText(start.isoformat())
        page.date_to.setText(end.isoformat())
        page.source.setCurrentIndex(page.source.findData("payment"))
        page.apply_filter()

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The top overdue customers."""
        return self.top.export_rows() if self.board is not None else None
