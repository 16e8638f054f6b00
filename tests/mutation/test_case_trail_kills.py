"""The case's trail (workflow/_trail.py) and replay errors (_replay.py): what survivors showed untested.

A case built event by event with ``apply`` keeps its milestones in a trail;
``replay`` folds the same events in place. Both must give the same ``done``,
``happened`` and ``first``, also after a loop forgets milestones, and a case
read back from JSON (its trail rebuilt from the tuples) must answer alike.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce

import pytest

from qmscore.errors import InvalidInputError
from qmscore.serialization import from_dict, to_dict
from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
    Complaint,
    CustomerFeedback,
    CustomerReplied,
    Event,
    PlanApproved,
    RootCauseRecorded,
    Verified,
    apply,
    open_case,
    replay,
)
from qmscore.workflow._trail import Trail, push

T = dt.datetime(2026, 9, 30, 16, 0)
H = dt.timedelta(hours=1)
MAJOR = Complaint("Q-7", T, "K-101", demands=("return",), batch=True)

# Not effective at T+5h forgets the plan, the rework and the verification; the
# second round then marks them again from T+6h.
EVENTS: list[Event] = [
    Acknowledged(T),
    Assessed(T + H, True),
    RootCauseRecorded(T + 2 * H, "x"),
    PlanApproved(T + 3 * H),
    ActionsImplemented(T + 4 * H),
    Verified(T + 5 * H, effective=False),
    RootCauseRecorded(T + 6 * H, "y"),
    PlanApproved(T + 7 * H),
    ActionsImplemented(T + 8 * H),
    Verified(T + 9 * H, effective=True),
]


def _applied(events: list[Event]) -> Case:
    return reduce(apply, events, open_case(MAJOR))


def test_done_after_a_loop_keeps_the_marks_made_since_and_drops_the_forgotten() -> None:
    by_apply, by_replay = _applied(EVENTS), replay(MAJOR, EVENTS)
    kinds = [kind for kind, _ in by_apply.done]
    # The first plan_approved (T+3h) and actions_implemented (T+4h) are forgotten;
    # the ones at T+7h and T+8h, made after the cut, stay (the first mark after
    # the cut included).
    assert [at for kind, at in by_apply.done if kind == "plan_approved"] == [T + 7 * H]
    assert [at for kind, at in by_apply.done if kind == "actions_implemented"] == [T + 8 * H]
    assert kinds.count("acknowledged") == 1
    assert kinds.count("assessed") == 1
    assert by_apply.done == by_replay.done
    assert by_apply.first("plan_approved") == T + 7 * H  # forgotten: the new first
    assert by_apply.happened("acknowledged") == T


def test_a_case_read_back_answers_first_and_happened_as_the_original() -> None:
    case = replay(MAJOR, [*EVENTS, CustomerReplied(T + 10 * H), CustomerReplied(T + 11 * H)])
    back = from_dict(to_dict(case), Case)
    for kind in ("acknowledged", "plan_approved", "customer_replied", "verified_effective"):
        assert back.first(kind) == case.first(kind), kind
        assert back.happened(kind) == case.happened(kind), kind
    # Two replies: first is the earlier, happened the later.
    assert back.first("customer_replied") == T + 10 * H
    assert back.happened("customer_replied") == T + 11 * H
    assert back.first("nothing") is None
    assert back.happened("nothing") is None


def test_reopening_forgets_the_final_reply_on_both_paths() -> None:
    events = [
        *EVENTS,
        CustomerReplied(T + 10 * H, final=True),
        CustomerFeedback(T + 11 * H, satisfied=False),
    ]
    by_apply = _applied(events)
    assert by_apply.done == replay(MAJOR, events).done
    assert by_apply.happened("final_reply") is None
    assert all(kind != "verified_effective" for kind, _ in by_apply.done)


def test_push_appends_in_place_and_copies_only_for_a_branch() -> None:
    items = [1, 2]
    same = push(items, 2, 3)
    assert same is items
    assert items == [1, 2, 3]
    again = push(items, 3, 4)
    assert again is items
    assert items == [1, 2, 3, 4]
    branch = push(items, 2, 9)  # an older case extended a second time
    assert branch == [1, 2, 9]
    assert branch is not items
    assert items == [1, 2, 3, 4]
    mark = (3,)
    holder = [1, 2, mark]
    assert push(holder, 2, mark) is holder  # the item already stands there


def test_trail_of_takes_the_first_and_last_moment_per_kind() -> None:
    marks = (("a", T), ("b", T + H), ("a", T + 2 * H))
    trail = Trail.of((), marks, ())
    assert trail.first == {"a": T, "b": T + H}
    assert trail.last == {"a": T + 2 * H, "b": T + H}
    assert trail.done() == marks


def test_a_replay_input_error_carries_the_offending_event_as_its_value() -> None:
    late = Acknowledged(T - H)  # before the receipt
    with pytest.raises(InvalidInputError) as caught:
        replay(MAJOR, [late])
    assert caught.value.field == "events[0]"
    assert caught.value.value is late
