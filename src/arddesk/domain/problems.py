"""Data problems as values: what is wrong, where, and why — in no language yet.

A reason is an English gettext message id with ``{name}`` placeholders, marked with :func:`R_` so
that the translators' catalogue picks it up (``arddesk.text.catalogue`` lists ``R_`` among its
keywords), and its figures travel beside it in ``params``. The sentence is made where it is shown
(``arddesk.text.messages.problem_text``), translated first and filled after, so the domain and the
services stay free of any language. Why a marked English id rather than a bare code: the id is
readable in the code and in the logs, the catalogue checks that every one has its Chinese, and no
second table of codes to keep in step with the texts is needed. Never build a reason with an
f-string or by joining texts: the catalogue could not find it, and a translation could not reorder it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

NO_PARAMS: Mapping[str, object] = MappingProxyType({})


def R_(message: str) -> str:
    """Mark a literal reason (or other message) for the catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class Amount:
    """Money among a message's figures, in cents: formatted (half-up, separators) where it is shown."""

    cents: int

    def __str__(self) -> str:
        """For logs only: ``1234.50``."""
        sign = "-" if self.cents < 0 else ""
        whole, cents = divmod(abs(self.cents), 100)
        return f"{sign}{whole}.{cents:02d}"


@dataclass(frozen=True, slots=True)
class Count:
    """A (large) whole number among a message's figures: shown with thousands separators."""

    number: int

    def __str__(self) -> str:
        """For logs only: ``1,000,000``."""
        return f"{self.number:,}"


@dataclass(frozen=True, slots=True)
class Code:
    """A code among a message's figures (``normal``, ``over_limit``): shown in words where it is shown."""

    code: str

    def __str__(self) -> str:
        """For logs only: the code as it is."""
        return self.code


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence not yet in any language: an id marked with :func:`R_` and the figures that fill it.

    A figure may be text or a number (data, shown as it is), a date, an :class:`Amount`, a :class:`Count`,
    a :class:`Code`, another :class:`Message`, or a tuple of messages (shown as a list).
    """

    text: str
    params: Mapping[str, object] = field(default_factory=lambda: NO_PARAMS, hash=False)

    def __str__(self) -> str:
        """The English sentence, for logs only (a person reads ``arddesk.text.messages.message_text``)."""
        return english(self.text, self.params)


def english(text: str, params: Mapping[str, object]) -> str:
    """A message filled in English, untranslated: for logs and exception texts only."""
    shown = {name: "; ".join(map(str, value)) if isinstance(value, tuple) else value for name, value in params.items()}
    return text.format(**shown) if shown else text


class InvalidValue(ValueError):
    """A single value could not be understood: ``reason`` (marked with :func:`R_`) says why, ``params`` fill it."""

    def __init__(self, reason: str, **params: object) -> None:
        self.reason = reason
        self.params: Mapping[str, object] = MappingProxyType(params)
        super().__init__(english(reason, params))

    @property
    def message(self) -> Message:
        """The reason with its figures, ready to be put in words."""
        return Message(self.reason, self.params)

    def problem(self, row: int | None, column: str, value: str) -> Problem:
        """This reason as a problem located at ``row``/``column`` with the offending ``value``."""
        return Problem(row, column, value, self.reason, self.params)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located as a person sees it.

    Attributes:
        row: spreadsheet row number (the header is row 1), or None for the whole file.
        column: column name as written in the file, or "" when the row as a whole is wrong.
        value: the offending value as text ("" when there is none).
        reason: why it is refused: an English message id marked with :func:`R_`, with ``{name}``
            placeholders filled from ``params`` after translation.
        params: the figures of the reason, by placeholder name.
    """

    row: int | None
    column: str
    value: str
    reason: str
    params: Mapping[str, object] = field(default_factory=lambda: NO_PARAMS, hash=False)

    @property
    def message(self) -> Message:
        """The reason with its figures, ready to be put in words."""
        return Message(self.reason, self.params)

    def __str__(self) -> str:
        """The problem in English, for logs only."""
        where = "file" if self.row is None else f"row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = f" {self.value!r}" if self.value != "" else ""
        return f"{where}:{shown} {english(self.reason, self.params)}"
