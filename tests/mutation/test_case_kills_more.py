"""Kill tests for workflow/case (issue 20): re-classification, back-dated pauses,
event subclasses, and the milestones the fold records.

Every expectation is read off the business rules: a Classified event with new
facts re-runs the classification with the case's own rules; a back-dated
resume may not be before its pause; milestones keep their first and last moments.
"""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
    Classified,
    Complaint,
    ComplaintRules,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Verified,
    apply,
    open_case,
    replay,
)

T = dt.datetime(2026, 9, 7, 10, 0)
H = dt.timedelta(hours=1)
# A criticism (nature C) with no major trigger: the standard route.
STANDARD = Complaint("Q", T, "K", demands=("criticism",))
MAJOR = Complaint("Q", T, "K", demands=("criticism",), batch=True)


def by_apply(
    complaint: Complaint, events: list[Event], rules: ComplaintRules | None = None
) -> Case:
    case = open_case(complaint) if rules is None else open_case(complaint, rules)
    for e in events:
        case = apply(case, e)
    return case


@pytest.mark.parametrize(
    "event",
    [
        Classified(T + H, batch=True),
        Classified(T + H, recurrence=True),
        Classified(T + H, safety=True),
        Classified(T + H, demands=("return",)),  # a return is a major demand
    ],
)
def test_each_new_fact_alone_reclassifies_to_major(event: Classified) -> None:
    events: list[Event] = [Acknowledged(T), event]
    assert by_apply(STANDARD, events).classification.route == "major"
    assert replay(STANDARD, events).classification.route == "major"
    folded = replay(STANDARD, events)
    assert folded.complaint == by_apply(STANDARD, events).complaint


def test_recurrence_is_carried_into_the_complaint() -> None:
    case = replay(STANDARD, [Acknowledged(T), Classified(T + H, recurrence=True)])
    assert case.complaint.recurrence is True
    assert case.complaint.batch is False


def test_reclassification_uses_the_cases_rules() -> None:
    # Rules where only safety is a major trigger: a batch problem stays standard.
    rules = ComplaintRules(major_triggers=("safety",))
    events: list[Event] = [Acknowledged(T), Classified(T + H, batch=True)]
    assert by_apply(STANDARD, events, rules).classification.route == "standard"
    assert replay(STANDARD, events, rules).classification.route == "standard"
    # The default rules would make it major (the contrast that shows the rules are used).
    assert replay(STANDARD, events).classification.route == "major"


def test_a_classified_event_without_facts_keeps_the_classification() -> None:
    case = replay(STANDARD, [Acknowledged(T), Classified(T + H)])
    assert case.classification == open_case(STANDARD).classification
    assert case.happened("classified") == T + H


def test_backdated_resume_at_or_after_its_backdated_pause_is_allowed() -> None:
    # Acknowledged at 12:00; a pause from 11:00 entered late; its resume at 11:00
    # (0 s paused) and at 11:30 are both allowed, each back-dated.
    base: list[Event] = [
        Acknowledged(T + 2 * H),
        Paused(T + H, "samples", backdated="entered late"),
    ]
    for resume_at in (T + H, T + H + H / 2):
        events = [*base, Resumed(resume_at, backdated="entered late")]
        for case in (replay(STANDARD, events), by_apply(STANDARD, events)):
            assert case.paused_since is None
            assert case.pauses == ((T + H, resume_at),)
            assert case.last_at == T + 2 * H  # the latest moment stays


def test_backdated_resume_before_its_pause_is_refused() -> None:
    case = replay(
        STANDARD, [Acknowledged(T + 2 * H), Paused(T + H, "samples", backdated="entered late")]
    )
    early = T + H - dt.timedelta(seconds=1)
    with pytest.raises(InvalidInputError) as info:
        apply(case, Resumed(early, backdated="entered late"))
    assert info.value.field == "event.at"
    assert info.value.value == early
    assert str(info.value) == (
        "a resume cannot be before its pause (2026-09-07T10:59:59 < 2026-09-07T11:00:00)"
    )


def test_other_backdated_events_are_not_taken_for_resumes() -> None:
    # Not paused: a back-dated assessment before the last event is accepted.
    case = replay(
        STANDARD,
        [Acknowledged(T), CustomerReplied(T + 2 * H), Assessed(T + H, True, backdated="x")],
    )
    assert case.our_problem is True


class TaggedAcknowledged(Acknowledged):
    """A caller's own subclass of an event (e.g. with extra behaviour)."""


def test_an_event_subclass_is_accepted() -> None:
    event = TaggedAcknowledged(T)
    case = apply(open_case(STANDARD), event)
    assert case.happened("acknowledged") == T
    assert replay(STANDARD, [event]).happened("acknowledged") == T


MAJOR_DONE: list[Event] = [
    Acknowledged(T),
    RootCauseRecorded(T + H, "die worn"),
    PlanApproved(T + 2 * H),
    ActionsImplemented(T + 3 * H),
    Verified(T + 4 * H, effective=False),  # back to the root cause
    RootCauseRecorded(T + 5 * H, "coolant"),
    PlanApproved(T + 6 * H),
    ActionsImplemented(T + 7 * H),
    Verified(T + 8 * H, effective=True),
    CustomerReplied(T + 9 * H, final=True),
]


def test_milestones_reached_by_a_second_event_carry_its_time() -> None:
    for case in (replay(MAJOR, MAJOR_DONE), by_apply(MAJOR, MAJOR_DONE)):
        assert case.happened("verified_effective") == T + 8 * H
        assert case.first("verified_effective") == T + 8 * H
        assert case.happened("final_reply") == T + 9 * H
        assert case.first("final_reply") == T + 9 * H


def test_a_loop_forgets_the_first_moments_of_the_rework() -> None:
    for case in (replay(MAJOR, MAJOR_DONE), by_apply(MAJOR, MAJOR_DONE)):
        # The first root cause (T+1h) was undone by the failed verification:
        # the step is complete with the second one.
        assert case.first("root_cause_recorded") == T + 5 * H
        assert case.first("plan_approved") == T + 6 * H
        assert case.first("actions_implemented") == T + 7 * H
        # Not forgotten: the first verification still happened first.
        assert case.first("verified") == T + 4 * H
    undone = replay(MAJOR, MAJOR_DONE[:5])
    assert undone.first("root_cause_recorded") is None
    assert undone.happened("root_cause_recorded") is None


def test_open_case_classifies_with_the_given_rules() -> None:
    # A batch problem: major under the default rules, standard where only safety is a trigger.
    batch = Complaint("Q", T, "K", demands=("criticism",), batch=True)
    assert open_case(batch).classification.route == "major"
    rules = ComplaintRules(major_triggers=("safety",))
    assert open_case(batch, rules).classification.route == "standard"


def test_a_case_built_by_hand_starts_at_the_receipt() -> None:
    # Case(...) without last_at: the receipt is the moment events must not precede.
    case = Case(STANDARD, open_case(STANDARD).classification)
    assert case.last_at is None
    assert apply(case, Acknowledged(T)).last_at == T
    with pytest.raises(InvalidInputError, match="is before the receipt"):
        apply(case, Acknowledged(T - H))


def test_apply_names_a_bad_case_or_event_with_its_value() -> None:
    with pytest.raises(InvalidInputError) as info:
        apply("not a case", Acknowledged(T))  # type: ignore[arg-type]
    assert info.value.field == "case"
    assert info.value.value == "not a case"
    with pytest.raises(InvalidInputError) as info:
        apply(open_case(STANDARD), "acknowledged")  # type: ignore[arg-type]
    assert info.value.field == "event"
    assert info.value.value == "acknowledged"
