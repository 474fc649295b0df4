"""Regenerate the golden letters in docs/screenshots: ``.venv/bin/python docs/screenshots/letter_golden.py``."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from arddesk.domain.dates import Period
from arddesk.domain.terms import Terms, TermsKind
from arddesk.reports.letters import write_letters
from arddesk.services import ledger
from arddesk.services.settings import update_settings
from arddesk.store.db import open_database

SHOTS = Path(__file__).resolve().parent
CUSTOMERS = [
    ledger.CustomerInput(
        "C017", "Leeds Wholesale Foods Ltd", "N30", language="en", phone="+44 113 496 0000",
        address="Unit 4, Kirkstall Trade Park\nLeeds LS5 3BT, United Kingdom",
    ),
    ledger.CustomerInput(
        "C023", "上海华联超市有限公司", "M25", language="zh", phone="021-5888 1234",
        address="上海市浦东新区世纪大道100号\n华联大厦12楼 采购部 王经理收",
    ),
]


def main() -> None:
    """Write a small company, print its Q3 letters and render the first two pages of two of them."""
    work = Path(tempfile.mkdtemp())
    db = open_database(work / "company.sqlite")
    ledger.save_terms(db, Terms("N30", TermsKind.NET, days=30))
    ledger.save_terms(db, Terms("M25", TermsKind.MONTHLY, day_of_month=25, months=1))
    update_settings(
        db,
        company_name="恒达商贸有限公司 Hengda Trading Co., Ltd.",
        company_address="浙江省杭州市解放路88号 · 88 Jiefang Road, Hangzhou 310009",
        company_phone="0571-8888 0000",
        bank_details="中国工商银行杭州解放路支行 ICBC Hangzhou Jiefang Road Branch · 账号 A/C 1202 0210 0910 0123 456",
    )
    for customer in CUSTOMERS:
        ledger.save_customer(db, customer)
        code = customer.code
        reason = "2 cartons damaged in transit" if customer.language == "en" else "运输破损退货2箱"

        def deliver(suffix: str, on: str, amount: str, code: str = code) -> None:
            ledger.record_delivery(db, ledger.DeliveryInput(f"{code}-{suffix}", code, date.fromisoformat(on),
                                                            Decimal(amount)))

        def money(on: str, amount: str, kind: str, code: str = code, **extra: str) -> ledger.MoneyInput:
            return ledger.MoneyInput(code, date.fromisoformat(on), Decimal(amount), kind, **extra)

        deliver("0611", "2026-06-11", "18600.00")
        deliver("0703", "2026-07-03", "12450.00")
        ledger.record_payment(db, money("2026-07-15", "10000.00", "transfer"))
        deliver("0805", "2026-08-05", "9320.50")
        ledger.record_adjustment(db, money("2026-08-20", "450.50", "return", applies_to=f"{code}-0805", text=reason))
        ledger.record_payment(db, money("2026-09-10", "8600.00", "transfer"))
        deliver("0922", "2026-09-22", "6780.00")
    out = work / "letters"
    write_letters(db, Period.parse("2026Q3"), out, letter_date=date(2026, 10, 8))
    for code, name in (("C017", "letter_en"), ("C023", "letter_zh")):
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(out / f"{code}.pdf"), str(work / name)], check=True)
        shutil.copy(work / f"{name}-1.png", SHOTS / f"{name}.png")
        shutil.copy(work / f"{name}-2.png", SHOTS / f"{name}_slip.png")
    db.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
