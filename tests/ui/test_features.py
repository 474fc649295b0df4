"""ui/ is one folder per feature: which feature may import which, and shared widgets import no page.

A page asks the main window to show another page (``Page.open_customer``, ``MainWindow.go_to``)
instead of importing it; the imports left are real uses: a page opening another feature's dialog,
or a model built on another feature's model.
"""

from __future__ import annotations

import ast
from pathlib import Path

import arddesk.ui

UI = Path(arddesk.ui.__file__).parent
PAGES = UI / "pages"

ALLOWED = {
    # Open a delivery, payment or adjustment in the document dialog.
    ("aging", "documents"),
    ("audit", "documents"),
    ("customers", "documents"),
    ("deliveries", "documents"),
    ("incentives", "documents"),
    ("payments", "documents"),
    # The document dialog corrects a document through its own form; its history is the audit trail's.
    ("documents", "deliveries"),
    ("documents", "payments"),
    ("documents", "audit"),
    # A customer's page opens the forms of a new delivery, payment and credit limit for that customer.
    ("customers", "deliveries"),
    ("customers", "payments"),
    ("customers", "credit"),
    # Credit limits are the customer list with other columns.
    ("credit", "customers"),
    # The contact log shows the plan's targets; the dashboard shows the open warnings.
    ("contacts", "plan"),
    ("dashboard", "warnings"),
}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def feature_of(module: str) -> str | None:
    """The feature of ``arddesk.ui.pages.<feature>.…`` (None for anything else, the base page included)."""
    parts = module.split(".")
    if parts[:3] == ["arddesk", "ui", "pages"] and len(parts) > 4:
        return parts[3]
    return None


def feature_imports() -> set[tuple[str, str]]:
    """(importing feature, imported feature) for every import between two features."""
    found = set()
    for path in PAGES.glob("*/*.py"):
        feature = path.parent.name
        for module in imported_modules(path):
            other = feature_of(module)
            if other is not None and other != feature:
                found.add((feature, other))
    return found


def test_features_import_each_other_only_where_allowed():
    assert feature_imports() - ALLOWED == set()


def test_every_allowed_import_is_still_made():
    # An arrow no longer drawn is taken off the list, so the list stays the truth.
    assert ALLOWED - feature_imports() == set()


def test_shared_widgets_import_no_feature():
    offenders = {
        path.name: sorted(m for m in imported_modules(path) if feature_of(m) is not None)
        for path in (UI / "widgets").glob("*.py")
    }
    assert {name: modules for name, modules in offenders.items() if modules} == {}


def test_the_feature_of_a_module_is_its_folder_under_pages():
    assert feature_of("arddesk.ui.pages.customers.dialog") == "customers"
    assert feature_of("arddesk.ui.pages.base") is None
    assert feature_of("arddesk.ui.widgets.form") is None
