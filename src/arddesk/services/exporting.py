"""Exporting the ledger as tables that import back exactly.

Each kind comes out with the English column names of the import files and values that
:func:`arddesk.services.importing.import_file` reads back to the same books: money as
``Decimal`` with two places, dates as ``date``, counts as ``int``, blanks as ``None``.
Only what differs from the default is written where the import would otherwise derive
it (a due date only when it overrides the terms; a delivery's rep only when it is not
the customer's), and payments and adjustments carry their allocations in
``applies_to`` as ``NUMBER=AMOUNT;...`` (``none`` when nothing is applied).

Void documents are not exported, nor the allocations their voids released: an export is
the books as they stand, and a company imported from it has the same open amounts and
balances (its audit trail starts with the import; the voids stay in the original's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import partial

from arddesk.domain.money import format_plain, from_minor
from arddesk.services.importing import column_names
from arddesk.services.ledger import KEEP_AS_CREDIT
from arddesk.services.plan import target_table
from arddesk.store import export as store
from arddesk.store.db import Database
from arddesk.store.refunds import refund_records


def _money(minor: int | None) -> Decimal | None:
    return None if minor is None else from_minor(minor)


def _terms(db: Database) -> Iterator[list[object]]:
    with db.reading() as session:
        records = store.terms_records(session)
    for record in records:
        yield list(record)


def _staff(db: Database) -> Iterator[list[object]]:
    with db.reading() as session:
        records = store.staff_records(session)
    for r in records:
        yield [r.code, r.name, r.department, r.role, r.phone or None, "yes" if r.active else "no", r.department_name]


def _customers(db: Database) -> Iterator[list[object]]:
    with db.reading() as session:
        records = store.customer_records(session)
    for r in records:
        yield [
            r.code, r.name, r.terms, _money(r.credit_limit), r.rep, r.department, r.grade or None, r.phone or None,
            r.address or None, r.language, r.settlement_days or None, r.distance_km, r.procedure, r.hold_state,
            r.hold_reason or None, r.avoid_days or None, _money(r.delivery_cap), r.pay_method or None,
            r.approver or None, r.signer or None, r.reconciles or None, r.invoice or None, r.pay_note or None,
        ]


def _targets(db: Database) -> Iterator[list[object]]:
    yield from target_table(db)[1]


def _deliveries(db: Database) -> Iterator[list[object]]:
    with db.reading() as session:
        for r in store.delivery_records(session):
            yield [
                r.number,
                r.customer,
                r.date,
                from_minor(r.amount),
                r.due_date if r.due_fixed else None,
                r.rep if r.rep != r.customer_rep else None,
                r.category,
                r.model or None,
                r.note or None,
            ]


def _money_rows(db: Database, table: str) -> Iterator[list[object]]:
    with db.reading() as session:
        allocations = store.allocations_by_source(session, table)
        for r in store.money_records(session, table):
            applied = allocations.get(r.id, ())
            applies_to = ";".join(f"{number}={format_plain(cents)}" for number, cents in applied) or KEEP_AS_CREDIT
            kind = ["payment"] if table == "payment" else []
            yield [r.number, r.customer, r.date, from_minor(r.amount), *kind, r.kind, applies_to, r.text or None]
        if table == "payment":
            # Refunds after the payments: an import posts them last, out of the credit the payments leave.
            for refund in refund_records(session, include_void=False):
                yield [refund.number, refund.customer, refund.date, from_minor(refund.amount), "refund", refund.method,
                       None, refund.note or None]  # fmt: skip


def export_rows(db: Database, kind: str) -> tuple[list[str], Iterable[list[object]]]:
    """The header and the rows of one kind, ready for :func:`arddesk.reports.tables.write_table`.

    Args:
        db: the company.
        kind: one of :data:`arddesk.services.importing.KINDS`.

    Returns:
        The English column names and the rows (``str``, ``Decimal``, ``date``, ``int`` or
        ``None`` values). The rows are read lazily, while they are iterated.

    Raises:
        ValueError: for an unknown kind (a programming error).
    """
    header = column_names(kind)
    readers: dict[str, Callable[[], Iterable[list[object]]]] = {
        "terms": partial(_terms, db),
        "staff": partial(_staff, db),
        "customers": partial(_customers, db),
        "deliveries": partial(_deliveries, db),
        "payments": partial(_money_rows, db, "payment"),
        "adjustments": partial(_money_rows, db, "adjustment"),
        "targets": partial(_targets, db),
    }
    return header, readers[kind]()
