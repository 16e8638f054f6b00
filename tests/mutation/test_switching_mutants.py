"""Switching-rule reasons and errors that surviving mutants showed untested (issue 20).

The expected messages are the rules' own wording with the counts filled in by
hand; the source of each reason tells Z1.4 from ISO 2859-1.
"""

from __future__ import annotations

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, OutOfTableError
from qmscore.explain import Reason, Source
from qmscore.sampling import (
    Lot,
    SamplingPlan,
    SwitchingRules,
    SwitchingState,
    judge,
    lookup_plan,
    next_inspection,
    resume_inspection,
)

Z14 = Source("ANSI/ASQ Z1.4 / MIL-STD-105E", clause="8.3-8.4")
ISO = Source("ISO 2859-1:1999 / GB/T 2828.1-2012", clause="9.3-9.4")
ISO_SCORE = Source(
    "ISO 2859-1:1999 / GB/T 2828.1-2012",
    clause="9.3.3.2",
    note="Single plans: confirmed by two sources; double plans: one source.",
)
ISO_RULES = SwitchingRules(standard="iso2859-1")
AC1 = SamplingPlan.from_stages([(50, 1, 2)])
AC2 = SamplingPlan.from_stages([(80, 2, 3)])  # no table: no code letter or AQL
DOUBLE = SamplingPlan.from_stages([(32, 0, 2), (32, 1, 2)])


def test_reduced_back_to_normal_lists_every_trigger() -> None:
    state = SwitchingState("reduced", lots=3)
    lot = Lot(False, reinstate_normal=True, production_steady=False, normal_required=True)
    after = next_inspection(state, lot)
    assert after.inspection == "normal"
    assert after.reasons == (
        Reason(
            "switching.reduced_to_normal",
            "Back to normal inspection: a lot was not accepted; the count fell between Ac and "
            "Re of the reduced plan; production is irregular or delayed; the responsible "
            "authority requires normal",
            "恢复正常检验：有批不接收；不合格数介于 Ac 与 Re 之间；生产不稳定或延迟；"
            "负责部门要求恢复正常检验",
            source=Z14,
        ),
    )


def test_staying_on_reduced_counts_the_lot() -> None:
    state = SwitchingState("reduced", accepted_run=3, lots=7, changed=True)
    after = next_inspection(state, Lot(True))
    assert (after.inspection, after.accepted_run, after.lots, after.changed) == (
        "reduced",
        4,
        8,
        False,
    )
    assert after.reasons == (
        Reason(
            "switching.stay_reduced",
            "Lot accepted on reduced inspection; reduced continues",
            "放宽检验接收，继续放宽检验",
            source=Z14,
        ),
    )


def test_tightened_reasons_on_iso() -> None:
    state = SwitchingState("tightened", ISO_RULES, rejected_on_tightened=1, lots=4)
    rejected = next_inspection(state, Lot(False))
    assert rejected.reasons == (
        Reason(
            "switching.stay_tightened",
            "Lot not accepted on tightened (2 of 5 before discontinuation)",
            "加严检验不接收（累计 2 批，达 5 批暂停）",
            source=ISO,
        ),
    )
    accepted = next_inspection(state, Lot(True))
    assert accepted.reasons == (
        Reason(
            "switching.stay_tightened",
            "1 consecutive lots accepted on tightened (5 needed for normal)",
            "加严检验已连续接收 1 批（恢复正常需 5 批）",
            source=ISO,
        ),
    )
    fifth = next_inspection(
        SwitchingState("tightened", ISO_RULES, rejected_on_tightened=4), Lot(False)
    )
    assert fifth.inspection == "discontinued"
    assert fifth.reasons == (
        Reason(
            "switching.discontinue",
            "5 lots not accepted on tightened inspection: discontinue inspection until the "
            "supplier has corrected the process",
            "加严检验累计 5 批不接收：暂停检验，待供方采取纠正措施",
            source=ISO,
        ),
    )


def test_iso_score_reasons_step_reset_and_gate() -> None:
    step = next_inspection(SwitchingState(rules=ISO_RULES), Lot(True, plan=AC1))
    assert step.reasons == (
        Reason(
            "switching.score",
            "Accepted with Ac 1: switching score +2 -> 2",
            "Accepted with Ac 1：转移得分 +2 -> 2",
            source=ISO_SCORE,
        ),
    )
    reset = next_inspection(SwitchingState(rules=ISO_RULES, switching_score=10), Lot(False))
    assert reset.reasons[-1] == Reason(
        "switching.score",
        "Lot not accepted: switching score reset -> 0",
        "Lot not accepted：转移得分 清零 -> 0",
        source=ISO_SCORE,
    )
    # Score 28 + 2 = 30 reaches the threshold, but production is not steady.
    gated = next_inspection(
        SwitchingState(rules=ISO_RULES, switching_score=28),
        Lot(True, plan=AC1, production_steady=False, reduced_approved=True),
    )
    assert gated.inspection == "normal"
    assert gated.reasons[1] == Reason(
        "switching.reduced_blocked_production",
        "Production is not steady: reduced inspection not allowed",
        "生产不稳定：不得转放宽检验",
        source=ISO,
    )
    switched = next_inspection(
        SwitchingState(rules=ISO_RULES, switching_score=28),
        Lot(True, plan=AC1, reduced_approved=True),
    )
    assert switched.inspection == "reduced"
    assert switched.reasons[0].code == "switching.normal_to_reduced"


def test_double_plan_accepted_on_the_second_sample_resets_the_score() -> None:
    after = next_inspection(
        SwitchingState(rules=ISO_RULES, switching_score=6),
        Lot(True, plan=DOUBLE, accepted_at_first_stage=False),
    )
    assert after.switching_score == 0
    assert after.reasons[-1].en == (
        "Double plan, accepted only on the second sample: switching score reset -> 0"
    )


def test_iso_score_errors_name_the_missing_field() -> None:
    start = SwitchingState(rules=ISO_RULES)
    with pytest.raises(InvalidInputError) as info:
        next_inspection(start, Lot(True))
    assert (info.value.field, info.value.value) == ("plan", None)
    multiple = lookup_plan(1000, 1.0, scheme="multiple")
    with pytest.raises(OutOfTableError, match=r"qmscore does not guess$") as out:
        next_inspection(start, Lot(True, plan=multiple))
    assert out.value.field == "plan"
    with pytest.raises(InvalidInputError) as info:
        next_inspection(start, Lot(True, plan=DOUBLE))
    assert (
        str(info.value) == "'accepted_at_first_stage' is needed for the ISO score of a double plan"
    )
    assert (info.value.field, info.value.value) == ("accepted_at_first_stage", None)
    with pytest.raises(InvalidInputError) as info:
        next_inspection(start, Lot(True, plan=AC2))
    assert str(info.value) == (
        "the ISO score for Ac >= 2 needs a table plan (code letter and AQL) or "
        "'accepted_at_tighter_aql' on the Lot"
    )
    assert (info.value.field, info.value.value) == ("accepted_at_tighter_aql", None)
    table = lookup_plan(1000, 1.0)  # code J at AQL 1.0: n = 80, Ac 2
    assert table.accept == 2
    with pytest.raises(InvalidInputError) as info:
        next_inspection(start, Lot(True, plan=table))
    assert str(info.value) == "'defectives' is needed for the ISO score when Ac >= 2"
    assert info.value.field == "defectives"


def test_resume_keeps_rules_and_lots_with_the_standard_source() -> None:
    rules = SwitchingRules(standard="iso2859-1", discontinue_rejections=2)
    stopped = SwitchingState("discontinued", rules, lots=9)
    resumed = resume_inspection(stopped, "new tooling")
    assert (resumed.inspection, resumed.rules, resumed.lots, resumed.changed) == (
        "tightened",
        rules,
        9,
        True,
    )
    assert resumed.reasons == (
        Reason(
            "switching.resume",
            "Inspection resumed on tightened after corrective action: new tooling",
            "采取纠正措施后恢复检验（加严）：new tooling",
            source=ISO,
        ),
    )
    with pytest.raises(InvalidTypeError, match=r"^'state' must be a SwitchingState \(got 'x'\)$"):
        resume_inspection("x", "r")  # type: ignore[arg-type]


def test_lot_from_judgement_checks_its_arguments() -> None:
    with pytest.raises(InvalidTypeError, match=r"^'plan' must be a SamplingPlan \(got 'p'\)$"):
        Lot.from_judgement("p", judge(AC1, [0]))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^'judgement' must be a Judgement \(got 'j'\)$"):
        Lot.from_judgement(AC1, "j")  # type: ignore[arg-type]
    pending = judge(DOUBLE, [1])  # 1 found: between Ac 0 and Re 2 -> draw the second sample
    with pytest.raises(
        InvalidInputError,
        match=r"^'judgement.decision' must be 'accept' or 'reject' \(got 'continue'\)$",
    ):
        Lot.from_judgement(DOUBLE, pending)


# ------------------------------------------------------------------ Z1.4 normal -> reduced


def z14(**kw: object) -> SwitchingRules:
    return SwitchingRules(reduced_after_lots=2, **kw)  # type: ignore[arg-type]


def test_limit_number_met_exactly_switches_to_reduced() -> None:
    # Two accepted lots with 1 and 2 nonconforming: 3 <= limit number 3.
    state = SwitchingState(rules=z14(limit_number=3), accepted_run=1, recent_defectives=(1,))
    after = next_inspection(state, Lot(True, defectives=2, reduced_approved=True))
    assert after.inspection == "reduced"
    assert after.rules == z14(limit_number=3)
    assert after.reasons == (
        Reason(
            "switching.normal_to_reduced",
            "2 consecutive lots accepted on normal, production steady, approved: switch to reduced",
            "正常检验连续 2 批接收、生产稳定且经批准：转放宽检验",
            source=Z14,
        ),
        Reason(
            "switching.limit_number_met",
            "3 nonconforming in the last 2 lots <= limit number 3",
            "最近 2 批不合格总数 3 ≤ 界限数 3",
            source=Z14,
        ),
    )


def test_limit_number_exceeded_by_one_stays_on_normal() -> None:
    state = SwitchingState(rules=z14(limit_number=3), accepted_run=1, recent_defectives=(1,))
    after = next_inspection(state, Lot(True, defectives=3, reduced_approved=True))
    assert after.inspection == "normal"
    assert after.reasons == (
        Reason(
            "switching.limit_number_exceeded",
            "4 nonconforming in the last 2 lots exceeds the limit number 3: stay on normal",
            "最近 2 批不合格总数 4 超过界限数 3：继续正常检验",
            source=Z14,
        ),
    )


def test_waived_limit_number_and_z14_gate_reasons() -> None:
    state = SwitchingState(rules=z14(waive_limit_number=True), accepted_run=1)
    after = next_inspection(state, Lot(True, reduced_approved=True))
    assert after.reasons[1] == Reason(
        "switching.limit_number_waived",
        "Limit-number test waived by the responsible authority (Z1.4 8.5)",
        "经负责部门同意，免除界限数检验（Z1.4 8.5）",
        source=Z14,
    )
    blocked = next_inspection(state, Lot(True))
    assert blocked.reasons == (
        Reason(
            "switching.reduced_needs_approval",
            "Reduced inspection needs the responsible authority's approval (not given)",
            "转放宽检验须经负责部门同意（尚未同意）",
            source=Z14,
        ),
    )


def test_z14_limit_number_errors() -> None:
    state = SwitchingState(rules=z14(), accepted_run=1, recent_defectives=(1,))
    with pytest.raises(
        OutOfTableError, match=r"supply SwitchingRules\(limit_number=\.\.\.\)"
    ) as out:
        next_inspection(state, Lot(True, defectives=0, reduced_approved=True))
    assert out.value.field == "limit_number"
    unknown = SwitchingState(rules=z14(limit_number=3), accepted_run=1, recent_defectives=(None,))
    with pytest.raises(InvalidInputError) as info:
        next_inspection(unknown, Lot(True, defectives=0, reduced_approved=True))
    assert str(info.value) == (
        "the nonconforming counts ('defectives') of the last 2 lots are needed for the "
        "Table VIII limit-number test"
    )


def test_tightening_keeps_the_rules_in_force() -> None:
    rules = SwitchingRules(tighten_rejections=1, tighten_window=1)
    after = next_inspection(SwitchingState(rules=rules), Lot(False))
    assert (after.inspection, after.rules) == ("tightened", rules)


def test_resubmitted_lot_reason_and_state_check() -> None:
    after = next_inspection(SwitchingState(), Lot(False, resubmitted=True))
    assert after.reasons == (
        Reason(
            "switching.resubmitted_ignored",
            "Resubmitted lot: not counted by the switching rules",
            "再次提交的批不计入转移规则",
            source=Z14,
        ),
    )
    with pytest.raises(InvalidTypeError, match=r"^'state' must be a SwitchingState \(got 'x'\)$"):
        next_inspection("x", Lot(True))  # type: ignore[arg-type]


def test_tighten_rejections_beyond_the_window_is_refused() -> None:
    with pytest.raises(
        InvalidInputError,
        match=r"^'tighten_rejections' must be <= tighten_window \(5\) \(got 6\)$",
    ):
        SwitchingRules(tighten_rejections=6)
