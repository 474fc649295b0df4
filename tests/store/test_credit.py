"""The credit-control tables (migration 0002) keep their rows through later upgrades."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from arddesk.services import credit
from arddesk.store.db import open_database

FROZEN = Path(__file__).parent / "fixtures" / "schema_0002.sqlite"


def test_a_company_at_schema_0002_keeps_its_credit_history_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / FROZEN.name
    shutil.copy(FROZEN, path)

    db = open_database(path)
    try:
        [change] = credit.credit_history(db)
        [override] = credit.override_log(db)
        rules = credit.load_credit_rules(db)
    finally:
        db.close()

    assert (change.field, change.old_value, change.new_value, change.reason, change.changed_by) == (
        "limit", "1000.00", "2000.00", "paid on time for a year", "clerk",
    )
    assert (override.delivery_number, override.amount, override.exposure, override.credit_limit) == (
        "D-OVR-1", 50000, 250000, 200000,
    )
    assert override.overridden_at.date() == date(2026, 11, 21)
    assert rules.over_limit == "warn"
