"""The window's one way to report a failure: a message in words, the work stopped, nothing raised further."""

from __future__ import annotations

from arddesk.domain.problems import Problem
from arddesk.services.errors import Rejected
from arddesk.ui.errors import reported


def test_a_failure_inside_reported_is_shown_once_and_marks_the_attempt(qtbot, messages):
    with reported(None, "Flag") as attempt:
        raise Rejected([Problem(None, "customer", "ZZ", "no such customer")])
    assert attempt.failed
    assert messages == ["Nothing was saved:\n• customer: no such customer (ZZ)"]


def test_work_that_succeeds_inside_reported_shows_nothing(qtbot, messages):
    with reported(None, "Flag") as attempt:
        total = 1 + 1
    assert (attempt.failed, total, messages) == (False, 2, [])
