"""What differs between SQLite and PostgreSQL in the store's SQL, said once for each difference.

The store writes most reads as SQL text for speed; the few spots where the two databases
disagree (date arithmetic, the parts of a date, the two-argument maximum, case-insensitive
matching, index hints) take their fragment from :func:`dialect`, so that every query runs
on both. Dates come back as text from SQLite and as dates from PostgreSQL: :func:`day` and
:func:`optional_day` read either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, String, Table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session


@compiles(String, "postgresql")
def _unbounded_text(element: String, compiler: Any, **kw: Any) -> str:
    """Lengths on text columns are notes for people: SQLite never enforces them, so PostgreSQL must not either,
    or a long name that a file takes would be refused on a server. (Checks on lengths belong to the services.)"""
    return "VARCHAR"


def day(value: object) -> date:
    """A date read by raw SQL: a date (PostgreSQL) or ISO text (SQLite, maybe with a time after it)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def optional_day(value: object) -> date | None:
    """As :func:`day`, for a column that may be NULL (or, from old files, empty text)."""
    return None if value is None or value == "" else day(value)


def as_sqlite_text(value: object) -> object:
    """A timestamp as SQLite keeps it (``2026-03-31 09:15:00.000000``): the audit trail seals that text,
    so a record reads the same from a server as from the file it was copied from. Other values as they are."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


@dataclass(frozen=True, slots=True)
class Dialect:
    """SQL fragments for one database; build SQL with these, never with a function only one of them has."""

    name: str

    @property
    def sqlite(self) -> bool:
        """Whether this is SQLite (the only one that stores dates as text)."""
        return self.name == "sqlite"

    def date(self, expression: str) -> str:
        """``expression`` (a column or a ``:parameter`` holding ISO text) as a date."""
        return expression if self.sqlite else f"CAST({expression} AS DATE)"

    def days(self, later: str, earlier: str) -> str:
        """Whole days from ``earlier`` to ``later`` (an integer; NULL when either is NULL)."""
        if self.sqlite:
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"({self.date(later)} - {self.date(earlier)})"

    def year(self, expression: str) -> str:
        """The year of a date, as an integer."""
        if self.sqlite:
            return f"CAST(strftime('%Y', {expression}) AS INTEGER)"
        return f"CAST(EXTRACT(YEAR FROM {self.date(expression)}) AS INTEGER)"

    def month(self, expression: str) -> str:
        """The month (1-12) of a date, as an integer."""
        if self.sqlite:
            return f"CAST(strftime('%m', {expression}) AS INTEGER)"
        return f"CAST(EXTRACT(MONTH FROM {self.date(expression)}) AS INTEGER)"

    def greatest(self, first: str, second: str) -> str:
        """The larger of two values (SQLite's two-argument MAX)."""
        return f"MAX({first}, {second})" if self.sqlite else f"GREATEST({first}, {second})"

    @property
    def like(self) -> str:
        """The case-insensitive LIKE: SQLite's LIKE ignores case (ASCII), PostgreSQL needs ILIKE."""
        return "LIKE" if self.sqlite else "ILIKE"

    @property
    def materialized(self) -> str:
        """Before a CTE's body: have it computed once. PostgreSQL otherwise copies a CTE used once into
        the query that uses it, and an open amount summed in a subquery is summed again in every
        bucket's CASE (7 times the work for an aging a year back). SQLite computes it once already."""
        return "" if self.sqlite else "MATERIALIZED "

    @property
    def no_limit(self) -> str:
        """What stands after LIMIT for "all rows" (SQLite needs a LIMIT before an OFFSET)."""
        return "-1" if self.sqlite else "ALL"

    def indexed_by(self, index: str) -> str:
        """A hint naming the index to use where SQLite's planner guesses wrong; nothing elsewhere."""
        return f" INDEXED BY {index}" if self.sqlite else ""

    def join_distinct(self, expression: str) -> str:
        """An aggregate: the distinct non-null values of a group as text joined by commas, in no set order."""
        if self.sqlite:
            return f"GROUP_CONCAT(DISTINCT {expression})"
        return f"string_agg(DISTINCT CAST({expression} AS TEXT), ',')"
    def restart_ids(self, session: Session, table: Table) -> None:
        """After rows were written with their own ids, let new rows of ``table`` take ids after the largest.

        SQLite does so by itself; PostgreSQL's id sequences must be told.
        """
        keys = list(table.primary_key.columns)
        if self.sqlite or len(keys) != 1 or not isinstance(keys[0].type, Integer):
            return
        column = keys[0].name
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:t, :c), "
                f'COALESCE((SELECT MAX("{column}") FROM "{table.name}"), 0) + 1, false) '
                "WHERE pg_get_serial_sequence(:t, :c) IS NOT NULL"
            ),
            {"t": table.name, "c": column},
        )

    def analyze(self, session: Session, tables: list[Table]) -> None:
        """After rows were written in bulk, let the planner know how many there are and how they spread.

        PostgreSQL's autovacuum would get there in its own time, and until then plans a million
        rows as if the tables were empty. SQLite keeps no statistics unless asked: nothing to do.
        """
        if not self.sqlite:
            session.execute(text("ANALYZE " + ", ".join(f'"{table.name}"' for table in tables)))


def dialect(session: Session) -> Dialect:
    """The fragments for the database ``session`` talks to."""
    return Dialect(session.get_bind().dialect.name)
