"""Export from the window: file work runs off the GUI thread with progress and Cancel.

An export is written to a temporary file beside the target and renamed only when complete, so
Cancel (or an error) leaves no half-written spreadsheet behind. Imports: see ``ui.pages.imports.dialog``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from arddesk.store.db import Database
from arddesk.text import _, formats, ngettext
from arddesk.ui import feedback
from arddesk.ui.errors import show_error
from arddesk.ui.kinds import kind_name
from arddesk.ui.pages.base import Page
from arddesk.ui.tasks import Cancelled, run_in_background
from arddesk.ui.widgets.tablemodel import ListTableModel, WindowedTableModel


def _reporting(rows: Iterable[Sequence[Any]], total: int, progress: Callable[..., None]) -> Iterator[Sequence[Any]]:
    for done, row in enumerate(rows):
        if done % 2000 == 0:
            progress(done, total)
        yield row


def _write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    heading: Sequence[str] = (),
) -> int:
    from arddesk.reports.tables import write_table  # openpyxl: loaded when first needed, not at start-up

    return write_table(path, list(header), rows, sheet=sheet, heading=heading)


def view_heading(db: Database | None, view: str, context: Sequence[tuple[str, str]]) -> list[str]:
    """The title lines of a view's workbook: the company and the view, then the as-of date and filters."""
    from arddesk.services.settings import load_settings

    company = load_settings(db).company_name if db is not None else ""
    lines = [_("{company} — {view}").format(company=company, view=view) if company else view]
    if context:
        lines.append(
            "; ".join(
                _("{label}: {value}").format(label=label, value=value) if label else value for label, value in context
            )
        )
    return lines


def page_rows(page: Page) -> tuple[list[str], Iterable[Sequence[Any]], int]:
    """Headers, rows (streamed for big lists) and how many, of what the page shows as filtered."""
    chooser = getattr(page, "export_model", None)
    model = chooser() if chooser is not None else getattr(page, "model", None)
    if isinstance(model, WindowedTableModel):
        total = model.fetch_count() if model.is_counting else model.rowCount()
        rows = ([c.raw(c.get(r)) for c in model.columns] for r in model.iter_rows())
        return [_(c.title) for c in model.columns], rows, total
    table = model.export_rows() if isinstance(model, ListTableModel) else page.export_table()
    if table is None:
        return [], [], 0
    return table[0], table[1], len(table[1])


def export_page(parent: QWidget, page: Page, path: Path) -> None:
    """The page's table, as filtered on screen, to ``path`` (.xlsx or .csv)."""

    context = page.export_context()

    def work(progress: Callable[..., None]) -> int:
        header, rows, total = page_rows(page)
        progress(0, total)
        heading = view_heading(page.db, page.title, context)
        return _write_table(path, header, _reporting(rows, total, progress), sheet=page.title, heading=heading)

    run_in_background(
        parent,
        _("Exporting {title}…").format(title=page.title),
        work,
        on_done=lambda n: feedback.announce(
            parent,
            ngettext("Exported {count} row to {name}.", "Exported {count} rows to {name}.", n).format(
                count=formats.count(n), name=path.name
            ),
            path,
        ),
        on_error=lambda exc: None if isinstance(exc, Cancelled) else show_error(parent, _("Export"), exc),
    )


def export_kind(parent: QWidget, db: Database, kind: str, path: Path) -> None:
    """Export one kind of records, re-importable (the same columns as ``arddesk export``)."""
    from arddesk.services.exporting import export_rows

    def work(progress: Callable[..., None]) -> None:
        header, rows = export_rows(db, kind)
        _write_table(path, header, _reporting(rows, 0, progress))

    run_in_background(
        parent,
        _("Exporting {kind}…").format(kind=kind_name(kind)),
        work,
        on_done=lambda _r: feedback.announce(
            parent, _("Exported {kind} to {name}.").format(kind=kind_name(kind), name=path.name), path
        ),
        on_error=lambda exc: (
            None
            if isinstance(exc, Cancelled)
            else show_error(parent, _("Export {kind}").format(kind=kind_name(kind)), exc)
        ),
    )
