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

from collections.abc import Sequence
from typing import Literal

import attrs

from qmscore._checks import check_int
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.sampling.plans import SamplingPlan

__all__ = ["Decision", "Judgement", "judge"]

Decision = Literal["accept", "reject", "continue"]


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

    decision: Decision
    stage: int
    defectives: int
    inspected: int
    reinstate_normal: bool = False
    reasons: tuple[Reason, ...] = ()

    @property
    def accepted(self) -> bool:
        """True when the lot is accepted."""
        return self.decision == "accept"

    @property
    def accepted_at_first_stage(self) -> bool:
        """True when the lot was accepted on the first sample (ISO switching score)."""
        return self.decision == "accept" and self.stage == 1


def judge(plan: SamplingPlan, defectives_per_stage: Sequence[int]) -> Judgement:
    """Decide a lot from the nonconforming count found in each sample drawn so far.

    Counts are per stage (not cumulative); the plan's Ac/Re are cumulative. A
    ``#`` stage can reject or continue, never accept. At the last stage of a
    gap plan, a count above Ac and below Re accepts the lot and flags
    ``reinstate_normal``.

    Args:
        plan: Any sampling plan.
        defectives_per_stage: One non-negative count per sample drawn, each at
            most that stage's sample size. Stop giving counts once decided.

    Raises:
        InvalidInputError: negative or non-integer counts, more defectives than
            items in a sample, more samples than the plan has, or counts given
            after the lot was already decided.

    Example:
        >>> from qmscore.sampling import judge, lookup_plan
        >>> judge(lookup_plan(500, 1.0, inspection="reduced"), [1]).reinstate_normal
        True
    """
    if isinstance(defectives_per_stage, (str, bytes)) or not isinstance(
        defectives_per_stage, Sequence
    ):
        raise InvalidInputError.constraint(
            "defectives_per_stage", "a sequence of counts", defectives_per_stage
        )
    counts = list(defectives_per_stage)
    if not counts:
        raise InvalidInputError.constraint(
            "defectives_per_stage", "at least one count", defectives_per_stage
        )
    if len(counts) > len(plan.stages):
        raise InvalidInputError.constraint(
            "defectives_per_stage",
            f"at most {len(plan.stages)} counts (the plan's stages)",
            counts,
        )
    total = inspected = 0
    last = len(plan.stages)
    for k, (count, stage) in enumerate(zip(counts, plan.stages, strict=False), 1):
        check_int(f"defectives_per_stage[{k - 1}]", count, minimum=0)
        if count > stage.sample_size:
            raise InvalidInputError.constraint(
                f"defectives_per_stage[{k - 1}]",
                f"<= the stage's sample size {stage.sample_size}",
                count,
            )
        total += count
        inspected += stage.sample_size
        decided = _decide(stage.accept, stage.reject, total, k, k == last)
        if decided is not None:
            if k < len(counts):
                raise InvalidInputError(
                    f"'defectives_per_stage' has {len(counts)} counts but the lot was already "
                    f"decided ({decided[0]}) at stage {k}",
                    field="defectives_per_stage",
                    value=counts,
                )
            decision, reinstate, reason = decided
            return Judgement(decision, k, total, inspected, reinstate, (reason,))
    stage = plan.stages[len(counts) - 1]
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


def _decide(
    ac: int | None, re: int, total: int, k: int, is_last: bool
) -> tuple[Decision, bool, Reason] | None:
    if ac is not None and total <= ac:
        return (
            "accept",
            False,
            Reason(
                "sampling.accept",
                f"Stage {k}: {total} found <= Ac {ac}: accept the lot",
                f"第 {k} 阶段：累计不合格 {total} ≤ Ac {ac}：接收该批",
            ),
        )
    if total >= re:
        return (
            "reject",
            False,
            Reason(
                "sampling.reject",
                f"Stage {k}: {total} found >= Re {re}: do not accept the lot",
                f"第 {k} 阶段：累计不合格 {total} ≥ Re {re}：不接收该批",
            ),
        )
    if is_last:
        return (
            "accept",
            True,
            Reason(
                "sampling.accept_reinstate_normal",
                f"Stage {k}: {total} found, above Ac {ac} but below Re {re} (gap plan): accept "
                "the lot and reinstate normal inspection",
                f"第 {k} 阶段：累计不合格 {total}，大于 Ac {ac} 小于 Re {re}"
                "（间隙方案）：接收该批，"
                "但恢复正常检验",
            ),
        )
    return None
