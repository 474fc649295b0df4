from pathlib import Path

import pytest

from arddesk.services.errors import Rejected
from arddesk.services.settings import load_settings, update_settings
from arddesk.store.db import Database


def test_defaults_until_set_then_kept(db: Database) -> None:
    assert load_settings(db).letter_paper == "A4"
    update_settings(db, company_name="恒达商贸", letter_paper="letter", letter_reply_days="30")
    saved = load_settings(db)
    assert (saved.company_name, saved.letter_paper, saved.letter_reply_days) == ("恒达商贸", "letter", "30")


def test_every_bad_setting_is_named_and_nothing_is_saved(db: Database, tmp_path: Path) -> None:
    with pytest.raises(Rejected) as refused:
        update_settings(
            db,
            aging_buckets="60,30",
            class_thresholds="90",
            letter_paper="A5",
            letter_reply_days="0",
            company_logo=str(tmp_path / "missing.png"),
        )
    assert [p.column for p in refused.value.problems] == [
        "aging_buckets",
        "class_thresholds",
        "letter_paper",
        "letter_reply_days",
        "company_logo",
    ]
    assert load_settings(db) == load_settings(db).__class__()


def test_unknown_setting_is_refused(db: Database) -> None:
    with pytest.raises(Rejected, match="unknown setting"):
        update_settings(db, colour="blue")
