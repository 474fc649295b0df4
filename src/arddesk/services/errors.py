"""How a service says no: the problems found, all at once, as values."""

from __future__ import annotations

from collections.abc import Sequence

from arddesk.domain.problems import Problem


class Rejected(Exception):
    """Nothing was written because the input has problems; ``problems`` names each one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def reject_if(problems: Sequence[Problem]) -> None:
    """Raise :class:`Rejected` when there is any problem."""
    if problems:
        raise Rejected(problems)
