"""Staff: reps and department heads, as the Staff page lists them, and handing a rep's customers over.

Saving a rep is :func:`arddesk.services.ledger.save_staff` (``post_staff`` for imports). A
department's head is a rep whose role is ``head``; the incentives give each head a statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from arddesk.domain.problems import R_, Problem
from arddesk.services.errors import Rejected, reject_if
from arddesk.store import audit
from arddesk.store import staff as store
from arddesk.store.browse import CustomerFilter, customer_page
from arddesk.store.db import Database
from arddesk.store.staff import StaffRow

__all__ = ["HandedOver", "Handover", "StaffRow", "count_staff", "move_customers", "rep_choices", "staff_page"]


def staff_page(
    db: Database,
    search: str = "",
    sort: str = "code",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[StaffRow]:
    """One window of the staff list: reps matching ``search`` in code, name, phone or department."""
    with db.reading() as session:
        return store.staff_rows(session, search, sort=sort, descending=descending, offset=offset, limit=limit)


def count_staff(db: Database, search: str = "") -> int:
    """How many reps match ``search``."""
    with db.reading() as session:
        return store.count_staff(session, search)


def rep_choices(db: Database, *, keep: str = "") -> list[tuple[str, str]]:
    """(code, name) of every active rep, for the forms where a rep is chosen.

    ``keep`` is a rep to offer even when no longer active (the one a record already names).
    """
    with db.reading() as session:
        rows = store.staff_rows(session)
    return [(row.code, row.name) for row in rows if row.active or (keep and row.code == keep)]


@dataclass(frozen=True, slots=True)
class HandedOver:
    """A customer handed over: code, name, what it owes and what of it is overdue, in cents."""

    code: str
    name: str
    balance: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Handover:
    """What moving a rep's customers did: from whom to whom, when, why, and the customers with their balances."""

    from_rep: str
    from_name: str
    to_rep: str
    to_name: str
    on: date
    reason: str
    customers: tuple[HandedOver, ...]

    @property
    def balance(self) -> int:
        """The balances handed over, in cents."""
        return sum(customer.balance for customer in self.customers)

    @property
    def overdue(self) -> int:
        """What of it is overdue, in cents."""
        return sum(customer.overdue for customer in self.customers)


def move_customers(db: Database, from_rep: str, to_rep: str, reason: str, *, on: date | None = None) -> Handover:
    """Give every customer of ``from_rep`` to ``to_rep`` (and to ``to_rep``'s department), in one action.

    Deliveries already made keep the rep who made them. Each customer's change is in the audit
    trail with the reason. The result lists the customers with their balances on ``on`` (default
    today), for the handover sheet (:func:`arddesk.reports.handover.write_handover`) and the
    reconciliation letters that confirm the balance at the handover.

    Raises:
        Rejected: unknown reps, the same rep twice, an inactive target, no reason, or no customers.
    """
    day = on or date.today()
    problems = []
    if not reason.strip():
        problems.append(Problem(None, "reason", "", R_("say why the customers move; it is kept in the audit trail")))
    if from_rep == to_rep:
        problems.append(Problem(None, "to_rep", to_rep, R_("choose another rep than the one handing over")))
    with db.transaction() as session:
        reps = store.rep_facts(session, [from_rep, to_rep])
        giver, taker = reps.get(from_rep), reps.get(to_rep)
        if giver is None:
            problems.append(Problem(None, "from_rep", from_rep, R_("no such rep")))
        if taker is None:
            problems.append(Problem(None, "to_rep", to_rep, R_("no such rep")))
        elif not taker.active:
            problems.append(Problem(None, "to_rep", to_rep, R_("this rep is not active")))
        reject_if(problems)
        assert giver is not None and taker is not None
        codes = store.customers_of(session, giver.id)
        if not codes:
            raise Rejected([Problem(None, "from_rep", from_rep, R_("this rep has no customers"))])
        rows = customer_page(session, CustomerFilter(today=day, rep=from_rep), limit=len(codes))
        handed = tuple(HandedOver(row.code, row.name, row.balance, row.overdue) for row in rows)
        with audit.watch(session, "customer", codes, "handover", reason.strip()):
            store.reassign_customers(session, codes, taker.id, taker.department_id)
    return Handover(giver.code, giver.name, taker.code, taker.name, day, reason.strip(), handed)
