"""scoring/_dist.py (t and normal quantiles) on a fixed grid against scipy (issue 20).

A deterministic grid beside the Hypothesis laws in tests/scoring/test_t_quantile_laws.py,
so every branch edge is met on every mutation run: df below 1 (bisection), 1 and 2
(closed forms), the Newton range, both sides of the Cornish-Fisher switch at 4000;
p on both sides of 3/4 (centre or tail equation) and far out in both tails.
Oracle: scipy.stats.t.ppf / t.cdf / norm.ppf, to 1e-9 relative.
"""

from __future__ import annotations

import attrs
import pytest
from scipy import stats

from qmscore.scoring import (
    STANDARD_BANDS,
    STANDARD_LEVELS,
    Item,
    Questionnaire,
    score_responses,
    summarize,
)
from qmscore.scoring._dist import normal_quantile, t_cdf, t_quantile

DFS = [0.3, 0.9, 1.0, 1.5, 2.0, 2.5, 3.0, 10.0, 120.0, 3999.0, 4000.0, 4001.0, 1e6]
# p away from 1/2, where scipy's ppf keeps its digits (see test_t_quantile_laws.py).
PS = [0.6, 0.7499, 0.75, 0.7501, 0.9, 0.975, 0.999, 1 - 1e-7]


@pytest.mark.parametrize("df", DFS)
def test_t_quantile_grid_against_scipy(df: float) -> None:
    for p in PS:
        assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9), p
        assert t_quantile(1 - p, df) == pytest.approx(stats.t.ppf(1 - p, df), rel=1e-9), p


@pytest.mark.parametrize("df", DFS)
def test_t_cdf_grid_against_scipy(df: float) -> None:
    for t in (-50.0, -3.0, -0.5, 0.25, 1.0, 2.0, 7.0, 400.0):
        assert t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), rel=1e-9), t


def test_normal_quantile_against_scipy() -> None:
    for p in (1e-12, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 1 - 1e-9):
        assert normal_quantile(p) == pytest.approx(stats.norm.ppf(p), rel=1e-9, abs=1e-15)


def test_a_band_edge_at_1_is_flagged_when_the_interval_straddles_it() -> None:
    """Every band edge above 0 is checked, also one at 1 (not just edges above 1)."""
    levels = [lv.key for lv in STANDARD_LEVELS]
    item = Item("a", "a", "a", 1.0, dict(zip(levels, (100, 80, 50, 20, 0), strict=True)))
    a, b, c, d, e = STANDARD_BANDS
    bands = (a, b, c, attrs.evolve(d, lower=1.0), attrs.evolve(e, upper=1.0))
    q = Questionnaire("x", (item,), STANDARD_LEVELS, bands)
    # Scores 0 and 20: mean 10, sd = sqrt(200) = 14.1, n = 2, df = 1: the 95% interval
    # 10 -/+ 12.706 x 10 = [-117.1, 137.1] straddles every edge, 1 among them.
    s = summarize(score_responses([{"a": "opposed"}, {"a": "dissatisfied"}], q))
    edges = [r.en for r in s.flags if r.code == "scoring.straddles_band"]
    assert any("grade edge 1:" in en for en in edges)


@pytest.mark.parametrize("df", [4000.0, 4001.0, 5000.0])
def test_the_cornish_fisher_series_is_exact_from_df_4000(df: float) -> None:
    """From df 4000 the series alone is the answer: it meets scipy to 5e-14 relative.

    (Its next term is O(df^-5); scipy itself is 1e-14 off at p = 1 - 1e-10.)
    """
    for p in (0.975, 1 - 1e-7, 1 - 1e-10):
        assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=5e-14), p
