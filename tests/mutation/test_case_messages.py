"""Kill tests for workflow/case (issue 20): the guards' and reasons' exact texts.

Each state's full table of ``next_actions`` is written out by hand from the
business rules (docs: the complaint workflow): which events a state allows,
and for the others the English and the Chinese reason a screen shows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidTransitionError
from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
    Classified,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerFeedback,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Verified,
    apply,
    next_actions,
    open_case,
    replay,
)

T = dt.datetime(2026, 9, 7, 10, 0)
H = dt.timedelta(hours=1)
STANDARD = Complaint("Q", T, "K", demands=("criticism",))
MAJOR = Complaint("Q", T, "K", demands=("criticism",), batch=True)
FAST = Complaint("Q", T, "K", appearance_only=True)

KINDS = (
    "acknowledged", "assessed", "classified", "containment_ordered", "root_cause_recorded",
    "plan_approved", "actions_implemented", "verified", "customer_replied", "customer_feedback",
    "paused", "resumed", "closed",
)  # fmt: skip

ACK_FIRST = ("acknowledge the complaint first", "请先确认收到投诉")
NOT_PAUSED = ("the case is not paused", "投诉处理未暂停")
ALREADY_ACK = ("already acknowledged", "已确认收到投诉")
PLAN_FIRST = ("approve the corrective plan first", "请先批准纠正计划")
ACTIONS_FIRST = ("implement the actions before verifying them", "验证前须先实施措施")
REPLY_FIRST = ("reply to the customer first", "请先答复客户")
EVIDENCE = (
    "not our quality problem: evidence returned to the customer, only reply and close remain",
    "非我方质量问题：已向客户提供证据，只需答复客户并结案",
)
MAJOR_PLAN = (
    "major route: record the root cause before approving the plan",
    "重大投诉：批准计划前须先记录根本原因",
)
MAJOR_REPLY = (
    "major route: no reply before a solution (approve the corrective plan first)",
    "重大投诉：没有解决方案前不答复客户（请先批准纠正计划）",
)

Table = dict[str, "tuple[str, str] | None"]


def table(case: Case) -> Table:
    """{event kind: None if allowed, else (why_not, why_not_zh)}."""
    out: Table = {}
    for a in next_actions(case):
        assert a.allowed is True or a.allowed is False  # a real bool, not a falsy None
        if a.allowed:
            assert a.why_not is None
            assert a.why_not_zh is None
            out[a.event] = None
        else:
            assert a.why_not is not None
            assert a.why_not_zh is not None
            out[a.event] = (a.why_not, a.why_not_zh)
    return out


def both(complaint: Complaint, events: list[Event]) -> Table:
    """The table of the replayed case (the fold) and of the applied case agree."""
    by_apply = open_case(complaint)
    for e in events:
        by_apply = apply(by_apply, e)
    folded = table(replay(complaint, events))
    assert table(by_apply) == folded
    return folded


def test_a_new_case_only_acknowledges_or_pauses() -> None:
    expected: Table = dict.fromkeys(KINDS, ACK_FIRST)
    expected["acknowledged"] = None
    expected["paused"] = None  # waiting for the customer may come before the call
    expected["resumed"] = NOT_PAUSED
    assert both(STANDARD, []) == expected


def test_standard_case_acknowledged() -> None:
    expected: Table = dict.fromkeys(KINDS)
    expected["acknowledged"] = ALREADY_ACK
    expected["actions_implemented"] = PLAN_FIRST
    expected["verified"] = ACTIONS_FIRST
    expected["customer_feedback"] = REPLY_FIRST
    expected["resumed"] = NOT_PAUSED
    # standard close_requires: acknowledged, assessed, customer_replied; the
    # last two are undone, named in their order (zh: 初步判定、答复客户).
    expected["closed"] = (
        "standard route: no close while required steps are undone (assessed, customer_replied)",
        "一般投诉尚有必需步骤未完成，不能结案（初步判定、答复客户）",
    )
    assert both(STANDARD, [Acknowledged(T)]) == expected


def test_standard_case_assessed_then_replied_can_close() -> None:
    expected: Table = dict.fromkeys(KINDS)
    expected["acknowledged"] = ALREADY_ACK
    expected["assessed"] = ("already assessed", "已初步判定")
    expected["actions_implemented"] = PLAN_FIRST
    expected["verified"] = ACTIONS_FIRST
    expected["resumed"] = NOT_PAUSED
    events: list[Event] = [Acknowledged(T), Assessed(T + H, True), CustomerReplied(T + 2 * H)]
    assert both(STANDARD, events) == expected


def test_major_case_acknowledged() -> None:
    expected: Table = dict.fromkeys(KINDS)
    expected["acknowledged"] = ALREADY_ACK
    expected["plan_approved"] = MAJOR_PLAN
    expected["actions_implemented"] = PLAN_FIRST
    expected["verified"] = ACTIONS_FIRST
    expected["customer_replied"] = MAJOR_REPLY
    expected["customer_feedback"] = REPLY_FIRST
    expected["resumed"] = NOT_PAUSED
    expected["closed"] = (
        "major route: no close while required steps are undone (assessed, "
        "containment_ordered, root_cause_recorded, plan_approved, actions_implemented, "
        "verified_effective, customer_replied, final_reply)",
        "重大投诉尚有必需步骤未完成，不能结案（初步判定、临时遏制、根本原因、纠正计划批准、"
        "措施实施、验证有效、答复客户、最终答复）",
    )
    assert both(MAJOR, [Acknowledged(T)]) == expected


def test_major_case_after_root_cause_and_plan() -> None:
    # Root cause recorded: the plan may be approved; still no reply.
    root: list[Event] = [Acknowledged(T), RootCauseRecorded(T + H, "die worn")]
    t1 = both(MAJOR, root)
    assert t1["plan_approved"] is None
    assert t1["customer_replied"] == MAJOR_REPLY
    # Plan approved: actions and the reply are allowed, verifying is not yet.
    t2 = both(MAJOR, [*root, PlanApproved(T + 2 * H)])
    assert t2["plan_approved"] is None
    assert t2["actions_implemented"] is None
    assert t2["customer_replied"] is None
    assert t2["verified"] == ACTIONS_FIRST
    t3 = both(MAJOR, [*root, PlanApproved(T + 2 * H), ActionsImplemented(T + 3 * H)])
    assert t3["verified"] is None


def test_not_our_problem_leaves_reply_pause_and_close() -> None:
    expected: Table = dict.fromkeys(KINDS, EVIDENCE)
    expected["acknowledged"] = ALREADY_ACK
    expected["customer_replied"] = None
    expected["paused"] = None
    expected["resumed"] = NOT_PAUSED
    # evidence_returned close_requires: acknowledged, assessed, customer_replied.
    expected["closed"] = (
        "evidence_returned route: no close while required steps are undone (customer_replied)",
        "非我方问题尚有必需步骤未完成，不能结案（答复客户）",
    )
    assert both(MAJOR, [Acknowledged(T), Assessed(T + H, False)]) == expected
    replied = both(MAJOR, [Acknowledged(T), Assessed(T + H, False), CustomerReplied(T + 2 * H)])
    assert replied["closed"] is None
    assert replied["customer_feedback"] == EVIDENCE


def test_a_paused_case_only_resumes() -> None:
    paused = ("the case is paused (resume it first)", "投诉处理已暂停（请先恢复）")
    expected: Table = dict.fromkeys(KINDS, paused)
    expected["resumed"] = None
    assert both(FAST, [Acknowledged(T), Paused(T + H, "samples")]) == expected
    # Paused before the acknowledgement: the same.
    assert both(FAST, [Paused(T + H, "samples")]) == expected


def test_a_closed_case_allows_nothing() -> None:
    expected: Table = dict.fromkeys(KINDS, ("the case is closed", "投诉已结案"))
    assert both(FAST, [Acknowledged(T), Closed(T + H)]) == expected


def test_fast_track_closes_after_the_acknowledgement() -> None:
    assert both(FAST, [Acknowledged(T)])["closed"] is None


def test_refused_event_message_names_status_reason_and_allowed_events() -> None:
    case = replay(STANDARD, [Acknowledged(T)])
    with pytest.raises(InvalidTransitionError) as info:
        apply(case, Verified(T + H, True))
    # allowed: the kinds whose row above is None, in EVENT_KINDS order.
    assert str(info.value) == (
        "'verified' is not allowed while the case is in_progress: implement the actions "
        "before verifying them; allowed: assessed, classified, containment_ordered, "
        "root_cause_recorded, plan_approved, customer_replied, paused"
    )
    assert info.value.zh == "现在不能进行“效果验证”：验证前须先实施措施"
    closed = replay(FAST, [Acknowledged(T), Closed(T)])
    with pytest.raises(InvalidTransitionError) as info:
        apply(closed, Resumed(T))
    assert str(info.value) == (
        "'resumed' is not allowed while the case is closed: the case is closed; allowed: nothing"
    )
    assert info.value.zh == "现在不能进行“恢复处理”：投诉已结案"


def test_status_words() -> None:
    assert replay(STANDARD, []).status == "open"
    assert replay(STANDARD, [Paused(T, "x")]).status == "paused"
    assert replay(STANDARD, [Acknowledged(T)]).status == "in_progress"
    assert replay(STANDARD, [Acknowledged(T), Assessed(T, False)]).status == "evidence_returned"
    assert replay(FAST, [Acknowledged(T), Closed(T)]).status == "closed"


def reasons(events: list[Event], complaint: Complaint = MAJOR) -> list[tuple[str, str, str]]:
    case = replay(complaint, events)
    return [(r.code, r.en, r.zh) for r in case.reasons]


def test_reasons_of_every_event_kind_in_both_languages() -> None:
    t = [T + i * H for i in range(16)]
    events: list[Event] = [
        Paused(t[0], "customer away"),
        Resumed(t[1]),
        Acknowledged(t[2]),
        Assessed(t[3], True),
        Classified(t[4]),
        ContainmentOrdered(t[5]),
        RootCauseRecorded(t[6], "die worn"),
        PlanApproved(t[7]),
        ActionsImplemented(t[8]),
        Verified(t[9], False),
        RootCauseRecorded(t[10], "coolant"),
        PlanApproved(t[11]),
        ActionsImplemented(t[12]),
        Verified(t[13], True),
        CustomerReplied(t[14], final=True),
        CustomerFeedback(t[15], satisfied=True),
    ]
    # en: "<ISO time>: <text>"; zh: "<time with a space>：<Chinese text>".
    expected = [
        ("paused", "paused: customer away", "暂停：customer away"),
        ("resumed", "resumed", "恢复处理"),
        ("acknowledged", "acknowledged", "确认收到投诉"),
        ("assessed", "assessed", "初步判定：我方质量问题"),
        ("classified", "classified", "重新定性"),
        ("containment_ordered", "containment ordered", "下达临时措施"),
        ("root_cause_recorded", "root cause: die worn", "根本原因：die worn"),
        ("plan_approved", "plan approved", "纠正预防计划批准"),
        ("actions_implemented", "actions implemented", "措施已实施"),
        (
            "verified",
            "verified: not effective, back to the root cause",
            "验证：无效，重新分析原因",
        ),
        ("root_cause_recorded", "root cause: coolant", "根本原因：coolant"),
        ("plan_approved", "plan approved", "纠正预防计划批准"),
        ("actions_implemented", "actions implemented", "措施已实施"),
        ("verified", "verified", "验证：有效"),
        ("customer_replied", "final reply to the customer", "向客户最终答复"),
        ("customer_feedback", "customer feedback", "客户反馈：满意"),
    ]
    got = reasons(events)
    assert len(got) == len(expected)
    for moment, (kind, en, zh), (code, got_en, got_zh) in zip(t, expected, got, strict=True):
        assert code == f"workflow.{kind}"
        assert got_en == f"{moment.isoformat()}: {en}"
        assert got_zh == f"{moment.isoformat(' ')}：{zh}"


def test_reasons_of_the_negative_and_plain_variants() -> None:
    got = reasons(
        [
            Acknowledged(T),
            CustomerReplied(T + H),  # not final: the plain wording
        ],
        STANDARD,
    )
    assert got[1] == (
        "workflow.customer_replied",
        "2026-09-07T11:00:00: customer replied",
        "2026-09-07 11:00:00：答复客户",
    )
    got = reasons([Acknowledged(T), Assessed(T + H, False)])
    assert got[1][1:] == (
        "2026-09-07T11:00:00: assessed: not our quality problem, evidence returned to the customer",
        "2026-09-07 11:00:00：判定：非我方质量问题，向客户提供证据",
    )
    case = replay(
        FAST,
        [
            Acknowledged(T),
            Assessed(T, True),
            CustomerReplied(T, final=True),
            CustomerFeedback(T + H, satisfied=False),
            Closed(T + 2 * H, backdated="entered late"),
        ],
    )
    assert case.reasons[3].en == "2026-09-07T11:00:00: customer not satisfied: the case reopens"
    assert case.reasons[3].zh == "2026-09-07 11:00:00：客户不满意：重新处理"
    assert case.reasons[4].en == "2026-09-07T12:00:00: closed (back-dated: entered late)"
    assert case.reasons[4].zh == "2026-09-07 12:00:00：结案（补录：entered late）"
