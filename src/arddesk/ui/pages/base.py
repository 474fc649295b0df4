"""The common shape of a page in the main window."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from arddesk.store.db import Database


class Page(QWidget):
    """A view in the main window's stack; subclasses override what they support."""

    title = ""
    company_changed = Signal()
    """The page changed what other pages show: the main window reads them again."""
    open_customer = Signal(str)
    """Show this customer (by code) on the Customers page; the main window navigates, so pages need not import it."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        """The day the window works on (tests fix it); pages date new entries and reports by it."""
        self.db: Database | None = None

    def set_database(self, db: Database | None) -> None:
        """The company changed (None: closed)."""
        self.db = db
        if db is not None:
            self.refresh()

    def refresh(self) -> None:
        """Read again from the database."""

    def new_item(self) -> None:
        """Ctrl+N: the page's "new" form."""

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the page's search box."""

    def print_documents(self) -> list[Path] | None:
        """File → Print: the PDF files this page prints (empty: nothing, the page said why); None: the table."""
        return None

    def save_layout(self, settings: QSettings) -> None:
        """Remember how the clerk arranged the page (column widths, splitters) for the next run."""

    def restore_layout(self, settings: QSettings) -> None:
        """Arrange the page as :meth:`save_layout` remembered it."""

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """What is on screen (filtered), as headers and rows of raw values; None when nothing to export."""
        return None

    def export_context(self) -> list[tuple[str, str]]:
        """The as-of date and filters the table on screen was read with, as (label, value): an export's title."""
        return []
