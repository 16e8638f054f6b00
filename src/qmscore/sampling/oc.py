"""Operating characteristics of any plan: Pa, OC curve, AOQ, AOQL, ATI, ASN.

Three models of what a sample sees:

* ``"binomial"``: items nonconforming independently with probability ``p``
  (a process, or a lot much larger than the sample);
* ``"hypergeometric"``: a finite lot of ``lot_size`` items of which ``D`` are
  nonconforming, drawn without replacement; later stages draw from what the
  earlier ones left. ``D`` is ``lot_size * p`` rounded (``rounding``), or given
  directly as ``defectives``;
* ``"poisson"``: nonconformities, ``p`` per unit on average (``p = 0.25`` is 25
  per 100 units). Plans for AQL above 10 are in nonconformities per 100 units,
  so for them this model is the default and the other two are refused.

Multi-stage plans are walked stage by stage over the distribution of the
cumulative count: accepted at ``<= Ac``, rejected at ``>= Re``, otherwise the
next sample. ``#`` stages cannot accept. At the last stage of a gap plan a
count between Ac and Re accepts the lot (normal inspection is reinstated).

Rectifying inspection (AOQ, ATI): a rejected lot is inspected 100% and every
nonconforming item found is replaced, so accepted lots carry only what the
uninspected part still holds.

A sample cannot hold more than the lot: when ``lot_size`` is given, every
model draws at each stage at most what the lot has left. A plan whose first
sample reaches the lot is 100% inspection: AOQ 0 and ATI N exactly. Stages
the lot cannot supply draw nothing and find nothing, so a lot still
undecided once every item is inspected is judged on its whole count by the
later stages' numbers (see :func:`~qmscore.sampling.plans.lot_reasons`;
:func:`~qmscore.sampling.oc_summary` gives the reasons).

Example:
    >>> from qmscore.sampling import SamplingPlan, accept_probability, asn
    >>> plan = SamplingPlan.from_stages([(89, 2, 3)])
    >>> round(accept_probability(plan, 0.01), 6)
    0.93969
    >>> double = SamplingPlan.from_stages([(50, 1, 4), (100, 3, 4)])
    >>> round(asn(double, 0.05), 2)
    98.1
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Literal

import attrs

from qmscore._checks import (
    check_bool,
    check_choice,
    check_instance,
    check_int,
    check_real,
    type_error,
)
from qmscore.errors import InvalidInputError
from qmscore.sampling._pmf import (
    binomial_cdf,
    binomial_prefix,
    hypergeometric_prefix,
    poisson_cdf,
    poisson_prefix,
)
from qmscore.sampling.plans import MAX_LOT_SIZE, PER_100_UNITS_ABOVE, SamplingPlan

__all__ = [
    "MODELS",
    "Model",
    "Rounding",
    "accept_probability",
    "aoq",
    "asn",
    "ati",
    "p_at",
]

Model = Literal["binomial", "hypergeometric", "poisson"]
Rounding = Literal["nearest", "down", "up"]
MODELS: tuple[str, ...] = ("binomial", "hypergeometric", "poisson")
_ROUNDINGS = ("nearest", "down", "up")
_PER_100_UNITS = PER_100_UNITS_ABOVE  # AQLs above this are nonconformities per 100 units


@attrs.frozen
class _Setup:
    model: str
    lot_size: int | None
    defectives: int | None
    p: float


def _choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise type_error(field, f"one of {choices}", value)
    return check_choice(field, value, choices)  # type: ignore[no-any-return]


def _resolve_model(plan: SamplingPlan, model: str | None) -> str:
    per_100 = plan.counts == "nonconformities"
    if model is None:
        return "poisson" if per_100 else "binomial"
    _choice("model", model, MODELS)
    if per_100 and model != "poisson":
        why = (
            f"AQL {plan.aql:g}: AQLs above 10 are nonconformities per 100 units"
            if plan.aql is not None and plan.aql > _PER_100_UNITS
            else "a plan that counts nonconformities (an item may carry several)"
        )
        raise InvalidInputError(
            f"'model' must be 'poisson' for {why} (got {model!r})",
            field="model",
            value=model,
        )
    return model


def _defectives_from(p: float, lot_size: int, rounding: str) -> int:
    x = p * lot_size
    edge = x + 0.5 if rounding == "nearest" else x
    low = math.floor(edge)
    if 1e-9 * (x + 1.0) < edge - low < 1.0 - 1e-9 * (x + 1.0):
        # Far from a rounding boundary: the float product decides correctly.
        return low + 1 if rounding == "up" else low
    # At a boundary, take p as the decimal the caller typed (0.5 x 3 = 1.5 exactly).
    exact = Fraction(repr(p)) * lot_size
    if rounding == "down":
        return math.floor(exact)
    if rounding == "up":
        return math.ceil(exact)
    return math.floor(exact + Fraction(1, 2))


@attrs.frozen
class _Context:
    model: str
    lot_size: int | None
    rounding: str


def _context(
    plan: SamplingPlan,
    lot_size: int | None,
    model: str | None,
    rounding: str,
    *,
    need_lot: bool = False,
) -> _Context:
    check_instance("plan", plan, SamplingPlan, "a SamplingPlan")
    chosen = _resolve_model(plan, model)
    if lot_size is not None:
        # A sample cannot take more than the lot holds: each stage draws what
        # is left (see _walk), whatever the model.
        lot_size = check_int("lot_size", lot_size, minimum=1, maximum=MAX_LOT_SIZE)
    elif chosen == "hypergeometric":
        raise InvalidInputError(
            "'lot_size' is needed for the hypergeometric model", field="lot_size", value=None
        )
    elif need_lot:
        raise InvalidInputError(
            "'lot_size' is needed for rectifying measures (AOQ, ATI)", field="lot_size", value=None
        )
    _choice("rounding", rounding, _ROUNDINGS)
    return _Context(chosen, lot_size, rounding)


def _quality(ctx: _Context, p: float | None, defectives: int | None) -> _Setup:
    if defectives is not None:
        if ctx.model != "hypergeometric":
            raise InvalidInputError(
                "'defectives' (D) applies to the hypergeometric model only",
                field="defectives",
                value=defectives,
            )
        d = check_int("defectives", defectives, minimum=0, maximum=ctx.lot_size)
        return _Setup(ctx.model, ctx.lot_size, d, d / ctx.lot_size)  # type: ignore[operator]
    if p is None:
        raise InvalidInputError.constraint("p", "a number (or give 'defectives')", p)
    # The common case is checked cheaply; anything else gets the full check.
    ok = type(p) is float and 0.0 <= p <= 1.0
    value = p if ok else check_real("p", p, minimum=0.0)
    if ctx.model == "poisson":
        return _Setup(ctx.model, ctx.lot_size, None, value)
    if value > 1.0:
        raise InvalidInputError.constraint("p", "in [0, 1]", p)
    if ctx.model == "binomial":
        return _Setup(ctx.model, ctx.lot_size, None, value)
    d = _defectives_from(value, ctx.lot_size, ctx.rounding)  # type: ignore[arg-type]
    return _Setup(ctx.model, ctx.lot_size, d, value)


def _setup(
    plan: SamplingPlan,
    p: float | None,
    lot_size: int | None,
    model: str | None,
    defectives: int | None,
    rounding: str,
    *,
    need_lot: bool = False,
) -> _Setup:
    return _quality(_context(plan, lot_size, model, rounding, need_lot=need_lot), p, defectives)


def _prefix(setup: _Setup, n: int, k: int, drawn: int, found: int) -> list[float]:
    if setup.model == "binomial":
        return binomial_prefix(n, setup.p, k)
    if setup.model == "poisson":
        return poisson_prefix(n * setup.p, k)
    return hypergeometric_prefix(
        setup.lot_size - drawn,  # type: ignore[operator]
        setup.defectives - found,  # type: ignore[operator]
        n,
        k,
    )


@attrs.frozen
class _Walk:
    accepted: tuple[tuple[int, int, float], ...]  # (cumulative sample, count, probability)
    reach: tuple[float, ...]  # probability of drawing each stage
    sizes: tuple[int, ...]  # items each stage draws: its sample, or what the lot has left

    @property
    def pa(self) -> float:
        # Summed pmf terms can round a hair above 1 when every outcome accepts.
        return min(1.0, math.fsum(w for _, _, w in self.accepted))


def _drawn_sizes(plan: SamplingPlan, lot_size: int | None) -> tuple[int, ...]:
    """Items each stage draws: its sample size, capped by what the lot has left."""
    if lot_size is None:
        return tuple(s.sample_size for s in plan.stages)
    out, left = [], lot_size
    for s in plan.stages:
        take = min(s.sample_size, left)
        out.append(take)
        left -= take
    return tuple(out)


def _walk(plan: SamplingPlan, setup: _Setup) -> _Walk:
    # A stage draws what is left of the lot; once the lot is exhausted a stage
    # draws nothing and finds nothing, so later stages judge the same count.
    states: dict[int, float] = {0: 1.0}
    drawn = 0
    accepted: list[tuple[int, int, float]] = []
    reach: list[float] = []
    sizes = _drawn_sizes(plan, setup.lot_size)
    last = len(plan.stages) - 1
    for k, stage in enumerate(plan.stages):
        reach.append(math.fsum(states.values()))
        ac = -1 if stage.accept is None else stage.accept
        going: dict[int, float] = {}
        cum = drawn + sizes[k]
        for found, weight in states.items():
            for x, q in enumerate(
                _prefix(setup, sizes[k], stage.reject - 1 - found, drawn, found)
            ):
                count = found + x
                if count <= ac or k == last:
                    accepted.append((cum, count, weight * q))
                else:
                    going[count] = going.get(count, 0.0) + weight * q
        states, drawn = going, cum  # empty once decided: later stages are reached with 0
    return _Walk(tuple(accepted), tuple(reach), sizes)


def _pa_function(plan: SamplingPlan, ctx: _Context) -> Callable[[float], float]:
    """Pa as a function of p (binomial or Poisson), for searches that call it many times."""
    stages = plan.stages
    if len(stages) == 1 and ctx.model != "hypergeometric":
        n = stages[0].sample_size
        n = n if ctx.lot_size is None else min(n, ctx.lot_size)
        limit = stages[0].reject - 1
        if ctx.model == "binomial":
            return lambda p: binomial_cdf(n, p, limit)
        return lambda p: poisson_cdf(n * p, limit)
    return lambda p: _walk(plan, _quality(ctx, p, None)).pa


def accept_probability(
    plan: SamplingPlan,
    p: float | None,
    *,
    lot_size: int | None = None,
    model: Model | None = None,
    defectives: int | None = None,
    rounding: Rounding = "nearest",
) -> float:
    """Probability that a lot of quality ``p`` is accepted.

    Args:
        plan: Any plan (single, double, multiple, gap plans, ``#`` stages).
        p: Fraction nonconforming (binomial, hypergeometric) or nonconformities
            per unit (poisson). None when ``defectives`` is given.
        lot_size: Lot size N (at most :data:`~qmscore.sampling.plans.MAX_LOT_SIZE`);
            required by the hypergeometric model. With any model a stage
            draws at most what the lot has left.
        model: ``"binomial"`` (default), ``"hypergeometric"`` or ``"poisson"``
            (the default, and the only model, for a plan that counts
            nonconformities, e.g. AQL above 10).
        defectives: Hypergeometric only: the number D of nonconforming items.
        rounding: How D = N p is rounded when ``defectives`` is not given:
            ``"nearest"`` (halves up, the default), ``"down"`` or ``"up"``.

    Raises:
        InvalidInputError: p outside its range (NaN and infinities included),
            a non-integer D, an unknown model.

    Example:
        >>> from qmscore.sampling import SamplingPlan, accept_probability
        >>> plan = SamplingPlan.from_stages([(125, 3, 4)])
        >>> round(accept_probability(plan, 0.02, lot_size=5000, model="hypergeometric"), 6)
        0.760109
    """
    if (
        type(p) is float
        and type(plan) is SamplingPlan
        and lot_size is None
        and defectives is None
        and (rounding is _NEAREST or (type(rounding) is str and rounding in _ROUNDINGS))
        and len(plan.stages) == 1
    ):
        # The common call, exact built-in types only: a single plan, p a float.
        # Same answer as below (the same kernel); anything else is checked there.
        stage = plan.stages[0]
        items = plan.counts == "items"
        if model is None:
            model = "binomial" if items else "poisson"
        if type(model) is str:
            if model == "binomial" and items and 0.0 <= p <= 1.0:
                return binomial_cdf(stage.sample_size, p, stage.reject - 1)
            if model == "poisson" and 0.0 <= p <= _MAX_FLOAT:
                return poisson_cdf(stage.sample_size * p, stage.reject - 1)
    return _pa(plan, _setup(plan, p, lot_size, model, defectives, rounding))


_MAX_FLOAT = 1.7976931348623157e308
_NEAREST = "nearest"  # the default's own (interned) string: an identity check


def _pa(plan: SamplingPlan, setup: _Setup) -> float:
    """Pa: a single binomial or Poisson plan is one cdf (the last stage accepts below Re)."""
    stages = plan.stages
    if len(stages) == 1 and setup.model != "hypergeometric":
        stage = stages[0]
        n = stage.sample_size if setup.lot_size is None else min(stage.sample_size, setup.lot_size)
        if setup.model == "binomial":
            return binomial_cdf(n, setup.p, stage.reject - 1)
        return poisson_cdf(n * setup.p, stage.reject - 1)
    return _walk(plan, setup).pa


def aoq(
    plan: SamplingPlan,
    p: float | None,
    *,
    lot_size: int,
    model: Model | None = None,
    defectives: int | None = None,
    rounding: Rounding = "nearest",
) -> float:
    """Average outgoing quality under rectifying inspection (same units as ``p``).

    Accepted lots keep what their uninspected part holds; rejected lots are
    screened 100%. Binomial/Poisson: ``p * sum_k Pa_k (N - n_k) / N`` with
    ``n_k`` the cumulative sample when accepted at stage k (at most N: a
    sample that reaches the lot leaves nothing uninspected, AOQ 0).
    Hypergeometric: the expected ``(D - d) / N`` over accepted outcomes that
    found d.

    Example:
        >>> from qmscore.sampling import SamplingPlan, aoq
        >>> round(aoq(SamplingPlan.from_stages([(89, 2, 3)]), 0.01, lot_size=10000), 6)
        0.009313
    """
    setup = _setup(plan, p, lot_size, model, defectives, rounding, need_lot=True)
    return _aoq(_walk(plan, setup), setup)


def _aoq(walk: _Walk, setup: _Setup) -> float:
    n_lot = setup.lot_size
    if setup.model == "hypergeometric":
        return math.fsum(w * (setup.defectives - d) for _, d, w in walk.accepted) / n_lot  # type: ignore[operator]
    return setup.p * math.fsum(w * (n_lot - cum) for cum, _, w in walk.accepted) / n_lot  # type: ignore[operator]


def ati(
    plan: SamplingPlan,
    p: float | None,
    *,
    lot_size: int,
    model: Model | None = None,
    defectives: int | None = None,
    rounding: Rounding = "nearest",
) -> float:
    """Average total inspection per lot under rectifying inspection.

    ``N - sum over acceptances of Pa_k (N - n_k)``: rejected lots cost N, and
    so does every lot when the sample reaches the lot (100% inspection).

    Example:
        >>> from qmscore.sampling import SamplingPlan, ati
        >>> round(ati(SamplingPlan.from_stages([(89, 2, 3)]), 0.01, lot_size=10000), 2)
        686.73
    """
    setup = _setup(plan, p, lot_size, model, defectives, rounding, need_lot=True)
    return _ati(_walk(plan, setup), setup)


def _ati(walk: _Walk, setup: _Setup) -> float:
    n_lot: int = setup.lot_size  # type: ignore[assignment]
    return n_lot - math.fsum(w * (n_lot - cum) for cum, _, w in walk.accepted)


def asn(
    plan: SamplingPlan,
    p: float | None,
    *,
    lot_size: int | None = None,
    model: Model | None = None,
    defectives: int | None = None,
    rounding: Rounding = "nearest",
    curtailed: bool = False,
) -> float:
    """Average sample number: expected items inspected per lot.

    Without curtailment every drawn stage is inspected in full:
    ``sum_k n_k P(stage k is drawn)``. With ``curtailed=True`` (semi-
    curtailment) inspection of a stage stops as soon as the cumulative count
    reaches that stage's Re, the lot being rejected then.

    Example:
        >>> from qmscore.sampling import SamplingPlan, asn
        >>> plan = SamplingPlan.from_stages([(125, 3, 4)])
        >>> asn(plan, 0.05)
        125.0
        >>> round(asn(plan, 0.05, curtailed=True), 2)
        76.29
    """
    setup = _setup(plan, p, lot_size, model, defectives, rounding)
    if not check_bool("curtailed", curtailed):
        return _asn(_walk(plan, setup))
    return _curtailed_asn(plan, setup)


def _asn(walk: _Walk) -> float:
    return math.fsum(n * r for n, r in zip(walk.sizes, walk.reach, strict=True))


def _item_step(setup: _Setup, dist: list[float], drawn: int, limit: int) -> list[float]:
    """Distribution of the count after one more item, truncated below ``limit``."""
    out = [0.0] * limit
    if setup.model == "binomial":
        q = setup.p
        for x, w in enumerate(dist):
            if w:
                out[x] += w * (1.0 - q)
                if x + 1 < limit:
                    out[x + 1] += w * q
        return out
    if setup.model == "poisson":
        pmf = poisson_prefix(setup.p, limit)
        for x, w in enumerate(dist):
            if w:
                for y, q in enumerate(pmf[: limit - x]):
                    out[x + y] += w * q
        return out
    remaining = setup.lot_size - drawn  # type: ignore[operator]
    for x, w in enumerate(dist):
        if w:
            bad = (setup.defectives - x) / remaining  # type: ignore[operator]
            out[x] += w * (1.0 - bad)
            if x + 1 < limit:
                out[x + 1] += w * bad
    return out


def _curtailed_asn(plan: SamplingPlan, setup: _Setup) -> float:
    # Item by item: the next item is inspected only while the count is below Re.
    dist = [1.0]
    drawn = 0
    total = 0.0
    last = len(plan.stages) - 1
    sizes = _drawn_sizes(plan, setup.lot_size)
    for k, stage in enumerate(plan.stages):
        limit = stage.reject
        dist = (dist + [0.0] * limit)[:limit]
        for _ in range(sizes[k]):
            total += math.fsum(dist)
            dist = _item_step(setup, dist, drawn, limit)
            drawn += 1
        if k < last:
            ac = -1 if stage.accept is None else stage.accept
            dist = [0.0 if x <= ac else w for x, w in enumerate(dist)]
    return total


def p_at(
    plan: SamplingPlan,
    pa: float,
    *,
    lot_size: int | None = None,
    model: Model | None = None,
) -> float:
    """The quality p at which the acceptance probability equals ``pa``.

    ``p_at(plan, 0.95)`` is the producer's-risk point (AQL side),
    ``p_at(plan, 0.10)`` the consumer's (LQ / LTPD side). Pa falls with p, so
    bisection finds it to about 1e-15. Hypergeometric Pa is a step function of
    D: the result is D / N for the smallest D with Pa <= ``pa``.

    Example:
        >>> from qmscore.sampling import SamplingPlan, p_at
        >>> plan = SamplingPlan.from_stages([(65, 2, 3)])
        >>> round(p_at(plan, 0.95), 5), round(p_at(plan, 0.10), 5)
        (0.0127, 0.07981)
    """
    target = check_real("pa", pa)
    if not 0.0 < target < 1.0:
        raise InvalidInputError.constraint("pa", "in (0, 1)", pa)
    ctx = _context(plan, lot_size, model, "nearest")
    if ctx.model == "hypergeometric":
        lot = ctx.lot_size
        assert lot is not None

        def pa_d(d: int) -> float:
            return _walk(plan, _quality(ctx, None, d)).pa

        if pa_d(lot) > target:
            return 1.0
        lo, hi = 0, lot  # invariant: Pa(lo) > target >= Pa(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if pa_d(mid) > target:
                lo = mid
            else:
                hi = mid
        return hi / lot

    pa_p = _pa_function(plan, ctx)

    lo_p, hi_p = 0.0, 1.0
    if ctx.model == "poisson":
        while pa_p(hi_p) > target:
            hi_p *= 2.0
    while True:
        mid_p = (lo_p + hi_p) / 2.0
        if mid_p in (lo_p, hi_p):  # adjacent floats: as exact as a float can be
            return mid_p
        if pa_p(mid_p) > target:
            lo_p = mid_p
        else:
            hi_p = mid_p
