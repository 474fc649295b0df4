"""One path for slow work: run it off the GUI thread with progress and cancel, errors as dialogs.

A task is a plain function ``fn(progress)``; ``progress(done, total)`` reports and raises
:class:`Cancelled` once the clerk pressed Cancel, so the function stops at a safe point (the
caller cleans up whatever the function had started, e.g. deletes a half-written file).

Writes go the same way through :func:`write`: the save runs on the thread pool while the window
keeps painting and answering (a company file locked by another program makes SQLite wait up to
its busy timeout), and the caller carries on when it is done, as if the save had been a call.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from arddesk.text import N_, _
from arddesk.ui import plain
from arddesk.ui.errors import reported

T = TypeVar("T")
SAVING = N_("Saving… (waiting while another program holds the company file)")


class Cancelled(Exception):
    """The clerk cancelled the task."""


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Callable[..., None]], Any], signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancel = cancel

    def _progress(self, done: Any = 0, total: Any = 0, *_rest: Any) -> None:
        if self.cancel.is_set():
            raise Cancelled()
        try:
            self.signals.progress.emit(int(done), int(total))
        except (TypeError, ValueError):
            self.signals.progress.emit(0, 0)

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except BaseException as exc:
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody to tell
                self.signals.failed.emit(exc)
        else:
            with contextlib.suppress(RuntimeError):
                self.signals.done.emit(result)


class BackgroundTask(QObject):
    """A running task; keeps its signals alive until it has reported."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.signals = _Signals()
        self.dialog: QProgressDialog | None = None


_running: set[BackgroundTask] = set()


def run_in_background(
    parent: QWidget | None,
    label: str,
    fn: Callable[[Callable[..., None]], Any],
    *,
    on_done: Callable[[Any], object],
    on_error: Callable[[BaseException], None],
    cancellable: bool = True,
    show_progress: bool = True,
) -> BackgroundTask:
    """Run ``fn(progress)`` on the thread pool; ``on_done``/``on_error`` run on the GUI thread."""
    task = BackgroundTask()
    _running.add(task)
    if show_progress:
        dialog = QProgressDialog("", _("Cancel") if cancellable else "", 0, 0, parent)
        dialog.setLabel(plain.label(label))
        dialog.setWindowTitle("arddesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(task.cancel_event.set)
        task.dialog = dialog

    def progress(done: int, total: int) -> None:
        if task.dialog is not None and total > 0:
            task.dialog.setMaximum(total)
            task.dialog.setValue(min(done, total))

    def finish() -> None:
        if task.dialog is not None:
            task.dialog.reset()
            task.dialog.deleteLater()
            task.dialog = None
        _running.discard(task)

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        on_error(exc)

    task.signals.progress.connect(progress)
    task.signals.done.connect(done)
    task.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Runnable(fn, task.signals, task.cancel_event))
    return task


_waiting: list[str] = []


def wait_for(parent: QWidget | None, label: str, fn: Callable[[], T]) -> T:
    """``fn()`` run on the thread pool; its result, or its exception raised here.

    The GUI thread turns its event loop meanwhile: the window repaints and its timers run, and
    after a moment a window-modal progress dialog shows ``label`` and keeps the clerk from
    starting a second change while this one waits.
    """
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    _waiting.append(label)
    try:
        task = run_in_background(
            parent, label, lambda _progress: fn(), on_done=done, on_error=failed, cancellable=False
        )
        if task.dialog is not None:
            task.dialog.setValue(0)  # starts the dialog's clock: it shows once the wait passes its minimum duration
        if not outcome:  # the answer arrives through the event loop, never before it runs
            loop.exec()
    finally:
        _waiting.pop()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


@dataclass(frozen=True, slots=True)
class Written(Generic[T]):
    """A write that went through, with what the service returned."""

    value: T


def write(parent: QWidget | None, title: str, fn: Callable[[], T], *, label: str | None = None) -> Written[T] | None:
    """Run the write ``fn()`` off the GUI thread (see :func:`wait_for`); None once a failure was shown.

    A failure is shown in a message titled ``title`` (a locked company file says so). While one
    write waits, another is not started: it returns None at once, so a double click saves once.
    """
    if _waiting:
        return None
    with reported(parent, title):
        return Written(wait_for(parent, label or _(SAVING), fn))
    return None


def waiting() -> bool:
    """Whether a write is waiting for its answer (the window then stays open)."""
    return bool(_waiting)
