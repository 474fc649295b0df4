"""Reading the cells of a spreadsheet file (``.xlsx`` or ``.csv``) with their row numbers.

The reader knows files, not the ledger: it gives each non-blank row as the spreadsheet
shows it (the first row is 1) with the raw cell values (``str``, ``int``, ``float``,
``datetime``, ``bool``, :class:`Formula` or ``None`` for a blank cell). What the values
mean is for :mod:`arddesk.services.importing`.

Workbooks are opened with openpyxl in read-only mode; a plain sheet (values only, in the
XML shapes Excel, WPS, LibreOffice and openpyxl write) is then read by a faster scanner
here that gives exactly what openpyxl's values-only read gives, and any other sheet by
openpyxl itself.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel
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
    """Non-blank rows as values, and the numbers of rows with a cell that may be a formula."""
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.active
        if sheet is None:
            raise _file_problem("the workbook has no sheet")
        plain_rows = _plain_sheet_rows(workbook, sheet)
        if plain_rows is not None:
            return plain_rows, set()
        return _openpyxl_values(sheet)
    finally:
        workbook.close()


def _openpyxl_values(sheet: Any) -> tuple[list[Row], set[int]]:
    """The rows through openpyxl's own values-only read.

    There a formula and a text that merely starts with ``=`` look the same; the rows
    with such a cell are returned as suspicious, to be checked again cell by cell.
    """
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


# ---------------------------------------------------------------- plain sheets, read faster
#
# Most import files are plain tables: values, no formulas, written by Excel, WPS, LibreOffice
# or openpyxl in the same few shapes. For those the sheet's XML is read here with regular
# expressions, three times faster than openpyxl's element-by-element parse, with the same
# results (the shared strings, date styles and epoch come from openpyxl's own reading of
# the workbook). Anything else in the sheet (a formula, rich text, an attribute or element
# not listed below, whitespace between cells) makes this reader give up, and openpyxl
# reads the sheet instead: this path may only ever be faster, never different.

_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?'
    r'(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_READ_SIZE = 1 << 22
_DECLARED_ENCODING = re.compile(r"""\ufeff?<\?xml[^>]*?encoding=["']([^"']+)["']""")


class _NotPlain(Exception):
    """The sheet holds something the fast reader does not know."""


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
    return _NAMED_ENTITIES[name]


def _xml_text(raw: str) -> str:
    """Character data as an XML parser gives it: line ends normalised, references resolved."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in raw:
        if raw.count("&") != len(_ENTITY.findall(raw)):
            raise _NotPlain
        raw = _ENTITY.sub(_entity, raw)
    return raw


def _plain_sheet_rows(workbook: Any, sheet: Any) -> list[Row] | None:
    """The non-blank rows of a plain sheet, or None when openpyxl must read it."""
    try:
        archive = workbook._archive
        source = sheet._worksheet_path
        shared = sheet._shared_strings
        dates = workbook._date_formats
        durations = workbook._timedelta_formats
        epoch = workbook.epoch
    except AttributeError:  # another openpyxl version: its own reading still works
        return None
    try:
        with archive.open(source) as stream:
            return _scan_sheet(stream, shared, dates, durations, epoch)
    except (_NotPlain, ValueError, IndexError, KeyError, OverflowError, UnicodeDecodeError):
        return None


def _scan_sheet(stream: Any, shared: Any, dates: Any, durations: Any, epoch: Any) -> list[Row]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    rows: list[Row] = []
    buffer = ""
    started = False
    while True:
        chunk = stream.read(_READ_SIZE)
        at_end = not chunk
        buffer += decoder.decode(chunk, final=at_end)
        pos = 0
        if not started:
            declared = _DECLARED_ENCODING.match(buffer)
            if declared and declared.group(1).lower().replace("-", "") != "utf8":
                raise _NotPlain
            start = buffer.find("<sheetData")
            if start < 0:
                if at_end or len(buffer) > 2 * _READ_SIZE:
                    raise _NotPlain
                continue
            if buffer.startswith("<sheetData/>", start):
                return rows
            if not buffer.startswith("<sheetData>", start):
                raise _NotPlain
            pos = start + len("<sheetData>")
            started = True
        match = _ROW.match(buffer, pos)
        while match is not None:
            body = match.group(2)
            if body:
                values = _scan_row(body, shared, dates, durations, epoch)
                if values is not None:
                    rows.append((int(match.group(1)), values))
            pos = match.end()
            match = _ROW.match(buffer, pos)
        if buffer.startswith("</sheetData>", pos):
            return rows
        if at_end or len(buffer) - pos > 2 * _READ_SIZE:
            raise _NotPlain
        buffer = buffer[pos:]


_COLUMNS: dict[str, int] = {}


def _scan_row(body: str, shared: Any, dates: Any, durations: Any, epoch: Any) -> tuple[object, ...] | None:
    """One row's values, as openpyxl's values-only read gives them; None for a blank row."""
    cells: list[tuple[int, object]] = []
    last = 0
    pos = 0
    end = len(body)
    blank = True
    columns = _COLUMNS
    while pos < end:
        match = _CELL.match(body, pos)
        if match is None:
            raise _NotPlain
        pos = match.end()
        letters, style, kind, raw, inline = match.groups()
        column = columns.get(letters)
        if column is None:
            column = columns[letters] = column_index_from_string(letters)
        if column <= last:
            raise _NotPlain
        last = column
        value: object
        if kind is None or kind == "n":
            if not raw:
                continue
            value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            if style is not None and int(style) in dates:
                value = from_excel(value, epoch, timedelta=int(style) in durations)
        elif kind == "s":
            if not raw:
                continue
            value = shared[int(raw)]
        elif kind == "inlineStr":
            if inline is None:
                continue
            value = _xml_text(inline)
        elif kind == "str" or kind == "e":
            if not raw:
                continue
            value = _xml_text(raw)
        elif kind == "b":
            if not raw:
                continue
            value = bool(int(raw))
        else:
            raise _NotPlain
        if blank and not (type(value) is str and (not value or value.isspace())):
            blank = False
        cells.append((column, value))
    if blank:
        return None
    values: list[object] = [None] * last
    for column, value in cells:
        values[column - 1] = value
    return tuple(values)


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
