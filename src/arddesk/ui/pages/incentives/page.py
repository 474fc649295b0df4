"""The owner's incentives page: behind the owner's password, each person's bonus for a period, the lines
behind every figure down to the payment, the period's rules, approving and locking, and the statements.

The figures come from :mod:`arddesk.services.incentives`; a locked period shows its snapshot. The
calculation runs off the GUI thread (it reads every collection of the period).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.classes import DebtCause
from arddesk.domain.dates import Period
from arddesk.domain.incentives import (
    CATEGORIES,
    DEBT_KINDS,
    MODELS,
    AttainmentTier,
    LatenessBand,
    Line,
    LineKind,
    Result,
    Role,
    Rules,
    Statement,
    parse_rate,
)
from arddesk.domain.problems import Problem
from arddesk.services import incentives, owner
from arddesk.services.browse import MoneyFilter, money_page
from arddesk.services.errors import Rejected
from arddesk.services.incentives import LockInfo, UnlockRow
from arddesk.services.settings import load_settings
from arddesk.store.db import Database
from arddesk.text import N_, _, formats
from arddesk.text.messages import cause_name, code_text, explanation, message_text, reason_text
from arddesk.ui import plain, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.tasks import run_in_background
from arddesk.ui.widgets.page import make_table
from arddesk.ui.widgets.period import PeriodPicker
from arddesk.ui.widgets.tablemodel import ROW_ROLE, Column, Index, ListTableModel

_HUNDRED = Decimal(100)
ROLE_TITLES = {Role.REP: N_("Sales rep"), Role.HEAD: N_("Department head")}
KIND_TITLES = {
    LineKind.REWARD: N_("Reward"),
    LineKind.ADVANCE_BONUS: N_("Advance bonus"),
    LineKind.ATTAINMENT: N_("Attainment"),
    LineKind.PENALTY: N_("Penalty"),
    LineKind.EXEMPTION: N_("Exemption"),
    LineKind.HEAD_REWARD: N_("Head reward"),
}


def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def _pct(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else fraction * _HUNDRED


def _rate_text(fraction: Decimal) -> str:
    value = (fraction * _HUNDRED).normalize()
    return f"{value:f}"


# ---------------------------------------------------------------------------- table models
STATEMENT_COLUMNS = [
    Column("person", N_("Person"), lambda s: s.person),
    Column("name", N_("Name"), lambda s: s.name),
    Column("role", N_("Role"), lambda s: _(ROLE_TITLES[s.role])),
    Column("department", N_("Department"), lambda s: s.department),
    Column("collected", N_("Collected"), lambda s: _cents(s.collected), "money"),
    Column("target", N_("Target"), lambda s: _cents(s.target), "money"),
    Column("attainment", N_("Attainment"), lambda s: _pct(s.attainment), "percent"),
    Column("reward", N_("Reward"), lambda s: _cents(s.reward), "money"),
    Column("penalty", N_("Penalty"), lambda s: _cents(s.penalty), "money"),
    Column("total", N_("Total"), lambda s: _cents(s.total), "money", alert=lambda s: s.total < 0),
]

LINE_COLUMNS = [
    Column("kind", N_("Line"), lambda line: _(KIND_TITLES[line.kind])),
    Column("payment", N_("Payment"), lambda line: line.payment),
    Column("delivery", N_("Delivery"), lambda line: line.delivery),
    Column("customer", N_("Customer"), lambda line: line.customer),
    Column("rep", N_("Rep"), lambda line: line.rep),
    Column("paid_on", N_("Paid on"), lambda line: line.paid_on, "date"),
    Column("due_date", N_("Due"), lambda line: line.due_date, "date"),
    Column("days_late", N_("Days late"), lambda line: line.days_late, "int"),
    Column("band", N_("Band"), lambda line: line.band),
    Column("base", N_("Base"), lambda line: _cents(line.base), "money"),
    Column("rate", N_("Rate"), lambda line: _pct(line.rate), "percent"),
    Column("multiplier", "×", lambda line: line.multiplier),
    Column("amount", N_("Amount"), lambda line: _cents(line.amount), "money", alert=lambda line: line.amount < 0),
    Column("explanation", N_("Why"), lambda line: explanation(line)),
]


class StatementModel(ListTableModel):
    """One row per person and role: collected, target, attainment, reward, penalty, total."""

    columns = tuple(STATEMENT_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and self.columns[index.column()].key == "total":
            return theme.bold()
        return super().data(index, role)


class LineModel(ListTableModel):
    """The lines behind one statement."""

    columns = tuple(LINE_COLUMNS)

    def mark(self, row: Line) -> str | None:
        if row.kind is LineKind.PENALTY:
            return "overdue"
        if row.kind is LineKind.EXEMPTION:
            return "restricted"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
            and index.column() < len(self.columns)
        ):
            line: Line = self.rows[index.row()]
            return plain.tooltip(explanation(line) + (_("\nDouble-click: the payment") if line.payment else ""))
        return super().data(index, role)


# ---------------------------------------------------------------------------- password dialogs
def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once; closing needs the owner to say it is written down."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery code"))
        self.code = plain.label(code)
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setFont(theme.headline(QFont("monospace")))
        self.written = QCheckBox(_("I have written it down"))
        self.written.setObjectName("recoveryWritten")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.written.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        text = plain.label(
            _(
                "Write this recovery code down and keep it somewhere safe. It is shown only this once; "
                "with it you can set a new password if you forget yours."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.code, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.written)
        layout.addWidget(buttons)

    def reject(self) -> None:
        """Escape does not close it before the box is ticked."""
        if self.written.isChecked():
            super().reject()


class ForgotPasswordDialog(QDialog):
    """A new password with the recovery code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Forgot password"))
        self.code = QLineEdit()
        self.code.setObjectName("recoveryCodeInput")
        self.new = _password_field("newPassword")
        self.again = _password_field("newPasswordAgain")
        self.reason = QLineEdit()
        self.reason.setObjectName("resetReason")
        self.reason.setPlaceholderText(_("Why (kept in the audit trail; the owner is told of the reset)"))
        form = QFormLayout()
        form.addRow(_("Recovery code"), self.code)
        form.addRow(_("New password"), self.new)
        form.addRow(_("Repeat it"), self.again)
        form.addRow(_("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class LockDialog(QDialog):
    """Approve and lock: the password again, after saying what locking means."""

    def __init__(self, period: str, total: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Approve and lock {period}").format(period=period))
        text = plain.label(
            _(
                "Approve the bonuses of {period} (total {total}) and lock the period?\nThe figures shown are kept "
                "as they are: later changes to the ledger or the rules do not change them. Unlocking needs the "
                "password and a reason, which is kept."
            ).format(period=period, total=total)
        )
        text.setWordWrap(True)
        self.password = _password_field("lockPassword")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Approve and lock"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Owner's password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)


class UnlockDialog(QDialog):
    """Unlock: the password and a reason (kept); OK only with a reason."""

    def __init__(self, period: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Unlock {period}").format(period=period))
        self.password = _password_field("unlockPassword")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("unlockReason")
        self.reason.setPlaceholderText(_("Why the approved figures must be opened again (kept in the history)"))
        self.reason.setFixedHeight(80)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Unlock"))
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Owner's password"), self.password)
        form.addRow(_("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class PaymentDialog(QDialog):
    """One payment behind a line: its own figures and every line of the result it pays for."""

    def __init__(
        self,
        title: str,
        details: list[tuple[str, str]],
        lines: list[Line],
        parent: QWidget | None = None,
        open_document: Callable[[], None] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        for label, value in details:
            shown = plain.label(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        self.lines = LineModel()
        self.lines.set_rows(lines)
        widths = {0: 85, 1: 95, 2: 120, 3: 60, 4: 40, 5: 80, 6: 80, 7: 60, 8: 100, 9: 85, 10: 50, 11: 35, 12: 75}
        table = make_table(self.lines, widths)
        table.setObjectName("paymentLines")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if open_document is not None:
            document = buttons.addButton(_("Payment, allocations and history…"), QDialogButtonBox.ButtonRole.ActionRole)
            document.setObjectName("openPaymentDocument")
            document.clicked.connect(open_document)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(plain.label(_("Lines of this result paid by it"), bold=True))
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(1100, 420)


# ---------------------------------------------------------------------------- rules editor
@dataclass
class _TableSpec:
    name: str
    titles: tuple[str, ...]


class RulesDialog(QDialog):
    """Every rule of a period; a bad field is named and blocks saving; read-only when the period is locked."""

    def __init__(self, period: str, rules: Rules, *, locked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            _("Incentive rules for {period}").format(period=period) + (_(" (locked)") if locked else "")
        )
        self.locked = locked
        self.fields: dict[str, QLineEdit] = {}
        self.rules: Rules | None = None

        scalars = QGroupBox(_("Rates"))
        scalar_form = QFormLayout(scalars)
        self._field(
            scalar_form,
            "advance_bonus_rate",
            _("Advance bonus (% of a delivery paid before due)"),
            _rate_text(rules.advance_bonus_rate),
        )
        self._field(scalar_form, "penalty_rate", _("Penalty (% of open amount)"), _rate_text(rules.penalty_rate))
        self._field(scalar_form, "penalty_after_days", _("Penalty after (days overdue)"), str(rules.penalty_after_days))
        multipliers = QGroupBox(_("Multipliers on rewards"))
        multiplier_form = QFormLayout(multipliers)
        for category in CATEGORIES:
            value = rules.category_multipliers.get(category, Decimal(1))
            self._field(
                multiplier_form,
                f"category {category}",
                _("Category {category}").format(category=code_text(category)),
                str(value),
            )
        for model in MODELS:
            value = rules.model_multipliers.get(model, Decimal(1))
            self._field(
                multiplier_form,
                f"model {model}",
                _("Model {value}").format(value=code_text(model) if model else _("(none)")),
                str(value),
            )
        heads = QGroupBox(_("Department heads (% by kind of debt)"))
        head_form = QFormLayout(heads)
        for kind in DEBT_KINDS:
            value = rules.head_rates.get(kind, Decimal(0))
            self._field(head_form, f"head {kind}", code_text(kind).capitalize(), _rate_text(value))

        self.bands = self._table(
            "bands",
            (_("Band"), _("Up to days late (blank: no limit)"), _("Rate %")),
            [(b.label, "" if b.up_to is None else str(b.up_to), _rate_text(b.rate)) for b in rules.bands],
        )
        up_to = self.bands.horizontalHeaderItem(1)
        if up_to is not None:
            up_to.setToolTip(_("Blank: no limit (the last band)"))
        self.tiers = self._table(
            "tiers",
            (_("From % of target"), _("Multiplier")),
            [(_rate_text(t.at_least), str(t.multiplier)) for t in rules.tiers],
        )
        self.head_tiers = self._table(
            "head_tiers",
            (_("From % of target"), _("Multiplier")),
            [(_rate_text(t.at_least), str(t.multiplier)) for t in rules.head_tiers],
        )
        causes = QGroupBox(_("No penalty when the cause of debt is"))
        cause_layout = QVBoxLayout(causes)
        self.causes: dict[str, QCheckBox] = {}
        for cause in DebtCause:
            box = QCheckBox(cause_name(cause))
            box.setObjectName(f"exempt_{cause.value}")
            box.setChecked(cause.value in rules.exempt_causes)
            box.setEnabled(not locked)
            box.toggled.connect(self.validate)
            cause_layout.addWidget(box)
            self.causes[cause.value] = box

        grid = QGridLayout()
        grid.addWidget(self._boxed(_("Reward by lateness (earliest band first)"), self.bands), 0, 0)
        grid.addWidget(scalars, 0, 1)
        grid.addWidget(self._boxed(_("Rep attainment tiers"), self.tiers), 1, 0)
        grid.addWidget(multipliers, 1, 1)
        grid.addWidget(self._boxed(_("Head attainment tiers"), self.head_tiers), 2, 0)
        grid.addWidget(heads, 2, 1)
        grid.addWidget(causes, 3, 0, 1, 2)

        self.problems_label = plain.label()
        self.problems_label.setObjectName("rulesProblems")
        self.problems_label.setStyleSheet(theme.text_style(theme.ALERT))
        self.problems_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if locked:
            note = plain.label(
                _("This period is locked: its rules are shown as they were approved and cannot be changed."),
                "rulesLockedNote",
            )
            layout.addWidget(note)
        # The rules scroll when the dialog is taller than the screen; the buttons stay in sight.
        content = QWidget()
        content.setLayout(grid)
        scroll = QScrollArea()
        scroll.setObjectName("rulesScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(buttons)
        self.validate()
        wanted = content.sizeHint() + QSize(2 * layout.contentsMargins().left() + 20, buttons.sizeHint().height() + 40)
        room = self.screen().availableGeometry().size() * 0.9
        self.resize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))

    def _field(self, form: QFormLayout, name: str, label: str, value: str) -> None:
        edit = QLineEdit(value)
        edit.setObjectName(f"rule {name}")
        edit.setReadOnly(self.locked)
        edit.textChanged.connect(self.validate)
        form.addRow(label, edit)
        self.fields[name] = edit

    def _table(self, name: str, titles: tuple[str, ...], rows: list[tuple[str, ...]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(titles))
        table.setObjectName(f"rules_{name}")
        table.setHorizontalHeaderLabels(list(titles))
        table.verticalHeader().setVisible(False)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        # Every title and value whole: the columns as wide as they need, the table as wide as its columns.
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        needed = sum(
            max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) for column in range(len(titles))
        )
        table.setMinimumWidth(needed + table.frameWidth() * 2 + table.verticalScrollBar().sizeHint().width())
        if self.locked:
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.itemChanged.connect(self.validate)
        table.setMinimumHeight(130)
        return table

    def _boxed(self, title: str, table: QTableWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        row = QHBoxLayout()
        add = QPushButton(_("Add row"))
        remove = QPushButton(_("Remove row"))
        add.setObjectName(f"{table.objectName()}_add")
        remove.setObjectName(f"{table.objectName()}_remove")
        add.clicked.connect(lambda: self._add_row(table))
        remove.clicked.connect(lambda: self._remove_row(table))
        for button in (add, remove):
            button.setEnabled(not self.locked)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _add_row(self, table: QTableWidget) -> None:
        table.insertRow(table.rowCount())
        self.validate()

    def _remove_row(self, table: QTableWidget) -> None:
        row = table.currentRow() if table.currentRow() >= 0 else table.rowCount() - 1
        if row >= 0:
            table.removeRow(row)
        self.validate()

    @staticmethod
    def _cell(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def read(self) -> tuple[Rules | None, list[Problem]]:
        """The rules as typed, or the problems that stop them (each naming its field)."""
        problems: list[Problem] = []

        def rate(name: str, text: str) -> Decimal:
            try:
                return parse_rate(text)
            except ValueError:
                problems.append(Problem(None, name, text, _("a percentage, e.g. 1.2")))
                return Decimal(0)

        def number(name: str, text: str) -> Decimal:
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = Decimal("NaN")
            if not value.is_finite():
                problems.append(Problem(None, name, text, _("a number, e.g. 1.2")))
                return Decimal(1)
            return value

        def whole(name: str, text: str) -> int | None:
            try:
                return int(text)
            except ValueError:
                problems.append(Problem(None, name, text, _("a whole number of days")))
                return None

        text = {name: edit.text().strip() for name, edit in self.fields.items()}
        bands = []
        for row in range(self.bands.rowCount()):
            label, up_to, band_rate = (self._cell(self.bands, row, c) for c in range(3))
            limit = None if not up_to else whole(_("bands row {value} up to").format(value=row + 1), up_to)
            bands.append(LatenessBand(label, limit, rate(_("bands row {value} rate").format(value=row + 1), band_rate)))

        def tiers(table: QTableWidget, name: str) -> tuple[AttainmentTier, ...]:
            found = []
            for row in range(table.rowCount()):
                start, multiplier = (self._cell(table, row, c) for c in range(2))
                found.append(
                    AttainmentTier(
                        rate(_("{name} row {value} from").format(name=name, value=row + 1), start),
                        number(_("{name} row {value} multiplier").format(name=name, value=row + 1), multiplier),
                    )
                )
            return tuple(found)

        penalty_days = whole("penalty_after_days", text["penalty_after_days"])
        rules = Rules(
            bands=tuple(bands),
            advance_bonus_rate=rate("advance_bonus_rate", text["advance_bonus_rate"]),
            category_multipliers={c: number(f"category {c}", text[f"category {c}"]) for c in CATEGORIES},
            model_multipliers={m: number(f"model {m or '(none)'}", text[f"model {m}"]) for m in MODELS},
            tiers=tiers(self.tiers, "tiers"),
            penalty_rate=rate("penalty_rate", text["penalty_rate"]),
            penalty_after_days=penalty_days if penalty_days is not None else 0,
            exempt_causes=frozenset(cause for cause, box in self.causes.items() if box.isChecked()),
            head_rates={k: rate(f"head {k}", text[f"head {k}"]) for k in DEBT_KINDS},
            head_tiers=tiers(self.head_tiers, "head_tiers"),
        )
        if problems:
            return None, problems
        found = rules.problems()
        return (None, found) if found else (rules, [])

    def validate(self, *_args: object) -> bool:
        """Check every field; name the bad ones and allow saving only when there are none."""
        rules, problems = self.read()
        self.rules = rules
        self.problems_label.setText("\n".join(f"{p.column}: {reason_text(p)}" for p in problems))
        self.save.setEnabled(rules is not None and not self.locked)
        return rules is not None

    def accept(self) -> None:
        """Save only valid rules, never on a locked period."""
        if self.locked or not self.validate():
            return
        super().accept()


# ---------------------------------------------------------------------------- the page
class IncentivesPage(Page):
    """The owner's review of every rep's and department head's bonus, behind the owner's password."""

    title = N_("Incentives")
    refreshed = Signal(int)
    written = Signal(str)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.generation = 0
        self.result: Result | None = None
        self.opened = False
        self.key: owner.OwnerKey | None = None
        # Ticks while a wrong password's delay runs: the gate counts down, then takes a password again.
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(250)
        self.wait_timer.timeout.connect(self._wait_tick)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_gate())
        self.stack.addWidget(self._build_review())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # ---------------------------------------------------------------- the gate
    def _build_gate(self) -> QWidget:
        gate = QWidget()
        gate.setObjectName("incentivesGate")
        self.gate_title = plain.label(bold=True, scale=1.5)
        self.gate_text = plain.label()
        self.gate_text.setWordWrap(True)
        self.password = _password_field("ownerPassword")
        self.password_again = _password_field("ownerPasswordAgain")
        self.password.returnPressed.connect(self.open_with_password)
        self.password_again.returnPressed.connect(self.open_with_password)
        self.again_label = plain.label(_("Repeat it"))
        self.open_button = QPushButton()
        self.open_button.setObjectName("ownerOpen")
        self.open_button.clicked.connect(self.open_with_password)
        self.forgot_button = QPushButton(_("Forgot password…"))
        self.forgot_button.setObjectName("ownerForgot")
        self.forgot_button.clicked.connect(self.forgot_password)
        self.gate_message = plain.label()
        self.gate_message.setObjectName("gateMessage")
        self.gate_message.setTextFormat(Qt.TextFormat.PlainText)
        self.gate_message.setWordWrap(True)
        self.gate_message.setStyleSheet(theme.text_style(theme.ALERT))
        self.password_label = plain.label(_("Owner's password"))
        self.wait_label = plain.label()
        self.wait_label.setObjectName("gateWait")
        form = QFormLayout()
        form.addRow(self.password_label, self.password)
        form.addRow(self.again_label, self.password_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.gate_title)
        box.addWidget(self.gate_text)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.gate_message)
        box.addWidget(self.wait_label)
        inner = QWidget()
        inner.setLayout(box)
        # A fixed width (not a maximum with centring) lets the wrapped text take the height it needs.
        inner.setFixedWidth(520)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(inner)
        across.addStretch(1)
        outer = QVBoxLayout(gate)
        outer.addStretch(1)
        outer.addLayout(across)
        outer.addStretch(2)
        return gate

    def _show_gate(self) -> None:
        self.opened = False
        self.key = None
        self.stack.setCurrentIndex(0)
        state = owner.password_state(self.db) if self.db is not None else owner.PasswordState.NOT_SET
        first = state is owner.PasswordState.NOT_SET
        removed = state is owner.PasswordState.REMOVED
        self.password.clear()
        self.password_again.clear()
        self.gate_message.clear()
        self.password.setVisible(not removed)
        self.password_label.setVisible(not removed)
        self.password_again.setVisible(first)
        self.again_label.setVisible(first)
        self.open_button.setVisible(not removed)
        self.forgot_button.setVisible(state is owner.PasswordState.SET)
        if removed:
            self.gate_title.setText(_("Incentives: the owner's password is missing"))
            self.gate_text.setText(
                _(
                    "The audit trail says the owner set a password, but it is no longer in the company file: it was "
                    "removed outside arddesk. The bonuses stay closed. Run arddesk check, and restore the company "
                    "from a backup made before the change."
                )
            )
        elif first:
            self.gate_title.setText(_("Incentives: set the owner's password"))
            self.gate_text.setText(
                _(
                    "The bonuses of every rep and department head are for the owner's eyes. Choose a password "
                    "(at least 8 characters); it guards this view and the approval of a period. Only a salted "
                    "hash of it is kept."
                )
            )
            self.open_button.setText(_("Set password"))
        else:
            self.gate_title.setText(_("Incentives"))
            self.gate_text.setText(_("Enter the owner's password to see the bonuses."))
            self.open_button.setText(_("Open"))
        self._wait_tick()

    def _wait_tick(self) -> None:
        """While a wrong password's delay runs, say how long and take no password; then take one again."""
        wait = owner.seconds_to_wait(self.db) if self.db is not None else 0.0
        self.open_button.setEnabled(wait <= 0)
        self.forgot_button.setEnabled(wait <= 0)
        if wait > 0:
            self.wait_label.setText(
                _("After a wrong password, the next try waits: {wait} s.").format(wait=math.ceil(wait))
            )
            self.wait_timer.start()
        else:
            self.wait_label.clear()
            self.wait_timer.stop()

    def _refused(self, exc: Rejected, wrong: str) -> None:
        text = "; ".join(f"{p.column}: {reason_text(p)}" for p in exc.problems)
        if any(p.reason == wrong for p in exc.problems) and self.db is not None:
            reset = owner.last_reset(self.db)
            text = _("Wrong password.") if wrong == owner.WRONG_PASSWORD else _("Wrong recovery code.")
            if reset is not None:
                text += _(" The password was reset with the recovery code on {at:%Y-%m-%d %H:%M} by {user}.").format(
                    at=reset.at, user=reset.user
                )
        self.gate_message.setText(text)
        self._wait_tick()

    def open_with_password(self) -> None:
        """Set the password (first use) or check it, then show the review."""
        if self.db is None or not self.open_button.isEnabled() or self.open_button.isHidden():
            return
        password = self.password.text()
        try:
            if not owner.password_is_set(self.db):
                if password != self.password_again.text():
                    self.gate_message.setText(_("The two passwords differ."))
                    return
                code = owner.set_password(self.db, password)
                RecoveryCodeDialog(code, self).exec()
            self.key = owner.sign_in(self.db, password)
        except Rejected as exc:
            self._refused(exc, owner.WRONG_PASSWORD)
            self.password.selectAll()
            return
        self._open()

    def forgot_password(self) -> None:
        """A new password with the recovery code; the next recovery code is shown once."""
        if self.db is None or not self.forgot_button.isEnabled():
            return
        dialog = ForgotPasswordDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.new.text() != dialog.again.text():
            self.gate_message.setText(_("The two passwords differ."))
            return
        try:
            code = owner.reset_with_recovery_code(
                self.db, dialog.code.text(), dialog.new.text(), reason=dialog.reason.text()
            )
            self.key = owner.sign_in(self.db, dialog.new.text())
        except Rejected as exc:
            self._refused(exc, owner.WRONG_RECOVERY_CODE)
            return
        RecoveryCodeDialog(code, self).exec()
        self._open()

    def _open(self) -> None:
        self.opened = True
        self.password.clear()
        self.password_again.clear()
        self._show_reset_notice()
        self.stack.setCurrentIndex(1)
        self.refresh()

    def _show_reset_notice(self) -> None:
        notice = owner.reset_notice(self.db) if self.db is not None else None
        self.reset_banner.setVisible(notice is not None)
        if notice is not None:
            self.reset_text.setText(
                _(
                    "The owner's password was reset with the recovery code on {at:%Y-%m-%d %H:%M} by {user} "
                    "(reason: {reason}). If that was not you, the company file may be in other hands: look at the "
                    "audit trail and choose a new password."
                ).format(at=notice.at, user=notice.user, reason=notice.reason)
            )

    def reset_seen(self) -> None:
        """The owner has read the notice of a reset: it is not shown again (the audit trail keeps that)."""
        if self.db is not None:
            owner.acknowledge_reset(self.db)
        self._show_reset_notice()

    # ---------------------------------------------------------------- the review
    def _build_review(self) -> QWidget:
        review = QWidget()
        self.period_picker = PeriodPicker(self.today)
        self.period_picker.setObjectName("incentivesPeriod")
        self.period_picker.period_changed.connect(lambda *_: self.refresh())
        self.badge = plain.label()
        self.badge.setObjectName("lockBadge")
        self.badge.setTextFormat(Qt.TextFormat.PlainText)
        self.reset_text = plain.label()
        self.reset_text.setObjectName("resetNotice")
        self.reset_text.setTextFormat(Qt.TextFormat.PlainText)
        self.reset_text.setWordWrap(True)
        self.reset_seen_button = self._button(_("I know: hide this note"), "resetSeen", self.reset_seen)
        self.reset_banner = QWidget()
        self.reset_banner.setStyleSheet(theme.banner_style(theme.NOTICE_BACKGROUND, theme.NOTICE_TEXT))
        banner = QHBoxLayout(self.reset_banner)
        banner.addWidget(self.reset_text, 1)
        banner.addWidget(self.reset_seen_button)
        self.reset_banner.hide()
        self.rules_button = self._button(_("Rules…"), "incentivesRules", self.edit_rules)
        self.lock_button = self._button(_("Approve and lock…"), "incentivesLock", self.approve_and_lock)
        self.unlock_button = self._button(_("Unlock…"), "incentivesUnlock", self.unlock_period)
        self.print_button = self._button(_("Print statements…"), "incentivesPrint", self.print_statements)
        self.excel_button = self._button(_("Export Excel…"), "incentivesExcel", self.export_excel)
        bar = QHBoxLayout()
        bar.addWidget(plain.label(_("Period")))
        bar.addWidget(self.period_picker)
        bar.addWidget(self.badge)
        bar.addStretch(1)
        for button in (self.rules_button, self.lock_button, self.unlock_button, self.print_button, self.excel_button):
            bar.addWidget(button)

        self.statements = StatementModel()
        self.table = make_table(self.statements, {0: 70, 1: 110, 2: 120, 3: 90, 4: 120, 5: 120, 6: 85, 7: 100, 8: 90})
        self.table.setObjectName("incentivesTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._statement_changed)
        self.totals = plain.rich_label("incentivesTotals")  # fixed words and money only

        self.lines = LineModel()
        self.line_table = make_table(
            self.lines, {0: 100, 1: 110, 2: 110, 3: 70, 4: 50, 5: 85, 6: 85, 7: 65, 8: 110, 9: 100, 10: 60, 11: 45}
        )
        self.line_table.setObjectName("incentivesLines")
        self.line_table.setSortingEnabled(True)
        self.line_table.doubleClicked.connect(self._line_activated)
        self.lines_caption = plain.label(_("Lines"), "linesCaption", bold=True)
        self.history = plain.label(name="unlockHistory")
        self.history.setWordWrap(True)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.totals)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.lines_caption)
        lower_layout.addWidget(self.line_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.status = plain.label()
        self.status.setObjectName("incentivesStatus")
        layout = QVBoxLayout(review)
        layout.addWidget(self.reset_banner)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.history)
        layout.addWidget(self.status)
        return review

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    @property
    def period(self) -> Period | None:
        """The period chosen."""
        return self.period_picker.period

    def set_database(self, db: Database | None) -> None:
        """Another company: closed behind the password again, on the last full quarter."""
        self.db = db
        self.result = None
        self.statements.set_rows([])
        self.lines.set_rows([])
        self.period_picker.fill(self.today)
        self._show_gate()

    def refresh(self) -> None:
        """Calculate (or read the locked snapshot of) the period off the GUI thread."""
        if self.db is None or not self.opened:
            return
        period = self.period
        if period is None:
            self.status.setText(_("Not a period: write 2026Q3, 2026H1, 2026-07 or 2026."))
            return
        self.generation += 1
        generation, db = self.generation, self.db
        self.status.setText(_("Calculating {label}…").format(label=period.label))
        for button in (self.lock_button, self.unlock_button, self.print_button, self.excel_button):
            button.setEnabled(False)

        key = self.key

        def work(_progress: Callable[..., None]) -> tuple[int, Result, list[UnlockRow], LockInfo | None]:
            return (
                generation,
                incentives.calculate(db, period),
                incentives.unlock_history(db, period),
                incentives.lock_info(db, period, key),
            )

        run_in_background(
            self,
            _("Incentives {label}…").format(label=period.label),
            work,
            on_done=self._done,
            on_error=self._failed,
            show_progress=False,
        )

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.status.setText("")
            show_error(self, _("Incentives"), exc)

    def _done(self, answer: tuple[int, Result, list[UnlockRow], LockInfo | None]) -> None:
        generation, result, history, info = answer
        if not shiboken6.isValid(self) or generation != self.generation:
            return
        self.show_result(result, history, info)
        self.refreshed.emit(generation)

    def show_result(self, result: Result, history: list[UnlockRow], info: LockInfo | None = None) -> None:
        """Fill the review table, the totals, the badge and the history; keep the person selected.

        A locked period whose stored figures were changed outside arddesk (``info.problem``) is shown
        as tampered, and cannot be printed or exported.
        """
        chosen = self.selected_statement()
        self.result = result
        header = self.table.horizontalHeader()
        self.statements.set_rows(list(result.statements))
        self.statements.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        locked = result.locked_at is not None
        problem = info.problem if locked and info is not None else None
        if problem is not None:
            self.badge.setText(
                _("⚠ Tampered: locked {locked_at:%Y-%m-%d %H:%M}, but {problem}").format(
                    locked_at=result.locked_at, problem=message_text(problem)
                )
            )
            self.badge.setStyleSheet(theme.badge_style(theme.ALERT, theme.ON_ALERT))
        elif locked:
            # Words, not an emoji lock: fonts without one draw an empty box.
            self.badge.setText(
                _("Locked {locked_at:%Y-%m-%d %H:%M} by {locked_by}").format(
                    locked_at=result.locked_at, locked_by=result.locked_by
                )
            )
            self.badge.setStyleSheet(theme.badge_style(theme.LOCKED_BACKGROUND, theme.LOCKED_TEXT))
        else:
            self.badge.setText(_("Open: figures follow the ledger"))
            self.badge.setStyleSheet(theme.badge_style(theme.INFO_BACKGROUND, theme.INFO_TEXT))
        self.lock_button.setEnabled(not locked)
        self.unlock_button.setEnabled(locked)
        self.print_button.setEnabled(problem is None)
        self.excel_button.setEnabled(problem is None)
        total = sum((s.total for s in result.statements), Decimal(0))
        collected = sum((s.collected for s in result.statements if s.role is Role.REP), Decimal(0))
        reward = sum((s.reward for s in result.statements), Decimal(0))
        penalty = sum((s.penalty for s in result.statements), Decimal(0))
        self.totals.setText(
            _(
                "<b>Totals</b> — collected by reps {collected} · reward {reward} · penalty {penalty} · <b>total "
                "{total}</b>"
            ).format(
                collected=formats.money(collected),
                reward=formats.money(reward),
                penalty=formats.money(penalty),
                total=formats.money(total),
            )
            + (
                _(" · not any rep's: {unassigned}").format(unassigned=formats.money(result.unassigned))
                if result.unassigned
                else ""
            )
        )
        if history:
            self.history.setText(
                _("Unlocked before: ")
                + "; ".join(
                    _(
                        "{unlocked_at:%Y-%m-%d %H:%M} by {unlocked_by} (locked {locked_at:%Y-%m-%d} by "
                        "{locked_by}): “{reason}”"
                    ).format(
                        unlocked_at=row.unlocked_at,
                        unlocked_by=row.unlocked_by,
                        locked_at=row.locked_at,
                        locked_by=row.locked_by,
                        reason=row.reason,
                    )
                    for row in history
                )
            )
        else:
            self.history.clear()
        self.status.setText(
            _("{period}: {statements} statements, computed {computed_at}").format(
                period=result.period, statements=len(result.statements), computed_at=result.computed_at
            )
        )
        row = 0
        if chosen is not None:
            row = next(
                (i for i, s in enumerate(self.statements.rows) if (s.person, s.role) == (chosen.person, chosen.role)),
                0,
            )
        if self.statements.rows:
            self.table.selectRow(row)
        else:
            self.lines.set_rows([])

    def selected_statement(self) -> Statement | None:
        """The statement of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.statements.data(rows[0], ROW_ROLE) if rows else None

    def _statement_changed(self, *_args: object) -> None:
        statement = self.selected_statement()
        if statement is None:
            self.lines.set_rows([])
            self.lines_caption.setText(_("Lines"))
            return
        self.lines.set_rows(list(statement.lines))
        self.lines_caption.setText(
            _(
                "Lines of {name} ({lower}) — {lines} lines, total {money}. Double-click a line for its payment (a "
                "head's line: the rep's lines behind it)."
            ).format(
                name=statement.name,
                lower=_(ROLE_TITLES[statement.role]).lower(),
                lines=len(statement.lines),
                money=formats.money(_cents(statement.total)),
            )
        )

    # ---------------------------------------------------------------- drill-down to the payment
    def _line_activated(self, index: QModelIndex) -> None:
        line = self.lines.data(index, ROW_ROLE)
        if line is None:
            return
        if line.payment:
            self.show_payment(line.payment)
        elif line.kind is LineKind.HEAD_REWARD and line.rep:
            self.show_lines_behind(line)

    def show_lines_behind(self, head_line: Line) -> bool:
        """The rep's statement with only the reward lines a head's line sums (that rep, that kind of debt)."""
        if not self.select_statement(head_line.rep, Role.REP):
            return False
        statement = self.selected_statement()
        assert statement is not None
        behind = [
            line for line in statement.lines if line.kind is LineKind.REWARD and line.debt == head_line.debt
        ]
        self.lines.set_rows(behind)
        self.lines_caption.setText(
            _("Lines of {name} behind the head's line: {count} payment lines on {kind} goods, {base} collected.")
            .format(
                name=statement.name,
                count=len(behind),
                kind=code_text(head_line.debt),
                base=formats.money(_cents(head_line.base)),
            )
        )
        return True

    def select_statement(self, person: str, role: Role) -> bool:
        """Select a person's statement in the review table (its lines follow); False when not there.

        A head's line sums one rep's collections of a kind of debt: the payments behind it are
        that rep's reward lines.
        """
        for row, statement in enumerate(self.statements.rows):
            if (statement.person, statement.role) == (person, role):
                self.table.selectRow(row)
                return True
        return False

    def payment_dialog(self, number: str) -> PaymentDialog | None:
        """The dialog for payment ``number`` (None when it is not in the ledger)."""
        if self.db is None:
            return None
        found = [
            row
            for row in money_page(self.db, MoneyFilter(text=number, source="payment"), limit=20)
            if row.number == number
        ]
        if not found:
            return None
        payment = found[0]
        details = [
            (_("Payment"), payment.number),
            (_("Date"), formats.day(payment.date)),
            (_("Customer"), f"{payment.customer} {payment.customer_name}"),
            (_("Method"), code_text(payment.kind)),
            (_("Amount"), formats.money(payment.amount)),
            (_("Still unapplied"), formats.money(payment.unapplied)),
            (_("Note"), payment.text),
        ]
        lines = [
            line
            for statement in (self.result.statements if self.result else ())
            for line in statement.lines
            if line.payment == number
        ]
        return PaymentDialog(
            _("Payment {number}").format(number=number),
            details,
            lines,
            self,
            lambda: self.open_payment_document(number),
        )

    def open_payment_document(self, number: str) -> None:
        """The payment itself (allocations, history; void or correct it): the figures are read again after a change."""
        from arddesk.ui.pages.documents.dialog import open_document

        if self.db is not None:
            open_document(self, self.db, "payment", number, on_change=lambda *_: self.company_changed.emit())

    def show_payment(self, number: str) -> None:
        """Open the payment behind a line."""
        dialog = self.payment_dialog(number)
        if dialog is None:
            self.status.setText(_("Payment {number} is no longer in the ledger.").format(number=number))
            return
        dialog.exec()

    # ---------------------------------------------------------------- rules, lock, unlock
    def edit_rules(self) -> None:
        """The period's rules; saved for the period when valid (never when locked)."""
        period = self.period
        if self.db is None or period is None:
            return
        locked = self.result is not None and self.result.locked_at is not None and self.result.period == period.label
        rules = self.result.rules if locked and self.result else incentives.rules_for(self.db, period)
        dialog = RulesDialog(period.label, rules, locked=locked, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.rules is None:
            return
        try:
            incentives.save_rules(self.db, period, dialog.rules)
        except Rejected as exc:
            show_error(self, _("Rules"), exc)
            return
        self.refresh()

    def _must_wait(self, title: str) -> bool:
        """After wrong passwords, say how long until the next try (rather than freeze the window)."""
        wait = owner.seconds_to_wait(self.db) if self.db is not None else 0.0
        if wait > 0:
            problem = Problem(
                None,
                "password",
                "",
                _("after a wrong password, the next try waits: {wait} s").format(wait=math.ceil(wait)),
            )
            show_error(self, title, Rejected([problem]))
        return wait > 0

    def approve_and_lock(self) -> None:
        """Confirm with the password, then lock the period as computed now."""
        period = self.period
        if self.db is None or period is None or self.result is None:
            return
        if self._must_wait(_("Approve and lock")):
            return
        dialog = LockDialog(period.label, formats.money(_cents(self.result.total)), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            incentives.lock(self.db, period, dialog.password.text(), today=self.today)
        except Rejected as exc:
            show_error(self, _("Approve and lock"), exc)
            return
        self.refresh()

    def unlock_period(self) -> None:
        """Unlock with the password and a reason (kept in the history)."""
        period = self.period
        if self.db is None or period is None:
            return
        if self._must_wait(_("Unlock")):
            return
        dialog = UnlockDialog(period.label, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            incentives.unlock(self.db, period, dialog.password.text(), dialog.reason.toPlainText())
        except Rejected as exc:
            show_error(self, _("Unlock"), exc)
            return
        self.refresh()

    # ---------------------------------------------------------------- output
    def choose_path(self, caption: str, suggested: str, filters: str) -> Path | None:
        """Ask where to write a file (tests replace this)."""
        path, _chosen_filter = QFileDialog.getSaveFileName(self, caption, suggested, filters)
        return Path(path) if path else None

    def print_statements(self) -> None:
        """Every statement of the result shown as a PDF."""
        if self.result is None:
            return
        path = self.choose_path(_("Print statements"), f"incentives-{self.result.period}.pdf", _("PDF (*.pdf)"))
        if path is None:
            return
        self._write(path, "statements")

    def print_documents(self) -> list[Path] | None:
        """The bonus statements of the result shown (a new PDF); the table when nothing is worked out yet."""
        if self.result is None or self.db is None:
            return None
        path = Path(tempfile.mkdtemp(prefix="arddesk-print-")) / f"incentives-{self.result.period}.pdf"
        from arddesk.reports import incentives as report  # ReportLab: loaded when first needed

        return [report.write_statements(self.result, path, company=load_settings(self.db).company_name)]

    def export_excel(self) -> None:
        """The result shown as an Excel workbook (summary and lines)."""
        if self.result is None:
            return
        path = self.choose_path(_("Export Excel"), f"incentives-{self.result.period}.xlsx", _("Excel (*.xlsx)"))
        if path is None:
            return
        self._write(path, "summary")

    def _write(self, path: Path, what: str) -> None:
        result, db = self.result, self.db
        assert result is not None and db is not None

        def work(_progress: Callable[..., None]) -> Path:
            # ReportLab and openpyxl are imported when the first statement or summary is written.
            from arddesk.reports import incentives as report

            if what == "statements":
                return report.write_statements(result, path, company=load_settings(db).company_name)
            return report.write_summary(result, path)

        run_in_background(
            self,
            _("Writing…"),
            work,
            on_done=self._written,
            on_error=lambda exc: show_error(self, _("Incentives"), exc),
            cancellable=False,
        )

    def _written(self, path: Path) -> None:
        if shiboken6.isValid(self):
            self.status.setText(_("Written to {path}").format(path=path))
            self.written.emit(str(path))

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The review table (or nothing while closed behind the password)."""
        if not self.opened or self.result is None:
            return None
        return self.statements.export_rows()
