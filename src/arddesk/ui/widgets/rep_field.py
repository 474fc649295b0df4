"""The rep field of the forms: a combo of the active reps from the Staff page, completed as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from arddesk.domain.problems import InvalidValue
from arddesk.services import staff
from arddesk.store.db import Database
from arddesk.text import N_, _
from arddesk.ui.widgets.form import Check

NO_SUCH_REP = N_("no such active rep: add or reactivate them on the Staff page")


def rep_combo(db: Database, *, keep: str = "") -> QComboBox:
    """Blank, then every active rep as ``CODE — Name`` (``keep``: a rep offered although inactive).

    Typing any part of a code or a name offers the matching reps.
    """
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItem("", "")
    for code, name in staff.rep_choices(db, keep=keep):
        box.addItem(code if name == code else f"{code} — {name}", code)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(completer)
    return box


def select_rep(box: QComboBox, code: str) -> None:
    """Show the rep with ``code`` (blank when it is not offered)."""
    box.setCurrentIndex(max(box.findData(code), 0))


def rep_check(box: QComboBox) -> Check:
    """The field's check: the code of the rep chosen or typed ("" when blank)."""

    def check(text: str) -> str:
        if not text:
            return ""
        index = box.findText(text)
        if index < 0:
            index = box.findData(text)
        if index < 0:
            raise InvalidValue(_(NO_SUCH_REP))
        return str(box.itemData(index))

    return check
