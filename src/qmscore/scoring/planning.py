"""Sample-size planning: how many customers to survey for a margin of ±m.

* :func:`sample_size_mean`: the mean score, from a planning SD (or a previous
  survey's ``Summary.sd``): the smallest ``n`` whose t-interval half-width
  ``t(n-1) s sqrt((1 - n/N) / n)`` is at most ``m`` (the interval
  :func:`summarize` reports, Cochran's correction when ``population=N``).
* :func:`sample_size_proportion`: a share, ``z^2 p (1 - p) / m^2`` with the
  same correction (``n0 / (1 + n0/N)``).
* :func:`sample_size_nps`: NPS, ``z^2 (p + d - (p - d)^2) / m^2`` (margin in
  NPS points), with the same correction.
* :func:`stratified_sample_size`: per grade stratum (finite populations),
  proportional or Neyman allocation, the smallest total meeting the margin.
* :func:`plan_margin`: the margin a given A/B/C/D sample plan (e.g. a
  :class:`SurveySelection`) achieves on the stratified mean.

Example:
    >>> from qmscore.scoring import sample_size_proportion
    >>> sample_size_proportion(0.05).n          # the classic 385 for ±5 points
    385
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from qmscore._checks import check_choice, check_int, check_mapping, check_real, check_str
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._dist import normal_quantile, t_quantile
from qmscore.scoring.customers import SurveySelection
from qmscore.scoring.nps_intervals import _conf

__all__ = [
    "ALLOCATIONS",
    "SampleSizePlan",
    "StratifiedPlan",
    "plan_margin",
    "sample_size_mean",
    "sample_size_nps",
    "sample_size_proportion",
    "stratified_sample_size",
]

MAX_N = 2**40
"""Largest sample size a plan may call for (beyond it the margin is refused)."""

ALLOCATIONS = ("proportional", "neyman")
"""How :func:`stratified_sample_size` spreads the total over strata."""


@display
@attrs.frozen
class SampleSizePlan:
    """Responses needed for a margin.

    Attributes:
        measure: ``"mean"``, ``"proportion"`` or ``"nps"``.
        n: Responses needed.
        margin: The margin asked for.
        achieved_margin: The half-width ``n`` responses give (at most ``margin``).
        confidence: Confidence level.
        population: Customers surveyed from (finite-population correction), or None.
        reasons: The formula used, in zh/en.
    """

    measure: str
    n: int
    margin: float
    achieved_margin: float
    confidence: float
    population: int | None
    reasons: tuple[Reason, ...] = ()


@display
@attrs.frozen
class StratifiedPlan:
    """A per-stratum sample plan and the margin it achieves on the stratified mean.

    Attributes:
        sample: Responses per stratum.
        populations: Customers per stratum.
        margin: Half-width of the stratified mean's interval the plan gives.
        df: Satterthwaite degrees of freedom of that interval.
        confidence: Confidence level.
        allocation: ``"proportional"``, ``"neyman"`` or ``"given"``.
        reasons: How it was found, in zh/en.
    """

    sample: Mapping[str, int]
    populations: Mapping[str, int]
    margin: float
    df: float
    confidence: float
    allocation: str
    reasons: tuple[Reason, ...] = ()

    @property
    def n(self) -> int:
        """Total responses."""
        return sum(self.sample.values())


def _margin(value: object) -> float:
    return check_real("margin", value, minimum=0.0, min_exclusive=True)


def _population(value: object) -> int | None:
    return None if value is None else check_int("population", value, minimum=1, maximum=MAX_N)


def _fpc(n: int, population: int | None) -> float:
    return 1.0 if population is None else 1.0 - n / population


def _z_plan(
    measure: str, variance: float, margin: float, confidence: float, population: int | None
) -> SampleSizePlan:
    z = normal_quantile(0.5 + confidence / 2.0)
    n0 = z * z * variance / (margin * margin)
    if n0 > MAX_N:
        raise InvalidInputError.constraint("margin", "large enough for a feasible sample", margin)
    raw = n0 if population is None else n0 / (1.0 + n0 / population)
    # A hair of tolerance so that an exact integer (384.0000000001) is not rounded up.
    n = max(1, math.ceil(raw - 1e-9))
    achieved = z * math.sqrt(variance * _fpc(n, population) / n)
    fpc_en = "" if population is None else f", corrected for a population of {population}"
    fpc_zh = "" if population is None else f"，按总体 {population} 修正"
    reason = Reason(
        f"scoring.plan_{measure}",
        f"n = z^2 x {variance:.4g} / {margin:.4g}^2 = {n0:.1f}{fpc_en} -> {n} "
        f"({confidence:.0%}, margin {achieved:.4g})",
        f"n = z² × {variance:.4g} / {margin:.4g}² = {n0:.1f}{fpc_zh} → {n}"
        f"（{confidence:.0%}，误差界 {achieved:.4g}）",
    )
    return SampleSizePlan(measure, n, margin, achieved, confidence, population, (reason,))


def sample_size_mean(
    margin: float, sd: float, *, confidence: float = 0.95, population: int | None = None
) -> SampleSizePlan:
    """Responses for the mean score to within ±``margin`` points.

    Args:
        margin: Half-width wanted, in score points (> 0).
        sd: Planning standard deviation (e.g. ``previous_summary.sd``).
        confidence: Confidence level.
        population: Customers surveyed from (Cochran's ``1 - n/N``), or None.

    Example:
        >>> from qmscore.scoring import sample_size_mean
        >>> sample_size_mean(3.0, 12.0).n
        64
    """
    margin = _margin(margin)
    sd = check_real("sd", sd, minimum=0.0)
    confidence = _conf(confidence)
    population = _population(population)
    z = normal_quantile(0.5 + confidence / 2.0)
    n0 = (z * sd / margin) ** 2
    if n0 > MAX_N:
        raise InvalidInputError.constraint("margin", "large enough for a feasible sample", margin)
    start = n0 if population is None else n0 / (1.0 + n0 / population)
    n = max(2, math.ceil(start - 1e-9))
    if population is not None and population < 2:
        raise InvalidInputError.constraint("population", "at least 2 for a variance", population)

    def half(k: int) -> float:
        return t_quantile(0.5 + confidence / 2.0, k - 1) * sd * math.sqrt(_fpc(k, population) / k)

    # t > z, so the normal answer is a lower bound: step up to the first n that fits.
    while half(n) > margin:
        n += 1
    reason = Reason(
        "scoring.plan_mean",
        f"Smallest n with t(n-1) x {sd:.4g} x sqrt((1 - n/N)/n) <= {margin:.4g}: {n} "
        f"(normal approximation {n0:.1f})",
        f"满足 t(n-1) × {sd:.4g} × √((1 - n/N)/n) ≤ {margin:.4g} 的最小 n：{n}"
        f"（正态近似 {n0:.1f}）",
    )
    return SampleSizePlan("mean", n, margin, half(n), confidence, population, (reason,))


def sample_size_proportion(
    margin: float,
    *,
    share: float = 0.5,
    confidence: float = 0.95,
    population: int | None = None,
) -> SampleSizePlan:
    """Responses for a share to within ±``margin`` (a fraction, e.g. 0.05).

    ``share`` is the planning value; 0.5 is the safe default (largest variance).
    """
    margin = _margin(margin)
    share = check_real("share", share, minimum=0.0, maximum=1.0)
    confidence = _conf(confidence)
    population = _population(population)
    return _z_plan("proportion", share * (1 - share), margin, confidence, population)


def sample_size_nps(
    margin: float,
    *,
    promoters: float,
    detractors: float,
    confidence: float = 0.95,
    population: int | None = None,
) -> SampleSizePlan:
    """Responses for NPS to within ±``margin`` NPS points, given planning shares.

    Example:
        >>> from qmscore.scoring import sample_size_nps
        >>> sample_size_nps(10, promoters=0.5, detractors=0.2).n
        235
    """
    margin = _margin(margin) / 100.0
    p = check_real("promoters", promoters, minimum=0.0, maximum=1.0)
    d = check_real("detractors", detractors, minimum=0.0, maximum=1.0)
    if p + d > 1.0:
        raise InvalidInputError.constraint("detractors", f"<= 1 - promoters ({1 - p:g})", d)
    confidence = _conf(confidence)
    population = _population(population)
    plan = _z_plan("nps", p + d - (p - d) ** 2, margin, confidence, population)
    return attrs.evolve(plan, margin=100 * margin, achieved_margin=100 * plan.achieved_margin)


def _strata(populations: object, sd: object) -> tuple[dict[str, int], dict[str, float]]:
    sizes = {
        check_str("populations key", h): check_int(
            f"populations[{h}]", v, minimum=1, maximum=MAX_N
        )
        for h, v in check_mapping("populations", populations).items()
    }
    if not sizes:
        raise InvalidInputError.constraint("populations", "at least one stratum", populations)
    if isinstance(sd, Mapping):
        sds = {h: check_real(f"sd[{h}]", v, minimum=0.0) for h, v in sd.items()}
        missing = sorted(set(sizes) - set(sds))
        if missing:
            raise InvalidInputError.constraint("sd", f"a value for {missing}", sd)
    else:
        one = check_real("sd", sd, minimum=0.0)
        sds = dict.fromkeys(sizes, one)
    return sizes, sds


def _achieved(
    sample: Mapping[str, int], sizes: Mapping[str, int], sds: Mapping[str, float], conf: float
) -> tuple[float, float]:
    surveyed = {h: n for h, n in sample.items() if n > 0}
    total = sum(sizes[h] for h in surveyed)
    terms = []
    for h, nh in surveyed.items():
        w = sizes[h] / total
        terms.append((w * w * (1 - nh / sizes[h]) * sds[h] ** 2 / nh, nh))
    var = math.fsum(a for a, _ in terms)
    denom = math.fsum(a * a / (nh - 1) for a, nh in terms)
    df = var * var / denom if denom > 0 else math.inf
    q = 0.5 + conf / 2.0
    t = t_quantile(q, df) if math.isfinite(df) else normal_quantile(q)
    return t * math.sqrt(var), df


def plan_margin(
    sample: Mapping[str, int] | SurveySelection,
    populations: Mapping[str, int] | None = None,
    *,
    sd: float | Mapping[str, float],
    confidence: float = 0.95,
) -> StratifiedPlan:
    """The margin a per-grade sample plan achieves on the stratified mean score.

    Strata with no sample (grade D at the default fractions) are outside the
    estimate: the margin is for the surveyed grades, and a reason says so.
    The half-width is ``t(df) sqrt(sum W_h^2 (1 - n_h/N_h) s_h^2 / n_h)`` with
    Satterthwaite's ``df``, the interval :func:`summarize` reports.

    Args:
        sample: Responses per grade, or a :class:`SurveySelection` (its
            ``sample`` and ``population``).
        populations: Customers per grade (not needed with a selection).
        sd: Planning SD, one for all grades or per grade.
        confidence: Confidence level.

    Example:
        >>> from qmscore.scoring import plan_margin
        >>> p = plan_margin({"A": 10, "B": 20}, {"A": 10, "B": 40}, sd=10.0)
        >>> round(p.margin, 2)
        2.65
    """
    given: object = sample
    if isinstance(sample, SurveySelection):
        given, populations = sample.sample, sample.population
    confidence = _conf(confidence)
    sizes, sds = _strata(populations, sd)
    plan: dict[str, int] = {}
    for h, n in check_mapping("sample", given).items():
        key = check_str("sample key", h)
        if key not in sizes:
            raise InvalidInputError.constraint("sample", f"grades among {sorted(sizes)}", key)
        plan[key] = check_int(f"sample[{key}]", n, minimum=0, maximum=sizes[key])
        if plan[key] == 1:
            raise InvalidInputError.constraint(f"sample[{key}]", "0 or at least 2", 1)
    if not any(plan.values()):
        raise InvalidInputError.constraint("sample", "at least one surveyed grade", sample)
    margin, df = _achieved(plan, sizes, sds, confidence)
    left_out = sorted(h for h in sizes if plan.get(h, 0) == 0)
    reasons = [
        Reason(
            "scoring.plan_margin",
            f"Sample {dict(sorted(plan.items()))} of {dict(sorted(sizes.items()))} gives the "
            f"stratified mean ±{margin:.3g} at {confidence:.0%}",
            f"样本 {dict(sorted(plan.items()))}（总体 {dict(sorted(sizes.items()))}）"
            f"使分层均值误差界为 ±{margin:.3g}（{confidence:.0%}）",
        )
    ]
    if left_out:
        reasons.append(
            Reason(
                "scoring.plan_unsurveyed",
                f"Grades {left_out} are not surveyed: the estimate covers the other grades only",
                f"等级 {left_out} 未调查：估计只覆盖其余等级",
            )
        )
    return StratifiedPlan(plan, sizes, margin, df, confidence, "given", tuple(reasons))


def _allocate(total: int, sizes: Mapping[str, int], shares: Mapping[str, float]) -> dict[str, int]:
    return {h: min(sizes[h], max(2, math.ceil(total * shares[h] - 1e-9))) for h in sizes}


def stratified_sample_size(
    margin: float,
    populations: Mapping[str, int],
    *,
    sd: float | Mapping[str, float],
    confidence: float = 0.95,
    allocation: str = "proportional",
) -> StratifiedPlan:
    """Per-grade sample sizes for the stratified mean to within ±``margin``.

    The total is spread in proportion to ``N_h`` (``"proportional"``) or to
    ``N_h s_h`` (``"neyman"``), each stratum rounded up, at least 2 and at most
    ``N_h``; the smallest total whose plan meets the margin is returned.

    Example:
        >>> from qmscore.scoring import stratified_sample_size
        >>> p = stratified_sample_size(3.0, {"A": 20, "B": 60, "C": 120}, sd=12.0)
        >>> p.n, p.margin <= 3.0
        (49, True)
    """
    margin = _margin(margin)
    confidence = _conf(confidence)
    allocation = check_choice("allocation", allocation, ALLOCATIONS)
    sizes, sds = _strata(populations, sd)
    if any(sizes[h] < 2 for h in sizes):
        raise InvalidInputError.constraint("populations", "at least 2 per stratum", populations)
    weight = {h: sizes[h] * (sds[h] if allocation == "neyman" else 1.0) for h in sizes}
    if sum(weight.values()) == 0:  # Neyman with no spread anywhere: proportional
        weight = {h: float(sizes[h]) for h in sizes}
    shares = {h: w / sum(weight.values()) for h, w in weight.items()}
    lo, hi = 2 * len(sizes), sum(sizes.values())
    if _achieved(_allocate(lo, sizes, shares), sizes, sds, confidence)[0] > margin:
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _achieved(_allocate(mid, sizes, shares), sizes, sds, confidence)[0] <= margin:
                hi = mid
            else:
                lo = mid
        lo = hi
    plan = _allocate(lo, sizes, shares)
    achieved, df = _achieved(plan, sizes, sds, confidence)
    if achieved > margin:  # capped strata kept the margin up: survey everyone
        plan = dict(sizes)
        achieved, df = _achieved(plan, sizes, sds, confidence)
    reason = Reason(
        "scoring.plan_stratified",
        f"{allocation.capitalize()} allocation of {sum(plan.values())} responses "
        f"{dict(sorted(plan.items()))}: stratified mean ±{achieved:.3g} <= {margin:.3g}",
        f"{'按比例' if allocation == 'proportional' else '奈曼'}分配 {sum(plan.values())} 份 "
        f"{dict(sorted(plan.items()))}：分层均值误差界 ±{achieved:.3g} ≤ {margin:.3g}",
    )
    return StratifiedPlan(plan, sizes, achieved, df, confidence, allocation, (reason,))
