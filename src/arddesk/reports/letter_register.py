"""The register of reconciliation letters as an Excel workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from arddesk.domain.dates import Period
from arddesk.domain.money import from_minor
from arddesk.services.letters import LetterRow, open_disputes, overdue_replies, register
from arddesk.store.db import Database
from arddesk.text import _

COLUMNS = (
    "reference",
    "customer",
    "name",
    "period",
    "language",
    "letter_date",
    "return_by",
    "opening",
    "closing",
    "handover",
    "sent_on",
    "returned_on",
    "reply",
    "stated_balance",
    "difference",
    "note",
    "resolved_on",
)
_MONEY = {"opening", "closing", "stated_balance", "difference"}
_DATES = {"letter_date", "return_by", "sent_on", "returned_on", "resolved_on"}


def _values(row: LetterRow) -> list[object]:
    raw: dict[str, object] = {
        "reference": row.reference,
        "customer": row.customer,
        "name": row.customer_name,
        "period": row.period,
        "language": row.language,
        "letter_date": row.letter_date,
        "return_by": row.return_by,
        "opening": row.opening,
        "closing": row.closing,
        "handover": "yes" if row.handover else "",
        "sent_on": row.sent_on,
        "returned_on": row.returned_on,
        "reply": row.reply,
        "stated_balance": row.stated_balance,
        "difference": row.difference,
        "note": row.note,
        "resolved_on": row.resolved_on,
    }
    values: list[object] = []
    for column in COLUMNS:
        value = raw[column]
        if column in _MONEY and isinstance(value, int):
            value = from_minor(value)
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
            value = "'" + value  # a customer's name must never run as a formula
        values.append(value)
    return values


def _sheet(workbook: Workbook, title: str, rows: list[LetterRow], first: bool) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    assert sheet is not None
    sheet.title = title
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_values(row))
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        for cell in sheet[letter][1:]:
            if column in _MONEY:
                cell.number_format = "#,##0.00"
            elif column in _DATES:
                cell.number_format = "yyyy-mm-dd"
        sheet.column_dimensions[letter].width = 14 if column not in ("name", "note") else 36
    sheet.freeze_panes = "A2"


def export_register(db: Database, path: Path, *, period: Period | str | None = None, today: date | None = None) -> Path:
    """Write the register to an ``.xlsx`` file: all letters, overdue replies and open disputes, one sheet each."""
    workbook = Workbook()
    _sheet(workbook, "letters", register(db, period=period), first=True)
    _sheet(workbook, _("overdue replies"), overdue_replies(db, today), first=False)
    _sheet(workbook, _("open disputes"), open_disputes(db), first=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
