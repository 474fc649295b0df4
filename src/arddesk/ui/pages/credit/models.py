"""Credit limits, the override log and the limit history as table models."""

from __future__ import annotations

from decimal import Decimal

from arddesk.services.credit import ChangeRow, OverrideRow
from arddesk.ui import formatting
from arddesk.ui.pages.customers.models import HOLD_TEXT, CustomerModel, has_overdue, over_limit
from arddesk.ui.widgets.tablemodel import Column, ListTableModel


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
        Column("overdue", "Overdue", lambda r: r.overdue, "money", alert=has_overdue),
        Column("available", "Available", lambda r: r.available, "money", alert=over_limit),
        Column("use_percent", "Used", lambda r: r.use_percent, "percent"),
        Column("hold_state", "Hold", lambda r: HOLD_TEXT.get(r.hold_state, r.hold_state)),
    )


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
