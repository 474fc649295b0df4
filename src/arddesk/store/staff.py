"""Staff in the database: reps (a department's head is a rep too), their departments, their customers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from arddesk.store import portable
from arddesk.store.models import Customer, Department, Rep
from arddesk.store.search import like_pattern as _like  # the list pages' one escaping of LIKE patterns

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class StaffRow:
    """A rep as the Staff page shows it: ``role`` is ``head`` for the head of their own department."""

    code: str
    name: str
    department: str
    department_name: str
    role: str
    phone: str
    active: bool
    customers: int


_ROLE = "CASE WHEN g.head_rep_id = r.id THEN 'head' ELSE 'rep' END"
_STAFF_SQL = f"""
    SELECT r.code, r.name, COALESCE(g.code, ''), COALESCE(g.name, ''), {_ROLE}, r.phone, r.active,
           (SELECT COUNT(*) FROM customer c WHERE c.rep_id = r.id)
    FROM rep r LEFT JOIN department g ON g.id = r.department_id
"""
_SORTS = {
    "code": "r.code",
    "name": "r.name",
    "department": "COALESCE(g.code, '')",
    "role": _ROLE,
    "phone": "r.phone",
    "active": "r.active",
    "customers": "8",
}


def _where(search: str, like: str) -> tuple[str, dict[str, object]]:
    if not search.strip():
        return "", {}
    columns = ("r.code", "r.name", "r.phone", "COALESCE(g.code, '')", "COALESCE(g.name, '')")
    matches = " OR ".join(f"{column} {like} :pattern ESCAPE '\\'" for column in columns)
    return f" WHERE ({matches})", {"pattern": _like(search.strip())}


def staff_rows(
    session: Session,
    search: str = "",
    *,
    sort: str = "code",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[StaffRow]:
    """Reps matching ``search`` in code, name, phone or department, sorted in SQL; a window of them (all: None)."""
    dialect = portable.dialect(session)
    where, params = _where(search, dialect.like)
    direction = "DESC" if descending else "ASC"
    order = _SORTS.get(sort, "r.code")
    params.update(limit=limit, offset=offset)
    count = ":limit" if limit is not None else dialect.no_limit
    sql = f"{_STAFF_SQL}{where} ORDER BY {order} {direction}, r.code {direction} LIMIT {count} OFFSET :offset"
    return [
        StaffRow(code, name, dept, dept_name, role, phone, bool(active), int(customers))
        for code, name, dept, dept_name, role, phone, active, customers in session.execute(text(sql), params)
    ]


def count_staff(session: Session, search: str = "") -> int:
    """How many reps :func:`staff_rows` would list."""
    where, params = _where(search, portable.dialect(session).like)
    sql = f"SELECT COUNT(*) FROM rep r LEFT JOIN department g ON g.id = r.department_id{where}"
    return int(session.execute(text(sql), params).scalar_one())


@dataclass(frozen=True, slots=True)
class DepartmentFacts:
    """A department: id, code, name and the id of its head (None: no head)."""

    id: int
    code: str
    name: str
    head_rep_id: int | None


def departments(session: Session) -> list[DepartmentFacts]:
    """Every department."""
    rows = session.execute(select(Department.id, Department.code, Department.name, Department.head_rep_id))
    return [DepartmentFacts(*row) for row in rows]


def add_department(session: Session, code: str, name: str) -> int:
    """A new department; returns its id."""
    department = Department(code=code, name=name)
    session.add(department)
    session.flush()
    return department.id


def rename_departments(session: Session, names: Mapping[int, str]) -> None:
    """Give departments (by id) new names."""
    for department_id, name in names.items():
        session.execute(update(Department).where(Department.id == department_id).values(name=name))


def set_heads(session: Session, heads: Mapping[int, int | None]) -> None:
    """Department id → the id of its head rep (None: no head)."""
    for department_id, rep_id in heads.items():
        session.execute(update(Department).where(Department.id == department_id).values(head_rep_id=rep_id))


def upsert_reps(session: Session, values_by_code: Mapping[str, Mapping[str, object]]) -> dict[str, int]:
    """Create or update reps by code with the given column values; returns code → id of each."""
    existing = {rep.code: rep for rep in session.scalars(select(Rep).where(Rep.code.in_(list(values_by_code))))}
    for code, values in values_by_code.items():
        found = existing.get(code)
        if found is None:
            found = Rep(code=code, **values)
            session.add(found)
            existing[code] = found
        else:
            for key, value in values.items():
                setattr(found, key, value)
    session.flush()
    return {code: rep.id for code, rep in existing.items()}


@dataclass(frozen=True, slots=True)
class RepFacts:
    """A rep: id, code, name, department id, active."""

    id: int
    code: str
    name: str
    department_id: int | None
    active: bool


def rep_facts(session: Session, codes: Iterable[str]) -> dict[str, RepFacts]:
    """code → facts of the reps among ``codes`` that exist."""
    rows = session.execute(
        select(Rep.id, Rep.code, Rep.name, Rep.department_id, Rep.active).where(Rep.code.in_(list(codes)))
    )
    return {row[1]: RepFacts(row[0], row[1], row[2], row[3], bool(row[4])) for row in rows}


def customers_of(session: Session, rep_id: int) -> list[str]:
    """The codes of a rep's customers, in code order."""
    return list(session.scalars(select(Customer.code).where(Customer.rep_id == rep_id).order_by(Customer.code)))


def reassign_customers(session: Session, codes: Sequence[str], rep_id: int, department_id: int | None) -> None:
    """Give customers another rep (and that rep's department, when ``department_id`` is not None)."""
    values: dict[str, object] = {"rep_id": rep_id}
    if department_id is not None:
        values["department_id"] = department_id
    for start in range(0, len(codes), _CHUNK):
        session.execute(update(Customer).where(Customer.code.in_(codes[start : start + _CHUNK])).values(**values))
