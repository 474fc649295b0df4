"""Which company database to open: the user's default file, ``ARDDESK_DB`` or an explicit choice."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from arddesk.store.db import Database, open_database

APP_NAME = "arddesk"
DEFAULT_FILE = "arddesk.sqlite"
ENVIRONMENT_VARIABLE = "ARDDESK_DB"


def default_database() -> Path:
    """The default company file in the platform's user data folder."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE


def choose_database(explicit: str | None = None) -> str:
    """The company to open: ``explicit`` (``--db``), else ``ARDDESK_DB``, else the default file.

    A value containing ``://`` is an SQLAlchemy URL for a shared server.
    """
    return explicit or os.environ.get(ENVIRONMENT_VARIABLE) or str(default_database())


def open_company(explicit: str | None = None, *, create: bool = True) -> Database:
    """Open the chosen company (see :func:`choose_database`), creating or migrating it as needed.

    Raises:
        DatabaseRefused: for a file that is not an arddesk database or is from a newer version.
    """
    return open_database(choose_database(explicit), create=create)
