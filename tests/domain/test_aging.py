import pytest

from arddesk.domain.aging import BucketSet, ClassThresholds, DebtClass
from arddesk.domain.problems import InvalidValue


def test_bucket_labels_due_basis() -> None:
    assert BucketSet.parse("30,60,90").labels == ["1-30", "31-60", "61-90", "over_90"]


def test_bucket_labels_delivery_basis() -> None:
    assert BucketSet.parse("30,60,90", "delivery").labels == ["0-30", "31-60", "61-90", "over_90"]


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (None, "not_due"),
        (-3, "not_due"),
        (0, "not_due"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (90, "61-90"),
        (91, "over_90"),
    ],
)
def test_bucket_for_days_overdue(days: int | None, label: str) -> None:
    assert BucketSet.parse("30,60,90").label_for(days) == label


@pytest.mark.parametrize("text", ["", "30,30", "60,30", "0,30", "a,b", "-5"])
def test_bad_bucket_edges(text: str) -> None:
    with pytest.raises(InvalidValue):
        BucketSet.parse(text)


@pytest.mark.parametrize(
    ("days", "debt_class"),
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
def test_class_at_each_threshold_edge(days: int | None, debt_class: DebtClass) -> None:
    assert ClassThresholds.parse("90,180,365").classify(days) is debt_class


def test_class_thresholds_need_three_increasing_numbers() -> None:
    with pytest.raises(InvalidValue, match="exactly 3"):
        ClassThresholds.parse("90,180")
    assert str(ClassThresholds.parse("60, 120, 240")) == "60,120,240"
