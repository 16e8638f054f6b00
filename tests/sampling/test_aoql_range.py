"""The AOQL scan reaches the peak under the model in use (an items plan read by Poisson).

Under the Poisson model p is a mean count per unit and may pass 1, so an items
plan whose Ac is at least n (every binomial lot accepted) still has a Poisson
AOQ peak beyond p = 1. The oracle is scipy's Poisson cdf on a fine grid chosen
independently of qmscore's own bracket.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qmscore.sampling import SamplingPlan, aoq, aoql
from tests.budget import budget


def _scipy_aoql(n: int, c: int, lot: int) -> tuple[float, float]:
    """max over p of p * P(Poisson(n p) <= c) * (N - n) / N, on a fine grid then refined."""
    top = (c + 1 + 12 * (c + 1) ** 0.5 + 30) / n  # far past the peak: Pa there is < 1e-9
    ps = np.linspace(0.0, top, 200_001)
    values = ps * stats.poisson.cdf(c, n * ps) * (lot - n) / lot
    i = int(values.argmax())
    fine = np.linspace(ps[max(i - 1, 0)], ps[min(i + 1, ps.size - 1)], 20_001)
    refined = fine * stats.poisson.cdf(c, n * fine) * (lot - n) / lot
    j = int(refined.argmax())
    return float(refined[j]), float(fine[j])


def test_items_plan_with_ac_at_least_n_peaks_past_p_1_under_poisson() -> None:
    # n 2, Ac 5, N 100: AOQ(p) = p * P(Poisson(2p) <= 5) * 98/100. Its peak is at
    # p = 2.1745 (AOQ 1.55241); a scan that stops at p = 1.5 reported 1.34664.
    plan = SamplingPlan.from_stages([(2, 5, 6)])
    result = aoql(plan, lot_size=100, model="poisson")
    expected, p_peak = _scipy_aoql(2, 5, 100)
    assert result.aoql == pytest.approx(expected, rel=1e-9)
    assert result.p == pytest.approx(p_peak, rel=1e-4)
    assert result.p > 1.5
    # The binomial reading of the same plan accepts every lot: AOQ = p * 98/100,
    # largest at p = 1.
    binomial = aoql(plan, lot_size=100, model="binomial")
    assert binomial.aoql == pytest.approx(0.98, rel=1e-12)


@budget(ms=60)
@given(st.integers(1, 40), st.integers(0, 45), st.integers(50, 5000))
def test_poisson_aoql_matches_a_scipy_scan(n: int, c: int, lot: int) -> None:
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    result = aoql(plan, lot_size=lot, model="poisson")
    expected, _ = _scipy_aoql(n, c, lot)
    assert result.aoql == pytest.approx(expected, rel=1e-7)
    assert aoq(plan, result.p, lot_size=lot, model="poisson") == pytest.approx(
        result.aoql, rel=1e-12
    )
