"""Every guard explains itself in Chinese too (issue 16 item 6: workflow messages)."""

from __future__ import annotations

import datetime as dt
import pickle
import re

import pytest

from qmscore.errors import InvalidTransitionError
from qmscore.workflow import (
    Acknowledged,
    Assessed,
    Closed,
    Complaint,
    Paused,
    PlanApproved,
    apply,
    next_actions,
    open_case,
)

T = dt.datetime(2026, 9, 30, 9, 0)
MAJOR = Complaint("Q-9", T, "K-1", demands=("compensation",))


def _why(case: object, kind: str) -> tuple[str | None, str | None]:
    (action,) = [a for a in next_actions(case) if a.event == kind]  # type: ignore[arg-type]
    return action.why_not, action.why_not_zh


def test_each_guard_has_its_chinese_twin() -> None:
    case = open_case(MAJOR)
    assert _why(case, "assessed") == ("acknowledge the complaint first", "请先确认收到投诉")
    assert _why(case, "resumed") == ("the case is not paused", "投诉处理未暂停")
    case = apply(case, Acknowledged(T + dt.timedelta(minutes=5)))
    assert _why(case, "acknowledged") == ("already acknowledged", "已确认收到投诉")
    assert _why(case, "plan_approved") == (
        "major route: record the root cause before approving the plan",
        "重大投诉：批准计划前须先记录根本原因",
    )
    assert _why(case, "actions_implemented") == (
        "approve the corrective plan first",
        "请先批准纠正计划",
    )
    assert _why(case, "verified") == (
        "implement the actions before verifying them",
        "验证前须先实施措施",
    )
    assert (
        _why(case, "customer_replied")[1]
        == "重大投诉：没有解决方案前不答复客户（请先批准纠正计划）"
    )
    assert _why(case, "customer_feedback") == ("reply to the customer first", "请先答复客户")
    # Close: the route's undone steps, named in Chinese in the rules' order.
    assert _why(case, "closed")[1] == (
        "重大投诉尚有必需步骤未完成，不能结案（初步判定、临时遏制、根本原因、纠正计划批准、"
        "措施实施、验证有效、答复客户、最终答复）"
    )
    paused = apply(case, Paused(T + dt.timedelta(minutes=10), reason="waiting for samples"))
    assert _why(paused, "assessed") == (
        "the case is paused (resume it first)",
        "投诉处理已暂停（请先恢复）",
    )
    other = apply(case, Assessed(T + dt.timedelta(minutes=20), our_problem=False))
    assert _why(other, "assessed")[1] == "非我方质量问题：已向客户提供证据，只需答复客户并结案"


def test_allowed_events_have_no_reason_in_either_language() -> None:
    case = apply(open_case(MAJOR), Acknowledged(T))
    allowed = [a for a in next_actions(case) if a.allowed]
    assert allowed
    assert all(a.why_not is None and a.why_not_zh is None for a in allowed)


def test_a_refused_event_says_why_in_chinese_and_the_error_pickles() -> None:
    case = apply(open_case(MAJOR), Acknowledged(T))
    with pytest.raises(InvalidTransitionError) as info:
        apply(case, PlanApproved(T + dt.timedelta(hours=1)))
    assert info.value.zh == "现在不能进行“纠正计划批准”：重大投诉：批准计划前须先记录根本原因"
    back = pickle.loads(pickle.dumps(info.value))
    assert (str(back), back.zh) == (str(info.value), info.value.zh)
    closed_guard = pytest.raises(InvalidTransitionError)
    with closed_guard as info2:
        apply(case, Closed(T + dt.timedelta(hours=2)))
    assert info2.value.zh is not None
    assert info2.value.zh.startswith("现在不能进行“结案”：重大投诉尚有必需步骤未完成")


def test_no_chinese_reason_carries_english_words() -> None:
    case = open_case(MAJOR)
    for state in (case, apply(case, Acknowledged(T))):
        for action in next_actions(state):
            if action.why_not_zh is not None:
                assert not re.search(r"[A-Za-z]{2,}", action.why_not_zh), action.why_not_zh
