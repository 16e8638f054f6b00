"""Probability-prefix edge cases that surviving mutants showed untested (issue 20).

Oracles: closed forms with exact Fractions, and scipy.stats for the large cases.
These test the package-internal ``qmscore.sampling._pmf`` functions, which the
OC code builds on (tests/sampling/test_pmf.py tests them the same way).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from scipy import stats

from qmscore.sampling._pmf import (
    binomial_cdf,
    binomial_cdf_many,
    binomial_coefficients,
    binomial_prefix,
    hypergeometric_prefix,
    poisson_cdf,
    poisson_cdf_many,
    poisson_prefix,
)


def test_cdf_at_zero_and_below() -> None:
    # P(X <= 0) = (1 - p)^n = 0.9^3 = 0.729; P(X <= -1) = 0.
    assert binomial_cdf(3, 0.1, 0) == pytest.approx(0.729, rel=1e-15)
    assert binomial_cdf(3, 0.1, -1) == 0.0
    # P(X <= 1) = 0.729 + 3 * 0.1 * 0.81 = 0.972.
    assert binomial_cdf(3, 0.1, 1) == pytest.approx(0.972, rel=1e-15)
    assert poisson_cdf(2.0, 0) == pytest.approx(math.exp(-2.0), rel=1e-15)
    assert poisson_cdf(2.0, -1) == 0.0


def test_cdfs_never_exceed_one() -> None:
    # 1 - 0.01^9 rounds to 1.0; the running sum of the terms rounds above it.
    assert binomial_cdf(9, 0.01, 8) == 1.0
    # P(X <= 116) for Poisson(50) is 1 - (about 1e-15): 1.0 or just below, never above.
    assert poisson_cdf(50.0, 116) <= 1.0
    assert poisson_cdf(50.0, 116) == pytest.approx(float(stats.poisson.cdf(116, 50.0)), abs=1e-15)


def test_poisson_prefix_lengths_and_small_lambdas() -> None:
    assert poisson_prefix(1.0, -1) == []
    assert poisson_prefix(1.0, 0) == [pytest.approx(math.exp(-1.0), rel=1e-15)]
    e = math.exp(-1.0)
    assert poisson_prefix(1.0, 2) == [pytest.approx(e), pytest.approx(e), pytest.approx(e / 2)]
    assert poisson_prefix(0.0, 2) == [1.0, 0.0, 0.0]
    assert poisson_prefix(math.inf, 2) == [0.0, 0.0, 0.0]
    # lam - k ln lam = 2000 - 3 ln 2000 > 800: every term is below the float range.
    assert poisson_prefix(2000.0, 3) == [0.0, 0.0, 0.0, 0.0]


def test_hypergeometric_prefix_stops_at_the_sample_and_the_defectives() -> None:
    # Lot 10 with 5 defective, sample 2: C(5,j) C(5,2-j) / C(10,2) = 10/45, 25/45, 10/45.
    got = hypergeometric_prefix(10, 5, 2, 5)
    assert got == [pytest.approx(float(Fraction(c, 45)), rel=1e-14) for c in (10, 25, 10)]
    # Lot 10 with 1 defective, sample 3: P(0) = 7/10, P(1) = 3/10.
    got = hypergeometric_prefix(10, 1, 3, 3)
    assert got == [pytest.approx(0.7, rel=1e-14), pytest.approx(0.3, rel=1e-14)]


def test_prefix_keeps_its_length_after_terms_underflow_to_zero() -> None:
    # p = 5e-324 (the smallest float): every term past j = 1 underflows to 0.
    got = binomial_prefix(10, 5e-324, 10)
    assert len(got) == 11
    assert got[0] == 1.0


def test_far_below_the_float_range_starts_are_carried() -> None:
    # Binomial(3150, 0.9): P(0) = 0.1^3150, far below floats; the mode is still exact.
    got = binomial_prefix(3150, 0.9, 2835)
    assert got[2835] == pytest.approx(float(stats.binom.pmf(2835, 3150, 0.9)), rel=1e-9)
    # Hypergeometric: half the lot defective, P(0) is about 2^-3150.
    h = hypergeometric_prefix(10**6, 5 * 10**5, 3150, 1575)
    assert h[1575] == pytest.approx(
        float(stats.hypergeom.pmf(1575, 10**6, 5 * 10**5, 3150)), rel=1e-9
    )


def test_cdf_at_or_beyond_n_is_exactly_one() -> None:
    # P(X <= n) = 1 exactly; summing the 11 terms of Binomial(10, 0.45) rounds below 1.
    assert binomial_cdf(10, 0.45, 10) == 1.0
    assert binomial_cdf(10, 0.45, 11) == 1.0


# ------------------------------------------------------------- Horner kernels (issue 20, session 13)


def _exact_tail(n: int, p: float, k: int) -> Fraction:
    # P(X > k) for Binomial(n, p), exactly (p is the float given, taken exactly).
    q = Fraction(p)
    return sum(
        (math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(k + 1, n + 1)), Fraction(0)
    )


HALF_ULP_BELOW_ONE = Fraction(1, 2**54)
"""A probability within this of 1 rounds to the float 1.0 (the floats below 1 are 2**-53 apart)."""


def test_horner_sums_that_round_above_one_are_clamped() -> None:
    # Binomial(6, 1e-5): P(X > 3) = C(6,4) p^4 + ... ~ 1.5e-19, so P(X <= 3) rounds to 1.0;
    # the Horner sum times (1 - p)^3 rounds one ulp above it.
    assert _exact_tail(6, 1e-5, 3) < HALF_ULP_BELOW_ONE
    assert binomial_cdf(6, 1e-5, 3) == 1.0
    # Poisson(5): P(X > 34) ~ 5^35 / 35! e^-5 ~ 2e-18 (scipy), so P(X <= 34) rounds to 1.0.
    assert stats.poisson.sf(34, 5.0) < 2.0**-54
    assert poisson_cdf(5.0, 34) == 1.0


def test_log_space_sums_that_round_above_one_are_clamped() -> None:
    # 171 terms (past the Horner table): Poisson(10), P(X > 171) is far below 2**-54.
    assert stats.poisson.sf(171, 10.0) < 2.0**-54
    assert poisson_cdf(10.0, 171) == 1.0
    # C(1079 - 416 - 1 + j, j) up to j = 416 exceeds 1e300: the log-space prefix is summed.
    # Binomial(1079, 0.003) has mean 3.2: P(X > 416) is far below 2**-54.
    assert binomial_coefficients(1079, 416) is None
    assert stats.binom.sf(416, 1079, 0.003) < 2.0**-54
    assert binomial_cdf(1079, 0.003, 416) == 1.0


def test_cdf_at_k_equal_to_n_is_one_even_when_every_item_is_nonconforming() -> None:
    # X <= n always: P = 1, also for p = 1 (X = n).
    assert binomial_cdf(3, 1.0, 3) == 1.0
    assert binomial_cdf(3, 1.0, 4) == 1.0
    assert binomial_cdf(3, 0.3, 5) == 1.0
    # One below n with p = 1: X = n > k, so 0; with n - k above 512 too.
    assert binomial_cdf(3, 1.0, 2) == 0.0
    assert binomial_cdf(600, 1.0, 0) == 0.0


def test_poisson_cdf_past_the_horner_table_with_a_small_mean() -> None:
    # k = 200 > 170 terms, lam = 5: P(X <= 200) = 1 - (far below 2**-54) = 1.0.
    assert poisson_cdf(5.0, 200) == 1.0
    assert poisson_cdf(150.0, 200) == pytest.approx(
        float(stats.poisson.cdf(200, 150.0)), rel=1e-11
    )


@pytest.mark.parametrize(
    ("n", "k", "p"),
    [
        # n - k = 512: weight 0.25^512 = 2^-1024, below 1e-300, yet P(X <= 50) ~ 3.5e-243.
        (562, 50, 0.75),
        # n - k = 600 > 512: weight 0.25^600 ~ 1e-361 underflows, yet P(X <= 50) ~ 7.1e-293.
        (650, 50, 0.75),
    ],
)
def test_many_falls_back_to_the_log_space_sum_when_the_weight_underflows(
    n: int, k: int, p: float
) -> None:
    ref = float(stats.binom.cdf(k, n, p))
    assert ref > 1e-300
    assert binomial_cdf(n, p, k) == pytest.approx(ref, rel=1e-9)
    assert binomial_cdf_many(n, k, [p, 0.5]) == [binomial_cdf(n, p, k), binomial_cdf(n, 0.5, k)]
    assert binomial_cdf_many(n, k, [p]) == [pytest.approx(ref, rel=1e-9)]


def test_many_at_an_exponent_of_exactly_512_is_the_scalar_float_for_float() -> None:
    # n - k = 512 takes (1 - p)**512 directly in both; 513 takes exp(513 log1p(-p)).
    ps = [0.0001, 0.0003, 0.001, 0.002, 0.003, 0.004]
    for n, k in ((514, 2), (515, 2), (516, 4)):
        many = binomial_cdf_many(n, k, ps)
        assert many == [binomial_cdf(n, p, k) for p in ps]
        assert many == [pytest.approx(float(stats.binom.cdf(k, n, p)), rel=1e-12) for p in ps]


def test_many_with_coefficients_past_the_float_range_sums_in_log_space() -> None:
    # C(10**6 - 300 - 1 + j, j) up to j = 300 exceeds 1e300, though the weight
    # (1 - 0.0003)^999700 ~ e^-300 is a normal float: each point is the scalar's log-space sum.
    assert binomial_coefficients(10**6, 300) is None
    ref = float(stats.binom.cdf(300, 10**6, 0.0003))
    many = binomial_cdf_many(10**6, 300, [0.0003, 0.0002])
    assert many == [binomial_cdf(10**6, 0.0003, 300), binomial_cdf(10**6, 0.0002, 300)]
    assert many[0] == pytest.approx(ref, rel=1e-11)


def test_poisson_many_default_scale_is_one() -> None:
    # scale 1: the points are the Poisson means themselves.
    ps = [0.5, 1.0, 2.0]
    assert poisson_cdf_many(2, ps) == [poisson_cdf(p, 2) for p in ps]
    assert poisson_cdf_many(2, ps) == [
        pytest.approx(float(stats.poisson.cdf(2, p)), rel=1e-14) for p in ps
    ]


@pytest.mark.parametrize("k", [100, 150, 170])
def test_poisson_at_a_mean_of_exactly_700_is_the_horner_sum_in_both(k: int) -> None:
    # lam = 700 is the last mean the Horner sum takes (exp(-700) is a normal float); the
    # curve kernel takes it too, so the scalar and the curve give the same float.
    assert poisson_cdf_many(k, [700.0]) == [poisson_cdf(700.0, k)]
    assert poisson_cdf_many(k, [350.0], 2) == [poisson_cdf(700.0, k)]
    assert poisson_cdf(700.0, k) == pytest.approx(float(stats.poisson.cdf(k, 700.0)), rel=1e-12)
