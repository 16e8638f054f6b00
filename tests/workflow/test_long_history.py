"""A case with a long history: replay equals the one-by-one fold, tuples as before.

The fold keeps the history, milestones and pauses as prefixes of lists it
appends to (copying only when an older case is extended again) and builds the
tuples when first read; these tests check the tuples against a brute-force
oracle (the fold as it was written before: copy and filter the milestone list
per event) and that the case still compares, pickles and reads back
like a plain value. No timing is asserted here (see bench/bench_workflow.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import pickle

import attrs
import pytest

from qmscore.errors import InvalidTransitionError
from qmscore.serialization import from_json, to_json
from qmscore.workflow import (
    Acknowledged,
    Case,
    Closed,
    CustomerFeedback,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    RootCauseRecorded,
    Verified,
    apply,
    open_case,
    replay,
)
from qmscore.workflow._examples import RETURN, T0, long_history
from qmscore.workflow.complaint import MILESTONES

T = T0


def history(n: int) -> list[Event]:
    """``n >= 10`` events: 3 opening steps, rounds of 8 ending in a failed
    verification, containment orders to fill, then the closing steps up to an
    unsatisfied feedback (the case reopens) and a second root cause."""
    events = long_history(n, close=False)
    assert len(events) == n
    return events


REWORK = ("root_cause_recorded", "plan_approved", "actions_implemented")


def oracle_done(events: list[Event]) -> list[tuple[str, dt.datetime]]:
    """The milestones as the fold used to keep them: forget kinds, then append."""
    done: list[tuple[str, dt.datetime]] = []
    for e in events:
        marks: list[tuple[str, dt.datetime]] = [(e.kind, e.at)]
        forget: tuple[str, ...] = ()
        if isinstance(e, CustomerReplied) and e.final:
            marks.append(("final_reply", e.at))
        elif isinstance(e, Verified):
            if e.effective:
                marks.append(("verified_effective", e.at))
            else:
                forget = (*REWORK, "verified_effective")
        elif isinstance(e, CustomerFeedback) and not e.satisfied:
            forget = (*REWORK, "verified", "verified_effective", "final_reply")
        if forget:
            done = [d for d in done if d[0] not in forget]
        done += marks
    return done


LONG = history(10_000)


def test_replay_of_ten_thousand_events_equals_folding_one_by_one() -> None:
    case = replay(RETURN, LONG)
    folded = functools.reduce(apply, LONG, open_case(RETURN))
    assert case == folded
    assert case.history == tuple(LONG)
    assert type(case.history) is tuple
    assert case.events == 10_000
    done = oracle_done(LONG)
    assert case.done == tuple(done)
    for kind in (*MILESTONES, "paused", "resumed"):
        moments = [at for k, at in done if k == kind]
        assert case.happened(kind) == (moments[-1] if moments else None), kind
        assert case.first(kind) == (moments[0] if moments else None), kind
    # (10,000 - 10) // 8 = 1,248 rounds, one pause each: minutes 5..6 of each round.
    pauses = [(p.at, r.at) for p, r in itertools.pairwise(LONG) if p.kind == "paused"]
    assert len(pauses) == 1_248
    assert case.pauses == tuple(pauses)
    # Reopened by the feedback: the final reply and the verification are forgotten.
    assert case.happened("final_reply") is None
    assert case.happened("verified_effective") is None
    assert case.root_cause == "second cause"
    assert case.status == "in_progress"


def test_every_prefix_of_a_short_history_matches_the_oracle() -> None:
    events = history(42)  # 4 rounds of 8
    case = open_case(RETURN)
    for i, event in enumerate(events, start=1):
        case = apply(case, event)
        assert case.history == tuple(events[:i])
        assert case.done == tuple(oracle_done(events[:i]))
        assert case.events == i


def test_a_long_case_pickles_and_reads_back_equal() -> None:
    case = replay(RETURN, LONG)
    copy = pickle.loads(pickle.dumps(case))
    assert copy == case
    assert type(copy) is Case
    short = replay(RETURN, history(50))
    back = from_json(to_json(short), Case)
    assert back == short
    # Read back (built from its tuples), it folds on exactly like the original.
    nxt = RootCauseRecorded(T + dt.timedelta(days=30), "third cause")
    assert apply(back, nxt) == apply(short, nxt)


def test_a_case_built_from_its_tuples_folds_like_the_replayed_one() -> None:
    events = history(26)  # 2 rounds: the done tuple has forgotten marks behind it
    case = replay(RETURN, events)
    rebuilt = Case(**{f.name: getattr(case, f.name) for f in attrs.fields(Case)})
    assert rebuilt == case
    # Indices: 0-2 opening, rounds at 3-10 and 11-18 (pauses at 7 and 15), then
    # closing steps 19-23, the unsatisfied feedback at 24 and a root cause at 25.
    assert rebuilt.happened("paused") == case.happened("paused") == events[15].at
    assert rebuilt.first("customer_replied") == events[5].at  # a reply is never forgotten
    assert rebuilt.first("verified") is None  # the feedback forgot every verification
    assert rebuilt.first("root_cause_recorded") == events[25].at

    def outcome(c: Case, event: Event) -> object:
        try:
            return apply(c, event)
        except InvalidTransitionError as exc:
            return str(exc)

    refused = Closed(T + dt.timedelta(days=1))
    assert isinstance(outcome(case, refused), str)
    allowed = PlanApproved(T + dt.timedelta(days=1))
    for event in (refused, allowed):
        assert outcome(rebuilt, event) == outcome(case, event)


def test_two_events_applied_to_one_case_give_two_independent_cases() -> None:
    base = replay(RETURN, history(10)[:3])
    one = apply(base, RootCauseRecorded(T + dt.timedelta(hours=1), "one"))
    two = apply(base, Paused(T + dt.timedelta(hours=2), "two"))
    assert [e.kind for e in one.history] == [
        "acknowledged", "assessed", "containment_ordered", "root_cause_recorded",
    ]  # fmt: skip
    assert [e.kind for e in two.history] == [
        "acknowledged", "assessed", "containment_ordered", "paused",
    ]  # fmt: skip
    assert base.events == 3
    assert len(base.history) == 3
    assert one.happened("paused") is None
    assert two.happened("root_cause_recorded") is None


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    case = open_case(RETURN)
    with pytest.raises(AttributeError, match="'Case' object has no attribute 'histroy'"):
        case.histroy  # type: ignore[attr-defined]  # noqa: B018


def test_a_subclass_of_an_event_replays_like_the_event() -> None:
    @attrs.frozen
    class Called(Acknowledged):
        """An acknowledgement by phone (a caller's own subclass)."""

    case = replay(RETURN, [Called(T + dt.timedelta(minutes=5))])
    assert case.happened("acknowledged") == T + dt.timedelta(minutes=5)
    assert type(case.history[0]) is Called


def test_asking_for_an_unhashable_kind_answers_never_as_before() -> None:
    case = replay(RETURN, history(10)[:3])
    assert case.happened(["acknowledged"]) is None  # type: ignore[arg-type]
    assert case.first({"kind": "acknowledged"}) is None  # type: ignore[arg-type]
    assert case.happened("acknowledged") == T + dt.timedelta(minutes=1)
