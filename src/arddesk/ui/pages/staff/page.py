"""Staff: the reps and department heads, a form to add or change one, moving a rep's customers to another."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QWidget,
)

from arddesk.domain.dates import Period
from arddesk.domain.problems import InvalidValue
from arddesk.services import browse, letters, staff
from arddesk.services.ledger import StaffInput, save_staff
from arddesk.services.staff import Handover, StaffRow
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.ui import plain, tasks
from arddesk.ui.errors import show_error
from arddesk.ui.widgets.fields import code
from arddesk.ui.widgets.form import FormDialog, required
from arddesk.ui.widgets.page import ListPage
from arddesk.ui.widgets.tablemodel import Column, WindowedTableModel

ROLE_TEXT = {"rep": N_("rep"), "head": N_("department head")}


def _active(row: StaffRow) -> str:
    return _("yes") if row.active else _("no")


class StaffModel(WindowedTableModel):
    """The reps and heads; the filter is the search text."""

    count_in_background = False  # a company has tens of reps, not millions
    default_sort = "code"
    columns = (
        Column("code", N_("Code"), lambda r: r.code),
        Column("name", N_("Name"), lambda r: r.name),
        Column("department", N_("Department"), lambda r: r.department),
        Column("role", N_("Role"), lambda r: _(ROLE_TEXT[r.role]) if r.role in ROLE_TEXT else r.role),
        Column("phone", N_("Phone"), lambda r: r.phone),
        Column("active", N_("Active"), _active),
        Column("customers", N_("Customers"), lambda r: r.customers, "int"),
    )

    def fetch_count(self) -> int:
        assert self.db is not None
        return staff.count_staff(self.db, self.filter)

    def fetch_page(self, offset: int, limit: int) -> list[Any]:
        assert self.db is not None
        return staff.staff_page(self.db, self.filter, self.sort_key, self.descending, offset, limit)

    def mark(self, row: StaffRow) -> str | None:
        return None if row.active else "paid"  # greyed: still in the books, no longer working here


class StaffDialog(FormDialog):
    """New rep or head, or change one (the code stays)."""

    def __init__(self, db: Database, parent: QWidget | None = None, existing: StaffRow | None = None) -> None:
        super().__init__(_("Change staff member") if existing else _("New staff member"), parent)
        self.db = db
        self.saved_code = ""
        self.add_field("code", _("Code *"), QLineEdit(), code)
        self.add_field("name", _("Name *"), QLineEdit(), required)
        department = QComboBox()
        department.setEditable(True)
        department.addItems(browse.choices(db).departments)
        department.setCurrentText("")
        self.add_field("department", _("Department *"), department, required)
        department_name = QLineEdit()
        department_name.setPlaceholderText(_("blank = as it is (a new department is named by its code)"))
        self.add_field("department_name", _("Department name"), department_name)
        role = QComboBox()
        for text, value in ((_("rep"), "rep"), (_("department head"), "head")):
            role.addItem(text, value)
        self.add_field("role", _("Role"), role)
        self.add_field("phone", _("Phone"), QLineEdit())
        active = QComboBox()
        for text, value in ((_("yes"), "yes"), (_("no (left the company)"), "no")):
            active.addItem(text, value)
        self.add_field("active", _("Active"), active)
        self.finish()
        if existing is not None:
            self._fill(existing)
        self.resize(460, self.sizeHint().height())

    def _fill(self, row: StaffRow) -> None:
        fields: Any = self.fields
        fields["code"].setText(row.code)
        fields["code"].setReadOnly(True)
        fields["name"].setText(row.name)
        fields["department"].setCurrentText(row.department)
        fields["role"].setCurrentIndex(max(fields["role"].findData(row.role), 0))
        fields["phone"].setText(row.phone)
        fields["active"].setCurrentIndex(0 if row.active else 1)
        fields["name"].setFocus()

    def save(self, values: dict[str, Any]) -> None:
        self.saved_code = values["code"]
        self.write(lambda: save_staff(
            self.db,
            StaffInput(
                code=values["code"],
                name=values["name"],
                department=values["department"],
                role=values["role"],
                phone=values["phone"],
                active=values["active"] == "yes",
                department_name=values["department_name"],
            ),
        ))


class MoveDialog(FormDialog):
    """Give every customer of one rep to another, with a reason; optionally mark the handover letters."""

    def __init__(self, db: Database, giver: StaffRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(_("Move the customers of {code} {name}").format(code=giver.code, name=giver.name), parent)
        self.db = db
        self.giver = giver
        self.today = today
        self.handover: Handover | None = None
        target = QComboBox()
        target.addItem("", "")
        for rep_code, name in staff.rep_choices(db):
            if rep_code != giver.code:
                target.addItem(f"{rep_code} — {name}", rep_code)
        self.add_field("to_rep", _("To rep *"), target, self._target)
        reason = QLineEdit()
        reason.setPlaceholderText(_("why (kept in the audit trail)"))
        self.add_field("reason", _("Reason *"), reason, required)
        self.letters = QCheckBox(_("Mark this quarter's reconciliation letters as handover confirmations"))
        self.letters.setObjectName("markLetters")
        self.letters.setChecked(True)
        self.body.addWidget(plain.label(_("{customers} customer(s) will move.").format(customers=giver.customers)))
        self.body.addWidget(self.letters)
        self.finish()

    @staticmethod
    def _target(text: str) -> str:
        if not text:
            raise InvalidValue(_("choose the rep who takes the customers over"))
        return text

    def save(self, values: dict[str, Any]) -> None:
        db, giver, today = self.db, self.giver.code, self.today
        self.handover = self.write(
            lambda: staff.move_customers(db, giver, values["to_rep"], values["reason"], on=today)
        )


class StaffPage(ListPage):
    """The staff list: search as you type; add, change, move customers."""

    search_hint = N_("Search code, name, phone or department (Ctrl+F)")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(StaffModel(), today, parent)
        for column, width in enumerate((80, 180, 110, 120, 130, 60, 80)):
            self.table.setColumnWidth(column, width)
        self.finish_with_buttons(
            [
                (_("New…"), self.new_item, "newStaff"),
                (_("Edit…"), self.edit_selected, "editStaff"),
                (_("Move customers…"), self.move_selected, "moveCustomers"),
            ]
        )
        self.table.activated.connect(lambda _index: self.edit_selected())

    def build_filter(self) -> str:
        return self.search.text()

    def _after_change(self, code: str) -> None:
        self.company_changed.emit()
        for row in range(self.model.rowCount()):
            found = self.model.row_at(row)
            if found is not None and found.code == code:
                self.table.selectRow(row)
                break

    def new_item(self) -> None:
        if self.db is None:
            return
        dialog = StaffDialog(self.db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.saved_code)

    def edit_selected(self) -> None:
        """Change the selected rep or head."""
        row = self.selected_row()
        if row is None or self.db is None:
            return
        dialog = StaffDialog(self.db, self, existing=row)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(row.code)

    def _mark_letters(self, handover: Handover) -> list[str]:
        """Mark this quarter's letter to each customer that owes something as a handover confirmation."""
        assert self.db is not None
        quarter = Period.parse(f"{handover.on.year}Q{(handover.on.month - 1) // 3 + 1}")
        db = self.db
        marked: list[str] = []

        def mark() -> None:
            for customer in handover.customers:
                if customer.balance != 0:
                    letters.mark_handover(db, customer.code, quarter)
                    marked.append(customer.code)

        tasks.write(self, _("Handover letters"), mark)
        return marked

    def move_selected(self, sheet: str | None = None) -> None:
        """Move the selected rep's customers to another rep, then offer the handover sheet.

        Args:
            sheet: where to write the handover sheet; None asks (Cancel writes none).
        """
        row = self.selected_row()
        if row is None or self.db is None:
            return
        dialog = MoveDialog(self.db, row, self.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.handover is None:
            return
        handover = dialog.handover
        self._after_change(row.code)
        marked = self._mark_letters(handover) if dialog.letters.isChecked() else []
        path = sheet
        if path is None:
            suggested = f"handover-{handover.from_rep}-{handover.to_rep}-{handover.on.isoformat()}.pdf"
            path = QFileDialog.getSaveFileName(self, _("Save the handover sheet"), suggested, _("PDF (*.pdf)"))[0]
        if path:
            from arddesk.reports.handover import write_handover

            try:
                write_handover(handover, Path(path))
            except OSError as exc:
                show_error(self, _("Handover sheet"), exc)
        lines = [
            _("{customers} customer(s) moved from {from_rep} to {to_rep}, owing {balance} (overdue {overdue}).").format(
                customers=len(handover.customers),
                from_rep=handover.from_rep,
                to_rep=handover.to_rep,
                balance=formats.money(handover.balance),
                overdue=formats.money(handover.overdue),
            )
        ]
        if marked:
            lines.append(
                _(
                    "{marked} reconciliation letter(s) of this quarter are marked as handover confirmations: print "
                    "them from the Letters page."
                ).format(marked=len(marked))
            )
        if path:
            lines.append(_("Handover sheet: {path}").format(path=path))
        plain.inform(self, _("Customers moved"), "\n".join(lines))
