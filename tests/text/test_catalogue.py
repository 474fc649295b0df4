"""The Chinese catalogue is complete: every text of the code translated, nothing stale, placeholders kept."""

from __future__ import annotations

import re

from arddesk.text import CHINESE, catalogue

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)\w")


def test_every_text_is_translated_and_none_is_stale() -> None:
    template = catalogue.extract()
    assert len(template) > 900  # the extraction found the code's texts (a broken babel.cfg finds none)
    assert catalogue.problems(template, catalogue.load(CHINESE)) == []


def test_a_translation_keeps_the_placeholders_of_its_text() -> None:
    wrong = []
    for message in catalogue.load(CHINESE):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        for translated in message.string if isinstance(message.string, tuple) else (message.string,):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                wrong.append(source)
    assert wrong == []


def test_problems_names_untranslated_and_stale_texts() -> None:
    from babel.messages.catalog import Catalog

    template = Catalog()
    template.add("Aging")
    template.add("Staff")
    translated = Catalog(locale=CHINESE)
    translated.add("Aging", "账龄")
    translated.add("Gone from the code", "旧的")
    assert catalogue.problems(template, translated) == [
        "untranslated: 'Staff'",
        "stale (no longer in the code): 'Gone from the code'",
    ]
