"""The collection plan on paper and in spreadsheets: one call sheet per rep (PDF), the plan as a
table (Excel/CSV), and the targets as a table that imports back.

``arddesk plan --as-of DATE [--rep CODE] --out FILE`` calls :func:`write_plan`: the window
is the month that starts at ``--as-of`` (e.g. 2026-12-01 to 2026-12-31, or 2026-12-15 to
2027-01-14), priorities and amounts by bucket are as of that day; the saved schedule of that
window is used, or one is worked out (not saved) when none was made.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from arddesk.domain.money import from_minor
from arddesk.reports.letters import FONT, markup, register_fonts
from arddesk.reports.tables import write_table
from arddesk.services.plan import CallSheet, PayHabits, call_sheets, target_table
from arddesk.services.settings import load_settings
from arddesk.store.db import Database
from arddesk.store.files import atomic_path
from arddesk.text import N_, _, formats
from arddesk.text.formats import money
from arddesk.text.messages import code_text, excuse_name, message_text

__all__ = ["PLAN_COLUMNS", "habits_text", "write_call_sheets", "write_plan", "write_targets"]

PLAN_COLUMNS = ["rep", "date", "channel", "customer", "name", "phone", "address"]
_CHANNEL = {"visit": N_("Visit"), "call": N_("Call")}


def habits_text(habits: PayHabits) -> str:
    """How the customer pays, one short line per thing known (seed 001 §4); blank when nothing is."""
    methods = {"cash": _("pays cash"), "transfer": _("pays by transfer (mind the day it arrives)"),
               "other": _("pays by other means")}  # fmt: skip
    reconciles = {"yes": _("reconciles before paying"), "no": _("does not reconcile")}
    invoices = {"ordinary": _("needs an ordinary invoice"), "vat": _("needs a VAT invoice")}
    lines = [
        _("pays on days {days}").format(days=habits.settlement_days) if habits.settlement_days else "",
        methods.get(habits.pay_method, ""),
        _("approves: {name}").format(name=habits.approver) if habits.approver else "",
        _("signs: {name}").format(name=habits.signer) if habits.signer else "",
        reconciles.get(habits.reconciles, ""),
        invoices.get(habits.invoice, ""),
        habits.pay_note,
    ]
    return "\n".join(line for line in lines if line)


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    register_fonts()
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=18)
    small = ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=11)
    return cell, title, small


def _sheet(
    sheet: CallSheet, company: str, cell: ParagraphStyle, title: ParagraphStyle, small: ParagraphStyle
) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(markup(_("Call sheet — {rep_name} ({rep})").format(rep_name=sheet.rep_name, rep=sheet.rep)), title),
        Paragraph(
            markup(
                _("{company} · {isoformat} to {isoformat2} · {lines} customers").format(
                    company=company,
                    isoformat=sheet.start.isoformat(),
                    isoformat2=sheet.end.isoformat(),
                    lines=len(sheet.lines),
                )
            ),
            small,
        ),
        Spacer(1, 4 * mm),
    ]
    labels = [code_text(label) for label in sheet.bucket_labels]
    header = [
        _("Date"),
        _("How"),
        _("Customer · phone · address"),
        *labels,
        _("To collect"),
        _("Last promise"),
        _("Last excuse"),
    ]
    rows: list[list[object]] = [[Paragraph(markup(h), cell) for h in header]]
    for line in sheet.lines:
        key = _("KEY RECEIVABLE") + "\n" if line.key else ""
        who = f"{key}{line.name} ({line.customer})\n{line.phone}\n{line.address}\n{habits_text(line.habits)}".strip()
        rows.append(
            [
                formats.weekday(line.day),
                Paragraph(markup(_(_CHANNEL[line.channel]) if line.channel in _CHANNEL else line.channel), cell),
                Paragraph(markup(who), cell),
                *[money(v) if v else "" for v in line.buckets],
                money(line.to_collect),
                Paragraph(markup(message_text(line.promise)), cell),
                Paragraph(markup(excuse_name(line.excuse)), cell),
            ]
        )
    if len(rows) == 1:
        rows.append(
            ["", "", Paragraph(markup(_("Nothing to collect in this window.")), cell)] + [""] * (len(header) - 3)
        )
    else:
        totals = [sum(line.buckets[i] for line in sheet.lines) for i in range(len(labels))]
        rows.append(
            [
                "",
                "",
                Paragraph(markup(_("Total")), cell),
                *[money(v) for v in totals],
                money(sum(x.to_collect for x in sheet.lines)),
                "",
                "",
            ]
        )
    widths = [42, 46, 138, *[48] * len(labels), 54, 92, 60]
    table = Table(rows, colWidths=widths, repeatRows=1)
    first_money, last_money = 3, 3 + len(labels)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 7.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (first_money, 0), (last_money, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#5b6b7f")),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.HexColor("#c7ced6")),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#5b6b7f")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story.append(Paragraph(markup(_("Result: ____________________   Next step: ____________________")), small))
    return story


def write_call_sheets(db: Database, as_of: date, path: Path, rep: str | None = None) -> int:
    """Write each rep's call sheet for the month from ``as_of`` to one PDF, a page (or more) per rep.

    Returns:
        The number of reps printed.
    """
    sheets = call_sheets(db, as_of, rep=rep)
    company = load_settings(db).company_name
    cell, title, small = _styles()
    story: list[Flowable] = []
    for n, sheet in enumerate(sheets):
        if n:
            story.append(PageBreak())
        story += _sheet(sheet, company, cell, title, small)
    if not story:
        story.append(
            Paragraph(markup(_("Nothing to collect from {isoformat}.").format(isoformat=as_of.isoformat())), title)
        )
    with atomic_path(path) as temporary:
        doc = SimpleDocTemplate(
            str(temporary),
            pagesize=landscape(A4),
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=12 * mm,
            bottomMargin=12 * mm,
            title=_("Call sheets from {isoformat}").format(isoformat=as_of.isoformat()),
        )
        doc.build(story)
    return len(sheets)


def plan_rows(db: Database, as_of: date, rep: str | None = None) -> tuple[list[str], list[list[object]]]:
    """The plan as a table: one row per visit or call, amounts by bucket, promise and excuse."""
    sheets = call_sheets(db, as_of, rep=rep)
    labels = list(sheets[0].bucket_labels) if sheets else []
    header = [*PLAN_COLUMNS, *labels, "to_collect", "score", "last_promise", "last_excuse", "key"]
    rows: list[list[object]] = []
    for sheet in sheets:
        for line in sheet.lines:
            rows.append(
                [
                    sheet.rep,
                    line.day,
                    line.channel,
                    line.customer,
                    line.name,
                    line.phone,
                    line.address,
                    *[from_minor(v) for v in line.buckets],
                    from_minor(line.to_collect),
                    line.score,
                    message_text(line.promise),
                    excuse_name(line.excuse),
                    "yes" if line.key else None,
                ]
            )
    return header, rows


def write_plan(db: Database, as_of: date, rep: str | None, path: Path) -> int:
    """The collection plan for ``arddesk plan``: ``.pdf`` gives the call sheets, ``.xlsx``/``.csv`` the table.

    The window is the month starting at ``as_of``; see the module's docstring.

    Returns:
        The number of reps (PDF) or rows (table) written.
    """
    if path.suffix.lower() == ".pdf":
        return write_call_sheets(db, as_of, path, rep)
    header, rows = plan_rows(db, as_of, rep)
    write_table(path, header, rows)
    return len(rows)


def write_targets(db: Database, path: Path, period: str | None = None) -> int:
    """The targets (of a period, or all) as ``.xlsx``/``.csv`` that import back; returns the rows written."""
    header, rows = target_table(db, period)
    write_table(path, header, rows)
    return len(rows)
