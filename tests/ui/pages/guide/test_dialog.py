"""Help → User guide: shipped, in English and Chinese, with its pictures."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from arddesk.reports.resources import resource_path
from arddesk.ui.pages.guide.dialog import GuideDialog


def test_the_english_guide_covers_the_clerks_quarter_and_the_owners_month(qtbot) -> None:
    dialog = GuideDialog("en")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "The clerk's quarter" in text and "The owner's month" in text
    assert "Print letters" in text


def test_the_chinese_guide_is_shown_for_chinese_and_links_to_the_english(qtbot) -> None:
    dialog = GuideDialog("zh_CN")
    qtbot.addWidget(dialog)
    assert "文员的一个季度" in dialog.browser.toPlainText()
    dialog.browser.setSource(QUrl("en.md"))  # the link at its top
    assert "arddesk user guide" in dialog.browser.toPlainText()


def test_every_picture_the_guides_show_is_shipped(qtbot) -> None:
    for name in ("en.md", "zh.md"):
        dialog = GuideDialog("zh" if name == "zh.md" else "en")
        qtbot.addWidget(dialog)
        images = [f for f in dialog.browser.document().toMarkdown().split("(") if f.startswith("images/")]
        assert len(images) == 5
        for image in images:
            path = resource_path("guide") / image.split(")")[0]
            assert path.is_file(), path
            assert dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource, path.as_uri())


def test_help_user_guide_opens_it_in_the_window(window) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&User guide").trigger()
    guide = window.findChild(GuideDialog)
    assert guide is not None and guide.isVisible()
    assert "The clerk's quarter" in guide.browser.toPlainText()
