"""The collection plan page: targets with progress, the priority list with each score explained,
the visit and call schedule with the clerk's moves and drops, and a customer's avoided days.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.dates import parse_date
from arddesk.domain.plan import TARGET_KINDS, WEIGHT_FIELDS, PriorityWeights, week_window
from arddesk.domain.problems import InvalidValue
from arddesk.reports.tables import write_table
from arddesk.services import followup, plan
from arddesk.services.errors import Rejected
from arddesk.services.plan import EntryRow, Priority
from arddesk.text import N_, _, formats, pgettext
from arddesk.text.messages import code_text, message_text, score_text
from arddesk.ui import plain, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.plan.models import CustomerTargetModel
from arddesk.ui.tasks import run_in_background
from arddesk.ui.widgets.charts import BarChart
from arddesk.ui.widgets.page import make_table, set_combo_items
from arddesk.ui.widgets.tablemodel import ROW_ROLE, Column, ListTableModel

_KIND_NAMES = {"normal": N_("Normal goods"), "abnormal": N_("Abnormal"), "out_of_stock": N_("Written out of stock")}


def _part_text(part: plan.ProgressPart) -> str:
    kind = _(_KIND_NAMES[part.kind]) if part.kind in _KIND_NAMES else part.kind
    if not part.covered:
        return _("{kind} {origin_year}, no target: {value}").format(
            kind=kind, origin_year=part.origin_year, value=formats.money(part.collected)
        )
    return _("{kind} {year}: {collected} of {target}").format(
        kind=kind,
        year=part.origin_year or _("any year"),
        collected=formats.money(part.collected),
        target=formats.money(part.target),
    )


class ProgressModel(ListTableModel):
    """Collected against target per rep, department and in total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("level", _("Level"), lambda r: code_text(r.level)),
                Column("key", _("Rep / department"), lambda r: r.key),
                Column("name", _("Name"), lambda r: r.name),
                Column("target", _("Target"), lambda r: r.target, "money"),
                Column("collected", _("Collected"), lambda r: r.collected, "money"),
                Column("percent", _("Done"), lambda r: r.percent, "percent"),
                Column("parts", _("By kind and year"), lambda r: "; ".join(_part_text(p) for p in r.parts)),
            ),
            parent,
        )

    def mark(self, row: Any) -> str | None:
        return "restricted" if row.level != "rep" else None


class TargetModel(ListTableModel):
    """The target rows of a period: the reps' own and the customers'."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("period", _("Period"), lambda r: r.period),
                Column("rep", _("Rep"), lambda r: r.rep),
                Column("customer", _("Customer"), lambda r: r.customer or _("(rep's own)")),
                Column("department", _("Department"), lambda r: r.department),
                Column(
                    "kind", _("Kind of debt"), lambda r: _(_KIND_NAMES[r.kind]) if r.kind in _KIND_NAMES else r.kind
                ),
                Column("origin_year", _("Year of origin"), lambda r: r.origin_year or "any"),
                Column("amount", _("Target"), lambda r: r.amount, "money"),
            ),
            parent,
        )


class PriorityModel(ListTableModel):
    """Customers by priority score."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("score", _("Score"), lambda p: p.score.total),
                Column("key", pgettext("key receivable", "Key"), lambda p: _("key") if p.key else ""),
                Column("code", _("Customer"), lambda p: p.code),
                Column("name", _("Name"), lambda p: p.name),
                Column("rep", _("Rep"), lambda p: p.rep),
                Column("overdue", _("Overdue"), lambda p: p.overdue, "money"),
                Column("days", _("Days overdue"), lambda p: p.days_overdue, "int"),
                Column("class", _("Class"), lambda p: p.debt_class),
                Column("open", _("Open"), lambda p: p.open, "money"),
            ),
            parent,
        )


class ScheduleModel(ListTableModel):
    """Schedule entries, highest score first; dropped ones grey."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("planned_on", _("Date"), lambda e: e.planned_on, "date"),
                Column("weekday", _("Day"), lambda e: formats.weekday(e.planned_on)),
                Column("rep", _("Rep"), lambda e: e.rep),
                Column("customer", _("Customer"), lambda e: e.customer),
                Column("name", _("Name"), lambda e: e.customer_name),
                Column("channel", _("How"), lambda e: code_text(e.channel)),
                Column("score", _("Score"), lambda e: e.score / 100),
                Column("amount", _("To collect"), lambda e: e.amount, "money"),
                Column("reason", _("Why this day"), lambda e: code_text(e.reason)),
                Column("state", _("State"), lambda e: code_text(e.state)),
                Column("note", _("Note"), lambda e: e.note),
            ),
            parent,
        )

    def mark(self, row: Any) -> str | None:
        return "paid" if row.state == "dropped" else None


def _resort(table: Any) -> None:
    header = table.horizontalHeader()
    table.model().sort(header.sortIndicatorSection(), header.sortIndicatorOrder())


def _buttons(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _edit(name: str, text: str = "", width: int = 110) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setMaximumWidth(width)
    return edit


class PlanPage(Page):
    """Collection plan: Targets, Priorities, Schedule tabs and a customer's avoided days."""

    title = N_("Collection plan")

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planTabs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._build_targets()
        self._build_priorities()
        self._build_schedule()
        self.all_priorities: list[Priority] = []

    # ------------------------------------------------------------------------ targets tab
    def _build_targets(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        next_month = date(self.today.year + (self.today.month == 12), self.today.month % 12 + 1, 1)
        self.period = _edit("targetPeriod", f"{next_month.year}-{next_month.month:02d}")
        show = _button(_("Show"), "showTargets")
        importing = _button(_("Import Excel…"), "importTargets")
        exporting = _button(_("Export Excel…"), "exportTargets")
        period_label = plain.label(_("Period (2026-12, 2026Q4 or 2026H2):"))
        column.addLayout(_buttons(period_label, self.period, show, importing, exporting))
        self.target_rep = QComboBox()
        self.target_rep.setObjectName("targetRep")
        self.target_customer = _edit("targetCustomer", "", 100)
        self.target_customer.setPlaceholderText(_("blank: the rep's own"))
        self.target_kind = QComboBox()
        self.target_kind.setObjectName("targetKind")
        for kind in TARGET_KINDS:
            self.target_kind.addItem(_(_KIND_NAMES[kind]), kind)
        self.target_year = _edit("targetYear", "0", 60)
        self.target_amount = _edit("targetAmount", "", 120)
        set_button = _button(_("Set target"), "setTarget")
        delete_button = _button(_("Delete"), "deleteTarget")
        column.addLayout(
            _buttons(
                plain.label(_("Rep")),
                self.target_rep,
                plain.label(_("Customer")),
                self.target_customer,
                plain.label(_("Kind")),
                self.target_kind,
                plain.label(_("Year of origin (0 = any)")),
                self.target_year,
                plain.label(_("Amount")),
                self.target_amount,
                set_button,
                delete_button,
            )
        )
        self.target_share = _edit("targetShare", "", 70)
        self.target_share.setPlaceholderText(_("e.g. 30"))
        share_button = _button(_("Set as a share"), "setTargetShare")
        self.target_status = plain.label("", "targetStatus")
        column.addLayout(
            _buttons(
                plain.label(_("Or: % of the debt open at the period's start")),
                self.target_share,
                share_button,
                self.target_status,
            )
        )
        split = QSplitter(Qt.Orientation.Vertical)
        self.target_model = TargetModel(self)
        self.target_table = make_table(self.target_model)
        self.target_table.setObjectName("targetTable")
        self.progress_model = ProgressModel(self)
        self.progress_table = make_table(self.progress_model)
        self.progress_table.setObjectName("progressTable")
        self.customer_target_model = CustomerTargetModel(self)
        self.customer_target_table = make_table(self.customer_target_model, {1: 200, 5: 130})
        self.customer_target_table.setObjectName("customerTargetTable")
        self.gap_summary = plain.label("", "gapSummary")
        gaps = QWidget()
        gaps_column = QVBoxLayout(gaps)
        gaps_column.setContentsMargins(0, 0, 0, 0)
        gaps_column.addWidget(plain.label(_("Customers' targets and their promises"), bold=True))
        gaps_column.addWidget(self.customer_target_table, 1)
        gaps_column.addWidget(self.gap_summary)
        self.chart = BarChart()
        self.chart.setObjectName("progressChart")
        split.addWidget(self.target_table)
        split.addWidget(self.progress_table)
        split.addWidget(gaps)
        split.addWidget(self.chart)
        column.addWidget(split, 1)
        self.tabs.addTab(tab, _("Targets"))
        show.clicked.connect(self.refresh_targets)
        self.period.returnPressed.connect(self.refresh_targets)
        set_button.clicked.connect(self._set_target)
        share_button.clicked.connect(self._set_target_share)
        delete_button.clicked.connect(self._delete_target)
        importing.clicked.connect(self._import_targets)
        exporting.clicked.connect(self._export_targets)
        self.target_table.clicked.connect(self._target_picked)

    def refresh_targets(self) -> None:
        """Read the period's targets, progress, and the customers' targets beside their promises."""
        if self.db is None:
            return
        try:
            rows = plan.targets_in(self.db, self.period.text())
            lines = plan.progress(self.db, self.period.text())
            gaps = followup.promise_gaps(self.db, self.period.text(), self.today)
        except InvalidValue as exc:
            show_error(self, _("Period"), exc)
            return
        self.target_model.set_rows(rows)
        self.progress_model.set_rows(lines)
        self.customer_target_model.set_rows(gaps)
        short = [gap for gap in gaps if gap.gap > 0]
        self.gap_summary.setText(
            _(
                "{short} customers' promises fall short of their targets by {value} in all: the gap is what "
                "to negotiate."
            ).format(short=formats.count(len(short)), value=formats.money(sum(gap.gap for gap in short)))
            if short
            else _("No customer's promises fall short of its target.")
        )
        bars: list[tuple[str, int, str]] = []
        for line in lines:
            if line.level == "rep":
                bars.append((_("{rep} target").format(rep=line.key), line.target, theme.TARGET_BAR))
                bars.append((_("{rep} collected").format(rep=line.key), line.collected, theme.COLLECTED_BAR))
        self.chart.set_bars(bars)

    def _target_picked(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        self.target_rep.setCurrentIndex(max(self.target_rep.findData(row.rep), 0))
        self.target_customer.setText(row.customer)
        self.target_kind.setCurrentIndex(max(self.target_kind.findData(row.kind), 0))
        self.target_year.setText(str(row.origin_year))
        self.target_amount.setText(formats.plain_money(row.amount))

    def _target_values(self) -> tuple[str, str, str, int]:
        year = self.target_year.text().strip() or "0"
        return (
            self.period.text(),
            str(self.target_rep.currentData() or ""),
            str(self.target_kind.currentData()),
            (int(year) if year.isdigit() else -1),
        )

    def _set_target(self) -> None:
        if self.db is None:
            return
        period, rep, kind, year = self._target_values()
        try:
            plan.set_target(
                self.db, period, rep, kind, year, self.target_amount.text(), self.target_customer.text().strip()
            )
        except Rejected as exc:
            show_error(self, _("Target not saved"), exc)
            return
        self.target_status.setText("")
        self.refresh_targets()

    def _set_target_share(self) -> None:
        if self.db is None:
            return
        period, rep, kind, year = self._target_values()
        try:
            made = plan.set_target_share(
                self.db, period, rep, kind, year, self.target_share.text(), self.target_customer.text().strip()
            )
        except Rejected as exc:
            show_error(self, _("Target not saved"), exc)
            return
        self.target_amount.setText(formats.plain_money(made.amount))
        self.target_status.setText(_("Target set: {explain}").format(explain=message_text(made.explain())))
        self.refresh_targets()

    def _delete_target(self) -> None:
        if self.db is None:
            return
        period, rep, kind, year = self._target_values()
        try:
            plan.delete_target(self.db, period, rep, kind, year, self.target_customer.text().strip())
        except InvalidValue as exc:
            show_error(self, _("Period"), exc)
        self.refresh_targets()

    def _import_targets(self, path: str | None = None) -> None:
        if self.db is None:
            return
        chosen = path or QFileDialog.getOpenFileName(self, _("Import targets"), "", _("Spreadsheets (*.xlsx *.csv)"))[0]
        if not chosen:
            return
        problems = plan.import_targets(self.db, Path(chosen))
        if problems:
            show_error(self, _("Targets not imported"), Rejected(problems))
        self.refresh_targets()

    def _export_targets(self, path: str | None = None) -> None:
        if self.db is None:
            return
        chosen = (
            path
            or QFileDialog.getSaveFileName(self, _("Export targets"), "targets.xlsx", _("Excel (*.xlsx);;CSV (*.csv)"))[
                0
            ]
        )
        if chosen:
            from arddesk.reports.callsheet import write_targets  # ReportLab: loaded when first needed

            write_targets(self.db, Path(chosen), self.period.text())

    # ------------------------------------------------------------------------ priorities tab
    def _build_priorities(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.search = _edit("prioritySearch", "", 240)
        self.search.setPlaceholderText(_("Search customer, name or rep"))
        self.key_only = QCheckBox(_("Key receivables only"))
        self.key_only.setObjectName("keyOnly")
        self.key_only.setToolTip(_("The fewest customers, largest overdue first, holding the share of the overdue "
                                   "the owner set (Dashboard → Key receivables → Rule…)"))
        self.key_only.toggled.connect(self._filter_priorities)
        column.addLayout(_buttons(plain.label(_("Search:")), self.search, self.key_only))
        self.priority_model = PriorityModel(self)
        self.priority_table = make_table(self.priority_model)
        self.priority_table.setObjectName("priorityTable")
        self.priority_table.setSortingEnabled(True)
        self.priority_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        column.addWidget(self.priority_table, 1)
        self.explanation = plain.label(_("Select a customer to see how its score was made."))
        self.explanation.setObjectName("scoreExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.explanation)
        weights = QGridLayout()
        weights.setObjectName("weightsForm")
        self.weight_spins: dict[str, QDoubleSpinBox] = {}
        fields = [(spec.name, _(spec.label), spec.low, spec.high, spec.decimals) for spec in WEIGHT_FIELDS]
        fields += [
            ("capacity", _("Customers per rep per day"), Decimal(1), Decimal(50), 0),
            ("call_beyond_km", _("Call (not visit) beyond km"), Decimal(0), Decimal(20_000), 0),
        ]
        per_column = (len(fields) + 2) // 3
        for number, (name, label, low, high, decimals) in enumerate(fields):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"weight_{name}")
            spin.setLocale(QLocale.c())  # the text is read back as a number: no grouping, a dot
            spin.setDecimals(decimals)
            spin.setRange(float(low), float(high))
            spin.setToolTip(plain.tooltip(_("{label}: from {low} to {high}").format(label=label, low=low, high=high)))
            spin.valueChanged.connect(self._weights_changed)
            self.weight_spins[name] = spin
            row, column_number = number % per_column, number // per_column
            weights.addWidget(plain.label(label), row, 2 * column_number)
            weights.addWidget(spin, row, 2 * column_number + 1)
        self.money_notice = plain.label("", "moneyNotice")
        self.money_notice.setWordWrap(True)
        save = _button(_("Save weights"), "saveWeights")
        holder = QWidget()
        holder.setLayout(weights)
        column.addWidget(holder)
        column.addLayout(_buttons(save, self.money_notice))
        self.tabs.addTab(tab, _("Priorities"))
        self.search.textChanged.connect(self._filter_priorities)
        self.priority_table.selectionModel().currentRowChanged.connect(self._explain)
        save.clicked.connect(self._save_weights)

    def refresh_priorities(self) -> None:
        """Read the priority list off the GUI thread."""
        if self.db is None:
            return
        db, today = self.db, self.today
        texts = plan.load_plan_settings(db).texts()
        for name, spin in self.weight_spins.items():
            spin.blockSignals(True)
            spin.setValue(spin.valueFromText(texts[name]))
            spin.blockSignals(False)
        self._weights_changed()
        run_in_background(
            self,
            _("Ranking customers…"),
            lambda _progress: plan.priorities(db, today),
            on_done=self._priorities_arrived,
            on_error=lambda exc: show_error(self, _("Priorities"), exc),
            show_progress=False,
        )

    def _priorities_arrived(self, found: list[Priority]) -> None:
        self.all_priorities = found
        self._filter_priorities()

    def _filter_priorities(self) -> None:
        text = self.search.text().strip().lower()
        shown = [
            p
            for p in self.all_priorities
            if (not text or text in p.code.lower() or text in p.name.lower() or text in p.rep.lower())
            and (p.key or not self.key_only.isChecked())
        ]
        self.priority_model.set_rows(shown)
        _resort(self.priority_table)

    def _explain(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is None:
            return
        self.explanation.setText(f"{row.code} {row.name}: {score_text(row.score)}")

    def _weight_texts(self) -> dict[str, str]:
        return {name: spin.cleanText() for name, spin in self.weight_spins.items()}

    def _weights_changed(self) -> None:
        weights, _problems = PriorityWeights.read(self._weight_texts())
        self.money_notice.setText(
            ""
            if weights.money_first
            else _("With these weights a customer with nothing overdue can rank above one with money overdue.")
        )

    def _save_weights(self) -> None:
        if self.db is None:
            return
        try:
            plan.update_plan_settings(self.db, **self._weight_texts())
        except Rejected as exc:
            show_error(self, _("Weights not saved"), exc)
            return
        self.refresh_priorities()

    # ------------------------------------------------------------------------ schedule tab
    def _build_schedule(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.span = QComboBox()
        self.span.setObjectName("scheduleSpan")
        self.span.addItem(_("Month from"), "month")
        self.span.addItem(_("Week of"), "week")
        self.start = _edit("scheduleStart", self.today.isoformat())
        self.rep = QComboBox()
        self.rep.setObjectName("scheduleRep")
        show = _button(_("Show"), "showSchedule")
        make = _button(_("Make schedule"), "makeSchedule")
        column.addLayout(_buttons(self.span, self.start, plain.label(_("Rep")), self.rep, show, make))
        self.schedule_model = ScheduleModel(self)
        self.schedule_table = make_table(self.schedule_model)
        self.schedule_table.setObjectName("scheduleTable")
        self.schedule_table.setSortingEnabled(True)
        self.schedule_table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # highest score first
        column.addWidget(self.schedule_table, 1)
        self.move_to = _edit("moveTo", "", 110)
        self.move_to.setPlaceholderText(_("YYYY-MM-DD"))
        self.note = _edit("entryNote", "", 240)
        self.note.setPlaceholderText("reason")
        move = _button(_("Move to"), "moveEntry")
        drop = _button(_("Drop…"), "dropEntry")
        sheet = _button(_("Print call sheet (PDF)…"), "printCallSheet")
        export = _button(_("Export Excel…"), "exportPlan")
        column.addLayout(_buttons(move, self.move_to, plain.label(_("Note")), self.note, drop, sheet, export))
        self.avoid_customer = _edit("avoidCustomer", "", 110)
        self.avoid_customer.setPlaceholderText(_("customer code"))
        self.avoid_text = _edit("avoidDays", "", 160)
        self.avoid_text.setPlaceholderText(_("e.g. mon,1,2"))
        avoid = _button(_("Set avoided days"), "setAvoidDays")
        column.addLayout(
            _buttons(plain.label(_("Days a customer will not pay:")), self.avoid_customer, self.avoid_text, avoid)
        )
        self.status = plain.label("")
        self.status.setObjectName("scheduleStatus")
        column.addWidget(self.status)
        self.tabs.addTab(tab, _("Schedule"))
        show.clicked.connect(self.refresh_schedule)
        make.clicked.connect(self._make_schedule)
        move.clicked.connect(self._move)
        drop.clicked.connect(self._drop)
        sheet.clicked.connect(lambda: self._print_sheet())
        export.clicked.connect(lambda: self._export_plan())
        avoid.clicked.connect(self._set_avoid)
        self.schedule_table.clicked.connect(self._entry_picked)

    def schedule_window(self) -> tuple[date, date] | None:
        """The schedule's window as chosen, None when the date is not a date."""
        try:
            start = parse_date(self.start.text())
        except InvalidValue as exc:
            show_error(self, _("Date"), exc)
            return None
        return week_window(start) if self.span.currentData() == "week" else plan.month_window(start)

    def _rep_filter(self) -> str | None:
        value = self.rep.currentData()
        return str(value) if value else None

    def refresh_schedule(self) -> None:
        """Read the window's saved entries."""
        window = self.schedule_window()
        if self.db is None or window is None:
            return
        self.schedule_model.set_rows(plan.schedule(self.db, *window, rep=self._rep_filter()))
        _resort(self.schedule_table)

    def _make_schedule(self) -> None:
        window = self.schedule_window()
        if self.db is None or window is None:
            return
        db, rep = self.db, self._rep_filter()

        def done(made: plan.ScheduleMade) -> None:
            left = (
                _("; no free day for {unplaced} customers").format(unplaced=len(made.unplaced)) if made.unplaced else ""
            )
            self.status.setText(
                _("{made} entries planned, {kept} kept as the clerk left them{left}.").format(
                    made=made.made, kept=made.kept, left=left
                )
            )
            self.refresh_schedule()

        run_in_background(
            self,
            _("Making the schedule…"),
            lambda _progress: plan.make_plan_schedule(db, *window, rep=rep, as_of=self.today),
            on_done=done,
            on_error=lambda exc: show_error(self, _("Schedule"), exc),
            cancellable=False,
        )

    def _selected_entry(self) -> EntryRow | None:
        index = self.schedule_table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _entry_picked(self, index: QModelIndex) -> None:
        entry = index.data(ROW_ROLE)
        if entry is not None:
            self.move_to.setText(entry.planned_on.isoformat())
            self.avoid_customer.setText(entry.customer)

    def _move(self) -> None:
        entry = self._selected_entry()
        if self.db is None or entry is None:
            return
        try:
            plan.move_entry(self.db, entry.id, parse_date(self.move_to.text()), self.note.text())
        except (Rejected, InvalidValue) as exc:
            show_error(self, _("Not moved"), exc)
            return
        self.refresh_schedule()

    def _drop(self) -> None:
        entry = self._selected_entry()
        if self.db is None or entry is None:
            return
        if not plain.confirm(
            self,
            _("Drop entry"),
            _("Drop {customer} ({customer_name}) on {planned_on} from the schedule?").format(
                customer=entry.customer, customer_name=entry.customer_name, planned_on=entry.planned_on
            ),
        ):
            return
        plan.drop_entry(self.db, entry.id, self.note.text())
        self.refresh_schedule()

    def _print_sheet(self, path: str | None = None) -> None:
        window = self.schedule_window()
        if self.db is None or window is None:
            return
        chosen = path or QFileDialog.getSaveFileName(self, _("Call sheets"), "call-sheets.pdf", _("PDF (*.pdf)"))[0]
        if chosen:
            from arddesk.reports.callsheet import write_call_sheets

            write_call_sheets(self.db, window[0], Path(chosen), self._rep_filter())

    def print_documents(self) -> list[Path] | None:
        """On the Schedule tab, the call sheets of the window shown (a new PDF); elsewhere the table."""
        if self.tabs.currentIndex() != 2:
            return None
        window = self.schedule_window()
        if self.db is None or window is None:
            return []
        from arddesk.reports.callsheet import write_call_sheets  # ReportLab: loaded when first needed

        path = Path(tempfile.mkdtemp(prefix="arddesk-print-")) / "call-sheets.pdf"
        write_call_sheets(self.db, window[0], path, self._rep_filter())
        return [path]

    def _export_plan(self, path: str | None = None) -> None:
        window = self.schedule_window()
        if self.db is None or window is None:
            return
        chosen = path or QFileDialog.getSaveFileName(self, _("Plan"), "plan.xlsx", _("Excel (*.xlsx);;CSV (*.csv)"))[0]
        if chosen:
            from arddesk.reports.callsheet import plan_rows

            header, rows = plan_rows(self.db, window[0], self._rep_filter())
            write_table(Path(chosen), header, rows)

    def _set_avoid(self) -> None:
        if self.db is None:
            return
        try:
            stored = plan.set_avoid_days(self.db, self.avoid_customer.text().strip(), self.avoid_text.text())
        except Rejected as exc:
            show_error(self, _("Avoided days not saved"), exc)
            return
        self.status.setText(
            _("{strip} will not be visited on: {value}.").format(
                strip=self.avoid_customer.text().strip(), value=stored or _("no day")
            )
        )

    # ------------------------------------------------------------------------ page
    def refresh(self) -> None:
        """Read everything again."""
        if self.db is None:
            return
        reps = plan.list_reps(self.db)
        set_combo_items(self.target_rep, [(f"{r.code} {r.name}", r.code) for r in reps])
        set_combo_items(self.rep, [(_("All reps"), ""), *[(f"{r.code} {r.name}", r.code) for r in reps]])
        self.refresh_targets()
        self.refresh_priorities()
        self.refresh_schedule()

    def focus_search(self) -> None:
        """Ctrl+F: the priority search."""
        self.tabs.setCurrentIndex(1)
        self.search.setFocus()

    def export_table(self) -> tuple[list[str], list[list[Any]]] | None:
        """The table of the current tab."""
        model = (self.target_model, self.priority_model, self.schedule_model)[self.tabs.currentIndex()]
        return model.export_rows()
