"""Who may read and change what in a company on a PostgreSQL server, enforced by the server itself.

Three group roles; each person logs in with their own server login, a member of one of them:

* ``arddesk_owner``: everything.
* ``arddesk_clerk``: posts and prints. Cannot read the bonus tables nor the owner's settings
  (rows ``owner_…`` of ``setting``, hidden by row-level security), and the audit trail is
  append-only for them (no UPDATE or DELETE).
* ``arddesk_rep``: reads customers, their documents, the plan and contacts; writes contacts and
  promises (and the trail entries those write).

The window hides what a login may not use; these grants are what makes that hold against
any other program connecting with the same login.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from arddesk.store.schema import metadata

OWNER, CLERK, REP = "arddesk_owner", "arddesk_clerk", "arddesk_rep"
ROLES = {"owner": OWNER, "clerk": CLERK, "rep": REP}
OWNER_ONLY = ("incentive_rules", "incentive_result", "incentive_unlock_log")
"""The bonus rules, the locked bonus figures and their unlock log."""
REP_READS = (
    "customer", "delivery", "payment", "adjustment", "allocation", "terms", "rep", "department", "setting",
    "contact", "promise", "promise_instalment", "schedule_entry", "collection_target", "class_override",
    "debt_cause", "audit_entry",
)
REP_WRITES = ("contact", "promise", "promise_instalment", "audit_entry")
_OWNER_SETTING = "key LIKE 'owner\\_%'"


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
    tables = [table.name for table in metadata.sorted_tables]
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
    session.execute(text("ALTER TABLE setting ENABLE ROW LEVEL SECURITY"))
    session.execute(text("DROP POLICY IF EXISTS arddesk_owner_all ON setting"))
    session.execute(text("DROP POLICY IF EXISTS arddesk_not_owners ON setting"))
    session.execute(text(f"CREATE POLICY arddesk_owner_all ON setting TO {OWNER} USING (true)"))
    session.execute(
        text(f"CREATE POLICY arddesk_not_owners ON setting TO {CLERK}, {REP} USING (NOT ({_OWNER_SETTING}))")
    )


def add_login(session: Session, login: str, role: str, password: str) -> None:
    """A new server login for one person, a member of ``role`` (``owner``, ``clerk`` or ``rep``)."""
    quoted = session.execute(text("SELECT quote_ident(:name), quote_literal(:secret)"), {
        "name": login, "secret": password,
    }).one()
    session.execute(text(f"CREATE ROLE {quoted[0]} LOGIN PASSWORD {quoted[1]} IN ROLE {ROLES[role]}"))
