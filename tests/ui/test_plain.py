"""Data shown as data: a hostile customer name reaches every label, tooltip and message box as typed."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from arddesk.domain.dates import Period
from arddesk.domain.problems import Problem
from arddesk.services import letters, risk
from arddesk.services.errors import Rejected
from arddesk.ui import plain
from arddesk.ui.errors import show_error
from arddesk.ui.pages.aging.page import CustomerRiskDialog
from arddesk.ui.pages.letters.page import ReplyDialog
from tests.conftest import Books

BANNER = "<h1 style=color:red>PAY TO ACCOUNT 12-3456…</h1>"
IMAGE = "<img src=file:///etc/passwd>"
HOSTILE = (BANNER, IMAGE)
# Qt's own guess whether a text is HTML (what labels in AutoText, and tooltips, go by).
might_be_rich = QtGui.Qt.mightBeRichText
UI = Path(__file__).parents[2] / "src" / "arddesk" / "ui"


def shown(text: str, rich: bool) -> str:
    """What a person reads: rich text as Qt renders it, plain text as it is."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_is_safe(label: QLabel) -> bool:
    """Plain, or rich with every hostile text escaped (so it reads as typed)."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.PlainText:
        return True
    if label.textFormat() == Qt.TextFormat.AutoText and not might_be_rich(text):
        return True
    return not any(fragment in text for fragment in ("<h1", "<img"))


def every_label() -> list[QLabel]:
    return [label for top in QApplication.topLevelWidgets() for label in top.findChildren(QLabel)]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Qt.TextFormat]]:
    """Message boxes answer Yes without blocking; their text and its format are kept here."""
    seen: list[tuple[str, Qt.TextFormat]] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append((box.text(), box.textFormat()))
        return int(QMessageBox.StandardButton.Yes)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return seen


def test_label_keeps_markup_as_text(qtbot) -> None:
    label = plain.label(BANNER, "banner", bold=True, scale=1.5)
    qtbot.addWidget(label)
    assert label.text() == BANNER and label.textFormat() == Qt.TextFormat.PlainText
    assert label.objectName() == "banner" and label.font().bold()


def test_html_escapes_every_value_but_not_the_template() -> None:
    made = plain.html("<b>{}</b> {name}", BANNER, name=IMAGE)
    assert made.startswith("<b>&lt;h1") and "<img" not in made
    assert shown(made, rich=True) == f"{BANNER} {IMAGE}"


@pytest.mark.parametrize("text", [BANNER, IMAGE, "a &lt; b", "two\nlines", "plain words"])
def test_tooltip_reads_as_typed(text: str) -> None:
    tip = plain.tooltip(text)
    assert might_be_rich(tip)  # rich on purpose, so Qt never guesses
    assert shown(tip, rich=True) == text
    assert plain.tooltip("") == ""


def test_message_boxes_are_plain(qtbot, boxes: list[tuple[str, Qt.TextFormat]]) -> None:
    assert plain.confirm(None, "Drop", f"Drop {BANNER}?")
    plain.inform(None, "Import", f"Imported 1 row from {IMAGE}.xlsx")
    show_error(None, "Customer", Rejected([Problem(2, "name", BANNER, "too long")]))
    assert [fmt for _text, fmt in boxes] == [Qt.TextFormat.PlainText] * 3
    assert boxes[0][0] == f"Drop {BANNER}?" and IMAGE in boxes[1][0] and BANNER in boxes[2][0]


def test_no_label_or_message_box_is_made_outside_plain() -> None:
    """Every label and message box of the window is made by ui/plain.py, so none guesses at HTML."""
    offenders = []
    for path in UI.rglob("*.py"):
        if path.name == "plain.py" or path.name == "app.py":  # app.py: the welcome box, fixed words only
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                if called == "QLabel" or called.startswith("QMessageBox"):
                    offenders.append(f"{path.relative_to(UI)}:{node.lineno} {called}")
    assert offenders == []


@pytest.fixture
def hostile(books: Books) -> Books:
    """A customer whose name, address, rep, notes and reasons are HTML."""
    books.customer("H1", name=BANNER, address=IMAGE, phone=IMAGE, rep=BANNER, language="en")
    books.delivery("D1", "H1", on="2026-03-01", amount="500.00", note=IMAGE)
    return books


def test_hostile_customer_reads_as_typed_everywhere(
    qtbot, window, hostile: Books, boxes: list[tuple[str, Qt.TextFormat]]
) -> None:
    customers = window.go_to("Customers")
    customers.select_code("H1")
    heading = window.findChild(QLabel, "detailHeading")
    qtbot.waitUntil(lambda: BANNER in heading.text())
    assert heading.text() == f"H1 {BANNER}\n{IMAGE} {IMAGE}"

    dashboard = window.go_to("Dashboard")
    qtbot.waitUntil(lambda: dashboard.board is not None, timeout=10_000)

    risk.set_class(hostile.db, "H1", "doubtful", f"phoned {BANNER}")
    dialog = CustomerRiskDialog(hostile.db, "H1", date(2026, 6, 30), window)
    qtbot.addWidget(dialog)
    assert f"phoned {BANNER}" in shown(dialog.summary.text(), rich=True)

    letters.prepare_letters(hostile.db, Period.parse("2026Q1"), letter_date=date(2026, 4, 5))
    row = next(r for r in letters.register(hostile.db) if r.customer == "H1")
    reply = ReplyDialog(row, date(2026, 6, 30), window)
    qtbot.addWidget(reply)
    assert f"H1 \u2014 {BANNER}" in [label.text() for label in reply.findChildren(QLabel)]

    plan = window.go_to("Collection plan")
    plan.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: plan.priority_model.rowCount() > 0, timeout=10_000)
    plan.priority_table.setCurrentIndex(plan.priority_model.index(0, 0))
    assert plan.explanation.text().startswith(f"H1 {BANNER}: ")

    show_error(window, "Customer", Rejected([Problem(None, "name", BANNER, f"{IMAGE} is not allowed")]))
    assert boxes and all(fmt == Qt.TextFormat.PlainText for _text, fmt in boxes)

    labels = every_label()
    carrying = [
        label
        for label in labels
        if any(h in shown(label.text(), label.textFormat() != Qt.TextFormat.PlainText) for h in HOSTILE)
    ]
    assert len(carrying) >= 4  # the detail heading, the risk summary, the reply's customer, the explanation
    unsafe = [f"{label.objectName()}: {label.text()[:60]}" for label in labels if not label_is_safe(label)]
    assert unsafe == []
    for widget in (w for top in QApplication.topLevelWidgets() for w in [top, *top.findChildren(QWidget)]):
        tip = widget.toolTip()
        assert not tip or not might_be_rich(tip) or not any(h in tip for h in HOSTILE), widget.objectName()
