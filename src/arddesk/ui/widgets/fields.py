"""The field checks and customer pickers the forms of several pages share.

A check takes the text typed and returns the value, or raises InvalidValue saying what is wrong
(see :class:`~arddesk.ui.widgets.form.FormDialog`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QWidget

from arddesk.domain import limits
from arddesk.domain.dates import parse_date
from arddesk.domain.money import parse_amount
from arddesk.domain.problems import InvalidValue
from arddesk.services import browse
from arddesk.store.db import Database
from arddesk.text import _
from arddesk.ui.widgets.form import required

CODE_LENGTH = 32


def a_date(text: str) -> date:
    """A date as the clerk types it (ISO), within 1900–2100."""
    day = parse_date(required(text))
    outside = limits.date_problem(day)
    if outside:
        raise InvalidValue(outside)
    return day


def optional_date(text: str) -> date | None:
    """Blank or a date within 1900–2100."""
    return a_date(text) if text else None


def positive_amount(text: str) -> Decimal:
    """An amount more than zero with at most two decimals."""
    return parse_amount(required(text), allow_zero=False)


def optional_amount(text: str) -> Decimal | None:
    """Blank (no limit) or an amount of at most two decimals, not negative."""
    return parse_amount(text) if text else None


def code(text: str) -> str:
    """A customer code: required, no spaces."""
    required(text)
    if " " in text:
        raise InvalidValue(_("must not contain spaces"))
    if len(text) > CODE_LENGTH:
        raise InvalidValue(_("at most {count} characters").format(count=CODE_LENGTH))
    return text


def customer_completer(db: Database, parent: QWidget) -> QCompleter:
    """Completion of customer codes by code or name (``C001 — Name``)."""
    items = [f"{code} — {name}" for code, name in browse.customer_codes(db, "", 100_000)]
    completer = QCompleter(QStringListModel(items, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


def customer_label(db: Database, code: str) -> str:
    """``C001 — Name`` for a code (the code alone when unknown or blank)."""
    if not code:
        return ""
    names = dict(browse.customer_codes(db, code, 20))
    return f"{code} — {names[code]}" if code in names else code


def customer_code(text: str) -> str:
    """The code part of ``C001 — Name``."""
    return required(text.split(" — ")[0].strip())
