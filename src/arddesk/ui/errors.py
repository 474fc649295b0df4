"""Errors shown as messages a clerk can act on, never as tracebacks."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from arddesk.services.browse import describe_error
from arddesk.ui import plain


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A modal message for ``exc`` (problems listed one per line), shown as plain text."""
    plain.message(parent, title, describe_error(exc), icon=plain.Icon.Warning, name="errorBox")
