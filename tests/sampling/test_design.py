"""design_plan and plan comparison: known answers and brute-force oracles."""

from __future__ import annotations

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.sampling import (
    ComparisonRow,
    PlanDesign,
    SamplingPlan,
    compare_plans,
    design_plan,
    lookup_plan,
    percentage_plan,
    standard_comparison,
)
from qmscore.serialization import from_dict, to_dict


def test_known_answer_65_2() -> None:
    # ../shared/reference/README.md: (0.01, 0.95) and (0.08, 0.10), binomial -> n 65, c 2.
    d = design_plan(0.01, 0.08, alpha=0.05, beta=0.10)
    assert (d.sample_size, d.accept, d.reject, d.scheme) == (65, 2, 3, "single")
    assert d.producer_risk == pytest.approx(1 - stats.binom.cdf(2, 65, 0.01), rel=1e-12)
    assert d.consumer_risk == pytest.approx(stats.binom.cdf(2, 65, 0.08), rel=1e-12)
    assert d.asn_at_aql == 65
    assert d.stages == d.plan.stages


def _brute_force_single(p1: float, p2: float, a: float, b: float, cdf) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    # Every (n, c) with n up to 400: keep the smallest n meeting both risks.
    for n in range(1, 401):
        for c in range(n):
            if cdf(c, n, p1) >= 1 - a and cdf(c, n, p2) <= b:
                return n, c
    raise AssertionError("no plan")


@pytest.mark.parametrize(
    ("p1", "p2", "a", "b"),
    [
        (0.01, 0.08, 0.05, 0.10),
        (0.02, 0.10, 0.05, 0.10),
        (0.005, 0.05, 0.10, 0.05),
        (0.05, 0.20, 0.01, 0.01),
    ],
)
def test_single_design_is_the_smallest_n_by_brute_force(
    p1: float, p2: float, a: float, b: float
) -> None:
    d = design_plan(p1, p2, alpha=a, beta=b)
    n, c = _brute_force_single(p1, p2, a, b, stats.binom.cdf)
    assert (d.sample_size, d.accept) == (n, c)


def test_hypergeometric_design_for_a_lot_by_brute_force() -> None:
    lot = 400
    d = design_plan(0.01, 0.08, lot_size=lot, model="hypergeometric")
    d1, d2 = round(0.01 * lot), round(0.08 * lot)

    def cdf(c: int, n: int, p: float) -> float:
        return float(stats.hypergeom.cdf(c, lot, d1 if p == 0.01 else d2, n))

    assert (d.sample_size, d.accept) == _brute_force_single(0.01, 0.08, 0.05, 0.10, cdf)


def test_poisson_design_meets_the_risks() -> None:
    d = design_plan(0.01, 0.08, model="poisson")
    n, c = d.sample_size, d.accept
    assert stats.poisson.cdf(c, n * 0.01) >= 0.95
    assert stats.poisson.cdf(c, n * 0.08) <= 0.10
    assert stats.poisson.cdf(c, (n - 1) * 0.08) > 0.10  # one item fewer breaks beta


def test_double_design_has_least_asn_among_its_family_by_brute_force() -> None:
    p1, p2 = 0.02, 0.12
    d = design_plan(p1, p2, scheme="double")
    assert d.scheme == "double"
    assert 1 - d.producer_risk >= 0.95
    assert d.consumer_risk <= 0.10

    def pa_asn(n: int, c1: int, c2: int, p: float) -> tuple[float, float]:
        accept1 = stats.binom.cdf(c1, n, p)
        go = list(range(c1 + 1, c2 + 1))
        second = sum(stats.binom.pmf(x, n, p) * stats.binom.cdf(c2 - x, n, p) for x in go)
        reach = sum(stats.binom.pmf(x, n, p) for x in go)
        return accept1 + second, n + n * reach

    best = None
    for n in range(2, 120):
        for c2 in range(1, 7):
            for c1 in range(c2):
                pa1, cost = pa_asn(n, c1, c2, p1)
                if (
                    pa1 >= 0.95
                    and pa_asn(n, c1, c2, p2)[0] <= 0.10
                    and (best is None or cost < best[0] - 1e-9)
                ):
                    best = (cost, n, c1, c2)
    assert best is not None
    assert d.asn_at_aql == pytest.approx(best[0], rel=1e-9)


def test_design_result_round_trips() -> None:
    d = design_plan(0.01, 0.08)
    assert from_dict(to_dict(d), PlanDesign) == d
    assert "n = 65" in d.reasons[0].en
    assert "Pa(0.01)" in d.reasons[1].en


def test_comparison_of_000s_5_percent_with_the_iso_plan() -> None:
    rows = standard_comparison(200, 1.0, fixed=(32, 1))
    five, _fixed, iso = rows
    assert (five.sample_size, five.accept) == (10, 0)
    assert (iso.sample_size, iso.accept) == (50, 1)  # code G, arrow to H: n 50, Ac 1
    pa_five, pa_iso = dict(five.pa), dict(iso.pa)
    # Hypergeometric, N 200, D = 10 at p = 0.05: P(no defective in 10) = C(190,10)/C(200,10).
    assert pa_five[0.05] == pytest.approx(stats.hypergeom.pmf(0, 200, 10, 10), rel=1e-12)
    assert pa_iso[0.05] == pytest.approx(stats.hypergeom.cdf(1, 200, 10, 50), rel=1e-12)
    assert five.aoql > 2 * iso.aoql  # the 5% rule lets far more through
    assert five.as_dict()["name"] == "5% of the lot"
    assert from_dict(to_dict(iso), ComparisonRow) == iso


def test_standard_comparison_without_a_fixed_plan() -> None:
    rows = standard_comparison(1000, 0.65, share=0.02)
    assert [r.name for r in rows] == ["2% of the lot", "ISO 2859-1 / Z1.4, AQL 0.65"]


def test_comparison_caps_a_sample_larger_than_the_lot() -> None:
    rows = compare_plans({"ISO": lookup_plan(5, 0.65)}, 5)  # n 20 > lot 5
    assert rows[0].sample_size == 5
    assert rows[0].reasons[0].code == "sampling.compare_capped"
    assert rows[0].aoql == 0.0  # every item inspected: nothing escapes


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: design_plan(0.08, 0.01), "'ltpd' must be > aql (0.08)"),
        (lambda: design_plan(0.01, 0.01), "'ltpd' must be > aql"),
        (lambda: design_plan(0, 0.05), "'aql' must be in (0, 1)"),
        (lambda: design_plan(0.01, 0.08, alpha=0), "'alpha' must be in (0, 1) (got 0)"),
        (lambda: design_plan(0.01, 0.08, beta=1.0), "'beta' must be in (0, 1)"),
        (lambda: design_plan(0.01, 0.08, model="hypergeometric"), "'lot_size' is needed"),
        # D = 20 x 0.10 = 2 and 20 x 0.11 = 2.2 -> 2: one quality, two opposite demands.
        (
            lambda: design_plan(0.10, 0.11, lot_size=20, model="hypergeometric"),
            "no single plan with c <= 50 and n <= lot size 20",
        ),
        (lambda: design_plan(0.01, 0.08, max_accept=1), "no single plan with c <= 1"),
        (
            lambda: design_plan(0.01, 0.08, scheme="double", max_accept=1),
            "no double plan with c2 <= 1",
        ),
        (
            lambda: design_plan(0.10, 0.11, lot_size=20, model="hypergeometric", scheme="double"),
            "no double plan",
        ),
        (
            lambda: design_plan(0.01, 0.08, scheme="triple"),  # type: ignore[arg-type]
            "'scheme' must be 'single' or 'double'",
        ),
        (lambda: design_plan(0.01, 0.08, n2_ratio=0), "'n2_ratio' must be >= 1"),
        (lambda: compare_plans({}, 100), "'plans' must be at least one plan"),
        (lambda: compare_plans({"x": (20, 0)}, 100), "'plans[x]' must be a SamplingPlan"),
        (lambda: compare_plans({"x": percentage_plan(10)}, 1), "'lot_size' must be >= 2"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_double_design_with_a_lot() -> None:
    d = design_plan(0.01, 0.08, scheme="double", lot_size=500, model="hypergeometric", n2_ratio=2)
    first, second = d.stages
    assert second.sample_size == 2 * first.sample_size
    assert isinstance(d.plan, SamplingPlan)
    assert d.plan.total_sample_size <= 500
