"""What every list page shares: search as you type, filters, a lazily filled table, a count."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain import limits
from arddesk.domain.dates import parse_date
from arddesk.domain.problems import InvalidValue
from arddesk.text import N_, _, formats, ngettext
from arddesk.ui import feedback, plain
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.widgets.tablemodel import ROW_ROLE, WindowedTableModel

SEARCH_DELAY_MS = 250


def make_table(model: Any, widths: dict[int, int] | None = None) -> QTableView:
    """A table view set up for big lists: fixed row height, no resize-to-contents, sorting in the model."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(24)
    horizontal = table.horizontalHeader()
    horizontal.setHighlightSections(False)
    horizontal.setStretchLastSection(True)
    for column, width in (widths or {}).items():
        table.setColumnWidth(column, width)
    return table


def date_edit(day: date, name: str = "") -> QDateEdit:
    """A date picker (ISO, calendar popup) that keeps to the dates arddesk accepts, 1900–2100."""
    edit = QDateEdit()
    if name:
        edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDateRange(qdate(limits.FIRST_DATE), qdate(limits.LAST_DATE))
    edit.setDate(qdate(day))
    return edit


def qdate(day: date) -> QDate:
    """A date as Qt's date."""
    return QDate(day.year, day.month, day.day)


def combo(items: list[tuple[str, str]], name: str) -> QComboBox:
    """A filter combo: (label, value) pairs."""
    box = QComboBox()
    box.setObjectName(name)
    for label, value in items:
        box.addItem(label, value)
    return box


def translated(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, value) pairs with each label (marked with ``N_``) in the language in use."""
    return [(_(label), value) for label, value in items]


def set_combo_items(box: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace a combo's items, keeping the current value when it is still there."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    for label, value in items:
        box.addItem(label, value)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))
    box.blockSignals(False)


def optional_date(edit: QLineEdit) -> date | None:
    """The date typed in a filter box, None when blank or not (yet) a date."""
    text = edit.text().strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except InvalidValue:
        return None


class ListPage(Page):
    """A page with a search box, filters, a windowed table and a row count."""

    search_hint = N_("Search")
    model: WindowedTableModel

    def __init__(self, model: WindowedTableModel, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.model = model
        self.model.failed.connect(lambda exc: show_error(self, self.title or "arddesk", exc))
        self.model.counted.connect(lambda _count: self.update_count())
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_(self.search_hint))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self.timer.start)
        self.count_label = plain.label(name="countLabel")

        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.search)
        self.table = make_table(self.model)
        self.table.setObjectName("table")
        self.table.setSortingEnabled(True)
        default = self.model.column_index(self.model.sort_key)
        order = Qt.SortOrder.DescendingOrder if self.model.default_descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(default, order)

        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 6, 6, 6)
        self.layout_.addLayout(self.filter_bar)

    def finish_layout(self, body: QWidget | None = None) -> None:
        """Put the filter bar's stretch, the table (or ``body``) and the count in place."""
        self.filter_bar.addStretch(1)
        self.filter_bar.addWidget(self.count_label)
        self.layout_.addWidget(body if body is not None else self.table, 1)

    def finish_with_buttons(self, actions: Sequence[tuple[str, Callable[[], object], str]]) -> None:
        """Finish the layout with a row of buttons under the table: (text, what it does, object name)."""
        buttons = QHBoxLayout()
        for text, slot, name in actions:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, act=slot: act())
            buttons.addWidget(button)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.finish_layout(body)

    def watch(self, *widgets: Any) -> None:
        """Re-filter (debounced) when any of these filter widgets change."""
        for widget in widgets:
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.timer.start)
            elif isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.timer.start)
            else:
                widget.toggled.connect(self.timer.start)

    def build_filter(self) -> Any:
        """The filter object for the model, from the widgets."""
        raise NotImplementedError

    def apply_filter(self) -> None:
        """Show what the filter widgets ask for now."""
        self.timer.stop()
        if self.db is None:
            return
        self.model.set_filter(self.build_filter())
        self.update_count()
        if self.search.text().strip() and self.model.rowCount() == 1 and not self.model.is_counting:
            self.show_row(0)  # the one hit of a search is the one wanted

    def show_row(self, row: int) -> None:
        """Select line ``row`` and scroll it into view."""
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def show_saved(self, matches: Callable[[Any], bool], message: str, number: str = "") -> None:
        """After a save: say ``message`` in the status bar and select the saved row.

        The row is looked for among the first lines (the newest, in the default order); failing that,
        the search is set to its ``number``, which finds it and selects it as the one hit.
        """
        feedback.announce(self, message)
        if self.db is None:
            return
        for row in range(min(self.model.rowCount(), self.model.PAGE)):
            found = self.model.row_at(row)
            if found is not None and matches(found):
                self.show_row(row)
                return
        if number:
            self.search.setText(number)
            self.apply_filter()

    def update_count(self) -> None:
        """The row count under the filter bar."""
        if self.model.is_counting:
            self.count_label.setText(_("{count}+ rows (counting…)").format(count=formats.count(self.model.rowCount())))
        else:
            rows = self.model.rowCount()
            self.count_label.setText(ngettext("{count} row", "{count} rows", rows).format(count=formats.count(rows)))

    def set_database(self, db: Any) -> None:
        self.db = db
        self.model.db = db
        if db is not None:
            self.refresh()
        else:
            self.model.set_database(None)

    def refresh(self) -> None:
        self.refresh_choices()
        self.apply_filter()

    def refresh_choices(self) -> None:
        """Reload the values offered in filter combos."""

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_row(self) -> Any | None:
        """The row object of the selected line."""
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            current = self.table.currentIndex()
            return current.data(ROW_ROLE) if current.isValid() else None
        return indexes[0].data(ROW_ROLE)

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        return self.model.export_rows()

    def export_context(self) -> list[tuple[str, str]]:
        """The filters set in the filter bar: search text, dates, chosen values, ticked boxes."""
        context: list[tuple[str, str]] = []
        for index in range(self.filter_bar.count()):
            item = self.filter_bar.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLineEdit) and widget.text().strip():
                label = widget.placeholderText().replace("YYYY-MM-DD", "").strip() or _("search")
                context.append((label, widget.text().strip()))
            elif isinstance(widget, QComboBox) and widget.currentIndex() > 0:
                context.append(("", widget.currentText()))
            elif isinstance(widget, QCheckBox) and widget.isChecked():
                context.append(("", widget.text()))
            elif isinstance(widget, QDateEdit):
                context.append((_("as of"), widget.date().toString("yyyy-MM-dd")))
        return context

    def export_model(self) -> Any:
        """The table that Export to Excel writes: the page's list, or a smaller table that has the focus."""
        for view in self.findChildren(QTableView):
            if view is not self.table and view.hasFocus():
                return view.model()
        return self.model

    def save_layout(self, settings: QSettings) -> None:
        """Remember column widths and where the page's splitter sits."""
        settings.setValue(f"{self.objectName()}/header", self.table.horizontalHeader().saveState())
        splitter = getattr(self, "splitter", None)
        if splitter is not None:
            settings.setValue(f"{self.objectName()}/splitter", splitter.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        """Column widths and splitter position from the last run."""
        state = settings.value(f"{self.objectName()}/header")
        if state is not None:
            header = self.table.horizontalHeader()
            header.restoreState(state)
            # The sort the clerk chose last time, not only its arrow.
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        splitter = getattr(self, "splitter", None)
        split = settings.value(f"{self.objectName()}/splitter")
        if splitter is not None and split is not None:
            splitter.restoreState(split)
