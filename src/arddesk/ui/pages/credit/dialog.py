"""Changing a credit limit or hold state: a reason is asked for and kept with who and when."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTableView, QWidget

from arddesk.services import credit
from arddesk.services.browse import CustomerRow
from arddesk.store.db import Database
from arddesk.text import _, formats
from arddesk.ui import plain
from arddesk.ui.pages.credit.models import HistoryModel
from arddesk.ui.widgets.fields import optional_amount
from arddesk.ui.widgets.form import FormDialog, required


class LimitDialog(FormDialog):
    """New limit (blank: no limit), hold state, and why; the customer's history below."""

    def __init__(self, db: Database, customer: CustomerRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Credit limit of {code} {name}").format(code=customer.code, name=customer.name), parent)
        self.db = db
        self.customer = customer
        self.form.addRow(_("Current limit"), plain.label(formats.money(customer.credit_limit) or _("no limit")))
        self.form.addRow(_("Open balance"), plain.label(formats.money(customer.balance)))
        limit = QLineEdit(formats.plain_money(customer.credit_limit))
        limit.setPlaceholderText(_("blank = no limit"))
        self.add_field("credit_limit", _("New limit"), limit, optional_amount)
        hold = QComboBox()
        for text, value in (
            (_("normal"), "normal"),
            (_("restricted (smaller batches, no promotions)"), "restricted"),
            (_("stop supply"), "stop"),
        ):
            hold.addItem(text, value)
        hold.setCurrentIndex(max(hold.findData(customer.hold_state), 0))
        self.add_field("hold_state", _("Hold state"), hold)
        cap = QLineEdit(formats.plain_money(customer.delivery_cap))
        cap.setPlaceholderText(_("blank = no cap"))
        cap.setToolTip(_("While restricted: the most one delivery may be worth. The credit check also refuses a "
                         "due date later than the customer's terms give (no promotional terms)."))
        self.add_field("delivery_cap", _("Cap per delivery (restricted)"), cap, optional_amount)
        hold.currentIndexChanged.connect(self._cap_follows_hold)
        self._cap_follows_hold()
        reason = QPlainTextEdit()
        reason.setTabChangesFocus(True)
        reason.setMaximumHeight(60)
        self.add_field("reason", _("Reason *"), reason, required)
        self.history = HistoryModel()
        self.history.set_rows(credit.credit_history(db, customer.code))
        view = QTableView()
        view.setObjectName("limitHistory")
        view.setModel(self.history)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.setMinimumHeight(140)
        for column, width in enumerate((112, 55, 65, 45, 95, 95)):
            view.setColumnWidth(column, width)
        self.body.addWidget(plain.label(_("History")))
        self.body.addWidget(view)
        self.finish()
        self.resize(640, 480)

    def _cap_follows_hold(self) -> None:
        """Only a restricted customer has a cap per delivery."""
        restricted = self.text("hold_state") == "restricted"
        cap = self.field("delivery_cap", QLineEdit)
        cap.setEnabled(restricted)
        if not restricted:
            cap.clear()

    def save(self, values: dict[str, Any]) -> None:
        db, code = self.db, self.customer.code
        self.write(
            lambda: credit.set_credit_limit(
                db,
                code,
                values["credit_limit"],
                values["reason"],
                hold=values["hold_state"],
                cap=values["delivery_cap"],
            )
        )
