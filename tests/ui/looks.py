"""What a person sees in a window: its fixed texts, English words left in them, and texts cut off.

Shared by the walks over every page and dialog (tests/ui/test_language.py, tests/ui/test_dialogs.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
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
# ASCII neighbours only: a Chinese character is a \w too, and "导入deliveries" must still be caught.
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_.@/\\-])[A-Za-z]{2,}(?![A-Za-z0-9_.@/\\-])")
# over_365, not_due, old_model shown raw
RAW_CODE = re.compile(r"(?<![A-Za-z0-9_./-])[a-z]+(?:_[a-z0-9]+)+(?![A-Za-z0-9_./-])")
NOT_WORDS = {
    # names, codes and formats a Chinese clerk reads as they are
    "arddesk", "PDF", "Excel", "CSV", "Ctrl", "YYYY", "MM", "DD", "UTF", "LE", "GB", "ISO", "Big", "Shift",
    "JIS", "Windows", "Latin", "English", "en", "zh", "xlsx", "csv", "pdf", "sqlite", "db", "bak", "all",
    "OK", "Qt", "SQLAlchemy", "URL", "mon", "km",
}  # fmt: skip
BILINGUAL = re.compile(r"^[^\u4e00-\u9fff]+ · (?=.*[\u4e00-\u9fff])")


def window_in(qtbot, db, tmp_path: Path, language: str) -> MainWindow:
    use_language(QApplication.instance(), language)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(today=date(2026, 6, 30), settings=settings)
    qtbot.addWidget(main)
    main.set_database(db)
    main.resize(WIDTH, HEIGHT)
    main.show()
    qtbot.waitExposed(main)
    return main


def texts(widget: QWidget) -> Iterator[tuple[QWidget, str]]:
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


def visible(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if w.isVisibleTo(root) or w is root]


def clipped(widget: QWidget) -> bool:
    if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
        return widget.heightForWidth(widget.contentsRect().width()) > widget.contentsRect().height() + 1
    if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
        return widget.sizeHint().width() > widget.width() + 1
    if isinstance(widget, QAbstractButton) and widget.text():
        advance = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
        return advance > widget.contentsRect().width()
    return False


def english_words(found: list[tuple[QWidget, str]], data: str = "") -> list[str]:
    """English words in the texts found, leaving out ``data`` (the company's file or server URL) where shown.

    A text in both languages on purpose (``Choose your language · 请选择语言``, before a language is
    chosen) counts by its Chinese half.
    """
    plain = re.compile(r"<[^>]+>|&\w+;|\{[^}]*\}")
    words = []
    for widget, shown in found:
        text = plain.sub(" ", shown.replace(data, " ") if data else shown)
        text = BILINGUAL.sub("", text)
        for word in ENGLISH_WORD.findall(text) + RAW_CODE.findall(text):
            if word not in NOT_WORDS:
                words.append(f"{type(widget).__name__} {widget.objectName()!r}: {word!r} in {shown!r}")
    return words


def settle() -> None:
    """Let what was just shown or filled lay itself out, as it has by the time a person looks.

    A text set by a finished read posts a layout request, which posts the next: a few passes.
    """
    for _pass in range(3):
        QApplication.processEvents()
