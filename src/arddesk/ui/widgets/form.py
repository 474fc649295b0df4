"""A form dialog with inline validation: each field says what is wrong with it, Save waits until all are right.

Enter saves (Save is the default button), Esc cancels, Tab follows the order the fields were added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arddesk.domain.problems import InvalidValue
from arddesk.services.errors import Rejected
from arddesk.text import _
from arddesk.ui import plain, theme
from arddesk.ui.errors import reported
from arddesk.ui.tasks import SAVING, T, wait_for

Check = Callable[[str], Any]
W = TypeVar("W", bound=QWidget)
ERROR_STYLE = theme.text_style(theme.ALERT)


class FormDialog(QDialog):
    """Fields with checks; ``accept_values`` gets the checked values when every field is right."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("form")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.checks: dict[str, Check] = {}
        self.errors: dict[str, QLabel] = {}
        self.summary = plain.label()
        self.summary.setObjectName("formSummary")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setObjectName("saveButton")
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.saving = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves from any field (Esc still cancels through QDialog)."""
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.try_save()
            return
        super().keyPressEvent(event)

    def finish(self) -> None:
        """Add the summary and the buttons under the fields (call after the last field)."""
        self.body.addWidget(self.summary)
        self.body.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: QWidget, check: Check | None = None) -> QWidget:
        """A field with its label, its check and a place for its error message."""
        widget.setObjectName(name)
        error = plain.label()
        error.setObjectName(f"{name}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, holder)
        self.fields[name] = widget
        self.errors[name] = error
        if check is not None:
            self.checks[name] = check
        signal = self._changed_signal(widget)
        if signal is not None:
            signal.connect(lambda *_args, n=name: self.check_field(n))
        return widget

    def show_fixed(self, name: str, where: str) -> QLabel:
        """Field ``name`` cannot be changed here: it looks read-only, takes no focus and says ``where`` it changes."""
        widget = self.fields[name]
        if isinstance(widget, QLineEdit):
            widget.setReadOnly(True)
            widget.setFrame(False)
        else:
            widget.setEnabled(False)
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        palette = widget.palette()  # the dialog's own colour, not an input's white
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        widget.setPalette(palette)
        widget.setToolTip(where)
        note = plain.label(where, f"{name}_where")
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        holder = widget.parentWidget()
        column = holder.layout() if holder is not None else None
        if isinstance(column, QVBoxLayout):
            column.insertWidget(1, note)
        return note

    def field(self, name: str, kind: type[W]) -> W:
        """Field ``name`` as the widget it was added as (a QLineEdit, a QComboBox…)."""
        widget = self.fields[name]
        if not isinstance(widget, kind):
            raise TypeError(f"field {name} is a {type(widget).__name__}, not a {kind.__name__}")
        return widget

    def caption(self, name: str) -> str:
        """The label shown beside field ``name``."""
        holder = self.fields[name].parentWidget()
        label = self.form.labelForField(holder) if holder is not None else None
        return label.text() if isinstance(label, QLabel) else name

    @staticmethod
    def _changed_signal(widget: QWidget) -> Any:
        if isinstance(widget, QLineEdit):
            return widget.textChanged
        if isinstance(widget, QComboBox):
            return widget.currentTextChanged
        if isinstance(widget, QPlainTextEdit):
            return widget.textChanged
        return None

    def text(self, name: str) -> str:
        """The field's text as typed (stripped)."""
        widget = self.fields[name]
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            return str(data) if data is not None and not widget.isEditable() else widget.currentText().strip()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        return ""

    def set_error(self, name: str, message: str) -> None:
        """Show (or clear, with "") the message under a field."""
        label = self.errors.get(name)
        if label is None:
            return
        label.setText(message)
        label.setVisible(bool(message))

    def check_field(self, name: str) -> tuple[bool, Any]:
        """Run one field's check; show its error; (ok, value)."""
        check = self.checks.get(name)
        value: Any = self.text(name)
        if check is None:
            self.set_error(name, "")
            return True, value
        try:
            value = check(self.text(name))
        except InvalidValue as exc:
            self.set_error(name, str(exc))
            return False, None
        self.set_error(name, "")
        return True, value

    def values(self) -> dict[str, Any] | None:
        """Every field checked; None (with each bad field marked and named in the summary) if any is wrong."""
        result: dict[str, Any] = {}
        bad: list[str] = []
        bad_names: list[str] = []
        for name in self.fields:
            ok, value = self.check_field(name)
            if ok:
                result[name] = value
            else:
                bad_names.append(name)
                field = self.caption(name).removesuffix("*").strip()
                bad.append(_("{field}: {problem}").format(field=field, problem=self.errors[name].text()))
        if bad:
            self.summary.setText(_("Cannot save yet:") + "\n" + "\n".join(f"• {line}" for line in bad))
            self.summary.show()
            self.fields[bad_names[0]].setFocus()
            return None
        self.summary.hide()
        return result

    def try_save(self) -> None:
        """Save when every field is right; problems the service finds go to their fields too."""
        values = self.values()
        if values is None:
            return
        if self.saving:
            return
        self.saving = True
        try:
            with reported(self, self.windowTitle()) as attempt:
                try:
                    self.save(values)
                except Rejected as exc:
                    self.show_rejected(exc)
                    return
        finally:
            self.saving = False
        if not attempt.failed:
            self.accept()

    def reject(self) -> None:
        """Esc and Cancel close the form, except while a save is waiting (it may still go through)."""
        if not self.saving:
            super().reject()

    def show_rejected(self, exc: Rejected) -> None:
        """Each problem the service found beside its field, and all of them in the summary."""
        lines = []
        for problem in exc.problems:
            column = problem.column
            if column in self.fields:
                self.set_error(column, problem.reason)
            lines.append(f"• {column + ': ' if column else ''}{problem.reason}")
        self.summary.setText(_("Not saved:\n") + "\n".join(lines))
        self.summary.show()

    def save(self, values: dict[str, Any]) -> None:
        """Write through the services (each call inside :meth:`write`); raise Rejected to keep the dialog open."""
        raise NotImplementedError

    def write(self, fn: Callable[[], T]) -> T:
        """Run the service call ``fn()`` off the GUI thread, the dialog still painting; its result or its error."""
        return wait_for(self, _(SAVING), fn)


def required(text: str) -> str:
    """A field that must not be blank."""
    if not text:
        raise InvalidValue(_("is required"))
    return text
