"""Table models over windowed SQL reads: the row count from SQL, rows fetched a page at a time.

A model never holds more than ``MAX_PAGES`` pages; sorting calls SQL again with another
ORDER BY, filtering another WHERE. Display text comes from ``text.formats``; the sort role
gives the raw ``Decimal``/``date``/``int``; the row role gives the row object itself.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDeadlineTimer,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from arddesk.domain.money import from_minor
from arddesk.store.db import Database
from arddesk.text import _, formats
from arddesk.ui import theme

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_MARK_BACKGROUND = {mark: theme.colour(value) for mark, value in theme.ROW_BACKGROUNDS.items()}
_MARK_FOREGROUND = {mark: theme.colour(value) for mark, value in theme.ROW_FOREGROUNDS.items()}
_ALERT = theme.colour(theme.ALERT)

Index = QModelIndex | QPersistentModelIndex


def _mark_font(mark: str | None) -> QFont | None:
    """Bold for what stops a delivery; struck through for a void document (still listed, never counted)."""
    if mark in ("stop", "over_limit"):
        return theme.bold()
    if mark == "void":
        font = QFont()
        font.setStrikeOut(True)
        return font
    return None


@dataclass(frozen=True)
class Column:
    """One column: its key (also the SQL sort key), title, kind of value and how to read it from a row.

    ``kind``: ``text``, ``money`` (cents), ``date``, ``int`` or ``percent``; ``alert`` says when the
    cell alone is shown in red (e.g. an overdue amount), without colouring the whole row.
    """

    key: str
    title: str
    get: Callable[[Any], Any]
    kind: str = "text"
    sortable: bool = True
    alert: Callable[[Any], bool] | None = None

    def display(self, value: Any) -> str:
        """The value as shown in a cell."""
        if value is None:
            return ""
        if self.kind == "money":
            return formats.money(value)
        if self.kind == "date":
            return formats.day(value)
        if self.kind == "percent":
            return formats.percent(value)
        if self.kind == "int":
            return formats.count(value)
        return str(value)

    def raw(self, value: Any) -> Any:
        """The value for sorting and export: Decimal for money, the date itself for dates."""
        if value is not None and self.kind == "money":
            return from_minor(value)
        if value is not None and self.kind == "percent":
            return Decimal(str(value))
        return value


class _CountSignals(QObject):
    counted = Signal(int, int, object)


class _CountRunnable(QRunnable):
    def __init__(self, count: Callable[[], int], generation: int, signals: _CountSignals) -> None:
        super().__init__()
        self.count = count
        self.generation = generation
        self.signals = signals

    def run(self) -> None:
        try:
            result: Any = self.count()
        except Exception as exc:
            result = exc
        with contextlib.suppress(RuntimeError):  # the model was deleted meanwhile
            self.signals.counted.emit(self.generation, -1 if isinstance(result, Exception) else result, result)


class WindowedTableModel(QAbstractTableModel):
    """Base of the big-list models; subclasses give columns and the SQL-backed count and page.

    A refresh reads the first page at once and shows it; when the page is full, the total is
    counted off the GUI thread and the remaining rows are announced when it arrives, so the
    first screen never waits for a count over a million rows.
    """

    PAGE = 200
    MAX_PAGES = 40
    count_in_background = True
    columns: tuple[Column, ...] = ()
    default_sort = ""
    default_descending = False
    failed = Signal(object)
    counted = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.filter: Any = None
        self.sort_key = self.default_sort or self.columns[0].key
        self.descending = self.default_descending
        self._count = 0
        self._exact = True
        self._generation = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._cells: dict[int, tuple[Any, list[str], str | None]] = {}
        self._failed = False
        self._count_signals = _CountSignals()
        self._count_signals.counted.connect(self._count_arrived)

    # ---------------------------------------------------------------- subclass hooks
    def fetch_count(self) -> int:
        """How many rows the current filter lets through (SQL)."""
        raise NotImplementedError

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        """Rows ``offset``..``offset+limit`` in the current sort (SQL); ``self.total`` may help."""
        raise NotImplementedError

    def mark(self, row: Any) -> str | None:
        """``overdue``, ``over_limit``, ``stop``, ``restricted``, ``paid``, ``void`` or None: how to show the row."""
        return None

    @property
    def total(self) -> int | None:
        """The filtered row count once known exactly (None while it is being counted)."""
        return self._count if self._exact else None

    @property
    def is_counting(self) -> bool:
        """Whether the total is still being counted."""
        return not self._exact

    # ---------------------------------------------------------------- control
    def set_database(self, db: Database | None) -> None:
        """Show another company (None: nothing)."""
        self.db = db
        self.refresh()

    def set_filter(self, flt: Any) -> None:
        """Show what ``flt`` lets through."""
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Forget every cached row, show the first page, count the rest."""
        self._generation += 1
        self.beginResetModel()
        self._pages.clear()
        self._cells.clear()
        self._failed = False
        self._count = 0
        self._exact = True
        start_count = False
        if self.db is not None and self.filter is not None:
            try:
                first = self.fetch_page(0, self.PAGE)
                self._pages[0] = first
                self._count = len(first)
                if len(first) >= self.PAGE:
                    if self.count_in_background:
                        self._exact = False
                        start_count = True
                    else:
                        self._count = self.fetch_count()
            except Exception as exc:
                self._count = 0
                self._report(exc)
        self.endResetModel()
        if start_count:
            QThreadPool.globalInstance().start(_CountRunnable(self.fetch_count, self._generation, self._count_signals))
        else:
            self.counted.emit(self._count)

    def wait_for_count(self, timeout_ms: int = 30_000) -> None:
        """Block until the background count has arrived (for scripts and benchmarks)."""
        deadline = QDeadlineTimer(timeout_ms)
        while self.is_counting and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def _count_arrived(self, generation: int, count: int, result: Any) -> None:
        if generation != self._generation:
            return  # a newer filter or sort is already showing
        self._exact = True
        if isinstance(result, Exception):
            self._report(result)
            self.counted.emit(self._count)
            return
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        self.counted.emit(self._count)

    def _report(self, exc: BaseException) -> None:
        if not self._failed:
            self._failed = True
            self.failed.emit(exc)

    def row_at(self, row: int) -> Any | None:
        """The row object at ``row`` (fetching its page if needed)."""
        if not 0 <= row < self._count:
            return None
        page_number = row // self.PAGE
        page = self._pages.get(page_number)
        if page is None:
            if self.db is None or self._failed:
                return None
            try:
                page = self.fetch_page(page_number * self.PAGE, self.PAGE)
            except Exception as exc:
                self._report(exc)
                return None
            self._pages[page_number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        offset = row - page_number * self.PAGE
        return page[offset] if offset < len(page) else None

    def iter_rows(self, chunk: int = 5000) -> Any:
        """Every row in the current filter and sort, a chunk at a time (for export)."""
        total = self.fetch_count() if self.is_counting else self._count
        for offset in range(0, total, chunk):
            yield from self.fetch_page(offset, chunk)

    def column_index(self, key: str) -> int:
        """The position of the column with ``key``."""
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    # ---------------------------------------------------------------- Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.columns):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.FontRole,
            ROW_ROLE,
            SORT_ROLE,
        ):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind in ("money", "int", "percent") else _LEFT
        cell = self._cells.get(index.row())
        if cell is None:
            row = self.row_at(index.row())
            if row is None:
                return None
            if len(self._cells) > 4 * self.PAGE:
                self._cells.clear()
            cell = (row, [c.display(c.get(row)) for c in self.columns], self.mark(row))
            self._cells[index.row()] = cell
        row, shown, mark = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return shown[index.column()]
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole):
            if role == Qt.ItemDataRole.ForegroundRole and column.alert is not None and column.alert(row):
                return QBrush(_ALERT)
            if mark is None:
                return None
            if role == Qt.ItemDataRole.FontRole:
                return _mark_font(mark)
            colours = _MARK_FOREGROUND if role == Qt.ItemDataRole.ForegroundRole else _MARK_BACKGROUND
            colour = colours.get(mark)
            return None if colour is None else QBrush(colour)
        return column.raw(column.get(row))  # SORT_ROLE

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind in ("money", "int", "percent") else _LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        self.sort_key = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def export_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and raw values of every row shown (filtered and sorted as on screen)."""
        return [_(c.title) for c in self.columns], [
            [c.raw(c.get(row)) for c in self.columns] for row in self.iter_rows()
        ]


class ListTableModel(QAbstractTableModel):
    """A small in-memory table (a customer's ledger, the override log): rows set as a list."""

    columns: tuple[Column, ...] = ()

    def __init__(self, columns: Sequence[Column] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = tuple(columns)
        self.rows: list[Any] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on the column's raw values (Decimal, date, …); blank cells stay last either way."""
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        self.layoutAboutToBeChanged.emit()
        present = [row for row in self.rows if spec.raw(spec.get(row)) not in (None, "")]
        missing = [row for row in self.rows if spec.raw(spec.get(row)) in (None, "")]
        present.sort(key=lambda row: spec.raw(spec.get(row)), reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = present + missing
        self.layoutChanged.emit()

    def set_rows(self, rows: list[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def mark(self, row: Any) -> str | None:
        """How to colour the row (see WindowedTableModel.mark)."""
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or index.column() >= len(self.columns):
            return None
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(column.get(row))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind in ("money", "int", "percent") else _LEFT
        if role == SORT_ROLE:
            return column.raw(column.get(row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.FontRole:
            return _mark_font(self.mark(row))
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            mark = self.mark(row)
            colours = _MARK_FOREGROUND if role == Qt.ItemDataRole.ForegroundRole else _MARK_BACKGROUND
            colour = colours.get(mark) if mark else None
            return None if colour is None else QBrush(colour)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[section].kind in ("money", "int", "percent") else _LEFT
        return None

    def export_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and raw values of every row."""
        return [_(c.title) for c in self.columns], [[c.raw(c.get(row)) for c in self.columns] for row in self.rows]
