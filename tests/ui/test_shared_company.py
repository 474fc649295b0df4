"""A company others change meanwhile: the window shows their work when the clerk comes back to it."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from arddesk.store.db import open_database


def _come_back(window) -> None:
    """The clerk clicks back into the window (Qt tells it its activation changed)."""
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))


def test_coming_back_to_the_window_shows_what_another_clerk_posted(qtbot, window, db, books) -> None:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-06-01", amount="10.00")
    if db.is_sqlite:  # on a file, the other clerk writes while this window views it read-only
        assert db.path is not None
        window.set_database(open_database(db.path, read_only=True))
    else:  # on a server, both write: another connection is another desk
        window.set_database(open_database(db.engine.url.render_as_string(hide_password=False)))
    page = window.go_to("Delivery log")
    assert page.model.rowCount() == 1

    books.delivery("D2", "C1", on="2026-06-02", amount="20.00")
    assert page.model.rowCount() == 1
    _come_back(window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
