"""The command line end to end, on temporary files, as a script would use it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from arddesk.cli import KINDS, main
from arddesk.services.company import ENVIRONMENT_VARIABLE
from tests.conftest import Books, outside


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The command line is wrong: exit status 2, and what it said on stderr."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


@pytest.fixture
def company(books: Books) -> str:
    books.terms("B2", "batch")
    books.customer("C1", name="Acme, Inc.", rep="R1", department="EAST")
    books.customer("C2", name="华联超市", terms="B2", rep="R2", department="EAST")
    books.delivery("D1", "C1", on="2026-01-05", amount="100.00")
    books.delivery("D2", "C1", on="2026-02-05", amount="250.50")
    books.delivery("D3", "C2", on="2026-02-05", amount="80.00")
    books.payment("C1", on="2026-02-20", amount="150.00")
    books.payment("C2", on="2026-02-01", amount="100.00")
    return books.db.location


def test_aging_prints_the_contract_table(capsys: pytest.CaptureFixture[str], company: str) -> None:
    code, out, err = run(capsys, "--db", company, "aging", "--as-of", "2026-09-30", "--buckets", "30,60,90")
    assert (code, err) == (0, "")
    assert list(csv.reader(io.StringIO(out))) == [
        ["key", "name", "not_due", "1-30", "31-60", "61-90", "over_90", "unapplied", "total"],
        ["C1", "Acme, Inc.", "0.00", "0.00", "0.00", "0.00", "200.50", "0.00", "200.50"],
        ["C2", "华联超市", "0.00", "0.00", "0.00", "0.00", "0.00", "-20.00", "-20.00"],
        ["TOTAL", "", "0.00", "0.00", "0.00", "0.00", "200.50", "-20.00", "180.50"],
    ]


def test_db_option_after_the_command_and_environment_variable(
    capsys: pytest.CaptureFixture[str], company: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, after, _ = run(capsys, "aging", "--db", company, "--as-of", "2026-09-30", "--by", "department")
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, company)
    _, from_env, _ = run(capsys, "aging", "--as-of", "2026-09-30", "--by", "department")
    assert after == from_env
    assert after.splitlines()[1].startswith("EAST,EAST,")


def test_aging_delivery_basis_detail_and_out_file(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys, "--db", company, "aging", "--as-of", "2026-03-01", "--basis", "delivery", "--buckets", "30,60,90"
    )
    assert code == 0
    header, first, *_ = list(csv.reader(io.StringIO(out)))
    assert header[2:4] == ["not_due", "0-30"]
    assert first[:3] == ["C1", "Acme, Inc.", ""]
    code, out, _ = run(capsys, "--db", company, "aging", "--as-of", "2026-09-30", "--detail")
    assert list(csv.reader(io.StringIO(out)))[:2] == [
        ["number", "customer", "date", "due_date", "days_overdue", "open", "bucket", "class"],
        ["D2", "C1", "2026-02-05", "2026-03-07", "207", "200.50", "181-365", "bad"],
    ]
    target = tmp_path / "aging.csv"
    assert run(capsys, "--db", company, "aging", "--as-of", "2026-09-30", "--out", str(target))[0] == 0
    assert target.read_text(encoding="utf-8-sig").splitlines()[-1].startswith("TOTAL,")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["aging", "--as-of", "2026-09-31"], 2, "no such date"),
        (["aging", "--as-of", "30/09/2026"], 2, "ambiguous"),
        (["aging", "--as-of", "2026-09-30", "--buckets", "60,30"], 1, "positive and increasing"),
        (["aging", "--as-of", "2026-09-30", "--by", "region"], 2, "invalid choice"),
        (["import", "widgets", "x.csv"], 2, "invalid choice"),
        (["import", "deliveries", "missing.csv"], 1, "missing.csv"),
        (["import", "deliveries", "x.csv", "--date-order", "ymd"], 2, "invalid choice: 'ymd'"),
        (["demo", "--out", "d.sqlite", "--deliveries", "-5"], 2, "'-5': give a whole number of at least 0"),
        (["demo", "--out", "d.sqlite", "--customers", "0"], 2, "'0': give a whole number of at least 1"),
    ],
)
def test_errors_go_to_stderr_with_non_zero_exit(
    capsys: pytest.CaptureFixture[str], company: str, argv: list[str], code: int, message: str
) -> None:
    try:
        returned = main(["--db", company, *argv])
    except SystemExit as exited:  # argparse's way of refusing a command line
        returned = exited.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert (returned, out) == (code, "")
    assert message in err


def test_import_refused_file_names_each_bad_row_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    bad = tmp_path / "deliveries.csv"
    bad.write_text(
        "number,customer,date,amount\nD10,C1,2026-03-01,10.00\nD11,NOPE,2026-03-01,5\nD12,C1,01/03/2026,1.005\n",
        encoding="utf-8",
    )
    before = run(capsys, "--db", company, "aging", "--as-of", "2026-12-31")[1]
    code, _out, err = run(capsys, "--db", company, "import", "deliveries", str(bad))
    assert code == 1
    assert "row 3, column customer: 'NOPE'" in err
    assert "row 4, column date" in err and "row 4, column amount" in err
    assert "nothing was imported" in err
    assert run(capsys, "--db", company, "aging", "--as-of", "2026-12-31")[1] == before


def test_import_with_the_encoding_and_date_order_named(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    path = tmp_path / "deliveries.csv"
    path.write_bytes("number,customer,date,amount,note\nD10,C1,31/03/2026,10.00,Crème brûlée\n".encode("cp1252"))
    code, _out, err = run(capsys, "--db", company, "import", "deliveries", str(path))
    assert code == 1
    assert "--encoding cp1252" in err
    code, _out, err = run(capsys, "--db", company, "import", "deliveries", str(path), "--encoding", "cp1252")
    assert code == 1
    assert "row 2, column date: '31/03/2026' ambiguous date" in err
    code, out, err = run(
        capsys, "--db", company, "import", "deliveries", str(path), "--encoding", "cp1252", "--date-order", "dmy"
    )
    assert (code, err) == (0, "")
    assert out == f"{path}: imported 1 deliveries\n"
    run(capsys, "--db", company, "export", "deliveries", "--out", str(tmp_path / "out.csv"))
    assert "D10,C1,2026-03-31,10.00,,,normal,,Crème brûlée\n" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_export_then_import_into_a_new_company_gives_the_same_aging(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    fresh = str(tmp_path / "fresh.sqlite")
    assert run(capsys, "new", fresh) == (0, f"{fresh}: an empty company was created\n", "")
    for kind in KINDS:
        target = tmp_path / f"{kind}.xlsx"
        assert run(capsys, "--db", company, "export", kind, "--out", str(target))[0] == 0
        code, _out, err = run(capsys, "--db", fresh, "import", kind, str(target))
        assert (code, err) == (0, ""), err
    for as_of in ("2026-02-10", "2026-09-30"):
        assert run(capsys, "--db", fresh, "aging", "--as-of", as_of) == run(
            capsys, "--db", company, "aging", "--as-of", as_of
        )


def test_staff_and_targets_import_and_export_on_the_command_line(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("编码,姓名,部门,角色,电话,在职\nR1,王伟,EAST,head,138,是\nR2,Li Na,EAST,rep,,否\n", "utf-8")
    targets = tmp_path / "targets.csv"
    targets.write_text("期间,业务员,金额\n2026Q3,R1,5000\n", encoding="utf-8")

    assert run(capsys, "--db", company, "import", "staff", str(staff)) == (0, f"{staff}: imported 2 staff\n", "")
    imported = (0, f"{targets}: imported 1 targets\n", "")
    assert run(capsys, "--db", company, "import", "targets", str(targets)) == imported
    for kind in ("staff", "targets"):
        assert run(capsys, "--db", company, "export", kind, "--out", str(tmp_path / f"out-{kind}.csv"))[0] == 0

    assert (tmp_path / "out-staff.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "code,name,department,role,phone,active,department_name",
        "R1,王伟,EAST,head,138,yes,EAST",
        "R2,Li Na,EAST,rep,,no,EAST",
    ]
    assert (tmp_path / "out-targets.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "period,rep,customer,kind,origin_year,amount",
        "2026Q3,R1,,normal,0,5000.00",
    ]


def test_check_backup_and_demo(capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path) -> None:
    assert run(capsys, "--db", company, "check") == (0, f"{company}: no problems found\n", "")
    copy = tmp_path / "copy.sqlite"
    assert run(capsys, "--db", company, "backup", "--out", str(copy))[0] == 0
    assert (
        run(capsys, "--db", str(copy), "aging", "--as-of", "2026-09-30")[1]
        == run(capsys, "--db", company, "aging", "--as-of", "2026-09-30")[1]
    )
    code, _, err = run(capsys, "--db", company, "backup", "--out", str(copy))
    assert code == 1 and "never overwrites" in err

    demo = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, "demo", "--out", str(demo), "--customers", "20", "--deliveries", "300", "--seed", "7")
    assert code == 0 and "20 customers" in out
    code, out, _ = run(capsys, "--db", str(demo), "aging", "--as-of", "2026-09-30")
    total = list(csv.reader(io.StringIO(out)))[-1]
    assert total[0] == "TOTAL" and Decimal(total[-1]) > 0
    assert run(capsys, "--db", str(demo), "check")[0] == 0
    assert run(capsys, "demo", "--out", str(demo))[0] == 1  # never overwrites a company


@pytest.mark.parametrize(
    "argv",
    [
        ["aging", "--as-of", "2026-09-30", "--out", "{dir}/aging.pdf"],
        ["aging", "--as-of", "2026-09-30", "--out", "{dir}/x.txt"],
        ["export", "customers", "--out", "{dir}/customers.json"],
        ["audit", "--out", "{dir}/audit.pdf"],
        ["plan", "--as-of", "2026-03-02", "--out", "{dir}/plan.docx"],
        ["incentives", "--period", "2026Q1", "--out", "{dir}/bonus"],
    ],
)
def test_an_out_file_the_command_does_not_write_is_refused_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path, argv: list[str]
) -> None:
    (tmp_path / "out").mkdir()
    err = refused(capsys, "--db", company, *[arg.format(dir=tmp_path / "out") for arg in argv])
    assert "argument --out:" in err and "files only" in err
    assert list((tmp_path / "out").iterdir()) == []


def test_every_command_confirms_what_it_wrote(capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path):
    out = tmp_path / "customers.xlsx"
    assert run(capsys, "--db", company, "export", "customers", "--out", str(out)) == (0, f"{out}: 2 rows written\n", "")
    out = tmp_path / "aging.csv"
    assert run(capsys, "--db", company, "aging", "--as-of", "2026-09-30", "--out", str(out)) == (
        0,
        f"{out}: 3 rows written\n",
        "",
    )
    out = tmp_path / "detail.xlsx"
    code, text, _ = run(capsys, "--db", company, "aging", "--as-of", "2026-09-30", "--detail", "--out", str(out))
    assert (code, text) == (0, f"{out}: 1 row written\n")


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


COMMANDS = [
    *(
        [name]
        for name in (
            "demo",
            "new",
            "import",
            "export",
            "aging",
            "letters",
            "plan",
            "incentives",
            "void",
            "audit",
            "check",
            "owner",
            "backup",
        )
    ),
    *(["owner", name] for name in ("set-password", "reset-password", "close-books")),
]


def test_every_command_and_option_explains_itself_with_defaults_and_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in COMMANDS:
        lines = help_text(capsys, *command).splitlines()
        description = lines[lines.index("") + 1]  # a one-line description below the usage
        assert description and not description.startswith(" ") and "examples:" in lines, command
        start = lines.index("options:")
        for index, line in enumerate(lines[start + 1 :], start + 1):
            if not line.strip() or not line.startswith("  -"):
                if not line.startswith(" "):
                    break
                continue
            # An option's help is on its line after two spaces, or on the next line, indented further.
            described = "  " in line.strip() or lines[index + 1].startswith(" " * 4)
            assert described, f"{command}: {line.strip()} has no help"
    text = " ".join(help_text(capsys, "aging").split())
    for told in (
        "count documents dated on or before this day",
        "one row per customer, rep or department (default: customer)",
        "(default: due)",
        "(default: the company's, set in the window)",
        "(default: CSV to stdout)",
        "examples: arddesk --db shop.sqlite aging --as-of 2026-09-30 --by rep",
    ):
        assert told in text


def test_the_demo_is_the_same_for_the_same_seed_and_day(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    tables = []
    for name, seed, today in (("a", "5", "2026-06-30"), ("b", "5", "2026-06-30"), ("c", "5", "2026-07-31")):
        demo = tmp_path / f"{name}.sqlite"
        code, text, _ = run(
            capsys,
            "demo",
            "--out",
            str(demo),
            "--customers",
            "5",
            "--deliveries",
            "60",
            "--seed",
            seed,
            "--today",
            today,
        )
        assert code == 0 and text.rstrip().endswith(f"to {today}")
        exported = []
        for kind in ("customers", "deliveries", "payments", "adjustments"):
            out = tmp_path / f"{name}-{kind}.csv"
            assert run(capsys, "--db", str(demo), "export", kind, "--out", str(out))[0] == 0
            exported.append(out.read_text(encoding="utf-8-sig"))
        tables.append(exported)
    assert tables[0] == tables[1]
    assert tables[0][1] != tables[2][1]  # another day, another history


def test_a_foreign_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("hello")
    code, _out, err = run(capsys, "--db", str(foreign), "check")
    assert (code, err) == (
        1,
        f"arddesk: {foreign} is not an arddesk database (not an SQLite file); it was left untouched.\n",
    )
    code, _out, err = run(capsys, "--lang", "zh_CN", "--db", str(foreign), "check")
    assert (code, err) == (1, f"arddesk: {foreign} 不是 arddesk 数据库（不是 SQLite 文件）；文件未被改动。\n")
    assert foreign.read_text() == "hello"


def test_check_names_an_edit_made_outside_arddesk_in_the_language_chosen(
    capsys: pytest.CaptureFixture[str], company: str, books: Books
) -> None:
    outside(books.db, "UPDATE delivery SET amount = 100100, open_amount = 100000 WHERE number = 'D1'")

    code, _out, err = run(capsys, "--lang", "zh_CN", "--db", company, "check")
    assert code == 1
    assert "delivery D1, amount：在 arddesk 之外被修改：审计记录为 100.00，文件中为 1,001.00\n" in err
    assert "发货单的未收金额与其核销明细不符：D1\n" in err
    code, _out, err = run(capsys, "--db", company, "check")
    assert code == 1
    assert "delivery D1, amount: changed outside arddesk: the audit trail says 100.00, the file has 1,001.00\n" in err
    assert "a delivery's open amount disagrees with its allocations: D1\n" in err


def test_letters_one_pdf_per_customer_plus_all(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    out = tmp_path / "letters"
    code, printed, err = run(capsys, "--db", company, "letters", "--period", "2026Q1", "--out", str(out))
    assert (code, err) == (0, "")
    assert printed.splitlines() == [
        f"2026Q1: 2 letters written to {out}",
        f"{out / 'all.pdf'}: every letter in one file, for the printer",
    ]
    assert sorted(path.name for path in out.glob("*.pdf")) == ["C1.pdf", "C2.pdf", "all.pdf"]
    code, printed, _ = run(capsys, "--db", company, "letters", "--period", "2026Q1", "--out", str(out))
    assert code == 0 and printed.splitlines()[:2] == [
        f"2026Q1: 0 letters written to {out}",
        "2 letters were already there, unchanged: skipped",
    ]
    err = refused(capsys, "--db", company, "letters", "--period", "2026Q5", "--out", str(out))
    assert "argument --period: '2026Q5': not a period" in err
    code, _, err = run(
        capsys, "--db", company, "letters", "--period", "2026Q1", "--customer", "C9999", "--out", str(out)
    )
    assert (code, err) == (1, "arddesk: --customer 'C9999': no such customer\n")
    assert "is a file" in refused(
        capsys, "--db", company, "letters", "--period", "2026Q1", "--out", str(out / "C1.pdf")
    )
    half = tmp_path / "half"
    code, printed, err = run(capsys, "--db", company, "letters", "--period", "2026H1", "--out", str(half))
    assert (code, err) == (0, "") and printed.startswith("2026H1: ")
    assert (half / "all.pdf").exists()


def test_plan_writes_the_table_or_the_call_sheets(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    out = tmp_path / "plan.csv"
    code, text, _ = run(capsys, "--db", company, "plan", "--as-of", "2026-03-02", "--out", str(out))
    assert (code, text) == (0, f"collection plan for the month from 2026-03-02: 1 row written to {out}\n")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    # C1 still owes 200.50 of D2, past due on 2026-03-07 (net 30): R1 plans to chase it
    assert ("R1", "C1", "200.50") in {(r["rep"], r["customer"], r["to_collect"]) for r in rows}
    assert all(date_text >= "2026-03-02" for date_text in (r["date"] for r in rows))
    code, _, _ = run(capsys, "--db", company, "plan", "--as-of", "2026-03-02", "--rep", "R2", "--out", str(out))
    assert code == 0
    assert {r["rep"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))} <= {"R2"}
    pdf = tmp_path / "plan.pdf"
    code, text, _ = run(capsys, "--db", company, "plan", "--as-of", "2026-03-02", "--out", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "--db", company, "plan", "--as-of", "2026-03-02", "--rep", "NOPE", "--out", str(pdf))
    assert code == 1 and "no such rep" in err
    err = refused(capsys, "--db", company, "plan", "--as-of", "2026-03-02", "--out", str(tmp_path / "p.txt"))
    assert "writes .pdf, .xlsx, .csv files only" in err


def test_incentives_write_the_lines_or_the_statements(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    out = tmp_path / "bonus.csv"
    code, text, _ = run(capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out))
    assert code == 0 and "2026Q1" in text
    lines = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    rewards = {(r["person"], r["payment"], r["delivery"], r["base"]) for r in lines if r["kind"] == "reward"}
    # C1's 150.00 paid D1 and half of D2, oldest first; C2's 100.00 paid D3 once it was delivered
    assert rewards == {
        ("R1", "PAY0000001", "D1", "100.00"),
        ("R1", "PAY0000001", "D2", "50.00"),
        ("R2", "PAY0000002", "D3", "80.00"),
    }
    pdf = tmp_path / "bonus.pdf"
    code, _, _ = run(capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert "not a period" in refused(capsys, "--db", company, "incentives", "--period", "2026Q5", "--out", str(pdf))


def test_void_reverses_a_payment_and_the_audit_lists_it(capsys: pytest.CaptureFixture[str], company: str) -> None:
    before = run(capsys, "--db", company, "aging", "--as-of", "2026-12-31")[1]
    code, out, err = run(
        capsys, "--db", company, "void", "payment", "PAY0000001", "--reason", "bounced", "--on", "2026-03-01"
    )
    assert (code, err) == (0, "")
    assert out == "payment PAY0000001 is void from 2026-03-01; money moved on D1, D2\n"
    assert run(capsys, "--db", company, "aging", "--as-of", "2026-12-31")[1] != before
    assert (
        run(capsys, "--db", company, "aging", "--as-of", "2026-02-28")[1]
        == run(capsys, "--db", company, "aging", "--as-of", "2026-02-28")[1]
    )

    code, out, _err = run(capsys, "--db", company, "audit", "--since", "2000-01-01")
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["at", "user", "action", "table", "record", "field", "old", "new", "reason"]
    assert ["void", "payment", "PAY0000001", "voided_on", "", "2026-03-01", "bounced"] in [row[2:] for row in table]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["void", "payment", "PAY0000001", "--reason", ""], "a void needs a reason"),
        (["void", "payment", "NOPE", "--reason", "x"], "no such payment"),
        (["void", "delivery", "D1", "--reason", "x", "--on", "2026-02-01"], ""),
    ],
)
def test_void_refusals_are_plain(capsys: pytest.CaptureFixture[str], company: str, args: list[str], message: str):
    code, _out, err = run(capsys, "--db", company, *args)
    if message:
        assert code == 1 and message in err and "Traceback" not in err
    else:
        assert code == 0
        code, _out, err = run(capsys, "--db", company, *args)
        assert code == 1 and "already void" in err


# ---------------------------------------------------------------- the owner's password

PASSWORD = "owner-secret"


class Typed(io.StringIO):
    """Standard input as a script gives it (``tty=False``) or as a person at a terminal (``tty=True``)."""

    def __init__(self, text: str = "", *, tty: bool = False) -> None:
        super().__init__(text)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def typed(monkeypatch: pytest.MonkeyPatch, *lines: str, tty: bool = False) -> None:
    monkeypatch.setattr("sys.stdin", Typed("".join(f"{line}\n" for line in lines), tty=tty))


def set_password(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, company: str) -> str:
    typed(monkeypatch, PASSWORD, PASSWORD)
    code, out, _ = run(capsys, "--db", company, "owner", "set-password", "--password-stdin")
    assert code == 0
    return out.split("Recovery code: ")[1].split()[0]


def test_incentives_need_the_owners_password_once_one_is_set(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bonus.csv"
    typed(monkeypatch)
    assert run(capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out))[0] == 0  # a new company
    out.unlink()
    typed(monkeypatch, PASSWORD, PASSWORD)
    code, text, _ = run(capsys, "--db", company, "owner", "set-password", "--password-stdin")
    assert code == 0 and "Recovery code: " in text and "Keep it safe" in text and "only this once" in text

    typed(monkeypatch, PASSWORD)  # on standard input, but not asked to read it from there
    code, _, err = run(capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out))
    assert code == 1 and "the owner's password is needed" in err and "--password-stdin" in err
    typed(monkeypatch, "owner-secreT")
    code, _, err = run(
        capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out), "--password-stdin"
    )
    assert (code, err) == (1, "arddesk: wrong password\n")
    assert not out.exists()
    typed(monkeypatch, PASSWORD)
    code, text, _ = run(
        capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out), "--password-stdin"
    )
    assert code == 0 and out.exists()


def test_on_a_terminal_the_password_is_asked_without_echo(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answers = iter([PASSWORD, PASSWORD, PASSWORD, "", PASSWORD])

    def answer(prompt: str = "") -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", answer)
    typed(monkeypatch, tty=True)
    assert run(capsys, "--db", company, "owner", "set-password")[0] == 0
    assert asked == ["New owner's password: ", "The new password again: "]
    out = tmp_path / "bonus.xlsx"
    assert run(capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out))[0] == 0
    assert asked[-1] == "Owner's password: " and out.exists()
    code, text, _ = run(capsys, "--db", company, "check")  # Enter: the check without the seals
    assert code == 0 and "seals not verified" in text
    code, text, _ = run(capsys, "--db", company, "check")
    assert code == 0 and "seals not verified" not in text and "no problems found" in text


def test_changing_the_password_asks_the_current_one_and_the_new_one_twice(
    capsys: pytest.CaptureFixture[str], company: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_password(capsys, monkeypatch, company)
    typed(monkeypatch, "not the password", "second-secret", "second-secret")
    code, _, err = run(capsys, "--db", company, "owner", "set-password", "--password-stdin")
    assert code == 1 and "wrong password" in err
    typed(monkeypatch, PASSWORD, "second-secret", "second-secreT")
    code, _, err = run(capsys, "--db", company, "owner", "set-password", "--password-stdin")
    assert code == 1 and "the two new passwords differ" in err
    typed(monkeypatch, PASSWORD, "second-secret", "second-secret")
    code, text, _ = run(capsys, "--db", company, "owner", "set-password", "--password-stdin")
    assert code == 0 and "Recovery code: " in text
    typed(monkeypatch, "second-secret")
    assert run(capsys, "--db", company, "check", "--password-stdin")[0] == 0
    with pytest.raises(SystemExit) as wrong:
        main(["--db", company, "owner"])
    assert wrong.value.code == 2 and "SUBCOMMAND" in capsys.readouterr().err


def test_a_reset_with_the_recovery_code_is_told_to_the_owner(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = set_password(capsys, monkeypatch, company)
    typed(monkeypatch, code, "taken-over", "taken-over")
    status, text, _ = run(
        capsys, "--db", company, "owner", "reset-password", "--password-stdin", "--reason", "forgot it on holiday"
    )
    assert status == 0 and "Recovery code: " in text and code not in text
    out = tmp_path / "bonus.csv"
    typed(monkeypatch, PASSWORD)  # the owner, who did not reset it
    status, _, err = run(
        capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out), "--password-stdin"
    )
    assert status == 1 and "wrong password; note: the owner's password was reset with the recovery code on " in err
    assert "(forgot it on holiday)" in err
    typed(monkeypatch, "taken-over")
    status, _, err = run(
        capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out), "--password-stdin"
    )
    assert status == 0 and "note: the owner's password was reset with the recovery code on " in err


def test_check_with_the_password_catches_an_edit_that_rewrote_the_trail(
    capsys: pytest.CaptureFixture[str], company: str, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arddesk.services import incentives
    from tests.services.test_owner import edit_snapshot, rewrite_trail

    set_password(capsys, monkeypatch, company)
    incentives.lock(books.db, "2026Q1", PASSWORD)
    typed(monkeypatch, PASSWORD)
    assert run(capsys, "--db", company, "check", "--password-stdin")[0] == 0
    edit_snapshot(books.db, "2026Q1")
    rewrite_trail(books.db, "incentive_result", "2026Q1")
    typed(monkeypatch)
    code, text, err = run(capsys, "--db", company, "check")
    assert "seals not verified: the owner's password is needed" in text
    typed(monkeypatch, PASSWORD)
    code, _, err = run(capsys, "--db", company, "check", "--password-stdin")
    assert code == 1 and "incentive_result 2026Q1, snapshot: the locked result was changed outside arddesk" in err
    typed(monkeypatch, PASSWORD)
    out = tmp_path / "bonus.csv"
    code, _, err = run(
        capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out), "--password-stdin"
    )
    assert code == 1 and "2026Q1 is locked, but changed outside arddesk: its seal does not match" in err
    assert not out.exists()


def test_a_deleted_password_row_is_refused_everywhere(
    capsys: pytest.CaptureFixture[str], company: str, books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    set_password(capsys, monkeypatch, company)
    with books.db.transaction() as session:
        session.execute(text("DELETE FROM setting WHERE key LIKE 'owner_%'"))
    out = tmp_path / "bonus.csv"
    typed(monkeypatch)
    code, _, err = run(capsys, "--db", company, "incentives", "--period", "2026Q1", "--out", str(out))
    assert code == 1 and "the owner's password was removed outside arddesk" in err and not out.exists()
    typed(monkeypatch, "mine-now-1", "mine-now-1")
    code, _, err = run(capsys, "--db", company, "owner", "set-password", "--password-stdin")
    assert code == 1 and "removed outside arddesk" in err
    code, _, err = run(capsys, "--db", company, "check")
    assert code == 1 and "setting owner_password_hash: removed outside arddesk" in err


def test_closing_the_books_refuses_a_payment_dated_in_them(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "--db", company, "owner", "close-books", "--through", "2026-02-28")
    assert (code, err) == (0, "") and "closed through 2026-02-28" in out
    payments = tmp_path / "late.csv"
    payments.write_text("customer,date,amount\nC1,2026-02-27,10.00\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", company, "import", "payments", str(payments))
    assert code == 1 and "row 2, column date: '2026-02-27' the books are closed through 2026-02-28" in err
    void = ["void", "payment", "PAY0000001", "--reason", "x", "--on", "2026-02-01"]
    code, _out, err = run(capsys, "--db", company, *void)
    assert code == 1 and "closed through 2026-02-28" in err
    code, _out, err = run(capsys, "--db", company, "owner", "close-books", "--through", "2099-01-01")
    assert code == 1 and "must be between 1900-01-01 and" in err


def test_a_refund_imported_pays_back_the_credit_and_is_voided_by_number(
    capsys: pytest.CaptureFixture[str], company: str, tmp_path: Path
) -> None:
    refunds = tmp_path / "refunds.csv"
    refunds.write_text(
        "number,customer,date,amount,kind,method\nR1,C2,2026-03-01,20.00,refund,cash\n", encoding="utf-8"
    )
    assert run(capsys, "--db", company, "import", "payments", str(refunds))[0] == 0
    rows = list(csv.reader(io.StringIO(run(capsys, "--db", company, "aging", "--as-of", "2026-09-30")[1])))
    assert rows[2][0] == "TOTAL"  # C2's 20.00 of credit is paid back: only C1 is left
    out = tmp_path / "payments.csv"
    assert run(capsys, "--db", company, "export", "payments", "--out", str(out))[0] == 0
    assert "R1,C2,2026-03-01,20.00,refund,cash" in out.read_text(encoding="utf-8-sig")
    code, printed, err = run(
        capsys, "--db", company, "void", "refund", "R1", "--reason", "not sent", "--on", "2026-03-02"
    )
    assert (code, err) == (0, "")
    assert printed == "refund R1 is void from 2026-03-02; money moved on PAY0000002\n"
    rows = list(csv.reader(io.StringIO(run(capsys, "--db", company, "aging", "--as-of", "2026-09-30")[1])))
    assert rows[2][:2] == ["C2", "华联超市"] and rows[2][-2:] == ["-20.00", "-20.00"]
