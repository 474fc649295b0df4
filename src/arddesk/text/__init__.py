"""Every text a person reads is made here, in the reader's language (gettext catalogues).

The Qt-free layers below (``domain``, ``store``, ``services``) return codes with parameters; the
window, the reports and the command line turn them into words with :func:`_` at the place they are
shown. Mark a literal with :func:`_` (or :func:`N_` where it must stay untranslated until shown).
"""

from __future__ import annotations

import gettext

_active: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """The message in the language in use (the English text when there is no translation)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the language in use."""
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a literal for the catalogue without translating it yet (tables of labels at import time)."""
    return message
