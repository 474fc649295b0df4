"""Errors shown as messages a clerk can act on, never as tracebacks: the window's one way to report them.

Work off the GUI thread reports through ``on_error=`` of :func:`arddesk.ui.tasks.run_in_background`,
writes through :func:`arddesk.ui.tasks.write`, and what runs on the GUI thread inside :func:`reported`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from arddesk.text.messages import error_text
from arddesk.ui import plain


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A modal message for ``exc`` (problems listed one per line), shown as plain text."""
    plain.message(parent, title, error_text(exc), icon=plain.Icon.Warning, name="errorBox")


@dataclass
class Attempt:
    """Whether the work inside :func:`reported` failed (and was shown)."""

    failed: bool = False


@contextmanager
def reported(parent: QWidget | None, title: str) -> Iterator[Attempt]:
    """Run the block; an exception in it is shown as a message titled ``title`` and goes no further.

    ``with reported(self, "Customer") as attempt: ...`` then ``if attempt.failed: return``.
    """
    attempt = Attempt()
    try:
        yield attempt
    except Exception as exc:  # the one place a failure on the GUI thread is reported
        attempt.failed = True
        show_error(parent, title, exc)
