"""Kill tests for workdays (issue 20): shift ends, sub-second time, shifts with seconds,
the default Monday-Friday weekmask.

Oracles: NumPy's business-day functions (their default weekmask is Monday to
Friday, the same as ours), a day-by-day walk and a second-by-second walk,
and arithmetic written out in the comments.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.workdays import DayKind, DayOverride, Shift, WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
D = dt.date
T = dt.time
S = dt.timedelta(seconds=1)
# 2026-09-07 is a Monday; four plain weeks from 2026-08-31 to 2026-10-31 (no overrides).
PLAIN = WorkCalendar("plain", "2026-08-31", "2026-10-31", "2026-10-31")


def at(day: int, h: int, m: int = 0, s: int = 0, us: int = 0, month: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, h, m, s, us, tzinfo=SH)


# ------------------------------------------------------------ default weekmask


def test_the_default_weekmask_is_monday_to_friday() -> None:
    assert PLAIN.weekmask == (True, True, True, True, True, False, False)
    assert PLAIN.timezone == "Asia/Shanghai"
    day = D(2026, 8, 31)
    while day <= D(2026, 10, 31):
        # numpy's default weekmask "1111100" is Monday to Friday.
        assert PLAIN.is_working_day(day) == bool(np.is_busday(day)), day
        assert PLAIN.day_kind(day) is (DayKind.WORKING if day.weekday() < 5 else DayKind.WEEKEND)
        day += dt.timedelta(days=1)


def test_counting_and_adding_against_numpy_busday() -> None:
    days = [D(2026, 9, 14) + dt.timedelta(days=k) for k in range(0, 31, 3)]
    one = dt.timedelta(days=1)
    for a in days:
        for b in days:
            # ours counts (a, b] (minus (b, a] when b < a); busday_count counts
            # [a, b): shift both by one day, and take the reversed pair's negative.
            lo, hi = min(a, b), max(a, b)
            count = int(np.busday_count(lo + one, hi + one))
            assert PLAIN.working_days_between(a, b) == (count if a <= b else -count), (a, b)
        for n in (-5, -1, 0, 1, 2, 7):
            # n > 0: roll back to a working day, then n on; n <= 0: roll forward, then n back.
            if n > 0:
                expected = np.busday_offset(a, n, roll="backward").astype(object)
            else:
                expected = np.busday_offset(a, n, roll="forward").astype(object)
            assert PLAIN.add_working_days(a, n) == expected, (a, n)
    many = PLAIN.add_working_days_many(days, [2] * len(days))
    assert many == [np.busday_offset(d, 2, roll="backward").astype(object) for d in days]


def test_a_saturday_override_makes_a_makeup_day_and_a_weekday_off_a_shutdown() -> None:
    cal = PLAIN.with_overrides(
        {
            D(2026, 9, 12): DayOverride(True, "make-up"),  # a Saturday
            D(2026, 9, 14): DayOverride(False, "stocktaking"),  # a Monday
            D(2026, 9, 13): DayOverride(False, "sunday named"),  # a Sunday, off anyway
        }
    )
    assert cal.day_kind(D(2026, 9, 12)) is DayKind.MAKEUP_WORKDAY
    assert cal.day_kind(D(2026, 9, 14)) is DayKind.SHUTDOWN
    assert cal.day_kind(D(2026, 9, 13)) is DayKind.WEEKEND
    # Fri 11 -> Sat 12 (works) -> Tue 15 (Sun off, Mon shut)
    assert cal.add_working_days(D(2026, 9, 11), 1) == D(2026, 9, 12)
    assert cal.add_working_days(D(2026, 9, 11), 2) == D(2026, 9, 15)
    assert cal.working_days_between(D(2026, 9, 11), D(2026, 9, 15)) == 2


# ------------------------------------------------------------ next_working_moment


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(7, 8, 29, 59), at(7, 8, 30)),  # before the first shift: its start
        (at(7, 8, 30), at(7, 8, 30)),  # at a start: inside
        (at(7, 11, 59, 59, 999_999), at(7, 11, 59, 59, 999_999)),  # last microsecond: inside
        (at(7, 12, 0), at(7, 13, 30)),  # exactly at a shift's end: not inside, next start
        (at(7, 13, 29, 59), at(7, 13, 30)),
        (at(7, 17, 29, 59), at(7, 17, 29, 59)),
        (at(7, 17, 30), at(8, 8, 30)),  # at the day's last end: the next working day
        (at(11, 17, 30), at(14, 8, 30)),  # Friday's end: Monday (Sat, Sun off)
        (at(12, 10, 0), at(14, 8, 30)),  # a Saturday
    ],
)
def test_next_working_moment_at_and_around_shift_boundaries(
    moment: dt.datetime, expected: dt.datetime
) -> None:
    assert PLAIN.next_working_moment(moment) == expected
    assert PLAIN.next_working_moment(moment.replace(tzinfo=None)) == expected


def test_next_working_moment_past_the_last_working_day_raises() -> None:
    # 2026-10-30 is the last Friday of PLAIN; after its 17:30 no working day is left.
    assert PLAIN.next_working_moment(at(30, 17, 29, month=10)) == at(30, 17, 29, month=10)
    with pytest.raises(CalendarHorizonError, match="no working day after 2026-10-30"):
        PLAIN.next_working_moment(at(30, 17, 30, month=10))


# ------------------------------------------------------------ sub-second working time


def walk(start: dt.datetime, seconds: int, cal: WorkCalendar) -> dt.datetime:
    """Second-by-second oracle: step whole seconds, counting those inside a shift.

    The result is the end of the last counted second.
    """
    inside = bytearray(86_400)  # 1 for each second of a day that lies inside a shift
    for x in cal.shifts:
        a = x.start.hour * 3600 + x.start.minute * 60 + x.start.second
        inside[a : a + x.seconds] = b"\x01" * x.seconds
    day, s = start.date(), start.hour * 3600 + start.minute * 60 + start.second
    works = cal.is_working_day(day)
    left = seconds
    while left:
        if s == 86_400 or not works:  # the day is over (or a rest day): the next midnight
            day, s = day + dt.timedelta(days=1), 0
            works = cal.is_working_day(day)
            continue
        left -= inside[s]
        s += 1
    return dt.datetime.combine(day, T(0), SH) + s * S


def test_add_working_time_keeps_microseconds() -> None:
    assert PLAIN.add_working_time(at(7, 8, 30), dt.timedelta(microseconds=1)) == at(7, 8, 30, 0, 1)
    assert PLAIN.add_working_time(at(7, 8, 30), S / 2) == at(7, 8, 30, 0, 500_000)
    # 11:59:59.75 + 0.5 s: 0.25 s to 12:00, then 0.25 s after 13:30.
    start = at(7, 11, 59, 59, 750_000)
    assert PLAIN.add_working_time(start, S / 2) == at(7, 13, 30, 0, 250_000)
    # Fractions within a second stay exact: 0.999999 s after 08:30:00.000001.
    assert PLAIN.add_working_time(at(7, 8, 30, 0, 1), dt.timedelta(microseconds=999_999)) == at(
        7, 8, 30, 1
    )
    between = PLAIN.working_time_between(start, at(7, 13, 30, 0, 250_000))
    assert between == S / 2


def test_add_working_time_ending_exactly_at_a_shift_end_stays_there() -> None:
    # 08:30 + 3 h 30 min = 12:00 exactly, the morning's end (not 13:30).
    assert PLAIN.add_working_time(at(7, 8, 30), dt.timedelta(hours=3, minutes=30)) == at(7, 12)
    # one second more: 1 s into the afternoon
    assert PLAIN.add_working_time(
        at(7, 8, 30), dt.timedelta(hours=3, minutes=30, seconds=1)
    ) == at(7, 13, 30, 1)
    # A full day of 7.5 h from 08:30 ends at 17:30 the same day.
    assert PLAIN.add_working_time(at(7, 8, 30), dt.timedelta(hours=7.5)) == at(7, 17, 30)


@pytest.mark.parametrize("seconds", [1, 59, 3600, 12_599, 12_600, 12_601, 27_000, 27_001])
def test_add_working_time_against_the_second_walk(seconds: int) -> None:
    start = at(11, 10, 0)  # a Friday: long results cross the weekend
    # The walk stops one second after the last counted second began; a result at
    # a shift's end is that end (the walk's next tick would be 13:30 or so).
    got = PLAIN.add_working_time(start, seconds * S)
    assert walk(start, seconds, PLAIN) == got
    assert PLAIN.working_time_between(start, got) == seconds * S


def test_zero_working_time_is_now_even_at_a_shift_end() -> None:
    assert PLAIN.add_working_time(at(7, 12), dt.timedelta(0)) == at(7, 12)
    assert PLAIN.add_working_time(at(12, 10), dt.timedelta(0)) == at(12, 10)
    with pytest.raises(InvalidInputError, match="'delta' must be a non-negative timedelta"):
        PLAIN.add_working_time(at(7, 12), -dt.timedelta(microseconds=1))


# ------------------------------------------------------------ shifts with seconds

ODD = (Shift(T(8, 30, 30), T(12, 0, 15)), Shift(T(13, 0, 45), T(17, 0)))
ODD_CAL = WorkCalendar("odd", "2026-08-31", "2026-10-31", "2026-10-31", shifts=ODD)


def test_shift_lengths_with_seconds() -> None:
    # 08:30:30 -> 12:00:15 is 3 h 29 min 45 s = 10800 + 1740 + 45 = 12585 s
    assert ODD[0].seconds == 12_585
    # 13:00:45 -> 17:00:00 is 3 h 59 min 15 s = 10800 + 3540 + 15 = 14355 s
    assert ODD[1].seconds == 14_355
    assert Shift(T(22, 0, 1), T(0)).seconds == 2 * 3600 - 1  # to midnight: 7199 s
    with pytest.raises(InvalidInputError, match="'end' must be after 'start'"):
        Shift(T(8, 30, 30), T(8, 30, 30))  # 0 s long
    assert Shift(T(8, 30, 30), T(8, 30, 31)).seconds == 1


def test_next_working_moment_with_shifts_in_seconds() -> None:
    assert ODD_CAL.next_working_moment(at(7, 8, 30, 29)) == at(7, 8, 30, 30)
    assert ODD_CAL.next_working_moment(at(7, 8, 30, 30)) == at(7, 8, 30, 30)
    assert ODD_CAL.next_working_moment(at(7, 12, 0, 14)) == at(7, 12, 0, 14)
    assert ODD_CAL.next_working_moment(at(7, 12, 0, 15)) == at(7, 13, 0, 45)
    assert ODD_CAL.end_of_day(D(2026, 9, 7)) == at(7, 17)


@pytest.mark.parametrize("seconds", [1, 12_584, 12_585, 12_586, 26_940, 26_941])
def test_working_time_with_shifts_in_seconds_against_the_walk(seconds: int) -> None:
    # A day has 12585 + 14355 = 26940 s.
    start = at(7, 8, 30, 30)
    got = ODD_CAL.add_working_time(start, seconds * S)
    assert got == walk(start, seconds, ODD_CAL)
    assert ODD_CAL.working_time_between(start, got) == seconds * S


def test_working_time_between_whole_days_with_shifts_in_seconds() -> None:
    # Monday 08:30:30 to Tuesday 08:30:30: one day of 26940 s.
    assert ODD_CAL.working_time_between(at(7, 8, 30, 30), at(8, 8, 30, 30)) == 26_940 * S
    # Friday 12:00:00 to Monday 12:00:00: Friday's rest (15 s + 14355 s) and
    # Monday's morning up to 12:00:00 (12585 - 15 = 12570 s): 26940 s.
    assert ODD_CAL.working_time_between(at(11, 12), at(14, 12)) == 26_940 * S
