"""The table model of open early warnings, shown on the Warnings page and on the dashboard."""

from __future__ import annotations

from typing import Any

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
    """Open early warnings, each with its customer's name (``names``, by code)."""

    def __init__(self, parent: Any = None) -> None:
        self.names: dict[str, str] = {}
        name = Column("name", N_("Name"), lambda w: self.names.get(w.customer, ""))
        super().__init__([WARNING_COLUMNS[0], name, *WARNING_COLUMNS[1:]], parent)

    def set_warnings(self, rows: list[Warning], names: dict[str, str]) -> None:
        """Show ``rows``, their customers named from ``names``."""
        self.names = names
        self.set_rows(rows)

    def mark(self, row: Warning) -> str | None:
        return "overdue" if row.suggested is not None else None
