"""The Warnings list: computed signs and the clerk's flags; add or resolve a flag, apply a suggested class."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.warnings import FLAG_KINDS, Warning
from arddesk.services import risk
from arddesk.services.browse import customer_names
from arddesk.store.db import Database
from arddesk.text import N_, _
from arddesk.text.messages import class_name, warning_text, warning_title
from arddesk.ui import plain, tasks
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.warnings.models import WarningModel
from arddesk.ui.tasks import run_in_background
from arddesk.ui.widgets.page import date_edit, make_table, qdate
from arddesk.ui.widgets.tablemodel import ROW_ROLE


class FlagDialog(QDialog):
    """The clerk records a warning sign: customer, kind, date, note."""

    def __init__(self, on: date, customer: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New warning flag"))
        self.customer = QLineEdit(customer)
        self.customer.setObjectName("flagCustomer")
        self.kind = QComboBox()
        self.kind.setObjectName("flagKind")
        for kind in FLAG_KINDS:
            self.kind.addItem(warning_title(kind), kind.value)
        self.on = date_edit(on)
        self.note = QLineEdit()
        self.note.setObjectName("flagNote")
        form = QFormLayout(self)
        form.addRow(_("&Customer code"), self.customer)
        form.addRow(_("&Sign"), self.kind)
        form.addRow(_("&Date"), self.on)
        form.addRow(_("&Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def day(self) -> date:
        """The date chosen."""
        value = self.on.date()
        return date(value.year(), value.month(), value.day())


class WarningsPage(Page):
    """Every open warning as of a date, newest signs of each customer together."""

    title = N_("Warnings")
    refreshed = Signal(int)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.generation = 0
        self.pending = 0
        self.as_of = date_edit(self.today, "warningsAsOf")
        self.as_of.dateChanged.connect(lambda *_: self.refresh())
        self.factor = QLineEdit()
        self.factor.setObjectName("spikeFactor")
        self.factor.setMaximumWidth(60)
        self.factor.setToolTip(_("Purchases in a month above this many times the usual for the season warn"))
        save = QPushButton(_("Save"))
        save.clicked.connect(self.save_factor)
        bar = QHBoxLayout()
        bar.addWidget(plain.label(_("As of")))
        bar.addWidget(self.as_of)
        bar.addWidget(plain.label(_("Spike factor")))
        bar.addWidget(self.factor)
        bar.addWidget(save)
        bar.addStretch(1)
        for text, slot, name in (
            (_("New flag…"), self.new_item, "newFlag"),
            (_("Resolve flag"), self.resolve_selected, "resolveFlag"),
            (_("Apply suggested class…"), self.apply_suggestion, "applySuggestion"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        self.model = WarningModel()
        self.table = make_table(self.model, {0: 80, 1: 180, 2: 240, 3: 90, 4: 130})
        self.table.setObjectName("warningsTable")
        self.table.activated.connect(lambda index: self.open_customer.emit(self.model.rows[index.row()].customer))
        self.status = plain.label()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    @property
    def as_of_date(self) -> date:
        """The as-of date chosen."""
        value = self.as_of.date()
        return date(value.year(), value.month(), value.day())

    def set_database(self, db: Database | None) -> None:
        """A company was opened."""
        self.db = db
        self.as_of.blockSignals(True)
        self.as_of.setDate(qdate(self.today))
        self.as_of.blockSignals(False)
        if db is not None:
            self.factor.setText(risk.load_warning_settings(db).spike_factor)
            self.refresh()

    def refresh(self) -> None:
        """Compute the warnings off the GUI thread; stale results are dropped."""
        if self.db is None:
            return
        self.generation += 1
        generation, db, as_of = self.generation, self.db, self.as_of_date

        def work(_progress: Callable[..., None]) -> tuple[int, list[Warning], dict[str, str]]:
            warnings = risk.early_warnings(db, as_of)
            return generation, warnings, customer_names(db, [w.customer for w in warnings])

        self.pending += 1
        run_in_background(self, _("Warnings…"), work, on_done=self._done, on_error=self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        self.pending = max(self.pending - 1, 0)
        if shiboken6.isValid(self):
            show_error(self, _("Warnings"), exc)

    def _done(self, result: tuple[int, list[Warning], dict[str, str]]) -> None:
        self.pending = max(self.pending - 1, 0)
        generation, warnings, names = result
        if not shiboken6.isValid(self) or generation != self.generation:
            return
        self.model.set_warnings(warnings, names)
        suggested = sum(1 for w in warnings if w.suggested is not None)
        self.status.setText(
            _("{warnings} open warnings, {suggested} suggest a worse class").format(
                warnings=len(warnings), suggested=suggested
            )
        )
        self.refreshed.emit(generation)

    def selected(self) -> Warning | None:
        """The warning under the cursor."""
        index = self.table.currentIndex()
        return self.model.data(index, ROW_ROLE) if index.isValid() else None

    def new_item(self) -> None:
        """Record a flag the clerk saw."""
        if self.db is None:
            return
        current = self.selected()
        dialog = FlagDialog(self.as_of_date, current.customer if current else "", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, flag = self.db, (dialog.customer.text().strip(), dialog.kind.currentData(), dialog.day, dialog.note.text())
        if tasks.write(self, _("Flag"), lambda: risk.add_flag(db, *flag)) is None:
            return
        self.refresh()

    def resolve_selected(self) -> None:
        """Close the selected flag as of the view's date."""
        warning = self.selected()
        if self.db is None or warning is None or warning.flag_id is None:
            self.status.setText(_("Select a flag set by the clerk to resolve it."))
            return
        db, flag_id, on = self.db, warning.flag_id, self.as_of_date
        if tasks.write(self, _("Flag"), lambda: risk.resolve_flag(db, flag_id, on)) is None:
            return
        self.refresh()

    def apply_suggestion(self) -> None:
        """Move the customer to the class the warning suggests, after the clerk confirms."""
        warning = self.selected()
        if self.db is None or warning is None or warning.suggested is None:
            self.status.setText(_("Select a warning that suggests a class."))
            return
        if not plain.confirm(
            self,
            _("Apply suggested class"),
            _("Put everything {customer} owes in the class {class_name}?\n\nReason kept: {title}: {message}").format(
                customer=warning.customer,
                class_name=class_name(warning.suggested),
                title=warning_title(warning.kind),
                message=warning_text(warning),
            ),
        ):
            return
        db, suggested = self.db, warning.suggested
        reason = f"{warning_title(warning.kind)}: {warning_text(warning)}"
        if tasks.write(self, _("Class"), lambda: risk.set_class(db, warning.customer, suggested.value, reason)) is None:
            return
        self.status.setText(
            _("{customer} is now {class_name}.").format(
                customer=warning.customer, class_name=class_name(warning.suggested)
            )
        )
        self.company_changed.emit()

    def save_factor(self) -> None:
        """Save the spike factor setting."""
        if self.db is None:
            return
        db, factor = self.db, self.factor.text().strip()
        if tasks.write(self, _("Spike factor"), lambda: risk.update_warning_settings(db, spike_factor=factor)) is None:
            return
        self.refresh()

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The warnings shown."""
        return self.model.export_rows()
