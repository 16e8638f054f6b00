"""Sequential sampling by attributes: Wald's SPRT as in ISO 28591 (ISO 8422).

Items are inspected one at a time. After n items with d nonconforming:

* accept when d <= A_n = floor(g n - h_A) (never while that is negative);
* reject when d >= R_n = ceil(g n + h_R) (never while that exceeds n);
* otherwise inspect the next item.

From the producer's point (p1, 1 - alpha) and the consumer's (p2, beta),
with k = ln[p2 (1 - p1) / (p1 (1 - p2))]:

    h_A = ln[(1 - alpha) / beta] / k,  h_R = ln[(1 - beta) / alpha] / k,
    g = ln[(1 - p1) / (1 - p2)] / k.

**Truncation** (a documented choice, the rule of ISO 8422:2006 clause 8 that
ISO 28591:2017 keeps): the plan stops at n_t = ceil(2 h_A h_R / (g (1 - g)))
items (about three times the ASN at the worst quality); there the lot is
accepted when d <= A_t = floor(g n_t) and rejected otherwise. The
``truncation`` argument sets another n_t.

:func:`sequential_oc` computes the exact OC and ASN of the truncated plan by
recursion over the counts: the distribution of d among the lots still
undecided after each item.

Example:
    >>> from qmscore.sampling import sequential_plan, judge_sequential
    >>> plan = sequential_plan(0.01, 0.08)
    >>> round(plan.h_a, 4), round(plan.h_r, 4), round(plan.g, 5), plan.truncation
    (1.0458, 1.3426, 0.03406, 86)
    >>> judge_sequential(plan, [False] * 31).decision
    'accept'
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import attrs

from qmscore._checks import check_bool, check_instance, check_int, check_real, check_sequence
from qmscore._display import display
from qmscore.errors import InvalidInputError, OutOfTableError
from qmscore.explain import Reason, Source

__all__ = [
    "MAX_SEQUENTIAL_ITEMS",
    "SequentialJudgement",
    "SequentialOC",
    "SequentialPlan",
    "judge_sequential",
    "sequential_oc",
    "sequential_plan",
]

MAX_SEQUENTIAL_ITEMS = 100_000
"""Largest truncation point (items) of a sequential plan."""

_SOURCE = Source("ISO 28591:2017 / ISO 8422:2006", clause="truncation: ISO 8422 clause 8")


@display
@attrs.frozen
class SequentialPlan:
    """A truncated sequential plan by attributes.

    Attributes:
        p1: Producer's quality (accepted with probability 1 - alpha).
        alpha: Producer's risk.
        p2: Consumer's quality (accepted with probability beta).
        beta: Consumer's risk.
        h_a: Intercept of the acceptance line d = g n - h_A.
        h_r: Intercept of the rejection line d = g n + h_R.
        g: Slope of both lines.
        truncation: n_t, the most items inspected.
        accept_at_truncation: A_t: at n_t accept when d <= A_t, else reject.
        reasons: How the numbers were derived.
    """

    p1: float
    alpha: float
    p2: float
    beta: float
    h_a: float
    h_r: float
    g: float
    truncation: int
    accept_at_truncation: int
    reasons: tuple[Reason, ...] = ()

    def acceptance_number(self, n: int) -> int | None:
        """A_n after ``n`` items, or None where acceptance is not possible."""
        n = check_int("n", n, minimum=1, maximum=self.truncation)
        if n == self.truncation:
            return self.accept_at_truncation
        a = math.floor(self.g * n - self.h_a)
        return a if a >= 0 else None

    def rejection_number(self, n: int) -> int | None:
        """R_n after ``n`` items, or None where rejection is not possible."""
        n = check_int("n", n, minimum=1, maximum=self.truncation)
        if n == self.truncation:
            return self.accept_at_truncation + 1
        r = math.ceil(self.g * n + self.h_r)
        return r if r <= n else None


def _limits(plan: SequentialPlan) -> list[tuple[int, int]]:
    """(A_n, R_n) for n = 1..n_t, with A_n = -1 / R_n = n + 1 where impossible."""
    out = []
    for n in range(1, plan.truncation + 1):
        a = plan.acceptance_number(n)
        r = plan.rejection_number(n)
        out.append((-1 if a is None else a, n + 1 if r is None else r))
    return out


def _open_unit(field: str, value: object) -> float:
    return check_real(
        field, value, minimum=0.0, maximum=1.0, min_exclusive=True, max_exclusive=True
    )


def sequential_plan(
    p1: float,
    p2: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.10,
    truncation: int | None = None,
) -> SequentialPlan:
    """Wald's lines and the truncation point for (p1, alpha) and (p2, beta).

    Args:
        p1: Producer's quality, in (0, 1).
        p2: Consumer's quality, in (p1, 1).
        alpha: Producer's risk, in (0, 1), with alpha + beta < 1.
        beta: Consumer's risk, in (0, 1).
        truncation: n_t; default ceil(2 h_A h_R / (g (1 - g))) (ISO 8422).

    Raises:
        InvalidInputError: an input out of range.
        OutOfTableError: n_t would exceed :data:`MAX_SEQUENTIAL_ITEMS`.

    Example:
        >>> from qmscore.sampling import sequential_plan
        >>> plan = sequential_plan(0.01, 0.08)
        >>> plan.acceptance_number(30), plan.acceptance_number(31), plan.rejection_number(2)
        (None, 0, 2)
    """
    q1 = _open_unit("p1", p1)
    q2 = _open_unit("p2", p2)
    a = _open_unit("alpha", alpha)
    b = _open_unit("beta", beta)
    if q2 <= q1:
        raise InvalidInputError.constraint("p2", f"> p1 ({q1:g})", p2)
    if a + b >= 1.0:
        raise InvalidInputError.constraint("beta", f"< 1 - alpha ({1 - a:g})", beta)
    k = math.log(q2 / q1) + math.log1p(-q1) - math.log1p(-q2)
    h_a = math.log((1.0 - a) / b) / k
    h_r = math.log((1.0 - b) / a) / k
    g = (math.log1p(-q1) - math.log1p(-q2)) / k
    rule = truncation is None
    if truncation is None:
        raw = 2.0 * h_a * h_r / (g * (1.0 - g))
        if raw > MAX_SEQUENTIAL_ITEMS:
            raise OutOfTableError(
                f"the truncation point {raw:.0f} exceeds {MAX_SEQUENTIAL_ITEMS} items "
                "(p1 and p2 too close)",
                field="p2",
                value=q2,
            )
        n_t = max(1, math.ceil(raw))
    else:
        n_t = check_int("truncation", truncation, minimum=1, maximum=MAX_SEQUENTIAL_ITEMS)
    a_t = math.floor(g * n_t)
    how = "ceil(2 h_A h_R / (g (1 - g)))" if rule else "given"
    how_zh = "ceil(2 h_A h_R / (g (1 − g)))" if rule else "由调用方指定"
    reasons = (
        Reason(
            "sampling.sequential_lines",
            f"p1 {q1:g} (1 - alpha {1 - a:g}), p2 {q2:g} (beta {b:g}): h_A = {h_a:.6g}, "
            f"h_R = {h_r:.6g}, g = {g:.6g}; accept when d <= floor(g n - h_A), reject when "
            "d >= ceil(g n + h_R)",
            f"p1 {q1:g}（1 − α = {1 - a:g}），p2 {q2:g}（β = {b:g}）：h_A = {h_a:.6g}，"
            f"h_R = {h_r:.6g}，g = {g:.6g}；d ≤ floor(g n − h_A) 时接收，"
            "d ≥ ceil(g n + h_R) 时拒收",
            source=_SOURCE,
        ),
        Reason(
            "sampling.sequential_truncation",
            f"Truncated at n_t = {n_t} items ({how}): accept there when d <= "
            f"floor(g n_t) = {a_t}, else reject",
            f"截尾于 n_t = {n_t} 件（{how_zh}）：届时 d ≤ floor(g n_t) = {a_t} 接收，否则拒收",
            source=_SOURCE,
        ),
    )
    return SequentialPlan(q1, a, q2, b, h_a, h_r, g, n_t, a_t, reasons)


@display
@attrs.frozen
class SequentialJudgement:
    """The decision after the items inspected so far.

    Attributes:
        decision: ``"accept"``, ``"reject"`` or ``"continue"``.
        inspected: Items inspected.
        defectives: Nonconforming items among them.
        acceptance_number: A_n at this point (None: acceptance not possible yet).
        rejection_number: R_n at this point (None: rejection not possible yet).
        reasons: Why.
    """

    decision: str
    inspected: int
    defectives: int
    acceptance_number: int | None
    rejection_number: int | None
    reasons: tuple[Reason, ...] = ()


def judge_sequential(plan: SequentialPlan, items: Iterable[bool]) -> SequentialJudgement:
    """Judge item by item: ``items[i]`` is True when item i+1 is nonconforming.

    Stop giving items once the decision is reached.

    Raises:
        InvalidInputError: no item, an item that is not a bool, more items
            than n_t, or items given after the decision.

    Example:
        >>> from qmscore.sampling import judge_sequential, sequential_plan
        >>> plan = sequential_plan(0.01, 0.08)
        >>> judge_sequential(plan, [True, True]).decision
        'reject'
        >>> judge_sequential(plan, [False, True, False]).decision
        'continue'
    """
    check_instance("plan", plan, SequentialPlan, "a SequentialPlan")
    flags = check_sequence("items", items, check_bool, max_items=plan.truncation)
    if not flags:
        raise InvalidInputError.constraint("items", "at least one item", list(flags))
    d = 0
    for n, bad in enumerate(flags, start=1):
        d += bool(bad)
        a = plan.acceptance_number(n)
        r = plan.rejection_number(n)
        decided = (a is not None and d <= a) or (r is not None and d >= r)
        if decided and n < len(flags):
            raise InvalidInputError(
                f"the lot was decided after item {n}; {len(flags) - n} more item(s) given",
                field="items",
                value=len(flags),
            )
    n = len(flags)
    if a is not None and d <= a:
        decision = "accept"
        en = f"{d} nonconforming in {n} items <= A_{n} = {a}: accept"
        zh = f"{n} 件中不合格 {d} 件 ≤ A_{n} = {a}：接收"
    elif r is not None and d >= r:
        decision = "reject"
        en = f"{d} nonconforming in {n} items >= R_{n} = {r}: reject"
        zh = f"{n} 件中不合格 {d} 件 ≥ R_{n} = {r}：拒收"
    else:
        decision = "continue"
        limits = f"A_{n} = {'-' if a is None else a}, R_{n} = {'-' if r is None else r}"
        en = f"{d} nonconforming in {n} items, between the lines ({limits}): inspect the next item"
        zh = f"{n} 件中不合格 {d} 件，处于两线之间（{limits}）：继续检验下一件"
    return SequentialJudgement(
        decision, n, d, a, r, (Reason(f"sampling.sequential_{decision}", en, zh, source=_SOURCE),)
    )


@display
@attrs.frozen
class SequentialOC:
    """Exact OC and ASN of a truncated sequential plan at one quality.

    Attributes:
        p: Fraction nonconforming.
        pa: Probability of acceptance.
        asn: Expected items inspected.
        truncated: Probability the plan reaches n_t undecided.
        reasons: How it was computed.
    """

    p: float
    pa: float
    asn: float
    truncated: float
    reasons: tuple[Reason, ...] = ()


def sequential_oc(plan: SequentialPlan, p: float) -> SequentialOC:
    """Pa and ASN of the truncated plan at ``p``, exact (binomial items).

    Walks the distribution of d over the lots still undecided, item by item:
    Pa sums the mass that reaches an acceptance number, ASN the mass still
    undecided before each item.

    Example:
        >>> from qmscore.sampling import sequential_oc, sequential_plan
        >>> oc = sequential_oc(sequential_plan(0.01, 0.08), 0.0)
        >>> oc.pa, oc.asn
        (1.0, 31.0)
    """
    check_instance("plan", plan, SequentialPlan, "a SequentialPlan")
    q = check_real("p", p, minimum=0.0, maximum=1.0)
    live = [1.0]  # live[d]: probability of being undecided with d nonconforming
    accepted = 0.0
    asn = 0.0
    reach_end = 0.0
    for n, (a, r) in enumerate(_limits(plan), start=1):
        asn += math.fsum(live)
        step = [0.0] * (len(live) + 1)
        for d, w in enumerate(live):
            if w:
                step[d] += w * (1.0 - q)
                step[d + 1] += w * q
        if n == plan.truncation:
            reach_end = math.fsum(step)
        lo = max(0, a + 1)
        accepted += math.fsum(step[:lo])
        live = [0.0] * lo + step[lo:r]
        if not any(live):
            break
    pa = min(1.0, accepted)
    reasons = (
        Reason(
            "sampling.sequential_oc",
            f"Exact recursion over the counts to n_t = {plan.truncation}: Pa({q:g}) = "
            f"{pa:.6g}, ASN = {asn:.6g}",
            f"对不合格数逐件递推至 n_t = {plan.truncation}：Pa({q:g}) = {pa:.6g}，"
            f"平均样本量 ASN = {asn:.6g}",
            source=_SOURCE,
        ),
    )
    return SequentialOC(q, pa, asn, reach_end, reasons)
