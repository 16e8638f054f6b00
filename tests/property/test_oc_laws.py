"""Hypothesis laws for OC, AOQ, ATI, ASN and design, with scipy / brute force as oracles."""

from __future__ import annotations

import itertools
import math
from math import comb
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from qmscore.sampling import (
    SamplingPlan,
    accept_probability,
    aoq,
    aoql,
    asn,
    ati,
    design_plan,
    oc_summary,
)
from qmscore.testing import oc_models, qualities, sampling_plans
from tests.budget import budget

REL = 1e-12


def _close(got: float, ref: float) -> bool:
    return abs(got - ref) <= REL * abs(ref) + 1e-300


def _pmf(model: str, n: int, p: float, lot: int, left: int, drawn: int) -> list[float]:
    xs = range(n + 1)
    if model == "binomial":
        return list(stats.binom.pmf(xs, n, p))
    if model == "poisson":
        # Nonconformities are not capped by the sample size: count up to any Re.
        return list(stats.poisson.pmf(range(n + 200), n * p))
    # Exact integers: scipy's hypergeom.pmf returns nan when the lot holds no defective.
    rest = lot - drawn
    return [comb(left, x) * comb(rest - left, n - x) / comb(rest, n) for x in xs]


def brute_force_pa(
    plan: SamplingPlan, model: str, p: float, lot: int, d: int, *, capped: bool = False
) -> float:
    """Sum over every sequence of stage outcomes, deciding each by the plan's rule.

    ``capped``: a stage draws at most what the lot has left (nothing once the
    lot is exhausted, when it finds nothing more).
    """
    total = 0.0
    last = len(plan.stages) - 1

    def walk(k: int, found: int, drawn: int, weight: float) -> None:
        nonlocal total
        stage = plan.stages[k]
        size = min(stage.sample_size, lot - drawn) if capped else stage.sample_size
        for x, q in enumerate(_pmf(model, size, p, lot, d - found, drawn)):
            count = found + x
            if q == 0.0 or count >= stage.reject:
                continue  # rejected
            if (stage.accept is not None and count <= stage.accept) or k == last:
                total += weight * q
            else:
                walk(k + 1, count, drawn + size, weight * q)

    walk(0, 0, 0, 1.0)
    return total


@budget(ms=2)
@given(sampling_plans(max_stages=4, max_sample=40), oc_models(), qualities())
def test_pa_matches_scipy_brute_force(plan: SamplingPlan, model: str, p: float) -> None:
    lot = plan.total_sample_size + 60
    d = round(p * lot)
    kw: dict[str, Any] = {"model": model}
    if model == "hypergeometric":
        kw.update(lot_size=lot, defectives=d)
        got = accept_probability(plan, None, **kw)
    else:
        got = accept_probability(plan, p, **kw)
    ref = brute_force_pa(plan, model, p, lot, d)
    assert abs(got - ref) <= 1e-12 * ref + 1e-15


@budget(ms=2)
@given(
    sampling_plans(max_stages=4, max_sample=30),
    oc_models(),
    qualities(),
    st.integers(1, 130),
)
def test_a_lot_smaller_than_the_sample_caps_every_stage(
    plan: SamplingPlan, model: str, p: float, lot: int
) -> None:
    # Issue 13 item 13: each stage draws at most what the lot has left; the
    # oracle walks the same rule by brute force with scipy's pmfs.
    d = round(p * lot)
    kw: dict[str, Any] = {"model": model, "lot_size": lot}
    if model == "hypergeometric":
        got = accept_probability(plan, None, defectives=d, **kw)
        measures = oc_summary(plan, None, defectives=d, **kw)
    else:
        got = accept_probability(plan, p, **kw)
        measures = oc_summary(plan, p, **kw)
    ref = brute_force_pa(plan, model, p, lot, d, capped=True)
    assert abs(got - ref) <= 1e-12 * ref + 1e-15
    assert measures.pa == got
    assert measures.aoq is not None
    assert measures.ati is not None
    assert 0.0 <= measures.aoq <= (measures.p if model != "hypergeometric" else d / lot) + 1e-12
    assert min(plan.sample_size, lot) - 1e-9 <= measures.ati <= lot + 1e-9
    assert measures.asn <= lot + 1e-9
    if plan.sample_size >= lot:  # 100% inspection: exact, with a reason
        assert measures.inspect_all
        assert (measures.aoq, measures.ati, measures.asn) == (0.0, float(lot), float(lot))
        assert "sampling.rectified_inspect_all" in [r.code for r in measures.reasons]
    else:
        assert not measures.inspect_all


@budget(ms=2)
@given(st.integers(1, 3150), st.integers(0, 60), st.floats(0, 1), oc_models())
def test_single_pa_matches_scipy_cdf(n: int, c: int, p: float, model: str) -> None:
    assume(c < n)
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    if model == "binomial":
        ref = stats.binom.cdf(c, n, p)
        got = accept_probability(plan, p)
    elif model == "poisson":
        ref = stats.poisson.cdf(c, n * p)
        got = accept_probability(plan, p, model="poisson")
    else:
        lot = n + 5000  # scipy's hypergeometric is accurate at this size
        d = round(p * lot)
        ref = stats.hypergeom.cdf(c, lot, d, n)
        got = accept_probability(plan, None, lot_size=lot, model="hypergeometric", defectives=d)
    if ref > 1e-250:
        assert _close(got, ref)
    else:
        assert got < 1e-240


@budget(ms=2)
@given(sampling_plans(max_stages=4, max_sample=60), qualities(), qualities())
def test_pa_bounded_and_non_increasing(plan: SamplingPlan, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    pa_lo, pa_hi = accept_probability(plan, lo), accept_probability(plan, hi)
    assert 0.0 <= pa_lo <= 1.0
    assert 0.0 <= pa_hi <= 1.0
    assert pa_hi <= pa_lo * (1 + 1e-12)
    assert accept_probability(plan, 0.0) == 1.0


@budget(ms=2)
@given(sampling_plans(max_stages=4, max_sample=60))
def test_pa_at_p_1_follows_the_deterministic_walk(plan: SamplingPlan) -> None:
    # Every item nonconforming: the count after stage k is the cumulative sample.
    expected, drawn = 0.0, 0
    for k, stage in enumerate(plan.stages):
        drawn += stage.sample_size
        if drawn >= stage.reject:
            break
        if (stage.accept is not None and drawn <= stage.accept) or k == len(plan.stages) - 1:
            expected = 1.0
            break
    assert accept_probability(plan, 1.0) == expected
    if len(plan.stages) == 1 and plan.reject <= plan.sample_size:
        assert expected == 0.0


@budget(ms=2)
@given(st.integers(1, 60), st.integers(0, 5), qualities())
def test_hypergeometric_tends_to_binomial(n: int, c: int, p: float) -> None:
    # Diaconis-Freedman: sampling n of N without replacement is within 4n/N of
    # with replacement in total variation; rounding D = N p moves p by <= 1/(2N).
    assume(c < n)
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    binomial = accept_probability(plan, p)
    for lot in (10**3, 10**5, 10**7):
        hyper = accept_probability(plan, p, lot_size=lot, model="hypergeometric")
        assert abs(hyper - binomial) <= (4 * n + n / 2) / lot + 1e-12


@budget(ms=3)
@given(sampling_plans(max_stages=3, max_sample=40), st.integers(0, 2000), qualities())
def test_aoq_below_aoql_and_ati_between_n_and_lot(
    plan: SamplingPlan, extra: int, p: float
) -> None:
    lot = plan.total_sample_size + extra
    worst = aoql(plan, lot_size=lot, grid=60)
    assert aoq(plan, p, lot_size=lot) <= worst.aoql * (1 + 1e-9) + 1e-15
    total = ati(plan, p, lot_size=lot)
    assert plan.sample_size - 1e-9 <= total <= lot + 1e-9


@budget(ms=2)
@given(sampling_plans(max_stages=4, max_sample=60), qualities())
def test_asn_between_first_sample_and_total(plan: SamplingPlan, p: float) -> None:
    full = asn(plan, p)
    assert plan.sample_size - 1e-9 <= full <= plan.total_sample_size + 1e-9
    assert 0.0 < asn(plan, p, curtailed=True) <= full + 1e-9


@budget(ms=6)
@given(
    st.sampled_from([0.005, 0.01, 0.02, 0.04]),
    st.sampled_from([2.0, 4.0, 8.0]),
    st.sampled_from([0.01, 0.05, 0.10]),
    st.sampled_from([0.05, 0.10, 0.20]),
)
def test_design_meets_both_risks_and_no_smaller_n_does(
    p1: float, factor: float, a: float, b: float
) -> None:
    p2 = min(0.5, p1 * factor)
    d = design_plan(p1, p2, alpha=a, beta=b)
    n, c = d.sample_size, d.accept
    assert stats.binom.cdf(c, n, p1) >= 1 - a
    assert stats.binom.cdf(c, n, p2) <= b
    for m, k in itertools.product(range(1, n), range(n)):
        if k < m and stats.binom.cdf(k, m, p1) >= 1 - a:
            assert stats.binom.cdf(k, m, p2) > b
            if k > 3 + math.sqrt(m):
                break
