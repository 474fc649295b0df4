"""Who may read and change what in a company on a PostgreSQL server, enforced by the server itself.

Three group roles; each person logs in with their own server login, a member of one of them:

* ``arddesk_owner``: everything.
* ``arddesk_clerk``: posts and prints. Cannot read the bonus tables nor the owner's settings
  (rows ``owner_…`` of ``setting``, hidden by row-level security), and the audit trail is
  append-only for them (no UPDATE or DELETE).
* ``arddesk_rep``: reads their own customers (those whose rep's ``login`` is theirs: see
  :func:`link_rep`), those customers' documents, allocations, plan entries, contacts, promises,
  credit history, letters and warnings (what every page of the window reads), and writes contacts
  and promises for them (closing their plan entries); every other customer's rows are hidden by row-level
  security. The trail shows them their own entries and its last one (which the next entry chains to).

The window hides what a login may not use; these grants are what makes that hold against
any other program connecting with the same login.
"""

from __future__ import annotations

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from arddesk.store import monthly
from arddesk.store.models import Rep
from arddesk.store.schema import metadata

OWNER, CLERK, REP = "arddesk_owner", "arddesk_clerk", "arddesk_rep"
ROLES = {"owner": OWNER, "clerk": CLERK, "rep": REP}
OWNER_ONLY = ("incentive_rules", "incentive_result", "incentive_unlock_log")
"""The bonus rules, the locked bonus figures and their unlock log."""
REP_READS = (
    "customer", "delivery", "payment", "adjustment", "refund", "allocation", "terms", "rep", "department", "setting",
    "contact", "promise", "promise_instalment", "schedule_entry", "collection_target", "class_override",
    "class_override_log", "debt_cause", "warning_flag", "credit_change", "credit_override", "letter", "audit_entry",
    monthly.TABLE,
)
REP_WRITES = ("contact", "promise", "promise_instalment", "schedule_entry", "audit_entry")
_OWNER_SETTING = "key LIKE 'owner\\_%'"
_OWN_CUSTOMERS = "customer_id IN (SELECT id FROM customer)"
_OWN_DELIVERIES = "delivery_id IN (SELECT id FROM delivery)"
REP_ROWS = {
    # A policy's subquery reads as the same login, so "SELECT id FROM customer" is already only theirs.
    "customer": "rep_id IN (SELECT id FROM rep WHERE login = current_user)",
    "delivery": _OWN_CUSTOMERS,
    "payment": _OWN_CUSTOMERS,
    "adjustment": _OWN_CUSTOMERS,
    "refund": _OWN_CUSTOMERS,
    "allocation": (
        "delivery_id IN (SELECT id FROM delivery) OR payment_id IN (SELECT id FROM payment)"
        " OR adjustment_id IN (SELECT id FROM adjustment)"
    ),
    "contact": _OWN_CUSTOMERS,
    "promise": _OWN_CUSTOMERS,
    "promise_instalment": "promise_id IN (SELECT id FROM promise)",
    "schedule_entry": _OWN_CUSTOMERS,
    "collection_target": (
        "rep_id IN (SELECT id FROM rep WHERE login = current_user) OR " + _OWN_CUSTOMERS
    ),
    "class_override": _OWN_CUSTOMERS,
    "class_override_log": _OWN_CUSTOMERS,
    "warning_flag": _OWN_CUSTOMERS,
    "credit_change": _OWN_CUSTOMERS,
    "credit_override": _OWN_CUSTOMERS,
    "letter": _OWN_CUSTOMERS,
    monthly.TABLE: _OWN_CUSTOMERS,
    "debt_cause": _OWN_DELIVERIES,
    # Entries name the login that wrote them ("mei via …"); the tail through a function that sees past this policy.
    "audit_entry": "split_part(\"user\", ' via ', 1) = current_user OR id = arddesk_audit_tail()",
}
"""Per table, the rows a rep's login reads (and may write, where it writes at all)."""


def company_tables() -> list[str]:
    """Every table of a company: the models', and the monthly sums the deliveries' triggers keep (whoever
    posts a delivery writes those too, so a clerk needs the same rights on them)."""
    return [*(table.name for table in metadata.sorted_tables), monthly.TABLE]


def set_up_roles(session: Session, database: str) -> None:
    """Create the three group roles if missing and grant them their rights on this company's tables."""
    for role in (OWNER, CLERK, REP):
        session.execute(
            text(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') "
                "THEN CREATE ROLE " + role + " NOLOGIN; END IF; END $$"
            )
        )
        session.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {role}'))
        session.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        session.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
    tables = company_tables()
    session.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {OWNER}"))
    session.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {OWNER}"))
    for table in tables:
        if table in OWNER_ONLY:
            continue
        rights = "SELECT, INSERT" if table == "audit_entry" else "SELECT, INSERT, UPDATE, DELETE"
        session.execute(text(f'GRANT {rights} ON "{table}" TO {CLERK}'))
    session.execute(text(f"GRANT SELECT ON alembic_version TO {CLERK}, {REP}"))
    session.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {CLERK}, {REP}"))
    for table in REP_READS:
        session.execute(text(f'GRANT SELECT ON "{table}" TO {REP}'))
    for table in REP_WRITES:
        session.execute(text(f'GRANT INSERT, UPDATE ON "{table}" TO {REP}'))
    # The owner's settings (password hashes, seal keys): rows of a table the others need, so hidden row by row.
    _policies(session, "setting", {OWNER: "true", f"{CLERK}, {REP}": f"NOT ({_OWNER_SETTING})"})
    # The chain's last hash, which a rep's next entry needs; run as the table's owner, whom no policy limits.
    session.execute(
        text(
            "CREATE OR REPLACE FUNCTION arddesk_audit_tail() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER "
            "SET search_path = public AS 'SELECT max(id) FROM audit_entry'"
        )
    )
    session.execute(text("REVOKE ALL ON FUNCTION arddesk_audit_tail() FROM PUBLIC"))
    session.execute(text(f"GRANT EXECUTE ON FUNCTION arddesk_audit_tail() TO {REP}"))
    for table, rows in REP_ROWS.items():
        _policies(session, table, {f"{OWNER}, {CLERK}": "true", REP: rows})


def _policies(session: Session, table: str, rows: dict[str, str]) -> None:
    """Row-level security on ``table``: per role (or comma-separated roles), the rows it reads and writes.

    A role named nowhere reads nothing; the table's owner (who runs ``arddesk roles``) is not limited.
    """
    session.execute(text(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY'))
    existing = session.execute(text("SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table})
    for (name,) in existing.all():
        session.execute(text(f'DROP POLICY "{name}" ON "{table}"'))
    for number, (roles, condition) in enumerate(rows.items(), 1):
        session.execute(text(f'CREATE POLICY arddesk_{number} ON "{table}" TO {roles} USING ({condition})'))


def add_login(session: Session, login: str, role: str, password: str) -> None:
    """A new server login for one person, a member of ``role`` (``owner``, ``clerk`` or ``rep``)."""
    quoted = session.execute(text("SELECT quote_ident(:name), quote_literal(:secret)"), {
        "name": login, "secret": password,
    }).one()
    session.execute(text(f"CREATE ROLE {quoted[0]} LOGIN PASSWORD {quoted[1]} IN ROLE {ROLES[role]}"))


def link_rep(session: Session, login: str, rep: str) -> bool:
    """Make ``login`` read as the rep whose code is ``rep`` (a login reads as one rep at most; the rep
    it read as before, if any, is unlinked). False when there is no such rep."""
    if session.execute(select(Rep.id).where(Rep.code == rep)).scalar() is None:
        return False
    session.execute(update(Rep).where(Rep.login == login, Rep.code != rep).values(login=None))
    session.execute(update(Rep).where(Rep.code == rep).values(login=login))
    return True


_HIDDEN = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(:names) AND (
  NOT has_table_privilege(c.oid, 'SELECT')
  OR (c.relrowsecurity AND NOT pg_has_role(c.relowner, 'USAGE')
      AND NOT (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user)
      AND NOT EXISTS (
        SELECT FROM pg_policies p
        WHERE p.schemaname = current_schema() AND p.tablename = c.relname AND p.permissive = 'PERMISSIVE'
          AND p.cmd IN ('SELECT', 'ALL') AND p.qual = 'true'
          AND EXISTS (SELECT FROM unnest(p.roles) AS r(name)
                      WHERE CASE WHEN r.name = 'public' THEN true ELSE pg_has_role(r.name, 'USAGE') END)))
)
ORDER BY c.relname
"""


def hidden_tables(session: Session) -> list[str]:
    """The company's tables this login cannot read in full, by name: no right to read them at all (a clerk's
    bonus tables), or some rows hidden by row-level security (the owner's settings; a rep's other customers).

    Empty on SQLite and for the owner, and for the database's owner or a superuser, whom no policy limits.
    """
    if session.get_bind().dialect.name == "sqlite":
        return []
    return list(session.execute(text(_HIDDEN), {"names": company_tables()}).scalars())
