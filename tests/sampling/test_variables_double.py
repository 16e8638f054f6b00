"""Two-limit Form-2 OC (s-method integral, sigma method) against scipy and Monte Carlo.

The oracle is independent of qmscore's analysis: for each s it scans the
judge's rule (p̂ from scipy.special.betainc) over the means on a grid, finds
each edge by scipy's brentq, and integrates over s with scipy.integrate.quad
against scipy.stats.chi. The grid also holds the points where p̂'s argument
reaches its support edge (Q = ±B) and, for two AQLs, where a one-tail limit
is met (scipy's betaincinv): the last accepted mean before the set closes is
at one of them, so thin sets are not missed.
"""

from __future__ import annotations

import itertools
import math
import random
import warnings
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.sampling import (
    VariablesPlan,
    judge_variables,
    variables_accept_probability,
    variables_accept_probability_double,
    variables_accept_probability_double_at,
    variables_oc_curve_double,
)
from qmscore.sampling._double_s import double_s_pa

_EXAMPLES = max(
    6, (settings.default.max_examples if settings.default else 60) // 10
)  # the oracle takes ~1 s a point
TABLE_N = (3, 4, 5, 7, 10, 15, 20, 25, 30, 35, 50, 75, 100, 150, 200)


def _phat(q: np.ndarray, n: int) -> np.ndarray:
    a = (n - 2) / 2
    x = np.clip(0.5 - np.asarray(q) * math.sqrt(n) / (2 * (n - 1)), 0, 1)
    return special.betainc(a, a, x)  # type: ignore[no-any-return]


def _accepted_t(n: int, m: float, ml: float, mu: float, big_d: float) -> list[tuple[float, float]]:
    # t = (x̄ - midpoint)/s; Q_L = D/2 + t, Q_U = D/2 - t.
    big_b = (n - 1) / math.sqrt(n)
    lim = big_d / 2 + big_b + 1e-9

    def slack(t: object) -> np.ndarray:
        pl, pu = _phat(big_d / 2 + np.asarray(t), n), _phat(big_d / 2 - np.asarray(t), n)
        return np.maximum.reduce([pl + pu - m, pl - ml, pu - mu])  # type: ignore[no-any-return]

    kinks = [0.0, big_d / 2 - big_b, big_b - big_d / 2, lim - 2e-9, -(lim - 2e-9)]
    a = (n - 2) / 2
    for side, sign in ((ml, 1.0), (mu, -1.0)):
        if 0 < side < 0.5:
            k = big_b * (1 - 2 * float(special.betaincinv(a, a, side)))
            kinks.append(sign * (k - big_d / 2) + 1e-13 * sign)
    inner = [k for k in kinks if -lim < k < lim]
    ts = np.unique(np.concatenate([np.linspace(-lim, lim, 801), inner]))
    ok = slack(ts) <= 0

    def edge(lo: float, hi: float) -> float:
        return float(
            optimize.brentq(
                lambda t: float(slack(t)), lo, hi, xtol=1e-15, rtol=1e-15, maxiter=1000
            )
        )

    out = []
    i = 0
    while i < len(ts):
        if ok[i]:
            j = i
            while j + 1 < len(ts) and ok[j + 1]:
                j += 1
            lo = float(ts[i]) if i == 0 else edge(ts[i - 1], ts[i])
            hi = float(ts[j]) if j == len(ts) - 1 else edge(ts[j], ts[j + 1])
            out.append((lo, hi))
            i = j + 1
        else:
            i += 1
    return out


def _norm_between(a: float, b: float) -> float:
    if a >= 0:
        return float(stats.norm.sf(a) - stats.norm.sf(b))
    return float(stats.norm.cdf(b) - stats.norm.cdf(a))


def scipy_pa(
    n: int, m: float, ml: float, mu: float, zl: float, zu: float, *, deep: bool = True
) -> float:
    """The s-method two-limit Pa by scipy.integrate.quad over s (fractions, not percent).

    ``deep``: integrate over s from chi's 1e-280 quantile to its 1 - 1e-280 one, in 24
    geometric pieces (slow; for tiny Pa), else from 1e-20 to 1 - 1e-18 in 12 pieces.
    """
    d, mid, r = zl + zu, (zu - zl) / 2, math.sqrt(n)
    chi = stats.chi(n - 1, scale=1 / math.sqrt(n - 1))

    def prob(s: float) -> float:
        return sum(
            _norm_between(r * (mid + s * a), r * (mid + s * b))
            for a, b in _accepted_t(n, m, ml, mu, d / s)
        )

    # The largest s with a non-empty set, by bisection on the scan.
    lo, hi = 1e-6, 1e3
    if not _accepted_t(n, m, ml, mu, d / hi):
        for _ in range(100):
            c = math.sqrt(lo * hi)
            if _accepted_t(n, m, ml, mu, d / c):
                lo = c
            else:
                hi = c
    big_b = (n - 1) / math.sqrt(n)
    a = (n - 2) / 2
    points = []
    if m < 0.5:
        km = big_b * (1 - 2 * float(special.betaincinv(a, a, m)))
        kh = big_b * (1 - 2 * float(special.betaincinv(a, a, m / 2)))
        points += [d / (big_b + km), d / (2 * kh)]
    # The chi density beyond 1e-280 of probability is left out (Pa can be tiny).
    far, pieces = (1e-280, 24) if deep else (1e-18, 12)
    top = min(hi, float(chi.isf(far)))
    start = min(float(chi.ppf(far)), 0.5 * top)
    # Geometric pieces (the integrand can sit anywhere from tiny s to the top) and the kinks.
    grid = {start * (top / start) ** (i / pieces) for i in range(pieces + 1)}
    edges = sorted(grid | {p for p in points if start < p < top})
    total = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        for lo_s, hi_s in itertools.pairwise(edges):
            val, _ = integrate.quad(
                lambda s: float(chi.pdf(s)) * prob(s),
                lo_s,
                hi_s,
                limit=200,
                epsabs=0,
                epsrel=1e-12,
            )
            total += val
    return total


def _ours(n: int, m: float, ml: float, mu: float, zl: float, zu: float) -> float:
    plan = VariablesPlan(n, 100 * mu)
    lower = None if ml == mu and m == mu else VariablesPlan(n, 100 * ml)
    return variables_accept_probability_double(
        plan, mean=0.0, sigma=1.0, lower=-zl, upper=zu, lower_plan=lower
    )


@settings(max_examples=_EXAMPLES)
@given(
    st.one_of(st.sampled_from(TABLE_N), st.integers(min_value=3, max_value=260)),
    st.floats(min_value=0.05, max_value=20.0),
    st.floats(min_value=0.3, max_value=4.5),
    st.floats(min_value=0.3, max_value=4.5),
)
def test_s_method_two_limits_matches_scipy_quad(
    n: int, m_pct: float, zl: float, zu: float
) -> None:
    m = m_pct / 100
    expected = scipy_pa(n, m, m, m, zl, zu, deep=False)
    got = _ours(n, m, m, m, zl, zu)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-17)


@settings(max_examples=_EXAMPLES)
@given(
    st.sampled_from(TABLE_N),
    st.floats(min_value=0.05, max_value=15.0),
    st.floats(min_value=0.05, max_value=15.0),
    st.floats(min_value=0.5, max_value=4.0),
    st.floats(min_value=0.5, max_value=4.0),
)
def test_two_aqls_match_scipy_quad(
    n: int, ml_pct: float, mu_pct: float, zl: float, zu: float
) -> None:
    # judge: p_L <= M_L, p_U <= M_U, p_L + p_U <= max(M_L, M_U)
    ml, mu = ml_pct / 100, mu_pct / 100
    expected = scipy_pa(n, max(ml, mu), ml, mu, zl, zu, deep=False)
    plan, lower = VariablesPlan(n, mu_pct), VariablesPlan(n, ml_pct)
    got = variables_accept_probability_double(
        plan, mean=0.0, sigma=1.0, lower=-zl, upper=zu, lower_plan=lower
    )
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-17)


@pytest.mark.parametrize(
    ("n", "m", "ml", "mu", "zl", "zu"),
    [
        # n = 3: the set of means is two intervals when 2 k(m/2) > D >= B + k(m)
        (3, 0.0759, 0.0759, 0.0759, 1.5, 1.8),
        (3, 0.10, 0.02, 0.10, 1.5, 2.0),
        # n = 4 (a = 1: the beta density is flat), large n, one AQL
        (4, 0.05, 0.05, 0.05, 1.8, 2.2),
        (200, 0.005, 0.005, 0.005, 2.7, 2.9),
        # a bad process: Pa 1.7e-10 and 8.8e-14 (mean beyond L)
        (200, 0.005, 0.005, 0.005, 1.8, 2.2),
        (20, 0.01, 0.01, 0.01, -0.5, 3.0),
        # two AQLs, each tighter on one side
        (10, 0.03, 0.01, 0.03, 2.5, 2.5),
        (10, 0.03, 0.03, 0.005, 2.5, 2.5),
        # M above 50%: the sets no longer shrink as s grows
        (8, 0.60, 0.60, 0.60, 0.3, 0.5),
        # far outside: the mass sits deep in the chi density's lower tail (mean 3 σ
        # below L: Pa 1.3e-30; n 50, mean 0.5 σ below L: Pa 7.8e-31, the range is
        # extended below the first cut), or its upper tail (M 60%: a large s accepts a
        # mean 3 σ below L: Pa 1.1e-49, extended above); the range grows until the
        # density tails left out are below 1e-13 of Pa
        (10, 0.03, 0.03, 0.03, -3.0, 8.0),
        (50, 0.02, 0.02, 0.02, -0.5, 4.0),
        (30, 0.60, 0.60, 0.60, -3.0, 9.0),
        # no sum limit (M 100%), only the lower limit's 5%
        (10, 1.0, 0.05, 1.0, 1.5, 2.0),
    ],
)
def test_named_points_match_scipy_quad(
    n: int, m: float, ml: float, mu: float, zl: float, zu: float
) -> None:
    got, error = double_s_pa(n, m, ml, mu, zl, zu)
    expected = scipy_pa(n, m, ml, mu, zl, zu)
    assert got == pytest.approx(expected, rel=1e-10)
    assert error <= 1e-10 * got  # the estimate the curve's reason reports


def _monte_carlo(plan: VariablesPlan, mean: float, lots: int, seed: int) -> float:
    # Brute force through the judge itself: N(mean, 1) samples, limits -2.5 and 2.5.
    rng = random.Random(seed)
    n = plan.sample_size
    accepted = 0
    for _ in range(lots):
        sample = [rng.gauss(mean, 1.0) for _ in range(n)]
        accepted += judge_variables(plan, sample, lower=-2.5, upper=2.5).accepted
    return accepted / lots


@pytest.mark.parametrize(
    ("n", "m_pct", "mean"),
    [(3, 7.59, 0.0), (5, 3.33, 0.4), (10, 3.0, 0.0), (20, 1.0, -0.3)],
)
def test_monte_carlo_through_the_judge(n: int, m_pct: float, mean: float) -> None:
    plan = VariablesPlan(n, m_pct)
    lots = 4000
    observed = _monte_carlo(plan, mean, lots, seed=17 + n)
    pa = variables_accept_probability_double(plan, mean=mean, sigma=1.0, lower=-2.5, upper=2.5)
    se = math.sqrt(pa * (1 - pa) / lots)
    assert abs(observed - pa) <= 4 * se


def _sigma_scipy(n: int, m: float, ml: float, mu: float, zl: float, zu: float) -> float:
    # sigma method, two AQLs: the sum's interval by brentq, cut by each one-tail limit.
    c = math.sqrt(n / (n - 1))
    low, high, mid = -zl, zu, (zu - zl) / 2

    def excess(x: float) -> float:
        return float(stats.norm.sf((high - x) * c) + stats.norm.sf((x - low) * c)) - m

    if excess(mid) > 0:
        return 0.0
    x_hi = optimize.brentq(excess, mid, high + 40, xtol=1e-14, rtol=1e-15)
    x_lo = optimize.brentq(excess, low - 40, mid, xtol=1e-14, rtol=1e-15)
    x_lo = max(x_lo, low + float(stats.norm.isf(ml)) / c)
    x_hi = min(x_hi, high - float(stats.norm.isf(mu)) / c)
    if x_lo >= x_hi:
        return 0.0
    r = math.sqrt(n)
    return _norm_between(x_lo * r, x_hi * r)


@given(
    st.integers(min_value=2, max_value=150),
    st.floats(min_value=0.1, max_value=20.0),
    st.floats(min_value=0.1, max_value=20.0),
    st.floats(min_value=-1.0, max_value=5.0),
    st.floats(min_value=1.1, max_value=5.0),
)
def test_sigma_two_aqls_match_scipy(
    n: int, ml_pct: float, mu_pct: float, zl: float, zu: float
) -> None:
    plan = VariablesPlan(n, mu_pct, method="sigma")
    lower = VariablesPlan(n, ml_pct, method="sigma")
    got = variables_accept_probability_double(
        plan, mean=0.0, sigma=1.0, lower=-zl, upper=zu, lower_plan=lower
    )
    ml, mu = ml_pct / 100, mu_pct / 100
    assert got == pytest.approx(_sigma_scipy(n, max(ml, mu), ml, mu, zl, zu), rel=1e-9, abs=1e-12)


def test_sigma_zero_one_tail_limit_rejects_all() -> None:
    # The normal estimate is never 0, so p_L <= 0% rejects every lot.
    plan, lower = VariablesPlan(10, 2.0, method="sigma"), VariablesPlan(10, 0.0, method="sigma")
    assert (
        variables_accept_probability_double(
            plan, mean=0, sigma=1, lower=-3, upper=3, lower_plan=lower
        )
        == 0.0
    )
    # One-tail limits that cross: c = sqrt(10/9) = 1.0541, limits -1.5 and 1.5.
    # Sum limit max(30%, 0.1%) = 30%: at the midpoint 2 (1 - Φ(1.5 c)) = 0.114 <= 0.3, passes.
    # p_U <= 30% needs x̄ <= 1.5 - z(0.30)/c = 1.5 - 0.5244/1.0541 = 1.0025;
    # p_L <= 0.1% needs x̄ >= -1.5 + z(0.001)/c = -1.5 + 3.0902/1.0541 = 1.4316 > 1.0025.
    upper, lower = VariablesPlan(10, 30.0, method="sigma"), VariablesPlan(10, 0.1, method="sigma")
    assert (
        variables_accept_probability_double(
            upper, mean=0, sigma=1, lower=-1.5, upper=1.5, lower_plan=lower
        )
        == 0.0
    )


@pytest.mark.parametrize("method", ["s", "sigma"])
def test_at_p_is_the_centred_process(method: str) -> None:
    # p = 2 (1 - Φ(2.5)): the process centred 2.5 σ inside each limit.
    plan = VariablesPlan(10, 3.0, method=method)
    p = 2 * NormalDist().cdf(-2.5)
    direct = variables_accept_probability_double(plan, mean=0, sigma=1, lower=-2.5, upper=2.5)
    assert variables_accept_probability_double_at(plan, p) == pytest.approx(direct, rel=1e-12)
    # a share: p_L = 0.25 p, p_U = 0.75 p
    zl, zu = -NormalDist().inv_cdf(0.25 * p), -NormalDist().inv_cdf(0.75 * p)
    shifted = variables_accept_probability_double(plan, mean=0, sigma=1, lower=-zl, upper=zu)
    assert variables_accept_probability_double_at(plan, p, lower_share=0.25) == pytest.approx(
        shifted, rel=1e-10
    )


@pytest.mark.parametrize("method", ["s", "sigma"])
def test_share_zero_or_one_is_the_one_limit_oc(method: str) -> None:
    plan = VariablesPlan(10, 3.0, method=method)
    one = variables_accept_probability(plan, 0.02, form="M")
    assert variables_accept_probability_double_at(plan, 0.02, lower_share=0.0) == pytest.approx(
        one, rel=1e-12
    )
    # two AQLs, everything below L: the lower plan's M judges alone
    lower = VariablesPlan(10, 1.0, method=method)
    alone = variables_accept_probability(lower, 0.02, form="M")
    got = variables_accept_probability_double_at(plan, 0.02, lower_share=1.0, lower_plan=lower)
    assert got == pytest.approx(alone, rel=1e-12)


def test_rule_pieces_at_their_edges() -> None:
    # The sigma method with the accepted means all above the process mean (L = 1).
    sigma_plan = VariablesPlan(10, 2.0, method="sigma")
    assert variables_accept_probability_double(
        sigma_plan, mean=0, sigma=1, lower=1, upper=7
    ) == pytest.approx(_sigma_scipy(10, 0.02, 0.02, 0.02, -1.0, 7.0), rel=1e-9)
    # p̂ is clipped where x = 1/2 - Q/(2B) leaves [0, 1]: B = 9/sqrt(10) = 2.846
    from qmscore.sampling import estimate_nonconforming
    from qmscore.sampling._double_s import _rule

    rule = _rule(10, 0.03, 0.03, 0.03)
    for q in (-3.0, -2.0, 0.5, 2.0, 3.0):
        assert rule.h(q) == pytest.approx(estimate_nonconforming(q, 10), rel=1e-14)
    assert rule.h(3.0) == 0.0
    assert rule.h(-3.0) == 1.0
    assert rule.g(3.0) == 0.0  # no density beyond the edge
    # below D = 2 k(m/2) nothing is accepted
    assert rule.accepted(0.5 * rule.d_empty) == []
    # M = 100%: every lot accepted, whatever the process
    assert double_s_pa(10, 1.0, 1.0, 1.0, 0.5, 0.5) == (1.0, 0.0)


def test_ends_and_degenerate_processes() -> None:
    plan = VariablesPlan(10, 3.0)
    assert variables_accept_probability_double_at(plan, 0.0) == 1.0
    # p = 1 centred: both limits at the mean, D = 0: every lot rejected
    assert variables_accept_probability_double_at(plan, 1.0) == 0.0
    # p = 1 all below L: the mean is infinitely far beyond L
    assert variables_accept_probability_double_at(plan, 1.0, lower_share=1.0) == 0.0
    # M = 100%: p̂_L + p̂_U <= 1 always
    assert variables_accept_probability_double_at(VariablesPlan(10, 100.0), 1.0) == 1.0
    # M = 0: accept only when both Q >= B = 9/sqrt(10) = 2.846: explicit interval
    # x̄ in [L + B s, U - B s] (the same as Form 1 with k = B on each side)
    zero = VariablesPlan(10, 0.0)
    got = variables_accept_probability_double(zero, mean=0, sigma=1, lower=-4, upper=4)
    assert got == pytest.approx(scipy_pa(10, 0.0, 0.0, 0.0, 4.0, 4.0), rel=1e-10)


def test_curve_points_model_and_reasons() -> None:
    plan = VariablesPlan(10, 3.0)
    p = 2 * NormalDist().cdf(-2.5)
    curve = variables_oc_curve_double(plan, [0.0, p, 1.0])
    assert curve.model == "two-limit s-method integral"
    assert curve.pa[0] == 1.0
    assert curve.pa[2] == 0.0
    assert curve.pa[1] == pytest.approx(scipy_pa(10, 0.03, 0.03, 0.03, 2.5, 2.5), rel=1e-10)
    assert "centred" in curve.reasons[0].en
    assert "居中" in curve.reasons[0].zh
    sigma = variables_oc_curve_double(
        VariablesPlan(10, 3.0, method="sigma"),
        [0.01],
        lower_share=0.3,
        lower_plan=VariablesPlan(10, 1.0, method="sigma"),
    )
    assert sigma.model == "two-limit normal"
    assert "0.3 of p below" in sigma.reasons[0].en
    assert "p_L <= 1%" in sigma.reasons[0].en


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: variables_accept_probability_double_at(
                VariablesPlan(10, 3.0), 0.01, lower_plan=VariablesPlan(12, 1.0)
            ),
            InvalidInputError,
            "same sample size and method",
        ),
        (
            lambda: variables_accept_probability_double_at(
                VariablesPlan(10, 3.0), 0.01, lower_plan=VariablesPlan(10, 1.0, method="sigma")
            ),
            InvalidInputError,
            "same sample size and method",
        ),
        (
            lambda: variables_accept_probability_double_at(
                VariablesPlan(10, 3.0),
                0.01,
                lower_plan=5,  # type: ignore[arg-type]
            ),
            InvalidTypeError,
            "'lower_plan' must be a VariablesPlan or None",
        ),
        (
            lambda: variables_accept_probability_double_at(
                VariablesPlan(10, 3.0), 0.01, lower_share=1.5
            ),
            InvalidInputError,
            "'lower_share' must be in [0, 1]",
        ),
        (
            lambda: variables_accept_probability_double_at(VariablesPlan(10, 3.0), float("nan")),
            InvalidInputError,
            "'p'",
        ),
        (
            lambda: variables_oc_curve_double(VariablesPlan(10, 3.0), [0.1, 2.0]),
            InvalidInputError,
            "'ps",
        ),
        (
            lambda: variables_oc_curve_double("plan", [0.1]),  # type: ignore[arg-type]
            InvalidTypeError,
            "'plan' must be a VariablesPlan",
        ),
        (
            lambda: variables_accept_probability_double(
                VariablesPlan(10, 3.0), mean=0, sigma=-1, lower=-1, upper=1
            ),
            InvalidInputError,
            "'sigma' must be > 0",
        ),
    ],
)
def test_bad_inputs(call: object, error: type[Exception], fragment: str) -> None:
    assert callable(call)
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
