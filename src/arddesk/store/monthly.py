"""Each customer's deliveries and settlements summed per month, kept in step with the deliveries.

The early warnings judge 14 months of purchases and 18 months of settlements of every customer;
summed from a million deliveries that took seconds. ``customer_month`` (migration 0016) holds the
sums, one row per customer and month:

* ``deliveries``: deliveries dated in the month, void ones too (the customer's first month);
* ``delivered``: cents of those not void;
* ``settled``: deliveries with a due date settled (or voided) in the month;
* ``days_late``: their days from due date to settling, 0 when early.

The database keeps it: on SQLite row triggers, on PostgreSQL statement triggers over the changed
rows, add every insert, change and removal of a delivery in the statement that makes it, whatever
path writes it, so the sums commit or roll back with the documents. An SQLite bulk insert sums
its rows in one statement at the end instead (:func:`summing_after`). It is not a model: a copy
of a company rebuilds it through the target's triggers, and ``arddesk check`` compares it with a
recomputation (:func:`drift`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from arddesk.store.portable import Dialect

TABLE = "customer_month"
STATE_TABLE = "customer_month_state"  # SQLite: 1 while a bulk insert sums its rows itself (triggers wait)
_COUNTS = ("deliveries", "delivered", "settled", "days_late")
_TRACKED = ("customer_id", "date", "amount", "voided_on", "settled_on", "due_date")


def is_sums_object(name: str) -> bool:
    """``name`` is the sums table or its SQLite state (neither is a model)."""
    return name in (TABLE, STATE_TABLE)


def _sums_sql(sql: Dialect, rows: str) -> str:
    """SQL: the sums per (customer_id, year, month) of ``rows``, a query of deliveries' tracked columns
    and ``sign`` (1 to add a row, -1 to take it away)."""
    late = sql.greatest("0", sql.days("r.settled_on", "r.due_date"))
    return f"""
        SELECT customer_id, year, month, SUM(deliveries) AS deliveries, SUM(delivered) AS delivered,
               SUM(settled) AS settled, SUM(days_late) AS days_late
        FROM (
          SELECT r.customer_id, {sql.year("r.date")} AS year, {sql.month("r.date")} AS month, r.sign AS deliveries,
                 CASE WHEN r.voided_on IS NULL THEN r.sign * r.amount ELSE 0 END AS delivered,
                 0 AS settled, 0 AS days_late
          FROM ({rows}) r
          UNION ALL
          SELECT r.customer_id, {sql.year("r.settled_on")}, {sql.month("r.settled_on")}, 0, 0, r.sign, r.sign * {late}
          FROM ({rows}) r
          WHERE r.settled_on IS NOT NULL AND r.due_date IS NOT NULL
        ) parts
        GROUP BY customer_id, year, month
    """


def _add_sql(sql: Dialect, rows: str) -> str:
    """SQL: add the sums of ``rows`` (see :func:`_sums_sql`) to the table."""
    counts = ", ".join(_COUNTS)
    changed = " OR ".join(f"s.{name} <> 0" for name in _COUNTS)
    added = ", ".join(f"{name} = {TABLE}.{name} + excluded.{name}" for name in _COUNTS)
    return f"""
        INSERT INTO {TABLE} (customer_id, year, month, {counts})
        SELECT s.customer_id, s.year, s.month, {", ".join(f"s.{name}" for name in _COUNTS)}
        FROM ({_sums_sql(sql, rows)}) s
        WHERE {changed}
        ON CONFLICT (customer_id, year, month) DO UPDATE SET {added}
    """


def _rows(alias: str, sign: int, source: str = "") -> str:
    # A transition table's rows (PostgreSQL), or without ``source`` a row trigger's NEW or OLD, as a query.
    rows = f"SELECT {', '.join(f'{alias}.{c} AS {c}' for c in _TRACKED)}, {sign} AS sign"
    return f"{rows} FROM {source} {alias}" if source else rows


def _delivery_rows(where: str = "") -> str:
    return f"SELECT {', '.join(_TRACKED)}, 1 AS sign FROM delivery{where}"


def ddl(sql: Dialect) -> list[str]:
    """The statements that make the table and the triggers that keep it (on an empty table)."""
    whole = "INTEGER" if sql.sqlite else "BIGINT"
    statements = [
        f"""CREATE TABLE {TABLE} (
              customer_id {whole} NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
              year INTEGER NOT NULL, month INTEGER NOT NULL,
              deliveries {whole} NOT NULL DEFAULT 0, delivered {whole} NOT NULL DEFAULT 0,
              settled {whole} NOT NULL DEFAULT 0, days_late {whole} NOT NULL DEFAULT 0,
              PRIMARY KEY (customer_id, year, month))"""
        # SQLite: the rows stored in key order, without a second copy of the key as an index.
        + (" WITHOUT ROWID" if sql.sqlite else ""),
    ]
    if sql.sqlite:
        deferred = f"(SELECT deferred FROM {STATE_TABLE}) = 0"
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in _TRACKED)
        both = f"{_rows('new', 1)} UNION ALL {_rows('old', -1)}"
        return [
            *statements,
            f"CREATE TABLE {STATE_TABLE} (deferred INTEGER NOT NULL)",
            f"INSERT INTO {STATE_TABLE} (deferred) VALUES (0)",
            f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON delivery WHEN {deferred} BEGIN "
            f"{_add_sql(sql, _rows('new', 1))}; END",
            f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON delivery WHEN {deferred} BEGIN "
            f"{_add_sql(sql, _rows('old', -1))}; END",
            f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF {', '.join(_TRACKED)} ON delivery "
            f"WHEN {deferred} AND ({changed}) BEGIN {_add_sql(sql, both)}; END",
        ]
    # PostgreSQL: once per statement, over the rows it changed (transition tables).
    triggers = []
    for event, tables, rows in (
        ("INSERT", "NEW TABLE AS changed_new", _rows("n", 1, "changed_new")),
        ("DELETE", "OLD TABLE AS changed_old", _rows("o", -1, "changed_old")),
        (
            "UPDATE",
            "OLD TABLE AS changed_old NEW TABLE AS changed_new",
            f"{_rows('n', 1, 'changed_new')} UNION ALL {_rows('o', -1, 'changed_old')}",
        ),
    ):
        function = f"{TABLE}_{event.lower()}"
        triggers += [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_add_sql(sql, rows)}; RETURN NULL; END $$",
            f"CREATE TRIGGER {function} AFTER {event} ON delivery REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return [*statements, *triggers]


def drop_ddl(sql: Dialect) -> list[str]:
    """The statements that remove what :func:`ddl` made."""
    if sql.sqlite:
        return [
            *(f"DROP TRIGGER IF EXISTS {TABLE}_{event}" for event in ("insert", "delete", "update")),
            f"DROP TABLE IF EXISTS {STATE_TABLE}",
            f"DROP TABLE IF EXISTS {TABLE}",
        ]
    return [
        *(f"DROP TRIGGER IF EXISTS {TABLE}_{event} ON delivery" for event in ("insert", "delete", "update")),
        *(f"DROP FUNCTION IF EXISTS {TABLE}_{event}()" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {TABLE}",
    ]


def fill_sql(sql: Dialect) -> str:
    """SQL: add every delivery to the (empty) table."""
    return _add_sql(sql, _delivery_rows())


@contextmanager
def summing_after(connection: Connection, table: str = "delivery") -> Iterator[None]:
    """Deliveries inserted in the block (into ``table``, when it is ``delivery``) are summed when it ends.

    They are summed as they are then, in one statement. For bulk inserts on SQLite, inside their
    transaction (the state and the sums roll back with it): row by row, the insert trigger would
    about double the time of inserting. Rows inserted get ids above the highest before the block;
    the triggers wait during the block, so it may change its new rows (a demo's open amounts)
    but not older deliveries. An inner block leaves the summing to the outer one. Nothing to do
    on PostgreSQL, whose triggers run once per statement.
    """
    if (
        table != "delivery"
        or connection.dialect.name != "sqlite"
        or connection.exec_driver_sql(f"SELECT deferred FROM {STATE_TABLE}").scalar_one()
    ):
        yield
        return
    connection.exec_driver_sql(f"UPDATE {STATE_TABLE} SET deferred = 1")
    last = connection.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM delivery").scalar_one()
    yield
    connection.exec_driver_sql(_add_sql(Dialect("sqlite"), _delivery_rows(f" WHERE id > {int(last)}")))
    connection.exec_driver_sql(f"UPDATE {STATE_TABLE} SET deferred = 0")


def drift(session: Session, sql: Dialect) -> list[str]:
    """ "CODE YYYY-MM" of the customers' months whose sums differ from the deliveries' (at most 20)."""
    kept = f"SELECT customer_id, year, month, {', '.join(_COUNTS)} FROM {TABLE}"
    zero = " AND ".join(f"{{alias}}.{name} = 0" for name in _COUNTS)
    differs = " OR ".join(f"COALESCE(k.{n}, 0) <> COALESCE(f.{n}, 0)" for n in _COUNTS)
    # Both directions of a full outer join, which SQLite lacked before 3.39.
    query = f"""
        WITH k AS ({kept}), f AS ({_sums_sql(sql, _delivery_rows())}),
        wrong AS (
          SELECT k.customer_id, k.year, k.month FROM k
          LEFT JOIN f ON f.customer_id = k.customer_id AND f.year = k.year AND f.month = k.month
          WHERE ({differs}) AND NOT (f.customer_id IS NULL AND {zero.format(alias="k")})
          UNION
          SELECT f.customer_id, f.year, f.month FROM f
          LEFT JOIN k ON k.customer_id = f.customer_id AND k.year = f.year AND k.month = f.month
          WHERE k.customer_id IS NULL AND NOT ({zero.format(alias="f")})
        )
        SELECT c.code, w.year, w.month FROM wrong w JOIN customer c ON c.id = w.customer_id
        ORDER BY 1, 2, 3
        LIMIT 20
    """
    return [f"{code} {int(year)}-{int(month):02d}" for code, year, month in session.execute(text(query))]
