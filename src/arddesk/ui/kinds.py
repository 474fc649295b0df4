"""The words for the kinds of records a company file is imported from and exported to (``deliveries`` …)."""

from __future__ import annotations

from arddesk.text import N_, _

KIND_NAMES = {
    "terms": N_("payment terms"),
    "staff": N_("staff"),
    "customers": N_("customers"),
    "deliveries": N_("deliveries"),
    "payments": N_("payments"),
    "adjustments": N_("adjustments"),
    "targets": N_("collection targets"),
}


def kind_name(kind: str) -> str:
    """A kind of records (``deliveries``) as a person reads it, in the language in use; unknown ones as they are."""
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind
