"""The handover sheet: the customers a rep hands over to another, with what each owes, to sign.

Written when the Staff page moves a rep's customers (:func:`arddesk.services.staff.move_customers`).
The customers themselves confirm their balances on the reconciliation letter marked as a
handover (the Letters page).
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from arddesk.reports.letters import FONT, markup, register_fonts
from arddesk.services.staff import Handover
from arddesk.store.files import atomic_path
from arddesk.text import _
from arddesk.text.formats import money

_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#607080")),
        ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.HexColor("#c8ccd0")),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#607080")),
    ]
)


def write_handover(handover: Handover, path: Path, *, company: str = "") -> Path:
    """Write the handover sheet as a one-document PDF; the file is replaced only once complete.

    Args:
        handover: what :func:`arddesk.services.staff.move_customers` did.
        path: the ``.pdf`` to write.
        company: the company's name for the heading ('' for none).
    """
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=20, spaceAfter=6)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    right = ParagraphStyle("right", parent=cell, alignment=TA_RIGHT)
    giver = f"{handover.from_rep} {handover.from_name}"
    taker = f"{handover.to_rep} {handover.to_name}"
    heading = _("Customer handover")
    story = [
        Paragraph(markup(f"{company}\n{heading}" if company else heading), title),
        Paragraph(markup(_("From: {giver}\nTo: {taker}").format(giver=giver, taker=taker)), body),
        Paragraph(
            markup(
                _("Date: {isoformat}\nReason: {reason}").format(
                    isoformat=handover.on.isoformat(), reason=handover.reason
                )
            ),
            body,
        ),
        Spacer(1, 5 * mm),
    ]
    rows: list[list[object]] = [[_("Code"), _("Customer"), _("Balance"), _("Overdue")]]
    rows += [
        [Paragraph(markup(c.code), cell), Paragraph(markup(c.name), cell), money(c.balance), money(c.overdue)]
        for c in handover.customers
    ]
    count = _("{customers} customer(s)").format(customers=len(handover.customers))
    rows.append([count, Paragraph(_("Total"), right), money(handover.balance), money(handover.overdue)])
    table = Table(rows, colWidths=[30 * mm, 85 * mm, 30 * mm, 30 * mm], repeatRows=1)
    table.setStyle(_GRID)
    story += [table, Spacer(1, 8 * mm)]
    story.append(
        Paragraph(
            markup(
                _(
                    "The balances above are confirmed with each customer on the reconciliation letter marked "
                    "as a handover."
                )
            ),
            body,
        )
    )
    story.append(Spacer(1, 14 * mm))
    signatures = Table(
        [[_("Handed over by"), _("Taken over by"), _("Approved by")], ["", "", ""]],
        colWidths=[58 * mm] * 3,
        rowHeights=[6 * mm, 14 * mm],
    )
    signatures.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("LINEBELOW", (0, 1), (-1, 1), 0.5, colors.black)])
    )
    story.append(signatures)
    with atomic_path(path) as temporary:
        SimpleDocTemplate(
            str(temporary),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=_("Customer handover {from_rep} to {to_rep}").format(
                from_rep=handover.from_rep, to_rep=handover.to_rep
            ),
            creator="arddesk",
        ).build(story)
        os.chmod(temporary, 0o644)  # private while written; a handover sheet is an ordinary document
    return path
