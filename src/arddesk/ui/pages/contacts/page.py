"""The contact log page: follow-ups due today and overdue, every visit and call, the promises
with their status and the gap to what we want collected, and the customers whose promises fall
short of their collection target for a period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.dates import Period
from arddesk.domain.promises import MISSED, PromiseStatus
from arddesk.services import followup
from arddesk.services.followup import ContactRow, PromiseView
from arddesk.text import N_, _
from arddesk.text.messages import channel_name, excuse_name, message_text
from arddesk.ui import plain, tasks
from arddesk.ui.errors import reported
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.contacts.dialog import ContactDialog
from arddesk.ui.pages.plan.models import CustomerTargetModel
from arddesk.ui.widgets.page import combo, make_table, set_combo_items
from arddesk.ui.widgets.tablemodel import ROW_ROLE, SORT_ROLE, Column, ListTableModel

SEARCH_DELAY_MS = 250


def _channel(row: ContactRow) -> str:
    return channel_name(row.channel)


def _excuse(row: ContactRow) -> str:
    return excuse_name(row.excuse)


class FollowUpModel(ListTableModel):
    """Follow-ups due: overdue ones in red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("next_on", _("Due"), lambda r: r.next_on, "date"),
                Column("late", _("Days overdue"), lambda r: (self.today - r.next_on).days, "int"),
                Column("customer", _("Customer"), lambda r: r.customer),
                Column("name", _("Name"), lambda r: r.customer_name),
                Column("rep", _("Rep"), lambda r: r.rep),
                Column("next_step", _("Next step"), lambda r: r.next_step),
                Column("on", _("Last contact"), lambda r: r.on, "date"),
                Column("excuse", _("Excuse"), _excuse),
            ),
            parent,
        )
        self.today = date.today()

    def mark(self, row: Any) -> str | None:
        return "overdue" if row.next_on < self.today else None


class ContactModel(ListTableModel):
    """The contact log."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("on", _("Date"), lambda r: r.on, "date"),
                Column("customer", _("Customer"), lambda r: r.customer),
                Column("name", _("Name"), lambda r: r.customer_name),
                Column("rep", _("Rep"), lambda r: r.rep),
                Column("channel", _("Channel"), _channel),
                Column("excuse", _("Excuse"), _excuse),
                Column("result", _("Result"), lambda r: r.result),
                Column("promise", _("Promise taken"), lambda r: self.promise_text.get(r.promise_id, "")),
                Column("next_step", _("Next step"), lambda r: r.next_step),
                Column("next_on", _("Next on"), lambda r: r.next_on, "date"),
                Column("done", _("Follow-up"), lambda r: "done" if r.done else ("open" if r.next_on else "")),
            ),
            parent,
        )
        self.promise_text: dict[int | None, str] = {}


class PromiseModel(ListTableModel):
    """Promises as of today: missed ones in red, kept ones grey."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("made_on", _("Made on"), lambda p: p.made_on, "date"),
                Column("customer", _("Customer"), lambda p: p.customer),
                Column("name", _("Name"), lambda p: p.customer_name),
                Column("rep", _("Rep"), lambda p: p.rep),
                Column("promised", _("Promised"), lambda p: p.promised, "money"),
                Column("paid", _("Paid"), lambda p: p.paid, "money"),
                Column("status", _("Status"), lambda p: p.status.value),
                Column("next_due", _("Next due"), lambda p: p.next_due, "date"),
                Column("last_due", _("Last due"), lambda p: p.last_due, "date"),
                Column("wanted", _("Due by then"), lambda p: p.wanted, "money"),
                Column("target", _("Target"), lambda p: p.target, "money"),
                Column("target_period", _("Target period"), lambda p: p.target_period),
                Column("gap", _("Gap"), lambda p: p.gap, "money", alert=lambda p: p.gap > 0),
                Column("text", _("Promise"), lambda p: message_text(p.text)),
                Column("note", _("Note"), lambda p: p.note),
            ),
            parent,
        )

    def mark(self, row: Any) -> str | None:
        if row.status in MISSED:
            return "overdue"
        if row.status in (PromiseStatus.KEPT, PromiseStatus.KEPT_LATE):
            return "paid"
        return None


def _titled(title: str, name: str, table: QTableView, *extra: QWidget) -> QWidget:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 4, 0, 0)
    label = plain.label(title, name, bold=True)
    if extra:
        row = QHBoxLayout()
        row.addWidget(label)
        for widget in extra:
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
    else:
        column.addWidget(label)
    column.addWidget(table, 1)
    return holder


class ContactsPage(Page):
    """Follow-ups due on top, the contact log, and the promises with their status and gap."""

    title = N_("Contact log")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search customer, result, next step"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.rep = combo([(_("All reps"), "")], "repFilter")
        self.new_button = QPushButton(_("Log a visit or call…"))
        self.new_button.setObjectName("logContact")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_item)
        self.done_button = QPushButton(_("Follow-up done"))
        self.done_button.setObjectName("followUpDone")
        self.done_button.setToolTip(_("Mark the selected follow-up done today"))
        self.done_button.clicked.connect(self.mark_done)
        self.summary = plain.label()
        self.summary.setObjectName("followUpSummary")
        bar.addWidget(self.search)
        bar.addWidget(plain.label(_("Rep")))
        bar.addWidget(self.rep)
        bar.addWidget(self.new_button)
        bar.addWidget(self.done_button)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout.addLayout(bar)

        self.follow_model = FollowUpModel(self)
        self.contact_model = ContactModel(self)
        self.promise_model = PromiseModel(self)
        self.follow_table = self._table(
            self.follow_model, "followUps", {0: 90, 1: 90, 2: 80, 3: 200, 5: 220}, Qt.SortOrder.AscendingOrder
        )
        self.contact_table = self._table(self.contact_model, "contacts", {0: 90, 1: 80, 2: 180, 6: 220, 7: 220})
        self.promise_table = self._table(self.promise_model, "promises", {0: 90, 1: 80, 2: 180, 11: 300})
        self.short_model = CustomerTargetModel(self)
        self.short_table = self._table(self.short_model, "shortOfTarget", {1: 200, 5: 130})
        quarter = Period.containing(self.today, like=Period.parse("2000Q1"))
        self.gap_period = QLineEdit(quarter.label)
        self.gap_period.setObjectName("gapPeriod")
        self.gap_period.setMaximumWidth(100)
        self.gap_period.returnPressed.connect(self.refresh)
        self.contact_table.doubleClicked.connect(self._open_contact_customer)
        self.follow_title = _titled(_("Follow-ups due today and overdue"), "followUpTitle", self.follow_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("contactsSplitter")
        splitter.addWidget(self.follow_title)
        splitter.addWidget(_titled(_("Contact log"), "contactTitle", self.contact_table))
        splitter.addWidget(_titled(_("Promises"), "promiseTitle", self.promise_table))
        splitter.addWidget(
            _titled(_("Promises short of the customer's target in"), "shortTitle", self.short_table, self.gap_period)
        )
        splitter.setSizes([160, 300, 220, 140])
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.timer.start)
        self.rep.currentIndexChanged.connect(self.timer.start)

    @staticmethod
    def _table(
        model: ListTableModel, name: str, widths: dict[int, int], order: Qt.SortOrder = Qt.SortOrder.DescendingOrder
    ) -> QTableView:
        table = make_table(model, widths)
        table.horizontalHeader().setSortIndicator(0, order)
        table.setObjectName(name)
        table.setSortingEnabled(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSortIndicatorShown(True)
        return table

    # ------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Read follow-ups, contacts and promises again (filtered by rep and search)."""
        self.timer.stop()
        if self.db is None:
            for model in (self.follow_model, self.contact_model, self.promise_model, self.short_model):
                model.set_rows([])
            return
        with reported(self, self.title) as attempt:
            set_combo_items(self.rep, [(_("All reps"), ""), *((code, code) for code in followup.rep_codes(self.db))])
            rep = self.rep.currentData() or None
            search = self.search.text().strip()
            due = followup.follow_ups(self.db, self.today, rep=rep)
            contacts = followup.list_contacts(self.db, rep=rep, search=search)
            every_promise = followup.promises(self.db, self.today)
            short = followup.promise_gaps(self.db, self.gap_period.text().strip(), self.today, short_only=True)
        if attempt.failed:
            return
        needle = search.lower()
        if needle:
            due = [c for c in due if needle in f"{c.customer} {c.customer_name} {c.next_step} {c.result}".lower()]
        promises = [p for p in every_promise if self._promise_shown(p, rep, needle)]
        self.follow_model.today = self.today
        self.follow_model.set_rows(due)
        self.contact_model.promise_text = {p.id: message_text(p.text) for p in every_promise}
        self.contact_model.set_rows(contacts)
        self.promise_model.set_rows(promises)
        self.short_model.set_rows([g for g in short if rep is None or g.rep == rep])
        for table in (self.follow_table, self.contact_table, self.promise_table, self.short_table):
            header = table.horizontalHeader()
            if header.sortIndicatorSection() < table.model().columnCount():
                table.model().sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        today_count = sum(1 for c in due if c.next_on == self.today)
        self.summary.setText(
            _(
                "Follow-ups: {today_count} due today, {value} overdue · {contacts} contacts · {promises} promises, "
                "{sum} missed"
            ).format(
                today_count=today_count,
                value=len(due) - today_count,
                contacts=len(contacts),
                promises=len(promises),
                sum=sum(1 for p in promises if p.status in MISSED),
            )
        )

    @staticmethod
    def _promise_shown(promise: PromiseView, rep: str | None, needle: str) -> bool:
        if rep is not None and promise.rep != rep:
            return False
        return not needle or needle in f"{promise.customer} {promise.customer_name} {promise.note}".lower()

    # ------------------------------------------------------------ actions
    def new_item(self) -> None:
        """Ctrl+N: log a visit or call (for the selected customer, if any)."""
        if self.db is None:
            return
        dialog = ContactDialog(self.db, self, today=self.today, customer=self._selected_customer())
        if dialog.exec():
            self.refresh()

    def _selected_customer(self) -> str:
        for table in (self.follow_table, self.contact_table, self.promise_table, self.short_table):
            if table.hasFocus():
                row = self._selected(table)
                if row is not None:
                    return str(row.customer)
        return ""

    @staticmethod
    def _selected(table: QTableView) -> Any:
        indexes = table.selectionModel().selectedRows() if table.selectionModel() else []
        return table.model().data(indexes[0], ROW_ROLE) if indexes else None

    def mark_done(self) -> None:
        """The selected follow-up was done today."""
        row = self._selected(self.follow_table)
        if self.db is None or row is None:
            return
        db, today = self.db, self.today
        if tasks.write(self, self.title, lambda: followup.mark_follow_up_done(db, row.id, today)) is None:
            return
        self.refresh()

    def _open_contact_customer(self, index: QModelIndex) -> None:
        row = self.contact_model.data(index, ROW_ROLE)
        if row is not None and self.db is not None:
            dialog = ContactDialog(self.db, self, today=self.today, customer=row.customer)
            if dialog.exec():
                self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The promises or follow-ups when their table has the focus, else the contact log."""
        model: ListTableModel = self.contact_model
        if self.promise_table.hasFocus():
            model = self.promise_model
        elif self.short_table.hasFocus():
            model = self.short_model
        elif self.follow_table.hasFocus():
            model = self.follow_model
        headers = [_(c.title) for c in model.columns]
        rows = [
            [model.data(model.index(r, c), SORT_ROLE) for c in range(len(headers))] for r in range(model.rowCount())
        ]
        return headers, rows
