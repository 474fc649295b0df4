"""Payments and adjustments, with a preview of how the money will be applied; and their corrections."""

from __future__ import annotations

from dataclasses import replace
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
from arddesk.services.ledger import (
    DocumentDetails,
    MoneyInput,
    correct_money,
    record_adjustment,
    record_payment,
    record_refund,
)
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.ui import plain, theme
from arddesk.ui.widgets.fields import a_date, customer_code, customer_completer, customer_label, positive_amount
from arddesk.ui.widgets.form import FormDialog, required

KINDS = [
    (N_("Payment — bank transfer"), "payment", "transfer"),
    (N_("Payment — cash"), "payment", "cash"),
    (N_("Payment — other"), "payment", "other"),
    (N_("Return of goods"), "adjustment", "return"),
    (N_("Discount"), "adjustment", "discount"),
    (N_("Rebate"), "adjustment", "rebate"),
    (N_("Write-off of bad debt"), "adjustment", "write_off"),
    # Money paid back out of the customer's unapplied credit (an advance not needed, an overpayment).
    (N_("Refund of credit — bank transfer"), "refund", "transfer"),
    (N_("Refund of credit — cash"), "refund", "cash"),
    (N_("Refund of credit — other"), "refund", "other"),
]
_COL_TICK, _COL_NUMBER, _COL_DATE, _COL_DUE, _COL_OPEN, _COL_APPLY, _COL_AFTER = range(7)


def _title(adjustment: bool, correcting: DocumentDetails | None) -> str:
    if correcting is None:
        return _("New adjustment") if adjustment else _("New payment")
    if correcting.document.table == "adjustment":
        return _("Correct adjustment {number}").format(number=correcting.document.number)
    if correcting.document.table == "refund":
        return _("Correct refund {number}").format(number=correcting.document.number)
    return _("Correct payment {number}").format(number=correcting.document.number)


class PaymentDialog(FormDialog):
    """Record a payment or an adjustment; the allocation is previewed before saving.

    With ``correcting`` (a saved payment or adjustment), the form is prefilled from it, asks why,
    and on saving voids it and posts the new one in one transaction; the open deliveries shown are
    those the void will leave open, and the deliveries it paid are ticked.
    """

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        customer: str = "",
        adjustment: bool = False,
        correcting: DocumentDetails | None = None,
    ) -> None:
        super().__init__(_title(adjustment, correcting), parent)
        self.db = db
        self.today = today or date.today()
        self.correcting = correcting
        self.open_lines: list[browse.OpenDeliveryLine] = []
        self.preview: browse.AllocationPreview | None = None
        old = correcting.document if correcting is not None else None
        if old is not None:
            customer, adjustment = old.customer, old.table == "adjustment"
            reason = QLineEdit()
            reason.setPlaceholderText(_("why it is corrected (kept with your name and the time)"))
            self.add_field("reason", _("Correction reason *"), reason, required)
        customer_edit = QLineEdit(customer_label(db, customer))
        customer_edit.setCompleter(customer_completer(db, self))
        customer_edit.setPlaceholderText(_("code or name"))
        self.add_field("customer", _("Customer *"), customer_edit, self._customer)
        kind = QComboBox()
        for label, source, value in KINDS:
            # A correction stays a payment or an adjustment: only the method or kind can change.
            if old is None or source == old.table:
                kind.addItem(_(label), (source, value))
        if old is not None:
            # Qt's findData compares a Python tuple by identity: look for the item by its data.
            offered = [kind.itemData(index) for index in range(kind.count())]
            kind.setCurrentIndex(offered.index((old.table, old.kind)) if (old.table, old.kind) in offered else 0)
        elif adjustment:
            kind.setCurrentIndex(4)
        self.add_field("kind", _("Type *"), kind)
        kind.currentIndexChanged.connect(self._kind_changed)
        self.add_field("date", _("Date *"), QLineEdit(self.today.isoformat()), a_date)
        self.add_field("amount", _("Amount *"), QLineEdit(), positive_amount)
        number = QLineEdit()
        number.setPlaceholderText(_("blank = numbered automatically"))
        self.add_field("number", _("Number"), number)
        self.add_field("text", _("Note / reason"), QLineEdit(), None)
        if old is not None:
            self.field("date", QLineEdit).setText(old.date.isoformat())
            self.field("amount", QLineEdit).setText(formats.plain_money(old.amount))
            self.field("text", QLineEdit).setText(old.text)

        self.oldest_first = QRadioButton(_("Apply to the oldest open deliveries first"))
        self.oldest_first.setObjectName("oldestFirst")
        self.oldest_first.setChecked(True)
        self.choose = QRadioButton(_("Apply to the deliveries I tick (amounts can be changed)"))
        self.choose.setObjectName("chooseDeliveries")
        self.body.addWidget(self.oldest_first)
        self.body.addWidget(self.choose)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("openDeliveries")
        self.table.setHorizontalHeaderLabels(
            ["", _("Delivery"), _("Date"), _("Due"), _("Open"), _("Apply"), _("Open after")]
        )
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
        self.field("amount", QLineEdit).textChanged.connect(self.update_preview)
        self.choose.toggled.connect(self.update_preview)
        self.table.itemChanged.connect(self._item_changed)
        self._filling = False
        self._kind_changed()
        if customer:
            self.load_open_deliveries()
        if correcting is not None:
            self._tick_old_deliveries(correcting)
            self.fields["reason"].setFocus()
        self.resize(640, 640)

    def _is_refund(self) -> bool:
        data = self.field("kind", QComboBox).currentData()
        return bool(data) and data[0] == "refund"

    def _kind_changed(self) -> None:
        """A refund pays back credit: no deliveries to choose, and the preview says what credit is left."""
        refund = self._is_refund()
        for widget in (self.oldest_first, self.choose, self.table):
            widget.setVisible(not refund)
        self.update_preview()

    def _refund_preview(self) -> None:
        try:
            amount = to_minor(parse_amount(self.text("amount") or "0"))
            code = customer_code(self.text("customer"))
        except InvalidValue:
            amount, code = 0, ""
        found = browse.customer(self.db, code, self.today) if code else None
        credit = found.unapplied if found is not None else 0
        text = plain.html(_("Unapplied credit today: {}. After this refund: <b>{}</b>"),
                          formats.money(credit), formats.money(credit - amount))  # fmt: skip
        self.preview = None
        if amount > credit:
            text += plain.html(
                f"<br><span style='color:{theme.ALERT}'>{{}}</span>",
                _("A refund can pay back at most the customer's unapplied credit ({credit}).").format(
                    credit=formats.money(credit)
                ),
            )
        self.preview_label.setText(text)

    def _customer(self, text: str) -> str:
        code = customer_code(text)
        if browse.customer(self.db, code, self.today) is None:
            raise InvalidValue(_("no such customer"))
        return code

    def load_open_deliveries(self) -> None:
        """The customer's open deliveries, oldest first, into the table."""
        self.timer.stop()
        try:
            code = customer_code(self.text("customer"))
            self.open_lines = browse.open_deliveries(self.db, code)
        except InvalidValue:
            code, self.open_lines = "", []
        if self.correcting is not None and code == self.correcting.document.customer:
            self.open_lines = self._after_the_void(self.open_lines)
        self._filling = True
        self.table.setRowCount(len(self.open_lines))
        for row, line in enumerate(self.open_lines):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, _COL_TICK, tick)
            cells = (
                (_COL_NUMBER, line.number),
                (_COL_DATE, formats.day(line.date)),
                (_COL_DUE, formats.day(line.due_date)),
                (_COL_OPEN, formats.money(line.open_amount)),
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

    def _after_the_void(self, lines: list[browse.OpenDeliveryLine]) -> list[browse.OpenDeliveryLine]:
        """The customer's open deliveries as they will be once the corrected document is void."""
        assert self.correcting is not None
        freed: dict[str, int] = {}
        for allocation in self.correcting.allocations:
            if allocation.released_on is None:
                freed[allocation.number] = freed.get(allocation.number, 0) + allocation.amount
        by_number = {line.number: line for line in lines}
        for number, amount in freed.items():
            line = by_number.get(number)
            if line is not None:
                by_number[number] = replace(line, open_amount=line.open_amount + amount)
                continue
            paid = browse.delivery(self.db, number, self.today)
            if paid is not None and paid.voided_on is None:
                by_number[number] = browse.OpenDeliveryLine(
                    paid.id, paid.number, paid.date, paid.due_date, paid.amount, paid.open_amount + amount
                )
        return sorted(by_number.values(), key=lambda line: (line.date, line.due_date or line.date, line.id))

    def _tick_old_deliveries(self, details: DocumentDetails) -> None:
        """Tick the deliveries the corrected document paid (in the same order); none: oldest first."""
        paid = {allocation.number for allocation in details.allocations if allocation.released_on is None}
        if not paid:
            return
        for row, line in enumerate(self.open_lines):
            tick = self.table.item(row, _COL_TICK)
            if line.number in paid and tick is not None:
                tick.setCheckState(Qt.CheckState.Checked)
        self.update_preview()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == _COL_APPLY:
            self._filling = True
            item.setData(Qt.ItemDataRole.UserRole, bool(item.text().strip()))
            if item.text().strip():
                self._item(item.row(), _COL_TICK).setCheckState(Qt.CheckState.Checked)
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
            if self._item(row, _COL_TICK).checkState() != Qt.CheckState.Checked:
                continue
            typed = self._item(row, _COL_APPLY).text().strip().replace(",", "")
            parts.append(f"{line.number}={typed}" if typed and self._typed_by_clerk(row) else line.number)
        return ";".join(parts)

    def _typed_by_clerk(self, row: int) -> bool:
        return bool(self._item(row, _COL_APPLY).data(Qt.ItemDataRole.UserRole))

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        # Every cell of the open deliveries' table is filled when the table is, so an empty one is a bug.
        item = self.table.item(row, column)
        if item is None:
            raise LookupError(f"no cell at row {row}, column {column}")
        return item

    def update_preview(self) -> None:
        """Show how the amount would be applied and what stays as unapplied credit."""
        if self._filling:
            return
        if self._is_refund():
            self._refund_preview()
            return
        try:
            amount = parse_amount(self.text("amount") or "0")
        except InvalidValue:
            amount = Decimal("0")
        applies_to = self.applies_to()
        if self.choose.isChecked() and not applies_to:
            preview = browse.AllocationPreview({}, to_minor(amount), _("tick the deliveries to pay"))
        else:
            preview = browse.allocation_preview(self.open_lines, amount, applies_to)
        self.preview = preview
        self._filling = True
        for row, line in enumerate(self.open_lines):
            applied = preview.applied.get(line.number, 0)
            apply_item = self._item(row, _COL_APPLY)
            if not apply_item.data(Qt.ItemDataRole.UserRole):
                apply_item.setText(formats.money(applied) if applied else "")
            self._item(row, _COL_AFTER).setText(formats.money(line.open_amount - applied))
        self._filling = False
        total_open = sum(line.open_amount for line in self.open_lines)
        text = plain.html(
            _("Open deliveries: {}, {}. Applied: {}. Left as unapplied credit: <b>{}</b>"),
            len(self.open_lines),
            formats.money(total_open),
            formats.money(sum(preview.applied.values())),
            formats.money(preview.unapplied),
        )
        if preview.problem:
            text += plain.html(f"<br><span style='color:{theme.ALERT}'>{{}}</span>", preview.problem)
        self.preview_label.setText(text)

    def values(self) -> dict[str, Any] | None:
        values = super().values()
        if values is None:
            return None
        source, kind = self.field("kind", QComboBox).currentData()
        values["source"], values["kind"] = source, kind
        if source == "adjustment" and not values["text"]:
            self.set_error("text", _("an adjustment needs a reason"))
            self.summary.setText(_("Cannot save yet:\n• Note / reason: an adjustment needs a reason"))
            self.summary.show()
            self.fields["text"].setFocus()
            return None
        if self.preview is not None and self.preview.problem:
            self.summary.setText(_("Cannot save yet:\n• Allocation: {problem}").format(problem=self.preview.problem))
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
            applies_to="" if values["source"] == "refund" else self.applies_to(),
            text=values["text"],
        )
        if self.correcting is not None:
            old = self.correcting.document
            db, today = self.db, self.today
            _voided, self.posted = self.write(
                lambda: correct_money(db, old.table, old.number, values["reason"], item, on=today)
            )
            return
        record = {"payment": record_payment, "refund": record_refund}.get(values["source"], record_adjustment)
        db = self.db
        self.posted = self.write(lambda: record(db, item))
