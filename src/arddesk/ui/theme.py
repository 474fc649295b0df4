"""The window's colours and fonts in one place: pages name what a colour means, never its value.

Colours are ``#rrggbb`` strings, usable in style sheets and rich text as they are and in painting
through :func:`colour`. ``tests/ui/test_theme.py`` keeps colour literals out of every other module.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from arddesk.domain.aging import DebtClass
from arddesk.domain.matrix import Quadrant

# ---------------------------------------------------------------- text and drawing
TEXT = "#111827"
"""Ordinary text drawn on a chart."""
MUTED = "#4b5563"
"""Captions under headline figures."""
FAINT = "#6b7280"
"""A chart's note when it has nothing to draw."""
AXIS = "#374151"
"""A chart's axis labels and threshold lines."""
GRID = "#9ca3af"
"""A chart's frame and base line."""
CANVAS = "#ffffff"
"""The background charts are drawn on."""
ON_ALERT = "#ffffff"
"""Text on an :data:`ALERT` background."""

# ---------------------------------------------------------------- meanings
ALERT = "#b00020"
"""Something that stops the clerk: an error, over the limit, supply stopped, a void document."""
CAUTION = "#8a5a00"
"""A credit check that warns but lets the delivery through."""
ALLOWED = "#1b6e20"
"""A credit check that passes."""
NOTICE_BACKGROUND = "#fff3cd"
"""A banner that informs (read-only company, figures reset)."""
NOTICE_TEXT = "#664d03"
LOCKED_BACKGROUND = "#fde2e1"
"""A badge for figures that no longer follow the ledger (locked)."""
LOCKED_TEXT = "#7a1010"
INFO_BACKGROUND = "#e0f2fe"
"""A badge for a plain state (draft, open)."""
INFO_TEXT = "#075985"
TOTAL_BACKGROUND = "#eef2f7"
DISPUTED = "#b91c1c"
"""An amount the customer disputes."""
"""The total row of a table."""

# ---------------------------------------------------------------- table rows (see widgets/tablemodel.py)
ROW_BACKGROUNDS = {
    "overdue": "#fde2e1",
    "over_limit": "#fde2e1",
    "stop": "#f6d3d3",
    "restricted": "#fff1cc",
}
"""Background of a whole row by its mark."""
ROW_FOREGROUNDS = {
    "overdue": "#9b1c1c",
    "over_limit": "#9b1c1c",
    "stop": "#7a1010",
    "restricted": "#7a5a00",
    "paid": "#666666",
    "void": "#808080",
}
"""Text colour of a whole row by its mark."""

# ---------------------------------------------------------------- aging and debt classes
SEVERITY_COLOURS = ["#1f2937", "#8a6d00", "#b45309", "#c2410c", "#b91c1c", "#991b1b", "#7f1d1d", "#5b0f0f"]
"""Text colour of an amount by how old its column is: not due first, the oldest bucket last."""

CLASS_COLOURS = {
    DebtClass.NOT_DUE: "#1f2937",
    DebtClass.DUNNING: "#8a6d00",
    DebtClass.DOUBTFUL: "#c2410c",
    DebtClass.BAD: "#b91c1c",
    DebtClass.DEAD: "#5b0f0f",
}
"""Each debt class's colour, wherever classes are shown."""


def severity_colour(bucket_index: int, bucket_count: int) -> str:
    """The colour of bucket ``bucket_index`` (0 = not due) among ``bucket_count`` buckets plus not due."""
    if bucket_index <= 0:
        return SEVERITY_COLOURS[0]
    steps = len(SEVERITY_COLOURS) - 1
    position = 1 + round((bucket_index - 1) * (steps - 1) / max(bucket_count - 1, 1))
    return SEVERITY_COLOURS[min(position, steps)]


# ---------------------------------------------------------------- plan and matrix
TARGET_BAR = "#9fb3c8"
"""A target's bar beside what was collected."""
COLLECTED_BAR = "#2f6f4f"
"""What was collected, beside its target."""

QUADRANT_COLOURS = {
    Quadrant.NEITHER: "#6b7280",
    Quadrant.SALES: "#d97706",
    Quadrant.COLLECTION: "#2563eb",
    Quadrant.STRATEGIC: "#059669",
}
"""A matrix quadrant's points and label."""
QUADRANT_TINTS = {
    Quadrant.NEITHER: "#f3f4f6",
    Quadrant.SALES: "#fef3c7",
    Quadrant.COLLECTION: "#dbeafe",
    Quadrant.STRATEGIC: "#d1fae5",
}
"""A matrix quadrant's background."""


def colour(value: str) -> QColor:
    """The QColor of one of this module's colours."""
    return QColor(value)


def text_style(value: str, *, bold: bool = False) -> str:
    """A style sheet that colours a label's text (bold when asked)."""
    return f"color: {value};" + (" font-weight: bold;" if bold else "")


def banner_style(background: str, text: str, *, bold: bool = False, padding: str = "6px", radius: int = 0) -> str:
    """A style sheet for a coloured banner or badge."""
    style = f"background: {background}; color: {text}; padding: {padding};"
    if bold:
        style += " font-weight: bold;"
    if radius:
        style += f" border-radius: {radius}px;"
    return style


def badge_style(background: str, text: str) -> str:
    """A style sheet for a small rounded badge beside a title."""
    return banner_style(background, text, padding="2px 8px", radius=4)


# ---------------------------------------------------------------- fonts
def bold(base: QFont | None = None) -> QFont:
    """``base`` (the application's font when None) in bold."""
    font = QFont(base) if base is not None else QFont()
    font.setBold(True)
    return font


def smaller(base: QFont) -> QFont:
    """``base`` a point smaller, for a chart's labels (never below 7 points)."""
    font = QFont(base)
    font.setPointSizeF(max(font.pointSizeF() - 1, 7))
    return font


def headline(base: QFont) -> QFont:
    """``base`` large and bold, for a page's headline figures."""
    font = QFont(base)
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    return font
