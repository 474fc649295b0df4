"""Payments and adjustments, with a preview of how the money will be applied."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from arddesk.domain.money import parse_amount, to_minor
from arddesk.domain.problems import InvalidValue
from arddesk.services import browse
from arddesk.services.ledger import MoneyInput, record_adjustment, record_payment
from arddesk.store.db import Database
from arddesk.ui import formatting, plain
from arddesk.ui.forms.base import FormDialog
from arddesk.ui.forms.delivery import a_date, customer_code, customer_completer, customer_label, positive_amount

KINDS = [
    ("Payment — bank transfer", "payment", "transfer"),
    ("Payment — cash", "payment", "cash"),
    ("Payment — other", "payment", "other"),
    ("Return of goods", "adjustment", "return"),
    ("Discount", "adjustment", "discount"),
    ("Rebate", "adjustment", "rebate"),
    ("Write-off of bad debt", "adjustment", "write_off"),
]
_COL_TICK, _COL_NUMBER, _COL_DATE, _COL_DUE, _COL_OPEN, _COL_APPLY, _COL_AFTER = range(7)


class PaymentDialog(FormDialog):
    """Record a payment or an adjustment; the allocation is previewed before saving."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        customer: str = "",
        adjustment: bool = False,
    ) -> None:
        super().__init__("New adjustment" if adjustment else "New payment", parent)
        self.db = db
        self.open_lines: list[browse.OpenDeliveryLine] = []
        self.preview: browse.AllocationPreview | None = None
        customer_edit = QLineEdit(customer_label(db, customer))
        customer_edit.setCompleter(customer_completer(db, self))
        customer_edit.setPlaceholderText("code or name")
        self.add_field("customer", "Customer *", customer_edit, self._customer)
        kind = QComboBox()
        for label, source, value in KINDS:
            kind.addItem(label, (source, value))
        if adjustment:
            kind.setCurrentIndex(4)
        self.add_field("kind", "Type *", kind)
        self.add_field("date", "Date *", QLineEdit((today or date.today()).isoformat()), a_date)
        self.add_field("amount", "Amount *", QLineEdit(), positive_amount)
        number = QLineEdit()
        number.setPlaceholderText("blank = numbered automatically")
        self.add_field("number", "Number", number)
        self.add_field("text", "Note / reason", QLineEdit(), None)

        self.oldest_first = QRadioButton("Apply to the oldest open deliveries first")
        self.oldest_first.setObjectName("oldestFirst")
        self.oldest_first.setChecked(True)
        self.choose = QRadioButton("Apply to the deliveries I tick (amounts can be changed)")
        self.choose.setObjectName("chooseDeliveries")
        self.body.addWidget(self.oldest_first)
        self.body.addWidget(self.choose)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("openDeliveries")
        self.table.setHorizontalHeaderLabels(["", "Delivery", "Date", "Due", "Open", "Apply", "Open after"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(_COL_TICK, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(_COL_NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMinimumHeight(180)
        self.body.addWidget(self.table)
        self.preview_label = plain.rich_label("allocationPreview")
        self.preview_label.setWordWrap(True)
        self.body.addWidget(self.preview_label)
        self.finish()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.load_open_deliveries)
        customer_edit.textChanged.connect(self.timer.start)
        self.fields["amount"].textChanged.connect(self.update_preview)  # type: ignore[attr-defined]
        self.choose.toggled.connect(self.update_preview)
        self.table.itemChanged.connect(self._item_changed)
        self._filling = False
        if customer:
            self.load_open_deliveries()
        self.resize(640, 640)

    def _customer(self, text: str) -> str:
        code = customer_code(text)
        if browse.customer(self.db, code, date.today()) is None:
            raise InvalidValue("no such customer")
        return code

    def load_open_deliveries(self) -> None:
        """The customer's open deliveries, oldest first, into the table."""
        self.timer.stop()
        try:
            code = customer_code(self.text("customer"))
            self.open_lines = browse.open_deliveries(self.db, code)
        except InvalidValue:
            self.open_lines = []
        self._filling = True
        self.table.setRowCount(len(self.open_lines))
        for row, line in enumerate(self.open_lines):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, _COL_TICK, tick)
            cells = (
                (_COL_NUMBER, line.number),
                (_COL_DATE, formatting.day(line.date)),
                (_COL_DUE, formatting.day(line.due_date)),
                (_COL_OPEN, formatting.money(line.open_amount)),
                (_COL_APPLY, ""),
                (_COL_AFTER, ""),
            )
            for column, text in cells:
                item = QTableWidgetItem(text)
                editable = Qt.ItemFlag.ItemIsEditable if column == _COL_APPLY else Qt.ItemFlag.NoItemFlags
                flags = Qt.ItemFlag.ItemIsEnabled | editable
                item.setFlags(flags)
                if column in (_COL_OPEN, _COL_APPLY, _COL_AFTER):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self._filling = False
        self.update_preview()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == _COL_APPLY:
            self._filling = True
            item.setData(Qt.ItemDataRole.UserRole, bool(item.text().strip()))
            if item.text().strip():
                self.table.item(item.row(), _COL_TICK).setCheckState(Qt.CheckState.Checked)
            self._filling = False
            self.choose.setChecked(True)
            self.update_preview()
        elif item.column() == _COL_TICK:
            if item.checkState() == Qt.CheckState.Checked:
                self.choose.setChecked(True)
            self.update_preview()

    def applies_to(self) -> str:
        """``D1;D2=100.00`` from the ticked rows (blank when applying oldest first)."""
        if not self.choose.isChecked():
            return ""
        parts = []
        for row, line in enumerate(self.open_lines):
            if self.table.item(row, _COL_TICK).checkState() != Qt.CheckState.Checked:
                continue
            typed = self.table.item(row, _COL_APPLY).text().strip().replace(",", "")
            parts.append(f"{line.number}={typed}" if typed and self._typed_by_clerk(row) else line.number)
        return ";".join(parts)

    def _typed_by_clerk(self, row: int) -> bool:
        item = self.table.item(row, _COL_APPLY)
        return bool(item.data(Qt.ItemDataRole.UserRole))

    def update_preview(self) -> None:
        """Show how the amount would be applied and what stays as unapplied credit."""
        if self._filling:
            return
        try:
            amount = parse_amount(self.text("amount") or "0")
        except InvalidValue:
            amount = Decimal("0")
        applies_to = self.applies_to()
        if self.choose.isChecked() and not applies_to:
            preview = browse.AllocationPreview({}, to_minor(amount), "tick the deliveries to pay")
        else:
            preview = browse.allocation_preview(self.open_lines, amount, applies_to)
        self.preview = preview
        self._filling = True
        for row, line in enumerate(self.open_lines):
            applied = preview.applied.get(line.number, 0)
            apply_item = self.table.item(row, _COL_APPLY)
            if not apply_item.data(Qt.ItemDataRole.UserRole):
                apply_item.setText(formatting.money(applied) if applied else "")
            self.table.item(row, _COL_AFTER).setText(formatting.money(line.open_amount - applied))
        self._filling = False
        total_open = sum(line.open_amount for line in self.open_lines)
        text = plain.html(
            "Open deliveries: {}, {}. Applied: {}. Left as unapplied credit: <b>{}</b>",
            len(self.open_lines),
            formatting.money(total_open),
            formatting.money(sum(preview.applied.values())),
            formatting.money(preview.unapplied),
        )
        if preview.problem:
            text += plain.html("<br><span style='color:#b00020'>{}</span>", preview.problem)
        self.preview_label.setText(text)

    def values(self) -> dict[str, Any] | None:
        values = super().values()
        if values is None:
            return None
        source, kind = self.fields["kind"].currentData()  # type: ignore[attr-defined]
        values["source"], values["kind"] = source, kind
        if source == "adjustment" and not values["text"]:
            self.set_error("text", "an adjustment needs a reason")
            self.summary.setText("Cannot save yet:\n• Note / reason: an adjustment needs a reason")
            self.summary.show()
            self.fields["text"].setFocus()
            return None
        if self.preview is not None and self.preview.problem:
            self.summary.setText(f"Cannot save yet:\n• Allocation: {self.preview.problem}")
            self.summary.show()
            return None
        return values

    def save(self, values: dict[str, Any]) -> None:
        item = MoneyInput(
            customer=values["customer"],
            date=values["date"],
            amount=values["amount"],
            kind=values["kind"],
            number=values["number"],
            applies_to=self.applies_to(),
            text=values["text"],
        )
        record = record_payment if values["source"] == "payment" else record_adjustment
        self.posted = record(self.db, item)
