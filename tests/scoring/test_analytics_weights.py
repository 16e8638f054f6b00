"""Design-weighted estimates (issue 18 item 5) against hand arithmetic and statsmodels."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    score_responses,
    select_survey_sample,
    summarize,
)

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


def junk(value: Any) -> Any:
    """Pass a wrongly typed value past the type checker."""
    return value


ROWS = [
    resp("very_satisfied"),  # 100
    resp("satisfied"),  # 88
    resp("satisfied", price="opposed"),  # 85
    resp("indifferent"),  # 60
    resp("satisfied"),  # 88
    resp("very_satisfied", performance="satisfied"),  # 97
]
VALUES = [100.0, 88.0, 85.0, 60.0, 88.0, 97.0]


def test_weights_with_strata_match_the_stratified_mean() -> None:
    # Grade A: first 2 responses of N_A = 4 (weight 2); grade B: the other 4 of N_B = 12
    # (weight 3). N_h = the weights' sum, so the weighted estimate is the stratified
    # mean with stratum_sizes {A: 4, B: 12}, and its variance the same formula.
    strata = ["A", "A", "B", "B", "B", "B"]
    weights = [2.0, 2.0, 3.0, 3.0, 3.0, 3.0]
    s = summarize(
        score_responses(ROWS), strata=strata, stratum_sizes={"A": 4, "B": 12}, weights=weights
    )
    assert s.weighted_mean is not None
    assert s.stratified_mean is not None
    # Estimate by hand: (2 x 100 + 2 x 88 + 3 x (85 + 60 + 88 + 97)) / 16 = 1366 / 16.
    assert s.weighted_mean.estimate == pytest.approx(1366 / 16)
    assert s.weighted_mean.estimate == pytest.approx(s.stratified_mean.estimate)
    # Variance: A: W = 1/4, s^2 = 72, fpc 1/2, n 2: 1/16 x 0.5 x 72 / 2 = 1.125;
    # B: W = 3/4, values 85, 60, 88, 97 (mean 82.5, s^2 = 254.33), fpc 2/3, n 4:
    # 9/16 x 2/3 x 254.33 / 4 = 23.844. Total 24.969; df = n - H = 4.
    b = [85.0, 60.0, 88.0, 97.0]
    var = (1 / 16) * 0.5 * 72 / 2 + (9 / 16) * (2 / 3) * float(np.var(b, ddof=1)) / 4
    half = stats.t.ppf(0.975, 4) * math.sqrt(var)
    assert s.weighted_mean.high == pytest.approx(1366 / 16 + half, rel=1e-9)


def test_equal_weights_without_fpc_give_the_unweighted_interval() -> None:
    s = summarize(score_responses(ROWS), weights=[5.0] * 6, fpc=False)
    assert s.weighted_mean is not None
    assert s.mean_interval is not None
    assert s.weighted_mean.estimate == pytest.approx(s.mean)
    assert s.weighted_mean.low == pytest.approx(s.mean_interval.low, rel=1e-12)
    # With the correction, equal weights w are a population of w x n (Cochran's 1 - n/N).
    f = summarize(score_responses(ROWS), weights=[5.0] * 6)
    p = summarize(score_responses(ROWS), population=30)
    assert f.weighted_mean is not None
    assert p.mean_interval is not None
    assert f.weighted_mean.high == pytest.approx(p.mean_interval.high, rel=1e-12)


def test_unequal_weights_one_stratum_against_statsmodels_mean() -> None:
    weights = [1.0, 2.0, 4.0, 1.5, 3.0, 2.5]
    s = summarize(score_responses(ROWS), weights=weights, fpc=False)
    assert s.weighted_mean is not None
    assert s.weighted_mean.estimate == pytest.approx(DescrStatsW(VALUES, weights=weights).mean)
    # Linearised variance: z_i = w_i (y_i - mean) / N, n/(n-1) sum (z_i - z_bar)^2.
    total = sum(weights)
    m = sum(w * y for w, y in zip(weights, VALUES, strict=True)) / total
    z = [w * (y - m) / total for w, y in zip(weights, VALUES, strict=True)]
    var = 6 / 5 * sum((u - sum(z) / 6) ** 2 for u in z)
    assert s.weighted_mean.high == pytest.approx(m + stats.t.ppf(0.975, 5) * math.sqrt(var))


def test_weights_from_select_survey_sample() -> None:
    sel = select_survey_sample(
        {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "b3": "B", "b4": "B"}, {}, period=1
    )
    # A 2 of 2 (weight 1), B 2 of 4 (weight 2).
    assert [(p.grade, p.weight) for p in sel.picks] == [
        ("A", 1.0),
        ("A", 1.0),
        ("B", 2.0),
        ("B", 2.0),
    ]
    rows = [resp("very_satisfied"), resp("satisfied"), resp("indifferent"), resp("satisfied")]
    s = summarize(
        score_responses(rows),
        weights=[p.weight for p in sel.picks],
        strata=[p.grade for p in sel.picks],
        stratum_sizes=sel.population,
    )
    # (100 + 88 + 2 x 60 + 2 x 88) / 6 = 484 / 6; A is a census (fpc 0).
    assert s.weighted_mean is not None
    assert s.weighted_mean.estimate == pytest.approx(484 / 6)
    bvar = (4 / 6) ** 2 * 0.5 * float(np.var([60.0, 88.0], ddof=1)) / 2
    assert s.weighted_mean.high == pytest.approx(484 / 6 + stats.t.ppf(0.975, 2) * math.sqrt(bvar))


BAD = [
    (lambda: summarize(score_responses(ROWS), weights=[1.0]), InvalidInputError, "one weight"),
    (lambda: summarize(score_responses(ROWS), weights=[0.5] * 6), InvalidInputError, ">= 1"),
    (lambda: summarize(score_responses(ROWS), weights=junk("w")), InvalidTypeError, "a list"),
    (
        lambda: summarize(score_responses(ROWS), weights=[1.0] * 6, fpc=junk("no")),
        InvalidTypeError,
        "True or False",
    ),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: Any, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert fragment in str(info.value)
