"""`arddesk import` of money: the same bank file twice, --allow-duplicates, and progress at a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import Books
from tests.test_cli import run


class Terminal(io.StringIO):
    """Standard error as a person at a terminal sees it."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def company(books: Books) -> str:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-01-05", amount="1000.00")
    return books.db.location


def owed(capsys: pytest.CaptureFixture[str], company: str) -> str:
    return run(capsys, "--db", company, "aging", "--as-of", "2026-12-31")[1].splitlines()[-1].split(",")[-1]


def test_the_same_bank_file_twice_is_refused_unless_duplicates_are_allowed(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    bank = tmp_path / "bank.csv"
    bank.write_text("customer,date,amount,method\nC1,2026-02-01,300.00,transfer\n", encoding="utf-8")
    assert run(capsys, "--db", company, "import", "payments", str(bank)) == (0, f"{bank}: imported 1 payments\n", "")
    assert owed(capsys, company) == "700.00"

    code, out, err = run(capsys, "--db", company, "import", "payments", str(bank))
    assert (code, out) == (1, "")
    assert f"{bank}: file: already imported on " in err
    assert f"{bank}: row 2: probably a duplicate: payment PAY0000001 in the books" in err
    assert "import the file again with --allow-duplicates" in err
    assert err.rstrip().endswith("nothing was imported (2 problems)")
    assert owed(capsys, company) == "700.00"

    code, out, err = run(capsys, "--db", company, "import", "payments", str(bank), "--allow-duplicates")
    assert (code, out, err) == (0, f"{bank}: imported 1 payments\n", "")
    assert owed(capsys, company) == "400.00"


def test_a_bad_file_gets_no_hint_about_duplicates(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bank.csv"
    bad.write_text("customer,date,amount\nC9,2026-02-01,300.00\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", company, "import", "payments", str(bad))
    assert code == 1 and "no such customer" in err and "--allow-duplicates" not in err


def test_progress_is_shown_at_a_terminal(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = tmp_path / "bank.csv"
    bank.write_text("number,customer,date,amount\nP1,C1,2026-02-01,1\nP2,C1,2026-02-02,2\n", encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    code, out, _ = run(capsys, "--db", company, "import", "payments", str(bank))
    assert (code, out) == (0, f"{bank}: imported 2 payments\n")
    assert terminal.getvalue() == "\rimporting bank.csv: 0%" * 2 + "\rimporting bank.csv: 100%\n"


def test_a_bad_customer_file_is_refused_in_chinese_naming_row_column_and_value(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    bad = tmp_path / "customers.csv"
    bad.write_text("code,name,terms,credit_limit\nC2,Acme,N30,-5\nC3,Beta,N30,ten\n", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "zh_CN", "--db", company, "import", "customers", str(bad))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{bad}: 第 2 行，列 credit_limit：'-5' 不能为负数",
        f"{bad}: 第 3 行，列 credit_limit：'ten' 不是数字（请用数字，可带小数点，最多两位小数）",
        f"arddesk: {bad}：未导入任何内容（2 个问题）",
    ]
    code, _out, err = run(capsys, "--db", company, "import", "customers", str(bad))
    assert f"{bad}: row 2, column credit_limit: '-5' must not be negative" in err.splitlines()
