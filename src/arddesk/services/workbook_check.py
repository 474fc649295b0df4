"""Checking an ``.xlsx`` file before it is parsed, so that a hostile file is refused fast.

An ``.xlsx`` file is a zip archive of XML parts, and its reader (python-calamine) trusts
what it is given: a part that unpacks to gigabytes (a zip bomb) takes all the memory
there is, and a sheet with one value in A1 and another in XFD1048576 makes the reader
allocate the whole grid between them, which ends the process. So, before the reader
sees the file:

* the archive's directory is checked: number of parts, total unpacked size, and how much
  each large part is said to grow (a bomb grows a thousandfold, a real sheet some twentyfold);
* every part is then unpacked here, in pieces that are counted and dropped, never kept,
  stopping as soon as a part grows past the size the directory gives it (a directory can lie);
* XML parts may not declare a DOCTYPE (entity expansion, external entities: Excel never
  writes one);
* in each sheet, the place of every value is found the way the reader will place it, and
  the sheet is refused when its rows pass :data:`MAX_ROWS` or its grid (rows × columns
  from the first value to the last) is far larger than its values justify;
* what the reader would silently give as an empty cell is caught too: a formula that was
  never calculated (refused) and a cell showing an error such as ``#N/A`` (reported in
  :class:`WorkbookFacts`, for the importer to name).

A password-protected workbook is not a zip archive at all but an OLE compound file holding
an ``EncryptionInfo`` and an ``EncryptedPackage`` stream: :func:`is_encrypted` tells it
from an old ``.xls`` file, which is an OLE file too.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from defusedxml import ElementTree

from arddesk.domain.problems import R_, Count, Problem
from arddesk.services.errors import Rejected

MAX_ROWS = 1_000_000
MAX_PARTS = 10_000
MAX_UNPACKED_BYTES = 1_000_000_000
MAX_GROWTH = 100
# A part smaller than this cannot hurt, however much it grows.
_GROWTH_CHECKED_FROM = 1_000_000
# The reader keeps every cell of a sheet's grid, a value or not: up to this many always,
# beyond it at most this many cells per value (a real table is rarely half empty).
_GRID_FLOOR = 1_000_000
_GRID_PER_VALUE = 3
_PIECE = 1 << 20
# The workbook part lists the sheets and names, its links part where they are: Excel's
# are a few kilobytes.
_LINK_PART_LIMIT = 10_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCAL_HEADER = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class WorkbookFacts:
    """What the check learned that the reading needs.

    Attributes:
        sheet: the position of the active sheet (the one shown when the file was saved).
        date1904: the workbook counts days from 1904 (old Mac Excel) rather than 1900.
        errors: the cells of the active sheet that show an error, as (row, column, text)
            counted from 1 (``(2, 3, "#N/A")``): the reader gives them as empty cells.
    """

    sheet: int
    date1904: bool
    errors: tuple[tuple[int, int, str], ...] = ()


def refuse(reason: str, **params: object) -> Rejected:
    """A refusal of the whole file (no row), for the reason given (marked with ``R_``) and its figures."""
    return Rejected([Problem(None, "", "", reason, params)])


def is_encrypted(data: bytes) -> bool:
    """Whether an OLE compound file is an encrypted (password-protected) Office document.

    Its directory then names the streams ``EncryptionInfo`` and ``EncryptedPackage``.
    Directory entries are 128 bytes long and start on a multiple of 128 in the file
    (sectors are 512 or 4096 bytes, after a header of the same size); an entry's name is
    UTF-16 at its start, and its length in bytes, the final NUL included, at offset 64.
    """
    if not data.startswith(OLE_MAGIC):
        return False
    for name in ("EncryptionInfo", "EncryptedPackage"):
        wanted = (name + "\0").encode("utf-16-le")
        length = struct.pack("<H", len(wanted))
        at = data.find(wanted)
        while at >= 0 and not (at % 128 == 0 and data[at + 64 : at + 66] == length):
            at = data.find(wanted, at + 1)
        if at < 0:
            return False
    return True


def check_workbook(data: bytes) -> WorkbookFacts:
    """Check an ``.xlsx`` file's bytes before they are read.

    Raises:
        Rejected: with one file-level problem naming what is wrong or over which limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise refuse(R_("cannot be read as an Excel file ({error})"), error=str(exc)) from exc
    _check_directory(parts)
    links: dict[str, bytes] = {}
    errors: dict[str, list[tuple[int, int, str]]] = {}
    for part in parts:
        name = part.filename.lower()
        if name in _LINK_PARTS:
            if part.file_size > _LINK_PART_LIMIT:
                raise refuse(
                    R_("cannot be read as an Excel file ({part} is {size} bytes)"),
                    part=part.filename, size=Count(part.file_size),
                )
            links[name] = b"".join(_unpacked(data, part))
            _PartScan(sheet=False).feed(links[name])
            continue
        if not _parsed_by_reader(name):
            continue
        scan = _PartScan(sheet=name.split("/")[1] in _SHEET_FOLDERS)
        for piece in _unpacked(data, part):
            scan.feed(piece)
        if scan.sheet and not (scan.regular and scan.within_limits()):
            # Unusual, or near a limit: the exact places decide (slower, and rarely needed).
            scan = _exact_scan(part.filename, _unpacked(data, part))
            if not scan.within_limits():
                raise scan.refusal()
        if scan.uncalculated:
            raise refuse(
                R_("the workbook has formulas that were never calculated (it was not saved by Excel); "
                "open it in Excel and save it again, or paste the values")
            )
        errors.setdefault(name, []).extend(scan.errors)
    if _WORKBOOK not in links:
        raise refuse(R_("cannot be read as an Excel file (it has no xl/workbook.xml)"))
    sheet, date1904, part_name = _workbook_facts(links[_WORKBOOK], links.get(_LINKS, b""))
    return WorkbookFacts(sheet, date1904, tuple(errors.get(part_name, ())))


# The parts the reader parses: the workbook, its links, these by name, and the sheets in
# these folders (the workbook's links may name any part there, and the reader matches names
# without regard to case).
_WORKBOOK = "xl/workbook.xml"
_LINKS = "xl/_rels/workbook.xml.rels"
_LINK_PARTS = (_WORKBOOK, _LINKS)
_READER_PARTS = ("xl/sharedstrings.xml", "xl/styles.xml")
_SHEET_FOLDERS = ("worksheets", "chartsheets", "dialogsheets")
_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def _parsed_by_reader(name: str) -> bool:
    folders = name.split("/")
    return name in _READER_PARTS or (len(folders) > 2 and folders[0] == "xl" and folders[1] in _SHEET_FOLDERS)


def _check_directory(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise refuse(
            R_("the file holds {parts} parts; an Excel file holds at most {most} here"),
            parts=Count(len(parts)), most=Count(MAX_PARTS),
        )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise refuse(
            R_("the file unpacks to {size} MB; the limit is {limit} MB"),
            size=Count(round(total / 1e6)), limit=Count(round(MAX_UNPACKED_BYTES / 1e6)),
        )
    for part in parts:
        if part.flag_bits & 0x1:
            raise refuse(
                R_("the part {part} is encrypted; save the workbook again without a password"), part=part.filename
            )
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(
                R_("the part {part} is packed in a way Excel does not use; save it again in Excel"), part=part.filename
            )
        if part.file_size > _GROWTH_CHECKED_FROM and part.file_size > MAX_GROWTH * part.compress_size:
            raise refuse(
                R_("a zip bomb: the part {part} unpacks from {packed} bytes to {size}; refused as unsafe"),
                part=part.filename,
                packed=Count(part.compress_size),
                size=Count(part.file_size),
            )


def _unpacked(data: bytes, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes in pieces, checked against the size the archive's directory gives."""
    start = part.header_offset
    header = data[start : start + 30]
    if len(header) < 30 or not header.startswith(_LOCAL_HEADER):
        raise refuse(R_("cannot be read as an Excel file (the part {part} is damaged)"), part=part.filename)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start += 30 + name_length + extra_length
    packed = memoryview(data)[start : start + part.compress_size]
    if len(packed) < part.compress_size:
        raise refuse(R_("cannot be read as an Excel file (the part {part} is cut short)"), part=part.filename)
    size = 0
    if part.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(packed), _PIECE):
            piece = bytes(packed[at : at + _PIECE])
            size += len(piece)
            yield piece
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        at = 0
        while not inflater.eof:
            tail: bytes | memoryview = inflater.unconsumed_tail
            if not tail:
                if at >= len(packed):
                    break
                tail = packed[at : at + _PIECE]
                at += _PIECE
            try:
                piece = inflater.decompress(tail, _PIECE)
            except zlib.error as exc:
                raise refuse(
                    R_("cannot be read as an Excel file (the part {part} is damaged)"), part=part.filename
                ) from exc
            size += len(piece)
            if size > part.file_size:
                raise refuse(
                    R_("a zip bomb: the part {part} unpacks to more than the {size} bytes its archive says; "
                       "refused as unsafe"),
                    part=part.filename,
                    size=Count(part.file_size),
                )
            yield piece
    if size != part.file_size:
        raise refuse(R_("cannot be read as an Excel file (the part {part} is damaged)"), part=part.filename)


def _workbook_facts(workbook: bytes, links: bytes) -> tuple[int, bool, str]:
    """The active sheet's position, the 1904 day count, and the active sheet's part."""
    root = _xml_root(_WORKBOOK, workbook)
    sheets: list[str] = []
    active: int | None = None
    date1904 = False
    for element in root.iter():
        local = element.tag.rpartition("}")[2]
        if local == "sheet":
            sheets.append(next((value for key, value in element.attrib.items() if _is_link_id(key)), ""))
        elif local == "workbookView" and active is None:
            active = _whole(element.get("activeTab"))
        elif local == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
    sheet = active if active is not None and active < len(sheets) else 0
    targets = {}
    if links:
        for element in _xml_root(_LINKS, links).iter():
            if element.tag.rpartition("}")[2] == "Relationship":
                targets[element.get("Id", "")] = element.get("Target", "")
    target = targets.get(sheets[sheet], "") if sheets else ""
    # Where the reader looks for a sheet's part, given its link.
    if target.startswith("/xl/"):
        target = target[1:]
    elif not target.startswith("xl/"):
        target = "xl/" + target
    return sheet, date1904, target.lower()


def _is_link_id(key: str) -> bool:
    namespace, _, local = key[1:].rpartition("}")
    return local == "id" and namespace in _RELATIONSHIPS


def _xml_root(name: str, xml: bytes) -> Any:
    try:
        return ElementTree.fromstring(xml)
    except (ElementTree.ParseError, ValueError) as exc:
        raise refuse(R_("cannot be read as an Excel file ({part}: {error})"), part=name, error=str(exc)) from exc


def _whole(text: str | None) -> int:
    return int(text) if text is not None and text.isascii() and text.isdigit() else 0


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """A column's letters as a spreadsheet shows them: 1 is ``A``, 28 is ``AB``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------- where a sheet's values lie
#
# Excel, WPS, LibreOffice and openpyxl write every cell as <c r="B7" ...> inside rows written
# as <row r="7" ...>: the reader places such a cell by its reference alone, and searches
# over the raw bytes at C speed bound the rows and columns of the values: the rows by the
# row numbers, once no cell is found below them; the columns by the cells' letters. Anything
# else (a cell without its reference, a namespace prefix, a comment, a CDATA section, a
# processing instruction, where a cell could hide or be faked) sends the sheet to
# _exact_scan, which follows the reader's own rules element by element.

_XML_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*\?>")
# Kept apart, each search runs at the speed of the literal it starts with.
_IRREGULAR = re.compile(rb'<(?:c(?:[\t\r\n>]| (?!r="[A-Z]{1,3}[1-9][0-9]{0,6}"))|[!?])')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_ROW_NUMBER = re.compile(rb'<row r="([1-9][0-9]{0,6})"')
_COLUMN_BEYOND = [re.compile(rb'<c r="(?:[A-Z]{2}|[%c-Z])' % (65 + columns)) for columns in range(26)]
_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})[1-9]')
# A formula with no value, or an empty one, in a cell not of text: openpyxl and other
# programs write formulas so, never calculated; the reader would give an empty cell. (Excel
# writes an empty value for a formula giving "", in a cell of type "str".)
_FORMULA_START = re.compile(rb"<f[\s/>]")
_FORMULA = rb"<f\b[^>]*(?:/>|>[^<]*</f>)"
_CALCULATED = re.compile(_FORMULA + rb"<v>[^<]")
_UNCALCULATED = re.compile(rb'<c (?![^>]*t="str")[^>]*>' + _FORMULA + rb"(?:<v></v>|<v/>)?</c>")
# A cell showing an error (#N/A, #REF!, ...): the reader gives it as an empty cell.
_ERROR = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"[^>]*\bt="e"[^>]*>(?:' + _FORMULA + rb")?<v>([^<]*)</v>")
# A value ends its cell: whitespace between them only makes the count smaller, and the
# exact scan then decides.
_VALUE_ENDS = (b"</v></c>", b"</is></c>")


class _PartScan:
    """A part read piece by piece: refused if it declares a DOCTYPE or is XML in UTF-16;
    for a sheet, bounds on its rows and columns and a count of its values."""

    def __init__(self, *, sheet: bool) -> None:
        self.sheet = sheet
        self.rows = 0
        self.columns = 0
        self.values = 0
        self.regular = True
        self.uncalculated = False
        self.errors: list[tuple[int, int, str]] = []
        self.rest = b""
        self.first = True

    def feed(self, piece: bytes) -> None:
        data = self.rest + piece
        if self.first and data:
            self.first = False
            if data[:4] in (b"\xff\xfe<\x00", b"\xfe\xff\x00<") or data[:2] in (b"<\x00", b"\x00<"):
                raise refuse(R_("the workbook holds XML in UTF-16, which Excel never writes; refused as unsafe"))
            declaration = _XML_DECLARATION.match(data)
            if declaration:
                data = data[declaration.end() :]
        cut = data.rfind(b">") + 1
        data, self.rest = data[:cut], data[cut:]
        if self.sheet and self.regular and self._bound(data):
            return  # a regular piece has no "<!" at all
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise refuse(
                R_("the workbook declares XML entities (a DOCTYPE), which Excel never writes; refused as unsafe")
            )

    def _bound(self, data: bytes) -> bool:
        """Bound the rows and columns of a piece's values; False when the piece is irregular."""
        if _IRREGULAR.search(data) or _PREFIXED.search(data):
            self.regular = False
            return False
        numbers = _ROW_NUMBER.findall(data)
        if numbers:
            self.rows = max(self.rows, *map(int, numbers))
        if re.search(rb'<c r="[A-Z]{1,3}(?:%s)"' % _above(self.rows), data):
            self.regular = False
            return False
        if _FORMULA_START.search(data):
            formulas = data.count(b"<f>") + data.count(b"<f ")
            if _UNCALCULATED.search(data):
                self.uncalculated = True
            elif formulas != len(_CALCULATED.findall(data)):
                self.regular = False
                return False
        if b't="e"' in data:
            found = _ERROR.findall(data)
            if len(found) != data.count(b't="e"'):
                self.regular = False
                return False
            for letters, row, text in found:
                self.errors.append((int(row), _column_number(letters.decode()), text.decode(errors="replace")))
        if self.columns > 25 or _COLUMN_BEYOND[self.columns].search(data):
            letters = {found.decode() for found in _LETTERS.findall(data)}
            self.columns = max(self.columns, *map(_column_number, letters))
        self.values += data.count(_VALUE_ENDS[0]) + data.count(_VALUE_ENDS[1])
        return True

    def within_limits(self) -> bool:
        return self.rows <= MAX_ROWS and self.rows * self.columns <= max(_GRID_FLOOR, _GRID_PER_VALUE * self.values)

    def refusal(self) -> Rejected:
        if self.rows > MAX_ROWS:
            return refuse(
                R_("a sheet has values down to row {rows}; the limit is {limit} rows (split the file)"),
                rows=Count(self.rows),
                limit=Count(MAX_ROWS),
            )
        return refuse(
            R_(
                "a sheet spreads {values} values over A1:{corner}, a grid of {cells} cells; "
                "delete the stray cells far from the table"
            ),
            values=Count(self.values),
            corner=f"{column_letters(self.columns)}{self.rows}",
            cells=Count(self.rows * self.columns),
        )


def _above(number: int) -> bytes:
    """A regular expression for the whole numbers above ``number`` of at most 7 digits."""
    digits = str(number)
    choices = [f"[1-9][0-9]{{{len(digits)},6}}"] if len(digits) < 7 else []
    for at, digit in enumerate(digits):
        if digit != "9":
            choices.append(f"{digits[:at]}[{int(digit) + 1}-9][0-9]{{{len(digits) - at - 1}}}")
    return "|".join(choices).encode() or b"(?!)"


def _exact_scan(name: str, pieces: Iterator[bytes]) -> _PartScan:
    """The rows, columns and values of any sheet, placed as the reader places them."""
    places = _Places(name, _PartScan(sheet=True))
    parser = expat.ParserCreate()
    parser.StartElementHandler = places.start
    parser.EndElementHandler = places.end
    parser.CharacterDataHandler = places.text_in
    try:
        for piece in pieces:
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise refuse(R_("cannot be read as an Excel file ({part}: {error})"), part=name, error=str(exc)) from exc
    return places.scan


class _Places:
    """The reader's rules, element by element (rows and columns counted from 1).

    A cell with a reference goes there; one without goes after the previous cell of its
    row; a row without a number follows the previous row. A cell with any content counts
    as a value, which may count a few more than the reader keeps, never fewer.
    """

    def __init__(self, name: str, scan: _PartScan) -> None:
        self.name = name
        self.scan = scan
        self.in_data = False
        self.in_cell = False
        self.valued = False
        self.formula = False
        self.kind = ""
        self.in_value = False
        self.value: list[str] = []
        self.row = 1
        self.column = 1
        self.place = (1, 1)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if not self.in_data:
            self.in_data = local == "sheetData"
        elif self.in_cell:
            self.valued = True
            self.formula = self.formula or local == "f"
            self.in_value = local == "v"
        elif local == "row":
            number = attributes.get("r")
            if number is not None:
                self.row = _reference(self.name, number, row_only=True)[0]
        elif local == "c":
            reference = attributes.get("r")
            if reference is not None:
                self.place = _reference(self.name, reference)
                self.column = self.place[1]
            else:
                self.place = (self.row, self.column)
            self.in_cell = True
            self.valued = self.formula = False
            self.kind = attributes.get("t", "")
            self.value = []

    def text_in(self, text: str) -> None:
        if self.in_value:
            self.value.append(text)

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if not self.in_data:
            return
        self.in_value = False
        if local == "c" and self.in_cell:
            self.in_cell = False
            self.column += 1
            scan = self.scan
            value = "".join(self.value)
            if self.formula and not value and self.kind != "str":
                scan.uncalculated = True
            if self.kind == "e" and value:
                scan.errors.append((*self.place, value))
            if self.valued:
                scan.values += 1
                scan.rows = max(scan.rows, self.place[0])
                scan.columns = max(scan.columns, self.place[1])
        elif local == "row" and not self.in_cell:
            self.row += 1
            self.column = 1
        elif local == "sheetData":
            self.in_data = False


_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")


def _reference(name: str, text: str, *, row_only: bool = False) -> tuple[int, int]:
    """(row, column) of a reference such as ``B7``, both counted from 1."""
    match = _REFERENCE.fullmatch(text.strip().lstrip("$").replace("$", ""))
    if match is None or (not row_only and not match.group(1)) or int(match.group(2)) == 0:
        raise refuse(
            R_("cannot be read as an Excel file ({part}: a cell reference {reference})"),
            part=name,
            reference=repr(text),
        )
    return int(match.group(2)), _column_number(match.group(1))
