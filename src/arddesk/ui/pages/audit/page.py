"""The owner's Audit page: every change to the books, newest first, searched as you type; the closing date.

The trail of a big company has millions of entries: the list reads a page at a time and counts the
rest off the GUI thread (see :class:`~arddesk.ui.pages.audit.models.AuditModel`). An entry about a delivery,
payment or adjustment opens that document. Closing the books asks the owner's password.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from arddesk.services import books, ledger, owner
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.ui import export, plain
from arddesk.ui.errors import reported
from arddesk.ui.pages.audit.models import AuditFilter, AuditModel
from arddesk.ui.pages.documents.dialog import open_document
from arddesk.ui.widgets.fields import a_date
from arddesk.ui.widgets.form import FormDialog, required
from arddesk.ui.widgets.page import ListPage, optional_date
from arddesk.ui.widgets.tablemodel import ROW_ROLE

OPEN_HINT = N_("Double-click an entry about a delivery, payment or adjustment (or press Enter) to open the document.")
NOT_A_DOCUMENT = N_("This entry is about {table} {record}, which is not a delivery, payment or adjustment.")
CLOSED_THROUGH = N_("Books closed through {day}: nothing dated on or before it can be posted, voided or corrected.")
NOT_CLOSED = N_("The books are not closed: any date can be posted, voided or corrected.")
CLOSE_EXPLAINED = N_(
    "Nothing dated on or before this day can be posted, voided or corrected afterwards, in the window, "
    "on the command line or by an import. Moving the date back opens those days again; the audit trail "
    "keeps every change of the date."
)
NO_PASSWORD = N_(
    "No owner's password is set yet, so anyone can move the closing date. "
    "Set one on the Incentives page to keep it for the owner."
)


class CloseBooksDialog(FormDialog):
    """The closing date, after the owner's password (when one is set)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(_("Close the books"), parent)
        self.setObjectName("closeBooksDialog")
        self.db, self.today = db, today
        self.form.addRow(plain.data_label(_(CLOSE_EXPLAINED), "closeExplained"))
        last_month_end = today.replace(day=1) - timedelta(days=1)
        self.add_field("through", _("Close the books through *"), QLineEdit(last_month_end.isoformat()), a_date)
        self.guarded = owner.password_is_set(db)
        if self.guarded:
            password = QLineEdit()
            password.setEchoMode(QLineEdit.EchoMode.Password)
            self.add_field("password", _("Owner's password *"), password, required)
        else:
            self.form.addRow(plain.data_label(_(NO_PASSWORD), "noPassword"))
        self.save_button.setText(_("Close the books"))
        self.finish()
        self.resize(520, self.sizeHint().height())

    def save(self, values: dict[str, Any]) -> None:
        typed = self.field("password", QLineEdit).text() if self.guarded else None  # as typed
        db, today = self.db, self.today
        self.write(lambda: books.close_books(db, values["through"], typed, today=today))


class AuditPage(ListPage):
    """The audit trail for the owner: search, a since-date, export; the closing date and closing the books."""

    search_hint = N_("Search record, user, action, table or reason (Ctrl+F)")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(AuditModel(), today, parent)
        self.since = QLineEdit()
        self.since.setObjectName("sinceFilter")
        self.since.setPlaceholderText(_("since YYYY-MM-DD"))
        self.since.setMaximumWidth(140)
        self.filter_bar.addWidget(self.since)
        self.watch(self.since)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate((140, 90, 70, 80, 130, 90, 140, 140)):
            self.table.setColumnWidth(column, width)
        self.hint = plain.data_label(_(OPEN_HINT), "auditHint")
        self.closed_label = plain.data_label(name="booksClosed")
        self.close_button = QPushButton(_("Close the books through…"))
        self.close_button.setObjectName("closeBooks")
        self.close_button.clicked.connect(self.close_books)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("exportAudit")
        self.export_button.clicked.connect(self.export_dialog)
        closing = QHBoxLayout()
        closing.addWidget(self.closed_label, 1)
        closing.addWidget(self.close_button)
        closing.addWidget(self.export_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(closing)
        self.finish_layout(body)
        self.table.activated.connect(self.open_entry)

    def build_filter(self) -> AuditFilter:
        return AuditFilter(since=optional_date(self.since), search=self.search.text().strip())

    def refresh_choices(self) -> None:
        """The closing date, read again with the list."""
        assert self.db is not None
        closed = ledger.books_closed_through(self.db)
        self.closed_label.setText(
            _(NOT_CLOSED) if closed is None else _(CLOSED_THROUGH).format(day=formats.day(closed))
        )

    def open_entry(self, index: QModelIndex) -> None:
        """Open the delivery, payment or adjustment an entry is about."""
        entry = index.data(ROW_ROLE)
        if entry is None or self.db is None:
            return
        if entry.table not in ledger.DOCUMENT_KINDS:
            self.hint.setText(_(NOT_A_DOCUMENT).format(table=entry.table, record=entry.record))
            return
        self.hint.setText(_(OPEN_HINT))
        open_document(
            self, self.db, entry.table, entry.record, today=self.today, on_change=lambda *_: self.company_changed.emit()
        )

    def close_books(self) -> None:
        """Close the books through a day (the owner's password is asked)."""
        if self.db is None:
            return
        with reported(self, _("Close the books")) as attempt:
            dialog = CloseBooksDialog(self.db, self, today=self.today)
        if attempt.failed:
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh_choices()
            self.company_changed.emit()

    def export_dialog(self) -> None:
        """The entries shown (search and since-date applied), to Excel or CSV."""
        if self.db is None:
            return
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Export the audit trail"), str(Path.home() / "audit.xlsx"), _("Excel (*.xlsx);;CSV (*.csv)")
        )
        if path:
            export.export_page(self, self, Path(path))
