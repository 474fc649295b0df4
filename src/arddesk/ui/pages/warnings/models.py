"""The table model of open early warnings, shown on the Warnings page and on the dashboard."""

from __future__ import annotations

from arddesk.domain.classes import CLASS_NAMES
from arddesk.domain.warnings import Warning
from arddesk.ui.widgets.tablemodel import Column, ListTableModel

WARNING_COLUMNS = [
    Column("customer", "Customer", lambda w: w.customer),
    Column("kind", "Warning", lambda w: w.title),
    Column("on", "Since", lambda w: w.on, "date"),
    Column("suggested", "Suggests", lambda w: CLASS_NAMES[w.suggested] if w.suggested else ""),
    Column("message", "Details", lambda w: w.message),
]


class WarningModel(ListTableModel):
    """Open early warnings."""

    columns = tuple(WARNING_COLUMNS)

    def mark(self, row: Warning) -> str | None:
        return "overdue" if row.suggested is not None else None
