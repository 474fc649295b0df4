"""Data problems as values: what is wrong, where, and why."""

from __future__ import annotations

from dataclasses import dataclass


class InvalidValue(ValueError):
    """A single value could not be understood; the message is the reason, for a person."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located as a person sees it.

    Attributes:
        row: spreadsheet row number (the header is row 1), or None for the whole file.
        column: column name as written in the file, or "" when the row as a whole is wrong.
        value: the offending value as text ("" when there is none).
        reason: why it is refused, in words a clerk understands.
    """

    row: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = "file" if self.row is None else f"row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = f" {self.value!r}" if self.value != "" else ""
        return f"{where}:{shown} {self.reason}"
