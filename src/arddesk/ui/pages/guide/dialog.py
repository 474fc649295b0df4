"""Help → User guide: the short guide shipped in resources/guide, in the window's language."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from arddesk.reports.resources import resource_path
from arddesk.text import _


def guide_file(language: str) -> str:
    """The guide's file name for a language code (``zh_CN`` and the like read the Chinese one)."""
    return "zh.md" if language.lower().startswith("zh") else "en.md"


class GuideDialog(QDialog):
    """The guide as plain Markdown in a browser; its links switch between the two languages."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(_("arddesk user guide"))
        self.resize(860, 720)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        # Only the guide's own files: a link elsewhere does nothing rather than open something unknown.
        self.browser.setOpenExternalLinks(False)
        folder = resource_path("guide")
        self.browser.setSearchPaths([str(folder)])
        self.browser.setSource(QUrl.fromLocalFile(str(folder / guide_file(language))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
