"""Kill tests for workdays (issue 20), second round: argument errors that name field and
value, notices over estimates, the horizon's first day, microseconds on the naive path,
elapsed hours just past a calendar's last day.

Expected values are worked by hand in the comments or follow from the documented
conventions; notices are the reference texts or a synthetic one (said so).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmscore.deadlines import Hours
from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.workdays import DayKind, DayOverride, Shift, WorkCalendar
from tests.mutation._china import NOTICE_2020, fresh

D = dt.date
T = dt.time
US = dt.timedelta(microseconds=1)
PLAIN = WorkCalendar("plain", "2026-08-31", "2026-10-31", "2026-10-31")


# ---------------------------------------------------------------- China arguments


@pytest.mark.parametrize(("years", "ok"), [(-1, False), (0, True), (20, True), (21, False)])
def test_estimate_years_are_0_to_20(years: int, ok: bool) -> None:
    if ok:
        cal = fresh(start_year=2026, estimate_years=years)
        assert cal.last == D(2026 + years, 12, 31)
    else:
        with pytest.raises(
            InvalidInputError, match=r"'estimate_years' must be in 0\.\.20"
        ) as info:
            fresh(estimate_years=years)
        assert info.value.value == years


def test_start_year_before_the_data_is_named_with_its_value() -> None:
    with pytest.raises(InvalidInputError, match="'start_year' must be >= 2001") as info:
        fresh(start_year=2000)
    assert info.value.value == 2000


def test_a_notice_before_start_year_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="notices for 2021 or later") as info:
        fresh(start_year=2021, notices=[NOTICE_2020])
    assert info.value.field == "notices"
    assert info.value.value == 2020


def test_a_whole_notice_need_not_name_a_one_off_day(reference: Path) -> None:
    # The 2015 notice (Dec 2014) has no 3 September: that day off came from a later,
    # separate decision, so it is not a statutory day the notice must arrange.
    text = (reference / "china_notices" / "2015.txt").read_text(encoding="utf-8")
    cal = fresh(start_year=2014, holidays_through=2014, estimate_years=0, notices=[text])
    assert cal.valid_through == D(2015, 12, 31)
    assert cal.is_working_day(D(2015, 9, 3))  # the notice alone: a Thursday at work


# A synthetic 2027 notice (NOT the State Council's): the 2024 revision's statutory
# days with made-up spans; Labour Day is 1-3 May only.
_SYNTHETIC_2027 = """\
# title: 虚构的国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至2月12日（农历正月初七、周五）放假调休，共8天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至3日（周一）放假，共3天。
五、端午节：6月9日（周三）放假1天。
六、中秋节：9月15日（周三）放假1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


def test_a_notice_over_an_estimated_year_says_the_estimate_had_the_day() -> None:
    # Estimated 2027: Labour Day 1 May (Sat) and 2 May (Sun) are made up on the next
    # weekdays, Mon 3 and Tue 4 May. The notice names 1-3 May only, so Tuesday 4 May
    # is an ordinary working day, and the reason says what the estimate had.
    cal = fresh(start_year=2026, notices=[_SYNTHETIC_2027])
    assert cal.day_kind(D(2027, 5, 4)) is DayKind.WORKING
    r = cal.describe(D(2027, 5, 4))
    assert r.en == (
        "2027-05-04 is a working day: not a holiday by the notice (the estimate had "
        "Labour Day (in lieu of a weekend day))"
    )
    assert r.zh == "2027-05-04 为工作日：通知未安排（估算 原为劳动节（补假））"
    # The citation is the notice's own title.
    assert str(r.source) == "虚构的国务院办公厅关于2027年部分节假日安排的通知"


# ---------------------------------------------------------------- from_holidays errors


def test_from_holidays_errors_carry_their_values() -> None:
    pytest.importorskip("holidays")
    with pytest.raises(InvalidInputError, match="consecutive years") as info:
        WorkCalendar.from_holidays("DE", years=[2024, 2026])
    assert info.value.value == [2024, 2026]
    with pytest.raises(InvalidInputError, match="a country code known") as info:
        WorkCalendar.from_holidays("XX", years=[2026])
    assert info.value.value == "XX"


def test_from_holidays_names_country_subdivision_and_makeup_days() -> None:
    holidays = pytest.importorskip("holidays")
    us = WorkCalendar.from_holidays("US", subdiv="CA", years=[2026])
    assert us.name == f"US-CA (holidays {holidays.__version__})"
    cn = WorkCalendar.from_holidays("CN", years=[2026])
    assert cn.describe(D(2026, 10, 10)).en == (
        "2026-10-10 is a make-up working day: make-up working day"
    )


# ---------------------------------------------------------------- field and value


def test_input_errors_name_field_and_value() -> None:
    with pytest.raises(InvalidInputError) as info:
        Shift(T(8, 0, 0, 5), T(9))  # not whole seconds
    assert info.value.field == "start"
    assert info.value.value == T(8, 0, 0, 5)
    with pytest.raises(InvalidInputError, match="at least one shift") as info:
        DayOverride(True, "x", shifts=())
    assert info.value.field == "shifts"
    start = dt.datetime(2026, 9, 7, 9)
    with pytest.raises(InvalidInputError) as info:
        PLAIN.working_time_between(start, "later")
    assert info.value.field == "end"
    with pytest.raises(InvalidInputError, match="as long as 'days'") as info:
        PLAIN.add_working_days_many([D(2026, 9, 7)] * 2, [1])
    assert info.value.field == "ns"
    assert info.value.value == "1 numbers"


def test_mixing_naive_and_aware_is_refused_with_the_whole_message() -> None:
    with pytest.raises(InvalidInputError) as info:
        PLAIN.working_time_between(
            dt.datetime(2026, 9, 7, 9), dt.datetime(2026, 9, 7, 10, tzinfo=dt.timezone.utc)
        )
    assert str(info.value) == (
        "'start' and 'end' mix a naive and an aware datetime, which is ambiguous: pass "
        "both aware, or both naive (read as calendar-local)"
    )


def test_a_moment_out_of_datetimes_range_names_start_or_end() -> None:
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)  # +8 h in Shanghai: overflows
    ok = dt.datetime(2026, 9, 7, 9, tzinfo=dt.timezone.utc)
    with pytest.raises(InvalidInputError) as info:
        PLAIN.working_time_between(ok, far)
    assert info.value.field == "end"
    with pytest.raises(InvalidInputError) as info:
        PLAIN.working_time_between(far, ok)
    assert info.value.field == "start"


# ---------------------------------------------------------------- boundaries


def test_the_first_day_past_the_horizon_is_refused_even_when_it_works() -> None:
    # Data through Thursday 29 October; Friday 30 October (a working day) is only an estimate.
    cal = WorkCalendar("edge", "2026-08-31", "2026-10-29", "2026-11-30")
    assert cal.add_working_days(D(2026, 10, 28), 1) == D(2026, 10, 29)
    with pytest.raises(CalendarHorizonError, match="past the horizon"):
        cal.add_working_days(D(2026, 10, 29), 1)
    assert cal.with_estimates().add_working_days(D(2026, 10, 29), 1) == D(2026, 10, 30)


def test_microseconds_on_the_naive_path() -> None:
    # 08:30:00.999999 to 08:30:01 is one microsecond, inside the morning shift.
    a = dt.datetime(2026, 9, 7, 8, 30, 0, 999_999)
    assert PLAIN.working_time_between(a, dt.datetime(2026, 9, 7, 8, 30, 1)) == US
    assert PLAIN.working_time_between(dt.datetime(2026, 9, 7, 8, 30), a) == 999_999 * US


def test_elapsed_hours_landing_just_past_the_calendar_use_real_time() -> None:
    # New York calendar to Saturday 7 March 2026 (no clock change inside it). 24 hours
    # after 10:00 EST (15:00 UTC) is 15:00 UTC on 8 March, after the clocks moved
    # to EDT at 02:00: 11:00 EDT, not 10:00.
    ny = WorkCalendar("ny", "2026-02-02", "2026-03-07", "2026-03-07", timezone="America/New_York")
    due = Hours(24).due(dt.datetime(2026, 3, 7, 10, 0), ny).due_at
    assert due.isoformat() == "2026-03-08T11:00:00-04:00"
