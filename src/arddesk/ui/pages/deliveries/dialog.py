"""The delivery form with the credit check shown live, before saving."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from arddesk.domain.dates import parse_date
from arddesk.domain.money import parse_amount
from arddesk.domain.problems import InvalidValue, Problem
from arddesk.services import browse, credit, ledger
from arddesk.services.errors import Rejected
from arddesk.services.ledger import DeliveryInput, DocumentDetails
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.text.messages import code_text, message_text
from arddesk.ui import plain, theme
from arddesk.ui.widgets.fields import (
    a_date,
    customer_code,
    customer_completer,
    customer_label,
    optional_date,
    positive_amount,
)
from arddesk.ui.widgets.form import FormDialog, required
from arddesk.ui.widgets.rep_field import rep_check, rep_combo, select_rep

_COLOURS = {"block": theme.ALERT, "warn": theme.CAUTION, "allow": theme.ALLOWED}
FINDING_NAMES = {"warn": N_("Warns"), "block": N_("Blocks")}
"""A credit rule's outcome, in words, before what the rule found."""
NO_CHECK = N_("Credit check: choose a customer and an amount.")
NO_CHECK_FOR_CORRECTION = N_(
    "Credit check: not run for a correction (the delivery it replaces is still in the balance until it is saved)."
)


def correction_number(db: Database, number: str, today: date) -> str:
    """The number suggested for the delivery that corrects ``number``: ``<number>-C1``, or the next free one."""
    serial = 1
    while browse.delivery(db, f"{number}-C{serial}", today) is not None:
        serial += 1
    return f"{number}-C{serial}"


class DeliveryDialog(FormDialog):
    """A new delivery with the live credit check; or the correction of a saved one (``correcting``).

    A correction is prefilled from the delivery it replaces, asks why, and on saving voids the old
    delivery and records the new one in one transaction.
    """

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        customer: str = "",
        correcting: DocumentDetails | None = None,
    ) -> None:
        if correcting is None:
            super().__init__(_("New delivery"), parent)
        else:
            super().__init__(_("Correct delivery {number}").format(number=correcting.document.number), parent)
        self.db = db
        self.correcting = correcting
        self.check: credit.CreditCheck | None = None
        today = today or date.today()
        self.today = today
        if correcting is not None:
            reason = QLineEdit()
            reason.setPlaceholderText(_("why the delivery is corrected (kept with your name and the time)"))
            self.add_field("reason", _("Correction reason *"), reason, required)
        customer_edit = QLineEdit(customer_label(db, customer))
        customer_edit.setCompleter(customer_completer(db, self))
        customer_edit.setPlaceholderText(_("code or name"))
        self.add_field("customer", _("Customer *"), customer_edit, self._customer)
        self.add_field("number", _("Delivery number *"), QLineEdit(), required)
        self.add_field("date", _("Date *"), QLineEdit(today.isoformat()), a_date)
        self.add_field("amount", _("Amount *"), QLineEdit(), positive_amount)
        due = QLineEdit()
        due.setPlaceholderText(_("blank = from the customer's terms"))
        self.add_field("due_date", _("Due date"), due, optional_date)
        rep = rep_combo(db, keep=correcting.document.rep if correcting is not None else "")
        self.add_field("rep", _("Rep"), rep, rep_check(rep))
        rep_line = rep.lineEdit()
        if rep_line is not None:  # rep_combo is editable: it has one
            rep_line.setPlaceholderText(_("blank = the customer's rep"))
        category = QComboBox()
        for value in ("normal", "abnormal", "out_of_stock"):
            category.addItem(code_text(value), value)
        self.add_field("category", _("Category"), category)
        model = QComboBox()
        for text, value in (("", ""), (_("old model"), "old"), (_("new model"), "new")):
            model.addItem(text, value)
        self.add_field("model", _("Model"), model)
        self.add_field("note", _("Note"), QLineEdit())

        self.check_label = plain.rich_label("creditCheck")
        self.check_label.setText(_(NO_CHECK))
        self.check_label.setWordWrap(True)
        self.check_label.setMinimumHeight(60)
        self.body.addWidget(self.check_label)
        self.override = QPlainTextEdit()
        self.override.setObjectName("overrideReason")
        self.override.setPlaceholderText(
            _(
                "The credit check blocks this delivery. To deliver anyway, write why "
                "(kept in the override log with your name and the time)."
            )
        )
        self.override.setMaximumHeight(70)
        self.override.setTabChangesFocus(True)
        self.override.hide()
        self.override_label = plain.label(
            _("Override reason (required to deliver anyway; kept with your name and the time):"), bold=True
        )
        self.override_label.hide()
        self.body.addWidget(self.override_label)
        self.body.addWidget(self.override)
        self.finish()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run_check)
        for name in ("customer", "amount", "date", "due_date"):
            self.field(name, QLineEdit).textChanged.connect(self.timer.start)
        if correcting is not None:
            self._fill(correcting)
        self.resize(560, self.sizeHint().height())

    def _customer(self, text: str) -> str:
        code = customer_code(text)
        if browse.customer(self.db, code, self.today) is None:
            raise InvalidValue(_("no such customer"))
        return code

    def _fill(self, details: DocumentDetails) -> None:
        """Every field as the delivery being corrected has it; the number gets a ``-C1`` suffix."""
        old = details.document
        self.field("customer", QLineEdit).setText(customer_label(self.db, old.customer))
        self.field("number", QLineEdit).setText(correction_number(self.db, old.number, self.today))
        self.field("date", QLineEdit).setText(old.date.isoformat())
        self.field("amount", QLineEdit).setText(formats.plain_money(old.amount))
        # A due date that came from the terms is left blank, so that the terms give it again.
        self.field("due_date", QLineEdit).setText(formats.day(old.due_date) if old.due_fixed else "")
        select_rep(self.field("rep", QComboBox), old.rep)
        for name, value in (("category", old.category), ("model", old.model)):
            box = self.field(name, QComboBox)
            box.setCurrentIndex(max(box.findData(value), 0))
        self.field("note", QLineEdit).setText(old.text)
        self.check_label.setText(_(NO_CHECK_FOR_CORRECTION))
        self.fields["reason"].setFocus()

    def run_check(self) -> None:
        """Check the credit now, with what is typed so far."""
        self.timer.stop()
        if self.correcting is not None:
            self.check = None
            self.check_label.setText(_(NO_CHECK_FOR_CORRECTION))
            return
        try:
            code = customer_code(self.text("customer"))
            amount = parse_amount(self.text("amount") or "0")
            on = parse_date(self.text("date"))
        except InvalidValue:
            self.check = None
            self._show_check(None)
            return
        try:  # a due date half typed is checked as the terms' until it reads as a date
            due = parse_date(self.text("due_date")) if self.text("due_date") else None
        except InvalidValue:
            due = None
        try:
            check = credit.check_delivery(self.db, code, amount, on, due)
        except Exception:
            check = None
        self.check = check
        self._show_check(check)

    def _show_check(self, check: credit.CreditCheck | None) -> None:
        if check is None:
            self.check_label.setText(_(NO_CHECK))
            self.override.hide()
            self.override_label.hide()
            return
        outcome = check.outcome.value
        head = {
            "allow": _("✔ Credit check passed"),
            "warn": _("⚠ Credit check: warning"),
            "block": _("✖ Credit check: BLOCKED"),
        }[outcome]
        limit = (
            _("no credit limit")
            if check.credit_limit is None
            else _("limit {amount}").format(amount=formats.money(check.credit_limit))
        )
        lines = [
            plain.html(
                _("<b style='color:{}'>{}</b> — balance {}, after this delivery {}, {}"),
                _COLOURS[outcome],
                head,
                formats.money(check.balance),
                formats.money(check.exposure),
                limit,
            )
        ]
        for finding in check.findings:
            lines.append(
                plain.html(
                    _("<span style='color:{}'>• {}: {}</span>"),
                    _COLOURS[finding.outcome.value],
                    _(FINDING_NAMES[finding.outcome.value]),
                    message_text(finding.message),
                )
            )
        self.check_label.setText("<br>".join(lines))
        self.override.setVisible(check.blocked)
        self.override_label.setVisible(check.blocked)

    def try_save(self) -> None:
        self.run_check()
        super().try_save()

    def save(self, values: dict[str, Any]) -> None:
        item = DeliveryInput(
            number=values["number"],
            customer=values["customer"],
            date=values["date"],
            amount=values["amount"],
            due_date=values["due_date"],
            rep=values["rep"],
            category=values["category"],
            model=values["model"],
            note=values["note"],
        )
        self.saved_number = item.number
        if self.correcting is not None:
            old = self.correcting.document.number
            db = self.db
            self.write(lambda: ledger.correct_delivery(db, old, values["reason"], item, on=self.today))
            return
        reason = self.override.toPlainText().strip()
        if self.check is not None and self.check.blocked and not reason:
            self.override.show()
            self.override_label.show()
            self.override.setFocus()
            raise Rejected(
                [
                    Problem(
                        None,
                        "override",
                        "",
                        N_("the credit check blocks this delivery: write the reason for the override, or cancel"),
                    )
                ]
            )
        db = self.db
        self.write(lambda: credit.record_delivery_checked(db, item, override_reason=reason))
