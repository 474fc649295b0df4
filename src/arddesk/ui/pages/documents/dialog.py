"""One delivery, payment or adjustment: its fields, its allocations, its history; voiding and correcting it.

Every list that shows documents opens them here (double-click or Enter). A saved document is never
changed in place: *Void…* reverses it with a reason, *Correct…* voids it and records a new one in its
place, prefilled from the old one, in one transaction; the two are linked both ways.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arddesk.services import audit, ledger
from arddesk.services.ledger import DocumentDetails
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.text.messages import code_text
from arddesk.ui import plain, theme
from arddesk.ui.errors import reported
from arddesk.ui.pages.documents.models import AllocationModel, DocumentHistoryModel
from arddesk.ui.widgets.fields import a_date, customer_label
from arddesk.ui.widgets.form import FormDialog, required
from arddesk.ui.widgets.page import ListPage, make_table
from arddesk.ui.widgets.tablemodel import ROW_ROLE

KINDS = ledger.VOIDABLE_KINDS
TITLES = {
    "delivery": N_("Delivery {number}"),
    "payment": N_("Payment {number}"),
    "adjustment": N_("Adjustment {number}"),
    "refund": N_("Refund {number}"),
}
VOID_TITLES = {
    "delivery": N_("Void delivery {number}"),
    "payment": N_("Void payment {number}"),
    "adjustment": N_("Void adjustment {number}"),
    "refund": N_("Void refund {number}"),
}
VOID_EXPLAINED = {
    "delivery": (
        N_(
            "The delivery stays in the books, marked void with your name, the day and the reason. "
            "Money applied to it becomes the customer's unapplied credit from the void date."
        )
    ),
    "payment": (
        N_(
            "The payment stays in the books, marked void with your name, the day and the reason. "
            "The deliveries it paid are open again from the void date; "
            "an early-payment discount it earned is voided with it."
        )
    ),
    "adjustment": (
        N_(
            "The adjustment stays in the books, marked void with your name, the day and the reason. "
            "The deliveries it reduced are open again from the void date."
        )
    ),
    "refund": N_(
        "The refund stays in the books, marked void with your name, the day and the reason. "
        "The credit it paid back is the customer's again from the void date."
    ),
}
ALREADY_VOID = N_("{number} is already void (since {day}). A void document cannot be voided or corrected again.")
BANNER = N_("VOID since {day} by {user}: {reason}")
BANNER_STYLE = theme.banner_style(theme.ALERT, theme.ON_ALERT, bold=True)
# How many rows of a list are looked through for a document before the list is searched for it.
SELECT_SCAN_ROWS = 1000


def _applied(details: DocumentDetails) -> int:
    """What the document's allocations still standing amount to (cents)."""
    return sum(line.amount for line in details.allocations if line.released_on is None)


def _fields(details: DocumentDetails) -> list[tuple[str, str, str]]:
    """(key, label, value) of what the dialog shows of a document."""
    doc = details.document
    # A void document owes and holds nothing from the day of its void.
    rest = formats.money(0 if doc.voided_on is not None else doc.amount - _applied(details))
    common = [
        ("number", _("Number"), doc.number),
        ("customer", _("Customer"), doc.customer),
        ("date", _("Date"), formats.day(doc.date)),
        ("amount", _("Amount"), formats.money(doc.amount)),
    ]
    if doc.table == "delivery":
        due = formats.day(doc.due_date)
        return [
            *common,
            ("due_date", _("Due date"), due + (_(" (set by hand)") if doc.due_fixed and due else "")),
            ("rep", _("Rep"), doc.rep),
            ("category", _("Category"), code_text(doc.category)),
            ("model", _("Model"), code_text(doc.model)),
            ("note", _("Note"), doc.text),
            ("paid", _("Paid"), formats.money(_applied(details))),
            ("open", _("Open"), rest),
        ]
    kind = ("method", _("Method")) if doc.table in ("payment", "refund") else ("kind", _("Kind"))
    text = ("note", _("Note")) if doc.table in ("payment", "refund") else ("reason", _("Reason"))
    if doc.table == "refund":
        paid_back = ("paid_back", _("Credit paid back"), formats.money(_applied(details)))
        return [*common, (*kind, code_text(doc.kind)), (*text, doc.text), paid_back]
    return [
        *common,
        (kind[0], kind[1], code_text(doc.kind)),
        (text[0], text[1], doc.text),
        ("applied", _("Applied"), formats.money(_applied(details))),
        ("unapplied", _("Unapplied"), rest),
    ]


class VoidDialog(FormDialog):
    """Void one document: a reason (required) and the day the void takes effect (default today)."""

    def __init__(self, db: Database, kind: str, number: str, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(_(VOID_TITLES[kind]).format(number=number), parent)
        self.setObjectName("voidDialog")
        self.db, self.kind, self.number = db, kind, number
        self.form.addRow(plain.data_label(_(VOID_EXPLAINED[kind]), "voidExplained"))
        reason = QLineEdit()
        reason.setPlaceholderText(_("why, e.g. \u201centered twice\u201d or \u201cthe bank returned the cheque\u201d"))
        self.add_field("reason", _("Reason *"), reason, required)
        self.add_field("date", _("Void date *"), QLineEdit(today.isoformat()), a_date)
        self.save_button.setText(_("Void"))
        self.finish()
        self.resize(520, self.sizeHint().height())
        self.voided: ledger.Voided | None = None

    def save(self, values: dict[str, Any]) -> None:
        db, kind, number = self.db, self.kind, self.number
        self.voided = self.write(lambda: ledger.void_document(db, kind, number, values["reason"], on=values["date"]))


def _standing(parent: QWidget, db: Database, kind: str, number: str, title: str) -> DocumentDetails | None:
    """The document, when it can still be voided or corrected; else None, after saying why."""
    with reported(parent, title) as attempt:
        details = ledger.document(db, kind, number)
    if attempt.failed:
        return None
    if details.document.voided_on is not None:
        plain.inform(parent, title, _(ALREADY_VOID).format(number=number, day=formats.day(details.document.voided_on)))
        return None
    return details


def void_with_form(parent: QWidget, db: Database, kind: str, number: str, *, today: date) -> bool:
    """Ask the reason and the day, then void the document; True when it was voided."""
    if _standing(parent, db, kind, number, _(VOID_TITLES[kind]).format(number=number)) is None:
        return False
    return VoidDialog(db, kind, number, parent, today=today).exec() == QDialog.DialogCode.Accepted


def correct_with_form(parent: QWidget, db: Database, kind: str, number: str, *, today: date) -> str | None:
    """The delivery or payment form prefilled from the document; saving voids it and records the new one.

    Returns:
        The new document's number, or None when nothing was saved.
    """
    from arddesk.ui.pages.deliveries.dialog import DeliveryDialog
    from arddesk.ui.pages.payments.dialog import PaymentDialog

    details = _standing(parent, db, kind, number, _(TITLES[kind]).format(number=number))
    if details is None:
        return None
    if kind == "delivery":
        delivery = DeliveryDialog(db, parent, today=today, correcting=details)
        if delivery.exec() != QDialog.DialogCode.Accepted:
            return None
        return delivery.saved_number
    money = PaymentDialog(db, parent, today=today, correcting=details)
    if money.exec() != QDialog.DialogCode.Accepted:
        return None
    return money.posted.number


class DocumentDialog(QDialog):
    """A saved document as it stands: void banner, links to its correction, fields, allocations, history.

    ``changed(kind, number)`` is emitted after a void (the voided document) or a correction (the new one),
    so that the lists read again and select it.
    """

    changed = Signal(str, str)

    def __init__(
        self, db: Database, kind: str, number: str, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentDialog")
        self.db, self.kind, self.number = db, kind, number
        self.today = today or date.today()
        self.details: DocumentDetails | None = None
        self.setWindowTitle(_(TITLES[kind]).format(number=number))

        self.banner = plain.data_label(name="voidBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.links = QHBoxLayout()
        self.links.addStretch(1)
        self.link_buttons: list[QPushButton] = []
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}

        self.allocations = AllocationModel()
        self.allocation_view = make_table(self.allocations, {0: 90, 1: 140, 2: 100, 3: 95, 4: 95})
        self.allocation_view.setObjectName("allocations")
        self.allocation_view.activated.connect(self._open_allocation)
        self.history = DocumentHistoryModel()
        self.history_view = make_table(self.history, {0: 150, 1: 110, 2: 80, 3: 100, 4: 140, 5: 140})
        self.history_view.setObjectName("history")

        allocations = QWidget()
        top = QVBoxLayout(allocations)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(
            plain.data_label(_("Allocations (released ones struck through, with the day they were released)"))
        )
        top.addWidget(self.allocation_view)
        history = QWidget()
        bottom = QVBoxLayout(history)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(plain.data_label(_("History from the audit trail")))
        bottom.addWidget(self.history_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(allocations)
        splitter.addWidget(history)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.void_button = buttons.addButton(_("Void…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.void_button.setObjectName("voidButton")
        self.void_button.clicked.connect(self.void)
        self.correct_button = buttons.addButton(_("Correct…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.correct_button.setObjectName("correctButton")
        self.correct_button.clicked.connect(self.correct)
        buttons.rejected.connect(self.reject)
        for button in (self.void_button, self.correct_button, buttons.button(QDialogButtonBox.StandardButton.Close)):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.links)
        layout.addLayout(self.form)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.reload()
        self.resize(820, 640)

    def reload(self) -> None:
        """Read the document, its allocations and its history again."""
        details = ledger.document(self.db, self.kind, self.number)
        self.details = details
        doc = details.document
        void = doc.voided_on is not None
        self.banner.setVisible(void)
        if void:
            self.banner.setText(
                _(BANNER).format(day=formats.day(doc.voided_on), user=details.voided_by, reason=details.void_reason)
            )
        self._show_links(details)
        self._show_fields(details)
        self.allocations.set_rows(list(details.allocations))
        self.history.set_rows(audit.history(self.db, self.kind, self.number))
        self.void_button.setEnabled(not void)
        self.correct_button.setEnabled(not void)

    def _show_links(self, details: DocumentDetails) -> None:
        for button in self.link_buttons:
            self.links.removeWidget(button)
            button.deleteLater()
        self.link_buttons = []
        targets = [("correctsLink", _("Corrects {number}"), details.corrects)] if details.corrects else []
        targets += [("correctedByLink", _("Corrected by {number}"), number) for number in details.corrected_by]
        for name, text, number in targets:
            button = QPushButton(text.format(number=number))
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, n=number: self.open_other(n))
            self.links.insertWidget(len(self.link_buttons), button)
            self.link_buttons.append(button)

    def _show_fields(self, details: DocumentDetails) -> None:
        for key, label, value in _fields(details):
            if key == "customer":
                value = customer_label(self.db, value)
            shown = self.values.get(key)
            if shown is None:
                shown = plain.data_label(name=f"field_{key}")
                self.values[key] = shown
                self.form.addRow(label, shown)
            shown.setText(value)

    def open_other(self, number: str, kind: str | None = None) -> None:
        """Open a linked document (the one this corrects, or its correction) on top of this one."""
        open_document(self, self.db, kind or self.kind, number, today=self.today, on_change=self._changed_below)

    def _open_allocation(self, index: QModelIndex) -> None:
        line = index.data(ROW_ROLE)
        if line is not None:
            self.open_other(line.number, line.kind)

    def _changed_below(self, kind: str, number: str) -> None:
        self.reload()
        self.changed.emit(kind, number)

    def void(self) -> None:
        """Void… : a reason and the day; the dialog then shows the document as void."""
        if void_with_form(self, self.db, self.kind, self.number, today=self.today):
            self.reload()
            self.changed.emit(self.kind, self.number)

    def correct(self) -> None:
        """Correct… : the form prefilled from this document; the dialog then links to the new one."""
        new = correct_with_form(self, self.db, self.kind, self.number, today=self.today)
        if new is not None:
            self.reload()
            self.changed.emit(self.kind, new)


def open_document(
    parent: QWidget,
    db: Database,
    kind: str,
    number: str,
    *,
    today: date | None = None,
    on_change: Callable[[str, str], None] | None = None,
) -> DocumentDialog | None:
    """Show a document until closed; ``on_change`` hears of voids and corrections made from it."""
    with reported(parent, _(TITLES.get(kind, "{number}")).format(number=number)) as attempt:
        dialog = DocumentDialog(db, kind, number, parent, today=today)
    if attempt.failed:
        return None
    if on_change is not None:
        dialog.changed.connect(on_change)
    dialog.exec()
    return dialog


def select_document(page: Any, number: str) -> bool:
    """Select the row of document ``number`` in a list page; search the list for it when it is not near the top."""
    for attempt in range(2):
        model = page.model
        for row in range(min(model.rowCount(), SELECT_SCAN_ROWS)):
            found = model.row_at(row)
            if found is not None and found.number == number:
                page.table.selectRow(row)
                page.table.scrollTo(model.index(row, 0))
                return True
        if attempt == 0:
            page.search.setText(number)
            page.apply_filter()
    return False


class DocumentListPage(ListPage):
    """A list page whose rows are documents, with Open…, Void… and Correct…; it gives ``document_of(row)``."""

    def document_of(self, row: Any) -> tuple[str, str]:
        """The kind and number of the document on a row."""
        raise NotImplementedError

    def _selected_document(self) -> tuple[str, str] | None:
        row = self.selected_row()
        if row is None or self.db is None:
            return None
        return self.document_of(row)

    def open_selected(self) -> None:
        """Open the selected document (double-click or Enter)."""
        selected = self._selected_document()
        if selected is not None and self.db is not None:
            open_document(self, self.db, *selected, today=self.today, on_change=self.document_changed)

    def void_selected(self) -> None:
        """Void the selected document (a reason is asked)."""
        selected = self._selected_document()
        if (
            selected is not None
            and self.db is not None
            and void_with_form(self, self.db, *selected, today=self.today)
        ):
            self.document_changed(*selected)

    def correct_selected(self) -> None:
        """Correct the selected document: void it and record the corrected one."""
        selected = self._selected_document()
        if selected is not None and self.db is not None:
            new = correct_with_form(self, self.db, *selected, today=self.today)
            if new is not None:
                self.document_changed(selected[0], new)

    def document_changed(self, _kind: str, number: str) -> None:
        """A document was voided or corrected: every page reads again; this list selects ``number``."""
        self.company_changed.emit()
        select_document(self, number)
