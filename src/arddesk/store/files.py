"""Files arddesk writes: private to their owner, and never seen half-written under their final name.

On POSIX a file arddesk creates is readable by its owner only (0600) and a folder it creates
is 0700. A copy, an export or a letter is written to a temporary name in the same folder
and renamed to its final name only when complete (a rename within a folder is atomic), so
a program killed at any moment leaves either the old file, the new one, or no file, and at
worst a hidden ``.NAME.*.part`` file that is never mistaken for the real one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
PARTIAL_SUFFIX = ".part"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by its owner only.

    Folders that already exist are left as they are.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:  # made meanwhile by another program: fine, as it is
            continue
        # mkdir's mode is filtered through the umask; chmod makes it exactly 0700.
        os.chmod(path, PRIVATE_FOLDER)


def create_private_file(path: Path) -> None:
    """Create ``path`` as an empty file readable by its owner only.

    Raises:
        FileExistsError: ``path`` exists already (it is not touched).
    """
    make_private_folder(path.parent)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(handle)


def _sync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError:  # some folders (and some file systems) cannot be synced; the rename still is atomic
        pass
    finally:
        os.close(handle)


@contextmanager
def atomic_path(final: Path, *, durable: bool = False) -> Iterator[Path]:
    """A private temporary file beside ``final`` to write; renamed to ``final`` when the block ends.

    If the block raises, the temporary file is removed and ``final`` is left as it was.
    An existing ``final`` is replaced.

    Args:
        final: the file's final name.
        durable: flush the file and its folder to the disk before and after the rename, so
            that even a power cut leaves the complete file (for backups).

    Yields:
        The temporary file: empty, private, in the same folder as ``final``.
    """
    make_private_folder(final.parent)
    handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=PARTIAL_SUFFIX, dir=final.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        if durable:
            _sync(temporary)
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable and os.name == "posix":
        _sync(final.parent)
