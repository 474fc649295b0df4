"""Reading the audit trail a window at a time, as the Audit page does on a trail of millions of entries."""

from __future__ import annotations

from datetime import date

from arddesk.services import audit
from arddesk.text.messages import message_text
from tests.conftest import sqlite_only


def test_windows_of_the_trail_follow_one_another_newest_first(db, books):
    books.customer("C1")
    for day in range(1, 8):
        books.delivery(f"D{day}", "C1", on=f"2026-03-0{day}", amount="1.00")
    everything = audit.audit_rows(db, newest_first=True)

    windows = [audit.audit_rows(db, newest_first=True, limit=3, offset=offset) for offset in range(0, 12, 3)]

    assert [row for window in windows for row in window] == everything
    assert audit.count_audit_rows(db) == len(everything) > 7
    assert everything[0].record == "D7"


def test_the_count_follows_the_search_and_the_day(db, books):
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-03-01", amount="1.00")
    books.delivery("D2", "C1", on="2026-03-02", amount="1.00")

    assert audit.count_audit_rows(db, search="D2") == len(audit.audit_rows(db, search="D2")) == 1
    assert audit.count_audit_rows(db, since=date.today()) == audit.count_audit_rows(db)
    assert audit.count_audit_rows(db, since=date(2100, 1, 1)) == 0


@sqlite_only
def test_opening_a_company_warns_when_its_latest_audit_entries_were_changed(db, books) -> None:
    import sqlite3

    from arddesk.services.company import open_company

    books.customer("C1")
    path = db.location
    db.close()
    assert open_company(path, write=False).warnings == ()
    with sqlite3.connect(path) as outside:
        outside.execute("UPDATE audit_entry SET new = replace(new, 'C1', 'C2') WHERE record = 'C1'")
    opened = open_company(path, write=False)
    assert tuple(map(message_text, opened.warnings)) == (
        f"The audit trail was changed outside arddesk (audit_entry {_last_id(path)}: this audit entry was changed); "
        "run arddesk check.",
    )
    opened.db.close()


def _last_id(path: str) -> int:
    import sqlite3

    with sqlite3.connect(path) as reader:
        return int(reader.execute("SELECT MAX(id) FROM audit_entry").fetchone()[0])
