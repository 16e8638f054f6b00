"""Trend over periods (issue 18 item 3) against statsmodels WLS and scipy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    mann_kendall,
    score_response,
    score_responses,
    trend,
)

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


def junk(value: Any) -> Any:
    """Pass a wrongly typed value past the type checker."""
    return value


def wls_oracle(groups: list[list[float]], times: list[float]) -> tuple[float, float, float]:
    y = [float(np.mean(g)) for g in groups]
    w = [len(g) / float(np.var(g, ddof=1)) for g in groups]
    fit = sm.WLS(y, sm.add_constant(np.array(times)), weights=w).fit()
    low, high = fit.conf_int()[1]
    return float(fit.params[1]), float(low), float(high)


@pytest.mark.parametrize(
    ("groups", "times"),
    [
        ([[80, 84, 82], [78, 80, 79], [74, 76, 75], [70, 72, 71]], [0, 1, 2, 3]),
        (
            [[60, 90, 75, 80], [70, 71], [88, 64, 90], [85, 80, 83, 90, 70]],
            [2020, 2020.5, 2021, 2022],
        ),
        ([[1.0, 2.0], [2.0, 4.0], [1.5, 1.0]], [0, 1, 5]),
    ],
)
def test_wls_slope_against_statsmodels(groups: list[list[float]], times: list[float]) -> None:
    slope, low, high = wls_oracle(
        [[float(v) for v in g] for g in groups], [float(t) for t in times]
    )
    t = trend(groups, times=times, labels=[f"P{i}" for i in range(len(groups))])
    assert t.slope.estimate == pytest.approx(slope, rel=1e-9)
    assert t.slope.low == pytest.approx(low, rel=1e-9)
    assert t.slope.high == pytest.approx(high, rel=1e-9)
    assert t.df == len(groups) - 2
    assert [p.label for p in t.periods] == [f"P{i}" for i in range(len(groups))]
    for p, g in zip(t.periods, groups, strict=True):
        lo, hi = stats.t.interval(0.95, len(g) - 1, loc=np.mean(g), scale=stats.sem(g))
        assert p.mean.low == pytest.approx(lo)
        assert p.mean.high == pytest.approx(hi)


def test_mann_kendall_by_hand_and_against_scipy() -> None:
    ys = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0]
    # S counts later-minus-earlier signs over the 28 pairs.
    s = sum(
        (ys[j] > ys[i]) - (ys[j] < ys[i]) for i in range(len(ys)) for j in range(i + 1, len(ys))
    )
    m = mann_kendall(ys, continuity=False)
    assert m.s == s
    # No ties: var = 8 x 7 x 21 / 18 = 65.333; scipy's asymptotic Kendall tau p-value
    # uses the same variance without a continuity correction.
    assert m.variance == pytest.approx(8 * 7 * 21 / 18)
    tau = stats.kendalltau(range(len(ys)), ys, method="asymptotic")
    assert m.s == pytest.approx(tau.statistic * 28)
    assert m.p_value == pytest.approx(tau.pvalue, rel=1e-9)
    corrected = mann_kendall(ys)
    assert corrected.z == pytest.approx((s - 1) / math.sqrt(8 * 7 * 21 / 18))
    assert corrected.p_value == pytest.approx(2 * stats.norm.sf(abs(corrected.z)))


def test_mann_kendall_with_ties() -> None:
    # [1, 1, 2, 3]: pairs (1,1) 0, five +1 -> S = 5; ties one group of 2:
    # var = (4 x 3 x 13 - 2 x 1 x 9) / 18 = (156 - 18) / 18 = 7.667.
    m = mann_kendall([1, 1, 2, 3])
    assert m.s == 5
    assert m.variance == pytest.approx(138 / 18)
    assert m.z == pytest.approx(4 / math.sqrt(138 / 18))
    assert m.direction == "none"  # p = 0.148
    down = mann_kendall(list(range(20, 0, -1)))
    assert down.direction == "down"
    flat = mann_kendall([2, 2, 2])
    assert (flat.s, flat.z, flat.p_value, flat.direction) == (0, 0.0, 1.0, "none")


def test_items_falling_from_batches_and_score_lists() -> None:
    waves = []
    for k in range(4):
        # Performance slides from very satisfied to dissatisfied over 4 periods.
        levels = ["very_satisfied", "satisfied", "indifferent", "dissatisfied"]
        rows = [resp("satisfied", performance=levels[k])] * 5 + [
            resp("very_satisfied", performance=levels[k], price="satisfied")
        ] * 5
        waves.append(rows)
    batches = [score_responses(w) for w in waves]
    t = trend(batches)
    assert t.falling_items == ("performance",)
    perf = next(i for i in t.items if i.key == "performance")
    assert perf.slope is not None
    assert perf.mann_kendall is not None
    # Performance points 30, 27, 18, 15 in every response: constant within a period,
    # the weights fall back to equal, and the slope is the OLS one:
    # x = 0..3, mean 1.5; y = 30, 27, 18, 15, mean 22.5;
    # Sxy = (-1.5)(7.5) + (-0.5)(4.5) + 0.5(-4.5) + 1.5(-7.5) = -27, Sxx = 5 -> -5.4.
    assert perf.slope.estimate == pytest.approx(-5.4)
    price = next(i for i in t.items if i.key == "price")
    assert price.slope == pytest.approx(price.slope)
    assert not price.falling
    assert t.direction == "down"
    assert t.reasons[-1].code == "scoring.items_falling"
    assert "performance" in t.reasons[-1].en
    assert "显著下降" in t.reasons[-1].zh
    lists = trend([[score_response(r) for r in w] for w in waves])
    assert lists.falling_items == ("performance",)
    assert lists.slope.estimate == pytest.approx(t.slope.estimate)


def test_item_with_too_few_answers_has_no_trend() -> None:
    waves = [
        [resp("satisfied", price=None), resp("satisfied", price=None)],
        [resp("satisfied"), resp("very_satisfied")],
        [resp("indifferent"), resp("satisfied")],
    ]
    t = trend([score_responses(w) for w in waves])
    price = next(i for i in t.items if i.key == "price")
    assert price.slope is None
    assert not price.falling


def test_constant_series_has_no_trend() -> None:
    t = trend([[80.0, 80.0], [80.0, 80.0], [80.0, 80.0]])
    assert (t.slope.estimate, t.slope.low, t.slope.high, t.direction) == (0.0, 0.0, 0.0, "none")
    assert t.mann_kendall.s == 0
    assert t.items == ()
    assert "未显示出趋势" in t.reasons[0].zh


BAD = [
    (lambda: trend([[1, 2], [1, 2]]), InvalidInputError, "at least 3 periods"),
    (lambda: trend([[1, 2], [1], [1, 2]]), InvalidInputError, "'periods[1]' must be at least 2"),
    (lambda: trend([[1, 2]] * 3, times=[0, 2, 1]), InvalidInputError, "strictly increasing"),
    (lambda: trend([[1, 2]] * 3, labels=["a"]), InvalidInputError, "one label and one time"),
    (lambda: trend([[1, 2]] * 3, labels=junk([1, 2, 3])), InvalidTypeError, "a non-empty string"),
    (lambda: trend(junk([[1, "x"]] * 3)), InvalidTypeError, "'periods[0][1]' must be a number"),
    (lambda: trend(junk("abc")), InvalidTypeError, "'periods' must be a list"),
    (lambda: trend([[1, 2]] * 3, confidence=2), InvalidInputError, "in (0, 1)"),
    (lambda: mann_kendall([1]), InvalidInputError, "at least 2 values"),
    (lambda: mann_kendall([1, 2], continuity=junk("no")), InvalidTypeError, "True or False"),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: Any, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert fragment in str(info.value)


def test_items_from_score_lists_of_a_custom_form() -> None:
    from qmscore.scoring import AnswerLevel, GradeBand, Item, Questionnaire

    levels = (
        AnswerLevel("good", "good", "好", "a loyal"),
        AnswerLevel("ok", "ok", "一般", "b satisfied"),
        AnswerLevel("bad", "bad", "差", "e opposed"),
    )
    form = Questionnaire(
        "two items",
        (
            Item("speed", "speed", "速度", 0.6, {"good": 60, "ok": 30, "bad": 0}),
            Item("care", "care", "关怀", 0.4, {"good": 40, "ok": 20, "bad": 0}),
        ),
        levels,
        (GradeBand("P", 50.0, None, "pass", "及格"), GradeBand("F", 0.0, 50.0, "fail", "不及格")),
    )
    waves = [
        [{"speed": s, "care": "good"}, {"speed": s, "care": "ok"}] for s in ("good", "ok", "bad")
    ]
    t = trend([[score_response(r, form) for r in w] for w in waves])
    speed = next(i for i in t.items if i.key == "speed")
    # Speed points 60, 30, 0 (constant within each period): slope -30 per period.
    assert speed.slope is not None
    assert speed.slope.estimate == pytest.approx(-30.0)
    assert t.falling_items == ("speed",)
