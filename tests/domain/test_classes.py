import pytest

from arddesk.domain.aging import ClassThresholds, DebtClass
from arddesk.domain.classes import ClassOverride, ClassSource, effective_class, override_problems, worse

THRESHOLDS = ClassThresholds.parse("90,180,365")


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (None, DebtClass.NOT_DUE),
        (0, DebtClass.NOT_DUE),
        (1, DebtClass.DUNNING),
        (90, DebtClass.DUNNING),
        (91, DebtClass.DOUBTFUL),
        (180, DebtClass.DOUBTFUL),
        (181, DebtClass.BAD),
        (365, DebtClass.BAD),
        (366, DebtClass.DEAD),
    ],
)
def test_class_by_days_at_each_threshold_edge(days: int | None, expected: DebtClass) -> None:
    result = effective_class(days, THRESHOLDS)
    assert result.debt_class is expected
    assert result.source is ClassSource.DAYS
    assert not result.overridden


def test_thresholds_come_from_the_company_setting() -> None:
    assert effective_class(61, ClassThresholds.parse("60,120,240")).debt_class is DebtClass.DOUBTFUL
    assert effective_class(61, THRESHOLDS).debt_class is DebtClass.DUNNING


def test_customer_override_beats_days_even_for_items_not_yet_due() -> None:
    closed = ClassOverride(DebtClass.BAD, "closed down")
    result = effective_class(0, THRESHOLDS, customer_override=closed)
    assert (result.debt_class, result.source, result.computed, result.reason) == (
        DebtClass.BAD,
        ClassSource.CUSTOMER,
        DebtClass.NOT_DUE,
        "closed down",
    )


def test_delivery_override_beats_customer_override() -> None:
    result = effective_class(
        200,
        THRESHOLDS,
        delivery_override=ClassOverride(DebtClass.DUNNING, "promised to pay on Friday"),
        customer_override=ClassOverride(DebtClass.DEAD, "closed down"),
    )
    assert result.debt_class is DebtClass.DUNNING
    assert result.source is ClassSource.DELIVERY
    assert result.computed is DebtClass.BAD
    assert result.reason == "promised to pay on Friday"


def test_an_override_may_move_to_a_better_class() -> None:
    result = effective_class(
        400, THRESHOLDS, delivery_override=ClassOverride(DebtClass.DUNNING, "paying by instalments")
    )
    assert result.debt_class is DebtClass.DUNNING
    assert result.computed is DebtClass.DEAD


def test_worse_of_two_classes() -> None:
    assert worse(DebtClass.DUNNING, DebtClass.BAD) is DebtClass.BAD
    assert worse(DebtClass.DEAD, DebtClass.NOT_DUE) is DebtClass.DEAD


def test_an_override_needs_a_known_class_and_a_reason() -> None:
    assert override_problems("bad", "closed") == []
    problems = override_problems("awful", "  ")
    assert [p.column for p in problems] == ["class", "reason"]
