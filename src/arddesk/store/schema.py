"""Every table of arddesk in one metadata: the models of each store module, imported here.

Alembic's environment and the schema test import this module, so a table whose module
is missing from this list would be invisible to both.
"""

from __future__ import annotations

from arddesk.store import audit, credit, followup, incentives, letters, models, plan, risk
from arddesk.store.models import Base

metadata = Base.metadata

# credit: limit history and overrides; letters: register of replies; risk: class overrides,
# causes of debt, warning flags; plan: collection targets and schedule entries; followup: contacts and promises;
# incentives: rules, locked results and the unlock log; audit: the trail and the log of imported files.
__all__ = ["audit", "credit", "followup", "incentives", "letters", "metadata", "models", "plan", "risk"]
