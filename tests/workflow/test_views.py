"""The 8D report and the CAPA record filled from a case walked over National Day 2026."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    DEFAULT_8D_MILESTONES,
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Verified,
    capa_record,
    eight_d_report,
    replay,
)
from qmscore.workflow.capa import WORKING_DAY_8D

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 9, 30, 16, 0)  # Wednesday, the day before National Day (10-01..10-07)
COMPLAINT = Complaint(
    "Q-26",
    T,
    "K-101",
    demands=("return",),
    batch=True,
    product="amp",
    model="X2",
    description="hum at low volume",
)


def at(m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, m, d, h, mi)


def sh(m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, m, d, h, mi, tzinfo=SH)


WALK: list[Event] = [
    Acknowledged(at(9, 30, 16, 8), actor="Li Na"),
    ContainmentOrdered(at(9, 30, 16, 45), actor="Zhou Qiang"),
    Assessed(at(9, 30, 17), True, actor="Wang Lei"),
    RootCauseRecorded(at(10, 1, 12), "solder voids in the output stage", actor="Wang Lei"),
    PlanApproved(at(10, 1, 14), actor="Chen Jun"),
    CustomerReplied(at(10, 2, 8), actor="Li Na"),
    Paused(at(10, 2, 9), "waiting for samples", actor="Li Na"),
    Resumed(at(10, 8, 10), actor="Li Na"),
    ActionsImplemented(at(10, 8, 12), actor="Zhao Min"),
    Verified(at(10, 12, 15), True, actor="Sun Hui"),
    CustomerReplied(at(10, 13, 10), True, actor="Li Na"),
    Closed(at(10, 13, 16), actor="Chen Jun"),
]


def test_the_8d_report_of_the_walk() -> None:
    r = eight_d_report(replay(COMPLAINT, WALK), CN)
    assert (r.report_id, r.customer, r.product, r.model, r.problem) == (
        "Q-26",
        "K-101",
        "amp",
        "X2",
        "hum at low volume",
    )
    assert r.team == ("Li Na", "Zhou Qiang", "Wang Lei", "Chen Jun", "Zhao Min", "Sun Hui")
    assert r.root_cause == "solder voids in the output stage"
    rows = [(e.discipline, e.done_at, e.by, e.due_at, e.late) for e in r.disciplines]
    assert rows == [
        ("D0", sh(9, 30, 16, 8), "Li Na", None, False),
        ("D1", None, None, None, False),  # the team has no completing event
        ("D2", sh(9, 30, 17), "Wang Lei", None, False),
        # Common profile: D3 within 24 hours of the receipt (09-30 16:00 -> 10-01 16:00,
        # a holiday: elapsed hours do not stop); D4, D5 within 10 calendar days at the same
        # wall-clock time (10-10 16:00); D8 within 30 days (10-30 16:00).
        ("D3", sh(9, 30, 16, 45), "Zhou Qiang", sh(10, 1, 16), False),
        ("D4", sh(10, 1, 12), "Wang Lei", sh(10, 10, 16), False),
        ("D5", sh(10, 1, 14), "Chen Jun", sh(10, 10, 16), False),
        ("D6", sh(10, 12, 15), "Sun Hui", None, False),  # the effective verification
        ("D7", None, None, None, False),  # systemic prevention: not in the complaint log
        ("D8", sh(10, 13, 16), "Chen Jun", sh(10, 30, 16), False),
    ]
    assert [(e.milestone, e.en, e.zh) for e in r.disciplines][3] == (
        "containment_ordered",
        "Contain the problem",
        "临时围堵措施",
    )
    assert r.missing_for_closure == ()
    assert r.record.completed["D8"] == at(10, 13, 16)
    assert set(r.record.completed) == {"D0", "D2", "D3", "D4", "D5", "D6", "D8"}
    assert pickle.loads(pickle.dumps(r)) == r


def test_the_8d_in_working_days_skips_the_holiday() -> None:
    r = eight_d_report(replay(COMPLAINT, WALK), CN, WORKING_DAY_8D)
    d4 = r.disciplines[4]
    # 10 working days after 09-30: 10-08, 09, 10 (Saturday make-up day), 12, 13, 14, 15, 16,
    # 19, 20 -> the end of 10-20's last shift, 17:30.
    assert d4.due_at == sh(10, 20, 17, 30)
    assert not d4.late


def test_the_8d_mid_case_says_what_blocks_closure() -> None:
    r = eight_d_report(replay(COMPLAINT, WALK[:9]), CN)
    assert [(b.en, b.zh) for b in r.missing_for_closure] == [
        ("D6 not completed: the 8D cannot be closed", "D6 未完成：8D 不能关闭"),
        ("D8 not completed: the 8D cannot be closed", "D8 未完成：8D 不能关闭"),
    ]
    # A verification found not effective sends the case back to the root cause: D4, D5 and
    # D6 are open again in the report.
    loop = replay(COMPLAINT, [*WALK[:9], Verified(at(10, 12, 15), False, actor="Sun Hui")])
    r = eight_d_report(loop, CN)
    assert [e.discipline for e in r.disciplines if e.done_at is None] == [
        "D1",
        "D4",
        "D5",
        "D6",
        "D7",
        "D8",
    ]


def test_the_capa_record_of_the_walk() -> None:
    r = capa_record(replay(COMPLAINT, WALK), CN)
    assert (r.record_id, r.customer, r.product, r.problem, r.nature, r.route) == (
        "Q-26",
        "K-101",
        "amp",
        "hum at low volume",
        "B",  # a return: B; the batch problem sends it on the major route
        "major",
    )
    assert r.cause == "solder voids in the output stage"
    rows = [(a.step, a.owner, a.due_at, a.done_at, a.late) for a in r.actions]
    assert rows == [
        # 002: containment within 1 hour of receipt: 17:00.
        ("containment", "Zhou Qiang", sh(9, 30, 17), sh(9, 30, 16, 45), False),
        # 002: analysis and solution within 24 hours: 10-01 16:00 (the pause began later).
        ("root_cause", "Wang Lei", sh(10, 1, 16), sh(10, 1, 12), False),
        ("corrective_plan", "Chen Jun", sh(10, 1, 16), sh(10, 1, 14), False),
        # 002: one week after the plan's approval: 10-01 14:00 + 7 days = 10-08 14:00.
        ("implementation", "Zhao Min", sh(10, 8, 14), sh(10, 8, 12), False),
        ("verification", "Sun Hui", None, sh(10, 12, 15), False),
    ]
    assert (r.verification, r.status, r.missing) == ("effective", "closed", ())
    assert r.reasons[0].en == (
        "Implementation due 7 days after the plan's approval: 2026-10-08T14:00:00+08:00"
    )
    assert r.reasons[0].zh == (
        "纠正措施自计划批准起按规则（7 days）实施，截止 2026-10-08T14:00:00+08:00"
    )


def test_an_open_capa_record_marks_what_is_late_now() -> None:
    case = replay(COMPLAINT, WALK[:5])  # up to the plan's approval
    r = capa_record(case, CN, now=at(10, 9, 9))
    late = {a.step: a.late for a in r.actions}
    # Implementation was due 10-08 14:00 and is still open on 10-09 09:00.
    assert late == {
        "containment": False,
        "root_cause": False,
        "corrective_plan": False,
        "implementation": True,
        "verification": False,
    }
    assert r.status == "open"
    assert r.verification is None
    assert r.missing == (
        "actions_implemented",
        "verified_effective",
        "customer_replied",
        "final_reply",
    )
    assert capa_record(case, CN).actions[3].late is False  # without now, nothing open is late


def test_a_case_not_ours_has_the_evidence_route_missing() -> None:
    case = replay(COMPLAINT, [WALK[0], Assessed(at(9, 30, 17), False, actor="Wang Lei")])
    r = capa_record(case, CN)
    assert r.missing == ("customer_replied",)
    assert r.verification is None
    assert [a.due_at for a in r.actions][3] is None  # no plan: implementation not clocked


def junk(value: object) -> Any:
    """A value typed Any, for calls that must refuse it."""
    return value


CASE = replay(COMPLAINT, WALK[:3])
BAD: list[tuple[Any, type[Exception], str]] = [
    (lambda: eight_d_report(junk("case"), CN), InvalidTypeError, "'case' must be a Case"),
    (lambda: eight_d_report(CASE, junk(None)), InvalidTypeError, "'calendar' must be"),
    (lambda: eight_d_report(CASE, CN, junk("x")), InvalidTypeError, "'profile' must be"),
    (
        lambda: eight_d_report(CASE, CN, milestones={"D0": "acknowledged"}),
        InvalidInputError,
        "'milestones' must be a mapping of exactly",
    ),
    (
        lambda: eight_d_report(CASE, CN, milestones={**DEFAULT_8D_MILESTONES, "D7": "prevented"}),
        InvalidInputError,
        "'milestones[D7]' must be None or one of",
    ),
    (lambda: eight_d_report(CASE, CN, milestones=junk(3)), InvalidTypeError, "'milestones'"),
    (lambda: capa_record(junk(1), CN), InvalidTypeError, "'case' must be a Case"),
    (lambda: capa_record(CASE, junk(1)), InvalidTypeError, "'calendar' must be"),
    (lambda: capa_record(CASE, CN, junk(1)), InvalidTypeError, "'profile' must be"),
    (
        lambda: capa_record(CASE, CN, implement_within=junk(7)),
        InvalidTypeError,
        "'implement_within' must be a deadline rule",
    ),
    (lambda: capa_record(CASE, CN, now=junk("soon")), InvalidInputError, "'now'"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_input(call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
