"""Calendar and deadline laws against brute-force day and minute walks."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from qmscore import deadlines, sla
from qmscore.errors import CalendarHorizonError
from qmscore.testing import deadline_rules, work_calendars
from qmscore.workdays import WorkCalendar


def works(cal: WorkCalendar, day: dt.date) -> bool:
    # The definition, read directly: an override wins, else the weekday mask.
    o = cal.overrides.get(day)
    return o.working if o is not None else cal.weekmask[day.weekday()]


def walk_add(cal: WorkCalendar, day: dt.date, n: int) -> dt.date | None:
    step = 1 if n >= 0 else -1
    left, d = abs(n), day
    if n == 0:
        while not works(cal, d):
            d += dt.timedelta(days=1)
            if d > cal.last:
                return None
        return d
    while left:
        d += dt.timedelta(days=step)
        if not cal.first <= d <= cal.last:
            return None
        left -= works(cal, d)
    return d


@st.composite
def cal_day(draw: st.DrawFn) -> tuple[WorkCalendar, dt.date]:
    cal = draw(work_calendars())
    offset = draw(st.integers(0, (cal.last - cal.first).days))
    return cal, cal.first + dt.timedelta(days=offset)


@given(cal_day(), st.integers(-30, 30))
def test_add_working_days_equals_the_day_walk(case: tuple[WorkCalendar, dt.date], n: int) -> None:
    cal, day = case
    expected = walk_add(cal, day, n)
    if expected is None:
        try:
            cal.add_working_days(day, n)
        except CalendarHorizonError:
            return
        raise AssertionError("expected a horizon error")
    got = cal.add_working_days(day, n)
    assert got == expected
    assert works(cal, got)  # never a rest day


@given(cal_day(), cal_day())
def test_count_equals_the_day_walk_and_is_antisymmetric(
    a: tuple[WorkCalendar, dt.date], b: tuple[WorkCalendar, dt.date]
) -> None:
    cal, start = a
    end = cal.first + (b[1] - b[0].first) % ((cal.last - cal.first) + dt.timedelta(days=1))
    lo, hi = sorted((start, end))
    brute = sum(works(cal, lo + dt.timedelta(days=k)) for k in range(1, (hi - lo).days + 1))
    assert cal.working_days_between(lo, hi) == brute
    assert cal.working_days_between(hi, lo) == -brute


@given(cal_day(), st.integers(1, 20), st.integers(1, 20))
def test_add_and_count_are_inverse_and_monotone(
    case: tuple[WorkCalendar, dt.date], n: int, m: int
) -> None:
    cal, day = case
    try:
        a, b = cal.add_working_days(day, n), cal.add_working_days(day, n + m)
    except CalendarHorizonError:
        return
    assert cal.working_days_between(day, a) == n
    assert a < b


def minute_walk(cal: WorkCalendar, start: dt.datetime, minutes: int) -> dt.datetime:
    """Step one minute at a time, counting minutes inside shifts (the earliest end)."""
    t = start
    counted = 0
    while counted < minutes:
        if works(cal, t.date()) and any(
            s.start <= t.time() < s.end
            for s in (cal.overrides.get(t.date()) or cal).shifts or cal.shifts
        ):
            counted += 1
        t += dt.timedelta(minutes=1)
    return t


@given(cal_day(), st.integers(0, 24 * 60 - 1), st.integers(0, 3000))
def test_add_working_time_equals_the_minute_walk(
    case: tuple[WorkCalendar, dt.date], minute: int, span: int
) -> None:
    cal, day = case
    start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    assume((cal.last - day).days > 12)  # room for the walk
    try:
        got = cal.add_working_time(start, dt.timedelta(minutes=span))
    except CalendarHorizonError:
        return
    assert got >= cal.localize(start)
    if span == 0:
        assert got == cal.localize(start)
        return
    expected = cal.localize(minute_walk(cal, start, span))
    assert got == expected
    assert cal.working_time_between(cal.localize(start), got) == dt.timedelta(minutes=span)


@given(cal_day(), st.integers(0, 24 * 60 - 1), deadline_rules())
def test_deadlines_never_precede_receipt(
    case: tuple[WorkCalendar, dt.date], minute: int, rule: object
) -> None:
    cal, day = case
    assume((cal.last - day).days > 40)
    received = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    try:
        d = rule.due(received, cal)  # type: ignore[attr-defined]
    except CalendarHorizonError:
        return
    assert d.due_at >= cal.localize(received)
    if isinstance(rule, deadlines.WorkingDays | deadlines.SameDay):
        assert works(cal, d.due_at.date())


@given(cal_day(), st.integers(0, 8))
def test_more_working_days_never_due_earlier(case: tuple[WorkCalendar, dt.date], n: int) -> None:
    cal, day = case
    received = dt.datetime.combine(day, dt.time(10))
    try:
        a = deadlines.WorkingDays(n).due(received, cal).due_at
        b = deadlines.WorkingDays(n + 1).due(received, cal).due_at
    except CalendarHorizonError:
        return
    # n = 0 rolls a rest-day or after-hours receipt to the next working day, as n = 1 does.
    assert a <= b
    if n >= 1 or (works(cal, day) and cal.localize(received) <= cal.end_of_day(day)):
        assert a < b


@given(st.integers(1, 48), st.integers(0, 47), st.integers(1, 72), st.booleans())
def test_a_pause_never_shortens_a_deadline(
    budget: int, pause_at: int, pause_len: int, working: bool
) -> None:
    cal = WorkCalendar.china()
    t0 = dt.datetime(2026, 6, 1, 9, 0)
    h = dt.timedelta(hours=1)
    clock = sla.SlaClock(budget * h, working_time=working)
    plain = sla.apply(sla.SlaState(clock), sla.Start(t0), cal)
    paused = plain
    for e in (
        sla.Pause(t0 + pause_at * h, "waiting"),
        sla.Resume(t0 + (pause_at + pause_len) * h),
    ):
        paused = sla.apply(paused, e, cal)
    now = t0 + (pause_at + pause_len) * h
    a, b = sla.status(plain, now, cal), sla.status(paused, now, cal)
    assert b.consumed <= a.consumed
    if a.due_at is not None and b.due_at is not None:
        assert b.due_at >= a.due_at
