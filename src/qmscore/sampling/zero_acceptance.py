"""Zero-acceptance (c = 0) plans: the smallest sample that meets an LQ.

A c = 0 plan accepts a lot only when its sample holds no nonconforming item.
Customers ask for them because a found defect is never "accepted". The
protection they give is set at the consumer's side: the limiting quality LQ
(a fraction nonconforming) must be accepted at most ``beta`` of the time.

``zero_acceptance_plan(lq, beta=0.10, lot_size=N)`` finds the smallest n with
Pa(LQ) <= beta:

* per lot (``lot_size`` given, the default model ``"hypergeometric"``): a lot
  of N items with D = ceil(N x LQ) nonconforming (the fewest that make the
  lot's fraction reach the LQ: every worse lot is accepted less often), so
  Pa = C(N - D, n) / C(N, n), exact;
* per process (``"binomial"``): Pa = (1 - LQ)^n;
* nonconformities (``"poisson"``): Pa = exp(-n x LQ).

Pa falls as n grows, so bisection over n finds the smallest; every Pa is
computed by :func:`~qmscore.sampling.accept_probability`, the same code as
every other OC in qmscore. :func:`compare_zero_acceptance` puts the c = 0
plan beside the standard's AQL plan for the same lot (through
:func:`~qmscore.sampling.compare_plans`).

Example:
    >>> from qmscore.sampling import zero_acceptance_plan
    >>> z = zero_acceptance_plan(0.05, beta=0.10, model="binomial")
    >>> z.sample_size, z.accept, round(z.consumer_risk, 4)
    (45, 0, 0.0994)
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from qmscore._checks import check_choice, check_int, check_real, type_error
from qmscore._display import display
from qmscore.errors import InvalidInputError, OutOfTableError
from qmscore.explain import Reason, Source
from qmscore.sampling.design import ComparisonRow, compare_plans
from qmscore.sampling.lookup import lookup_plan
from qmscore.sampling.oc import MODELS, _defectives_from, accept_probability, p_at
from qmscore.sampling.plans import MAX_LOT_SIZE, MAX_SAMPLE_SIZE, SamplingPlan, Stage

__all__ = ["ZeroAcceptancePlan", "compare_zero_acceptance", "zero_acceptance_plan"]

_SOURCE = Source(
    "Squeglia, Zero Acceptance Number Sampling Plans (ASQ)",
    note="c = 0 plans indexed by the consumer's point; computed here, not copied",
)


@display
@attrs.frozen
class ZeroAcceptancePlan:
    """A c = 0 plan with the protection it achieves.

    Attributes:
        plan: The single plan (n, Ac 0, Re 1).
        lq: The limiting quality asked for (fraction nonconforming).
        beta: The consumer's risk asked for.
        lot_size: The lot (None for the binomial or Poisson model without a lot).
        model: The model used.
        defectives_at_lq: Hypergeometric: D = ceil(N x LQ), the lot at the LQ.
        consumer_risk: Achieved Pa at the LQ (<= beta).
        p95: Quality accepted 95% of the time (what the supplier must hold).
        reasons: How it was found, in English and Chinese.
    """

    plan: SamplingPlan
    lq: float
    beta: float
    lot_size: int | None
    model: str
    defectives_at_lq: int | None
    consumer_risk: float
    p95: float
    reasons: tuple[Reason, ...] = ()

    @property
    def sample_size(self) -> int:
        """The sample size n."""
        return self.plan.sample_size

    @property
    def accept(self) -> int:
        """Always 0."""
        return self.plan.accept


def _model(model: object, lot_size: int | None) -> str:
    if model is None:
        return "binomial" if lot_size is None else "hypergeometric"
    if not isinstance(model, str):
        raise type_error("model", f"one of {MODELS}", model)
    chosen: str = check_choice("model", model, MODELS)
    if chosen == "hypergeometric" and lot_size is None:
        raise InvalidInputError.constraint(
            "lot_size", "given for the hypergeometric model", lot_size
        )
    return chosen


def _pa(n: int, lq: float, lot_size: int | None, model: str, d: int | None) -> float:
    plan = SamplingPlan((Stage(n, 0, 1),))
    if model == "hypergeometric":
        return accept_probability(
            plan, None, lot_size=lot_size, model="hypergeometric", defectives=d
        )
    return accept_probability(plan, lq, lot_size=lot_size, model=model)  # type: ignore[arg-type]


def zero_acceptance_plan(
    lq: float,
    *,
    beta: float = 0.10,
    lot_size: int | None = None,
    model: str | None = None,
) -> ZeroAcceptancePlan:
    """The smallest c = 0 plan whose Pa at the LQ is at most ``beta``.

    Args:
        lq: Limiting quality, a fraction nonconforming in (0, 1) (per unit for
            the Poisson model: any positive number).
        beta: Consumer's risk, in (0, 1).
        lot_size: The lot N (2 to :data:`~qmscore.sampling.MAX_LOT_SIZE`);
            needed for the hypergeometric model, the default when given.
        model: ``"hypergeometric"`` (default with a lot), ``"binomial"``
            (default without) or ``"poisson"``.

    Raises:
        InvalidInputError: an input out of range; the hypergeometric model
            without a lot.
        OutOfTableError: the sample would exceed
            :data:`~qmscore.sampling.MAX_SAMPLE_SIZE` (an LQ too small).

    Example:
        >>> from qmscore.sampling import zero_acceptance_plan
        >>> z = zero_acceptance_plan(0.05, lot_size=100)
        >>> z.sample_size, z.defectives_at_lq, round(z.consumer_risk, 4)
        (37, 5, 0.0934)
    """
    size = (
        None
        if lot_size is None
        else check_int("lot_size", lot_size, minimum=2, maximum=MAX_LOT_SIZE)
    )
    chosen = _model(model, size)
    upper = None if chosen == "poisson" else 1.0
    q = check_real("lq", lq, minimum=0.0, maximum=upper, min_exclusive=True, max_exclusive=True)
    b = check_real("beta", beta, minimum=0.0, maximum=1.0, min_exclusive=True, max_exclusive=True)
    d: int | None = None
    if chosen == "hypergeometric":
        assert size is not None
        d = max(1, min(size, _defectives_from(q, size, "up")))  # the decimal typed, rounded up
    limit = MAX_SAMPLE_SIZE if size is None else min(size, MAX_SAMPLE_SIZE)
    if _pa(limit, q, size, chosen, d) > b:
        raise OutOfTableError(
            f"no c = 0 sample of at most {limit} meets LQ {q:g} at beta {b:g}",
            field="lq",
            value=q,
        )
    lo, hi = 0, limit  # invariant: Pa(lo) > beta >= Pa(hi); Pa(0) = 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _pa(mid, q, size, chosen, d) > b:
            lo = mid
        else:
            hi = mid
    n = hi
    risk = _pa(n, q, size, chosen, d)
    plan = SamplingPlan((Stage(n, 0, 1),))
    p95 = p_at(plan, 0.95, lot_size=size, model=chosen)  # type: ignore[arg-type]
    where = (
        f"lot of {size} with D = ceil({size} x {q:g}) = {d} nonconforming (hypergeometric)"
        if d is not None
        else f"{chosen} model"
    )
    where_zh = (
        f"批量 {size}，不合格品数 D = ceil({size} × {q:g}) = {d}（超几何分布）"
        if d is not None
        else f"{'二项' if chosen == 'binomial' else '泊松'}分布模型"
    )
    reasons = (
        Reason(
            "sampling.zero_acceptance",
            f"Smallest n with Ac 0 and Pa(LQ {q:g}) <= {b:g}: n = {n}, Pa = {risk:.6g} "
            f"({where}); n = {n - 1} would give Pa > {b:g}",
            f"接收数 0、Pa(LQ {q:g}) ≤ {b:g} 的最小样本量：n = {n}，Pa = {risk:.6g}"
            f"（{where_zh}）；n = {n - 1} 时 Pa > {b:g}",
            source=_SOURCE,
        ),
        Reason(
            "sampling.zero_acceptance_p95",
            f"The supplier needs p <= {p95:.6g} for 95% of lots accepted",
            f"供方须将不合格品率控制在 {p95:.6g} 以下，批接收概率方达 95%",
        ),
    )
    return ZeroAcceptancePlan(plan, q, b, size, chosen, d, risk, p95, reasons)


def compare_zero_acceptance(
    lot_size: int,
    aql: float,
    lq: float,
    *,
    beta: float = 0.10,
    level: str = "II",
    standard: str = "z1.4",
    ps: Sequence[float] = (0.005, 0.01, 0.02, 0.05, 0.10),
) -> tuple[ComparisonRow, ...]:
    """The c = 0 plan for an LQ beside the standard's normal plan at an AQL.

    Both plans are compared per lot (hypergeometric model) by
    :func:`~qmscore.sampling.compare_plans`: Pa and ATI at ``ps``, AOQL and
    the p95 / p10 points.

    Example:
        >>> from qmscore.sampling import compare_zero_acceptance
        >>> rows = compare_zero_acceptance(500, 1.0, 0.05)
        >>> [(r.name, r.sample_size, r.accept) for r in rows]
        [('c = 0, LQ 0.05, beta 0.1', 43, 0), ('Z1.4 AQL 1 normal', 50, 1)]
    """
    zero = zero_acceptance_plan(lq, beta=beta, lot_size=lot_size)
    table = lookup_plan(lot_size, aql, level=level, standard=standard)
    edition = "Z1.4" if table.standard == "z1.4" else "ISO 2859-1"
    assert table.aql is not None
    return compare_plans(
        {
            f"c = 0, LQ {zero.lq:g}, beta {zero.beta:g}": zero,
            f"{edition} AQL {table.aql:g} normal": table,
        },
        lot_size,
        ps=ps,
    )
