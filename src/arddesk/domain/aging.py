"""Aging buckets and the five classes of receivable (货款分类)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from arddesk.domain.problems import R_, InvalidValue, Message

DEFAULT_BUCKETS = "30,60,90,180,365"
DEFAULT_CLASS_THRESHOLDS = "90,180,365"
NOT_DUE = "not_due"


class Basis(StrEnum):
    """What the days of an open delivery are counted from."""

    DUE = "due"
    DELIVERY = "delivery"


class DebtClass(StrEnum):
    """The five classes, each with its own collection effort."""

    NOT_DUE = "not_due"  # 未收款
    DUNNING = "dunning"  # 催收款
    DOUBTFUL = "doubtful"  # 准呆账
    BAD = "bad"  # 呆账
    DEAD = "dead"  # 死账


@dataclass(frozen=True, slots=True)
class Bucket:
    """A range of days, inclusive at both ends; ``high`` None means open-ended."""

    label: str
    low: int
    high: int | None

    def contains(self, days: int) -> bool:
        """Whether an item this many days old falls in the bucket."""
        return days >= self.low and (self.high is None or days <= self.high)


def _parse_edges(text: str, what: Message, count: int | None = None) -> list[int]:
    try:
        edges = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError as exc:
        raise InvalidValue(R_("{what}: whole numbers of days separated by commas, e.g. 30,60,90"), what=what) from exc
    if not edges:
        raise InvalidValue(R_("{what}: give at least one number of days"), what=what)
    if edges[0] < 1 or any(b <= a for a, b in itertools.pairwise(edges)):
        raise InvalidValue(R_("{what}: positive and increasing, e.g. 30,60,90"), what=what)
    if count is not None and len(edges) != count:
        raise InvalidValue(R_("{what}: exactly {count} numbers of days"), what=what, count=count)
    return edges


@dataclass(frozen=True, slots=True)
class BucketSet:
    """The buckets of one aging: edges as given (``30,60,90``) and a basis."""

    edges: tuple[int, ...]
    basis: Basis = Basis.DUE

    @classmethod
    def parse(cls, text: str, basis: Basis | str = Basis.DUE) -> BucketSet:
        """Read bucket edges such as ``30,60,90``.

        Raises:
            InvalidValue: when the edges are not positive and increasing.
        """
        return cls(tuple(_parse_edges(text, Message(R_("buckets")))), Basis(basis))

    @property
    def buckets(self) -> list[Bucket]:
        """``1-30``, ``31-60``, ``61-90``, ``over_90`` (``0-30`` first for the delivery basis)."""
        result: list[Bucket] = []
        low = 1 if self.basis is Basis.DUE else 0
        for edge in self.edges:
            result.append(Bucket(f"{low}-{edge}", low, edge))
            low = edge + 1
        result.append(Bucket(f"over_{self.edges[-1]}", low, None))
        return result

    @property
    def labels(self) -> list[str]:
        """The bucket column names, not counting ``not_due``."""
        return [bucket.label for bucket in self.buckets]

    def label_for(self, days: int | None) -> str:
        """The bucket of an item this many days old; None or ≤ 0 on the due basis is ``not_due``."""
        if days is None or (self.basis is Basis.DUE and days <= 0):
            return NOT_DUE
        for bucket in self.buckets:
            if bucket.contains(days):
                return bucket.label
        return self.buckets[0].label  # negative days on the delivery basis: a post-dated delivery


@dataclass(frozen=True, slots=True)
class ClassThresholds:
    """Days overdue at which an item becomes doubtful, bad and dead; dunning below."""

    doubtful_after: int = 90
    bad_after: int = 180
    dead_after: int = 365

    @classmethod
    def parse(cls, text: str) -> ClassThresholds:
        """Read ``90,180,365``.

        Raises:
            InvalidValue: unless three increasing positive numbers.
        """
        doubtful, bad, dead = _parse_edges(text, Message(R_("class thresholds")), 3)
        return cls(doubtful, bad, dead)

    def __str__(self) -> str:
        return f"{self.doubtful_after},{self.bad_after},{self.dead_after}"

    def classify(self, days_overdue: int | None) -> DebtClass:
        """The class of an item by days overdue (None: not due)."""
        if days_overdue is None or days_overdue <= 0:
            return DebtClass.NOT_DUE
        if days_overdue > self.dead_after:
            return DebtClass.DEAD
        if days_overdue > self.bad_after:
            return DebtClass.BAD
        if days_overdue > self.doubtful_after:
            return DebtClass.DOUBTFUL
        return DebtClass.DUNNING
