"""Plan design and comparison behaviours that surviving mutants showed untested (issue 20).

Oracles: closed forms for a single plan with c = 0 under the binomial model
(Pa = (1 - p)^n, ATI = n + (1 - Pa)(N - n), AOQ = p Pa (N - n) / N, peak at
p = 1 / (n + 1)) and a brute-force search with scipy for the designed plan.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.explain import Reason
from qmscore.sampling import (
    MAX_LOT_SIZE,
    SamplingPlan,
    compare_plans,
    design_plan,
    standard_comparison,
)

N20 = SamplingPlan.from_stages([(20, 0, 1)])


def test_compare_plans_passes_the_model_to_every_measure() -> None:
    (row,) = compare_plans({"n20": N20}, 200, ps=(0.01, 0.05), model="binomial")
    for p, pa in row.pa:
        assert pa == pytest.approx((1 - p) ** 20, rel=1e-12)
    for p, ati in row.ati:
        assert ati == pytest.approx(20 + (1 - (1 - p) ** 20) * 180, rel=1e-12)
    # AOQ = p (1 - p)^20 * 180 / 200, largest at p = 1/21.
    assert row.aoql == pytest.approx((1 / 21) * (20 / 21) ** 20 * 0.9, rel=1e-6)
    assert row.aoql_p == pytest.approx(1 / 21, abs=1e-3)
    # (1 - p)^20 = 0.95 and = 0.10.
    assert row.p95 == pytest.approx(1 - 0.95 ** (1 / 20), rel=1e-6)
    assert row.p10 == pytest.approx(1 - 0.10 ** (1 / 20), rel=1e-6)


def test_comparison_row_as_dict_keys() -> None:
    (row,) = compare_plans({"n20": N20}, 200, ps=(0.05,), model="binomial")
    d = row.as_dict()
    assert list(d) == ["name", "n", "c", "aoql", "aoql_p", "p95", "p10", "pa@0.05", "ati@0.05"]
    assert (d["name"], d["n"], d["c"]) == ("n20", 20, 0)
    assert (d["aoql"], d["aoql_p"], d["p95"], d["p10"]) == (row.aoql, row.aoql_p, row.p95, row.p10)


def test_a_designed_plan_is_compared_as_its_plan() -> None:
    design = design_plan(0.001, 0.95)
    rows = compare_plans({"designed": design, "plain": design.plan}, 100, model="binomial")
    assert rows[0].pa == rows[1].pa
    assert rows[0].sample_size == design.plan.total_sample_size


def test_an_object_whose_plan_is_not_a_plan_is_refused_as_itself() -> None:
    class Holder:
        plan = 5

        def __repr__(self) -> str:
            return "Holder()"

    with pytest.raises(
        InvalidInputError, match=r"'plans\[h\]' must be a SamplingPlan \(got Holder\(\)\)"
    ):
        compare_plans({"h": Holder()}, 100)


def test_sample_equal_to_the_lot_is_not_capped_larger_is() -> None:
    (equal,) = compare_plans({"n20": N20}, 20, ps=(0.05,))
    assert equal.reasons == ()
    (larger,) = compare_plans({"n20": N20}, 19, ps=(0.05,))
    assert larger.sample_size == 19
    assert larger.reasons == (
        Reason(
            "sampling.compare_capped",
            "n20: sample 20 exceeds the lot 19; each stage draws at most what is left "
            "(100% inspection once the lot is exhausted)",
            "n20：样本量 20 超过批量 19，各阶段至多抽取剩余部分（抽完即为 100% 全检）",
        ),
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ps": ()}, r"^'ps' must be at least one quality \(got \[\]\)$"),
        ({"ps": (1.5,)}, r"^'ps\[0\]' must be"),
        ({"ps": (0.01,) * 1001}, r"^'ps' must be at most 1000 items long"),
        ({"model": "normal"}, r"^'model' must be one of"),
        ({"lot_size": MAX_LOT_SIZE + 1}, r"^'lot_size' must be <="),
        ({"plans": 7}, r"^'plans' must be"),
        ({"plans": {}}, r"^'plans' must be at least one plan \(got \{\}\)$"),
    ],
)
def test_compare_plans_bad_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"plans": {"n20": N20}, "lot_size": 200, **kwargs}
    with pytest.raises(InvalidInputError, match=message):
        compare_plans(**args)  # type: ignore[arg-type]


def test_compare_plans_accepts_the_largest_lot() -> None:
    (row,) = compare_plans({"n20": N20}, MAX_LOT_SIZE, ps=(0.05,), model="binomial")
    assert row.pa[0][1] == pytest.approx(0.95**20, rel=1e-12)


# ------------------------------------------------------------------ design_plan


def test_a_single_item_sample_is_found_when_it_suffices() -> None:
    # n = 1, c = 0: Pa(0.001) = 0.999 >= 0.95 and Pa(0.95) = 0.05 <= 0.10.
    d = design_plan(0.001, 0.95, max_accept=0)
    assert (d.sample_size, d.accept) == (1, 0)


def brute_force(p1: float, p2: float, alpha: float, beta: float, max_c: int) -> tuple[int, int]:
    best: tuple[int, int] | None = None
    for c in range(max_c + 1):
        n = c + 1
        while stats.binom.cdf(c, n, p2) > beta:
            n += 1
        if stats.binom.cdf(c, n, p1) >= 1 - alpha and (best is None or n < best[0]):
            best = (n, c)
    assert best is not None
    return best


def test_design_uses_the_largest_acceptance_number_allowed() -> None:
    expected = brute_force(0.01, 0.08, 0.05, 0.10, 2)
    assert expected[1] == 2  # the search must reach c = max_accept
    d = design_plan(0.01, 0.08, max_accept=2)
    assert (d.sample_size, d.accept) == expected


# ------------------------------------------------------------------ standard_comparison


def test_share_bounds() -> None:
    rows = standard_comparison(200, 1.0, share=1.0)
    assert rows[0].name == "100% of the lot"
    for bad in (0.0, 1.0000001):
        with pytest.raises(InvalidInputError, match=r"^'share' must be in \(0, 1\]"):
            standard_comparison(200, 1.0, share=bad)
    with pytest.raises(InvalidInputError, match=r"^'share' must be"):
        standard_comparison(200, 1.0, share="5%")  # type: ignore[arg-type]


# ------------------------------------------------------------------ double plans (oracle)


def binom_pmf(k: int, n: int, p: float) -> float:
    return math.comb(n, k) * p**k * (1 - p) ** (n - k)


def binom_cdf(k: int, n: int, p: float) -> float:
    return math.fsum(binom_pmf(i, n, p) for i in range(min(k, n) + 1))


def double_pa(n1: int, c1: int, c2: int, ratio: int, p: float) -> float:
    # Accept at stage 1 with d1 <= c1; go on with c1 < d1 <= c2 and accept if d1 + d2 <= c2.
    return binom_cdf(c1, n1, p) + math.fsum(
        binom_pmf(d1, n1, p) * binom_cdf(c2 - d1, ratio * n1, p) for d1 in range(c1 + 1, c2 + 1)
    )


def double_asn(n1: int, c1: int, c2: int, ratio: int, p: float) -> float:
    return n1 + ratio * n1 * (binom_cdf(c2, n1, p) - binom_cdf(c1, n1, p))


def double_oracle(
    p1: float, p2: float, alpha: float, beta: float, ratio: int, max_c2: int
) -> tuple[int, int, int]:
    """Least ASN at p1 over (c1 < c2 <= max_c2, smallest n1 >= c2 + 1 with Pa(p2) <= beta)."""
    best: tuple[float, int, int, int] | None = None
    for c2 in range(1, max_c2 + 1):
        for c1 in range(c2):
            n1 = c2 + 1
            while double_pa(n1, c1, c2, ratio, p2) > beta:
                n1 += 1
            if double_pa(n1, c1, c2, ratio, p1) < 1 - alpha:
                continue
            cost = double_asn(n1, c1, c2, ratio, p1)
            if best is None or cost < best[0]:
                best = (cost, n1, c1, c2)
    assert best is not None
    return best[1:]


@pytest.mark.parametrize("ratio", [1, 2])
def test_double_design_has_the_least_asn(ratio: int) -> None:
    n1, c1, c2 = double_oracle(0.01, 0.08, 0.05, 0.10, ratio, 6)
    d = design_plan(0.01, 0.08, scheme="double", n2_ratio=ratio)
    first, second = d.plan.stages
    assert (first.sample_size, first.accept, first.reject) == (n1, c1, c2 + 1)
    assert (second.sample_size, second.accept, second.reject) == (ratio * n1, c2, c2 + 1)
    assert d.reasons[0].code == "sampling.design_double"
    assert d.asn_at_aql == pytest.approx(double_asn(n1, c1, c2, ratio, 0.01), rel=1e-9)


def test_no_double_plan_names_max_accept() -> None:
    # c2 = 1 only (c1 = 0): the n1 that keeps Pa(0.08) <= 0.10 leaves Pa(0.01) near 0.88.
    with pytest.raises(InvalidInputError, match=r"^no double plan with c2 <= 1 ") as info:
        design_plan(0.01, 0.08, scheme="double", max_accept=1)
    assert (info.value.field, info.value.value) == ("max_accept", 1)


def single_poisson_oracle(p1: float, p2: float, alpha: float, beta: float) -> tuple[int, int]:
    for c in range(50):
        n = c + 1
        while stats.poisson.cdf(c, n * p2) > beta:
            n += 1
        if stats.poisson.cdf(c, n * p1) >= 1 - alpha:
            return n, c
    raise AssertionError


def test_poisson_design_uses_the_poisson_model_throughout() -> None:
    n, c = single_poisson_oracle(0.01, 0.08, 0.05, 0.10)
    d = design_plan(0.01, 0.08, model="poisson")
    assert (d.sample_size, d.accept) == (n, c)


# ------------------------------------------------------------------ single design: bounds, reasons, errors


def test_producer_risk_met_exactly_is_accepted() -> None:
    # n = 1, c = 0: Pa(0.5) = 0.5 = 1 - alpha exactly (binary-exact), Pa(0.95) = 0.05 <= 0.10.
    d = design_plan(0.5, 0.95, alpha=0.5)
    assert (d.sample_size, d.accept) == (1, 0)


def test_single_design_reason_text() -> None:
    d = design_plan(0.001, 0.95)
    assert (d.reasons[0].code, d.reasons[0].en, d.reasons[0].zh) == (
        "sampling.design_single",
        "Smallest single plan: for c = 0, n = 1 is the least sample with Pa(0.95) <= 0.1, "
        "and it keeps Pa(0.001) >= 0.95; every smaller c fails the producer's risk",
        "最小一次抽样方案：c = 0 时 n = 1 为满足 Pa(0.95) ≤ 0.1 的最小样本量，"
        "且 Pa(0.001) ≥ 0.95；更小的 c 不满足生产方风险",
    )


def test_no_single_plan_names_max_accept_or_the_lot() -> None:
    # c = 0 cannot meet both risks at (0.01, 0.08): n = 28 keeps Pa(0.08) <= 0.10 but
    # Pa(0.01) = 0.99^28 = 0.75.
    with pytest.raises(InvalidInputError) as info:
        design_plan(0.01, 0.08, max_accept=0)
    assert (
        str(info.value)
        == "no single plan with c <= 0 meets alpha 0.05 at 0.01 and beta 0.1 at 0.08"
    )
    assert (info.value.field, info.value.value) == ("max_accept", 0)
    with pytest.raises(InvalidInputError) as info:
        design_plan(0.01, 0.08, lot_size=10)
    assert str(info.value) == (
        "no single plan with c <= 50 and n <= lot size 10 meets alpha 0.05 at 0.01 and beta 0.1 at 0.08"
    )
    assert (info.value.field, info.value.value) == ("lot_size", 10)


# ------------------------------------------------------------------ standard_comparison arguments


def hypergeom_pa(c: int, lot: int, n: int, p: float) -> float:
    return float(stats.hypergeom.cdf(c, lot, round(lot * p), n))


def test_standard_comparison_rows_from_its_arguments() -> None:
    rows = standard_comparison(200, 1.0, share=0.1, fixed=(32, 1), level="I", ps=(0.02,))
    assert [r.name for r in rows] == [
        "10% of the lot",
        "fixed n=32, c=1",
        "ISO 2859-1 / Z1.4, AQL 1",
    ]
    assert rows[0].sample_size == 20  # 10% of 200
    # Fixed plan: accept on at most 1 of 32 from a lot of 200 with D = 4 (p = 0.02).
    ((p, pa),) = rows[1].pa
    assert p == 0.02
    assert pa == pytest.approx(hypergeom_pa(1, 200, 32, 0.02), rel=1e-9)
    # Z1.4 Table I: 151-280 at level I is code E (n = 13); at AQL 1.0 code E is Ac 0.
    assert (rows[2].sample_size, rows[2].accept) == (13, 0)
    # Level II: code G, whose AQL 1.0 arrow leads to H (n = 50, Ac 1).
    assert (
        standard_comparison(200, 1.0)[-1].sample_size,
        standard_comparison(200, 1.0)[-1].accept,
    ) == (50, 1)


def test_fixed_plan_bounds_accepted() -> None:
    from qmscore.sampling.plans import MAX_SAMPLE_SIZE

    low = standard_comparison(200, 1.0, fixed=(1, 0), ps=(0.05,))
    assert low[1].name == "fixed n=1, c=0"
    high = standard_comparison(200, 1.0, fixed=(MAX_SAMPLE_SIZE, MAX_SAMPLE_SIZE - 1), ps=(0.05,))
    assert high[1].name == f"fixed n={MAX_SAMPLE_SIZE}, c={MAX_SAMPLE_SIZE - 1}"


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        ((0, 0), r"^'fixed\[0\]' must be >= 1"),
        ((10**7 + 1, 0), r"^'fixed\[0\]' must be <= 10000000"),
        ((5, -1), r"^'fixed\[1\]' must be >= 0"),
        ((10**7, 10**7), r"^'fixed\[1\]' must be <= 9999999"),
        ((1, 0, 1), r"^'fixed' must be an \(n, c\) pair \(got \(1, 0, 1\)\)$"),
        ((1, 0, 1, 2), r"^'fixed' must be at most 3 items long"),
        ("32", r"^'fixed' must be"),
    ],
)
def test_fixed_plan_bad_input(fixed: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        standard_comparison(200, 1.0, fixed=fixed)  # type: ignore[arg-type]


def test_poisson_design_checks_the_producer_risk_with_poisson_too() -> None:
    # At (0.05, 0.2) the binomial and the Poisson producer checks pick different plans.
    n, c = single_poisson_oracle(0.05, 0.2, 0.05, 0.10)
    d = design_plan(0.05, 0.2, model="poisson")
    assert (d.sample_size, d.accept) == (n, c)


def test_double_design_reaches_max_accept_and_its_smallest_first_sample() -> None:
    n1, c1, c2 = double_oracle(0.01, 0.08, 0.05, 0.10, 1, 6)
    d = design_plan(0.01, 0.08, scheme="double", max_accept=c2)
    assert (d.plan.stages[0].sample_size, d.plan.stages[0].accept) == (n1, c1)
    # Pa(0.95) for n1 = 2, c1 = 0, c2 = 1 is far below 0.10: the smallest first sample is c2 + 1.
    assert double_oracle(0.001, 0.95, 0.05, 0.10, 1, 3) == (2, 0, 1)
    tiny = design_plan(0.001, 0.95, scheme="double")
    assert tiny.plan.stages[0].sample_size == 2


def test_design_risks_reason_code() -> None:
    assert design_plan(0.001, 0.95).reasons[1].code == "sampling.design_risks"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"model": 5}, InvalidTypeError, r"^'model' must be one of \('binomial', .*\) \(got 5\)$"),
        ({"model": "normal"}, InvalidInputError, r"^'model' must be one of"),
        ({"scheme": 5}, InvalidTypeError, r"^'scheme' must be 'single' or 'double' \(got 5\)$"),
        ({"max_accept": 1001}, InvalidInputError, r"^'max_accept' must be <= 1000"),
        ({"aql": 1.5}, InvalidInputError, r"^'aql' must be in \(0, 1\) \(got 1.5\)$"),
        ({"lot_size": 1}, InvalidInputError, r"^'lot_size' must be >= 2"),
        ({"lot_size": MAX_LOT_SIZE + 1}, InvalidInputError, r"^'lot_size' must be <="),
    ],
)
def test_design_plan_bad_input(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    args: dict[str, object] = {"aql": 0.01, "ltpd": 0.08, **kwargs}
    with pytest.raises(error, match=message):
        design_plan(**args)  # type: ignore[arg-type]


def test_hypergeometric_design_needs_a_lot() -> None:
    with pytest.raises(InvalidInputError) as info:
        design_plan(0.01, 0.08, model="hypergeometric")
    assert str(info.value) == "'lot_size' is needed for the hypergeometric model"
    assert info.value.field == "lot_size"
