"""OC behaviours that surviving mutants showed untested (issue 20).

Oracles: scipy.stats and scipy.optimize (root of Pa(p) = target).
"""

from __future__ import annotations

import pytest
from scipy import optimize, stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.sampling import SamplingPlan, accept_probability, lookup_plan, p_at

AC1 = SamplingPlan.from_stages([(50, 1, 2)])


@pytest.mark.parametrize("target", [0.95, 0.5, 0.10])
def test_poisson_quality_at_a_given_pa(target: float) -> None:
    # Pa(p) = P(Poisson(50 p) <= 1); the p where it equals the target.
    expected = optimize.brentq(
        lambda p: stats.poisson.cdf(1, 50 * p) - target, 1e-9, 1.0, xtol=1e-14
    )
    assert p_at(AC1, target, model="poisson") == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("target", [0.95, 0.10])
def test_binomial_quality_at_a_given_pa(target: float) -> None:
    expected = optimize.brentq(lambda p: stats.binom.cdf(1, 50, p) - target, 1e-9, 1.0, xtol=1e-14)
    assert p_at(AC1, target, model="binomial") == pytest.approx(expected, rel=1e-6)


def test_oc_bad_input_messages() -> None:
    with pytest.raises(InvalidInputError, match=r"^'pa' must be"):
        p_at(AC1, "high")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^'model' must be one of \(.*\) \(got 5\)$"):
        accept_probability(AC1, 0.1, model=5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'defectives' must be >= 0"):
        accept_probability(AC1, None, lot_size=100, model="hypergeometric", defectives=-1)


def test_poisson_quality_beyond_one_per_unit() -> None:
    # n 20, Ac 21, Re 22 (nonconformities per 100 units, AQL 65): Pa(1.0) = P(Poisson(20) <= 21)
    # is about 0.64, so Pa = 0.10 lies beyond p = 1.
    plan = lookup_plan(1000, 65)
    assert (plan.sample_size, plan.accept) == (20, 21)
    expected = optimize.brentq(
        lambda p: stats.poisson.cdf(21, 20 * p) - 0.10, 1e-9, 10.0, xtol=1e-14
    )
    assert expected > 1.0
    assert p_at(plan, 0.10, model="poisson") == pytest.approx(expected, rel=1e-6)


def test_lot_size_errors_name_the_lot() -> None:
    with pytest.raises(InvalidInputError, match=r"^'lot_size' must be <= 1000000000000"):
        accept_probability(AC1, 0.1, lot_size=10**12 + 1)
    with pytest.raises(InvalidInputError) as info:
        accept_probability(AC1, 0.1, model="hypergeometric")
    assert info.value.field == "lot_size"
