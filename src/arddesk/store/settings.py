"""Company settings as key/value rows."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from arddesk.store import audit
from arddesk.store.models import Setting


def read_settings(session: Session) -> dict[str, str]:
    """Every stored setting."""
    return {key: value for key, value in session.execute(select(Setting.key, Setting.value))}


def write_settings(session: Session, values: Mapping[str, str], action: str = "settings") -> None:
    """Store settings, replacing earlier values (every change goes into the audit trail as ``action``)."""
    with audit.watch(session, "setting", values, action):
        for key, value in values.items():
            session.merge(Setting(key=key, value=value))
