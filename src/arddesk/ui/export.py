"""Import and export from the window: the file work runs off the GUI thread, problems become dialogs."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from arddesk.store.db import Database
from arddesk.ui.errors import show_error
from arddesk.ui.pages import Page
from arddesk.ui.tasks import run_in_background


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "Sheet") -> None:
    """Write a table to .xlsx: ``reports.tables.write_table`` when present, else a plain openpyxl sheet."""
    try:
        tables = importlib.import_module("arddesk.reports.tables")
        write_table = tables.write_table
    except (ImportError, AttributeError):
        write_table = None
    if write_table is not None:
        try:
            write_table(path, list(headers), [list(row) for row in rows])
            return
        except TypeError:  # a different signature than expected: fall back to the plain sheet
            pass
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Sheet")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_safe(value) for value in row])
    workbook.save(path)


def _safe(value: Any) -> Any:
    # A text cell that starts like a formula must stay text in Excel.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_page(parent: QWidget, page: Page, path: Path) -> None:
    """The page's table, as filtered on screen, to ``path``."""

    def work(_progress: Callable[..., None]) -> int:
        table = page.export_table()
        if table is None:
            return 0
        headers, rows = table
        write_xlsx(path, headers, rows, page.title)
        return len(rows)

    run_in_background(
        parent, f"Exporting {page.title}…", work,
        on_done=lambda n: _status(parent, f"Exported {n} rows to {path}"),
        on_error=lambda exc: show_error(parent, "Export", exc),
        cancellable=False,
    )


def import_file(parent: QWidget, db: Database, kind: str, path: Path, *, on_done: Callable[[], None]) -> None:
    """Import a file of ``kind``: all rows or none, every bad row listed."""
    from arddesk.services.importing import import_file as service_import

    def done(summary: Any) -> None:
        QMessageBox.information(parent, "Import", f"Imported {summary.count} {kind} from {path.name}.")
        on_done()

    run_in_background(
        parent, f"Importing {kind}…", lambda _p: service_import(db, kind, path),
        on_done=done, on_error=lambda exc: show_error(parent, f"Import {kind}", exc), cancellable=False,
    )


def export_kind(parent: QWidget, db: Database, kind: str, path: Path) -> None:
    """Export a kind of records (re-importable) through ``services.exporting``."""
    try:
        exporting = importlib.import_module("arddesk.services.exporting")
        export_file = exporting.export_file
    except (ImportError, AttributeError) as exc:
        show_error(parent, "Export", RuntimeError(f"export is not available in this version ({exc})"))
        return
    run_in_background(
        parent, f"Exporting {kind}…", lambda _p: export_file(db, kind, path),
        on_done=lambda _r: _status(parent, f"Exported {kind} to {path}"),
        on_error=lambda exc: show_error(parent, f"Export {kind}", exc), cancellable=False,
    )


def _status(parent: QWidget, message: str) -> None:
    window = parent.window()
    status = getattr(window, "statusBar", None)
    if status is not None:
        status().showMessage(message, 8000)
