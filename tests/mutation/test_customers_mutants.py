"""Customer classification inputs and reasons that surviving mutants showed untested (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.scoring import review_window, sales_classes, sales_in_window, select_survey_sample

D = dt.date
JAN = (D(2026, 1, 1), D(2026, 1, 31))


def test_review_window_bounds() -> None:
    assert review_window(D(2126, 8, 31), 1200)[1] == D(2126, 8, 31)
    with pytest.raises(InvalidInputError, match=r"^'months' must be <= 1200"):
        review_window(D(2126, 8, 31), 1201)
    with pytest.raises(
        InvalidInputError, match=r"^'review_date' must be at least 6 months after 0001-01-01"
    ):
        review_window(D(1, 3, 1))


def test_sales_class_shares() -> None:
    rows = sales_classes({"x": 3, "y": 1})
    # 3 of 4 and 1 of 4.
    assert [(r.customer_id, r.share) for r in rows] == [("x", 0.75), ("y", 0.25)]


def test_threshold_b_of_one_is_accepted_and_bad_thresholds_are_named() -> None:
    assert len(sales_classes({"x": 1}, b=1)) == 1
    with pytest.raises(InvalidInputError, match=r"^'b' must be"):
        sales_classes({"x": 1}, b="high")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as info:
        sales_classes({"x": 1}, a=0.9, b=0.8)
    assert str(info.value) == "thresholds must satisfy 0 < a < b <= 1 (got a=0.9, b=0.8)"
    assert (info.value.field, info.value.value) == ("b", 0.8)
    with pytest.raises(InvalidInputError, match=r"^'sales key' must be"):
        sales_classes({1: 5})  # type: ignore[dict-item]


def test_sales_window_of_one_day_and_bad_windows() -> None:
    day = D(2026, 1, 5)
    # [start, end): an empty window (start == end) is allowed and sums nothing.
    assert sales_in_window([(day, 10)], (day, day)) == 0.0
    assert sales_in_window([(day, 10), (D(2026, 1, 6), 1)], (day, D(2026, 1, 6))) == 10.0
    with pytest.raises(
        InvalidInputError, match=r"^'window' must be a \(start, end\) pair of dates"
    ):
        sales_in_window([], (D(2026, 1, 1),))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'window\[0\]' must be"):
        sales_in_window([], ("2026-13-01", D(2026, 1, 31)))  # type: ignore[arg-type]
    with pytest.raises(
        InvalidInputError, match=r"^'window' must be a \(start, end\) pair with start <= end \(got"
    ):
        sales_in_window([], (D(2026, 1, 31), D(2026, 1, 1)))


def test_order_must_be_a_pair() -> None:
    with pytest.raises(InvalidInputError, match=r"^'orders\[0\]' must be a \(date, amount\) pair"):
        sales_in_window([(D(2026, 1, 5),)], JAN)  # type: ignore[list-item]


def test_survey_sample_reasons_and_bad_inputs() -> None:
    picks = select_survey_sample({"c1": "A", "c2": "A"}, {"c1": 3}, period=5).picks
    assert sorted(p.reason.en for p in picks) == [
        "Grade A: 100% of 2 -> 2; last surveyed in period 3",
        "Grade A: 100% of 2 -> 2; never surveyed",
    ]
    with pytest.raises(InvalidInputError, match=r"^'fractions' must be"):
        select_survey_sample({}, {}, period=1, fractions=5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'fractions key' must be"):
        select_survey_sample({}, {}, period=1, fractions={1: 0.5})  # type: ignore[dict-item]
    with pytest.raises(InvalidInputError, match=r"^'customers' must be"):
        select_survey_sample(5, {}, period=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'customers\[c1\]' must be a grade in"):
        select_survey_sample({"c1": 5}, {}, period=1)  # type: ignore[dict-item]
    with pytest.raises(InvalidInputError, match=r"^'history' must be"):
        select_survey_sample({}, 5, period=1)  # type: ignore[arg-type]
