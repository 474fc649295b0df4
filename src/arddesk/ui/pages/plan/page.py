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
from arddesk.ui import plain, theme
from arddesk.ui.errors import show_error
from arddesk.ui.pages.base import Page
from arddesk.ui.pages.plan.models import CustomerTargetModel
from arddesk.ui.tasks import run_in_background
from arddesk.ui.widgets.charts import BarChart
from arddesk.ui.widgets.page import make_table, set_combo_items
from arddesk.ui.widgets.tablemodel import ROW_ROLE, Column, ListTableModel

_KIND_NAMES = {"normal": "Normal goods", "abnormal": "Abnormal", "out_of_stock": "Written out of stock"}


def _part_text(part: plan.ProgressPart) -> str:
    kind = _KIND_NAMES.get(part.kind, part.kind)
    if not part.covered:
        return f"{kind} {part.origin_year}, no target: {part.collected / 100:,.2f}"
    return f"{kind} {part.origin_year or 'any year'}: {part.collected / 100:,.2f} of {part.target / 100:,.2f}"


class ProgressModel(ListTableModel):
    """Collected against target per rep, department and in total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("level", "Level", lambda r: r.level),
                Column("key", "Rep / department", lambda r: r.key),
                Column("name", "Name", lambda r: r.name),
                Column("target", "Target", lambda r: r.target, "money"),
                Column("collected", "Collected", lambda r: r.collected, "money"),
                Column("percent", "Done", lambda r: r.percent, "percent"),
                Column("parts", "By kind and year", lambda r: "; ".join(_part_text(p) for p in r.parts)),
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
                Column("period", "Period", lambda r: r.period),
                Column("rep", "Rep", lambda r: r.rep),
                Column("customer", "Customer", lambda r: r.customer or "(rep's own)"),
                Column("department", "Department", lambda r: r.department),
                Column("kind", "Kind of debt", lambda r: _KIND_NAMES.get(r.kind, r.kind)),
                Column("origin_year", "Year of origin", lambda r: r.origin_year or "any"),
                Column("amount", "Target", lambda r: r.amount, "money"),
            ),
            parent,
        )


class PriorityModel(ListTableModel):
    """Customers by priority score."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("score", "Score", lambda p: p.score.total),
                Column("code", "Customer", lambda p: p.code),
                Column("name", "Name", lambda p: p.name),
                Column("rep", "Rep", lambda p: p.rep),
                Column("overdue", "Overdue", lambda p: p.overdue, "money"),
                Column("days", "Days overdue", lambda p: p.days_overdue, "int"),
                Column("class", "Class", lambda p: p.debt_class),
                Column("open", "Open", lambda p: p.open, "money"),
            ),
            parent,
        )


class ScheduleModel(ListTableModel):
    """Schedule entries, highest score first; dropped ones grey."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("planned_on", "Date", lambda e: e.planned_on, "date"),
                Column("weekday", "Day", lambda e: e.planned_on.strftime("%a")),
                Column("rep", "Rep", lambda e: e.rep),
                Column("customer", "Customer", lambda e: e.customer),
                Column("name", "Name", lambda e: e.customer_name),
                Column("channel", "How", lambda e: e.channel),
                Column("score", "Score", lambda e: e.score / 100),
                Column("amount", "To collect", lambda e: e.amount, "money"),
                Column("reason", "Why this day", lambda e: e.reason.replace("_", " ")),
                Column("state", "State", lambda e: e.state),
                Column("note", "Note", lambda e: e.note),
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

    title = "Collection plan"

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
        show = _button("Show", "showTargets")
        importing = _button("Import Excel…", "importTargets")
        exporting = _button("Export Excel…", "exportTargets")
        column.addLayout(_buttons(plain.label("Period (2026-12 or 2026Q4):"), self.period, show, importing, exporting))
        self.target_rep = QComboBox()
        self.target_rep.setObjectName("targetRep")
        self.target_customer = _edit("targetCustomer", "", 100)
        self.target_customer.setPlaceholderText("blank: the rep's own")
        self.target_kind = QComboBox()
        self.target_kind.setObjectName("targetKind")
        for kind in TARGET_KINDS:
            self.target_kind.addItem(_KIND_NAMES[kind], kind)
        self.target_year = _edit("targetYear", "0", 60)
        self.target_amount = _edit("targetAmount", "", 120)
        set_button = _button("Set target", "setTarget")
        delete_button = _button("Delete", "deleteTarget")
        column.addLayout(
            _buttons(
                plain.label("Rep"),
                self.target_rep,
                plain.label("Customer"),
                self.target_customer,
                plain.label("Kind"),
                self.target_kind,
                plain.label("Year of origin (0 = any)"),
                self.target_year,
                plain.label("Amount"),
                self.target_amount,
                set_button,
                delete_button,
            )
        )
        self.target_share = _edit("targetShare", "", 70)
        self.target_share.setPlaceholderText("e.g. 30")
        share_button = _button("Set as a share", "setTargetShare")
        self.target_status = plain.label("", "targetStatus")
        column.addLayout(
            _buttons(
                plain.label("Or: % of the debt open at the period's start"),
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
        gaps_column.addWidget(plain.label("Customers' targets and their promises", bold=True))
        gaps_column.addWidget(self.customer_target_table, 1)
        gaps_column.addWidget(self.gap_summary)
        self.chart = BarChart()
        self.chart.setObjectName("progressChart")
        split.addWidget(self.target_table)
        split.addWidget(self.progress_table)
        split.addWidget(gaps)
        split.addWidget(self.chart)
        column.addWidget(split, 1)
        self.tabs.addTab(tab, "Targets")
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
            show_error(self, "Period", exc)
            return
        self.target_model.set_rows(rows)
        self.progress_model.set_rows(lines)
        self.customer_target_model.set_rows(gaps)
        short = [gap for gap in gaps if gap.gap > 0]
        self.gap_summary.setText(
            f"{len(short)} customers' promises fall short of their targets by "
            f"{sum(gap.gap for gap in short) / 100:,.2f} in all: the gap is what to negotiate."
            if short
            else "No customer's promises fall short of its target."
        )
        bars: list[tuple[str, int, str]] = []
        for line in lines:
            if line.level == "rep":
                bars.append((f"{line.key} target", line.target, theme.TARGET_BAR))
                bars.append((f"{line.key} collected", line.collected, theme.COLLECTED_BAR))
        self.chart.set_bars(bars)

    def _target_picked(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        self.target_rep.setCurrentIndex(max(self.target_rep.findData(row.rep), 0))
        self.target_customer.setText(row.customer)
        self.target_kind.setCurrentIndex(max(self.target_kind.findData(row.kind), 0))
        self.target_year.setText(str(row.origin_year))
        self.target_amount.setText(f"{row.amount / 100:.2f}")

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
            show_error(self, "Target not saved", exc)
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
            show_error(self, "Target not saved", exc)
            return
        self.target_amount.setText(f"{made.amount / 100:.2f}")
        self.target_status.setText(f"Target set: {made.explain()}")
        self.refresh_targets()

    def _delete_target(self) -> None:
        if self.db is None:
            return
        period, rep, kind, year = self._target_values()
        try:
            plan.delete_target(self.db, period, rep, kind, year, self.target_customer.text().strip())
        except InvalidValue as exc:
            show_error(self, "Period", exc)
        self.refresh_targets()

    def _import_targets(self, path: str | None = None) -> None:
        if self.db is None:
            return
        chosen = path or QFileDialog.getOpenFileName(self, "Import targets", "", "Spreadsheets (*.xlsx *.csv)")[0]
        if not chosen:
            return
        problems = plan.import_targets(self.db, Path(chosen))
        if problems:
            show_error(self, "Targets not imported", Rejected(problems))
        self.refresh_targets()

    def _export_targets(self, path: str | None = None) -> None:
        if self.db is None:
            return
        chosen = (
            path
            or QFileDialog.getSaveFileName(self, "Export targets", "targets.xlsx", "Excel (*.xlsx);;CSV (*.csv)")[0]
        )
        if chosen:
            from arddesk.reports.callsheet import write_targets  # ReportLab: loaded when first needed

            write_targets(self.db, Path(chosen), self.period.text())

    # ------------------------------------------------------------------------ priorities tab
    def _build_priorities(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.search = _edit("prioritySearch", "", 240)
        self.search.setPlaceholderText("Search customer, name or rep")
        column.addLayout(_buttons(plain.label("Search:"), self.search))
        self.priority_model = PriorityModel(self)
        self.priority_table = make_table(self.priority_model)
        self.priority_table.setObjectName("priorityTable")
        self.priority_table.setSortingEnabled(True)
        self.priority_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        column.addWidget(self.priority_table, 1)
        self.explanation = plain.label("Select a customer to see how its score was made.")
        self.explanation.setObjectName("scoreExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.explanation)
        weights = QGridLayout()
        weights.setObjectName("weightsForm")
        self.weight_spins: dict[str, QDoubleSpinBox] = {}
        fields = [(spec.name, spec.label, spec.low, spec.high, spec.decimals) for spec in WEIGHT_FIELDS]
        fields += [
            ("capacity", "Customers per rep per day", Decimal(1), Decimal(50), 0),
            ("call_beyond_km", "Call (not visit) beyond km", Decimal(0), Decimal(20_000), 0),
        ]
        per_column = (len(fields) + 2) // 3
        for number, (name, label, low, high, decimals) in enumerate(fields):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"weight_{name}")
            spin.setLocale(QLocale.c())  # the text is read back as a number: no grouping, a dot
            spin.setDecimals(decimals)
            spin.setRange(float(low), float(high))
            spin.setToolTip(plain.tooltip(f"{label}: from {low} to {high}"))
            spin.valueChanged.connect(self._weights_changed)
            self.weight_spins[name] = spin
            row, column_number = number % per_column, number // per_column
            weights.addWidget(plain.label(label), row, 2 * column_number)
            weights.addWidget(spin, row, 2 * column_number + 1)
        self.money_notice = plain.label("", "moneyNotice")
        self.money_notice.setWordWrap(True)
        save = _button("Save weights", "saveWeights")
        holder = QWidget()
        holder.setLayout(weights)
        column.addWidget(holder)
        column.addLayout(_buttons(save, self.money_notice))
        self.tabs.addTab(tab, "Priorities")
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
            "Ranking customers…",
            lambda _progress: plan.priorities(db, today),
            on_done=self._priorities_arrived,
            on_error=lambda exc: show_error(self, "Priorities", exc),
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
            if not text or text in p.code.lower() or text in p.name.lower() or text in p.rep.lower()
        ]
        self.priority_model.set_rows(shown)
        _resort(self.priority_table)

    def _explain(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is None:
            return
        self.explanation.setText(f"{row.code} {row.name}: {row.score.explain()}")

    def _weight_texts(self) -> dict[str, str]:
        return {name: spin.cleanText() for name, spin in self.weight_spins.items()}

    def _weights_changed(self) -> None:
        weights, _problems = PriorityWeights.read(self._weight_texts())
        self.money_notice.setText(
            ""
            if weights.money_first
            else "With these weights a customer with nothing overdue can rank above one with money overdue."
        )

    def _save_weights(self) -> None:
        if self.db is None:
            return
        try:
            plan.update_plan_settings(self.db, **self._weight_texts())
        except Rejected as exc:
            show_error(self, "Weights not saved", exc)
            return
        self.refresh_priorities()

    # ------------------------------------------------------------------------ schedule tab
    def _build_schedule(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.span = QComboBox()
        self.span.setObjectName("scheduleSpan")
        self.span.addItem("Month from", "month")
        self.span.addItem("Week of", "week")
        self.start = _edit("scheduleStart", self.today.isoformat())
        self.rep = QComboBox()
        self.rep.setObjectName("scheduleRep")
        show = _button("Show", "showSchedule")
        make = _button("Make schedule", "makeSchedule")
        column.addLayout(_buttons(self.span, self.start, plain.label("Rep"), self.rep, show, make))
        self.schedule_model = ScheduleModel(self)
        self.schedule_table = make_table(self.schedule_model)
        self.schedule_table.setObjectName("scheduleTable")
        self.schedule_table.setSortingEnabled(True)
        self.schedule_table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # highest score first
        column.addWidget(self.schedule_table, 1)
        self.move_to = _edit("moveTo", "", 110)
        self.move_to.setPlaceholderText("YYYY-MM-DD")
        self.note = _edit("entryNote", "", 240)
        self.note.setPlaceholderText("reason")
        move = _button("Move to", "moveEntry")
        drop = _button("Drop…", "dropEntry")
        sheet = _button("Print call sheet (PDF)…", "printCallSheet")
        export = _button("Export Excel…", "exportPlan")
        column.addLayout(_buttons(move, self.move_to, plain.label("Note"), self.note, drop, sheet, export))
        self.avoid_customer = _edit("avoidCustomer", "", 110)
        self.avoid_customer.setPlaceholderText("customer code")
        self.avoid_text = _edit("avoidDays", "", 160)
        self.avoid_text.setPlaceholderText("e.g. mon,1,2")
        avoid = _button("Set avoided days", "setAvoidDays")
        column.addLayout(
            _buttons(plain.label("Days a customer will not pay:"), self.avoid_customer, self.avoid_text, avoid)
        )
        self.status = plain.label("")
        self.status.setObjectName("scheduleStatus")
        column.addWidget(self.status)
        self.tabs.addTab(tab, "Schedule")
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
            show_error(self, "Date", exc)
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
            left = f"; no free day for {len(made.unplaced)} customers" if made.unplaced else ""
            self.status.setText(f"{made.made} entries planned, {made.kept} kept as the clerk left them{left}.")
            self.refresh_schedule()

        run_in_background(
            self,
            "Making the schedule…",
            lambda _progress: plan.make_plan_schedule(db, *window, rep=rep, as_of=self.today),
            on_done=done,
            on_error=lambda exc: show_error(self, "Schedule", exc),
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
            show_error(self, "Not moved", exc)
            return
        self.refresh_schedule()

    def _drop(self) -> None:
        entry = self._selected_entry()
        if self.db is None or entry is None:
            return
        if not plain.confirm(
            self,
            "Drop entry",
            f"Drop {entry.customer} ({entry.customer_name}) on {entry.planned_on} from the schedule?",
        ):
            return
        plan.drop_entry(self.db, entry.id, self.note.text())
        self.refresh_schedule()

    def _print_sheet(self, path: str | None = None) -> None:
        window = self.schedule_window()
        if self.db is None or window is None:
            return
        chosen = path or QFileDialog.getSaveFileName(self, "Call sheets", "call-sheets.pdf", "PDF (*.pdf)")[0]
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
        chosen = path or QFileDialog.getSaveFileName(self, "Plan", "plan.xlsx", "Excel (*.xlsx);;CSV (*.csv)")[0]
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
            show_error(self, "Avoided days not saved", exc)
            return
        self.status.setText(f"{self.avoid_customer.text().strip()} will not be visited on: {stored or 'no day'}.")

    # ------------------------------------------------------------------------ page
    def refresh(self) -> None:
        """Read everything again."""
        if self.db is None:
            return
        reps = plan.list_reps(self.db)
        set_combo_items(self.target_rep, [(f"{r.code} {r.name}", r.code) for r in reps])
        set_combo_items(self.rep, [("All reps", ""), *[(f"{r.code} {r.name}", r.code) for r in reps]])
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
