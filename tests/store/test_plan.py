"""The collection_target table with customers' targets (migration 0011) and its upgrade."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from arddesk.services import plan
from arddesk.services.audit import check_books, history
from arddesk.store import plan as store
from arddesk.store.db import Database, open_database
from tests.conftest import Books

FIXTURES = Path(__file__).with_name("fixtures")


def test_a_company_from_before_customer_targets_keeps_its_targets_in_the_trail(tmp_path: Path) -> None:
    path = tmp_path / "company.sqlite"
    shutil.copy(FIXTURES / "schema_0007.sqlite", path)

    database = open_database(path)
    try:
        [row] = plan.targets_in(database, "2026-12")
        entries = history(database, "collection_target", f"2026-12/{row.rep}/normal/0")
        findings = check_books(database).findings
    finally:
        database.close()

    assert (row.period, row.customer, row.kind, row.amount) == ("2026-12", "", "normal", 500_000)
    assert [(e.action, e.new) for e in entries] == [("upgrade", '{"amount":"500000"}')]
    assert findings == []


def test_one_own_target_per_period_rep_kind_and_year_and_one_per_customer_beside_it(db: Database, books: Books) -> None:
    books.customer("C1", rep="R1")
    with db.transaction() as session:
        rep = {r.code: r.id for r in store.reps(session)}["R1"]
        customer = store.customer_ids(session, ["C1"])["C1"]
        store.put_target(session, "2026Q3", rep, "normal", 0, 100)
        store.put_target(session, "2026Q3", rep, "normal", 0, 250, customer)
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(store.CollectionTargetRecord(period="2026Q3", rep_id=rep, kind="normal", origin_year=0, amount=1))
        session.flush()
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            store.CollectionTargetRecord(
                period="2026Q3", rep_id=rep, kind="normal", origin_year=0, amount=1, customer_id=customer
            )
        )
        session.flush()

    assert [(r.customer, r.amount) for r in plan.targets_in(db, "2026Q3")] == [("", 100), ("C1", 250)]
    assert check_books(db).findings == []
