"""Display formatting in one place: every table, form and export preview uses these.

Money arrives as integer cents (or an exact Decimal) and is shown with a thousands
separator and two decimals; dates are ISO, as the clerk types them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from arddesk.domain.money import from_minor

LOCALE = "en_US"
_MONEY_PATTERN = "#,##0.00;-#,##0.00"


def money(value: int | Decimal | None) -> str:
    """Cents (int) or an exact amount (Decimal) as ``1,234.50``; blank for None."""
    if value is None:
        return ""
    amount = from_minor(value) if isinstance(value, int) else value
    return str(format_decimal(amount, format=_MONEY_PATTERN, locale=LOCALE))


def plain_money(value: int | Decimal | None) -> str:
    """Money for an edit field: ``1234.50`` (no separator, so it parses back unchanged)."""
    if value is None:
        return ""
    amount = from_minor(value) if isinstance(value, int) else value
    return f"{amount:.2f}"


def day(value: date | None) -> str:
    """A date as ``2026-03-31``; blank for None."""
    return "" if value is None else value.isoformat()


def percent(value: Decimal | float | None) -> str:
    """A share as ``87.5 %``; blank for None."""
    if value is None:
        return ""
    return f"{Decimal(str(value)):.1f} %"


def count(value: int) -> str:
    """A whole number with thousands separators."""
    return str(format_decimal(value, format="#,##0", locale=LOCALE))
