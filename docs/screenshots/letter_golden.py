"""Regenerate the golden letters in docs/screenshots (run from the repository root).

    /work/venv/bin/python docs/screenshots/letter_golden.py
"""

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from arddesk.store.db import open_database
from arddesk.services.settings import update_settings
from arddesk.domain.dates import Period
from tests.conftest import Books
from arddesk.reports.letters import write_letters
work = Path(tempfile.mkdtemp())
p = work / "company.sqlite"
db = open_database(p); b = Books(db); b.terms()
b.terms("M25", kind="monthly", day_of_month=25, months=1)
update_settings(db, company_name="恒达商贸有限公司 Hengda Trading Co., Ltd.",
    company_address="浙江省杭州市解放路88号 · 88 Jiefang Road, Hangzhou 310009",
    company_phone="0571-8888 0000", bank_details="中国工商银行杭州解放路支行 ICBC Hangzhou Jiefang Road Branch · 账号 A/C 1202 0210 0910 0123 456")
b.customer("C017", name="Leeds Wholesale Foods Ltd", address="Unit 4, Kirkstall Trade Park\nLeeds LS5 3BT, United Kingdom", language="en", phone="+44 113 496 0000")
b.customer("C023", name="上海华联超市有限公司", address="上海市浦东新区世纪大道100号\n华联大厦12楼 采购部 王经理收", language="zh", terms="M25", phone="021-5888 1234")
for c in ("C017", "C023"):
    b.delivery(f"{c}-0611", c, on="2026-06-11", amount="18600.00")
    b.delivery(f"{c}-0703", c, on="2026-07-03", amount="12450.00")
    b.payment(c, on="2026-07-15", amount="10000.00")
    b.delivery(f"{c}-0805", c, on="2026-08-05", amount="9320.50")
    b.adjustment(c, on="2026-08-20", amount="450.50", kind="return", reason="2 cartons damaged in transit" if c == "C017" else "运输破损退货2箱", applies_to=f"{c}-0805")
    b.payment(c, on="2026-09-10", amount="8600.00")
    b.delivery(f"{c}-0922", c, on="2026-09-22", amount="6780.00")
out = work / "letters"
write_letters(db, Period.parse("2026Q3"), out, letter_date=date(2026, 10, 8))
shots = ROOT / "docs" / "screenshots"
for code, name in (("C017", "letter_en"), ("C023", "letter_zh")):
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(out / f"{code}.pdf"), str(work / name)], check=True)
    shutil.copy(work / f"{name}-1.png", shots / f"{name}.png")
    shutil.copy(work / f"{name}-2.png", shots / f"{name}_slip.png")
db.close()
shutil.rmtree(work)
