"""The aging grid: as of any date, by customer, rep or department, with class totals and drill-down.

The grid is read off the GUI thread (``ui.tasks.run_in_background``); every refresh takes a
new generation number and a result whose generation is no longer the newest is dropped, so
a slow, stale read never overwrites a newer one. The grid's numbers come from
``services.aging.aging_report`` — the same function ``arddesk aging`` prints — so the two
agree to the cent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.aging import NOT_DUE, Basis, DebtClass
from arddesk.domain.classes import CLASS_ORDER, DebtCause
from arddesk.domain.money import from_minor
from arddesk.reports.tables import write_table
from arddesk.services import risk
from arddesk.services.aging import TOTAL_KEY, AgingReport, aging_report
from arddesk.services.risk import ClassifiedDelivery
from arddesk.services.settings import load_settings, update_settings
from arddesk.store.aging import AgingLine, GroupBy
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.text.messages import cause_name, class_name, code_text, warning_text, warning_title
from arddesk.ui import plain, tasks, theme
from arddesk.ui.errors import reported, show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.plain import escape
from arddesk.ui.tasks import run_in_background
from arddesk.ui.theme import CLASS_COLOURS, severity_colour
from arddesk.ui.widgets.page import date_edit, make_table
from arddesk.ui.widgets.tablemodel import ROW_ROLE, SORT_ROLE, Column, ListTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

GROUP_BY_TEXT = {
    GroupBy.CUSTOMER: N_("by customer"),
    GroupBy.REP: N_("by rep"),
    GroupBy.DEPARTMENT: N_("by department"),
}
GROUP_TITLES = {GroupBy.CUSTOMER: N_("Customer"), GroupBy.REP: N_("Rep"), GroupBy.DEPARTMENT: N_("Department")}


@dataclass(frozen=True)
class AgingView:
    """What one refresh read: the report and the arguments that made it."""

    report: AgingReport
    generation: int
    disputed: dict[str, tuple[int, int]] = field(default_factory=dict)


def _class_key(debt_class: DebtClass) -> str:
    return f"class:{debt_class.value}"


CLASS_KEYS = {_class_key(c): c for c in CLASS_ORDER}


class AgingModel(QAbstractTableModel):
    """The aging grid: one row per line, then the TOTAL row; columns as the CLI's, then ``disputed``
    and the open amount in each of the five classes (which arrive after the grid).

    The display role gives formatted money, the sort role the exact Decimal, the row role the
    :class:`AgingLine`. Sorting keeps the TOTAL row last.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: AgingReport | None = None
        self.lines: list[AgingLine] = []
        self.disputed: dict[str, tuple[int, int]] = {}
        self.classes: dict[str, dict[DebtClass, int]] = {}
        self.disputed_only = False
        self.keys: list[str] = []
        self.titles: list[str] = []

    # ------------------------------------------------------------------ contents
    def set_report(self, report: AgingReport | None, disputed: dict[str, tuple[int, int]] | None = None) -> None:
        """Show a new report (None: empty); the class amounts of the previous one are dropped."""
        self.beginResetModel()
        self.report = report
        self.classes = {}
        if disputed is not None:
            self.disputed = disputed
        self._fill()
        self.endResetModel()

    def set_extras(
        self, disputed: dict[str, tuple[int, int]], classes: dict[str, dict[DebtClass, int]] | None = None
    ) -> None:
        """The disputed counts and the class amounts per row arrived (after the grid)."""
        if self.disputed_only:
            self.beginResetModel()
            self.disputed = disputed
            self.classes = classes or {}
            self._fill()
            self.endResetModel()
            return
        self.disputed = disputed
        self.classes = classes or {}
        if self.lines:
            first = self.keys.index("disputed")
            self.dataChanged.emit(self.index(0, first), self.index(len(self.lines), len(self.keys) - 1))

    def class_totals(self) -> dict[DebtClass, int]:
        """Open cents per class over every row of the report (not only the rows shown)."""
        return {c: sum(amounts.get(c, 0) for amounts in self.classes.values()) for c in CLASS_ORDER}

    def set_disputed_only(self, on: bool) -> None:
        """Show only the rows with a disputed delivery."""
        self.beginResetModel()
        self.disputed_only = on
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        report = self.report
        if report is None:
            self.lines, self.keys, self.titles = [], [], []
            return
        self.keys = [*report.columns, "disputed", *CLASS_KEYS]
        self.titles = [
            _("Key"),
            _(GROUP_TITLES[report.by]),
            _("Not due"),
            *(code_text(label) for label in report.buckets.labels),
            _("Unapplied"),
            _("Total"),
            _("Disputed"),
            *(class_name(c) for c in CLASS_ORDER),
        ]
        lines = list(report.lines)
        if self.disputed_only:
            lines = [line for line in lines if line.key in self.disputed]
        self.lines = lines

    @property
    def total(self) -> AgingLine | None:
        """The TOTAL line of the report (of every line, not only the rows shown)."""
        return None if self.report is None else self.report.total

    def line_at(self, row: int) -> AgingLine | None:
        """The line on ``row`` (the TOTAL line on the last row)."""
        if 0 <= row < len(self.lines):
            return self.lines[row]
        if row == len(self.lines) and self.report is not None:
            return self.report.total
        return None

    def value(self, line: AgingLine, column: int) -> Any:
        """The raw value of a cell: text, cents (int) or None."""
        key = self.keys[column]
        if key == "key":
            return line.key
        if key == "name":
            return line.name
        if key == NOT_DUE:
            return line.not_due
        if key == "unapplied":
            return line.unapplied
        if key == "total":
            return line.total
        if key == "disputed":
            if line.key == TOTAL_KEY:
                return sum(n for n, _ in self.disputed.values()) if self.disputed else None
            found = self.disputed.get(line.key)
            return found[0] if found else None
        if key in CLASS_KEYS:
            if not self.classes:
                return None
            if line.key == TOTAL_KEY:
                return self.class_totals()[CLASS_KEYS[key]]
            return self.classes.get(line.key, {}).get(CLASS_KEYS[key], 0)
        return line.buckets[column - 3]

    def bucket_of(self, column: int) -> str | None:
        """``not_due`` or the bucket label of a column; None for the other columns."""
        if not 0 <= column < len(self.keys):
            return None
        key = self.keys[column]
        if key == NOT_DUE or (self.report is not None and key in self.report.buckets.labels):
            return key
        return None

    def is_money(self, column: int) -> bool:
        """Whether the column holds money."""
        return self.keys[column] not in ("key", "name", "disputed")

    # ------------------------------------------------------------------ Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.report is None:
            return 0
        return len(self.lines) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.keys):
            return None
        line = self.line_at(index.row())
        if line is None:
            return None
        column = index.column()
        value = self.value(line, column)
        money = self.is_money(column)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if money:
                return formats.money(value)
            return formats.count(value) if isinstance(value, int) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if money or self.keys[column] == "disputed" else _LEFT
        if role == SORT_ROLE:
            return from_minor(value) if money and value is not None else value
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.FontRole and line.key == TOTAL_KEY:
            return theme.bold()
        if role == Qt.ItemDataRole.ForegroundRole and money and isinstance(value, int) and value > 0:
            bucket = self.bucket_of(column)
            if bucket is not None and self.report is not None:
                labels = [NOT_DUE, *self.report.buckets.labels]
                return QBrush(theme.colour(severity_colour(labels.index(bucket), len(labels) - 1)))
        if role == Qt.ItemDataRole.ForegroundRole and self.keys[column] == "disputed" and value:
            return QBrush(theme.colour(theme.DISPUTED))
        if role == Qt.ItemDataRole.ForegroundRole and self.keys[column] in CLASS_KEYS and value:
            return QBrush(theme.colour(CLASS_COLOURS[CLASS_KEYS[self.keys[column]]]))
        if role == Qt.ItemDataRole.BackgroundRole and line.key == TOTAL_KEY:
            return QBrush(theme.colour(theme.TOTAL_BACKGROUND))
        if role == Qt.ItemDataRole.ToolTipRole and self.bucket_of(column) is not None:
            return _("Double-click: the deliveries behind this amount")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.titles[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if self.keys[section] in ("key", "name") else _RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.keys) or not self.lines:
            return
        self.layoutAboutToBeChanged.emit()

        def sort_key(line: AgingLine) -> tuple[bool, Any]:
            value = self.value(line, column)
            return (value is None, value if value is not None else 0)

        self.lines.sort(key=sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def export_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Exactly what is shown: the titles, then each row (the TOTAL row last) as raw values."""
        rows = []
        for row in range(self.rowCount()):
            line = self.line_at(row)
            assert line is not None
            values = []
            for column in range(len(self.keys)):
                value = self.value(line, column)
                values.append(from_minor(value) if self.is_money(column) and value is not None else value)
            rows.append(values)
        return list(self.titles), rows


DETAIL_COLUMNS = [
    Column("number", N_("Delivery"), lambda r: r.number),
    Column("customer", N_("Customer"), lambda r: r.customer),
    Column("name", N_("Name"), lambda r: r.customer_name),
    Column("date", N_("Date"), lambda r: r.date, "date"),
    Column("due", N_("Due"), lambda r: r.due_date, "date"),
    Column("days", N_("Days overdue"), lambda r: r.days_overdue, "int"),
    Column("open", N_("Open"), lambda r: r.open, "money"),
    Column("bucket", N_("Bucket"), lambda r: r.bucket),
    Column("class", N_("Class"), lambda r: class_name(r.debt_class.debt_class)),
    Column("why", N_("Class set by"), lambda r: _class_source(r)),
    Column("cause", N_("Cause"), lambda r: cause_name(r.cause) if r.cause else ""),
    Column("note", N_("Cause note"), lambda r: r.cause_note),
]


def _class_source(row: ClassifiedDelivery) -> str:
    ec = row.debt_class
    if not ec.overridden:
        return _("days overdue")
    return _("clerk ({value}): {reason} — by days: {value2}").format(
        value=ec.source.value, reason=ec.reason, value2=ec.computed.value
    )


class DetailModel(ListTableModel):
    """The deliveries behind a cell, with class and cause."""

    columns = tuple(DETAIL_COLUMNS)

    def mark(self, row: ClassifiedDelivery) -> str | None:
        if row.disputed:
            return "restricted"
        return "overdue" if rank_of(row) >= 2 else None


def rank_of(row: ClassifiedDelivery) -> int:
    """0 (not due) to 4 (dead): the row's effective class as a number."""
    return CLASS_ORDER.index(row.debt_class.debt_class)


class ReasonDialog(QDialog):
    """Ask for a class (or a cause) and a note."""

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, str]],
        note_label: str,
        parent: QWidget | None = None,
        allow_clear: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = QComboBox()
        self.choice.setObjectName("choice")
        for label, value in choices:
            self.choice.addItem(label, value)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.clear_requested = False
        form = QFormLayout(self)
        form.addRow(_("&Choice"), self.choice)
        form.addRow(note_label, self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if allow_clear:
            clear = buttons.addButton(_("Clear"), QDialogButtonBox.ButtonRole.ResetRole)
            clear.clicked.connect(self._clear)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _clear(self) -> None:
        self.clear_requested = True
        self.accept()


def _button_row(dialog: QDialog, *buttons: tuple[str, Callable[[], object], str]) -> QHBoxLayout:
    """A dialog's row of named action buttons, then Close on the right."""
    row = QHBoxLayout()
    for text, slot, name in buttons:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    close = QPushButton(_("Close"))
    close.clicked.connect(dialog.accept)
    row.addWidget(close)
    return row


class CustomerRiskDialog(QDialog):
    """A customer's class, the clerk's overrides with their reasons, and its open warnings."""

    open_customer = Signal(str)

    def __init__(self, db: Database, code: str, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.code, self.as_of = db, code, as_of
        self.setObjectName("customerRiskDialog")
        self.setWindowTitle(_("Customer {code}").format(code=code))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.summary = plain.rich_label("customerRiskSummary")  # every text from the company file escaped
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.summary, 1)
        layout.addLayout(
            _button_row(
                self,
                (_("Set customer class…"), self.set_class, "setCustomerClass"),
                (_("Open in Customers"), self._open, "openInCustomers"),
            )
        )
        self.reload()

    def reload(self) -> None:
        """Read the class, overrides and warnings again."""
        debt_class = risk.customer_class(self.db, self.code, self.as_of)
        overrides = risk.class_overrides(self.db, self.code)
        history = risk.class_history(self.db, self.code)
        warnings = risk.early_warnings(self.db, self.as_of, customer=self.code)
        parts = [
            _(
                "<h3>{code}</h3><p>Class as of {as_of}: <b style='color:{CLASS_COLOURS}'>{escape}</b> (the worst "
                "class of what it owes)</p>"
            ).format(
                code=escape(self.code),
                as_of=self.as_of,
                CLASS_COLOURS=CLASS_COLOURS[debt_class],
                escape=escape(class_name(debt_class)),
            )
        ]
        if overrides:
            parts.append(_("<p><b>Class set by the clerk</b></p><ul>"))
            for o in overrides:
                what = f"delivery {o.delivery}" if o.delivery else _("the whole customer")
                parts.append(
                    _("<li>{what}: <b>{escape}</b> — {reason} <i>({set_by}, {set_at:%Y-%m-%d})</i></li>").format(
                        what=escape(what),
                        escape=escape(class_name(DebtClass(o.debt_class))),
                        reason=escape(o.reason),
                        set_by=escape(o.set_by),
                        set_at=o.set_at,
                    )
                )
            parts.append("</ul>")
        if len(history) > len(overrides):
            parts.append(_("<p><b>Earlier class changes</b></p><ul>"))
            for h in history:
                what = f"delivery {h.delivery}" if h.delivery else _("the whole customer")
                change = f"{class_name(DebtClass(h.debt_class))} — {h.reason}" if h.action == "set" else _("cleared")
                who = f"{escape(h.set_by)}, {h.set_at:%Y-%m-%d}"
                parts.append(
                    _("<li>{what}: {change} <i>({who})</i></li>").format(
                        what=escape(what), change=escape(change), who=who
                    )
                )
            parts.append("</ul>")
        parts.append("<p><b>{}</b></p>".format(escape(_("Warnings"))))
        if not warnings:
            parts.append(_("<p>none open</p>"))
        else:
            parts.append("<ul>")
            for w in warnings:
                suggestion = (
                    _(" — suggests {escape}").format(escape=escape(class_name(w.suggested))) if w.suggested else ""
                )
                parts.append(
                    _("<li><b>{title}</b> ({on}): {message}{suggestion}</li>").format(
                        title=escape(warning_title(w.kind)),
                        on=w.on,
                        message=escape(warning_text(w)),
                        suggestion=suggestion,
                    )
                )
            parts.append("</ul>")
        self.summary.setText("".join(parts))

    def set_class(self) -> None:
        """Put the whole customer in a class, with a reason."""
        dialog = ReasonDialog(
            _("Class of the whole customer"), [(class_name(c), c.value) for c in CLASS_ORDER], _("&Reason"), self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, code, clear = self.db, self.code, dialog.clear_requested
        choice, note = dialog.choice.currentData(), dialog.note.text()

        def change() -> None:
            if clear:
                risk.clear_class(db, code)
            else:
                risk.set_class(db, code, choice, note)

        if tasks.write(self, _("Class"), change) is None:
            return
        self.reload()

    def _open(self) -> None:
        self.open_customer.emit(self.code)
        self.accept()


class DrillDialog(QDialog):
    """The deliveries behind one cell of the aging grid; from there, a delivery's class and cause and the customer."""

    changed = Signal()
    open_customer = Signal(str)

    def __init__(
        self,
        db: Database,
        title: str,
        load: Callable[[], list[ClassifiedDelivery]],
        as_of: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.load, self.as_of = db, load, as_of
        self.setObjectName("drillDialog")
        self.setWindowTitle(title)
        self.resize(1180, 560)
        layout = QVBoxLayout(self)
        self.heading = plain.label()
        self.heading.setObjectName("drillHeading")
        layout.addWidget(self.heading)
        self.model = DetailModel()
        self.table = make_table(
            self.model, {0: 90, 1: 70, 2: 180, 3: 85, 4: 85, 5: 90, 6: 100, 7: 70, 8: 120, 9: 200, 10: 120}
        )
        self.table.setObjectName("drillTable")
        self.table.activated.connect(lambda _i: self.show_delivery())
        layout.addWidget(self.table)
        layout.addLayout(
            _button_row(
                self,
                (_("Delivery…"), self.show_delivery, "drillDelivery"),
                (_("Customer…"), self.show_customer, "drillCustomer"),
                (_("Set class…"), self.set_class, "drillSetClass"),
                (_("Set cause…"), self.set_cause, "drillSetCause"),
            )
        )
        self.customer_dialog: CustomerRiskDialog | None = None
        self.reload()

    def reload(self) -> None:
        """Read the cell's deliveries again."""
        rows = self.load()
        self.model.set_rows(rows)
        total = sum(row.open for row in rows)
        self.heading.setText(
            _("{count} open deliveries, {total}").format(count=formats.count(len(rows)), total=formats.money(total))
        )
        if rows:
            self.table.selectRow(0)

    def selected(self) -> ClassifiedDelivery | None:
        """The delivery under the cursor."""
        index = self.table.currentIndex()
        return self.model.data(index, ROW_ROLE) if index.isValid() else None

    def show_delivery(self) -> None:
        """The selected delivery as a document (double-click or Enter): it can be voided or corrected there."""
        from arddesk.ui.pages.documents.dialog import open_document

        row = self.selected()
        if row is not None:
            open_document(self, self.db, "delivery", row.number, on_change=lambda *_: self._document_changed())

    def _document_changed(self) -> None:
        self.reload()
        self.changed.emit()
    def show_customer(self) -> CustomerRiskDialog | None:
        """The selected delivery's customer: class, overrides, warnings."""
        row = self.selected()
        if row is None:
            return None
        dialog = CustomerRiskDialog(self.db, row.customer, self.as_of, self)
        dialog.open_customer.connect(self.open_customer)
        dialog.finished.connect(lambda _result: self._document_changed())
        self.customer_dialog = dialog
        dialog.open()
        return dialog

    def set_class(self) -> None:
        """Move the selected delivery to a class, with a reason (Clear: back to the class by days)."""
        row = self.selected()
        if row is None:
            return
        dialog = ReasonDialog(
            _("Class of delivery {number}").format(number=row.number),
            [(class_name(c), c.value) for c in CLASS_ORDER],
            _("&Reason"),
            self,
        )
        dialog.choice.setCurrentIndex(CLASS_ORDER.index(row.debt_class.debt_class))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, clear = self.db, dialog.clear_requested
        choice, note = dialog.choice.currentData(), dialog.note.text()

        def change() -> None:
            if clear:
                risk.clear_class(db, row.customer, delivery=row.number)
            else:
                risk.set_class(db, row.customer, choice, note, delivery=row.number)

        if tasks.write(self, _("Class"), change) is None:
            return
        self.reload()
        self.changed.emit()

    def set_cause(self) -> None:
        """Record why the selected delivery is unpaid."""
        row = self.selected()
        if row is None:
            return
        dialog = ReasonDialog(
            _("Cause of delivery {number}").format(number=row.number),
            [(cause_name(c), c.value) for c in DebtCause],
            _("&Note"),
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, clear = self.db, dialog.clear_requested
        choice, note = dialog.choice.currentData(), dialog.note.text()

        def change() -> None:
            if clear:
                risk.clear_cause(db, row.number)
            else:
                risk.set_cause(db, row.number, choice, note)

        if tasks.write(self, _("Cause"), change) is None:
            return
        self.reload()
        self.changed.emit()


class AgingPage(Page):
    """The aging grid page of the main window."""

    title = N_("Aging")
    refreshed = Signal(int)  # the generation whose grid is now shown

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.generation = 0
        self.shown_generation = 0
        self.pending = 0  # reads under way
        self.drill: DrillDialog | None = None

        self.as_of = date_edit(self.today, "agingAsOf")
        self.group = QComboBox()
        self.group.setObjectName("agingGroup")
        for by in GroupBy:
            self.group.addItem(_(GROUP_BY_TEXT[by]), by.value)
        self.basis = QComboBox()
        self.basis.setObjectName("agingBasis")
        self.basis.addItem(_("days past due date"), Basis.DUE.value)
        self.basis.addItem(_("days since delivery"), Basis.DELIVERY.value)
        self.buckets = QLineEdit()
        self.buckets.setObjectName("agingBuckets")
        self.buckets.setToolTip(_("Bucket edges in days, e.g. 30,60,90,180,365"))
        self.buckets.setMinimumWidth(130)
        self.buckets.setMaximumWidth(170)
        self.save_buckets = QPushButton(_("Save as default"))
        self.save_buckets.setObjectName("agingSaveBuckets")
        self.save_buckets.clicked.connect(self.save_bucket_default)
        self.disputed_only = QCheckBox(_("disputed only"))
        self.disputed_only.setObjectName("agingDisputedOnly")
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setObjectName("agingRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(_("Excel…"))
        self.export_button.setObjectName("agingExport")
        self.export_button.clicked.connect(self.export_dialog)
        self.print_button = QPushButton(_("PDF…"))
        self.print_button.setObjectName("agingPrint")
        self.print_button.clicked.connect(self.print_dialog)

        bar = QHBoxLayout()
        for label, widget in (
            (_("As of"), self.as_of),
            (None, self.group),
            (_("Basis"), self.basis),
            (_("Buckets"), self.buckets),
        ):
            if label:
                bar.addWidget(plain.label(label))
            bar.addWidget(widget)
        for button in (self.save_buckets, self.disputed_only, self.refresh_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)

        self.model = AgingModel(self)
        self.table = make_table(self.model)
        self.table.setObjectName("agingTable")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.doubleClicked.connect(self.drill_into)
        self.status = plain.label("")
        self.status.setObjectName("agingStatus")
        self.classes = plain.rich_label("agingClassTotals")  # fixed words and money only

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.classes)
        layout.addWidget(self.status)

        self.class_totals: dict[DebtClass, int] = {}
        for signal in (self.group.currentIndexChanged, self.basis.currentIndexChanged, self.as_of.dateChanged):
            signal.connect(lambda *_: self.refresh())
        self.buckets.returnPressed.connect(self.refresh)
        self.disputed_only.toggled.connect(self.model.set_disputed_only)

    # ------------------------------------------------------------------ arguments
    @property
    def as_of_date(self) -> date:
        """The as-of date chosen."""
        value = self.as_of.date()
        return date(value.year(), value.month(), value.day())

    def set_as_of(self, day: date) -> None:
        """Choose the as-of date (refreshes)."""
        self.as_of.setDate(QDate(day.year, day.month, day.day))

    @property
    def by(self) -> GroupBy:
        """The grouping chosen."""
        return GroupBy(self.group.currentData())

    def set_database(self, db: Database | None) -> None:
        """A company was opened: as-of today, its default buckets."""
        self.db = db
        self.model.set_report(None, {})
        if db is None:
            return
        today = self.today
        self.as_of.blockSignals(True)
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        self.as_of.blockSignals(False)
        with reported(self, _("Aging")) as attempt:
            self.buckets.setText(load_settings(db).aging_buckets)
        if attempt.failed:
            return
        self.refresh()

    def arguments(self) -> dict[str, Any]:
        """The arguments of ``aging_report`` that the view shows (as ``arddesk aging`` takes them)."""
        return {"by": self.by, "buckets": self.buckets.text().strip() or None, "basis": Basis(self.basis.currentData())}

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        """Read the grid off the GUI thread; a newer refresh makes this one's result stale."""
        if self.db is None:
            return
        self.generation += 1
        generation = self.generation
        db, as_of, args = self.db, self.as_of_date, self.arguments()
        self.status.setText(_("Reading…"))

        def work(_progress: Callable[..., None]) -> AgingView:
            return AgingView(aging_report(db, as_of, **args), generation)

        self.pending += 1
        run_in_background(self, _("Aging…"), work, on_done=self._grid_done, on_error=self._failed, show_progress=False)

    def _alive(self) -> bool:
        # A read can finish after the page was closed (e.g. the window shut down meanwhile).
        return shiboken6.isValid(self) and shiboken6.isValid(self.model)

    def _failed(self, exc: BaseException) -> None:
        self.pending = max(self.pending - 1, 0)
        if not self._alive():
            return
        self.status.setText("")
        show_error(self, _("Aging"), exc)

    def _size_columns(self) -> None:
        # As wide as the header or the TOTAL line's figure needs, no wider: the Total column fits at 1280 px.
        metrics = self.table.fontMetrics()
        total_row = self.model.rowCount() - 1
        for column in range(self.model.columnCount()):
            if column in (0, 1):
                self.table.setColumnWidth(column, {0: 70, 1: 150}[column])
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            figure = str(self.model.index(total_row, column).data() or "")
            needed = max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(figure))
            self.table.setColumnWidth(column, needed + 2 * metrics.averageCharWidth() + 4)

    def _grid_done(self, view: AgingView) -> None:
        self.pending = max(self.pending - 1, 0)
        if not self._alive() or view.generation != self.generation:
            return  # a newer refresh is on its way: never show a stale grid over it
        fresh_columns = self.model.columnCount() == 0
        self.model.set_report(view.report)
        self.shown_generation = view.generation
        if fresh_columns or self.model.columnCount() != getattr(self, "_sized_columns", 0):
            self._sized_columns = self.model.columnCount()
            self._size_columns()
        sort_column = self.table.horizontalHeader().sortIndicatorSection()
        if 0 <= sort_column < self.model.columnCount() and sort_column != 0:
            self.model.sort(sort_column, self.table.horizontalHeader().sortIndicatorOrder())
        total = view.report.total
        self.status.setText(
            _("{count} rows · total {total} · as of {as_of}").format(
                count=formats.count(len(view.report.lines)), total=formats.money(total.total), as_of=view.report.as_of
            )
        )
        self.refreshed.emit(view.generation)
        db, as_of, by, generation = self.db, view.report.as_of, view.report.by, view.generation
        assert db is not None

        def extras(
            _progress: Callable[..., None],
        ) -> tuple[int, dict[str, dict[DebtClass, int]], dict[str, tuple[int, int]]]:
            return generation, risk.class_totals(db, as_of, by=by), risk.disputed_by_key(db, as_of, by=by)

        self.pending += 1
        run_in_background(
            self, _("Classes…"), extras, on_done=self._extras_done, on_error=self._failed, show_progress=False
        )

    def _extras_done(self, result: tuple[int, dict[str, dict[DebtClass, int]], dict[str, tuple[int, int]]]) -> None:
        self.pending = max(self.pending - 1, 0)
        generation, by_key, disputed = result
        if not self._alive() or generation != self.generation:
            return
        self.model.set_extras(disputed, by_key)
        classes = self.class_totals = self.model.class_totals()
        self.classes.setText(
            _("Classes: ")
            + " &nbsp;·&nbsp; ".join(
                _("<span style='color:{CLASS_COLOURS}'>{escape} <b>{money}</b></span>").format(
                    CLASS_COLOURS=CLASS_COLOURS[c], escape=escape(class_name(c)), money=formats.money(classes[c])
                )
                for c in CLASS_ORDER
            )
        )

    # ------------------------------------------------------------------ settings
    def save_bucket_default(self) -> None:
        """Save the bucket edges typed as the company's default."""
        if self.db is None:
            return
        db, buckets = self.db, self.buckets.text().strip()
        if tasks.write(self, _("Buckets"), lambda: update_settings(db, aging_buckets=buckets)) is None:
            return
        self.status.setText(
            _("Buckets {strip} saved as the company's default.").format(strip=self.buckets.text().strip())
        )
        self.refresh()

    # ------------------------------------------------------------------ drill-down
    def cell_loader(self, row: int, column: int) -> tuple[str, Callable[[], list[ClassifiedDelivery]]] | None:
        """The title and the reader of the deliveries behind a cell (None for the unapplied column)."""
        line = self.model.line_at(row)
        report = self.model.report
        if line is None or report is None or self.db is None:
            return None
        key_name = self.model.keys[column] if 0 <= column < len(self.model.keys) else ""
        if key_name == "unapplied":
            return None
        bucket = self.model.bucket_of(column)
        key = None if line.key == TOTAL_KEY else line.key
        db, as_of = self.db, report.as_of
        buckets = ",".join(str(edge) for edge in report.buckets.edges)
        basis = report.buckets.basis
        disputed = self.disputed_only.isChecked() or key_name == "disputed"
        group = _(GROUP_TITLES[report.by]).lower()
        who = _("every row") if key is None else f"{group} {key or _('(none)')} {line.name}"
        where = code_text(bucket) if bucket else _("all buckets")
        title = _("Aging as of {as_of}: {who}, {value}").format(as_of=as_of, who=who, value=where) + (
            _(" (disputed)") if disputed else ""
        )

        def load() -> list[ClassifiedDelivery]:
            return risk.cell_detail(
                db, as_of, by=report.by, key=key, bucket=bucket, buckets=buckets, basis=basis, disputed_only=disputed
            )

        return title, load

    def drill_into(self, index: QModelIndex) -> DrillDialog | None:
        """Double-click: the deliveries behind the cell."""
        found = self.cell_loader(index.row(), index.column())
        if found is None or self.db is None:
            return None
        title, load = found
        return self._drill(title, load, self.as_of_date)

    def open_bucket(self, as_of: date, bucket: str) -> DrillDialog | None:
        """Every customer's deliveries in one bucket of the company's aging as of ``as_of`` (the dashboard's bars)."""
        if self.db is None:
            return None
        self.set_as_of(as_of)
        db = self.db
        title = _("Aging as of {day}: every customer, {bucket}").format(
            day=formats.day(as_of), bucket=code_text(bucket)
        )
        return self._drill(title, lambda: risk.cell_detail(db, as_of, bucket=bucket), as_of)

    def _drill(self, title: str, load: Callable[[], list[ClassifiedDelivery]], as_of: date) -> DrillDialog | None:
        assert self.db is not None
        with reported(self, _("Aging")) as attempt:
            dialog = DrillDialog(self.db, title, load, as_of, self)
        if attempt.failed:
            return None
        dialog.changed.connect(self.refresh)
        dialog.open_customer.connect(self.open_customer)
        self.drill = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ export and print
    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The grid as shown (TOTAL row last), raw values."""
        if self.model.report is None:
            return None
        return self.model.export_rows()

    def export_context(self) -> list[tuple[str, str]]:
        """The grid's as-of date, grouping, basis, buckets and filter, for an export's title."""
        context = [
            (_("as of"), self.as_of_date.isoformat()),
            ("", self.group.currentText()),
            (_("basis"), self.basis.currentText()),
        ]
        buckets = self.buckets.text().strip() or (load_settings(self.db).aging_buckets if self.db else "")
        if buckets:
            context.append((_("buckets"), buckets))
        if self.disputed_only.isChecked():
            context.append(("", self.disputed_only.text()))
        return context

    def export_to(self, path: Path) -> int:
        """Write the grid as shown to ``.xlsx`` (or ``.csv``), titled; returns how many rows."""
        from arddesk.ui.export import view_heading

        header, rows = self.model.export_rows()
        heading = view_heading(self.db, self.title, self.export_context())
        return write_table(path, header, rows, sheet=self.title, heading=heading)

    def export_dialog(self) -> None:
        """Ask where, then write the grid to Excel."""
        if self.model.report is None:
            return
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export aging"), f"aging-{self.as_of_date}.xlsx", _("Excel (*.xlsx)")
        )
        if path:
            with reported(self, _("Export")):
                self.export_to(Path(path))

    def html(self) -> str:
        """The grid as shown, as an HTML table for printing."""
        header, rows = self.model.export_rows()
        report = self.model.report
        assert report is not None
        title = _("Aging as of {as_of} by {value}, {value2} basis, buckets {join}").format(
            as_of=report.as_of,
            value=report.by.value,
            value2=report.buckets.basis.value,
            join=",".join(map(str, report.buckets.edges)),
        )
        cells = "".join(
            _("<th align='{value}'>{h}</th>").format(value="left" if i < 2 else "right", h=escape(h))
            for i, h in enumerate(header)
        )
        body = []
        for number, row in enumerate(rows):
            tds = []
            for column in range(len(row)):
                text = self.model.data(self.model.index(number, column)) or ""
                align = "left" if column < 2 else "right"
                tds.append(f"<td align='{align}'>{escape(str(text))}</td>")
            style = f" style='font-weight:bold; background:{theme.TOTAL_BACKGROUND}'" if row[0] == TOTAL_KEY else ""
            body.append(f"<tr{style}>{''.join(tds)}</tr>")
        classes = ""
        if self.class_totals:
            classes = (
                "<p>"
                + " · ".join(f"{escape(class_name(c))}: {formats.money(self.class_totals[c])}" for c in CLASS_ORDER)
                + "</p>"
            )
        return _(
            "<h3>{title}</h3><table border='1' cellspacing='0' cellpadding='3' "
            "width='100%'><tr>{cells}</tr>{body}</table>{classes}"
        ).format(title=escape(title), cells=cells, body="".join(body), classes=classes)

    def print_to(self, path: Path) -> None:
        """Print the grid as shown to a PDF file (A4 landscape)."""
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setTitle(_("Aging"))
        document = QTextDocument()
        font = document.defaultFont()
        font.setPointSize(7)
        document.setDefaultFont(font)
        document.setHtml(self.html())
        document.print_(writer)

    def print_dialog(self) -> None:
        """Ask where, then print the grid to PDF."""
        if self.model.report is None:
            return
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Print aging to PDF"), f"aging-{self.as_of_date}.pdf", _("PDF (*.pdf)")
        )
        if path:
            with reported(self, _("Print")) as attempt:
                self.print_to(Path(path))
            if not attempt.failed:
                plain.inform(self, _("Print"), _("Written to {path}").format(path=path))
