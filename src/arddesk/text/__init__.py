"""Every text a person reads is made here, in the reader's language (gettext catalogues).

The Qt-free layers below (``domain``, ``store``, ``services``) return codes with parameters; the
window, the reports and the command line turn them into words with :func:`_` at the place they are
shown. Mark a literal with :func:`_` (or :func:`N_` where it must stay untranslated until shown).

The catalogues are the translators' ``.po`` files under ``resources/locale``; they are compiled in
memory the first time a language is used, so there is no built file to fall out of date.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "arddesk"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
"""The languages arddesk speaks: English (the source texts) and Simplified Chinese."""

# In a wheel, pyproject force-includes the top-level resources/ as arddesk/resources; in a source
# checkout it stays at the repository root, three levels above this package.
_SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources" / "locale"


def catalogue_path(language: str) -> Path:
    """Where the translators' catalogue for ``language`` lives (it may not exist for English)."""
    relative = Path(language) / "LC_MESSAGES" / f"{DOMAIN}.po"
    packaged = Path(str(resources.files("arddesk"))) / "resources" / "locale" / relative
    return packaged if packaged.is_file() else _SOURCE_TREE / relative


def normalise(code: str | None) -> str:
    """The supported language closest to a locale code (``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh_CN``)."""
    if not code:
        return ENGLISH
    base = code.replace("-", "_").split(".")[0].split("@")[0].lower()
    return CHINESE if base == "zh" or base.startswith(("zh_cn", "zh_hans", "zh_sg")) else ENGLISH


def system_language() -> str:
    """The language of the system locale (the ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG`` variables)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return normalise(value.split(":")[0])
    return normalise(locale.getlocale()[0])


@cache
def _compiled(language: str) -> bytes | None:
    """The catalogue of a supported language compiled (a ``.mo`` file's bytes); None for English or none."""
    path = catalogue_path(language)
    if language == ENGLISH or not path.is_file():
        return None
    with path.open("rb") as po_file:
        catalogue = read_po(po_file, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of one language (letters use the customer's, whatever the window speaks).

    English, and a language whose catalogue is missing, give the source texts unchanged.
    """
    compiled = _compiled(normalise(language))
    return gettext.NullTranslations() if compiled is None else gettext.GNUTranslations(io.BytesIO(compiled))


@contextmanager
def standard_library_speaks(language: str) -> Iterator[None]:
    """The standard library's own words in ``language`` while inside: argparse's ``usage:``, ``error:`` …

    argparse looks its words up with :func:`gettext.gettext`, that is in the global text domain and in
    the language the ``LANGUAGE`` variable names (Python's argparse HOWTO, "How to translate the
    argparse output"). Inside, that domain is arddesk's catalogue (argparse's texts are extracted into
    it, see :mod:`arddesk.text.catalogue`), compiled into a temporary folder, and ``LANGUAGE`` is
    ``language``; both are put back on the way out.
    """
    chosen = normalise(language)
    compiled = _compiled(chosen)
    if compiled is None:  # English: the standard library's own texts
        yield
        return
    domain, folder, variable = gettext.textdomain(), gettext.bindtextdomain(DOMAIN), os.environ.get("LANGUAGE")
    with tempfile.TemporaryDirectory(prefix="arddesk-locale-") as temporary:
        mo_file = Path(temporary) / chosen / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo_file.parent.mkdir(parents=True)
        mo_file.write_bytes(compiled)
        gettext.bindtextdomain(DOMAIN, temporary)
        gettext.textdomain(DOMAIN)
        os.environ["LANGUAGE"] = chosen
        try:
            yield
        finally:
            gettext.textdomain(domain)
            gettext.bindtextdomain(DOMAIN, folder)
            if variable is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = variable


_language = ENGLISH
_active: gettext.NullTranslations = gettext.NullTranslations()


def use_language(code: str | None) -> str:
    """Speak ``code`` from now on (None: the system locale's); returns the language chosen."""
    global _language, _active
    _language = normalise(code) if code else system_language()
    _active = translations(_language)
    return _language


def language() -> str:
    """The language in use (``en`` or ``zh_CN``)."""
    return _language


def _(message: str) -> str:
    """The message in the language in use (the English text when there is no translation)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the language in use."""
    return _active.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """The message in the language in use, as translated in ``context`` (the same English, other words)."""
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a literal for the catalogue without translating it yet (tables of labels at import time)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a literal for the catalogue in ``context`` without translating it yet (see :func:`pgettext`)."""
    del context  # read by the extraction (``arddesk.text.catalogue``), not at run time
    return message


use_language(None)
