"""Payments and adjustments: the list, entry with an allocation preview, applying an unapplied credit later
(one customer's, or every customer's after a preview), whether credit is applied as goods go out;
each opens with double-click or Enter, and can be voided or corrected."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arddesk.services import ledger
from arddesk.services.browse import MoneyFilter, MoneyRow
from arddesk.services.ledger import apply_unapplied_credit
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.ui import plain, tasks
from arddesk.ui.pages.documents.dialog import DocumentListPage
from arddesk.ui.pages.payments.models import MoneyModel
from arddesk.ui.widgets.page import combo, make_table, optional_date, translated
from arddesk.ui.widgets.tablemodel import Column, ListTableModel

SOURCES = [
    (N_("payments, adjustments and refunds"), ""), (N_("payments"), "payment"), (N_("adjustments"), "adjustment"),
    (N_("refunds"), "refund"),
]  # fmt: skip


class PaymentsPage(DocumentListPage):
    """Payments and adjustments."""

    search_hint = N_("Search number, customer code or name (Ctrl+F)")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(MoneyModel(), today, parent)
        self.source = combo(translated(SOURCES), "sourceFilter")
        self.date_from = QLineEdit()
        self.date_from.setObjectName("dateFrom")
        self.date_from.setPlaceholderText(_("from YYYY-MM-DD"))
        self.date_to = QLineEdit()
        self.date_to.setObjectName("dateTo")
        self.date_to.setPlaceholderText(_("to YYYY-MM-DD"))
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(130)
        self.unapplied = QCheckBox(_("with unapplied credit"))
        self.unapplied.setObjectName("unappliedFilter")
        for widget in (self.source, self.date_from, self.date_to, self.unapplied):
            self.filter_bar.addWidget(widget)
        self.watch(self.source, self.date_from, self.date_to, self.unapplied)
        for column, width in enumerate((90, 110, 80, 220, 90, 90, 110, 110, 60)):
            self.table.setColumnWidth(column, width)
        self.finish_with_buttons(
            [
                (_("New payment…"), self.new_item, "newPayment"),
                (_("New adjustment…"), self.new_adjustment, "newAdjustment"),
                (_("Apply unapplied credit"), self.apply_credit, "applyCredit"),
                (_("Apply all credits…"), self.apply_all_credits, "applyAllCredits"),
                (_("Open…"), self.open_selected, "openMoney"),
                (_("Void…"), self.void_selected, "voidMoney"),
                (_("Correct…"), self.correct_selected, "correctMoney"),
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
        from arddesk.ui.pages.payments.dialog import PaymentDialog

        if self.db is None:
            return
        row = self.selected_row()
        dialog = PaymentDialog(
            self.db, self, today=self.today, customer=row.customer if row else "", adjustment=adjustment
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and getattr(dialog, "posted", None) is not None:
            self.company_changed.emit()
            posted = dialog.posted
            source = "adjustment" if adjustment else "payment"
            message = (
                _("Saved adjustment {number}.") if adjustment else _("Saved payment {number}.")
            ).format(number=posted.number)
            self.show_saved(lambda found: (found.source, found.id) == (source, posted.id), message, posted.number)

    def new_item(self) -> None:
        self._open(False)

    def new_adjustment(self) -> None:
        """A return, discount, rebate or write-off."""
        self._open(True)

    def apply_credit(self) -> None:
        """Apply the selected customer's unapplied credit to its open deliveries, oldest first."""
        row = self.selected_row()
        if row is None or self.db is None:
            plain.inform(self, _("Apply credit"), _("Select a payment or adjustment of the customer first."))
            return
        db = self.db
        if (done := tasks.write(self, _("Apply credit"), lambda: apply_unapplied_credit(db, row.customer))) is None:
            return
        plain.inform(
            self,
            _("Apply credit"),
            _("Applied {applied} of {customer}'s credit to open deliveries.").format(
                applied=formats.money(done.value), customer=row.customer
            ),
        )
        self.company_changed.emit()

    def apply_all_credits(self) -> None:
        """Every customer's unapplied credit, previewed, then applied at once; and the automatic setting."""
        if self.db is not None and CreditDialog(self.db, self).exec() == QDialog.DialogCode.Accepted:
            self.company_changed.emit()


class CreditPlanModel(ListTableModel):
    """What applying every unapplied credit would do, one allocation a row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("customer", _("Customer"), lambda r: r.customer),
                Column("name", _("Name"), lambda r: r.customer_name),
                Column("source", _("Credit"), lambda r: r.source),
                Column("number", _("Number"), lambda r: r.number),
                Column("delivery", _("Delivery"), lambda r: r.delivery),
                Column("amount", _("Applied"), lambda r: r.amount, "money"),
                Column("effective", _("Counts from"), lambda r: r.effective, "date"),
            ),
            parent,
        )


class CreditDialog(QDialog):
    """Unapplied credit: whether it is applied as goods go out (and for whom not), and applying all of it now.

    The table is the preview: nothing changes until Apply all is pressed.
    """

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Unapplied credit"))
        self.db = db
        self.resize(820, 520)
        setting = ledger.auto_apply_setting(db)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.automatic = QCheckBox(_("Apply a customer's unapplied credit to its open deliveries when goods go out"))
        self.automatic.setObjectName("autoApply")
        self.automatic.setChecked(setting.on)
        self.kept = QLineEdit(", ".join(setting.kept))
        self.kept.setObjectName("keptCustomers")
        self.kept.setPlaceholderText(_("customer codes, e.g. C7, C12"))
        save = QPushButton(_("Save setting"))
        save.setObjectName("saveAutoApply")
        save.clicked.connect(self.save_setting)
        form.addRow(self.automatic)
        form.addRow(_("Except for (their credit waits for the clerk)"), self.kept)
        form.addRow("", save)
        layout.addLayout(form)
        self.model = CreditPlanModel(self)
        self.table = make_table(self.model, {0: 70, 1: 200, 2: 80, 3: 110, 4: 110, 5: 100})
        self.table.setObjectName("creditPreview")
        layout.addWidget(self.table, 1)
        self.summary = plain.label("", "creditSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.kept_note = plain.label("", "keptNote")
        layout.addWidget(self.kept_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = buttons.addButton(_("Apply all"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyAll")
        buttons.accepted.connect(self.apply_all)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.preview()

    def preview(self) -> None:
        """Show what applying all would do now."""
        found = ledger.preview_all_credit(self.db)
        self.model.set_rows(list(found.lines))
        customers = len({line.customer for line in found.lines})
        if found.lines:
            self.summary.setText(
                _("Applying all would apply {total} in {lines} allocations for {customers} customers.").format(
                    total=formats.money(found.total), lines=len(found.lines), customers=customers
                )
            )
        else:
            self.summary.setText(_("No unapplied credit can be applied to an open delivery."))
        self.kept_note.setText(
            _("Kept for the clerk: {kept}.").format(kept=", ".join(found.kept)) if found.kept else ""
        )
        self.apply_button.setEnabled(bool(found.lines))

    def save_setting(self) -> None:
        """Store whether credit is applied as goods go out, and the customers kept out of it."""
        codes = tuple(sorted({code.strip() for code in self.kept.text().split(",") if code.strip()}))
        db, setting = self.db, ledger.AutoApply(self.automatic.isChecked(), codes)
        if tasks.write(self, _("Setting not saved"), lambda: ledger.save_auto_apply(db, setting)) is None:
            return
        self.kept.setText(", ".join(codes))
        self.preview()

    def apply_all(self) -> None:
        """Apply every credit shown, in one transaction."""
        db = self.db
        if (done := tasks.write(self, _("Apply all credits"), lambda: ledger.apply_all_credit(db))) is None:
            return
        plain.inform(
            self,
            _("Apply all credits"),
            _("Applied {total} of unapplied credit.").format(total=formats.money(done.value.total)),
        )
        self.accept()
