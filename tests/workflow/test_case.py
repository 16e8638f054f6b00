"""The complaint case fold: a full major case over National Day 2026, guards, loops, clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore.deadlines import Hours
from qmscore.errors import (
    InvalidInputError,
    InvalidTransitionError,
    InvalidTypeError,
    RuleSetError,
)
from qmscore.serialization import from_dict, to_dict
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    DEFAULT_PROFILE,
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
    ResponseProfile,
    Resumed,
    RootCauseRecorded,
    Step,
    Verified,
    apply,
    at_risk,
    disposition_report,
    due_dates,
    next_actions,
    open_case,
    overdue,
    replay,
    statistics_row,
)

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 9, 30, 16, 0)  # Wednesday before the National Day holiday
H = dt.timedelta(hours=1)
MAJOR = Complaint(
    "Q-7",
    T,
    "K-101",
    demands=("return",),
    batch=True,
    product="amp",
    model="X2",
    quantity_delivered=500,
    description="hum at low volume",
    phone="0755-1234",
)


def at(m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, m, d, h, mi, tzinfo=SH)


def test_full_major_case_over_national_day() -> None:
    events: list[Event] = [
        Acknowledged(T + dt.timedelta(minutes=8)),
        ContainmentOrdered(T + H * 0.75),
        Assessed(T + H, our_problem=True),
        RootCauseRecorded(T + H * 20, "solder voids in the output stage"),
        PlanApproved(T + H * 22),
        CustomerReplied(T + H * 40),
        Paused(T + H * 41, "waiting for samples"),  # 10-02 09:00, in the holiday
        Resumed(T + H * 186),  # 10-08 10:00: 1.5 working hours paused (08:30-10:00)
        ActionsImplemented(T + H * 200),
        Verified(T + H * 210, effective=True),
        CustomerReplied(T + H * 215, final=True),
        Closed(T + H * 216),
    ]
    case = replay(MAJOR, events)
    assert case.status == "closed"
    assert case.classification.route == "major"
    due = {d.step: d for d in due_dates(case, CN)}
    assert list(due) == [
        "contact",
        "assessment",
        "containment",
        "solution",
        "clear_reply",
        "first_reply",
        "final_result",
    ]
    assert due["contact"].due_at == at(9, 30, 16, 10)  # 10 minutes
    assert due["assessment"].due_at == at(9, 30, 18)  # 2 hours
    assert due["containment"].due_at == at(9, 30, 17)  # 1 hour
    assert due["solution"].due_at == at(10, 1, 16)  # 24 hours, a holiday: still due
    # 48 hours -> 10-02 16:00, pushed back by the 145 h pause (10-02 09:00 to 10-08 10:00)
    # that began before it: 10-08 17:00.
    assert due["clear_reply"].due_at == at(10, 8, 17)
    # 5 and 10 working days (10-08, 09, 10 Sat make-up, 12, 13 ... 20), plus 1.5 working hours.
    assert due["first_reply"].due_at == at(10, 14, 10)
    assert due["final_result"].due_at == at(10, 21, 10)
    assert all(not d.late and d.done_at is not None for d in due.values())
    assert due["clear_reply"].done_at == at(10, 2, 8)  # the first reply completes it
    assert due["final_result"].done_at == CN.localize(T + H * 215)
    assert overdue(case, T + H * 500, CN) == ()  # every step was done, none late


def test_classified_event_reclassifies_with_new_facts() -> None:
    general = Complaint("Q-12", T, "K", demands=("criticism",))
    case = replay(general, [Acknowledged(T), Assessed(T + H, True)])
    assert case.classification.route == "standard"
    case = apply(case, Classified(T + 2 * H, batch=True, demands=("return",)))
    assert (case.classification.nature, case.classification.route) == ("B", "major")
    assert case.complaint.batch
    assert "result" not in {d.step for d in due_dates(case, CN)}  # the major clocks now apply
    unchanged = apply(case, Classified(T + 3 * H))  # nature confirmed, nothing new
    assert unchanged.classification == case.classification
    with pytest.raises(InvalidInputError, match="'demands\\[0\\]' must be one of"):
        apply(case, Classified(T + 4 * H, demands=("refund",)))


def test_guards_of_the_major_route() -> None:
    case = replay(MAJOR, [Acknowledged(T), Assessed(T + H, True)])
    with pytest.raises(InvalidTransitionError) as info:
        apply(case, CustomerReplied(T + 2 * H))
    message = str(info.value)
    assert "while the case is in_progress" in message
    assert "no reply before a solution" in message
    assert "allowed: " in message
    assert "root_cause_recorded" in message
    with pytest.raises(InvalidTransitionError, match="no close while required steps are undone"):
        apply(case, Closed(T + 2 * H))
    with pytest.raises(InvalidTransitionError, match="record the root cause before approving"):
        apply(case, PlanApproved(T + 2 * H))
    blocked = {a.event: a.why_not for a in next_actions(case) if not a.allowed}
    assert blocked["closed"] == (
        "major route: no close while required steps are undone (containment_ordered, "
        "root_cause_recorded, plan_approved, actions_implemented, verified_effective, "
        "customer_replied, final_reply)"
    )
    assert blocked["acknowledged"] == "already acknowledged"


def test_not_effective_and_not_satisfied_loop_back() -> None:
    base: list[Event] = [
        Acknowledged(T),
        Assessed(T + H, True),
        RootCauseRecorded(T + 2 * H, "x"),
        PlanApproved(T + 3 * H),
        ActionsImplemented(T + 4 * H),
    ]
    case = replay(MAJOR, [*base, Verified(T + 5 * H, effective=False)])
    assert case.happened("plan_approved") is None  # redo the root cause and the plan
    assert case.reasons[-1].en.endswith("not effective, back to the root cause")
    with pytest.raises(InvalidTransitionError):
        apply(case, Closed(T + 6 * H))
    done = replay(
        MAJOR,
        [
            *base,
            Verified(T + 5 * H, True),
            CustomerReplied(T + 6 * H, final=True),
            CustomerFeedback(T + 7 * H, satisfied=False),
        ],
    )
    assert done.verified_effective is None
    assert done.status == "in_progress"
    assert "reopens" in done.reasons[-1].en


def test_not_our_problem_returns_evidence_and_closes() -> None:
    case = replay(
        Complaint("Q-8", T, "K-2", demands=("criticism",)),
        [Acknowledged(T), Assessed(T + H, our_problem=False)],
    )
    assert case.status == "evidence_returned"
    with pytest.raises(InvalidTransitionError, match="evidence returned to the customer"):
        apply(case, RootCauseRecorded(T + 2 * H, "x"))
    assert apply(apply(case, CustomerReplied(T + 2 * H)), Closed(T + 3 * H)).closed


def test_fast_track_closes_the_same_day() -> None:
    case = open_case(
        Complaint("Q-9", T - 5 * H, "K-3", appearance_only=True, demands=("criticism",))
    )
    (step,) = [d for d in due_dates(case, CN) if d.step == "same_day_close"]
    assert step.due_at == at(9, 30, 17, 30)
    closed = replay(case.complaint, [Acknowledged(T - 4 * H), Closed(T - 3 * H)])
    assert closed.status == "closed"


def test_standard_route_reply_uses_the_customers_time() -> None:
    c = Complaint(
        "Q-10", T, "K-4", demands=("exchange",), requested_reply_at=dt.datetime(2026, 10, 2, 12)
    )
    (result,) = [d for d in due_dates(open_case(c), CN) if d.step == "result"]
    assert result.due_at == at(10, 2, 12)
    assert result.reasons[0].code == "deadlines.customer_requested"
    with pytest.raises(InvalidTransitionError, match=r"undone \(assessed, customer_replied\)"):
        replay(c, [Acknowledged(T), Closed(T + H)])


def test_overdue_and_at_risk_while_paused_or_open() -> None:
    case = replay(MAJOR, [Acknowledged(T + H * 0.1)])
    late = {d.step for d in overdue(case, T + 3 * H, CN)}
    assert late == {"assessment", "containment"}
    soon = {d.step for d in at_risk(case, T + H * 0.5, CN, margin=H)}
    assert soon == {"containment"}
    paused = apply(case, Paused(T + H * 0.2, "waiting for customer"))
    assert {d.step for d in overdue(paused, T + 3 * H, CN)} == set()  # the clocks stopped
    assert all(d.due_at is None for d in due_dates(paused, CN) if d.done_at is None)


def test_forms() -> None:
    case = replay(
        MAJOR,
        [Acknowledged(T), Assessed(T + H, True), RootCauseRecorded(T + 2 * H, "solder voids")],
    )
    row = statistics_row(case)
    assert row["problem_nature"] == "B"
    assert row["content_and_demand"] == "hum at low volume / return"
    assert row["phone"] == "0755-1234"
    report = disposition_report(case)
    assert report["cause"] == "solder voids"
    assert report["quantity_delivered"] == 500
    assert report["verification"] is None


def test_case_round_trips() -> None:
    case = replay(MAJOR, [Acknowledged(T), Paused(T + H, "samples"), Resumed(T + 2 * H)])
    assert from_dict(to_dict(case), Case) == case
    assert case.events == 3


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: apply(open_case(MAJOR), "acknowledged"),  # type: ignore[arg-type]
            InvalidInputError,
            "'event' must be a workflow event",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T + H), Assessed(T, True)]),
            InvalidInputError,
            "events out of order",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(dt.datetime(2026, 9, 30, 17, tzinfo=SH))]),
            InvalidInputError,
            "'event.at' must be naive like received_at",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T), Acknowledged(T)]),
            InvalidTransitionError,
            "already acknowledged",
        ),
        (lambda: replay(MAJOR, [Resumed(T)]), InvalidTransitionError, "the case is not paused"),
        (
            lambda: replay(MAJOR, [Paused(T, "x"), Acknowledged(T)]),
            InvalidTransitionError,
            "the case is paused",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T), Paused(T, "x"), Closed(T)]),
            InvalidTransitionError,
            "the case is paused (resume it first); allowed: resumed",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T), Verified(T, True)]),
            InvalidTransitionError,
            "implement the actions before verifying",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T), ActionsImplemented(T)]),
            InvalidTransitionError,
            "approve the corrective plan first",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T), CustomerFeedback(T, True)]),
            InvalidTransitionError,
            "reply to the customer first",
        ),
        (
            lambda: replay(MAJOR, [Acknowledged(T), Assessed(T, True), Assessed(T, True)]),
            InvalidTransitionError,
            "already assessed",
        ),
        (lambda: Paused(T, ""), InvalidInputError, "'reason' must be a non-empty string"),
        (
            lambda: at_risk(open_case(MAJOR), T, CN, margin=-H),
            InvalidInputError,
            "'margin' must be a non-negative timedelta",
        ),
        (
            lambda: at_risk(open_case(MAJOR), T, CN, margin=dt.timedelta.max),
            InvalidInputError,
            "'margin' must be a timedelta that stays in range",
        ),
        (lambda: due_dates("case", CN), InvalidInputError, "'case' must be a Case"),  # type: ignore[arg-type]
        # Issue 12: an event's kind is fixed, booleans are bool, times are datetimes.
        (
            lambda: Acknowledged(T, kind="closed"),  # type: ignore[arg-type]
            InvalidInputError,
            "'kind' must be 'acknowledged' (it is fixed) (got 'closed')",
        ),
        (
            lambda: CustomerFeedback(T, satisfied="no"),
            InvalidTypeError,
            "'satisfied' must be True or False (got 'no')",
        ),
        (
            lambda: Assessed(T, our_problem="false"),
            InvalidTypeError,
            "'our_problem' must be True or False (got 'false')",
        ),
        (
            lambda: Classified(T, safety="no"),
            InvalidTypeError,
            "'safety' must be True or False (got 'no')",
        ),
        (
            lambda: Classified(T, demands="return"),
            InvalidTypeError,
            "'demands' must be a list (got 'return')",
        ),
        (
            lambda: Classified(T, demands=("refund",)),
            InvalidInputError,
            "'demands[0]' must be one of",
        ),
        (
            lambda: Verified(at=float("inf"), effective=b"\xff"),
            InvalidTypeError,
            "'at' must be a datetime or an ISO 8601 string (got inf)",
        ),
        (
            lambda: Verified(at=T, effective=b"\xff"),
            InvalidTypeError,
            "'effective' must be True or False (got b'\\xff')",
        ),
        (
            lambda: Paused(at=float("-inf"), reason="x"),
            InvalidTypeError,
            "'at' must be a datetime or an ISO 8601 string (got -inf)",
        ),
        (
            lambda: Closed("yesterday"),
            InvalidInputError,
            "'at' must be an ISO 8601 date-time (got 'yesterday')",
        ),
        (
            lambda: CustomerReplied(T, final="yes"),
            InvalidTypeError,
            "'final' must be True or False",
        ),
        (
            lambda: Acknowledged(T, actor=""),
            InvalidInputError,
            "'actor' must be a non-empty string",
        ),
        (lambda: Assessed(T, True, note=None), InvalidTypeError, "'note' must be a string"),  # type: ignore[arg-type]
        (lambda: RootCauseRecorded(T, 5), InvalidTypeError, "'cause' must be a non-empty string"),  # type: ignore[arg-type]
        (lambda: next_actions("A"), InvalidTypeError, "'case' must be a Case (got 'A')"),  # type: ignore[arg-type]
        (lambda: statistics_row(-1), InvalidTypeError, "'case' must be a Case (got -1)"),  # type: ignore[arg-type]
        (lambda: overdue("A", "A", -1), InvalidTypeError, "'case' must be a Case (got 'A')"),  # type: ignore[arg-type]
        (
            lambda: overdue(open_case(MAJOR), T, "calendar"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (
            lambda: overdue(open_case(MAJOR), None, CN),  # type: ignore[arg-type]
            InvalidTypeError,
            "'now' must be a datetime or an ISO 8601 string (got None)",
        ),
        (
            lambda: due_dates(open_case(MAJOR), CN, "profile"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'profile' must be a ResponseProfile",
        ),
        (lambda: disposition_report(None), InvalidTypeError, "'case' must be a Case (got None)"),  # type: ignore[arg-type]
        (
            lambda: disposition_report(open_case(MAJOR), "cal"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (lambda: open_case("Q-1"), InvalidTypeError, "'complaint' must be a Complaint"),  # type: ignore[arg-type]
        (lambda: apply("case", Closed(T)), InvalidTypeError, "'case' must be a Case"),  # type: ignore[arg-type]
        (lambda: replay(MAJOR, "events"), InvalidTypeError, "'events' must be a list"),  # type: ignore[arg-type]
        (lambda: ResponseProfile(steps=-1), InvalidTypeError, "'steps' must be a list (got -1)"),
        (
            lambda: ResponseProfile(steps=("contact",)),
            InvalidTypeError,
            "'steps[0]' must be a Step (got 'contact')",
        ),
        (
            lambda: ResponseProfile((*DEFAULT_PROFILE.steps, DEFAULT_PROFILE.steps[0])),
            RuleSetError,
            "step keys must be unique in a profile (twice: ['contact'])",
        ),
        (
            lambda: Step("s", "s", "s", Hours(1), "replied", ("major",)),
            InvalidInputError,
            "'done_by' must be one of",
        ),
        (
            lambda: Step("s", "s", "s", "1 hour", "closed", ("major",)),  # type: ignore[arg-type]
            InvalidTypeError,
            "'rule' must be a deadline rule",
        ),
        (
            lambda: Step("s", "s", "s", Hours(1), "closed", "major"),
            InvalidTypeError,
            "'routes' must be a list (got 'major')",
        ),
        (
            lambda: Step("s", "s", "s", Hours(1), "closed", ("urgent",)),
            InvalidInputError,
            "'routes[0]' must be one of ('fast_track', 'standard', 'major')",
        ),
        (
            lambda: Step("s", "s", "s", Hours(1), "closed", ("major",), customer_may_set=1),
            InvalidTypeError,
            "'customer_may_set' must be True or False",
        ),
        (
            lambda: Step("s", "s", "s", Hours(1), "closed", ("major",), source="seed 002"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'source' must be a Source",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_closed_case_refuses_everything() -> None:
    case = replay(Complaint("Q-11", T, "K", appearance_only=True), [Acknowledged(T), Closed(T)])
    assert all(not a.allowed for a in next_actions(case))
    with pytest.raises(InvalidTransitionError, match="the case is closed; allowed: nothing"):
        apply(case, Paused(T, "x"))


def test_reasons_read_each_event_and_closed_cases_are_not_at_risk() -> None:
    case = replay(
        Complaint("Q-16", T, "K", demands=("criticism",)),
        [
            Acknowledged(T),
            Paused(T + H, "waiting for samples"),
            Resumed(T + 2 * H),
            Assessed(T + 3 * H, our_problem=False),
            CustomerReplied(T + 4 * H),
            Closed(T + 5 * H),
        ],
    )
    texts = [r.en.split(": ", 1)[1] for r in case.reasons]
    assert texts[1] == "paused: waiting for samples"
    assert texts[3] == "assessed: not our quality problem, evidence returned to the customer"
    assert "暂停：waiting for samples" in case.reasons[1].zh
    # Closed: nothing can still be done in time, so nothing is "at risk".
    assert at_risk(case, T + 5 * H, CN, margin=24 * H) == ()
    # A step of one's own, without a source, is fine.
    own = Step("call_back", "Call back", "回访", Hours(72), "closed", ("standard",))
    assert own.source is None
    assert [d.step for d in due_dates(case, CN, ResponseProfile((own,)))] == ["call_back"]
