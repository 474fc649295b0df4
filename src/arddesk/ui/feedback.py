"""What the status bar says after an action: what was saved, exported or imported, with an Open link for files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from arddesk.text import _
from arddesk.ui import plain

SHOWN_MS = 15_000
LABEL_NAME = "announcement"


def announce(widget: QWidget, text: str, path: Path | None = None) -> QLabel | None:
    """Say ``text`` in the status bar of ``widget``'s window for a while; with ``path``, an *Open* link beside it.

    Returns the link's label (None without ``path`` or outside a main window).
    """
    window = QWidget.window(widget)  # some pages have a method of their own called window
    if not isinstance(window, QMainWindow):
        return None
    bar = window.statusBar()
    bar.showMessage(text, SHOWN_MS)
    label = bar.findChild(QLabel, LABEL_NAME)
    if path is None:
        if label is not None:
            label.hide()
        return None
    if label is None:
        label = plain.rich_label(LABEL_NAME)  # the file name escaped, the link ours
        label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.linkActivated.connect(lambda link: _open(label, link))
        timer = QTimer(label)
        timer.setObjectName("announcementTimer")
        timer.setSingleShot(True)
        timer.setInterval(SHOWN_MS)
        timer.timeout.connect(label.hide)
        bar.addPermanentWidget(label)
    link = QUrl.fromLocalFile(str(path)).toString()
    label.setText(plain.html('<a href="{}">{}</a>', link, _("Open {name}").format(name=path.name)))
    label.setToolTip(str(path))
    label.show()
    shown_for = label.findChild(QTimer, "announcementTimer")
    if shown_for is not None:
        shown_for.start()
    return label


def _open(label: QLabel, link: str) -> None:
    from arddesk.ui import printing

    printing.open_file(label, Path(QUrl(link).toLocalFile()), _("Open"))
