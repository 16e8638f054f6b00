"""Switching between normal, tightened and reduced inspection, as a pure fold.

``next_inspection(state, lot)`` takes the state after the previous lots and
the outcome of the next lot, and returns the new state: which inspection
applies to the following lot, the counters the rules need, and the reasons
the state changed or stayed. The ERP stores lots; qmscore folds over them::

    state = SwitchingState()
    for lot in lots:
        state = next_inspection(state, lot)

Rules (ISO 2859-1:1999 clause 9 / Z1.4 section 8; thresholds are
:class:`SwitchingRules` fields):

* normal -> tightened: 2 of 5 or fewer consecutive lots not accepted;
* tightened -> normal: 5 consecutive lots accepted;
* tightened -> discontinued: 5 lots not accepted while on tightened;
  :func:`resume_inspection` restarts on tightened after corrective action;
* normal -> reduced, Z1.4: the preceding 10 lots accepted, their total
  nonconforming count within the Table VIII limit number (supplied by the
  caller, or waived as clause 8.5 allows), steady production, approval;
* normal -> reduced, ISO: switching score >= 30, steady production, approval;
* reduced -> normal: a lot not accepted, a gap-plan result between Ac and Re
  (Z1.4), irregular production, or the authority's decision.

Example:
    >>> from qmscore.sampling import Lot, SwitchingState, next_inspection
    >>> state = SwitchingState()
    >>> for accepted in (True, False, True, False):
    ...     state = next_inspection(state, Lot(accepted=accepted))
    >>> state.inspection, state.reasons[0].code
    ('tightened', 'switching.normal_to_tightened')
"""

from __future__ import annotations

from typing import Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_int,
    as_tuple,
    bool_validator,
    check_instance,
    check_str,
    one_of,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError, InvalidTransitionError, OutOfTableError
from qmscore.explain import Reason, Source
from qmscore.sampling._fields import (
    bool_items,
    count_field,
    flag_field,
    optional_count,
    optional_count_items,
    optional_flag_field,
    reason_items,
)
from qmscore.sampling.judge import Judgement
from qmscore.sampling.lookup import _resolve
from qmscore.sampling.plans import AQL_VALUES, SamplingPlan, normalize_standard

__all__ = [
    "Lot",
    "State",
    "SwitchingRules",
    "SwitchingState",
    "next_inspection",
    "resume_inspection",
]

State = Literal["normal", "tightened", "reduced", "discontinued"]

_Z14 = Source("ANSI/ASQ Z1.4 / MIL-STD-105E", clause="8.3-8.4")
_ISO = Source("ISO 2859-1:1999 / GB/T 2828.1-2012", clause="9.3-9.4")
_ISO_SCORE = Source(
    "ISO 2859-1:1999 / GB/T 2828.1-2012",
    clause="9.3.3.2",
    note="Single plans: confirmed by two sources; double plans: one source.",
)


def _standard(inst: object, attribute: object, value: str) -> None:
    normalize_standard(value)


@attrs.frozen
class SwitchingRules:
    """The switching thresholds, with the standard's values as defaults.

    Attributes:
        standard: ``"z1.4"`` or ``"iso2859-1"`` (alias ``"gb2828.1"``).
        tighten_rejections: Lots not accepted that trigger tightened ...
        tighten_window: ... within this many consecutive lots.
        relax_accepted: Consecutive lots accepted on tightened to return to normal.
        discontinue_rejections: Lots not accepted on tightened that discontinue inspection.
        reduced_after_lots: Z1.4: preceding lots accepted on normal before reduced.
        limit_number: Z1.4 Table VIII limit number for those lots (qmscore has
            no source for Table VIII; supply it, or set ``waive_limit_number``).
        waive_limit_number: Z1.4 clause 8.5: the authority drops the limit-number test.
        score_threshold: ISO switching score needed for reduced.
        score_step_ac2: ISO: added when Ac >= 2 and the lot would pass one AQL step tighter.
        score_step_ac01: ISO: added when Ac is 0 or 1 and the lot is accepted.
        score_step_double: ISO: added when a double plan accepts on the first sample.
    """

    standard: str = attrs.field(default="z1.4", validator=_standard)
    tighten_rejections: int = attrs.field(default=2, **count_field(1))
    tighten_window: int = attrs.field(default=5, **count_field(1))
    relax_accepted: int = attrs.field(default=5, **count_field(1))
    discontinue_rejections: int = attrs.field(default=5, **count_field(1))
    reduced_after_lots: int = attrs.field(default=10, **count_field(1))
    limit_number: int | None = attrs.field(
        default=None, converter=as_int, validator=optional_count
    )
    waive_limit_number: bool = attrs.field(
        default=False, converter=as_bool, validator=bool_validator
    )
    score_threshold: int = attrs.field(default=30, **count_field(1))
    score_step_ac2: int = attrs.field(default=3, **count_field(0))
    score_step_ac01: int = attrs.field(default=2, **count_field(0))
    score_step_double: int = attrs.field(default=3, **count_field(0))

    def __attrs_post_init__(self) -> None:
        if self.tighten_rejections > self.tighten_window:
            raise InvalidInputError.constraint(
                "tighten_rejections",
                f"<= tighten_window ({self.tighten_window})",
                self.tighten_rejections,
            )

    @property
    def canonical_standard(self) -> str:
        """``"z1.4"`` or ``"iso2859-1"``."""
        return normalize_standard(self.standard)


@attrs.frozen
class Lot:
    """What the switching rules need to know about one inspected lot.

    Attributes:
        accepted: Whether the lot was accepted.
        defectives: Nonconforming items (or nonconformities) found in all its
            samples. Needed for Z1.4 limit numbers and the ISO score when Ac >= 2.
        plan: The plan used. Needed for the ISO switching score.
        accepted_at_first_stage: Double/multiple plans: accepted on the first sample.
        reinstate_normal: The judgement fell in a reduced gap (accept, reinstate normal).
        production_steady: False when production is irregular or delayed.
        reduced_approved: The responsible authority approves reduced inspection.
        normal_required: The authority requires normal inspection (other conditions).
        resubmitted: A resubmitted lot; the switching rules ignore it.
        accepted_at_tighter_aql: ISO score: overrides the computed answer to
            "would this lot pass at one AQL step tighter?".
    """

    accepted: bool = attrs.field(converter=as_bool, validator=bool_validator)
    defectives: int | None = attrs.field(
        default=None, kw_only=True, converter=as_int, validator=optional_count
    )
    plan: SamplingPlan | None = attrs.field(default=None, kw_only=True)
    accepted_at_first_stage: bool | None = optional_flag_field()
    reinstate_normal: bool = flag_field(False)
    production_steady: bool = flag_field(True)
    reduced_approved: bool = flag_field(False)
    normal_required: bool = flag_field(False)
    resubmitted: bool = flag_field(False)
    accepted_at_tighter_aql: bool | None = optional_flag_field()

    @plan.validator
    def _check_plan(self, attribute: object, value: object) -> None:
        if value is not None:
            check_instance("plan", value, SamplingPlan, "a SamplingPlan or None")

    @classmethod
    def from_judgement(cls, plan: SamplingPlan, judgement: Judgement, **flags: bool) -> Lot:
        """A lot from a final :func:`~qmscore.sampling.judge` result.

        Raises:
            InvalidInputError: the judgement says "continue" (not decided yet).
        """
        check_instance("plan", plan, SamplingPlan, "a SamplingPlan")
        check_instance("judgement", judgement, Judgement, "a Judgement")
        if judgement.decision == "continue":
            raise InvalidInputError.constraint(
                "judgement.decision", "'accept' or 'reject'", "continue"
            )
        return cls(
            judgement.accepted,
            defectives=judgement.defectives,
            plan=plan,
            accepted_at_first_stage=judgement.accepted_at_first_stage,
            reinstate_normal=judgement.reinstate_normal,
            **flags,
        )


@display
@attrs.frozen
class SwitchingState:
    """Inspection severity for the next lot, the counters behind it, and why.

    Attributes:
        inspection: What applies to the next lot (or ``"discontinued"``).
        rules: The thresholds in force.
        recent: Acceptance of the latest lots on normal (up to the window).
        accepted_run: Consecutive lots accepted on the current severity.
        recent_defectives: Z1.4: nonconforming counts of the latest accepted
            run on normal (up to ``reduced_after_lots``); None where unknown.
        rejected_on_tightened: Lots not accepted since tightened began.
        switching_score: ISO switching score.
        lots: Lots folded in so far (resubmitted ones included).
        changed: Whether the last lot changed ``inspection``.
        reasons: Why the state is what it is after the last lot.
    """

    inspection: State = attrs.field(
        default="normal", validator=one_of(("normal", "tightened", "reduced", "discontinued"))
    )
    rules: SwitchingRules = attrs.field(factory=SwitchingRules)
    recent: tuple[bool, ...] = attrs.field(default=(), converter=as_tuple, validator=bool_items)
    accepted_run: int = attrs.field(default=0, **count_field(0))
    recent_defectives: tuple[int | None, ...] = attrs.field(
        default=(), converter=as_tuple, validator=optional_count_items
    )
    rejected_on_tightened: int = attrs.field(default=0, **count_field(0))
    switching_score: int = attrs.field(default=0, **count_field(0))
    lots: int = attrs.field(default=0, **count_field(0))
    changed: bool = attrs.field(default=False, converter=as_bool, validator=bool_validator)
    reasons: tuple[Reason, ...] = attrs.field(
        default=(), converter=as_tuple, validator=reason_items
    )

    @rules.validator
    def _check_rules(self, attribute: object, value: object) -> None:
        check_instance("rules", value, SwitchingRules, "a SwitchingRules")


def _reason(code: str, en: str, zh: str, iso: bool) -> Reason:
    return Reason(code, en, zh, source=_ISO if iso else _Z14)


def _enter(
    state: SwitchingState, inspection: State, *reasons: Reason, counted: bool = False
) -> SwitchingState:
    # Every counter restarts when the severity changes. ``counted``: the state
    # passed in already includes this lot in ``lots``.
    lots = state.lots if counted else state.lots + 1
    return SwitchingState(inspection, state.rules, lots=lots, changed=True, reasons=reasons)


def next_inspection(state: SwitchingState, lot: Lot) -> SwitchingState:
    """Fold one lot's outcome into the switching state.

    Raises:
        InvalidTransitionError: inspection is discontinued (see :func:`resume_inspection`).
        InvalidInputError: the lot lacks data the rule in force needs.
        OutOfTableError: Z1.4 normal -> reduced hinges on a Table VIII limit number
            that was not supplied, or an ISO score rule has no source (multiple plans).
    """
    check_instance("state", state, SwitchingState, "a SwitchingState")
    check_instance("lot", lot, Lot, "a Lot")
    if state.inspection == "discontinued":
        raise InvalidTransitionError(
            "inspection is discontinued (lots not accepted on tightened inspection reached "
            f"{state.rules.discontinue_rejections}); allowed: resume_inspection(state, reason) "
            "after the supplier's corrective action"
        )
    iso = state.rules.canonical_standard == "iso2859-1"
    if lot.resubmitted:
        return attrs.evolve(
            state,
            lots=state.lots + 1,
            changed=False,
            reasons=(
                _reason(
                    "switching.resubmitted_ignored",
                    "Resubmitted lot: not counted by the switching rules",
                    "再次提交的批不计入转移规则",
                    iso,
                ),
            ),
        )
    if state.inspection == "normal":
        return _from_normal(state, lot, iso)
    if state.inspection == "tightened":
        return _from_tightened(state, lot, iso)
    return _from_reduced(state, lot, iso)


def _from_normal(state: SwitchingState, lot: Lot, iso: bool) -> SwitchingState:
    rules = state.rules
    recent = (*state.recent, lot.accepted)[-rules.tighten_window :]
    rejected = recent.count(False)
    if rejected >= rules.tighten_rejections:
        return _enter(
            state,
            "tightened",
            _reason(
                "switching.normal_to_tightened",
                f"{rejected} of the last {len(recent)} lots not accepted on normal inspection "
                f"(limit {rules.tighten_rejections} in {rules.tighten_window}): switch to "
                "tightened",
                f"正常检验时连续 {len(recent)} 批中有 {rejected} 批不接收"
                f"（{rules.tighten_window} 批中 {rules.tighten_rejections} 批即转）：转加严检验",
                iso,
            ),
        )
    run = state.accepted_run + 1 if lot.accepted else 0
    window = (*state.recent_defectives, lot.defectives)[-rules.reduced_after_lots :]
    if not lot.accepted:
        window = ()
    base = attrs.evolve(
        state,
        recent=recent,
        accepted_run=run,
        recent_defectives=window,
        lots=state.lots + 1,
        changed=False,
    )
    if iso:
        return _iso_score(base, lot)
    return _z14_reduced(base, lot)


def _stay(state: SwitchingState, *reasons: Reason) -> SwitchingState:
    return attrs.evolve(state, reasons=reasons)


def _gates(lot: Lot, iso: bool) -> Reason | None:
    if not lot.production_steady:
        return _reason(
            "switching.reduced_blocked_production",
            "Production is not steady: reduced inspection not allowed",
            "生产不稳定：不得转放宽检验",
            iso,
        )
    if not lot.reduced_approved:
        return _reason(
            "switching.reduced_needs_approval",
            "Reduced inspection needs the responsible authority's approval (not given)",
            "转放宽检验须经负责部门同意（尚未同意）",
            iso,
        )
    return None


def _z14_reduced(state: SwitchingState, lot: Lot) -> SwitchingState:
    rules = state.rules
    need = rules.reduced_after_lots
    if state.accepted_run < need:
        return _stay(
            state,
            _reason(
                "switching.stay_normal",
                f"Normal inspection continues: {state.accepted_run} consecutive lots accepted "
                f"({need} needed for reduced)",
                f"继续正常检验：已连续接收 {state.accepted_run} 批（转放宽需 {need} 批）",
                False,
            ),
        )
    blocked = _gates(lot, False)
    if blocked is not None:
        return _stay(state, blocked)
    if rules.waive_limit_number:
        limit_reason = _reason(
            "switching.limit_number_waived",
            "Limit-number test waived by the responsible authority (Z1.4 8.5)",
            "经负责部门同意，免除界限数检验（Z1.4 8.5）",
            False,
        )
    else:
        if rules.limit_number is None:
            raise OutOfTableError(
                "Z1.4 Table VIII (limit numbers for reduced inspection) is not available in "
                "qmscore: supply SwitchingRules(limit_number=...) from the table, or "
                "waive_limit_number=True if the authority drops the test (clause 8.5)",
                field="limit_number",
                value=None,
            )
        if any(d is None for d in state.recent_defectives):
            raise InvalidInputError(
                f"the nonconforming counts ('defectives') of the last {need} lots are needed "
                "for the Table VIII limit-number test",
                field="defectives",
                value=state.recent_defectives,
            )
        total = sum(d for d in state.recent_defectives if d is not None)
        if total > rules.limit_number:
            return _stay(
                state,
                _reason(
                    "switching.limit_number_exceeded",
                    f"{total} nonconforming in the last {need} lots exceeds the limit number "
                    f"{rules.limit_number}: stay on normal",
                    f"最近 {need} 批不合格总数 {total} 超过界限数 {rules.limit_number}："
                    "继续正常检验",
                    False,
                ),
            )
        limit_reason = _reason(
            "switching.limit_number_met",
            f"{total} nonconforming in the last {need} lots <= limit number {rules.limit_number}",
            f"最近 {need} 批不合格总数 {total} ≤ 界限数 {rules.limit_number}",
            False,
        )
    return _enter(
        state,
        "reduced",
        _reason(
            "switching.normal_to_reduced",
            f"{need} consecutive lots accepted on normal, production steady, approved: switch "
            "to reduced",
            f"正常检验连续 {need} 批接收、生产稳定且经批准：转放宽检验",
            False,
        ),
        limit_reason,
        counted=True,
    )


def _iso_score(state: SwitchingState, lot: Lot) -> SwitchingState:
    rules = state.rules
    step, why = _score_step(state, lot)
    score = state.switching_score + step if step else 0
    state = attrs.evolve(state, switching_score=score)
    score_reason = Reason(
        "switching.score",
        f"{why}: switching score {'+' + str(step) if step else 'reset'} -> {score}",
        f"{why}：转移得分 {'+' + str(step) if step else '清零'} -> {score}",
        source=_ISO_SCORE,
    )
    if score < rules.score_threshold:
        return _stay(state, score_reason)
    blocked = _gates(lot, True)
    if blocked is not None:
        return _stay(state, score_reason, blocked)
    return _enter(
        state,
        "reduced",
        _reason(
            "switching.normal_to_reduced",
            f"Switching score {score} >= {rules.score_threshold}, production steady, approved: "
            "switch to reduced",
            f"转移得分 {score} ≥ {rules.score_threshold}，生产稳定且经批准：转放宽检验",
            True,
        ),
        score_reason,
        counted=True,
    )


def _score_step(state: SwitchingState, lot: Lot) -> tuple[int, str]:
    rules = state.rules
    if not lot.accepted:
        return 0, "Lot not accepted"
    plan = lot.plan
    if plan is None:
        raise InvalidInputError(
            "'plan' is needed on each Lot for the ISO 2859-1 switching score",
            field="plan",
            value=None,
        )
    if plan.scheme == "multiple":
        raise OutOfTableError(
            "ISO 2859-1 switching score for multiple plans: the sources conflict (accepted by "
            "the 2nd or by the 3rd sample); qmscore does not guess",
            field="plan",
            value=plan.scheme,
        )
    if plan.scheme == "double":
        if lot.accepted_at_first_stage is None:
            raise InvalidInputError(
                "'accepted_at_first_stage' is needed for the ISO score of a double plan",
                field="accepted_at_first_stage",
                value=None,
            )
        if lot.accepted_at_first_stage:
            return rules.score_step_double, "Double plan, accepted on the first sample"
        return 0, "Double plan, accepted only on the second sample"
    if plan.accept <= 1:
        return rules.score_step_ac01, f"Accepted with Ac {plan.accept}"
    tighter = lot.accepted_at_tighter_aql
    if tighter is None:
        tighter, why = _passes_tighter(plan, lot.defectives)
    else:
        why = "as stated by the caller"
    if tighter:
        return rules.score_step_ac2, f"Accepted with Ac {plan.accept}; passes one AQL step tighter"
    return 0, f"Accepted with Ac {plan.accept} but not one AQL step tighter ({why})"


def _passes_tighter(plan: SamplingPlan, defectives: int | None) -> tuple[bool, str]:
    if plan.aql is None or plan.initial_code_letter is None or plan.standard is None:
        raise InvalidInputError(
            "the ISO score for Ac >= 2 needs a table plan (code letter and AQL) or "
            "'accepted_at_tighter_aql' on the Lot",
            field="accepted_at_tighter_aql",
            value=None,
        )
    if defectives is None:
        raise InvalidInputError(
            "'defectives' is needed for the ISO score when Ac >= 2", field="defectives"
        )
    column = AQL_VALUES.index(plan.aql)
    if column == 0:
        return False, "no tighter AQL than 0.010"
    tighter = _resolve(plan.standard, "single", "normal", plan.initial_code_letter, column - 1)
    if tighter.stages[0].sample_size != plan.sample_size:
        # The tighter plan draws a different sample: we cannot say the lot would
        # pass it, so no points (the conservative reading).
        return False, "the tighter plan has a different sample size"
    ac = tighter.stages[0].accept
    return defectives <= ac, f"{defectives} found vs tighter Ac {ac}"  # type: ignore[operator]


def _from_tightened(state: SwitchingState, lot: Lot, iso: bool) -> SwitchingState:
    rules = state.rules
    if not lot.accepted:
        rejected = state.rejected_on_tightened + 1
        if rejected >= rules.discontinue_rejections:
            return _enter(
                state,
                "discontinued",
                _reason(
                    "switching.discontinue",
                    f"{rejected} lots not accepted on tightened inspection: discontinue "
                    "inspection until the supplier has corrected the process",
                    f"加严检验累计 {rejected} 批不接收：暂停检验，待供方采取纠正措施",
                    iso,
                ),
            )
        return attrs.evolve(
            state,
            accepted_run=0,
            rejected_on_tightened=rejected,
            lots=state.lots + 1,
            changed=False,
            reasons=(
                _reason(
                    "switching.stay_tightened",
                    f"Lot not accepted on tightened ({rejected} of "
                    f"{rules.discontinue_rejections} before discontinuation)",
                    f"加严检验不接收（累计 {rejected} 批，"
                    f"达 {rules.discontinue_rejections} 批暂停）",
                    iso,
                ),
            ),
        )
    run = state.accepted_run + 1
    if run >= rules.relax_accepted:
        return _enter(
            state,
            "normal",
            _reason(
                "switching.tightened_to_normal",
                f"{run} consecutive lots accepted on tightened: back to normal",
                f"加严检验连续 {run} 批接收：恢复正常检验",
                iso,
            ),
        )
    return attrs.evolve(
        state,
        accepted_run=run,
        lots=state.lots + 1,
        changed=False,
        reasons=(
            _reason(
                "switching.stay_tightened",
                f"{run} consecutive lots accepted on tightened ({rules.relax_accepted} needed "
                "for normal)",
                f"加严检验已连续接收 {run} 批（恢复正常需 {rules.relax_accepted} 批）",
                iso,
            ),
        ),
    )


def _from_reduced(state: SwitchingState, lot: Lot, iso: bool) -> SwitchingState:
    triggers: list[tuple[str, str, str]] = []
    if not lot.accepted:
        triggers.append(("lot_rejected", "a lot was not accepted", "有批不接收"))
    if lot.reinstate_normal and not iso:
        triggers.append(
            (
                "gap",
                "the count fell between Ac and Re of the reduced plan",
                "不合格数介于 Ac 与 Re 之间",
            )
        )
    if not lot.production_steady:
        triggers.append(("production", "production is irregular or delayed", "生产不稳定或延迟"))
    if lot.normal_required:
        triggers.append(
            ("decision", "the responsible authority requires normal", "负责部门要求恢复正常检验")
        )
    if triggers:
        return _enter(
            state,
            "normal",
            _reason(
                "switching.reduced_to_normal",
                "Back to normal inspection: " + "; ".join(t[1] for t in triggers),
                "恢复正常检验：" + "；".join(t[2] for t in triggers),
                iso,
            ),
        )
    return attrs.evolve(
        state,
        accepted_run=state.accepted_run + 1,
        lots=state.lots + 1,
        changed=False,
        reasons=(
            _reason(
                "switching.stay_reduced",
                "Lot accepted on reduced inspection; reduced continues",
                "放宽检验接收，继续放宽检验",
                iso,
            ),
        ),
    )


def resume_inspection(state: SwitchingState, reason: str) -> SwitchingState:
    """Resume a discontinued inspection on tightened, after corrective action.

    Args:
        state: A state whose inspection is ``"discontinued"``.
        reason: What the supplier corrected (recorded in the reasons).

    Raises:
        InvalidTransitionError: the inspection is not discontinued.
        InvalidInputError: ``reason`` is empty.
    """
    check_instance("state", state, SwitchingState, "a SwitchingState")
    check_str("reason", reason)
    if state.inspection != "discontinued":
        raise InvalidTransitionError(
            f"resume_inspection is only allowed when inspection is discontinued (it is "
            f"{state.inspection!r}); allowed now: next_inspection(state, lot)"
        )
    iso = state.rules.canonical_standard == "iso2859-1"
    return SwitchingState(
        "tightened",
        state.rules,
        lots=state.lots,
        changed=True,
        reasons=(
            _reason(
                "switching.resume",
                f"Inspection resumed on tightened after corrective action: {reason}",
                f"采取纠正措施后恢复检验（加严）：{reason}",
                iso,
            ),
        ),
    )
