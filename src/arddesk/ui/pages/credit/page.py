"""Credit limits: limit, balance, overdue, available, use in %, hold state; history and the override log."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arddesk.services import browse, credit
from arddesk.services.browse import CustomerFilter
from arddesk.store.db import Database
from arddesk.text import N_, _
from arddesk.ui import tasks
from arddesk.ui.pages.credit.models import CreditModel, HistoryModel, OverrideModel
from arddesk.ui.pages.customers.models import HOLD_FILTER
from arddesk.ui.widgets.page import ListPage, combo, make_table, set_combo_items, translated

OUTCOME_NAMES = {"off": N_("off"), "warn": N_("warn"), "block": N_("block")}
"""What a credit rule does when it fires, in words."""


class RulesDialog(QDialog):
    """The company's credit rules: each off, warn or block; N days for overdue items."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Credit rules"))
        self.db = db
        rules = credit.load_credit_rules(db)
        form = QFormLayout(self)
        self.boxes: dict[str, QComboBox] = {}
        for rule in credit.RULES:
            box = QComboBox()
            box.setObjectName(f"rule_{rule}")
            for value, label in OUTCOME_NAMES.items():
                box.addItem(_(label), value)
            box.setCurrentIndex(box.findData(getattr(rules, rule)))
            self.boxes[rule] = box
            form.addRow(_(credit.RULE_TITLES[rule]).capitalize(), box)
        self.days = QSpinBox()
        self.days.setObjectName("overdueDays")
        self.days.setRange(0, 3650)
        self.days.setValue(rules.overdue_days)
        self.days.setSuffix(_(" days"))
        form.addRow(_("Overdue items count after"), self.days)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        """Store the rules."""
        rules = credit.CreditRules(
            **{rule: box.currentData() for rule, box in self.boxes.items()}, overdue_days=self.days.value()
        )
        db = self.db
        if tasks.write(self, _("Credit rules"), lambda: credit.save_credit_rules(db, rules)) is None:
            return
        self.accept()


class CreditPage(ListPage):
    """Credit limits with filters for over-limit and on-hold; the override log and limit history below."""

    search_hint = N_("Search code, name or phone (Ctrl+F)")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(CreditModel(), today, parent)
        self.rep = combo([(_("all reps"), "")], "repFilter")
        self.hold = combo(translated(HOLD_FILTER), "holdFilter")
        self.over_limit = QCheckBox(_("over the limit only"))
        self.over_limit.setObjectName("overLimitFilter")
        for widget in (self.rep, self.hold, self.over_limit):
            self.filter_bar.addWidget(widget)
        self.watch(self.rep, self.hold, self.over_limit)
        for column, width in enumerate((70, 240, 50, 60, 110, 110, 110, 110, 80, 100)):
            self.table.setColumnWidth(column, width)

        buttons = QHBoxLayout()
        for text, slot, name in (
            (_("Change limit / hold…"), self.change_limit, "changeLimit"),
            (_("Credit rules…"), self.edit_rules, "creditRules"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.overrides = OverrideModel()
        self.history = HistoryModel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("creditTabs")
        self.override_view = make_table(
            self.overrides, {0: 112, 1: 55, 2: 62, 3: 170, 4: 140, 5: 85, 6: 95, 7: 95, 8: 150}
        )
        self.override_view.setObjectName("overrideLog")
        self.history_view = make_table(self.history, {0: 120, 1: 80, 2: 70, 3: 50, 4: 90, 5: 90})
        self.history_view.setObjectName("limitHistory")
        self.tabs.addTab(self.override_view, _("Override log"))
        self.tabs.addTab(self.history_view, _("Limit and hold history"))
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        self.finish_layout(splitter)
        self.table.activated.connect(lambda _index: self.change_limit())  # Enter or double-click

    def build_filter(self) -> CustomerFilter:
        return CustomerFilter(
            today=self.today,
            text=self.search.text(),
            rep=self.rep.currentData() or "",
            hold=self.hold.currentData() or "",
            over_limit=self.over_limit.isChecked(),
        )

    def refresh_choices(self) -> None:
        assert self.db is not None
        set_combo_items(self.rep, [(_("all reps"), "")] + [(c, c) for c in browse.choices(self.db).reps])

    def refresh(self) -> None:
        super().refresh()
        if self.db is not None:
            self.overrides.set_rows(credit.override_log(self.db))
            self.history.set_rows(credit.credit_history(self.db))

    def change_limit(self) -> None:
        """Change the selected customer's limit or hold state."""
        from arddesk.ui.pages.credit.dialog import LimitDialog

        row = self.selected_row()
        if row is None or self.db is None:
            return
        if LimitDialog(self.db, row, self).exec() == QDialog.DialogCode.Accepted:
            self.company_changed.emit()

    def edit_rules(self) -> None:
        """The company's credit rules."""
        if self.db is not None and RulesDialog(self.db, self).exec() == QDialog.DialogCode.Accepted:
            self.company_changed.emit()

    def export_table(self) -> Any:
        return self.model.export_rows()
