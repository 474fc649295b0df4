"""Changing a customer that another clerk changed meanwhile: their change is not overwritten."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from arddesk.services import browse
from arddesk.ui.pages.customers.dialog import CustomerDialog


def test_a_customer_changed_by_someone_else_since_it_was_opened_is_not_overwritten(qtbot, books) -> None:
    books.customer("C1", name="Alpha", phone="111")
    dialog = CustomerDialog(books.db, existing=browse.customer(books.db, "C1", date(2026, 6, 30)))
    qtbot.addWidget(dialog)
    books.customer("C1", name="Alpha", phone="222")  # the other clerk, while this dialog is open

    phone = dialog.fields["phone"]
    phone.clear()
    qtbot.keyClicks(phone, "333")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "someone else changed this customer" in dialog.summary.text()
    assert browse.customer(books.db, "C1", date(2026, 6, 30)).phone == "222"


def test_a_customer_nobody_else_touched_is_saved(qtbot, books) -> None:
    books.customer("C1", name="Alpha", phone="111")
    dialog = CustomerDialog(books.db, existing=browse.customer(books.db, "C1", date(2026, 6, 30)))
    qtbot.addWidget(dialog)
    phone = dialog.fields["phone"]
    phone.clear()
    qtbot.keyClicks(phone, "333")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert browse.customer(books.db, "C1", date(2026, 6, 30)).phone == "333"
