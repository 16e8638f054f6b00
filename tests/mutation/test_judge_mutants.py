"""Judging behaviours that surviving mutants showed untested (issue 20).

Expected reasons are the rules' wording with the counts filled in by hand.
"""

from __future__ import annotations

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.explain import Reason
from qmscore.sampling import SamplingPlan, judge

# Each test builds its plans afresh: a plan remembers judge()'s answers for one
# first-stage count, and a plan shared across tests would answer from that memory.


def _ac1() -> SamplingPlan:
    return SamplingPlan.from_stages([(50, 1, 2)])


def _gap() -> SamplingPlan:
    return SamplingPlan.from_stages([(20, 1, 4)])  # a reduced plan with a gap: Ac 1, Re 4


def _double() -> SamplingPlan:
    return SamplingPlan.from_stages([(32, 0, 2), (32, 1, 2)])


def _three_on_five() -> SamplingPlan:
    return SamplingPlan.from_stages([(5, 0, 3), (5, 1, 3), (5, 2, 3)], lot_size=5)


def test_reject_reason() -> None:
    assert judge(_ac1(), [2]).reasons == (
        Reason(
            "sampling.reject",
            "Stage 1: 2 found >= Re 2: do not accept the lot",
            "第 1 阶段：累计不合格 2 ≥ Re 2：不接收该批",
        ),
    )


def test_gap_reason_in_both_languages() -> None:
    (reason,) = judge(_gap(), [2]).reasons
    assert reason.en == (
        "Stage 1: 2 found, above Ac 1 but below Re 4 (gap plan): accept the lot and reinstate "
        "normal inspection"
    )
    assert (
        reason.zh
        == "第 1 阶段：累计不合格 2，大于 Ac 1 小于 Re 4（间隙方案）：接收该批，但恢复正常检验"
    )


def test_continue_reason_names_this_stage_and_the_next_sample() -> None:
    assert judge(_double(), [1]).reasons == (
        Reason(
            "sampling.continue",
            "Stage 1: 1 found, between Ac 0 and Re 2: draw sample 2",
            "第 1 阶段：累计不合格 1，介于 Ac 0 与 Re 2 之间：抽取第 2 个样本",
        ),
    )


def test_a_lot_exhausted_at_stage_one_is_judged_by_the_first_later_stage_that_decides() -> None:
    # 2 found in the whole lot of 5: stage 1 (Ac 0, Re 3) and stage 2 (Ac 1, Re 3, not the
    # last) cannot decide; stage 3 (Ac 2) accepts.
    verdict = judge(_three_on_five(), [2])
    assert (verdict.decision, verdict.stage, verdict.inspected, verdict.reinstate_normal) == (
        "accept",
        1,
        5,
        False,
    )
    assert verdict.reasons == (
        Reason(
            "sampling.lot_exhausted",
            "Every item of the lot (5) was inspected by stage 1: no later sample can be drawn, "
            "so the whole lot's count 2 is judged by stage 3's numbers",
            "第 1 阶段已检验批中全部 5 件：后续样本无法抽取，按整批计数 2 以第 3 阶段的判定数判定",
        ),
        Reason(
            "sampling.accept",
            "Stage 3: 2 found <= Ac 2: accept the lot",
            "第 3 阶段：累计不合格 2 ≤ Ac 2：接收该批",
        ),
    )


def test_as_many_nonconforming_items_as_drawn_is_allowed_one_more_is_not() -> None:
    assert judge(_ac1(), [50]).decision == "reject"
    with pytest.raises(
        InvalidInputError,
        match=r"^'defectives_per_stage\[0\]' must be <= the stage's sample size 50 \(nonconforming items\) \(got 51\)$",
    ):
        judge(_ac1(), [51])


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([], r"^'defectives_per_stage' must be at least one count \(got \[\]\)$"),
        (
            [0, 0],
            r"^'defectives_per_stage' must be at most 1 counts \(the plan's stages\) \(got \[0, 0\]\)$",
        ),
        ([0, 0, 0], r"^'defectives_per_stage' must be at most 2 items long"),
    ],
)
def test_count_list_errors(counts: list[int], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        judge(_ac1(), counts)


def test_counts_after_the_decision_name_the_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        judge(_double(), [2, 0])
    assert str(info.value) == (
        "'defectives_per_stage' has 2 counts but the lot was already decided (reject) at stage 1"
    )
    assert (info.value.field, info.value.value) == ("defectives_per_stage", [2, 0])


def test_exhaustion_judges_only_the_later_stages() -> None:
    # Lot of 4, stages (2, Ac 0, Re 2), (2, Ac 1, Re 3), (2, Ac 2, Re 3): 1 + 1 found uses up
    # the lot at stage 2 with 2 between Ac 1 and Re 3. Stage 1's Re 2 no longer applies;
    # stage 3 (Ac 2) accepts.
    plan = SamplingPlan.from_stages([(2, 0, 2), (2, 1, 3), (2, 2, 3)], lot_size=4)
    verdict = judge(plan, [1, 1])
    assert (verdict.decision, verdict.stage) == ("accept", 2)
    assert verdict.reasons[1].en == "Stage 3: 2 found <= Ac 2: accept the lot"


def test_a_junk_plan_with_one_count_is_refused_by_name() -> None:
    with pytest.raises(InvalidTypeError) as info:
        judge(None, [0])  # type: ignore[arg-type]
    assert str(info.value) == "'plan' must be a SamplingPlan (got None)"


def test_continue_at_a_stage_without_acceptance_shows_the_hash() -> None:
    # Stage 1 is '#' (no acceptance), Re 2: 0 found cannot accept, so sample 2 is drawn.
    plan = SamplingPlan.from_stages([(5, None, 2), (5, 1, 2)])
    assert judge(plan, [0]).reasons == (
        Reason(
            "sampling.continue",
            "Stage 1: 0 found, between Ac # and Re 2: draw sample 2",
            "第 1 阶段：累计不合格 0，介于 Ac # 与 Re 2 之间：抽取第 2 个样本",
        ),
    )
