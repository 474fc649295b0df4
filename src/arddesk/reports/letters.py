"""The quarterly reconciliation letter (对账函) as PDF, with its reply slip, in English or Chinese.

Every text a user typed (names, addresses, numbers, notes) is escaped before it reaches
ReportLab's Paragraph markup and printed in embedded TrueType fonts: WenQuanYi Micro Hei
for Latin and Chinese, Symbola for emoji and symbols, DejaVu Sans for Hebrew, Arabic and
the other scripts those lack, HanaMinB for ideographs outside the Basic Multilingual
Plane. A character no shipped font has prints as an empty box rather than breaking the file.

ReportLab draws characters left to right as given, so a line with right-to-left text is
put in the order it is drawn first: Arabic letters take their joined forms
(arabic-reshaper), then the Unicode bidirectional algorithm orders the line (python-bidi).
The PDF's text is therefore in visual order, Arabic as presentation forms.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any
from unicodedata import bidirectional
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_base_level, get_display
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arddesk.domain.dates import Period
from arddesk.domain.statements import EntryKind, Statement, StatementLine, file_stem
from arddesk.reports.letter_texts import bucket_label, long_date, texts_for
from arddesk.reports.resources import resource_path
from arddesk.services.settings import CompanySettings
from arddesk.store.files import atomic_path
from arddesk.text.formats import money

FONT = "ArdSans"
SYMBOL_FONT = "ArdSymbols"
WIDE_FONT = "ArdHanB"
SCRIPT_FONT = "ArdDejaVu"
PAPERS = {"a4": A4, "letter": LETTER}
COMBINED_NAME = "all.pdf"
# Raise when the printed layout changes: letters already on disk are then written again.
LAYOUT_VERSION = "3"

Progress = Callable[[int, int], Any]

# ---------------------------------------------------------------- fonts and escaping

_font_lock = threading.Lock()
_coverage: dict[str, frozenset[int] | set[int]] = {}
_font_of_char: dict[str, str | None] = {}
# Invisible selectors, joiners and direction marks: no shipped font draws them, dropping them keeps
# emoji readable, and the marks have done their work once a line is in the order it is drawn.
_INVISIBLE = (
    {0x061C, 0x200D, 0x200E, 0x200F, 0xFE0E, 0xFE0F}
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
    | set(range(0xE0100, 0xE01F0))
)
_RIGHT_TO_LEFT = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    ReportLab writes them as five hex digits, which PDF readers reject, so emoji and
    extension-B ideographs would not copy or search. The PDF reference wants UTF-16BE.
    """
    entries = []
    for index, code in enumerate(subset):
        entries.append(f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _register(name: str, resource: str, subfont: int | None = None) -> None:
    path = str(resource_path(resource))
    font = TTFont(name, path, subfontIndex=subfont) if subfont is not None else TTFont(name, path)
    pdfmetrics.registerFont(font)
    # Bold and italic map to the same face: there is no bold CJK face to ship, and <b> in
    # hostile text must not fail the build.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    _coverage[name] = set(font.face.charToGlyph)


def register_fonts() -> None:
    """Register the letter fonts with ReportLab (once per process; the wide font on first need)."""
    with _font_lock:
        if FONT not in _coverage:
            _register(FONT, "fonts/wqy-microhei.ttc", 0)
            _register(SYMBOL_FONT, "fonts/Symbola.ttf")


@cache
def _ascii_drawn() -> bool:
    """Whether the main font draws every printable ASCII character (then such text needs no font lookups)."""
    return all(code in _coverage[FONT] for code in range(0x20, 0x7F))


def _wide_font() -> set[int] | frozenset[int]:
    with _font_lock:
        if WIDE_FONT not in _coverage:
            _register(WIDE_FONT, "fonts/HanaMinB.ttf")
    return _coverage[WIDE_FONT]


def _script_font() -> set[int] | frozenset[int]:
    with _font_lock:
        if SCRIPT_FONT not in _coverage:
            _register(SCRIPT_FONT, "fonts/DejaVuSans.ttf")
    return _coverage[SCRIPT_FONT]


def _font_for(char: str) -> str | None:
    """Which font draws ``char``: None for the main font (or when nothing has it)."""
    cached = _font_of_char.get(char, "")
    if cached != "":
        return cached
    code = ord(char)
    choice: str | None = None
    if code not in _coverage[FONT]:
        if code in _coverage[SYMBOL_FONT]:
            choice = SYMBOL_FONT
        elif code in _script_font():
            choice = SCRIPT_FONT
        elif code >= 0x20000 and code in _wide_font():
            choice = WIDE_FONT
    _font_of_char[char] = choice
    return choice


def markup(text: str, *, width: float = 0, size: float = 0) -> str:
    """User text as safe Paragraph markup: escaped, line breaks kept, fallback fonts where needed.

    ``<font color=red>`` in a customer's name prints as those characters; a character the
    main font lacks is wrapped in ``<font name=…>`` of a shipped font that has it; a line
    with right-to-left text is given in the order it is drawn.

    Args:
        text: what the user typed.
        width: the width the paragraph has, in points, with ``size`` its font size: a
            right-to-left line wider than that is broken into lines in reading order first
            (ReportLab would break the drawn order, putting the line's end first). Without
            them such a line is kept as one (right for a name inside a sentence).
        size: the font size, in points, the width is measured with.
    """
    register_fonts()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and text.replace("\n", "").isprintable() and _ascii_drawn():
        # Most names, numbers and addresses: no fallback font, no right-to-left text, nothing to drop.
        return _run([text], None)
    lines = text.split("\n")
    drawn = "\n".join(piece for line in lines for piece in _drawing_order(line, width, size))
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for char in drawn:
        if ord(char) in _INVISIBLE:
            continue
        font = None if char == "\n" else _font_for(char)
        if font != run_font and run:
            parts.append(_run(run, run_font))
            run = []
        run_font = font
        run.append(char)
    if run:
        parts.append(_run(run, run_font))
    return "".join(parts)


def _drawing_order(line: str, width: float, size: float) -> list[str]:
    """One line as the lines to draw, each left to right; unchanged when it has no right-to-left text."""
    if not any(bidirectional(char) in _RIGHT_TO_LEFT for char in line):
        return [line]
    joined = arabic_reshaper.reshape(line)
    base = "R" if get_base_level(joined) else "L"
    pieces = _break_line(joined, width, size) if width > 0 and size > 0 else [joined]
    return [get_display(piece, base_dir=base) for piece in pieces]


def _break_line(line: str, width: float, size: float) -> list[str]:
    """A line broken at spaces (in reading order) into pieces no wider than ``width``, where words allow."""
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and _drawn_width(candidate, size) > width:
            pieces.append(current)
            current = word
        else:
            current = candidate
    pieces.append(current)
    return pieces


def _drawn_width(text: str, size: float) -> float:
    return float(sum(pdfmetrics.stringWidth(char, _font_for(char) or FONT, size) for char in text))


def _run(chars: list[str], font: str | None) -> str:
    text = escape("".join(chars), {'"': "&quot;"}).replace("\n", "<br/>")
    return text if font is None else f'<font name="{font}">{text}</font>'


def _plain_ok(text: str) -> bool:
    """Whether a short text can go into a table cell as a plain string (no markup needed)."""
    register_fonts()
    return len(text) <= 16 and all(ord(c) in _coverage[FONT] for c in text)


def _amount(cents: int) -> str:
    return money(abs(cents))


# ---------------------------------------------------------------- page furniture


@dataclass(frozen=True, slots=True)
class LetterOptions:
    """How letters look: the company's letterhead, paper and logo."""

    company: CompanySettings
    paper: str = "a4"
    logo: Path | None = None

    @property
    def pagesize(self) -> tuple[float, float]:
        """The page size in points."""
        size: tuple[float, float] = PAPERS.get(self.paper.lower().replace(" ", ""), A4)
        return size


class _Cancelled(Exception):
    """The progress callback asked to stop."""


class _LetterMark(Flowable):  # type: ignore[misc]
    """Zero-size marker at the start of each letter: tells the canvas whose pages follow."""

    def __init__(
        self, key: int, footer: str, page_text: str, on_draw: Callable[[], None] | None, *, plain: bool
    ) -> None:
        super().__init__()
        self.key = key
        self.footer = footer
        self.page_text = page_text
        self.on_draw = on_draw
        self.plain = plain

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._ard_letter = (self.key, self.footer, self.page_text, self.plain)
        if self.on_draw is not None:
            self.on_draw()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page until the end so each can say "page N of M" of its own letter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self._ard_pages: list[dict[str, Any]] = []
        self._ard_letter: tuple[int, str, str, bool] = (0, "", "", True)

    def showPage(self) -> None:
        self._ard_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        counts: dict[int, int] = {}
        for state in self._ard_pages:
            key = state["_ard_letter"][0]
            counts[key] = counts.get(key, 0) + 1
        seen: dict[int, int] = {}
        for state in self._ard_pages:
            self.__dict__.update(state)
            key, footer, page_text, plain = self._ard_letter
            seen[key] = seen.get(key, 0) + 1
            self._footer(footer, page_text.format(n=seen[key], m=counts[key]), plain)
            Canvas.showPage(self)
        Canvas.save(self)

    def _footer(self, left: str, right: str, plain: bool) -> None:
        width, _height = self._pagesize
        if plain:  # text the main font draws as it is: no Paragraph needed
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.grey)
            self.drawString(18 * mm, 10 * mm, left)
        else:
            style = ParagraphStyle("footer", fontName=FONT, fontSize=7.5, leading=9, textColor=colors.grey)
            paragraph = Paragraph(left, style)
            paragraph.wrap(width * 0.6, 20 * mm)
            paragraph.drawOn(self, 18 * mm, 10 * mm)
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.grey)
        self.drawRightString(width - 18 * mm, 10 * mm, right)


class _CutLine(Flowable):  # type: ignore[misc]
    """A dashed line across the page with scissors and a short instruction."""

    def __init__(self, label: str, height: float = 8 * mm) -> None:
        super().__init__()
        self.label = label
        self.height = height
        self.width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        y = self.height / 2
        canvas.saveState()
        canvas.setStrokeColor(colors.grey)
        canvas.setDash(3, 2)
        canvas.line(0, y, self.width, y)
        # Scissors drawn as two rings and two blades: no symbol font to embed in every letter.
        canvas.setLineWidth(0.6)
        canvas.setDash()
        canvas.setStrokeColor(colors.black)
        canvas.setFillColor(colors.white)
        canvas.rect(1 * mm, y - 2.5 * mm, 7 * mm, 5 * mm, stroke=0, fill=1)
        canvas.circle(2.2 * mm, y + 1.1 * mm, 0.9 * mm, stroke=1, fill=0)
        canvas.circle(2.2 * mm, y - 1.1 * mm, 0.9 * mm, stroke=1, fill=0)
        canvas.line(3.0 * mm, y + 0.7 * mm, 7.5 * mm, y - 1.3 * mm)
        canvas.line(3.0 * mm, y - 0.7 * mm, 7.5 * mm, y + 1.3 * mm)
        canvas.setFont(FONT, 7)
        label_width = pdfmetrics.stringWidth(self.label, FONT, 7)
        x = (self.width - label_width) / 2
        canvas.setFillColor(colors.white)
        canvas.rect(x - 2 * mm, y - 2 * mm, label_width + 4 * mm, 4 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.grey)
        canvas.drawString(x, y - 1 * mm, self.label)
        canvas.restoreState()


# ---------------------------------------------------------------- the letter


@dataclass(frozen=True, slots=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    company: ParagraphStyle
    strong: ParagraphStyle


@cache
def _styles(language: str) -> _Styles:
    wrap = "CJK" if language != "en" else None
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12.5, wordWrap=wrap)
    return _Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        cell=ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        cell_right=ParagraphStyle("cell_r", parent=body, fontSize=8, leading=10, alignment=TA_RIGHT),
        heading=ParagraphStyle("heading", parent=body, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=3),
        title=ParagraphStyle("title", parent=body, fontSize=14, leading=18, spaceBefore=4, spaceAfter=6),
        company=ParagraphStyle("company", parent=body, fontSize=15, leading=19),
        strong=ParagraphStyle("strong", parent=body, fontSize=10, leading=14, spaceBefore=4),
    )


_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, 8, 10),  # 10 pt leading
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#607080")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8ccd0")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


_shared = threading.local()


def _header(texts: Sequence[str], style: ParagraphStyle, widths: Sequence[float]) -> list[Paragraph]:
    """A table's header row: the same few texts in every letter, so each paragraph is made once per thread.

    A paragraph keeps the lines of its latest wrap, so one is shared only by cells of the same
    width (tables wrap their cells and then draw them, one table at a time).
    """
    cache: dict[tuple[str, ParagraphStyle, float], Paragraph] = _shared.__dict__.setdefault("headers", {})
    row = []
    for text, width in zip(texts, widths, strict=True):
        key = (text, style, width)
        if key not in cache:
            cache[key] = Paragraph(escape(text), style)
        row.append(cache[key])
    return row


def _cell(text: str, style: ParagraphStyle) -> str | Paragraph:
    return text if _plain_ok(text) else Paragraph(markup(text), style)


def _amount_cell(text: str, width: float, styles: _Styles) -> str | Paragraph:
    """An amount for a grid column of ``width``: smaller type when it is too wide, never over the next cell."""
    room = width - 6  # the grid's left and right padding
    natural = pdfmetrics.stringWidth(text, FONT, styles.cell.fontSize)
    if natural <= room:
        return text
    size = styles.cell.fontSize * room / natural * 0.95  # a margin, so the line never breaks inside the number
    return Paragraph(escape(text), ParagraphStyle("fitted", parent=styles.cell_right, fontSize=size, leading=size + 2))


def _fill(template: str, **values: str) -> str:
    """A fixed text with placeholders filled by values that are already markup."""
    return escape(template).format(**values)


def _kind_label(line: StatementLine, texts: dict[str, str]) -> str:
    kind = texts[f"kind_{line.entry.kind.value}"]
    return texts["void_of"].format(kind=kind) if line.entry.void else kind


def _entry_details(line: StatementLine, texts: dict[str, str], language: str) -> str:
    entry = line.entry
    parts = []
    if entry.kind is EntryKind.DELIVERY and entry.due_date is not None:
        parts.append(texts["due_on"].format(day=entry.due_date.isoformat()))
    sub = texts.get(f"sub_{entry.subkind}", entry.subkind)
    if sub:
        parts.append(sub)
    if entry.text.strip():
        parts.append(entry.text.strip())
    return ("; " if language == "en" else "；").join(parts)


def _letterhead(options: LetterOptions, styles: _Styles, width: float) -> list[Flowable]:
    company = options.company
    room = width - 45 * mm
    lines = [Paragraph(markup(company.company_name, width=room, size=styles.company.fontSize), styles.company)]
    contact = "\n".join(part for part in (company.company_address, company.company_phone) if part.strip())
    if contact:
        lines.append(Paragraph(markup(contact, width=room, size=styles.small.fontSize), styles.small))
    logo: Flowable | str = ""
    if options.logo is not None:
        try:
            reader = ImageReader(str(options.logo))
            image_width, image_height = reader.getSize()
            height = 16 * mm
            logo = Image(str(options.logo), width=height * image_width / image_height, height=height)
        except (OSError, ValueError, ZeroDivisionError):  # an unreadable logo must not stop the letters
            logo = ""
    head = Table([[lines, logo]], colWidths=[room, 45 * mm])
    head.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#304050")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return [head, Spacer(1, 5 * mm)]


def _address_block(statement: Statement, texts: dict[str, str], styles: _Styles, width: float) -> Flowable:
    customer = statement.customer
    language = customer.language
    room = width - 72 * mm
    to_lines = [
        Paragraph(escape(texts["to"]), styles.small),
        Paragraph(markup(customer.name, width=room - 6, size=styles.strong.fontSize), styles.strong),
    ]
    if customer.address.strip():
        to_lines.append(Paragraph(markup(customer.address, width=room - 6, size=styles.body.fontSize), styles.body))
    if customer.phone.strip():
        to_lines.append(Paragraph(escape(texts["phone"]) + " " + markup(customer.phone), styles.small))
    letter_day = statement.letter_date or date.today()
    facts = [
        (texts["letter_date"], escape(long_date(letter_day, language))),
        (texts["reference"], markup(statement.reference)),
        (texts["period"], escape(f"{statement.period.start.isoformat()} \u2013 {statement.period.end.isoformat()}")),
        (texts["customer_code"], markup(customer.code)),
    ]
    fact_rows = [[Paragraph(escape(label), styles.small), Paragraph(value, styles.small)] for label, value in facts]
    fact_table = Table(fact_rows, colWidths=[24 * mm, 46 * mm])
    fact_table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    block = Table([[to_lines, fact_table]], colWidths=[room, 72 * mm])
    block.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return block


def _statement_table(statement: Statement, texts: dict[str, str], styles: _Styles, width: float) -> Table:
    language = statement.customer.language
    header = [texts[k] for k in ("col_date", "col_type", "col_number", "col_details", "col_debit", "col_credit",
                                 "col_balance")]
    fixed = [19 * mm, 17 * mm, 25 * mm, 21 * mm, 21 * mm, 23 * mm]
    widths = [fixed[0], fixed[1], fixed[2], width - sum(fixed), fixed[3], fixed[4], fixed[5]]
    day_before = statement.period.start - timedelta(days=1)
    rows: list[list[Any]] = [_header(header, styles.cell, widths)]
    rows.append(["", "", "", Paragraph(escape(texts["opening"].format(day=day_before.isoformat())), styles.cell),
                 "", "", _amount_cell(money(statement.opening), widths[6], styles)])
    for line in statement.lines:
        details = _entry_details(line, texts, language)
        rows.append(
            [
                line.entry.date.isoformat(),
                _kind_label(line, texts),
                _cell(line.entry.number, styles.cell),
                Paragraph(markup(details, width=widths[3] - 6, size=styles.cell.fontSize), styles.cell)
                if details
                else "",
                _amount_cell(money(line.debit), widths[4], styles) if line.debit is not None else "",
                _amount_cell(money(line.credit), widths[5], styles) if line.credit is not None else "",
                _amount_cell(money(line.balance), widths[6], styles),
            ]
        )
    if not statement.lines:
        rows.append(["", "", "", Paragraph(escape(texts["no_activity"]), styles.cell), "", "", ""])
    rows.append(["", "", "", Paragraph(escape(texts["totals"]), styles.cell),
                 _amount_cell(money(statement.deliveries_total), widths[4], styles),
                 _amount_cell(money(statement.credits_total), widths[5], styles), ""])
    rows.append(["", "", "", Paragraph(escape(texts["closing"].format(day=statement.period.end.isoformat())),
                                       styles.cell), "", "", _amount_cell(money(statement.closing), widths[6], styles)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    last = len(rows) - 1
    table.setStyle(_GRID)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#f4f6f8")),
                ("BACKGROUND", (0, last - 1), (-1, last), colors.HexColor("#f4f6f8")),
                ("LINEABOVE", (0, last - 1), (-1, last - 1), 0.6, colors.HexColor("#607080")),
            ]
        )
    )
    return table


def _aging_table(statement: Statement, texts: dict[str, str], styles: _Styles, width: float) -> Table:
    language = statement.customer.language
    aging = statement.aging
    labels = [bucket_label("not_due", language)] + [bucket_label(label, language) for label in aging.labels]
    labels += [texts["unapplied"], texts["total"]]
    values = [aging.not_due, *aging.buckets, aging.unapplied, aging.total]
    column = width / len(labels)
    table = Table(
        [_header(labels, styles.cell, [column] * len(labels)),
         [_amount_cell(money(v), column, styles) for v in values]],
        colWidths=[column] * len(labels),
    )
    table.setStyle(_GRID)
    table.setStyle(TableStyle([("ALIGN", (0, 1), (-1, -1), "RIGHT")]))
    return table


def _open_table(statement: Statement, texts: dict[str, str], styles: _Styles, width: float) -> Table:
    language = statement.customer.language
    header = [texts["col_number"], texts["col_date"], texts["col_due"], texts["col_days_overdue"], texts["aging"],
              texts["col_open"]]
    fixed = [22 * mm, 22 * mm, 22 * mm, 32 * mm, 28 * mm]
    widths = [width - sum(fixed), *fixed]
    rows: list[list[Any]] = [_header(header, styles.cell, widths)]
    for item in statement.open_deliveries:
        rows.append(
            [
                _cell(item.number, styles.cell),
                item.date.isoformat(),
                item.due_date.isoformat() if item.due_date else "",
                str(item.days_overdue) if item.days_overdue else "",
                Paragraph(escape(bucket_label(item.bucket, language)), styles.cell),
                money(item.open),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_GRID)
    table.setStyle(TableStyle([("ALIGN", (3, 1), (3, -1), "RIGHT"), ("ALIGN", (5, 1), (5, -1), "RIGHT")]))
    return table


def _applied_table(statement: Statement, texts: dict[str, str], styles: _Styles, width: float) -> Table:
    header = [texts["col_date"], texts["col_paid_by"], texts["col_applied_to"], texts["col_delivery_date"],
              texts["col_amount"]]
    fixed = [22 * mm, 26 * mm, 30 * mm]
    rest = (width - sum(fixed)) / 2
    widths = [fixed[0], rest, rest, fixed[1], fixed[2]]
    rows: list[list[Any]] = [_header(header, styles.cell, widths)]
    for applied in statement.applied:
        kind = texts[f"kind_{applied.source_kind.value}"]
        rows.append(
            [
                applied.source_date.isoformat(),
                Paragraph(escape(kind) + " " + markup(applied.source_number), styles.cell),
                _cell(applied.delivery_number, styles.cell),
                applied.delivery_date.isoformat(),
                money(applied.amount),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_GRID)
    table.setStyle(TableStyle([("ALIGN", (4, 1), (4, -1), "RIGHT")]))
    return table


class _CheckBox(Flowable):  # type: ignore[misc]
    """An empty square to tick, drawn rather than taken from a font."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 3.6 * mm, 3.6 * mm

    def draw(self) -> None:
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, 3.6 * mm, 3.6 * mm, stroke=1, fill=0)


def _choice(text: Paragraph, width: float) -> Table:
    row = Table([[_CheckBox(), text]], colWidths=[6 * mm, width - 6 * mm], hAlign="LEFT")
    row.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return row


class _FittedSlip(Flowable):  # type: ignore[misc]
    """The letter's closing lines and its reply slip, kept in one piece on the letter's last page.

    The slip is drawn full size where that fits, else compact, else tight (the least room to
    write in that still serves); so it shares the last page whenever even the tight slip has
    room there. Where none fits, the closing lines (``lead``) go over to the next page with
    the full slip, so the slip never stands alone on a page. Only closing lines taller than a
    page (``page_height``) are let go to break across pages ahead of the slip.

    ``variant(i)`` makes the slip of size ``i`` (full first), only once it is needed.
    """

    def __init__(
        self, lead: list[Flowable], variant: Callable[[int], list[Flowable]], count: int, page_height: float
    ) -> None:
        super().__init__()
        self.lead = lead
        self.variant = variant
        self.count = count
        self.page_height = page_height
        self.made: dict[int, list[Flowable]] = {}
        # (space before, height, space after) of each flowable, by its id and the width: the frame
        # asks again on every page, the variants share their texts and the closing lines, and
        # wrapping is the cost. All are wrapped at one width, so each keeps the lines it draws.
        self.measures: dict[tuple[int, float], tuple[float, float, float]] = {}
        self.chosen = 0
        self.width = 0.0
        self.height = 0.0

    def _flowables(self, index: int) -> list[Flowable]:
        if index not in self.made:
            self.made[index] = [*self.lead, *self.variant(index)]
        return self.made[index]

    def _measure(self, index: int, width: float) -> list[tuple[float, float, float]]:
        if any(other != width for _id, other in self.measures):
            self.measures.clear()  # another width: every flowable must be broken into lines again
        measures = []
        for flowable in self._flowables(index):
            key = (id(flowable), width)
            if key not in self.measures:
                _w, height = flowable.wrap(width, self.page_height)
                self.measures[key] = (flowable.getSpaceBefore(), height, flowable.getSpaceAfter())
            measures.append(self.measures[key])
        return measures

    def _height(self, index: int, width: float) -> float:
        return sum(before + height + after for before, height, after in self._measure(index, width))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.chosen = next(
            (i for i in range(self.count) if self._height(i, available_width) <= available_height), 0
        )
        self.height = self._height(self.chosen, available_width)
        return available_width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if not self.lead or self._height(0, available_width) <= self.page_height:
            return []  # not in two pieces: the frame moves it whole to the next page
        # Closing lines longer than a page break where they must; the slip keeps to itself.
        return [*self.lead, _FittedSlip([], self.variant, self.count, self.page_height)]

    def draw(self) -> None:
        top = self.height
        flowables = self._flowables(self.chosen)
        for flowable, (before, height, after) in zip(flowables, self._measure(self.chosen, self.width), strict=True):
            top -= before + height
            flowable.drawOn(self.canv, 0, top)
            top -= after


@dataclass(frozen=True, slots=True)
class _SlipSize:
    """How much room a reply slip leaves to write in: its gaps (a share of the full ones), lines, boxes."""

    gap: float
    reason_lines: int
    signature_mm: float
    cut_mm: float = 8


# The full slip, then the compact and the tight ones a letter's last page may have room for instead.
SLIP_SIZES = (_SlipSize(1.0, 2, 22), _SlipSize(0.3, 1, 16), _SlipSize(0.1, 1, 11, cut_mm=6))


def _slips(
    statement: Statement, options: LetterOptions, texts: dict[str, str], styles: _Styles, width: float
) -> Callable[[int], list[Flowable]]:
    """The reply slip in each of :data:`SLIP_SIZES`, by index; the texts are set once for all of them."""
    language = statement.customer.language
    end = escape(long_date(statement.period.end, language))
    return_by = escape(long_date(statement.return_by or statement.period.end, language))
    closing = statement.closing
    side = "slip_side_owed" if closing > 0 else "slip_side_credit" if closing < 0 else "slip_side_nil"
    addressed = [
        Paragraph(
            _fill(texts["slip_to"], company=markup(options.company.company_name), reference=markup(statement.reference),
                  return_by=return_by),
            styles.small,
        ),
        Paragraph(_fill(texts["slip_from"], customer=markup(statement.customer.name),
                        code=markup(statement.customer.code)), styles.small),
    ]
    agreed = _choice(Paragraph(_fill(texts["slip_agreed"], end=end, currency=escape(statement.currency),
                                     amount=_amount(statement.closing), side=escape(texts[side])), styles.body), width)
    differs = _choice(Paragraph(_fill(texts["slip_differs"], end=end, currency=escape(statement.currency)),
                                styles.body), width)
    labels = [Paragraph(escape(texts[k]), styles.small) for k in ("signature", "stamp", "slip_date")]
    title = escape(texts["slip_title"])

    def slip(index: int) -> list[Flowable]:
        size = SLIP_SIZES[index]
        gap = size.gap
        heading = styles.heading
        if gap < 1:
            heading = ParagraphStyle("slip_heading", parent=styles.heading, spaceBefore=6 * gap, spaceAfter=3 * gap)
        rule = TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey)])
        lines = size.reason_lines
        reason_lines = Table([[""]] * lines, colWidths=[width], rowHeights=[7 * mm] * lines)
        reason_lines.setStyle(rule)
        third = (width - 12 * mm) / 3
        signatures = Table(
            [["", "", "", "", ""], [labels[0], "", labels[1], "", labels[2]]],
            colWidths=[third, 6 * mm, third, 6 * mm, third],
            rowHeights=[size.signature_mm * mm, None],
            hAlign="LEFT",
        )
        signatures.setStyle(_SIGNATURES)
        return [
            Spacer(1, 6 * mm * gap),
            _CutLine(texts["cut_here"], size.cut_mm * mm),
            Paragraph(title, heading),
            *addressed,
            Spacer(1, 3 * mm * gap),
            agreed,
            Spacer(1, 2 * mm * gap),
            differs,
            Spacer(1, 7 * mm * gap),
            reason_lines,
            Spacer(1, 6 * mm * gap),
            signatures,
        ]

    return slip


_SIGNATURES = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("LINEBELOW", (0, 0), (0, 0), 0.5, colors.black),
        ("BOX", (2, 0), (2, 0), 0.5, colors.grey),
        ("LINEBELOW", (4, 0), (4, 0), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
)


def letter_story(
    statement: Statement,
    options: LetterOptions,
    *,
    width: float,
    height: float,
    key: int = 0,
    on_start: Callable[[], None] | None = None,
) -> list[Flowable]:
    """The flowables of one letter, ready for a document of text ``width`` and ``height`` (a page's frame)."""
    register_fonts()
    language = statement.customer.language
    texts = texts_for(language)
    styles = _styles(language)
    options = replace(options, company=options.company.for_language(language))
    company = options.company
    footer = f"{company.company_name} \u00b7 {statement.reference}"[:120]
    if all(ord(c) in _coverage[FONT] for c in footer):
        mark = _LetterMark(key, footer, texts["page"], on_start, plain=True)
    else:
        mark = _LetterMark(key, markup(footer), texts["page"], on_start, plain=False)
    story: list[Flowable] = [mark]
    story += _letterhead(options, styles, width)
    story.append(_address_block(statement, texts, styles, width))
    story.append(Paragraph(escape(texts["title"]), styles.title))
    start = escape(long_date(statement.period.start, language))
    end = escape(long_date(statement.period.end, language))
    return_by = escape(long_date(statement.return_by or statement.period.end, language))
    story.append(Paragraph(_fill(texts["intro"], company=markup(company.company_name), start=start, end=end,
                                 return_by=return_by), styles.body))
    if statement.handover:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(escape(texts["handover"]), styles.body))
    story.append(Paragraph(escape(texts["statement"]) + "  <font size=7.5 color=grey>"
                           + escape(texts["amounts_in"].format(currency=statement.currency)) + "</font>",
                           styles.heading))
    story.append(_statement_table(statement, texts, styles, width))
    closing = statement.closing
    balance_key = "balance_owed" if closing > 0 else "balance_credit" if closing < 0 else "balance_nil"
    story.append(Paragraph(_fill(texts[balance_key], company=markup(company.company_name), end=end,
                                 currency=escape(statement.currency), amount=_amount(closing)), styles.strong))
    story.append(Paragraph(escape(texts["aging"]), styles.heading))
    story.append(_aging_table(statement, texts, styles, width))
    if statement.open_deliveries:
        story.append(Paragraph(escape(texts["open_items"].format(end=statement.period.end.isoformat())),
                               styles.heading))
        story.append(_open_table(statement, texts, styles, width))
    # The closing lines: they go with the reply slip, so the slip never starts a page alone.
    closing_lines: list[Flowable] = [Paragraph(escape(texts["applied"]), styles.heading)]
    if statement.applied:
        closing_lines.append(_applied_table(statement, texts, styles, width))
    else:
        closing_lines.append(Paragraph(escape(texts["nothing_applied"]), styles.small))
    if company.bank_details.strip() or company.company_phone.strip():
        # Lines after the last table: those alone keep the slip company, not a table of any length.
        story += closing_lines
        closing_lines = []
    if company.bank_details.strip():
        closing_lines.append(Paragraph(escape(texts["bank"]), styles.heading))
        closing_lines.append(Paragraph(markup(company.bank_details, width=width, size=styles.small.fontSize),
                                       styles.small))
    if company.company_phone.strip():
        closing_lines.append(Spacer(1, 2 * mm))
        closing_lines.append(Paragraph(_fill(texts["questions"], company=markup(company.company_name),
                                             phone=markup(company.company_phone)), styles.small))
    slips = _slips(statement, options, texts, styles, width)
    story.append(_FittedSlip(closing_lines, slips, len(SLIP_SIZES), height))
    return story


def _document(path: Path, options: LetterOptions, title: str, fingerprint: str) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(path),
        pagesize=options.pagesize,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=options.company.company_name,
        subject="arddesk reconciliation letter",
        keywords=f"arddesk-letter {fingerprint}",
        creator="arddesk",
        initialFontName=FONT,
    )
    # No frame padding: tables as wide as the text line up with the paragraphs and the letterhead.
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="letter", frames=[frame])])
    return doc


def _atomic_build(path: Path, options: LetterOptions, title: str, fingerprint: str,
                  build: Callable[[BaseDocTemplate], list[Flowable]]) -> None:
    """Write to a temporary file beside ``path`` and move it into place only when complete."""
    with atomic_path(path) as temporary:
        doc = _document(temporary, options, title, fingerprint)
        doc.build(build(doc), canvasmaker=_NumberedCanvas)


def render_letter(statement: Statement, path: Path, options: LetterOptions) -> Path:
    """Write one customer's letter to ``path`` (replacing it); returns the path."""
    shown = replace(options, company=options.company.for_language(statement.customer.language))
    _atomic_build(
        path, shown, f"{statement.reference} {statement.customer.name}", letter_fingerprint(statement, options),
        lambda doc: letter_story(statement, options, width=doc.width, height=doc.height),
    )
    return path


def render_combined(
    statements: Sequence[Statement],
    path: Path,
    options: LetterOptions,
    *,
    on_letter: Callable[[int], None] | None = None,
) -> Path:
    """Write every letter into one PDF for the printer, each starting on a new page.

    ``on_letter(i)`` is called as letter ``i`` starts; an exception from it stops the
    build and leaves no file behind.
    """

    def build(doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        for index, statement in enumerate(statements):
            if index:
                story.append(PageBreak())
            callback = None if on_letter is None else (lambda i=index: on_letter(i))
            story += letter_story(statement, options, width=doc.width, height=doc.height, key=index, on_start=callback)
        return story

    _atomic_build(path, options, "arddesk reconciliation letters", combined_fingerprint(statements, options), build)
    return path


def letter_fingerprint(statement: Statement, options: LetterOptions) -> str:
    """The mark of one letter file: changes with its content, the letterhead, the paper or the layout."""
    text = f"{LAYOUT_VERSION}|{options!r}|{statement.fingerprint()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def combined_fingerprint(statements: Iterable[Statement], options: LetterOptions) -> str:
    """The mark of a combined file: changes when any letter in it changes."""
    text = "|".join(letter_fingerprint(s, options) for s in statements)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def is_complete(path: Path, fingerprint: str) -> bool:
    """Whether ``path`` is a finished letter file carrying ``fingerprint`` (the same content)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if not data.rstrip().endswith(b"%%EOF"):
        return False
    # ReportLab writes the mark as it is; pypdf (the joined all.pdf) writes the hyphen as \055.
    return any(f"arddesk{hyphen}letter {fingerprint}".encode() in data for hyphen in ("-", "\\055"))


def letter_path(out_dir: Path, statement: Statement) -> Path:
    """Where a customer's letter goes: the customer code, made safe for a file name."""
    return out_dir / f"{file_stem(statement.customer.code)}.pdf"


@dataclass(frozen=True, slots=True)
class LetterRun:
    """What a run of letters did.

    Attributes:
        letters: the customers' letter files on disk after the run, in the statements' order.
        written: how many letters this run wrote.
        kept: how many were already on disk with the same content (skipped).
        remaining: how many were not written because the run was stopped.
        combined: ``all.pdf`` when it was written or kept (None when stopped or nothing to print).
    """

    letters: list[Path]
    written: int
    kept: int
    remaining: int
    combined: Path | None

    @property
    def paths(self) -> list[Path]:
        """Every file of the run, ``all.pdf`` last."""
        return [*self.letters, *([self.combined] if self.combined else [])]


# Fewer letters than this are written in this process: starting worker processes costs more.
POOL_FROM = 24


def _render_batch(batch: Sequence[tuple[Statement, Path]], options: LetterOptions) -> None:
    """Write a batch of letters (in a worker process)."""
    for statement, path in batch:
        render_letter(statement, path, options)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that start with the letter code loaded and the fonts read."""
    register_fonts()
    context: BaseContext
    if sys.platform == "linux" and threading.active_count() == 1:
        # A copy of this process: instant, fonts and all. Safe only without other threads.
        context = multiprocessing.get_context("fork")
    elif "forkserver" in multiprocessing.get_all_start_methods():
        # The window calls this from a worker thread, and a forked child of a threaded Qt process
        # can deadlock: the fork server starts clean, loads the letter code once and forks workers.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["arddesk.reports.letter_worker"])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupt)


def _ignore_interrupt() -> None:
    # Ctrl+C at a terminal reaches every process of the group: the caller decides when to stop,
    # and a worker finishes the letters it has begun, so none is left half written.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def write_statement_letters(
    statements: Sequence[Statement],
    out_dir: Path,
    options: LetterOptions,
    *,
    progress: Progress | None = None,
    combined: bool = True,
    on_written: Callable[[Sequence[Statement]], None] | None = None,
    workers: int | None = None,
) -> LetterRun:
    """One PDF per statement plus ``all.pdf``, on every core; files already complete with the same content are kept.

    ``progress(done, total)`` is called as letters finish (total counts the separate
    letters and then the letters of ``all.pdf``); it stops the batch by returning False
    or raising. A stopped batch keeps the letters already finished; an exception from
    ``progress`` is raised again once they are accounted for.

    Args:
        statements: the letters to write.
        out_dir: the folder (created if needed).
        options: letterhead and paper.
        progress: ``progress(done, total)``; return False (or raise) to stop.
        combined: also write ``all.pdf``.
        on_written: called with each group of letters once their files are on disk (written or kept).
        workers: processes to use (default: one per core); from :data:`POOL_FROM` letters on.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    count = len(statements)
    total = count * (2 if combined else 1)
    paths = [letter_path(out_dir, statement) for statement in statements]
    todo = [i for i in range(count) if not is_complete(paths[i], letter_fingerprint(statements[i], options))]
    needed = set(todo)
    finished = [i for i in range(count) if i not in needed]
    kept = len(finished)
    combined_path = out_dir / COMBINED_NAME
    combined_mark = combined_fingerprint(statements, options)
    combined_todo = combined and count > 0 and not is_complete(combined_path, combined_mark)
    done = kept + (count if combined and not combined_todo else 0)
    stop: BaseException | None = None

    def report() -> None:
        if progress is not None and progress(done, total) is False:
            raise _Cancelled

    def finish(indexes: Sequence[int]) -> None:
        nonlocal done
        finished.extend(indexes)
        done += len(indexes)
        if on_written is not None and indexes:
            on_written([statements[i] for i in indexes])

    if on_written is not None and finished:
        on_written([statements[i] for i in finished])
    processes = workers or os.cpu_count() or 1
    try:
        report()
        if processes > 1 and len(todo) + (count if combined_todo else 0) >= POOL_FROM:
            _write_on_pool(statements, paths, todo, options, processes, combined_path if combined_todo else None,
                           combined_mark, finish, report)
        else:
            for index in todo:
                render_letter(statements[index], paths[index], options)
                finish([index])
                report()
            if combined_todo:

                def on_letter(index: int) -> None:
                    nonlocal done
                    done = count + index
                    if index:
                        report()

                render_combined(statements, combined_path, options, on_letter=on_letter)
        done = total
        report()
    except BaseException as exc:
        stop = exc
    written = set(finished)
    run = LetterRun(
        letters=[paths[i] for i in range(count) if i in written],
        written=len(finished) - kept,
        kept=kept,
        remaining=count - len(finished),
        combined=combined_path if combined and count and is_complete(combined_path, combined_mark) else None,
    )
    if stop is not None and not isinstance(stop, _Cancelled):
        raise stop
    return run


def _write_on_pool(
    statements: Sequence[Statement],
    paths: Sequence[Path],
    todo: Sequence[int],
    options: LetterOptions,
    processes: int,
    combined_path: Path | None,
    combined_mark: str,
    finish: Callable[[Sequence[int]], None],
    report: Callable[[], None],
) -> None:
    """The letters in ``todo`` and (with ``combined_path``) ``all.pdf`` written by ``processes`` workers.

    The separate letters go first, in small batches; ``all.pdf`` is drawn in parts of up to
    50 letters side by side, then the parts are joined. ``finish`` is told of each batch
    on disk; when ``report`` raises, the batches already begun are finished and told, the
    rest dropped, and the exception raised again.
    """
    count = len(statements)
    size = max(1, min(16, len(todo) // (processes * 4)))
    part_size = max(1, min(50, -(-count // processes)))
    with _pool(processes) as pool, tempfile.TemporaryDirectory(prefix=".all-parts-", dir=paths[0].parent) as folder:
        jobs: dict[Future[Any], list[int]] = {}
        for start in range(0, len(todo), size):
            batch = list(todo[start : start + size])
            jobs[pool.submit(_render_batch, [(statements[i], paths[i]) for i in batch], options)] = batch
        parts: dict[Future[Any], list[int]] = {}
        if combined_path is not None:
            for start in range(0, count, part_size):
                part = Path(folder) / f"{start:07}.pdf"
                parts[pool.submit(render_combined, statements[start : start + part_size], part, options)] = []
        told: set[Future[Any]] = set()
        try:
            for future in as_completed([*jobs, *parts]):
                future.result()
                if future in jobs:
                    told.add(future)
                    finish(jobs[future])
                report()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            for future, batch in jobs.items():
                if future not in told and not future.cancelled() and future.exception() is None:
                    finish(batch)
            raise
        if combined_path is not None:
            _join([future.result() for future in parts], combined_path, options, combined_mark)


def _join(parts: Sequence[Path], path: Path, options: LetterOptions, fingerprint: str) -> None:
    """One PDF of the parts, in order, marked as complete (:func:`is_complete`)."""
    from pypdf import PdfWriter  # only when letters are joined: keeps start-up light

    writer = PdfWriter()
    for part in parts:
        writer.append(part)
    writer.add_metadata(
        {
            "/Title": "arddesk reconciliation letters",
            "/Author": options.company.company_name,
            "/Subject": "arddesk reconciliation letter",
            "/Keywords": f"arddesk-letter {fingerprint}",
            "/Creator": "arddesk",
        }
    )
    with atomic_path(path) as temporary, temporary.open("wb") as stream:
        writer.write(stream)


def write_letters(
    db: Any,
    period: Period,
    out_dir: Path,
    *,
    customer: str | None = None,
    include_zero: bool = False,
    progress: Progress | None = None,
    letter_date: date | None = None,
    customers: Collection[str] | None = None,
) -> LetterRun:
    """Reconciliation letters of a period: one PDF per customer (named by code) plus ``all.pdf``.

    Customers with activity in the period or a balance at its end get a letter (all of
    them with ``include_zero``; only ``customer`` when given). Letters already on disk
    with the same content are not written again, so a re-run after a cancel finishes
    the rest. Each letter is entered in the register of replies with its date and
    return-by date once its file is written (a stopped run enters only those); a re-run
    keeps the dates first given.

    Args:
        db: the company database.
        period: the period the letters cover.
        out_dir: folder for the PDFs (created if needed).
        customer: one customer's code, or None for every customer due a letter.
        include_zero: also customers with no activity and a zero balance.
        progress: ``progress(done, total)``; return False (or raise) to stop.
        letter_date: the date on new letters (default today).
        customers: a chosen set of customer codes instead of everyone due a letter.

    Returns:
        What was written, kept and left to do.

    Raises:
        Rejected: when ``customer`` or a code in ``customers`` names no customer.
    """
    from arddesk.services.letters import plan_letters, record_letters
    from arddesk.services.settings import load_settings

    statements = plan_letters(
        db, period, customer=customer, include_zero=include_zero, letter_date=letter_date,
        reply_days=int(load_settings(db).letter_reply_days), customers=customers,
    )
    options = letter_options(db)
    return write_statement_letters(
        statements, out_dir, options, progress=progress, on_written=lambda done: record_letters(db, period, done)
    )


def letter_options(db: Any) -> LetterOptions:
    """The letterhead and layout saved for the company."""
    from arddesk.services.settings import load_settings

    company = load_settings(db)
    logo = company.company_logo.strip()
    return LetterOptions(company=company, paper=company.letter_paper.lower(), logo=Path(logo) if logo else None)
