"""Log a visit or call, with the promise taken there (one or more instalments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from arddesk.domain.money import parse_amount
from arddesk.domain.problems import Problem
from arddesk.domain.promises import Channel, Excuse
from arddesk.services import followup
from arddesk.services.errors import Rejected
from arddesk.store.db import Database
from arddesk.text import _
from arddesk.text.messages import channel_name, contact_logged_note, excuse_name
from arddesk.ui.widgets.fields import a_date, customer_code, customer_completer, customer_label, optional_date
from arddesk.ui.widgets.form import FormDialog

MAX_INSTALMENTS = 6


def optional_amount(text: str) -> Decimal | None:
    """Blank or an amount above zero."""
    return parse_amount(text, allow_zero=False) if text else None


class ContactDialog(FormDialog):
    """Customer, day, channel, rep, excuse, result, next step and date, and an optional promise.

    The promise is one line per instalment (amount and due date); "Add instalment" (Alt+I)
    adds a line. Blank lines are ignored; a line with only one of the two is refused.
    """

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, today: date | None = None, customer: str = ""
    ) -> None:
        super().__init__(_("Log a visit or call"), parent)
        self.db = db
        self.saved_id: int | None = None
        self.today = today or date.today()
        customer_edit = QLineEdit(customer_label(db, customer))
        customer_edit.setCompleter(customer_completer(db, self))
        customer_edit.setPlaceholderText(_("code or name"))
        self.add_field("customer", _("Customer *"), customer_edit, customer_code)
        self.add_field("on", _("Date *"), QLineEdit(self.today.isoformat()), a_date)
        channel = QComboBox()
        for kind in Channel:
            channel.addItem(channel_name(kind), kind.value)
        self.add_field("channel", _("Channel"), channel)
        rep = QLineEdit()
        rep.setPlaceholderText(_("blank = the customer's rep"))
        self.add_field("rep", _("Rep"), rep)
        excuse = QComboBox()
        for reason in Excuse:
            excuse.addItem(excuse_name(reason) or _("(none given)"), reason.value)
        self.add_field("excuse", _("Excuse given"), excuse)
        self.add_field("result", _("Result"), QLineEdit())
        self.add_field("next_step", _("Next step"), QLineEdit())
        next_on = QLineEdit()
        next_on.setPlaceholderText(_("YYYY-MM-DD"))
        self.add_field("next_on", _("Next step on"), next_on, optional_date)
        self.add_field("promise_note", _("Note on the promise"), QLineEdit())
        self.instalments = 0
        self.add_instalment()
        self.add_button = QPushButton(_("&Add instalment"))
        self.add_button.setObjectName("addInstalment")
        self.add_button.setShortcut(QKeySequence("Alt+I"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_instalment)
        self.body.addWidget(self.add_button)
        self.finish()
        self.resize(540, 420)

    def add_instalment(self) -> None:
        """One more line for an instalment (amount and due date)."""
        if self.instalments >= MAX_INSTALMENTS:
            return
        self.instalments += 1
        n = self.instalments
        label = _("Promised amount") if n == 1 else _("Instalment {n}: amount").format(n=n)
        amount = self.add_field(f"amount_{n}", label, QLineEdit(), optional_amount)
        due = QLineEdit()
        due.setPlaceholderText(_("YYYY-MM-DD"))
        self.add_field(f"due_{n}", _("  by") if n == 1 else _("Instalment {n}: by").format(n=n), due, optional_date)
        if n > 1:
            amount.setFocus()
        if self.instalments >= MAX_INSTALMENTS and hasattr(self, "add_button"):
            self.add_button.setEnabled(False)

    def save(self, values: dict[str, Any]) -> None:
        parts: list[tuple[date, Decimal]] = []
        lines: list[int] = []
        problems: list[Problem] = []
        for n in range(1, self.instalments + 1):
            amount, due = values[f"amount_{n}"], values[f"due_{n}"]
            if amount is None and due is None:
                continue
            if amount is None:
                problems.append(Problem(None, f"amount_{n}", "", _("give the amount promised")))
            elif due is None:
                problems.append(Problem(None, f"due_{n}", "", _("give the date it is promised by")))
            else:
                parts.append((due, amount))
                lines.append(n)
        if problems:
            raise Rejected(problems)
        item = followup.ContactInput(
            customer=values["customer"],
            on=values["on"],
            channel=values["channel"],
            rep=values["rep"],
            excuse=values["excuse"],
            result=values["result"],
            next_step=values["next_step"],
            next_on=values["next_on"],
            instalments=tuple(parts),
            promise_note=values["promise_note"],
        )
        try:
            db = self.db
            note = contact_logged_note(item.channel, item.on)
            self.saved_id = self.write(lambda: followup.log_contact(db, item, closing_note=note))
        except Rejected as exc:
            # an instalment's problem names its line: amount_2, due_2
            raise Rejected(
                [
                    Problem(None, f"{p.column}_{lines[p.row - 1]}", p.value, p.reason, p.params) if p.row else p
                    for p in exc.problems
                ]
            ) from exc
