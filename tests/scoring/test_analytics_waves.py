"""Wave-to-wave change (issue 18 item 2) against statsmodels and hand arithmetic."""

from __future__ import annotations

import math
from typing import Any

import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    compare_waves,
    nps_difference,
    proportion_difference,
    score_response,
    score_responses,
    welch_difference,
    wilson,
)

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]
Z95 = stats.norm.ppf(0.975)


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([80.0, 82, 84, 86, 90], [70.0, 72, 74, 76]),
        ([60.0, 95, 88, 71, 77, 83, 90], [88.0, 89, 90, 91, 92, 93]),
        ([50.0, 50.1], [50.0, 99.0, 12.5]),
    ],
)
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_welch_against_statsmodels(
    before: list[float], after: list[float], confidence: float
) -> None:
    cm = CompareMeans(DescrStatsW(after), DescrStatsW(before))
    low, high = cm.tconfint_diff(alpha=1 - confidence, usevar="unequal")
    c = welch_difference(before, after, confidence=confidence)
    assert c.difference == pytest.approx(sum(after) / len(after) - sum(before) / len(before))
    assert c.low == pytest.approx(low, rel=1e-9)
    assert c.high == pytest.approx(high, rel=1e-9)
    assert c.method == "welch"


def test_welch_with_a_tiny_spread_does_not_underflow() -> None:
    # Found by Hypothesis: variances whose squares underflow to 0. One side has all
    # the variance, so df = n - 1 = 1 and the interval is 12.706 x se wide each way.
    c = welch_difference([0.0, 0.0], [0.0, 4.865469785185458e-134])
    se = 4.865469785185458e-134 / 2  # sd / sqrt(2) / sqrt(2): s = x / sqrt(2), se = s / sqrt(2)
    assert c.high == pytest.approx(c.difference + stats.t.ppf(0.975, 1) * se, rel=1e-9)


def test_welch_with_no_spread_is_a_point() -> None:
    c = welch_difference([80, 80], [70, 70])
    assert (c.low, c.high, c.changed, c.direction) == (-10.0, -10.0, True, "down")


@pytest.mark.parametrize(
    ("xb", "nb", "xa", "na"), [(10, 50, 20, 50), (0, 12, 3, 30), (7, 7, 1, 9), (44, 300, 61, 280)]
)
def test_newcombe_against_statsmodels(xb: int, nb: int, xa: int, na: int) -> None:
    low, high = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff")
    c = proportion_difference(xb, nb, xa, na)
    assert c.low == pytest.approx(low, abs=1e-12)
    assert c.high == pytest.approx(high, abs=1e-12)
    assert c.difference == pytest.approx(xa / na - xb / nb)


@pytest.mark.parametrize(("x", "n"), [(0, 10), (8, 10), (37, 120), (5, 5)])
def test_wilson_against_statsmodels(x: int, n: int) -> None:
    low, high = proportion_confint(x, n, method="wilson")
    i = wilson(x, n)
    assert i.low == pytest.approx(low, abs=1e-12)
    assert i.high == pytest.approx(high, abs=1e-12)


def test_nps_difference_by_hand() -> None:
    # Source of the method: Rocks (2016); MeasuringU "Comparing two Net Promoter
    # Scores". Before: 20 promoters, 20 detractors of 40; after: 32 and 8 of 40.
    # Adjusted: n~ = 43; before p~ = 20.75/43, d~ = 20.75/43, NPS~ = 0,
    # var_b = 41.5/43 - 0 = 0.965116; after p~ = 32.75/43 = 0.761628,
    # d~ = 8.75/43 = 0.203488, NPS~ = 0.558140, var_a = 0.965116 - 0.311520 = 0.653596.
    # se = sqrt((0.965116 + 0.653596) / 43) = sqrt(0.037644) = 0.194022;
    # half = 1.959964 x 0.194022 = 0.380276 -> [0.177864, 0.938416], points [17.79, 93.84].
    c = nps_difference([10] * 20 + [5] * 20, [10] * 32 + [5] * 8)
    nb = na = 43
    pb = db = 20.75 / nb
    pa, da = 32.75 / na, 8.75 / na
    vb, va = pb + db - (pb - db) ** 2, pa + da - (pa - da) ** 2
    se = math.sqrt(vb / nb + va / na)
    assert se == pytest.approx(0.194022, abs=1e-6)
    assert c.low == pytest.approx(17.7864, abs=1e-3)
    assert c.low == pytest.approx(100 * ((pa - da) - Z95 * se), rel=1e-12)
    assert c.high == pytest.approx(100 * ((pa - da) + Z95 * se), rel=1e-12)
    assert (c.before, c.after, c.difference, c.direction) == (0.0, 60.0, 60.0, "up")
    assert c.reasons[0].source is not None


def _waves() -> tuple[Any, Any]:
    april = [resp("very_satisfied")] * 10 + [resp("satisfied")] * 8 + [resp("indifferent")] * 2
    october = (
        [resp("satisfied")] * 12
        + [resp("indifferent")] * 6
        + [resp("satisfied", performance="opposed", delivery=None)] * 2
    )
    return score_responses(april), score_responses(october)


def test_compare_waves_against_statsmodels() -> None:
    april, october = _waves()
    vb = [v for v in april.normalized if v is not None]
    va = [v for v in october.normalized if v is not None]
    w = compare_waves(april, october, nps_before=[10] * 20, nps_after=[6] * 20)
    low, high = CompareMeans(DescrStatsW(va), DescrStatsW(vb)).tconfint_diff(usevar="unequal")
    assert w.mean.low == pytest.approx(low)
    assert w.mean.high == pytest.approx(high)
    # Below 75: april 2 (indifferent = 60), october 6 + 2: the opposed response scores
    # (88 - 27 + 5 - 9) / 90 x 100 = 63.3 over the answered 90 points.
    below = [sum(v < 75 for v in vb), sum(v < 75 for v in va)]
    assert below == [2, 8]
    lo, hi = confint_proportions_2indep(8, 20, 2, 20, method="newcomb", compare="diff")
    assert w.below_corrective.low == pytest.approx(lo)
    assert w.below_corrective.high == pytest.approx(hi)
    # Grade A: 10/20 -> 0/20.
    lo, hi = confint_proportions_2indep(0, 20, 10, 20, method="newcomb", compare="diff")
    assert w.grades["A"].low == pytest.approx(lo)
    assert w.grades["A"].direction == "down"
    perf = next(i for i in w.items if i.key == "performance")
    assert perf.mean_points is not None
    assert perf.dissatisfied is not None
    pb = [30.0] * 10 + [27.0] * 8 + [18.0] * 2
    pa = [27.0] * 12 + [18.0] * 6 + [5.0] * 2
    low, high = CompareMeans(DescrStatsW(pa), DescrStatsW(pb)).tconfint_diff(usevar="unequal")
    assert perf.mean_points.low == pytest.approx(low)
    # Dissatisfied on performance (worse than "satisfied"): 2/20 -> 8/20.
    lo, hi = confint_proportions_2indep(8, 20, 2, 20, method="newcomb", compare="diff")
    assert perf.dissatisfied.high == pytest.approx(hi)
    delivery = next(i for i in w.items if i.key == "delivery")
    assert delivery.dissatisfied is not None
    assert delivery.dissatisfied.after == 6 / 18
    assert w.nps is not None
    assert w.nps.direction == "down"
    assert all(r.code == "scoring.wave_changed" for r in w.reasons)
    assert any("下降" in r.zh for r in w.reasons)
    assert len(w.changes()) == 2 + 1 + 5 + 20


def test_compare_waves_from_score_lists_and_item_gaps() -> None:
    before = [score_response(resp("satisfied")), score_response(resp("very_satisfied"))]
    after = [
        score_response(resp("satisfied", price=None)),
        score_response(resp("satisfied", price="opposed")),
    ]
    w = compare_waves(before, after)
    price = next(i for i in w.items if i.key == "price")
    # Only one answered price in "after": no mean change, but a share (0/2 -> 1/1).
    assert price.mean_points is None
    assert price.dissatisfied is not None
    assert price.dissatisfied.after == 1.0
    assert w.nps is None


def test_swapping_waves_negates() -> None:
    april, october = _waves()
    a = compare_waves(april, october)
    b = compare_waves(october, april)
    for x, y in zip(a.changes(), b.changes(), strict=True):
        assert x.difference == pytest.approx(-y.difference)
        assert x.low == pytest.approx(-y.high)
        assert x.high == pytest.approx(-y.low)


def junk(value: Any) -> Any:
    """Pass a wrongly typed value past the type checker."""
    return value


BAD = [
    (lambda: welch_difference([1], [1, 2]), InvalidInputError, "'before' must be at least 2"),
    (lambda: welch_difference([1, float("nan")], [1, 2]), InvalidInputError, "not NaN"),
    (lambda: welch_difference(junk("12"), [1, 2]), InvalidTypeError, "'before' must be a list"),
    (
        lambda: proportion_difference(5, 4, 1, 2),
        InvalidInputError,
        "'successes_before' must be <= 4",
    ),
    (lambda: proportion_difference(1, 0, 1, 2), InvalidInputError, "'n_before' must be >= 1"),
    (lambda: nps_difference([10], [11]), InvalidInputError, "an integer 0..10"),
    (lambda: nps_difference([10], [9], confidence=0), InvalidInputError, "in (0, 1)"),
    (lambda: compare_waves([], []), InvalidInputError, "at least 2 scored"),
    (lambda: compare_waves(junk([1, 2]), []), InvalidTypeError, "a SatisfactionScore"),
    (
        lambda: compare_waves(*_waves(), nps_before=[10]),
        InvalidInputError,
        "must be given together",
    ),
    (
        lambda: compare_waves(*_waves(), questionnaire=junk("q")),
        InvalidTypeError,
        "a Questionnaire",
    ),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: Any, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert fragment in str(info.value)
