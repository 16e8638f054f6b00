"""Lot decisions by variables: quality index, estimated percent nonconforming, reasons.

* :func:`estimate_nonconforming`: the estimate of the lot fraction beyond one
  limit from the quality index Q (s-method: the symmetric beta distribution,
  the minimum-variance unbiased estimate of Z1.9 Table B-5; sigma method: the
  normal distribution).
* :func:`judge_variables`: accept or reject a lot from its measurements,
  Form 1 (``Q >= k``, one limit) or Form 2 (estimate <= M, one or two limits).
* :func:`variables_lot`: the outcome as a :class:`~qmscore.sampling.Lot` for
  the switching fold (:func:`~qmscore.sampling.next_inspection`).

Example:
    >>> from qmscore.sampling import judge_variables, lookup_variables_plan
    >>> plan = lookup_variables_plan(40, 1.0)  # code D: n 5, k 1.53, M 3.33%
    >>> j = judge_variables(plan, [197, 188, 184, 205, 201], upper=209)
    >>> j.decision, round(j.q_upper, 4)
    ('accept', 1.5903)
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from qmscore._checks import (
    as_int,
    as_real,
    as_tuple,
    check_choice,
    check_instance,
    check_int,
    check_real,
    check_sequence,
    int_validator,
    one_of,
    real_validator,
    value_error,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.sampling._fields import reason_items
from qmscore.sampling._special import betainc, norm_sf
from qmscore.sampling.switching import Lot
from qmscore.sampling.variables import MAX_VARIABLES_SAMPLE, VARIABLES_METHODS, VariablesPlan

__all__ = [
    "VariablesJudgement",
    "estimate_nonconforming",
    "judge_variables",
    "variables_lot",
]

Form = str
FORMS: tuple[str, ...] = ("k", "M")

_B5 = Source(
    "ANSI/ASQ Z1.9 / MIL-STD-414",
    table="Table B-5 (estimated lot percent nonconforming, s-method)",
    note="Computed, not copied: I_x((n-2)/2, (n-2)/2), x = max(0, 1/2 - Q sqrt(n)/(2(n-1))).",
)
_D5 = Source(
    "ANSI/ASQ Z1.9 / MIL-STD-414",
    table="sigma method, Form 2",
    note="Computed: 1 - Phi(Q sqrt(n/(n-1))).",
)


def estimate_nonconforming(q: float, n: int, *, method: str = "s") -> float:
    """The estimated fraction of the lot beyond one limit, from its quality index.

    s-method: ``I_x((n-2)/2, (n-2)/2)`` with ``x = 1/2 - Q sqrt(n) / (2 (n-1))``
    clipped to [0, 1] (0 once ``Q >= (n-1)/sqrt(n)``); sigma method:
    ``1 - Φ(Q sqrt(n/(n-1)))``.

    Args:
        q: The quality index, ``(U - x̄)/s`` or ``(x̄ - L)/s`` (``σ`` for sigma);
            infinities allowed (a sample without spread).
        n: The sample size (>= 3 for s, >= 2 for sigma).
        method: ``"s"`` (default) or ``"sigma"``.

    Example:
        >>> from qmscore.sampling import estimate_nonconforming
        >>> round(estimate_nonconforming(1.0, 4), 15)  # n = 4: x = 1/2 - 1/3 = 1/6
        0.166666666666667
        >>> estimate_nonconforming(0.0, 10)
        0.5
    """
    check_choice("method", method, VARIABLES_METHODS)
    n = check_int("n", n, minimum=3 if method == "s" else 2, maximum=MAX_VARIABLES_SAMPLE)
    q = check_real("q", q, finite=False)
    if method == "sigma":
        if math.isinf(q):
            return 0.0 if q > 0 else 1.0
        return norm_sf(q * math.sqrt(n / (n - 1)))
    if math.isinf(q):
        return 0.0 if q > 0 else 1.0
    x = min(1.0, max(0.0, 0.5 - q * math.sqrt(n) / (2.0 * (n - 1))))
    if x == 0.5:
        return 0.5
    return betainc(0.5 * (n - 2), 0.5 * (n - 2), x)


def _optional_q(inst: object, attribute: Any, value: Any) -> None:
    if value is not None:
        check_real(attribute.name, value, finite=False)


def _optional_fraction(inst: object, attribute: Any, value: Any) -> None:
    if value is not None:
        check_real(attribute.name, value, minimum=0.0, maximum=1.0)


@display
@attrs.frozen
class VariablesJudgement:
    """The outcome of a variables inspection.

    Attributes:
        decision: ``"accept"`` or ``"reject"``.
        form: ``"k"`` (Form 1) or ``"M"`` (Form 2).
        method: ``"s"`` or ``"sigma"``.
        sample_size: Measurements used.
        mean: The sample mean x̄.
        std_dev: The sample standard deviation s (s-method) or the known σ.
        q_upper: ``(U - x̄) / s`` when an upper limit was given.
        q_lower: ``(x̄ - L) / s`` when a lower limit was given.
        estimate_upper: Estimated fraction above U (from ``q_upper``).
        estimate_lower: Estimated fraction below L.
        estimate: Their sum: the estimated fraction nonconforming.
        criterion: The k (Form 1) or M in percent (Form 2) judged against.
        reasons: Why.
    """

    decision: str = attrs.field(validator=one_of(("accept", "reject")))
    form: str = attrs.field(validator=one_of(FORMS))
    method: str = attrs.field(validator=one_of(VARIABLES_METHODS))
    sample_size: int = attrs.field(converter=as_int, validator=int_validator(2))
    mean: float = attrs.field(converter=as_real, validator=real_validator())
    std_dev: float = attrs.field(converter=as_real, validator=real_validator(0.0))
    q_upper: float | None = attrs.field(converter=as_real, validator=_optional_q)
    q_lower: float | None = attrs.field(converter=as_real, validator=_optional_q)
    estimate_upper: float | None = attrs.field(converter=as_real, validator=_optional_fraction)
    estimate_lower: float | None = attrs.field(converter=as_real, validator=_optional_fraction)
    estimate: float = attrs.field(converter=as_real, validator=real_validator(0.0, 2.0))
    criterion: float = attrs.field(converter=as_real, validator=real_validator(finite=False))
    reasons: tuple[Reason, ...] = attrs.field(
        default=(), converter=as_tuple, validator=reason_items
    )

    @property
    def accepted(self) -> bool:
        """True when the lot is accepted."""
        return self.decision == "accept"

    @property
    def estimate_pct(self) -> float:
        """The estimated percent nonconforming (Z1.9's p̂ in percent)."""
        return 100.0 * self.estimate


def _limit(field: str, value: object) -> float | None:
    return None if value is None else check_real(field, value)


def _q(distance: float, spread: float) -> float:
    if spread > 0.0:
        return distance / spread
    # No spread: every measurement equals the mean.
    return math.inf if distance > 0 else (-math.inf if distance < 0 else 0.0)


def judge_variables(
    plan: VariablesPlan,
    measurements: Any,
    *,
    upper: float | None = None,
    lower: float | None = None,
    sigma: float | None = None,
    form: Form | None = None,
    lower_plan: VariablesPlan | None = None,
) -> VariablesJudgement:
    """Accept or reject a lot from the measurements of its sample.

    Form 1 (``form="k"``, one limit): accept when ``Q >= k`` (the plan's
    published k, else the k equivalent to its M). Form 2 (``form="M"``): accept
    when the estimated percent nonconforming (both tails added for two limits)
    is at most M. By default Form 1 for one limit, Form 2 for two (Z1.9 gives
    double limits by Form 2 only, with one AQL for both).

    Args:
        plan: A :class:`~qmscore.sampling.VariablesPlan`.
        measurements: Exactly ``plan.sample_size`` finite numbers.
        upper: The upper specification limit U.
        lower: The lower specification limit L (at least one limit is needed).
        sigma: The known process standard deviation (sigma method; required
            there, refused for the s-method).
        form: ``"k"`` or ``"M"``; None picks as above.
        lower_plan: Two limits with different AQLs: the plan for the lower
            limit's AQL (``plan`` is then the upper limit's). It must have the
            same sample size and method. The lot is accepted when
            ``p_L <= M_L``, ``p_U <= M_U`` and ``p_L + p_U`` is at most the
            larger M (Form 2).

    Raises:
        InvalidInputError: a bad argument, a missing limit, ``lower >= upper``,
            the wrong number of measurements, Form 1 with two limits, or a plan
            whose sample reaches its lot (100% inspection instead).

    Example:
        >>> from qmscore.sampling import judge_variables, lookup_variables_plan
        >>> plan = lookup_variables_plan(40, 1.0)
        >>> j = judge_variables(plan, [197, 188, 184, 205, 201], upper=209, form="M")
        >>> j.decision, round(j.estimate_pct, 3), j.criterion
        ('accept', 2.182, 3.33)
    """
    check_instance("plan", plan, VariablesPlan, "a VariablesPlan")
    n = plan.sample_size
    if plan.inspect_all:
        raise InvalidInputError(
            f"the plan's sample size {n} reaches the lot size {plan.lot_size}: inspect every "
            "item against the specification limits (100%); a variables judgement does not apply",
            field="plan",
            value=n,
        )
    values = check_sequence("measurements", measurements, check_real, max_items=n + 1, min_items=n)
    if len(values) != n:
        raise value_error("measurements", f"exactly {n} values (the plan's sample size)", "...")
    u = _limit("upper", upper)
    low = _limit("lower", lower)
    if u is None and low is None:
        raise InvalidInputError(
            "at least one specification limit ('upper' or 'lower') is needed", field="upper"
        )
    if u is not None and low is not None and low >= u:
        raise value_error("lower", f"< upper ({u})", low)
    if form is None:
        form = "M" if u is not None and low is not None else "k"
    check_choice("form", form, FORMS)
    if lower_plan is not None:
        _check_lower_plan(plan, lower_plan, u, low, form)
    if form == "k" and u is not None and low is not None:
        raise InvalidInputError(
            "Form 1 ('k') judges one specification limit; use form='M' for two",
            field="form",
            value=form,
        )
    try:
        mean = math.fsum(values) / n
    except OverflowError:
        raise value_error(
            "measurements", "values whose mean and spread a float can hold", "..."
        ) from None
    if plan.method == "sigma":
        if sigma is None:
            raise InvalidInputError(
                "'sigma' (the known process standard deviation) is needed for a sigma-method plan",
                field="sigma",
            )
        spread = check_real("sigma", sigma, minimum=0.0, min_exclusive=True)
        spread_text = f"σ = {spread:.6g} (known)"
    else:
        if sigma is not None:
            raise InvalidInputError(
                "'sigma' is only for sigma-method plans (this plan estimates it by s)",
                field="sigma",
                value=sigma,
            )
        try:
            spread = math.sqrt(math.fsum((v - mean) * (v - mean) for v in values) / (n - 1))
        except OverflowError:
            spread = math.inf
        spread_text = f"s = {spread:.6g}"
    if math.isinf(mean) or math.isinf(spread):
        raise value_error("measurements", "values whose mean and spread a float can hold", "...")
    q_u = None if u is None else _q(u - mean, spread)
    q_l = None if low is None else _q(mean - low, spread)
    e_u = None if q_u is None else estimate_nonconforming(q_u, n, method=plan.method)
    e_l = None if q_l is None else estimate_nonconforming(q_l, n, method=plan.method)
    estimate = (e_u or 0.0) + (e_l or 0.0)
    source = _B5 if plan.method == "s" else _D5
    letter = "σ" if plan.method == "sigma" else "s"
    q_en = "".join(
        f"; Q_{side} = {q:.4f}" for side, q in (("U", q_u), ("L", q_l)) if q is not None
    )
    q_zh = "".join(
        f"；{name}质量统计量 Q_{side} = {q:.4f}"
        for side, name, q in (("U", "上", q_u), ("L", "下", q_l))
        if q is not None
    )
    stats = Reason(
        "sampling.variables.statistics",
        f"n = {n}: mean {mean:.6g}, {spread_text}{q_en} (Q = distance to the limit / {letter})",
        f"n = {n}：均值 {mean:.6g}，{spread_text.replace('(known)', '（已知）')}{q_zh}",
    )
    est = Reason(
        "sampling.variables.estimate",
        f"Estimated percent nonconforming {100 * estimate:.4g}%",
        f"估计不合格品百分数 {100 * estimate:.4g}%",
        source=source,
    )
    if form == "k":
        k = plan.acceptability_constant
        q = q_u if q_u is not None else q_l
        assert q is not None
        side = "Q_U" if q_u is not None else "Q_L"
        accepted = q >= k
        verdict = Reason(
            "sampling.variables.accept" if accepted else "sampling.variables.reject",
            f"Form 1: {side} = {q:.4f} {'>=' if accepted else '<'} k = {k:.4g}: "
            + ("accept the lot" if accepted else "do not accept the lot"),
            f"形式 1：{side} = {q:.4f} {'≥' if accepted else '<'} k = {k:.4g}："
            + ("接收该批" if accepted else "不接收该批"),
        )
        criterion = k
    elif lower_plan is not None:
        assert e_u is not None
        assert e_l is not None
        criterion = max(plan.m, lower_plan.m)
        checks = (
            ("p_U", "上", 100.0 * e_u, plan.m),
            ("p_L", "下", 100.0 * e_l, lower_plan.m),
            ("p_U + p_L", "上下合计", 100.0 * estimate, criterion),
        )
        accepted = all(value <= limit for _, _, value, limit in checks)
        en = "; ".join(
            f"{name} {value:.4g}% {'<=' if value <= limit else '>'} {limit}%"
            for name, _, value, limit in checks
        )
        zh = "；".join(
            f"{zh_name} {value:.4g}% {'≤' if value <= limit else '>'} {limit}%"
            for _, zh_name, value, limit in checks
        )
        verdict = Reason(
            "sampling.variables.accept" if accepted else "sampling.variables.reject",
            f"Form 2, two limits with different AQLs: {en}: "
            + ("accept the lot" if accepted else "do not accept the lot"),
            f"形式 2，上下规格限 AQL 不同：{zh}：" + ("接收该批" if accepted else "不接收该批"),
        )
    else:
        accepted = 100.0 * estimate <= plan.m
        verdict = Reason(
            "sampling.variables.accept" if accepted else "sampling.variables.reject",
            f"Form 2: estimate {100 * estimate:.4g}% {'<=' if accepted else '>'} M = {plan.m}%: "
            + ("accept the lot" if accepted else "do not accept the lot"),
            f"形式 2：估计不合格品百分数 {100 * estimate:.4g}% {'≤' if accepted else '>'} "
            f"M = {plan.m}%：" + ("接收该批" if accepted else "不接收该批"),
        )
        criterion = plan.m
    return VariablesJudgement(
        "accept" if accepted else "reject",
        form,
        plan.method,
        n,
        mean,
        spread,
        q_u,
        q_l,
        e_u,
        e_l,
        min(estimate, 2.0),
        criterion,
        (stats, est, verdict),
    )


def _check_lower_plan(
    plan: VariablesPlan,
    lower_plan: object,
    upper: float | None,
    lower: float | None,
    form: str,
) -> None:
    other = check_instance("lower_plan", lower_plan, VariablesPlan, "a VariablesPlan or None")
    if upper is None or lower is None:
        raise InvalidInputError(
            "'lower_plan' is for two limits with different AQLs: give 'upper' and 'lower'",
            field="lower_plan",
        )
    if form != "M":
        raise InvalidInputError(
            "two limits with different AQLs are judged by Form 2 ('M')", field="form", value=form
        )
    if other.sample_size != plan.sample_size or other.method != plan.method:
        raise InvalidInputError(
            f"'lower_plan' must have the same sample size and method as 'plan' "
            f"(got n {other.sample_size} {other.method}-method vs n {plan.sample_size} "
            f"{plan.method}-method)",
            field="lower_plan",
            value=other.sample_size,
        )


def variables_lot(judgement: VariablesJudgement, **flags: Any) -> Lot:
    """The judgement as a :class:`~qmscore.sampling.Lot` for the switching fold.

    Z1.9 switches like Z1.4 (2 of 5 rejected: tightened; 5 accepted on
    tightened: normal; 10 accepted and approval: reduced; a rejection on
    reduced: normal). A variables lot has no nonconforming count, so the Z1.4
    limit-number test for reduced inspection does not apply: fold with
    ``SwitchingRules(waive_limit_number=True)``.

    Example:
        >>> from qmscore.sampling import (SwitchingRules, SwitchingState, judge_variables,
        ...     lookup_variables_plan, next_inspection, variables_lot)
        >>> plan = lookup_variables_plan(40, 1.0)
        >>> j = judge_variables(plan, [197, 188, 184, 205, 201], upper=209)
        >>> state = SwitchingState(rules=SwitchingRules(waive_limit_number=True))
        >>> next_inspection(state, variables_lot(j)).accepted_run
        1
    """
    check_instance("judgement", judgement, VariablesJudgement, "a VariablesJudgement")
    return Lot(judgement.accepted, **flags)
