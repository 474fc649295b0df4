"""Choosing the language: the system locale by default, a code when asked; letters per customer."""

from __future__ import annotations

import pytest

from arddesk import text
from arddesk.text import _, ngettext


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("en_GB.UTF-8", "en"),
        ("de_DE", "en"),
        ("C", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_locale_code_maps_to_a_language_arddesk_speaks(code: str | None, expected: str) -> None:
    assert text.normalise(code) == expected


def test_the_system_locale_chooses_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert text.use_language(None) == "zh_CN"
    assert _("Aging") == "账龄"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert text.use_language(None) == "en"
    assert _("Aging") == "Aging"


def test_switching_language_changes_the_words() -> None:
    text.use_language("zh_CN")
    assert (_("Customers"), _("Credit limit"), _("Dunning")) == ("客户", "信用额度", "催收款")
    assert ngettext("{path}: {count} row written", "{path}: {count} rows written", 3) == "{path}：已写入 {count} 行"
    text.use_language("en")
    assert ngettext("{path}: {count} row written", "{path}: {count} rows written", 1) == "{path}: {count} row written"


def test_a_customer_language_is_independent_of_the_window() -> None:
    text.use_language("en")
    assert text.translations("zh").pgettext("letter", "Date") == "日期"
    assert text.translations("en").pgettext("letter", "Date") == "Date"
    assert _("Date") == "Date"
