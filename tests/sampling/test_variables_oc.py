"""Variables OC and design against scipy (test-only oracle), and the estimate against betainc."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from qmscore.errors import InvalidInputError
from qmscore.sampling import (
    VariablesPlan,
    design_variables_plan,
    estimate_nonconforming,
    lookup_variables_plan,
    variables_accept_probability,
    variables_accept_probability_double,
    variables_oc_curve,
)
from qmscore.sampling._nct import nct_sf
from qmscore.sampling._special import betainc, log_norm_sf

ns = st.integers(min_value=3, max_value=300)
ks = st.floats(min_value=0.0, max_value=4.0)
# p up to 0.4: for p > 1/2 (negative noncentrality) scipy's nct.sf itself is
# off by up to 1e-6 relative (test_scipy_is_off_for_negative_noncentrality),
# and near p = 1/2 (noncentrality ~ 0) by 1e-9 in the far tail
# (test_scipy_is_off_near_zero_noncentrality).
ps = st.floats(min_value=1e-6, max_value=0.4)


def _scipy_s(n: int, k: float, p: float) -> float:
    return float(stats.nct.sf(k * math.sqrt(n), n - 1, stats.norm.isf(p) * math.sqrt(n)))


@given(ns, ks, ps)
def test_s_method_oc_matches_scipy_nct(n: int, k: float, p: float) -> None:
    expected = _scipy_s(n, k, p)
    got = variables_accept_probability(VariablesPlan(n, 1.0, k=k), p)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-300)


@given(st.integers(min_value=2, max_value=300), ks, ps)
def test_sigma_method_oc_matches_scipy_norm(n: int, k: float, p: float) -> None:
    expected = float(stats.norm.cdf(math.sqrt(n) * (stats.norm.isf(p) - k)))
    got = variables_accept_probability(VariablesPlan(n, 1.0, k=k, method="sigma"), p)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-300)


@given(st.integers(min_value=3, max_value=400), st.floats(min_value=-5, max_value=5))
def test_estimate_matches_scipy_betainc(n: int, q: float) -> None:
    a = (n - 2) / 2
    x = min(1.0, max(0.0, 0.5 - q * math.sqrt(n) / (2 * (n - 1))))
    expected = float(special.betainc(a, a, x))
    assert estimate_nonconforming(q, n) == pytest.approx(expected, rel=1e-11, abs=1e-300)


@given(st.floats(min_value=0.1, max_value=500), st.floats(min_value=1e-6, max_value=1 - 1e-6))
def test_betainc_general_matches_scipy(a: float, x: float) -> None:
    b = a * 0.7 + 0.3
    assert betainc(a, b, x) == pytest.approx(
        float(special.betainc(a, b, x)), rel=1e-11, abs=1e-300
    )


@given(st.integers(min_value=3, max_value=250), st.floats(min_value=0.01, max_value=60.0))
def test_k_from_m_inverts_the_estimate(n: int, m: float) -> None:
    k = VariablesPlan(n, m).k_from_m
    assert 100 * estimate_nonconforming(k, n) == pytest.approx(m, rel=1e-9)


def test_scipy_is_off_for_negative_noncentrality() -> None:
    # n 54, k 1.7511672109073464, p 0.6476086910193558: mpmath quad at 40
    # digits of E[1 - Phi(t S - delta)] gives 4.675064372104154e-27; scipy
    # 1.17 nct.sf gives 1.43e-28.
    n, k, p = 54, 1.7511672109073464, 0.6476086910193558
    got = variables_accept_probability(VariablesPlan(n, 1.0, k=k), p)
    assert got == pytest.approx(4.675064372104154e-27, rel=1e-12)
    # n 7: mpmath 8.710225560848537896e-07 (scipy 8.71022556150645e-07)
    got = nct_sf(1.386590468580438 * math.sqrt(7), 6, stats.norm.isf(0.8500184663033235) * 7**0.5)
    assert got == pytest.approx(8.710225560848537896e-07, rel=1e-12)


def test_scipy_is_off_near_zero_noncentrality() -> None:
    # n 11, k 4, p 0.49999999999999994: delta = 4.6e-16, so T' is the central
    # t with 10 df; scipy's t.sf (the oracle here) gives 5.655480654405773e-08
    # and its nct.sf 5.6554806504571786e-08 (7e-10 off).
    t = 4 * math.sqrt(11)
    got = variables_accept_probability(VariablesPlan(11, 1.0, k=4.0), 0.49999999999999994)
    assert got == pytest.approx(float(stats.t.sf(t, 10)), rel=1e-13)
    for p in (0.45, 0.5):
        assert variables_accept_probability(VariablesPlan(8, 1.0, k=1.2), p) == pytest.approx(
            float(stats.t.sf(1.2 * math.sqrt(8), 7)) if p == 0.5 else _scipy_s(8, 1.2, p),
            rel=1e-11,
        )


def test_nct_special_cases() -> None:
    # t = 0: P(T' >= 0) = Phi(delta)
    assert nct_sf(0.0, 5, 1.0) == pytest.approx(stats.norm.cdf(1.0), rel=1e-15)
    # t < 0 through the complement
    assert nct_sf(-1.0, 5, 0.5) == pytest.approx(stats.nct.sf(-1.0, 5, 0.5), rel=1e-12)
    # df = 1 and a far tail
    assert nct_sf(3.0, 1, 8.0) == pytest.approx(stats.nct.sf(3.0, 1, 8.0), rel=1e-10)
    assert log_norm_sf(40.0) == pytest.approx(stats.norm.logsf(40.0), rel=1e-15)


def test_oc_ends_and_form_m() -> None:
    plan = lookup_variables_plan(1000, 1.0)
    assert variables_accept_probability(plan, 0.0) == 1.0
    assert variables_accept_probability(plan, 1.0) == 0.0
    assert variables_accept_probability(VariablesPlan(5, 0.0), 0.01, form="M") == 0.0
    # Form 2 OC = Form 1 OC with k_from_m (README)
    expected = _scipy_s(35, plan.k_from_m, 0.02)
    assert variables_accept_probability(plan, 0.02, form="M") == pytest.approx(expected, rel=1e-10)


def test_oc_curve_points_and_model() -> None:
    plan = lookup_variables_plan(1000, 1.0)
    grid = [i / 100 for i in range(11)]
    curve = variables_oc_curve(plan, grid)
    assert curve.model == "noncentral-t"
    assert curve.ps == tuple(grid)
    for p, pa in zip(grid[1:], curve.pa[1:], strict=True):
        assert pa == pytest.approx(_scipy_s(35, 1.89, p), rel=1e-10)
    sigma = variables_oc_curve(lookup_variables_plan(1000, 1.0, method="sigma"), grid, form="M")
    assert sigma.model == "normal"
    assert "非中心" in curve.reasons[0].zh


def _pa_scipy(method: str, n: int, k: float, p: float) -> float:
    if method == "sigma":
        return float(stats.norm.cdf(math.sqrt(n) * (stats.norm.isf(p) - k)))
    return _scipy_s(n, k, p)


@pytest.mark.parametrize("method", ["s", "sigma"])
@pytest.mark.parametrize(
    ("p1", "p2", "alpha", "beta"),
    [(0.01, 0.05, 0.05, 0.10), (0.001, 0.01, 0.05, 0.10), (0.02, 0.10, 0.10, 0.05)],
)
def test_design_meets_both_risks_and_is_smallest(
    method: str, p1: float, p2: float, alpha: float, beta: float
) -> None:
    d = design_variables_plan(p1, p2, alpha=alpha, beta=beta, method=method)
    n, k = d.plan.sample_size, d.plan.k
    assert k is not None
    assert _pa_scipy(method, n, k, p1) >= 1 - alpha - 1e-12
    assert _pa_scipy(method, n, k, p2) <= beta + 1e-12
    # n - 1 cannot meet both: the largest k meeting alpha is below the
    # smallest meeting beta (scipy's ppf-free check: at the midpoint of the
    # two scipy-free bounds one risk fails; check on a fine k grid instead).
    if n - 1 >= (2 if method == "sigma" else 3):
        for i in range(401):
            kk = k - 1 + i / 200
            ok = (
                _pa_scipy(method, n - 1, kk, p1) >= 1 - alpha
                and _pa_scipy(method, n - 1, kk, p2) <= beta
            )
            assert not ok, (n - 1, kk)
    assert d.k_low <= k <= d.k_high
    assert d.pa_at_aql == pytest.approx(_pa_scipy(method, n, k, p1), rel=1e-9)


def test_design_sigma_classical_formula() -> None:
    # z(0.01) 2.32635, z(0.05) 1.64485, z_alpha 1.64485, z_beta 1.28155:
    # n = ((1.64485 + 1.28155)/(2.32635 - 1.64485))^2 = (2.9264/0.6815)^2 = 18.44 -> 19
    assert design_variables_plan(0.01, 0.05, method="sigma").plan.sample_size == 19


def test_design_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="'lq' must be > aql"):
        design_variables_plan(0.05, 0.01)
    with pytest.raises(InvalidInputError, match="'alpha'"):
        design_variables_plan(0.01, 0.05, alpha=0.5)
    with pytest.raises(InvalidInputError, match="no variables plan up to"):
        design_variables_plan(0.01, 0.0100001)
    with pytest.raises(InvalidInputError, match="'form'"):
        variables_accept_probability(VariablesPlan(5, 1.0), 0.1, form="x")


def test_nct_peak_far_left() -> None:
    # t = 50, df 3, delta -5: the integrand peaks far below u = -1.
    # mpmath quad at 30 digits: 1.12821580770022748e-13 (scipy: 1.1282174e-13).
    assert nct_sf(50.0, 3, -5.0) == pytest.approx(1.12821580770022748e-13, rel=1e-12)


def test_design_walks_up_when_wallis_underestimates() -> None:
    # Wallis: n_sigma (1 + k*^2/2) rounds up to 20 here; the exact OC needs 21.
    p1, p2, a, b = 0.0035312450605620802, 0.03011207686268405, 0.16769064917841983, 0.1764429
    d = design_variables_plan(p1, p2, alpha=a, beta=b)
    assert d.plan.sample_size == 21
    assert _scipy_s(21, d.plan.k or 0.0, p1) >= 1 - a - 1e-12
    assert _scipy_s(21, d.plan.k or 0.0, p2) <= b + 1e-12


def test_inverse_beta_ends() -> None:
    from qmscore.sampling._special import betainc_sym_inv

    assert betainc_sym_inv(2.0, 0.0) == 0.0
    assert betainc_sym_inv(2.0, 0.5) == 0.5


def test_design_walks_down_when_wallis_overestimates() -> None:
    # Wallis gives 279 here; the exact OC is met from n = 277.
    p1, p2, a, b = (
        0.02778325360265235,
        0.05159063796920676,
        0.23563667773493685,
        0.0149470374577961,
    )
    d = design_variables_plan(p1, p2, alpha=a, beta=b)
    assert d.plan.sample_size == 277
    k = d.plan.k or 0.0
    assert _scipy_s(277, k, p1) >= 1 - a - 1e-12
    assert _scipy_s(277, k, p2) <= b + 1e-12


def _double_scipy(n: int, m: float, mean: float, sd: float, low: float, high: float) -> float:
    # Independent: scipy's norm and brentq for the two ends of the accepted means.
    from scipy.optimize import brentq

    c = math.sqrt(n / (n - 1))

    def excess(x: float) -> float:
        return float(stats.norm.sf((high - x) / sd * c) + stats.norm.sf((x - low) / sd * c)) - m

    mid = 0.5 * (low + high)
    if excess(mid) > 0:
        return 0.0
    x_hi = brentq(excess, mid, high + 40 * sd, xtol=1e-14, rtol=1e-15)
    x_lo = brentq(excess, low - 40 * sd, mid, xtol=1e-14, rtol=1e-15)
    r = math.sqrt(n) / sd
    return float(stats.norm.cdf((x_hi - mean) * r) - stats.norm.cdf((x_lo - mean) * r))


@given(
    st.integers(min_value=2, max_value=150),
    st.floats(min_value=0.1, max_value=30.0),
    st.floats(min_value=-3.0, max_value=3.0),
    st.floats(min_value=0.5, max_value=6.0),
)
def test_sigma_double_limit_oc_matches_scipy(n: int, m: float, mean: float, half: float) -> None:
    plan = VariablesPlan(n, m, method="sigma")
    got = variables_accept_probability_double(plan, mean=mean, sigma=1.0, lower=-half, upper=half)
    expected = _double_scipy(n, m / 100, mean, 1.0, -half, half)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_sigma_double_limit_cases() -> None:
    plan = VariablesPlan(10, 2.0, method="sigma")
    # limits 1 sigma apart: at the midpoint each tail is 1 - Phi(0.5*1.054) = 0.299: reject all
    assert variables_accept_probability_double(plan, mean=0, sigma=1, lower=-0.5, upper=0.5) == 0.0
    # M = 100%: every mean accepted (both ends reach the 40-sigma guard)
    wide = VariablesPlan(10, 100.0, method="sigma")
    assert variables_accept_probability_double(wide, mean=0, sigma=1, lower=-1, upper=1) == 1.0
    with pytest.raises(InvalidInputError, match="'lower' must be < upper"):
        variables_accept_probability_double(plan, mean=0, sigma=1, lower=1, upper=1)
    with pytest.raises(InvalidInputError, match="'sigma' must be > 0"):
        variables_accept_probability_double(plan, mean=0, sigma=0, lower=-1, upper=1)


@settings(max_examples=30)
@given(st.integers(min_value=300, max_value=10_000), ks, ps)
def test_s_method_oc_large_samples_matches_scipy(n: int, k: float, p: float) -> None:
    expected = _scipy_s(n, k, p)
    assume(expected > 1e-200)  # scipy's own far tail drifts (next test)
    got = variables_accept_probability(VariablesPlan(n, 1.0, k=k), p)
    assert got == pytest.approx(expected, rel=1e-10)


def test_far_tail_large_sample_against_mpmath() -> None:
    # n 647, k 3.786076818830207, p 0.33462751098923577: mpmath quad (50
    # digits) 1.68489584775309196e-282; scipy 1.6848958487831085e-282 (6e-10 off).
    got = variables_accept_probability(
        VariablesPlan(647, 1.0, k=3.786076818830207), 0.33462751098923577
    )
    assert got == pytest.approx(1.68489584775309196e-282, rel=1e-11)
