"""The customer form: every field of a customer, checked as it is typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from arddesk.domain.problems import InvalidValue
from arddesk.services import browse
from arddesk.services.credit import customer_state, save_customer_with_history
from arddesk.services.ledger import CustomerInput
from arddesk.store.db import Database
from arddesk.text import _, formats
from arddesk.text.messages import code_text
from arddesk.ui.widgets.fields import code, optional_amount
from arddesk.ui.widgets.form import FormDialog, required
from arddesk.ui.widgets.rep_field import rep_check, rep_combo, select_rep


def settlement_days(text: str) -> str:
    """Days of the month, comma separated."""
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        if not part.isdigit() or not 1 <= int(part) <= 31:
            raise InvalidValue(_("days of the month between 1 and 31, e.g. 5,20"))
    return text.replace(" ", "").replace("，", ",")


def distance(text: str) -> int | None:
    """Blank or a whole number of kilometres."""
    if not text:
        return None
    if not text.isdigit():
        raise InvalidValue(_("a whole number of kilometres"))
    return int(text)


def _at_most_128(text: str) -> str:
    if len(text) > 128:
        raise InvalidValue(_("at most {count} characters").format(count=128))
    return text


class CustomerDialog(FormDialog):
    """New customer, or change an existing one (its limit changes through Change limit…)."""

    def __init__(self, db: Database, parent: QWidget | None = None, existing: browse.CustomerRow | None = None) -> None:
        super().__init__(_("Change customer") if existing else _("New customer"), parent)
        self.db = db
        self.existing = existing
        choices = browse.choices(db)
        self.add_field("code", _("Code *"), QLineEdit(), code)
        self.add_field("name", _("Name *"), QLineEdit(), required)
        terms = QComboBox()
        terms.addItems(choices.terms)
        self.add_field("terms", _("Terms *"), terms, self._terms)
        self.add_field("credit_limit", _("Credit limit"), QLineEdit(), optional_amount)
        rep = rep_combo(db, keep=existing.rep if existing is not None else "")
        self.add_field("rep", _("Rep"), rep, rep_check(rep))
        for name, label, values in (
            ("department", _("Department"), choices.departments),
            ("grade", _("Credit grade"), choices.grades),
        ):
            box = QComboBox()
            box.setEditable(True)
            box.addItems(["", *values])
            self.add_field(name, label, box)
        self.add_field("phone", _("Phone"), QLineEdit())
        self.add_field("address", _("Address"), QLineEdit())
        language = QComboBox()
        for text, value in ((_("Chinese (zh)"), "zh"), (_("English (en)"), "en")):
            language.addItem(text, value)
        self.add_field("language", _("Letter language"), language)
        days = QLineEdit()
        days.setPlaceholderText(_("e.g. 5,20"))
        self.add_field("settlement_days", _("Settlement days"), days, settlement_days)
        self.add_field("distance_km", _("Distance (km)"), QLineEdit(), distance)
        procedure = QComboBox()
        for value in ("simple", "normal", "complex"):
            procedure.addItem(code_text(value), value)
        procedure.setCurrentIndex(1)
        self.add_field("procedure", _("Payment procedure"), procedure)
        self._add_habits()
        self.finish()
        self.field("credit_limit", QLineEdit).setPlaceholderText(_("blank = no limit"))
        # What the customer was when opened: a save refuses if another clerk changed it meanwhile.
        self.seen = customer_state(db, existing.code) if existing is not None else None
        if existing is not None:
            self._fill(existing)
        self.resize(480, self.sizeHint().height())

    def _add_habits(self) -> None:
        """How the customer pays (seed 001 §4): what the rep should know before going to collect."""
        for name, label, choices in (
            ("pay_method", _("Pays by"), ((_("not known"), ""), (_("cash"), "cash"), (_("transfer"), "transfer"),
                                           (_("other"), "other"))),
            ("reconciles", _("Reconciles"), ((_("not known"), ""), (_("yes"), "yes"), (_("no"), "no"))),
            ("invoice", _("Invoice needed"), ((_("not known"), ""), (_("ordinary invoice"), "ordinary"),
                                              (_("VAT invoice"), "vat"))),
        ):
            box = QComboBox()
            for text, value in choices:
                box.addItem(text, value)
            self.add_field(name, label, box)
        approver = QLineEdit()
        approver.setPlaceholderText(_("who approves the payment"))
        self.add_field("approver", _("Approved by"), approver, _at_most_128)
        signer = QLineEdit()
        signer.setPlaceholderText(_("who signs, and when they are in (e.g. Ms Li, Tue/Thu afternoons)"))
        self.add_field("signer", _("Signed by"), signer, _at_most_128)
        note = QLineEdit()
        note.setPlaceholderText(_("e.g. transfers arrive 2 days later; serve the invoice by the 25th"))
        self.add_field("pay_note", _("Payment note"), note)

    def _terms(self, text: str) -> str:
        if not text:
            raise InvalidValue(_("choose the payment terms (import or create terms first)"))
        return text

    def _fill(self, row: browse.CustomerRow) -> None:
        line = self.fields
        self.field("code", QLineEdit).setText(row.code)
        self.show_fixed("code", _("A customer's code stays as it was created."))
        self.field("name", QLineEdit).setText(row.name)
        self._select(line["terms"], row.terms)
        self.field("credit_limit", QLineEdit).setText(formats.plain_money(row.credit_limit))
        self.show_fixed(
            "credit_limit", _("Changed with Change limit… on the Customers or Credit limits page (the reason is kept).")
        )
        select_rep(self.field("rep", QComboBox), row.rep)
        for name in ("department", "grade"):
            self.field(name, QComboBox).setCurrentText(getattr(row, name))
        self.field("phone", QLineEdit).setText(row.phone)
        self.field("address", QLineEdit).setText(row.address)
        self._select(line["language"], row.language, data=True)
        self.field("settlement_days", QLineEdit).setText(row.settlement_days)
        self.field("distance_km", QLineEdit).setText("" if row.distance_km is None else str(row.distance_km))
        self._select(line["procedure"], row.procedure, data=True)
        for name in ("pay_method", "reconciles", "invoice"):
            self._select(line[name], getattr(row, name), data=True)
        for name in ("approver", "signer", "pay_note"):
            self.field(name, QLineEdit).setText(getattr(row, name))

    @staticmethod
    def _select(box: Any, value: str, *, data: bool = False) -> None:
        index = box.findData(value) if data else box.findText(value)
        if index >= 0:
            box.setCurrentIndex(index)

    def save(self, values: dict[str, Any]) -> None:
        self.saved_code = values["code"]
        self.write(lambda: save_customer_with_history(
            self.db,
            CustomerInput(
                code=values["code"],
                name=values["name"],
                terms=values["terms"],
                credit_limit=values["credit_limit"],
                rep=values["rep"],
                department=values["department"],
                grade=values["grade"],
                phone=values["phone"],
                address=values["address"],
                language=values["language"],
                settlement_days=values["settlement_days"],
                distance_km=values["distance_km"],
                procedure=values["procedure"],
                pay_method=values["pay_method"],
                approver=values["approver"],
                signer=values["signer"],
                reconciles=values["reconciles"],
                invoice=values["invoice"],
                pay_note=values["pay_note"],
            ),
            seen=self.seen,
        ))
