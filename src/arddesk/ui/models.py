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
from arddesk.text import N_, _, formats
from arddesk.text.messages import code_text
from arddesk.ui.widgets.tablemodel import Column, ListTableModel, WindowedTableModel

HOLD_TEXT = {"normal": N_("normal"), "restricted": N_("restricted"), "stop": N_("STOP SUPPLY")}


def hold_text(code: str) -> str:
    """A hold state (``normal``, ``restricted``, ``stop``) in words."""
    return _(HOLD_TEXT[code]) if code in HOLD_TEXT else code


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
        Column("code", N_("Code"), lambda r: r.code),
        Column("name", N_("Name"), lambda r: r.name),
        Column("balance", N_("Balance"), lambda r: r.balance, "money", alert=_over),
        Column("overdue", N_("Overdue"), lambda r: r.overdue, "money", alert=_has_overdue),
        Column("credit_limit", N_("Credit limit"), lambda r: r.credit_limit, "money"),
        Column("hold_state", N_("Hold"), lambda r: hold_text(r.hold_state)),
        Column("rep", N_("Rep"), lambda r: r.rep),
        Column("department", N_("Dept."), lambda r: r.department),
        Column("grade", N_("Grade"), lambda r: r.grade),
        Column("terms", N_("Terms"), lambda r: r.terms),
        Column("phone", N_("Phone"), lambda r: r.phone),
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
        Column("code", N_("Code"), lambda r: r.code),
        Column("name", N_("Name"), lambda r: r.name),
        Column("rep", N_("Rep"), lambda r: r.rep),
        Column("terms", N_("Terms"), lambda r: r.terms),
        Column("credit_limit", N_("Credit limit"), lambda r: r.credit_limit, "money"),
        Column("balance", N_("Open balance"), lambda r: r.balance, "money"),
        Column("overdue", N_("Overdue"), lambda r: r.overdue, "money", alert=_has_overdue),
        Column("available", N_("Available"), lambda r: r.available, "money", alert=_over),
        Column("use_percent", N_("Used"), lambda r: r.use_percent, "percent"),
        Column("hold_state", N_("Hold"), lambda r: hold_text(r.hold_state)),
    )


def _overdue(row: DeliveryRow) -> bool:
    return row.overdue


class DeliveryModel(WindowedTableModel):
    """The delivery log."""

    default_sort = "date"
    columns = (
        Column("date", N_("Date"), lambda r: r.date, "date"),
        Column("number", N_("Number"), lambda r: r.number),
        Column("customer", N_("Customer"), lambda r: r.customer),
        Column("customer_name", N_("Name"), lambda r: r.customer_name),
        Column("rep", N_("Rep"), lambda r: r.rep),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("due_date", N_("Due"), lambda r: r.due_date, "date", alert=_overdue),
        Column("open_amount", N_("Open"), lambda r: r.open_amount, "money", alert=_overdue),
        Column("status", N_("Status"), lambda r: code_text(r.status), alert=_overdue),
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
    columns = (
        Column("date", N_("Date"), lambda r: r.date, "date"),
        Column("number", N_("Number"), lambda r: r.number),
        Column("customer", N_("Customer"), lambda r: r.customer),
        Column("customer_name", N_("Name"), lambda r: r.customer_name),
        Column("source", N_("Type"), lambda r: code_text(r.source)),
        Column("kind", N_("Method / kind"), lambda r: code_text(r.kind)),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("unapplied", N_("Unapplied"), lambda r: r.unapplied, "money"),
        Column("status", N_("Status"), lambda r: code_text(r.status)),
        Column("text", N_("Note / reason"), lambda r: r.text, sortable=False),
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
        Column("date", N_("Date"), lambda r: r.date, "date"),
        Column("kind", N_("Entry"), lambda r: code_text(r.kind)),
        Column("number", N_("Number"), lambda r: r.number),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("open_amount", N_("Open"), lambda r: r.open_amount, "money"),
        Column("balance", N_("Balance"), lambda r: r.balance, "money"),
        Column("text", N_("Note"), lambda r: r.text),
    )

    def mark(self, row: LedgerLine) -> str | None:
        # The void document is struck through; the line that takes its amount back out is only greyed.
        if row.kind == "void":
            return "paid"
        return "void" if row.voided_on is not None else None


class OverrideModel(ListTableModel):
    """The credit override log."""

    columns = (
        Column("overridden_at", N_("When"), lambda r: r.overridden_at.strftime("%Y-%m-%d %H:%M")),
        Column("overridden_by", N_("Who"), lambda r: r.overridden_by),
        Column("customer", N_("Customer"), lambda r: r.customer),
        Column("customer_name", N_("Name"), lambda r: r.customer_name),
        Column("delivery_number", N_("Delivery"), lambda r: r.delivery_number),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("exposure", N_("Exposure"), lambda r: r.exposure, "money"),
        Column("credit_limit", N_("Limit"), lambda r: r.credit_limit, "money"),
        Column("rules", N_("Blocked by"), lambda r: r.rules),
        Column("reason", N_("Reason"), lambda r: r.reason),
    )

    def mark(self, row: OverrideRow) -> str | None:
        return None


def _history_value(field: str, value: str) -> str:
    if field != "limit":
        return hold_text(value)
    return formats.money(Decimal(value)) if value else _("no limit")


class HistoryModel(ListTableModel):
    """Credit limit and hold history."""

    columns = (
        Column("changed_at", N_("When"), lambda r: r.changed_at.strftime("%Y-%m-%d %H:%M")),
        Column("changed_by", N_("Who"), lambda r: r.changed_by),
        Column("customer", N_("Customer"), lambda r: r.customer),
        Column("field", N_("What"), lambda r: r.field),
        Column("old_value", N_("Old"), lambda r: _history_value(r.field, r.old_value)),
        Column("new_value", N_("New"), lambda r: _history_value(r.field, r.new_value)),
        Column("reason", N_("Why"), lambda r: r.reason),
    )

    def mark(self, row: ChangeRow) -> str | None:
        return None


class AllocationModel(ListTableModel):
    """The allocations of one document, released ones too (struck through, with the day of release)."""

    columns = (
        Column("kind", N_("Type"), lambda r: code_text(r.kind)),
        Column("number", N_("Number"), lambda r: r.number),
        Column("amount", N_("Amount"), lambda r: r.amount, "money"),
        Column("effective", N_("From"), lambda r: r.effective, "date"),
        Column("released_on", N_("Released on"), lambda r: r.released_on, "date"),
    )

    def mark(self, row: Any) -> str | None:
        return "void" if row.released_on is not None else None


def _when(row: AuditRow) -> str:
    return row.at.isoformat(sep=" ", timespec="seconds")


class DocumentHistoryModel(ListTableModel):
    """What the audit trail says of one document, oldest first."""

    columns = (
        Column("at", N_("When"), _when),
        Column("user", N_("Who"), lambda r: r.user),
        Column("action", N_("Action"), lambda r: r.action),
        Column("field", N_("Field"), lambda r: r.field),
        Column("old", N_("Old"), lambda r: r.old),
        Column("new", N_("New"), lambda r: r.new),
        Column("reason", N_("Reason"), lambda r: r.reason),
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
        Column("at", N_("When"), _when),
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
