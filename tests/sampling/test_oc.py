"""OC, AOQ, AOQL, ATI, ASN and p_at: worked values, oracles, bad input."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.sampling import (
    AOQLResult,
    OCCurve,
    SamplingPlan,
    accept_probability,
    aoq,
    aoql,
    asn,
    ati,
    lookup_plan,
    oc_curve,
    p_at,
)
from qmscore.serialization import from_dict, to_dict

SINGLE_89 = SamplingPlan.from_stages([(89, 2, 3)])
SINGLE_125 = SamplingPlan.from_stages([(125, 3, 4)])
DOUBLE = SamplingPlan.from_stages([(50, 1, 4), (100, 3, 4)])


# Worked values from ../shared/reference/README.md, computed independently.
def test_worked_single_89_2_binomial() -> None:
    assert accept_probability(SINGLE_89, 0.01) == pytest.approx(0.939690, abs=5e-7)
    assert aoq(SINGLE_89, 0.01, lot_size=10000) == pytest.approx(0.009313, abs=5e-7)
    assert ati(SINGLE_89, 0.01, lot_size=10000) == pytest.approx(686.73, abs=5e-3)
    worst = aoql(SINGLE_89, lot_size=10000)
    assert worst.aoql == pytest.approx(0.01525, abs=5e-6)
    assert worst.p == pytest.approx(0.0253, abs=5e-4)


def test_worked_single_125_3_hypergeometric() -> None:
    kw = {"lot_size": 5000, "model": "hypergeometric"}
    assert accept_probability(SINGLE_125, 0.02, **kw) == pytest.approx(0.760109, abs=5e-7)  # type: ignore[arg-type]
    assert accept_probability(SINGLE_125, 0.04, **kw) == pytest.approx(0.255781, abs=5e-7)  # type: ignore[arg-type]


def test_worked_double_50_100() -> None:
    assert accept_probability(DOUBLE, 0.05) == pytest.approx(0.290415, abs=5e-7)
    assert asn(DOUBLE, 0.05) == pytest.approx(98.10, abs=5e-3)


def test_single_plan_formulas_by_hand() -> None:
    # AOQ = p Pa (N - n) / N and ATI = n + (1 - Pa)(N - n) for a single plan.
    pa = stats.binom.cdf(2, 89, 0.03)
    assert aoq(SINGLE_89, 0.03, lot_size=2000) == pytest.approx(0.03 * pa * 1911 / 2000, rel=1e-12)
    assert ati(SINGLE_89, 0.03, lot_size=2000) == pytest.approx(89 + (1 - pa) * 1911, rel=1e-12)


def test_double_aoq_uses_the_stage_where_the_lot_was_accepted() -> None:
    p, lot = 0.03, 1000
    pa1 = stats.binom.cdf(1, 50, p)
    pa2 = sum(stats.binom.pmf(x1, 50, p) * stats.binom.cdf(3 - x1, 100, p) for x1 in (2, 3))
    expected = p * (pa1 * (lot - 50) + pa2 * (lot - 150)) / lot
    assert aoq(DOUBLE, p, lot_size=lot) == pytest.approx(expected, rel=1e-12)


def test_curtailed_asn_by_the_item_by_item_formula() -> None:
    # Semi-curtailed single plan: item m+1 is inspected iff the first m hold <= c.
    expected = sum(stats.binom.cdf(3, m, 0.05) for m in range(125))
    assert asn(SINGLE_125, 0.05, curtailed=True) == pytest.approx(expected, rel=1e-12)
    lot, d = 400, 20
    exact = sum(stats.hypergeom.cdf(3, lot, d, m) for m in range(125))
    got = asn(SINGLE_125, None, curtailed=True, lot_size=lot, model="hypergeometric", defectives=d)
    assert got == pytest.approx(exact, rel=1e-10)


def test_curtailed_asn_poisson_and_double() -> None:
    per_item = sum(stats.poisson.cdf(3, 0.05 * m) for m in range(125))
    assert asn(SINGLE_125, 0.05, model="poisson", curtailed=True) == pytest.approx(
        per_item, rel=1e-12
    )
    # Double: first stage item by item up to Re 4; the second only when 2..3 were found.
    p = 0.04
    first = sum(stats.binom.cdf(3, m, p) for m in range(50))
    second = sum(
        stats.binom.pmf(x1, 50, p) * sum(stats.binom.cdf(3 - x1, m, p) for m in range(100))
        for x1 in (2, 3)
    )
    assert asn(DOUBLE, p, curtailed=True) == pytest.approx(first + second, rel=1e-12)


def test_hash_stages_and_gap_plans() -> None:
    multi = lookup_plan(500, 1.0, scheme="multiple")  # #/2 #/2 0/2 0/3 1/3 1/3 2/3, n 13
    assert accept_probability(multi, 0.0) == 1.0
    gap = SamplingPlan.from_stages([(20, 0, 2)])
    # The gap count 1 accepts the lot (normal inspection reinstated).
    assert accept_probability(gap, 0.05) == pytest.approx(stats.binom.cdf(1, 20, 0.05), rel=1e-12)


def test_aql_above_10_defaults_to_poisson() -> None:
    plan = lookup_plan(500, 25)  # nonconformities per 100 units
    assert accept_probability(plan, 0.1) == pytest.approx(
        stats.poisson.cdf(plan.accept, plan.sample_size * 0.1), rel=1e-12
    )
    with pytest.raises(InvalidInputError, match="must be 'poisson' for AQL 25"):
        accept_probability(plan, 0.1, model="binomial")


def test_p_at_inverts_pa() -> None:
    plan = SamplingPlan.from_stages([(65, 2, 3)])
    p95, p10 = p_at(plan, 0.95), p_at(plan, 0.10)
    assert stats.binom.cdf(2, 65, p95) == pytest.approx(0.95, abs=1e-12)
    assert stats.binom.cdf(2, 65, p10) == pytest.approx(0.10, abs=1e-12)
    assert stats.poisson.cdf(2, 65 * p_at(plan, 0.5, model="poisson")) == pytest.approx(
        0.5, abs=1e-12
    )


def test_p_at_hypergeometric_is_the_first_D_at_or_below() -> None:
    lot = 500
    p = p_at(SINGLE_89, 0.10, lot_size=lot, model="hypergeometric")
    d = round(p * lot)
    assert stats.hypergeom.cdf(2, lot, d, 89) <= 0.10 < stats.hypergeom.cdf(2, lot, d - 1, 89)
    always = SamplingPlan.from_stages([(10, 10, 11)])  # Ac >= n: every lot passes
    assert p_at(always, 0.5, lot_size=10, model="hypergeometric") == 1.0


def test_rounding_of_D() -> None:
    plan = SamplingPlan.from_stages([(2, 0, 1)])
    common = {"lot_size": 3, "model": "hypergeometric"}
    # D = 3 x 0.5 = 1.5: nearest (halves up) 2, down 1, up 2.
    near = accept_probability(plan, 0.5, **common)  # type: ignore[arg-type]
    assert near == accept_probability(plan, None, defectives=2, **common)  # type: ignore[arg-type]
    down = accept_probability(plan, 0.5, rounding="down", **common)  # type: ignore[arg-type]
    assert down == accept_probability(plan, None, defectives=1, **common)  # type: ignore[arg-type]
    assert accept_probability(plan, 0.4, rounding="up", **common) == near  # type: ignore[arg-type]


def test_rounding_is_exact_at_a_boundary_the_float_product_blurs() -> None:
    # 0.1 x 30 is 3.0000000000000004 in floats; D is exactly 3 whichever way it is rounded.
    plan = SamplingPlan.from_stages([(5, 0, 1)])
    exact = accept_probability(plan, None, lot_size=30, model="hypergeometric", defectives=3)
    for rounding in ("up", "down", "nearest"):
        got = accept_probability(plan, 0.1, lot_size=30, model="hypergeometric", rounding=rounding)
        assert got == exact


def test_aoql_poisson_for_an_aql_above_10() -> None:
    plan = lookup_plan(500, 40)  # nonconformities per 100 units
    worst = aoql(plan, lot_size=500)
    assert worst.model == "poisson"
    assert worst.p > 0.4  # per unit; may exceed 1 nonconformity per unit in general
    assert worst.aoql >= aoq(plan, worst.p * 0.9, lot_size=500)


def test_oc_curve_default_grid_and_rows() -> None:
    curve = oc_curve(SINGLE_125)
    assert len(curve.ps) == 101
    assert curve.ps[0] == 0.0
    assert curve.pa[0] == 1.0
    assert curve.pa[-1] == pytest.approx(0.001, abs=1e-9)
    assert curve.rows()[0] == {"p": 0.0, "pa": 1.0}
    hyper = oc_curve(SINGLE_125, [0.02, 0.04], lot_size=5000, model="hypergeometric")
    assert hyper.defectives == (100, 200)
    assert [r.code for r in hyper.reasons] == [
        "sampling.model_hypergeometric",
        "sampling.defectives_rounding",
    ]
    double = oc_curve(DOUBLE, [0.05], lot_size=2000, model="hypergeometric")
    assert double.pa[0] == accept_probability(DOUBLE, 0.05, lot_size=2000, model="hypergeometric")
    assert oc_curve(lookup_plan(500, 40)).model == "poisson"


def test_hypergeometric_curve_chain_equals_direct_points() -> None:
    plan = SamplingPlan.from_stages([(125, 5, 6)])
    ps = [i / 4999 for i in range(0, 5000, 3)]  # D from 0 to N, chained and anchored
    curve = oc_curve(plan, ps, lot_size=5000, model="hypergeometric")
    for p, pa in list(zip(ps, curve.pa, strict=True))[::37]:
        direct = accept_probability(plan, p, lot_size=5000, model="hypergeometric")
        assert pa == pytest.approx(direct, rel=1e-12, abs=1e-300)


def test_results_round_trip() -> None:
    curve = oc_curve(SINGLE_125, [0.01, 0.02])
    assert from_dict(to_dict(curve), OCCurve) == curve
    worst = aoql(SINGLE_125, lot_size=1000)
    assert from_dict(to_dict(worst), AOQLResult) == worst


def test_aoql_hypergeometric_is_an_exact_integer_search() -> None:
    lot = 300
    worst = aoql(SINGLE_89, lot_size=lot, model="hypergeometric")
    every = [
        aoq(SINGLE_89, None, lot_size=lot, model="hypergeometric", defectives=d)
        for d in range(lot + 1)
    ]
    assert worst.aoql == max(every)
    assert worst.p == every.index(max(every)) / lot


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: accept_probability(SINGLE_89, 1.5), "'p' must be in [0, 1] (got 1.5)"),
        (lambda: accept_probability(SINGLE_89, -0.1), "'p' must be >= 0.0 (got -0.1)"),
        (lambda: accept_probability(SINGLE_89, float("nan")), "'p' must be finite"),
        (
            lambda: accept_probability(SINGLE_89, None),
            "'p' must be a number (or give 'defectives')",
        ),
        (lambda: accept_probability(SINGLE_89, "1%"), "'p' must be a number"),  # type: ignore[arg-type]
        (lambda: accept_probability(SINGLE_89, 0.1, model="normal"), "'model' must be one of"),  # type: ignore[arg-type]
        (
            lambda: accept_probability(SINGLE_89, 0.1, model="hypergeometric"),
            "'lot_size' is needed for the hypergeometric model",
        ),
        (
            lambda: accept_probability(
                SINGLE_89,
                None,
                lot_size=500,
                model="hypergeometric",
                defectives=2.5,  # type: ignore[arg-type]
            ),
            "'defectives' must be an integer (got 2.5)",
        ),
        (
            lambda: accept_probability(
                SINGLE_89, None, lot_size=500, model="hypergeometric", defectives=501
            ),
            "'defectives' must be <= 500",
        ),
        (
            lambda: accept_probability(SINGLE_89, None, defectives=3),
            "applies to the hypergeometric model only",
        ),
        (
            lambda: accept_probability(
                SINGLE_89,
                0.1,
                lot_size=500,
                model="hypergeometric",
                rounding="bankers",  # type: ignore[arg-type]
            ),
            "'rounding' must be one of",
        ),
        (lambda: accept_probability("n=89 c=2", 0.1), "'plan' must be a SamplingPlan"),  # type: ignore[arg-type]
        (
            lambda: aoq(SINGLE_89, 0.1, lot_size=None),  # type: ignore[arg-type]
            "'lot_size' is needed for rectifying measures",
        ),
        (lambda: ati(SINGLE_89, 0.1, lot_size=0), "'lot_size' must be >= 1 (got 0)"),
        (lambda: aoql(SINGLE_89, lot_size=1000, grid=3), "'grid' must be >= 10"),
        (lambda: p_at(SINGLE_89, 1.0), "'pa' must be in (0, 1) (got 1.0)"),
        (lambda: p_at(SINGLE_89, 0), "'pa' must be in (0, 1)"),
        (lambda: oc_curve(SINGLE_89, []), "'ps' must be at least one value"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def exact_hypergeometric_cdf(c: int, lot: int, d: int, n: int) -> float:
    """Correctly rounded P(X <= c) from exact integers (scipy drifts ~1e-9 at N = 1e7)."""
    total = sum(Fraction(comb(d, x) * comb(lot - d, n - x)) for x in range(min(c, d, n) + 1))
    return float(total / comb(lot, n))


def test_hypergeometric_aoql_of_a_large_lot_is_the_exhaustive_maximum() -> None:
    # N = 100000: the search over D zooms in; the oracle tries every D up to 6000
    # (p = 0.06, past the binomial AOQL point 0.0253) and takes the largest AOQ.
    lot = 100_000
    result = aoql(SINGLE_89, lot_size=lot, model="hypergeometric")
    best_d = max(
        range(6001),
        key=lambda d: aoq(SINGLE_89, None, lot_size=lot, model="hypergeometric", defectives=d),
    )
    assert result.p == best_d / lot
    assert result.aoql == aoq(
        SINGLE_89, None, lot_size=lot, model="hypergeometric", defectives=best_d
    )


@pytest.mark.parametrize(
    ("lot", "n", "c", "d"),
    [
        (10_000_000, 3150, 44, 50_000),
        (10_000_000, 3150, 1, 100),
        (10_000_000, 1250, 21, 236_886),
        (5000, 125, 3, 100),
        (50, 50, 3, 3),
    ],
)
def test_large_hypergeometric_against_exact_integers(lot: int, n: int, c: int, d: int) -> None:
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    got = accept_probability(plan, None, lot_size=lot, model="hypergeometric", defectives=d)
    assert got == pytest.approx(exact_hypergeometric_cdf(c, lot, d, n), rel=1e-12)


@pytest.mark.parametrize("p", [0.001, 0.01, 0.2, 0.5, 0.9])
def test_large_binomial_and_poisson_against_scipy(p: float) -> None:
    plan = SamplingPlan.from_stages([(3150, 44, 45)])
    for got, ref in [
        (accept_probability(plan, p), stats.binom.cdf(44, 3150, p)),
        (accept_probability(plan, p, model="poisson"), stats.poisson.cdf(44, 3150 * p)),
    ]:
        if ref > 1e-290:
            assert got == pytest.approx(ref, rel=1e-12)
        else:
            assert got < 1e-280
