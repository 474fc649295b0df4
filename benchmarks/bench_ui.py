"""Main-window benchmarks on the big demo company: start to usable window, first screen and jump to end
of the 1M-row delivery log, sorting and searching, peak memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py [--db FILE]
    .venv/bin/python benchmarks/bench_ui.py --launch [--db FILE] [--bundle build/dist/arddesk/arddesk]

Reuses ``benchmarks/work/company-1000000-2000-1.sqlite`` written by ``bench_ledger.py`` (run that
first, or pass ``--db``). Each measurement paints the table, so the time includes the SQL count,
the page fetch and Qt's layout of the visible rows. Prints a Markdown table.

``--launch`` instead times whole launches, as the clerk starts the program: ``python -m arddesk --db FILE``
from the virtual environment and, when built (``installer/build linux``), the bundle's own executable,
each until the program says its first page is shown (``ARDDESK_REPORT_USABLE``, see ui/app.py). Without
``--db`` it uses a demo company of the default size, ``work/demo-launch.sqlite`` (written when missing).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORK = Path(__file__).resolve().parent / "work"
DEFAULT_DB = WORK / "company-1000000-2000-1.sqlite"
LAUNCH_DB = WORK / "demo-launch.sqlite"
BUNDLE = Path(__file__).resolve().parents[1] / "build" / "dist" / "arddesk" / "arddesk"
LAUNCHES = 5


def launch_times(command: list[str], db: Path) -> list[float]:
    """Seconds from starting ``command --db db`` to its first page shown, for each of LAUNCHES runs."""
    env = dict(os.environ, ARDDESK_REPORT_USABLE="1", QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real installation has its bytecode compiled
    times = []
    for _ in range(LAUNCHES):
        began = time.monotonic()
        done = subprocess.run([*command, "--db", str(db)], env=env, capture_output=True, text=True, check=True)
        found = re.search(r"usable at ([0-9.]+)", done.stderr)
        assert found is not None, done.stderr
        times.append(float(found.group(1)) - began)
    return times


def launch(db: Path | None, bundle: Path) -> int:
    """Print the launch-to-usable times of the virtual environment and the bundle as a Markdown table."""
    if db is None:
        db = LAUNCH_DB
        if not db.exists():
            WORK.mkdir(exist_ok=True)
            subprocess.run([sys.executable, "-m", "arddesk", "demo", "--out", str(db)], check=True)
    commands = [("virtual environment (python -m arddesk)", [sys.executable, "-m", "arddesk"])]
    if bundle.exists():
        commands.append(("bundle (build/dist/arddesk/arddesk)", [str(bundle)]))
    load = os.getloadavg()[0]
    cores = os.cpu_count()
    print(f"Company: {db.name}; {LAUNCHES} launches each; load average at the start {load:.1f} on {cores} cores\n")
    print("| launch to usable window | fastest | median | target |")
    print("| --- | ---: | ---: | --- |")
    for name, command in commands:
        times = launch_times(command, db)
        print(f"| {name} | {min(times) * 1000:.0f} ms | {statistics.median(times) * 1000:.0f} ms | ≤ 1 s |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--launch", action="store_true", help="time whole launches (venv and bundle) instead")
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help="the bundle's executable, for --launch")
    args = parser.parse_args()
    if args.launch:
        return launch(args.db, args.bundle)
    args.db = args.db or DEFAULT_DB
    if not args.db.exists():
        print(f"{args.db} is missing: run benchmarks/bench_ledger.py first (it writes the 1M-delivery company).",
              file=sys.stderr)
        return 2

    from datetime import date

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from arddesk.ui.app import application
    from arddesk.ui.mainwindow import MainWindow

    rows: list[tuple[str, float, str, str]] = []
    app = application()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, today=date(2026, 11, 24))
    window.resize(1280, 800)
    window.show()
    window.open_company(args.db)
    page = window.current_page
    page.table.viewport().repaint()
    app.processEvents()
    usable = time.perf_counter() - START
    page.model.wait_for_count()
    rows.append(("start to usable window (process start → customers shown)", usable, "≤ 1 s", ""))

    log = window.go_to("Delivery log")
    app.processEvents()

    def timed(what: str, target: str, action) -> float:  # type: ignore[no-untyped-def]
        """Time to the painted screen; then, separately, until the total has been counted."""
        began = time.perf_counter()
        action()
        log.table.viewport().repaint()
        app.processEvents()
        elapsed = time.perf_counter() - began
        counting = log.model.is_counting
        log.model.wait_for_count()
        counted = time.perf_counter() - began
        note = f"{log.model.rowCount():,} rows"
        if counting:
            note += f"; total counted off the GUI thread after {counted * 1000:.0f} ms"
        rows.append((what, elapsed, target, note))
        return elapsed

    def first_screen() -> None:
        log.model.set_filter(log.build_filter())
        log.table.scrollToTop()

    timed("delivery log: first screen (first page shown, count follows)", "≤ 50 ms", first_screen)
    timed("delivery log: jump to the end", "≤ 100 ms", log.table.scrollToBottom)
    timed("delivery log: jump to the middle", "", lambda: log.table.verticalScrollBar().setValue(
        log.table.verticalScrollBar().maximum() // 2))
    timed("delivery log: back to the first screen (cached)", "", log.table.scrollToTop)
    amount = log.model.column_index("amount")
    timed("delivery log: sort by amount, descending", "",
          lambda: log.table.sortByColumn(amount, Qt.SortOrder.DescendingOrder))
    timed("delivery log: sort by date, descending", "", lambda: log.table.sortByColumn(0, Qt.SortOrder.DescendingOrder))
    log.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    log.model.wait_for_count()
    timed("delivery log: filter overdue", "", lambda: (log.state.setCurrentIndex(log.state.findData("overdue")),
                                                    log.apply_filter()))
    log.state.setCurrentIndex(0)
    timed("delivery log: one customer (C0100)", "", lambda: (log.customer.setText("C0100"), log.apply_filter()))
    log.customer.clear()
    timed("delivery log: search as you type 'C0100'", "", lambda: (log.search.setText("C0100"), log.apply_filter()))
    log.search.clear()
    timed("delivery log: search a number 'DN2025'", "", lambda: (log.search.setText("DN2025"), log.apply_filter()))
    log.search.clear()
    # Any part of a number: the trigram index (FTS5 on SQLite), not a scan of a million numbers.
    for part in ("0901", "0901-00", "-0042"):
        timed(f"delivery log: search any part of a number '{part}'", "≤ 100 ms",
              lambda part=part: (log.search.setText(part), log.apply_filter()))
        log.search.clear()
    one = log.model.row_at(0)
    if one is not None:
        timed(f"delivery log: search a whole number '{one.number[2:]}' (one hit, selected)", "≤ 100 ms",
              lambda: (log.search.setText(one.number[2:]), log.apply_filter()))
        log.search.clear()

    customers = window.go_to("Customers")

    def customers_sorted() -> None:
        customers.table.sortByColumn(customers.model.column_index("balance"), Qt.SortOrder.DescendingOrder)
        customers.table.viewport().repaint()

    began = time.perf_counter()
    customers_sorted()
    app.processEvents()
    rows.append(("customers: sort by balance (2,000 customers)", time.perf_counter() - began, "", ""))
    began = time.perf_counter()
    customers.table.selectRow(0)
    app.processEvents()
    rows.append(("customers: detail pane with ledger of the top customer", time.perf_counter() - began, "", ""))
    credit = window.go_to("Credit limits")
    began = time.perf_counter()
    credit.over_limit.setChecked(True)
    credit.apply_filter()
    credit.table.viewport().repaint()
    app.processEvents()
    credit.model.wait_for_count()
    rows.append(("credit limits: over-limit filter (with its count)", time.perf_counter() - began, "",
                 f"{credit.model.rowCount():,} rows"))

    payments = window.go_to("Payments")
    payments.model.wait_for_count()
    for what, action in (
        ("payments and adjustments: first screen", lambda: (payments.model.set_filter(payments.build_filter()),
                                                             payments.table.scrollToTop())),
        ("payments and adjustments: jump to the end", payments.table.scrollToBottom),
    ):
        began = time.perf_counter()
        action()
        payments.table.viewport().repaint()
        app.processEvents()
        elapsed = time.perf_counter() - began
        payments.model.wait_for_count()
        rows.append((what, elapsed, "", f"{payments.model.rowCount():,} rows"))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Company: {args.db.name} ({args.db.stat().st_size / 2**20:.0f} MB)\n")
    print("| measurement | time | target | rows |")
    print("| --- | ---: | --- | --- |")
    for what, seconds, target, note in rows:
        shown = f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
        print(f"| {what} | {shown} | {target} | {note} |")
    print(f"| peak memory (whole process, ru_maxrss) | {peak:.0f} MB | ≤ 400 MB | |")
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
