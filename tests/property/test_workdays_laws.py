"""Calendar and deadline laws against brute-force day and minute walks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from qmscore import deadlines, sla
from qmscore.errors import CalendarHorizonError
from qmscore.testing import deadline_rules, work_calendars
from qmscore.workdays import WorkCalendar
from tests.budget import budget


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


@budget(ms=4)
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


@budget(ms=5)
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


@budget(ms=3)
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


@budget(ms=25)
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


@budget(ms=6)
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


@budget(ms=5)
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


@budget(ms=2)
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


# ------------------------------------------------------- daylight saving, in UTC
# Zones with clock changes of an hour at 02:00 (New York, London), of half an
# hour (Lord Howe), and at midnight (Santiago). The oracle walks UTC minute by
# minute and reads the wall clock's high-water mark: a shift from s to e on day
# d holds the instants at which the clock has reached d+s but not yet d+e.
# So a boundary inside a spring gap is the moment the clocks jump past it, and
# one inside an autumn fold is its first occurrence: read directly from the clock.

DST_ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago")
MINUTE = dt.timedelta(minutes=1)


def _change_days(zone: str) -> list[dt.date]:
    # Where to look (not an oracle): 2026 dates whose two midnights differ in offset.
    tz = ZoneInfo(zone)
    out = []
    for k in range(365):
        a = dt.datetime(2026, 1, 1) + dt.timedelta(days=k)
        if tz.utcoffset(a) != tz.utcoffset(a + dt.timedelta(days=1)):
            out.append(a.date())
    return out


CHANGE_DAYS = {zone: _change_days(zone) for zone in DST_ZONES}


def _in_shift(cal: WorkCalendar, wall: dt.datetime) -> bool:
    day = wall.date()
    if not cal.first <= day <= cal.last or not works(cal, day):
        return False
    o = cal.overrides.get(day)
    shifts = o.shifts if o is not None and o.shifts is not None else cal.shifts
    t = wall.hour * 3600 + wall.minute * 60
    for s in shifts:
        start = s.start.hour * 3600 + s.start.minute * 60
        end = s.end.hour * 3600 + s.end.minute * 60 or 24 * 3600  # 00:00 ends at 24:00
        if start <= t < end:
            return True
    return False


def utc_walk(cal: WorkCalendar, start: dt.datetime) -> Iterator[tuple[dt.datetime, bool]]:
    """Each UTC minute from ``start`` and whether it is working time, until the data ends."""
    tz = ZoneInfo(cal.timezone)
    high = max((start - k * MINUTE).astimezone(tz).replace(tzinfo=None) for k in range(1, 181))
    u = start
    while high.date() <= cal.last:
        high = max(high, u.astimezone(tz).replace(tzinfo=None))
        yield u, _in_shift(cal, high)
        u += MINUTE


@st.composite
def dst_case(draw: st.DrawFn) -> tuple[WorkCalendar, dt.datetime]:
    zone = draw(st.sampled_from(DST_ZONES))
    change = draw(st.sampled_from(CHANGE_DAYS[zone]))
    first = change - dt.timedelta(days=draw(st.integers(0, 2)))
    cal = draw(work_calendars(days=8, timezone=zone, first=first, any_hour=True))
    midnight = dt.datetime.combine(first, dt.time(0), ZoneInfo(zone)).astimezone(dt.timezone.utc)
    start = midnight + draw(st.integers(60, 3 * 24 * 60)) * MINUTE
    return cal, start


@budget(ms=18)
@given(dst_case(), st.integers(0, 24 * 60))
def test_working_time_across_dst_equals_the_utc_minute_walk(
    case: tuple[WorkCalendar, dt.datetime], span: int
) -> None:
    cal, start = case
    counted = 0
    expected: dt.datetime | None = start if span == 0 else None
    for u, working in utc_walk(cal, start):
        if counted == span:
            break
        counted += working
        if counted == span:
            expected = u + MINUTE  # the end of the span-th working minute
    try:
        got = cal.add_working_time(start, dt.timedelta(minutes=span))
    except CalendarHorizonError:
        assert expected is None
        return
    assert expected is not None, "the walk ran out of calendar first"
    # The same instant. (Compared in UTC: Python calls a time in the fold unequal to
    # any moment of another zone, PEP 495.)
    assert got.astimezone(dt.timezone.utc) == expected
    assert got.tzinfo == ZoneInfo(cal.timezone)
    # A real instant: its wall time read back gives itself (never a time in a gap).
    assert cal.localize(got.replace(tzinfo=None)) == got or got.fold == 1
    assert cal.working_time_between(start, got) == dt.timedelta(minutes=span)


@budget(ms=5)
@given(dst_case(), st.integers(0, 2 * 24 * 60))
def test_working_time_between_across_dst_counts_the_utc_minutes(
    case: tuple[WorkCalendar, dt.datetime], length: int
) -> None:
    cal, start = case
    end = start + length * MINUTE
    walked = list(zip(range(length), utc_walk(cal, start), strict=False))
    if len(walked) < length:  # the interval runs past the calendar
        return
    brute = sum(working for _, (_, working) in walked)
    assert cal.working_time_between(start, end) == dt.timedelta(minutes=brute)
    assert cal.working_time_between(end, start) == -dt.timedelta(minutes=brute)
