"""Kill tests for workdays (issue 20): errors that name their field and value, the China
calendar built afresh (not from the cache), the cache itself, clock changes.

China calendars are cached per arguments, so a test that wants the builder to run
passes ``shifts`` as a list: documented as "built afresh each call". Expected
values come from the State Council arrangements (2026: National Day 1-7 October,
make-up Saturday 10 October; 2020's first notice: Saturday 1 February worked) and
from the documented conventions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from qmscore.errors import CalendarHorizonError, InvalidInputError, InvalidTypeError, QmsError
from qmscore.workdays import CHINA_SHIFTS, DayKind, Shift, WorkCalendar
from qmscore.workdays import _china_data as table
from qmscore.workdays._holidays import china_from_holidays
from qmscore.workdays.china import StatutoryDay, _fixed, festival_named, lunar_anchor
from tests.mutation._china import NOTICE_2020, fresh

D = dt.date
T = dt.time
PLAIN = WorkCalendar("plain", "2026-08-31", "2026-10-31", "2026-10-31")
EDGE = WorkCalendar("edge", "2026-08-31", "2026-10-30", "2026-11-30")  # data ends Friday 30 Oct


# ---------------------------------------------------------------- the cache


def test_equal_china_calls_share_one_calendar() -> None:
    # Documented: equal calls (arguments of plain types) return the same calendar.
    assert WorkCalendar.china(estimate_years=3) is WorkCalendar.china(estimate_years=3)
    assert WorkCalendar.china(shifts=CHINA_SHIFTS, notices=[]) is WorkCalendar.china(
        shifts=CHINA_SHIFTS, notices=[]
    )


class Shifts(tuple):  # type: ignore[type-arg]
    """A tuple subclass: not a plain type, so never a cache key."""


def test_a_tuple_subclass_of_shifts_is_built_afresh() -> None:
    one = WorkCalendar.china(shifts=Shifts(CHINA_SHIFTS), estimate_years=2)
    two = WorkCalendar.china(shifts=Shifts(CHINA_SHIFTS), estimate_years=2)
    assert one == two
    assert one is not two


# ---------------------------------------------------------------- built afresh


def test_a_fresh_china_calendar_has_its_arguments_and_range() -> None:
    cal = fresh(start_year=2025, estimate_years=1)
    assert cal.shifts == CHINA_SHIFTS
    assert cal.first == D(2025, 1, 1)
    assert cal.valid_through == D(2026, 12, 31)  # the table's last year
    assert cal.last == D(2027, 12, 31)  # one estimated year after it
    assert cal.weekmask == (True, True, True, True, True, False, False)
    # 2026-09-13 is an ordinary Sunday, 2026-09-14 an ordinary Monday.
    assert not cal.is_working_day(D(2026, 9, 13))
    assert cal.is_working_day(D(2026, 9, 14))


def test_a_fresh_china_calendar_names_days_in_both_languages() -> None:
    cal = fresh(start_year=2026, estimate_years=0)
    assert cal.name == "China (State Council arrangements)"
    oct1 = cal.describe(D(2026, 10, 1))
    assert oct1.en == "2026-10-01 is a statutory holiday: National Day"
    assert oct1.zh == "2026-10-01 为法定节假日：国庆节"
    # Saturday 10 October is worked for National Day: the nearest statutory day
    # before it is 3 October (7 days), and none follows within 2026.
    oct10 = cal.describe(D(2026, 10, 10))
    assert oct10.en == "2026-10-10 is a make-up working day: National Day"
    assert oct10.zh == "2026-10-10 为调休上班日：国庆节"


def test_a_notice_wins_over_the_data_and_says_what_the_data_had() -> None:
    # The first 2020 notice worked Saturday 1 February; holidays has the extended
    # Spring Festival (off until 2 February): the notice wins, and says the data
    # had it as a rest day (休息日).
    cal = fresh(start_year=2019, estimate_years=0, holidays_through=2020, notices=[NOTICE_2020])
    reason = cal.describe(D(2020, 2, 1))
    version = f"holidays {table.HOLIDAYS_VERSION}"
    assert reason.en == (
        "2020-02-01 is a make-up working day: Spring Festival "
        f"(the notice wins: {version} had it as a rest day)"
    )
    assert reason.zh == f"2020-02-01 为调休上班日：春节（以通知为准：{version} 原为休息日）"
    # It cites the notice and its item: Spring Festival is item 二 of the 2020 notice.
    assert str(reason.source) == "国务院办公厅关于2020年部分节假日安排的通知, item 二"
    assert cal.is_working_day(D(2020, 2, 1))
    # The days after it are walked one by one: 3 February (Monday) works again.
    assert cal.is_working_day(D(2020, 2, 3))
    assert not cal.is_working_day(D(2020, 1, 30))
    # Friday 31 January: off in holidays (the extension), not named by the notice,
    # so an ordinary working day again, said so, with its kind.
    jan31 = cal.overrides[D(2020, 1, 31)]
    assert jan31.working
    assert jan31.kind is DayKind.WORKING
    assert jan31.name.startswith(f"not a holiday by the notice ({version} had ")
    # An untitled notice is cited by the generic title of its year.
    assert jan31.source == "国务院办公厅关于2020年部分节假日安排的通知"


def test_a_notice_beyond_the_next_year_is_refused_naming_its_year() -> None:
    # Data through 2018: a notice may add 2019, not 2020.
    with pytest.raises(InvalidInputError, match="must leave no year without") as info:
        fresh(holidays_through=2018, notices=[NOTICE_2020])
    assert info.value.field == "notices"
    assert info.value.value == 2020


def test_a_partial_notice_is_refused_naming_its_year() -> None:
    with pytest.raises(InvalidInputError, match="must be whole notices") as info:
        fresh(notices=["一、元旦：2020年1月1日放假，共1天。"])
    assert info.value.field == "notices"
    assert info.value.value == 2020
    # 2020 under the 2014 revision: 正月初一 to 初三 are 25-27 January, 清明 4 April,
    # 1 May, 端午 25 June, 1-3 October (中秋 falls on 1 October: one day, National Day).
    assert (
        "leaves the statutory days 2020-01-25 (春节), 2020-01-26 (春节), 2020-01-27 (春节), "
        "2020-04-04 (清明节), 2020-05-01 (劳动节), 2020-06-25 (端午节), 2020-10-01 (国庆节), "
        "2020-10-02 (国庆节), 2020-10-03 (国庆节) unarranged"
    ) in str(info.value)


def test_the_table_and_holidays_itself_build_equal_calendars() -> None:
    holidays = pytest.importorskip("holidays")
    if holidays.__version__ != table.HOLIDAYS_VERSION:
        pytest.skip(f"the table is from holidays {table.HOLIDAYS_VERSION}")
    # The defaults (4 estimated years) and a notice, both ways.
    assert china_from_holidays(WorkCalendar) == WorkCalendar.china()
    kwargs: dict[str, Any] = {
        "start_year": 2019,
        "estimate_years": 0,
        "holidays_through": 2020,
        "notices": [NOTICE_2020],
        "beyond_horizon": "estimate",
    }
    assert china_from_holidays(WorkCalendar, **kwargs) == fresh(**kwargs)


def test_a_makeup_day_far_from_any_festival_of_the_range_names_the_state_council() -> None:
    # Saturday 2018-12-29 was worked for New Year 2019; with data through 2018 the
    # nearest statutory day in range is National Day (3 October, 87 days > 20).
    cal = fresh(start_year=2018, holidays_through=2018, estimate_years=0)
    reason = cal.describe(D(2018, 12, 29))
    assert reason.en == "2018-12-29 is a make-up working day: State Council arrangement"
    assert reason.zh == "2018-12-29 为调休上班日：国务院节假日安排"


def test_estimated_years_keep_the_kinds_of_their_days() -> None:
    cal = fresh(start_year=2026, estimate_years=1, beyond_horizon="estimate")
    # 2027-10-01 is a Friday: a statutory day on a weekday, not a company shutdown.
    assert cal.day_kind(D(2027, 10, 1)) is DayKind.STATUTORY_HOLIDAY
    # 2027 Spring Festival: 除夕 5 Feb (Fri) to 初三 8 Feb (Mon); 6 and 7 Feb fall on the
    # weekend, so 补假 on the next weekdays not already off: 9 and 10 Feb.
    assert cal.day_kind(D(2027, 2, 9)) is DayKind.IN_LIEU_REST
    assert cal.day_kind(D(2027, 2, 10)) is DayKind.IN_LIEU_REST
    assert cal.day_kind(D(2027, 2, 11)) is DayKind.WORKING


def test_from_holidays_keeps_its_arguments_and_bounds_the_years() -> None:
    holidays = pytest.importorskip("holidays")
    nine_to_five = (Shift(T(9), T(17)),)
    cal = WorkCalendar.from_holidays(
        "CN", years=[2026], timezone="Europe/Berlin", shifts=nine_to_five
    )
    assert cal.timezone == "Europe/Berlin"
    assert cal.shifts == nine_to_five
    assert cal.source == f"holidays {holidays.__version__}, CN"
    # holidays' make-up days are named in Chinese as 调休上班.
    assert cal.describe(D(2026, 10, 10)).zh == "2026-10-10 为调休上班日：调休上班"
    # At most 400 years may be passed (as items, even when repeated) ...
    with pytest.raises(InvalidInputError, match="'years'"):
        WorkCalendar.from_holidays("DE", years=[2026] * 401)
    # ... spanning less than 400 years: 1600 to 2000 spans 400.
    with pytest.raises(InvalidInputError, match="at most 400 years") as info:
        WorkCalendar.from_holidays("DE", years=[1600, 2000])
    assert info.value.value == [1600, 2000]


# ---------------------------------------------------------------- errors name field and value


def test_batch_errors_name_the_element_and_the_value() -> None:
    grid = np.array([["2026-09-01"]], dtype="datetime64[D]")  # two-dimensional
    with pytest.raises(InvalidTypeError) as info:
        PLAIN.working_days_between_many(grid, grid)
    assert info.value.field == "starts"
    assert info.value.value is grid
    nat = np.array(["2026-09-01", "NaT"], dtype="datetime64[D]")
    with pytest.raises(InvalidInputError) as info2:
        PLAIN.add_working_days_many(nat, [1, 1])
    assert info2.value.field == "days[1]"
    assert info2.value.value == "NaT"


def test_shift_and_calendar_errors_carry_the_value() -> None:
    with pytest.raises(InvalidInputError) as info:
        Shift(T(9), T(8, 59, 59))
    assert info.value.field == "end"
    assert info.value.value == T(8, 59, 59)
    with pytest.raises(InvalidInputError) as info:
        WorkCalendar("x", "2026-09-02", "2026-09-01", "2026-09-30")
    assert info.value.field == "valid_through"
    assert info.value.value == D(2026, 9, 1)


def test_a_bad_weekmask_is_named_with_its_value() -> None:
    six = (True,) * 6
    with pytest.raises(InvalidTypeError) as info:
        WorkCalendar("x", "2026-09-01", "2026-09-30", "2026-09-30", weekmask=six)
    assert info.value.field == "weekmask"
    assert info.value.value == six


def test_iso_strings_take_the_checked_path_with_the_same_count() -> None:
    # (Mon 7 Sep, Mon 14 Sep] holds Tue-Fri (4) and Mon 14 (1): 5 working days.
    assert PLAIN.working_days_between("2026-09-07", "2026-09-14") == 5
    assert PLAIN.working_days_between("2026-09-14", "2026-09-07") == -5
    # (Fri 11, Sat 12]: 0; (Fri 11, Mon 14]: 1.
    assert PLAIN.working_days_between("2026-09-11", "2026-09-12") == 0
    assert PLAIN.working_days_between("2026-09-11", "2026-09-14") == 1


def test_the_out_of_range_message_names_the_last_date_it_could_reach() -> None:
    est = EDGE.with_estimates()
    # Data and estimates end Monday 30 November: 5 working days after it are beyond.
    with pytest.raises(CalendarHorizonError) as info:
        est.add_working_days(D(2026, 11, 30), 5)
    assert str(info.value) == (
        "5 working days from 2026-11-30 fall outside calendar 'edge' (2026-08-31 to 2026-11-30)"
    )
    with pytest.raises(CalendarHorizonError) as info:
        PLAIN.add_working_days(D(2026, 10, 30), 1)
    assert str(info.value) == (
        "1 working days from 2026-10-30 fall outside calendar 'plain' (2026-08-31 to 2026-10-31)"
    )


def test_a_bad_start_or_moment_is_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        PLAIN.working_days_between("someday", D(2026, 9, 1))
    assert info.value.field == "start"
    with pytest.raises(InvalidInputError) as info:
        PLAIN.add_working_time("soon", dt.timedelta(0))
    assert info.value.field == "moment"


# ---------------------------------------------------------------- horizon at the boundary


def test_a_naive_moment_on_the_first_day_past_the_horizon_raises() -> None:
    last = dt.datetime(2026, 10, 30, 10, 0)  # the last day with data: fine
    # 08:30-12:00 and 13:30-17:30 on Friday 30 October: 10:00-17:30 is 2 h + 4 h = 6 h.
    assert EDGE.working_time_between(last, dt.datetime(2026, 10, 30, 17, 30)) == dt.timedelta(
        hours=6
    )
    with pytest.raises(CalendarHorizonError, match="past the horizon"):
        EDGE.working_time_between(last, dt.datetime(2026, 10, 31, 10, 0))
    # With estimates the calendar ends 30 November: 1 December is past its last date.
    est = EDGE.with_estimates()
    assert est.working_time_between(
        dt.datetime(2026, 11, 30, 8, 30), dt.datetime(2026, 11, 30, 9, 0)
    ) == dt.timedelta(minutes=30)
    with pytest.raises(CalendarHorizonError, match="past the last date"):
        est.working_time_between(last, dt.datetime(2026, 12, 1, 10, 0))


# ---------------------------------------------------------------- clock changes


def test_a_naive_time_in_the_spring_gap_is_the_jump_on_the_calendars_clock() -> None:
    ny = WorkCalendar("ny", "2026-03-02", "2026-03-31", "2026-03-31", timezone="America/New_York")
    # 2026-03-08 02:30 does not exist in New York: the clocks jump from 02:00 EST
    # to 03:00 EDT, so it means 03:00 EDT (UTC-4).
    moment = ny.localize(dt.datetime(2026, 3, 8, 2, 30))
    assert moment.isoformat() == "2026-03-08T03:00:00-04:00"
    assert moment.tzinfo == ZoneInfo("America/New_York")


# ---------------------------------------------------------------- China rules


def test_festival_names_with_quotes_are_read() -> None:
    assert festival_named("“五一”国际劳动节").key == "labour_day"
    assert festival_named('"五一"国际劳动节').key == "labour_day"


def test_fixed_statutory_days_are_gregorian() -> None:
    # _fixed runs only when the module is imported (the revisions' tables), so a
    # test of the table's dates alone cannot reach it under mutation: test it here.
    assert _fixed("labour_day", 5, 1) == StatutoryDay("labour_day", "gregorian", 5, 1, zh="5月1日")


def test_a_lunar_anchor_that_is_not_a_name_is_our_error() -> None:
    with pytest.raises(QmsError, match="'anchor' must be one of"):
        lunar_anchor(["mid_autumn"], 2025)  # type: ignore[arg-type]
    assert lunar_anchor("mid_autumn", 2025) == D(2025, 10, 6)
