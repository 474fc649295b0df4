"""Every fixed text of the reconciliation letter, in the language of the customer it is written to.

The English texts are the catalogue's message ids (``arddesk.text``), in the context ``letter`` (a
letter's "Number" is not the window's); the Chinese are in the catalogue like every other text.
Texts are plain (no Paragraph markup); ``{name}`` placeholders are filled by the writer with values
it has escaped.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from arddesk.text import NP_, formats, translations

LANGUAGES = ("en", "zh")

TEXTS: dict[str, str] = {
    "title": NP_("letter", "Statement of account and balance confirmation"),
    "to": NP_("letter", "To"),
    "letter_date": NP_("letter", "Date"),
    "reference": NP_("letter", "Reference"),
    "period": NP_("letter", "Period"),
    "customer_code": NP_("letter", "Customer code"),
    "phone": NP_("letter", "Tel."),
    "intro": NP_(
        "letter",
        "Dear customer, below is your account with {company} for the period {start} to {end}. Please check "
        "it against your records. If the closing balance agrees, tick “balance agreed” on the reply slip at "
        "the foot of this letter, sign and stamp it and return it to us by {return_by}. If it does not "
        "agree, write the balance in your books and the reason on the slip.",
    ),
    "handover": NP_(
        "letter",
        "Your contact person with us has changed: this letter also serves to confirm the balance at the "
        "handover. Please have it signed and stamped by your company.",
    ),
    "statement": NP_("letter", "Statement of account"),
    "amounts_in": NP_("letter", "Amounts in {currency}"),
    "col_date": NP_("letter", "Date"),
    "col_type": NP_("letter", "Type"),
    "col_number": NP_("letter", "Number"),
    "col_details": NP_("letter", "Details"),
    "col_debit": NP_("letter", "Charged"),
    "col_credit": NP_("letter", "Paid / credited"),
    "col_balance": NP_("letter", "Balance"),
    "opening": NP_("letter", "Opening balance at {day}"),
    "closing": NP_("letter", "Closing balance at {day}"),
    "totals": NP_("letter", "Totals of the period"),
    "no_activity": NP_("letter", "No deliveries, payments or adjustments in this period."),
    "kind_delivery": NP_("letter", "Delivery"),
    "kind_payment": NP_("letter", "Payment"),
    "kind_adjustment": NP_("letter", "Adjustment"),
    "kind_refund": NP_("letter", "Refund"),
    "void_of": NP_("letter", "Void: {kind}"),
    "sub_cash": NP_("letter", "cash"),
    "sub_transfer": NP_("letter", "bank transfer"),
    "sub_other": NP_("letter", "other"),
    "sub_return": NP_("letter", "return of goods"),
    "sub_discount": NP_("letter", "discount"),
    "sub_rebate": NP_("letter", "rebate"),
    "sub_write_off": NP_("letter", "write-off"),
    "sub_normal": "",
    "sub_abnormal": "",
    "sub_out_of_stock": "",
    "due_on": NP_("letter", "due {day}"),
    "balance_owed": NP_("letter", "Balance owed to {company} at {end}: {currency} {amount}"),
    "balance_credit": NP_("letter", "Balance in your favour at {end}: {currency} {amount}"),
    "balance_nil": NP_("letter", "Balance at {end}: nil"),
    "aging": NP_("letter", "Age of the closing balance"),
    "not_due": NP_("letter", "Not yet due"),
    "bucket_range": NP_("letter", "{low}–{high} days overdue"),
    "bucket_over": NP_("letter", "Over {low} days overdue"),
    "unapplied": NP_("letter", "Unapplied credit"),
    "total": NP_("letter", "Total"),
    "open_items": NP_("letter", "Deliveries still open at {end}"),
    "col_due": NP_("letter", "Due date"),
    "col_days_overdue": NP_("letter", "Days overdue"),
    "col_open": NP_("letter", "Open amount"),
    "applied": NP_("letter", "How payments and credits were applied in the period"),
    "col_paid_by": NP_("letter", "Payment / credit"),
    "col_applied_to": NP_("letter", "Applied to delivery"),
    "col_delivery_date": NP_("letter", "Delivery date"),
    "col_amount": NP_("letter", "Amount applied"),
    "nothing_applied": NP_("letter", "No payment or credit was applied to a delivery in this period."),
    "bank": NP_("letter", "Please pay to"),
    "questions": NP_("letter", "Questions about this statement: {company}, tel. {phone}."),
    "cut_here": NP_("letter", "cut here and return the slip below"),
    "slip_title": NP_("letter", "Reply slip — balance confirmation"),
    "slip_to": NP_("letter", "To {company}, reference {reference}, to be returned by {return_by}"),
    "slip_from": NP_("letter", "From: {customer} (customer code {code})"),
    "slip_agreed": NP_("letter", "Balance agreed: we confirm that at {end} the balance is {currency} {amount}{side}."),
    "slip_side_owed": NP_("letter", " owed by us"),
    "slip_side_credit": NP_("letter", " in our favour"),
    "slip_side_nil": "",
    "slip_differs": NP_("letter", "Our balance at {end} is {currency} ______________________ because:"),
    "signature": NP_("letter", "Authorised signature"),
    "stamp": NP_("letter", "Company stamp"),
    "slip_date": NP_("letter", "Date"),
    "page": NP_("letter", "Page {n} of {m}"),
}


def texts_for(language: str) -> dict[str, str]:
    """The fixed texts in a customer's language (``en``; anything else gets Chinese, the customers' default).

    One dictionary per language for the whole process (a run of letters asks for it hundreds
    of times): read it, never change it.
    """
    return _texts("en" if language == "en" else "zh_CN")


@cache
def _texts(locale: str) -> dict[str, str]:
    catalogue = translations(locale)
    return {key: catalogue.pgettext("letter", text) if text else "" for key, text in TEXTS.items()}


def long_date(day: date, language: str) -> str:
    """A date in running text: ``5 October 2026`` or ``2026年10月5日``."""
    return formats.long_day(day, "en" if language == "en" else "zh_CN")


def bucket_label(label: str, language: str) -> str:
    """A bucket column of the aging (``1-30``, ``over_365``, ``not_due``) in words."""
    texts = texts_for(language)
    if label == "not_due":
        return texts["not_due"]
    if label.startswith("over_"):
        return texts["bucket_over"].format(low=label.removeprefix("over_"))
    low, _, high = label.partition("-")
    return texts["bucket_range"].format(low=low, high=high)
