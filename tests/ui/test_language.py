"""Every page and dialog in Chinese at 1280×800: no English words left but codes and data, no clipped text
(too wide for its widget, or, wrapped, too tall).

The clipping part runs in English too (English words are longer than Chinese ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from arddesk.ui.app import use_language
from arddesk.ui.mainwindow import MainWindow

WIDTH, HEIGHT = 1280, 800
ENGLISH_WORD = re.compile(r"(?<![\w.@/\\-])[A-Za-z]{2,}(?![\w.@/\\-])")
RAW_CODE = re.compile(r"(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w./-])")  # over_365, not_due, old_model shown raw
NOT_WORDS = {
    # names, codes and formats a Chinese clerk reads as they are
    "arddesk", "PDF", "Excel", "CSV", "Ctrl", "YYYY", "MM", "DD", "UTF", "LE", "GB", "ISO", "Big", "Shift",
    "JIS", "Windows", "Latin", "English", "en", "zh", "xlsx", "csv", "pdf", "sqlite", "db", "bak", "all",
    "OK", "Qt", "SQLAlchemy", "URL", "mon", "km",
}  # fmt: skip


def _window(qtbot, db, tmp_path: Path, language: str) -> MainWindow:
    use_language(QApplication.instance(), language)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(today=date(2026, 6, 30), settings=settings)
    qtbot.addWidget(main)
    main.set_database(db)
    main.resize(WIDTH, HEIGHT)
    main.show()
    qtbot.waitExposed(main)
    return main


def _texts(widget: QWidget) -> Iterator[tuple[QWidget, str]]:
    """The fixed texts a person sees in a widget: labels, buttons, titles, hints, headers."""
    if isinstance(widget, QLabel):
        yield widget, widget.text()
    elif isinstance(widget, QAbstractButton):
        yield widget, widget.text().replace("&", "")
    elif isinstance(widget, QGroupBox):
        yield widget, widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget, widget.placeholderText()
    elif isinstance(widget, QComboBox) and not widget.isEditable():
        yield widget, widget.currentText()
    elif isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield widget, widget.tabText(index).replace("&", "")
    elif isinstance(widget, QTableView) and widget.model() is not None:
        model = widget.model()
        for column in range(model.columnCount()):
            if not widget.isColumnHidden(column):
                yield widget, str(model.headerData(column, Qt.Orientation.Horizontal) or "")


def _visible(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if w.isVisibleTo(root) or w is root]


def _clipped(widget: QWidget) -> bool:
    if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
        return widget.heightForWidth(widget.contentsRect().width()) > widget.contentsRect().height() + 1
    if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
        return widget.sizeHint().width() > widget.width() + 1
    if isinstance(widget, QAbstractButton) and widget.text():
        advance = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
        return advance > widget.contentsRect().width()
    return False


def _english(found: list[tuple[QWidget, str]], data: str = "") -> list[str]:
    """English words in the texts found, leaving out ``data`` (the company's file or server URL) where shown."""
    plain = re.compile(r"<[^>]+>|&\w+;|\{[^}]*\}")
    words = []
    for widget, shown in found:
        text = plain.sub(" ", shown.replace(data, " ") if data else shown)
        for word in ENGLISH_WORD.findall(text) + RAW_CODE.findall(text):
            if word not in NOT_WORDS:
                words.append(f"{type(widget).__name__} {widget.objectName()!r}: {word!r} in {shown!r}")
    return words


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """Dialogs are looked at, then cancelled, instead of waiting for a person."""
    seen: list[QDialog] = []

    def look(dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        seen.append(dialog)
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", look)
    return seen


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_and_dialog_speaks_the_language_and_fits(
    qtbot, db, books, tmp_path: Path, messages: list[str], dialogs: list[QDialog], language: str
) -> None:
    main = _window(qtbot, db, tmp_path, language)
    english: list[str] = []
    clipped: list[str] = []
    checked = 0
    menus = [action.text().replace("&", "") for action in main.menuBar().actions()]
    for row in range(main.nav.count()):
        main.nav.setCurrentRow(row)
        page = main.current_page
        qtbot.waitUntil(lambda page=page: not getattr(page, "busy", False), timeout=10_000)
        QApplication.processEvents()
        roots: list[QWidget] = [main]
        main.new_item()
        roots += [dialog for dialog in dialogs if dialog not in roots]
        for root in roots:
            widgets = _visible(root)
            found = [pair for widget in widgets for pair in _texts(widget)]
            checked += len(found)
            if language != "en":
                english += _english(found, db.location)
            clipped += [
                f"{main.nav.item(row).text()}: {type(w).__name__} {w.objectName()!r} {t!r}"
                for w, t in found
                if t and _clipped(w)
            ]
    if language != "en":
        english += _english([(main, name) for name in menus])
    assert len(dialogs) >= 6  # the New… dialog of each page that has one was looked at too
    assert checked > 500  # texts were found: a walk that sees nothing cannot fail
    assert not english, "English words left:\n" + "\n".join(sorted(set(english)))
    assert not clipped, "Clipped texts:\n" + "\n".join(sorted(set(clipped)))
