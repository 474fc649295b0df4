"""The layers a newcomer sees in the folder names, enforced: each imports only those below it."""

import ast
from pathlib import Path

import pytest

import arddesk

PACKAGE = Path(arddesk.__file__).parent
ORDER = ["domain", "store", "services", "text", "reports", "ui"]
STDLIB_ONLY = {"domain"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def sources(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ORDER[:-1])
def test_only_ui_knows_qt(layer: str) -> None:
    offenders = [p.name for p in sources(layer) if any(m.split(".")[0] == "PySide6" for m in imported_modules(p))]
    assert offenders == []


@pytest.mark.parametrize("layer", ORDER)
def test_layers_import_only_layers_below(layer: str) -> None:
    forbidden = {f"arddesk.{upper}" for upper in ORDER[ORDER.index(layer) + 1 :]} | {"arddesk.cli"}
    offenders = [
        (p.name, m) for p in sources(layer) for m in imported_modules(p) if any(m.startswith(f) for f in forbidden)
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", [layer for layer in ORDER if layer != "store"])
def test_only_store_knows_sqlalchemy(layer: str) -> None:
    offenders = [
        p.name for p in sources(layer) if any(m.split(".")[0] in {"sqlalchemy", "alembic"} for m in imported_modules(p))
    ]
    assert offenders == []


def test_domain_uses_the_standard_library_only() -> None:
    import sys

    outside = {
        (p.name, m)
        for p in sources("domain")
        for m in imported_modules(p)
        if m.split(".")[0] not in sys.stdlib_module_names and not m.startswith("arddesk.domain") and m != "__future__"
    }
    assert outside == set()


def test_the_checker_sees_imports() -> None:
    # Guards the guard: a file that imports Qt must be caught by imported_modules.
    assert "PySide6.QtCore" in imported_modules(Path(__file__).with_name("qt_probe.txt"))
