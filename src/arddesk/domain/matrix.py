"""The sales and collection matrix: who weighs sales, who weighs collection, and how that moves.

Each rep (or department) gets two figures for a period:

* **Sales growth**: (sales in the period − sales in the previous period) ÷ sales in the previous
  period. With no sales before, there is no ratio: growth is ``None`` and counts as growing when
  something was sold now (a new rep, a new department), as not growing when nothing was.
* **Collection rate**: cash collected in the period ÷ what fell due, where what fell due = the
  receivable open at the period's start that was due by the period's end + sales of the period
  due by its end − returns, discounts and rebates applied in the period to those deliveries. A
  delivery not yet due at the period's end is not asked of anyone yet (a delivery without a due
  date never is), so a rep who collects everything that fell due gets 100 %. Write-offs are not
  taken off: a debt written off is a collection that failed. Cash collected = payments applied,
  in the period, to deliveries of the rep, due or not: money paid ahead of its due date counts,
  so the rate can pass 100 %. With nothing due, the rate is ``None`` and counts as collected.

A threshold on each decides the quadrant (the seed's four: neither, sales-oriented,
collection-oriented, strategic). The previous period's quadrant, computed the same way from the
period before it, says how each moved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from arddesk.domain.problems import R_, InvalidValue

DEFAULT_MATRIX_THRESHOLDS = "10,80"
_HUNDRED = Decimal(100)


class Quadrant(StrEnum):
    """Where a rep or department sits: by sales growth (up) and collection rate (right)."""

    NEITHER = "neither"
    SALES = "sales"
    COLLECTION = "collection"
    STRATEGIC = "strategic"


@dataclass(frozen=True, slots=True)
class MatrixThresholds:
    """The lines between the quadrants, as fractions: growth 0.10 means 10 %.

    Attributes:
        growth: sales growth at or above this is "sales-oriented".
        rate: a collection rate at or above this is "collection-oriented".
    """

    growth: Decimal = Decimal("0.10")
    rate: Decimal = Decimal("0.80")

    @classmethod
    def parse(cls, text: str) -> MatrixThresholds:
        """Read ``"10,80"``: growth and collection rate in per cent.

        Raises:
            InvalidValue: unless two numbers, growth from -100 to 1000, rate from 0 to 100.
        """
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != 2 or not all(re.fullmatch(r"-?\d+(\.\d+)?", part) for part in parts):
            raise InvalidValue(R_("two per cent figures: sales growth, collection rate (e.g. 10,80)"))
        growth, rate = (Decimal(part) for part in parts)
        if not -100 <= growth <= 1000:
            raise InvalidValue(R_("sales growth must be from -100 to 1000 per cent"))
        if not 0 <= rate <= 100:
            raise InvalidValue(R_("collection rate must be from 0 to 100 per cent"))
        return cls(growth / _HUNDRED, rate / _HUNDRED)

    def text(self) -> str:
        """The thresholds as stored: ``"10,80"``."""
        return f"{_plain(self.growth * _HUNDRED)},{_plain(self.rate * _HUNDRED)}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """What one rep or department did in one period; money in cents.

    Attributes:
        sales: deliveries dated in the period (sales growth is on these).
        opening: receivable (open delivery amounts) at the period's start that was due by its end.
        collected: payments applied in the period to its deliveries.
        reduced: returns, discounts and rebates applied in the period to its deliveries due by its end.
        sales_due: the deliveries dated in the period that were due by its end.
    """

    sales: int = 0
    opening: int = 0
    collected: int = 0
    reduced: int = 0
    sales_due: int = 0

    @property
    def collectible(self) -> int:
        """What fell due in the period: the denominator of the collection rate."""
        return max(self.opening + self.sales_due - self.reduced, 0)

    def __add__(self, other: PeriodFigures) -> PeriodFigures:
        return PeriodFigures(
            self.sales + other.sales,
            self.opening + other.opening,
            self.collected + other.collected,
            self.reduced + other.reduced,
            self.sales_due + other.sales_due,
        )


def growth(sales: int, sales_before: int) -> Decimal | None:
    """Sales growth as a fraction (0.25 = +25 %); None when nothing was sold before."""
    if sales_before <= 0:
        return None
    return Decimal(sales - sales_before) / Decimal(sales_before)


def collection_rate(figures: PeriodFigures) -> Decimal | None:
    """Collected ÷ what fell due, as a fraction (above 1 when paid ahead); None when nothing fell due."""
    if figures.collectible <= 0:
        return None
    return Decimal(figures.collected) / Decimal(figures.collectible)


def quadrant(sales: int, sales_before: int, figures: PeriodFigures, thresholds: MatrixThresholds) -> Quadrant:
    """The quadrant for one period's figures (see the module's rules for missing ratios)."""
    change = growth(sales, sales_before)
    grew = sales > 0 if change is None else change >= thresholds.growth
    rate = collection_rate(figures)
    collected = True if rate is None else rate >= thresholds.rate
    if grew and collected:
        return Quadrant.STRATEGIC
    if grew:
        return Quadrant.SALES
    if collected:
        return Quadrant.COLLECTION
    return Quadrant.NEITHER


@dataclass(frozen=True, slots=True)
class MatrixPoint:
    """One rep or department in the matrix for a period, and where it was the period before.

    Growth and rates are fractions (None: no ratio, see the module); money in cents.
    """

    key: str
    name: str
    sales: int
    sales_before: int
    growth: Decimal | None
    collected: int
    collectible: int
    rate: Decimal | None
    quadrant: Quadrant
    previous_growth: Decimal | None
    previous_rate: Decimal | None
    previous_quadrant: Quadrant | None

    @property
    def moved(self) -> bool:
        """Whether it sits in another quadrant than the period before."""
        return self.previous_quadrant is not None and self.previous_quadrant != self.quadrant


@dataclass(frozen=True, slots=True)
class Member:
    """A rep or department's three periods: the one shown, the one before, and the one before that.

    ``sales_before_previous`` is the only figure needed from the third (the previous growth).
    """

    key: str
    name: str
    current: PeriodFigures
    previous: PeriodFigures
    sales_before_previous: int = 0


def _has_activity(figures: PeriodFigures) -> bool:
    return any((figures.sales, figures.opening, figures.collected, figures.reduced))


def place(member: Member, thresholds: MatrixThresholds) -> MatrixPoint:
    """Put one rep or department into the matrix."""
    now, before = member.current, member.previous
    previous_quadrant = None
    if _has_activity(before):
        previous_quadrant = quadrant(before.sales, member.sales_before_previous, before, thresholds)
    return MatrixPoint(
        key=member.key,
        name=member.name,
        sales=now.sales,
        sales_before=before.sales,
        growth=growth(now.sales, before.sales),
        collected=now.collected,
        collectible=now.collectible,
        rate=collection_rate(now),
        quadrant=quadrant(now.sales, before.sales, now, thresholds),
        previous_growth=growth(before.sales, member.sales_before_previous) if previous_quadrant else None,
        previous_rate=collection_rate(before) if previous_quadrant else None,
        previous_quadrant=previous_quadrant,
    )


def build_matrix(members: Mapping[str, Member] | list[Member], thresholds: MatrixThresholds) -> list[MatrixPoint]:
    """Every member with something to show in the current period, sorted by key."""
    values = list(members.values()) if isinstance(members, Mapping) else list(members)
    ordered = sorted(values, key=lambda m: m.key)
    return [place(member, thresholds) for member in ordered if _has_activity(member.current)]


def quadrant_counts(points: list[MatrixPoint]) -> dict[Quadrant, int]:
    """How many sit in each quadrant."""
    counts = dict.fromkeys(Quadrant, 0)
    for point in points:
        counts[point.quadrant] += 1
    return counts
