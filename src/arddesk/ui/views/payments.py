"""Payments and adjustments: the list, entry with an allocation preview, applying an unapplied credit later;
each opens with double-click or Enter, and can be voided or corrected."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QWidget

from arddesk.services.browse import MoneyFilter, MoneyRow
from arddesk.services.ledger import apply_unapplied_credit
from arddesk.ui import formatting, plain
from arddesk.ui.document_dialog import DocumentActions
from arddesk.ui.errors import show_error
from arddesk.ui.models import MoneyModel
from arddesk.ui.views.common import ListPage, combo, optional_date

SOURCES = [("payments and adjustments", ""), ("payments", "payment"), ("adjustments", "adjustment")]


class PaymentsPage(ListPage, DocumentActions):
    """Payments and adjustments."""

    search_hint = "Search number, customer code or name (Ctrl+F)"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MoneyModel(), parent)
        self.source = combo(SOURCES, "sourceFilter")
        self.date_from = QLineEdit()
        self.date_from.setObjectName("dateFrom")
        self.date_from.setPlaceholderText("from YYYY-MM-DD")
        self.date_to = QLineEdit()
        self.date_to.setObjectName("dateTo")
        self.date_to.setPlaceholderText("to YYYY-MM-DD")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(130)
        self.unapplied = QCheckBox("with unapplied credit")
        self.unapplied.setObjectName("unappliedFilter")
        for widget in (self.source, self.date_from, self.date_to, self.unapplied):
            self.filter_bar.addWidget(widget)
        self.watch(self.source, self.date_from, self.date_to, self.unapplied)
        for column, width in enumerate((90, 110, 80, 220, 90, 90, 110, 110, 60)):
            self.table.setColumnWidth(column, width)
        self.finish_with_buttons(
            [
                ("New payment…", self.new_item, "newPayment"),
                ("New adjustment…", self.new_adjustment, "newAdjustment"),
                ("Apply unapplied credit", self.apply_credit, "applyCredit"),
                ("Open…", self.open_selected, "openMoney"),
                ("Void…", self.void_selected, "voidMoney"),
                ("Correct…", self.correct_selected, "correctMoney"),
            ]
        )
        self.table.activated.connect(lambda _index: self.open_selected())

    def build_filter(self) -> MoneyFilter:
        return MoneyFilter(
            text=self.search.text(),
            source=self.source.currentData() or "",
            date_from=optional_date(self.date_from),
            date_to=optional_date(self.date_to),
            unapplied_only=self.unapplied.isChecked(),
        )

    def document_of(self, row: MoneyRow) -> tuple[str, str]:
        return row.source, row.number

    def _open(self, adjustment: bool) -> None:
        from arddesk.ui.forms.payment import PaymentDialog

        if self.db is None:
            return
        row = self.selected_row()
        dialog = PaymentDialog(
            self.db, self, today=self.today, customer=row.customer if row else "", adjustment=adjustment
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.company_changed.emit()

    def new_item(self) -> None:
        self._open(False)

    def new_adjustment(self) -> None:
        """A return, discount, rebate or write-off."""
        self._open(True)

    def apply_credit(self) -> None:
        """Apply the selected customer's unapplied credit to its open deliveries, oldest first."""
        row = self.selected_row()
        if row is None or self.db is None:
            plain.inform(self, "Apply credit", "Select a payment or adjustment of the customer first.")
            return
        try:
            applied = apply_unapplied_credit(self.db, row.customer)
        except Exception as exc:
            show_error(self, "Apply credit", exc)
            return
        plain.inform(
            self, "Apply credit", f"Applied {formatting.money(applied)} of {row.customer}'s credit to open deliveries."
        )
        self.company_changed.emit()
