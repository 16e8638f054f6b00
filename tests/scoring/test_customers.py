"""Review windows, sales ABC classes and survey selection."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pytest

from qmscore.errors import InvalidInputError
from qmscore.scoring import (
    SurveySelection,
    review_window,
    sales_classes,
    sales_in_window,
    select_survey_sample,
)
from qmscore.serialization import from_dict, to_dict


def test_review_window_handles_month_ends() -> None:
    assert review_window(dt.date(2026, 8, 31)) == (dt.date(2026, 2, 28), dt.date(2026, 8, 31))
    assert review_window("2026-08-31") == review_window(dt.date(2026, 8, 31))  # type: ignore[arg-type]
    assert review_window(dt.date(2026, 7, 1), months=12) == (
        dt.date(2025, 7, 1),
        dt.date(2026, 7, 1),
    )
    orders = [
        (dt.date(2026, 2, 27), 100.0),
        (dt.date(2026, 2, 28), 200.0),
        (dt.date(2026, 8, 30), 50.0),
        (dt.date(2026, 8, 31), 999.0),
    ]
    assert sales_in_window(orders, review_window(dt.date(2026, 8, 31))) == 250.0


def test_abc_boundaries_and_ties() -> None:
    # Shares 0.4, 0.4, 0.15, 0.05 -> cumulative before: 0, 0.4, 0.8, 0.95.
    rows = sales_classes({"b": 40, "a": 40, "c": 15, "d": 5})
    assert [(r.customer_id, r.sales_class) for r in rows] == [
        ("a", "A"),
        ("b", "A"),
        ("c", "B"),
        ("d", "C"),
    ]
    assert rows[-1].cumulative_share == pytest.approx(1.0)
    assert [r.sales_class for r in sales_classes({"x": 0, "y": 0})] == ["C", "C"]


def test_selection_sizes_order_and_weights() -> None:
    customers = (
        {f"b{i}": "B" for i in range(5)} | {f"c{i}": "C" for i in range(11)} | {"a": "A", "d": "D"}
    )
    s = select_survey_sample(customers, {"b0": 3, "b1": 1}, period=4)
    assert s.sample == {"A": 1, "B": 3, "C": 3, "D": 0}  # ceil(0.5 x 5) = 3, ceil(0.2 x 11) = 3
    # Never surveyed first (b2, b3, b4), then b1 (period 1), then b0 (period 3): n = 3.
    assert {p.customer_id for p in s.picks if p.grade == "B"} == {"b2", "b3", "b4"}
    assert all(p.weight == pytest.approx(5 / 3) for p in s.picks if p.grade == "B")
    assert all(p.weight == pytest.approx(11 / 3) for p in s.picks if p.grade == "C")
    assert from_dict(to_dict(s), SurveySelection) == s


def test_rotation_covers_every_b_in_2_and_every_c_in_5_periods() -> None:
    customers = {f"b{i}": "B" for i in range(7)} | {f"c{i}": "C" for i in range(13)}
    history: dict[str, int] = {}
    surveyed: dict[str, list[int]] = {c: [] for c in customers}
    for period in range(1, 11):
        s = select_survey_sample(customers, history, period=period)
        assert s.sample["B"] == math.ceil(0.5 * 7)
        assert s.sample["C"] == math.ceil(0.2 * 13)
        for p in s.picks:
            history[p.customer_id] = period
            surveyed[p.customer_id].append(period)
    for cid, periods in surveyed.items():
        limit = 2 if cid.startswith("b") else 5
        gaps = [b - a for a, b in zip([0, *periods], [*periods, 11], strict=True)]
        assert max(gaps) <= limit, (cid, periods)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (
            lambda: select_survey_sample({"x": "B"}, {}, period=1, fractions={"B": 1.5}),
            "'fractions[B]' must be in [0, 1]",
        ),
        (
            lambda: select_survey_sample({"x": "E"}, {}, period=1),
            "'customers[x]' must be a grade in",
        ),
        (
            lambda: select_survey_sample({"x": "B"}, {"x": 3}, period=3),
            "'history[x]' must be a period before 3",
        ),
        (lambda: select_survey_sample({"x": "B"}, {}, period=1.5), "'period' must be an integer"),  # type: ignore[arg-type]
        (lambda: sales_classes({"x": -5}), "'sales[x]' must be >= 0 (got -5)"),
        (lambda: sales_classes({"x": 5}, a=0.95, b=0.8), "thresholds must satisfy 0 < a < b <= 1"),
        (
            lambda: sales_in_window(
                [(dt.date(2026, 1, 1), -1)], review_window(dt.date(2026, 6, 1))
            ),
            "'orders[0].amount' must be >= 0 (got -1)",
        ),
        (lambda: review_window("2026-13-45"), "'review_date' must be an ISO 8601 date"),  # type: ignore[arg-type]
        (lambda: review_window(dt.date(2026, 6, 1), months=0), "'months' must be >= 1"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


# ---------------------------------------------------------------- issue 13


def test_ten_equal_customers_put_exactly_80_percent_before_the_ninth() -> None:
    # Issue 13 item 8. Ten customers of 100 each: before the k-th lie (k - 1) / 10 of sales.
    # k = 1..8: 0 .. 7/10 < 8/10 -> A; k = 9: exactly 8/10, not below 80% -> B;
    # k = 10: 9/10 < 95% -> B. Float addition put 0.7999999999999999 before the ninth (A).
    rows = sales_classes({f"k{i:02}": 100.0 for i in range(1, 11)})
    assert [r.sales_class for r in rows] == ["A"] * 8 + ["B"] * 2
    assert rows[7].cumulative_share == 0.8  # 8 x 1/10, exactly
    assert rows[-1].cumulative_share == 1.0


@pytest.mark.parametrize(
    ("sales", "classes"),
    [
        # total 10 000: before b 7999/10000 = 79.99% < 80% -> A; before c 94.99% < 95% -> B
        ({"a": 7999, "b": 1500, "c": 501}, ["A", "A", "B"]),
        # before b exactly 80% -> B; before c exactly 95% -> C
        ({"a": 8000, "b": 1500, "c": 500}, ["A", "B", "C"]),
        # decimal amounts: 0.8 of 1.0 before b is exactly 4/5 -> B
        ({"a": 0.8, "b": 0.2}, ["A", "B"]),
        # 0.95 / 1.0 before c -> C, although 0.8 + 0.15 is 0.9500000000000001 in floats
        ({"a": 0.8, "b": 0.15, "c": 0.05}, ["A", "B", "C"]),
    ],
)
def test_each_side_of_the_80_and_95_percent_boundaries(
    sales: dict[str, float], classes: list[str]
) -> None:
    assert [r.sales_class for r in sales_classes(sales)] == classes


def test_thresholds_and_amounts_are_read_exactly_in_any_number_type() -> None:
    sales = {"a": 8000, "b": 1500, "c": 500}
    expected = [r.sales_class for r in sales_classes(sales)]
    assert [r.sales_class for r in sales_classes(sales, a=Fraction(4, 5), b=Decimal("0.95"))] == (
        expected
    )
    exact: dict[str, float | Decimal | Fraction] = {
        "a": Fraction(8, 10),
        "b": Decimal("0.15"),
        "c": 0.05,
    }
    assert [r.sales_class for r in sales_classes(exact)] == ["A", "B", "C"]
    # 0.1 x 30 = 3.0000000000000004 in floats; exactly 3 customers are surveyed.
    s = select_survey_sample(
        {f"b{i:02}": "B" for i in range(30)}, {}, period=1, fractions={"B": 0.1}
    )
    assert s.sample == {"B": 3}
