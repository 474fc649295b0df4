"""Colours live in ui/theme.py: no other module of ui/ spells a colour out."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import arddesk.ui
from arddesk.ui import theme

UI = Path(arddesk.ui.__file__).parent
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
RGB_COLOUR = re.compile(r"\bQColor(?:\.fromRgb\w*)?\(\s*\d")


def colour_literals(source: str) -> list[str]:
    """Each hex colour in a string literal and each ``QColor(r, g, b)`` of ``source``, with its line."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and HEX_COLOUR.search(token.string):
            found.append(f"{token.start[0]}: {token.string}")
    for number, line in enumerate(source.splitlines(), 1):
        if RGB_COLOUR.search(line):
            found.append(f"{number}: {line.strip()}")
    return found


def test_the_scan_finds_colours_in_strings_and_rgb_triples_but_not_in_comments():
    source = 'a = "color: #b00020;"\nb = QColor(255, 0, 0)\n# #abcdef in a comment\nc = "row #12"\n'
    assert colour_literals(source) == ['1: "color: #b00020;"', "2: b = QColor(255, 0, 0)"]


def test_no_module_of_ui_but_the_theme_spells_out_a_colour():
    offenders = {
        str(path.relative_to(UI)): found
        for path in sorted(UI.rglob("*.py"))
        if path.name != "theme.py" and (found := colour_literals(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_severity_runs_from_the_not_due_colour_to_the_oldest_bucket_colour():
    assert theme.severity_colour(0, 5) == theme.SEVERITY_COLOURS[0]
    assert theme.severity_colour(5, 5) == theme.SEVERITY_COLOURS[-1]
    assert [theme.severity_colour(n, 3) for n in range(1, 4)] == ["#8a6d00", "#b91c1c", "#5b0f0f"]
