"""Lot decisions: accept, reject, or draw the next sample.

Example:
    >>> from qmscore.sampling import SamplingPlan, judge
    >>> double = SamplingPlan.from_stages([(32, 0, 3), (32, 3, 4)])
    >>> judge(double, [1]).decision
    'continue'
    >>> judge(double, [1, 2]).decision
    'accept'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from qmscore._checks import (
    as_int,
    as_tuple,
    bool_validator,
    check_instance,
    check_int,
    check_sequence,
    int_validator,
    one_of,
    type_error,
    value_error,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling.plans import SamplingPlan

__all__ = ["Decision", "Judgement", "judge"]

Decision = Literal["accept", "reject", "continue"]


@display
@attrs.frozen
class Judgement:
    """The outcome of inspecting the samples drawn so far.

    Attributes:
        decision: ``"accept"``, ``"reject"`` or ``"continue"`` (draw the next sample).
        stage: The stage (1-based) at which the decision was reached.
        defectives: Cumulative nonconforming items (or nonconformities) so far.
        inspected: Cumulative sample size so far.
        reinstate_normal: The lot is accepted, but the count fell between Ac and
            Re of a gap plan: normal inspection must be reinstated (Z1.4 reduced).
        reasons: Why.
    """

    decision: Decision = attrs.field(validator=one_of(("accept", "reject", "continue")))
    stage: int = attrs.field(converter=as_int, validator=int_validator(1))
    defectives: int = attrs.field(converter=as_int, validator=int_validator(0))
    inspected: int = attrs.field(converter=as_int, validator=int_validator(1))
    reinstate_normal: bool = attrs.field(default=False, validator=bool_validator)
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=as_tuple)

    @property
    def accepted(self) -> bool:
        """True when the lot is accepted."""
        return self.decision == "accept"

    @property
    def accepted_at_first_stage(self) -> bool:
        """True when the lot was accepted on the first sample (ISO switching score)."""
        return self.decision == "accept" and self.stage == 1


def judge(plan: SamplingPlan, defectives_per_stage: Iterable[int]) -> Judgement:
    """Decide a lot from the count found in each sample drawn so far.

    Counts are per stage (not cumulative); the plan's Ac/Re are cumulative. A
    ``#`` stage can reject or continue, never accept. At the last stage of a
    gap plan, a count above Ac and below Re accepts the lot and flags
    ``reinstate_normal``.

    A plan that counts nonconforming items (``plan.counts == "items"``) takes
    at most one per item drawn; a plan that counts nonconformities (AQL above
    10, per 100 units) takes any count: an item may carry several.

    When the plan knows its lot (``plan.lot_size``), a stage draws only what
    is left of the lot. Once every item has been inspected no later sample
    can find anything more: a lot still undecided is judged on its whole count
    by the later stages' numbers (see :func:`~qmscore.sampling.plans.lot_reasons`).

    Args:
        plan: Any sampling plan.
        defectives_per_stage: One non-negative count per sample drawn (any
            integers, NumPy included). Stop giving counts once decided.

    Raises:
        InvalidInputError: negative or non-integer counts, more nonconforming
            items than items drawn, more samples than the plan has, or counts
            given after the lot was already decided.

    Example:
        >>> from qmscore.sampling import judge, lookup_plan
        >>> judge(lookup_plan(500, 1.0, inspection="reduced"), [1]).reinstate_normal
        True
        >>> judge(lookup_plan(1000, 65), [25]).decision  # n 20, Re 22: nonconformities
        'reject'
    """
    if (
        type(plan) is SamplingPlan
        and type(defectives_per_stage) in _PLAIN_SEQUENCES
        and len(defectives_per_stage) == 1  # type: ignore[arg-type]
    ):
        found = defectives_per_stage[0]  # type: ignore[index]
        if type(found) is int:
            # One plain int on the first stage: the answer depends on the plan
            # and the count only, so each is worked out once per plan.
            try:
                return plan._judgements[found]  # type: ignore[no-any-return]
            except KeyError:
                return _remember(plan, found)
    return _judge(plan, defectives_per_stage)


_PLAIN_SEQUENCES = (list, tuple)


def _remember(plan: SamplingPlan, found: int) -> Judgement:
    answer = _judge(plan, (found,))  # raises for a count the plan refuses
    first = plan.stages[0]
    if found <= first.sample_size or found <= first.reject:  # bounded by the plan's numbers
        plan._judgements[found] = answer
    return answer


def _judge(plan: SamplingPlan, defectives_per_stage: Iterable[int]) -> Judgement:
    # Every input checked: any iterable of any integers.
    check_instance("plan", plan, SamplingPlan, "a SamplingPlan")
    field = "defectives_per_stage"
    if isinstance(defectives_per_stage, (str, bytes, bytearray, Mapping)) or not isinstance(
        defectives_per_stage, Iterable
    ):
        raise type_error(field, "a list of counts", defectives_per_stage)
    stages = plan.stages
    limit = len(stages) + 1
    counts: tuple[Any, ...] = check_sequence(field, defectives_per_stage, max_items=limit)
    if not counts:
        raise value_error(field, "at least one count", list(counts))
    if len(counts) > len(stages):
        raise value_error(field, f"at most {len(stages)} counts (the plan's stages)", list(counts))
    items = plan.counts == "items"
    lot = plan.lot_size
    total = inspected = 0
    last = len(stages) - 1
    for k, (count, stage) in enumerate(zip(counts, stages, strict=False)):
        drawn = stage.sample_size if lot is None else min(stage.sample_size, lot - inspected)
        found = check_int(f"{field}[{k}]", count, minimum=0)
        if items and found > drawn:
            most = (
                f"the stage's sample size {drawn}"
                if drawn == stage.sample_size
                else f"the {drawn} items left in the lot"
            )
            raise value_error(f"{field}[{k}]", f"<= {most} (nonconforming items)", found)
        total += found
        inspected += drawn
        decided = _decide(stage.accept, stage.reject, total, k + 1, k == last)
        if decided is None and lot is not None and inspected >= lot:
            decided = _exhausted(plan, k, total)
        if decided is not None:
            if k + 1 < len(counts):
                raise InvalidInputError(
                    f"'{field}' has {len(counts)} counts but the lot was already "
                    f"decided ({decided[0]}) at stage {k + 1}",
                    field=field,
                    value=list(counts),
                )
            decision, reinstate, reasons = decided
            return Judgement(decision, k + 1, total, inspected, reinstate, reasons)
    stage = stages[len(counts) - 1]
    ac = "#" if stage.accept is None else str(stage.accept)
    return Judgement(
        "continue",
        len(counts),
        total,
        inspected,
        reasons=(
            Reason(
                "sampling.continue",
                f"Stage {len(counts)}: {total} found, between Ac {ac} and Re {stage.reject}: "
                f"draw sample {len(counts) + 1}",
                f"第 {len(counts)} 阶段：累计不合格 {total}，介于 Ac {ac} 与 Re {stage.reject} "
                f"之间：抽取第 {len(counts) + 1} 个样本",
            ),
        ),
    )


def _exhausted(
    plan: SamplingPlan, k: int, total: int
) -> tuple[Decision, bool, tuple[Reason, ...]]:
    # Every item is inspected and the lot is undecided: later samples would
    # find nothing more, so the later stages judge the same count. Re never
    # falls, so this always ends in an acceptance (the last stage decides).
    last = len(plan.stages) - 1
    for j in range(k + 1, last + 1):
        stage = plan.stages[j]
        decided = _decide(stage.accept, stage.reject, total, j + 1, j == last)
        if decided is not None:
            decision, reinstate, reasons = decided
            note = Reason(
                "sampling.lot_exhausted",
                f"Every item of the lot ({plan.lot_size}) was inspected by stage {k + 1}: no "
                f"later sample can be drawn, so the whole lot's count {total} is judged by stage "
                f"{j + 1}'s numbers",
                f"第 {k + 1} 阶段已检验批中全部 {plan.lot_size} 件：后续样本无法抽取，"
                f"按整批计数 {total} 以第 {j + 1} 阶段的判定数判定",
            )
            return decision, reinstate, (note, *reasons)
    raise AssertionError("unreachable: the last stage always decides")  # pragma: no cover


def _decide(
    ac: int | None, re: int, total: int, k: int, is_last: bool
) -> tuple[Decision, bool, tuple[Reason, ...]] | None:
    if ac is not None and total <= ac:
        return (
            "accept",
            False,
            _one(
                "sampling.accept",
                f"Stage {k}: {total} found <= Ac {ac}: accept the lot",
                f"第 {k} 阶段：累计不合格 {total} ≤ Ac {ac}：接收该批",
            ),
        )
    if total >= re:
        return (
            "reject",
            False,
            _one(
                "sampling.reject",
                f"Stage {k}: {total} found >= Re {re}: do not accept the lot",
                f"第 {k} 阶段：累计不合格 {total} ≥ Re {re}：不接收该批",
            ),
        )
    if is_last:
        return (
            "accept",
            True,
            _one(
                "sampling.accept_reinstate_normal",
                f"Stage {k}: {total} found, above Ac {ac} but below Re {re} (gap plan): accept "
                "the lot and reinstate normal inspection",
                f"第 {k} 阶段：累计不合格 {total}，大于 Ac {ac} 小于 Re {re}"
                "（间隙方案）：接收该批，"
                "但恢复正常检验",
            ),
        )
    return None


def _one(code: str, en: str, zh: str) -> tuple[Reason, ...]:
    return (Reason(code, en, zh),)
