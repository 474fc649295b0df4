from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from arddesk.reports.callsheet import write_plan, write_targets
from arddesk.services import plan
from arddesk.store.db import Database
from tests.conftest import Books


def _company(books: Books) -> None:
    books.customer(
        "C1", name="华东五金 Hardware", rep="R1", phone="021-5555", address="上海市 1 号", settlement_days="15",
        pay_method="transfer", approver="王总", signer="李会计 Tue pm", reconciles="yes", invoice="vat",
    )  # fmt: skip
    books.customer("C2", rep="R2")
    books.delivery("D1", "C1", on="2026-10-01", amount="5000.00")
    books.delivery("D2", "C2", on="2026-10-05", amount="800.00")


def test_call_sheets_pdf_has_a_page_per_rep_and_prints_chinese(db: Database, books: Books, tmp_path: Path) -> None:
    _company(books)
    out = tmp_path / "plan.pdf"
    assert write_plan(db, date(2026, 12, 1), None, out) == 2
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "华东五金" in first and "021-5555" in first and "5,000.00" in first
    # how C1 pays (seed 001 §4), under its address
    for said in ("pays on days 15", "pays by transfer", "approves: 王总", "signs: 李会计 Tue pm",
                 "reconciles before paying", "needs a VAT invoice"):  # fmt: skip
        assert said in first
    second = reader.pages[1].extract_text()
    assert "pays" not in second and "invoice" not in second  # C2's habits are not known: nothing printed
    # C1 holds 5,000.00 of the 5,800.00 overdue (86 %): the one key receivable under the default 80 % rule
    assert "KEY RECEIVABLE" in first and "KEY RECEIVABLE" not in second


def test_plan_as_a_table_and_targets_export(db: Database, books: Books, tmp_path: Path) -> None:
    _company(books)
    out = tmp_path / "plan.xlsx"
    assert write_plan(db, date(2026, 12, 1), "R1", out) == 1
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.values)
    assert rows[0][:4] == ("rep", "date", "channel", "customer")
    assert rows[1][0] == "R1" and rows[1][3] == "C1"
    assert (rows[0][-1], rows[1][-1]) == ("key", "yes")  # C1: 5,000.00 of 5,800.00 overdue, a key receivable
    plan.set_target(db, "2026-12", "R1", "normal", 0, "100")
    assert write_targets(db, tmp_path / "t.csv") == 1
    assert plan.import_targets(db, tmp_path / "t.csv") == []
