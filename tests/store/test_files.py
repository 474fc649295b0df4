"""Files arddesk writes: private, and never half-written under their final name."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from arddesk.store.files import atomic_path, create_private_file, make_private_folder

posix_only = pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_finished_block_moves_the_file_to_its_name(tmp_path: Path) -> None:
    final = tmp_path / "out" / "table.csv"
    with atomic_path(final) as temporary:
        assert temporary.parent == final.parent and temporary.name.startswith(".table.csv.")
        temporary.write_text("a,b\n")
        assert not final.exists()
    assert final.read_text() == "a,b\n"
    assert sorted(p.name for p in final.parent.iterdir()) == ["table.csv"]


def test_a_failed_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    final = tmp_path / "table.csv"
    final.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(final, durable=True) as temporary:
        temporary.write_text("half of the new")
        raise RuntimeError("disk full")
    assert final.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


@posix_only
def test_files_and_folders_made_are_private(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    old = os.umask(0o022)
    try:
        make_private_folder(tmp_path / "a" / "b")
        create_private_file(tmp_path / "a" / "b" / "c" / "company.sqlite")
        with atomic_path(tmp_path / "a" / "export.xlsx") as temporary:
            temporary.write_bytes(b"x")
    finally:
        os.umask(old)
    assert mode(tmp_path) == 0o755  # there before: left as it was
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700, 0o700, 0o700]
    assert mode(tmp_path / "a" / "b" / "c" / "company.sqlite") == 0o600
    assert mode(tmp_path / "a" / "export.xlsx") == 0o600


def test_a_private_file_is_never_made_over_an_existing_one(tmp_path: Path) -> None:
    existing = tmp_path / "company.sqlite"
    existing.write_text("keep me")
    with pytest.raises(FileExistsError):
        create_private_file(existing)
    assert existing.read_text() == "keep me"
