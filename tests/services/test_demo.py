"""The demo company: deterministic, complete, and a ledger that balances."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from arddesk.domain.terms import Terms, TermsKind
from arddesk.services.aging import aging_report
from arddesk.services.demo import DemoCancelled, DemoSummary, generate_demo
from arddesk.services.maintenance import check_database
from arddesk.store.db import Database, open_database

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    return path, generate_demo(path, seed=7, today=TODAY)


@pytest.fixture(scope="module")
def demo_db(company: tuple[Path, DemoSummary]) -> Iterator[Database]:
    database = open_database(company[0])
    yield database
    database.close()


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _scalar(path: Path, sql: str) -> object:
    return _rows(path, sql)[0][0]


def test_summary_counts_what_was_written(company: tuple[Path, DemoSummary]) -> None:
    path, summary = company
    assert summary.customers == 50
    assert 1_600 <= summary.deliveries <= 2_400  # "about 2,000"
    assert summary.deliveries == _scalar(path, "SELECT COUNT(*) FROM delivery")
    assert summary.payments == _scalar(path, "SELECT COUNT(*) FROM payment")
    assert summary.adjustments == _scalar(path, "SELECT COUNT(*) FROM adjustment")
    assert summary.last_date == TODAY
    assert (TODAY - summary.first_date).days > 2 * 365
    assert _scalar(path, "SELECT MIN(date) FROM delivery") == summary.first_date.isoformat()
    assert _scalar(path, "SELECT MAX(date) FROM delivery") <= TODAY.isoformat()  # type: ignore[operator]
    assert _scalar(path, "SELECT MAX(date) FROM payment") <= TODAY.isoformat()  # type: ignore[operator]


def test_same_seed_gives_the_same_company_and_another_seed_another(tmp_path: Path) -> None:
    generate_demo(tmp_path / "a.sqlite", customers=12, deliveries=300, seed=3, today=TODAY)
    generate_demo(tmp_path / "b.sqlite", customers=12, deliveries=300, seed=3, today=TODAY)
    generate_demo(tmp_path / "c.sqlite", customers=12, deliveries=300, seed=4, today=TODAY)
    queries = (
        "SELECT * FROM delivery ORDER BY id",
        "SELECT * FROM payment ORDER BY id",
        "SELECT * FROM allocation ORDER BY id",
        "SELECT * FROM customer ORDER BY id",
    )
    for sql in queries:
        first = _rows(tmp_path / "a.sqlite", sql)
        assert first == _rows(tmp_path / "b.sqlite", sql)
        assert first != _rows(tmp_path / "c.sqlite", sql)


def test_the_ledger_passes_the_integrity_check(demo_db: Database) -> None:
    assert check_database(demo_db) == []


def test_aging_total_is_deliveries_less_payments_and_adjustments(
    company: tuple[Path, DemoSummary], demo_db: Database
) -> None:
    path = company[0]
    owed = _scalar(
        path,
        "SELECT (SELECT SUM(amount) FROM delivery) - (SELECT SUM(amount) FROM payment)"
        " - (SELECT SUM(amount) FROM adjustment)",
    )
    assert aging_report(demo_db, TODAY).total.total == owed


def test_aging_looks_real(demo_db: Database) -> None:
    total = aging_report(demo_db, TODAY).total
    columns = dict(zip(("1-30", "31-60", "61-90", "91-180", "181-365", "over_365"), total.buckets, strict=True))
    open_total = (total.not_due or 0) + sum(total.buckets)
    assert total.unapplied < 0  # some payments wait for goods or for the clerk
    assert columns["over_365"] > 0  # chronic non-payers
    assert columns["181-365"] > 0
    assert ((total.not_due or 0) + columns["1-30"]) / open_total > 0.5


def test_every_kind_of_terms_is_used(company: tuple[Path, DemoSummary]) -> None:
    used = set(
        _rows(
            company[0],
            "SELECT DISTINCT t.kind, t.days, t.day_of_month, t.cutoff_day"
            " FROM customer c JOIN terms t ON t.id = c.terms_id",
        )
    )
    assert {
        ("cod", None, None, None),
        ("net", 30, None, None),
        ("net", 60, None, None),
        ("eom", 30, None, None),
        ("monthly", None, 25, 25),
        ("batch", None, None, None),
        ("batch", 30, None, None),
    } <= used


def test_batch_deliveries_are_due_at_the_next_delivery(company: tuple[Path, DemoSummary]) -> None:
    rows = _rows(
        company[0],
        "SELECT d.customer_id, d.date, d.due_date, t.days FROM delivery d JOIN customer c ON c.id = d.customer_id"
        " JOIN terms t ON t.id = c.terms_id WHERE t.kind = 'batch' ORDER BY d.customer_id, d.date, d.id",
    )
    assert rows
    for (customer, delivered, due, days), following in zip(rows, [*rows[1:], None], strict=True):
        next_date = following[1] if following is not None and following[0] == customer else None
        terms = Terms("B", TermsKind.BATCH, days=days)  # type: ignore[arg-type]
        expected = terms.due_date(
            date.fromisoformat(str(delivered)), date.fromisoformat(str(next_date)) if next_date else None
        )
        assert due == (expected.isoformat() if expected else None)


def test_allocations_take_effect_when_money_meets_goods(company: tuple[Path, DemoSummary]) -> None:
    wrong = _scalar(
        company[0],
        """SELECT COUNT(*) FROM allocation a JOIN delivery d ON d.id = a.delivery_id
           LEFT JOIN payment p ON p.id = a.payment_id LEFT JOIN adjustment j ON j.id = a.adjustment_id
           WHERE a.effective_date <> MAX(d.date, COALESCE(p.date, j.date))""",
    )
    assert wrong == 0


def test_some_advances_were_applied_when_the_goods_went_out(company: tuple[Path, DemoSummary]) -> None:
    later = _scalar(
        company[0],
        "SELECT COUNT(*) FROM allocation a JOIN payment p ON p.id = a.payment_id WHERE a.effective_date > p.date",
    )
    assert later > 0  # type: ignore[operator]


def test_customers_have_chinese_and_english_names_in_their_language(company: tuple[Path, DemoSummary]) -> None:
    customers = _rows(company[0], "SELECT name, language FROM customer")
    chinese = [name for name, language in customers if language == "zh"]
    english = [name for name, language in customers if language == "en"]
    assert len(chinese) > len(english) > 5
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(name)) for name in chinese)
    assert all(str(name).isascii() for name in english)


def test_the_ledger_has_every_kind_of_adjustment_and_disputes(company: tuple[Path, DemoSummary]) -> None:
    kinds = {row[0] for row in _rows(company[0], "SELECT DISTINCT kind FROM adjustment")}
    assert kinds == {"return", "discount", "rebate", "write_off"}
    assert _scalar(company[0], "SELECT COUNT(*) FROM delivery WHERE note LIKE '争议%'")
    assert _scalar(company[0], "SELECT COUNT(*) FROM adjustment WHERE kind = 'write_off' AND reason = ''") == 0


def test_company_departments_and_reps(company: tuple[Path, DemoSummary]) -> None:
    path = company[0]
    assert _scalar(path, "SELECT value FROM setting WHERE key = 'company_name'")
    assert _scalar(path, "SELECT COUNT(*) FROM department WHERE head_rep_id IS NOT NULL") == 3
    assert _scalar(path, "SELECT COUNT(*) FROM rep") == 8
    assert _scalar(path, "SELECT COUNT(DISTINCT grade) FROM customer") == 4


def test_an_existing_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "taken.sqlite"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        generate_demo(path, today=TODAY)
    assert path.read_bytes() == b"precious"


def test_an_empty_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    assert generate_demo(path, customers=5, deliveries=50, today=TODAY).customers == 5


def test_cancelling_removes_the_half_written_file(tmp_path: Path) -> None:
    path = tmp_path / "cancelled.sqlite"
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 100

    with pytest.raises(DemoCancelled):
        generate_demo(path, today=TODAY, progress=progress)
    assert calls[-1][0] == 100
    assert not list(tmp_path.iterdir())


def test_progress_runs_up_to_its_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    generate_demo(tmp_path / "p.sqlite", customers=5, deliveries=50, today=TODAY, progress=progress)
    assert calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_demo_has_next_months_targets_a_schedule_and_a_contact_log(demo_db: Database) -> None:
    from arddesk.services import followup, plan

    assert plan.targets_in(demo_db, "2026-12")
    assert plan.schedule(demo_db, date(2026, 12, 1), date(2026, 12, 31))
    assert followup.list_contacts(demo_db)
    assert {view.status for view in followup.promises(demo_db, TODAY)} >= {"kept", "broken"}


def test_customers_come_with_payment_habits_and_restricted_ones_with_a_cap(company: tuple[Path, DemoSummary]) -> None:
    path, _summary = company
    assert _scalar(path, "SELECT COUNT(*) FROM customer WHERE hold_state = 'restricted' AND delivery_cap IS NULL") == 0
    capped = "SELECT COUNT(*) FROM customer WHERE hold_state <> 'restricted' AND delivery_cap IS NOT NULL"
    assert _scalar(path, capped) == 0
    assert _scalar(path, "SELECT COUNT(*) FROM customer WHERE signer = '' OR approver = ''") == 0
    methods = {row[0] for row in _rows(path, "SELECT DISTINCT pay_method FROM customer")}
    assert {"transfer", "cash"} <= methods
