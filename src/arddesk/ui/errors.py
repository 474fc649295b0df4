"""Errors shown as messages a clerk can act on, never as tracebacks."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from arddesk.services.browse import describe_error


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A modal message for ``exc`` (problems listed one per line)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, describe_error(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.exec()
