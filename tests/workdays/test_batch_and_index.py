"""Issue 15: the batch queries, the inlined hot paths and the skipped-days reason from the index.

Oracles are written here: the working days by their definition (an override
wins, else the weekday mask) walked day by day, and the skipped-days reason as
the day walk that built it before the index did.
"""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore import deadlines
from qmscore.errors import CalendarHorizonError, InvalidInputError, InvalidTypeError
from qmscore.explain import Reason, Source
from qmscore.testing import work_calendars
from qmscore.workdays import DayOverride, WorkCalendar

CHINA = WorkCalendar.china()
D = dt.date


def works(cal: WorkCalendar, day: dt.date) -> bool:
    """The definition, read directly: an override wins, else the weekday mask."""
    o = cal.overrides.get(day)
    return o.working if o is not None else cal.weekmask[day.weekday()]


def walk_between(cal: WorkCalendar, a: dt.date, b: dt.date) -> int:
    """Working days in (a, b], negative when b < a, by walking the days."""
    lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
    count, day = 0, lo + dt.timedelta(days=1)
    while day <= hi:
        count += works(cal, day)
        day += dt.timedelta(days=1)
    return sign * count


def walk_add(cal: WorkCalendar, day: dt.date, n: int) -> dt.date | None:
    """The n-th working day after ``day`` (before, n < 0; n = 0: day or the next); None: outside."""
    end = cal.last if cal.beyond_horizon == "estimate" else cal.valid_through
    step, left, d = (1 if n >= 0 else -1), abs(n), day
    if n == 0:
        while not works(cal, d):
            d += dt.timedelta(days=1)
            if d > end:
                return None
        return d
    while left:
        d += dt.timedelta(days=step)
        if not cal.first <= d <= end:
            return None
        left -= works(cal, d)
    return d


def walk_skipped(cal: WorkCalendar, start: dt.date, end: dt.date) -> tuple[Reason, ...]:
    """The skipped-days reason as the day walk built it before issue 15 (the oracle)."""
    named: list[tuple[str, str]] = []
    plain = 0
    day = start + dt.timedelta(days=1)
    while day < end:
        if not works(cal, day):
            override = cal.overrides.get(day)
            if override is not None:
                kind = cal.day_kind(day)
                named.append(
                    (
                        f"{day} {kind.label}: {override.name}",
                        f"{day} {kind.zh}：{override.zh or override.name}",
                    )
                )
            else:
                plain += 1
        day += dt.timedelta(days=1)
    if not named and not plain:
        return ()
    en = "Skipped rest days: " + "; ".join(e for e, _z in named)
    en += f" and {plain} weekend day(s)" if plain else ""
    zh = "跳过休息日：" + "；".join(z for _e, z in named)
    zh += f"，另有周末 {plain} 天" if plain else ""
    return (Reason("deadlines.skipped", en, zh, source=Source(cal.source)),)


@st.composite
def cal_dates(draw: st.DrawFn, size: int = 8) -> tuple[WorkCalendar, list[dt.date], list[int]]:
    """A small calendar, dates in and a little around it, and day counts."""
    cal = draw(work_calendars())
    span = (cal.last - cal.first).days
    offsets = draw(st.lists(st.integers(-3, span + 3), min_size=0, max_size=size))
    days = [cal.first + dt.timedelta(days=k) for k in offsets]
    ns = draw(st.lists(st.integers(-40, 40), min_size=len(days), max_size=len(days)))
    return cal, days, ns


def outcome(fn: Any, *args: Any) -> object:
    try:
        return fn(*args)
    except CalendarHorizonError:
        return CalendarHorizonError


# -- the indexed single calls equal the day walk ------------------------------------


@given(cal_dates(size=2))
def test_working_days_between_equals_the_day_walk(case: Any) -> None:
    cal, days, _ = case
    if len(days) < 2:
        return
    a, b = days[0], days[1]
    inside = all(cal.first <= d <= cal.last for d in (a, b))
    want = walk_between(cal, a, b) if inside else CalendarHorizonError
    assert outcome(cal.working_days_between, a, b) == want


@given(cal_dates(size=1), st.integers(1, 60))
def test_the_inlined_add_equals_the_day_walk(case: Any, n: int) -> None:
    cal, days, _ = case
    if not days:
        return
    day = days[0]
    inside = cal.first <= day <= cal.last
    want = walk_add(cal, day, n) if inside else None
    assert outcome(cal.add_working_days, day, n) == (want or CalendarHorizonError)


# -- the batch equals the single calls ---------------------------------------------


@given(cal_dates())
def test_batch_between_equals_the_single_calls(case: Any) -> None:
    cal, days, _ = case
    starts, ends = days, days[::-1]
    single = [outcome(cal.working_days_between, a, b) for a, b in zip(starts, ends, strict=True)]
    if CalendarHorizonError in single:
        with pytest.raises(CalendarHorizonError):
            cal.working_days_between_many(starts, ends)
    else:
        assert cal.working_days_between_many(starts, ends) == single
        assert cal.working_days_between_many(tuple(starts), iter(ends)) == single


@given(cal_dates())
def test_batch_add_equals_the_single_calls(case: Any) -> None:
    cal, days, ns = case
    single = [outcome(cal.add_working_days, d, n) for d, n in zip(days, ns, strict=True)]
    if CalendarHorizonError in single:
        with pytest.raises(CalendarHorizonError):
            cal.add_working_days_many(days, ns)
    else:
        assert cal.add_working_days_many(days, ns) == single
        positive = [abs(n) + 1 for n in ns]  # the all-positive pass
        want = [outcome(cal.add_working_days, d, n) for d, n in zip(days, positive, strict=True)]
        if CalendarHorizonError not in want:
            assert cal.add_working_days_many(days, positive) == want


def test_batch_on_the_china_calendar_by_hand() -> None:
    # National Day 2026: 10-01..10-07 off, Saturday 10-10 a make-up working day.
    # (09-30, 10-10]: 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up) = 3.
    # (10-09, 10-08]: end before start: minus the count of (10-08, 10-09] = -1.
    starts = [D(2026, 9, 30), D(2026, 10, 9), D(2026, 10, 1)]
    ends = [D(2026, 10, 10), D(2026, 10, 8), D(2026, 10, 1)]
    assert CHINA.working_days_between_many(starts, ends) == [3, -1, 0]
    # 09-30 + 3 = 10-10; + 0 = 09-30 (it works); - 1 = 09-29; from 10-01 (a holiday) + 0 = 10-08.
    days = [D(2026, 9, 30)] * 3 + [D(2026, 10, 1)]
    assert CHINA.add_working_days_many(days, [3, 0, -1, 0]) == [
        D(2026, 10, 10),
        D(2026, 9, 30),
        D(2026, 9, 29),
        D(2026, 10, 8),
    ]
    assert CHINA.working_days_between_many([], []) == []
    assert CHINA.add_working_days_many([], []) == []


def test_batch_reads_iso_strings_numpy_dates_and_numpy_ints() -> None:
    want = [3, -1]
    assert (
        CHINA.working_days_between_many(
            ["2026-09-30", D(2026, 10, 9)], ("2026-10-10", "2026-10-08")
        )
        == want
    )
    starts = np.array(["2026-09-30", "2026-10-09"], dtype="datetime64[D]")
    ends = np.array(["2026-10-10", "2026-10-08"], dtype="datetime64[D]")
    assert CHINA.working_days_between_many(starts, ends) == want
    got = CHINA.add_working_days_many(starts, np.array([3, 1], dtype=np.int32))
    assert got == [D(2026, 10, 10), D(2026, 10, 10)]
    assert CHINA.add_working_days_many([D(2026, 9, 30)], (np.int64(3),)) == [D(2026, 10, 10)]
    assert CHINA.add_working_days_many(iter([D(2026, 9, 30)]), iter([3])) == [D(2026, 10, 10)]


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda c: c.working_days_between_many([D(2026, 1, 5)], []), InvalidInputError,
         "'ends' must be as long as 'starts' (1 dates)"),
        (lambda c: c.add_working_days_many([D(2026, 1, 5)], [1, 2]), InvalidInputError,
         "'ns' must be as long as 'days' (1 dates)"),
        (lambda c: c.working_days_between_many("2026-01-05", ["2026-01-06"]), InvalidTypeError,
         "'starts' must be a list"),
        (lambda c: c.working_days_between_many([dt.datetime(2026, 1, 5)], [D(2026, 1, 6)]),
         InvalidTypeError, "'starts[0]' must be a date (not a datetime)"),
        (lambda c: c.working_days_between_many([D(2026, 1, 5), [1]], [D(2026, 1, 6)] * 2),
         InvalidTypeError, "'starts[1]'"),
        (lambda c: c.working_days_between_many([D(2026, 1, 5)], ["5 Jan"]), InvalidInputError,
         "'ends[0]' must be an ISO 8601 date"),
        (lambda c: c.working_days_between_many(
            np.array(["2026-01-05", "NaT"], dtype="datetime64[D]"), [D(2026, 1, 6)] * 2),
         InvalidInputError, "'starts[1]' must be a date (not NaT)"),
        (lambda c: c.working_days_between_many(
            np.array(["2026-01-05T10"], dtype="datetime64[h]"), [D(2026, 1, 6)]),
         InvalidTypeError, "datetime64[D]"),
        (lambda c: c.working_days_between_many(
            np.array([["2026-01-05"]], dtype="datetime64[D]"), [D(2026, 1, 6)]),
         InvalidTypeError, "one-dimensional"),
        (lambda c: c.add_working_days_many([D(2026, 1, 5)], [True]), InvalidTypeError,
         "'ns[0]'"),
        (lambda c: c.add_working_days_many([D(2026, 1, 5)], [1.5]), InvalidTypeError,
         "'ns[0]'"),
        (lambda c: c.working_days_between_many([D(2000, 12, 31)], [D(2026, 1, 6)]),
         CalendarHorizonError, "before the calendar"),
        (lambda c: c.working_days_between_many([D(2026, 1, 6)], [D(2027, 1, 4)]),
         CalendarHorizonError, "past the horizon"),
        (lambda c: c.add_working_days_many([D(2026, 12, 30)] * 2, [1, 5]),
         CalendarHorizonError, "2027-01-07 is past the horizon"),
        (lambda c: c.add_working_days_many([D(2001, 1, 4)] * 2, [0, -5]),
         CalendarHorizonError, "fall outside calendar"),
    ],
)  # fmt: skip
def test_batch_refuses_bad_input_naming_the_element(
    call: Any, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error) as info:
        call(CHINA)
    assert fragment in str(info.value)


def test_the_batch_tables_are_built_once_and_never_pickled() -> None:
    cal = WorkCalendar("t", D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), timezone="UTC")
    assert cal.working_days_between_many([D(2026, 1, 1)], [D(2026, 1, 9)]) == [6]  # 2..9: 6
    tables = cal._batch_tables()
    assert cal._batch_tables() is tables
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal
    with pytest.raises(AttributeError):
        copy._tables  # noqa: B018
    assert copy.working_days_between_many([D(2026, 1, 1)], [D(2026, 1, 9)]) == [6]


# -- the skipped-days reason from the index equals the day walk ---------------------


@given(cal_dates(size=2))
def test_skipped_reason_equals_the_day_walk(case: Any) -> None:
    cal, days, _ = case
    inside = [d for d in days if cal.first <= d <= cal.last]
    if len(inside) < 2:
        return
    a, b = sorted(inside)
    assert deadlines._skipped(cal, a, b) == walk_skipped(cal, a, b)


def test_skipped_reason_over_national_day_by_hand() -> None:
    # Received 2026-09-30, due 2026-10-10: between them 10-01..10-07 are off,
    # 10-08 and 10-09 work. Six of the seven have an override (10-01, 02, 03
    # National Day, 10-05 observed, 10-06 and 10-07 in-lieu rest); Sunday
    # 10-04 is a plain weekend day: 6 named + 1 weekend day.
    reason = deadlines._skipped(CHINA, D(2026, 9, 30), D(2026, 10, 10))
    assert reason == walk_skipped(CHINA, D(2026, 9, 30), D(2026, 10, 10))
    assert reason[0].en.count("2026-10-0") == 6
    assert reason[0].en.endswith(" and 1 weekend day(s)")
    # A plain weekend only: Fri 2026-01-09 to Mon 01-12 skips Sat and Sun.
    plain = deadlines._skipped(CHINA, D(2026, 1, 9), D(2026, 1, 12))
    assert plain[0].en == "Skipped rest days:  and 2 weekend day(s)"
    assert deadlines._skipped(CHINA, D(2026, 1, 5), D(2026, 1, 6)) == ()  # no day between
    assert deadlines._skipped(CHINA, D(2026, 1, 5), D(2026, 1, 8)) == ()  # only working days


def test_rest_day_overrides_are_indexed_in_order() -> None:
    cal = WorkCalendar(
        "t",
        D(2026, 1, 1),
        D(2026, 1, 31),
        D(2026, 1, 31),
        timezone="UTC",
        overrides={
            D(2026, 1, 14): DayOverride(False, "shutdown"),
            D(2026, 1, 10): DayOverride(True, "make-up"),
            D(2026, 1, 2): DayOverride(False, "holiday"),
        },
    )
    # Day indices from 2026-01-01: the 2nd is 1, the 14th is 13 (the 10th works).
    assert cal._index.rest_named == (1, 13)


# -- the calendar's own clock where it has no clock change --------------------------


def test_elapsed_time_past_the_calendar_takes_the_utc_path() -> None:
    cal = WorkCalendar("t", D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31))
    start = cal.localize(dt.datetime(2026, 1, 31, 23, 0))
    # 23:00 + 2 h lands on 1 February, past the calendar's days: summed in UTC.
    assert cal._plus_elapsed(start, dt.timedelta(hours=2)) == start + dt.timedelta(hours=2)
    assert cal._plus_elapsed(start, dt.timedelta(minutes=30)) == start + dt.timedelta(minutes=30)
    # A naive moment past the calendar is localised the careful way (the same answer).
    assert cal.localize(dt.datetime(2026, 3, 1, 9)).isoformat() == "2026-03-01T09:00:00+08:00"


def test_presets_are_read_from_their_own_module() -> None:
    from qmscore import _deadline_presets

    assert deadlines.PRESETS is _deadline_presets.PRESETS
    assert deadlines.PRESETS["general_complaint_result"].rule == deadlines.WorkingDays(3)
    with pytest.raises(AttributeError, match="has no attribute 'PRESET'"):
        deadlines.PRESET  # noqa: B018
