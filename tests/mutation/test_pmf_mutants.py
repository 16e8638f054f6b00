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
    binomial_prefix,
    hypergeometric_prefix,
    poisson_cdf,
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
