from __future__ import annotations

import math

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    Summary,
    nps_summary,
    score_response,
    score_responses,
    summarize,
    wilson,
)
from qmscore.scoring._dist import t_cdf, t_quantile
from qmscore.serialization import from_dict, to_dict

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


@pytest.mark.parametrize("df", [1, 2, 3, 7.5, 29, 120, 1e4])
@pytest.mark.parametrize("p", [0.55, 0.9, 0.975, 0.995, 0.9999])
def test_t_quantile_against_scipy(df: float, p: float) -> None:
    assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9)
    assert t_cdf(-1.3, df) == pytest.approx(stats.t.cdf(-1.3, df), rel=1e-9)
    assert t_quantile(1 - p, df) == pytest.approx(stats.t.ppf(1 - p, df), rel=1e-9)
    assert t_quantile(0.5, df) == 0.0


def test_mean_t_interval_with_cochrans_finite_population_correction() -> None:
    rows = [
        resp("satisfied"),
        resp("very_satisfied"),
        resp("indifferent"),
        resp("satisfied", price="opposed"),
        resp("satisfied"),
    ]
    values = [88.0, 100.0, 60.0, 85.0, 88.0]
    n, mean = 5, sum(values) / 5
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / 4)
    t = stats.t.ppf(0.975, 4)
    s = summarize(score_responses(rows))
    assert s.mean == pytest.approx(mean)
    assert s.sd == pytest.approx(sd)
    assert s.mean_interval is not None
    assert s.mean_interval.low == pytest.approx(mean - t * sd / math.sqrt(n), rel=1e-9)
    # Cochran's correction with the sample variance on n - 1: var = (1 - n/N) s^2 / n,
    # so the half-width shrinks by sqrt(1 - 5/20) = sqrt(0.75) (issue 13 item 10; the
    # old (N - n)/(N - 1) = 15/19 gave a wider interval than the stratified mean's).
    fpc = math.sqrt(1 - 5 / 20)
    s20 = summarize(score_responses(rows), population=20)
    assert s20.mean_interval is not None
    assert s20.mean_interval.high == pytest.approx(mean + t * sd / math.sqrt(n) * fpc, rel=1e-9)
    assert s20.response_rate == 0.25


def test_wilson_closed_form() -> None:
    # 3 of 12 below 75, z = 1.959964: centre and half-width written out.
    z = stats.norm.ppf(0.975)
    n, p = 12, 3 / 12
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    w = wilson(3, 12)
    assert (w.low, w.high) == pytest.approx((centre - half, centre + half), rel=1e-12)
    assert wilson(0, 5).low == 0.0
    assert wilson(5, 5).high == 1.0


def test_grades_shares_flags_and_items() -> None:
    rows = (
        [resp("satisfied")] * 3 + [resp("indifferent")] * 2 + [resp("satisfied", performance=None)]
    )
    s = summarize(score_responses(rows))
    # Scores: 88, 88, 88, 60, 60 and (88 - 27) / 70 x 100 = 87.14 -> B B B C C B.
    assert s.grade_counts == {"A": 0, "B": 4, "C": 2, "D": 0, "E": 0}
    assert s.below_corrective.estimate == 2 / 6
    perf = next(i for i in s.items if i.key == "performance")
    assert perf.answered == 5
    assert perf.mean_points == pytest.approx((27 * 3 + 18 * 2) / 5)  # 23.4
    assert perf.gap == pytest.approx(30 - 23.4)
    # Performance: weight 0.30 (above the mean weight 0.10) and 23.4 / 30 = 0.78 of its
    # maximum, below the items' mean share (0.8 for the 10-point items, 0.78-0.8 overall).
    mean_share = sum(i.performance for i in s.items if i.performance is not None) / 10
    assert perf.performance is not None
    assert perf.performance == pytest.approx(0.78)
    assert (perf.performance < mean_share) == (perf.quadrant == "concentrate here")
    assert perf.quadrant in {"concentrate here", "keep up the good work"}
    codes = [f.code for f in s.flags]
    assert "scoring.straddles_band" in codes  # an interval around ~79 crosses 75
    assert "scoring.too_small" not in codes


def test_small_cells_are_flagged() -> None:
    two = [score_response(resp("satisfied")), score_response(resp("indifferent"))]
    s = summarize(two)
    assert "scoring.too_small" in [f.code for f in s.flags]
    assert "fewer than 5" in s.flags[-1].en
    assert "scoring.too_small" not in [f.code for f in summarize(two, min_cell=2).flags]


def test_stratified_mean_with_satterthwaite_df() -> None:
    a_scores = [88.0, 100.0, 85.0, 88.0, 100.0]
    b_scores = [60.0, 88.0, 60.0, 42.0, 88.0, 60.0]
    level = {100.0: "very_satisfied", 88.0: "satisfied", 60.0: "indifferent", 42.0: "dissatisfied"}
    rows = [
        resp(level[v]) if v != 85.0 else resp("satisfied", price="opposed")
        for v in a_scores + b_scores
    ]
    sizes = {"A": 20, "B": 80}
    s = summarize(score_responses(rows), strata=["A"] * 5 + ["B"] * 6, stratum_sizes=sizes)
    # Independent computation: W_h = N_h / N; var = sum W_h^2 (1 - n_h/N_h) s_h^2 / n_h;
    # df = var^2 / sum (a_h s_h^2)^2 / (n_h - 1).
    terms, est = [], 0.0
    for ys, size in ((a_scores, 20), (b_scores, 80)):
        w = size / 100
        m = sum(ys) / len(ys)
        s2 = sum((y - m) ** 2 for y in ys) / (len(ys) - 1)
        est += w * m
        terms.append((w * w * (1 - len(ys) / size) * s2 / len(ys), len(ys)))
    var = sum(a for a, _ in terms)
    df = var**2 / sum(a * a / (nh - 1) for a, nh in terms)
    assert s.stratified_mean is not None
    assert s.stratified_mean.estimate == pytest.approx(est)
    assert s.stratified_df == pytest.approx(df)
    assert s.stratified_mean.high == pytest.approx(
        est + stats.t.ppf(0.975, df) * math.sqrt(var), rel=1e-9
    )


def test_nps_interval_from_its_variance() -> None:
    scores = [10] * 6 + [8] * 2 + [3] * 2
    p, d, n = 0.6, 0.2, 10
    se = math.sqrt((p + d - (p - d) ** 2) / n)
    z = stats.norm.ppf(0.975)
    s = nps_summary(scores)
    assert (s.promoters, s.passives, s.detractors) == (6, 2, 2)
    assert s.nps.estimate == pytest.approx(40.0)
    assert s.nps.low == pytest.approx(100 * (0.4 - z * se), rel=1e-12)


def test_summary_round_trips() -> None:
    s = summarize(score_responses([resp("satisfied"), resp("indifferent")]))
    assert from_dict(to_dict(s), Summary) == s


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: summarize([]), "'scores' must be at least one scored (complete) response"),
        (
            lambda: summarize(
                [score_response(resp("satisfied", performance=None, delivery=None))]
            ),
            "at least one scored",
        ),
        (
            lambda: summarize([score_response(resp("satisfied"))], population=-5),
            "'population' must be an integer >= the responses (1)",
        ),
        (
            lambda: summarize([score_response(resp("satisfied"))], confidence=1.5),
            "'confidence' must be in (0, 1)",
        ),
        (lambda: summarize(["88"]), "'scores[0]' must be a SatisfactionScore"),  # type: ignore[list-item]
        (
            lambda: summarize([score_response(resp("satisfied"))] * 2, strata=["A"]),
            "'strata' must give one stratum per scored response",
        ),
        (
            lambda: summarize(
                [score_response(resp("satisfied"))] * 2, strata=["A", "B"], stratum_sizes={"A": 5}
            ),
            "'stratum_sizes' must be sizes for ['B']",
        ),
        (
            lambda: summarize(
                [score_response(resp("satisfied"))] * 3,
                strata=["A", "A", "B"],
                stratum_sizes={"A": 5, "B": 5},
            ),
            "stratum 'B' needs at least 2 scored responses",
        ),
        (lambda: wilson(1, 0), "'n' must be >= 1"),
        (
            lambda: summarize([score_response(resp("satisfied"))], min_cell=0),
            "'min_cell' must be >= 1",
        ),
        (lambda: wilson(6, 5), "'successes' must be in 0..5"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_corrective_threshold_between_band_edges_is_flagged() -> None:
    import attrs

    q = attrs.evolve(STANDARD_QUESTIONNAIRE, corrective_below=80.0)  # the target, not a band edge
    rows = [resp("satisfied"), resp("indifferent"), resp("very_satisfied"), resp("satisfied")]
    s = summarize(score_responses(rows, q))
    assert "scoring.straddles_corrective" in [f.code for f in s.flags]


def test_summary_with_nps_and_rows_for_notebooks() -> None:
    rows = [resp("satisfied"), resp("indifferent")]
    s = summarize(score_responses(rows), nps_scores=[10, 9, 3])
    assert s.nps is not None
    assert s.nps.nps.estimate == pytest.approx(100 / 3)
    table = s.item_rows()
    assert table[0]["key"] == "appearance"
    assert table[0]["mean_points"] == pytest.approx(7.5)  # (9 + 6) / 2
    assert score_responses(rows).rows() == [
        {"total": 88, "normalized": 88.0, "grade": "B", "corrective": False},
        {"total": 60, "normalized": 60.0, "grade": "C", "corrective": True},
    ]
    assert from_dict(to_dict(s), Summary) == s


# ---------------------------------------------------------------- issue 13


def test_one_stratum_holding_everyone_gives_exactly_the_plain_interval() -> None:
    # Issue 13 item 10: one finite-population correction, Cochran's 1 - n/N with s^2 on
    # n - 1, for the plain and the stratified mean. Scores 88, 100, 60, 85, 88 out of N = 20.
    rows = [
        resp("satisfied"),
        resp("very_satisfied"),
        resp("indifferent"),
        resp("satisfied", price="opposed"),
        resp("satisfied"),
    ]
    s = summarize(
        score_responses(rows), population=20, strata=["all"] * 5, stratum_sizes={"all": 20}
    )
    assert s.stratified_mean == s.mean_interval  # the same four numbers, bit for bit
    assert s.stratified_df == 4  # Satterthwaite with one stratum: n - 1
    # By hand: mean 421 / 5 = 84.2; deviations 3.8, 15.8, -24.2, 0.8, 3.8;
    # squares 14.44 + 249.64 + 585.64 + 0.64 + 14.44 = 864.8; s^2 = 864.8 / 4 = 216.2;
    # var = (1 - 5/20) x 216.2 / 5 = 32.43; half-width t(0.975, 4) x sqrt(32.43).
    half = stats.t.ppf(0.975, 4) * math.sqrt(0.75 * 216.2 / 5)
    assert s.mean_interval is not None
    assert s.mean_interval.estimate == pytest.approx(84.2)
    assert s.mean_interval.high - s.mean_interval.estimate == pytest.approx(half, rel=1e-9)


def test_strata_fully_surveyed_have_no_sampling_error() -> None:
    # Every customer of both strata answered: 1 - n_h/N_h = 0, the variance is 0 and
    # Satterthwaite's degrees of freedom are undefined (0/0): reported as infinite.
    rows = [resp("satisfied"), resp("indifferent"), resp("very_satisfied"), resp("satisfied")]
    s = summarize(score_responses(rows), strata=[1, 1, 2, 2], stratum_sizes={1: 2, 2: 2})
    # W = 1/2 each; means (88 + 60) / 2 = 74 and (100 + 88) / 2 = 94: 0.5 x 74 + 0.5 x 94 = 84.
    assert s.stratified_mean is not None
    assert (s.stratified_mean.low, s.stratified_mean.estimate, s.stratified_mean.high) == (
        84.0,
        84.0,
        84.0,
    )
    assert s.stratified_df == math.inf
