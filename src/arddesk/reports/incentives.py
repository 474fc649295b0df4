"""Bonus statements (PDF, a page per person) and the bonus summary (Excel or CSV) of a period.

``arddesk incentives --period P --out FILE`` writes :func:`write_statements` for ``.pdf`` and
:func:`write_summary` for ``.xlsx``/``.csv``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arddesk.domain.incentives import Line, LineKind, Result, Role, Statement, percent
from arddesk.reports.letters import FONT, markup, register_fonts
from arddesk.reports.tables import write_csv
from arddesk.services.spreadsheet import FORMULA_STARTS
from arddesk.store.files import atomic_path
from arddesk.text import N_, _
from arddesk.text.formats import money
from arddesk.text.messages import explanation

KIND_NAMES = {
    LineKind.REWARD: N_("Reward"),
    LineKind.ADVANCE_BONUS: N_("Advance bonus"),
    LineKind.ATTAINMENT: N_("Attainment"),
    LineKind.PENALTY: N_("Penalty"),
    LineKind.EXEMPTION: N_("Exempt"),
    LineKind.HEAD_REWARD: N_("Dept. reward"),
}
"""How each kind of line is named on statements and in the summary."""

ROLE_NAMES = {Role.REP: N_("Sales rep"), Role.HEAD: N_("Department head")}

SUMMARY_COLUMNS = (
    "period", "person", "name", "role", "department", "collected", "target", "attainment_pct", "multiplier",
    "reward", "penalty", "total", "locked_at", "locked_by",
)  # fmt: skip
LINE_COLUMNS = (
    "period", "person", "name", "role", "kind", "payment", "delivery", "customer", "rep", "paid_on", "due_date",
    "days_late", "band", "base", "rate_pct", "multiplier", "amount", "explanation",
)  # fmt: skip


def _attainment(statement: Statement) -> str:
    return "—" if statement.attainment is None else percent(round(statement.attainment, 4))


# ---------------------------------------------------------------------------- PDF
def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontSize=15, leading=19, spaceAfter=2),
        "heading": ParagraphStyle("heading", parent=body, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5),
        "right": ParagraphStyle("right", parent=body, fontSize=7.5, leading=9.5, alignment=TA_RIGHT),
        "big": ParagraphStyle("big", parent=body, fontSize=13, leading=17, alignment=TA_RIGHT),
    }


_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("LEADING", (0, 0), (-1, -1), 9.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#607080")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8ccd0")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
)


def _text(value: str, style: ParagraphStyle) -> str | Paragraph:
    # Plain ASCII is drawn by the table itself; anything else needs the fallback fonts of markup().
    return value if value.isascii() and "\n" not in value else Paragraph(markup(value), style)


class _Person(Flowable):  # type: ignore[misc]
    """Tells the page footer whose statement the page belongs to."""

    def __init__(self, footer: str) -> None:
        super().__init__()
        self.footer = footer
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv._ard_footer = self.footer


def _footer(canvas: Any, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.grey)
    canvas.drawString(doc.leftMargin, 8 * mm, getattr(canvas, "_ard_footer", ""))
    canvas.drawRightString(doc.leftMargin + doc.width, 8 * mm, f"page {canvas.getPageNumber()}")
    canvas.restoreState()


def _summary_table(statement: Statement, styles: dict[str, ParagraphStyle], width: float) -> Table:
    target = _("no target") if statement.target is None else money(statement.target)
    rows = [
        [
            _("Collected"),
            _("Target"),
            _("Attainment"),
            _("Multiplier"),
            _("Reward"),
            _("Penalty"),
            _("Bonus"),
        ],
        [
            money(statement.collected),
            target,
            _attainment(statement),
            f"×{statement.multiplier}",
            money(statement.reward),
            money(statement.penalty),
            Paragraph(money(statement.total), styles["big"]),
        ],
    ]
    rows = [[_text(c, styles["right"]) if isinstance(c, str) else c for c in row] for row in rows]
    table = Table(rows, colWidths=[width / 7] * 7)
    table.setStyle(_GRID)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
                ("FONT", (0, 1), (-1, 1), FONT, 9.5),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
            ]
        )
    )
    return table


_LINE_HEADER = (N_("Kind"), N_("Payment"), N_("Delivery"), N_("Customer"), N_("Paid on"), N_("Due"), N_("Days"),
                N_("Band / kind"), N_("Base"), N_("Rate"), "×", N_("Amount"), N_("Why"))  # fmt: skip
_LINE_WIDTHS = (18, 20, 32, 15, 16, 16, 9, 23, 19, 10, 8, 17)  # mm; the explanation takes the rest


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _line_row(line: Line, styles: dict[str, ParagraphStyle]) -> list[object]:
    cell = styles["cell"]
    return [
        _(KIND_NAMES[line.kind]),
        _text(line.payment, cell),
        _text(line.delivery, cell),
        _text(line.customer, cell),
        _day(line.paid_on),
        _day(line.due_date),
        "" if line.days_late is None else str(line.days_late),
        _text(line.band, cell),
        money(line.base),
        percent(line.rate),
        "" if line.multiplier == 1 else f"{line.multiplier}",
        money(line.amount),
        Paragraph(markup(explanation(line)), cell),
    ]


def _lines_table(statement: Statement, styles: dict[str, ParagraphStyle], width: float) -> Table:
    widths = [w * mm for w in _LINE_WIDTHS]
    widths.append(width - sum(widths))
    rows: list[list[object]] = [[_(heading) for heading in _LINE_HEADER]]
    rows += [_line_row(line, styles) for line in statement.lines]
    rows.append([_("Total"), "", "", "", "", "", "", "", "", "", "", money(statement.total), ""])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_GRID)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (6, 0), (6, -1), "RIGHT"),
                ("ALIGN", (8, 0), (11, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#607080")),
                ("FONT", (11, -1), (11, -1), FONT, 8.5),
            ]
        )
    )
    return table


def _rules_text(result: Result) -> str:
    rules = result.rules
    bands = "; ".join(
        f"{band.label} {percent(band.rate)}"
        + ("" if band.up_to is None else _(" (to {up_to} days)").format(up_to=band.up_to))
        for band in rules.bands
    )
    return _(
        "Rules of {period}: reward by lateness — {bands}. Paid in full before due: {advance_bonus_rate}. Penalty "
        "{penalty_rate} on what is open more than {penalty_after_days} days past due at period end, except causes: "
        "{value}. Every amount is rounded half-up to the cent once, at its line."
    ).format(
        period=result.period,
        bands=bands,
        advance_bonus_rate=percent(rules.advance_bonus_rate),
        penalty_rate=percent(rules.penalty_rate),
        penalty_after_days=rules.penalty_after_days,
        value=", ".join(sorted(rules.exempt_causes)) or "none",
    )


def _status(result: Result) -> str:
    if result.locked_at is None:
        return _("Provisional: computed {computed_at:%Y-%m-%d %H:%M}, not yet approved.").format(
            computed_at=result.computed_at
        )
    return _("Approved and locked on {locked_at:%Y-%m-%d %H:%M} by {locked_by}.").format(
        locked_at=result.locked_at, locked_by=result.locked_by
    )


def _story(result: Result, width: float, company: str) -> Iterator[Flowable]:
    styles = _styles()
    for index, statement in enumerate(result.statements):
        if index:
            yield PageBreak()
        who = f"{statement.name} ({statement.person})" if statement.name != statement.person else statement.person
        yield _Person(f"{result.period} — {who} — {_(ROLE_NAMES[statement.role])}")
        heading = f"{company} — " if company else ""
        yield Paragraph(
            markup(_("{heading}Bonus statement {period}").format(heading=heading, period=result.period)),
            styles["title"],
        )
        department = (
            _(", department {department}").format(department=statement.department) if statement.department else ""
        )
        yield Paragraph(markup(f"{who} — {_(ROLE_NAMES[statement.role])}{department}"), styles["body"])
        yield Paragraph(markup(_status(result)), styles["body"])
        yield Spacer(0, 3 * mm)
        yield _summary_table(statement, styles, width)
        yield Paragraph(
            markup(_("The lines behind the figure ({lines})").format(lines=len(statement.lines))), styles["heading"]
        )
        yield _lines_table(statement, styles, width)
        yield Spacer(0, 3 * mm)
        yield Paragraph(markup(_rules_text(result)), styles["cell"])


def write_statements(result: Result, path: Path, *, company: str = "") -> Path:
    """Write every person's bonus statement into one PDF, each starting on a new page.

    Each statement shows the person's figures (collected, target, attainment, reward, penalty, bonus),
    whether the period is locked, and every line behind the figure; the file is replaced only once
    complete.

    Args:
        result: the period's result (``services.incentives.calculate``).
        path: the ``.pdf`` to write.
        company: the company's name for the heading ('' for none).
    """
    register_fonts()
    with atomic_path(path) as temporary:
        doc = BaseDocTemplate(
            str(temporary),
            pagesize=landscape(A4),
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=12 * mm,
            bottomMargin=14 * mm,
            title=_("Bonus statements {period}").format(period=result.period),
            creator="arddesk",
            initialFontName=FONT,
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        doc.addPageTemplates([PageTemplate(id="statement", frames=[frame], onPageEnd=_footer)])
        story = list(_story(result, doc.width, company))
        if not story:
            story = [
                Paragraph(
                    markup(_("No reps: nothing to pay for {period}.").format(period=result.period)), _styles()["body"]
                )
            ]
        doc.build(story)
    return path


# ---------------------------------------------------------------------------- Excel / CSV
def summary_rows(result: Result) -> Iterator[list[object]]:
    """One row per person and role, in :data:`SUMMARY_COLUMNS` order."""
    for s in result.statements:
        attainment = None if s.attainment is None else round(s.attainment * 100, 2)
        yield [
            result.period, s.person, s.name, s.role.value, s.department, s.collected, s.target, attainment,
            s.multiplier, s.reward, s.penalty, s.total, result.locked_at, result.locked_by,
        ]  # fmt: skip


def line_rows(result: Result) -> Iterator[list[object]]:
    """One row per line of every statement, in :data:`LINE_COLUMNS` order."""
    for s in result.statements:
        for line in s.lines:
            yield [
                result.period, s.person, s.name, s.role.value, line.kind.value, line.payment, line.delivery,
                line.customer, line.rep, line.paid_on, line.due_date, line.days_late, line.band, line.base,
                line.rate * 100, line.multiplier, line.amount, explanation(line),
            ]  # fmt: skip


_MONEY_COLUMNS = {"collected", "target", "reward", "penalty", "total", "base", "amount"}


def _xlsx_row(sheet: Any, header: Sequence[str], row: Sequence[object]) -> list[object]:
    cells: list[object] = []
    for name, value in zip(header, row, strict=True):
        if isinstance(value, str):
            if value[:1] in FORMULA_STARTS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # a name or note that looks like a formula stays text
                cell.quotePrefix = True
                cells.append(cell)
                continue
            cells.append(value or None)
        elif isinstance(value, Decimal) and name in _MONEY_COLUMNS:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "#,##0.00"
            cells.append(cell)
        elif isinstance(value, Decimal):
            cells.append(value.normalize() if value == value.to_integral_value() else value)
        else:
            cells.append(value)
    return cells


def _sheet(
    workbook: Workbook, title: str, header: Sequence[str], rows: Iterator[list[object]], widths: dict[str, int]
) -> None:
    sheet: Any = workbook.create_sheet(title)
    for index, name in enumerate(header):
        sheet.column_dimensions[get_column_letter(index + 1)].width = widths.get(name, 12)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append(_xlsx_row(sheet, header, row))


def write_summary(result: Result, path: Path) -> Path:
    """Write the period's bonuses as a table.

    ``.xlsx``: a *Summary* sheet (one row per person and role) and a *Lines* sheet (every line behind
    each figure). ``.csv``: the lines alone, each with its person's columns. Money is a number with two
    decimals, rates in percent.
    """
    with atomic_path(path) as temporary:
        if path.suffix.lower() == ".csv":
            with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
                write_csv(stream, LINE_COLUMNS, line_rows(result), line_end="\r\n")
            return path
        workbook = Workbook(write_only=True)
        _sheet(workbook, _("Summary"), SUMMARY_COLUMNS, summary_rows(result), {"name": 24, "locked_at": 18})
        _sheet(workbook, _("Lines"), LINE_COLUMNS, line_rows(result), {"explanation": 80, "name": 20, "band": 16})
        workbook.save(temporary)
    return path
