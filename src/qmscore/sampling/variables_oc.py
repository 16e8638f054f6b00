"""Exact OC of variables plans, and plan design from two points of the OC.

For one specification limit and a normal process with fraction ``p`` beyond
it (``z_p = z_(1-p)``, the limit's distance from the mean in σ):

* sigma known: ``Pa = Φ(sqrt(n) (z_p - k))``;
* sigma unknown: ``Pa = P(T' >= k sqrt(n))``, ``T'`` noncentral t with
  ``n - 1`` degrees of freedom and noncentrality ``z_p sqrt(n)``
  (:mod:`qmscore.sampling._nct`, pure Python, about 1e-13 relative).

Form 2 with M is the same test as Form 1 with ``k = k_from_m`` for one limit,
so its OC is computed that way. Two limits (Form 2): :func:`variables_accept_probability_double`
and :mod:`qmscore.sampling.variables_double`.

Example:
    >>> from qmscore.sampling import VariablesPlan, variables_accept_probability
    >>> plan = VariablesPlan(35, 2.66, k=1.89)
    >>> round(variables_accept_probability(plan, 0.01), 4)  # scipy nct.sf: 0.94167
    0.9417
"""

from __future__ import annotations

import math

import attrs

from qmscore._checks import (
    check_choice,
    check_instance,
    check_probability,
    check_real,
    check_sequence,
    value_error,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling._nct import nct_sf
from qmscore.sampling._special import norm_cdf, z_upper
from qmscore.sampling.curves import MAX_GRID, OCCurve
from qmscore.sampling.variables import (
    MAX_VARIABLES_SAMPLE,
    VARIABLES_METHODS,
    VariablesPlan,
)

__all__ = [
    "VariablesDesign",
    "design_variables_plan",
    "variables_accept_probability",
    "variables_accept_probability_double",
    "variables_oc_curve",
]

_FORMS = ("k", "M")


def _pa(method: str, n: int, k: float, p: float) -> float:
    if p <= 0.0:
        return 1.0
    if p >= 1.0 or k == math.inf:
        return 0.0
    z = z_upper(p)
    if method == "sigma":
        return norm_cdf(math.sqrt(n) * (z - k))
    root = math.sqrt(n)
    return nct_sf(k * root, n - 1, z * root)


def _k(plan: VariablesPlan, form: str) -> float:
    check_choice("form", form, _FORMS)
    return plan.acceptability_constant if form == "k" else plan.k_from_m


def variables_accept_probability(plan: VariablesPlan, p: float, *, form: str = "k") -> float:
    """Probability of accepting a lot from a normal process with fraction ``p`` beyond one limit.

    Args:
        plan: A :class:`~qmscore.sampling.VariablesPlan`.
        p: Process fraction nonconforming (0-1).
        form: ``"k"`` (the plan's Form-1 k, default) or ``"M"`` (its Form-2 M,
            through the equivalent k).

    Example:
        >>> from qmscore.sampling import VariablesPlan, variables_accept_probability
        >>> plan = VariablesPlan(12, 2.49, method="sigma", k=1.878)
        >>> round(variables_accept_probability(plan, 0.01), 4)  # Φ(√12 (2.3263 - 1.878))
        0.9398
    """
    check_instance("plan", plan, VariablesPlan, "a VariablesPlan")
    p = check_probability("p", p)
    return _pa(plan.method, plan.sample_size, _k(plan, form), p)


def variables_oc_curve(plan: VariablesPlan, ps: object, *, form: str = "k") -> OCCurve:
    """Acceptance probabilities over a grid of process fractions nonconforming.

    Example:
        >>> from qmscore.sampling import VariablesPlan, variables_oc_curve
        >>> curve = variables_oc_curve(VariablesPlan(5, 3.33, k=1.53), [0.0, 1.0])
        >>> curve.pa
        (1.0, 0.0)
    """
    check_instance("plan", plan, VariablesPlan, "a VariablesPlan")
    grid = check_sequence("ps", ps, check_probability, max_items=MAX_GRID)
    k = _k(plan, form)
    model = "normal" if plan.method == "sigma" else "noncentral-t"
    pa = tuple(_pa(plan.method, plan.sample_size, k, p) for p in grid)
    reason = Reason(
        "sampling.variables.oc_model",
        f"Exact OC for one limit, normal process: {model} distribution, n {plan.sample_size}, "
        f"k {k:.6g}",
        f"单侧规格限、正态过程的精确 OC：{'正态' if model == 'normal' else '非中心 t '}分布，"
        f"n {plan.sample_size}，k {k:.6g}",
    )
    return OCCurve(ps=grid, pa=pa, model=model, reasons=(reason,))


def variables_accept_probability_double(
    plan: VariablesPlan,
    *,
    mean: float,
    sigma: float,
    lower: float,
    upper: float,
    lower_plan: VariablesPlan | None = None,
) -> float:
    """Pa of a Form-2 plan with two limits, for a process N(mean, sigma²).

    The lot is accepted as :func:`~qmscore.sampling.judge_variables` decides:
    ``p_L + p_U <= M`` (with a ``lower_plan``: ``p_L <= M_L``, ``p_U <= M_U``
    and ``p_L + p_U <= max(M_L, M_U)``). Sigma method: the accepted means are
    one interval (bisection on the sum, which falls then rises in x̄), and
    ``Pa = Φ((x_hi - mean) sqrt(n)/σ) - Φ((x_lo - mean) sqrt(n)/σ)``.
    s-method: ``x̄`` and ``s`` are independent and the accepted means for each
    ``s`` form an interval (two for n = 3), so Pa is an integral over ``s``
    (see :mod:`qmscore.sampling.variables_double`; relative error about 1e-13
    against scipy). The process fraction nonconforming is
    ``1 - Φ((U - mean)/σ) + Φ((L - mean)/σ)``.

    Args:
        plan: A :class:`~qmscore.sampling.VariablesPlan` (the upper limit's
            plan when ``lower_plan`` is given).
        mean: The process mean.
        sigma: The process standard deviation (> 0).
        lower: The lower specification limit L.
        upper: The upper specification limit U (> L).
        lower_plan: Two AQLs: the lower limit's plan (same n and method).

    Raises:
        InvalidInputError: sigma <= 0, lower >= upper, a bad ``lower_plan``.

    Example:
        >>> from qmscore.sampling import VariablesPlan, variables_accept_probability_double
        >>> plan = VariablesPlan(10, 2.0, method="sigma")
        >>> round(variables_accept_probability_double(plan, mean=0, sigma=1, lower=-3, upper=3), 4)
        0.9991
        >>> s_plan = VariablesPlan(10, 3.0)  # s-method; scipy quad: 0.857719894269865
        >>> round(variables_accept_probability_double(s_plan, mean=0, sigma=1, lower=-2.5,
        ...     upper=2.5), 12)
        0.85771989427
    """
    from qmscore.sampling.variables_double import double_pa

    return double_pa(plan, mean=mean, sigma=sigma, lower=lower, upper=upper, lower_plan=lower_plan)


@display
@attrs.frozen
class VariablesDesign:
    """A variables plan designed to two points of its OC curve.

    Attributes:
        plan: The plan (n, k, and M = the estimate at Q = k).
        pa_at_aql: Its acceptance probability at the AQL (>= 1 - alpha).
        pa_at_lq: Its acceptance probability at the LQ (<= beta).
        k_low: The smallest k meeting the consumer's risk at this n.
        k_high: The largest k meeting the producer's risk at this n.
        reasons: How it was found.
    """

    plan: VariablesPlan = attrs.field()
    pa_at_aql: float
    pa_at_lq: float
    k_low: float
    k_high: float
    reasons: tuple[Reason, ...] = ()

    @plan.validator
    def _check_plan(self, attribute: object, value: object) -> None:
        check_instance("plan", value, VariablesPlan, "a VariablesPlan")


def _solve_k(method: str, n: int, p: float, target: float) -> float:
    # Pa falls as k rises: bisection on k for Pa(p; n, k) = target.
    z = z_upper(p)
    lo, hi = z - 10.0, z + 10.0
    while hi - lo >= 1e-12:  # 45 halvings of 20
        mid = 0.5 * (lo + hi)
        if _pa(method, n, mid, p) > target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def design_variables_plan(
    aql: float,
    lq: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.10,
    method: str = "s",
) -> VariablesDesign:
    """The smallest variables plan with Pa(aql) >= 1 - alpha and Pa(lq) <= beta.

    For each n the feasible k form an interval ``[k_low, k_high]`` (Pa falls
    as k rises); the smallest n with a non-empty interval is taken, and k is
    its midpoint (a documented choice: both risks are met with equal room in
    k). Sigma known: exact normal OC (the classical
    ``n = ((z_α + z_β)/(z_p1 - z_p2))²`` rounded up); sigma unknown: exact
    noncentral t OC, searched from the Wallis approximation
    ``n_s ≈ n_σ (1 + k²/2)``.

    Args:
        aql: p1, the fraction the producer wants accepted (0 < aql < lq).
        lq: p2, the limiting quality the consumer wants rejected (< 1).
        alpha: Producer's risk (0-1).
        beta: Consumer's risk (0-1).
        method: ``"s"`` (default) or ``"sigma"``.

    Raises:
        InvalidInputError: bad risks, aql >= lq, or no plan up to the sample
            bound (aql and lq too close).

    Example:
        >>> from qmscore.sampling import design_variables_plan
        >>> d = design_variables_plan(0.01, 0.05, method="sigma")
        >>> d.plan.sample_size, round(d.plan.k, 4)
        (19, 1.9439)
    """
    p1 = check_real("aql", aql, minimum=0.0, maximum=1.0, min_exclusive=True, max_exclusive=True)
    p2 = check_real("lq", lq, minimum=0.0, maximum=1.0, min_exclusive=True, max_exclusive=True)
    if p2 <= p1:
        raise value_error("lq", f"> aql ({p1})", p2)
    a = check_real(
        "alpha", alpha, minimum=0.0, maximum=0.5, min_exclusive=True, max_exclusive=True
    )
    b = check_real("beta", beta, minimum=0.0, maximum=0.5, min_exclusive=True, max_exclusive=True)
    check_choice("method", method, VARIABLES_METHODS)
    z1, z2, za, zb = z_upper(p1), z_upper(p2), z_upper(a), z_upper(b)
    n_sigma = ((za + zb) / (z1 - z2)) ** 2
    k_star = (z1 * zb + z2 * za) / (za + zb)
    least = 2 if method == "sigma" else 3
    guess = n_sigma if method == "sigma" else n_sigma * (1.0 + 0.5 * k_star * k_star)
    if guess > MAX_VARIABLES_SAMPLE:
        raise InvalidInputError(
            f"no variables plan up to n = {MAX_VARIABLES_SAMPLE} separates aql {p1} from lq {p2} "
            f"at these risks (about {guess:.3g} needed)",
            field="lq",
            value=p2,
        )

    def bounds(n: int) -> tuple[float, float]:
        if method == "sigma":
            root = math.sqrt(n)
            return z2 + zb / root, z1 - za / root
        return _solve_k(method, n, p2, b), _solve_k(method, n, p1, 1.0 - a)

    def feasible(n: int) -> bool:
        low, high = bounds(n)
        return low <= high

    n = max(least, math.ceil(guess - 1e-9))
    # Walk down while the smaller n still works, else up until one does.
    while n > least and feasible(n - 1):
        n -= 1
    while not feasible(n):
        n += 1
        if n > MAX_VARIABLES_SAMPLE:  # pragma: no cover - guarded by the guess above
            raise InvalidInputError("no plan found", field="lq", value=p2)
    k_low, k_high = bounds(n)
    k = 0.5 * (k_low + k_high)
    from qmscore.sampling.variables_judge import estimate_nonconforming

    m = 100.0 * estimate_nonconforming(k, n, method=method)
    reasons = (
        Reason(
            "sampling.variables.design",
            f"Smallest n meeting Pa({p1:g}) >= {1 - a:g} and Pa({p2:g}) <= {b:g} "
            f"({'normal' if method == 'sigma' else 'noncentral t'} OC): n {n}; feasible k "
            f"[{k_low:.4f}, {k_high:.4f}], midpoint taken",
            f"满足 Pa({p1:g}) ≥ {1 - a:g} 且 Pa({p2:g}) ≤ {b:g} 的最小样本量："
            f"n {n}；可行 k 区间 [{k_low:.4f}, {k_high:.4f}]，取中点",
        ),
    )
    plan = VariablesPlan(n, min(100.0, m), k=k, method=method, reasons=reasons)
    return VariablesDesign(
        plan,
        _pa(method, n, k, p1),
        _pa(method, n, k, p2),
        k_low,
        k_high,
        reasons,
    )
