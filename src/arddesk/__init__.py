"""arddesk: accounts receivable and collections desk for small distributors."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def version() -> str:
    """The version written once in pyproject.toml.

    From the installed metadata (a wheel, an editable install, or the bundle, whose spec copies the
    metadata), else from pyproject.toml beside a bare source checkout. Read when first asked for:
    importlib.metadata is slow to import and the window starts without it.
    """
    from importlib import metadata

    try:
        return metadata.version("arddesk")
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        try:
            with pyproject.open("rb") as file:
                return str(tomllib.load(file)["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "0+unknown"


def __getattr__(name: str) -> str:
    # ``arddesk.__version__`` stays the usual spelling, computed on first use.
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'arddesk' has no attribute {name!r}")
