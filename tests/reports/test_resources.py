"""Shipped files are found from a checkout and from inside the PyInstaller bundle."""

import sys
from pathlib import Path

import pytest

from arddesk.reports.resources import resource_path


def test_a_shipped_font_and_folder_are_found() -> None:
    assert resource_path("fonts/wqy-microhei.ttc").is_file()
    assert resource_path("icons").is_dir()


def test_inside_the_bundle_its_own_copy_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "arddesk" / "resources" / "fonts" / "wqy-microhei.ttc"
    bundled.parent.mkdir(parents=True)
    bundled.write_bytes(b"font")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts/wqy-microhei.ttc") == bundled


def test_a_missing_file_is_named() -> None:
    with pytest.raises(FileNotFoundError, match=r"no-such-file\.txt"):
        resource_path("no-such-file.txt")
