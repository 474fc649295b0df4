"""Every table of arddesk in one metadata: the models of each store module, imported here.

Alembic's environment and the schema test import this module, so a table whose module
is missing from this list would be invisible to both.
"""

from __future__ import annotations

from arddesk.store import (
    credit,  # noqa: F401  (credit limits history, overrides)
    letters,  # noqa: F401  (register of reconciliation letters)
    models,
    risk,  # noqa: F401  (class overrides, causes of debt, warning flags)
)
from arddesk.store.models import Base

metadata = Base.metadata

__all__ = ["metadata", "models"]
