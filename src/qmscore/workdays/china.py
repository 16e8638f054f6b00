"""China's festivals and statutory days (全国年节及纪念日放假办法), as data.

Which days off are *statutory* (法定节假日, 300% overtime pay) is fixed by
全国年节及纪念日放假办法 (National Festivals and Memorial Days Holiday Measures),
as revised over time; the yearly State Council notice then adds in-lieu rest
days (调休) and make-up working days around them. The revisions, each from its
first full year:

============  ===========================================================
from 2000     1999 revision (国务院令第270号): 元旦 1 Jan; 春节 正月初一-初三;
              劳动节 1-3 May; 国庆节 1-3 Oct
from 2008     2007 revision (国务院令第513号, in force 2008-01-01): 春节
              除夕、初一、初二; 清明节, 端午节, 中秋节 added (1 day each);
              劳动节 1 May only
from 2014     2013 revision (国务院令第644号, in force 2014-01-01): 春节
              正月初一-初三 again
from 2025     2024 revision (国务院令第795号, in force 2025-01-01): 春节
              除夕 and 正月初一-初三; 劳动节 1-2 May
============  ===========================================================

Lunar dates (除夕, 正月初一, 端午, 中秋) and 清明 come from a table generated from
the ``holidays`` package's lunisolar tables (``_china_data.ANCHORS``, years
2000-2100; ``nox -s regen`` rewrites it and a test checks it against ``holidays``).

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays.china import statutory_days
    >>> days = statutory_days(2025)
    >>> days[dt.date(2025, 1, 28)].zh, days[dt.date(2025, 5, 2)].en
    ('春节', 'Labour Day')
    >>> dt.date(2024, 2, 9) in statutory_days(2024)   # 2024: 除夕 was not statutory
    False
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Source
from qmscore.workdays.kinds import DayKind

__all__ = [
    "FESTIVALS",
    "REVISIONS",
    "SPECIAL_DAYS",
    "Festival",
    "Revision",
    "StatutoryDay",
    "estimated_days",
    "festival_named",
    "lunar_anchor",
    "revision_for",
    "statutory_days",
]


@display
@attrs.frozen
class Festival:
    """A festival (or an occasion an arrangement names), in Chinese and English.

    Attributes:
        key: Stable identifier (``"spring_festival"``; the Chinese name for one
            we do not know).
        zh: Chinese name as the notices write it, e.g. ``"春节"``.
        en: English name.
    """

    key: str
    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


FESTIVALS: dict[str, Festival] = {
    f.key: f
    for f in (
        Festival("new_year", "元旦", "New Year's Day"),
        Festival("spring_festival", "春节", "Spring Festival"),
        Festival("qingming", "清明节", "Tomb-Sweeping Day"),
        Festival("labour_day", "劳动节", "Labour Day"),
        Festival("dragon_boat", "端午节", "Dragon Boat Festival"),
        Festival("mid_autumn", "中秋节", "Mid-Autumn Festival"),
        Festival("national_day", "国庆节", "National Day"),
    )
}
"""The seven festivals of 全国年节及纪念日放假办法 article 2, by key."""

# How the notices' headings name them (after quotes are removed).
_ALIASES = {
    "元旦": "new_year",
    "新年": "new_year",
    "春节": "spring_festival",
    "清明节": "qingming",
    "清明": "qingming",
    "劳动节": "labour_day",
    "五一劳动节": "labour_day",
    "五一国际劳动节": "labour_day",
    "国际劳动节": "labour_day",
    "端午节": "dragon_boat",
    "端午": "dragon_boat",
    "中秋节": "mid_autumn",
    "中秋": "mid_autumn",
    "国庆节": "national_day",
    "国庆": "national_day",
}


def festival_named(name: str) -> Festival:
    """The festival a heading names; an unknown name becomes its own festival.

    Example:
        >>> from qmscore.workdays.china import festival_named
        >>> festival_named("“五一”国际劳动节").key
        'labour_day'
    """
    plain = name.strip().replace("“", "").replace("”", "").replace('"', "")
    key = _ALIASES.get(plain)
    if key is not None:
        return FESTIVALS[key]
    for festival, _source in SPECIAL_DAYS.values():
        if plain == festival.zh:
            return festival
    return Festival(plain, plain, plain)


Anchor = Literal["gregorian", "lunar_new_year", "qingming", "dragon_boat", "mid_autumn"]


@attrs.frozen
class StatutoryDay:
    """One statutory day of a revision: a fixed date, or a lunar anchor plus an offset.

    Attributes:
        festival: Festival key.
        anchor: ``"gregorian"`` (``month``/``day``) or a lunar/solar-term anchor.
        month: Month of a fixed date.
        day: Day of a fixed date.
        offset: Days after the anchor (除夕 is -1 from 正月初一).
        zh: How the measures name the day, e.g. ``"农历除夕"``.
    """

    festival: str
    anchor: Anchor
    month: int = 0
    day: int = 0
    offset: int = 0
    zh: str = ""


@attrs.frozen
class Revision:
    """A revision of 全国年节及纪念日放假办法 and the statutory days it fixes.

    Attributes:
        first_year: First calendar year it governs entirely.
        days: Its statutory days.
        source: The State Council order.
    """

    first_year: int
    days: tuple[StatutoryDay, ...]
    source: Source


def _fixed(festival: str, month: int, day: int) -> StatutoryDay:
    return StatutoryDay(festival, "gregorian", month, day, zh=f"{month}月{day}日")


_NEW_YEAR = _fixed("new_year", 1, 1)
_EVE = StatutoryDay("spring_festival", "lunar_new_year", offset=-1, zh="农历除夕")
_FIRST = StatutoryDay("spring_festival", "lunar_new_year", offset=0, zh="正月初一")
_SECOND = StatutoryDay("spring_festival", "lunar_new_year", offset=1, zh="正月初二")
_THIRD = StatutoryDay("spring_festival", "lunar_new_year", offset=2, zh="正月初三")
_QINGMING = StatutoryDay("qingming", "qingming", zh="农历清明当日")
_DRAGON = StatutoryDay("dragon_boat", "dragon_boat", zh="农历端午当日")
_MOON = StatutoryDay("mid_autumn", "mid_autumn", zh="农历中秋当日")
_LABOUR = tuple(_fixed("labour_day", 5, d) for d in (1, 2, 3))
_NATIONAL = tuple(_fixed("national_day", 10, d) for d in (1, 2, 3))
_MEASURES = "全国年节及纪念日放假办法"

REVISIONS: tuple[Revision, ...] = (
    Revision(
        2000,
        (_NEW_YEAR, _FIRST, _SECOND, _THIRD, *_LABOUR[:3], *_NATIONAL),
        Source(_MEASURES, clause="第二条", note="1999年修订，国务院令第270号（1999-09-18施行）"),
    ),
    Revision(
        2008,
        (_NEW_YEAR, _EVE, _FIRST, _SECOND, _QINGMING, _LABOUR[0], _DRAGON, *_NATIONAL, _MOON),
        Source(_MEASURES, clause="第二条", note="2007年修订，国务院令第513号（2008-01-01施行）"),
    ),
    Revision(
        2014,
        (_NEW_YEAR, _FIRST, _SECOND, _THIRD, _QINGMING, _LABOUR[0], _DRAGON, *_NATIONAL, _MOON),
        Source(_MEASURES, clause="第二条", note="2013年修订，国务院令第644号（2014-01-01施行）"),
    ),
    Revision(
        2025,
        (
            _NEW_YEAR,
            _EVE,
            _FIRST,
            _SECOND,
            _THIRD,
            _QINGMING,
            *_LABOUR[:2],
            _DRAGON,
            *_NATIONAL,
            _MOON,
        ),
        Source(_MEASURES, clause="第二条", note="2024年修订，国务院令第795号（2025-01-01施行）"),
    ),
)
"""The revisions in force, oldest first; each governs from ``first_year`` on."""

_FIRST_YEAR = REVISIONS[0].first_year
_LAST_YEAR = 2100  # the lunisolar tables of ``holidays`` end here


def _check_year(year: object) -> int:
    if type(year) is not int or not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise InvalidInputError.constraint(
            "year", f"an integer year in {_FIRST_YEAR}..{_LAST_YEAR}", year
        )
    return year


def revision_for(year: int) -> Revision:
    """The revision of the measures that governs ``year``."""
    year = _check_year(year)
    return [r for r in REVISIONS if r.first_year <= year][-1]


def lunar_anchor(anchor: Anchor, year: int) -> dt.date:
    """The date of a lunar (or solar-term) anchor in a Gregorian year.

    ``"lunar_new_year"`` is 正月初一, ``"qingming"`` the 清明 solar term,
    ``"dragon_boat"`` 五月初五, ``"mid_autumn"`` 八月十五. The dates come from
    ``_china_data.ANCHORS``, generated from the lunisolar tables of ``holidays``
    (no ``holidays`` import).

    Example:
        >>> from qmscore.workdays.china import lunar_anchor
        >>> lunar_anchor("lunar_new_year", 2025), lunar_anchor("mid_autumn", 2025)
        (datetime.date(2025, 1, 29), datetime.date(2025, 10, 6))
    """
    from qmscore.workdays._china_data import ANCHORS

    year = _check_year(year)
    column = _ANCHOR_COLUMNS.get(anchor) if isinstance(anchor, str) else None
    if column is None:
        raise InvalidInputError.constraint("anchor", f"one of {sorted(_ANCHOR_COLUMNS)}", anchor)
    return dt.date.fromisoformat(ANCHORS[year][column])


# The columns of _china_data.ANCHORS (generated from holidays' lunisolar tables).
_ANCHOR_COLUMNS = {"lunar_new_year": 0, "qingming": 1, "dragon_boat": 2, "mid_autumn": 3}


_VICTORY_70 = Festival(
    "victory_day_2015",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    "70th anniversary of the victory in the War of Resistance against Japanese Aggression",
)

SPECIAL_DAYS: dict[dt.date, tuple[Festival, Source]] = {
    dt.date(2015, 9, 3): (
        _VICTORY_70,
        Source(
            "国发明电〔2015〕1号",
            note="2015-05-13: 9月3日放假 for everyone (9月4日调休, 9月6日上班); read as a "
            "statutory day because the notice declares it 放假, not 调休",
            confidence="unverified",
        ),
    ),
}
"""One-off days off for everyone decided by the State Council outside the measures."""


def statutory_days(year: int, *, special: bool = True) -> dict[dt.date, Festival]:
    """Every statutory day of ``year`` (2000-2100) with its festival.

    ``special`` adds the one-off days of :data:`SPECIAL_DAYS` (2015-09-03).

    Example:
        >>> from qmscore.workdays.china import statutory_days
        >>> sorted(d.isoformat() for d, f in statutory_days(2014).items()
        ...        if f.key == "spring_festival")
        ['2014-01-31', '2014-02-01', '2014-02-02']
    """
    revision = revision_for(year)
    anchors: dict[str, dt.date] = {}
    out: dict[dt.date, Festival] = {}
    for rule in revision.days:
        if rule.anchor == "gregorian":
            day = dt.date(year, rule.month, rule.day)
        else:
            if rule.anchor not in anchors:
                anchors[rule.anchor] = lunar_anchor(rule.anchor, year)
            day = anchors[rule.anchor] + dt.timedelta(days=rule.offset)
        # 中秋 may fall on 1-3 October: the day is one statutory day, named 国庆节.
        out.setdefault(day, FESTIVALS[rule.festival])
    if special:
        out.update({d: f for d, (f, _src) in SPECIAL_DAYS.items() if d.year == year})
    return out


def estimated_days(year: int) -> dict[dt.date, tuple[DayKind, Festival]]:
    """A year without a notice, estimated: its statutory days and their 补假.

    Article 6 of the measures: a statutory day that falls on a Saturday or
    Sunday is made up on a working day (补假); here, the next weekday not
    already off. Make-up working days (调休上班) cannot be estimated: a notice
    decides them.

    Example:
        >>> from qmscore.workdays.china import estimated_days
        >>> est = estimated_days(2027)   # 春节: 除夕 2月5日 (Friday) to 初三 2月8日
        >>> [(d.isoformat(), str(k)) for d, (k, f) in sorted(est.items()) if d.month == 2]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('2027-02-05', 'statutory_holiday'), ('2027-02-06', 'statutory_holiday'),
         ('2027-02-07', 'statutory_holiday'), ('2027-02-08', 'statutory_holiday'),
         ('2027-02-09', 'in_lieu_rest'), ('2027-02-10', 'in_lieu_rest')]
    """
    statutory = statutory_days(year)
    out = {d: (DayKind.STATUTORY_HOLIDAY, f) for d, f in statutory.items()}
    for day in sorted(statutory):
        if day.weekday() >= 5:
            lieu = day + dt.timedelta(days=1)
            while lieu.weekday() >= 5 or lieu in out:
                lieu += dt.timedelta(days=1)
            out[lieu] = (DayKind.IN_LIEU_REST, statutory[day])
    return out
