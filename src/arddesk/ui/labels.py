"""Words for the codes the program keeps: every code shown to a person goes through :func:`label`.

Buckets (``not_due``, ``1-30``, ``over_365``), hold states, warning and credit rules, kinds of debt
and document states each have a translatable label; a code without one is shown with spaces for
underscores rather than raw.
"""

from __future__ import annotations

import re

from arddesk.text import N_, _

_LABELS: dict[str, str] = {
    "not_due": N_("Not due"),
    "over_limit": N_("Over the credit limit"),
    "overdue": N_("Overdue"),
    "batch_unpaid": N_("Earlier batch unpaid"),
    "stop_supply": N_("Stop supply"),
    "normal": N_("Normal"),
    "restricted": N_("Restricted"),
    "stop": N_("Stop supply"),
    "on_hold": N_("On hold"),
    "old_model": N_("Old model"),
    "new_model": N_("New model"),
    "abnormal": N_("Abnormal"),
    "out_of_stock": N_("Out of stock"),
    "paid": N_("Paid"),
    "part paid": N_("Part paid"),
    "open": N_("Open"),
    "void": N_("Void"),
    "not due": N_("Not due"),
    "payment": N_("Payment"),
    "adjustment": N_("Adjustment"),
    "delivery": N_("Delivery"),
}
_RANGE = re.compile(r"(\d+)-(\d+)")
_OVER = re.compile(r"over_(\d+)")


def bucket(code: str) -> str:
    """An aging bucket in words: ``1-30`` → "1–30 days", ``over_365`` → "Over 365 days", ``not_due`` → "Not due"."""
    if found := _RANGE.fullmatch(code):
        return _("{low}–{high} days").format(low=found[1], high=found[2])
    if found := _OVER.fullmatch(code):
        return _("Over {days} days").format(days=found[1])
    return label(code)


def label(code: str) -> str:
    """The words for ``code`` in the language in use."""
    if _RANGE.fullmatch(code) or _OVER.fullmatch(code):
        return bucket(code)
    known = _LABELS.get(code)
    if known is not None:
        return _(known)
    return code.replace("_", " ")
