"""WorkCalendar: China oracle, horizon, conventions, company days, time, bad input."""

from __future__ import annotations

import datetime as dt
import pickle
from zoneinfo import ZoneInfo

import pytest

from qmscore.errors import CalendarHorizonError, InvalidInputError, InvalidTypeError
from qmscore.serialization import from_json, to_json
from qmscore.workdays import CHINA_SHIFTS, DayOverride, Shift, WorkCalendar

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
D = dt.date


def test_china_agrees_with_chinesecalendar_2004_2026() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    differ = []
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        if CN.is_working_day(day) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += dt.timedelta(days=1)
    # chinesecalendar's one known error: 2005-12-31 (Saturday) was a make-up
    # working day by the 2006 arrangement (国办发明电〔2005〕35号).
    assert differ == [D(2005, 12, 31)]
    assert CN.is_working_day(D(2005, 12, 31))


def test_horizon_is_2026_and_past_it_raises_or_estimates() -> None:
    assert CN.valid_through == D(2026, 12, 31)
    with pytest.raises(CalendarHorizonError, match=r"past the horizon.*2026-12-31"):
        CN.is_working_day(D(2027, 1, 4))
    with pytest.raises(CalendarHorizonError, match="past the horizon"):
        CN.add_working_days(D(2026, 12, 30), 5)
    est = CN.with_estimates()
    assert est.is_estimated(D(2027, 1, 4))
    assert not est.is_estimated(D(2026, 12, 31))
    assert est.add_working_days(D(2026, 12, 30), 5) > D(2027, 1, 1)
    with pytest.raises(CalendarHorizonError, match="past the last date"):
        est.is_working_day(D(2031, 1, 1))
    with pytest.raises(CalendarHorizonError, match="before the calendar"):
        CN.is_working_day(D(2000, 12, 31))


def test_worked_example_general_complaint_over_national_day_2026() -> None:
    # Received Wednesday 2026-09-30; Oct 1-7 off; Oct 8, 9 and Saturday 10 (make-up) work.
    assert CN.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert CN.describe(D(2026, 10, 10)).en == "2026-10-10 is a make-up working day: National Day"
    assert "National Day" in CN.describe(D(2026, 10, 1)).en
    assert "weekly pattern" in CN.describe(D(2026, 9, 29)).en


def test_add_working_days_conventions() -> None:
    sat = D(2026, 9, 26)  # an ordinary Saturday
    assert CN.add_working_days(sat, 0) == D(2026, 9, 28)  # rolls forward
    assert CN.add_working_days(D(2026, 9, 28), 0) == D(2026, 9, 28)
    assert CN.add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert CN.working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert CN.working_days_between(D(2026, 9, 30), D(2026, 9, 30)) == 0


def test_working_time_through_shifts_and_the_shift_end_rule() -> None:
    t = dt.datetime(2026, 9, 30, 16, 0)
    assert CN.add_working_time(t, dt.timedelta(hours=1, minutes=30)) == dt.datetime(
        2026, 9, 30, 17, 30, tzinfo=SH
    )
    assert CN.add_working_time(t, dt.timedelta(hours=2)) == dt.datetime(
        2026, 10, 8, 9, 0, tzinfo=SH
    )
    assert CN.add_working_time(
        dt.datetime(2026, 9, 30, 11, 0), dt.timedelta(hours=1)
    ) == dt.datetime(2026, 9, 30, 12, 0, tzinfo=SH)
    assert CN.working_time_between(t, dt.datetime(2026, 10, 8, 9, 0)) == dt.timedelta(hours=2)
    assert CN.working_time_between(dt.datetime(2026, 10, 8, 9, 0), t) == -dt.timedelta(hours=2)
    # Received at lunch: the clock starts at 13:30.
    assert CN.next_working_moment(dt.datetime(2026, 9, 30, 12, 30)) == dt.datetime(
        2026, 9, 30, 13, 30, tzinfo=SH
    )
    assert CN.next_working_moment(dt.datetime(2026, 9, 30, 18, 0)) == dt.datetime(
        2026, 10, 8, 8, 30, tzinfo=SH
    )
    assert CN.next_working_moment(dt.datetime(2026, 9, 30, 7, 0)) == dt.datetime(
        2026, 9, 30, 8, 30, tzinfo=SH
    )
    # Nothing to add: the start itself, even outside shifts (not the last shift's end).
    assert CN.add_working_time(dt.datetime(2026, 10, 1, 9, 0), dt.timedelta(0)) == dt.datetime(
        2026, 10, 1, 9, 0, tzinfo=SH
    )
    inside = dt.datetime(2026, 9, 30, 9, 15, tzinfo=SH)
    assert CN.next_working_moment(inside) == inside


def test_aware_moments_are_converted_to_the_calendar_zone() -> None:
    utc = dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.timezone.utc)  # 16:00 in Shanghai
    assert CN.add_working_time(utc, dt.timedelta(hours=1)) == dt.datetime(
        2026, 9, 30, 17, 0, tzinfo=SH
    )
    assert CN.end_of_day(D(2026, 9, 30)) == dt.datetime(2026, 9, 30, 17, 30, tzinfo=SH)


def test_company_days_shutdown_half_day_and_extra_day() -> None:
    cal = CN.with_overrides(
        {
            D(2026, 9, 28): DayOverride(False, "annual maintenance shutdown"),
            D(2026, 9, 29): DayOverride(
                True, "half day", (Shift(dt.time(8, 30), dt.time(12, 0)),)
            ),
            D(2026, 9, 27): DayOverride(True, "extra working Sunday"),
        }
    )
    assert not cal.is_working_day(D(2026, 9, 28))
    assert cal.is_working_day(D(2026, 9, 27))
    assert cal.end_of_day(D(2026, 9, 29)) == dt.datetime(2026, 9, 29, 12, 0, tzinfo=SH)
    assert cal.add_working_days(D(2026, 9, 26), 2) == D(2026, 9, 29)
    assert cal.working_time_between(
        dt.datetime(2026, 9, 29, 8, 30), dt.datetime(2026, 9, 30, 8, 30)
    ) == dt.timedelta(hours=3.5)


def test_from_holidays_generic_country() -> None:
    us = WorkCalendar.from_holidays("US", years=range(2025, 2028), timezone="America/New_York")
    assert not us.is_working_day(D(2026, 7, 3))  # Independence Day observed (Friday)
    assert us.valid_through == D(2027, 12, 31)
    de = WorkCalendar.from_holidays(
        "DE", subdiv="BY", years=[2026], weekmask=(True,) * 6 + (False,)
    )
    assert de.is_working_day(D(2026, 10, 10))  # a Saturday, worked by this weekmask
    assert not de.is_working_day(D(2026, 1, 6))  # Epiphany in Bavaria


def test_plain_data_calendar_round_trips_and_pickles() -> None:
    cal = WorkCalendar(
        "Plant 2",
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2026, 12, 31),
        timezone="Asia/Shanghai",
        overrides={D(2026, 5, 1): DayOverride(False, "Labour Day")},
    )
    assert from_json(to_json(cal), WorkCalendar) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal
    assert from_json(to_json(CN), WorkCalendar).add_working_days(D(2026, 9, 30), 3) == D(
        2026, 10, 10
    )


def test_horizon_probe_widens_when_the_data_reaches_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qmscore.workdays import _holidays as _calendars

    monkeypatch.setattr(_calendars, "_PROBE_END", 2010)  # first guess far too early
    assert WorkCalendar.china(start_year=2005, estimate_years=0).valid_through == D(2026, 12, 31)
    assert WorkCalendar.china(estimate_years=10).last == D(2036, 12, 31)


def test_small_helpers_and_edges() -> None:
    assert CHINA_SHIFTS[0].seconds == 3.5 * 3600
    # A calendar starting on a Saturday: zero working time so far means Monday's first shift.
    plain = WorkCalendar("x", D(2026, 1, 3), D(2026, 1, 31), D(2026, 1, 31))
    assert plain.add_working_time(
        dt.datetime(2026, 1, 3, 9), dt.timedelta(hours=1)
    ) == dt.datetime(2026, 1, 5, 9, 30, tzinfo=SH)
    with pytest.raises(CalendarHorizonError, match="no working day after"):
        plain.next_working_moment(dt.datetime(2026, 1, 30, 18, 0))
    with pytest.raises(CalendarHorizonError, match="past the horizon"):
        CN.next_working_moment(dt.datetime(2026, 12, 31, 18, 0))
    with pytest.raises(InvalidTypeError, match=r"'end' must be a date \(not a datetime\)"):
        CN.working_days_between(D(2026, 1, 5), dt.datetime(2026, 1, 6))
    with pytest.raises(CalendarHorizonError):
        CN.working_days_between(D(2026, 1, 5), D(2027, 6, 1))


def test_iso_strings_numpy_and_pandas_give_the_same_answers_as_plain_values() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    # Plain: 2026-09-30 (Wed) + 3 working days = 2026-10-10, the make-up Saturday.
    assert CN.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert CN.add_working_days(D(2026, 9, 30), np.int64(3)) == D(2026, 10, 10)
    assert CN.add_working_days("2026-09-30", np.int32(3)) == D(2026, 10, 10)
    assert CN.working_days_between("2026-09-30", D(2026, 10, 10)) == 3
    assert CN.is_working_day("2026-10-10")
    # 16:00 + 2 working hours: 16:00-17:30 on 09-30 (1.5 h), then 08:30-09:00 on 10-08.
    expected = dt.datetime(2026, 10, 8, 9, 0, tzinfo=SH)
    for start in (
        dt.datetime(2026, 9, 30, 16, 0),
        pd.Timestamp("2026-09-30 16:00"),
        pd.Timestamp("2026-09-30 08:00", tz="UTC"),  # 16:00 in Shanghai
        "2026-09-30T08:00:00Z",
        "2026-09-30T16:00:00+08:00",
        "2026-09-30 16:00",
    ):
        for delta in (dt.timedelta(hours=2), pd.Timedelta(hours=2)):
            got = CN.add_working_time(start, delta)
            assert got == expected
            assert type(got) is dt.datetime
        assert type(CN.localize(start)) is dt.datetime
    assert CN.working_time_between(
        pd.Timestamp("2026-09-30 16:00"), "2026-10-08T09:00"
    ) == dt.timedelta(hours=2)
    # A column of receipts, as analysts pass them.
    frame = pd.DataFrame({"received": pd.to_datetime(["2026-09-30 16:00", "2026-10-08 09:00"])})
    due = frame["received"].map(lambda t: CN.add_working_time(t, dt.timedelta(hours=2)))
    assert list(due) == [expected, dt.datetime(2026, 10, 8, 11, 0, tzinfo=SH)]
    with pytest.raises(InvalidInputError, match="not NaT"):
        CN.localize(pd.NaT)


def test_overrides_take_iso_keys_and_report_dates_they_cannot_use() -> None:
    days = {"2026-01-05": DayOverride(False, "stocktaking")}
    cal = WorkCalendar(
        "x",
        D(2026, 1, 1),
        D(2026, 1, 31),
        D(2026, 1, 31),
        overrides=days,  # type: ignore[arg-type]
    )
    assert cal.overrides == {D(2026, 1, 5): DayOverride(False, "stocktaking")}
    assert not cal.is_working_day(D(2026, 1, 5))
    assert cal.notes == ()
    days["2026-01-06"] = DayOverride(False, "later")  # the calendar kept its own copy
    assert cal.is_working_day(D(2026, 1, 6))
    # A shared multi-year list: the dates outside the range are kept, unused, and named.
    shared = {
        D(2025, 12, 31): DayOverride(False, "old"),
        D(2026, 1, 5): DayOverride(False, "stocktaking"),
        D(2026, 2, 1): DayOverride(False, "new"),
    }
    cal = WorkCalendar("x", D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), overrides=shared)
    (note,) = cal.notes
    assert note.code == "workdays.overrides_outside"
    assert note.en == (
        "2 override(s) fall outside 2026-01-01..2026-01-31 and have no effect: "
        "2025-12-31, 2026-02-01"
    )
    assert "不起作用" in note.zh
    many = {D(2027, 1, k): DayOverride(False, "x") for k in range(1, 8)}
    assert cal.with_overrides({}).notes == cal.notes
    wide = WorkCalendar("x", D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), overrides=many)
    assert wide.notes[0].en.endswith("2027-01-05 (+2)")


def test_a_shift_may_end_at_midnight() -> None:
    # 00:00 as an end means 24:00: a 22:00-24:00 evening shift is 2 h.
    evening = Shift(dt.time(22), dt.time(0))
    assert evening.seconds == 2 * 3600
    assert Shift(dt.time(0), dt.time(0)).seconds == 24 * 3600
    cal = WorkCalendar(
        "x", D(2026, 1, 5), D(2026, 1, 9), D(2026, 1, 9), timezone="UTC", shifts=[evening]
    )
    utc = dt.timezone.utc
    assert cal.end_of_day(D(2026, 1, 5)) == dt.datetime(2026, 1, 6, 0, 0, tzinfo=utc)
    # 23:00 Monday + 2 h: 1 h to midnight, then 22:00-23:00 Tuesday.
    assert cal.add_working_time(dt.datetime(2026, 1, 5, 23), dt.timedelta(hours=2)) == (
        dt.datetime(2026, 1, 6, 23, 0, tzinfo=utc)
    )
    # Exactly 1 h from 23:00 ends at the shift's end, midnight, not at 22:00 Tuesday.
    assert cal.add_working_time(dt.datetime(2026, 1, 5, 23), dt.timedelta(hours=1)) == (
        dt.datetime(2026, 1, 6, 0, 0, tzinfo=utc)
    )
    with pytest.raises(InvalidInputError, match="not overlap"):
        WorkCalendar(
            "x", D(2026, 1, 5), D(2026, 1, 9), D(2026, 1, 9), shifts=(evening, CHINA_SHIFTS[0])
        )


def test_a_missing_time_zone_database_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import zoneinfo

    # Simulate Windows or a slim container: no system database and no tzdata package.
    # (A zone no other test loads, dropped from the cache alone: other zones stay.)
    rare = "Antarctica/Troll"
    ZoneInfo.clear_cache(only_keys=[rare])
    monkeypatch.setitem(sys.modules, "tzdata", None)
    # Its submodules too: a run in the same process may have imported them already
    # (mutmut runs pytest twice in one process), and they would still load the zone.
    for name in [m for m in sys.modules if m.startswith("tzdata.")]:
        monkeypatch.setitem(sys.modules, name, None)
    zoneinfo.reset_tzpath(to=[])
    try:
        with pytest.raises(InvalidInputError) as info:
            WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone=rare)
        assert "no time zone database is installed" in str(info.value)
        assert "install the 'tzdata' package" in str(info.value)
        assert "must be an IANA time zone name" not in str(info.value)
    finally:
        zoneinfo.reset_tzpath()
        monkeypatch.undo()
    # With the database back, the same name works.
    assert WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone=rare).timezone


# -- daylight saving (issue 13, item 15) ------------------------------------------
# New York, 2026: on Sunday 03-08 the clocks jump from 02:00 EST (07:00 UTC) to
# 03:00 EDT; on Sunday 11-01 they fall back from 02:00 EDT (06:00 UTC) to 01:00 EST.
NY = ZoneInfo("America/New_York")
UTC = dt.timezone.utc
ALL_DAY = Shift(dt.time(0), dt.time(0))  # 00:00-24:00


def new_york(*shifts: Shift) -> WorkCalendar:
    return WorkCalendar(
        "New York, every day",
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2026, 12, 31),
        timezone="America/New_York",
        weekmask=(True,) * 7,
        shifts=shifts or (ALL_DAY,),
    )


def test_dst_working_time_is_elapsed_time_not_wall_clock() -> None:
    cal = new_york()
    # 01:00 EST = 06:00 UTC; 04:00 EDT = 08:00 UTC: 2 h elapsed (the wall clock says 3).
    assert cal.working_time_between(
        dt.datetime(2026, 3, 8, 1, 0), dt.datetime(2026, 3, 8, 4, 0)
    ) == dt.timedelta(hours=2)
    # 05:30 UTC = 01:30 EDT (first pass), 06:30 UTC = 01:30 EST (second pass): 1 h, not 0.
    assert cal.working_time_between(
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC), dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    ) == dt.timedelta(hours=1)
    # 01:30 EST = 06:30 UTC; + 1 h = 07:30 UTC = 03:30 EDT (02:30 does not exist that day).
    got = cal.add_working_time(dt.datetime(2026, 3, 8, 1, 30), dt.timedelta(hours=1))
    assert got.astimezone(UTC) == dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert (got.hour, got.minute, got.utcoffset()) == (3, 30, -dt.timedelta(hours=4))
    # The days themselves: 03-08 is 23 h long, 11-01 is 25 h, an ordinary day 24 h.
    for day, hours in ((D(2026, 3, 7), 24), (D(2026, 3, 8), 23), (D(2026, 11, 1), 25)):
        midnight = dt.datetime.combine(day, dt.time(0))
        assert cal.working_time_between(midnight, midnight + dt.timedelta(days=1)) == dt.timedelta(
            hours=hours
        )
    # 22:00 EDT 10-31 (02:00 UTC 11-01) + 5 h = 07:00 UTC = 02:00 EST, not 03:00.
    assert cal.add_working_time(
        dt.datetime(2026, 10, 31, 22, 0), dt.timedelta(hours=5)
    ).astimezone(UTC) == dt.datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    # Days are unaffected, and the end of a 24:00 shift is the next midnight.
    assert cal.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 8)
    assert cal.end_of_day(D(2026, 3, 8)) == dt.datetime(2026, 3, 9, 0, 0, tzinfo=NY)


def test_a_shift_starting_in_the_dst_gap_starts_at_the_gap_end() -> None:
    cal = new_york(Shift(dt.time(2, 30), dt.time(6, 0)))
    # 02:30 does not exist on 03-08: the shift starts when the clocks jump, 03:00 EDT.
    start = cal.next_working_moment(dt.datetime(2026, 3, 8, 0, 0))
    assert start.astimezone(UTC) == dt.datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert (start.hour, start.minute) == (3, 0)
    # 03:00-06:00 EDT is 3 h that day; 02:30-06:00 EST the day before is 3.5 h.
    assert cal.working_time_between(
        dt.datetime(2026, 3, 7, 0, 0), dt.datetime(2026, 3, 9, 0, 0)
    ) == dt.timedelta(hours=3.5 + 3)
    assert cal.add_working_time(dt.datetime(2026, 3, 8, 0, 0), dt.timedelta(hours=1)) == (
        dt.datetime(2026, 3, 8, 4, 0, tzinfo=NY)
    )
    # A naive moment in the gap is read the same way: the moment the clocks jump.
    assert cal.localize(dt.datetime(2026, 3, 8, 2, 30)).astimezone(UTC) == dt.datetime(
        2026, 3, 8, 7, 0, tzinfo=UTC
    )


def test_a_boundary_in_the_repeated_hour_is_its_first_occurrence() -> None:
    cal = new_york(Shift(dt.time(0), dt.time(1, 30)))
    # The shift ends at the first 01:30 (EDT, 05:30 UTC): 1.5 h that day.
    end = cal.end_of_day(D(2026, 11, 1))
    assert end.astimezone(UTC) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert cal.working_time_between(
        dt.datetime(2026, 11, 1, 0, 0), dt.datetime(2026, 11, 2, 0, 0)
    ) == dt.timedelta(hours=1.5)
    # 01:10 EST (06:10 UTC, the second pass) is after the shift: next is 11-02 00:00 EST.
    assert cal.next_working_moment(dt.datetime(2026, 11, 1, 6, 10, tzinfo=UTC)) == (
        dt.datetime(2026, 11, 2, 0, 0, tzinfo=NY)
    )
    # Naive 01:30 means the first pass unless fold=1 says the second.
    assert cal.localize(dt.datetime(2026, 11, 1, 1, 30)).utcoffset() == -dt.timedelta(hours=4)
    assert cal.localize(dt.datetime(2026, 11, 1, 1, 30, fold=1)).utcoffset() == -dt.timedelta(
        hours=5
    )
    # Two shifts meeting at 01:30 neither overlap nor leave a hole: 25 h in all.
    split = new_york(Shift(dt.time(0), dt.time(1, 30)), Shift(dt.time(1, 30), dt.time(0)))
    assert split.working_time_between(
        dt.datetime(2026, 11, 1, 0, 0), dt.datetime(2026, 11, 2, 0, 0)
    ) == dt.timedelta(hours=25)


def test_china_has_no_clock_change_days_so_keeps_the_wall_clock_path() -> None:
    # China has had no DST since 1991: no day of its calendars needs the elapsed-time path.
    assert CN._index.starts == {}
    assert new_york()._index.starts.keys() == {66, 304}  # 03-08 and 11-01, days from 01-01


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: Shift(dt.time(12), dt.time(8)),
            InvalidInputError,
            "shifts crossing midnight are not supported",
        ),
        (lambda: Shift(dt.time(8), dt.time(8)), InvalidInputError, "'end' must be after 'start'"),
        (
            lambda: Shift("08:00", dt.time(9)),  # type: ignore[arg-type]
            InvalidTypeError,
            "'start' must be a datetime.time (got '08:00')",
        ),
        (
            lambda: Shift(dt.time(8, tzinfo=dt.timezone.utc), dt.time(9)),
            InvalidInputError,
            "'start' must be a naive datetime.time in whole seconds",
        ),
        (
            lambda: Shift(dt.time(8), dt.time(9, 0, 0, 500)),
            InvalidInputError,
            "'end' must be a naive datetime.time in whole seconds",
        ),
        (
            # An end of 00:00 is 24:00, so a shift may end at midnight but not start there
            # and end the next morning.
            lambda: Shift(dt.time(22), dt.time(6)),
            InvalidInputError,
            "split them at midnight into two days' shifts (an end of 00:00 means 24:00)",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                shifts=(CHINA_SHIFTS[1], CHINA_SHIFTS[0]),
            ),
            InvalidInputError,
            "must be in order and not overlap",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                shifts=(Shift(dt.time(8), dt.time(12)), Shift(dt.time(11), dt.time(14))),
            ),
            InvalidInputError,
            "not overlap",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 1, 15)),
            InvalidInputError,
            "first <= valid_through <= last",
        ),
        (
            lambda: WorkCalendar(
                "x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), weekmask=(True,) * 5
            ),
            InvalidTypeError,
            "'weekmask' must be 7 booleans",
        ),
        (
            lambda: WorkCalendar(
                "x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), weekmask="1111100"
            ),
            InvalidTypeError,
            "'weekmask' must be 7 booleans",
        ),
        (
            lambda: WorkCalendar(
                "x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), weekmask=[1, 1, 1, 1, 1, 0, 0]
            ),
            InvalidTypeError,
            "'weekmask[0]' must be True or False (got 1)",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), shifts="x"),
            InvalidTypeError,
            "'shifts' must be a tuple of Shift",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), shifts=[]),
            InvalidInputError,
            "'shifts' must be at least one shift",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), shifts=[1]),
            InvalidTypeError,
            "'shifts[0]' must be a Shift (got 1)",
        ),
        (
            # A number of days drives an allocation: 400 years at most.
            lambda: WorkCalendar("x", dt.date.min, dt.date.max, dt.date.max),
            InvalidInputError,
            "'last' must be at most 146097 days (400 years) after 'first'",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone=8),  # type: ignore[arg-type]
            InvalidTypeError,
            "'timezone' must be an IANA time zone name such as 'Asia/Shanghai' (got 8)",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone=""),
            InvalidInputError,
            "'timezone' must be an IANA time zone name such as 'Asia/Shanghai' (got '')",
        ),
        (
            lambda: WorkCalendar(
                "x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone="America"
            ),  # a folder of the database, not a zone
            InvalidInputError,
            "known to the time zone database (got 'America')",
        ),
        (
            lambda: WorkCalendar("x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), source=""),
            InvalidInputError,
            "'source' must be a non-empty string",
        ),
        (
            lambda: WorkCalendar(
                "x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone="Mars/Base"
            ),
            InvalidInputError,
            "'timezone' must be an IANA time zone name known to the time zone database "
            "(got 'Mars/Base')",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                beyond_horizon="guess",  # type: ignore[arg-type]
            ),
            InvalidInputError,
            "'beyond_horizon' must be",
        ),
        (
            lambda: WorkCalendar("x", "2026-13-01", D(2026, 2, 1), D(2026, 3, 1)),
            InvalidInputError,
            "'first' must be an ISO 8601 date (got '2026-13-01')",
        ),
        (
            lambda: WorkCalendar("x", dt.datetime(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)),
            InvalidTypeError,
            "'first' must be a date (not a datetime)",
        ),
        (
            lambda: WorkCalendar("x", None, D(2026, 2, 1), D(2026, 3, 1)),
            InvalidTypeError,
            "'first' must be a date or an ISO 8601 date string (got None)",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides={"2026-01-05": None},  # type: ignore[dict-item]
            ),
            InvalidTypeError,
            "'overrides[2026-01-05]' must be a DayOverride (got None)",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides=[(D(2026, 1, 5), 1)],  # type: ignore[arg-type]
            ),
            InvalidTypeError,
            "'overrides' must be a mapping",
        ),
        (
            # A datetime is a date (a subclass): refused, not silently used by some queries.
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides={dt.datetime(2026, 1, 5, 9): DayOverride(False, "x")},
            ),
            InvalidTypeError,
            "'overrides' must be keyed by dates, not datetimes",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides={20260105: DayOverride(False, "x")},  # type: ignore[dict-item]
            ),
            InvalidTypeError,
            "'overrides' must be keyed by dates (got 20260105)",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides={"2026-02-30": DayOverride(False, "x")},  # type: ignore[dict-item]
            ),
            InvalidInputError,
            "'overrides' must be keyed by ISO 8601 dates ('YYYY-MM-DD') (got '2026-02-30')",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides={
                    D(2026, 1, 5): DayOverride(False, "x"),
                    "2026-01-05": DayOverride(True, "y"),  # type: ignore[dict-item]
                },
            ),
            InvalidInputError,
            "'overrides' must be one entry per date (got '2026-01-05')",
        ),
        (
            lambda: CN.with_overrides({D(2031, 1, 2): DayOverride(False, "x")}),
            InvalidInputError,
            "'overrides' must be dates within 2001-01-01..2030-12-31 (got '2031-01-02')",
        ),
        (
            lambda: DayOverride(float("-inf"), "x"),
            InvalidTypeError,
            "'working' must be True or False (got -inf)",
        ),
        (
            lambda: DayOverride("no", "x"),
            InvalidTypeError,
            "'working' must be True or False (got 'no')",
        ),
        (
            lambda: DayOverride(True, "x", "08:00-12:00"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'shifts' must be a tuple of Shift",
        ),
        (
            lambda: DayOverride(True, "x", [CHINA_SHIFTS[0], "13:30-17:30"]),  # type: ignore[arg-type]
            InvalidTypeError,
            "'shifts[1]' must be a Shift",
        ),
        (
            lambda: DayOverride(True, "half day", ()),
            InvalidInputError,
            "at least one shift on a working day",
        ),
        (lambda: DayOverride(True, ""), InvalidInputError, "'name' must be a non-empty string"),
        (
            lambda: WorkCalendar.china(start_year=1999),
            InvalidInputError,
            "'start_year' must be >= 2001",
        ),
        (
            lambda: WorkCalendar.china(estimate_years=-1),
            InvalidInputError,
            "'estimate_years' must be in 0..20",
        ),
        (
            lambda: WorkCalendar.from_holidays("XX", years=[2026]),
            InvalidInputError,
            "'country' must be a country code",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years=[]),
            InvalidInputError,
            "'years' must be at least 1 items long",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years="2026"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'years' must be a list",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years=[2026.0]),  # type: ignore[list-item]
            InvalidTypeError,
            "'years[0]' must be an integer",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years=[1, 9998]),
            InvalidInputError,
            "'years' must be at most 400 years",
        ),
        (
            lambda: WorkCalendar.from_holidays(5, years=[2026]),  # type: ignore[arg-type]
            InvalidTypeError,
            "'country' must be a non-empty string",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", subdiv=["CA"], years=[2026]),  # type: ignore[arg-type]
            InvalidTypeError,
            "'subdiv' must be a non-empty string",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years=[2026], valid_through_year="2026"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'valid_through_year' must be an integer",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years=[2024, 2026]),
            InvalidInputError,
            "'years' must be consecutive",
        ),
        (
            lambda: WorkCalendar.from_holidays("US", years=[2026], valid_through_year=2030),
            InvalidInputError,
            "'valid_through_year' must be within 2026..2026",
        ),
        (
            lambda: CN.add_working_days(D(2026, 1, 5), 1.5),  # type: ignore[arg-type]
            InvalidTypeError,
            "'n' must be an integer (got 1.5)",
        ),
        (
            lambda: CN.add_working_days(D(2026, 1, 5), True),
            InvalidTypeError,
            "'n' must be an integer (got True)",
        ),
        (
            lambda: CN.add_working_days(D(2026, 1, 5), 2**63),
            CalendarHorizonError,
            "fall outside calendar",
        ),
        (
            lambda: CN.add_working_days(dt.datetime(2026, 1, 5), 1),
            InvalidTypeError,
            "'day' must be a date (not a datetime)",
        ),
        (
            lambda: CN.is_working_day("2026-13-05"),
            InvalidInputError,
            "'day' must be an ISO 8601 date (got '2026-13-05')",
        ),
        (
            lambda: CN.is_working_day(None),  # type: ignore[arg-type]
            InvalidTypeError,
            "'day' must be a date or an ISO 8601 date string (got None)",
        ),
        (
            lambda: CN.is_estimated(20270104),  # type: ignore[arg-type]
            InvalidTypeError,
            "'day' must be a date or an ISO 8601 date string",
        ),
        (
            lambda: CN.add_working_time(dt.datetime(2026, 1, 5, 9), "1h"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'delta' must be a timedelta (got '1h')",
        ),
        (
            lambda: CN.add_working_time(dt.datetime(2026, 1, 5, 9), dt.timedelta.max),
            CalendarHorizonError,
            "past the end of calendar",
        ),
        (
            lambda: CN.add_working_time("2026-01-05 25:00", dt.timedelta(hours=1)),
            InvalidInputError,
            "'moment' must be an ISO 8601 date-time (got '2026-01-05 25:00')",
        ),
        (
            lambda: CN.working_time_between(None, dt.datetime(2026, 1, 5, 10)),  # type: ignore[arg-type]
            InvalidTypeError,
            "'start' must be a datetime or an ISO 8601 string (got None)",
        ),
        (
            lambda: CN.working_time_between("2026-01-05T09:00Z", dt.datetime(2026, 1, 5, 10)),
            InvalidInputError,
            "mix a naive and an aware datetime",
        ),
        (
            lambda: CN.working_time_between(dt.datetime(2026, 1, 5, 9), dt.datetime(2031, 1, 5)),
            CalendarHorizonError,
            "2031-01-05 is past the last date",
        ),
        (
            lambda: CN.localize(dt.datetime.max.replace(tzinfo=dt.timezone.utc)),
            InvalidInputError,
            "'moment' must be a moment within datetime's range in the zone Asia/Shanghai",
        ),
        (
            lambda: CN.add_working_time(dt.datetime(2026, 1, 5, 9), dt.timedelta(hours=-1)),
            InvalidInputError,
            "'delta' must be a non-negative timedelta",
        ),
        (
            lambda: CN.working_time_between(
                dt.datetime(2026, 1, 5, 9), dt.datetime(2026, 1, 5, 10, tzinfo=SH)
            ),
            InvalidInputError,
            "mix a naive and an aware datetime",
        ),
        (
            lambda: CN.localize(D(2026, 1, 5)),  # type: ignore[arg-type]
            InvalidTypeError,
            "'moment' must be a datetime or an ISO 8601 string (got datetime.date(2026, 1, 5))",
        ),
        (lambda: CN.end_of_day(D(2026, 10, 1)), InvalidInputError, "'day' must be a working day"),
        (
            lambda: CN.add_working_days(D(2001, 1, 2), -5),
            CalendarHorizonError,
            "fall outside calendar",
        ),
        (
            lambda: CN.add_working_time(dt.datetime(2026, 12, 31, 9), dt.timedelta(hours=10)),
            CalendarHorizonError,
            "past the horizon",
        ),
        (
            lambda: CN.with_estimates().add_working_time(
                dt.datetime(2030, 12, 31, 9), dt.timedelta(hours=10)
            ),
            CalendarHorizonError,
            "past the end of calendar",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
