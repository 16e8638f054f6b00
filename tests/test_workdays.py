"""WorkCalendar: China oracle, horizon, conventions, company days, time, bad input."""

from __future__ import annotations

import datetime as dt
import pickle
from zoneinfo import ZoneInfo

import pytest

from qmscore.errors import CalendarHorizonError, InvalidInputError
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
    with pytest.raises(InvalidInputError, match=r"'end' must be a datetime\.date"):
        CN.working_days_between(D(2026, 1, 5), dt.datetime(2026, 1, 6))
    with pytest.raises(CalendarHorizonError):
        CN.working_days_between(D(2026, 1, 5), D(2027, 6, 1))


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
            InvalidInputError,
            "'start' must be a naive datetime.time",
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
            InvalidInputError,
            "'weekmask' must be 7 booleans",
        ),
        (
            lambda: WorkCalendar(
                "x", D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), timezone="Mars/Base"
            ),
            InvalidInputError,
            "'timezone' must be an IANA time zone name",
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
            lambda: WorkCalendar("x", "2026-01-01", D(2026, 2, 1), D(2026, 3, 1)),  # type: ignore[arg-type]
            InvalidInputError,
            "'first' must be a datetime.date",
        ),
        (
            lambda: WorkCalendar(
                "x",
                D(2026, 1, 1),
                D(2026, 2, 1),
                D(2026, 3, 1),
                overrides={"2026-01-05": None},  # type: ignore[dict-item]
            ),
            InvalidInputError,
            "'overrides' must be a mapping",
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
            "'years' must be one or more",
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
            InvalidInputError,
            "'n' must be an integer (got 1.5)",
        ),
        (
            lambda: CN.add_working_days(dt.datetime(2026, 1, 5), 1),
            InvalidInputError,
            "'day' must be a datetime.date",
        ),
        (
            lambda: CN.is_working_day("2026-01-05"),  # type: ignore[arg-type]
            InvalidInputError,
            "'day' must be a datetime.date",
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
            InvalidInputError,
            "'moment' must be a datetime.datetime",
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
