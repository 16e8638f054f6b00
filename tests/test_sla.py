"""The SLA clock fold: pauses, re-prioritising, breach and at-risk, bad input."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore import sla
from qmscore.errors import (
    CalendarHorizonError,
    InvalidInputError,
    InvalidTransitionError,
    InvalidTypeError,
)
from qmscore.serialization import from_dict, to_dict
from qmscore.workdays import WorkCalendar

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 9, 28, 9, 0)  # Monday


def fold(clock: sla.SlaClock, *events: sla.Event) -> sla.SlaState:
    state = sla.SlaState(clock)
    for e in events:
        state = sla.apply(state, e, CN)
    return state


def test_working_time_clock_pauses_and_resumes() -> None:
    state = fold(
        sla.SlaClock(4 * H, working_time=True),
        sla.Start(T0),
        sla.Pause(T0 + H, "waiting for samples"),
        sla.Resume(T0 + 24 * H),
    )
    read = sla.status(state, T0 + 24 * H, CN)
    # 1 h used Monday; 3 h left from Tuesday 09:00 -> 12:00 (a shift end, kept).
    assert read.due_at == dt.datetime(2026, 9, 29, 12, 0, tzinfo=SH)
    assert read.consumed == H
    assert read.remaining == 3 * H
    assert state.paused == 24 * H - H
    assert [r.code for r in state.reasons] == ["sla.start", "sla.pause", "sla.resume"]


def test_elapsed_clock_breaches_and_records_when() -> None:
    state = fold(sla.SlaClock(24 * H), sla.Start(T0))
    read = sla.status(state, T0 + 30 * H, CN)
    assert read.breached
    assert read.remaining == -6 * H
    assert read.breached_at == CN.localize(T0 + 24 * H)
    stopped = sla.apply(state, sla.Stop(T0 + 30 * H), CN)
    later = sla.status(stopped, T0 + 100 * H, CN)
    assert later.breached
    assert later.breached_at == CN.localize(T0 + 24 * H)
    assert later.consumed == 30 * H
    assert later.due_at is None


def test_at_risk_share() -> None:
    state = fold(sla.SlaClock(10 * H, at_risk_share=0.5), sla.Start(T0))
    assert not sla.status(state, T0 + 4 * H, CN).at_risk
    assert sla.status(state, T0 + 5 * H, CN).at_risk


def test_reprioritising_keeps_consumed_and_paused_time() -> None:
    state = fold(
        sla.SlaClock(10 * H),
        sla.Start(T0),
        sla.Pause(T0 + 2 * H, "waiting for customer"),
        sla.Reprioritize(T0 + 5 * H, 4 * H),
        sla.Resume(T0 + 6 * H),
    )
    assert state.clock.budget == 4 * H
    assert state.consumed == 2 * H
    assert state.paused == 4 * H
    assert sla.status(state, T0 + 6 * H, CN).due_at == CN.localize(T0 + 8 * H)
    # Re-prioritising to a budget already used up is a breach at once.
    tight = fold(sla.SlaClock(10 * H), sla.Start(T0), sla.Reprioritize(T0 + 3 * H, 2 * H))
    assert sla.status(tight, T0 + 3 * H, CN).breached


def test_elapsed_clock_across_dst_counts_real_hours() -> None:
    ny = WorkCalendar.from_holidays("US", years=[2026], timezone="America/New_York")
    utc = dt.timezone.utc
    # Started 03-07 12:00 EST (17:00 UTC); the clocks spring forward on 03-08.
    state = sla.apply(
        sla.SlaState(sla.SlaClock(24 * H)), sla.Start(dt.datetime(2026, 3, 7, 12)), ny
    )
    # At 03-08 12:00 EDT (16:00 UTC): 23 h elapsed, though the wall clock shows 24.
    read = sla.status(state, dt.datetime(2026, 3, 8, 12), ny)
    assert read.consumed == 23 * H
    assert read.remaining == H
    assert read.due_at is not None
    assert read.due_at.astimezone(utc) == dt.datetime(2026, 3, 8, 17, 0, tzinfo=utc)  # 13:00 EDT
    # Paused from 11-01 00:00 EDT (04:00 UTC) to 03:00 EST (08:00 UTC): 4 h, not 3.
    state = sla.apply(
        sla.apply(
            sla.SlaState(sla.SlaClock(24 * H)), sla.Start(dt.datetime(2026, 10, 31, 23)), ny
        ),
        sla.Pause(dt.datetime(2026, 11, 1, 0), "waiting for the customer"),
        ny,
    )
    state = sla.apply(state, sla.Resume(dt.datetime(2026, 11, 1, 3)), ny)
    assert state.paused == 4 * H
    # Events in the repeated hour are ordered by the instant: 01:45 EDT, then 01:15 EST.
    state = sla.apply(
        sla.SlaState(sla.SlaClock(24 * H)), sla.Start(dt.datetime(2026, 11, 1, 1, 45)), ny
    )
    state = sla.apply(state, sla.Stop(dt.datetime(2026, 11, 1, 1, 15, fold=1)), ny)
    assert state.consumed == dt.timedelta(minutes=30)  # 05:45 to 06:15 UTC


def test_state_round_trips() -> None:
    state = fold(
        sla.SlaClock(4 * H, working_time=True), sla.Start(T0), sla.Pause(T0 + H, "samples")
    )
    assert from_dict(to_dict(state), sla.SlaState) == state


def test_numpy_pandas_and_iso_strings_give_the_same_clock() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    plain = fold(
        sla.SlaClock(4 * H, working_time=True, at_risk_share=0.5),
        sla.Start(T0),
        sla.Pause(T0 + H, "waiting for samples"),
        sla.Resume(T0 + 24 * H),
    )
    clock = sla.SlaClock(
        pd.Timedelta(hours=4), working_time=np.bool_(True), at_risk_share=np.float64(0.5)
    )
    assert clock == plain.clock
    assert type(clock.at_risk_share) is float
    mixed = fold(
        clock,
        sla.Start(pd.Timestamp(T0)),
        sla.Pause("2026-09-28T10:00:00+08:00", "waiting for samples"),
        sla.Resume("2026-09-29T01:00:00Z"),  # 09:00 in Shanghai
    )
    assert mixed == plain
    # 1 h used on Monday, 3 h left from Tuesday 09:00: due at 12:00 (a shift end).
    read = sla.status(mixed, pd.Timestamp("2026-09-29 09:00"), CN)
    assert read == sla.status(plain, T0 + 24 * H, CN)
    assert read.due_at == dt.datetime(2026, 9, 29, 12, 0, tzinfo=SH)


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: fold(sla.SlaClock(H), sla.Pause(T0, "x")),
            InvalidTransitionError,
            "'pause' is not allowed while the clock is idle; allowed: start",
        ),
        (
            lambda: fold(sla.SlaClock(H), sla.Start(T0), sla.Start(T0)),
            InvalidTransitionError,
            "allowed: pause, stop, reprioritize",
        ),
        (
            lambda: fold(sla.SlaClock(H), sla.Start(T0), sla.Stop(T0), sla.Resume(T0)),
            InvalidTransitionError,
            "nothing (stopped)",
        ),
        (
            lambda: fold(sla.SlaClock(H), sla.Start(T0), sla.Pause(T0 - H, "x")),
            InvalidInputError,
            "events out of order",
        ),
        (
            lambda: sla.apply(sla.SlaState(sla.SlaClock(H)), "start", CN),  # type: ignore[arg-type]
            InvalidTypeError,
            "'event' must be an SLA event",
        ),
        (
            lambda: sla.apply("idle", sla.Start(T0), CN),  # type: ignore[arg-type]
            InvalidTypeError,
            "'state' must be an SlaState",
        ),
        (
            lambda: sla.apply(sla.SlaState(sla.SlaClock(H)), sla.Start(T0), None),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (
            lambda: sla.status(fold(sla.SlaClock(H), sla.Start(T0)), "soon", CN),
            InvalidInputError,
            "'now' must be an ISO 8601 date-time (got 'soon')",
        ),
        (
            lambda: sla.status(fold(sla.SlaClock(H), sla.Start(T0)), [T0], CN),  # type: ignore[arg-type]
            InvalidTypeError,
            "'now' must be a datetime or an ISO 8601 string",
        ),
        (
            lambda: sla.status(sla.SlaState(sla.SlaClock(H)), T0, [CN]),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (
            # An elapsed budget running past datetime's range.
            lambda: sla.status(fold(sla.SlaClock(dt.timedelta.max), sla.Start(T0)), T0, CN),
            InvalidInputError,
            "'budget' must be small enough for a due moment before the year 10000",
        ),
        (
            lambda: sla.status(
                fold(sla.SlaClock(dt.timedelta(days=10**6), working_time=True), sla.Start(T0)),
                T0,
                CN,
            ),
            CalendarHorizonError,
            "past the end of calendar",
        ),
        (
            lambda: sla.Start(float("-inf")),
            InvalidTypeError,
            "'at' must be a datetime or an ISO 8601 string (got -inf)",
        ),
        (
            lambda: sla.Resume("2026-13-45"),
            InvalidInputError,
            "'at' must be an ISO 8601 date-time (got '2026-13-45')",
        ),
        (
            lambda: sla.Start(T0, kind="stop"),  # type: ignore[arg-type]
            InvalidInputError,
            "'kind' must be 'start' (it is fixed)",
        ),
        (
            lambda: sla.Stop(T0, kind="start"),  # type: ignore[arg-type]
            InvalidInputError,
            "'kind' must be 'stop' (it is fixed)",
        ),
        (
            lambda: sla.Reprioritize(T0, dt.timedelta(0)),
            InvalidInputError,
            "'budget' must be a positive timedelta",
        ),
        (
            lambda: sla.Reprioritize(T0, 4),  # type: ignore[arg-type]
            InvalidTypeError,
            "'budget' must be a positive timedelta (got 4)",
        ),
        (lambda: sla.Pause(T0, None), InvalidTypeError, "'reason' must be a non-empty string"),  # type: ignore[arg-type]
        (
            lambda: sla.SlaClock("4h"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'budget' must be a positive timedelta",
        ),
        (
            lambda: sla.SlaClock(H, working_time="no"),
            InvalidTypeError,
            "'working_time' must be True or False (got 'no')",
        ),
        (
            lambda: sla.SlaClock(H, at_risk_share=float("nan")),
            InvalidInputError,
            "'at_risk_share' must be finite (not NaN)",
        ),
        (
            lambda: sla.SlaClock(H, at_risk_share=float("inf")),
            InvalidInputError,
            "'at_risk_share' must be finite",
        ),
        (
            lambda: sla.SlaClock(H, at_risk_share="0.8"),
            InvalidTypeError,
            "'at_risk_share' must be a number",
        ),
        (
            lambda: sla.SlaClock(H, at_risk_share=0),
            InvalidInputError,
            "'at_risk_share' must be in (0, 1] (got 0)",
        ),
        (
            lambda: sla.SlaState("clock"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'clock' must be an SlaClock",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), phase="done"),  # type: ignore[arg-type]
            InvalidInputError,
            "'phase' must be one of ('idle', 'running', 'paused', 'stopped')",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), consumed=-H),
            InvalidInputError,
            "'consumed' must be >= 0:00:00",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), paused=1.5),  # type: ignore[arg-type]
            InvalidTypeError,
            "'paused' must be a timedelta",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), phase="running"),
            InvalidInputError,
            "'last_at' must be None exactly while the clock is idle",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), "running", last_at=float("nan")),
            InvalidTypeError,
            "'last_at' must be a datetime or an ISO 8601 string (got nan)",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), reasons="started"),
            InvalidTypeError,
            "'reasons' must be a list",
        ),
        (
            lambda: sla.SlaState(sla.SlaClock(H), reasons=["started"]),
            InvalidTypeError,
            "'reasons[0]' must be a Reason",
        ),
        (
            lambda: sla.status(fold(sla.SlaClock(H), sla.Start(T0)), T0 - H, CN),
            InvalidInputError,
            "'now' must be not before the last event",
        ),
        (
            lambda: sla.SlaClock(dt.timedelta(0)),
            InvalidInputError,
            "'budget' must be a positive timedelta",
        ),
        (
            lambda: sla.SlaClock(H, at_risk_share=1.5),
            InvalidInputError,
            "'at_risk_share' must be in (0, 1] (got 1.5)",
        ),
        (lambda: sla.Pause(T0, ""), InvalidInputError, "'reason' must be a non-empty string"),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
