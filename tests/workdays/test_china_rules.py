"""The statutory-day rules, lunar anchors, kinds and the notice lexer's corners."""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.workdays import DayKind, Festival, parse_notice, statutory_days
from qmscore.workdays.china import REVISIONS, festival_named, lunar_anchor, revision_for

D = dt.date


@pytest.mark.parametrize(
    ("year", "first_year"),
    # each revision governs from its first full year; the boundary on each side
    [(2007, 2000), (2008, 2008), (2013, 2008), (2014, 2014), (2024, 2014), (2025, 2025)],
)
def test_revision_boundaries(year: int, first_year: int) -> None:
    assert revision_for(year).first_year == first_year


def test_statutory_days_by_revision() -> None:
    # 正月初一: 2007-02-18, 2013-02-10, 2014-01-31, 2024-02-10, 2025-01-29 (known dates).
    spring = {
        y: sorted(d for d, f in statutory_days(y).items() if f.key == "spring_festival")
        for y in (2007, 2013, 2014, 2024, 2025)
    }
    assert spring[2007] == [D(2007, 2, 18), D(2007, 2, 19), D(2007, 2, 20)]  # 初一-初三
    assert spring[2013] == [D(2013, 2, 9), D(2013, 2, 10), D(2013, 2, 11)]  # 除夕-初二
    assert spring[2014] == [D(2014, 1, 31), D(2014, 2, 1), D(2014, 2, 2)]  # 初一-初三
    assert spring[2024] == [D(2024, 2, 10), D(2024, 2, 11), D(2024, 2, 12)]
    assert spring[2025] == [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)]
    labour = {
        y: sorted(d for d, f in statutory_days(y).items() if f.key == "labour_day")
        for y in (2007, 2008, 2024, 2025)
    }
    assert labour == {
        2007: [D(2007, 5, 1), D(2007, 5, 2), D(2007, 5, 3)],
        2008: [D(2008, 5, 1)],
        2024: [D(2024, 5, 1)],
        2025: [D(2025, 5, 1), D(2025, 5, 2)],
    }
    # No 清明/端午/中秋 before 2008; 11 statutory days 2008-2024 (13 in 2025, 10 in 2007).
    assert len(statutory_days(2007)) == 10
    assert len(statutory_days(2008)) == 11
    assert len(statutory_days(2025)) == 13
    # 中秋 2020 fell on 1 October: one day, named 国庆节.
    assert statutory_days(2020)[D(2020, 10, 1)].key == "national_day"
    assert len(statutory_days(2020)) == 10
    # The one-off 2015 victory day, and without it.
    assert D(2015, 9, 3) in statutory_days(2015)
    assert D(2015, 9, 3) not in statutory_days(2015, special=False)
    assert [r.first_year for r in REVISIONS] == [2000, 2008, 2014, 2025]


def test_lunar_anchors_and_bad_years() -> None:
    assert lunar_anchor("lunar_new_year", 2027) == D(2027, 2, 6)
    assert lunar_anchor("qingming", 2027) == D(2027, 4, 5)
    with pytest.raises(InvalidInputError, match="'anchor' must be one of"):
        lunar_anchor("easter", 2027)  # type: ignore[arg-type]
    for bad in (1999, 2101, "2025", 2025.0, True):
        with pytest.raises(
            InvalidInputError, match=r"'year' must be an integer year in 2000\.\.2100"
        ):
            statutory_days(bad)  # type: ignore[arg-type]


def test_festivals() -> None:
    assert str(festival_named("国庆节")) == "国庆节"
    assert festival_named("新年").en == "New Year's Day"
    assert festival_named("植树节") == Festival("植树节", "植树节", "植树节")
    victory = festival_named("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日")
    assert victory.key == "victory_day_2015"


def test_day_kind_labels_and_lookup() -> None:
    assert [k.works for k in DayKind] == [True, False, False, False, True, False, True]
    assert DayKind.IN_LIEU_REST.en == "an in-lieu rest day"
    assert DayKind.IN_LIEU_REST.label == "in-lieu rest day"
    assert DayKind.MAKEUP_WORKDAY.zh == "调休上班日"
    with pytest.raises(InvalidInputError, match="'kind' must be one of"):
        DayKind("holiday")
    with pytest.raises(InvalidInputError, match="'kind' must be a single value"):
        DayKind("Kinds", "a b")  # type: ignore[call-overload]


def test_lexer_corners() -> None:
    # Issue dates that do not read as dates stay as printed, without issued_on.
    for printed in ("2024-11-12", "某年某月某日", "2024年2月30日"):
        a = parse_notice(f"# issued: {printed} ; number: x\n一、元旦：1月1日放假。", year=2025)
        assert a.source.issued == printed
        assert a.source.issued_on is None
    # A comment line, an unknown annotation word, a weekday range annotation on a span.
    a = parse_notice(
        "# 注释\n二、春节：2月6日—12日（周三至周二）放假，共7天。其中，2月6日（国际）为法定节假日。",
        year=2008,
    )
    assert len(a.holidays) == 7
    # Lunar days 正月十五 and 廿一 are checked too (正月初一 2008 is 7 February).
    assert parse_notice("一、元宵：2月21日（正月十五）放假。", year=2008).holidays == (
        D(2008, 2, 21),
    )
    with pytest.raises(InvalidInputError, match="正月廿一 of 2008 is 2008-02-27"):
        parse_notice("一、元宵：2月21日（正月廿一）放假。", year=2008)
    # Work resumes after the days off: accepted.
    assert parse_notice("一、元旦：1月1日放假，1月2日起正常上班。", year=2025).holidays == (
        D(2025, 1, 1),
    )


def test_amendment_corners() -> None:
    base = parse_notice("二、春节：1月24日至26日放假。", year=2020)
    # An extension over 正月初三 (27 January 2020): statutory, then in-lieu.
    longer = base.amend("延长2020年春节假期至1月28日。")
    assert [longer.kind(D(2020, 1, d)) for d in (27, 28)] == [
        DayKind.STATUTORY_HOLIDAY,
        DayKind.IN_LIEU_REST,
    ]
    # A heading naming no item of the year: the overlap decides, the heading names it.
    renamed = base.amend("一、元宵：1月24日至27日放假。")
    assert [i.number for i in renamed.items] == [2]
    assert renamed.items[0].festivals[0].zh == "元宵"
