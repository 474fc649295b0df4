"""The sales/collection matrix for a period, per rep or per department (see :mod:`arddesk.domain.matrix`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from arddesk.domain.dates import Period
from arddesk.domain.matrix import (
    DEFAULT_MATRIX_THRESHOLDS,
    MatrixPoint,
    MatrixThresholds,
    Member,
    PeriodFigures,
    build_matrix,
)
from arddesk.domain.problems import InvalidValue
from arddesk.services.errors import Rejected
from arddesk.store import matrix as store
from arddesk.store.db import Database
from arddesk.store.settings import read_settings, write_settings

THRESHOLDS_SETTING = "matrix_thresholds"
"""The company setting that holds the thresholds as ``"growth %,rate %"``."""

NO_REP = "(no rep)"
NO_DEPARTMENT = "(no department)"


class MatrixBy(StrEnum):
    """What one point of the matrix stands for."""

    REP = "rep"
    DEPARTMENT = "department"


@dataclass(frozen=True, slots=True)
class Matrix:
    """The matrix of one period: every rep or department placed, and the thresholds used."""

    period: Period
    previous: Period
    by: MatrixBy
    thresholds: MatrixThresholds
    points: list[MatrixPoint]


def last_full_quarter(today: date) -> Period:
    """The last quarter that has ended by ``today`` (the default period of incentives and the matrix)."""
    return Period.containing(today, like=Period.parse("2000Q1")).previous()


def matrix_thresholds(db: Database) -> MatrixThresholds:
    """The company's thresholds (growth ≥ 10 %, collection rate ≥ 80 % unless set)."""
    with db.reading() as session:
        stored = read_settings(session).get(THRESHOLDS_SETTING, DEFAULT_MATRIX_THRESHOLDS)
    try:
        return MatrixThresholds.parse(stored)
    except InvalidValue:
        return MatrixThresholds.parse(DEFAULT_MATRIX_THRESHOLDS)


def set_matrix_thresholds(db: Database, text: str) -> MatrixThresholds:
    """Store new thresholds, ``"growth %,rate %"`` such as ``"10,80"``.

    Raises:
        Rejected: naming the setting when the text is not two valid percentages.
    """
    try:
        thresholds = MatrixThresholds.parse(text)
    except InvalidValue as exc:
        raise Rejected([exc.problem(None, THRESHOLDS_SETTING, text)]) from exc
    with db.transaction() as session:
        write_settings(session, {THRESHOLDS_SETTING: thresholds.text()})
    return thresholds


def sales_collection_matrix(
    db: Database,
    period: Period,
    by: MatrixBy | str = MatrixBy.REP,
    thresholds: MatrixThresholds | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Matrix:
    """Place every rep (or department) with activity in ``period`` into the four quadrants.

    Args:
        db: the company.
        period: the period shown; its previous period gives the move, the one before that the
            previous period's growth.
        by: ``rep`` or ``department``.
        thresholds: the lines between quadrants; the company's setting when None.
        progress: called with (step, 3) after each period is read; may raise to stop.
    """
    by = MatrixBy(by)
    if thresholds is None:
        thresholds = matrix_thresholds(db)
    previous = period.previous()
    earliest = previous.previous()
    with db.reading() as session:
        current_figures = store.period_figures(session, period.start, period.end)
        if progress:
            progress(1, 3)
        previous_figures = store.period_figures(session, previous.start, previous.end)
        if progress:
            progress(2, 3)
        earliest_sales = store.sales(session, earliest.start, earliest.end)
        reps = store.reps(session)
        departments = store.departments(session)
    if progress:
        progress(3, 3)

    def member_of(key: store.GroupKey) -> tuple[str, str]:
        rep_id, dept_id = key
        if by is MatrixBy.REP:
            rep = reps.get(rep_id) if rep_id is not None else None
            return (rep.code, rep.name) if rep else ("", NO_REP)
        dept = departments.get(dept_id) if dept_id is not None else None
        return (dept.code, dept.name) if dept else ("", NO_DEPARTMENT)

    names: dict[str, str] = {}
    now: dict[str, PeriodFigures] = defaultdict(PeriodFigures)
    before: dict[str, PeriodFigures] = defaultdict(PeriodFigures)
    earliest_by: dict[str, int] = defaultdict(int)
    for source, target in ((current_figures, now), (previous_figures, before)):
        for key, figures in source.items():
            code, name = member_of(key)
            names[code] = name
            target[code] = target[code] + figures
    for key, amount in earliest_sales.items():
        code, name = member_of(key)
        names[code] = name
        earliest_by[code] += amount
    members = [
        Member(code, names[code], now[code], before[code], earliest_by[code]) for code in sorted(names) if code in now
    ]
    return Matrix(period, previous, by, thresholds, build_matrix(members, thresholds))
