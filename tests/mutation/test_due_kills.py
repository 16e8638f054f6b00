"""Kill tests for the surviving mutants of workflow/due (issue 20).

Every expected value is worked by hand below.  The calendar is the China
calendar; 2026-09-07 is a Monday of an ordinary week (no holiday from 09-07 to
09-11), so a complaint received there at 10:00 has (seed 000/002 clocks):
contact 10 min elapsed -> 10:10, assessment 2 h elapsed -> 12:00, and the
standard route's result 3 working days -> the close (17:30) of Thu 09-10.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore.deadlines import Hours, Minutes, SameDay, WorkingDays
from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.explain import Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    DEFAULT_PROFILE,
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    ResponseProfile,
    Resumed,
    RootCauseRecorded,
    Step,
    Verified,
    at_risk,
    disposition_report,
    due_dates,
    missed_steps,
    overdue,
    replay,
    statistics_row,
)
from qmscore.workflow.due import StepDue

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 9, 7, 10, 0)  # Monday, an ordinary week
MIN = dt.timedelta(minutes=1)
SEC = dt.timedelta(seconds=1)
GENERAL = Complaint("Q-1", T, "K-1", demands=("criticism",))  # the standard route


def sh(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 9, day, hour, minute, second, tzinfo=SH)


def steps(case: Case, now: dt.datetime | None = None) -> dict[str, StepDue]:
    return {d.step: d for d in due_dates(case, CN, now=now)}


def test_default_profile_is_the_seed_table() -> None:
    # BRIEF.md sections 2 and 3 (seeds 000, 002, 004), written out.
    all_routes = ("fast_track", "standard", "major")
    expected = [
        ("contact", "Contact the customer and confirm", "10分钟内与客户取得联系", Minutes(10), "acknowledged", all_routes, False, "000"),
        ("assessment", "Preliminary assessment: our quality problem?", "2小时内初步判定", Hours(2), "assessed", ("standard", "major"), False, "002"),
        ("containment", "Temporary containment ordered", "1小时内下达临时措施", Hours(1), "containment_ordered", ("major",), False, "002"),
        ("solution", "Analysis and solution reported", "24小时内报告分析及解决方案", Hours(24), "plan_approved", ("major",), False, "002"),
        ("clear_reply", "Clear reply to the customer", "48小时内明确答复", Hours(48), "customer_replied", ("major",), False, "002"),
        ("first_reply", "Major complaint: first reply", "重大投诉5个工作日内初步反馈", WorkingDays(5), "customer_replied", ("major",), True, "000"),
        ("final_result", "Major complaint: final result", "10个工作日内给出最终处理结果", WorkingDays(10), "final_reply", ("major",), False, "000"),
        ("result", "General complaint: reply with the result", "一般性投诉3个工作日内反馈处理结果", WorkingDays(3), "customer_replied", ("standard",), True, "000"),
        ("same_day_close", "Appearance defect closed by the quality supervisor", "品质主管当天结案", SameDay(), "closed", ("fast_track",), False, "004"),
    ]  # fmt: skip
    got = [
        (
            s.key,
            s.en,
            s.zh,
            s.rule,
            s.done_by,
            tuple(sorted(s.routes)),
            s.customer_may_set,
            s.source,
        )
        for s in DEFAULT_PROFILE.steps
    ]
    assert got == [
        (k, en, zh, r, d, tuple(sorted(ro)), c, Source(f"seed {seed}"))
        for k, en, zh, r, d, ro, c, seed in expected
    ]
    assert all(type(s.customer_may_set) is bool for s in DEFAULT_PROFILE.steps)


def test_step_validator_messages() -> None:
    with pytest.raises(
        InvalidTypeError, match=r"deadline rule \(WorkingDays, Hours, \.\.\.\) \(got 'x'\)"
    ):
        Step("k", "e", "z", "x", "acknowledged", ("standard",))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"'source' must be a Source \(got 'x'\)"):
        Step("k", "e", "z", Hours(1), "acknowledged", ("standard",), source="x")  # type: ignore[arg-type]


def test_now_of_the_other_kind_names_the_receipt() -> None:
    case = replay(GENERAL, [])
    with pytest.raises(InvalidInputError, match="like the complaint's received_at"):
        due_dates(case, CN, now=dt.datetime(2026, 9, 7, 11, tzinfo=ZoneInfo("UTC")))


def test_late_is_strictly_after_the_deadline_fast_and_slow_path() -> None:
    # contact due 10:10: done at 10:10 is on time, at 10:10:01 late.
    on_time = steps(replay(GENERAL, [Acknowledged(T + 10 * MIN)]))
    late = steps(replay(GENERAL, [Acknowledged(T + 10 * MIN + SEC)]))
    assert on_time["contact"].late is False
    assert late["contact"].late is True
    assert on_time["contact"].en == "Contact the customer and confirm"
    # The reasons of a fast-path step are built on read: the elapsed-time rule.
    assert [r.code for r in on_time["contact"].reasons] == ["deadlines.elapsed"]
    # The slow path (a pause after the contact): the same boundary.
    pause: list[Event] = [Paused(T + 20 * MIN, "samples"), Resumed(T + 30 * MIN)]
    on_time = steps(replay(GENERAL, [Acknowledged(T + 10 * MIN), *pause]))
    late = steps(replay(GENERAL, [Acknowledged(T + 10 * MIN + SEC), *pause]))
    assert on_time["contact"].late is False
    assert late["contact"].late is True
    assert on_time["contact"].en == "Contact the customer and confirm"


def test_customer_request_only_moves_steps_the_customer_may_set() -> None:
    case = replay(GENERAL, [])
    requested = Complaint(
        "Q-2", T, "K-1", demands=("criticism",), requested_reply_at=T + 24 * 60 * MIN
    )
    got = steps(replay(requested, []))
    assert [r.code for r in got["contact"].reasons] == ["deadlines.elapsed"]
    assert got["contact"].due_at == sh(7, 10, 10)
    assert got["result"].due_at == sh(8, 10)  # the request: T + 24 h
    assert steps(case)["result"].due_at == sh(10, 17, 30)


def test_pauses_push_back_by_their_sum_and_only_if_they_start_before() -> None:
    # Two pauses of 2 and 3 minutes, both before every deadline: elapsed clocks +5 min,
    # working clocks +5 working minutes (10:01-10:03 and 10:04-10:07 are working time).
    case = replay(
        GENERAL,
        [
            Paused(T + MIN, "a"),
            Resumed(T + 3 * MIN),
            Paused(T + 4 * MIN, "b"),
            Resumed(T + 7 * MIN),
        ],
    )
    got = steps(case)
    assert got["contact"].due_at == sh(7, 10, 15)
    assert got["assessment"].due_at == sh(7, 12, 5)
    assert got["result"].due_at == sh(11, 8, 35)  # 17:30 + 5 working min: next day 08:30 + 5
    elapsed = [(r.code, r.en, r.zh) for r in got["assessment"].reasons][-1]
    assert elapsed == (
        "workflow.paused_shift",
        "Pushed back by 0:05:00 of time paused",
        "因暂停顺延 0:05:00",
    )
    working = [(r.code, r.en, r.zh) for r in got["result"].reasons][-1]
    assert working == (
        "workflow.paused_shift",
        "Pushed back by 0:05:00 of working time paused",
        "因暂停顺延 0:05:00（工作时间）",
    )
    # A pause starting exactly at the contact deadline (10:10) does not move it.
    at_deadline = steps(replay(GENERAL, [Paused(T + 10 * MIN, "a"), Resumed(T + 20 * MIN)]))
    assert at_deadline["contact"].due_at == sh(7, 10, 10)
    assert [r.code for r in at_deadline["contact"].reasons] == ["deadlines.elapsed"]
    assert at_deadline["assessment"].due_at == sh(7, 12, 10)


def test_open_pause_needs_now() -> None:
    case = replay(GENERAL, [Paused(T + MIN, "samples")])
    without = steps(case)
    assert without["contact"].due_at is None
    assert [r.code for r in without["contact"].reasons] == ["deadlines.elapsed"]
    # now 10:31: paused 30 min so far -> contact 10:40, assessment 12:30.
    now = T + 31 * MIN
    got = steps(case, now=now)
    assert got["contact"].due_at == sh(7, 10, 40)
    assert got["assessment"].due_at == sh(7, 12, 30)
    # overdue / at_risk pass their now on: at 10:41 (paused 40 min) contact is due 10:50.
    assert overdue(case, T + 41 * MIN, CN) == ()
    # the gap is 10:50 - 10:41 = 9 min: a margin of 9 min reaches it, 9 min - 1 s does not.
    assert [d.step for d in at_risk(case, T + 41 * MIN, CN, 9 * MIN)] == ["contact"]
    assert [d.step for d in at_risk(case, T + 41 * MIN, CN, 9 * MIN - SEC)] == []


def test_overdue_is_strictly_after_the_deadline() -> None:
    case = replay(GENERAL, [])
    assert overdue(case, T + 10 * MIN, CN) == ()
    assert [d.step for d in overdue(case, T + 10 * MIN + SEC, CN)] == ["contact"]


def test_at_risk_window_includes_both_ends() -> None:
    case = replay(GENERAL, [])
    # now exactly at the contact deadline, margin 0: due_at == now == horizon -> at risk.
    assert [d.step for d in at_risk(case, T + 10 * MIN, CN, dt.timedelta(0))] == ["contact"]
    # now 10:00, horizon 12:00 == the assessment deadline: both steps at risk.
    assert [d.step for d in at_risk(case, T, CN, 2 * 60 * MIN)] == ["contact", "assessment"]
    assert [d.step for d in at_risk(case, T, CN, 2 * 60 * MIN - SEC)] == ["contact"]
    with pytest.raises(
        InvalidInputError, match=r"non-negative timedelta \(got datetime.timedelta\(days=-1"
    ):
        at_risk(case, T, CN, dt.timedelta(-1))
    with pytest.raises(
        InvalidInputError, match=r"stays in range \(got datetime.timedelta\(days=999999999"
    ):
        at_risk(case, T, CN, dt.timedelta.max)


def test_overdue_and_at_risk_use_the_given_profile() -> None:
    only = ResponseProfile(
        (Step("call", "Call", "致电", Minutes(5), "acknowledged", ("standard",)),)
    )
    case = replay(GENERAL, [])
    assert [d.step for d in overdue(case, T + 6 * MIN, CN, only)] == ["call"]
    assert [d.step for d in at_risk(case, T, CN, 5 * MIN, only)] == ["call"]


def test_missed_steps() -> None:
    # Open case, contact done late (10:30 > 10:10), nothing else done.
    case = replay(GENERAL, [Acknowledged(T + 30 * MIN)])
    assert [d.step for d in missed_steps(case, CN)] == ["contact"]  # no now: late ones only
    # At 12:00 exactly the assessment is due, not missed; a second later it is.
    assert [d.step for d in missed_steps(case, CN, now=T + 120 * MIN)] == ["contact"]
    assert [d.step for d in missed_steps(case, CN, now=T + 120 * MIN + SEC)] == [
        "contact",
        "assessment",
    ]
    got = missed_steps(case, CN, now=T + 120 * MIN + SEC)
    assert got[1].done_at is None
    assert got[0].done_at == sh(7, 10, 30)
    # Custom profile is honoured.
    only = ResponseProfile(
        (Step("call", "Call", "致电", Minutes(5), "acknowledged", ("standard",)),)
    )
    assert [d.step for d in missed_steps(case, CN, only)] == ["call"]
    # A closed case lists every step it did not complete, whatever the deadline.
    closed = replay(
        GENERAL,
        [
            Acknowledged(T + MIN),
            Assessed(T + 2 * MIN, True),
            CustomerReplied(T + 3 * MIN),
            Closed(T + 4 * MIN),
        ],
    )
    assert missed_steps(closed, CN) == ()
    early = replay(Complaint("Q-3", T, "K-1", demands=("criticism",)), [Acknowledged(T + MIN)])
    assert [d.step for d in missed_steps(early, CN, now=T + 2 * MIN)] == []
    with pytest.raises(InvalidInputError, match="like the complaint's received_at"):
        missed_steps(case, CN, now=sh(7, 11))


def test_statistics_row_whole() -> None:
    c = Complaint(
        "Q-9",
        T,
        "K-9",
        customer_class="A",
        description="scratches",
        category="b",
        demands=("criticism", "exchange"),
        phone="021-555",
    )
    case = replay(c, [Acknowledged(T + MIN)])
    assert statistics_row(case) == {
        "time": "2026-09-07T10:00:00",
        "customer_code": "K-9",
        "content_and_demand": "scratches / criticism, exchange",
        "customer_class": "A",
        "phone": "021-555",
        "problem_nature": case.classification.nature,
        "category": "b",
        "route": case.classification.route,
        "status": case.status,
    }
    bare = replay(Complaint("Q-8", T, "K-8"), [])
    assert statistics_row(bare)["content_and_demand"] == " / -"


def _major(verified: bool) -> Case:
    t = dt.datetime(2026, 9, 7, 20, 0, tzinfo=ZoneInfo("UTC"))  # 09-08 04:00 in Shanghai
    h = dt.timedelta(hours=1)
    c = Complaint(
        "Q-7",
        t,
        "K-101",
        customer_class="B",
        product="amp",
        model="X2",
        quantity_delivered=500,
        delivery_date=dt.date(2026, 8, 30),
        description="hum",
        demands=("return",),
        batch=True,
    )
    return replay(
        c,
        [
            Acknowledged(t + h / 10, actor="Wu"),
            Assessed(t + h, our_problem=True, actor="Zhang"),
            ContainmentOrdered(t + h, actor="Li"),  # same moment as the assessment, other kind
            RootCauseRecorded(t + 2 * h, "voids", actor="Wang"),
            PlanApproved(t + 3 * h, actor="Zhao"),
            ActionsImplemented(t + 4 * h),
            Verified(t + 5 * h, effective=verified, actor="Qian"),
        ],
    )


def test_disposition_report_whole() -> None:
    case = _major(True)
    report = disposition_report(case)
    cls = case.classification
    assert report == {
        "customer": "K-101",
        "customer_class": "B",
        "quantity_delivered": 500,
        "product": "amp",
        "model": "X2",
        "delivery_date": "2026-08-30",
        "description": "hum",
        "responsibility": cls.leader,
        "our_problem": True,
        "cause": "voids",
        "corrective_proposal_approved": True,
        "verification": "effective",
        "nature": cls.nature,
        "escalations": [f"{e.who} within {e.within}" for e in cls.escalations],
        # without a calendar the dates are the events' own (UTC 09-07 21:00 ... 01:00)
        "responsibility_signed_by": "Zhang",
        "responsibility_date": "2026-09-07",
        "cause_signed_by": "Wang",
        "cause_date": "2026-09-07",
        "corrective_proposal_signed_by": "Zhao",
        "corrective_proposal_date": "2026-09-07",
        "verification_signed_by": "Qian",
        "verification_date": "2026-09-08",  # 20:00 + 5 h = 01:00 UTC on 09-08
    }
    # In the calendar's zone (UTC+8) all four are on 09-08.
    local = disposition_report(case, CN)
    assert [
        local[f"{s}_date"]
        for s in ("responsibility", "cause", "corrective_proposal", "verification")
    ] == ["2026-09-08"] * 4
    assert disposition_report(_major(False))["verification"] == "not effective"
    fresh = disposition_report(replay(GENERAL, []))
    assert fresh["verification"] is None
    assert fresh["delivery_date"] is None
    assert fresh["corrective_proposal_approved"] is False
    assert fresh["responsibility_signed_by"] is None
    assert fresh["responsibility_date"] is None


def test_a_pause_after_the_deadline_leaves_the_step_overdue() -> None:
    # Contact due 10:10, not done; paused at 10:20 (after the deadline: no shift), still paused.
    case = replay(GENERAL, [Paused(T + 20 * MIN, "samples")])
    now = T + 30 * MIN
    assert [d.step for d in overdue(case, now, CN)] == ["contact"]
    assert [d.step for d in missed_steps(case, CN, now=now)] == ["contact"]
    assert overdue(case, now, CN)[0].due_at == sh(7, 10, 10)


def test_combined_rule_in_a_custom_profile() -> None:
    from qmscore.deadlines import EarliestOf

    quick = Step(
        "quick",
        "Quick",
        "快速",
        EarliestOf((Hours(1), Minutes(30))),
        "acknowledged",
        ("standard",),
    )
    got = due_dates(replay(GENERAL, []), CN, ResponseProfile((quick,)))
    assert [(d.step, d.due_at) for d in got] == [("quick", sh(7, 10, 30))]  # min(11:00, 10:30)


def test_due_dates_validates_the_calendar() -> None:
    with pytest.raises(InvalidTypeError, match="'calendar' must be a WorkCalendar"):
        due_dates(replay(GENERAL, []), "calendar")  # type: ignore[arg-type]


def test_out_of_range_moments_are_named() -> None:
    # 9999-12-31 23:00 UTC is 10000-01-01 07:00 in Shanghai: beyond datetime.
    late = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone.utc)
    case = replay(Complaint("Q", late, "K", demands=("criticism",)), [])
    with pytest.raises(
        InvalidInputError, match="'received_at' must be a moment within datetime's range"
    ):
        due_dates(case, CN)
    # Received 15:00 UTC (23:00 in Shanghai), contacted 16:30 UTC (00:30 on 10000-01-01).
    t = dt.datetime(9999, 12, 31, 15, tzinfo=dt.timezone.utc)
    case = replay(Complaint("Q", t, "K", demands=("criticism",)), [Acknowledged(t + 90 * MIN)])
    with pytest.raises(InvalidInputError, match="'done' must be a moment within datetime's range"):
        due_dates(case, CN)
