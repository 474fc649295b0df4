"""Key receivables (seed 000 §2.1): the few customers that hold most of the overdue money.

The seed tells the owner to list the key receivables apart from the rest and to push the work on
them first. Which are key is the owner's rule: the smallest set of customers, largest overdue first,
whose overdue together reaches ``share`` percent of all that is overdue, and at most ``most`` of them
(the default, 80 % and 20 customers, is the usual "few customers hold most of the money").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from arddesk.domain.problems import R_, Problem


@dataclass(frozen=True, slots=True)
class KeyRule:
    """Which customers are key: cover ``share`` percent of the overdue with at most ``most`` customers."""

    share: int = 80
    most: int = 20

    def problems(self) -> list[Problem]:
        """What is wrong with the rule (empty when it is fine)."""
        found = []
        if not 1 <= self.share <= 100:
            found.append(Problem(None, "key_share", str(self.share), R_("a percentage from 1 to 100")))
        if not 1 <= self.most <= 1000:
            found.append(Problem(None, "key_most", str(self.most), R_("a number of customers from 1 to 1000")))
        return found


def key_receivables(overdue: Sequence[tuple[str, int]], rule: KeyRule) -> list[str]:
    """The key customers' codes, largest overdue first.

    Args:
        overdue: (customer code, overdue cents) for any customers; those with nothing overdue are never key.
        rule: the owner's rule.

    Returns:
        The fewest customers, largest overdue first (ties by code), whose overdue reaches ``rule.share``
        percent of the whole, cut at ``rule.most``.
    """
    ranked = sorted(((code, cents) for code, cents in overdue if cents > 0), key=lambda item: (-item[1], item[0]))
    total = sum(cents for _code, cents in ranked)
    chosen: list[str] = []
    covered = 0
    for code, cents in ranked:
        if len(chosen) >= rule.most or covered * 100 >= rule.share * total:
            break
        chosen.append(code)
        covered += cents
    return chosen
