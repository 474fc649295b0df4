"""Printing from the window: a preview of the PDFs we write, or of the table on screen, then the printer.

Letters, call sheets and bonus statements are already PDF files; PDFium draws each page as an image
at the printer's resolution (at most ``MAX_DPI``) onto the QPrinter, so what prints is what the file
holds. A table is laid out as a QTextDocument of plain-text cells. Where no PDF viewer is set up,
:func:`open_file` offers the file's folder instead of doing nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QPageLayout,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextTableFormat,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QTableView, QWidget

from arddesk.text import _, formats
from arddesk.ui import plain

MAX_DPI = 300  # sharp on paper; a page at 1200 dpi would be a 500 MB image
MAX_TABLE_ROWS = 5000  # a preview of a million rows helps nobody; the rest is said on the last page


def pdf_pages(paths: Sequence[Path]) -> int:
    """How many pages the PDF files hold together."""
    import pypdfium2  # loaded when first printing, not at start-up

    total = 0
    for path in paths:
        document = pypdfium2.PdfDocument(str(path))
        try:
            total += len(document)
        finally:
            document.close()
    return total


def paint_pdfs(printer: QPrinter, paths: Sequence[Path]) -> int:
    """Draw every page of ``paths`` onto ``printer``, one sheet a page, scaled to fit; returns the pages drawn."""
    import pypdfium2

    painter = QPainter()
    if not painter.begin(printer):
        return 0
    drawn = 0
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for path in paths:
            document = pypdfium2.PdfDocument(str(path))
            try:
                for number in range(len(document)):
                    page = document[number]
                    bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)
                    # BGRx bytes are QImage's RGB32 on little-endian machines; copy() detaches from PDFium's buffer.
                    image = QImage(
                        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
                    ).copy()
                    page.close()
                    if drawn:
                        printer.newPage()
                    size = QSizeF(image.size()).scaled(QSizeF(area.size()), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
                    drawn += 1
            finally:
                document.close()
    finally:
        painter.end()
    return drawn


def table_document(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], limit: int = MAX_TABLE_ROWS
) -> QTextDocument:
    """A document holding ``title`` and a table of ``headers`` and up to ``limit`` rows, every cell plain text."""
    document = QTextDocument()
    cursor = QTextCursor(document)
    cursor.insertText(title)
    cursor.insertBlock()
    kept = [["" if cell is None else str(cell) for cell in row] for row in itertools.islice(rows, limit + 1)]
    more = len(kept) > limit
    kept = kept[:limit]
    table_format = QTextTableFormat()
    table_format.setHeaderRowCount(1)
    table_format.setCellPadding(2)
    table_format.setCellSpacing(0)
    table_format.setBorder(0.5)
    table = cursor.insertTable(len(kept) + 1, max(1, len(headers)), table_format)
    for column, header in enumerate(headers):
        table.cellAt(0, column).firstCursorPosition().insertText(str(header))
    for number, row in enumerate(kept, start=1):
        for column, cell in enumerate(row[: len(headers)]):
            table.cellAt(number, column).firstCursorPosition().insertText(cell)
    if more:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()
        cursor.insertText(
            _("Only the first {count} rows are printed; narrow the list with its filters, or export it to Excel.")
            .format(count=formats.count(limit))
        )
    return document


def preview_pdfs(parent: QWidget | None, paths: Sequence[Path]) -> QPrintPreviewDialog:
    """A print preview of ``paths`` (shown, not run: the caller may ``exec`` or ``open`` it)."""
    dialog = QPrintPreviewDialog(parent)
    dialog.setObjectName("printPreview")
    dialog.setWindowTitle(_("Print preview"))
    dialog.paintRequested.connect(lambda printer: paint_pdfs(printer, paths))
    return dialog


def preview_table(
    parent: QWidget | None, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> QPrintPreviewDialog:
    """A print preview of a table (landscape, as grids are wide)."""
    document = table_document(title, headers, rows)
    dialog = QPrintPreviewDialog(parent)
    dialog.setObjectName("printPreview")
    dialog.setWindowTitle(_("Print preview"))
    dialog.printer().setPageOrientation(QPageLayout.Orientation.Landscape)
    document.setParent(dialog)  # lives as long as the preview that repaints from it
    dialog.paintRequested.connect(document.print_)
    return dialog


def open_file(parent: QWidget | None, path: Path, title: str) -> bool:
    """Open ``path`` in the system's viewer; where none is set, offer its folder. True when something opened."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    folder = path.parent
    if plain.choose(
        parent,
        title,
        _("No program is set up to open {name}. It is in {folder}.").format(name=path.name, folder=folder),
        _("Open the folder"),
        name="noViewerBox",
    ):
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return True
        plain.warn(parent, title, _("The folder could not be opened either: {folder}").format(folder=folder))
    return False


def shown_table(page: QWidget) -> tuple[list[str], list[list[str]]] | None:
    """The table on screen as its cells read (headers, display texts), up to ``MAX_TABLE_ROWS`` + 1 rows.

    The table with the keyboard focus wins, then the page's ``table``, then the first one visible.
    """
    tables = [view for view in page.findChildren(QTableView) if view.isVisibleTo(page)]
    focused = [view for view in tables if view.hasFocus()]
    main = getattr(page, "table", None)
    chosen = focused[0] if focused else main if isinstance(main, QTableView) else tables[0] if tables else None
    if chosen is None or chosen.model() is None:
        return None
    model = chosen.model()
    columns = [c for c in range(model.columnCount()) if not chosen.isColumnHidden(c)]
    display = Qt.ItemDataRole.DisplayRole
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, display) or "") for c in columns]
    rows = [
        ["" if (value := model.data(model.index(r, c), display)) is None else str(value) for c in columns]
        for r in range(min(model.rowCount(), MAX_TABLE_ROWS + 1))
    ]
    return headers, rows
