"""Every page and dialog in Chinese at 1280×800: no English words left but codes and data, no clipped text
(too wide for its widget, or, wrapped, too tall).

The clipping part runs in English too (English words are longer than Chinese ones).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from tests.ui.looks import clipped, english_words, settle, texts, visible, window_in


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """Dialogs are looked at, then cancelled, instead of waiting for a person."""
    seen: list[QDialog] = []

    def look(dialog: QDialog) -> int:
        dialog.show()
        settle()
        seen.append(dialog)
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", look)
    return seen


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_and_dialog_speaks_the_language_and_fits(
    qtbot, db, books, tmp_path: Path, messages: list[str], dialogs: list[QDialog], language: str
) -> None:
    main = window_in(qtbot, db, tmp_path, language)
    english: list[str] = []
    cut_off: list[str] = []
    checked = 0
    menus = [action.text().replace("&", "") for action in main.menuBar().actions()]
    for row in range(main.nav.count()):
        main.nav.setCurrentRow(row)
        page = main.current_page
        qtbot.waitUntil(lambda page=page: not getattr(page, "busy", False), timeout=10_000)
        settle()
        roots: list[QWidget] = [main]
        main.new_item()
        roots += [dialog for dialog in dialogs if dialog not in roots]
        for root in roots:
            widgets = visible(root)
            found = [pair for widget in widgets for pair in texts(widget)]
            checked += len(found)
            if language != "en":
                english += english_words(found, db.location)
            cut_off += [
                f"{main.nav.item(row).text()}: {type(w).__name__} {w.objectName()!r} {t!r}"
                for w, t in found
                if t and clipped(w)
            ]
    if language != "en":
        english += english_words([(main, name) for name in menus])
    assert len(dialogs) >= 6  # the New… dialog of each page that has one was looked at too
    assert checked > 500  # texts were found: a walk that sees nothing cannot fail
    assert not english, "English words left:\n" + "\n".join(sorted(set(english)))
    assert not cut_off, "Clipped texts:\n" + "\n".join(sorted(set(cut_off)))
