"""Customers: search and filters, the list with balances, and a detail pane with the customer's ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.aging import DebtClass
from arddesk.domain.warnings import Warning
from arddesk.services import browse, risk
from arddesk.services.browse import CustomerFilter, CustomerRow
from arddesk.text import N_, _, formats
from arddesk.text.messages import class_name, warning_text, warning_title
from arddesk.ui import feedback, plain, theme
from arddesk.ui.errors import reported
from arddesk.ui.pages.customers.models import HOLD_FILTER, CustomerModel, LedgerModel, hold_text
from arddesk.ui.widgets.page import ListPage, combo, make_table, set_combo_items, translated
from arddesk.ui.widgets.tablemodel import ROW_ROLE

NO_CUSTOMER = N_("Select a customer")


class CustomerDetail(QWidget):
    """Balance, overdue, credit used, last payment and the ledger of one customer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerDetail")
        self.heading = plain.label(_(NO_CUSTOMER), "detailHeading", bold=True)
        self.heading.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        facts = QFormLayout()
        for key, label in (
            ("balance", _("Balance")),
            ("overdue", _("Overdue")),
            ("limit", _("Credit limit")),
            ("used", _("Credit used")),
            ("available", _("Available")),
            ("unapplied", _("Unapplied credit")),
            ("last_payment", _("Last payment")),
            ("hold", _("Hold state")),
            ("terms", _("Terms")),
            ("debt_class", _("Class")),
            ("flags", _("Warnings")),
        ):
            value = plain.label()
            value.setObjectName(f"detail_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            facts.addRow(label, value)
        self.buttons = QGridLayout()
        self.ledger = LedgerModel()
        self.ledger_view = make_table(self.ledger, {0: 80, 1: 118, 2: 125, 3: 90, 4: 85, 5: 95})
        self.ledger_view.setObjectName("customerLedger")
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addLayout(facts)
        left.addLayout(self.buttons)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(plain.label(_("Ledger: deliveries, payments, adjustments, running balance")))
        right.addWidget(self.ledger_view, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(left, 0)
        layout.addLayout(right, 1)

    def show_summary(self, summary: browse.CustomerSummary | None) -> None:
        """Fill the pane (None: clear it)."""
        if summary is None:
            self.heading.setText(_(NO_CUSTOMER))
            for value in self.values.values():
                value.clear()
            self.ledger.set_rows([])
            return
        row = summary.customer
        self.heading.setText(f"{row.code} {row.name}\n{row.phone} {row.address}")
        self.values["balance"].setText(formats.money(row.balance))
        self.values["overdue"].setText(formats.money(row.overdue))
        self.values["limit"].setText(formats.money(row.credit_limit) or _("no limit"))
        self.values["used"].setText(formats.percent(row.use_percent) or "—")
        self.values["available"].setText(formats.money(row.available) if row.available is not None else "—")
        self.values["unapplied"].setText(formats.money(row.unapplied))
        last = summary.last_payment
        self.values["last_payment"].setText(
            _("{amount} on {day}").format(amount=formats.money(last[1]), day=last[0]) if last else _("none")
        )
        self.values["hold"].setText(hold_text(row.hold_state))
        self.values["terms"].setText(row.terms)
        self.values["overdue"].setStyleSheet(theme.text_style(theme.ALERT) if row.overdue > 0 else "")
        self.values["available"].setStyleSheet(theme.text_style(theme.ALERT) if row.over_limit else "")
        self.values["hold"].setStyleSheet(theme.text_style(theme.ALERT, bold=True) if row.hold_state == "stop" else "")
        self.ledger.set_rows(summary.ledger)
        QTimer.singleShot(0, self.ledger_view.scrollToBottom)  # after the view has laid out the new rows

    def show_risk(self, debt_class: DebtClass, warnings: list[Warning]) -> None:
        """The customer's class (worst of what it owes, the clerk's overrides included) and its open
        warnings, computed and flagged; the figures behind each are in the tooltip."""
        self.values["debt_class"].setText(class_name(debt_class))
        worrying = debt_class in (DebtClass.DOUBTFUL, DebtClass.BAD, DebtClass.DEAD)
        self.values["debt_class"].setStyleSheet(theme.text_style(theme.ALERT, bold=True) if worrying else "")
        self.values["flags"].setText(", ".join(warning_title(w.kind) for w in warnings) or _("none"))
        self.values["flags"].setStyleSheet(theme.text_style(theme.ALERT) if warnings else "")
        self.values["flags"].setToolTip(
            plain.tooltip("\n".join(f"{warning_title(w.kind)}: {warning_text(w)}" for w in warnings))
        )


class CustomersPage(ListPage):
    """The customer list."""

    search_hint = N_("Search code, name or phone (Ctrl+F)")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(CustomerModel(), today, parent)
        self.rep = combo([(_("all reps"), "")], "repFilter")
        self.department = combo([(_("all departments"), "")], "departmentFilter")
        self.grade = combo([(_("all grades"), "")], "gradeFilter")
        self.hold = combo(translated(HOLD_FILTER), "holdFilter")
        for widget in (self.rep, self.department, self.grade, self.hold):
            self.filter_bar.addWidget(widget)
        self.watch(self.rep, self.department, self.grade, self.hold)
        for column, width in enumerate((64, 260, 110, 110, 110, 100, 50, 55, 50, 65, 120)):
            self.table.setColumnWidth(column, width)

        self.detail = CustomerDetail()
        for text, slot, name in (
            (_("New customer…"), self.new_item, "newCustomer"),
            (_("Edit…"), self.edit_selected, "editCustomer"),
            (_("New delivery…"), self.new_delivery, "newDelivery"),
            (_("New payment…"), self.new_payment, "newPayment"),
            (_("Change limit…"), self.change_limit, "changeLimit"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            count = self.detail.buttons.count()
            self.detail.buttons.addWidget(button, count // 2, count % 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.finish_layout(splitter)
        # The selection, not the current index: selectRow() moves the current index before it selects.
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_selected())
        self.model.modelReset.connect(self.show_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.detail.ledger_view.activated.connect(self.open_ledger_line)

    def build_filter(self) -> CustomerFilter:
        return CustomerFilter(
            today=self.today,
            text=self.search.text(),
            rep=self.rep.currentData() or "",
            department=self.department.currentData() or "",
            grade=self.grade.currentData() or "",
            hold=self.hold.currentData() or "",
        )

    def refresh_choices(self) -> None:
        assert self.db is not None
        choices = browse.choices(self.db)
        set_combo_items(self.rep, [(_("all reps"), "")] + [(c, c) for c in choices.reps])
        set_combo_items(self.department, [(_("all departments"), "")] + [(c, c) for c in choices.departments])
        set_combo_items(self.grade, [(_("all grades"), "")] + [(c, c) for c in choices.grades])

    def show_selected(self) -> None:
        """Fill the detail pane for the selected customer."""
        row = self.selected_row()
        if row is None or self.db is None:
            self.detail.show_summary(None)
            return
        with reported(self, _("Customer")):
            self.detail.show_summary(browse.customer_summary(self.db, row.code, self.today))
            warnings = risk.early_warnings(self.db, self.today, customer=row.code)
            self.detail.show_risk(risk.customer_class(self.db, row.code, self.today), warnings)

    def select_code(self, code: str) -> None:
        """Find a customer by code and select it."""
        self.search.setText(code)
        self.apply_filter()
        for row in range(self.model.rowCount()):
            found = self.model.row_at(row)
            if found is not None and found.code == code:
                self.table.selectRow(row)
                break

    def _after_change(self, code: str | None = None) -> None:
        self.company_changed.emit()
        if code:
            self.select_code(code)
            feedback.announce(self, _("Saved customer {code}.").format(code=code))

    def new_item(self) -> None:
        from arddesk.ui.pages.customers.dialog import CustomerDialog

        if self.db is None:
            return
        dialog = CustomerDialog(self.db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.saved_code)

    def edit_selected(self) -> None:
        """Change the selected customer."""
        from arddesk.ui.pages.customers.dialog import CustomerDialog

        row = self.selected_row()
        if row is None or self.db is None:
            return
        dialog = CustomerDialog(self.db, self, existing=row)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(row.code)

    def open_ledger_line(self, index: QModelIndex) -> None:
        """Double-click or Enter on a ledger line: its delivery, payment or adjustment."""
        from arddesk.ui.pages.documents.dialog import open_document

        line = index.data(ROW_ROLE)
        customer = self.selected_row()
        if line is None or self.db is None:
            return
        code = customer.code if customer is not None else None
        open_document(
            self, self.db, line.source, line.number, today=self.today, on_change=lambda *_: self._after_change(code)
        )

    def new_delivery(self) -> None:
        """A delivery for the selected customer, with the credit check."""
        from arddesk.ui.pages.deliveries.dialog import DeliveryDialog

        row: CustomerRow | None = self.selected_row()
        if self.db is None:
            return
        dialog = DeliveryDialog(self.db, self, today=self.today, customer=row.code if row else "")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(row.code if row else None)

    def new_payment(self) -> None:
        """A payment from the selected customer."""
        from arddesk.ui.pages.payments.dialog import PaymentDialog

        row: CustomerRow | None = self.selected_row()
        if self.db is None:
            return
        dialog = PaymentDialog(self.db, self, today=self.today, customer=row.code if row else "")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(row.code if row else None)

    def change_limit(self) -> None:
        """Change the selected customer's limit or hold state (a reason is asked)."""
        from arddesk.ui.pages.credit.dialog import LimitDialog

        row = self.selected_row()
        if row is None or self.db is None:
            return
        dialog = LimitDialog(self.db, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(row.code)

    def export_table(self) -> Any:
        return self.model.export_rows()
