"""Designing plans that meet a producer's and a consumer's risk, and comparing plans.

``design_plan(aql, ltpd, alpha=0.05, beta=0.10)`` finds the smallest single
plan (n, c) with Pa(AQL) >= 1 - alpha and Pa(LTPD) <= beta. For each c the
smallest n with Pa(LTPD) <= beta is found by bisection (Pa falls as n grows);
that n grows with c, so the first c whose n also keeps Pa(AQL) >= 1 - alpha
gives the smallest n of all. With ``scheme="double"`` it searches double plans
(n2 = ratio x n1, Re1 = Re2 = c2 + 1) for the least ASN at the AQL.

``compare_plans`` lines up plans for one lot (procedure 000's 5% rule, a fixed
plan, the ISO plan) by their OC, AOQL and ATI, as rows a UI can show.

Example:
    >>> from qmscore.sampling import design_plan
    >>> d = design_plan(0.01, 0.08)
    >>> d.sample_size, d.accept, round(d.producer_risk, 4), round(d.consumer_risk, 4)
    (65, 2, 0.0276, 0.0991)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

from qmscore._checks import (
    check_choice,
    check_instance,
    check_int,
    check_mapping,
    check_number,
    check_probability,
    check_sequence,
    type_error,
)
from qmscore._display import Results, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling.company import percentage_plan
from qmscore.sampling.curves import aoql
from qmscore.sampling.lookup import lookup_plan
from qmscore.sampling.oc import MODELS, Model, accept_probability, asn, ati, p_at
from qmscore.sampling.plans import MAX_LOT_SIZE, MAX_SAMPLE_SIZE, SamplingPlan, Stage

__all__ = ["ComparisonRow", "PlanDesign", "compare_plans", "design_plan", "standard_comparison"]

MAX_ACCEPT = 1000
"""Largest ``max_accept`` :func:`design_plan` searches up to (a time bound)."""
MAX_N2_RATIO = 100
"""Largest second-to-first sample ratio of a designed double plan."""
MAX_QUALITIES = 1000
"""Most qualities a comparison row is evaluated at."""


def _choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise type_error(field, f"one of {choices}", value)
    return check_choice(field, value, choices)  # type: ignore[no-any-return]


def _qualities(ps: object) -> tuple[float, ...]:
    values = check_sequence("ps", ps, check_probability, max_items=MAX_QUALITIES)
    if not values:
        raise InvalidInputError.constraint("ps", "at least one quality", list(values))
    return values


@display
@attrs.frozen
class PlanDesign:
    """A designed plan with the risks it achieves.

    Attributes:
        plan: The plan.
        aql: Producer's quality level p1.
        ltpd: Consumer's quality level p2.
        alpha: Producer's risk asked for.
        beta: Consumer's risk asked for.
        producer_risk: Achieved 1 - Pa(AQL) (<= alpha).
        consumer_risk: Achieved Pa(LTPD) (<= beta).
        asn_at_aql: Average sample number at the AQL.
        model: The model used.
        reasons: How it was found.
    """

    plan: SamplingPlan
    aql: float
    ltpd: float
    alpha: float
    beta: float
    producer_risk: float
    consumer_risk: float
    asn_at_aql: float
    model: str
    reasons: tuple[Reason, ...] = ()

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The plan's stages."""
        return self.plan.stages

    @property
    def sample_size(self) -> int:
        """First-stage sample size (n of a single plan)."""
        return self.plan.sample_size

    @property
    def accept(self) -> int:
        """Acceptance number of a single plan (last stage's otherwise)."""
        return self.plan.accept

    @property
    def reject(self) -> int:
        """Rejection number of a single plan (last stage's otherwise)."""
        return self.plan.reject

    @property
    def scheme(self) -> str:
        """``"single"`` or ``"double"``."""
        return self.plan.scheme


def _risk(field: str, value: object) -> float:
    v = check_number(field, value)
    if not 0.0 < v < 1.0:
        raise InvalidInputError.constraint(field, "in (0, 1)", value)
    return v


def _single(n: int, c: int) -> SamplingPlan:
    return SamplingPlan((Stage(n, c, c + 1),))


def _pa(plan: SamplingPlan, p: float, lot_size: int | None, model: str) -> float:
    return accept_probability(plan, p, lot_size=lot_size, model=model)  # type: ignore[arg-type]


def _smallest_n(
    build: Callable[[int, int], SamplingPlan],
    c: int,
    p: float,
    beta: float,
    cap: int | None,
    lot_size: int | None,
    model: str,
    low: int,
) -> int | None:
    """Smallest n >= low with Pa(p) <= beta for ``build(n, c)``; None when n would pass cap."""
    limit = min(cap, MAX_SAMPLE_SIZE) if cap is not None else MAX_SAMPLE_SIZE
    hi = max(low, 1)
    if hi > limit:
        return None
    while _pa(build(hi, c), p, lot_size, model) > beta:
        if hi >= limit:
            return None
        hi = min(limit, hi * 2)
    lo = low - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _pa(build(mid, c), p, lot_size, model) > beta:
            lo = mid
        else:
            hi = mid
    return hi


def design_plan(
    aql: float,
    ltpd: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.10,
    lot_size: int | None = None,
    model: Model = "binomial",
    scheme: Literal["single", "double"] = "single",
    n2_ratio: int = 1,
    max_accept: int = 50,
) -> PlanDesign:
    """The plan meeting both risks: smallest n (single) or least ASN at the AQL (double).

    Args:
        aql: p1, the quality the producer wants accepted (fraction nonconforming).
        ltpd: p2 > p1, the quality the consumer wants rejected.
        alpha: Producer's risk, in (0, 1): Pa(p1) >= 1 - alpha.
        beta: Consumer's risk, in (0, 1): Pa(p2) <= beta.
        lot_size: Lot size; with ``model="hypergeometric"`` the design is exact
            for that lot (D = N p rounded to nearest).
        model: ``"binomial"`` (default), ``"hypergeometric"`` or ``"poisson"``.
        scheme: ``"single"`` or ``"double"``.
        n2_ratio: Double plans: second sample = ratio x first (1 to
            :data:`MAX_N2_RATIO`).
        max_accept: Largest acceptance number tried (0 to :data:`MAX_ACCEPT`).

    Raises:
        InvalidInputError: risks outside (0, 1), aql >= ltpd, or no plan fits
            (e.g. the lot is too small for the risks asked).
    """
    p1, p2 = check_number("aql", aql), check_number("ltpd", ltpd)
    if not 0.0 < p1 < 1.0:
        raise InvalidInputError.constraint("aql", "in (0, 1)", aql)
    if not p1 < p2 <= 1.0:
        raise InvalidInputError.constraint("ltpd", f"> aql ({aql}) and <= 1", ltpd)
    a, b = _risk("alpha", alpha), _risk("beta", beta)
    if lot_size is not None:
        lot_size = check_int("lot_size", lot_size, minimum=2, maximum=MAX_LOT_SIZE)
    _choice("model", model, MODELS)
    if model == "hypergeometric" and lot_size is None:
        raise InvalidInputError(
            "'lot_size' is needed for the hypergeometric model", field="lot_size", value=None
        )
    if not isinstance(scheme, str):
        raise type_error("scheme", "'single' or 'double'", scheme)
    if scheme not in ("single", "double"):
        raise InvalidInputError.constraint("scheme", "'single' or 'double'", scheme)
    n2_ratio = check_int("n2_ratio", n2_ratio, minimum=1, maximum=MAX_N2_RATIO)
    max_accept = check_int("max_accept", max_accept, minimum=0, maximum=MAX_ACCEPT)
    if scheme == "single":
        plan, why = _design_single(p1, p2, a, b, lot_size, model, max_accept)
    else:
        plan, why = _design_double(p1, p2, a, b, lot_size, model, n2_ratio, max_accept)
    pa1, pa2 = _pa(plan, p1, lot_size, model), _pa(plan, p2, lot_size, model)
    return PlanDesign(
        plan,
        p1,
        p2,
        a,
        b,
        1.0 - pa1,
        pa2,
        asn(plan, p1, lot_size=lot_size, model=model),
        model,
        (
            why,
            Reason(
                "sampling.design_risks",
                f"Achieved: Pa({p1:g}) = {pa1:.4f} (producer's risk {1 - pa1:.4f} <= {a:g}), "
                f"Pa({p2:g}) = {pa2:.4f} (consumer's risk <= {b:g})",
                f"实际：Pa({p1:g}) = {pa1:.4f}（生产方风险 {1 - pa1:.4f} ≤ {a:g}），"
                f"Pa({p2:g}) = {pa2:.4f}（使用方风险 ≤ {b:g}）",
            ),
        ),
    )


def _design_single(
    p1: float, p2: float, a: float, b: float, lot_size: int | None, model: str, max_accept: int
) -> tuple[SamplingPlan, Reason]:
    low = 1
    for c in range(max_accept + 1):
        n = _smallest_n(_single, c, p2, b, lot_size, lot_size, model, max(low, c + 1))
        if n is None:
            break
        low = n
        if _pa(_single(n, c), p1, lot_size, model) >= 1.0 - a:
            return _single(n, c), Reason(
                "sampling.design_single",
                f"Smallest single plan: for c = {c}, n = {n} is the least sample with "
                f"Pa({p2:g}) <= {b:g}, and it keeps Pa({p1:g}) >= {1 - a:g}; every smaller c "
                "fails the producer's risk",
                f"最小一次抽样方案：c = {c} 时 n = {n} 为满足 Pa({p2:g}) ≤ {b:g} 的最小样本量，"
                f"且 Pa({p1:g}) ≥ {1 - a:g}；更小的 c 不满足生产方风险",
            )
    raise InvalidInputError(
        f"no single plan with c <= {max_accept}"
        + (f" and n <= lot size {lot_size}" if lot_size is not None else "")
        + f" meets alpha {a:g} at {p1:g} and beta {b:g} at {p2:g}",
        field="lot_size" if lot_size is not None else "max_accept",
        value=lot_size if lot_size is not None else max_accept,
    )


def _design_double(
    p1: float,
    p2: float,
    a: float,
    b: float,
    lot_size: int | None,
    model: str,
    ratio: int,
    max_accept: int,
) -> tuple[SamplingPlan, Reason]:
    best: tuple[float, SamplingPlan] | None = None
    cap = lot_size // (1 + ratio) if lot_size is not None else MAX_SAMPLE_SIZE // ratio
    for c2 in range(1, max_accept + 1):
        smallest_n1 = None
        for c1 in range(c2):

            def build(n: int, c2: int, c1: int = c1) -> SamplingPlan:
                return SamplingPlan((Stage(n, c1, c2 + 1), Stage(ratio * n, c2, c2 + 1)))

            n1 = _smallest_n(build, c2, p2, b, cap, lot_size, model, c2 + 1)
            if n1 is None:
                continue
            smallest_n1 = n1 if smallest_n1 is None else min(smallest_n1, n1)
            plan = build(n1, c2)
            if _pa(plan, p1, lot_size, model) < 1.0 - a:
                continue
            cost = asn(plan, p1, lot_size=lot_size, model=model)  # type: ignore[arg-type]
            if best is None or cost < best[0]:
                best = (cost, plan)
        # ASN >= n1, and the least n1 only grows with c2: no later plan can win.
        if best is not None and (smallest_n1 is None or smallest_n1 >= best[0]):
            break
    if best is None:
        raise InvalidInputError(
            f"no double plan with c2 <= {max_accept} meets alpha {a:g} at {p1:g} and beta "
            f"{b:g} at {p2:g}",
            field="max_accept",
            value=max_accept,
        )
    cost, plan = best
    return plan, Reason(
        "sampling.design_double",
        f"Double plan with the least ASN at p = {p1:g} ({cost:.1f}) among plans with "
        f"n2 = {ratio} x n1 and Re1 = Re2 = c2 + 1 meeting both risks",
        f"在满足双方风险、n2 = {ratio} × n1、Re1 = Re2 = c2 + 1 的二次方案中，"
        f"p = {p1:g} 处平均样本量最小（{cost:.1f}）",
    )


@display(row="as_dict")
@attrs.frozen
class ComparisonRow:
    """One plan's protection for one lot, ready for a table.

    Attributes:
        name: The label given to the plan.
        sample_size: Total sample if every stage is drawn (capped at the lot).
        accept: Last-stage acceptance number.
        pa: (p, Pa) at each quality compared.
        ati: (p, ATI) at each quality compared.
        aoql: Worst average outgoing quality.
        aoql_p: Where it occurs.
        p95: Quality accepted 95% of the time (producer's side).
        p10: Quality accepted 10% of the time (consumer's side).
        reasons: Notes (e.g. a sample as large as the lot).
    """

    name: str
    sample_size: int
    accept: int
    pa: tuple[tuple[float, float], ...]
    ati: tuple[tuple[float, float], ...]
    aoql: float
    aoql_p: float
    p95: float
    p10: float
    reasons: tuple[Reason, ...] = ()

    def as_dict(self) -> dict[str, float | int | str]:
        """A flat row: name, n, c, AOQL, p95, p10, and Pa/ATI per p as columns."""
        row: dict[str, float | int | str] = {
            "name": self.name,
            "n": self.sample_size,
            "c": self.accept,
            "aoql": self.aoql,
            "aoql_p": self.aoql_p,
            "p95": self.p95,
            "p10": self.p10,
        }
        row.update({f"pa@{p:g}": v for p, v in self.pa})
        row.update({f"ati@{p:g}": v for p, v in self.ati})
        return row


def _wraps_plan(value: object) -> bool:
    return not isinstance(value, SamplingPlan) and isinstance(
        getattr(value, "plan", None), SamplingPlan
    )


def compare_plans(
    plans: Mapping[str, object],
    lot_size: int,
    *,
    ps: Sequence[float] = (0.005, 0.01, 0.02, 0.05, 0.10),
    model: Model = "hypergeometric",
) -> Results[ComparisonRow]:
    """Compare plans for one lot by Pa, ATI, AOQL and the p95 / p10 points.

    A plan whose sample is at least the lot is compared as what it is, 100%
    inspection of the lot: each stage draws at most what the lot has left
    (see :func:`~qmscore.sampling.accept_probability`).

    Args:
        plans: ``{label: plan}`` (any mapping, a pandas Series included); a
            value may also be a designed plan that carries one as ``.plan``
            (:class:`PlanDesign`, :class:`~qmscore.sampling.ZeroAcceptancePlan`).
        lot_size: The lot, 2 to :data:`~qmscore.sampling.MAX_LOT_SIZE`.
        ps: Qualities (fractions nonconforming) to compare at, at most
            :data:`MAX_QUALITIES`.
        model: ``"hypergeometric"`` (default), ``"binomial"`` or ``"poisson"``.

    Example:
        >>> from qmscore.sampling import SamplingPlan, compare_plans
        >>> rows = compare_plans({"n=20, c=0": SamplingPlan.from_stages([(20, 0, 1)])}, 200)
        >>> rows[0].as_dict()["pa@0.05"] < 0.35
        True
    """
    items = check_mapping("plans", plans)
    lot_size = check_int("lot_size", lot_size, minimum=2, maximum=MAX_LOT_SIZE)
    qualities = _qualities(ps)
    _choice("model", model, MODELS)
    if not items:
        raise InvalidInputError.constraint("plans", "at least one plan", dict(items))
    # A designed plan (PlanDesign, ZeroAcceptancePlan, ...) is compared as its plan.
    items = {k: getattr(v, "plan", v) if _wraps_plan(v) else v for k, v in items.items()}
    for name, plan in items.items():
        check_instance(f"plans[{name}]", plan, SamplingPlan, "a SamplingPlan")
    rows = []
    for name, plan in items.items():
        label = str(name)
        notes: list[Reason] = []
        if plan.total_sample_size > lot_size:
            notes.append(
                Reason(
                    "sampling.compare_capped",
                    f"{label}: sample {plan.total_sample_size} exceeds the lot {lot_size}; "
                    "each stage draws at most what is left (100% inspection once the lot is "
                    "exhausted)",
                    f"{label}：样本量 {plan.total_sample_size} 超过批量 {lot_size}，"
                    "各阶段至多抽取剩余部分（抽完即为 100% 全检）",
                )
            )
        result = aoql(plan, lot_size=lot_size, model=model)
        rows.append(
            ComparisonRow(
                label,
                min(plan.total_sample_size, lot_size),
                plan.accept,
                tuple(
                    (p, accept_probability(plan, p, lot_size=lot_size, model=model))
                    for p in qualities
                ),
                tuple((p, ati(plan, p, lot_size=lot_size, model=model)) for p in qualities),
                result.aoql,
                result.p,
                p_at(plan, 0.95, lot_size=lot_size, model=model),
                p_at(plan, 0.10, lot_size=lot_size, model=model),
                tuple(notes),
            )
        )
    return Results(rows)


def standard_comparison(
    lot_size: int,
    aql: float,
    *,
    share: float = 0.05,
    fixed: tuple[int, int] | None = None,
    level: str = "II",
    standard: str = "z1.4",
    ps: Sequence[float] = (0.005, 0.01, 0.02, 0.05, 0.10),
) -> Results[ComparisonRow]:
    """Procedure 000's percentage rule beside a fixed plan and the ISO 2859-1 plan.

    Args:
        lot_size: The lot (>= 2).
        aql: The AQL of the standard's plan (preferred series).
        share: The percentage rule's share of the lot, in (0, 1].
        fixed: A fixed plan ``(n, c)`` to compare too, or None.
        level: Inspection level of the standard's plan.
        standard: ``"z1.4"`` or ``"iso2859-1"``.
        ps: Qualities to compare at.

    Example:
        >>> from qmscore.sampling import standard_comparison
        >>> rows = standard_comparison(200, 1.0, fixed=(32, 1))
        >>> [r.name for r in rows]
        ['5% of the lot', 'fixed n=32, c=1', 'ISO 2859-1 / Z1.4, AQL 1']
    """
    fraction = check_number("share", share)
    if not 0.0 < fraction <= 1.0:
        raise InvalidInputError.constraint("share", "in (0, 1]", share)
    share_plan = percentage_plan(lot_size, fraction)
    iso = lookup_plan(lot_size, aql, level=level, standard=standard)
    plans: dict[str, SamplingPlan] = {f"{fraction * 100:g}% of the lot": share_plan}
    if fixed is not None:
        pair: tuple[Any, ...] = check_sequence("fixed", fixed, max_items=3)
        if len(pair) != 2:
            raise InvalidInputError.constraint("fixed", "an (n, c) pair", fixed)
        n = check_int("fixed[0]", pair[0], minimum=1, maximum=MAX_SAMPLE_SIZE)
        c = check_int("fixed[1]", pair[1], minimum=0, maximum=MAX_SAMPLE_SIZE - 1)
        plans[f"fixed n={n}, c={c}"] = SamplingPlan.from_stages([(n, c, c + 1)])
    assert iso.aql is not None
    plans[f"ISO 2859-1 / Z1.4, AQL {iso.aql:g}"] = iso
    return compare_plans(plans, lot_size, ps=ps)
