"""The words for what the layers below return as codes: classes, causes, hold states, warnings,
the lines behind a bonus, and the reasons of problems and refusals, in the language in use.

The domain and the services hand over a code and its figures (a warning's kind and amounts, an
incentive line's ``explanation`` parts, a problem's reason and ``params``); the sentence is made
here, where a person reads it: translated first, filled after, money through :mod:`arddesk.text.formats`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from arddesk.domain.aging import DebtClass
from arddesk.domain.classes import DebtCause
from arddesk.domain.incentives import Line
from arddesk.domain.matrix import MatrixPoint, Quadrant
from arddesk.domain.plan import Score
from arddesk.domain.problems import Amount, Code, Count, InvalidValue, Message, Problem
from arddesk.domain.promises import Channel, Excuse
from arddesk.domain.warnings import Warning, WarningKind
from arddesk.services.errors import Rejected
from arddesk.store.browse import friendly_database_error
from arddesk.store.db import DatabaseRefused
from arddesk.text import N_, _, formats

CLASS_NAMES: dict[DebtClass, str] = {
    DebtClass.NOT_DUE: N_("Not yet due"),
    DebtClass.DUNNING: N_("Dunning"),
    DebtClass.DOUBTFUL: N_("Doubtful"),
    DebtClass.BAD: N_("Bad"),
    DebtClass.DEAD: N_("Dead"),
}
CAUSE_NAMES: dict[DebtCause, str] = {
    DebtCause.CASH_FLOW: N_("Cash-flow trouble"),
    DebtCause.QUALITY: N_("Quality dispute"),
    DebtCause.SERVICE: N_("Service not delivered"),
    DebtCause.CONTRACT: N_("Contract breach"),
    DebtCause.OUR_FAULT: N_("Our own fault (e.g. unpaid rebate)"),
    DebtCause.OTHER: N_("Other"),
}
WARNING_NAMES: dict[WarningKind, str] = {
    WarningKind.PURCHASE_SPIKE: N_("Purchases far above the usual for the season"),
    WarningKind.PAYING_LATER: N_("Punctual customer paying later and later"),
    WarningKind.OVER_LIMIT: N_("Over the credit limit"),
    WarningKind.CONTACT_CHANGED: N_("Contact person changed"),
    WarningKind.DEPARTMENT_DISSOLVED: N_("Department dissolved"),
    WarningKind.RELOCATION: N_("Relocation"),
    WarningKind.NEW_BUSINESS: N_("New line of business"),
    WarningKind.DUMPING: N_("Dumping below price"),
    WarningKind.CLOSURE: N_("Closure"),
    WarningKind.BROKEN_PROMISE: N_("Broken payment promise"),
}
QUADRANT_NAMES: dict[Quadrant, str] = {
    Quadrant.NEITHER: N_("Neither"),
    Quadrant.SALES: N_("Sales-oriented"),
    Quadrant.COLLECTION: N_("Collection-oriented"),
    Quadrant.STRATEGIC: N_("Strategic"),
}
CHANNEL_NAMES: dict[Channel, str] = {
    Channel.VISIT: N_("Visit"),
    Channel.PHONE: N_("Phone call"),
    Channel.MESSAGE: N_("Message (WeChat, SMS)"),
    Channel.EMAIL: N_("E-mail"),
    Channel.OTHER: N_("Other"),
}
EXCUSE_NAMES: dict[Excuse, str] = {
    Excuse.PERSON_AWAY: N_("Person in charge away"),
    Excuse.NO_MONEY: N_("No money in the account"),
    Excuse.NOT_PAYMENT_DAY: N_("Not yet the payment day"),
    Excuse.GOODS_NOT_SOLD: N_("Goods not sold"),
    Excuse.QUALITY_COMPLAINT: N_("Quality complaint"),
    Excuse.REBATE_NOT_PAID: N_("Rebate not paid"),
    Excuse.OTHER: N_("Other"),
}
CODES: dict[str, str] = {
    # hold states
    "normal": N_("normal"),
    "restricted": N_("restricted"),
    # payment procedures
    "simple": N_("simple"),
    "complex": N_("complex"),
    # a collection plan's entries: why on that day, and where they stand
    "settlement": N_("settlement day"),
    "due": N_("due date"),
    "first_day": N_("first free day"),
    "visit": N_("visit"),
    "call": N_("call"),
    "moved": N_("moved"),
    "planned": N_("planned"),
    "dropped": N_("dropped"),
    "done": N_("done"),
    # yes and no
    "yes": N_("yes"),
    "no": N_("no"),
    "stop": N_("STOP SUPPLY"),
    # delivery and document states
    "open": N_("open"),
    "paid": N_("paid"),
    "overdue": N_("overdue"),
    "void": N_("void"),
    "not_due": N_("not yet due"),
    "not due": N_("not due"),
    "over_limit": N_("over the credit limit"),
    # kinds of debt and goods
    "abnormal": N_("abnormal"),
    "out_of_stock": N_("out of stock"),
    "old_model": N_("old model"),
    "new_model": N_("new model"),
    "old": N_("old"),
    "new": N_("new"),
    # money documents
    "payment": N_("payment"),
    "refund": N_("refund"),
    "adjustment": N_("adjustment"),
    "delivery": N_("delivery"),
    "cash": N_("cash"),
    "transfer": N_("transfer"),
    "other": N_("other"),
    "return": N_("return of goods"),
    "discount": N_("discount"),
    "rebate": N_("rebate"),
    "write_off": N_("write-off"),
    # promises
    "kept": N_("kept"),
    "kept late": N_("kept late"),
    "partly kept": N_("partly kept"),
    "broken": N_("broken"),
    # roles, and the levels of a plan's progress
    "rep": N_("rep"),
    "department": N_("department"),
    "total": N_("total"),
    "head": N_("department head"),
}
"""Codes that reach the screen as they are (hold, status, kind): their words."""
_RANGE = re.compile(r"(\d+)-(\d+)")  # an aging bucket: 1-30


def class_name(debt_class: DebtClass | str) -> str:
    """A class of debt in words: ``doubtful`` → "Doubtful" / "准呆账"."""
    return _(CLASS_NAMES[DebtClass(debt_class)])


def cause_name(cause: DebtCause | str) -> str:
    """Why a delivery is unpaid, in words (an unknown cause as it is)."""
    try:
        return _(CAUSE_NAMES[DebtCause(cause)])
    except ValueError:
        return str(cause)


def code_text(code: str) -> str:
    """A code shown to a person (``over_limit``, ``not_due``, ``old_model``, ``1-30``, ``over_365`` …) in words.

    An aging bucket ``L-H`` reads "L–H days" and ``over_N`` "over N days"; a code with no words (data)
    is shown as it is.
    """
    if code in CODES:
        return _(CODES[code])
    if code.startswith("over_") and code.removeprefix("over_").isdigit():
        return _("over {days} days").format(days=code.removeprefix("over_"))
    if found := _RANGE.fullmatch(code):
        return _("{low}–{high} days").format(low=found[1], high=found[2])
    return code


def quadrant_name(quadrant: Quadrant) -> str:
    """A quadrant of the sales/collection matrix in words."""
    return _(QUADRANT_NAMES[quadrant])


def move_text(position: MatrixPoint) -> str:
    """How a position moved: ``Neither → Strategic``, ``unchanged``, or ``new`` (no previous position)."""
    if position.previous_quadrant is None:
        return _("new")
    if position.previous_quadrant == position.quadrant:
        return _("unchanged")
    return f"{quadrant_name(position.previous_quadrant)} → {quadrant_name(position.quadrant)}"


def channel_name(channel: Channel | str) -> str:
    """How the customer was reached, in words."""
    return _(CHANNEL_NAMES[Channel(channel)])


def contact_logged_note(channel: Channel | str, on: date) -> str:
    """The note a logged contact leaves on the plan's entries it closes: ``Phone call logged 2026-12-03``."""
    return _("{channel} logged {day}").format(channel=channel_name(channel), day=formats.day(on))


def excuse_name(excuse: Excuse | str) -> str:
    """Why the customer did not pay, in words (blank when no excuse was given)."""
    return "" if not excuse else _(EXCUSE_NAMES[Excuse(excuse)])


def warning_title(kind: WarningKind | str) -> str:
    """A warning's kind in words."""
    return _(WARNING_NAMES[WarningKind(kind)])


def warning_text(warning: Warning) -> str:
    """The figures behind a warning, in a sentence (a clerk's flag: the clerk's own note)."""
    f: Mapping[str, object] = dict(warning.figures)
    kind = warning.kind
    if kind is WarningKind.PURCHASE_SPIKE:
        if "usual" in f:
            basis = _("usual for this month {usual} over {years} year(s)").format(
                usual=formats.money(_cents(f["usual"])), years=f["years"]
            )
        else:
            basis = _("off season; monthly average of the last 12 months {average}").format(
                average=formats.money(_cents(f["trailing"]))
            )
        return _("{month}: purchases {purchases}, more than {factor} × the {basis}").format(
            month=f["month"], purchases=formats.money(_cents(f["purchases"])), factor=f["factor"], basis=basis
        )
    if kind is WarningKind.PAYING_LATER:
        months = ", ".join(f"{month}: {days}" for month, days in _pairs(f["months"]))
        return _("was paying {before} days late on average; now later each month ({months} days late)").format(
            before=f["before"], months=months
        )
    if kind is WarningKind.OVER_LIMIT:
        return _("balance {balance} over the limit {limit} by {over}").format(
            balance=formats.money(_cents(f["balance"])),
            limit=formats.money(_cents(f["limit"])),
            over=formats.money(_cents(f["over"])),
        )
    if kind is WarningKind.BROKEN_PROMISE:
        return _("promised on {made_on}: {promise}; {missing} not paid by {due}").format(
            made_on=f["made_on"],
            promise=message_text(f["promise"]) if isinstance(f["promise"], Message) else f["promise"],
            missing=formats.money(_cents(f["missing"])),
            due=f["due"],
        )
    return str(f.get("note", ""))


def _cents(value: object) -> int:
    assert isinstance(value, int)
    return value


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _pairs(value: object) -> list[tuple[object, object]]:
    assert isinstance(value, (list, tuple))
    return [(pair[0], pair[1]) for pair in value]


def _lateness(days: int) -> str:
    if days < 0:
        return _("{days} days before due").format(days=-days)
    if days == 0:
        return _("on the due date")
    return _("{days} days late").format(days=days)


def _money(value: object) -> str:
    return formats.money(_decimal(value))


def _part(code: str, f: Mapping[str, object]) -> str:
    if code == "no_target":
        return _("no collection target for the period: multiplier 1")
    if code == "attainment":
        return _(
            "collected {collected} of target {target} = {attainment}; "
            "tier from {tier}: ×{multiplier} on rewards {rewards}"
        ).format(
            collected=_money(f["collected"]),
            target=_money(f["target"]),
            attainment=f["attainment"],
            tier=f["tier"],
            multiplier=f["multiplier"],
            rewards=_money(f["rewards"]),
        )
    if code == "reward":
        if f.get("due") is None:
            when = _("paid {paid}, no due date: counted as on time").format(paid=f["paid"])
        else:
            when = _("paid {paid}, due {due}: {lateness}").format(
                paid=f["paid"], due=f["due"], lateness=_lateness(int(str(f["days"])))
            )
        if f.get("counted_on") is not None:
            when += _(" (counted on {day}, when the money met the goods)").format(day=f["counted_on"])
        return f"{_money(f['amount'])} {when}: {f['band']} {f['rate']}"
    if code == "category":
        return f"{code_text(str(f['category']))} ×{f['multiplier']}"
    if code == "model":
        return _("{model} model ×{multiplier}").format(model=code_text(str(f["model"])), multiplier=f["multiplier"])
    if code == "advance_bonus":
        text = _(
            "delivery {delivery} of {amount} paid in full by {covered} (its last payment or adjustment), "
            "due {due}: {early} days before due; {rate} of the cash {cash}"
        ).format(
            delivery=f["delivery"],
            amount=_money(f["amount"]),
            covered=f["covered"],
            due=f["due"],
            early=f["early"],
            rate=f["rate"],
            cash=_money(f["cash"]),
        )
        if f.get("settled_otherwise") is not None:
            text += _(" ({amount} settled by returns, discounts, rebates or write-offs)").format(
                amount=_money(f["settled_otherwise"])
            )
        return text
    if code == "exemption":
        note = f" ({f['note']})" if f.get("note") else ""
        return (
            _("{open} open {days} days past due, not penalised: non-sales cause — {cause}").format(
                open=_money(f["open"]), days=f["days"], cause=cause_name(str(f["cause"]))
            )
            + note
        )
    if code == "penalty":
        return _("{open} open {days} days past due at period end (over {after}): {rate}").format(
            open=_money(f["open"]), days=f["days"], after=f["after"], rate=f["rate"]
        )
    if code == "head_reward":
        return _(
            "{base} collected by {rep} on {kind} goods ({count} payment lines in {rep}'s statement): {rate}"
        ).format(base=_money(f["base"]), rep=f["rep"], kind=code_text(str(f["kind"])), count=f["count"], rate=f["rate"])
    return str(f.get("text", ""))  # a line locked before explanations were codes: its words as they were kept


def explanation(line: Line) -> str:
    """Why an incentive line is what it is, in a sentence."""
    return ", ".join(_part(code, dict(figures)) for code, figures in line.explanation)


def _figure(value: object) -> object:
    """One figure of a message as the reader expects it: money and counts formatted, codes and
    messages in words, dates ISO; anything else (data) as it is."""
    if isinstance(value, Amount):
        return formats.money(value.cents)
    if isinstance(value, Count):
        return formats.count(value.number)
    if isinstance(value, Code):
        return code_text(value.code)
    if isinstance(value, DebtClass):
        return class_name(value)
    if isinstance(value, Message):
        return message_text(value)
    if isinstance(value, tuple):
        return _("; ").join(str(_figure(part)) for part in value)
    if isinstance(value, date):
        return formats.day(value)
    return value


def message_text(message: Message | None) -> str:
    """A message of the layers below in the reader's words (blank for None): translated, then filled."""
    if message is None:
        return ""
    text = _(message.text)
    if not message.params:
        return text
    return text.format(**{name: _figure(value) for name, value in message.params.items()})


def reason_text(problem: Problem | InvalidValue) -> str:
    """Why a value is refused, in the reader's words: ``must not be negative`` / ``不能为负数``."""
    return message_text(problem.message)


def problem_text(problem: Problem) -> str:
    """A problem with where it is: ``row 3, column code: 'X 1' at most 32 characters, no spaces``.

    The row is the spreadsheet's (the header is row 1); a problem of the whole file says ``file``.
    """
    where = _("file") if problem.row is None else _("row {row}").format(row=problem.row)
    if problem.column:
        where = _("{where}, column {column}").format(where=where, column=problem.column)
    if problem.value == "":
        return _("{where}: {reason}").format(where=where, reason=reason_text(problem))
    return _("{where}: {value} {reason}").format(where=where, value=repr(problem.value), reason=reason_text(problem))


def field_problem_text(problem: Problem) -> str:
    """A problem of a form or a command, by field: ``credit_limit: must not be negative (-5)``."""
    text = f"{problem.column}: {reason_text(problem)}" if problem.column else reason_text(problem)
    return f"{text} ({problem.value})" if problem.value else text


def error_text(exc: BaseException) -> str:
    """Words for a clerk about anything that went wrong (problems one per line, no traceback)."""
    if isinstance(exc, Rejected):
        return "\n".join([_("Nothing was saved:"), *(f"• {field_problem_text(p)}" for p in exc.problems)])
    if isinstance(exc, DatabaseRefused):
        return message_text(exc.message)
    friendly = friendly_database_error(exc)
    if friendly is not None:
        return message_text(friendly)
    if isinstance(exc, OSError):
        return _("The file could not be used: {error} ({file})").format(
            error=exc.strerror or exc, file=getattr(exc, "filename", "") or ""
        )
    if isinstance(exc, InvalidValue):
        return reason_text(exc)
    return _("Something went wrong: {error}").format(error=exc)


def score_text(score: Score) -> str:
    """How a priority score was made, in the reader's words.

    ``12,000.00 overdue = 100.00; 45 days overdue (× 0.2 a day) = 9.00; …; total 109.00``.
    """
    parts = []
    for part in score.parts:
        quantity = message_text(part.quantity)
        if part.rule is not None:
            quantity = _("{quantity} ({rule})").format(quantity=quantity, rule=message_text(part.rule))
        parts.append(_("{quantity} = {points}").format(quantity=quantity, points=part.points))
    return _("; ").join([*parts, _("total {points}").format(points=score.total)])
