"""The t-quantile behind summarize's interval, against scipy (issue 15: fast and as exact)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special, stats

from qmscore.scoring._dist import _bisect, _central, _equation, _newton, _tail, t_cdf, t_quantile
from tests.budget import budget

DF = st.floats(0.1, 1e6) | st.sampled_from(
    [0.2, 0.5, 1.0, 2.0, 3.0, 4.0, 3999.0, 4000.0, 4001.0, 999_999.0]
)
LEVEL = st.floats(0.5005, 1 - 1e-9) | st.sampled_from([0.75, 0.9, 0.95, 0.975, 0.995])


@budget(ms=4)
@given(DF, LEVEL)
def test_t_quantile_matches_scipy(df: float, p: float) -> None:
    # The tolerance the quantile met before (tests/scoring/test_stats.py): 1e-9 relative.
    expected = stats.t.ppf(p, df)
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-9)
    assert t_quantile(1 - p, df) == pytest.approx(stats.t.ppf(1 - p, df), rel=1e-9)


@budget(ms=4)
@given(DF, st.floats(1e-12, 5e-4))
def test_t_quantile_near_the_centre_solves_the_cdf(df: float, h: float) -> None:
    # scipy's ppf loses digits within 1e-3 of p = 1/2 (at df = 4 and p = 0.5000001
    # it is 4e-4 off); its regularised incomplete beta does not: check that our t
    # gives P(0 < T < t) = h, with P(0 < T < t) = I_y(1/2, df/2) / 2, y = t^2/(df + t^2).
    t = t_quantile(0.5 + h, df)
    p = 0.5 + h
    central = 0.5 * special.betainc(0.5, df / 2, t * t / (df + t * t))
    assert central == pytest.approx(p - 0.5, rel=1e-9)


def test_closed_forms_and_symmetry() -> None:
    # df = 1 is Cauchy: t = tan(pi (p - 1/2)); at p = 3/4 that is tan(pi/4) = 1.
    assert t_quantile(0.75, 1.0) == pytest.approx(1.0, rel=1e-15)
    # df = 2: t = (2p - 1) / sqrt(2 p (1 - p)); at p = 3/4: 0.5 / sqrt(0.375) = 0.8164965...
    assert t_quantile(0.75, 2.0) == pytest.approx(0.5 / 0.375**0.5, rel=1e-15)
    assert t_quantile(0.5, 7.0) == 0.0
    assert t_quantile(0.2, 7.0) == -t_quantile(0.8, 7.0)


@pytest.mark.parametrize("df", [1.5, 7.5, 29.0, 999.0])
def test_the_bisection_fallback_agrees(df: float) -> None:
    # The fallback Newton never needs: bisection on the tail, to the same value.
    q = 0.025
    assert _bisect(lambda t: _tail(t, df), q) == pytest.approx(t_quantile(1 - q, df), rel=1e-12)
    centre = 0.4
    assert _bisect(lambda t: 0.5 - _central(t, df), centre) == pytest.approx(
        t_quantile(0.6, df), rel=1e-12
    )


@pytest.mark.parametrize("df", [0.2, 1.0, 7.5])
def test_the_distribution_at_zero(df: float) -> None:
    # T is symmetric: P(T <= 0) = P(T > 0) = 1/2 and P(0 < T < 0) = 0.
    assert t_cdf(0.0, df) == 0.5
    assert _tail(0.0, df) == 0.5
    assert _central(0.0, df) == 0.0


@pytest.mark.parametrize(("p", "df"), [(0.74, 0.2), (0.6, 0.05), (0.7, 0.5)])
def test_heavy_tails_in_the_centre(p: float, df: float) -> None:
    # With df < 1 the quartile lies beyond sqrt(df): the centre's other branch.
    t = t_quantile(p, df)
    assert t * t > df
    assert t == pytest.approx(stats.t.ppf(p, df), rel=1e-9)


@pytest.mark.parametrize(("p", "df"), [(0.975, 5.0), (0.6, 3.5), (0.9999, 1.5)])
def test_newton_from_a_bad_start_stays_in_its_bracket(p: float, df: float) -> None:
    # Started far above the root, the first step overshoots below zero: the
    # bracket turns it into a bisection step, and Newton still converges.
    tail, target = _equation(p, df)
    assert _newton(tail, target, df, 1e6) == pytest.approx(stats.t.ppf(p, df), rel=1e-9)
