"""The audit trail as a table model, read a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from arddesk.services import audit
from arddesk.services.audit import AuditRow
from arddesk.text import N_
from arddesk.ui.widgets.tablemodel import Column, WindowedTableModel


def when(row: AuditRow) -> str:
    """The time of an audit entry as shown: to the second."""
    return row.at.isoformat(sep=" ", timespec="seconds")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the Audit page shows: entries since a day (None: all) whose text contains ``search``."""

    since: date | None = None
    search: str = ""


class AuditModel(WindowedTableModel):
    """The audit trail, newest first, a page at a time (the trail of a big company has millions of entries).

    Only the time column sorts (newest or oldest first): the trail is read in the order it was written.
    """

    default_sort = "at"
    columns = (
        Column("at", N_("When"), when),
        Column("user", N_("Who"), lambda r: r.user, sortable=False),
        Column("action", N_("Action"), lambda r: r.action, sortable=False),
        Column("table", N_("Table"), lambda r: r.table, sortable=False),
        Column("record", N_("Record"), lambda r: r.record, sortable=False),
        Column("field", N_("Field"), lambda r: r.field, sortable=False),
        Column("old", N_("Old"), lambda r: r.old, sortable=False),
        Column("new", N_("New"), lambda r: r.new, sortable=False),
        Column("reason", N_("Reason"), lambda r: r.reason, sortable=False),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.descending = True

    def fetch_count(self) -> int:
        assert self.db is not None
        return audit.count_audit_rows(self.db, since=self.filter.since, search=self.filter.search)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return audit.audit_rows(
            self.db,
            since=self.filter.since,
            search=self.filter.search,
            limit=limit,
            newest_first=self.descending,
            offset=offset,
        )
