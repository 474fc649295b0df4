"""Starting from Excel: save the templates workbook, then import the filled one kind after kind, in order."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QPushButton, QVBoxLayout

from arddesk.text import _
from arddesk.ui import plain
from arddesk.ui.errors import show_error

if TYPE_CHECKING:
    from arddesk.ui.mainwindow import MainWindow


class ExcelStartDialog(QDialog):
    """Three steps on one page: save the templates, fill them in Excel, import them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.wizard: ImportWizard | None = None
        self.setObjectName("excelStartDialog")
        self.setWindowTitle(_("Start from Excel"))
        layout = QVBoxLayout(self)
        steps = plain.label(
            _(
                "1. Save the import templates: one workbook with a sheet for each kind, the columns named in "
                "English and Chinese, and an example row.\n"
                "2. Fill in each sheet in Excel, typing over the example row (an example left unchanged is not "
                "imported), and save the workbook.\n"
                "3. Import it: the sheets are taken in order (payment terms, staff, customers, deliveries, "
                "payments), each shown before it is imported."
            )
        )
        steps.setWordWrap(True)
        layout.addWidget(steps)
        self.save_button = QPushButton(_("Save import templates…"))
        self.save_button.setObjectName("saveTemplates")
        self.save_button.clicked.connect(self.save_templates_dialog)
        self.import_button = QPushButton(_("Import the filled workbook…"))
        self.import_button.setObjectName("importWorkbook")
        self.import_button.clicked.connect(self.import_dialog)
        self.status = plain.label(name="excelStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.save_button)
        layout.addWidget(self.import_button)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save_templates_dialog(self) -> None:
        """Ask where, then write the templates workbook."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save import templates"), str(Path.home() / "arddesk-templates.xlsx"), _("Excel (*.xlsx)")
        )
        if path:
            self.save_templates(Path(path))

    def save_templates(self, path: Path) -> None:
        """Write the templates workbook to ``path``."""
        from arddesk.reports.templates import write_templates

        try:
            write_templates(path)
        except OSError as exc:
            show_error(self, _("Save import templates"), exc)
            return
        self.status.setText(_("Saved {file}. Fill it in, save it, then import it.").format(file=path.name))

    def import_dialog(self) -> None:
        """Ask for the filled workbook, then import it sheet by sheet."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import the filled workbook"), str(Path.home()), _("Excel (*.xlsx)")
        )
        if path:
            self.import_workbook(Path(path))

    def import_workbook(self, path: Path) -> ImportWizard:
        """Import the sheets of a filled templates workbook, in order, each through the import preview."""
        self.wizard = ImportWizard(self.main, path, parent=self)
        self.wizard.finished.connect(self.status.setText)
        self.wizard.next_sheet()
        return self.wizard


class ImportWizard(QObject):
    """Takes the sheets of a filled templates workbook in order, each through the window's import preview.

    The next sheet comes when the one before is imported; cancelling a preview stops there (the sheets
    already imported stay). ``finished`` carries a sentence saying what was imported.
    """

    finished = Signal(str)

    def __init__(self, window: MainWindow, workbook: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from arddesk.reports.templates import TEMPLATE_KINDS

        self.main = window
        self.workbook = workbook
        self.remaining = list(TEMPLATE_KINDS)
        self.imported: list[str] = []
        self.dialog: Any = None
        self._folder = tempfile.TemporaryDirectory(prefix="arddesk-import-")

    def next_sheet(self) -> None:
        """Show the preview of the next sheet that has rows; say what was done when none is left."""
        from arddesk.reports.templates import extract_sheet

        while self.remaining:
            kind = self.remaining.pop(0)
            part = Path(self._folder.name) / f"{kind}.xlsx"
            try:
                rows = extract_sheet(self.workbook, kind, part)
            except KeyError:
                continue  # a workbook without that sheet: nothing of that kind to import
            except Exception as exc:
                show_error(self.main, _("Import the filled workbook"), exc)
                self._finish(_("The workbook could not be read."))
                return
            if rows:
                self.dialog = self.main.preview_import(kind, part)
                self.dialog.imported.connect(lambda _summary, k=kind: self._sheet_done(k))
                self.dialog.rejected.connect(self._stopped)
                return
        done = ", ".join(self.imported) or _("nothing")
        self._finish(_("Imported from the workbook: {kinds}.").format(kinds=done))

    def _sheet_done(self, kind: str) -> None:
        self.imported.append(kind)
        self.next_sheet()

    def _stopped(self) -> None:
        done = ", ".join(self.imported) or _("nothing")
        self._finish(_("The import stopped; imported so far: {kinds}.").format(kinds=done))

    def _finish(self, sentence: str) -> None:
        self.dialog = None
        self._folder.cleanup()
        self.finished.emit(sentence)
