"""Sample-size planning (issue 18 item 6) against brute force with scipy."""

from __future__ import annotations

import math
from typing import Any

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    plan_margin,
    sample_size_mean,
    sample_size_nps,
    sample_size_proportion,
    select_survey_sample,
    stratified_sample_size,
)


def junk(value: Any) -> Any:
    """Pass a wrongly typed value past the type checker."""
    return value


def brute_mean(margin: float, sd: float, conf: float, population: int | None) -> int:
    # Oracle: walk n = 2, 3, ... with scipy's t quantile until the half-width fits.
    n = 2
    while True:
        fpc = 1.0 if population is None else 1 - n / population
        if stats.t.ppf(0.5 + conf / 2, n - 1) * sd * math.sqrt(fpc / n) <= margin:
            return n
        n += 1


@pytest.mark.parametrize(
    ("margin", "sd", "conf", "population"),
    [
        (3.0, 12.0, 0.95, None),
        (1.0, 8.0, 0.9, None),
        (3.0, 12.0, 0.95, 80),
        (5.0, 2.0, 0.99, None),
    ],
)
def test_mean_against_brute_force(
    margin: float, sd: float, conf: float, population: int | None
) -> None:
    plan = sample_size_mean(margin, sd, confidence=conf, population=population)
    assert plan.n == brute_mean(margin, sd, conf, population)
    assert plan.achieved_margin <= margin
    assert plan.measure == "mean"
    assert "t(n-1)" in plan.reasons[0].en


def test_mean_by_hand() -> None:
    # ±3 points with SD 12 at 95%: z^2 x 144 / 9 = 3.8415 x 16 = 61.5, the t quantile at
    # 63 df (1.998) pushes it to (1.998 x 12 / 3)^2 = 63.9 -> 64.
    assert sample_size_mean(3.0, 12.0).n == 64
    assert sample_size_mean(3.0, 0.0).n == 2


def test_proportion_classic_385() -> None:
    # 1.959964^2 x 0.25 / 0.05^2 = 384.15 -> 385; with N = 1000:
    # 384.15 / (1 + 384.15/1000) = 277.5 -> 278.
    assert sample_size_proportion(0.05).n == 385
    plan = sample_size_proportion(0.05, population=1000)
    assert plan.n == 278
    assert plan.achieved_margin <= 0.05
    n0 = stats.norm.ppf(0.975) ** 2 * 0.25 / 0.05**2
    assert plan.n == math.ceil(n0 / (1 + n0 / 1000))


def test_nps_by_hand() -> None:
    # p = 0.5, d = 0.2: variance 0.7 - 0.09 = 0.61; ±10 points = 0.1:
    # 3.8415 x 0.61 / 0.01 = 234.3 -> 235.
    plan = sample_size_nps(10, promoters=0.5, detractors=0.2)
    assert plan.n == 235
    assert plan.margin == 10.0
    assert plan.achieved_margin <= 10.0
    assert math.ceil(stats.norm.ppf(0.975) ** 2 * 0.61 / 0.01) == 235


def brute_stratified_margin(sample: dict[str, int], sizes: dict[str, int], sd: float) -> float:
    # Oracle: Satterthwaite t interval of the stratified mean (scipy's t quantile).
    total = sum(sizes[h] for h in sample if sample[h] > 0)
    terms = [
        ((sizes[h] / total) ** 2 * (1 - n / sizes[h]) * sd**2 / n, n)
        for h, n in sample.items()
        if n > 0
    ]
    var = sum(a for a, _ in terms)
    df = var**2 / sum(a**2 / (n - 1) for a, n in terms)
    return float(stats.t.ppf(0.975, df)) * math.sqrt(var)


def test_plan_margin_by_hand() -> None:
    # A: census (10 of 10) adds nothing; B: W = 0.8, fpc = 0.5, s^2 = 100, n = 20:
    # 0.64 x 0.5 x 100 / 20 = 1.6 -> se 1.2649, df 19, t = 2.0930 -> 2.647.
    p = plan_margin({"A": 10, "B": 20}, {"A": 10, "B": 40}, sd=10.0)
    assert p.margin == pytest.approx(stats.t.ppf(0.975, 19) * math.sqrt(1.6))
    assert p.df == pytest.approx(19.0)
    assert p.n == 30
    assert p.allocation == "given"


def test_plan_margin_from_a_selection() -> None:
    customers = {f"a{i}": "A" for i in range(10)}
    customers |= {f"b{i}": "B" for i in range(40)}
    customers |= {f"c{i}": "C" for i in range(50)}
    customers |= {f"d{i}": "D" for i in range(30)}
    sel = select_survey_sample(customers, {}, period=1)
    p = plan_margin(sel, sd={"A": 8.0, "B": 10.0, "C": 12.0, "D": 15.0})
    # A 10/10, B 20/40, C 10/50, D none (left out of the estimate).
    assert dict(p.sample) == {"A": 10, "B": 20, "C": 10, "D": 0}
    total = 100
    terms = [(0.4**2 * 0.5 * 100 / 20, 20), (0.5**2 * 0.8 * 144 / 10, 10)]
    var = sum(a for a, _ in terms)
    df = var**2 / sum(a**2 / (n - 1) for a, n in terms)
    assert total == 10 + 40 + 50
    assert p.margin == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(var))
    assert p.reasons[-1].code == "scoring.plan_unsurveyed"
    assert "未调查" in p.reasons[-1].zh


@pytest.mark.parametrize("allocation", ["proportional", "neyman"])
def test_stratified_is_the_smallest_total(allocation: str) -> None:
    sizes = {"A": 20, "B": 60, "C": 120}
    sd = {"A": 6.0, "B": 10.0, "C": 14.0}
    p = stratified_sample_size(3.0, sizes, sd=sd, allocation=allocation)
    assert p.margin <= 3.0
    assert all(2 <= p.sample[h] <= sizes[h] for h in sizes)
    weight = {h: sizes[h] * (sd[h] if allocation == "neyman" else 1.0) for h in sizes}
    shares = {h: w / sum(weight.values()) for h, w in weight.items()}

    def allot(total: int) -> dict[str, int]:
        return {h: min(sizes[h], max(2, math.ceil(total * shares[h]))) for h in sizes}

    # Brute force: the first total whose allocation meets the margin.
    def margin_of(plan: dict[str, int]) -> float:
        terms = [
            ((sizes[h] / 200) ** 2 * (1 - n / sizes[h]) * sd[h] ** 2 / n, n)
            for h, n in plan.items()
        ]
        var = sum(a for a, _ in terms)
        df = var**2 / sum(a**2 / (n - 1) for a, n in terms)
        return float(stats.t.ppf(0.975, df)) * math.sqrt(var)

    first = next(t for t in range(6, 201) if margin_of(allot(t)) <= 3.0)
    assert dict(p.sample) == allot(first)


def test_stratified_one_sd_and_census_fallback() -> None:
    p = stratified_sample_size(3.0, {"A": 20, "B": 60, "C": 120}, sd=12.0)
    assert p.margin == pytest.approx(
        brute_stratified_margin(dict(p.sample), dict(p.populations), 12.0)
    )
    # A margin so tight only a census meets it, while Neyman shares (A: 2 x 100 against
    # B: 100 x 1) leave B at ceil(102 / 3) = 34 of 100 even at the full total: census.
    q = stratified_sample_size(
        1e-6, {"A": 2, "B": 100}, sd={"A": 100.0, "B": 1.0}, allocation="neyman"
    )
    assert dict(q.sample) == {"A": 2, "B": 100}
    assert q.margin == 0.0
    # Neyman with no spread anywhere falls back to proportional shares.
    r = stratified_sample_size(1.0, {"A": 10, "B": 30}, sd=0.0, allocation="neyman")
    # The smallest total 2 x 2 = 4 already has margin 0: A max(2, ceil(4 x 1/4)) = 2,
    # B ceil(4 x 3/4) = 3.
    assert dict(r.sample) == {"A": 2, "B": 3}


BAD = [
    (lambda: sample_size_mean(0, 10), InvalidInputError, "'margin' must be > 0"),
    (lambda: sample_size_mean(3, -1), InvalidInputError, "'sd' must be >= 0"),
    (lambda: sample_size_mean(3, 10, population=1), InvalidInputError, "at least 2"),
    (lambda: sample_size_mean(1e-9, 1e9), InvalidInputError, "feasible"),
    (lambda: sample_size_mean(junk("3"), 10), InvalidTypeError, "'margin' must be a number"),
    (lambda: sample_size_proportion(0.05, share=1.5), InvalidInputError, "'share' must be <= 1"),
    (lambda: sample_size_proportion(1e-9), InvalidInputError, "feasible"),
    (
        lambda: sample_size_nps(5, promoters=0.7, detractors=0.4),
        InvalidInputError,
        "'detractors' must be <= 1 - promoters",
    ),
    (lambda: plan_margin({"A": 1}, {"A": 5}, sd=1.0), InvalidInputError, "0 or at least 2"),
    (
        lambda: plan_margin({"A": 6}, {"A": 5}, sd=1.0),
        InvalidInputError,
        "'sample[A]' must be <= 5",
    ),
    (lambda: plan_margin({"Z": 2}, {"A": 5}, sd=1.0), InvalidInputError, "grades among"),
    (lambda: plan_margin({"A": 0}, {"A": 5}, sd=1.0), InvalidInputError, "at least one surveyed"),
    (lambda: plan_margin({"A": 2}, {}, sd=1.0), InvalidInputError, "at least one stratum"),
    (lambda: plan_margin({"A": 2}, {"A": 5}, sd={}), InvalidInputError, "a value for ['A']"),
    (
        lambda: plan_margin({"A": 2}, None, sd=1.0),
        InvalidTypeError,
        "'populations' must be a mapping",
    ),
    (
        lambda: stratified_sample_size(1, {"A": 1}, sd=1.0),
        InvalidInputError,
        "at least 2 per stratum",
    ),
    (
        lambda: stratified_sample_size(1, {"A": 5}, sd=1.0, allocation="x"),
        InvalidInputError,
        "'allocation' must be one of",
    ),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: Any, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert fragment in str(info.value)
