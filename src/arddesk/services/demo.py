"""A believable demo company, generated day by day and written in bulk.

The company sells food and household goods to supermarkets, wholesalers and restaurants
through three departments. Its customers are a mix: punctual payers, late payers, part
payers, a few who pay in advance and a few chronic non-payers whose debts age past a
year (two of them partly written off). Deliveries follow the seasons (before the Spring
Festival and in the autumn more goods go out, on Sundays and in the holiday week few).

Everything is drawn from one ``random.Random(seed)`` and the given ``today``, so the
same arguments give the same company. Allocations follow the ledger's rule (oldest open
delivery first, effective from the later of the two dates) and are worked out here,
as the simulation goes, then written with :mod:`arddesk.store.bulk`.
"""

from __future__ import annotations

import calendar
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from arddesk.domain.terms import Terms, TermsKind
from arddesk.services import followup, plan
from arddesk.services.settings import CompanySettings
from arddesk.store.bulk import (
    AdjustmentRow,
    AllocationRow,
    BulkLoader,
    CustomerRow,
    DeliveryRow,
    DepartmentRow,
    PaymentRow,
    RepRow,
    SettingRow,
    TermsRow,
    bulk_loader,
)
from arddesk.store.db import open_database

DEFAULT_CUSTOMERS = 50
DELIVERIES_PER_CUSTOMER = 40
SPAN_DAYS = 800  # a little over two years of history

Progress = Callable[[int, int], bool]


class DemoCancelled(Exception):
    """The progress callback asked to stop; the half-written file has been removed."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What was generated."""

    customers: int
    deliveries: int
    payments: int
    adjustments: int
    allocations: int
    first_date: date
    last_date: date


# ---------------------------------------------------------------- master data

_COMPANY = {
    "company_name": "瑞丰食品贸易有限公司",
    "company_address": "上海市闵行区虹梅南路1888号 邮编201108",
    "company_phone": "021-6488 2300",
    "bank_details": "开户行：中国工商银行上海虹梅支行  户名：瑞丰食品贸易有限公司  账号：1001 2345 0900 0123 456",
    "company_name_en": "Ruifeng Food Trading Co., Ltd.",
    "company_address_en": "1888 Hongmei South Road, Minhang District, Shanghai 201108, China",
    "bank_details_en": "Bank: ICBC Shanghai Hongmei Sub-branch  Account name: Ruifeng Food Trading Co., Ltd.  "
    "Account no.: 1001 2345 0900 0123 456",
}

_DEPARTMENTS = (("KA", "商超事业部"), ("TRD", "批发流通部"), ("HRC", "餐饮渠道部"))
# (code, name, department index); the first rep of each department is its head.
_REPS = (
    ("R01", "王磊", 0),
    ("R02", "李娜", 0),
    ("R03", "张伟", 0),
    ("R04", "刘洋", 1),
    ("R05", "陈静", 1),
    ("R06", "杨帆", 1),
    ("R07", "赵敏", 2),
    ("R08", "黄强", 2),
)

# (code, terms, share of customers); every kind of terms appears.
_TERMS = (
    ("COD", Terms("COD", TermsKind.COD), 10),
    ("N30", Terms("N30", TermsKind.NET, days=30), 25),
    ("N60", Terms("N60", TermsKind.NET, days=60), 10),
    ("EOM30", Terms("EOM30", TermsKind.EOM, days=30), 15),
    ("M25", Terms("M25", TermsKind.MONTHLY, day_of_month=25, months=1, cutoff_day=25), 20),
    ("B21", Terms("B21", TermsKind.BATCH), 10),
    ("B21D30", Terms("B21D30", TermsKind.BATCH, days=30), 10),
)

_CITIES = (
    ("北京", "010", ("朝阳区", "海淀区", "丰台区", "东城区")),
    ("上海", "021", ("浦东新区", "徐汇区", "闵行区", "静安区")),
    ("广州", "020", ("天河区", "越秀区", "海珠区", "白云区")),
    ("深圳", "0755", ("南山区", "福田区", "罗湖区", "宝安区")),
    ("杭州", "0571", ("西湖区", "拱墅区", "滨江区", "萧山区")),
    ("南京", "025", ("鼓楼区", "玄武区", "江宁区", "秦淮区")),
    ("苏州", "0512", ("姑苏区", "吴中区", "工业园区", "相城区")),
    ("成都", "028", ("锦江区", "武侯区", "青羊区", "成华区")),
    ("武汉", "027", ("江汉区", "武昌区", "洪山区", "汉阳区")),
    ("天津", "022", ("和平区", "河西区", "南开区", "滨海新区")),
    ("宁波", "0574", ("海曙区", "鄞州区", "江北区", "北仑区")),
    ("无锡", "0510", ("梁溪区", "滨湖区", "新吴区", "锡山区")),
)
_BRANDS = (
    "恒达", "华联", "宏发", "永辉", "金源", "鑫隆", "瑞祥", "康泰", "百佳", "万家", "新世纪", "联华",
    "兴盛", "佳美", "福润", "祥和", "盛世", "东方", "嘉信", "海天", "天虹", "好又多", "润泽", "丰收",
    "绿源", "顺发", "家家乐", "喜盈门", "通达", "百汇",
)  # fmt: skip
_TRADES = ("超市", "商贸", "贸易", "食品", "百货", "便利店", "副食品批发部", "商行", "连锁超市", "酒楼", "餐饮管理")
_SUFFIXES = ("有限公司", "有限公司", "有限责任公司", "股份有限公司", "")
_ROADS = ("建国路", "人民路", "中山路", "解放路", "长江路", "和平路", "新华路", "南京路", "延安路", "学院路")

_EN_FIRST = (
    "Harbor", "Golden", "Pacific", "Evergreen", "Summit", "Riverside", "Lotus", "Jade", "Silver", "Bright",
    "Oakwood", "Sunrise", "Northern", "Eastern", "Crown", "Maple", "Orchid", "Phoenix", "Blue Sky", "Dragon Gate",
)  # fmt: skip
_EN_TRADES = ("Foods", "Trading", "Supermarket", "Provisions", "Wholesale", "Imports", "Mart", "Groceries", "Kitchen")
_EN_SUFFIXES = ("Ltd", "Co., Ltd.", "Limited", "Inc.", "Pte Ltd")
_EN_PLACES = (
    ("Hong Kong", "+852", ("Harbour Road, Wan Chai", "Nathan Road, Tsim Sha Tsui", "Queen's Road Central")),
    ("Singapore", "+65", ("Orchard Road", "Jurong West Street 41", "Tanjong Pagar Road")),
    ("Shanghai", "+86 21", ("Century Avenue, Pudong", "Huaihai Road (M)", "Hongqiao Road")),
    ("Macau", "+853", ("Avenida de Almeida Ribeiro", "Rua do Campo")),
)

_SETTLEMENT_DAYS = ("5,20", "10", "15", "10,25", "20", "8,22", "12")
_DISPUTES = (
    "争议：客户称部分货物外箱破损，待核实",
    "争议：到货数量与送货单不符，差3箱",
    "争议：客户反映临期商品，要求退换",
    "争议：促销返利未兑现，客户暂扣货款",
    "争议：价格按旧合同执行，差价待确认",
)
_PRE_FESTIVAL = "节前备货"
_NOTES = ("加急", "客户自提", "含赠品", "分两车送达", _PRE_FESTIVAL, "新品试销")
_RETURN_REASONS = ("退货：外箱破损", "退货：临期商品", "退货：错发规格", "退货：质量问题")

# Spring Festival (春节) dates; deliveries swell before it and stop during the holiday.
_SPRING_FESTIVAL = {
    2016: date(2016, 2, 8), 2017: date(2017, 1, 28), 2018: date(2018, 2, 16), 2019: date(2019, 2, 5),
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3), 2031: date(2031, 1, 23),
    2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19), 2035: date(2035, 2, 8),
}  # fmt: skip

# How many days before today the troubles of the first chronic non-payers began: the first
# keeps debts past a year, the second's are old enough to be partly written off, the
# third's are between half a year and a year overdue. Later ones at random.
_TROUBLE_STARTS = ((560, 660), (450, 700), (300, 380))

PUNCTUAL, LATE, PART, ADVANCE, CHRONIC = "punctual", "late", "part", "advance", "chronic"
_NO_DUE = 10**9  # an ordinal later than any date: a batch delivery with no next delivery yet

# Open item fields (a small list per open delivery, mutated as it is paid).
_ID, _DATE, _DUE, _OPEN, _HOLD, _AMOUNT = range(6)


def _spring_festival(year: int) -> date:
    return _SPRING_FESTIVAL.get(year, date(year, 2, 1))


def _season(day: date) -> float:
    """How busy a day is, 1.0 being an ordinary weekday."""
    factor = 0.3 if day.weekday() == 6 else 1.0
    festival = _spring_festival(day.year)
    if day > festival + timedelta(days=30):
        festival = _spring_festival(day.year + 1)
    until = (festival - day).days
    if 0 < until <= 45:
        factor *= 1.0 + 0.9 * (1 - until / 45)
    elif -7 <= until <= 0:
        factor *= 0.1
    elif -20 <= until < -7:
        factor *= 0.6
    if (day.month == 8 and day.day >= 25) or day.month == 9:
        factor *= 1.4
    elif day.month == 10 and day.day <= 7:
        factor *= 0.5
    return factor


@dataclass(slots=True, eq=False)
class _Customer:
    id: int
    code: str
    terms: Terms
    profile: str
    grade: str
    rep_id: int
    weight: float
    mean_amount: int
    join: int
    settlement: tuple[int, ...]
    pays_cash: bool
    draft_share: float
    delay: int = 0
    trouble: int | None = None
    stop: int | None = None
    rebate: bool = False
    rate: float = 0.0
    next_time: float = 0.0
    next_amount: int = 0
    quarter_sales: int = 0
    last_quarter_sales: int = 0
    open: deque[list[int]] = field(default_factory=deque)
    credits: deque[list[int]] = field(default_factory=deque)

    @property
    def delivers_and_pays(self) -> bool:
        """Cash-on-delivery and batch customers pay when the goods come."""
        return self.terms.kind in (TermsKind.COD, TermsKind.BATCH)


def _round_down(cents: int, unit: int) -> int:
    return cents // unit * unit


class _Generator:
    """The simulation: customers, then each day's deliveries, events and payments."""

    def __init__(self, rng: random.Random, customers: int, deliveries: int, today: date) -> None:
        self.rng = rng
        self.today = today.toordinal()
        self.start = self.today - SPAN_DAYS
        self.target = deliveries
        self.n_customers = customers
        self.season = [_season(date.fromordinal(self.start + i)) for i in range(SPAN_DAYS + 1)]
        self.season_max = max(self.season)
        self.dates: dict[int, date] = {}
        self.isos: dict[int, str] = {}
        self.customers: list[_Customer] = []
        self.by_settlement_day: dict[int, list[_Customer]] = {}
        self.arrivals: dict[int, list[_Customer]] = {}
        self.events: dict[int, list[tuple[str, _Customer, list[int] | None, int]]] = {}
        self.delivery_id = 0
        self.payment_id = 0
        self.adjustment_id = 0
        self.allocation_id = 0
        self.day_sequence: dict[int, int] = {}
        self.first_date = self.today
        self.loader: BulkLoader | None = None

    # ------------------------------------------------------------ helpers

    def date_of(self, ordinal: int) -> date:
        value = self.dates.get(ordinal)
        if value is None:
            value = self.dates[ordinal] = date.fromordinal(ordinal)
        return value

    def iso(self, ordinal: int) -> str:
        value = self.isos.get(ordinal)
        if value is None:
            value = self.isos[ordinal] = self.date_of(ordinal).isoformat()
        return value

    def stamp(self, ordinal: int, hour: int, serial: int) -> str:
        return f"{self.iso(ordinal)} {hour:02d}:{serial % 60:02d}:00.000000"

    def add(self, row: DeliveryRow | PaymentRow | AdjustmentRow | AllocationRow) -> None:
        assert self.loader is not None
        self.loader.add(row)

    # ------------------------------------------------------------ master data

    def master_data(self) -> list[tuple[object, ...]]:
        rng = self.rng
        created = self.stamp(self.start - 30, 9, 0)
        clerk = "li.na"
        rows: list[tuple[object, ...]] = [SettingRow(key, value) for key, value in _COMPANY.items()]
        rows += [DepartmentRow(i + 1, code, name, created, clerk) for i, (code, name) in enumerate(_DEPARTMENTS)]
        rows += [RepRow(i + 1, code, name, dept + 1, created, clerk) for i, (code, name, dept) in enumerate(_REPS)]
        terms_ids = {}
        for i, (code, terms, _share) in enumerate(_TERMS):
            terms_ids[code] = i + 1
            rows.append(
                TermsRow(i + 1, code, terms.kind.value, terms.days, terms.day_of_month, terms.months,
                         terms.cutoff_day, created, clerk)
            )  # fmt: skip

        n = self.n_customers
        terms_list = [code for code, _t, _s in _TERMS][:n]
        weights = [share for _c, _t, share in _TERMS]
        terms_list += rng.choices([code for code, _t, _s in _TERMS], weights, k=n - len(terms_list))
        rng.shuffle(terms_list)
        chronic = max(len(_TROUBLE_STARTS), round(n * 0.05)) if n >= 10 else min(n, 1)
        profiles = [CHRONIC] * chronic + [ADVANCE] * max(2, round(n * 0.05))
        profiles = profiles[:n]
        profiles += rng.choices([PUNCTUAL, LATE, PART], [50, 30, 20], k=n - len(profiles))
        rng.shuffle(profiles)
        terms_by_code = {code: terms for code, terms, _s in _TERMS}
        # Chronic non-payers buy on credit terms: cash and batch terms would have stopped them.
        on_credit = [i for i in range(n) if terms_by_code[terms_list[i]].kind not in (TermsKind.COD, TermsKind.BATCH)]
        for index in range(n):
            if profiles[index] == CHRONIC and index not in on_credit:
                swap = next((i for i in on_credit if profiles[i] != CHRONIC), None)
                if swap is not None:
                    profiles[index], profiles[swap] = profiles[swap], profiles[index]
        chronic_seen = 0
        used_names: set[str] = set()
        for index in range(n):
            code = f"C{index + 1:04d}"
            terms = terms_by_code[terms_list[index]]
            profile = profiles[index]
            if profile == LATE and terms.kind in (TermsKind.COD, TermsKind.BATCH):
                profile = PART  # these customers cannot take goods without settling the last batch
            grade = rng.choices("ABCD", {
                PUNCTUAL: (45, 40, 15, 0), ADVANCE: (30, 40, 30, 0), LATE: (5, 30, 45, 20),
                PART: (5, 40, 40, 15), CHRONIC: (0, 20, 40, 40),
            }[profile])[0]  # fmt: skip
            rep = rng.randrange(len(_REPS))
            mean_amount = max(50_000, int(rng.lognormvariate(math.log(800_000), 0.8)))
            join = self.start if rng.random() < 0.8 or profile == CHRONIC else rng.randint(self.start, self.today - 150)
            if terms.kind is TermsKind.MONTHLY:
                settlement: tuple[int, ...] = (terms.day_of_month or 25,)
            elif terms.kind in (TermsKind.COD, TermsKind.BATCH):
                settlement = ()
            else:
                settlement = tuple(int(day) for day in rng.choice(_SETTLEMENT_DAYS).split(","))
            customer = _Customer(
                id=index + 1,
                code=code,
                terms=terms,
                profile=profile,
                grade=grade,
                rep_id=rep + 1,
                # Chronic non-payers were good customers, buying a lot, before their troubles.
                weight=max(rng.lognormvariate(0, 0.7), 1.5 if profile == CHRONIC else 0.0),
                mean_amount=mean_amount,
                join=join,
                settlement=settlement,
                pays_cash=mean_amount < 300_000,
                draft_share=0.15 if mean_amount > 1_500_000 else 0.0,
            )
            if profile == LATE:
                customer.delay = rng.randint(10, 60)
            elif profile in (PART, CHRONIC):
                customer.delay = rng.randint(0, 20)
            if profile == CHRONIC:
                earliest, latest = _TROUBLE_STARTS[chronic_seen] if chronic_seen < len(_TROUBLE_STARTS) else (200, 700)
                customer.trouble = self.today - rng.randint(earliest, latest)
                customer.stop = customer.trouble + rng.randint(60, 150)
                chronic_seen += 1
            customer.rebate = grade in "AB" and profile == PUNCTUAL and rng.random() < 0.5
            self.customers.append(customer)
            for day in settlement:
                self.by_settlement_day.setdefault(day, []).append(customer)
            rows.append(self._customer_row(customer, terms_ids[terms.code], used_names, created, clerk))
        self._write_offs()
        self._calibrate()
        return rows

    def _customer_row(
        self, customer: _Customer, terms_id: int, used_names: set[str], created: str, clerk: str
    ) -> CustomerRow:
        rng = self.rng
        english = rng.random() < 1 / 3
        name = ""
        for attempt in range(50):
            if english:
                name = f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_TRADES)} {rng.choice(_EN_SUFFIXES)}"
            else:
                city, area, districts = rng.choice(_CITIES)
                name = f"{city}{rng.choice(_BRANDS)}{rng.choice(_TRADES)}{rng.choice(_SUFFIXES)}"
            if attempt >= 40:
                name += f"（{attempt - 39}号店）" if not english else f" (Branch {attempt - 39})"
            if name not in used_names:
                break
        used_names.add(name)
        if english:
            place, prefix, streets = rng.choice(_EN_PLACES)
            phone = f"{prefix} {rng.randint(2000, 9999)} {rng.randint(1000, 9999)}"
            unit = f"Unit {rng.randint(1, 30)}{rng.choice('ABCDEF')}"
            address = f"{unit}, {rng.randint(1, 300)} {rng.choice(streets)}, {place}"
        else:
            if rng.random() < 0.5:
                phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(1000_0000, 9999_9999)}"
            else:
                phone = f"{area}-{rng.randint(5000_0000 if len(area) == 3 else 8000_0000, 8999_9999)}"
            address = f"{city}市{rng.choice(districts)}{rng.choice(_ROADS)}{rng.randint(1, 999)}号"
        monthly = customer.mean_amount * 25 * max(customer.weight, 0.3)
        factor = {"A": 3.0, "B": 2.0, "C": 1.2, "D": 0.5}[customer.grade]
        credit_limit: int | None = None
        if rng.random() > 0.05:
            credit_limit = max(1, math.ceil(monthly * factor / 1_000_000)) * 1_000_000
        hold = "normal"
        if customer.stop is not None and customer.stop <= self.today:
            hold = "stop"
        elif customer.grade == "D":
            hold = "restricted"
        distance = rng.randint(3, 60) if rng.random() < 0.7 else rng.randint(60, 900)
        procedure = rng.choices(("simple", "normal", "complex"), (40, 40, 20))[0]
        department_id = _REPS[customer.rep_id - 1][2] + 1
        return CustomerRow(
            customer.id, customer.code, name, terms_id, credit_limit, customer.rep_id, department_id,
            customer.grade, phone, address, "en" if english else "zh", ",".join(str(d) for d in customer.settlement),
            distance, procedure, hold, created, clerk,
        )  # fmt: skip

    def _write_offs(self) -> None:
        chronic = [c for c in self.customers if c.trouble is not None]
        # The first chronic customer keeps its whole old debt; a couple of others are partly written off.
        candidates = [c for c in chronic[1:] if c.trouble is not None and c.trouble + 400 <= self.today]
        for customer in candidates[: max(2, self.n_customers // 100)]:
            assert customer.trouble is not None
            self.events.setdefault(customer.trouble + 400, []).append(("write_off", customer, None, 0))

    def _calibrate(self) -> None:
        """Delivery rates that give about the wanted number of deliveries."""
        prefix = [0.0]
        for value in self.season:
            prefix.append(prefix[-1] + value)

        def busy(first: int, last: int) -> float:
            return prefix[last - self.start + 1] - prefix[first - self.start] if last >= first else 0.0

        exposure = [
            c.weight * busy(c.join, min(self.today, c.stop if c.stop is not None else self.today))
            for c in self.customers
        ]
        scale = self.target / sum(exposure) if sum(exposure) else 0.0
        for customer in self.customers:
            customer.rate = customer.weight * scale
            customer.next_time = float(customer.join)
            self._schedule_next(customer)

    # ------------------------------------------------------------ the days

    def _schedule_next(self, customer: _Customer) -> int | None:
        """Draw the customer's next delivery day (thinning over the seasons); None past today."""
        rng = self.rng
        if customer.rate <= 0:
            return None
        top = customer.rate * self.season_max
        t = now = customer.next_time
        last = self.today if customer.stop is None else min(self.today, customer.stop)
        while True:
            t += rng.expovariate(top)
            day = int(t)
            if day > last or rng.random() * self.season_max < self.season[day - self.start]:
                break
        customer.next_time = t
        customer.next_amount = self._draw_amount(customer)
        if customer.profile == ADVANCE and customer.stop is None:
            # Paid a few days before the goods go out, even when that is after today.
            paid_on = max(day - rng.randint(1, 6), int(now))
            if paid_on <= self.today:
                self.events.setdefault(paid_on, []).append(("advance", customer, None, customer.next_amount))
        if day > last:
            return None
        self.arrivals.setdefault(day, []).append(customer)
        return day

    def _draw_amount(self, customer: _Customer) -> int:
        amount = int(customer.mean_amount * self.rng.lognormvariate(0, 0.45))
        amount = max(5_000, _round_down(amount, 100))
        if self.rng.random() < 0.2:
            amount += 50
        return amount

    def run(self, progress: Callable[[int], bool]) -> None:
        for offset in range(SPAN_DAYS + 1):
            day = self.start + offset
            paying: list[_Customer] = []
            while day in self.arrivals:  # a delivery may schedule another on the same day
                for customer in self.arrivals.pop(day):
                    self._deliver(customer, day)
                    if customer.credits:  # arddesk applies waiting credit as the goods go out
                        self._apply_credits(customer, day)
                    if customer.delivers_and_pays:
                        paying.append(customer)
            for kind, customer, item, amount in self.events.pop(day, ()):
                self._event(kind, customer, item, amount, day)
            today = self.date_of(day)
            if today.day == 1 and today.month in (1, 4, 7, 10):
                for customer in self.customers:
                    customer.last_quarter_sales, customer.quarter_sales = customer.quarter_sales, 0
            if today.day == 15 and today.month in (1, 4, 7, 10):
                self._rebates(day)
            month_days = calendar.monthrange(today.year, today.month)[1]
            settling = list(self.by_settlement_day.get(today.day, ()))
            if today.day == month_days:
                for late_day in range(month_days + 1, 32):
                    settling += self.by_settlement_day.get(late_day, ())
            for customer in settling:
                self._pay(customer, day, 30 // len(customer.settlement))
            for customer in dict.fromkeys(paying):
                self._pay(customer, day, 0)
            if today.day == month_days:
                # The clerk applies waiting credits (advances, overpayments, rebates) at the month's end.
                for customer in self.customers:
                    if customer.credits and customer.open:
                        self._apply_credits(customer, day)
            if not progress(offset + 1):
                raise DemoCancelled("cancelled")

    def _deliver(self, customer: _Customer, day: int) -> None:
        rng = self.rng
        amount = customer.next_amount
        following = self._schedule_next(customer)
        self.delivery_id += 1
        delivery_id = self.delivery_id
        sequence = self.day_sequence.get(day, 0) + 1
        self.day_sequence[day] = sequence
        iso = self.iso(day)
        due = customer.terms.due_date(self.date_of(day), self.date_of(following) if following is not None else None)
        due_ordinal = due.toordinal() if due is not None else _NO_DUE
        roll = rng.random()
        category = "normal" if roll < 0.88 else ("abnormal" if roll < 0.95 else "out_of_stock")
        progress_in_span = (day - self.start) / SPAN_DAYS
        roll = rng.random()
        model = "" if roll < 0.25 else ("new" if roll < 0.25 + 0.75 * (0.3 + 0.4 * progress_in_span) else "old")
        note = ""
        hold = 0
        dispute_rate = 0.012 if customer.profile in (LATE, PART) else 0.003
        roll = rng.random()
        if roll < dispute_rate:
            note = rng.choice(_DISPUTES)
            hold = day + rng.randint(20, 120)
        elif roll < dispute_rate + 0.03:
            note = rng.choice(_NOTES)
            if note == _PRE_FESTIVAL and self.season[day - self.start] < 1.2:
                note = ""
        self.add(
            DeliveryRow(
                delivery_id, f"DN{iso[:4]}{iso[5:7]}{iso[8:]}-{sequence:04d}", customer.id, iso, amount,
                due.isoformat() if due is not None else None, customer.rep_id, category, model, note,
                self.stamp(day, 9 + sequence % 8, sequence), "li.na" if sequence % 3 else "zhou.min",
            )
        )  # fmt: skip
        item = [delivery_id, day, due_ordinal, amount, hold, amount]
        customer.open.append(item)
        customer.quarter_sales += amount
        self.first_date = min(self.first_date, day)
        if hold and hold <= self.today and rng.random() < 0.5:
            self.events.setdefault(hold, []).append(("settle_dispute", customer, item, 0))
        if rng.random() < 0.004:
            returned_on = day + rng.randint(2, 20)
            if returned_on <= self.today:
                share = max(100, _round_down(int(amount * rng.uniform(0.05, 0.4)), 100))
                self.events.setdefault(returned_on, []).append(("return", customer, item, share))

    def _event(self, kind: str, customer: _Customer, item: list[int] | None, amount: int, day: int) -> None:
        rng = self.rng
        if kind == "advance":
            rounded = -(-amount // 100_000) * 100_000
            self._payment(customer, day, rounded, "预付货款")
        elif kind == "return" and item is not None:
            self._adjustment(customer, day, amount, "return", rng.choice(_RETURN_REASONS), item)
        elif kind == "settle_dispute" and item is not None and item[_OPEN] > 0:
            share = min(item[_OPEN], max(100, _round_down(int(item[_AMOUNT] * rng.uniform(0.1, 0.5)), 100)))
            kind = "return" if rng.random() < 0.5 else "discount"
            reason = f"争议处理：{self.iso(item[_DATE])}送货，协商{'退货' if kind == 'return' else '折让'}"
            self._adjustment(customer, day, share, kind, reason, item)
        elif kind == "write_off":
            total = sum(entry[_OPEN] for entry in customer.open)
            if total <= 0:
                return
            written = 0
            for entry in customer.open:
                if written >= total // 2:
                    break
                written += entry[_OPEN]
            self._adjustment(customer, day, written, "write_off", "客户已停业，多次催收无果，经总经理批准核销", None)

    def _rebates(self, day: int) -> None:
        quarter = (self.date_of(day).month - 1) // 3 or 4
        year = self.date_of(day).year - (1 if quarter == 4 else 0)
        for customer in self.customers:
            if customer.rebate and customer.last_quarter_sales > 0:
                amount = _round_down(customer.last_quarter_sales // 100, 100)
                if amount > 0:
                    self._adjustment(customer, day, amount, "rebate", f"{year}Q{quarter} 季度返利1%", None)

    def _pay(self, customer: _Customer, day: int, lookahead: int) -> None:
        rng = self.rng
        if customer.trouble is not None and day >= customer.trouble:
            if customer.open and rng.random() < 0.12:
                total = sum(entry[_OPEN] for entry in customer.open)
                amount = _round_down(int(total * rng.uniform(0.03, 0.12)), 100_000)
                if amount > 0:
                    self._payment(customer, day, amount, "分期还款")
            return
        if customer.profile in (PUNCTUAL, ADVANCE):
            threshold = day + lookahead
        else:
            threshold = day - max(0, customer.delay + rng.randint(-5, 10))
        due = 0
        for entry in customer.open:
            if entry[_DATE] > threshold:
                break
            if entry[_DUE] <= threshold and entry[_HOLD] <= day:
                due += entry[_OPEN]
        due -= sum(credit[3] for credit in customer.credits)
        if due <= 0:
            return
        amount = due
        note = ""
        if customer.profile == PART and rng.random() < 0.6:
            part = _round_down(int(due * rng.uniform(0.3, 0.8)), 10_000)
            if part > 0:
                amount, note = part, "部分付款"
        elif customer.profile == PUNCTUAL:
            roll = rng.random()
            if customer.grade == "A" and roll < 0.15 and amount > 100_000:
                discount = amount // 100
                self._adjustment(customer, day, discount, "discount", "提前付款折扣1%", None)
                amount -= discount
            elif roll > 0.97:
                amount = -(-amount // 100_000) * 100_000  # rounded up: a small credit stays
        elif customer.profile == LATE and rng.random() < 0.3:
            note = "催收后付款"
        self._payment(customer, day, amount, note)

    def _payment(self, customer: _Customer, day: int, amount: int, note: str) -> None:
        rng = self.rng
        self.payment_id += 1
        if customer.pays_cash and rng.random() < 0.7:
            method = "cash"
        elif rng.random() < customer.draft_share:
            method, note = "other", note or "银行承兑汇票"
        else:
            method = "transfer"
        stamp = self.stamp(day, 15, self.payment_id)
        self.add(
            PaymentRow(self.payment_id, f"PAY{self.payment_id:07d}", customer.id, self.iso(day), amount, method, note,
                       stamp, "chen.hui")
        )  # fmt: skip
        left = self._allocate(customer, day, amount, self.payment_id, None, None, stamp)
        if left:
            customer.credits.append([0, self.payment_id, day, left])

    def _adjustment(
        self, customer: _Customer, day: int, amount: int, kind: str, reason: str, target: list[int] | None
    ) -> None:
        self.adjustment_id += 1
        stamp = self.stamp(day, 16, self.adjustment_id)
        self.add(
            AdjustmentRow(self.adjustment_id, f"ADJ{self.adjustment_id:07d}", customer.id, self.iso(day), amount, kind,
                          reason, stamp, "li.na")
        )  # fmt: skip
        left = self._allocate(customer, day, amount, None, self.adjustment_id, target, stamp)
        if left:
            customer.credits.append([1, self.adjustment_id, day, left])

    def _allocate(
        self,
        customer: _Customer,
        source_date: int,
        amount: int,
        payment_id: int | None,
        adjustment_id: int | None,
        target: list[int] | None,
        stamp: str,
    ) -> int:
        """Apply to the target first (a return of those goods), then oldest open first; returns what is left."""
        left = amount
        entries: list[list[int]] = [target] if target is not None and target[_OPEN] > 0 else []
        for entry in entries + list(customer.open) if entries else customer.open:
            if left == 0:
                break
            share = min(entry[_OPEN], left)
            if share <= 0:
                continue
            entry[_OPEN] -= share
            left -= share
            self.allocation_id += 1
            self.add(
                AllocationRow(self.allocation_id, entry[_ID], payment_id, adjustment_id, share,
                              self.iso(max(source_date, entry[_DATE])), stamp, "li.na")
            )  # fmt: skip
        while customer.open and customer.open[0][_OPEN] == 0:
            customer.open.popleft()
        return left

    def _apply_credits(self, customer: _Customer, day: int) -> None:
        stamp = self.stamp(day, 17, self.allocation_id)
        while customer.credits:
            credit = customer.credits[0]
            is_payment = credit[0] == 0
            left = self._allocate(
                customer, credit[2], credit[3],
                credit[1] if is_payment else None, None if is_payment else credit[1], None, stamp,
            )  # fmt: skip
            if left:
                credit[3] = left
                break
            customer.credits.popleft()


def _remove_database(path: Path) -> None:
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
        candidate.unlink(missing_ok=True)


def generate_demo(
    path: Path,
    *,
    customers: int | None = None,
    deliveries: int | None = None,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write a new demo company database at ``path``.

    Args:
        path: where to write; the file must not exist or be empty.
        customers: how many customers (default 50, or one per 500 deliveries when only
            ``deliveries`` is given).
        deliveries: about how many deliveries (default 40 per customer).
        seed: the same seed and ``today`` give the same company.
        today: the last day of the history (default: the real today).
        progress: called with (done, total) now and then; returning False cancels.

    Returns:
        The counts and the date range written.

    Raises:
        FileExistsError: ``path`` exists and is not empty.
        DemoCancelled: ``progress`` returned False; the half-written file was removed.
    """
    path = Path(path)
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise FileExistsError(f"{path} already exists; choose a new file for the demo company.")
    if customers is None:
        customers = DEFAULT_CUSTOMERS if deliveries is None else max(DEFAULT_CUSTOMERS, deliveries // 500)
    if deliveries is None:
        deliveries = customers * DELIVERIES_PER_CUSTOMER
    if customers < 1 or deliveries < 0:
        raise ValueError("a demo company needs at least one customer and no negative number of deliveries")
    as_of = today or date.today()
    settings = CompanySettings(**_COMPANY)
    assert not settings.problems()

    generator = _Generator(random.Random(seed), customers, deliveries, as_of)
    total = SPAN_DAYS + 1 + (SPAN_DAYS + 1) // 4 + 1  # the last quarter: deriving open amounts

    def report(done: int) -> bool:
        return progress is None or progress(done, total) is not False

    db = open_database(path, create=True)
    try:
        with bulk_loader(db) as loader:
            generator.loader = loader
            loader.add_all(generator.master_data())
            loader.set_department_heads(
                [(index + 1, next(i + 1 for i, rep in enumerate(_REPS) if rep[2] == index)) for index in range(3)]
            )
            generator.run(report)
            loader.finish()
            if not report(total - 1):
                raise DemoCancelled("cancelled")
        written = loader.written
        # Visits, promises, next month's targets and schedule, so the plan's pages open on something real.
        followup.seed_demo_followups(db, as_of, seed)
        plan.seed_demo_plan(db, as_of)
    except BaseException:
        db.close()
        _remove_database(path)
        raise
    db.close()
    report(total)
    return DemoSummary(
        customers=customers,
        deliveries=written["DeliveryRow"],
        payments=written["PaymentRow"],
        adjustments=written["AdjustmentRow"],
        allocations=written["AllocationRow"],
        first_date=generator.date_of(generator.first_date),
        last_date=as_of,
    )
