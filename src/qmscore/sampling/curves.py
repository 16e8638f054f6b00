"""OC curves and the AOQL: Pa over a grid of qualities, and the worst outgoing quality.

:func:`oc_curve` evaluates a plan over many qualities at once (a hypergeometric
single plan walks D upwards with a one-factor recurrence, re-anchored so that
rounding cannot accumulate); :func:`aoql` maximises AOQ with a grid scan and
golden-section search, or an exact integer search over D. The probability
model and its conventions are those of :mod:`qmscore.sampling.oc`.

Example:
    >>> from qmscore.sampling import SamplingPlan, aoql
    >>> round(aoql(SamplingPlan.from_stages([(89, 2, 3)]), lot_size=10000).aoql, 5)
    0.01525
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from qmscore._checks import check_instance, check_int, check_real, check_sequence
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling._pmf import (
    _POISSON_LAMBDA_MAX,
    _POW_EXPONENT_MAX,
    _WEIGHT_MIN,
    _binomial_weight,
    binomial_cdf_many,
    binomial_coefficients,
    hypergeometric_prefix,
    poisson_cdf_many,
    poisson_coefficients,
)
from qmscore.sampling.oc import (
    Model,
    Rounding,
    _aoq,
    _asn,
    _ati,
    _Context,
    _context,
    _pa,
    _pa_function,
    _quality,
    _setup,
    _walk,
    p_at,
)
from qmscore.sampling.plans import SamplingPlan, lot_reasons

__all__ = [
    "AOQLResult",
    "OCCurve",
    "OCSummary",
    "aoql",
    "default_grid",
    "oc_curve",
    "oc_summary",
]

MAX_GRID = 100_000
"""Most qualities one OC curve or AOQL scan evaluates (a resource bound)."""


@display(rows="rows")
@attrs.frozen
class OCCurve(Tabular):
    """Acceptance probability over a grid of qualities.

    Attributes:
        ps: The qualities (fraction nonconforming, or per unit for poisson).
        pa: Acceptance probability at each.
        model: The model used.
        lot_size: The lot size, if given.
        defectives: Hypergeometric: the D used at each p.
        reasons: The model and conventions applied.
    """

    ps: tuple[float, ...]
    pa: tuple[float, ...]
    model: str
    lot_size: int | None = None
    defectives: tuple[int, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def rows(self) -> list[dict[str, float]]:
        """One ``{"p": ..., "pa": ...}`` row per point, for a table or DataFrame."""
        return [{"p": p, "pa": a} for p, a in zip(self.ps, self.pa, strict=True)]


def default_grid(plan: SamplingPlan, points: int = 101) -> tuple[float, ...]:
    """An even grid of p from 0 to where Pa is about 0.001 (binomial or poisson)."""
    check_instance("plan", plan, SamplingPlan, "a SamplingPlan")
    points = check_int("points", points, minimum=2, maximum=MAX_GRID)
    hi = p_at(plan, 0.001, model="poisson" if plan.counts == "nonconformities" else "binomial")
    return tuple(hi * i / (points - 1) for i in range(points))


def oc_curve(
    plan: SamplingPlan,
    ps: Iterable[float] | None = None,
    *,
    lot_size: int | None = None,
    model: Model | None = None,
    rounding: Rounding = "nearest",
) -> OCCurve:
    """Pa at each p of ``ps`` (default: 101 points up to Pa of about 0.001).

    ``ps`` may be any sequence of numbers. A one-dimensional NumPy array on a
    single-stage binomial or Poisson plan is evaluated on whole arrays (the
    same kernel; Pa equal to the list's within 1e-12 relative); the curve
    still holds plain floats. NumPy is never imported otherwise.

    Example:
        >>> from qmscore.sampling import SamplingPlan, oc_curve
        >>> curve = oc_curve(SamplingPlan.from_stages([(50, 1, 2)]), [0.0, 0.01, 0.05])
        >>> [round(x, 4) for x in curve.pa]
        [1.0, 0.9106, 0.2794]
    """
    ctx = _context(plan, lot_size, model, rounding)
    chosen = ctx.model
    grid: tuple[float, ...] | None
    top = None
    stages = plan.stages
    if ps is None:
        grid = default_grid(plan)
    elif _is_ndarray(ps) and chosen != "hypergeometric" and len(stages) == 1:
        # A NumPy array of qualities on one binomial or Poisson stage: the same
        # kernel on whole arrays (NumPy is then installed; imported only here).
        n, limit = stages[0].sample_size, stages[0].reject - 1
        if ctx.lot_size is not None:
            n = min(n, ctx.lot_size)
        arrays = _array_curve(ps, chosen, n, limit)
        if arrays is not None:
            notes = (_model_reason(chosen), *lot_reasons(stages, ctx.lot_size))
            return OCCurve(arrays[0], arrays[1], chosen, ctx.lot_size, (), notes)
        grid = None  # a value to check, or a shape or dtype to refuse: below
    else:
        grid, top = _float_grid(ps, chosen)
    if grid is None:  # not all plain floats in range: every value checked
        grid = check_sequence("ps", ps, check_real, max_items=MAX_GRID)
        if not grid:
            raise InvalidInputError.constraint("ps", "at least one value", list(grid))
        for p in grid:
            _quality(ctx, p, None)  # each p in its model's range, or the error
    ds: tuple[int, ...] = ()
    if chosen == "hypergeometric":
        ds = tuple(_quality(ctx, p, None).defectives for p in grid)  # type: ignore[misc]
        if len(stages) > 1:
            pa = [_walk(plan, _quality(ctx, None, d)).pa for d in ds]
        else:
            pa = _hypergeometric_single_curve(plan, ctx.lot_size, ds)  # type: ignore[arg-type]
    elif len(stages) > 1:
        pa = [_pa(plan, _quality(ctx, p, None)) for p in grid]
    else:
        # One stage: Pa is the cdf below Re (a gap count accepts at the last
        # stage), the same kernel as accept_probability; the sample takes at
        # most the lot.
        n, limit = stages[0].sample_size, stages[0].reject - 1
        if ctx.lot_size is not None:
            n = min(n, ctx.lot_size)
        if chosen == "binomial":
            pa = binomial_cdf_many(n, limit, grid, top)
        else:
            pa = poisson_cdf_many(limit, grid, n, top)
    reasons = [_model_reason(chosen), *lot_reasons(plan.stages, ctx.lot_size)]
    if chosen == "hypergeometric":
        reasons.append(
            Reason(
                "sampling.defectives_rounding",
                f"D = N x p rounded {rounding} (N = {lot_size})",
                f"D = N × p，按 {rounding} 取整（N = {lot_size}）",
            )
        )
    return OCCurve(grid, tuple(pa), chosen, ctx.lot_size, ds, tuple(reasons))


def _float_grid(ps: object, model: str) -> tuple[tuple[float, ...] | None, float | None]:
    """``ps`` as a tuple and its largest value, or (None, None).

    Only a list or tuple of plain floats, each in the model's range, qualifies.
    """
    if type(ps) is not tuple and type(ps) is not list:
        return None, None
    if not 0 < len(ps) <= MAX_GRID or set(map(type, ps)) != {float}:
        return None, None
    total = sum(ps)  # NaN anywhere makes it NaN; then min and max are unreliable
    if total != total or not min(ps) >= 0.0:
        return None, None
    top: float = max(ps)
    if not (top <= 1.0 if model != "poisson" else total <= _MAX_FLOAT):
        return None, None
    return (ps if type(ps) is tuple else tuple(ps)), top


_MAX_FLOAT = 1.7976931348623157e308


def _is_ndarray(value: object) -> bool:
    """True for a NumPy ndarray itself (not a subclass), without importing NumPy."""
    cls = type(value)
    return cls.__name__ == "ndarray" and cls.__module__ == "numpy"


def _array_curve(
    ps: Any, model: str, n: int, limit: int
) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """(the qualities, Pa at each) for a NumPy array, or None for the checked path.

    Only a one-dimensional array of real numbers (float or integer dtype),
    every value in the model's range, qualifies; anything else (NaN, a value
    out of range, another shape or dtype, no values) returns None so that the
    list path checks it and raises its own error, naming the index. Pa is
    P(X <= limit) by the scalar kernel's Horner sum and weight on whole
    arrays: the same floats up to the last bits of NumPy's ``exp`` and ``**``.
    """
    import numpy as np  # optional: only for an array the caller built

    if ps.ndim != 1 or ps.dtype.kind not in "fiu" or not 0 < ps.size <= MAX_GRID:
        return None
    x = ps.astype(np.float64)
    low, top = float(x.min()), float(x.max())  # NaN anywhere makes both NaN
    if not (low >= 0.0 and (top <= 1.0 if model == "binomial" else top <= _MAX_FLOAT)):
        return None
    grid = tuple(x.tolist())
    if model == "binomial":
        coefficients = binomial_coefficients(n, limit) if 0 <= limit < n else None
        m = n - limit
        if coefficients is None or not _binomial_weight(top, m) > _WEIGHT_MIN:
            # Trivial (Ac below 0 or at least n) or a point needs the log-space prefix.
            return grid, tuple(binomial_cdf_many(n, limit, grid, top))
        weight = (1.0 - x) ** m if m <= _POW_EXPONENT_MAX else np.exp(m * np.log1p(-x))
    else:
        coefficients = poisson_coefficients(limit) if limit >= 0 else None
        if coefficients is None or not n * top <= _POISSON_LAMBDA_MAX:
            return grid, tuple(poisson_cdf_many(limit, grid, n, top))
        x = n * x
        weight = np.exp(-x)
    s = np.full_like(x, coefficients[0])  # the scalar sum's first step, 0 * x + a, is a
    for b in coefficients[1:]:
        s *= x
        s += b
    s *= weight
    np.minimum(s, 1.0, out=s)
    return grid, tuple(s.tolist())


_ANCHOR_EVERY = 128


def _hypergeometric_single_curve(plan: SamplingPlan, lot: int, ds: Sequence[int]) -> list[float]:
    # Walk D upwards, carrying P(X = 0) by its one-factor recurrence in D and
    # recomputing it directly every _ANCHOR_EVERY steps so rounding cannot pile up.
    stage = plan.stages[0]
    n, c = min(stage.sample_size, lot), stage.reject - 1  # a gap count accepts at the last stage
    by_d: dict[int, float] = {}
    d_prev, p0, since = -1, 0.0, _ANCHOR_EVERY
    for d in sorted(set(ds)):
        if lot - d < n:  # the sample must contain defectives: no P(0) chain
            by_d[d] = min(1.0, math.fsum(hypergeometric_prefix(lot, d, n, c)))
            continue
        if d_prev < 0 or d - d_prev + since > _ANCHOR_EVERY:
            p0 = hypergeometric_prefix(lot, d, n, 0)[0]
            since = 0
        else:
            for j in range(d_prev, d):
                p0 *= (lot - j - n) / (lot - j)
            since += d - d_prev
        d_prev = d
        total = term = p0
        base = lot - d - n + 1
        for x in range(min(c, d)):
            term *= (d - x) * (n - x) / ((x + 1) * (base + x))
            total += term  # a few positive terms
        by_d[d] = min(1.0, total)
    return [by_d[d] for d in ds]


def _model_reason(model: str) -> Reason:
    en = {
        "binomial": "Binomial model: items nonconforming independently (process or large lot)",
        "hypergeometric": "Hypergeometric model: finite lot, drawn without replacement",
        "poisson": "Poisson model: nonconformities per unit (AQL above 10 is per 100 units)",
    }[model]
    zh = {
        "binomial": "二项分布模型：各单位独立不合格（过程或大批量）",
        "hypergeometric": "超几何分布模型：有限批量，不放回抽样",
        "poisson": "泊松分布模型：每单位不合格数（AQL 大于 10 时为每百单位不合格数）",
    }[model]
    return Reason(f"sampling.model_{model}", en, zh)


@display
@attrs.frozen
class AOQLResult:
    """The worst average outgoing quality over all incoming qualities.

    Attributes:
        aoql: The maximum of AOQ(p).
        p: Where it occurs.
        lot_size: The lot size used.
        model: The model used.
        reasons: How it was found.
    """

    aoql: float
    p: float
    lot_size: int
    model: str
    reasons: tuple[Reason, ...] = ()


_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def aoql(
    plan: SamplingPlan, *, lot_size: int, model: Model | None = None, grid: int = 400
) -> AOQLResult:
    """Maximise AOQ over p: a grid scan to bracket the peak, then golden-section.

    The hypergeometric AOQ is a function of the integer D: the refinement then
    searches D exactly. No value is rounded before the maximisation.

    Example:
        >>> from qmscore.sampling import SamplingPlan, aoql
        >>> result = aoql(SamplingPlan.from_stages([(89, 2, 3)]), lot_size=10000)
        >>> round(result.aoql, 5), round(result.p, 4)
        (0.01525, 0.0253)
    """
    ctx = _context(plan, lot_size, model, "nearest", need_lot=True)
    grid = check_int("grid", grid, minimum=10, maximum=MAX_GRID)
    chosen = ctx.model
    lot: int = ctx.lot_size  # type: ignore[assignment]
    notes = lot_reasons(plan.stages, lot)
    if _inspects_all(plan, lot):
        return AOQLResult(
            0.0,
            0.0,
            lot,
            chosen,
            (
                _model_reason(chosen),
                *notes,
                Reason(
                    "sampling.aoql_inspect_all",
                    f"The first sample reaches the lot ({lot}): every lot is inspected 100% and "
                    "every nonconforming item found is replaced, so AOQ is 0 at every p: AOQL 0",
                    f"第一样本已达批量（{lot}）：每批 100% 全检并剔换全部不合格品，"
                    "任何 p 下平均检出质量均为 0：AOQL 为 0",
                ),
            ),
        )
    # The scan reaches past where Pa falls to 0.001 under the model in use: an
    # items plan read by Poisson can accept p > 1 (n 2, Ac 5 peaks at p 2.17).
    hi = p_at(plan, 0.001, model="poisson" if chosen == "poisson" else "binomial") * 1.5
    if chosen != "poisson":
        hi = min(hi, 1.0)

    at = _aoq_function(plan, ctx)

    if chosen == "hypergeometric":

        def at_d(d: int) -> float:
            setup = _quality(ctx, None, d)
            return _aoq(_walk(plan, setup), setup)

        best_d, best = _max_integer(at_d, 0, min(lot, math.ceil(hi * lot)))
        p_best = best_d / lot
    else:
        xs = [hi * i / grid for i in range(grid + 1)]
        values = _aoq_many(plan, ctx, xs) if len(plan.stages) == 1 else [at(x) for x in xs]
        i = max(range(len(values)), key=values.__getitem__)
        lo_x, hi_x = xs[max(i - 1, 0)], xs[min(i + 1, grid)]
        p_best, best = _golden_max(at, lo_x, hi_x)
        if values[i] > best:  # pragma: no cover - golden-section never loses to its bracket
            p_best, best = xs[i], values[i]
    return AOQLResult(
        best,
        p_best,
        lot,
        chosen,
        (
            _model_reason(chosen),
            *notes,
            Reason(
                "sampling.aoql",
                f"AOQ is largest, {best:.6g}, at p = {p_best:.6g} "
                "(grid scan, then exact refinement)",
                f"平均检出质量在 p = {p_best:.6g} 处最大，为 {best:.6g}（网格扫描后精确求解）",
            ),
        ),
    )


def _aoq_function(plan: SamplingPlan, ctx: _Context) -> Callable[[float], float]:
    """AOQ as a function of p (binomial or Poisson, a lot the first sample does not reach)."""
    if len(plan.stages) == 1 and ctx.model != "hypergeometric":
        lot: int = ctx.lot_size  # type: ignore[assignment]
        share = (lot - plan.stages[0].sample_size) / lot  # what acceptance leaves uninspected
        pa = _pa_function(plan, ctx)
        return lambda p: p * pa(p) * share

    def at(p: float) -> float:
        setup = _quality(ctx, p, None)
        return _aoq(_walk(plan, setup), setup)

    return at


def _aoq_many(plan: SamplingPlan, ctx: _Context, xs: list[float]) -> list[float]:
    # _aoq_function's values for a single plan, the same floats, in one pass.
    stage = plan.stages[0]
    lot: int = ctx.lot_size  # type: ignore[assignment]
    share = (lot - stage.sample_size) / lot
    if ctx.model == "binomial":
        pas = binomial_cdf_many(stage.sample_size, stage.reject - 1, xs)
    else:
        pas = poisson_cdf_many(stage.reject - 1, xs, stage.sample_size)
    return [p * a * share for p, a in zip(xs, pas, strict=True)]


def _golden_max(
    f: Callable[[float], float], lo: float, hi: float, tol: float = 1e-13
) -> tuple[float, float]:
    a, b = lo, hi
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol * max(1.0, abs(a) + abs(b)):
        if fc < fd:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = f(d)
        else:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = f(c)
    x = (a + b) / 2.0
    return x, f(x)


def _max_integer(f: Callable[[int], float], lo: int, hi: int) -> tuple[int, float]:
    # Scan about 400 points, then zoom into the best point's neighbourhood and
    # scan again, until the step is 1: a few thousand evaluations at most,
    # whatever the lot size.
    while True:
        step = max(1, (hi - lo) // 400)
        points = list(range(lo, hi + 1, step))
        values = [f(x) for x in points]
        i = max(range(len(values)), key=values.__getitem__)
        if step == 1:
            return points[i], values[i]
        lo, hi = max(lo, points[i] - step), min(hi, points[i] + step)


def _inspects_all(plan: SamplingPlan, lot_size: int | None) -> bool:
    return lot_size is not None and plan.stages[0].sample_size >= lot_size


@display
@attrs.frozen
class OCSummary:
    """A plan's operating characteristics at one quality, with the reasons.

    Attributes:
        p: The quality (fraction nonconforming, or per unit for poisson).
        pa: Probability of acceptance.
        asn: Average sample number (stages drawn in full, capped by the lot).
        model: The model used.
        lot_size: The lot size, if given.
        aoq: Average outgoing quality under rectifying inspection (with a lot).
        ati: Average total inspection per lot (with a lot).
        inspect_all: The first sample reaches the lot: 100% inspection, so
            AOQ is 0 and ATI is N.
        reasons: The model, and what the lot size did to the plan.
    """

    p: float
    pa: float
    asn: float
    model: str
    lot_size: int | None = None
    aoq: float | None = None
    ati: float | None = None
    inspect_all: bool = False
    reasons: tuple[Reason, ...] = ()


def oc_summary(
    plan: SamplingPlan,
    p: float | None,
    *,
    lot_size: int | None = None,
    model: Model | None = None,
    defectives: int | None = None,
    rounding: Rounding = "nearest",
) -> OCSummary:
    """Pa, ASN and (given the lot) AOQ and ATI at one quality, in one walk, with reasons.

    The arguments are those of :func:`~qmscore.sampling.accept_probability`.
    A plan whose first sample reaches the lot is 100% inspection: AOQ 0 and
    ATI N, and the reasons say so; stages the lot cannot supply are named.

    Example:
        >>> from qmscore.sampling import SamplingPlan, oc_summary
        >>> s = oc_summary(SamplingPlan.from_stages([(100, 0, 1)]), 0.1, lot_size=50)
        >>> s.aoq, s.ati, s.inspect_all
        (0.0, 50.0, True)
        >>> print(s.reasons[1].en)
        Sample size 100 is at least the lot size 50: inspect every item (100%)
    """
    setup = _setup(plan, p, lot_size, model, defectives, rounding)
    walk = _walk(plan, setup)
    lot = setup.lot_size
    reasons = [_model_reason(setup.model), *lot_reasons(plan.stages, lot)]
    everything = _inspects_all(plan, lot)
    if everything:
        reasons.append(
            Reason(
                "sampling.rectified_inspect_all",
                f"Every item of the lot is inspected: AOQ = 0 and ATI = N = {lot}",
                f"批中每件均被检验：平均检出质量 AOQ = 0，平均总检验数 ATI = N = {lot}",
            )
        )
    return OCSummary(
        setup.p,
        _pa(plan, setup),  # the same float as accept_probability
        _asn(walk),
        setup.model,
        lot,
        None if lot is None else _aoq(walk, setup),
        None if lot is None else _ati(walk, setup),
        everything,
        tuple(reasons),
    )
