"""The sums behind the sales/collection matrix, aggregated in SQL per rep and department.

Every figure is keyed by (rep id, department id): the delivery's rep, or the customer's when the
delivery has none, and that rep's department, or the customer's when the rep has none. The
service adds the pairs up by rep or by department; a million deliveries never reach Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from arddesk.domain.matrix import PeriodFigures
from arddesk.store.aging import is_current, open_deliveries_sql
from arddesk.store.portable import dialect

GroupKey = tuple[int | None, int | None]
"""(rep id, department id); None where there is none."""

_JOIN = "JOIN customer c ON c.id = d.customer_id LEFT JOIN rep r ON r.id = COALESCE(d.rep_id, c.rep_id)"
_KEY = "COALESCE(d.rep_id, c.rep_id) AS rep, COALESCE(r.department_id, c.department_id) AS dept"
_DUE_BY_END = "(d.due_date IS NOT NULL AND d.due_date <= :end)"
"""A delivery fell due by the period's end (no due date: never due, as in the aging)."""


@dataclass(frozen=True, slots=True)
class Named:
    """A rep or department's code and name; a rep's department id."""

    code: str
    name: str
    department_id: int | None = None


def sales(session: Session, start: date, end: date) -> dict[GroupKey, int]:
    """Deliveries dated from ``start`` to ``end`` (inclusive), in cents, per group."""
    return {key: total for key, (total, _due) in sales_and_due(session, start, end).items()}


def sales_and_due(session: Session, start: date, end: date) -> dict[GroupKey, tuple[int, int]]:
    """(deliveries dated from ``start`` to ``end``, those of them due by ``end``), in cents, per group."""
    rows = session.execute(
        text(
            f"""SELECT {_KEY}, SUM(d.amount), SUM(CASE WHEN {_DUE_BY_END} THEN d.amount ELSE 0 END)
                FROM delivery d {_JOIN} WHERE d.date BETWEEN :start AND :end AND d.voided_on IS NULL
                GROUP BY 1, 2"""
        ),
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    return {(rep, dept): (int(total or 0), int(due or 0)) for rep, dept, total, due in rows}


def opening(session: Session, start: date, due_by: date) -> dict[GroupKey, int]:
    """Receivable open at the start of the day ``start`` and due by ``due_by`` (as the aging sees it)."""
    as_of = start - timedelta(days=1)
    body = open_deliveries_sql(dialect(session), is_current(session, as_of), customer_filter=False)
    rows = session.execute(
        text(f"WITH o AS ({body}) SELECT {_KEY}, SUM(d.open) FROM o AS d {_JOIN} WHERE {_DUE_BY_END} GROUP BY 1, 2"),
        {"as_of": as_of.isoformat(), "end": due_by.isoformat()},
    )
    return {(rep, dept): int(total or 0) for rep, dept, total in rows}


def applied(session: Session, start: date, end: date) -> dict[GroupKey, tuple[int, int]]:
    """(payments applied, returns/discounts/rebates applied to deliveries due by ``end``), in the range, per group.

    Payments count whatever they paid, due or not; reductions only on what fell due by ``end``.
    """
    rows = session.execute(
        text(
            f"""SELECT {_KEY},
                       SUM(CASE WHEN a.payment_id IS NOT NULL THEN a.amount ELSE 0 END),
                       SUM(CASE WHEN j.kind IS NOT NULL AND j.kind <> 'write_off' AND {_DUE_BY_END}
                                THEN a.amount ELSE 0 END)
                FROM allocation a JOIN delivery d ON d.id = a.delivery_id {_JOIN}
                LEFT JOIN adjustment j ON j.id = a.adjustment_id
                WHERE a.effective_date BETWEEN :start AND :end AND a.released_on IS NULL
                GROUP BY 1, 2"""
        ),
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    return {(rep, dept): (int(paid or 0), int(reduced or 0)) for rep, dept, paid, reduced in rows}


def period_figures(session: Session, start: date, end: date) -> dict[GroupKey, PeriodFigures]:
    """Sales (all and due by the end), receivable due, cash collected and reductions of a period, per group."""
    sold = sales_and_due(session, start, end)
    open_at_start = opening(session, start, end)
    paid = applied(session, start, end)
    result: dict[GroupKey, PeriodFigures] = defaultdict(PeriodFigures)
    for key in set(sold) | set(open_at_start) | set(paid):
        collected, reduced = paid.get(key, (0, 0))
        total, due = sold.get(key, (0, 0))
        result[key] = PeriodFigures(total, open_at_start.get(key, 0), collected, reduced, sales_due=due)
    return dict(result)


def reps(session: Session) -> dict[int, Named]:
    """Every rep by id."""
    rows = session.execute(text("SELECT id, code, name, department_id FROM rep"))
    return {rep_id: Named(code, name, dept) for rep_id, code, name, dept in rows}


def departments(session: Session) -> dict[int, Named]:
    """Every department by id (``department_id`` holds the head's rep id)."""
    rows = session.execute(text("SELECT id, code, name, head_rep_id FROM department"))
    return {dept_id: Named(code, name, head) for dept_id, code, name, head in rows}
