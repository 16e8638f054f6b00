"""Replay that says where it broke; the lenient mode; back-dated events."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest

from qmscore.errors import InvalidInputError, InvalidTransitionError, InvalidTypeError
from qmscore.workflow import (
    Acknowledged,
    Assessed,
    Closed,
    Complaint,
    CustomerReplied,
    Event,
    Paused,
    Rejected,
    ReplayError,
    ReplayInputError,
    ReplayTransitionError,
    Resumed,
    apply,
    dump_event,
    open_case,
    replay,
)

T = dt.datetime(2026, 9, 30, 16, 0)
H = dt.timedelta(hours=1)
STANDARD = Complaint("Q-1", T, "K-101", demands=("criticism",))
GOOD: list[Event] = [Acknowledged(T + H / 6), Assessed(T + H, True), CustomerReplied(T + 2 * H)]


def junk(value: object) -> Any:
    """A value typed Any, for calls that must refuse it."""
    return value


def test_an_illegal_event_names_index_event_and_state() -> None:
    # Index 1: closing a standard case before its assessment and reply.
    log = [GOOD[0], Closed(T + H), *GOOD[1:]]
    with pytest.raises(ReplayTransitionError) as info:
        replay(STANDARD, log)
    err = info.value
    assert isinstance(err, InvalidTransitionError)
    assert isinstance(err, ReplayError)
    assert (err.index, err.event, err.state) == (1, log[1], "in_progress")
    assert str(err).startswith(
        "replay broke at index 1 (closed at 2026-09-30T17:00:00) with the case in_progress "
        "after 1 events: 'closed' is not allowed while the case is in_progress: standard "
        "route: no close while required steps are undone (assessed, customer_replied)"
    )
    assert err.reason.startswith("'closed' is not allowed")


def test_an_event_dated_before_the_previous_one_is_refused_with_its_index() -> None:
    log = [GOOD[0], Assessed(T + H, True), CustomerReplied(T + H / 2)]
    with pytest.raises(ReplayInputError) as info:
        replay(STANDARD, log)
    err = info.value
    assert isinstance(err, InvalidInputError)
    assert (err.index, err.state, err.field) == (2, "in_progress", "events[2]")
    assert err.reason == (
        "events out of order: customer_replied at 2026-09-30T16:30:00 is before the previous "
        "event at 2026-09-30T17:00:00 (to accept it, mark it back-dated with a reason)"
    )


def test_an_event_dated_before_the_receipt_is_refused() -> None:
    with pytest.raises(ReplayInputError, match="is before the receipt at 2026-09-30T16:00:00"):
        replay(STANDARD, [Acknowledged(T - H)])


def test_a_corrupt_stored_event_names_its_index_and_path() -> None:
    stored: list[Any] = [dump_event(GOOD[0]), {"kind": "assessed", "at": "yesterday"}]
    with pytest.raises(ReplayInputError) as info:
        replay(STANDARD, stored)
    assert info.value.index == 1
    assert info.value.state == "in_progress"
    assert "expected an ISO 8601 date-time, got 'yesterday' @ $.at" in info.value.reason
    assert "required field missing @ $.our_problem" in info.value.reason
    with pytest.raises(ReplayInputError, match=r"index 0 \(3\)") as other:
        replay(STANDARD, junk([3]))
    assert other.value.reason == (
        "'event' must be a workflow event or a stored event payload (got 3)"
    )


def test_lenient_replay_returns_the_case_up_to_the_bad_event_and_what_was_not_applied() -> None:
    log = [GOOD[0], Closed(T + H), GOOD[1], GOOD[2]]
    result = replay(STANDARD, log, lenient=True)
    # The case holds the one event before index 1.
    assert result.case == apply(open_case(STANDARD), GOOD[0])
    assert not result.complete
    assert [(r.index, r.event, r.state) for r in result.rejected] == [
        (1, log[1], "in_progress"),
        (2, log[2], "in_progress"),
        (3, log[3], "in_progress"),
    ]
    assert result.rejected[0].reason.startswith("'closed' is not allowed while the case is")
    assert result.rejected[1].reason == "not applied: the history broke at index 1"
    assert result.rejected[2] == Rejected(3, log[3], result.rejected[1].reason, "in_progress")
    complete = replay(STANDARD, GOOD, lenient=True)
    assert complete.complete
    assert complete.case == replay(STANDARD, GOOD)


def test_a_back_dated_event_with_a_reason_is_accepted_and_said() -> None:
    late_entry = CustomerReplied(T + H / 2, backdated="phone reply entered the next day")
    case = replay(STANDARD, [GOOD[0], GOOD[1], late_entry])
    assert case.happened("customer_replied") == T + H / 2
    # The clock of the log does not go back: the next event is compared with 17:00.
    assert case.last_at == T + H
    assert case.reasons[-1].en == (
        "2026-09-30T16:30:00: customer replied (back-dated: phone reply entered the next day)"
    )
    assert case.reasons[-1].zh == (
        "2026-09-30 16:30:00：答复客户（补录：phone reply entered the next day）"
    )
    with pytest.raises(ReplayInputError, match="before the previous event at 2026-09-30T17:00"):
        replay(STANDARD, [GOOD[0], GOOD[1], late_entry, Closed(T + H * 0.9)])
    # Before the receipt too, when flagged.
    early = replay(STANDARD, [Acknowledged(T - H, backdated="called before the form was filed")])
    assert early.happened("acknowledged") == T - H


def test_a_back_dated_resume_cannot_precede_its_pause() -> None:
    log = [GOOD[0], Paused(T + H, "samples"), Resumed(T + H / 2, backdated="entered late")]
    with pytest.raises(ReplayInputError, match="a resume cannot be before its pause"):
        replay(STANDARD, log)
    ok = replay(STANDARD, [*log[:2], Resumed(T + 3 * H), Assessed(T + 2 * H, True, backdated="x")])
    assert ok.pauses == ((T + H, T + 3 * H),)


def test_replay_errors_pickle_with_their_details() -> None:
    for log in ([GOOD[0], Closed(T + H)], [GOOD[0], Assessed(T, True)]):
        with pytest.raises(ReplayError) as info:
            replay(STANDARD, log)
        copy = pickle.loads(pickle.dumps(info.value))
        assert type(copy) is type(info.value)
        assert (copy.index, copy.event, copy.state, copy.reason, str(copy)) == (
            info.value.index,
            info.value.event,
            info.value.state,
            info.value.reason,
            str(info.value),
        )


BAD: list[tuple[Any, type[Exception], str]] = [
    (lambda: replay(STANDARD, GOOD, lenient=junk("yes")), InvalidTypeError, "'lenient' must be"),
    (lambda: replay(STANDARD, junk("abc")), InvalidTypeError, "'events' must be"),
    (lambda: Closed(T, backdated=""), InvalidInputError, "'backdated' must be"),
    (lambda: Closed(T, backdated=junk(3)), InvalidTypeError, "'backdated' must be"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_input(call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        call()
