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

import attrs

from qmscore._checks import check_int
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling._pmf import binomial_cdf, hypergeometric_prefix, poisson_cdf
from qmscore.sampling.oc import (
    _PER_100_UNITS,
    Model,
    Rounding,
    _aoq,
    _context,
    _quality,
    _walk,
    p_at,
)
from qmscore.sampling.plans import SamplingPlan

__all__ = ["AOQLResult", "OCCurve", "aoql", "default_grid", "oc_curve"]


@attrs.frozen
class OCCurve:
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
    """An even grid of p from 0 to where Pa is about 0.001 (binomial)."""
    hi = p_at(plan, 0.001, model="poisson" if (plan.aql or 0) > _PER_100_UNITS else "binomial")
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

    Example:
        >>> from qmscore.sampling import SamplingPlan, oc_curve
        >>> curve = oc_curve(SamplingPlan.from_stages([(50, 1, 2)]), [0.0, 0.01, 0.05])
        >>> [round(x, 4) for x in curve.pa]
        [1.0, 0.9106, 0.2794]
    """
    grid = default_grid(plan) if ps is None else tuple(ps)
    if not grid:
        raise InvalidInputError.constraint("ps", "at least one value", ps)
    ctx = _context(plan, lot_size, model, rounding)
    setups = [_quality(ctx, p, None) for p in grid]
    chosen = ctx.model
    ds = tuple(s.defectives for s in setups) if chosen == "hypergeometric" else ()
    if len(plan.stages) > 1:
        pa = [_walk(plan, s).pa for s in setups]
    elif chosen == "hypergeometric":
        pa = _hypergeometric_single_curve(plan, lot_size, ds)  # type: ignore[arg-type]
    else:
        # One stage: Pa is the cdf at Ac, no stage walk needed.
        n, c = plan.sample_size, plan.accept
        if chosen == "binomial":
            pa = [binomial_cdf(n, s.p, c) for s in setups]
        else:
            pa = [poisson_cdf(n * s.p, c) for s in setups]
    reasons = [_model_reason(chosen)]
    if chosen == "hypergeometric":
        reasons.append(
            Reason(
                "sampling.defectives_rounding",
                f"D = N x p rounded {rounding} (N = {lot_size})",
                f"D = N × p，按 {rounding} 取整（N = {lot_size}）",
            )
        )
    return OCCurve(
        grid,
        tuple(pa),
        chosen,
        lot_size,
        ds,  # type: ignore[arg-type]
        tuple(reasons),
    )


_ANCHOR_EVERY = 128


def _hypergeometric_single_curve(plan: SamplingPlan, lot: int, ds: Sequence[int]) -> list[float]:
    # Walk D upwards, carrying P(X = 0) by its one-factor recurrence in D and
    # recomputing it directly every _ANCHOR_EVERY steps so rounding cannot pile up.
    stage = plan.stages[0]
    n, c = stage.sample_size, stage.accept
    assert c is not None
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
    check_int("grid", grid, minimum=10)
    ctx = _context(plan, lot_size, model, "nearest", need_lot=True)
    chosen = ctx.model
    hi = default_grid(plan, 2)[-1] * 1.5
    if chosen != "poisson":
        hi = min(hi, 1.0)

    def at(p: float) -> float:
        setup = _quality(ctx, p, None)
        return _aoq(_walk(plan, setup), setup)

    if chosen == "hypergeometric":

        def at_d(d: int) -> float:
            setup = _quality(ctx, None, d)
            return _aoq(_walk(plan, setup), setup)

        best_d, best = _max_integer(at_d, 0, min(lot_size, math.ceil(hi * lot_size)))
        p_best = best_d / lot_size
    else:
        xs = [hi * i / grid for i in range(grid + 1)]
        values = [at(x) for x in xs]
        i = max(range(len(values)), key=values.__getitem__)
        lo_x, hi_x = xs[max(i - 1, 0)], xs[min(i + 1, grid)]
        p_best, best = _golden_max(at, lo_x, hi_x)
        if values[i] > best:  # pragma: no cover - golden-section never loses to its bracket
            p_best, best = xs[i], values[i]
    return AOQLResult(
        best,
        p_best,
        lot_size,
        chosen,
        (
            _model_reason(chosen),
            Reason(
                "sampling.aoql",
                f"AOQ is largest, {best:.6g}, at p = {p_best:.6g} "
                "(grid scan, then exact refinement)",
                f"平均检出质量在 p = {p_best:.6g} 处最大，为 {best:.6g}（网格扫描后精确求解）",
            ),
        ),
    )


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
    # Coarse scan then exhaustive search around the best coarse point.
    step = max(1, (hi - lo) // 400)
    points = list(range(lo, hi + 1, step))
    values = [f(x) for x in points]
    i = max(range(len(values)), key=values.__getitem__)
    a, b = max(lo, points[i] - step), min(hi, points[i] + step)
    best_x = max(range(a, b + 1), key=f)
    return best_x, f(best_x)
