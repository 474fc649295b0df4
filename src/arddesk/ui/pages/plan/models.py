"""Customers' collection targets in a period as a table model (the plan and the contact log show it)."""

from __future__ import annotations

from typing import Any

from arddesk.ui.widgets.tablemodel import Column, ListTableModel


class CustomerTargetModel(ListTableModel):
    """Each customer with a target in the period: target, promised, gap (red while promises fall short), collected."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("customer", "Customer", lambda g: g.customer),
                Column("name", "Name", lambda g: g.customer_name),
                Column("rep", "Rep", lambda g: g.rep),
                Column("target", "Target", lambda g: g.target, "money"),
                Column("promised", "Promised", lambda g: g.promised, "money"),
                Column("gap", "Gap to negotiate", lambda g: g.gap, "money", alert=lambda g: g.gap > 0),
                Column("collected", "Collected", lambda g: g.collected, "money"),
            ),
            parent,
        )
