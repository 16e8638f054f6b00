"""The operating characteristic of the whole switching scheme, as a Markov chain.

A single plan's OC says how often one lot of quality p is accepted. A supplier
running at quality p meets the *scheme*: normal, tightened and reduced plans
and the switching rules between them. :func:`scheme_oc` gives, for a process
fraction nonconforming p:

* the long-run probability that a lot is accepted;
* the long-run share of lots under normal, tightened, reduced and
  discontinued inspection;
* the expected sample per lot;
* the expected number of lots, from the start (normal inspection, no
  history), until inspection is discontinued.

How the chain is built: the states are the fold's own
:class:`~qmscore.sampling.SwitchingState` values, and every transition is a
call of :func:`~qmscore.sampling.next_inspection` (and
:func:`~qmscore.sampling.resume_inspection` after a discontinuation) on a
:class:`~qmscore.sampling.Lot` for each outcome a plan can give: rejected, or
accepted at stage k with d nonconforming. So the chain cannot drift from the
switching rules: it *is* the fold, enumerated. Counters the rules never read
past a bound are clamped so the state space is finite (the accepted run at
the reduced_after_lots or relax_accepted bound, the ISO switching score at its
threshold, the nonconforming counts unless a Z1.4 limit number is in force).
The structure is built once per scheme; each p only sets the probabilities
(from the plan walk of :func:`~qmscore.sampling.accept_probability`).

Modelling choices (parameters of :class:`SwitchingScheme`):

* lots come from a process at fraction p (binomial; Poisson for plans that
  count nonconformities);
* reduced inspection is approved and production steady whenever the rules
  allow it, if a reduced plan is given; without one, reduced never happens;
* discontinuation lasts ``pause_lots`` lot periods (default 1), during which
  nothing is inspected or accepted; then inspection resumes on tightened
  (:func:`~qmscore.sampling.resume_inspection`). With ``pause_lots=0`` it
  resumes at once and the discontinued share is 0.

Long-run values come from the renewal argument (rewards over one cycle from
a recurrent state, divided by the cycle's length); the expected lots until
discontinuation from the absorbing-chain equations. Both solve the linear
system by Gaussian elimination in the order the states were found, with the
diagonal taken as the sum of the escape probabilities (as in the
Grassmann-Taksar-Heyman algorithm), so no cancellation happens when p is
near 0.

Example:
    >>> from qmscore.sampling import scheme_oc, switching_scheme
    >>> scheme = switching_scheme(1000, 1.0)
    >>> oc = scheme_oc(scheme, 0.01)
    >>> round(oc.accept_probability, 4), round(oc.reduced, 3), round(oc.discontinued, 4)
    (0.9769, 0.637, 0.0003)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from qmscore._checks import (
    check_bool,
    check_instance,
    check_probability,
    check_real,
    check_sequence,
    int_validator,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError, OutOfTableError
from qmscore.explain import Reason, Source
from qmscore.sampling import oc as _oc
from qmscore.sampling._scheme_solve import Chain, cycle_totals, totals_until
from qmscore.sampling.lookup import lookup_plan
from qmscore.sampling.plans import SamplingPlan
from qmscore.sampling.switching import (
    Lot,
    SwitchingRules,
    SwitchingState,
    next_inspection,
    resume_inspection,
)

__all__ = [
    "MAX_PAUSE_LOTS",
    "MAX_SCHEME_POINTS",
    "MAX_STATES",
    "SchemeOC",
    "SwitchingScheme",
    "scheme_oc",
    "scheme_oc_curve",
    "switching_scheme",
]

MAX_STATES = 3000
"""Most switching states a scheme's chain may have (a time and memory bound)."""
MAX_PAUSE_LOTS = 1000
"""Longest discontinuation, in lot periods."""
MAX_SCHEME_POINTS = 1000
"""Most qualities :func:`scheme_oc_curve` evaluates."""

_SEVERITIES = ("normal", "tightened", "reduced")
_RESUME = "corrective action (scheme OC model)"
_SOURCE = Source(
    "ISO 2859-1:1999 clause 9 / ANSI/ASQ Z1.4 section 8",
    note="scheme OC: the switching fold enumerated as a Markov chain",
)


def _plan_validator(optional: bool) -> Callable[[Any, Any, Any], None]:
    def validate(inst: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        what = "a SamplingPlan or None" if optional else "a SamplingPlan"
        check_instance(attribute.name, value, SamplingPlan, what)

    return validate


def _rules_validator(inst: object, attribute: object, value: object) -> None:
    check_instance("rules", value, SwitchingRules, "a SwitchingRules")


@display
@attrs.frozen
class SwitchingScheme:
    """The three plans of a scheme, the switching rules, and the model's choices.

    Attributes:
        normal: The plan on normal inspection.
        tightened: The plan on tightened inspection.
        reduced: The plan on reduced inspection, or None (reduced never used).
        rules: The switching rules (their ``standard`` selects the edition).
        pause_lots: Lot periods a discontinuation lasts before inspection
            resumes on tightened (0 to :data:`MAX_PAUSE_LOTS`).
    """

    normal: SamplingPlan = attrs.field(validator=_plan_validator(False))
    tightened: SamplingPlan = attrs.field(validator=_plan_validator(False))
    reduced: SamplingPlan | None = attrs.field(
        default=None,
        validator=_plan_validator(True),
    )
    rules: SwitchingRules = attrs.field(factory=SwitchingRules, validator=_rules_validator)
    pause_lots: int = attrs.field(default=1, validator=int_validator(0, MAX_PAUSE_LOTS))

    def plan(self, inspection: str) -> SamplingPlan | None:
        """The plan for ``"normal"``, ``"tightened"`` or ``"reduced"``."""
        return {"normal": self.normal, "tightened": self.tightened, "reduced": self.reduced}[
            inspection
        ]


def switching_scheme(
    lot_size: int,
    aql: float,
    *,
    level: str = "II",
    scheme: str = "single",
    standard: str = "z1.4",
    reduced: bool = True,
    pause_lots: int = 1,
) -> SwitchingScheme:
    """The standard's scheme for a lot size and AQL: its three plans and rules.

    Z1.4's Table VIII (limit numbers) is not in qmscore: the rules waive the
    limit-number test (clause 8.5 allows it); build a :class:`SwitchingScheme`
    with ``SwitchingRules(limit_number=...)`` to use one. ISO 2859-1 reduced
    double plans (Table 3-C) are not in qmscore either: an ISO double scheme
    has no reduced inspection.

    Args:
        lot_size: The lot size (code letter by ``level``).
        aql: The AQL (preferred series).
        level: Inspection level.
        scheme: ``"single"``, ``"double"`` or ``"multiple"``.
        standard: ``"z1.4"`` or ``"iso2859-1"``.
        reduced: Whether reduced inspection is used (approved when allowed).
        pause_lots: Lot periods a discontinuation lasts.

    Raises:
        OutOfTableError: the standard has no plan there (ISO multiple plans).

    Example:
        >>> from qmscore.sampling import switching_scheme
        >>> s = switching_scheme(1000, 1.0, scheme="double")
        >>> s.normal.scheme, s.reduced is not None
        ('double', True)
    """
    use_reduced = check_bool("reduced", reduced)

    def one(inspection: str) -> SamplingPlan:
        return lookup_plan(
            lot_size,
            aql,
            level=level,
            inspection=inspection,  # type: ignore[arg-type]
            scheme=scheme,  # type: ignore[arg-type]
            standard=standard,
        )

    normal = one("normal")
    tightened = one("tightened")
    edition = normal.standard or "z1.4"
    red: SamplingPlan | None = None
    if use_reduced and not (edition == "iso2859-1" and scheme != "single"):
        red = one("reduced")
    rules = SwitchingRules(edition, waive_limit_number=edition == "z1.4")
    return SwitchingScheme(normal, tightened, red, rules, pause_lots)


@display
@attrs.frozen
class SchemeOC:
    """What the whole scheme does at one process quality.

    Attributes:
        p: Process fraction nonconforming (per unit for Poisson plans).
        accept_probability: Long-run share of lots accepted.
        normal: Long-run share of lots on normal inspection.
        tightened: ... on tightened.
        reduced: ... on reduced.
        discontinued: ... in a discontinuation (nothing inspected or accepted).
        sample_per_lot: Long-run expected sample size per lot.
        lots_to_discontinuation: Expected lots from the start (normal, no
            history) until the lot that discontinues inspection; ``inf`` when
            it never happens.
        plan_pa: Pa of each severity's plan on its own, ``(name, Pa)``.
        states: Switching states in the chain.
        reasons: How the numbers were obtained.
    """

    p: float
    accept_probability: float
    normal: float
    tightened: float
    reduced: float
    discontinued: float
    sample_per_lot: float
    lots_to_discontinuation: float
    plan_pa: tuple[tuple[str, float], ...]
    states: int
    reasons: tuple[Reason, ...] = ()


# --- the structure: the fold enumerated ------------------------------------


@attrs.frozen
class _Structure:
    keys: tuple[object, ...]  # SwitchingState or ("discontinued", i)
    # per state: severity index (0 normal, 1 tightened, 2 reduced, 3 discontinued)
    severity: tuple[int, ...]
    # per state: ((outcome index, next state), ...); discontinued: ((-1, next),)
    moves: tuple[tuple[tuple[int, int], ...], ...]
    # per severity: the outcomes the moves index: (stage, count) or None (rejected)
    outcomes: tuple[tuple[tuple[int, int] | None, ...], ...]
    start: int
    stops: frozenset[int]  # the states that are a discontinuation


def _outcomes(plan: SamplingPlan) -> tuple[tuple[int, int] | None, ...]:
    out: list[tuple[int, int] | None] = [None]
    for k, stage in enumerate(plan.stages):
        if stage.accept is None:
            continue
        last = k == len(plan.stages) - 1
        top = stage.reject - 1 if last else stage.accept
        out.extend((k, d) for d in range(top + 1))
    return tuple(out)


def _lot(plan: SamplingPlan, outcome: tuple[int, int] | None, approve: bool) -> Lot:
    if outcome is None:
        return Lot(False, plan=plan, accepted_at_first_stage=False, reduced_approved=approve)
    k, d = outcome
    ac = plan.stages[k].accept
    assert ac is not None
    return Lot(
        True,
        defectives=d,
        plan=plan,
        accepted_at_first_stage=k == 0,
        reinstate_normal=d > ac,
        reduced_approved=approve,
    )


def _canonical(state: SwitchingState, keep_counts: bool) -> SwitchingState:
    """The state with every counter clamped where the rules stop reading it."""
    rules = state.rules
    iso = rules.canonical_standard == "iso2859-1"
    run = state.accepted_run
    score = 0
    counts: tuple[int | None, ...] = ()
    if state.inspection == "normal":
        run = 0 if iso else min(run, rules.reduced_after_lots)
        score = min(state.switching_score, rules.score_threshold)
        counts = state.recent_defectives if keep_counts else ()
    elif state.inspection == "tightened":
        run = min(run, rules.relax_accepted)
    else:
        run = 0
    return SwitchingState(
        state.inspection,
        rules,
        recent=state.recent if state.inspection == "normal" else (),
        accepted_run=run,
        recent_defectives=counts,
        rejected_on_tightened=state.rejected_on_tightened,
        switching_score=score,
    )


@functools.lru_cache(maxsize=64)
def _structure(scheme: SwitchingScheme) -> _Structure:
    rules = scheme.rules
    keep = (
        rules.canonical_standard == "z1.4"
        and not rules.waive_limit_number
        and rules.limit_number is not None
    )
    approve = scheme.reduced is not None
    outcomes = tuple(
        _outcomes(plan) if plan is not None else ()
        for plan in (scheme.normal, scheme.tightened, scheme.reduced)
    )
    lots = tuple(
        tuple(_lot(plan, o, approve) for o in outs) if plan is not None else ()
        for plan, outs in zip(
            (scheme.normal, scheme.tightened, scheme.reduced), outcomes, strict=True
        )
    )
    pauses = [("discontinued", i) for i in range(max(1, scheme.pause_lots))]
    keys: list[object] = list(pauses)
    index: dict[object, int] = {k: i for i, k in enumerate(keys)}
    resumed = _canonical(resume_inspection(SwitchingState("discontinued", rules), _RESUME), keep)

    def find(key: object) -> int:
        if key not in index:
            if len(keys) >= MAX_STATES + len(pauses):
                raise OutOfTableError(
                    f"the scheme's chain exceeds {MAX_STATES} switching states (a Z1.4 "
                    "limit number multiplies them); waive the limit number or simplify",
                    field="scheme",
                    value=len(keys),
                )
            index[key] = len(keys)
            keys.append(key)
        return index[key]

    start = find(SwitchingState("normal", rules))
    moves: list[tuple[tuple[int, int], ...]] = [((-1, i + 1),) for i in range(len(pauses) - 1)]
    moves.append(((-1, find(resumed)),))
    done = len(pauses)
    while done < len(keys):
        state = keys[done]
        assert isinstance(state, SwitchingState)
        sev = _SEVERITIES.index(state.inspection)
        row: dict[tuple[int, int], None] = {}
        for i, lot in enumerate(lots[sev]):
            nxt = next_inspection(state, lot)
            target = 0 if nxt.inspection == "discontinued" else find(_canonical(nxt, keep))
            row[(i, target)] = None
        moves.append(tuple(row))
        done += 1
    severity = tuple(
        3 if isinstance(k, tuple) else _SEVERITIES.index(k.inspection)  # type: ignore[attr-defined]
        for k in keys
    )
    return _Structure(
        tuple(keys),
        severity,
        tuple(moves),
        outcomes,
        start,
        frozenset(range(len(pauses))),
    )


# --- one quality ----------------------------------------------------------------


def _outcome_probabilities(
    plan: SamplingPlan, outcomes: Sequence[tuple[int, int] | None], p: float
) -> tuple[list[float], float, float]:
    setup = _oc._setup(plan, p, None, None, None, "nearest")
    walk = _oc._walk(plan, setup)
    cum = list(plan.cumulative_sizes)
    found: dict[tuple[int, int], float] = {}
    for size, count, w in walk.accepted:
        key = (cum.index(size), count)
        found[key] = found.get(key, 0.0) + w
    pa = walk.pa
    probs = [max(0.0, 1.0 - pa) if o is None else found.get(o, 0.0) for o in outcomes]
    return probs, pa, _oc._asn(walk)


def _chain(scheme: SwitchingScheme, p: float) -> tuple[Chain, list[tuple[str, float]]]:
    s = _structure(scheme)
    per: list[tuple[list[float], float, float]] = []
    plan_pa: list[tuple[str, float]] = []
    for name, plan, outs in zip(
        _SEVERITIES, (scheme.normal, scheme.tightened, scheme.reduced), s.outcomes, strict=True
    ):
        if plan is None:
            per.append(([], 0.0, 0.0))
            continue
        per.append(_outcome_probabilities(plan, outs, p))
        plan_pa.append((name, per[-1][1]))
    rows: list[dict[int, float]] = []
    rewards: list[tuple[float, ...]] = []
    lot_reward = 1.0 if scheme.pause_lots else 0.0
    for i, moves in enumerate(s.moves):
        sev = s.severity[i]
        row: dict[int, float] = {}
        if sev == 3:
            row[moves[0][1]] = 1.0
            rewards.append((lot_reward, 0.0, 0.0, 0.0, 0.0, 0.0, lot_reward))
        else:
            probs, pa, asn = per[sev]
            for o, target in moves:
                if probs[o] > 0.0:
                    row[target] = row.get(target, 0.0) + probs[o]
            share = [0.0, 0.0, 0.0]
            share[sev] = 1.0
            rewards.append((1.0, pa, asn, *share, 0.0))
        rows.append(row)
    return Chain(tuple(rows), tuple(rewards), s.start, s.stops), plan_pa


def scheme_oc(scheme: SwitchingScheme, p: float) -> SchemeOC:
    """The long-run behaviour of a switching scheme at process quality ``p``.

    Args:
        scheme: The plans, rules and model choices (see :func:`switching_scheme`).
        p: Process fraction nonconforming in [0, 1] (for plans that count
            nonconformities: per unit, any non-negative number).

    Raises:
        InvalidInputError: ``p`` out of range.
        OutOfTableError: the rules need data qmscore lacks (a Z1.4 limit
            number neither given nor waived; the ISO score for multiple plans).

    Example:
        >>> from qmscore.sampling import scheme_oc, switching_scheme
        >>> oc = scheme_oc(switching_scheme(1000, 1.0), 0.05)
        >>> oc.tightened > 0.5, round(oc.lots_to_discontinuation, 1)
        (True, 8.1)
    """
    check_instance("scheme", scheme, SwitchingScheme, "a SwitchingScheme")
    q = _quality(scheme, p)
    chain, plan_pa = _chain(scheme, q)
    long_run = cycle_totals(chain)
    lots = long_run[0]
    acc, sample, nor, tig, red, dis = (v / lots for v in long_run[1:])
    until = totals_until(chain)
    edition = "ISO 2859-1" if scheme.rules.canonical_standard == "iso2859-1" else "Z1.4"
    n_states = len(chain.rows)
    reasons = (
        Reason(
            "sampling.scheme_oc",
            f"{edition} switching rules enumerated as a Markov chain of {n_states} states "
            f"at p = {q:g}: long-run Pa {acc:.6g}, sample per lot {sample:.6g}; shares normal "
            f"{nor:.4g}, tightened {tig:.4g}, reduced {red:.4g}, discontinued {dis:.4g}",
            f"{edition} 转移规则按 {n_states} 个状态的马尔可夫链计算，p = {q:g}：长期批接收"
            f"概率 {acc:.6g}，每批平均样本量 {sample:.6g}；正常 {nor:.4g}、加严 {tig:.4g}、"
            f"放宽 {red:.4g}、暂停 {dis:.4g}",
            source=_SOURCE,
        ),
        Reason(
            "sampling.scheme_oc_model",
            f"Model: reduced {'approved whenever allowed' if scheme.reduced else 'not used'}; "
            f"a discontinuation lasts {scheme.pause_lots} lot period(s), then tightened",
            f"模型：放宽检验{'在允许时即批准' if scheme.reduced else '不使用'}；"
            f"暂停检验持续 {scheme.pause_lots} 个批周期，之后恢复加严检验",
        ),
    )
    return SchemeOC(
        q,
        acc,
        nor,
        tig,
        red,
        dis,
        sample,
        until,
        tuple(plan_pa),
        n_states,
        reasons,
    )


def _quality(scheme: SwitchingScheme, p: object) -> float:
    if scheme.normal.counts == "nonconformities":
        return check_real("p", p, minimum=0.0)
    return check_probability("p", p)


def scheme_oc_curve(scheme: SwitchingScheme, ps: Iterable[float]) -> tuple[SchemeOC, ...]:
    """:func:`scheme_oc` at each quality (the chain's structure is built once).

    Example:
        >>> from qmscore.sampling import scheme_oc_curve, switching_scheme
        >>> curve = scheme_oc_curve(switching_scheme(1000, 1.0), [0.0, 0.02, 1.0])
        >>> [round(c.accept_probability, 3) for c in curve]
        [1.0, 0.546, 0.0]
    """
    check_instance("scheme", scheme, SwitchingScheme, "a SwitchingScheme")
    values = check_sequence("ps", ps, lambda f, v: v, max_items=MAX_SCHEME_POINTS)
    if not values:
        raise InvalidInputError.constraint("ps", "at least one quality", list(values))
    return tuple(scheme_oc(scheme, p) for p in values)
