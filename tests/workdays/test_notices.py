"""parse_notice: each wording the notices have used, the checks, amendments, bad input.

Expected kinds are worked out by hand in the comments: the statutory days come
from 全国年节及纪念日放假办法 (2007 revision for 2008-2013: 除夕、初一、初二;
2013 revision for 2014-2024: 初一-初三; 2024 revision from 2025: 除夕 and
初一-初三, 劳动节 1-2 May), the weekdays from the calendar.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.serialization import from_json, to_json
from qmscore.workdays import Arrangement, DayKind, parse_notice

D = dt.date
S, L, W, M = (
    DayKind.STATUTORY_HOLIDAY,
    DayKind.IN_LIEU_REST,
    DayKind.WEEKEND,
    DayKind.MAKEUP_WORKDAY,
)


def kinds(a: Arrangement) -> dict[str, DayKind]:
    return {d.date.isoformat(): d.kind for d in a.days}


def test_span_with_a_later_date_without_its_month_2010() -> None:
    a = parse_notice(
        "二、春节：2月13日至19日放假调休，共7天。2月20日（星期六）、21日（星期日）上班。",
        year=2010,
    )
    # 2010-02-13 is a Saturday (1 January 2010 was a Friday; 43 days later).
    # 正月初一 2010 is 14 February, so 除夕 13, 初一 14, 初二 15 are statutory (2008-2013 rules);
    # 16-19 (Tuesday-Friday) are in-lieu; "21日" takes the month of 2月20日.
    assert kinds(a) == {
        "2010-02-13": S,
        "2010-02-14": S,
        "2010-02-15": S,
        "2010-02-16": L,
        "2010-02-17": L,
        "2010-02-18": L,
        "2010-02-19": L,
        "2010-02-20": M,
        "2010-02-21": M,
    }
    assert a.working_days == (D(2010, 2, 20), D(2010, 2, 21))
    assert {d.festival.zh for d in a.days} == {"春节"}
    assert {d.item for d in a.days} == {2}
    assert a.days[0].item_zh == "二"
    assert a.items[0].label == "item 二 (春节)"


def test_2008_verbose_style_across_the_year_with_a_dash() -> None:
    a = parse_notice(
        "一、元旦：2007年12月30日—2008年1月1日放假，共3天。其中，1月1日（星期二）为法定节假日，"
        "12月30日（星期日）为公休日，12月29日（星期六）公休日调至12月31日（星期一），"
        "12月29日（星期六）上班。",
        year=2008,
    )
    # "12月30日" without a year sits next to 2007年12月30日: it is 2007-12-30.
    assert kinds(a) == {
        "2007-12-29": M,
        "2007-12-30": W,  # Sunday
        "2007-12-31": L,  # Monday, the Saturday moved here
        "2008-01-01": S,
    }
    assert a.first == D(2007, 12, 29)
    # Without any year: a span from December to January starts the year before.
    b = parse_notice("一、元旦：12月30日至1月1日放假。", year=2019)
    assert b.holidays == (D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1))


def test_2008_national_day_implied_make_up_days() -> None:
    a = parse_notice(
        "七、国庆节：9月29日—10月5日放假，共7天。其中，10月1日、2日、3日为法定节假日，"
        "9月27日（星期六）、9月28日（星期日）两个公休日调至9月29日（星期一）、30日（星期二），"
        "10月4日（星期六）、5日（星期日）照常公休。",
        year=2008,
    )
    # No "上班" sentence: the two weekends moved out of the span are worked.
    assert a.working_days == (D(2008, 9, 27), D(2008, 9, 28))
    assert kinds(a)["2008-09-29"] == L
    assert [kinds(a)[f"2008-10-0{d}"] for d in range(1, 6)] == [S, S, S, W, W]


def test_2008_spring_festival_range_annotation_is_checked() -> None:
    text = (
        "二、春节：2月6日—12日（农历除夕至正月初六）放假，共7天。其中，2月6日（除夕）、"
        "2月7日（春节）、2月8日（正月初二）为法定节假日。"
    )
    a = parse_notice(text, year=2008)  # 正月初一 2008 is 7 February
    assert len(a.holidays) == 7
    with pytest.raises(InvalidInputError, match="正月初五 of 2008 is 2008-02-11"):
        parse_notice(text.replace("正月初六", "正月初五"), year=2008)


def test_in_lieu_with_bu_xiu_and_weekend_linking() -> None:
    a = parse_notice("三、清明节：4月5日放假，4月7日（星期一）补休。", year=2014)
    # 清明 2014 was Saturday 5 April (statutory); 7 April is the in-lieu Monday.
    assert kinds(a) == {"2014-04-05": S, "2014-04-07": L}
    b = parse_notice("一、元旦：1月1日放假，与周末连休。", year=2016)
    assert kinds(b) == {"2016-01-01": S}  # a Friday; the weekend is not named
    c = parse_notice("一、元旦：1月1日（周三）放假1天，不调休。", year=2025)
    assert kinds(c) == {"2025-01-01": S}


def test_2025_zhou_on_span_ends_lunar_notes_and_two_festivals() -> None:
    a = parse_notice(
        "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。"
        "1月26日（周日）、2月8日（周六）上班。\n"
        "六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。"
        "9月28日（周日）、10月11日（周六）上班。",
        year=2025,
    )
    # 2025 rules: 除夕 (28 Jan) and 初一-初三 (29-31 Jan) statutory; 1-2 Feb a weekend.
    assert [kinds(a)[f"2025-01-{d}"] for d in (26, 28, 29, 30, 31)] == [M, S, S, S, S]
    assert [kinds(a)[f"2025-02-0{d}"] for d in (1, 2, 3, 4, 8)] == [W, W, L, L, M]
    # 中秋 2025 is 6 October: statutory, named 中秋节; the others carry both names.
    oct6, oct7 = a.day(D(2025, 10, 6)), a.day(D(2025, 10, 7))
    assert oct6 is not None
    assert oct6.kind == S
    assert oct6.festival.zh == "中秋节"
    assert oct7 is not None
    assert oct7.kind == L
    assert oct7.festival.zh == "国庆节、中秋节"
    assert oct7.festival.en == "National Day and Mid-Autumn Festival"
    assert a.day(D(2025, 10, 1)).festival.en == "National Day"  # type: ignore[union-attr]
    assert a.day(D(2025, 12, 1)) is None
    assert a.kind(D(2025, 12, 1)) is None


def test_year_from_the_items_when_no_header_says_it() -> None:
    a = parse_notice(
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。"
    )
    assert a.year == 2019
    assert kinds(a) == {"2018-12-29": M, "2018-12-30": W, "2018-12-31": L, "2019-01-01": S}


def test_wordings_seen_only_in_copies() -> None:
    # Press copies: "（即农历除夕至正月初六）" and "-" for "—"; 2011's "（农历除夕）至8日".
    a = parse_notice("二、春节：2月6日-12日（即农历除夕至正月初六）放假，共7天。", year=2008)
    assert len(a.holidays) == 7
    b = parse_notice("二、春节：2月2日（农历除夕）至8日放假调休，共7天。", year=2011)
    assert b.holidays[0] == D(2011, 2, 2)


def test_plain_numbering_headers_and_a_heading_less_item() -> None:
    a = parse_notice(
        "国务院办公厅关于2020年部分节假日安排的通知\n"
        "国办发明电〔2019〕16号\n"
        "经国务院批准，现将2020年元旦、春节…放假调休日期的具体安排通知如下。\n"
        "1. 元旦：2020年1月1日放假，共1天。\n"
        "(二)春节：1月24日至30日放假调休，共7天。\n"
        "3、4月4日至6日放假调休，共3天。\n"
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。\n"
        "国务院办公厅\n"
        "2019年11月21日\n"
    )
    assert a.year == 2020
    assert a.source.title == "国务院办公厅关于2020年部分节假日安排的通知"
    assert a.source.number == "国办发明电〔2019〕16号"
    assert a.source.issued_on == D(2019, 11, 21)
    assert [i.number for i in a.items] == [1, 2, 3]
    # Item 3 names no festival: 4 April 2020 is 清明, a statutory day it covers.
    assert a.items[2].festivals[0].zh == "清明节"
    assert (
        a.source.cite(2020)
        == "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）"
    )


def test_header_lines_wrapped_items_and_a_printed_date() -> None:
    a = parse_notice(
        "# year: 2010\n# title: 国务院办公厅关于2010年部分节假日安排的通知\n"
        "# issued: 二○○九年十二月七日 ; number: 国办发明电〔2009〕27号\n"
        "二、春节：2月13日至19日放假调休，共7天。\n"
        "2月20日（星期六）、21日（星期日）上班。\n"
    )
    assert a.working_days == (D(2010, 2, 20), D(2010, 2, 21))
    assert a.source.issued_on == D(2009, 12, 7)
    assert parse_notice(
        "# issued: unknown ; number: unknown\n一、元旦：1月1日放假。", year=2024
    ).source == (parse_notice("一、元旦：1月1日放假。", year=2024).source)
    assert parse_notice("一、元旦：1月1日放假。", year=2024).source.cite(2024) == (
        "国务院办公厅关于2024年部分节假日安排的通知"
    )


def test_arrangements_are_values() -> None:
    a = parse_notice("一、元旦：1月1日（周三）放假1天，不调休。", year=2025)
    assert pickle.loads(pickle.dumps(a)) == a
    assert from_json(to_json(a), Arrangement) == a
    assert str(DayKind.WEEKEND) == "weekend"
    assert DayKind("weekend") is W


# -- the checks (item 2 of the issue): each names the item and both facts ------------------

BAD = [
    # weekday annotation vs date: 2010-02-20 is a Saturday
    (2010, "二、春节：2月13日至19日放假调休，共7天。2月20日（星期日）、21日（星期日）上班。",
     ["item 二 (春节)", "says 星期日", "2010-02-20 is a 星期六"]),
    # 共N天 vs the span: 13-19 February is 7 days
    (2010, "二、春节：2月13日至19日放假调休，共6天。", ["item 二 (春节)", "says 6 days", "spans 7"]),
    (2025, "一、元旦：1月1日放假2天。", ["item 一 (元旦)", "says 2 days", "spans 1"]),
    # a date both off and working
    (2010, "二、春节：2月13日至20日放假调休，共8天。2月20日（星期六）上班。",
     ["item 二", "2010-02-20 is both a day off", "and a working day"]),
    # a make-up day on a weekday: 2010-02-22 is a Monday
    (2010, "二、春节：2月13日至19日放假调休，共7天。2月22日上班。",
     ["item 二", "make-up working day", "星期一 (Monday), not a weekend"]),
    # a date off in one item and working in another
    (2025, "一、元旦：1月4日放假。\n二、春节：1月4日（周六）上班。",
     ["item 二 (春节)", "2025-01-04 is a working day here but a day off in item 一"]),
    # 补休 must be a weekday
    (2014, "三、清明节：4月5日放假，4月6日补休。", ["item 三", "补休 day but falls on a weekend"]),
    # a lunar annotation: 除夕 2011 is 2 February
    (2011, "二、春节：2月3日（农历除夕）至8日放假调休，共6天。", ["item 二", "除夕 of 2011 is 2011-02-02"]),
    (2025, "一、元旦：1月2日（新年）放假。", ["item 一", "新年 of 2025 is 2025-01-01"]),
    # clauses the grammar cannot read are refused, not skipped
    (2025, "一、元旦：1月1日放假，另行通知。", ["item 一 (元旦)", "cannot read '另行通知'"]),
    (2025, "一、元旦：1月1日至3日休息。", ["item 一", "cannot read"]),
    (2025, "一、元旦：13日放假。", ["item 一", "'13日' has no month"]),
    (2025, "二、春节：2月30日放假。", ["item 二", "'2月30日' is not a date"]),
    (2025, "二、春节：2月13日至2月10日放假。", ["item 二", "ends before it starts"]),
    (2025, "一、元旦：2030年1月1日放假。", ["item 一", "is in 2030, not in 2025"]),
    (2025, "一、元旦：1月1日（周三至周四）放假。", ["item 一", "annotates a span on a single date"]),
    (2025, "一、元旦：共3天。", ["item 一", "no span precedes it"]),
    (2008, "一、元旦：1月1日放假。其中，1月2日为法定节假日。", ["item 一", "2008-01-02 is named", "not a day off"]),
    (2008, "一、元旦：1月1日放假。其中，1月2日（星期三）为公休日。", ["item 一", "called a weekend"]),
    (2008, "一、元旦：1月1日放假。1月2日（星期三）公休日调至1月1日。", ["item 一", "moved as a weekend"]),
    (2025, "一、元旦：1月1日放假，1月1日起正常上班。", ["item 一", "work resumes on 2025-01-01"]),
    (2020, "二、春节：延长2020年春节假期至2月2日。", ["item 二", "amending notice"]),
    (2025, "一、元旦：1月6日放假。\n二、无名：1月6日放假。", ["item 二 (无名)", "2025-01-06 is a day off here but a day off in item 一"]),
]  # fmt: skip


@pytest.mark.parametrize(("year", "text", "fragments"), BAD)
def test_a_disagreement_names_the_item_and_both_facts(
    year: int, text: str, fragments: list[str]
) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_notice(text, year=year)
    for fragment in fragments:
        assert fragment in str(info.value)
    assert str(info.value.field).startswith("notice ")


BAD_INPUT = [
    ({"text": 42}, InvalidTypeError, "'text' must be a non-empty string"),
    ({"text": "   "}, InvalidInputError, "'text' must be a non-empty string"),
    ({"text": "x" * 200_001}, InvalidInputError, "at most 200000 characters"),
    ({"text": "hello"}, InvalidInputError, "numbered items"),
    ({"text": "一、元旦：1月1日放假。"}, InvalidInputError, "'year' must be given"),
    ({"text": "一、元旦：1月1日放假。", "year": 1999}, InvalidInputError, "'year' must be >= 2000"),
    ({"text": "一、元旦：1月1日放假。", "year": "2025"}, InvalidTypeError, "'year' must be an integer"),
    ({"text": "# year: 2025\n一、元旦：1月1日放假。", "year": 2024}, InvalidInputError, "'year' is 2024 but the notice says 2025"),
    ({"text": "一、元旦：1月1日放假。\n一、春节：1月2日放假。", "year": 2025}, InvalidInputError, "items numbered once each"),
    ({"text": "一、元旦：。", "year": 2025}, InvalidInputError, "a notice that arranges days of 2025"),
    ({"text": "一、1月6日放假。", "year": 2025}, InvalidInputError, "names no festival and covers no statutory day"),
    ({"text": "一、元旦：1月1日放假。", "year": 2025, "amends": "x"}, InvalidInputError, "'amends' must be an Arrangement"),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "error", "fragment"), BAD_INPUT)
def test_bad_input(kwargs: dict[str, object], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        parse_notice(**kwargs)  # type: ignore[arg-type]
    assert fragment in str(info.value)


# -- amendments (item 3) -------------------------------------------------------------------

LABOUR_2019 = (
    "# issued: 2019年3月22日 ; number: 国办发明电〔2019〕3号\n"
    "2019年5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。"
)
SPRING_2020 = "延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。"
VICTORY_2015 = (
    "9月3日至5日调休放假，共3天。其中9月3日（星期四）放假，9月4日（星期五）调休，"
    "9月6日（星期日）上班。"
)


def test_2019_labour_day_amendment_replaces_the_item() -> None:
    base = parse_notice(
        "三、清明节：4月5日放假，与周末连休。\n四、劳动节：5月1日放假。", year=2019
    )
    a = base.amend(LABOUR_2019)
    # 2019-05-01 is a Wednesday: 1 May statutory (2014-2024 rules: 1 day), 2-3 May in-lieu,
    # 4 May Saturday; 28 April and 5 May are Sundays, worked.
    assert {k: v for k, v in kinds(a).items() if k > "2019-04-10"} == {
        "2019-04-28": M,
        "2019-05-01": S,
        "2019-05-02": L,
        "2019-05-03": L,
        "2019-05-04": W,
        "2019-05-05": M,
    }
    assert {d.item for d in a.days if d.date.month == 5} == {4}
    assert a.sources[0] == base.source
    assert a.sources[1].number == "国办发明电〔2019〕3号"
    assert parse_notice(LABOUR_2019, amends=base) == a
    assert a.kind(D(2019, 4, 5)) == S  # the other item is untouched


def test_2020_extension_cancels_a_make_up_day_inside_it() -> None:
    base = parse_notice(
        "二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。",
        year=2020,
    )
    a = base.amend(SPRING_2020)
    # 正月初一 2020 is 25 January, so 初九 is 2 February, a Sunday.
    assert a.holidays == tuple(D(2020, 1, 24) + dt.timedelta(days=k) for k in range(10))
    assert a.working_days == (D(2020, 1, 19),)
    assert [kinds(a)[d] for d in ("2020-01-31", "2020-02-01", "2020-02-02")] == [L, W, W]


def test_2015_victory_day_adds_an_item_named_by_its_title() -> None:
    base = parse_notice("六、中秋节：9月27日放假。", year=2015)
    titled = base.amend(
        "# title: 国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知\n"
        + VICTORY_2015
    )
    # 3 September 2015 is a Thursday: declared 放假 (a holiday for everyone), 4 September
    # the in-lieu Friday, 5 September a Saturday, 6 September a Sunday worked.
    assert {k: v for k, v in kinds(titled).items() if k < "2015-09-10"} == {
        "2015-09-03": S,
        "2015-09-04": L,
        "2015-09-05": W,
        "2015-09-06": M,
    }
    new = titled.items[-1]
    assert new.number == 7
    assert new.festivals[0].zh == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    # Without the title, the statutory day it covers names the new item.
    plain = base.amend(VICTORY_2015)
    assert plain.items[-1].festivals == new.festivals
    # A day that is no statutory day and no named festival: a special arrangement.
    other = base.amend("10月8日放假。")
    assert other.day(D(2015, 10, 8)).festival.en == "special holiday arrangement"  # type: ignore[union-attr]


def test_an_amending_item_with_a_heading_replaces_that_festival() -> None:
    base = parse_notice("四、劳动节：5月1日放假。", year=2019)
    a = base.amend(
        "一、劳动节：5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。"
    )
    assert a.holidays == tuple(D(2019, 5, d) for d in (1, 2, 3, 4))
    assert [i.number for i in a.items] == [4]


BAD_AMENDMENTS = [
    ("延长2019年春节假期至2月12日。", "extends 春节, which no item of 2019 arranges"),
    ("延长2019年劳动节假期至4月30日。", "already ends 2019-05-01"),
    ("延长2019年劳动节假期至5月3日，5月2日起正常上班。", "work resumes on 2019-05-02"),
    ("延长2019年劳动节假期至5月5日。", "2019-05-05 is in item 五"),
    ("# year: 2018\n5月1日至4日放假调休。", "for 2018 but the arrangement is for 2019"),
    ("经国务院批准，现将有关事项通知如下。", "an amending notice with operative sentences"),
    ("4月30日至5月6日放假调休。", "overlaps items [4, 5]"),
    ("一、劳动节：5月1日至5日放假。", "2019-05-05 is also in item 五"),
    ("5月3日放假，5月3日上班。", "both a day off"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_AMENDMENTS)
def test_bad_amendments(text: str, fragment: str) -> None:
    base = parse_notice("四、劳动节：5月1日放假。\n五、端午节：5月5日放假。", year=2019)
    with pytest.raises(InvalidInputError) as info:
        base.amend(text)
    assert fragment in str(info.value)
