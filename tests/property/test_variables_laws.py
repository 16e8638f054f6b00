"""Laws of variables sampling: OC bounded and monotone, estimate monotone, judging invariant."""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from qmscore.sampling import (
    VARIABLES_AQLS,
    VariablesPlan,
    design_variables_plan,
    estimate_nonconforming,
    judge_variables,
    lookup_variables_plan,
    variables_accept_probability,
)
from tests.budget import budget

methods = st.sampled_from(["s", "sigma"])
ns = st.integers(min_value=3, max_value=200)
ks = st.floats(min_value=0.0, max_value=3.5)
ps = st.floats(min_value=1e-5, max_value=0.5)


@budget(ms=2)
@given(methods, ns, ks, ps, ps)
def test_oc_bounded_and_falls_with_p(method: str, n: int, k: float, p: float, q: float) -> None:
    plan = VariablesPlan(n, 1.0, k=k, method=method)
    lo, hi = sorted((p, q))
    a, b = variables_accept_probability(plan, lo), variables_accept_probability(plan, hi)
    assert 0.0 <= b <= a * (1 + 1e-12) <= 1.0 + 1e-12


@budget(ms=2)
@given(methods, ns, ks, ks, ps)
def test_oc_falls_with_k(method: str, n: int, k1: float, k2: float, p: float) -> None:
    lo, hi = sorted((k1, k2))
    a = variables_accept_probability(VariablesPlan(n, 1.0, k=lo, method=method), p)
    b = variables_accept_probability(VariablesPlan(n, 1.0, k=hi, method=method), p)
    assert b <= a * (1 + 1e-12)


@budget(ms=2)
@given(methods, ns, st.floats(-4, 4), st.floats(-4, 4))
def test_estimate_falls_with_q(method: str, n: int, q1: float, q2: float) -> None:
    lo, hi = sorted((q1, q2))
    # Up to rounding, as the OC laws above: the thorough profile found
    # estimate(1e-15, 37) = 0.5000000000000054 > estimate(0.0, 37) = 0.5 (the
    # incomplete beta near x = 1/2 is good to about 1e-14).
    assert estimate_nonconforming(hi, n, method=method) <= estimate_nonconforming(
        lo, n, method=method
    ) * (1 + 1e-12)


sample = st.lists(st.floats(min_value=-100, max_value=100), min_size=5, max_size=5)


@budget(ms=2)
@given(sample, st.floats(min_value=-50, max_value=50), st.floats(min_value=0.5, max_value=20))
def test_judgement_invariant_under_shift_and_scale(
    values: list[float], shift: float, scale: float
) -> None:
    plan = VariablesPlan(5, 3.33, k=1.53)
    upper = max(values) + 1.0
    base = judge_variables(plan, values, upper=upper)
    moved = judge_variables(plan, [v * scale + shift for v in values], upper=upper * scale + shift)
    q = base.q_upper
    assert q is not None
    assume(math.isfinite(q))
    assume(abs(q - 1.53) > 1e-6)  # away from the boundary, rounding aside
    assert moved.decision == base.decision


@given(sample, st.floats(min_value=0.1, max_value=50))
def test_forms_agree_for_one_limit(values: list[float], gap: float) -> None:
    # Form 2 with M = p_hat(k) is Form 1 with k (README); away from the boundary.
    k = 1.53
    m = 100 * estimate_nonconforming(k, 5)
    plan = VariablesPlan(5, m, k=k)
    j1 = judge_variables(plan, values, upper=max(values) + gap, form="k")
    q = j1.q_upper
    assert q is not None
    assume(math.isfinite(q))
    assume(abs(q - k) > 1e-6)
    j2 = judge_variables(plan, values, upper=max(values) + gap, form="M")
    assert j1.decision == j2.decision


@given(
    st.integers(min_value=2, max_value=10**6),
    st.sampled_from(VARIABLES_AQLS),
    st.sampled_from(["normal", "tightened", "reduced"]),
    methods,
    st.sampled_from(["1980", "aqlschemes"]),
)
def test_every_lookup_gives_a_plan_with_reasons(
    lot: int, aql: float, inspection: str, method: str, edition: str
) -> None:
    plan = lookup_variables_plan(lot, aql, inspection=inspection, method=method, edition=edition)
    assert plan.sample_size >= 2
    assert 0 < plan.m < 100
    assert plan.reasons[0].code == "sampling.variables.code_letter"
    assert 0.0 <= variables_accept_probability(plan, aql / 100) <= 1.0


@budget(ms=27, dev=15)
@given(
    methods,
    st.floats(min_value=0.001, max_value=0.05),
    st.floats(min_value=2.0, max_value=10.0),
    st.floats(min_value=0.02, max_value=0.2),
    st.floats(min_value=0.02, max_value=0.2),
)
def test_designed_plan_meets_both_risks(
    method: str, p1: float, ratio: float, alpha: float, beta: float
) -> None:
    from scipy import stats

    p2 = min(0.45, p1 * ratio)
    d = design_variables_plan(p1, p2, alpha=alpha, beta=beta, method=method)
    n, k = d.plan.sample_size, d.plan.k
    assert k is not None

    def pa(p: float) -> float:  # scipy as the oracle
        if method == "sigma":
            return float(stats.norm.cdf(math.sqrt(n) * (stats.norm.isf(p) - k)))
        root = math.sqrt(n)
        return float(stats.nct.sf(k * root, n - 1, stats.norm.isf(p) * root))

    assert pa(p1) >= 1 - alpha - 1e-9
    assert pa(p2) <= beta + 1e-9
