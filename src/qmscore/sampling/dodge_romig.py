"""Dodge-Romig single plans: least average total inspection under an AOQL or an LTPD.

Rectifying inspection: a rejected lot is inspected 100%. At the process
average p̄ the average total inspection per lot is

    ATI = n + (1 - Pa(p̄)) (N - n).

Dodge and Romig (1929-1959) tabulated, for lot-size and process-average
ranges, the single plan (n, c) with the least ATI among those that either

* keep the average outgoing quality limit at or below an AOQL, or
* accept a lot at the LTPD with probability at most beta (0.10).

:func:`dodge_romig_plan` computes that plan for any N, p̄ and target: for
each c the smallest n meeting the constraint (more n only adds inspection),
then the c with the least ATI. When no sampling plan beats inspecting the
whole lot the answer is 100% inspection.

The numbers follow the tables' own method (parameter ``model``):

* ``"tables"`` (default): AOQL by the Poisson limit, AOQL = y_c (1/n - 1/N)
  with y_c = max_x x P(X <= c; x); LTPD by the hypergeometric probability of
  a lot holding N x LTPD nonconforming items (a fraction of an item allowed,
  through the gamma function, as the tables' small lots need); Pa at p̄ by
  the Poisson; n rounded as printed: the AOQL solution to the nearest
  integer, from 50 on to the nearest multiple of 5 (107 of the AOQL 3%
  table's 108 sample sizes), the LTPD n of 50 or more up to a multiple of 5;
* ``"exact"``: the same searches with every probability binomial and no
  rounding of n.

Example:
    >>> from qmscore.sampling import dodge_romig_plan
    >>> d = dodge_romig_plan(1000, 0.0015, ltpd=0.01)
    >>> d.sample_size, d.accept
    (340, 1)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import attrs

from qmscore._checks import (
    check_choice,
    check_int,
    check_real,
    check_sequence,
    type_error,
    value_error,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.sampling._pmf import binomial_cdf, poisson_cdf
from qmscore.sampling.plans import MAX_LOT_SIZE, SamplingPlan, Stage

__all__ = ["DR_MODELS", "DodgeRomigPlan", "dodge_romig_class_plan", "dodge_romig_plan"]

DR_MODELS = ("tables", "exact")
_ROUND_FROM = 50  # the tables print n >= 50 as multiples of 5
_SOURCE = Source(
    "Dodge & Romig, Sampling Inspection Tables (2nd ed., 1959)",
    note="computed by qmscore with the tables' method, not copied",
)


@display
@attrs.frozen
class DodgeRomigPlan:
    """A Dodge-Romig single plan (or 100% inspection) and what it achieves.

    Attributes:
        plan: The single plan; None when 100% inspection is best.
        lot_size: N.
        process_average: p̄.
        target: ``"aoql"`` or ``"ltpd"``.
        limit: The AOQL or LTPD asked for.
        ati: Average total inspection at p̄.
        aoql: The plan's AOQL (by the model).
        ltpd: The plan's LTPD (quality accepted with probability ``beta``).
        model: ``"tables"`` or ``"exact"``.
        reasons: How it was found.
    """

    plan: SamplingPlan | None
    lot_size: int
    process_average: float
    target: str
    limit: float
    ati: float
    aoql: float
    ltpd: float
    model: str
    reasons: tuple[Reason, ...] = ()

    @property
    def inspect_all(self) -> bool:
        """True when 100% inspection is the answer."""
        return self.plan is None

    @property
    def sample_size(self) -> int:
        """N (N for 100% inspection)."""
        return self.lot_size if self.plan is None else self.plan.sample_size

    @property
    def accept(self) -> int:
        """C (0 for 100% inspection)."""
        return 0 if self.plan is None else self.plan.accept


@functools.lru_cache(maxsize=512)
def _y_value(c: int) -> float:
    """y_c = max_x x P(X <= c; x), at the root of sum_{j<=c} x^j/j! = x^(c+1)/c!."""
    lo, hi = 1e-9, float(c) + 2.0
    while hi - lo > 1e-14 * hi:
        mid = (lo + hi) / 2.0
        log_mid = math.log(mid)
        terms = math.fsum(math.exp(j * log_mid - math.lgamma(j + 1)) for j in range(c + 1))
        top = math.exp((c + 1) * log_mid - math.lgamma(c + 1))
        if terms > top:
            lo = mid
        else:
            hi = mid
    x = (lo + hi) / 2.0
    return x * poisson_cdf(x, c)


def _log_choose(a: float, b: int) -> float:
    return math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1)


def _hyper_cdf(lot: int, d: float, n: int, c: int) -> float:
    """P(X <= c): n drawn from N items of which d (a real number) are nonconforming."""
    good = lot - d
    total = 0.0
    whole = _log_choose(lot, n)
    for x in range(min(c, n) + 1):
        if x > d or good - (n - x) <= -1:  # no such sample
            continue
        total += math.exp(_log_choose(d, x) + _log_choose(good, n - x) - whole)
    return min(1.0, total)


def _smallest(ok: Callable[[int], bool], lo: int, hi: int) -> int | None:
    """Smallest n in [lo, hi] with ok(n) (ok monotone), None if none."""
    if lo > hi or not ok(hi):
        return None
    lo -= 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _golden_max(f: Callable[[float], float], lo: float, hi: float) -> float:
    r = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = lo, hi
    x1, x2 = b - r * (b - a), a + r * (b - a)
    f1, f2 = f(x1), f(x2)
    for _ in range(200):
        if f1 < f2:
            a, x1, f1 = x1, x2, f2
            x2 = a + r * (b - a)
            f2 = f(x2)
        else:
            b, x2, f2 = x2, x1, f1
            x1 = b - r * (b - a)
            f1 = f(x1)
        if b - a < 1e-15:
            break
    return max(f1, f2)


class _Model:
    def __init__(self, name: str, lot: int, beta: float) -> None:
        self.tables = name == "tables"
        self.lot = lot
        self.beta = beta

    def pa_average(self, n: int, c: int, p: float) -> float:
        return poisson_cdf(n * p, c) if self.tables else binomial_cdf(n, p, c)

    def pa_lot(self, n: int, c: int, p: float) -> float:
        if self.tables:
            return _hyper_cdf(self.lot, self.lot * p, n, c)
        return binomial_cdf(n, p, c)

    def aoql(self, n: int, c: int) -> float:
        if self.tables:
            return _y_value(c) * (1.0 / n - 1.0 / self.lot)
        share = (self.lot - n) / self.lot
        return _golden_max(lambda p: p * binomial_cdf(n, p, c) * share, 0.0, 1.0)

    def ltpd(self, n: int, c: int) -> float:
        lo, hi = 0.0, 1.0
        while hi - lo > 1e-13:
            mid = (lo + hi) / 2.0
            if self.pa_lot(n, c, mid) > self.beta:
                lo = mid
            else:
                hi = mid
        return hi

    def rounded(self, n: int) -> int:
        if self.tables and n >= _ROUND_FROM:
            return min(self.lot, -(-n // 5) * 5)
        return n


def _least_n(m: _Model, target: str, limit: float, c: int) -> int | None:
    """Smallest n meeting the target with acceptance number c (None: not below N)."""
    lot = m.lot
    if target == "aoql" and m.tables:
        # the tables solve y_c (1/n - 1/N) = AOQL for n and round to the
        # nearest integer, or from 50 on to the nearest multiple of 5
        exact = _y_value(c) * lot / (limit * lot + _y_value(c))
        step = 1 if exact < _ROUND_FROM else 5
        n = max(c + 1, step * math.floor(exact / step + 0.5))
        return n if n <= lot - 1 else None

    def ok(n: int) -> bool:
        if target == "aoql":
            return m.aoql(n, c) <= limit
        return m.pa_lot(n, c, limit) <= m.beta

    return _smallest(ok, c + 1, lot - 1)


MAX_ACCEPT = 200
"""Largest acceptance number :func:`dodge_romig_plan` considers."""


def dodge_romig_plan(
    lot_size: int,
    process_average: float,
    *,
    aoql: float | None = None,
    ltpd: float | None = None,
    beta: float = 0.10,
    model: str = "tables",
) -> DodgeRomigPlan:
    """The single plan with the least ATI at ``process_average`` meeting an AOQL or an LTPD.

    Args:
        lot_size: N, 2 to :data:`~qmscore.sampling.MAX_LOT_SIZE`.
        process_average: p̄, a fraction in [0, 1).
        aoql: The AOQL to meet (a fraction in (0, 1)); give this or ``ltpd``.
        ltpd: The LTPD (fraction in (0, 1)) accepted at most ``beta`` of the time.
        beta: Consumer's risk at the LTPD, in (0, 1).
        model: ``"tables"`` (the tables' method, default) or ``"exact"``.

    Raises:
        InvalidInputError: both or neither of ``aoql`` and ``ltpd``; a value out of range.

    Example:
        >>> from qmscore.sampling import dodge_romig_plan
        >>> d = dodge_romig_plan(5000, 0.0006, aoql=0.03)
        >>> d.sample_size, d.accept
        (28, 1)
    """
    lot = check_int("lot_size", lot_size, minimum=2, maximum=MAX_LOT_SIZE)
    pbar = check_real(
        "process_average", process_average, minimum=0.0, maximum=1.0, max_exclusive=True
    )
    if not isinstance(model, str):
        raise type_error("model", f"one of {DR_MODELS}", model)
    chosen = check_choice("model", model, DR_MODELS)
    if (aoql is None) == (ltpd is None):
        raise InvalidInputError("give exactly one of 'aoql' and 'ltpd'", field="aoql", value=aoql)
    target = "aoql" if aoql is not None else "ltpd"
    limit = check_real(
        target,
        aoql if aoql is not None else ltpd,
        minimum=0.0,
        maximum=1.0,
        min_exclusive=True,
        max_exclusive=True,
    )
    b = check_real("beta", beta, minimum=0.0, maximum=1.0, min_exclusive=True, max_exclusive=True)
    m = _Model(chosen, lot, b)
    best: tuple[float, int, int] | None = None
    for c in range(min(MAX_ACCEPT, lot - 2) + 1):
        need = _least_n(m, target, limit, c)
        if need is None:
            break
        n = m.rounded(need)
        if n >= lot:
            break
        ati = n + (1.0 - m.pa_average(n, c, pbar)) * (lot - n)
        if best is None or ati < best[0]:
            best = (ati, n, c)
    what = f"AOQL {limit:g}" if target == "aoql" else f"LTPD {limit:g} at beta {b:g}"
    what_zh = f"AOQL {limit:g}" if target == "aoql" else f"LTPD {limit:g}（β = {b:g}）"
    if best is None or best[0] >= lot:
        reason = Reason(
            "sampling.dodge_romig_all",
            f"Lot {lot}, process average {pbar:g}, {what}: no sampling plan inspects less "
            "on average than the whole lot: inspect 100%",
            f"批量 {lot}、过程平均 {pbar:g}、{what_zh}：任何抽样方案的平均检验量都不少于全数，"
            "故全数检验",
            source=_SOURCE,
        )
        return DodgeRomigPlan(
            None, lot, pbar, target, limit, float(lot), 0.0, 0.0, chosen, (reason,)
        )
    ati, n, c = best
    plan = SamplingPlan((Stage(n, c, c + 1),))
    reason = Reason(
        "sampling.dodge_romig",
        f"Lot {lot}, process average {pbar:g}, {what}: n = {n}, c = {c} has the least "
        f"average total inspection {ati:.6g} ({chosen} model)",
        f"批量 {lot}、过程平均 {pbar:g}、{what_zh}：n = {n}、c = {c} 的平均总检验量 "
        f"{ati:.6g} 最小（{'原表方法' if chosen == 'tables' else '精确二项'}）",
        source=_SOURCE,
    )
    return DodgeRomigPlan(
        plan, lot, pbar, target, limit, ati, m.aoql(n, c), m.ltpd(n, c), chosen, (reason,)
    )


def _pair(field: str, value: object) -> tuple[object, object]:
    items: tuple[object, ...] = check_sequence(field, value, max_items=3)
    if len(items) != 2:
        raise value_error(field, "a (lowest, highest) pair", value)
    return items[0], items[1]


def dodge_romig_class_plan(
    lot_range: tuple[int, int],
    average_range: tuple[float, float],
    *,
    aoql: float | None = None,
    ltpd: float | None = None,
    beta: float = 0.10,
    model: str = "tables",
    point: float = 0.5,
) -> DodgeRomigPlan:
    """The plan of one cell of a Dodge-Romig table: a lot-size class by a process-average class.

    The printed tables give one plan per lot-size class (e.g. 801-1000) and
    process-average class (e.g. 0.61-1.20%). This applies the tables'
    convention (docs: "Against the 1959 tables"):

    * the plan is computed for the class's largest lot (the plans hold their
      AOQL or LTPD for every lot in the class, up to rounding);
    * at the process average ``point`` of the way through its class
      (0 the lowest, 1 the highest; 0.5 the middle, the default: the
      tables do not state the point, see the docs for what each reading gives);
    * "All" (100% inspection) when that plan's sample is not smaller than
      the class's smallest lot, as the first rows of the tables read.

    Args:
        lot_range: (lowest, highest) lot size of the class, 1 <= lowest <= highest.
        average_range: (lowest, highest) process average (fractions), 0 <= lowest <= highest < 1.
        aoql: The AOQL to meet; give this or ``ltpd``.
        ltpd: The LTPD accepted at most ``beta`` of the time.
        beta: Consumer's risk at the LTPD.
        model: As for :func:`dodge_romig_plan`.
        point: Where in ``average_range`` the ATI is minimised, in [0, 1].

    Raises:
        InvalidInputError: a range not a pair or out of order; a value out of range.

    Example:
        >>> from qmscore.sampling import dodge_romig_class_plan
        >>> d = dodge_romig_class_plan((4001, 5000), (0.0, 0.0006), aoql=0.03)
        >>> d.sample_size, d.accept, d.lot_size, d.process_average
        (28, 1, 5000, 0.0003)
        >>> dodge_romig_class_plan((1, 10), (0.0, 0.0006), aoql=0.03).inspect_all
        True
    """
    low_raw, high_raw = _pair("lot_range", lot_range)
    high = check_int("lot_range[1]", high_raw, minimum=2, maximum=MAX_LOT_SIZE)
    low = check_int("lot_range[0]", low_raw, minimum=1, maximum=high)
    a_raw, b_raw = _pair("average_range", average_range)
    top = check_real("average_range[1]", b_raw, minimum=0.0, maximum=1.0, max_exclusive=True)
    bottom = check_real("average_range[0]", a_raw, minimum=0.0, maximum=top)
    where = check_real("point", point, minimum=0.0, maximum=1.0)
    pbar = bottom + where * (top - bottom)
    found = dodge_romig_plan(high, pbar, aoql=aoql, ltpd=ltpd, beta=beta, model=model)
    if found.plan is None or found.plan.sample_size < low:
        return found
    n = found.plan.sample_size
    what = f"AOQL {found.limit:g}" if found.target == "aoql" else f"LTPD {found.limit:g}"
    reason = Reason(
        "sampling.dodge_romig_class_all",
        f"Lots {low} to {high}: the plan for the class (n = {n}, {what}) samples at least "
        f"the smallest lot of the class ({low}): inspect 100%, as the tables' first rows",
        f"批量 {low} 至 {high}：该档方案（n = {n}，{what}）的样本量不小于本档最小批量 "
        f"{low}，故全数检验（同原表首行）",
        source=_SOURCE,
    )
    return attrs.evolve(
        found, plan=None, ati=float(high), aoql=0.0, ltpd=0.0, reasons=(*found.reasons, reason)
    )
