"""No double import: a file imported before, and rows like money already in the books, are refused."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from arddesk.domain.problems import Problem
from arddesk.services import ledger
from arddesk.services.aging import aging_report
from arddesk.services.audit import audit_rows
from arddesk.services.errors import Rejected
from arddesk.services.importing import ProbableDuplicates, import_file
from arddesk.store.audit import operator
from arddesk.text.messages import reason_text
from tests.conftest import Books, in_words
from tests.services.test_importing import csv_file, xlsx

PAYMENTS = ["number", "customer", "date", "amount", "method"]


def owed(books: Books) -> int:
    """What the customers owe, in cents."""
    return aging_report(books.db, date(2030, 1, 1)).total.total


def refused(books: Books, kind: str, path: Path) -> ProbableDuplicates:
    with pytest.raises(ProbableDuplicates) as caught:
        import_file(books.db, kind, path)
    return caught.value


def test_the_same_bank_file_twice_is_refused_the_second_time(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="1000.00")
    path = xlsx(tmp_path / "bank.xlsx", [PAYMENTS, [None, "C1", datetime(2026, 2, 1), 300, "transfer"]])
    import_file(books.db, "payments", path)
    assert owed(books) == 700_00
    before = datetime.now().replace(second=0, microsecond=0)

    duplicates = refused(books, "payments", path)

    assert owed(books) == 700_00  # the cash is not doubled
    reason = reason_text(duplicates.problems[0])
    with books.db.reading() as session:
        who = operator(session)
    assert reason.startswith("already imported on ") and reason.endswith(f" by {who}")
    assert datetime.strptime(reason.split(" on ")[1].split(" by ")[0], "%Y-%m-%d %H:%M") >= before
    assert duplicates.problems == duplicates.duplicates
    assert (
        in_words(duplicates.problems)
        == [
            Problem(None, "", "", reason),
            Problem(
                2,
                "",
                "",
                "probably a duplicate: payment PAY0000001 in the books has the same customer, date, amount and method",
            ),
        ]
    )


def test_allowed_duplicates_are_imported_again(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.delivery("D1", on="2026-01-05", amount="1000.00")
    path = csv_file(tmp_path / "bank.csv", [PAYMENTS, ["", "C1", "2026-02-01", "300", "transfer"]])
    import_file(books.db, "payments", path)
    summary = import_file(books.db, "payments", path, allow_duplicates=True)
    assert summary.count == 1
    assert owed(books) == 400_00


def test_a_row_like_money_in_the_books_is_a_probable_duplicate(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    books.customer("C2")
    books.payment("C1", on="2026-02-01", amount="300.00", method="cash")  # PAY0000001
    voided = books.payment("C1", on="2026-02-02", amount="300.00", method="cash")  # PAY0000002
    ledger.void_document(books.db, "payment", voided.number, "entered twice", on=date(2026, 2, 2))
    path = csv_file(
        tmp_path / "p.csv",
        [
            PAYMENTS,
            ["", "C1", "2026-02-01", "300.00", "cash"],  # like PAY0000001
            ["", "C1", "2026-02-02", "300.00", "cash"],  # like the voided one only: new
            ["", "C1", "2026-02-01", "300.00", "transfer"],  # another method: new
            ["", "C2", "2026-02-01", "300.00", "cash"],  # another customer: new
            ["", "C1", "2026-02-01", "300.01", "cash"],  # another amount: new
            ["P9", "C1", "2026-02-01", "300", "cash"],  # numbered: a document of its own
        ],
    )
    assert in_words(refused(books, "payments", path).problems) == [
        Problem(
            2,
            "",
            "",
            "probably a duplicate: payment PAY0000001 in the books has the same customer, date, amount and method",
        )
    ]


def test_rows_alike_in_one_file_name_each_other(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "a.csv",
        [
            ["number", "customer", "date", "amount", "kind", "reason"],
            ["", "C1", "2026-02-01", "10", "rebate", "Q1"],
            ["", "C1", "2026-02-01", "10", "return", "cartons"],  # another kind: new
            ["", "C1", "2026-02-01", "10.00", "rebate", "Q1 again"],
            ["A7", "C1", "2026-03-01", "5", "rebate", ""],
            ["", "C1", "2026-03-01", "5", "rebate", ""],
        ],
    )
    duplicates = refused(books, "adjustments", path)
    assert in_words(duplicates.problems) == [
        Problem(4, "", "", "probably a duplicate of row 2: the same customer, date, amount and kind"),
        Problem(6, "", "", "probably a duplicate of row 5: the same customer, date, amount and kind"),
    ]
    assert import_file(books.db, "adjustments", path, allow_duplicates=True).count == 5


def test_duplicates_and_bad_rows_are_reported_together(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "p.csv",
        [
            PAYMENTS,
            ["", "C1", "2026-02-01", "1", "cash"],
            ["", "C1", "2026-02-01", "1", "cash"],
            ["", "C9", "x", "1", ""],
        ],
    )
    caught = refused(books, "payments", path)
    assert [(p.row, p.column) for p in caught.problems] == [(3, ""), (4, "customer"), (4, "date")]
    assert [p.row for p in caught.duplicates] == [3]


def test_every_import_is_remembered_and_noted_in_the_audit_trail(books: Books, tmp_path: Path) -> None:
    books.customer("C1")
    path = csv_file(
        tmp_path / "deliveries.csv", [["number", "customer", "date", "amount"], ["D1", "C1", "2026-03-01", "1"]]
    )
    bad = csv_file(tmp_path / "bad.csv", [["number", "customer", "date", "amount"], ["D2", "C9", "2026-03-01", "1"]])
    import_file(books.db, "deliveries", path)
    with pytest.raises(Rejected):
        import_file(books.db, "deliveries", bad)
    with books.db.reading() as session:
        logged = session.execute(text('SELECT kind, name, rows, "user", digest FROM imported_file')).all()
        who = operator(session)
    assert logged == [("deliveries", "deliveries.csv", 1, who, hashlib.sha256(path.read_bytes()).hexdigest())]
    notes = [row for row in audit_rows(books.db) if row.action == "import"]
    assert [(n.table, n.record, n.new) for n in notes] == [("imported_file", "deliveries.csv", "1 rows")]


def test_the_same_content_under_another_name_or_kind(books: Books, tmp_path: Path) -> None:
    books.terms("COD", "cod")
    rows: list[list[object]] = [["code", "kind"], ["COD", "cod"]]
    import_file(books.db, "terms", csv_file(tmp_path / "terms.csv", rows))
    caught = refused(books, "terms", csv_file(tmp_path / "terms copy.csv", rows))
    assert [(p.row, p.reason.split(" on ")[0]) for p in caught.problems] == [(None, "already imported")]
