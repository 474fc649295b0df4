"""arddesk: accounts receivable and collections desk for small distributors."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path


def _version() -> str:
    """The version written once in pyproject.toml: from the installed metadata (a wheel, an editable install
    or the bundle, whose spec copies the metadata), else from pyproject.toml beside a bare source checkout."""
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


__version__ = _version()
