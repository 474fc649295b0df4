"""Writing tables to ``.xlsx`` and ``.csv`` files that people open in a spreadsheet program.

Money is written as a plain number with two decimals, dates as dates (ISO text in
CSV). A text that a spreadsheet program could take for a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written so that it stays
text: in ``.xlsx`` as a string cell marked with a quote prefix, in ``.csv`` behind an
apostrophe. :mod:`arddesk.services.spreadsheet` reads both back to the original text.
Numbers and dates are never escaped: a negative amount stays a number.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from arddesk.services.spreadsheet import CSV_ESCAPED_STARTS, FORMULA_STARTS
from arddesk.store.files import atomic_path
from arddesk.text.formats import money

# Thousands separators as the reader's Excel shows them; the cell keeps the plain number.
MONEY_FORMAT = "#,##0.00"
_SAMPLE_ROWS = 200
_MIN_WIDTH = 6
_MAX_WIDTH = 50
# The header row's shade (ARGB); openpyxl is imported only when a workbook is written.
_HEADER_SHADE = "FFE8ECF0"
# Control characters other than tab, LF and CR cannot be stored in an .xlsx file at all.
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "Sheet1",
    heading: Sequence[str] = (),
) -> int:
    """Write a table to ``path``: an Excel workbook for ``.xlsx``, else UTF-8 CSV.

    The table is written to a temporary file beside ``path`` and renamed when complete, so
    an interrupted export never leaves a partial file under the final name.

    Args:
        path: the file to write; its suffix picks the format.
        header: the column names (the first row of a CSV file).
        rows: the values: ``str``, ``Decimal`` (money), ``int``, ``date`` or ``None``.
        sheet: the workbook's sheet name (made safe for Excel).
        heading: title lines above the header in a workbook (a CSV file has none: it stays
            a plain table that programs read).

    Returns:
        How many rows were written (without the header).
    """
    counted = _Counted(rows)
    with atomic_path(path) as temporary:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            write_xlsx(temporary, header, counted, title=sheet, heading=heading)
            return counted.count
        # The byte-order mark tells Excel the file is UTF-8, so Chinese text opens correctly.
        with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
            write_csv(stream, header, counted, line_end="\r\n")
    return counted.count


class _Counted:
    """Rows passed through, counted."""

    def __init__(self, rows: Iterable[Sequence[object]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Sequence[object]]:
        for row in self.rows:
            self.count += 1
            yield row


def sheet_title(name: str) -> str:
    """A name Excel takes for a sheet: at most 31 characters, none of ``[]:*?/\\``, not blank."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", _clean(name)).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"


def csv_text(value: object) -> str:
    """One value as CSV text: money with two decimals, ISO dates, formula-like text escaped."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value and value[0] in CSV_ESCAPED_STARTS:
            return "'" + value
        return value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]], *, line_end: str = "\n") -> None:
    """Write a table as comma-separated text to an open stream.

    Args:
        stream: where to write; a text stream such as ``sys.stdout`` (which turns ``\n``
            into the platform's line end itself) or a file opened with ``newline=""``.
        header: the column names.
        rows: the values, as for :func:`write_table`.
        line_end: ``"\r\n"`` for a file opened with ``newline=""`` that Excel will open.
    """
    writer = csv.writer(stream, lineterminator=line_end)
    writer.writerow([csv_text(name) for name in header])
    text = csv_text
    writer.writerows([text(value) for value in row] for row in rows)


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(money(value))
    if isinstance(value, date):
        return 10 if not isinstance(value, datetime) else 19
    text = str(value)
    # Chinese characters take two columns.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _widths(header: Sequence[str], sample: Sequence[Sequence[object]]) -> list[float]:
    widths: list[float] = []
    for index, name in enumerate(header):
        longest = max([_display_width(name) + 2, *(_display_width(row[index]) for row in sample if index < len(row))])
        widths.append(min(max(longest + 1, _MIN_WIDTH), _MAX_WIDTH))
    return widths


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "Sheet1",
    heading: Sequence[str] = (),
) -> None:
    """Write a table as an Excel workbook: title lines, then a bold, frozen header row with a filter.

    Money shows as ``#,##0.00``, dates as ISO dates. The workbook is streamed (openpyxl
    write-only mode), so a large table does not sit in memory; the column widths come from
    the header and the first rows.

    Args:
        path: the file to write.
        header: the column names.
        rows: the values, as for :func:`write_table`.
        title: the sheet's name (made safe for Excel).
        heading: lines above the header (company, view, as-of, filters); the first in larger type.
    """
    iterator = iter(rows)
    sample = list(itertools.islice(iterator, _SAMPLE_ROWS))
    # openpyxl is imported here, not with the module: the window starts without it.
    from openpyxl import Workbook
    from openpyxl.cell.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(sheet_title(title))
    for index, width in enumerate(_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = len(heading) + 1
    # Before the first row: a write-only sheet writes its view when the first row comes.
    sheet.freeze_panes = f"A{header_row + 1}"
    for number, line in enumerate(heading):
        cell = WriteOnlyCell(sheet, value=_clean(line))
        cell.font = Font(bold=True, size=13) if number == 0 else Font(italic=True)
        sheet.append([cell])
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=_clean(name))
        cell.font = bold
        cell.fill = PatternFill("solid", start_color=_HEADER_SHADE)
        header_cells.append(cell)
    sheet.append(header_cells)
    last = header_row
    for row in itertools.chain(sample, iterator):
        sheet.append([_xlsx_value(sheet, value, WriteOnlyCell) for value in row])
        last += 1
    if header:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(header))}{last}"
    workbook.save(path)


def _clean(text: str) -> str:
    return _ILLEGAL_CHARACTERS.sub("", text)


def _xlsx_value(sheet: Any, value: object, cell_type: Any) -> object:
    if isinstance(value, str):
        if not value:
            return None
        value = _clean(value)
        if value[:1] in FORMULA_STARTS:
            cell = cell_type(sheet, value=value)
            # Text, not a formula: Excel keeps the cell as typed and shows no formula warning.
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value
    if isinstance(value, Decimal):
        cell = cell_type(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    # A date needs no cell of its own: openpyxl gives plain dates the yyyy-mm-dd format.
    return value
