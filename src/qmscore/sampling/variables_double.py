"""Exact OC of Form-2 variables plans with two specification limits (s-method and sigma).

The lot is accepted as :func:`~qmscore.sampling.judge_variables` decides with
two limits: ``p̂_L + p̂_U <= M`` (one AQL), or, with a ``lower_plan`` (two
AQLs), ``p̂_L <= M_L``, ``p̂_U <= M_U`` and ``p̂_L + p̂_U <= max(M_L, M_U)``.

* sigma method: the accepted means form one fixed interval (bisection), and
  ``Pa`` is a difference of two normal probabilities;
* s-method: ``x̄`` and ``s`` are independent, and for each ``s`` the accepted
  means are one interval (two for n = 3), so ``Pa`` is a one-dimensional
  integral over ``s`` (:mod:`qmscore.sampling._double_s`: adaptive
  Gauss-Kronrod, summed error estimate below 1e-11 of Pa; against
  scipy.integrate.quad the agreement is about 1e-13 relative).

The OC depends on the process only through its distances to the limits in σ:
``z_L = (μ - L)/σ`` and ``z_U = (U - μ)/σ``. Given the fraction nonconforming
``p`` that still leaves the location open: :func:`variables_accept_probability_double_at`
takes the process centred (``p_L = p_U = p/2``, the default) or a share of
``p`` below L.

Example:
    >>> from qmscore.sampling import VariablesPlan, variables_accept_probability_double_at
    >>> from statistics import NormalDist
    >>> plan = VariablesPlan(10, 3.0)  # s-method, M 3%
    >>> p = 2 * NormalDist().cdf(-2.5)  # centred, 2.5 σ inside each limit
    >>> round(variables_accept_probability_double_at(plan, p), 10)  # scipy quad: 0.857719894269865
    0.8577198943
"""

from __future__ import annotations

import math

from qmscore._checks import (
    check_instance,
    check_probability,
    check_real,
    check_sequence,
    value_error,
)
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling._double_s import EPS_REL, double_s_pa
from qmscore.sampling._special import norm_cdf, norm_sf, z_upper
from qmscore.sampling.curves import MAX_GRID, OCCurve
from qmscore.sampling.variables import VariablesPlan, k_for_m

__all__ = [
    "variables_accept_probability_double_at",
    "variables_oc_curve_double",
]


def _fractions(plan: VariablesPlan, lower_plan: object) -> tuple[float, float, float]:
    """(m, m_L, m_U) as fractions, exactly as the judge compares them."""
    if lower_plan is None:
        m = plan.m / 100.0
        return m, m, m
    other = check_instance("lower_plan", lower_plan, VariablesPlan, "a VariablesPlan or None")
    if other.sample_size != plan.sample_size or other.method != plan.method:
        raise InvalidInputError(
            f"'lower_plan' must have the same sample size and method as 'plan' "
            f"(got n {other.sample_size} {other.method}-method vs n {plan.sample_size} "
            f"{plan.method}-method)",
            field="lower_plan",
            value=other.sample_size,
        )
    return max(plan.m, other.m) / 100.0, other.m / 100.0, plan.m / 100.0


def _between(a: float, b: float) -> float:
    if b <= 0.0:
        return norm_cdf(b) - norm_cdf(a)
    if a >= 0.0:
        return norm_sf(a) - norm_sf(b)
    return 1.0 - norm_cdf(a) - norm_sf(b)


def _edge(inside: float, outside: float, m: float, est: object) -> float:
    # Bisection between a mean that passes the sum limit and one that does not.
    assert callable(est)
    for _ in range(200):  # pragma: no branch - floats run out well before
        mid = 0.5 * (inside + outside)
        if mid in (inside, outside):
            break
        if est(mid) <= m:
            inside = mid
        else:
            outside = mid
    return inside


def _sigma_pa(n: int, m: float, m_low: float, m_up: float, z_low: float, z_up: float) -> float:
    """Sigma method, process N(0, 1), limits -z_low and z_up."""
    c = math.sqrt(n / (n - 1))
    low, high = -z_low, z_up
    mid = 0.5 * (low + high)

    def est(x: float) -> float:
        return norm_sf((high - x) * c) + norm_sf((x - low) * c)

    x_lo, x_hi = -math.inf, math.inf
    if m < 1.0:
        if est(mid) > m:
            return 0.0
        # The sum falls then rises in x̄ (its slope has the sign of φ(a) - φ(b)).
        # 40 σ beyond a limit the estimate is 1 - tiny > m.
        reach = 40.0 / c
        x_hi = _edge(mid, high + reach, m, est)
        x_lo = _edge(mid, low - reach, m, est)
    for m_side, sign, limit in ((m_low, 1.0, low), (m_up, -1.0, high)):
        if m_side <= 0.0:
            return 0.0  # the normal estimate is never 0
        if m_side < 1.0:
            edge = limit + sign * z_upper(m_side) / c
            x_lo, x_hi = (max(x_lo, edge), x_hi) if sign > 0 else (x_lo, min(x_hi, edge))
    if x_lo >= x_hi:
        return 0.0
    root = math.sqrt(n)
    return max(0.0, _between(x_lo * root, x_hi * root))


def _pa_z(
    plan: VariablesPlan, fractions: tuple[float, float, float], z_low: float, z_up: float
) -> tuple[float, float]:
    """Pa and its error estimate for a process z_low σ above L and z_up σ below U."""
    m, m_low, m_up = fractions
    n = plan.sample_size
    if z_low == -math.inf or z_up == -math.inf:
        return 0.0, 0.0
    if math.isinf(z_low) or math.isinf(z_up):
        # One limit out of reach (p > 0 leaves the other finite): the other's Form-2 OC.
        from qmscore.sampling.variables_oc import _pa

        m_side, z = (m_up, z_up) if math.isinf(z_low) else (m_low, z_low)
        return _pa(plan.method, n, k_for_m(n, 100.0 * m_side, plan.method), norm_sf(z)), 0.0
    if z_low + z_up <= 0.0:
        return (1.0 if min(m_low, m_up) >= 1.0 else 0.0), 0.0
    if plan.method == "sigma":
        return _sigma_pa(n, m, m_low, m_up, z_low, z_up), 0.0
    return double_s_pa(n, m, m_low, m_up, z_low, z_up)


def double_pa(
    plan: VariablesPlan,
    *,
    mean: float,
    sigma: float,
    lower: float,
    upper: float,
    lower_plan: VariablesPlan | None = None,
) -> float:
    """The body of :func:`~qmscore.sampling.variables_accept_probability_double`."""
    check_instance("plan", plan, VariablesPlan, "a VariablesPlan")
    mu = check_real("mean", mean)
    sd = check_real("sigma", sigma, minimum=0.0, min_exclusive=True)
    low = check_real("lower", lower)
    high = check_real("upper", upper)
    if low >= high:
        raise value_error("lower", f"< upper ({high})", low)
    fractions = _fractions(plan, lower_plan)
    z_low, z_up = (mu - low) / sd, (high - mu) / sd
    if math.isnan(z_low) or math.isnan(z_up):  # pragma: no cover - inf - inf from finite inputs
        raise value_error("sigma", "a spread the limits' distances can be divided by", sd)
    return _pa_z(plan, fractions, z_low, z_up)[0]


def _split(p: float, share: float) -> tuple[float, float]:
    p_low = share * p
    p_up = (1.0 - share) * p

    def z(q: float) -> float:
        return math.inf if q <= 0.0 else (-math.inf if q >= 1.0 else z_upper(q))

    return z(p_low), z(p_up)


def _share(lower_share: object) -> float:
    return check_probability("lower_share", lower_share)


def variables_accept_probability_double_at(
    plan: VariablesPlan,
    p: float,
    *,
    lower_share: float = 0.5,
    lower_plan: VariablesPlan | None = None,
) -> float:
    """Pa of a Form-2 plan with two limits for a normal process with fraction ``p`` outside them.

    A fraction ``p`` outside two limits does not fix the process: it is taken
    with ``lower_share * p`` below L and the rest above U, so the process sits
    ``z_L = z_(1 - p_L)`` σ above L and ``z_U = z_(1 - p_U)`` σ below U. The
    default ``lower_share = 0.5`` is the process centred between the limits
    (the worst case for a given p, for the usual plans, and how OC curves for
    two limits are usually drawn). ``lower_share`` 0 or 1 puts the other limit
    out of reach: the one-limit Form-2 OC.

    Args:
        plan: A :class:`~qmscore.sampling.VariablesPlan` (s or sigma method;
            its M is judged; the upper limit's plan when ``lower_plan`` is given).
        p: Process fraction nonconforming, both tails (0-1).
        lower_share: Share of ``p`` below the lower limit (0-1, default 0.5).
        lower_plan: Two AQLs: the lower limit's plan (same n and method), as in
            :func:`~qmscore.sampling.judge_variables`.

    Raises:
        InvalidInputError: a bad argument, or a ``lower_plan`` with another n or method.

    Example:
        >>> from qmscore.sampling import VariablesPlan, variables_accept_probability_double_at
        >>> plan = VariablesPlan(10, 2.0, method="sigma")
        >>> round(variables_accept_probability_double_at(plan, 0.0027), 4)  # μ ± 3σ in spec
        0.9991
    """
    check_instance("plan", plan, VariablesPlan, "a VariablesPlan")
    q = check_probability("p", p)
    share = _share(lower_share)
    fractions = _fractions(plan, lower_plan)
    if q <= 0.0:
        return 1.0
    return _pa_z(plan, fractions, *_split(q, share))[0]


def variables_oc_curve_double(
    plan: VariablesPlan,
    ps: object,
    *,
    lower_share: float = 0.5,
    lower_plan: VariablesPlan | None = None,
) -> OCCurve:
    """The two-limit Form-2 OC over a grid of fractions nonconforming (process centred by default).

    Each point is :func:`variables_accept_probability_double_at`; the reasons
    state the model, the process location and, for the s-method, the largest
    error estimate of the integrals.

    Example:
        >>> from qmscore.sampling import VariablesPlan, variables_oc_curve_double
        >>> curve = variables_oc_curve_double(VariablesPlan(5, 3.33), [0.0, 1.0])
        >>> curve.pa, curve.model
        ((1.0, 0.0), 'two-limit s-method integral')
    """
    check_instance("plan", plan, VariablesPlan, "a VariablesPlan")
    grid = check_sequence("ps", ps, check_probability, max_items=MAX_GRID)
    share = _share(lower_share)
    fractions = _fractions(plan, lower_plan)
    pa: list[float] = []
    worst = 0.0
    for q in grid:
        if q <= 0.0:
            pa.append(1.0)
            continue
        value, error = _pa_z(plan, fractions, *_split(q, share))
        pa.append(value)
        if value > 0.0:
            worst = max(worst, error / value)
    s_method = plan.method == "s"
    model = "two-limit s-method integral" if s_method else "two-limit normal"
    m, m_low, m_up = (100.0 * f for f in fractions)
    rule_en = (
        f"p_L + p_U <= M {m:g}%"
        if lower_plan is None
        else f"p_L <= {m_low:g}%, p_U <= {m_up:g}%, p_L + p_U <= {m:g}%"
    )
    rule_zh = rule_en.replace("<=", "≤")
    where_en = (
        "process centred between the limits"
        if share == 0.5
        else f"{share:g} of p below the lower limit"
    )
    where_zh = "过程居中于上下规格限之间" if share == 0.5 else f"p 的 {share:g} 在下规格限以下"
    if s_method:
        how_en = (
            f"integral over s of P(x̄ accepted | s), adaptive Gauss-Kronrod; largest "
            f"relative error estimate {worst:.1e} (target {EPS_REL:g})"
        )
        how_zh = (
            f"对 s 积分 P(x̄ 被接收 | s)，自适应 Gauss-Kronrod；最大相对误差估计 {worst:.1e}"
            f"（目标 {EPS_REL:g}）"
        )
    else:
        how_en = "normal distribution of x̄ over the accepted interval"
        how_zh = "x̄ 的正态分布在接收区间上的概率"
    reason = Reason(
        "sampling.variables.oc_double",
        f"Exact OC for two limits (Form 2: {rule_en}), normal process, {where_en}: {how_en}; "
        f"n {plan.sample_size}",
        f"上下双侧规格限的精确 OC（形式 2：{rule_zh}），正态过程，{where_zh}：{how_zh}；"
        f"n {plan.sample_size}",
    )
    return OCCurve(ps=grid, pa=tuple(pa), model=model, reasons=(reason,))
