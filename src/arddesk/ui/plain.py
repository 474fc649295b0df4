"""Data shown as data: customer, rep, note and reason texts reach the screen as the characters typed.

Qt guesses whether a label's, a tooltip's or a message box's text is HTML (``Qt::mightBeRichText``),
so a customer named ``<h1 style=color:red>PAY TO ACCOUNT…</h1>`` would become a red banner and
``<img src=file:///…>`` would load a local file. Every label and message box of the window is made
here, plain; the few labels that colour fixed words are rich on purpose and get their data only
through :func:`html`, which escapes it; tooltips go through :func:`tooltip`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from arddesk.text import _

__all__ = [
    "choose",
    "confirm",
    "data_label",
    "escape",
    "html",
    "inform",
    "label",
    "message",
    "rich_label",
    "tooltip",
    "warn",
]

Button = QMessageBox.StandardButton
Icon = QMessageBox.Icon


def label(text: str = "", name: str = "", *, bold: bool = False, scale: float = 1.0) -> QLabel:
    """A label whose text is shown exactly as given.

    Args:
        text: the first text.
        name: the object name (tests and style sheets find the label by it).
        bold: a bold face (instead of ``<b>``, which would make the label rich).
        scale: the font size as a multiple of the usual, for titles.
    """
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    if name:
        widget.setObjectName(name)
    if bold or scale != 1.0:
        font = widget.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        widget.setFont(font)
    return widget


def data_label(text: str = "", name: str = "") -> QLabel:
    """A label that shows data exactly as stored (never read as HTML), selectable for copying, wrapping."""
    widget = label(text, name)
    widget.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    widget.setWordWrap(True)
    return widget


def rich_label(name: str = "") -> QLabel:
    """A label that shows HTML made by :func:`html` (fixed words coloured; data escaped)."""
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.RichText)
    if name:
        widget.setObjectName(name)
    return widget


def html(template: str, *args: object, **values: object) -> str:
    """``template`` (fixed HTML) with ``{}`` fields filled by values escaped as text.

    Values are turned into text first (``str``), so format them (dates, money) before.
    """
    return template.format(*(escape(str(a)) for a in args), **{k: escape(str(v)) for k, v in values.items()})


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as typed, line breaks kept.

    A tooltip has no text format of its own; Qt shows it as HTML when it looks like HTML. Made
    rich on purpose, with the text escaped, it never does so by guess.
    """
    if not text:
        return ""
    return _("<p style='white-space:pre-wrap'>{text}</p>").format(text=escape(text))


def message(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = Icon.Information,
    buttons: QMessageBox.StandardButton = Button.Ok,
    default: QMessageBox.StandardButton = Button.NoButton,
    name: str = "",
) -> QMessageBox.StandardButton:
    """A modal message box showing ``text`` as plain text; the button pressed."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    if name:
        box.setObjectName(name)
    return Button(box.exec())


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A plain message with OK."""
    message(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A plain warning with OK."""
    message(parent, title, text, icon=Icon.Warning)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A plain Yes/No question (No is the default); True for Yes."""
    answer = message(parent, title, text, icon=Icon.Question, buttons=Button.Yes | Button.No, default=Button.No)
    return answer == Button.Yes


def choose(parent: QWidget | None, title: str, text: str, action: str, *, name: str = "") -> bool:
    """A plain question answered by a button named for the action, or Cancel; True for the action."""
    box = QMessageBox(Icon.Question, title, "", Button.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if name:
        box.setObjectName(name)
    chosen = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return box.clickedButton() is chosen
