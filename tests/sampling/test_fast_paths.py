"""The sampling fast paths (issue 15) give the general paths' answers, and junk still fails.

Each fast path takes exact built-in types only (a plain ``int`` count, a plain
``float`` p, a list of floats); everything else goes through the checks. The
laws below call both paths on the same random inputs (the general one reached
with NumPy scalars, a NumPy array, or the private full path) and require the
same answers, the same floats, or the same error.
"""

from __future__ import annotations

import math
import pickle
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qmscore.errors import InvalidInputError, InvalidTypeError, QmsError
from qmscore.sampling import (
    AQL_VALUES,
    INSPECTIONS,
    LEVELS,
    SCHEMES,
    SamplingPlan,
    accept_probability,
    aoq,
    aoql,
    judge,
    lookup_plan,
    oc_curve,
)
from qmscore.sampling import lookup as lookup_module
from qmscore.sampling._pmf import (
    binomial_cdf,
    binomial_cdf_many,
    binomial_coefficients,
    poisson_cdf,
    poisson_cdf_many,
    poisson_coefficients,
)
from qmscore.sampling.judge import _judge
from qmscore.testing import sampling_plans
from tests.budget import budget


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """The answer, or (error class, message) when the call raises one of ours."""
    try:
        return fn(*args, **kwargs)
    except QmsError as error:
        return type(error), str(error)


def _with_lot(plan: SamplingPlan, lot: int | None) -> SamplingPlan:
    rows = [(s.sample_size, s.accept, s.reject) for s in plan.stages]
    return SamplingPlan.from_stages(rows, lot_size=lot, counts=plan.counts)


# ---------------------------------------------------------------- judge


@budget(ms=6)
@given(
    sampling_plans(max_stages=4, max_sample=40, counts=None),
    st.none() | st.integers(1, 120),
    st.integers(-2, 60),
)
def test_judge_fast_path_equals_the_full_path(
    plan: SamplingPlan, lot: int | None, count: int
) -> None:
    plan = _with_lot(plan, lot)
    fresh = pickle.loads(pickle.dumps(plan))  # same plan, empty cache
    general = _outcome(_judge, fresh, (count,))
    assert _outcome(judge, plan, [count]) == general
    assert _outcome(judge, plan, (count,)) == general  # now from the cache, if cached
    assert _outcome(judge, plan, [np.int64(count)]) == general  # NumPy: the checked path
    assert _outcome(judge, fresh, [count]) == general


@budget(ms=6)
@given(sampling_plans(max_stages=3, max_sample=20), st.integers(0, 20), st.integers(0, 20))
def test_judge_two_counts_are_untouched_by_the_cache(
    plan: SamplingPlan, first: int, second: int
) -> None:
    judge_first = _outcome(judge, plan, [first])  # may fill the cache
    assert _outcome(judge, plan, [first, second]) == _outcome(_judge, plan, (first, second))
    assert _outcome(judge, plan, [first]) == judge_first


@pytest.mark.parametrize(
    ("counts", "error", "fragment"),
    [
        ([True], InvalidTypeError, "an integer"),
        ([1.0], InvalidTypeError, "an integer"),
        ([np.float64(1.0)], InvalidTypeError, "an integer"),
        ([-1], InvalidInputError, ">= 0"),
        ([81], InvalidInputError, "<= the stage's sample size 80"),
        ([], InvalidInputError, "at least one count"),
        ([1, 2], InvalidInputError, "at most 1 counts"),
        (["1"], InvalidTypeError, "an integer"),
        ("1", InvalidTypeError, "a list of counts"),
        ({0: 1}, InvalidTypeError, "a list of counts"),
    ],
)
def test_judge_junk_still_raises_ours(counts: Any, error: type, fragment: str) -> None:
    plan = lookup_plan(1000, 1.5)  # n 80, Ac 3, Re 4
    assert judge(plan, [1]).decision == "accept"  # the cache holds 1 now
    with pytest.raises(error, match=None) as caught:
        judge(plan, counts)
    assert fragment in str(caught.value)
    assert judge(plan, [1]).decision == "accept"
    assert 81 not in plan._judgements
    assert all(type(k) is int for k in plan._judgements)


def test_judge_junk_plan_raises_ours() -> None:
    with pytest.raises(InvalidTypeError, match="a SamplingPlan"):
        judge("plan", [1])  # type: ignore[arg-type]


def test_the_cache_is_bounded_and_not_pickled() -> None:
    plan = lookup_plan(1000, 65)  # nonconformities: n 20, Ac 21, Re 22
    for count in (0, 22, 23, 10_000):
        judge(plan, [count])
    # Kept only up to max(n 20, Re 22): 0 and 22, not 23 or 10,000.
    assert sorted(plan._judgements) == [0, 22]
    copy = pickle.loads(pickle.dumps(plan))
    assert copy == plan
    assert "_judgements" not in vars(copy)
    assert judge(copy, [10_000]) == judge(plan, [10_000])


# ---------------------------------------------------------------- lookup


@budget(ms=5)
@given(
    st.integers(2, 10**7),
    st.sampled_from(AQL_VALUES),
    st.sampled_from(LEVELS),
    st.sampled_from(INSPECTIONS),
    st.sampled_from(SCHEMES),
    st.sampled_from(("z1.4", "iso2859-1", "gb2828.1")),
    st.booleans(),
)
def test_lookup_fast_path_equals_the_full_path(
    lot: int, aql: float, level: str, inspection: str, scheme: str, standard: str, as_int: bool
) -> None:
    number: float = int(aql) if as_int and aql == int(aql) else aql
    kwargs: dict[str, Any] = {
        "level": level,
        "inspection": inspection,
        "scheme": scheme,
        "standard": standard,
    }
    fast = _outcome(lookup_plan, lot, number, **kwargs)
    full = _outcome(lookup_module._lookup, lot, number, level, inspection, scheme, standard, None)
    assert fast == full
    assert _outcome(lookup_plan, np.int64(lot), np.float64(aql), **kwargs) == full
    if isinstance(fast, SamplingPlan):
        assert type(fast) is SamplingPlan
        assert list(vars(fast).items()) == list(vars(full).items())  # same fields, same order
        assert pickle.loads(pickle.dumps(fast)) == fast


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "fragment"),
    [
        ((True, 1.0), {}, InvalidTypeError, "'lot_size' must be an integer"),
        ((1000, True), {}, InvalidTypeError, "'aql'"),
        ((1000, 0.5), {}, InvalidInputError, "nearest: 0.40"),
        ((1, 1.0), {}, InvalidInputError, ">= 2"),
        ((1000, 1.0), {"level": "IV"}, InvalidInputError, "'level'"),
        ((1000, 1.0), {"level": ["II"]}, InvalidTypeError, "'level'"),
        ((1000, 1.0), {"standard": "z9"}, InvalidInputError, "'standard'"),
        ((1000, 1.0), {"scheme": "triple"}, InvalidInputError, "'scheme'"),
        ((1000, 1.0), {"inspection": {}}, InvalidTypeError, "'inspection'"),
    ],
)
def test_lookup_junk_still_raises_ours(
    args: tuple[Any, ...], kwargs: dict[str, Any], error: type, fragment: str
) -> None:
    with pytest.raises(error) as caught:
        lookup_plan(*args, **kwargs)
    assert fragment in str(caught.value)


def test_lookup_cache_is_the_full_path_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # An empty cache with room for one argument set: the first spelling gets a
    # list of cells, the second is answered from the template without one; the
    # answers (first call and cached call alike) are the full path's, field for field.
    monkeypatch.setattr(lookup_module, "_CELLS", {})
    monkeypatch.setattr(lookup_module, "_MAX_CELL_LISTS", 1)
    for standard in ("z1.4", "iso2859-1"):
        full = lookup_module._lookup(1000, 1.5, "II", "normal", "single", standard, None)
        for _ in range(2):
            plan = lookup_plan(1000, 1.5, standard=standard)
            assert list(vars(plan).items()) == list(vars(full).items())
    assert list(lookup_module._CELLS) == [("z1.4", "single", "normal", "II", 1.5)]
    # Lot 1000 is Table I row J (501 to 1200): rows A B C D E F G H J, index 8,
    # stored at 8 + 1 = 9; lot 100 (row F, 91 to 150) fills index 5 + 1 = 6.
    cells = lookup_module._CELLS["z1.4", "single", "normal", "II", 1.5]
    assert [i for i, cell in enumerate(cells) if cell is not None] == [9]
    assert lookup_plan(100, 1.5) == lookup_module._lookup(
        100, 1.5, "II", "normal", "single", "z1.4", None
    )
    assert [i for i, cell in enumerate(cells) if cell is not None] == [6, 9]
    # An integer AQL is the same key as its float (1 == 1.0): one list.
    assert lookup_plan(1000, 1) == lookup_plan(1000, 1.0)
    assert len(lookup_module._CELLS) == 1  # still full: 1.0 was answered without a list


def test_lookup_cache_keeps_plain_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    # A NumPy string argument is answered by the full path and never becomes a
    # template: a later plain call gets plain str fields, not the NumPy ones.
    monkeypatch.setattr(lookup_module, "_CELLS", {})
    first = lookup_plan(1000, 1.0, inspection=np.str_("normal"), level=np.str_("II"))
    assert lookup_module._CELLS == {}
    plain = lookup_plan(1000, 1.0, inspection="normal", level="II")
    assert first == plain
    assert type(plain.inspection) is str
    assert type(plain.level) is str


def test_lookup_small_lots_keep_their_lot_reasons() -> None:
    # Lot 2 to 8, level II: code A; Table II-A at AQL 1.0 has an arrow down to
    # the first plan, code E: n 13, Ac 0, Re 1. A lot of 5 (or 13) is no larger
    # than the sample: 100% inspection, said in the reasons; 14 is not.
    plan = lookup_plan(5, 1.0)
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("E", 13, 0, 1)
    assert plan.inspect_all is True
    assert plan.reasons[-1].code == "sampling.inspect_all"
    assert lookup_plan(13, 1.0).inspect_all is True
    assert lookup_plan(14, 1.0).inspect_all is False


# ------------------------------------------------------ accept_probability


@budget(ms=3)
@given(
    sampling_plans(max_stages=1, max_sample=300, counts=None),
    st.floats(0.0, 1.0),
    st.sampled_from((None, "binomial", "poisson")),
)
def test_pa_fast_path_equals_the_checked_path(plan: SamplingPlan, p: float, model: Any) -> None:
    fast = _outcome(accept_probability, plan, p, model=model)
    assert _outcome(accept_probability, plan, np.float64(p), model=model) == fast
    assert _outcome(accept_probability, plan, Fraction(p), model=model) == fast


@budget(ms=3)
@given(sampling_plans(max_stages=1, max_sample=300), st.floats(0.0, 1.0))
def test_pa_single_plan_matches_scipy_below_re(plan: SamplingPlan, p: float) -> None:
    # The last (only) stage accepts every count below Re (a gap count too).
    ref = float(stats.binom.cdf(plan.reject - 1, plan.sample_size, p))
    got = accept_probability(plan, p)
    assert abs(got - ref) <= 1e-12 * ref + 1e-300


@pytest.mark.parametrize(
    ("p", "kwargs", "error", "fragment"),
    [
        (math.nan, {}, InvalidInputError, "NaN"),
        (1.5, {}, InvalidInputError, "in [0, 1]"),
        (-0.1, {}, InvalidInputError, ">= 0"),
        (math.inf, {"model": "poisson"}, InvalidInputError, "'p'"),
        (True, {}, InvalidTypeError, "'p'"),
        ("0.1", {}, InvalidTypeError, "'p'"),
        (0.1, {"model": "normal"}, InvalidInputError, "'model'"),
        (0.1, {"rounding": "sideways"}, InvalidInputError, "'rounding'"),
    ],
)
def test_pa_junk_still_raises_ours(
    p: Any, kwargs: dict[str, Any], error: type, fragment: str
) -> None:
    with pytest.raises(error) as caught:
        accept_probability(SamplingPlan.from_stages([(125, 3, 4)]), p, **kwargs)
    assert fragment in str(caught.value)


def test_pa_of_a_nonconformities_plan_refuses_binomial() -> None:
    plan = lookup_plan(1000, 65)
    with pytest.raises(InvalidInputError, match="'model' must be 'poisson'"):
        accept_probability(plan, 0.1, model="binomial")


# ------------------------------------------------------------- oc_curve


@budget(ms=9)
@given(
    sampling_plans(max_stages=3, max_sample=200, counts=None),
    st.none() | st.integers(1, 400),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30),
)
def test_oc_curve_is_accept_probability_at_each_point(
    plan: SamplingPlan, lot: int | None, ps: list[float]
) -> None:
    curve = oc_curve(plan, ps, lot_size=lot)
    assert curve.pa == tuple(accept_probability(plan, p, lot_size=lot) for p in ps)
    assert oc_curve(plan, np.array(ps, dtype=object), lot_size=lot).pa == curve.pa  # checked
    assert oc_curve(plan, np.array(ps), lot_size=lot).pa == pytest.approx(curve.pa, rel=1e-12)
    assert oc_curve(plan, tuple(ps), lot_size=lot) == curve


@pytest.mark.parametrize(
    ("ps", "kwargs", "error", "fragment"),
    [
        ([0.1, math.nan], {}, InvalidInputError, "NaN"),
        ([math.nan, 0.1], {}, InvalidInputError, "NaN"),
        ([0.1, 1.5], {}, InvalidInputError, "in [0, 1]"),
        ([-0.1, 0.1], {}, InvalidInputError, ">= 0"),
        ([0.1, math.inf], {"model": "poisson"}, InvalidInputError, "'ps[1]' must be finite"),
        ([0.1, True], {}, InvalidTypeError, "'ps[1]'"),
        ([], {}, InvalidInputError, "at least one value"),
        ("0.1", {}, InvalidTypeError, "'ps'"),
    ],
)
def test_oc_curve_junk_still_raises_ours(
    ps: Any, kwargs: dict[str, Any], error: type, fragment: str
) -> None:
    with pytest.raises(error) as caught:
        oc_curve(SamplingPlan.from_stages([(125, 3, 4)]), ps, **kwargs)
    assert fragment in str(caught.value)


def test_oc_curve_of_a_single_gap_plan_accepts_below_re() -> None:
    # n 20, Ac 0, Re 2 (a reduced gap plan): one nonconforming item accepts the
    # lot (normal inspection reinstated), so Pa = P(X <= 1), as accept_probability says.
    # P(X <= 1) at p = 0.05: 0.95**20 + 20 * 0.05 * 0.95**19 = 0.95**19 * (0.95 + 1)
    #                       = 0.3773536 * 1.95 = 0.7358395
    gap = SamplingPlan.from_stages([(20, 0, 2)])
    expected = 0.95**19 * 1.95
    (pa,) = oc_curve(gap, [0.05]).pa
    assert pa == pytest.approx(expected, rel=1e-12)
    assert pa == accept_probability(gap, 0.05)
    (hyper,) = oc_curve(gap, [0.05], lot_size=100, model="hypergeometric").pa
    assert hyper == accept_probability(gap, 0.05, lot_size=100, model="hypergeometric")


# ------------------------------------------------------------------ aoql


@budget(ms=8)
@given(st.integers(2, 300), st.integers(0, 6), st.integers(400, 50_000))
def test_aoql_is_the_largest_aoq(n: int, c: int, lot: int) -> None:
    plan = SamplingPlan.from_stages([(n, c, c + 1)])
    result = aoql(plan, lot_size=lot)
    # No grid point beats the maximum, and AOQ at the reported p is the AOQL.
    top = result.p * 3 + 1e-6
    grid = [min(1.0, top * i / 200) for i in range(201)]
    assert max(aoq(plan, p, lot_size=lot) for p in grid) <= result.aoql * (1 + 1e-9)
    assert aoq(plan, result.p, lot_size=lot) == pytest.approx(result.aoql, rel=1e-12)


# ------------------------------------------------------------- kernels


def _exact_binomial_cdf(n: int, p: float, k: int) -> Fraction:
    q = Fraction(p)
    return sum((math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(k + 1)), Fraction(0))


@budget(ms=88)
@given(st.integers(1, 700), st.integers(0, 30), st.floats(0.0, 1.0))
def test_binomial_cdf_is_exact_to_1e_12(n: int, k: int, p: float) -> None:
    exact = _exact_binomial_cdf(n, p, min(k, n))
    got = binomial_cdf(n, p, k)
    if exact > Fraction(1, 10**290):
        assert abs(Fraction(got) - exact) <= Fraction(1, 10**12) * exact
    else:  # below the float range's useful part: tiny, never above the truth by much
        assert got <= 1e-280


@budget(ms=2)
@given(st.integers(0, 200), st.floats(0.0, 800.0))
def test_poisson_cdf_matches_scipy(k: int, lam: float) -> None:
    ref = float(stats.poisson.cdf(k, lam))
    got = poisson_cdf(lam, k)
    assert abs(got - ref) <= 1e-11 * ref + 1e-280


@budget(ms=2)
@given(
    st.integers(1, 5000),
    st.integers(-1, 300),
    st.lists(st.floats(0.0, 1.0), max_size=20),
)
def test_binomial_many_is_the_scalar_float_for_float(n: int, k: int, ps: list[float]) -> None:
    assert binomial_cdf_many(n, k, ps) == [binomial_cdf(n, p, k) for p in ps]


@budget(ms=3)
@given(
    st.integers(-1, 200),
    st.lists(st.floats(0.0, 5.0), max_size=20),
    st.integers(1, 400),
)
def test_poisson_many_is_the_scalar_float_for_float(k: int, ps: list[float], n: int) -> None:
    assert poisson_cdf_many(k, ps, n) == [poisson_cdf(n * p, k) for p in ps]


@budget(ms=2)
@given(st.integers(1, 400), st.integers(0, 60))
def test_binomial_coefficients_give_the_tail_identity(n: int, k: int) -> None:
    # P(X <= k) = (1 - p)**(n - k) * sum_j C(n - k - 1 + j, j) p**j, checked exactly
    # at p = 3/17 against the binomial sum.
    if k >= n:
        return
    coefficients = binomial_coefficients(n, k)
    assert coefficients is not None
    p = Fraction(3, 17)
    exact = [math.comb(n - k - 1 + j, j) for j in range(k, -1, -1)]
    assert coefficients == tuple(float(b) for b in exact)
    horner = Fraction(0)
    for b in exact:
        horner = horner * p + b
    assert horner * (1 - p) ** (n - k) == sum(
        math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1)
    )


def test_kernel_fallbacks() -> None:
    # Coefficients beyond the float range: n 10**6, k 300 (C(10**6 + ..., 300) > 1e300).
    assert binomial_coefficients(10**6, 300) is None
    assert binomial_cdf(10**6, 0.0003, 300) == pytest.approx(
        float(stats.binom.cdf(300, 10**6, 0.0003)), rel=1e-11
    )
    # 171 terms: 1 / 171! is below the normal float range.
    assert poisson_coefficients(170) is not None
    assert poisson_coefficients(171) is None
    assert poisson_cdf(150.0, 171) == pytest.approx(float(stats.poisson.cdf(171, 150.0)), 1e-12)
    # An exponent above 512 uses exp(m log1p(-p)); p = 1 has no weight at all.
    assert binomial_cdf(2000, 0.01, 10) == pytest.approx(
        float(stats.binom.cdf(10, 2000, 0.01)), rel=1e-12
    )
    assert binomial_cdf(50, 1.0, 3) == 0.0
    assert binomial_cdf(513, 1.0, 0) == 0.0  # log1p(-1) is never taken
    assert binomial_cdf_many(513, 0, [0.5, 1.0]) == [binomial_cdf(513, 0.5, 0), 0.0]
    assert binomial_cdf_many(50, 3, [0.0, 1.0]) == [1.0, 0.0]
    assert binomial_cdf_many(3, 3, [0.5]) == [1.0]
    assert binomial_cdf_many(3, -1, [0.5]) == [0.0]
    assert binomial_cdf_many(3, 1, []) == []
    assert poisson_cdf_many(-1, [0.5]) == [0.0]
    assert poisson_cdf_many(2, []) == []
    assert poisson_cdf_many(2, [800.0]) == [poisson_cdf(800.0, 2)]


@pytest.mark.parametrize("k", range(7))
def test_every_unrolled_sum_is_the_scalar_float_for_float(k: int) -> None:
    ps = [0.0, 0.003, 0.01, 0.05, 0.2, 0.5]
    assert binomial_cdf_many(125, k, ps) == [binomial_cdf(125, p, k) for p in ps]
    assert binomial_cdf_many(900, k, ps[:4]) == [binomial_cdf(900, p, k) for p in ps[:4]]
    assert poisson_cdf_many(k, ps, 50) == [poisson_cdf(50 * p, k) for p in ps]
