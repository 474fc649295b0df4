"""A choice of period shared by the pages that report per quarter, month or year."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from arddesk.domain.dates import Period
from arddesk.domain.problems import InvalidValue
from arddesk.services.matrix import last_full_quarter


class PeriodPicker(QComboBox):
    """An editable choice of period: recent quarters listed, any ``2026Q3``, ``2026-07`` or ``2026`` typed."""

    period_changed = Signal(object)

    def __init__(self, today: date, count: int = 12, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(8)
        self.fill(today, count)
        self.activated.connect(lambda *_: self._changed())
        line = self.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._changed)
        self._last = self.currentText()

    def fill(self, today: date, count: int = 12) -> None:
        """List the last ``count`` full quarters, newest first; the newest chosen."""
        self.blockSignals(True)
        self.clear()
        period = last_full_quarter(today)
        for _ in range(count):
            self.addItem(period.label)
            period = period.previous()
        self.setCurrentIndex(0)
        self.blockSignals(False)
        self._last = self.currentText()

    @property
    def period(self) -> Period | None:
        """The period chosen or typed; None when the text is not a period."""
        try:
            return Period.parse(self.currentText())
        except InvalidValue:
            return None

    def set_period(self, label: str) -> None:
        """Choose a period by its label."""
        self.setCurrentText(label)
        self._changed()

    def _changed(self) -> None:
        text = self.currentText()
        if text == self._last:
            return
        self._last = text
        self.period_changed.emit(self.period)
