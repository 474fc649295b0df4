"""The delivery form with the credit check shown live, before saving."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from arddesk.domain import limits
from arddesk.domain.dates import parse_date
from arddesk.domain.money import parse_amount
from arddesk.domain.problems import InvalidValue, Problem
from arddesk.services import browse, credit, ledger
from arddesk.services.errors import Rejected
from arddesk.services.ledger import DeliveryInput
from arddesk.store.db import Database
from arddesk.ui import formatting, plain
from arddesk.ui.forms.base import FormDialog, required

_COLOURS = {"block": "#b00020", "warn": "#8a5a00", "allow": "#1b6e20"}
NO_CHECK = "Credit check: choose a customer and an amount."


def a_date(text: str) -> date:
    """A date as the clerk types it (ISO), within 1900–2100."""
    day = parse_date(required(text))
    outside = limits.date_problem(day)
    if outside:
        raise InvalidValue(outside)
    return day


def optional_date(text: str) -> date | None:
    """Blank or a date within 1900–2100."""
    return a_date(text) if text else None


def positive_amount(text: str) -> Decimal:
    """An amount more than zero with at most two decimals."""
    return parse_amount(required(text), allow_zero=False)


def customer_completer(db: Database, parent: QWidget) -> QCompleter:
    """Completion of customer codes by code or name (``C001 — Name``)."""
    items = [f"{code} — {name}" for code, name in browse.customer_codes(db, "", 100_000)]
    completer = QCompleter(QStringListModel(items, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


def customer_label(db: Database, code: str) -> str:
    """``C001 — Name`` for a code (the code alone when unknown or blank)."""
    if not code:
        return ""
    names = dict(browse.customer_codes(db, code, 20))
    return f"{code} — {names[code]}" if code in names else code


def customer_code(text: str) -> str:
    """The code part of ``C001 — Name``."""
    return required(text.split(" — ")[0].strip())


class DeliveryDialog(FormDialog):
    """New delivery (or change one nothing has been applied to), with the live credit check."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        customer: str = "",
        existing: browse.DeliveryRow | None = None,
    ) -> None:
        super().__init__("Change delivery" if existing else "New delivery", parent)
        self.db = db
        self.existing = existing
        self.check: credit.CreditCheck | None = None
        today = today or date.today()
        customer_edit = QLineEdit(customer_label(db, customer))
        customer_edit.setCompleter(customer_completer(db, self))
        customer_edit.setPlaceholderText("code or name")
        self.add_field("customer", "Customer *", customer_edit, self._customer)
        self.add_field("number", "Delivery number *", QLineEdit(), required)
        self.add_field("date", "Date *", QLineEdit(today.isoformat()), a_date)
        self.add_field("amount", "Amount *", QLineEdit(), positive_amount)
        due = QLineEdit()
        due.setPlaceholderText("blank = from the customer's terms")
        self.add_field("due_date", "Due date", due, optional_date)
        rep = QComboBox()
        rep.setEditable(True)
        rep.addItems(["", *browse.choices(db).reps])
        self.add_field("rep", "Rep", rep)
        rep.lineEdit().setPlaceholderText("blank = the customer's rep")
        category = QComboBox()
        for value in ("normal", "abnormal", "out_of_stock"):
            category.addItem(value, value)
        self.add_field("category", "Category", category)
        model = QComboBox()
        for text, value in (("", ""), ("old model", "old"), ("new model", "new")):
            model.addItem(text, value)
        self.add_field("model", "Model", model)
        self.add_field("note", "Note", QLineEdit())

        self.check_label = plain.rich_label("creditCheck")
        self.check_label.setText(NO_CHECK)
        self.check_label.setWordWrap(True)
        self.check_label.setMinimumHeight(60)
        self.body.addWidget(self.check_label)
        self.override = QPlainTextEdit()
        self.override.setObjectName("overrideReason")
        self.override.setPlaceholderText(
            "The credit check blocks this delivery. To deliver anyway, write why "
            "(kept in the override log with your name and the time)."
        )
        self.override.setMaximumHeight(70)
        self.override.setTabChangesFocus(True)
        self.override.hide()
        self.override_label = plain.label(
            "Override reason (required to deliver anyway; kept with your name and the time):", bold=True
        )
        self.override_label.hide()
        self.body.addWidget(self.override_label)
        self.body.addWidget(self.override)
        self.finish()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run_check)
        for name in ("customer", "amount", "date"):
            self.fields[name].textChanged.connect(self.timer.start)  # type: ignore[attr-defined]
        if existing is not None:
            self._fill(existing)
        self.resize(560, self.sizeHint().height())

    def _customer(self, text: str) -> str:
        code = customer_code(text)
        if browse.customer(self.db, code, date.today()) is None:
            raise InvalidValue("no such customer")
        return code

    def _fill(self, row: browse.DeliveryRow) -> None:
        f = self.fields
        f["customer"].setText(row.customer)  # type: ignore[attr-defined]
        f["number"].setText(row.number)  # type: ignore[attr-defined]
        f["number"].setReadOnly(True)  # type: ignore[attr-defined]
        f["date"].setText(row.date.isoformat())  # type: ignore[attr-defined]
        f["amount"].setText(formatting.plain_money(row.amount))  # type: ignore[attr-defined]
        f["due_date"].setText(formatting.day(row.due_date))  # type: ignore[attr-defined]
        f["rep"].setCurrentText(row.rep)  # type: ignore[attr-defined]
        for name, value in (("category", row.category), ("model", row.model)):
            box = f[name]
            box.setCurrentIndex(max(box.findData(value), 0))  # type: ignore[attr-defined]
        f["note"].setText(row.note)  # type: ignore[attr-defined]

    def run_check(self) -> None:
        """Check the credit now, with what is typed so far."""
        self.timer.stop()
        try:
            code = customer_code(self.text("customer"))
            amount = parse_amount(self.text("amount") or "0")
            on = parse_date(self.text("date"))
        except InvalidValue:
            self.check = None
            self._show_check(None)
            return
        try:
            check = credit.check_delivery(self.db, code, amount, on)
        except Exception:
            check = None
        if self.existing is not None and check is not None:
            # Changing a delivery: its old amount is already in the balance.
            check = None
        self.check = check
        self._show_check(check)

    def _show_check(self, check: credit.CreditCheck | None) -> None:
        if check is None:
            self.check_label.setText(NO_CHECK)
            self.override.hide()
            self.override_label.hide()
            return
        outcome = check.outcome.value
        head = {
            "allow": "✔ Credit check passed",
            "warn": "⚠ Credit check: warning",
            "block": "✖ Credit check: BLOCKED",
        }[outcome]
        limit = "no limit" if check.credit_limit is None else formatting.money(check.credit_limit)
        lines = [
            plain.html(
                "<b style='color:{}'>{}</b> — balance {}, after this delivery {}, limit {}",
                _COLOURS[outcome],
                head,
                formatting.money(check.balance),
                formatting.money(check.exposure),
                limit,
            )
        ]
        for finding in check.findings:
            lines.append(
                plain.html(
                    "<span style='color:{}'>• {}: {}</span>",
                    _COLOURS[finding.outcome.value],
                    finding.outcome.value.upper(),
                    finding.message,
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
        if self.existing is not None:
            reason = self.override.toPlainText().strip()
            if not reason:
                self.override.show()
                self.override_label.show()
                raise Rejected([Problem(None, "override", "", "say why the delivery is corrected; it is kept")])
            ledger.correct_delivery(self.db, self.existing.number, reason, item)
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
                        "the credit check blocks this delivery: write the reason for the override, or cancel",
                    )
                ]
            )
        credit.record_delivery_checked(self.db, item, override_reason=reason)
