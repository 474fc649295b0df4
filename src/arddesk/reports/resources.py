"""Files shipped with arddesk (fonts, images), found in an installed wheel or a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# In a wheel, pyproject force-includes the top-level resources/ as arddesk/resources; in an
# editable install it stays at the repository root, three levels above this file's package.
_SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources"


def resource_path(name: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("fonts/wqy-microhei.ttc")``.

    Raises:
        FileNotFoundError: when the file is in neither place (a broken installation).
    """
    try:
        packaged = Path(str(resources.files("arddesk") / "resources" / name))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - arddesk is always importable here
        packaged = None
    if packaged is not None and packaged.is_file():
        return packaged
    local = _SOURCE_TREE / name
    if local.is_file():
        return local
    raise FileNotFoundError(f"arddesk resource {name!r} is missing (looked in the package and in {_SOURCE_TREE})")
