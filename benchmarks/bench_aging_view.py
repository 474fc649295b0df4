"""The aging view on the big demo company: refresh time against the bare SQL aging, GUI stalls, drill-down,
class totals, warnings and the dashboard.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_aging_view.py [--db FILE]

Reuses ``benchmarks/work/company-1000000-2000-1.sqlite`` written by ``bench_ledger.py``. Every
measurement runs three times in this one process; the best is reported (and the first). A view
refresh is timed from ``AgingPage.refresh()`` to the grid painted on screen, the read running on
the thread pool; meanwhile a 10 ms timer on the GUI thread records the longest gap between its
ticks ("longest GUI stall"): that is how long the window could not respond. The warnings and the
dashboard also say their least processor time, which load on a shared machine hardly changes. Prints Markdown.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
WORK = HERE / "work"
DEFAULT_DB = WORK / "company-1000000-2000-1.sqlite"
REPEAT = 3


def timed(call: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, float, Any]:
    """(first, best, last result)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times[0], min(times), result


def cpu_best(call: Callable[[], Any], repeat: int = REPEAT) -> float:
    """The least processor time of this process over ``repeat`` calls: on a shared machine, near what
    the call takes on a quiet one when it runs on one thread."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 24))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run benchmarks/bench_ledger.py first.", file=sys.stderr)
        return 2

    from bench_ledger import BARE_AGING
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from arddesk.services import risk
    from arddesk.services.aging import aging_report
    from arddesk.services.dashboard import dashboard
    from arddesk.store.db import open_database
    from arddesk.ui.mainwindow import MainWindow
    from arddesk.ui.pages.aging.page import AgingPage

    app = QApplication.instance() or QApplication(sys.argv)
    db = open_database(args.db)
    today = args.today
    quarter_end = date(2026, 9, 30)
    year_back = date(today.year - 1, today.month, today.day)
    rows: list[tuple[str, float, float, str, str]] = []

    connection = sqlite3.connect(args.db)

    def bare(as_of: date) -> float:
        first, best, result = timed(lambda: connection.execute(BARE_AGING, {"as_of": as_of.isoformat()}).fetchall())
        rows.append((f"bare SQL aging by customer, as of {as_of}", first, best, f"{len(result)} rows", ""))
        return best

    def service(as_of: date, by: str = "customer") -> float:
        first, best, report = timed(lambda: aging_report(db, as_of, by=by))
        rows.append((f"`aging_report` by {by}, as of {as_of}", first, best, f"{len(report.lines)} rows", ""))
        return best

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, today=today)
    window.resize(1280, 800)
    window.show()
    window.set_database(db)
    page = window.go_to("Aging")
    assert isinstance(page, AgingPage)

    def settle() -> None:
        while page.pending:
            app.processEvents()
            time.sleep(0.001)

    settle()

    def view_refresh(as_of: date, by: str) -> tuple[float, float, float]:
        """(first, best, longest GUI stall in s) of refreshing the view to these arguments."""
        page.group.blockSignals(True)
        page.group.setCurrentIndex(page.group.findData(by))
        page.group.blockSignals(False)
        page.as_of.blockSignals(True)
        page.set_as_of(as_of)
        page.as_of.blockSignals(False)
        times, stalls = [], []
        for _ in range(REPEAT):
            settle()
            shown = []
            page.refreshed.connect(shown.append)
            ticker, clock, longest = QTimer(), QElapsedTimer(), [0]

            def tick(longest: list[int] = longest, clock: QElapsedTimer = clock) -> None:
                longest[0] = max(longest[0], clock.restart())

            ticker.timeout.connect(tick)
            ticker.start(10)
            clock.start()
            start = time.perf_counter()
            page.refresh()
            while not shown:
                app.processEvents()
                time.sleep(0.0005)
            page.table.viewport().repaint()
            times.append(time.perf_counter() - start)
            ticker.stop()
            stalls.append(longest[0] / 1000)
            page.refreshed.disconnect()
            settle()
        assert page.model.report is not None and page.model.report.as_of == as_of
        return times[0], min(times), max(stalls)

    for as_of in (today, year_back):
        bare_best = bare(as_of)
        service_best = service(as_of)
        first, best, stall = view_refresh(as_of, "customer")
        rows.append(
            (
                f"**aging view refresh** by customer, as of {as_of}",
                first,
                best,
                f"{best / bare_best:.2f} × bare, {best / service_best:.2f} × `aging_report`; "
                f"longest GUI stall {stall * 1000:.0f} ms",
                "≤ 1.2 × bare",
            )
        )

    service(quarter_end, "rep")
    first, best, stall = view_refresh(quarter_end, "rep")
    rows.append(
        (
            f"**aging view refresh** by rep, as of {quarter_end} (quarter end)",
            first,
            best,
            f"longest GUI stall {stall * 1000:.0f} ms",
            "a second or two",
        )
    )

    report = page.model.report
    assert report is not None
    line = max(report.lines, key=lambda item: item.buckets[3])
    label = report.buckets.labels[3]
    first, best, cell = timed(lambda: risk.cell_detail(db, quarter_end, by="rep", key=line.key, bucket=label))
    rows.append(
        (
            f"drill into rep {line.key}, bucket {label}, as of {quarter_end}",
            first,
            best,
            f"{len(cell)} deliveries",
            "a second or two",
        )
    )
    first, best, _ = timed(lambda: risk.class_totals(db, quarter_end))
    rows.append((f"class totals, as of {quarter_end}", first, best, "after the grid, off the GUI thread", ""))
    first, best, found = timed(lambda: risk.early_warnings(db, today))
    cpu = cpu_best(lambda: risk.early_warnings(db, today))
    rows.append(
        (f"**early warnings**, as of {today}", first, best, f"{len(found)} warnings; CPU {cpu:.3f} s", "≤ 0.5 s")
    )
    first, best, _ = timed(lambda: dashboard(db, today))
    cpu = cpu_best(lambda: dashboard(db, today))
    rows.append((f"**dashboard**, as of {today}", first, best, f"CPU {cpu:.3f} s", "≤ 0.5 s"))

    window.close()
    db.close()
    connection.close()
    print("| measurement | first s | best s | note | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, first, best, note, target in rows:
        print(f"| {name} | {first:.3f} | {best:.3f} | {note} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
