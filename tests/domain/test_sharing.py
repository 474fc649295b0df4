"""Signs of a sync folder or a network share, read from names and from /proc/mounts."""

from __future__ import annotations

import pytest

from arddesk.domain.sharing import is_sync_copy_name, network_file_system, sync_program

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//server/office /mnt/office cifs rw,vers=3.0 0 0
nas:/export/books /srv/books nfs4 rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
//server/a\\040share /mnt/a\\040share cifs rw 0 0
"""


@pytest.mark.parametrize(
    ("name", "copy"),
    [
        ("company (1).sqlite", True),
        ("company(2).sqlite", True),
        ("company (Mary's conflicted copy 2026-06-30).sqlite", True),
        ("company.sync-conflict-20260630-101010-ABCDEF.sqlite", True),
        ("company(冲突副本 2026-06-30).sqlite", True),
        ("company.sqlite", False),
        ("company 2026.sqlite", False),
        ("sales (2026).sqlite", False),
    ],
)
def test_copies_made_by_sync_programs_are_recognised(name: str, copy: bool) -> None:
    assert is_sync_copy_name(name) is copy


def test_a_marker_beside_any_parent_names_the_sync_program() -> None:
    assert sync_program(["books", "mary"], [".stfolder"]) == "Syncthing"
    assert sync_program(["books"], [".dropbox"]) == "Dropbox"
    assert sync_program(["books", "Dropbox", "mary"]) == "Dropbox"
    assert sync_program(["books", "OneDrive - Acme Ltd", "mary"]) == "OneDrive - Acme Ltd"
    assert sync_program(["books", "mary", "home"], ["desktop.ini"]) is None


@pytest.mark.parametrize(
    ("path", "system"),
    [
        ("/mnt/office/books/company.sqlite", "cifs"),
        ("/srv/books/company.sqlite", "nfs4"),
        ("/mnt/office/local/company.sqlite", None),  # a local disk mounted inside the share
        ("/mnt/officeX/company.sqlite", None),
        ("/home/mary/company.sqlite", None),
        ("/mnt/a share/company.sqlite", "cifs"),
        ("\\\\server\\office\\company.sqlite", "a network share"),
    ],
)
def test_network_file_systems_are_found_by_the_longest_mount_point(path: str, system: str | None) -> None:
    assert network_file_system(path, MOUNTS) == system
