"""At 200 % scaling every page and dialog still fits: nothing cut off, nothing taller than the screen.

Qt reads ``QT_SCALE_FACTOR`` and the screen once, when the QApplication is made, and this session's is
made already; so the walks (tests/ui/test_dialogs.py, tests/ui/test_language.py) run again in a fresh
pytest process on a 2560×1600 screen at scale 2, which is 1280×800 logical pixels.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALKS = ["tests/ui/test_dialogs.py", "tests/ui/test_language.py"]


def test_every_page_and_dialog_fits_at_200_percent(tmp_path: Path) -> None:
    screen = {"name": "hidpi", "x": 0, "y": 0, "width": 2560, "height": 1600, "logicalDpi": 96, "dpr": 1.0}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": "2",
        "ARDDESK_TEST_SCALE": "2",  # the walks check that the screen is the one asked for
    }
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *WALKS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert re.search(r"^5 passed", run.stdout, re.MULTILINE)  # both walks in both languages, and the screen check
