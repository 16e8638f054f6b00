"""Laws of the survey analytics (issue 18): containment, shrinking, symmetry, flatness, weights."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from qmscore.scoring import (
    NPS_METHODS,
    STANDARD_QUESTIONNAIRE,
    agresti_coull,
    mann_kendall,
    nps_counts,
    nps_difference,
    proportion_difference,
    score_responses,
    summarize,
    trend,
    weighted_nps,
    welch_difference,
    wilson,
)
from tests.budget import budget

counts = st.integers(min_value=0, max_value=300)
scores = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=60)
values = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=40)
DETERMINISTIC = ("adjusted_wald", "score", "wald")
TOL = 1e-9


@budget(ms=2)
@given(counts, counts, counts, st.sampled_from(NPS_METHODS), st.integers(0, 5))
def test_every_nps_interval_contains_its_estimate(
    pro: int, pas: int, det: int, method: str, seed: int
) -> None:
    assume(pro + pas + det > 0)
    r = nps_counts(pro, pas, det, method=method, seed=seed, draws=200)
    assert -100.0 <= r.low <= r.estimate <= r.high <= 100.0


@budget(ms=2)
@given(counts, counts, counts, st.sampled_from(DETERMINISTIC), st.integers(2, 6))
def test_nps_intervals_shrink_as_n_grows(
    pro: int, pas: int, det: int, method: str, k: int
) -> None:
    assume(pro + pas + det > 0)
    small = nps_counts(pro, pas, det, method=method)
    large = nps_counts(k * pro, k * pas, k * det, method=method)
    assert large.high - large.low <= small.high - small.low + TOL


@budget(ms=2)
@given(st.integers(0, 200), st.integers(1, 200), st.integers(2, 6))
def test_proportion_intervals_contain_and_shrink(x: int, n: int, k: int) -> None:
    assume(x <= n)
    for method in (wilson, agresti_coull):
        small, large = method(x, n), method(k * x, k * n)
        assert small.low <= small.estimate <= small.high
        assert large.high - large.low <= small.high - small.low + TOL


@budget(ms=3)
@given(values, values)
def test_swapping_waves_negates_the_mean_difference(a: list[float], b: list[float]) -> None:
    ab, ba = welch_difference(a, b), welch_difference(b, a)
    assert ab.low <= ab.difference <= ab.high
    assert abs(ab.difference + ba.difference) <= 1e-9 * (1 + abs(ab.difference))
    assert abs(ab.low + ba.high) <= 1e-7 * (1 + abs(ab.low))
    assert ab.changed == ba.changed


@budget(ms=2)
@given(st.integers(0, 100), st.integers(1, 100), st.integers(0, 100), st.integers(1, 100))
def test_swapping_waves_negates_share_differences(xb: int, nb: int, xa: int, na: int) -> None:
    assume(xb <= nb and xa <= na)
    ab = proportion_difference(xb, nb, xa, na)
    ba = proportion_difference(xa, na, xb, nb)
    assert ab.low <= ab.difference <= ab.high
    assert abs(ab.difference + ba.difference) <= TOL
    assert abs(ab.low + ba.high) <= TOL
    assert abs(ab.high + ba.low) <= TOL


@budget(ms=2)
@given(scores, scores)
def test_swapping_waves_negates_the_nps_difference(a: list[int], b: list[int]) -> None:
    ab, ba = nps_difference(a, b), nps_difference(b, a)
    assert ab.low <= ab.difference <= ab.high
    assert abs(ab.difference + ba.difference) <= TOL
    assert abs(ab.low + ba.high) <= 1e-7
    assert abs(ab.high + ba.low) <= 1e-7


@budget(ms=4)
@given(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.lists(st.integers(2, 8), min_size=3, max_size=8),
)
def test_a_constant_series_has_no_trend(level: float, sizes: list[int]) -> None:
    t = trend([[level] * n for n in sizes])
    assert t.direction == "none"
    assert t.slope.estimate == 0.0
    assert t.mann_kendall.s == 0
    assert t.mann_kendall.direction == "none"
    assert mann_kendall([level] * len(sizes)).p_value == 1.0


@budget(ms=2)
@given(scores, st.floats(min_value=1, max_value=50, allow_nan=False))
def test_equal_weights_give_the_unweighted_nps(xs: list[int], w: float) -> None:
    assume(len(xs) >= 2)
    weighted = weighted_nps(xs, [w] * len(xs))
    plain = nps_counts(
        sum(v >= 9 for v in xs),
        sum(7 <= v <= 8 for v in xs),
        sum(v <= 6 for v in xs),
        method="wald",
    )
    assert abs(weighted.estimate - plain.estimate) <= 1e-9


LEVELS = [lv.key for lv in STANDARD_QUESTIONNAIRE.levels]
KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


@budget(ms=4)
@given(
    st.lists(st.lists(st.sampled_from(LEVELS), min_size=10, max_size=10), min_size=2, max_size=15),
    st.floats(min_value=1, max_value=50, allow_nan=False),
)
def test_equal_weights_give_the_unweighted_mean(rows: list[list[str]], w: float) -> None:
    batch = score_responses([dict(zip(KEYS, r, strict=True)) for r in rows])
    s = summarize(batch, weights=[w] * len(rows), fpc=False)
    assert s.weighted_mean is not None
    assert abs(s.weighted_mean.estimate - s.mean) <= 1e-9
    if s.mean_interval is not None:
        assert abs(s.weighted_mean.low - s.mean_interval.low) <= 1e-7
        assert abs(s.weighted_mean.high - s.mean_interval.high) <= 1e-7
