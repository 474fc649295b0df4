"""Letters: print the quarter's reconciliation letters in one go, open them, and keep the register of replies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.dates import Period, parse_date
from arddesk.domain.money import from_minor, parse_amount
from arddesk.domain.problems import InvalidValue
from arddesk.domain.statements import file_stem
from arddesk.services import letters as register_service
from arddesk.services.letters import LetterRow
from arddesk.text import N_, _, formats, ngettext
from arddesk.ui import plain, printing, tasks, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.tasks import Cancelled, run_in_background
from arddesk.ui.widgets.page import make_table

if TYPE_CHECKING:
    from arddesk.reports.letters import LetterRun

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
REPLY_TITLES = {
    "pending": N_("Pending"),
    "agreed": N_("Agreed"),
    "disputed": N_("Disputed"),
    "no_reply": N_("No reply"),
}
SHOW = [(N_("All letters"), "all"), (N_("Replies overdue"), "overdue"), (N_("Open disputes"), "disputes")]
Index = QModelIndex | QPersistentModelIndex


def last_quarter(today: date) -> Period:
    """The last quarter that has ended by ``today``: the one whose letters are due."""
    return Period.containing(today, like=Period.parse("2000Q1")).previous()


class RegisterModel(QAbstractTableModel):
    """The register of letters: one row per letter, raw values for sorting, the row under ROW_ROLE."""

    COLUMNS: tuple[tuple[str, str, str], ...] = (
        ("reference", N_("Reference"), "text"),
        ("customer", N_("Customer"), "text"),
        ("customer_name", N_("Name"), "text"),
        ("letter_date", N_("Letter date"), "date"),
        ("return_by", N_("Return by"), "date"),
        ("sent_on", N_("Sent on"), "date"),
        ("returned_on", N_("Returned on"), "date"),
        ("reply", N_("Reply"), "reply"),
        ("closing", N_("Our balance"), "money"),
        ("stated_balance", N_("Their balance"), "money"),
        ("difference", N_("Difference"), "money"),
        ("note", N_("Note"), "text"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[LetterRow] = []
        self.today = date.today()

    def set_rows(self, rows: list[LetterRow], today: date) -> None:
        """Show another list of letters."""
        self.beginResetModel()
        self.rows = rows
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return _(self.COLUMNS[section][1]) if horizontal and 0 <= section < len(self.COLUMNS) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        key, _title, kind = self.COLUMNS[index.column()]
        value = getattr(row, key)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return from_minor(value) if kind == "money" and value is not None else value
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if kind == "money":
                return formats.money(value)
            if kind == "date":
                return formats.day(value)
            if kind == "reply":
                return _(REPLY_TITLES[value]) if value in REPLY_TITLES else value
            return str(value).replace("\n", " ")
        if role == Qt.ItemDataRole.TextAlignmentRole and kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.reply in ("pending", "no_reply") and row.return_by < self.today:
                return QBrush(theme.colour(theme.ROW_FOREGROUNDS["overdue"]))
            if row.reply == "disputed" and row.resolved_on is None:
                return QBrush(theme.colour(theme.ROW_FOREGROUNDS["restricted"]))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        present = [r for r in self.rows if getattr(r, key) is not None]
        missing = [r for r in self.rows if getattr(r, key) is None]
        present.sort(key=lambda r: getattr(r, key), reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = present + missing
        self.layoutChanged.emit()


class ReplyDialog(QDialog):
    """Record what came back for a letter: agreed, disputed (their balance, why), or no reply."""

    def __init__(self, row: LetterRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reply to {reference}").format(reference=row.reference))
        self.row = row
        form = QFormLayout(self)
        form.addRow(_("Customer"), plain.label(f"{row.customer} \u2014 {row.customer_name}"))
        form.addRow(_("Our balance"), plain.label(formats.money(row.closing)))
        self.reply = QComboBox()
        self.reply.setObjectName("reply")
        for value in ("agreed", "disputed", "no_reply", "pending"):
            self.reply.addItem(_(REPLY_TITLES[value]), value)
        if row.reply != "pending":
            self.reply.setCurrentIndex(self.reply.findData(row.reply))
        form.addRow(_("Reply"), self.reply)
        self.returned_on = QLineEdit(formats.day(row.returned_on or today))
        self.returned_on.setObjectName("returnedOn")
        form.addRow(_("Returned on"), self.returned_on)
        self.stated = QLineEdit("" if row.stated_balance is None else formats.plain_money(row.stated_balance))
        self.stated.setObjectName("statedBalance")
        self.stated.setPlaceholderText(_("the balance written on the slip"))
        form.addRow(_("Their balance"), self.stated)
        self.note = QPlainTextEdit(row.note)
        self.note.setObjectName("note")
        self.note.setFixedHeight(70)
        form.addRow(_("Note (why it differs)"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.reply.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        came_back = self.reply.currentData() in ("agreed", "disputed")
        self.returned_on.setEnabled(came_back)
        self.stated.setEnabled(came_back)

    def values(self) -> dict[str, Any]:
        """The reply as keyword arguments of ``services.letters.record_reply``.

        Raises:
            InvalidValue: for a date or an amount that cannot be read.
        """
        reply = self.reply.currentData()
        came_back = reply in ("agreed", "disputed")
        returned = parse_date(self.returned_on.text()) if came_back and self.returned_on.text().strip() else None
        stated: Decimal | None = None
        if came_back and self.stated.text().strip():
            stated = parse_amount(self.stated.text(), allow_negative=True)
        return {"reply": reply, "returned_on": returned, "stated_balance": stated, "note": self.note.toPlainText()}


class LettersPage(Page):
    """Print a period's letters (progress and cancel in the window), open them, record the replies."""

    title = N_("Letters")

    def __init__(self, today: date, parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(today, parent)
        self.settings = settings or QSettings()
        layout = QVBoxLayout(self)

        batch = QHBoxLayout()
        self.period = QLineEdit(last_quarter(self.today).label)
        self.period.setObjectName("period")
        self.period.setMaximumWidth(90)
        self.period.setToolTip(_("2026Q3, 2026H1, 2026-07 or 2026"))
        self.customer = QLineEdit()
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText(_("all customers"))
        self.customer.setMaximumWidth(140)
        self.include_zero = QCheckBox(_("Also customers with nothing to confirm"))
        self.include_zero.setObjectName("includeZero")
        self.folder = QLineEdit(str(self.settings.value("letters/folder", str(Path.home() / _("arddesk letters")))))
        self.folder.setObjectName("folder")
        browse = QPushButton(_("Folder…"))
        browse.clicked.connect(self.choose_folder)
        self.print_button = QPushButton(_("Print letters"))
        self.print_button.setObjectName("printLetters")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_letters)
        self.open_all = QPushButton(_("Open all.pdf"))
        self.open_all.setObjectName("openAll")
        self.open_all.clicked.connect(self.open_combined)
        for label, widget in ((_("Period"), self.period), (_("Customer"), self.customer)):
            batch.addWidget(plain.label(label))
            batch.addWidget(widget)
        batch.addWidget(self.include_zero)
        batch.addWidget(plain.label(_("Folder")))
        batch.addWidget(self.folder, 1)
        batch.addWidget(browse)
        batch.addWidget(self.print_button)
        batch.addWidget(self.open_all)
        layout.addLayout(batch)

        bar = QHBoxLayout()
        self.show_box = QComboBox()
        self.show_box.setObjectName("show")
        for label, value in SHOW:
            self.show_box.addItem(_(label), value)
        self.show_box.currentIndexChanged.connect(self.refresh)
        self.period.editingFinished.connect(self.refresh)
        bar.addWidget(plain.label(_("Register of replies")))
        bar.addWidget(self.show_box)
        bar.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("sent", _("Mark sent today"), self.mark_sent),
            ("reply", _("Record reply…"), self.record_reply),
            ("resolve", _("Resolve dispute…"), self.resolve_dispute),
            ("handover", _("Handover letter"), self.mark_handover),
            ("open", _("Open letter"), self.open_selected),
            ("export", _("Export register…"), self.export_register),
        ):
            button = QPushButton(text)
            button.setObjectName(f"letters_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            bar.addWidget(button)
        layout.addLayout(bar)
        self.handover_hint = plain.label()
        self.handover_hint.setObjectName("handoverHint")
        self.handover_hint.setWordWrap(True)
        self.handover_hint.setVisible(False)
        layout.addWidget(self.handover_hint)

        self.model = RegisterModel(self)
        self.table = make_table(self.model, {0: 150, 1: 80, 2: 220})
        self.table.setObjectName("letterRegister")
        self.table.setSortingEnabled(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # mark a whole batch sent
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        self.count = plain.label()
        self.count.setObjectName("letterCount")
        layout.addWidget(self.count)
        self.task: Any = None

    # ------------------------------------------------------------ reading

    def current_period(self) -> Period | None:
        """The period typed, or None when it cannot be read."""
        try:
            return Period.parse(self.period.text())
        except InvalidValue:
            return None

    def out_dir(self) -> Path:
        """Where this period's letters go: a sub-folder of the chosen folder, named by the period."""
        period = self.current_period()
        return Path(self.folder.text()).expanduser() / (period.label if period else "letters")

    def refresh(self) -> None:
        if self.db is None:
            return
        show = self.show_box.currentData()
        if show == "overdue":
            rows = register_service.overdue_replies(self.db, self.today)
        elif show == "disputes":
            rows = register_service.open_disputes(self.db)
        else:
            period = self.current_period()
            rows = register_service.register(self.db, period=period) if period else []
        self.model.set_rows(rows, self.today)
        tally = {reply: sum(1 for row in rows if row.reply == reply) for reply in REPLY_TITLES}
        self.count.setText(
            ngettext("{count} letter: ", "{count} letters: ", len(rows)).format(count=len(rows))
            + ", ".join(f"{count} {_(REPLY_TITLES[reply]).lower()}" for reply, count in tally.items() if count)
        )
        period = self.current_period()
        candidates = register_service.handover_candidates(self.db, period) if period else []
        marked = {row.customer for row in rows if row.handover}
        waiting = [code for code in candidates if code not in marked]
        self.handover_hint.setVisible(bool(waiting))
        if waiting:
            self.handover_hint.setText(
                _("Contact person changed (warning flag): ")
                + ", ".join(waiting)
                + _(
                    ". Select the letter and press “Handover letter” so that it confirms the balance at the "
                    "handover, then print it again."
                )
            )

    def selected_rows(self) -> list[LetterRow]:
        """The letters selected in the register, top to bottom."""
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [self.model.data(index, ROW_ROLE) for index in sorted(indexes, key=lambda i: i.row())]

    def selected(self) -> LetterRow | None:
        """The (first) letter selected in the register."""
        rows = self.selected_rows()
        return rows[0] if rows else None

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        headers = [title for _key, title, _kind in RegisterModel.COLUMNS]
        rows = [
            [self.model.data(self.model.index(r, c), SORT_ROLE) for c in range(len(headers))]
            for r in range(self.model.rowCount())
        ]
        return headers, rows

    # ------------------------------------------------------------ printing

    def choose_folder(self) -> None:
        """Pick the folder letters are written to."""
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the letters"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def print_letters(self) -> None:
        """Write the period's letters off the GUI thread, with progress and cancel."""
        period = self.current_period()
        if self.db is None or period is None:
            plain.warn(self, _("Letters"), _("Write the period as 2026Q3, 2026H1, 2026-07 or 2026."))
            return
        self.settings.setValue("letters/folder", self.folder.text())
        db, out = self.db, self.out_dir()
        customer = self.customer.text().strip() or None
        include_zero = self.include_zero.isChecked()
        self.print_button.setEnabled(False)

        def job(progress: Any) -> LetterRun:
            # ReportLab is imported when the first letter is printed, not when the window starts.
            from arddesk.reports.letters import write_letters

            return write_letters(db, period, out, customer=customer, include_zero=include_zero, progress=progress)

        self.task = run_in_background(
            self,
            _("Printing the letters of {label}…").format(label=period.label),
            job,
            on_done=self._printed,
            on_error=self._print_failed,
        )

    def open_combined(self) -> None:
        """Open all.pdf, every letter of the batch in one file for the printer."""
        from arddesk.reports.letters import COMBINED_NAME

        self.open_file(self.out_dir() / COMBINED_NAME)

    def _printed(self, run: LetterRun) -> None:
        self.print_button.setEnabled(True)
        self.refresh()
        plain.inform(
            self,
            _("Letters"),
            _(
                "{letters} letters are in {out_dir} ({written} written now, {kept} already there).\n"
                "Open all.pdf to print them in one go."
            ).format(letters=len(run.letters), out_dir=self.out_dir(), written=run.written, kept=run.kept),
        )

    def _print_failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.refresh()
        if isinstance(exc, Cancelled):
            plain.inform(
                self, _("Letters"), _("Stopped. The letters already written are kept; print again to finish the rest.")
            )
        else:
            show_error(self, _("Letters"), exc)

    def open_file(self, path: Path) -> bool:
        """Open a PDF in the system's viewer (from where it can be printed); without one, offer the folder."""
        if not path.is_file():
            plain.warn(
                self, _("Letters"), _("{path} has not been written yet: print the letters first.").format(path=path)
            )
            return False
        return printing.open_file(self, path, _("Letters"))

    def letter_path(self, row: LetterRow) -> Path:
        """Where the letter of ``row`` is written."""
        return Path(self.folder.text()).expanduser() / row.period / f"{file_stem(row.customer)}.pdf"

    def open_selected(self) -> None:
        """Open the selected letter's PDF."""
        row = self.selected()
        if row is not None:
            self.open_file(self.letter_path(row))

    def print_documents(self) -> list[Path]:
        """The selected letters (one or several), or with none selected the period's all.pdf."""
        from arddesk.reports.letters import COMBINED_NAME

        rows = self.selected_rows()
        paths = [self.letter_path(row) for row in rows] if rows else [self.out_dir() / COMBINED_NAME]
        missing = [path for path in paths if not path.is_file()]
        if missing:
            plain.warn(
                self,
                _("Letters"),
                _("{path} has not been written yet: write the letters first (Print letters).").format(
                    path=missing[0]
                ),
            )
            return []
        return paths

    # ------------------------------------------------------------ the register

    def _change(self, action: Any) -> None:
        if self.db is None:
            return
        tasks.write(self, _("Letters"), action)
        self.refresh()

    def mark_sent(self) -> None:
        """The selected letters (select all with Ctrl+A) went out today."""
        rows = self.selected_rows()
        if rows and self.db is not None:
            db = self.db
            self._change(lambda: register_service.mark_sent(db, [row.reference for row in rows], self.today))

    def record_reply(self) -> None:
        """Record the selected letter's reply in a dialog."""
        row = self.selected()
        if row is None or self.db is None:
            return
        dialog = ReplyDialog(row, self.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, reply = self.db, dialog.values()
        self._change(lambda: register_service.record_reply(db, row.reference, **reply))

    def resolve_dispute(self) -> None:
        """Close the selected dispute today."""
        row = self.selected()
        if row is not None and self.db is not None:
            db = self.db
            self._change(lambda: register_service.resolve_dispute(db, row.reference, self.today))

    def mark_handover(self) -> None:
        """Mark the selected letter as a handover confirmation (the customer's contact changed)."""
        row = self.selected()
        if row is not None and self.db is not None:
            db = self.db
            self._change(
                lambda: register_service.mark_handover(db, row.customer, Period.parse(row.period), not row.handover)
            )

    def export_register(self) -> None:
        """Save the register, the overdue replies and the open disputes to an Excel file."""
        if self.db is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the register"), str(self.out_dir() / "register.xlsx"), _("Excel (*.xlsx)")
        )
        if name:
            from arddesk.reports.letter_register import export_register

            db, period = self.db, self.current_period()
            self._change(lambda: export_register(db, Path(name), period=period, today=self.today))
