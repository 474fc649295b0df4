"""Reading the cells of a spreadsheet file (``.xlsx`` or ``.csv``) with their row numbers.

The reader knows files, not the ledger: it gives each non-blank row as the spreadsheet
shows it (the first row is 1) with the raw cell values (``str``, ``int``, ``float``,
``date``, ``datetime``, ``time``, ``timedelta``, ``bool``, :class:`CellError` or ``None``
for a blank cell). What the values mean is for :mod:`arddesk.services.importing`.

Workbooks are read by python-calamine after :mod:`arddesk.services.workbook_check` has
checked them; a formula cell gives the value Excel last calculated for it. CSV text is
read strictly: a quote that is never closed, a row with more cells than the header or a
NUL character makes a bad row, and a file with a bad row gives no rows at all.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from python_calamine import CalamineError, CalamineWorkbook

from arddesk.domain.problems import R_, Count, Problem
from arddesk.services.errors import Rejected
from arddesk.services.workbook_check import MAX_ROWS, OLE_MAGIC, check_workbook, is_encrypted, refuse

# A text starting with one of these could run as a formula in a spreadsheet program;
# files written by arddesk protect it (see arddesk.reports.tables), and reading undoes that.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# In a CSV file the protection is a leading apostrophe, so a text that itself starts with
# one is protected too: otherwise "'=x" would come back as "=x".
CSV_ESCAPED_STARTS = (*FORMULA_STARTS, "'")

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)

MAX_FILE_BYTES = 200_000_000
MAX_PROBLEMS = 10_000
"""A report lists this many problems, then says how many more there are (a file built to fail on every
one of millions of cells must not bury the clerk; a real file's bad rows are all named)."""

_ZIP_MAGIC = b"PK\x03\x04"
# Share of the non-ASCII characters of a GB18030 reading that may lie outside GB2312, the
# common Chinese set: real Chinese text has a few such, Western text read as GB18030 has
# almost nothing else ("Crème" gives "Cr鑝e": 鑝 is not in GB2312).
_RARE_SHARE = 0.2
_SAMPLE = 1 << 20
_WESTERN_SYMBOLS = frozenset("€£¥§°±·«»‹›‘’‚“”„–—…•™©®ªº¿¡×÷µ¶¹²³¼½¾\u00a0")

Row = tuple[int, tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class CellError:
    """A cell that shows an error (``#N/A``, ``#REF!``, ...) rather than a value."""

    text: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """The non-blank rows of a file, and how its numbers count days.

    Attributes:
        rows: (row number as the spreadsheet shows it, cell values).
        date1904: an Excel workbook counting days from 1904: a date written as a number
            (a serial) is then read from there.
    """

    rows: list[Row]
    date1904: bool = False


def read_rows(path: Path, *, encoding: str | None = None) -> list[Row]:
    """The non-blank rows of a file, as :func:`read_sheet` reads them."""
    return read_sheet(path, encoding=encoding).rows


def read_sheet(path: Path, *, encoding: str | None = None) -> Sheet:
    """Read the active sheet of an ``.xlsx`` file or the rows of a ``.csv`` file.

    Wholly blank rows are left out; the row numbers of the others are kept, so they
    still match what the spreadsheet program shows.

    Args:
        path: the file.
        encoding: a CSV file's encoding when the clerk names it (``cp1252``); by default
            UTF-8 (with or without BOM), UTF-16 with its BOM, or GB18030 when the text
            reads as Chinese.

    Raises:
        Rejected: with one file-level problem (``row`` None) when the file cannot be read
            (missing, of another format than its name says, in an unknown encoding,
            hostile or over a limit), or with the bad rows of a CSV file.
    """
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(
                R_("the file is {size} MB; the limit is {limit} MB"),
                size=Count(round(size / 1e6)), limit=Count(round(MAX_FILE_BYTES / 1e6)),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(R_("cannot be opened: {error}"), error=exc.strerror or str(exc)) from exc
    if data.startswith(OLE_MAGIC) and is_encrypted(data):
        raise refuse(
            R_("the workbook is protected by a password (encrypted); open it in Excel, remove the password "
            "(File > Info > Protect Workbook > Encrypt with Password), save it and import it again")
        )
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(data)
    if suffix in CSV_SUFFIXES:
        if data.startswith(_ZIP_MAGIC):
            raise refuse(R_("not a CSV file — it looks like an Excel file; name it .xlsx"))
        if data.startswith(OLE_MAGIC):
            raise refuse(R_("not a CSV file — it is an old Excel 97-2003 file; save it as .xlsx or CSV UTF-8"))
        return Sheet(_read_csv(_decode(data, encoding)))
    if suffix == ".xls" or data.startswith(OLE_MAGIC):
        raise refuse(R_("an old Excel 97-2003 file (.xls); save it as .xlsx (Excel Workbook) or .csv"))
    raise refuse(R_("unknown file type {suffix}; use .xlsx or .csv"), suffix=repr(path.suffix))


def unescape_csv_text(text: str) -> str:
    """Undo the apostrophe that protects a CSV text against running as a formula."""
    if text[:1] == "'" and text[1:2] and text[1] in CSV_ESCAPED_STARTS:
        return text[1:]
    return text


def capped(problems: list[Problem], total: int | None = None) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and a last one saying how many more there are.

    Args:
        problems: the problems found, in the order to list them.
        total: how many there were in all, when more were found than kept.
    """
    total = len(problems) if total is None else total
    if total <= MAX_PROBLEMS:
        return problems
    more = total - MAX_PROBLEMS
    listed = Problem(None, "", "", R_("and {more} more problems, not listed"), {"more": Count(more)})
    return [*problems[:MAX_PROBLEMS], listed]


# ---------------------------------------------------------------- Excel


def _read_excel(data: bytes) -> Sheet:
    if not data.startswith(_ZIP_MAGIC):
        if data.startswith(OLE_MAGIC):
            raise refuse(R_("an old Excel 97-2003 file (.xls) named .xlsx; save it as .xlsx (Excel Workbook)"))
        if not data:
            raise refuse(R_("the file is empty"))
        if _looks_like_text(data[:4096]):
            raise refuse(R_("not an Excel file — it looks like CSV text; save it as .csv"))
        raise refuse(R_("not an Excel file"))
    facts = check_workbook(data)
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            # Lists of cells, filled in below with the errors the reader gives as blanks.
            grid = cast(list[list[object]], workbook.get_sheet_by_index(facts.sheet).to_python(skip_empty_area=False))
    except (CalamineError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise refuse(R_("cannot be read as an Excel file ({error})"), error=str(exc)) from exc
    for row, column, text in facts.errors:
        if row <= len(grid) and column <= len(grid[row - 1]):
            grid[row - 1][column - 1] = CellError(text)
    rows: list[Row] = []
    for number, cells in enumerate(grid, start=1):
        # A blank cell as None, a whole number as int (as openpyxl gave them); inline for speed.
        values = tuple([None if v == "" else int(v) if type(v) is float and v.is_integer() else v for v in cells])
        for value in values:
            if value is not None and (type(value) is not str or not value.isspace()):
                rows.append((number, values))
                break
    return Sheet(rows, facts.date1904)


def _looks_like_text(sample: bytes) -> bool:
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


# ---------------------------------------------------------------- CSV text


def _decode(data: bytes, encoding: str | None) -> str:
    """The text of a CSV file: in the encoding named, else in the one it is found to be in."""
    if encoding is not None:
        return _decode_as(data, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text": UTF-16 with its byte-order mark, tab-separated.
        return _decode_as(data, "utf-16")
    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        raise refuse(
            R_(
                "the text looks like UTF-16 without its byte-order mark; give its encoding "
                "(--encoding utf-16-le) or save it as 'CSV UTF-8 (Comma delimited)'"
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        not_utf8 = exc
    try:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page, which GB18030 covers.
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_chinese(text):
        return text
    line = data.count(b"\n", 0, not_utf8.start) + 1
    western = _line_at(data, not_utf8.start, "cp1252")
    if western is not None and _reads_as_western(western):
        raise refuse(
            R_(
                "the text is not UTF-8 and seems to be Western European (line {line} reads {text} in "
                "Windows-1252); give its encoding (--encoding cp1252) or save it as 'CSV UTF-8 (Comma delimited)'"
            ),
            line=line,
            text=repr(western),
        )
    chinese = _line_at(data, not_utf8.start, "gb18030")
    if chinese is not None:
        raise refuse(
            R_(
                "the text is not UTF-8, and read as GB18030 it gives rare characters (line {line} reads {text}); "
                "give its encoding (--encoding NAME) or save it as 'CSV UTF-8 (Comma delimited)'"
            ),
            line=line,
            text=repr(chinese),
        )
    raise refuse(
        R_(
            "the text is neither UTF-8 nor GB18030 (line {line}); give its encoding (--encoding NAME) "
            "or save it as 'CSV UTF-8 (Comma delimited)'"
        ),
        line=line,
    )


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise refuse(R_("unknown encoding {encoding}"), encoding=repr(encoding)) from None
    try:
        text = data.decode("utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise refuse(
            R_("not {encoding} text: byte {byte} (line {line}) cannot be read; give the right encoding"),
            encoding=encoding,
            byte=Count(exc.start + 1),
            line=line,
        ) from exc
    return text.removeprefix("\ufeff")


def _reads_as_chinese(text: str) -> bool:
    """Whether a GB18030 reading gives Chinese as people write it, not rare characters."""
    wide = re.sub(r"[\x00-\x7f]+", "", text[:_SAMPLE])
    if not wide:
        return True
    rare = len(wide) - len(wide.encode("gb2312", errors="ignore").decode("gb2312"))
    return rare <= _RARE_SHARE * len(wide)


def _line_at(data: bytes, at: int, encoding: str) -> str | None:
    """The line holding byte ``at``, as read in an encoding; None when it cannot be read so."""
    start = data.rfind(b"\n", 0, at) + 1
    end = data.find(b"\n", at)
    try:
        return data[start : end if end >= 0 else None].decode(encoding).strip()[:80]
    except UnicodeDecodeError:
        return None


def _reads_as_western(text: str) -> bool:
    """Whether a Windows-1252 reading gives letters and the usual signs of Western text."""
    return all(char.isalpha() or char in _WESTERN_SYMBOLS for char in re.sub(r"[\x00-\x7f]+", "", text))


def _delimiter(text: str) -> str:
    """A tab when the header has tabs and no commas (Excel's "Unicode text"), else a comma."""
    header = text[: text.find("\n")] if "\n" in text else text
    return "\t" if "\t" in header and "," not in header else ","


def _read_csv(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[Row] = []
    problems: list[Problem] = []
    found = 0
    lines: list[str] = []
    nul = "\x00" in text
    width = 0
    number = 0

    def bad(reason: str, where: int, **params: object) -> None:
        nonlocal found, lines
        found += 1
        if len(problems) < MAX_PROBLEMS:
            lines = lines or io.StringIO(text, newline="").readlines()
            shown = lines[where - 1].rstrip("\r\n")[:60] if where <= len(lines) else ""
            problems.append(Problem(number, "", shown, reason, params))

    # A spreadsheet program shows one row per record, even when a quoted cell spans lines.
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            message = str(exc)
            if "end of data" in message or "field limit" in message:
                bad(
                    R_("a quote opened on line {line} is never closed, so the rest of the file is one cell"),
                    line,
                    line=line,
                )
                break
            bad(
                R_("a quote in the middle of a cell (line {line}); quote the whole cell and double quotes inside"),
                line,
                line=line,
            )
            continue
        number += 1
        if number > MAX_ROWS:
            raise refuse(
                R_("the file has more than {limit} rows; the limit is {limit} rows (split the file)"),
                limit=Count(MAX_ROWS),
            )
        if nul and any("\x00" in cell for cell in cells):
            bad(R_("a NUL character (line {line}), which text never holds: the file may be damaged"), line, line=line)
            continue
        if not width:
            width = len(cells)
        elif len(cells) > width:
            bad(
                R_(
                    "{cells} cells but the header has {width} (line {line}): a separator inside a value "
                    "that is not in quotes?"
                ),
                line,
                cells=len(cells),
                width=width,
                line=line,
            )
            continue
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
    if found:
        raise Rejected(capped(problems, found))
    return rows
