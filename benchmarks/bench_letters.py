"""Reconciliation letters for 1,000 customers: arddesk against a bare ReportLab script, in the same run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_letters.py [--customers N] [--deliveries N]

A demo company (``services.demo.generate_demo``, history up to 2026-11-20) is written to
``benchmarks/work/`` and reused by later runs of the same size; the letters are those of
2026Q3. Measured:

- ``statements``: arddesk's queries for every letter (``plan_letters``);
- ``arddesk``: ``write_statement_letters``, the separate letters on every core (a process
  pool), then ``all.pdf`` drawn in parts on the pool and joined; the time at which the
  last separate letter was done is taken from the progress callback;
- ``bare``: the bare script in one process, one PDF per customer, then every letter in one PDF.

Each side runs twice in the order A B B A (the machine is shared: a busy spell then hits
both); the better run counts. The ratio is of wall time, the one that counts when work is
spread over cores; the machine's load average is printed beside each run.

The bare script gets every text already formatted (its formatting is not timed) and
builds the same pages with plain ReportLab: the same embedded fonts, paragraphs, tables
with repeated headers, reply slip and "page N of M" footer, but no escaping beyond
``xml.sax.saxutils.escape``, no fallback fonts, no atomic writes and no re-run checks.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arddesk.domain.dates import Period
from arddesk.domain.statements import Statement
from arddesk.reports.letter_texts import bucket_label, long_date, texts_for
from arddesk.reports.letters import (
    FONT,
    letter_options,
    money,
    register_fonts,
    write_statement_letters,
)
from arddesk.services.demo import generate_demo
from arddesk.services.letters import plan_letters
from arddesk.store.db import open_database

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
TODAY = date(2026, 11, 20)
PERIOD = Period.parse("2026Q3")
TARGET = 0.6


# ---------------------------------------------------------------- the bare script


@dataclass
class Plain:
    """One letter's texts, formatted beforehand."""

    company: list[str]
    customer: list[str]
    facts: list[tuple[str, str]]
    title: str
    headings: list[str]
    intro: str
    statement_rows: list[list[str]]
    balance: str
    aging: list[list[str]]
    open_rows: list[list[str]]
    applied_rows: list[list[str]]
    bank: str
    slip: list[str]
    signature: list[str]
    footer: str
    page: str


def plain(statement: Statement, company: Any) -> Plain:
    """Everything the bare script prints, as plain strings (not timed)."""
    language = statement.customer.language
    t = texts_for(language)
    end = statement.period.end
    rows = [[t[k] for k in ("col_date", "col_type", "col_number", "col_details", "col_debit", "col_credit",
                             "col_balance")]]
    rows.append(["", "", "", t["opening"].format(day=(statement.period.start - timedelta(days=1)).isoformat()), "",
                 "", money(statement.opening)])
    for line in statement.lines:
        e = line.entry
        details = "; ".join(p for p in (t["due_on"].format(day=e.due_date.isoformat()) if e.due_date else "",
                                         t.get(f"sub_{e.subkind}", ""), e.text) if p)
        rows.append([e.date.isoformat(), t[f"kind_{e.kind.value}"], e.number, details,
                     money(line.debit) if line.debit is not None else "",
                     money(line.credit) if line.credit is not None else "", money(line.balance)])
    rows.append(["", "", "", t["totals"], money(statement.deliveries_total), money(statement.credits_total), ""])
    rows.append(["", "", "", t["closing"].format(day=end.isoformat()), "", "", money(statement.closing)])
    aging = statement.aging
    labels = [bucket_label("not_due", language)] + [bucket_label(x, language) for x in aging.labels]
    labels += [t["unapplied"], t["total"]]
    values = [money(v) for v in (aging.not_due, *aging.buckets, aging.unapplied, aging.total)]
    open_rows = [[t[k] for k in ("col_number", "col_date", "col_due", "col_days_overdue", "aging", "col_open")]]
    open_rows += [[o.number, o.date.isoformat(), o.due_date.isoformat() if o.due_date else "",
                   str(o.days_overdue or ""), bucket_label(o.bucket, language), money(o.open)]
                  for o in statement.open_deliveries]
    applied_rows = [[t[k] for k in ("col_date", "col_paid_by", "col_applied_to", "col_delivery_date", "col_amount")]]
    applied_rows += [[a.source_date.isoformat(), f"{t['kind_' + a.source_kind.value]} {a.source_number}",
                      a.delivery_number, a.delivery_date.isoformat(), money(a.amount)] for a in statement.applied]
    return_by = long_date(statement.return_by or end, language)
    amount = money(abs(statement.closing))
    return Plain(
        company=[company.company_name, company.company_address, company.company_phone],
        customer=[t["to"], statement.customer.name, statement.customer.address, statement.customer.phone],
        facts=[(t["letter_date"], long_date(statement.letter_date or TODAY, language)),
               (t["reference"], statement.reference), (t["period"], f"{statement.period.start} \u2013 {end}"),
               (t["customer_code"], statement.customer.code)],
        title=t["title"],
        headings=[t["statement"], t["aging"], t["open_items"].format(end=end.isoformat()), t["applied"], t["bank"]],
        intro=t["intro"].format(company=company.company_name, start=long_date(statement.period.start, language),
                                end=long_date(end, language), return_by=return_by),
        statement_rows=rows,
        balance=t["balance_owed"].format(company=company.company_name, end=long_date(end, language),
                                         currency=statement.currency, amount=amount),
        aging=[labels, values],
        open_rows=open_rows,
        applied_rows=applied_rows,
        bank=company.bank_details,
        slip=[t["cut_here"], t["slip_title"],
              t["slip_to"].format(company=company.company_name, reference=statement.reference, return_by=return_by),
              t["slip_from"].format(customer=statement.customer.name, code=statement.customer.code),
              "\u25a1 " + t["slip_agreed"].format(end=long_date(end, language), currency=statement.currency,
                                                   amount=amount, side=t["slip_side_owed"]),
              "\u25a1 " + t["slip_differs"].format(end=long_date(end, language), currency=statement.currency)],
        signature=[t["signature"], t["stamp"], t["slip_date"]],
        footer=f"{company.company_name} \u00b7 {statement.reference}",
        page=t["page"],
    )


class BareCanvas(Canvas):  # type: ignore[misc]
    """The usual two-pass canvas for "page N of M", per letter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = FONT
        super().__init__(*args, **kwargs)
        self.pages: list[dict[str, Any]] = []
        self.letter: tuple[int, str, str] = (0, "", "")

    def showPage(self) -> None:
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        counts: dict[int, int] = {}
        for state in self.pages:
            counts[state["letter"][0]] = counts.get(state["letter"][0], 0) + 1
        seen: dict[int, int] = {}
        for state in self.pages:
            self.__dict__.update(state)
            key, footer, page = self.letter
            seen[key] = seen.get(key, 0) + 1
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.grey)
            self.drawString(18 * mm, 10 * mm, footer)
            self.drawRightString(self._pagesize[0] - 18 * mm, 10 * mm, page.format(n=seen[key], m=counts[key]))
            Canvas.showPage(self)
        Canvas.save(self)


class Mark(Spacer):  # type: ignore[misc]
    """Tells the canvas which letter its pages belong to."""

    def __init__(self, letter: tuple[int, str, str]) -> None:
        super().__init__(0, 0)
        self.letter = letter

    def draw(self) -> None:
        self.canv.letter = self.letter


GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8ccd0")),
    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
])


def bare_story(letter: Plain, key: int, width: float) -> list[Any]:
    """The same letter with plain ReportLab."""
    wrap = "CJK" if letter.page.startswith("第") else None
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12.5, wordWrap=wrap)
    small = ParagraphStyle("s", parent=body, fontSize=8, leading=10.5)
    cell = ParagraphStyle("c", parent=body, fontSize=8, leading=10)
    heading = ParagraphStyle("h", parent=body, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=3)
    big = ParagraphStyle("t", parent=body, fontSize=15, leading=19)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def cells(rows: list[list[str]], header_cells: bool = True) -> list[list[Any]]:
        return [[p(c, cell) for c in row] if header_cells and i == 0 else list(row) for i, row in enumerate(rows)]

    story: list[Any] = [Mark((key, letter.footer, letter.page))]
    head = Table([[[p(letter.company[0], big), p("\n".join(letter.company[1:]), small)], ""]],
                 colWidths=[width - 45 * mm, 45 * mm])
    head.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]))
    facts = Table([[p(a, small), p(b, small)] for a, b in letter.facts], colWidths=[24 * mm, 46 * mm])
    facts.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8)]))
    to = Table([[[p(x, small if i != 1 else body) for i, x in enumerate(letter.customer) if x], facts]],
               colWidths=[width - 72 * mm, 72 * mm])
    to.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [head, Spacer(1, 5 * mm), to, p(letter.title, big), p(letter.intro)]
    rows: list[list[Any]] = [[*row[:3], p(row[3], cell) if row[3] else "", *row[4:]] for row in letter.statement_rows]
    rows[0] = [p(c, cell) for c in letter.statement_rows[0]]
    fixed = [19 * mm, 17 * mm, 25 * mm, 21 * mm, 21 * mm, 23 * mm]
    statement = Table(rows, colWidths=[*fixed[:3], width - sum(fixed), *fixed[3:]], repeatRows=1)
    statement.setStyle(GRID)
    story += [p(letter.headings[0], heading), statement, p(letter.balance)]
    aging = Table(cells(letter.aging), colWidths=[width / len(letter.aging[0])] * len(letter.aging[0]))
    aging.setStyle(GRID)
    story += [p(letter.headings[1], heading), aging]
    if len(letter.open_rows) > 1:
        rows = cells(letter.open_rows)
        for row in rows[1:]:
            row[4] = p(row[4], cell)
        table = Table(rows, colWidths=[width - 126 * mm, 22 * mm, 22 * mm, 22 * mm, 32 * mm, 28 * mm], repeatRows=1)
        table.setStyle(GRID)
        story += [p(letter.headings[2], heading), table]
    if len(letter.applied_rows) > 1:
        rows = cells(letter.applied_rows)
        for row in rows[1:]:
            row[1] = p(row[1], cell)
        rest = (width - 78 * mm) / 2
        table = Table(rows, colWidths=[22 * mm, rest, rest, 26 * mm, 30 * mm], repeatRows=1)
        table.setStyle(GRID)
        story += [p(letter.headings[3], heading), table]
    story += [p(letter.headings[4], heading), p(letter.bank, small), Spacer(1, 6 * mm)]
    lines = Table([[""], [""]], colWidths=[width], rowHeights=[7 * mm, 7 * mm])
    lines.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey)]))
    third = (width - 12 * mm) / 3
    signs = Table([["", "", "", "", ""], [p(letter.signature[0], small), "", p(letter.signature[1], small), "",
                                          p(letter.signature[2], small)]],
                  colWidths=[third, 6 * mm, third, 6 * mm, third], rowHeights=[22 * mm, None])
    signs.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("BOX", (2, 0), (2, 0), 0.5, colors.grey)]))
    slip = [p("- - - - " + letter.slip[0] + " - - - -", small), p(letter.slip[1], heading), p(letter.slip[2], small),
            p(letter.slip[3], small), p(letter.slip[4]), p(letter.slip[5]), Spacer(1, 7 * mm), lines,
            Spacer(1, 6 * mm), signs]
    story.append(KeepTogether(slip))
    return story


def bare_document(path: Path) -> BaseDocTemplate:
    """A4, the same margins, no frame padding."""
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                          bottomMargin=20 * mm, initialFontName=FONT)
    doc.addPageTemplates([PageTemplate(frames=[Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                                                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)])])
    return doc


def bare_separate(letters: list[tuple[str, Plain]], out: Path) -> None:
    """One PDF per letter."""
    out.mkdir(parents=True, exist_ok=True)
    for name, letter in letters:
        doc = bare_document(out / f"{name}.pdf")
        doc.build(bare_story(letter, 0, doc.width), canvasmaker=BareCanvas)


def bare_combined(letters: list[tuple[str, Plain]], path: Path) -> None:
    """Every letter in one PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = bare_document(path)
    story: list[Any] = []
    for key, (_name, letter) in enumerate(letters):
        if key:
            story.append(PageBreak())
        story += bare_story(letter, key, doc.width)
    doc.build(story, canvasmaker=BareCanvas)


# ---------------------------------------------------------------- the run


def pages(folder: Path) -> tuple[int, int]:
    """(files, pages) of the PDFs in a folder, pages counted from the page objects."""
    files = list(folder.glob("*.pdf"))
    count = sum(path.read_bytes().count(b"/Type /Page\n") for path in files)
    return len(files), count


def run(fn: Any) -> tuple[float, float]:
    """Run ``fn`` once: (wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def show(label: str, wall: float, cpu: float) -> None:
    """One line of the results."""
    print(f"  {label:<22} {wall:8.2f} s wall {cpu:8.2f} s cpu", flush=True)


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the pool's workers, once shut down)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def load() -> str:
    """The machine's load average over the last minute, and how many cores."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def main() -> None:
    """Build (or reuse) the company and time both writers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--deliveries", type=int, default=40_000)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    company = WORK / f"letters-{args.customers}-{args.deliveries}.sqlite"
    if not company.exists():
        print(f"writing demo company {company.name} …", flush=True)
        generate_demo(company, customers=args.customers, deliveries=args.deliveries, seed=1, today=TODAY)
    out = WORK / "letters-out"
    shutil.rmtree(out, ignore_errors=True)
    db = open_database(company)
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpus; {company.name}, {PERIOD}")
    statements: list[Statement] = []

    def prepare() -> None:
        statements.extend(plan_letters(db, PERIOD, letter_date=date(2026, 10, 8)))

    t_prepare, cpu_prepare = run(prepare)
    show("statements", t_prepare, cpu_prepare)
    options = letter_options(db)
    register_fonts()
    letters = [(s.customer.code, plain(s, options.company)) for s in statements]
    lines = sum(len(s.lines) for s in statements)
    print(f"  {len(statements)} letters, {lines} statement lines; {load()}")
    # Warm-up, not timed: first-use costs (imports, parser caches, font tables) fall on neither side.
    write_statement_letters(statements[:5], out / "warm-a", options, combined=False, workers=1)
    bare_separate(letters[:5], out / "warm-b")
    # Each side twice, in the order A B B A (the machine is shared: a busy spell then hits both); the better counts.
    times: dict[str, list[tuple[float, float, float]]] = {"arddesk": [], "bare": []}
    cpus: dict[str, list[float]] = {"arddesk": [], "bare": []}
    for turn, label in enumerate(("arddesk", "bare", "bare", "arddesk")):
        folder = out / f"{label}-{turn}"
        cpu_start = cpu_seconds()
        start = time.perf_counter()
        if label == "arddesk":
            separate_done: list[float] = []

            def progress(done: int, total: int, marks: list[float] = separate_done) -> bool:
                if done >= len(statements) and not marks:
                    marks.append(time.perf_counter())
                return True

            write_statement_letters(statements, folder, options, progress=progress)
            end = time.perf_counter()
            separate = separate_done[0] - start
        else:
            bare_separate(letters, folder)
            separate = time.perf_counter() - start
            bare_combined(letters, folder / "all.pdf")
            end = time.perf_counter()
        times[label].append((separate, end - start - separate, end - start))
        cpus[label].append(cpu_seconds() - cpu_start)
        print(f"  {label:<8} separate {separate:6.2f} s, all.pdf {end - start - separate:6.2f} s, "
              f"together {end - start:6.2f} s wall, {cpus[label][-1]:6.2f} s cpu in all processes; {load()}",
              flush=True)
    best = {label: min(runs, key=lambda t: t[2]) for label, runs in times.items()}
    for folder in sorted(out.glob("*-[0-3]")):
        files, count = pages(folder)
        combined = len(PdfReader(folder / "all.pdf").pages)
        print(f"  {folder.name}: {files} files, {count} pages; all.pdf {combined} pages")
    separate_ratio = best["arddesk"][0] / best["bare"][0]
    together_ratio = best["arddesk"][2] / best["bare"][2]
    print(f"separate letters: {best['arddesk'][0]:.2f} s on every core against {best['bare'][0]:.2f} s bare "
          f"in one process: {separate_ratio:.2f}x")
    print(f"separate letters and all.pdf: {best['arddesk'][2]:.2f} s against {best['bare'][2]:.2f} s: "
          f"{together_ratio:.2f}x")
    # Under load the pool's wall time says little (the kernel shares a session's CPU among its
    # processes); the CPU time each side spent says how much work ours does against the bare script's.
    print(f"cpu time, every process: {min(cpus['arddesk']):.2f} s against {min(cpus['bare']):.2f} s: "
          f"{min(cpus['arddesk']) / min(cpus['bare']):.2f}x")
    verdict = "within" if max(separate_ratio, together_ratio) <= TARGET else "OVER"
    print(f"target <= {TARGET}x the bare script's wall time: {verdict}")
    db.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
