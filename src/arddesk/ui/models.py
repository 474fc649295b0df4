"""The table models of the main window, each testable without a view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from arddesk.services import audit, browse
from arddesk.services.audit import AuditRow
from arddesk.services.browse import CustomerRow, DeliveryRow, LedgerLine, MoneyRow
from arddesk.services.credit import ChangeRow, OverrideRow
from arddesk.ui import formatting
from arddesk.ui.widgets.tablemodel import Column, ListTableModel, WindowedTableModel

HOLD_TEXT = {"normal": "normal", "restricted": "restricted", "stop": "STOP SUPPLY"}


def _customer_mark(row: CustomerRow) -> str | None:
    # Whole rows are coloured only for what stops a delivery; an overdue amount colours its own cell.
    if row.hold_state == "stop":
        return "stop"
    if row.over_limit:
        return "over_limit"
    if row.hold_state == "restricted":
        return "restricted"
    return None


def _has_overdue(row: CustomerRow) -> bool:
    return row.overdue > 0


def _over(row: CustomerRow) -> bool:
    return row.over_limit


class CustomerModel(WindowedTableModel):
    """The customer list with balances."""

    default_sort = "code"
    columns = (
        Column("code", "Code", lambda r: r.code),
        Column("name", "Name", lambda r: r.name),
        Column("balance", "Balance", lambda r: r.balance, "money", alert=_over),
        Column("overdue", "Overdue", lambda r: r.overdue, "money", alert=_has_overdue),
        Column("credit_limit", "Credit limit", lambda r: r.credit_limit, "money"),
        Column("hold_state", "Hold", lambda r: HOLD_TEXT.get(r.hold_state, r.hold_state)),
        Column("rep", "Rep", lambda r: r.rep),
        Column("department", "Dept.", lambda r: r.department),
        Column("grade", "Grade", lambda r: r.grade),
        Column("terms", "Terms", lambda r: r.terms),
        Column("phone", "Phone", lambda r: r.phone),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return browse.count_customers(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return browse.customer_page(self.db, self.filter, self.sort_key, self.descending, offset, limit, self.total)

    def mark(self, row: CustomerRow) -> str | None:
        return _customer_mark(row)


class CreditModel(CustomerModel):
    """Credit limits: limit, balance, overdue, available, use in %, hold state."""

    default_sort = "code"
    columns = (
        Column("code", "Code", lambda r: r.code),
        Column("name", "Name", lambda r: r.name),
        Column("rep", "Rep", lambda r: r.rep),
        Column("terms", "Terms", lambda r: r.terms),
        Column("credit_limit", "Credit limit", lambda r: r.credit_limit, "money"),
        Column("balance", "Open balance", lambda r: r.balance, "money"),
        Column("overdue", "Overdue", lambda r: r.overdue, "money", alert=_has_overdue),
        Column("available", "Available", lambda r: r.available, "money", alert=_over),
        Column("use_percent", "Used", lambda r: r.use_percent, "percent"),
        Column("hold_state", "Hold", lambda r: HOLD_TEXT.get(r.hold_state, r.hold_state)),
    )


def _overdue(row: DeliveryRow) -> bool:
    return row.overdue


class DeliveryModel(WindowedTableModel):
    """The delivery log."""

    default_sort = "date"
    default_descending = True  # the newest first: what was just saved is on top
    columns = (
        Column("date", "Date", lambda r: r.date, "date"),
        Column("number", "Number", lambda r: r.number),
        Column("customer", "Customer", lambda r: r.customer),
        Column("customer_name", "Name", lambda r: r.customer_name),
        Column("rep", "Rep", lambda r: r.rep),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("due_date", "Due", lambda r: r.due_date, "date", alert=_overdue),
        Column("open_amount", "Open", lambda r: r.open_amount, "money", alert=_overdue),
        Column("status", "Status", lambda r: r.status, alert=_overdue),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return browse.count_deliveries(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return browse.delivery_page(self.db, self.filter, self.sort_key, self.descending, offset, limit, self.total)

    def mark(self, row: DeliveryRow) -> str | None:
        # A wall of red helps nobody: overdue shows in the due, open and status cells; paid rows are greyed.
        if row.voided_on is not None:
            return "void"
        return "paid" if row.open_amount == 0 else None


class MoneyModel(WindowedTableModel):
    """Payments and adjustments."""

    default_sort = "date"
    default_descending = True  # the newest first: what was just saved is on top
    columns = (
        Column("date", "Date", lambda r: r.date, "date"),
        Column("number", "Number", lambda r: r.number),
        Column("customer", "Customer", lambda r: r.customer),
        Column("customer_name", "Name", lambda r: r.customer_name),
        Column("source", "Type", lambda r: r.source),
        Column("kind", "Method / kind", lambda r: r.kind),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("unapplied", "Unapplied", lambda r: r.unapplied, "money"),
        Column("status", "Status", lambda r: r.status),
        Column("text", "Note / reason", lambda r: r.text, sortable=False),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return browse.count_money(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return browse.money_page(self.db, self.filter, self.sort_key, self.descending, offset, limit, self.total)

    def mark(self, row: MoneyRow) -> str | None:
        if row.voided_on is not None:
            return "void"
        return "restricted" if row.unapplied > 0 else None


class LedgerModel(ListTableModel):
    """One customer's ledger with the running balance."""

    columns = (
        Column("date", "Date", lambda r: r.date, "date"),
        Column("kind", "Entry", lambda r: r.kind),
        Column("number", "Number", lambda r: r.number),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("open_amount", "Open", lambda r: r.open_amount, "money"),
        Column("balance", "Balance", lambda r: r.balance, "money"),
        Column("text", "Note", lambda r: r.text),
    )

    def mark(self, row: LedgerLine) -> str | None:
        # The void document is struck through; the line that takes its amount back out is only greyed.
        if row.kind == "void":
            return "paid"
        return "void" if row.voided_on is not None else None


class OverrideModel(ListTableModel):
    """The credit override log."""

    columns = (
        Column("overridden_at", "When", lambda r: r.overridden_at.strftime("%Y-%m-%d %H:%M")),
        Column("overridden_by", "Who", lambda r: r.overridden_by),
        Column("customer", "Customer", lambda r: r.customer),
        Column("customer_name", "Name", lambda r: r.customer_name),
        Column("delivery_number", "Delivery", lambda r: r.delivery_number),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("exposure", "Exposure", lambda r: r.exposure, "money"),
        Column("credit_limit", "Limit", lambda r: r.credit_limit, "money"),
        Column("rules", "Blocked by", lambda r: r.rules),
        Column("reason", "Reason", lambda r: r.reason),
    )

    def mark(self, row: OverrideRow) -> str | None:
        return None


def _history_value(field: str, value: str) -> str:
    if field != "limit":
        return HOLD_TEXT.get(value, value)
    return formatting.money(Decimal(value)) if value else "no limit"


class HistoryModel(ListTableModel):
    """Credit limit and hold history."""

    columns = (
        Column("changed_at", "When", lambda r: r.changed_at.strftime("%Y-%m-%d %H:%M")),
        Column("changed_by", "Who", lambda r: r.changed_by),
        Column("customer", "Customer", lambda r: r.customer),
        Column("field", "What", lambda r: r.field),
        Column("old_value", "Old", lambda r: _history_value(r.field, r.old_value)),
        Column("new_value", "New", lambda r: _history_value(r.field, r.new_value)),
        Column("reason", "Why", lambda r: r.reason),
    )

    def mark(self, row: ChangeRow) -> str | None:
        return None


class AllocationModel(ListTableModel):
    """The allocations of one document, released ones too (struck through, with the day of release)."""

    columns = (
        Column("kind", "Type", lambda r: r.kind),
        Column("number", "Number", lambda r: r.number),
        Column("amount", "Amount", lambda r: r.amount, "money"),
        Column("effective", "From", lambda r: r.effective, "date"),
        Column("released_on", "Released on", lambda r: r.released_on, "date"),
    )

    def mark(self, row: Any) -> str | None:
        return "void" if row.released_on is not None else None


def _when(row: AuditRow) -> str:
    return row.at.isoformat(sep=" ", timespec="seconds")


class DocumentHistoryModel(ListTableModel):
    """What the audit trail says of one document, oldest first."""

    columns = (
        Column("at", "When", _when),
        Column("user", "Who", lambda r: r.user),
        Column("action", "Action", lambda r: r.action),
        Column("field", "Field", lambda r: r.field),
        Column("old", "Old", lambda r: r.old),
        Column("new", "New", lambda r: r.new),
        Column("reason", "Reason", lambda r: r.reason),
    )


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
        Column("at", "When", _when),
        Column("user", "Who", lambda r: r.user, sortable=False),
        Column("action", "Action", lambda r: r.action, sortable=False),
        Column("table", "Table", lambda r: r.table, sortable=False),
        Column("record", "Record", lambda r: r.record, sortable=False),
        Column("field", "Field", lambda r: r.field, sortable=False),
        Column("old", "Old", lambda r: r.old, sortable=False),
        Column("new", "New", lambda r: r.new, sortable=False),
        Column("reason", "Reason", lambda r: r.reason, sortable=False),
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
