"""The import templates: one workbook with a sheet per kind to fill in, and its sheets read back one at a time.

Each sheet's header names every column in English and Chinese (``code [编码]``, which the import reads) and
holds one example row. The clerk types over the example; a sheet whose example row is left as it was has
that row dropped when the sheet is taken out for import, so the example never enters the books.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from arddesk.services.importing import COLUMNS
from arddesk.store.files import atomic_path

TEMPLATE_KINDS = ("terms", "staff", "customers", "deliveries", "payments")
"""The kinds of the templates, in the order they must be imported (each names those before it)."""

# One example of each kind, naming one another, so that the filled workbook imports in order.
EXAMPLES: dict[str, dict[str, object]] = {
    "terms": {"code": "NET30", "kind": "net", "days": 30},
    "staff": {
        "code": "R01",
        "name": "张伟",
        "department": "S1",
        "role": "rep",
        "phone": "13800000001",
        "active": "yes",
        "department_name": "销售一部",
    },
    "customers": {
        "code": "C001",
        "name": "华联超市",
        "terms": "NET30",
        "credit_limit": "50000.00",
        "rep": "R01",
        "phone": "021-55550001",
        "address": "上海市浦东新区世纪大道100号",
        "language": "zh",
    },
    "deliveries": {
        "number": "D0001",
        "customer": "C001",
        "date": "2026-01-05",
        "amount": "1200.00",
        "rep": "R01",
        "category": "normal",
        "model": "new",
        "note": "",
    },
    "payments": {
        "customer": "C001",
        "date": "2026-02-04",
        "amount": "1200.00",
        "method": "transfer",
        "applies_to": "D0001",
    },
}


def header(kind: str) -> list[str]:
    """The header of a kind's sheet: each column in English and Chinese, e.g. ``code [编码]``."""
    return [f"{column.name} [{column.chinese}]" for column in COLUMNS[kind]]


def example_row(kind: str) -> list[object]:
    """The example row of a kind's sheet, a value (or None) under each column of :func:`header`."""
    example = EXAMPLES[kind]
    return [example.get(column.name) for column in COLUMNS[kind]]


def write_templates(path: Path) -> None:
    """Write the templates workbook to ``path`` (``.xlsx``): a sheet per kind of :data:`TEMPLATE_KINDS`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for kind in TEMPLATE_KINDS:
        sheet: Any = workbook.create_sheet(kind)
        sheet.append(header(kind))
        sheet.append(example_row(kind))
        for cell in sheet[1]:
            cell.font = bold
        for index, name in enumerate(header(kind), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 4)
        sheet.freeze_panes = "A2"
    with atomic_path(path) as part:
        workbook.save(part)


def _same(row: Sequence[object], example: Sequence[object]) -> bool:
    def text(value: object) -> str:
        return "" if value is None else str(value).strip()

    cells = list(row) + [None] * (len(example) - len(row))
    return all(text(a) == text(b) for a, b in zip(cells, example, strict=False)) and not any(
        text(extra) for extra in cells[len(example) :]
    )


def extract_sheet(workbook: Path, kind: str, out: Path) -> int:
    """Write the ``kind`` sheet of a filled templates workbook as a workbook of its own, for the import.

    The example row is left out when it is still there unchanged; blank rows are left out too.

    Returns:
        How many rows were written below the header (0: nothing to import, and no file is written).

    Raises:
        KeyError: when the workbook has no sheet named ``kind``.
    """
    from openpyxl import load_workbook

    from arddesk.reports.tables import write_xlsx

    book = load_workbook(workbook, read_only=True, data_only=True)
    try:
        rows = [list(row) for row in book[kind].iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        return 0
    example = example_row(kind)
    body = [row for row in rows[1:] if any(value not in (None, "") for value in row) and not _same(row, example)]
    if body:
        write_xlsx(out, [str(name or "") for name in rows[0]], body, title=kind)
    return len(body)
