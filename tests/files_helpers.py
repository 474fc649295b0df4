"""Helpers for tests of company files: another arddesk holding a lock, a file nobody may change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import arddesk
from arddesk.services.maintenance import backup
from arddesk.store.db import open_database

SOURCE = str(Path(arddesk.__file__).resolve().parents[1])

_HOLDER = """
import sys
from pathlib import Path
from typing import Any
from arddesk.store.lockfile import acquire
acquire(Path(sys.argv[1]))
print("holding", flush=True)
sys.stdin.read()
"""


@contextmanager
def another_arddesk(company: Path) -> Iterator[subprocess.Popen[str]]:
    """A second program that holds ``company``'s lock until the block ends (then it is killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(company)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SOURCE},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "holding"
        yield child
    finally:
        child.kill()
        child.wait()


@contextmanager
def unchangeable(*paths: Path) -> Iterator[None]:
    """Make files or folders impossible to change for this process, root included.

    An ordinary user gets read-only permissions; root ignores those, so for root the
    file system's immutable attribute is used (``chattr +i``).
    """
    if os.geteuid() != 0:
        modes = [path.stat().st_mode for path in paths]
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in zip(paths, modes, strict=True):
                path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root without chattr: nothing can be made read-only")
    done: list[Path] = []
    try:
        for path in paths:
            if subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
                pytest.skip("this file system has no immutable attribute for root's tests")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run([chattr, "-i", str(path)], check=True)


def back_up_forever(source: str, target: str, started: Any) -> None:
    """Back ``source`` up to ``target`` again and again until killed (run in a child process)."""
    database = open_database(source)
    started.set()
    while True:
        backup(database, Path(target))
