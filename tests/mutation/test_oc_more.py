"""OC behaviours that surviving mutants of sampling/oc showed untested (issue 20, second pass)."""

from __future__ import annotations

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.sampling import SamplingPlan, accept_probability, asn

AC1 = SamplingPlan.from_stages([(50, 1, 2)])


def test_single_stage_sample_capped_by_a_small_lot() -> None:
    # n 50 but a lot of 10: the sample is the lot, Pa = P(Bin(10, 0.1) <= 1).
    pa = accept_probability(AC1, 0.1, lot_size=10, model="binomial")
    assert pa == pytest.approx(stats.binom.cdf(1, 10, 0.1), rel=1e-12)
    # A lot of 51 > n: the full 50, P(Bin(50, 0.1) <= 1).
    pa = accept_probability(AC1, 0.1, lot_size=51, model="binomial")
    assert pa == pytest.approx(stats.binom.cdf(1, 50, 0.1), rel=1e-12)


def test_rounding_down_of_defectives() -> None:
    # N 100, p 0.017: N p = 1.7; down -> D = 1, nearest -> D = 2.
    # D = 1: at most one defective in the sample, Pa = 1.
    # D = 2: Pa = 1 - P(X = 2) = 1 - (50 * 49)/(100 * 99) = 1 - 2450/9900 = 0.752525...
    down = accept_probability(AC1, 0.017, lot_size=100, model="hypergeometric", rounding="down")
    assert down == 1.0
    nearest = accept_probability(AC1, 0.017, lot_size=100, model="hypergeometric")
    assert nearest == pytest.approx(1 - 2450 / 9900, rel=1e-12)


def test_defectives_errors_carry_the_value() -> None:
    for bad in (101, -1):
        with pytest.raises(InvalidInputError, match=r"^'defectives' must be") as e:
            accept_probability(AC1, None, lot_size=100, model="hypergeometric", defectives=bad)
        assert (e.value.field, e.value.value) == ("defectives", bad)


def test_nonconformities_plan_refuses_binomial_by_name() -> None:
    plan = SamplingPlan.from_stages([(50, 1, 2)], counts="nonconformities")
    with pytest.raises(
        InvalidInputError, match=r"for a plan that counts nonconformities \(an item may carry"
    ):
        accept_probability(plan, 0.1, model="binomial")


def test_an_unknown_rounding_is_refused_even_without_a_lot() -> None:
    with pytest.raises(InvalidInputError, match=r"^'rounding' must be"):
        accept_probability(AC1, 0.1, rounding="sideways")  # type: ignore[arg-type]


def test_defectives_outside_the_hypergeometric_model_carry_the_value() -> None:
    with pytest.raises(InvalidInputError, match=r"applies to the hypergeometric model only") as e:
        accept_probability(AC1, None, lot_size=100, model="binomial", defectives=3)
    assert (e.value.field, e.value.value) == ("defectives", 3)


def test_rounding_down_just_below_an_integer() -> None:
    # N 100, p 0.0299999999999: N p = 2.99999999999, within 1e-9 of 3, so the
    # decimal p decides: down -> D = 2 (Pa = 1 - 2450/9900), nearest -> D = 3.
    p = 0.0299999999999
    down = accept_probability(AC1, p, lot_size=100, model="hypergeometric", rounding="down")
    assert down == pytest.approx(stats.hypergeom.cdf(1, 100, 2, 50), rel=1e-12)
    assert down == pytest.approx(1 - 2450 / 9900, rel=1e-12)
    nearest = accept_probability(AC1, p, lot_size=100, model="hypergeometric")
    assert nearest == pytest.approx(stats.hypergeom.cdf(1, 100, 3, 50), rel=1e-12)


# ---------------------------------------------------------------- session 13


def test_rounding_down_at_an_exact_product_that_the_float_misses() -> None:
    # 0.57 x 5000 = 2850 exactly, but the float product is 2849.9999999999995: rounding
    # "down" must still give D = 2850 (the decimal the caller typed), not 2849.
    # Plan n 2, Ac 0: Pa = P(both items good) = (N - D)(N - D - 1) / (N (N - 1)).
    plan = SamplingPlan.from_stages([(2, 0, 1)])
    expected = (5000 - 2850) * (5000 - 2851) / (5000 * 4999)  # 2150 * 2149 / 24995000
    for rounding in ("down", "nearest", "up"):
        pa = accept_probability(
            plan, 0.57, lot_size=5000, model="hypergeometric", rounding=rounding
        )
        assert pa == pytest.approx(expected, rel=1e-12)


def test_curtailed_asn_draws_only_what_the_lot_holds() -> None:
    # n 5, Ac 0, Re 1 on a lot of 3: the sample is the 3 items, inspection stops at the
    # first nonconforming one. E[items] = 1 + q + q^2 with q = 0.5: 1.75 (not 1.9375 for 5).
    plan = SamplingPlan.from_stages([(5, 0, 1)])
    assert asn(plan, 0.5, lot_size=3, model="binomial", curtailed=True) == pytest.approx(1.75)
    assert asn(plan, 0.5, lot_size=3, model="binomial") == pytest.approx(3.0)


def test_curtailed_asn_keeps_going_after_a_stage_without_acceptance() -> None:
    # Stage 1: n 2, '#' (no acceptance), Re 2; stage 2: n 2, Ac 1, Re 2; p = 0.5.
    # Items 1, 2 always; item 3 if fewer than 2 found in 2 (0.75); item 4 if fewer than
    # 2 found in 3 (1/8 + 3/8 = 0.5). ASN = 2 + 0.75 + 0.5 = 3.25: a count of 0 or 1 after
    # a '#' stage is not an acceptance.
    plan = SamplingPlan.from_stages([(2, None, 2), (2, 1, 2)])
    assert asn(plan, 0.5, curtailed=True) == pytest.approx(3.25, rel=1e-15)
