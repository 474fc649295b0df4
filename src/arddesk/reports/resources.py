"""Files shipped with arddesk (fonts, images, the guide), found in an installed wheel, a source checkout or
the self-contained bundle."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

# In a wheel, pyproject force-includes the top-level resources/ as arddesk/resources; in an
# editable install it stays at the repository root, three levels above this file's package.
_SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources"


def _places() -> list[Path]:
    places = []
    # PyInstaller's bundle (installer/arddesk.spec) unpacks resources/ as arddesk/resources in the folder it
    # names in sys._MEIPASS, its documented attribute for that folder.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        places.append(Path(bundle) / "arddesk" / "resources")
    places.append(Path(str(resources.files("arddesk") / "resources")))
    places.append(_SOURCE_TREE)
    return places


def resource_path(name: str) -> Path:
    """The path of a shipped file or folder, e.g. ``resource_path("fonts/wqy-microhei.ttc")``.

    Raises:
        FileNotFoundError: when it is in none of the places (a broken installation).
    """
    places = _places()
    for place in places:
        if (place / name).exists():
            return place / name
    raise FileNotFoundError(f"arddesk resource {name!r} is missing (looked in {', '.join(map(str, places))})")
