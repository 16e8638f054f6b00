"""WorkCalendar.china with notices (horizon, precedence, citations), day kinds, estimates.

SYNTHETIC_2027 below is an illustration written for these tests, NOT the State
Council's 2027 notice: it follows the rules of the 2024 revision (statutory
days 1 Jan; 除夕 2月5日 to 初三 2月8日; 清明 4月5日; 1-2 May; 端午 6月9日;
中秋 9月15日; 1-3 Oct) with made-up spans and make-up days. Its weekdays were
counted by hand from 1 January 2027, a Friday (e.g. 31 January is 30 days
later, 30 % 7 = 2: a Sunday).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmscore.deadlines import WorkingDays
from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.workdays import (
    DayKind,
    DayOverride,
    Shift,
    WorkCalendar,
    parse_notice,
    statutory_days,
)
from qmscore.workdays.china import estimated_days

D = dt.date
S, L, W, M, WK = (
    DayKind.STATUTORY_HOLIDAY,
    DayKind.IN_LIEU_REST,
    DayKind.WEEKEND,
    DayKind.MAKEUP_WORKDAY,
    DayKind.WORKING,
)

SYNTHETIC_2027 = """\
# title: 虚构的国务院办公厅关于2027年部分节假日安排的通知
# issued: unknown ; number: 测试〔2026〕1号
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至2月12日（农历正月初七、周五）放假调休，共8天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
五、端午节：6月9日（周三）放假1天。
六、中秋节：9月15日（周三）放假1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""

# The real 2025 notice (国办发明电〔2024〕12号), as published.
NOTICE_2025 = """\
国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
国务院办公厅
2024年11月12日
"""

CN = WorkCalendar.china()


def received(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour)


# -- item 4: a notice extends the horizon, wins, and is cited ---------------------------------


def test_the_issue_case_a_deadline_across_new_year_past_the_horizon() -> None:
    # Received Friday 2026-12-18; working days 21-25 Dec (5), 28-31 Dec (9); 1 January 2027
    # is off, 2-3 January a weekend: the 10th working day is Monday 2027-01-04.
    with pytest.raises(CalendarHorizonError, match="past the horizon"):
        WorkingDays(10).due(received(2026, 12, 18, 10), CN)
    cal = WorkCalendar.china(notices=[SYNTHETIC_2027])
    assert cal.valid_through == D(2027, 12, 31)
    due = WorkingDays(10).due(received(2026, 12, 18, 10), cal)
    assert due.due_at.isoformat() == "2027-01-04T17:30:00+08:00"
    assert not due.estimated
    assert "虚构的国务院办公厅关于2027年部分节假日安排的通知（测试〔2026〕1号）" in str(
        due.reasons[-1].source
    )
    reason = cal.describe(D(2027, 1, 1))
    assert reason.zh == "2027-01-01 为法定节假日：元旦"
    assert reason.source is not None
    assert str(reason.source).endswith("（测试〔2026〕1号）, item 一")


def test_a_real_notice_extends_a_calendar_cut_at_2024_and_matches_holidays_2025() -> None:
    before = WorkCalendar.china(holidays_through=2024)
    # Friday 2024-12-20: 23-27 Dec (5), 30-31 Dec (7), 1 Jan 2025 off (不调休),
    # 2-3 Jan (9), Monday 6 Jan (10).
    with pytest.raises(CalendarHorizonError):
        WorkingDays(10).due(received(2024, 12, 20, 10), before)
    after = WorkCalendar.china(holidays_through=2024, notices=[NOTICE_2025])
    due = WorkingDays(10).due(received(2024, 12, 20, 10), after)
    assert due.due_at.isoformat() == "2025-01-06T17:30:00+08:00"
    skipped = due.reasons[-1]
    assert skipped.zh == "跳过休息日：2025-01-01 法定节假日：元旦，另有周末 6 天"
    assert skipped.en.startswith("Skipped rest days: 2025-01-01 statutory holiday: New Year's Day")
    # holidays itself has 2025: the notice and holidays agree on every date and kind.
    day = D(2025, 1, 1)
    while day <= D(2025, 12, 31):
        assert after.day_kind(day) == CN.day_kind(day), day
        day += dt.timedelta(days=1)


def test_the_notice_wins_where_it_and_holidays_disagree(reference: Path) -> None:
    first_2019 = (reference / "china_notices" / "2019.txt").read_text(encoding="utf-8")
    cal = WorkCalendar.china(notices=[first_2019])
    # holidays has the amended Labour Day (5月1日至4日, 4月28日 and 5月5日 worked); the first
    # notice alone has 5月1日 only: 2 May is a Thursday, 28 April a Sunday.
    assert cal.day_kind(D(2019, 5, 2)) == WK
    assert CN.day_kind(D(2019, 5, 2)) == L
    assert cal.day_kind(D(2019, 4, 28)) == W
    reason = cal.describe(D(2019, 5, 2))
    assert "not a holiday by the notice (holidays" in reason.en
    assert "通知未安排" in reason.zh
    assert "make-up day by the notice" in cal.describe(D(2019, 4, 28)).en
    first_2020 = (reference / "china_notices" / "2020.txt").read_text(encoding="utf-8")
    cal = WorkCalendar.china(notices=[first_2020])
    # Before the extension, Saturday 1 February 2020 was a make-up day; holidays has it off.
    assert cal.describe(D(2020, 2, 1)).en == (
        "2020-02-01 is a make-up working day: Spring Festival (the notice wins: holidays "
        f"{_holidays_version()} had it as a rest day)"
    )
    amended = WorkCalendar.china(
        notices=[first_2020, "延长2020年春节假期至2月2日（农历正月初九，星期日）。"]
    )
    assert amended.day_kind(D(2020, 2, 1)) == W
    assert "国务院办公厅关于2020年部分节假日安排的通知" in amended.source


def _holidays_version() -> str:
    from importlib.metadata import version

    return version("holidays")


def test_notices_may_be_arrangements_and_any_year_at_or_after_start() -> None:
    arrangement = parse_notice(NOTICE_2025)
    cal = WorkCalendar.china(notices=[arrangement], holidays_through=2024)
    assert cal.day_kind(D(2025, 2, 8)) == M
    assert cal.describe(D(2025, 2, 8)).zh == "2025-02-08 为调休上班日：春节"


BAD_NOTICES = [
    ({"notices": "一、元旦：1月1日放假。"}, "'notices' must be a list"),
    ({"notices": [42]}, "'notices[0]' must be a non-empty string"),
    ({"notices": ["2019年5月1日至4日放假调休，共4天。"]}, "after the notice it amends"),
    ({"notices": [NOTICE_2025, NOTICE_2025]}, "the only notice for 2025"),
    ({"notices": ["一、元旦：2028年1月1日放假。"]}, "the notice for 2028 comes after 2026"),
    ({"notices": [NOTICE_2025], "start_year": 2026}, "notices for 2026 or later"),
    ({"notices": ["一、元旦：2027年1月1日放假。"]}, "leaves the statutory days 2027-02-05 (春节)"),
    ({"holidays_through": 2027}, "'holidays_through' must be an integer year in 2001..2026"),
    ({"holidays_through": 2000}, "'holidays_through' must be an integer year in 2001..2026"),
]


@pytest.mark.parametrize(("kwargs", "fragment"), BAD_NOTICES)
def test_bad_notices(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        WorkCalendar.china(**kwargs)  # type: ignore[arg-type]
    assert fragment in str(info.value)


# -- item 5: day kinds ---------------------------------------------------------------------


def test_day_kinds_agree_with_the_measures_and_chinesecalendar() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    lieu: set[dt.date] = set()
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        kind = CN.day_kind(day)
        # Statutory exactly on the days of 全国年节及纪念日放假办法 (and 2015-09-03).
        assert (kind == S) == (day in statutory_days(day.year)), day
        assert kind.works == CN.is_working_day(day)
        if kind == L:
            lieu.add(day)
        day += dt.timedelta(days=1)
    theirs = {d for d in chinese_calendar.in_lieu_days if D(2004, 1, 1) <= d <= D(2026, 12, 31)}
    # chinesecalendar calls 2022-02-03 (正月初三, statutory from 2014) in-lieu.
    assert theirs - lieu == {D(2022, 2, 3)}


def test_day_kinds_of_national_day_2026_in_both_languages() -> None:
    # 2026-10-01 is a Thursday: 1-3 Oct statutory (3 = Saturday), 4 Sunday, 5-7 in-lieu,
    # 8-9 ordinary, 10 a make-up Saturday; 中秋 2026 is 25 September (a Friday).
    got = [CN.day_kind(D(2026, 10, d)) for d in range(1, 11)]
    assert got == [S, S, S, W, L, L, L, WK, WK, M]
    assert CN.day_kind(D(2026, 9, 25)) == S
    r = CN.describe(D(2026, 9, 25))
    assert (r.en, r.zh) == (
        "2026-09-25 is a statutory holiday: Mid-Autumn Festival",
        "2026-09-25 为法定节假日：中秋节",
    )
    assert CN.describe(D(2026, 10, 4)).zh == "2026-10-04 按每周安排为周末休息日"


def test_company_days_infer_their_kind() -> None:
    half = (Shift(dt.time(8, 30), dt.time(12, 0)),)
    cal = CN.with_overrides(
        {
            D(2026, 8, 3): DayOverride(False, "summer maintenance shutdown"),
            D(2026, 8, 7): DayOverride(True, "half day", half),
            D(2026, 8, 8): DayOverride(True, "extra Saturday"),
            D(2026, 8, 9): DayOverride(False, "a Sunday, said again"),
            D(2026, 8, 10): DayOverride(True, "full shifts given", CN.shifts),
            D(2026, 8, 11): DayOverride(False, "plant holiday", kind="statutory_holiday"),
        }
    )
    got = [cal.day_kind(D(2026, 8, d)) for d in (3, 7, 8, 9, 10, 11)]
    assert got == [DayKind.SHUTDOWN, DayKind.HALF_DAY, M, W, WK, S]
    assert cal.describe(D(2026, 8, 3)).en == (
        "2026-08-03 is a company shutdown day: summer maintenance shutdown"
    )
    assert cal.describe(D(2026, 8, 7)).zh == "2026-08-07 为半天工作日：half day"


def test_from_holidays_days_are_public_holidays() -> None:
    de = WorkCalendar.from_holidays("DE", years=[2026], timezone="Europe/Berlin")
    assert de.day_kind(D(2026, 10, 3)) == S  # German Unity Day
    cn = WorkCalendar.from_holidays("CN", years=[2026], timezone="Asia/Shanghai")
    assert cn.day_kind(D(2026, 10, 10)) == M


BAD_OVERRIDES = [
    ({"kind": "holiday"}, "'kind' must be a DayKind (or None: inferred) (got 'holiday')"),
    ({"kind": 3}, "'kind' must be a DayKind"),
    ({"kind": DayKind.WORKING}, "'kind' 'working' is a working day but 'working' is False"),
    ({"zh": 5}, "zh"),
    ({"source": b"x"}, "source"),
]


@pytest.mark.parametrize(("kwargs", "fragment"), BAD_OVERRIDES)
def test_bad_day_overrides(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        DayOverride(False, "x", **kwargs)  # type: ignore[arg-type]
    assert fragment in str(info.value)


def test_day_kind_refuses_what_the_calendar_refuses() -> None:
    with pytest.raises(CalendarHorizonError):
        CN.day_kind(D(2027, 1, 4))
    assert CN.day_kind("2026-10-01") == "statutory_holiday"
    with pytest.raises(InvalidInputError, match=r"'day' must be a date \(not a datetime\)"):
        CN.day_kind(dt.datetime(2026, 10, 1))


# -- item 6: estimates past the horizon ------------------------------------------------------


def test_estimated_2027_by_hand() -> None:
    # 2024 revision: statutory 1 Jan (Fri); 2月5日 (除夕, Fri) to 2月8日 (初三, Mon); 清明 4月5日
    # (Mon); 1-2 May (Sat, Sun); 端午 6月9日; 中秋 9月15日; 1-3 Oct (Fri-Sun). Article 6: a
    # statutory day on a weekend is made up on the next weekday not already off.
    days = estimated_days(2027)
    assert sorted(d for d, (k, _f) in days.items() if k == L) == [
        D(2027, 2, 9),  # for Saturday 2月6日
        D(2027, 2, 10),  # for Sunday 2月7日
        D(2027, 5, 3),  # for Saturday 1 May
        D(2027, 5, 4),  # for Sunday 2 May
        D(2027, 10, 4),  # for Saturday 2 Oct
        D(2027, 10, 5),  # for Sunday 3 Oct
    ]
    assert sorted(d for d, (k, _f) in days.items() if k == S) == sorted(statutory_days(2027))


def test_estimates_are_opt_in_flagged_and_replaced_by_the_notice() -> None:
    est = CN.with_estimates()
    due = WorkingDays(10).due(received(2026, 12, 18, 10), est)
    assert due.due_at.date() == D(2027, 1, 4)
    assert due.estimated
    r = est.describe(D(2027, 2, 9))
    assert r.code == "workdays.estimated"
    assert r.en.startswith("2027-02-09 is an in-lieu rest day: Spring Festival (in lieu of")
    assert "estimated: no official arrangement after 2026-12-31" in r.en
    assert "估算" in r.zh
    assert "春节（补假）" in r.zh
    assert str(r.source) == "全国年节及纪念日放假办法 第二条、第六条 (estimate)"
    # No make-up working days in an estimated year.
    assert not any(est.day_kind(D(2027, 1, 1) + dt.timedelta(days=k)) == M for k in range(365))
    # The notice replaces the estimate, no code change: 31 January 2027 becomes a make-up day.
    assert est.day_kind(D(2027, 1, 31)) == W
    noticed = WorkCalendar.china(notices=[SYNTHETIC_2027], beyond_horizon="estimate")
    assert noticed.day_kind(D(2027, 1, 31)) == M
    assert not noticed.is_estimated(D(2027, 12, 31))
    assert noticed.is_estimated(D(2028, 1, 1))
    assert noticed.last == D(2031, 12, 31)  # four estimate years after the notice's year


def test_a_notice_wins_over_the_estimate_too() -> None:
    # A variant of the synthetic notice whose Labour Day is 1-3 May only: the estimate had
    # Tuesday 4 May 2027 as 补假 for Sunday 2 May; the notice makes it an ordinary day.
    variant = SYNTHETIC_2027.replace(
        "5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。",
        "5月1日（周六）至3日（周一）放假，共3天。",
    )
    cal = WorkCalendar.china(notices=[variant])
    assert CN.with_estimates().day_kind(D(2027, 5, 4)) == L
    assert cal.day_kind(D(2027, 5, 4)) == WK
    r = cal.describe(D(2027, 5, 4))
    assert r.en == (
        "2027-05-04 is a working day: not a holiday by the notice (the estimate had "
        "Labour Day (in lieu of a weekend day))"
    )
    assert r.zh == "2027-05-04 为工作日：通知未安排（估算 原为劳动节（补假））"
