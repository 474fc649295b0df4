"""Every code shown to a person has words."""

from __future__ import annotations

import pytest

from arddesk.ui.labels import bucket, label


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("not_due", "Not due"),
        ("1-30", "1–30 days"),
        ("over_365", "Over 365 days"),
        ("over_limit", "Over the credit limit"),
        ("old_model", "Old model"),
        ("stop", "Stop supply"),
        ("something_new", "something new"),
    ],
)
def test_codes_in_words(code: str, words: str) -> None:
    assert label(code) == words


def test_a_bucket_is_the_same_words_either_way() -> None:
    assert bucket("31-60") == label("31-60") == "31–60 days"
