"""A form with a wrong field is not saved and says which field and why, in the language in use."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from arddesk import text
from arddesk.services import browse
from arddesk.ui.pages.customers.dialog import CustomerDialog


@pytest.mark.parametrize(
    ("language", "code_problem", "name_problem"),
    [
        ("en", "• Code: must not contain spaces", "• Name: is required"),
        ("zh_CN", "• 编码：不能含有空格", "• 名称：必填"),
    ],
)
def test_a_form_with_a_wrong_field_is_not_saved_and_names_the_field(
    qtbot, books, language: str, code_problem: str, name_problem: str
) -> None:
    text.use_language(language)
    dialog = CustomerDialog(books.db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["code"], "C 1")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() != QDialog.DialogCode.Accepted
    lines = dialog.summary.text().splitlines()
    assert code_problem in lines and name_problem in lines
    assert dialog.errors["code"].text() == code_problem.split("：" if language != "en" else ": ")[1]
    assert browse.customer(books.db, "C 1", date(2026, 6, 30)) is None


def test_a_code_longer_than_32_characters_is_refused_saying_the_limit(qtbot, books) -> None:
    text.use_language("zh_CN")
    dialog = CustomerDialog(books.db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["code"], "C" * 33)

    assert dialog.errors["code"].text() == "最多 32 个字符"
