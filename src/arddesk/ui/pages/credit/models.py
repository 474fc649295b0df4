"""Credit limits, the override log and the limit history as table models."""

from __future__ import annotations

from decimal import Decimal

from arddesk.services.credit import ChangeRow, OverrideRow
from arddesk.text import N_, _, formats
from arddesk.ui.pages.customers.models import CustomerModel, has_overdue, hold_text, over_limit
from arddesk.ui.widgets.tablemodel import Column, ListTableModel


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
        Column("overdue", N_("Overdue"), lambda r: r.overdue, "money", alert=has_overdue),
        Column("available", N_("Available"), lambda r: r.available, "money", alert=over_limit),
        Column("use_percent", N_("Used"), lambda r: r.use_percent, "percent"),
        Column("hold_state", N_("Hold"), lambda r: hold_text(r.hold_state)),
    )


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
