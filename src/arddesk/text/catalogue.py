"""The translators' tools: extract the texts from the code and bring the catalogues up to date.

``python -m arddesk.text.catalogue update`` (from the repository root) extracts every ``_()``,
``ngettext()``, ``N_()`` and ``NP_()`` under ``src/arddesk`` (mapping in ``babel.cfg``) and merges
them into each language's ``resources/locale/<language>/LC_MESSAGES/arddesk.po``: new texts come in
untranslated, texts no longer in the code are dropped. ``check`` exits 1 naming what is missing or stale.
See ``docs/translating.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from arddesk.text import CHINESE, DOMAIN, catalogue_path

KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "NP_": ((1, "c"), 2), "pgettext": ((1, "c"), 2)}
"""The functions whose literal arguments are texts to translate (Babel's keyword specification)."""
ROOT = Path(__file__).resolve().parents[3]
STANDARD_LIBRARY = (Path(argparse.__file__),)
"""Standard-library modules whose own texts are extracted too: argparse's, what ``--help`` and a wrong option print
(see :func:`arddesk.text.standard_library_speaks`)."""
TRANSLATED = (CHINESE,)


def extract(root: Path = ROOT) -> Catalog:
    """Every text to translate in the code, as a template catalogue."""
    with (root / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]  # unannotated in Babel
    template = Catalog(project="arddesk", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for module in STANDARD_LIBRARY:
        for lineno, message, comments, context in extract_from_file("python", str(module), keywords=KEYWORDS):
            template.add(message, None, [(module.name, lineno)], auto_comments=comments, context=context)
    return template


def load(language: str) -> Catalog:
    """A language's catalogue as the translators left it."""
    with catalogue_path(language).open("rb") as po_file:
        return read_po(po_file, locale=language, domain=DOMAIN)


def problems(template: Catalog, catalogue: Catalog) -> list[str]:
    """What keeps a catalogue from being complete: untranslated, fuzzy and stale texts."""
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalogue.get(message.id, message.context)
        strings = (
            translated.string
            if translated is not None and isinstance(translated.string, tuple)
            else (translated.string if translated is not None else "",)
        )
        if not all(strings):
            found.append(f"untranslated: {message.id!r}")
        elif translated is not None and translated.fuzzy:
            found.append(f"fuzzy (check the translation): {message.id!r}")
    for message in catalogue:
        if message.id and template.get(message.id, message.context) is None:
            found.append(f"stale (no longer in the code): {message.id!r}")
    return found


def update(root: Path = ROOT) -> None:
    """Merge the texts of the code into each language's catalogue (locations left out: they churn)."""
    template = extract(root)
    for language in TRANSLATED:
        catalogue = load(language)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.fuzzy = False  # the header: a fuzzy one would be left out of the compiled catalogue
        with catalogue_path(language).open("wb") as po_file:
            write_po(po_file, catalogue, omit_header=False, no_location=True, sort_output=True, ignore_obsolete=True)


def main(argv: list[str]) -> int:
    """``update`` or ``check``; returns the exit status."""
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["check"]:
        template = extract()
        found = [f"{language}: {line}" for language in TRANSLATED for line in problems(template, load(language))]
        print("\n".join(found) or "every text is translated")
        return 1 if found else 0
    print("usage: python -m arddesk.text.catalogue update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
