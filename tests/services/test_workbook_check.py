"""Hostile .xlsx files are refused fast and in little memory, with a message; never a crash.

Every hostile file is built here, small on disk: what makes it hostile is how it unpacks.
"""

from __future__ import annotations

import os
import re
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook

from arddesk.services import workbook_check
from arddesk.services.errors import Rejected
from arddesk.services.spreadsheet import read_rows
from arddesk.services.workbook_check import OLE_MAGIC, is_encrypted
from arddesk.text.messages import reason_text

SHEET = "xl/worksheets/sheet1.xml"


def reason(path: Path) -> str:
    with pytest.raises(Rejected) as caught:
        read_rows(path)
    (problem,) = caught.value.problems
    assert problem.row is None
    return reason_text(problem)


@contextmanager
def fast_and_small(seconds: float = 2.0, megabytes: float = 8.0) -> Iterator[None]:
    """The block runs within the time, and allocates at most so much memory at its peak."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        took = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert took < seconds, f"took {took:.2f} s"
    assert peak < megabytes * 1e6, f"peaked at {peak / 1e6:.1f} MB"


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def plain_workbook(path: Path) -> dict[str, bytes]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["number", "amount"])
    sheet.append(["D1", 5])
    workbook.save(path)
    return parts_of(path)


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def with_sheet_data(path: Path, data: str) -> Path:
    """A workbook whose sheet holds ``data`` (the inside of <sheetData>) as written."""
    parts = plain_workbook(path)
    sheet = parts[SHEET].decode()
    start, end = sheet.index("<sheetData>") + len("<sheetData>"), sheet.index("</sheetData>")
    parts[SHEET] = (sheet[:start] + data + sheet[end:]).encode()
    return write_parts(path, parts)


def test_a_plain_workbook_passes(tmp_path: Path) -> None:
    plain_workbook(tmp_path / "a.xlsx")
    assert read_rows(tmp_path / "a.xlsx") == [(1, ("number", "amount")), (2, ("D1", 5))]


# ---------------------------------------------------------------- the archive


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    parts = plain_workbook(tmp_path / "plain.xlsx")
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if name != SHEET:
                archive.writestr(name, content)
        with archive.open(SHEET, "w") as sheet:
            sheet.write(parts[SHEET].split(b"<sheetData>")[0] + b"<sheetData>")
            row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
            for _ in range(30_000):
                sheet.write(row)
    assert path.stat().st_size < 200_000
    with fast_and_small():
        refused = reason(path)
    bomb = rf"a zip bomb: the part {SHEET} unpacks from [0-9,]+ bytes to 31,[0-9,]+; refused as unsafe"
    assert re.fullmatch(bomb, refused)


def test_a_part_that_unpacks_past_the_size_its_archive_gives(tmp_path: Path) -> None:
    parts = plain_workbook(tmp_path / "plain.xlsx")
    parts[SHEET] = parts[SHEET].replace(b"<sheetData>", b"<sheetData>" + b"<row/>" * 5_000_000)
    path = write_parts(tmp_path / "liar.xlsx", parts)
    # The archive's directory and the part's own header both say 10,000 bytes, too few to check.
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, zipfile.ZipFile(path).getinfo(SHEET).header_offset + 22, 10_000)
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(SHEET)] != SHEET.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 10_000)
    path.write_bytes(data)
    assert zipfile.ZipFile(path).getinfo(SHEET).file_size == 10_000
    with fast_and_small():
        assert reason(path) == (
            f"a zip bomb: the part {SHEET} unpacks to more than the 10,000 bytes its archive says; refused as unsafe"
        )


def test_too_many_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_check, "MAX_PARTS", 12)
    parts = plain_workbook(tmp_path / "plain.xlsx")
    assert len(parts) < 12
    write_parts(tmp_path / "a.xlsx", parts | {f"xl/media/image{n}.png": b"" for n in range(12 - len(parts))})
    assert read_rows(tmp_path / "a.xlsx")
    write_parts(tmp_path / "b.xlsx", parts | {f"xl/media/image{n}.png": b"" for n in range(13 - len(parts))})
    assert reason(tmp_path / "b.xlsx") == "the file holds 13 parts; an Excel file holds at most 12 here"


def test_too_much_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_check, "MAX_UNPACKED_BYTES", 1_000_000)
    parts = plain_workbook(tmp_path / "plain.xlsx")
    write_parts(tmp_path / "a.xlsx", parts | {"xl/media/noise.bin": os.urandom(2_000_000)})
    assert reason(tmp_path / "a.xlsx") == "the file unpacks to 2 MB; the limit is 1 MB"


def test_a_part_packed_otherwise_than_excel_packs(tmp_path: Path) -> None:
    parts = plain_workbook(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content, zipfile.ZIP_BZIP2 if name == SHEET else zipfile.ZIP_DEFLATED)
    assert reason(tmp_path / "a.xlsx") == (
        f"the part {SHEET} is packed in a way Excel does not use; save it again in Excel"
    )


# ---------------------------------------------------------------- the sheet's grid


def test_a_value_far_down_is_over_the_row_limit(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "number"
    sheet["XFD1048576"] = "far"
    workbook.save(tmp_path / "a.xlsx")
    with fast_and_small():
        refused = reason(tmp_path / "a.xlsx")
    assert refused == "a sheet has values down to row 1,048,576; the limit is 1,000,000 rows (split the file)"


def test_two_values_far_apart_are_refused_before_the_grid_between_them_is_made(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "a.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="Z900000"><v>2</v></c></row>'
    )
    with fast_and_small():
        refused = reason(path)
    assert refused == (
        "a sheet spreads 2 values over A1:Z900000, a grid of 23,400,000 cells; "
        "delete the stray cells far from the table"
    )


@pytest.mark.parametrize(
    "hidden",
    [
        '<row r="2"><c r="A99999999"><v>2</v></c></row>',  # a row number of eight digits
        '<row r="2"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="A1048576">'
        "<x:v>2</x:v></x:c></row>",  # a namespace prefix
        '<row r="2"><c\nr="A1048576"><v>2</v></c></row>',  # a line break inside the tag
        '<row r="2"><c s="0" r="A1048576"><v>2</v></c></row>',  # the reference not first
        '<row r="2"><c r="A2"><v>2</v></c><c r="B1048576"><v>2</v></c></row>',  # below its row
    ],
)
def test_a_far_value_written_in_an_unusual_way_is_found_too(tmp_path: Path, hidden: str) -> None:
    path = with_sheet_data(tmp_path / "a.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>' + hidden)
    with fast_and_small():
        assert "the limit is 1,000,000 rows" in reason(path)


def test_cells_written_in_a_comment_are_no_values(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="9"><c r="Z1000"><v>2</v></c></row> -->',
    )
    assert read_rows(path) == [(1, (1,))]


# ---------------------------------------------------------------- the XML


def billion_laughs() -> str:
    """A DOCTYPE whose entity &lol9; expands to a billion "lol"s."""
    entities = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        inner = f"&lol{level - 1};" if level > 1 else "&lol;"
        entities.append(f'<!ENTITY lol{level} "{inner * 10}">')
    return '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(entities) + "]>"


BILLION_LAUGHS = billion_laughs()


@pytest.mark.parametrize(
    ("part", "payload"),
    [
        (
            SHEET,
            BILLION_LAUGHS + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>',
        ),
        (
            "xl/workbook.xml",
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&xxe;</workbook>',
        ),
        ("xl/sharedStrings.xml", BILLION_LAUGHS + "<sst><si><t>&lol9;</t></si></sst>"),
    ],
)
def test_entity_expansion_and_external_entities_are_refused(tmp_path: Path, part: str, payload: str) -> None:
    parts = plain_workbook(tmp_path / "plain.xlsx")
    path = write_parts(tmp_path / "a.xlsx", parts | {part: payload.encode()})
    with fast_and_small():
        assert reason(path) == (
            "the workbook declares XML entities (a DOCTYPE), which Excel never writes; refused as unsafe"
        )


def test_xml_in_utf16_is_refused(tmp_path: Path) -> None:
    parts = plain_workbook(tmp_path / "plain.xlsx")
    text = parts[SHEET].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = write_parts(tmp_path / "a.xlsx", parts | {SHEET: text.encode("utf-16")})
    assert reason(path) == "the workbook holds XML in UTF-16, which Excel never writes; refused as unsafe"


# ---------------------------------------------------------------- password-protected workbooks


END = 0xFFFFFFFE
NONE = 0xFFFFFFFF


def compound_file(*streams: str) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding these empty streams."""
    header = bytearray(b"\xff" * 512)
    header[:76] = bytes(76)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, sector sizes
    struct.pack_into("<III", header, 44, 1, 1, 0)  # one FAT sector; the directory in sector 1
    struct.pack_into("<IIIIII", header, 56, 4096, END, 0, END, 0, 0)  # no mini FAT, no DIFAT; the FAT: sector 0
    fat = struct.pack("<II", 0xFFFFFFFD, END) + b"\xff" * 504
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5), *((stream, 2) for stream in streams)]):
        at = index * 128
        encoded = (name + "\0").encode("utf-16-le")
        directory[at : at + len(encoded)] = encoded
        right = index + 1 if 0 < index < len(streams) else NONE
        child = 1 if index == 0 and streams else NONE
        struct.pack_into("<HBBIII", directory, at + 64, len(encoded), kind, 1, NONE, right, child)
        struct.pack_into("<II", directory, at + 116, END, 0)
    return bytes(header) + fat + bytes(directory)


def test_a_password_protected_workbook_is_named_so(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(compound_file("EncryptionInfo", "EncryptedPackage"))
    assert reason(tmp_path / "a.xlsx") == (
        "the workbook is protected by a password (encrypted); open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password), save it and import it again"
    )


def test_an_old_xls_file_is_no_protected_workbook(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(compound_file("Workbook", "SummaryInformation"))
    assert reason(tmp_path / "a.xlsx") == (
        "an old Excel 97-2003 file (.xls) named .xlsx; save it as .xlsx (Excel Workbook)"
    )


def test_the_stream_names_count_only_in_the_directory() -> None:
    assert is_encrypted(compound_file("EncryptionInfo", "EncryptedPackage"))
    assert not is_encrypted(compound_file("EncryptionInfo"))
    # The names as data inside a stream, off the directory's 128-byte grid, are no directory entries.
    names = b"".join((name + "\0").encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage"))
    assert not is_encrypted(compound_file("Workbook") + b"\x00" * 7 + names)
