"""Incentives storage: packed snapshots, the unlock log, target periods inside a period."""

from __future__ import annotations

from sqlalchemy import text

from arddesk.domain.dates import Period
from arddesk.store import incentives as store
from arddesk.store.db import Database


def test_snapshot_is_packed_and_read_back_unchanged(db: Database) -> None:
    snapshot = '{"period": "2026Q4", "lines": [' + ", ".join(['"收款 line"'] * 500) + "]}"
    with db.transaction() as session:
        store.put_lock(session, "2026Q4", snapshot)
    with db.reading() as session:
        raw = session.execute(text("SELECT snapshot FROM incentive_result")).scalar_one()
        found = store.lock_of(session, "2026Q4")
        assert store.lock_stamp(session, "2026Q4") is not None
    assert raw.startswith("zlib:") and len(raw) < len(snapshot) / 5
    assert found is not None and found.snapshot == snapshot
    with db.transaction() as session:
        store.remove_lock(session, found, "a payment was misapplied")
    with db.reading() as session:
        assert store.lock_of(session, "2026Q4") is None
        [row] = store.unlocks(session, "2026Q4")
        kept = session.execute(text("SELECT snapshot FROM incentive_unlock_log")).scalar_one()
    assert row.reason == "a payment was misapplied" and row.locked_at == found.locked_at
    assert kept.startswith("zlib:")


def test_periods_inside_a_period() -> None:
    assert store.period_labels_inside(Period.parse("2026Q4")) == ["2026-10", "2026-11", "2026-12", "2026Q4"]
    assert store.period_labels_inside(Period.parse("2026-11")) == ["2026-11"]
    year = store.period_labels_inside(Period.parse("2026"))
    assert len(year) == 12 + 4 + 1 and "2026Q1" in year and "2026-12" in year
