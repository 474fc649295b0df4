"""File → Import: what a file holds, shown before anything is written, then imported off the GUI thread.

Choosing a file opens :class:`ImportDialog`, which reads the file without writing (the rows as
parsed, which column fills which field, counts of new rows, probable duplicates and bad rows,
and every bad row in a table that can be saved to Excel). The clerk may name the file's
encoding or how to read dates like ``03/04/2026``, which reads the file again. *Import*
commits in the background with progress and Cancel; the import is all rows or none, so a
cancel (or closing the window, which asks first) leaves nothing of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.problems import Problem
from arddesk.services.errors import Rejected
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.ui import plain
from arddesk.ui.errors import show_error
from arddesk.ui.kinds import kind_name
from arddesk.ui.tasks import BackgroundTask, Cancelled, run_in_background
from arddesk.ui.widgets.tablemodel import Column, ListTableModel

if TYPE_CHECKING:  # the importer (and its xlsx reader) is loaded when a file is first chosen
    from arddesk.services.importing import ColumnMapping, ImportPreview, ImportSummary, PreviewRow

# (what the clerk reads, the codec name given to the reader; None: found from the file)
ENCODINGS: tuple[tuple[str, str | None], ...] = (
    (N_("Automatic"), None),
    ("UTF-8", "utf-8"),
    (N_("GB18030 (Simplified Chinese)"), "gb18030"),
    (N_("UTF-16 (Excel “Unicode text”)"), "utf-16"),
    (N_("UTF-16 LE without byte-order mark"), "utf-16-le"),
    (N_("Windows-1252 (Western European)"), "cp1252"),
    (N_("Big5 (Traditional Chinese)"), "big5"),
    (N_("Shift-JIS (Japanese)"), "shift_jis"),
    (N_("ISO-8859-15 (Latin-9)"), "iso8859-15"),
)
# (what the clerk reads, the order given to the reader; None: refuse 03/04/2026 as ambiguous)
DATE_ORDERS: tuple[tuple[str, str | None], ...] = (
    (N_("Refuse ambiguous dates like 03/04/2026"), None),
    (N_("Day first: 03/04/2026 is 3 April"), "dmy"),
    (N_("Month first: 03/04/2026 is 4 March"), "mdy"),
)
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


class TableModel(ListTableModel):
    """A read-only table whose columns are set with its rows (the file decides the preview's columns)."""

    def set_table(self, columns: Sequence[Column], rows: list[Any]) -> None:
        """Replace the columns and every row."""
        self.beginResetModel()
        self.columns = tuple(columns)
        self.rows = list(rows)
        self.endResetModel()

    def mark(self, row: Any) -> str | None:
        """A bad row red, a probable duplicate yellow (preview rows only)."""
        if getattr(row, "bad", False):
            return "overdue"
        if getattr(row, "duplicate", False):
            return "restricted"
        return None


def _row_state(row: PreviewRow) -> str:
    if row.bad:
        return _("bad row")
    if row.duplicate:
        return _("probable duplicate")
    return "new"


def _in_file(mapping: ColumnMapping) -> str:
    if mapping.written:
        return _("{written} (column {letter})").format(written=mapping.written, letter=mapping.letter)
    return _("not in the file: left blank or its default")


PROBLEM_COLUMNS = (
    Column("row", N_("Row"), lambda p: p.row, "int"),
    Column("column", N_("Column"), lambda p: p.column),
    Column("value", N_("Value"), lambda p: p.value),
    Column("reason", N_("Why"), lambda p: p.reason),
)
MAPPING_COLUMNS = (
    Column("written", N_("Column in the file"), _in_file),
    Column("field", N_("Fills"), lambda m: m.name),
    Column("chinese", N_("Chinese name"), lambda m: m.chinese),
    Column("required", N_("Required"), lambda m: "required" if m.required else ""),
)


def _value(index: int) -> Callable[[PreviewRow], str]:
    def value(row: PreviewRow) -> str:
        return row.values[index]

    return value


def preview_columns(preview: ImportPreview) -> list[Column]:
    """The preview table's columns: the row number, what the row would be, then one per field."""
    columns = [Column("row", _("Row"), lambda r: r.row, "int"), Column("state", _("Check"), _row_state)]
    for index, mapping in enumerate(preview.columns):
        title = mapping.written or _("{name} (default)").format(name=mapping.name)
        columns.append(Column(mapping.name, title, _value(index)))
    return columns


def _view(model: ListTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class ImportDialog(QDialog):
    """The preview of one import file, and the import itself.

    Signals:
        imported: emitted with the service's summary once the file is imported.
    """

    imported = Signal(object)
    import_ended = Signal()

    def __init__(self, db: Database, kind: str, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.path = path
        self.preview: ImportPreview | None = None
        self.problems: list[Problem] = []
        self.duplicates: list[Problem] = []
        self.blocked = True  # something stops the import (bad rows, no rows, the file unread)
        self._reading = 0  # which reading of the file the dialog waits for; older answers are dropped
        self._import_task: BackgroundTask | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import {kind}").format(kind=kind_name(kind)))
        self.setWindowModality(Qt.WindowModality.WindowModal)

        title = plain.label(
            _("Import {kind} from {name}").format(kind=kind_name(kind), name=path.name),
            "importTitle",
            bold=True,
            scale=1.2,
        )
        title.setToolTip(plain.tooltip(str(path)))
        self.encoding = QComboBox()
        self.encoding.setObjectName("encodingChoice")
        for text, codec in ENCODINGS:
            self.encoding.addItem(_(text), codec)
        is_text = path.suffix.lower() in CSV_SUFFIXES
        self.encoding.setEnabled(is_text)
        self.encoding.setToolTip(
            plain.tooltip(_("How the characters of a CSV file are written; Automatic finds UTF-8, UTF-16 and GB18030."))
            if is_text
            else plain.tooltip(_("An Excel workbook says its own encoding."))
        )
        self.date_order = QComboBox()
        self.date_order.setObjectName("dateOrderChoice")
        for text, order in DATE_ORDERS:
            self.date_order.addItem(_(text), order)
        choices = QFormLayout()
        choices.addRow(plain.label(_("Encoding:")), self.encoding)
        choices.addRow(plain.label(_("Dates:")), self.date_order)
        self.encoding.currentIndexChanged.connect(lambda _i: self.read_file())
        self.date_order.currentIndexChanged.connect(lambda _i: self.read_file())

        self.summary = plain.label("", "importSummary", bold=True)
        self.summary.setWordWrap(True)
        self.advice = plain.label("", "importAdvice")
        self.advice.setWordWrap(True)

        self.rows_model = TableModel(parent=self)
        self.mapping_model = TableModel(MAPPING_COLUMNS, self)
        self.problems_model = TableModel(PROBLEM_COLUMNS, self)
        self.duplicates_model = TableModel(PROBLEM_COLUMNS, self)
        self.rows_view = _view(self.rows_model, "previewRows")
        self.mapping_view = _view(self.mapping_model, "columnMapping")
        self.problems_view = _view(self.problems_model, "badRows")
        self.duplicates_view = _view(self.duplicates_model, "probableDuplicates")
        self.save_problems_button = QPushButton(_("Save bad rows to Excel…"))
        self.save_problems_button.setObjectName("saveBadRows")
        self.save_problems_button.clicked.connect(self.save_problems_dialog)
        bad_page = QWidget()
        bad_layout = QVBoxLayout(bad_page)
        bad_layout.addWidget(self.problems_view, 1)
        bad_buttons = QHBoxLayout()
        self.unlisted = plain.label("", "unlistedProblems")
        self.unlisted.hide()
        bad_buttons.addWidget(self.unlisted)
        bad_buttons.addStretch(1)
        bad_buttons.addWidget(self.save_problems_button)
        bad_layout.addLayout(bad_buttons)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("importTabs")
        self.tabs.addTab(self.rows_view, _("Rows as read"))
        self.tabs.addTab(self.mapping_view, _("Columns"))
        self.tabs.addTab(bad_page, _("Bad rows"))
        self.tabs.addTab(self.duplicates_view, _("Probable duplicates"))
        self.bad_tab = 2
        self.duplicates_tab = 3

        self.allow_duplicates = QCheckBox(_("Allow probable duplicates (import them as new documents)"))
        self.allow_duplicates.setObjectName("allowDuplicates")
        self.allow_duplicates.hide()
        self.allow_duplicates.toggled.connect(lambda _on: self._update_buttons())
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.advice)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.allow_duplicates)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(1000, 680)
        self._update_buttons()

    # ---------------------------------------------------------------- reading the file
    @property
    def chosen_encoding(self) -> str | None:
        """The codec the clerk chose, None for Automatic."""
        value = self.encoding.currentData()
        return None if value is None else str(value)

    @property
    def chosen_date_order(self) -> str | None:
        """``dmy``, ``mdy``, or None to refuse ambiguous dates."""
        value = self.date_order.currentData()
        return None if value is None else str(value)

    def read_file(self) -> None:
        """Read the file again (off the GUI thread) with the chosen encoding and date order."""
        from arddesk.services.importing import preview_file

        self._reading += 1
        reading = self._reading
        self.preview = None
        self.summary.setText(_("Reading the file…"))
        self.advice.setText("")
        self._update_buttons()
        encoding, date_order = self.chosen_encoding, self.chosen_date_order
        db, kind, path = self.db, self.kind, self.path

        def work(_progress: Callable[..., None]) -> ImportPreview:
            return preview_file(db, kind, path, encoding=encoding, date_order=date_order)

        def done(preview: ImportPreview) -> None:
            if reading == self._reading:
                self.show_preview(preview)

        def failed(exc: BaseException) -> None:
            if reading == self._reading:
                self.show_failure(exc)

        run_in_background(self, _("Reading the file…"), work, on_done=done, on_error=failed, show_progress=False)

    def show_preview(self, preview: ImportPreview) -> None:
        """Show what a reading of the file found."""
        self.preview = preview
        self.rows_model.set_table(preview_columns(preview), list(preview.first_rows))
        self.mapping_model.set_rows(list(preview.columns))
        self._show_problems(preview.problems, preview.bad_rows, preview.unlisted)
        duplicates = list(preview.duplicates)
        self._show_duplicates(duplicates, preview.duplicate_rows)
        self.blocked = bool(preview.bad_rows) or not preview.rows
        self.summary.setText(
            _(
                "Rows read: {rows}. New: {new}. Probable duplicates: {duplicate_rows}. Bad rows: {bad_rows}."
            ).format(
                rows=formats.count(preview.rows),
                new=formats.count(preview.new),
                duplicate_rows=formats.count(preview.duplicate_rows),
                bad_rows=formats.count(preview.bad_rows),
            )
        )
        if preview.bad_rows:
            self.advice.setText(
                _(
                    "Nothing can be imported while the file has bad rows. Correct them in the file (save the list to "
                    "Excel to work through it) and choose it again; if dates or characters were read wrongly, choose "
                    "the date order or the encoding above."
                )
            )
            self.tabs.setCurrentIndex(self.bad_tab)
        elif duplicates:
            self.advice.setText(
                _(
                    "The file was imported before, or some rows look like documents already in the books. "
                    "Tick “Allow probable duplicates” only if they are really new."
                )
            )
            self.tabs.setCurrentIndex(self.duplicates_tab)
        elif not preview.rows:
            self.advice.setText(_("The file has no rows below its column names."))
            self.tabs.setCurrentIndex(0)
        else:
            self.advice.setText(
                _("The first {first_rows} rows are shown. Nothing is written until you press Import.").format(
                    first_rows=formats.count(len(preview.first_rows))
                )
            )
            self.tabs.setCurrentIndex(0)
        self._fit_columns()
        self._update_buttons()

    def show_failure(self, exc: BaseException) -> None:
        """The file could not be read (or was refused as a whole): say why, in the bad-rows table."""
        self.preview = None
        self.rows_model.set_table([], [])
        self.mapping_model.set_rows([])
        self._show_duplicates([], 0)
        self.blocked = True
        if not isinstance(exc, Rejected):
            self._show_problems([])
            self.summary.setText(_("The file could not be read."))
            self.advice.setText("")
            self._update_buttons()
            show_error(self, _("Import {kind}").format(kind=kind_name(self.kind)), exc)
            return
        self._show_problems(exc.problems)
        self.tabs.setTabText(self.bad_tab, _("Problems"))
        self.summary.setText(_("The file cannot be imported as it is."))
        self.advice.setText(
            _(
                "Choose another encoding or date order above if the problem is how the file was read; "
                "otherwise correct the file and choose it again."
            )
        )
        self.tabs.setCurrentIndex(self.bad_tab)
        self._fit_columns()
        self._update_buttons()

    def _show_problems(self, problems: Sequence[Problem], bad_rows: int | None = None, unlisted: int = 0) -> None:
        self.problems = list(problems)
        self.problems_model.set_rows(self.problems)
        if bad_rows is None:
            bad_rows = len({p.row for p in self.problems if p.row is not None})
        self.tabs.setTabText(
            self.bad_tab,
            _("Bad rows ({bad_rows})").format(bad_rows=formats.count(bad_rows))
            if bad_rows or not problems
            else _("Problems"),
        )
        self.unlisted.setText(
            _("The first {problems} problems are listed; {unlisted} more are not.").format(
                problems=formats.count(len(self.problems)), unlisted=formats.count(unlisted)
            )
            if unlisted
            else ""
        )
        self.unlisted.setVisible(bool(unlisted))
        self.save_problems_button.setEnabled(bool(problems))

    def _show_duplicates(self, duplicates: list[Problem], rows: int) -> None:
        self.duplicates = duplicates
        self.duplicates_model.set_rows(duplicates)
        self.tabs.setTabText(self.duplicates_tab, _("Probable duplicates ({rows})").format(rows=formats.count(rows)))
        self.tabs.setTabVisible(self.duplicates_tab, bool(duplicates))
        self.allow_duplicates.setVisible(bool(duplicates))
        if not duplicates:
            self.allow_duplicates.setChecked(False)

    def _fit_columns(self) -> None:
        for view in (self.rows_view, self.mapping_view, self.problems_view, self.duplicates_view):
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            for section in range(header.count()):
                header.resizeSection(section, min(header.sectionSize(section), 360))

    # ---------------------------------------------------------------- saving the bad rows
    def save_problems_dialog(self) -> None:
        """Save the bad rows (row, column, value, why) to a workbook the clerk picks."""
        suggested = self.path.with_name(f"{self.path.stem}-problems.xlsx")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save bad rows"), str(suggested), _("Excel (*.xlsx)"))
        if path:
            self.save_problems(Path(path))

    def save_problems(self, path: Path) -> None:
        """Write the bad rows to ``path`` off the GUI thread."""
        header, rows = self.problems_model.export_rows()

        def work(_progress: Callable[..., None]) -> int:
            from arddesk.reports.tables import write_table  # openpyxl: loaded when first needed

            write_table(path, header, rows)
            return len(rows)

        run_in_background(
            self,
            _("Saving the bad rows…"),
            work,
            on_done=lambda n: self.advice.setText(
                _("Saved {n} problems to {path}.").format(n=formats.count(n), path=path)
            ),
            on_error=lambda exc: None if isinstance(exc, Cancelled) else show_error(self, _("Save bad rows"), exc),
        )

    # ---------------------------------------------------------------- importing
    @property
    def importing(self) -> bool:
        """Whether an import is running."""
        return self._import_task is not None

    def _update_buttons(self) -> None:
        ready = (
            self.preview is not None and not self.blocked and (not self.duplicates or self.allow_duplicates.isChecked())
        )
        busy = self.importing
        self.import_button.setEnabled(ready and not busy)
        self.encoding.setEnabled(not busy and self.path.suffix.lower() in CSV_SUFFIXES)
        self.date_order.setEnabled(not busy)
        self.allow_duplicates.setEnabled(not busy)

    def start_import(self) -> None:
        """Import the file off the GUI thread, with progress and Cancel."""
        if self.importing or self.preview is None:
            return
        from arddesk.services.importing import import_file

        db, kind, path = self.db, self.kind, self.path
        encoding, date_order = self.chosen_encoding, self.chosen_date_order
        allow = self.allow_duplicates.isChecked()

        def work(progress: Callable[..., None]) -> ImportSummary:
            return import_file(
                db, kind, path, progress=progress, encoding=encoding, date_order=date_order, allow_duplicates=allow
            )

        self.summary.setText(_("Importing {kind}…").format(kind=kind_name(kind)))
        self.advice.setText(_("Cancel leaves nothing of the file in the books."))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setText(_("Cancel import"))
        task = run_in_background(
            self,
            _("Importing {kind}…").format(kind=kind_name(kind)),
            work,
            on_done=self._imported,
            on_error=self._import_failed,
            show_progress=False,
        )
        task.signals.progress.connect(self._show_progress)
        self._import_task = task
        self._update_buttons()

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def done(self, result: int) -> None:
        """Closing the dialog: a reading of the file still under way is no longer wanted."""
        self._reading += 1
        super().done(result)

    def _import_over(self) -> None:
        self._import_task = None
        self.progress.hide()
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setEnabled(True)
        self._update_buttons()
        self.import_ended.emit()

    def _imported(self, summary: ImportSummary) -> None:
        self._import_over()
        self.imported.emit(summary)
        self.accept()

    def _import_failed(self, exc: BaseException) -> None:
        self._import_over()
        if isinstance(exc, Cancelled):
            self.summary.setText(_("Import cancelled: nothing was imported."))
            self.advice.setText("")
        elif isinstance(exc, Rejected):
            # The books changed since the file was read (a payment posted meanwhile, say): what they
            # refused is listed like the file's own problems; probable duplicates may still be allowed.
            duplicates = list(getattr(exc, "duplicates", []))
            others = [problem for problem in exc.problems if problem not in duplicates]
            self._show_problems(others)
            self._show_duplicates(duplicates, len({p.row for p in duplicates if p.row is not None}))
            self.blocked = bool(others)
            self.summary.setText(_("Nothing was imported: the books changed since the file was read."))
            self.advice.setText("")
            self.tabs.setCurrentIndex(self.bad_tab if others else self.duplicates_tab)
            self._fit_columns()
            self._update_buttons()
        else:
            self.summary.setText(_("Nothing was imported."))
            show_error(self, _("Import {kind}").format(kind=kind_name(self.kind)), exc)

    def stop_import(self) -> None:
        """Cancel a running import and wait until it has rolled back (or, had it just committed, finished)."""
        if self._import_task is None:
            return
        loop = QEventLoop()
        self.import_ended.connect(loop.quit)
        self.cancel()
        if self._import_task is not None:
            loop.exec()
        self.import_ended.disconnect(loop.quit)

    def cancel(self) -> None:
        """The Cancel button: stops a running import (the dialog stays, saying so), else closes the dialog."""
        task = self._import_task
        if task is None:
            self.reject()
            return
        self.summary.setText(_("Stopping the import…"))
        self.cancel_button.setEnabled(False)
        task.cancel_event.set()

    def ask_to_stop(self) -> bool:
        """While importing, ask whether to stop (and stop if so); True when no import runs any more."""
        if not self.importing:
            return True
        if not plain.choose(
            self,
            _("Import running"),
            _("The import is still running. Stop it? Nothing of the file will be imported."),
            _("Stop the import"),
            name="stopImportBox",
        ):
            return False
        self.stop_import()
        return True

    def reject(self) -> None:
        """Esc or the window's close button: while importing, asks first and stops the import."""
        if self.ask_to_stop():
            super().reject()
