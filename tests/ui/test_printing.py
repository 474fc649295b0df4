"""Printing: PDFs drawn page by page through the preview, tables as plain text, the folder when no viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox
from reportlab.pdfgen.canvas import Canvas

from arddesk.ui import printing
from arddesk.ui.mainwindow import MainWindow


def two_page_pdf(path: Path) -> Path:
    canvas = Canvas(str(path))
    for text in ("first page", "second page"):
        canvas.drawString(72, 720, text)
        canvas.showPage()
    canvas.save()
    return path


def test_every_page_of_every_pdf_is_drawn_on_its_own_sheet(qtbot, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    pdfs = [two_page_pdf(tmp_path / "a.pdf"), two_page_pdf(tmp_path / "b.pdf")]

    assert printing.paint_pdfs(printer, pdfs) == 4
    assert printing.pdf_pages([tmp_path / "out.pdf"]) == 4


def test_a_table_prints_its_cells_as_plain_text_and_says_when_it_stops() -> None:
    document = printing.table_document("Aging", ["Customer", "Name"], [["C1", "<b>Acme</b>"], ["C2", None]], limit=1)
    text = document.toPlainText()
    assert "<b>Acme</b>" in text
    assert "C2" not in text
    assert "Only the first 1 rows are printed" in text


def test_no_pdf_viewer_offers_the_folder(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(QUrl(url).toLocalFile())
        return Path(QUrl(url).toLocalFile()).is_dir()  # no program for PDFs; the file manager works

    asked: list[str] = []

    def exec_box(box: QMessageBox) -> int:
        asked.append(box.objectName())
        next(b for b in box.buttons() if b.text() == "Open the folder").click()
        return 0

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    pdf = two_page_pdf(tmp_path / "all.pdf")

    assert printing.open_file(None, pdf, "Letters") is True
    assert asked == ["noViewerBox"]
    assert opened == [str(pdf), str(tmp_path)]


def test_ctrl_p_previews_the_grid_on_screen(qtbot, window: MainWindow, books) -> None:
    books.customer("C1", name="Acme Trading")
    window.refresh_all()
    window.go_to("Customers")
    window.print_action.trigger()
    dialog = window.print_preview
    assert isinstance(dialog, QPrintPreviewDialog)
    assert dialog.isVisible()
    assert dialog.printer().pageLayout().orientation() == QPageLayout.Orientation.Landscape
    document = dialog.findChild(QTextDocument)
    assert "Acme Trading" in document.toPlainText()
    assert document.toPlainText().startswith("Customers — ")
    dialog.reject()
