"""The table model of open early warnings, shown on the Warnings page and on the dashboard."""

from __future__ import annotations

from arddesk.domain.warnings import Warning
from arddesk.text import N_
from arddesk.text.messages import class_name, warning_text, warning_title
from arddesk.ui.widgets.tablemodel import Column, ListTableModel

WARNING_COLUMNS = [
    Column("customer", N_("Customer"), lambda w: w.customer),
    Column("kind", N_("Warning"), lambda w: warning_title(w.kind)),
    Column("on", N_("Since"), lambda w: w.on, "date"),
    Column("suggested", N_("Suggests"), lambda w: class_name(w.suggested) if w.suggested else ""),
    Column("message", N_("Details"), lambda w: warning_text(w)),
]


class WarningModel(ListTableModel):
    """Open early warnings."""

    columns = tuple(WARNING_COLUMNS)

    def mark(self, row: Warning) -> str | None:
        return "overdue" if row.suggested is not None else None
