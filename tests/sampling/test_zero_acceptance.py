"""Zero-acceptance plans: smallest n against scipy and hand arithmetic, bad inputs."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qmscore.errors import InvalidInputError, InvalidTypeError, OutOfTableError
from qmscore.sampling import (
    PlanDesign,
    SamplingPlan,
    ZeroAcceptancePlan,
    compare_plans,
    compare_zero_acceptance,
    design_plan,
    zero_acceptance_plan,
)
from tests.budget import budget


def test_binomial_by_hand() -> None:
    # (1 - 0.05)^n <= 0.10  <=>  n >= ln 0.10 / ln 0.95 = 44.89: n = 45.
    z = zero_acceptance_plan(0.05, beta=0.10, model="binomial")
    assert (z.sample_size, z.accept, z.plan.reject) == (45, 0, 1)
    assert z.consumer_risk == pytest.approx(0.95**45, rel=1e-12)
    assert 0.95**44 > 0.10  # one less is not enough
    assert z.lot_size is None
    assert z.defectives_at_lq is None
    assert z.model == "binomial"
    # p95: (1 - p)^45 = 0.95  ->  p = 1 - 0.95^(1/45)
    assert z.p95 == pytest.approx(1 - 0.95 ** (1 / 45), rel=1e-9)
    assert {r.code for r in z.reasons} == {
        "sampling.zero_acceptance",
        "sampling.zero_acceptance_p95",
    }
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r.zh) for r in z.reasons)


def test_default_model_without_lot_is_binomial() -> None:
    assert zero_acceptance_plan(0.05).model == "binomial"


def test_poisson_by_hand() -> None:
    # exp(-n x 0.01) <= 0.05  <=>  n >= ln 20 / 0.01 = 299.57: n = 300.
    z = zero_acceptance_plan(0.01, beta=0.05, model="poisson")
    assert z.sample_size == 300
    assert z.consumer_risk == pytest.approx(math.exp(-3.0), rel=1e-12)
    # per unit, so an LQ above 1 is allowed: exp(-n x 2) <= 0.1 -> n >= 1.15: n = 2
    assert zero_acceptance_plan(2.0, model="poisson").sample_size == 2


def test_hypergeometric_by_hand() -> None:
    # N 100, LQ 5%: D = 5. Pa(n) = prod_{i<5} (100 - n - i) / (100 - i).
    # n = 37: 63*62*61*60*59 / (100*99*98*97*96) = 0.09336 <= 0.10
    # n = 36: 64*63*62*61*60 / (100*99*98*97*96) = 0.10127 >  0.10
    z = zero_acceptance_plan(0.05, lot_size=100)
    assert (z.sample_size, z.defectives_at_lq, z.model) == (37, 5, "hypergeometric")
    assert z.consumer_risk == pytest.approx(
        63 * 62 * 61 * 60 * 59 / (100 * 99 * 98 * 97 * 96), rel=1e-12
    )


def test_hypergeometric_d_rounds_up() -> None:
    # N 90, LQ 5%: N x LQ = 4.5 -> D = 5 (the fewest making the lot reach 5%).
    z = zero_acceptance_plan(0.05, lot_size=90)
    assert z.defectives_at_lq == 5
    # a lot where N x LQ is an exact integer keeps it: 200 x 0.05 = 10
    assert zero_acceptance_plan(0.05, lot_size=200).defectives_at_lq == 10


@budget(ms=3)
@given(
    lot=st.integers(2, 5000),
    lq=st.floats(0.001, 0.5),
    beta=st.floats(0.01, 0.5),
)
def test_hypergeometric_smallest_against_scipy(lot: int, lq: float, beta: float) -> None:
    z = zero_acceptance_plan(lq, beta=beta, lot_size=lot)
    d = z.defectives_at_lq
    assert d is not None
    assert d >= math.ceil(lq * lot - 1e-9)
    n = z.sample_size
    assert stats.hypergeom.pmf(0, lot, d, n) <= beta * (1 + 1e-9)
    if n > 1:
        assert stats.hypergeom.pmf(0, lot, d, n - 1) > beta * (1 - 1e-9)
    assert z.consumer_risk == pytest.approx(stats.hypergeom.pmf(0, lot, d, n), rel=1e-9)


@budget(ms=2)
@given(lq=st.floats(0.0005, 0.9), beta=st.floats(0.001, 0.9))
def test_binomial_smallest_against_closed_form(lq: float, beta: float) -> None:
    n = zero_acceptance_plan(lq, beta=beta).sample_size
    assert stats.binom.pmf(0, n, lq) <= beta * (1 + 1e-12)
    if n > 1:
        assert stats.binom.pmf(0, n - 1, lq) > beta * (1 - 1e-12)


def test_whole_lot_when_needed() -> None:
    # N 10, LQ 0.1 -> D 1, beta 0.05: Pa(n) = (10 - n)/10 <= 0.05 only at n = 10.
    z = zero_acceptance_plan(0.1, beta=0.05, lot_size=10)
    assert z.sample_size == 10
    assert z.consumer_risk == 0.0


def test_too_small_lq_is_out_of_range() -> None:
    with pytest.raises(OutOfTableError, match="no c = 0 sample"):
        zero_acceptance_plan(1e-9, beta=0.01)


def test_compare_with_aql_plan() -> None:
    rows = compare_zero_acceptance(500, 1.0, 0.05)
    assert [r.name for r in rows] == ["c = 0, LQ 0.05, beta 0.1", "Z1.4 AQL 1 normal"]
    zero, table = rows
    # N 500, D 25: smallest n with C(475, n)/C(500, n) <= 0.10 is 43 (scipy below).
    assert zero.sample_size == 43
    assert zero.accept == 0
    assert stats.hypergeom.pmf(0, 500, 25, 43) <= 0.10 < stats.hypergeom.pmf(0, 500, 25, 42)
    assert (table.sample_size, table.accept) == (50, 1)  # code H, AQL 1.0: 50 / 1 / 2
    # c = 0 protects the consumer harder at 5% and penalises the producer at 0.5%
    pa0 = dict(zero.pa)
    pa1 = dict(table.pa)
    assert pa0[0.05] < pa1[0.05]
    assert pa0[0.005] < pa1[0.005]
    iso = compare_zero_acceptance(500, 1.0, 0.05, standard="iso2859-1")
    assert iso[1].name == "ISO 2859-1 AQL 1 normal"


def test_compare_plans_takes_designed_plans() -> None:
    z = zero_acceptance_plan(0.05, lot_size=500)
    d = design_plan(0.01, 0.08)
    assert isinstance(d, PlanDesign)
    rows = compare_plans({"zero": z, "designed": d}, 500)
    direct = compare_plans({"zero": z.plan, "designed": d.plan}, 500)
    assert rows == direct


BAD: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"lq": 0.0}, InvalidInputError, "'lq' must be > 0.0"),
    ({"lq": 1.0}, InvalidInputError, "'lq' must be < 1.0"),
    ({"lq": float("nan")}, InvalidInputError, "'lq'"),
    ({"lq": "0.05"}, InvalidTypeError, "'lq' must be a number"),
    ({"lq": True}, InvalidTypeError, "'lq' must be a number"),
    ({"lq": 0.05, "beta": 0.0}, InvalidInputError, "'beta' must be > 0.0"),
    ({"lq": 0.05, "beta": 1.0}, InvalidInputError, "'beta' must be < 1.0"),
    ({"lq": 0.05, "lot_size": 1}, InvalidInputError, "'lot_size' must be >= 2"),
    ({"lq": 0.05, "lot_size": 2.5}, InvalidTypeError, "'lot_size' must be an integer"),
    ({"lq": 0.05, "model": "normal"}, InvalidInputError, "'model'"),
    ({"lq": 0.05, "model": 3}, InvalidTypeError, "'model'"),
    ({"lq": 0.05, "model": "hypergeometric"}, InvalidInputError, "'lot_size' must be given"),
    ({"lq": float("inf"), "model": "poisson"}, InvalidInputError, "'lq' must be finite"),
]


@pytest.mark.parametrize(("kwargs", "error", "fragment"), BAD)
def test_bad_inputs(kwargs: dict[str, Any], error: type[Exception], fragment: str) -> None:
    lq = kwargs.pop("lq")
    with pytest.raises(error, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        zero_acceptance_plan(lq, **kwargs)


def test_result_type() -> None:
    z = zero_acceptance_plan(0.1)
    assert isinstance(z, ZeroAcceptancePlan)
    assert isinstance(z.plan, SamplingPlan)
