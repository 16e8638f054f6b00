"""NPS intervals (issue 18 item 1) against hand arithmetic and independent oracles."""

from __future__ import annotations

import collections
import math
import random

import numpy as np
import pytest
from scipy import optimize, stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    DEFAULT_NPS_METHOD,
    NPS_METHODS,
    nps_counts,
    nps_interval,
    weighted_nps,
)
from qmscore.scoring.nps_intervals import _binomial, _constrained_d

Z95 = stats.norm.ppf(0.975)  # 1.959964...


def test_wald_by_hand() -> None:
    # 15 promoters, 10 passives, 5 detractors of 30: p = 0.5, d = 1/6, NPS = 1/3.
    # Trinomial variance p + d - (p - d)^2 = 0.5 + 0.1667 - 0.1111 = 0.5556;
    # se = sqrt(0.5556 / 30) = 0.13608; half-width 1.96 x 0.13608 = 0.26672.
    p, d = 0.5, 1 / 6
    se = math.sqrt((p + d - (p - d) ** 2) / 30)
    r = nps_counts(15, 10, 5, method="wald")
    assert r.estimate == pytest.approx(100 / 3)
    assert r.low == pytest.approx(100 * (1 / 3 - Z95 * se), rel=1e-12)
    assert r.high == pytest.approx(100 * (1 / 3 + Z95 * se), rel=1e-12)
    assert r.low == pytest.approx(6.661, abs=1e-3)


def test_adjusted_wald_follows_rocks_and_measuringu_recipe() -> None:
    # Source: Rocks (2016), The American Statistician 70(4); MeasuringU, "Confidence
    # Intervals for Net Promoter Scores" (Lewis & Sauro): add 3 to n and 3/4 to the
    # promoters and to the detractors, then a Wald interval with the variance of the
    # trinomial difference. Worked here for 15 / 10 / 5:
    # n~ = 33, p~ = 15.75/33 = 0.477273, d~ = 5.75/33 = 0.174242, NPS~ = 0.303030,
    # var = 0.477273 + 0.174242 - 0.303030^2 = 0.559688, se = sqrt(0.559688/33) = 0.130231,
    # half-width = 1.959964 x 0.130231 = 0.255248 -> [0.047782, 0.558278].
    r = nps_counts(15, 10, 5, method="adjusted_wald")
    assert r.estimate == pytest.approx(100 / 3)  # the reported NPS is the sample's
    assert r.low == pytest.approx(4.7782, abs=1e-3)
    assert r.high == pytest.approx(55.8278, abs=1e-3)
    assert r.reasons[0].source is not None
    assert "Rocks" in r.reasons[0].source.document


def _brute_constrained_d(b: int, c: int, n: int, delta: float) -> float:
    # Maximise b log(d + delta) + c log d + m log(1 - 2d - delta) numerically.
    m = n - b - c
    lo, hi = max(0.0, -delta) + 1e-12, (1 - delta) / 2 - 1e-12

    def nll(d: float) -> float:
        out = 0.0
        if b:
            out -= b * math.log(d + delta)
        if c:
            out -= c * math.log(d)
        if m:
            out -= m * math.log(1 - 2 * d - delta)
        return out

    return float(
        optimize.minimize_scalar(
            nll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12}
        ).x
    )


@pytest.mark.parametrize(("b", "m", "c"), [(15, 10, 5), (3, 4, 3), (40, 5, 55), (9, 1, 0)])
def test_score_interval_bounds_solve_the_score_equation(b: int, m: int, c: int) -> None:
    # Rocks (2016) computes this interval iteratively from Tango's score equation
    # (his R package brendan-r/NPS, R/nps_interval_estimators.R, halves a step until
    # |score| reaches z). Oracle here: the constrained MLE by numerical optimisation
    # (scipy), then the score statistic |est - delta| / sqrt((2 d~ + delta (1 - delta)) / n) must equal z at
    # each bound that is not at -1 or 1.
    n = b + m + c
    r = nps_counts(b, m, c, method="score")
    est = (b - c) / n
    for bound in (r.low / 100, r.high / 100):
        if abs(bound) == 1.0:
            continue
        d = _brute_constrained_d(b, c, n, bound)
        assert _constrained_d(b, c, n, bound) == pytest.approx(d, abs=1e-6)
        stat = abs(est - bound) / math.sqrt((2 * d + bound * (1 - bound)) / n)
        assert stat == pytest.approx(Z95, abs=1e-4)


def test_score_interval_at_all_promoters_reaches_100() -> None:
    r = nps_counts(9, 0, 0, method="score")
    assert r.high == 100.0
    assert r.estimate == 100.0
    assert r.low < 100.0


def test_bayes_against_scipy_dirichlet() -> None:
    # Oracle: scipy's Dirichlet(60 + 1, 20 + 1, 20 + 1) posterior, 400,000 draws.
    draws = stats.dirichlet.rvs([61, 21, 21], size=400_000, random_state=np.random.default_rng(5))
    q = np.quantile(draws[:, 0] - draws[:, 2], [0.025, 0.975])
    r = nps_counts(60, 20, 20, method="bayes", draws=50_000, seed=3)
    assert r.low == pytest.approx(100 * q[0], abs=0.5)
    assert r.high == pytest.approx(100 * q[1], abs=0.5)


def test_bootstrap_is_seeded_and_near_the_wald_for_large_n() -> None:
    a = nps_counts(600, 200, 200, method="bootstrap", seed=7)
    assert a == nps_counts(600, 200, 200, method="bootstrap", seed=7)
    w = nps_counts(600, 200, 200, method="wald")
    assert a.low == pytest.approx(w.low, abs=0.6)
    assert a.high == pytest.approx(w.high, abs=0.6)


@pytest.mark.parametrize(("n", "p"), [(50, 0.3), (1000, 0.6), (7, 0.9)])
def test_binomial_sampler_against_scipy(n: int, p: float) -> None:
    rng = random.Random(11)
    cache: dict[tuple[int, float], tuple[int, float, float]] = {}
    xs = [_binomial(rng, n, p, cache) for _ in range(20_000)]
    counts = collections.Counter(xs)
    ks = sorted(counts)
    expected = stats.binom.pmf(ks, n, p) * len(xs)
    # Chi-square goodness of fit over cells with at least 5 expected.
    keep = expected >= 5
    chi2 = float(
        np.sum((np.array([counts[k] for k in ks])[keep] - expected[keep]) ** 2 / expected[keep])
    )
    assert stats.chi2.sf(chi2, int(keep.sum()) - 1) > 1e-3
    assert _binomial(rng, 0, 0.5, cache) == 0
    assert _binomial(rng, 5, 1.0, cache) == 5


def test_widened_when_the_method_misses_the_estimate() -> None:
    # Adjusted Wald at n = 1 promoter: p~ = 1.75/4, d~ = 0.75/4, NPS~ = 0.25,
    # var = 0.625 - 0.0625 = 0.5625, se = 0.375, high = 0.25 + 0.735 = 0.985 < 1.
    r = nps_counts(1, 0, 0, method="adjusted_wald")
    assert r.high == 100.0
    assert r.reasons[-1].code == "scoring.nps_interval_widened"


def test_default_and_scores_entry() -> None:
    assert DEFAULT_NPS_METHOD == "score"
    assert DEFAULT_NPS_METHOD in NPS_METHODS
    r = nps_interval([10] * 6 + [8] * 2 + [3] * 2)
    assert (r.promoters, r.passives, r.detractors, r.estimate) == (6, 2, 2, 40.0)
    assert r.margin == pytest.approx((r.high - r.low) / 2)
    assert "推荐者" in r.reasons[0].zh


def test_weighted_nps_by_hand() -> None:
    # Stratum A: scores 10, 10 (weights 2, 2); B: 3, 8 (weights 4, 4). N = 12.
    # x = +1, +1, -1, 0 -> estimate (2 + 2 - 4 + 0) / 12 = 0.
    # z_i = w_i (x_i - 0) / 12 = 1/6, 1/6 | -1/3, 0. Stratum A: no spread -> 0.
    # Stratum B: mean -1/6, deviations -1/6, +1/6, ss = 1/18, n_h/(n_h-1) = 2,
    # fpc 1 - 2/8 = 0.75 -> var = 0.75 x 2 x 1/18 = 1/12.
    r = weighted_nps([10, 10, 3, 8], [2, 2, 4, 4], strata=["A", "A", "B", "B"])
    half = Z95 * math.sqrt(1 / 12)
    assert r.estimate == 0.0
    assert r.high == pytest.approx(100 * half)
    nofpc = weighted_nps([10, 10, 3, 8], [2, 2, 4, 4], strata=["A", "A", "B", "B"], fpc=False)
    assert nofpc.high == pytest.approx(100 * Z95 * math.sqrt(2 / 18))
    one = weighted_nps([10, 3, 8] * 2, [1] * 6, fpc=False)
    # Equal weights, no strata: the Wald variance times n/(n-1):
    # x = 1, -1, 0, 1, -1, 0: mean 0, sum sq 4, var = 6/5 x 4 / 36 = 2/15.
    assert one.high == pytest.approx(100 * Z95 * math.sqrt(2 / 15))


BAD = [
    (lambda: nps_counts(-1, 0, 0), InvalidInputError, "'promoters' must be >= 0"),
    (lambda: nps_counts(0, 0, 0), InvalidInputError, "at least 1 response"),
    (lambda: nps_counts(1, 1, 1, method="exact"), InvalidInputError, "'method' must be one of"),
    (lambda: nps_counts(1, 1, 1, confidence=1.0), InvalidInputError, "in (0, 1)"),
    (lambda: nps_counts(1, 1, 1, draws=5), InvalidInputError, "'draws' must be >= 100"),
    (lambda: nps_counts(1, 1, 1, prior=0.0), InvalidInputError, "'prior' must be > 0"),
    (
        lambda: nps_counts(10**6, 1, 0, method="bootstrap"),
        InvalidInputError,
        "at most 1000000 for the bootstrap",
    ),
    (
        lambda: nps_counts(1.5, 1, 1),  # type: ignore[arg-type]
        InvalidTypeError,
        "'promoters' must be an integer",
    ),
    (lambda: nps_interval([11]), InvalidInputError, "an integer 0..10"),
    (
        lambda: nps_interval("10"),  # type: ignore[arg-type]
        InvalidTypeError,
        "'scores' must be a list",
    ),
    (lambda: weighted_nps([10, 3], [1]), InvalidInputError, "one weight"),
    (lambda: weighted_nps([10, 3], [0.5, 1]), InvalidInputError, "'weights[0]' must be >= 1"),
    (lambda: weighted_nps([10, 3], [1, 1], strata=["A", "B"]), InvalidInputError, "at least 2"),
    (
        lambda: weighted_nps([10, 3], [1, 1], strata=[None, "B"]),  # type: ignore[list-item]
        InvalidTypeError,
        "stratum label",
    ),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: object, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc, match=None) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


GRID = (
    (0.20, 0.60),
    (0.30, 0.30),
    (0.40, 0.20),
    (0.50, 0.20),
    (0.50, 0.10),
    (0.60, 0.10),
    (0.70, 0.10),
)


def test_the_default_covers_within_93_5_to_96_5_percent_at_n_30() -> None:
    # Issue 18: no method is the default unless its coverage at n = 30 is within
    # 93.5-96.5% over the grid. Exact coverage: every trinomial outcome of n = 30,
    # weighted by scipy's multinomial pmf, counts when its interval holds p - d.
    n = 30
    outcomes = [(b, c) for b in range(n + 1) for c in range(n + 1 - b)]
    intervals = {(b, c): nps_counts(b, n - b - c, c) for b, c in outcomes}
    for p, d in GRID:
        covered = sum(
            stats.multinomial.pmf([b, c, n - b - c], n, [p, d, 1 - p - d])
            for (b, c), r in intervals.items()
            if r.low <= 100 * (p - d) <= r.high
        )
        assert 0.935 <= covered <= 0.965, (p, d, covered)
