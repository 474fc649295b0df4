"""The owner's rule for key receivables (seed 000 §2.1): what share of the overdue, by how many customers at most."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from arddesk.domain.problems import InvalidValue
from arddesk.services.settings import load_settings, update_settings
from arddesk.store.db import Database
from arddesk.text import _
from arddesk.ui import plain
from arddesk.ui.widgets.form import FormDialog


def _whole(low: int, high: int) -> Any:
    def check(text: str) -> str:
        if not text.isdigit() or not low <= int(text) <= high:
            raise InvalidValue(_("a whole number from {low} to {high}").format(low=low, high=high))
        return text

    return check


class KeyRuleDialog(FormDialog):
    """Key receivables are the fewest customers, largest overdue first, holding this share of the overdue."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Key receivables"), parent)
        self.db = db
        settings = load_settings(db)
        explanation = plain.label(
            _("The key receivables are the fewest customers, largest overdue first, whose overdue together "
              "reaches this share of all that is overdue. The dashboard and the collection plan list them.")
        )  # fmt: skip
        explanation.setWordWrap(True)
        self.body.insertWidget(0, explanation)
        self.add_field("key_share", _("Share of the overdue (%)"), QLineEdit(settings.key_share), _whole(1, 100))
        self.add_field("key_most", _("At most (customers)"), QLineEdit(settings.key_most), _whole(1, 1000))
        self.finish()

    def save(self, values: dict[str, Any]) -> None:
        db = self.db
        self.write(lambda: update_settings(db, key_share=values["key_share"], key_most=values["key_most"]))
