"""The incentives page, driven like the owner: password, review, drill-down, rules, lock and unlock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from sqlalchemy import text

from arddesk.domain.incentives import LineKind, Role
from arddesk.services import incentives, owner
from arddesk.services.books import close_books
from arddesk.store.db import Database
from arddesk.ui.pages.documents.dialog import DocumentDialog
from arddesk.ui.pages.incentives.page import (
    ForgotPasswordDialog,
    IncentivesPage,
    LockDialog,
    PaymentDialog,
    RecoveryCodeDialog,
    RulesDialog,
    UnlockDialog,
)
from tests.conftest import Books, FakeClock
from tests.services.test_owner import edit_snapshot, rewrite_trail

QUARTER_OVER = date(2027, 1, 15)  # a day after 2026Q4, which the tests lock

PASSWORD = "owner-secret"
TODAY = date(2027, 1, 15)


@pytest.fixture
def company(db: Database, books: Books) -> Books:
    """Two reps of department DEP (R1 heads it) in 2026Q4: one payment on time, one early, one overdue debt."""
    books.customer("C1", rep="R1", department="DEP")
    books.customer("C2", rep="R2", department="DEP")
    with db.transaction() as session:
        session.execute(
            text("UPDATE department SET head_rep_id = (SELECT id FROM rep WHERE code = 'R1') WHERE code = 'DEP'")
        )
    books.delivery("D1", "C1", on="2026-09-15", amount="1000.00")  # due 2026-10-15
    books.payment("C1", on="2026-10-15", amount="1000.00", applies_to="D1")  # on time: 1 % = 10.00
    books.delivery("D2", "C1", on="2026-10-01", amount="2000.00")  # due 2026-10-31
    books.payment("C1", on="2026-10-10", amount="2000.00", applies_to="D2")  # early: 1.2 % = 24.00, bonus 4.00
    books.delivery("D4", "C2", on="2026-06-01", amount="3000.00")  # 183 days past due at 2026-12-31
    return books


@pytest.fixture
def page(qtbot, company: Books, messages: list[str]) -> Iterator[IncentivesPage]:  # type: ignore[no-untyped-def]
    view = IncentivesPage(TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    view.set_database(company.db)
    yield view


@pytest.fixture
def opened(qtbot, page: IncentivesPage, db: Database) -> IncentivesPage:  # type: ignore[no-untyped-def]
    owner.set_password(db, PASSWORD)
    page.set_database(db)
    qtbot.keyClicks(page.password, PASSWORD)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    return page


def accept_recovery(codes: list[str]):  # type: ignore[no-untyped-def]
    def fake(dialog: RecoveryCodeDialog) -> int:
        assert not dialog.ok.isEnabled()  # not before "I have written it down"
        dialog.reject()
        assert not dialog.written.isChecked()
        dialog.written.setChecked(True)
        assert dialog.ok.isEnabled()
        codes.append(dialog.code.text())
        return int(QDialog.DialogCode.Accepted)

    return fake


def _people(view: IncentivesPage) -> list[tuple[str, str, str]]:
    return [
        (view.statements.index(r, 0).data(), view.statements.index(r, 2).data(), view.statements.index(r, 9).data())
        for r in range(view.statements.rowCount())
    ]


def test_first_use_sets_the_password_and_shows_the_recovery_code_once(
    qtbot, page: IncentivesPage, db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    assert page.stack.currentIndex() == 0
    assert page.open_button.text() == "Set password"
    assert page.export_table() is None
    qtbot.keyClicks(page.password, "first-secret")
    qtbot.keyClicks(page.password_again, "first-secreT")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.gate_message.text() == "The two passwords differ."
    assert not owner.password_is_set(db)
    page.password.clear()
    page.password_again.clear()
    qtbot.keyClicks(page.password, "short")
    qtbot.keyClicks(page.password_again, "short")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert "8 characters" in page.gate_message.text()
    codes: list[str] = []
    monkeypatch.setattr(RecoveryCodeDialog, "exec", accept_recovery(codes))
    page.password.clear()
    page.password_again.clear()
    qtbot.keyClicks(page.password, "first-secret")
    qtbot.keyClicks(page.password_again, "first-secret")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert len(codes) == 1 and codes[0]
    assert owner.check_password(db, "first-secret")
    assert page.stack.currentIndex() == 1
    assert page.period_picker.currentText() == "2026Q4"


def test_later_the_password_is_asked_and_a_forgotten_one_reset(
    qtbot, page: IncentivesPage, db: Database, monkeypatch, owner_clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    code = owner.set_password(db, PASSWORD)
    page.set_database(db)
    assert page.open_button.text() == "Open"
    assert not page.password_again.isVisible()
    qtbot.keyClicks(page.password, "not-the-password")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert page.gate_message.text() == "Wrong password."
    assert page.stack.currentIndex() == 0
    assert page.wait_label.text() == "After a wrong password, the next try waits: 1 s."
    assert not page.open_button.isEnabled() and not page.forgot_button.isEnabled()
    owner_clock.time += 1  # the owner waits a second
    qtbot.waitUntil(page.forgot_button.isEnabled, timeout=2000)
    assert page.wait_label.text() == ""

    def fill(dialog: ForgotPasswordDialog) -> int:
        dialog.code.setText(code)
        dialog.new.setText("brand-new-secret")
        dialog.again.setText("brand-new-secret")
        dialog.reason.setText("forgot it over the holidays")
        return int(QDialog.DialogCode.Accepted)

    codes: list[str] = []
    monkeypatch.setattr(ForgotPasswordDialog, "exec", fill)
    monkeypatch.setattr(RecoveryCodeDialog, "exec", accept_recovery(codes))
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        qtbot.mouseClick(page.forgot_button, Qt.MouseButton.LeftButton)
    assert owner.check_password(db, "brand-new-secret")
    assert codes and codes[0] != code
    assert page.stack.currentIndex() == 1
    assert page.reset_banner.isVisible()  # the reset is never silent: the owner is told at each sign-in
    assert "reset with the recovery code on " in page.reset_text.text()
    assert "reason: forgot it over the holidays" in page.reset_text.text()
    qtbot.mouseClick(page.reset_seen_button, Qt.MouseButton.LeftButton)
    assert not page.reset_banner.isVisible() and owner.reset_notice(db) is None
    page.set_database(db)  # someone who still knows only the old password is told why it fails
    qtbot.keyClicks(page.password, PASSWORD)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert page.gate_message.text().startswith("Wrong password. The password was reset with the recovery code on ")


def test_review_and_drill_down_to_the_payment(qtbot, qtmodeltester, opened: IncentivesPage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = opened
    assert _people(page) == [
        ("R1", "Sales rep", "38.00"),
        ("R1", "Department head", "9.00"),
        ("R2", "Sales rep", "-15.00"),
    ]
    qtmodeltester.check(page.statements)
    assert "<b>total 32.00</b>" in page.totals.text()
    assert page.badge.text().startswith("Open")
    page.table.sortByColumn(9, Qt.SortOrder.DescendingOrder)  # total
    assert [row[2] for row in _people(page)] == ["38.00", "9.00", "-15.00"]
    page.table.selectRow(0)
    kinds = [page.lines.rows[r].kind for r in range(page.lines.rowCount())]
    assert kinds == [LineKind.REWARD, LineKind.REWARD, LineKind.ADVANCE_BONUS, LineKind.ATTAINMENT]
    qtmodeltester.check(page.lines)
    early = page.lines.rows[0]
    assert early.delivery == "D2" and early.amount == Decimal("24.00")
    assert "D2" in page.lines.index(0, 2).data()

    shown: list[PaymentDialog] = []

    def capture(dialog: PaymentDialog) -> int:
        shown.append(dialog)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(PaymentDialog, "exec", capture)
    rect = page.line_table.visualRect(page.lines.index(0, 1))
    qtbot.mouseClick(page.line_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.line_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.windowTitle() == f"Payment {early.payment}"
    assert [(line.kind, line.delivery) for line in dialog.lines.rows if line.kind is LineKind.REWARD] == [
        (LineKind.REWARD, "D2")
    ]
    assert {line.payment for line in dialog.lines.rows} == {early.payment}
    documents: list[DocumentDialog] = []
    monkeypatch.setattr(DocumentDialog, "exec", lambda document: documents.append(document) or 0)
    qtbot.mouseClick(dialog.findChild(QPushButton, "openPaymentDocument"), Qt.MouseButton.LeftButton)
    assert [document.windowTitle() for document in documents] == [f"Payment {early.payment}"]
    page.table.selectRow(2)  # R2: the penalty on D4
    assert [line.kind for line in page.lines.rows] == [LineKind.ATTAINMENT, LineKind.PENALTY]
    header, rows = page.export_table() or ([], [])
    assert header[-1] == "Total" and len(rows) == 3


def test_lock_holds_when_the_ledger_changes_and_unlock_needs_a_reason(
    qtbot, opened: IncentivesPage, company: Books, db: Database, monkeypatch, messages: list[str], owner_clock
) -> None:  # type: ignore[no-untyped-def]
    page = opened
    passwords = iter(["wrong-password", PASSWORD])

    def confirm(dialog: LockDialog) -> int:
        dialog.password.setText(next(passwords))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(LockDialog, "exec", confirm)
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    assert messages and "wrong password" in messages[-1]
    assert incentives.lock_info(db, "2026Q4") is None
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)  # at once: asked to wait, not frozen
    assert "the next try waits: 1 s" in messages[-1]
    owner_clock.time += 1
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    assert page.badge.text().startswith("Locked ")
    assert not page.lock_button.isEnabled() and page.unlock_button.isEnabled()
    before = _people(page)

    close_books(db, date(2026, 11, 30), PASSWORD, today=QUARTER_OVER)  # the owner lets a late payment in
    company.payment("C2", on="2026-12-20", amount="3000.00", applies_to="D4")  # the data change
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    assert _people(page) == before

    reasons = iter(["", "a payment of December was entered late"])

    def fill(dialog: UnlockDialog) -> int:
        dialog.password.setText(PASSWORD)
        dialog.reason.setPlainText(next(reasons))
        if not dialog.ok.isEnabled():
            return int(QDialog.DialogCode.Rejected)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(UnlockDialog, "exec", fill)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)  # no reason: OK stays disabled
    assert incentives.lock_info(db, "2026Q4") is not None
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert incentives.lock_info(db, "2026Q4") is None
    assert "a payment of December was entered late" in page.history.text()
    assert page.badge.text().startswith("Open")
    assert _people(page) != before  # the December payment now counts: R2's penalty is gone
    assert dict((p, t) for p, r, t in _people(page) if r == "Sales rep")["R2"] != "-15.00"


def test_rules_editor_names_a_bad_field_and_saves_good_rules(
    qtbot, opened: IncentivesPage, db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = opened
    seen: list[str] = []

    def edit(dialog: RulesDialog) -> int:
        dialog.fields["penalty_rate"].setText("abc")
        seen.append(dialog.problems_label.text())
        assert not dialog.save.isEnabled()
        dialog.fields["penalty_rate"].setText("0.5")
        dialog.fields["advance_bonus_rate"].setText("150")
        seen.append(dialog.problems_label.text())
        assert not dialog.save.isEnabled()
        dialog.fields["advance_bonus_rate"].setText("0")
        dialog.bands.item(1, 2).setText("2")  # on time: 2 %
        assert dialog.save.isEnabled() and dialog.problems_label.text() == ""
        dialog.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(RulesDialog, "exec", edit)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        qtbot.mouseClick(page.rules_button, Qt.MouseButton.LeftButton)
    assert seen[0].startswith("penalty_rate:")
    assert seen[1].startswith("advance_bonus_rate:")
    rules = incentives.rules_for(db, "2026Q4")
    assert rules.advance_bonus_rate == 0 and rules.bands[1].rate == Decimal("0.02")
    r1 = page.result.statement("R1", Role.REP) if page.result else None
    assert r1 is not None and r1.total == Decimal("44.00")  # 24.00 early + 20.00 on time at 2 %, no bonus


def test_rules_of_a_locked_period_cannot_be_changed(qtbot, opened: IncentivesPage, db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = opened
    incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    states: list[tuple[bool, bool]] = []

    def look(dialog: RulesDialog) -> int:
        states.append((dialog.save.isEnabled(), dialog.fields["penalty_rate"].isReadOnly()))
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(RulesDialog, "exec", look)
    qtbot.mouseClick(page.rules_button, Qt.MouseButton.LeftButton)
    assert states == [(False, True)]


def test_print_statements_and_export_excel(qtbot, opened: IncentivesPage, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = opened
    targets = iter([tmp_path / "statements.pdf", tmp_path / "summary.xlsx"])
    monkeypatch.setattr(page, "choose_path", lambda *_args: next(targets))
    with qtbot.waitSignal(page.written, timeout=20000):
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "statements.pdf").read_bytes().startswith(b"%PDF")
    printed = page.print_documents()  # File → Print: the same statements, through the preview
    assert printed is not None and printed[0].read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(page.written, timeout=20000):
        qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "summary.xlsx", read_only=True)
    assert workbook.sheetnames
    assert "Written to" in page.status.text()


def test_a_heads_line_leads_to_the_reps_payments(qtbot, opened: IncentivesPage) -> None:  # type: ignore[no-untyped-def]
    page = opened
    assert page.select_statement("R1", Role.HEAD)
    heads = [r for r, line in enumerate(page.lines.rows) if line.kind is LineKind.HEAD_REWARD and line.rep == "R1"]
    assert heads
    rect = page.line_table.visualRect(page.lines.index(heads[0], 1))
    qtbot.mouseClick(page.line_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.line_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    statement = page.selected_statement()
    assert statement is not None and (statement.person, statement.role) == ("R1", Role.REP)
    # Exactly the lines the head's figure sums: R1's rewards on normal goods, not its bonus lines.
    assert sorted((line.kind, line.delivery) for line in page.lines.rows) == [
        (LineKind.REWARD, "D1"), (LineKind.REWARD, "D2")
    ]
    assert "behind the head's line: 2 payment lines on normal goods" in page.lines_caption.text()


def test_a_removed_password_is_not_offered_to_be_set_again(qtbot, page: IncentivesPage, db: Database) -> None:  # type: ignore[no-untyped-def]
    owner.set_password(db, PASSWORD)
    with db.transaction() as session:
        session.execute(text("DELETE FROM setting WHERE key LIKE 'owner_%'"))
    page.set_database(db)
    assert page.gate_title.text() == "Incentives: the owner's password is missing"
    assert "removed outside arddesk" in page.gate_text.text()
    assert not page.password.isVisible() and not page.open_button.isVisible()
    assert not page.password_again.isVisible() and not page.forgot_button.isVisible()
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert page.stack.currentIndex() == 0 and owner.password_state(db) is owner.PasswordState.REMOVED


def test_an_edited_locked_snapshot_shows_as_tampered(qtbot, opened: IncentivesPage, db: Database) -> None:  # type: ignore[no-untyped-def]
    page = opened
    incentives.lock(db, "2026Q4", PASSWORD, today=QUARTER_OVER)
    edit_snapshot(db, "2026Q4")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    assert page.badge.text().startswith("⚠ Tampered: locked ")
    assert "changed outside arddesk" in page.badge.text()
    assert not page.print_button.isEnabled() and not page.excel_button.isEnabled()
    rewrite_trail(db, "incentive_result", "2026Q4")  # the plain hashes agree again: the seal does not
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.refresh()
    assert page.badge.text().endswith("but changed outside arddesk: its seal does not match")
    assert not page.print_button.isEnabled()
