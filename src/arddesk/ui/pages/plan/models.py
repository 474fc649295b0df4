"""Customers' collection targets in a period as a table model (the plan and the contact log show it)."""

from __future__ import annotations

from typing import Any

from arddesk.text import N_
from arddesk.ui.widgets.tablemodel import Column, ListTableModel


class CustomerTargetModel(ListTableModel):
    """Each customer with a target in the period: target, promised, gap (red while promises fall short), collected."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("customer", N_("Customer"), lambda g: g.customer),
                Column("name", N_("Name"), lambda g: g.customer_name),
                Column("rep", N_("Rep"), lambda g: g.rep),
                Column("target", N_("Target"), lambda g: g.target, "money"),
                Column("promised", N_("Promised"), lambda g: g.promised, "money"),
                Column("gap", N_("Gap to negotiate"), lambda g: g.gap, "money", alert=lambda g: g.gap > 0),
                Column("collected", N_("Collected"), lambda g: g.collected, "money"),
            ),
            parent,
        )
