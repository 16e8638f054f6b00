"""OC curves and AOQL behaviour that surviving mutants of sampling/curves showed untested (issue 20).

Oracles: scipy.stats (binom, poisson, hypergeom) and brute-force maxima.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.sampling import SamplingPlan, aoql, oc_curve, oc_summary
from qmscore.sampling.curves import default_grid

PLAN = SamplingPlan.from_stages([(20, 2, 3)])


def test_hypergeometric_single_curve_matches_scipy_across_anchors_and_the_tail() -> None:
    # Lot 400, n 20, Ac 2: D = 0..400 walks the P(X=0) recurrence with anchors
    # every 128 steps; D > 380 (lot - D < n) takes the direct prefix.
    lot, n, c = 400, 20, 2
    ps = [d / lot for d in range(lot + 1)]
    curve = oc_curve(PLAN, ps, lot_size=lot, model="hypergeometric")
    assert curve.defectives == tuple(range(lot + 1))
    for d, pa in zip(curve.defectives, curve.pa, strict=True):
        assert pa == pytest.approx(stats.hypergeom.cdf(c, lot, d, n), rel=1e-10, abs=1e-300)
    # Out of order and repeated D: each answer stays with its own p.
    ps2 = [0.5, 0.0, 0.5, 0.0025, 0.96]
    curve2 = oc_curve(PLAN, ps2, lot_size=lot, model="hypergeometric")
    for d, pa in zip(curve2.defectives, curve2.pa, strict=True):
        assert pa == pytest.approx(stats.hypergeom.cdf(c, lot, d, n), rel=1e-10, abs=1e-300)
    assert curve2.defectives == (200, 0, 200, 1, 384)
    assert curve2.reasons[-1].en == "D = N x p rounded nearest (N = 400)"


def test_hypergeometric_sparse_d_grid_reanchors() -> None:
    # Jumps of 100 and 300 D between points: anchors and recurrence agree with scipy.
    lot, n, c = 2000, 50, 1
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    ds = [0, 1, 100, 227, 228, 530, 1950, 1951, 2000]
    curve = oc_curve(plan, [d / lot for d in ds], lot_size=lot, model="hypergeometric")
    assert curve.defectives == tuple(ds)
    for d, pa in zip(ds, curve.pa, strict=True):
        assert pa == pytest.approx(stats.hypergeom.cdf(c, lot, d, n), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("model", ["binomial", "poisson"])
def test_list_ints_floats_tuples_and_arrays_give_the_scipy_curve(model: str) -> None:
    n, c = 20, 2
    floats = [0.0, 0.01, 0.05, 0.1, 0.2, 1.0]
    if model == "binomial":
        expected = [stats.binom.cdf(c, n, p) for p in floats]
    else:
        expected = [stats.poisson.cdf(c, n * p) for p in floats]
    for ps in (floats, tuple(floats), [0, 0.01, 0.05, 0.1, 0.2, 1], np.array(floats)):
        curve = oc_curve(PLAN, ps, model=model)  # type: ignore[arg-type]
        assert curve.ps == tuple(floats)
        assert curve.model == model
        assert curve.pa == pytest.approx(expected, rel=1e-10, abs=1e-300)
        assert curve.reasons[0].code == f"sampling.model_{model}"


def test_poisson_accepts_qualities_above_one_binomial_refuses_them() -> None:
    # Nonconformities per unit may exceed 1: Pa = P(Poisson(20 * 1.5 = 30) <= 2).
    for ps in ([1.5], np.array([1.5])):
        curve = oc_curve(PLAN, ps, model="poisson")
        assert curve.pa[0] == pytest.approx(stats.poisson.cdf(2, 30.0), rel=1e-10)
    for ps in ([1.5], np.array([1.5]), [0.5, 1.0000001]):
        with pytest.raises(InvalidInputError):
            oc_curve(PLAN, ps, model="binomial")
    for bad in ([-0.1], np.array([-0.1]), [0.1, math.nan], np.array([0.1, math.nan]), []):
        with pytest.raises(InvalidInputError):
            oc_curve(PLAN, bad, model="poisson")


def test_array_path_trivial_and_extreme_plans() -> None:
    # Ac >= n: every lot accepted; Ac = 0: Pa = (1 - p)^n.
    always = SamplingPlan.from_stages([(2, 2, 3)])
    assert oc_curve(always, np.array([0.0, 0.5, 1.0])).pa == (1.0, 1.0, 1.0)
    zero = SamplingPlan.from_stages([(3, 0, 1)])
    assert oc_curve(zero, np.array([0.0, 0.5, 1.0])).pa == pytest.approx([1.0, 0.125, 0.0])
    # A large sample at a high p: (1 - p)^m underflows the direct weight; scipy agrees.
    big = SamplingPlan.from_stages([(2000, 10, 11)])
    ps = np.array([0.001, 0.005, 0.3])
    expected = [stats.binom.cdf(10, 2000, p) for p in ps]
    assert oc_curve(big, ps).pa == pytest.approx(expected, rel=1e-9, abs=1e-300)
    lam = np.array([0.001, 0.005, 0.5])
    expected = [stats.poisson.cdf(10, 2000 * p) for p in lam]
    assert oc_curve(big, lam, model="poisson").pa == pytest.approx(expected, rel=1e-9, abs=1e-300)
    # A lot smaller than the sample: n = min(20, 10) = 10.
    curve = oc_curve(PLAN, np.array([0.1]), lot_size=10, model="binomial")
    assert curve.pa[0] == pytest.approx(stats.binom.cdf(2, 10, 0.1), rel=1e-12)
    assert curve.lot_size == 10


def test_default_grid_runs_from_zero_to_pa_one_in_a_thousand() -> None:
    grid = default_grid(PLAN, 3)
    assert grid[0] == 0.0
    assert grid[1] == pytest.approx(grid[2] / 2)
    assert stats.binom.cdf(2, 20, grid[2]) == pytest.approx(0.001, rel=1e-6)
    assert len(default_grid(PLAN)) == 101
    assert oc_curve(PLAN).ps == default_grid(PLAN)


def _binomial_aoql(n: int, c: int, lot: int, model: str) -> float:
    # Brute force: AOQ(p) = p Pa(p) (N - n)/N on a fine grid, then a local refine.
    def aoq(p: float) -> float:
        pa = stats.binom.cdf(c, n, p) if model == "binomial" else stats.poisson.cdf(c, n * p)
        return float(p * pa * (lot - n) / lot)

    top = 3.0 * (c + 1) / n
    xs = np.linspace(0.0, top, 20001)
    pas = stats.binom.cdf(c, n, xs) if model == "binomial" else stats.poisson.cdf(c, n * xs)
    i = int(np.argmax(xs * pas))
    from scipy.optimize import minimize_scalar

    r = minimize_scalar(lambda p: -aoq(p), bounds=(xs[max(i - 1, 0)], xs[i + 1]), method="bounded")
    return -float(r.fun)


@pytest.mark.parametrize(("n", "c", "lot"), [(89, 2, 10000), (20, 2, 500), (2, 5, 100)])
def test_aoql_binomial_and_poisson_match_brute_force(n: int, c: int, lot: int) -> None:
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    for model in ("binomial", "poisson"):
        if c >= n:  # an items plan's search range ends at p = 1.5 (see the report)
            continue
        r = aoql(plan, lot_size=lot, model=model)
        assert r.aoql == pytest.approx(_binomial_aoql(n, c, lot, model), rel=1e-7)
        assert r.lot_size == lot
        assert r.model == model
        assert r.reasons[-1].code == "sampling.aoql"


def test_aoql_poisson_peak_beyond_one_per_unit() -> None:
    # n = 2, Ac = 5: AOQ(p) = p P(Poisson(2p) <= 5) 98/100 peaks near p = 2 per
    # unit, beyond 1: the search must not stop at p = 1.
    plan = SamplingPlan.from_stages([(2, 5, 6)], counts="nonconformities")
    r = aoql(plan, lot_size=100, model="poisson")
    assert r.p > 1.0
    assert r.aoql == pytest.approx(_binomial_aoql(2, 5, 100, "poisson"), rel=1e-7)


def test_aoql_hypergeometric_is_the_best_integer_d() -> None:
    # AOQ(D) = sum_{x <= c} P(X = x) (D - x) / N; brute force over every D.
    lot, n, c = 300, 20, 1
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    best = max(
        (sum(stats.hypergeom.pmf(x, lot, d, n) * (d - x) for x in range(c + 1)) / lot, d)
        for d in range(lot + 1)
    )
    r = aoql(plan, lot_size=lot, model="hypergeometric")
    assert r.aoql == pytest.approx(best[0], rel=1e-9)
    assert r.p == best[1] / lot


def test_aoql_and_summary_when_the_sample_reaches_the_lot() -> None:
    # n = 20 >= N = 20: 100% inspection, AOQ 0, AOQL 0; N = 21 is sampling.
    r = aoql(PLAN, lot_size=20)
    assert (r.aoql, r.p, r.lot_size) == (0.0, 0.0, 20)
    assert r.reasons[-1].code == "sampling.aoql_inspect_all"
    assert aoql(PLAN, lot_size=21).aoql > 0.0
    s = oc_summary(PLAN, 0.1, lot_size=20)
    assert (s.aoq, s.ati, s.inspect_all) == (0.0, 20.0, True)
    assert s.reasons[-1].code == "sampling.rectified_inspect_all"
    s = oc_summary(PLAN, 0.1, lot_size=21)
    assert s.inspect_all is False
    # Binomial, N = 21: AOQ = p Pa (N - n)/N = 0.1 * Pa * 1/21; ATI = n + (1 - Pa)(N - n).
    pa = stats.binom.cdf(2, 20, 0.1)
    assert s.pa == pytest.approx(pa, rel=1e-12)
    assert s.aoq == pytest.approx(0.1 * pa / 21, rel=1e-12)
    assert s.ati == pytest.approx(20 + (1 - pa) * 1, rel=1e-12)
    assert all(r.code != "sampling.rectified_inspect_all" for r in s.reasons)
    s = oc_summary(PLAN, 0.1)
    assert (s.aoq, s.ati, s.lot_size) == (None, None, None)
    assert s.asn == 20.0


def test_model_reasons_in_both_languages() -> None:
    b = oc_curve(PLAN, [0.1]).reasons[0]
    assert b.en.startswith("Binomial model")
    assert b.zh.startswith("二项分布模型")
    h = oc_curve(PLAN, [0.1], lot_size=100, model="hypergeometric").reasons[0]
    assert h.en.startswith("Hypergeometric model")
    assert h.zh.startswith("超几何")
    p = oc_curve(PLAN, [0.1], model="poisson").reasons[0]
    assert p.en.startswith("Poisson model")
    assert p.zh.startswith("泊松")


def test_aoql_grid_bounds() -> None:
    with pytest.raises(InvalidInputError):
        aoql(PLAN, lot_size=500, grid=9)
    assert aoql(PLAN, lot_size=500, grid=10).aoql == pytest.approx(
        _binomial_aoql(20, 2, 500, "binomial"), rel=1e-7
    )


def test_array_curve_where_the_direct_weight_underflows() -> None:
    # n 2000, Ac 1000, p 0.5: (1 - 0.5)^(2000 - 1000) = 9.3e-302 is below the
    # 1e-300 the direct weight needs, yet Pa = P(Bin(2000, .5) <= 1000) ~ 0.51.
    plan = SamplingPlan.from_stages([(2000, 1000, 1001)])
    ps = np.array([0.3, 0.5])
    expected = [stats.binom.cdf(1000, 2000, p) for p in ps]
    assert oc_curve(plan, ps).pa == pytest.approx(expected, rel=1e-9)
    # n 4000, Ac 2000, p 0.5: (1/2)^2000 = 8.7e-603 underflows to 0, yet Pa ~ 0.51.
    plan = SamplingPlan.from_stages([(4000, 2000, 2001)])
    assert oc_curve(plan, np.array([0.5])).pa[0] == pytest.approx(
        stats.binom.cdf(2000, 4000, 0.5), rel=1e-9
    )
    # p = 1 in an array: the weight is exactly 0, Pa = 0 (Ac 2 < n 20).
    assert oc_curve(PLAN, np.array([0.5, 1.0])).pa == pytest.approx(
        [stats.binom.cdf(2, 20, 0.5), 0.0], rel=1e-12, abs=0.0
    )


def test_any_iterable_of_qualities_and_the_size_bound() -> None:
    # A generator is a sequence of values too: Pa(0) = 1, Pa(0.1) = P(Bin(20,.1) <= 2).
    curve = oc_curve(PLAN, (x / 10 for x in range(2)))
    assert curve.pa == pytest.approx([1.0, stats.binom.cdf(2, 20, 0.1)], rel=1e-12)
    with pytest.raises(InvalidInputError, match=r"^'ps' must be at most 100000 items"):
        oc_curve(PLAN, [0] * 100_001)


def test_aoql_peak_at_the_top_of_the_hypergeometric_search() -> None:
    # Lot 2, n 1, Ac 0: AOQ(D) = P(X = 0) (D - 0) / N.  D = 0: 0; D = 1: P(X=0) =
    # 1/2, AOQ = 1/2 * 1 / 2 = 0.25; D = 2: P(X=0) = 0, AOQ 0.  Peak D = 1, p = 0.5.
    r = aoql(SamplingPlan.from_stages([(1, 0, 1)]), lot_size=2, model="hypergeometric")
    assert (r.aoql, r.p) == (0.25, 0.5)


def test_inspect_all_reason_text_and_plan_field() -> None:
    r = aoql(PLAN, lot_size=20)
    assert r.reasons[-1].en == (
        "The first sample reaches the lot (20): every lot is inspected 100% and "
        "every nonconforming item found is replaced, so AOQ is 0 at every p: AOQL 0"
    )
    assert r.reasons[-1].zh == (
        "第一样本已达批量（20）：每批 100% 全检并剔换全部不合格品，"
        "任何 p 下平均检出质量均为 0：AOQL 为 0"
    )
    with pytest.raises(InvalidInputError, match=r"^'plan' must be a SamplingPlan"):
        default_grid("x")  # type: ignore[arg-type]


def test_array_curve_takes_the_log_space_prefix_where_the_weight_underflows() -> None:
    # n 1100, Ac 20 at p = 1/2: the Horner weight (1 - p)**1080 = 2**-1080 ~ 1e-325
    # is below the smallest float, but Pa itself is not: exactly
    # sum_{k<=20} C(1100, k) / 2**1100 ~ 1.74e-289. An array input must take the
    # same log-space prefix as a list (scipy's binom.cdf returns 0.0 here).
    plan = SamplingPlan.from_stages([(1100, 20, 21)])
    exact = Fraction(sum(math.comb(1100, k) for k in range(21)), 2**1100)
    from_array = oc_curve(plan, np.array([0.0, 0.5])).pa
    assert from_array[0] == 1.0
    assert from_array[1] == pytest.approx(float(exact), rel=1e-12)
    assert from_array == oc_curve(plan, [0.0, 0.5]).pa


def test_aoql_reason_states_the_maximum_and_the_method() -> None:
    # The reason repeats the result's own numbers (6 significant digits) and
    # says how they were found, in English and Chinese.
    result = aoql(SamplingPlan.from_stages([(89, 2, 3)]), lot_size=10_000)
    reason = next(r for r in result.reasons if r.code == "sampling.aoql")
    assert reason.en == (
        f"AOQ is largest, {result.aoql:.6g}, at p = {result.p:.6g} "
        "(grid scan, then exact refinement)"
    )
    assert reason.zh == (
        f"平均检出质量在 p = {result.p:.6g} 处最大，为 {result.aoql:.6g}（网格扫描后精确求解）"
    )
