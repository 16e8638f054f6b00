"""The pmf kernels against exact integer / scipy values, edges included."""

from math import comb, exp, factorial

import pytest
from scipy import stats

from qmscore.sampling._pmf import binomial_prefix, hypergeometric_prefix, poisson_prefix


def test_empty_prefixes() -> None:
    assert binomial_prefix(5, 0.1, -1) == []
    assert poisson_prefix(1.0, -1) == []
    assert hypergeometric_prefix(10, 3, 5, -1) == []


def test_degenerate_parameters() -> None:
    assert binomial_prefix(3, 0.0, 2) == [1.0, 0.0, 0.0]
    assert binomial_prefix(3, 1.0, 5) == [0.0, 0.0, 0.0, 1.0]
    assert binomial_prefix(3, 1.0, 1) == [0.0, 0.0]
    assert poisson_prefix(0.0, 2) == [1.0, 0.0, 0.0]


def test_hypergeometric_when_every_good_item_is_drawn() -> None:
    # 10 items, 8 nonconforming, sample 5: at least 3 nonconforming in the sample.
    got = hypergeometric_prefix(10, 8, 5, 5)
    exact = [comb(8, x) * comb(2, 5 - x) / comb(10, 5) for x in range(6)]
    assert got[:3] == [0.0, 0.0, 0.0]
    assert got == pytest.approx(exact, rel=1e-14)
    assert hypergeometric_prefix(10, 8, 5, 1) == [0.0, 0.0]


def test_small_values_by_hand() -> None:
    # Poisson(2): e^-2 * 2^x / x!
    assert poisson_prefix(2.0, 3) == pytest.approx(
        [exp(-2) * 2**x / factorial(x) for x in range(4)], rel=1e-15
    )
    assert binomial_prefix(4, 0.5, 4) == pytest.approx(
        [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16], rel=1e-15
    )


def test_starts_below_the_float_range_do_not_zero_the_prefix() -> None:
    # (1 - 0.3)^3150 ~ 1e-488, yet P(X = 945) is near the mode.
    got = binomial_prefix(3150, 0.3, 945)
    assert got[945] == pytest.approx(stats.binom.pmf(945, 3150, 0.3), rel=1e-12)
    assert got[0] == 0.0  # truly below the smallest float
    big = poisson_prefix(1000.0, 1000)
    assert big[1000] == pytest.approx(stats.poisson.pmf(1000, 1000.0), rel=1e-12)


def test_a_subnormal_p_underflows_cleanly() -> None:
    got = binomial_prefix(5, 5e-324, 3)
    assert got[0] == 1.0
    assert got[2:] == [0.0, 0.0]


def test_cdfs_agree_with_summed_prefixes_in_every_branch() -> None:
    from qmscore.sampling._pmf import binomial_cdf, poisson_cdf

    # Underflowing start (n log(1 - p) < -700), k >= n, k < 0, and a large lambda.
    assert binomial_cdf(3150, 0.3, 945) == pytest.approx(
        stats.binom.cdf(945, 3150, 0.3), rel=1e-12
    )
    assert binomial_cdf(5, 0.3, 5) == 1.0
    assert binomial_cdf(5, 0.3, -1) == 0.0
    assert binomial_cdf(5, 1.0, 4) == 0.0
    assert poisson_cdf(1000.0, 1000) == pytest.approx(stats.poisson.cdf(1000, 1000.0), rel=1e-12)
    assert poisson_cdf(2.0, -1) == 0.0
    assert poisson_cdf(2.0, 3) == pytest.approx(stats.poisson.cdf(3, 2.0), rel=1e-15)
