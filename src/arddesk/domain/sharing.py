"""Signs that a company file is shared in a way SQLite cannot keep safe: sync folders and network shares.

A sync program (Dropbox, OneDrive, Syncthing, Resilio, Nutstore…) copies the file while
arddesk writes it and makes "conflicted copies" when two computers change it; a network
share (SMB/CIFS, NFS) often breaks the file locks SQLite relies on. Either can lose work
or damage the company. These rules read names only; the caller looks at the disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Files or folders a sync program leaves in the folders it syncs (and in their parents).
SYNC_MARKERS: dict[str, str] = {
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".sync": "Resilio Sync",
    ".stfolder": "Syncthing",
    ".nutstore": "Nutstore (坚果云)",
}
# Folder names that sync programs give their folders.
_SYNC_FOLDERS = re.compile(
    r"^(dropbox|onedrive|google drive|icloud ?drive|nutstore|坚果云|百度网盘同步|baidunetdisk)\b", re.IGNORECASE
)
# Names sync programs give a second copy of a file: "x (conflicted copy …)", "x (1)", "x.sync-conflict-…", "x(冲突…)".
_COPY_NAME = re.compile(r"conflicted copy|sync-conflict|冲突|\(\s*\d{1,2}\s*\)(\.[^.]*)?$", re.IGNORECASE)
# File systems that reach the file over the network.
NETWORK_FILE_SYSTEMS = frozenset(
    {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "ncpfs", "fuse.sshfs", "davfs", "fuse.davfs2", "fuse.rclone"}
)


def is_sync_copy_name(name: str) -> bool:
    """Whether a file name looks like a copy a sync program made (``company (1).sqlite``)."""
    return _COPY_NAME.search(name) is not None


def sync_program(folder_names: Iterable[str], entries: Iterable[str] = ()) -> str | None:
    """The sync program a folder belongs to, from the names of its folders and its neighbours.

    Args:
        folder_names: the names of the folders on the path to the file.
        entries: the names found in those folders (e.g. ``.dropbox``, ``.stfolder``).
    """
    for entry in entries:
        if entry in SYNC_MARKERS:
            return SYNC_MARKERS[entry]
    for name in folder_names:
        if _SYNC_FOLDERS.match(name) is not None:
            return name
    return None


def desktop_ini_names_onedrive(text: str) -> bool:
    """Whether a Windows ``desktop.ini`` marks its folder as a OneDrive folder."""
    return "onedrive" in text.lower()


def _unescape_mount_field(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash in octal (\040 …).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def network_file_system(path: str, mounts: str) -> str | None:
    """The network file system ``path`` lies on, from the text of ``/proc/mounts``; None if local.

    Args:
        path: an absolute, resolved path.
        mounts: the content of ``/proc/mounts`` (device, mount point, type, … per line).
    """
    if path.startswith(("\\\\", "//")):
        return "a network share"
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount_field(fields[1]).rstrip("/") or "/"
        inside = path == point or path.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fields[2])
    if best is not None and best[1] in NETWORK_FILE_SYSTEMS:
        return best[1]
    return None
