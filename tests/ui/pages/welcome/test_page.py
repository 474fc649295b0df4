"""The welcome: the language first, then the demo, an empty company, or the company from Excel."""

from pathlib import Path

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from arddesk.reports.templates import TEMPLATE_KINDS, header
from arddesk.services.browse import customer_codes
from arddesk.ui.pages.imports.dialog import ImportDialog
from arddesk.ui.pages.welcome.excel import ExcelStartDialog
from arddesk.ui.pages.welcome.page import WelcomeDialog


def welcome(qtbot, tmp_path: Path) -> WelcomeDialog:
    dialog = WelcomeDialog(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_english_is_offered_first_and_kept(qtbot, tmp_path: Path) -> None:
    dialog = welcome(qtbot, tmp_path)
    qtbot.mouseClick(dialog.language_next, Qt.MouseButton.LeftButton)
    assert dialog.settings.value("ui/language") == "en"
    assert dialog.pages.currentIndex() == 1


def test_the_demo_is_one_click_after_the_language(qtbot, tmp_path: Path) -> None:
    dialog = welcome(qtbot, tmp_path)
    qtbot.mouseClick(dialog.language_next, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.findChild(QPushButton, "openDemo"), Qt.MouseButton.LeftButton)
    assert dialog.choice == "demo"


def test_a_company_needs_a_name_in_one_language(qtbot, tmp_path: Path) -> None:
    dialog = welcome(qtbot, tmp_path)
    qtbot.mouseClick(dialog.language_next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.findChild(QPushButton, "startFromExcel"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "name" in dialog.company_error.text()

    dialog.name_zh.setText("恒达商贸")  # typed through an input method, not key by key
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "excel"
    assert dialog.company_settings()["company_name"] == "恒达商贸"
    assert dialog.company_settings()["currency"] == "CNY"


def test_templates_are_saved_and_the_filled_workbook_imported_sheet_by_sheet(qtbot, window, tmp_path: Path) -> None:
    excel = ExcelStartDialog(window)
    qtbot.addWidget(excel)
    excel.show()
    excel.save_templates(tmp_path / "templates.xlsx")
    assert load_workbook(tmp_path / "templates.xlsx").sheetnames == list(TEMPLATE_KINDS)
    assert "templates.xlsx" in excel.status.text()

    filled = Workbook()
    filled.remove(filled.active)
    for kind, row in {
        "terms": ["NET45", "net", 45],
        "customers": ["C900", "Harbour Foods", "NET45"],
        "deliveries": ["D900", "C900", "2026-03-01", "500.00"],
    }.items():
        sheet = filled.create_sheet(kind)
        sheet.append(header(kind))
        sheet.append(row)
    filled.save(tmp_path / "filled.xlsx")

    wizard = excel.import_workbook(tmp_path / "filled.xlsx")
    for kind in ("terms", "customers", "deliveries"):
        qtbot.waitUntil(lambda k=kind: wizard.dialog is not None and wizard.dialog.kind == k, timeout=20_000)
        dialog: ImportDialog = wizard.dialog
        qtbot.waitUntil(lambda d=dialog: d.import_button.isEnabled(), timeout=20_000)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda d=dialog: wizard.dialog is not d, timeout=60_000)

    qtbot.waitUntil(lambda: "terms, customers, deliveries" in excel.status.text(), timeout=20_000)
    assert customer_codes(window.db, "C900") == [("C900", "Harbour Foods")]
