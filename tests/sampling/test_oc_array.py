"""oc_curve on a NumPy array of qualities: the vectorised path gives the list path's curve.

The array path (one binomial or Poisson stage, a one-dimensional float or
integer array) runs the same Horner kernel on whole arrays; its Pa may differ
from the list path's floats only in the last bits of NumPy's ``exp`` and
``**`` (1e-12 relative here), and its qualities, model, lot and reasons are
exactly the list path's. Everything else an array can be (NaN, out of range,
another shape or dtype, empty) goes through the list path's checks and raises
the list path's own error.
"""

from __future__ import annotations

import math
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qmscore.errors import InvalidInputError, InvalidTypeError, QmsError
from qmscore.sampling import OCCurve, SamplingPlan, oc_curve
from qmscore.testing import sampling_plans
from tests.budget import budget


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """The answer, or (error class, message) when the call raises one of ours."""
    try:
        return fn(*args, **kwargs)
    except QmsError as error:
        return type(error), str(error)


def _same_curve(array_curve: OCCurve, list_curve: OCCurve) -> None:
    assert array_curve.ps == list_curve.ps
    assert all(type(p) is float for p in array_curve.ps)
    assert all(type(a) is float for a in array_curve.pa)
    assert type(array_curve.ps) is tuple
    assert type(array_curve.pa) is tuple
    assert array_curve.pa == pytest.approx(list_curve.pa, rel=1e-12, abs=0.0)
    assert (array_curve.model, array_curve.lot_size) == (list_curve.model, list_curve.lot_size)
    assert (array_curve.defectives, array_curve.reasons) == (
        list_curve.defectives,
        list_curve.reasons,
    )


@budget(ms=5)
@given(
    sampling_plans(max_stages=1, max_sample=3000, counts=None),
    st.none() | st.integers(1, 5000),
    st.lists(st.floats(0.0, 1.0) | st.floats(0.0, 0.01), min_size=1, max_size=40),
)
def test_array_curve_is_the_list_curve(
    plan: SamplingPlan, lot: int | None, ps: list[float]
) -> None:
    _same_curve(oc_curve(plan, np.array(ps), lot_size=lot), oc_curve(plan, ps, lot_size=lot))


@budget(ms=7)
@given(
    st.integers(1, 300),
    st.integers(0, 200),
    st.lists(st.floats(0.0, 1e6), min_size=1, max_size=20),
)
def test_poisson_array_curve_is_the_list_curve(n: int, c: int, ps: list[float]) -> None:
    # Large means too (n p above 700 falls back to the list kernel), Ac past 170 terms.
    plan = SamplingPlan.from_stages([(n, c, c + 1)], counts="nonconformities")
    _same_curve(oc_curve(plan, np.array(ps)), oc_curve(plan, ps))


@budget(ms=7)
@given(
    sampling_plans(max_stages=3, max_sample=50, counts="items"),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=10),
)
def test_other_plans_and_models_take_the_checked_path(plan: SamplingPlan, ps: list[float]) -> None:
    # Several stages, or the hypergeometric model: the list path itself, same floats.
    if len(plan.stages) > 1:
        assert oc_curve(plan, np.array(ps)) == oc_curve(plan, ps)
    hyper: dict[str, Any] = {"lot_size": 400, "model": "hypergeometric"}
    assert oc_curve(plan, np.array(ps), **hyper) == oc_curve(plan, ps, **hyper)


def test_array_curve_matches_scipy_and_every_kernel_branch() -> None:
    ps = np.linspace(0.0, 0.2, 101)
    # n 125, Ac 3: Horner with the direct power (122 <= 512).
    curve = oc_curve(SamplingPlan.from_stages([(125, 3, 4)]), ps)
    assert curve.pa == pytest.approx(stats.binom.cdf(3, 125, ps), rel=1e-12)
    # n 2000, Ac 10: the weight is exp(1990 log1p(-p)) (1990 > 512).
    small = np.linspace(0.0, 0.01, 11)
    curve = oc_curve(SamplingPlan.from_stages([(2000, 10, 11)]), small)
    assert curve.pa == pytest.approx(stats.binom.cdf(10, 2000, small), rel=1e-12)
    # p = 1 has no weight: the list kernel answers (Pa 0 there, 1 at p = 0).
    curve = oc_curve(SamplingPlan.from_stages([(50, 3, 4)]), np.array([0.0, 0.5, 1.0]))
    assert curve.pa[0] == 1.0
    assert curve.pa[2] == 0.0
    assert curve.pa[1] == pytest.approx(float(stats.binom.cdf(3, 50, 0.5)), rel=1e-12)
    # The lot caps the sample: n 125 from a lot of 100 draws 100.
    curve = oc_curve(SamplingPlan.from_stages([(125, 3, 4)]), ps, lot_size=100)
    assert curve.pa == pytest.approx(stats.binom.cdf(3, 100, ps), rel=1e-12)
    # Ac at least the lot: every lot accepted (P(X <= 3) = 1 when only 3 are drawn).
    assert oc_curve(SamplingPlan.from_stages([(125, 3, 4)]), ps, lot_size=3).pa == (1.0,) * 101
    # Poisson, n 125, Ac 3: lam = 125 p.
    lam_plan = SamplingPlan.from_stages([(125, 3, 4)], counts="nonconformities")
    curve = oc_curve(lam_plan, ps)
    assert curve.pa == pytest.approx(stats.poisson.cdf(3, 125 * ps), rel=1e-12)
    # Integer arrays are qualities too: 0 and 1 (Pa 1 and 0).
    assert oc_curve(SamplingPlan.from_stages([(125, 3, 4)]), np.array([0, 1])).pa == (1.0, 0.0)
    assert oc_curve(lam_plan, np.array([0, 1], dtype=np.uint8)).pa == pytest.approx(
        stats.poisson.cdf(3, [0.0, 125.0]), rel=1e-12
    )


@pytest.mark.parametrize(
    ("ps", "kwargs", "error", "fragment"),
    [
        ([0.1, math.nan], {}, InvalidInputError, "'ps[1]' must be finite (not NaN)"),
        ([math.nan, 0.1], {}, InvalidInputError, "'ps[0]' must be finite (not NaN)"),
        ([0.1, 1.5], {}, InvalidInputError, "in [0, 1] (got 1.5)"),
        ([-0.1, 0.1], {}, InvalidInputError, ">= 0.0 (got -0.1)"),
        ([0.1, math.inf], {"model": "poisson"}, InvalidInputError, "'ps[1]' must be finite"),
        ([], {}, InvalidInputError, "at least one value"),
        ([[0.1, 0.2]], {}, InvalidTypeError, "'ps[0]'"),
        ([True, False], {}, InvalidTypeError, "'ps[0]'"),
        (["0.1"], {}, InvalidTypeError, "'ps[0]'"),
    ],
)
def test_array_junk_raises_the_list_paths_error(
    ps: list[Any], kwargs: dict[str, Any], error: type, fragment: str
) -> None:
    plan = SamplingPlan.from_stages([(125, 3, 4)], counts="nonconformities")
    if kwargs.get("model") != "poisson":
        plan = SamplingPlan.from_stages([(125, 3, 4)])
    with pytest.raises(error) as caught:
        oc_curve(plan, np.array(ps), **kwargs)
    assert fragment in str(caught.value)
    as_list = _outcome(oc_curve, plan, ps, **kwargs)
    assert as_list[0] is error
    # The same message, up to how the offending value prints (np.float64(nan) vs nan).
    assert as_list[1].split(" (got")[0] == str(caught.value).split(" (got")[0]


def test_a_subclass_or_masked_array_takes_the_checked_path() -> None:
    plan = SamplingPlan.from_stages([(125, 3, 4)])
    ps = [0.0, 0.01, 0.05]
    assert oc_curve(plan, np.ma.masked_array(ps)) == oc_curve(plan, ps)


def test_importing_sampling_does_not_import_numpy() -> None:
    code = "import sys, qmscore, qmscore.sampling; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
