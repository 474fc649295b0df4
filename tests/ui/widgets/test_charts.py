"""The bar chart's texts: each stays inside its own bar's slot, whatever the width and the language."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtGui import QFontMetricsF

from arddesk.text import CHINESE, ENGLISH, use_language
from arddesk.ui import theme
from arddesk.ui.widgets.charts import BarChart

AGING = [
    ("not_due", 2_403_337_350, theme.CANVAS), ("1-30", 1_265_929_200, theme.CANVAS),
    ("31-60", 475_131_900, theme.CANVAS), ("61-90", 8_281_650, theme.CANVAS),
    ("91-180", 108_291_900, theme.CANVAS), ("181-365", 342_251_900, theme.CANVAS),
    ("over_365", 544_415_250, theme.CANVAS),
]


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
@pytest.mark.parametrize("width", [560, 400])
def test_no_amount_or_label_runs_into_its_neighbour(qtbot, language: str, width: int) -> None:
    use_language(language)  # back to English after the test: tests/ui/conftest.py
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(width, 300)
    chart.set_bars(AGING)
    texts = chart.texts()
    assert len(texts) == 2 * len(AGING)
    for text, box, font in texts:
        assert QFontMetricsF(font).horizontalAdvance(text) <= box.width(), text
    amounts, labels = texts[0::2], texts[1::2]
    for row in (amounts, labels):
        assert all(left[1].right() <= right[1].left() for left, right in pairwise(row))


def test_at_the_dashboard_width_every_amount_is_shown_whole(qtbot) -> None:
    use_language(ENGLISH)
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(560, 300)
    chart.set_bars(AGING)
    shown = [text for text, _box, _font in chart.texts()]
    assert shown[0::2] == [
        "24,033,373.50", "12,659,292.00", "4,751,319.00", "82,816.50", "1,082,919.00", "3,422,519.00", "5,444,152.50",
    ]
    assert shown[1::2] == ["not yet due", "1–30 days", "31–60 days", "61–90 days", "91–180 days", "181–365 days",
                           "over 365 days"]
