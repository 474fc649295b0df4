"""Reading the cells of a spreadsheet file (``.xlsx`` or ``.csv``) with their row numbers.

The reader knows files, not the ledger: it gives each non-blank row as the spreadsheet
shows it (the first row is 1) with the raw cell values (``str``, ``int``, ``float``,
``datetime``, ``bool``, :class:`Formula` or ``None`` for a blank cell). What the values
mean is for :mod:`arddesk.services.importing`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from arddesk.domain.problems import Problem
from arddesk.services.errors import Rejected

# A text starting with one of these could run as a formula in a spreadsheet program;
# files written by arddesk protect it (see arddesk.reports.tables), and reading undoes that.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# In a CSV file the protection is a leading apostrophe, so a text that itself starts with
# one is protected too: otherwise "'=x" would come back as "=x".
CSV_ESCAPED_STARTS = (*FORMULA_STARTS, "'")

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls
# Types a cell of a values-only read can hold; anything else comes from a formula.
_PLAIN_TYPES = (str, int, float, datetime, date, time, timedelta, bool)

Row = tuple[int, tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell that holds a formula rather than a value; ``text`` is the formula as written."""

    text: str


def read_rows(path: Path) -> list[Row]:
    """Read the first sheet of an ``.xlsx`` file (the active one) or a ``.csv`` file.

    Wholly blank rows are left out; the row numbers of the others are kept, so they
    still match what the spreadsheet program shows.

    Raises:
        Rejected: with one file-level problem (``row`` None) when the file cannot be read:
            missing, of another format than its name says, or in an unknown encoding.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as exc:
        raise _file_problem(f"cannot be opened: {exc.strerror or exc}") from exc
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, start)
    if suffix in CSV_SUFFIXES:
        if start.startswith(_ZIP_MAGIC):
            raise _file_problem("not a CSV file — it looks like an Excel file; name it .xlsx")
        return _read_csv(path.read_bytes())
    if suffix == ".xls" or start.startswith(_OLE_MAGIC):
        raise _file_problem("an old Excel 97-2003 file (.xls); save it as .xlsx (Excel Workbook) or .csv")
    raise _file_problem(f"unknown file type {path.suffix!r}; use .xlsx or .csv")


def unescape_csv_text(text: str) -> str:
    """Undo the apostrophe that protects a CSV text against running as a formula."""
    if text[:1] == "'" and text[1:2] and text[1] in CSV_ESCAPED_STARTS:
        return text[1:]
    return text


def _file_problem(reason: str) -> Rejected:
    return Rejected([Problem(None, "", "", reason)])


def _read_excel(path: Path, start: bytes) -> list[Row]:
    if not start.startswith(_ZIP_MAGIC):
        if start.startswith(_OLE_MAGIC):
            raise _file_problem("an old Excel 97-2003 file (.xls) named .xlsx; save it as .xlsx (Excel Workbook)")
        if start and _looks_like_text(path):
            raise _file_problem("not an Excel file — it looks like CSV text; save it as .csv")
        if not start:
            raise _file_problem("the file is empty")
        raise _file_problem("not an Excel file")
    try:
        rows, suspicious = _excel_values(path)
        if suspicious:
            _mark_formulas(path, rows, suspicious)
    except Rejected:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, AttributeError, OSError) as exc:
        raise _file_problem(f"cannot be read as an Excel file ({exc})") from exc
    return rows


def _looks_like_text(path: Path) -> bool:
    sample = path.read_bytes()[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(sample) - 3:
            try:
                sample.decode("gb18030")
            except UnicodeDecodeError:
                return False
    return True


def _excel_values(path: Path) -> tuple[list[Row], set[int]]:
    """Non-blank rows as values, and the numbers of rows with a cell that may be a formula.

    A values-only read is the fast one, but there a formula and a text that merely
    starts with ``=`` look the same; such rows are checked again cell by cell.
    """
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.active
        if sheet is None:
            raise _file_problem("the workbook has no sheet")
        # Some programs write a wrong sheet size; without it every row is read.
        sheet.reset_dimensions()
        rows: list[Row] = []
        suspicious: set[int] = set()
        plain = _PLAIN_TYPES
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            blank = True
            for value in values:
                if value is None:
                    continue
                if type(value) is str:
                    if not value or value.isspace():
                        continue
                    if value[0] == "=":
                        suspicious.add(number)
                elif not isinstance(value, plain):
                    suspicious.add(number)
                blank = False
            if not blank:
                rows.append((number, values))
        return rows, suspicious
    finally:
        workbook.close()


def _mark_formulas(path: Path, rows: list[Row], suspicious: set[int]) -> None:
    """Replace the values of formula cells in ``rows`` by :class:`Formula`."""
    position = {number: index for index, (number, _values) in enumerate(rows)}
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.active
        assert sheet is not None
        sheet.reset_dimensions()
        last = max(suspicious)
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > last:
                break
            if number not in suspicious:
                continue
            values = list(rows[position[number]][1])
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    value = cell.value
                    values[index] = Formula(value if isinstance(value, str) else str(getattr(value, "text", "")))
            rows[position[number]] = (number, tuple(values))
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page, which GB18030 covers.
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _file_problem("cannot read the text: save it as 'CSV UTF-8 (Comma delimited)'") from exc


def _read_csv(data: bytes) -> list[Row]:
    text = _decode(data)
    if "\x00" in text:
        raise _file_problem("not a CSV text file; save it as 'CSV UTF-8 (Comma delimited)'")
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        # A spreadsheet program shows one row per record, even when a quoted cell spans lines.
        for number, cells in enumerate(reader, start=1):
            values: list[object] = []
            blank = True
            for cell in cells:
                if not cell:
                    values.append(None)
                    continue
                if not cell.isspace():
                    blank = False
                values.append(unescape_csv_text(cell) if cell[0] == "'" else cell)
            if not blank:
                rows.append((number, tuple(values)))
    except csv.Error as exc:
        raise _file_problem(f"not a valid CSV file (row {number + 1}: {exc})") from exc
    return rows
