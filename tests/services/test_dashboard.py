from datetime import date
from decimal import Decimal

from arddesk.domain.aging import DebtClass
from arddesk.domain.dashboard import dso, share
from arddesk.services.dashboard import dashboard
from tests.conftest import Books

D = date.fromisoformat


def test_dso_and_share_rules() -> None:
    assert dso(300_00, 900_00) == Decimal("30.0")  # a third of 90 days' sales is open
    assert dso(100_00, 0) is None
    assert share(1, 3) == Decimal("33.3")
    assert share(5, 0) is None


def test_dashboard_figures(books: Books) -> None:
    books.customer("C1", name="Acme")
    books.customer("C2", name="Bolt")
    books.delivery("D1", "C1", on="2026-06-01", amount="600.00")  # due 07-01: overdue
    books.delivery("D2", "C2", on="2026-08-01", amount="300.00")  # due 08-31: overdue
    books.delivery("D3", "C2", on="2026-09-10", amount="100.00")  # due 10-10: not due
    books.payment("C1", on="2026-08-15", amount="100.00")  # last month
    books.payment("C2", on="2026-09-05", amount="50.00")  # this month, D2 → 250.00 open
    board = dashboard(books.db, D("2026-09-30"))
    assert board.receivable == 500_00 + 250_00 + 100_00
    assert board.overdue == 750_00
    assert board.overdue_share == Decimal("88.2")  # 750 / 850
    assert board.dso == Decimal("191.3")  # 850 ÷ 400 (D2 + D3, the last 90 days) × 90
    assert (board.cash_this_month, board.cash_last_month) == (50_00, 100_00)
    assert board.buckets[0] == ("not_due", 100_00)
    assert sum(amount for _label, amount in board.buckets) == board.receivable
    assert [(c.code, c.overdue) for c in board.top_overdue] == [("C1", 500_00), ("C2", 250_00)]
    assert (board.classes[DebtClass.DOUBTFUL], board.classes[DebtClass.DUNNING]) == (500_00, 250_00)  # D1: 91 days
    assert board.warnings == []


def test_this_month_is_compared_with_the_same_days_of_last_month(books: Books) -> None:
    books.customer("C1")
    books.delivery("D1", "C1", on="2026-01-01", amount="1000.00")
    books.payment("C1", on="2026-02-01", amount="10.00")  # 1st of last month: counted
    books.payment("C1", on="2026-02-28", amount="20.00")  # the last day of February: counted on March 31
    books.payment("C1", on="2026-03-01", amount="5.00")
    assert dashboard(books.db, D("2026-03-01")).cash_last_month_to_date == 10_00
    assert dashboard(books.db, D("2026-03-31")).cash_last_month_to_date == 30_00
    assert dashboard(books.db, D("2026-03-31")).cash_last_month == 30_00


def test_dashboard_of_an_empty_company(books: Books) -> None:
    board = dashboard(books.db, D("2026-09-30"))
    assert (board.receivable, board.overdue_share, board.dso, board.top_overdue) == (0, None, None, [])


def test_key_receivables_follow_the_owners_rule(books: Books) -> None:
    from arddesk.services.settings import update_settings

    for code, amount in (("A", "5000.00"), ("B", "3000.00"), ("C", "1000.00"), ("D", "500.00"), ("E", "500.00")):
        books.customer(code)
        books.delivery(f"D{code}", code, on="2026-06-01", amount=amount)  # due 07-01: all overdue, 10,000.00
    board = dashboard(books.db, D("2026-09-30"))
    assert [(c.code, c.overdue) for c in board.top_overdue] == [("A", 500_000), ("B", 300_000)]  # 80 % by default
    update_settings(books.db, key_share="90", key_most="2")
    assert [c.code for c in dashboard(books.db, D("2026-09-30")).top_overdue] == ["A", "B"]  # 90 % needs C: cut at 2
    update_settings(books.db, key_most="5")
    assert [c.code for c in dashboard(books.db, D("2026-09-30")).top_overdue] == ["A", "B", "C"]
