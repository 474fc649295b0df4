"""The version is written once, in pyproject.toml, and shown from there."""

import tomllib
from pathlib import Path

import pytest

import arddesk
from arddesk.cli import main


def test_the_version_is_pyprojects(capsys: pytest.CaptureFixture[str]) -> None:
    with (Path(__file__).resolve().parents[1] / "pyproject.toml").open("rb") as file:
        written = tomllib.load(file)["project"]["version"]
    assert arddesk.__version__ == written
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"arddesk {written}"

