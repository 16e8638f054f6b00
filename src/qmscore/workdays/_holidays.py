"""Calendars from the ``holidays`` package's data: China from a generated table.

China: the State Council's yearly arrangement moves rest days and turns some
weekends into working days (调休). ``holidays.China`` holds both the holidays
and those make-up working days (``weekend_workdays``). ``WorkCalendar.china``
reads them from ``_china_data``, a table generated from ``holidays`` by
``tools/regen_china_data.py`` (``nox -s regen``), so building it imports
neither ``holidays`` nor anything heavy; :func:`china_from_holidays` builds the
same calendar from ``holidays`` itself (the generator's source, and the
tests' oracle: the two must be equal). Adding two ``holidays`` objects drops
``weekend_workdays``, so that path reads one object per language (English
names, and Chinese ones for Chinese text).

The horizon is the last year whose make-up days are encoded (or an earlier
year the caller chooses), or the year of the last notice the user passes (a
notice wins over ``holidays`` where they disagree). Later years are
estimates: the statutory days of 全国年节及纪念日放假办法 (lunar dates from
the table) and their 补假, without make-up working days.

Built China calendars are cached per arguments (see :func:`china`): they are
immutable values, so equal arguments share one.

This module imports the calendar types at the top; ``calendar.py`` imports it
only inside :meth:`WorkCalendar.china` and :meth:`WorkCalendar.from_holidays`,
so there is no import circle. ``from_holidays`` imports ``holidays`` when called.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from qmscore._checks import check_int, check_sequence, check_str
from qmscore.errors import InvalidInputError
from qmscore.workdays.calendar import CHINA_SHIFTS, DayOverride, Shift, WorkCalendar
from qmscore.workdays.china import Festival, estimated_days, statutory_days
from qmscore.workdays.kinds import DayKind

if TYPE_CHECKING:
    from qmscore.workdays.notices import Arrangement

_MAX_YEARS = 400  # the calendar's own bound on its range
_CHINA_FIRST_DATA_YEAR = 2001  # first year with make-up working days in holidays
_PROBE_END = 2030  # first guess at the years to scan for the horizon; widened if needed
_NEAR = 20  # a make-up day is named after a statutory day at most this many days away


def _version() -> str:
    import holidays

    return f"holidays {getattr(holidays, '__version__', 'unknown version')}"


def _overrides(calendar: Any, years: range) -> dict[dt.date, DayOverride]:
    out: dict[dt.date, DayOverride] = {}
    for day, name in calendar.items():
        out[day] = DayOverride(False, str(name), kind=DayKind.STATUTORY_HOLIDAY)
    for day in getattr(calendar, "weekend_workdays", ()):
        if day.year in years:
            out[day] = DayOverride(
                True, "make-up working day", kind=DayKind.MAKEUP_WORKDAY, zh="调休上班"
            )
    # Holidays on weekends change nothing but are kept: reasons name them.
    return out


def _china_overrides(
    en: Mapping[dt.date, str],
    zh: Mapping[dt.date, str],
    makeup: Iterable[dt.date],
    years: range,
) -> dict[dt.date, DayOverride]:
    """The China days of ``holidays`` with their kind, English and Chinese names."""
    rules: dict[dt.date, Festival] = {}
    for year in years:
        rules.update(statutory_days(year))
    out: dict[dt.date, DayOverride] = {}
    # Equal days share one value: overrides are immutable, and most of the
    # ~700 China days repeat a few names (each built once: cold start).
    shared: dict[tuple[str, DayKind, str], DayOverride] = {}
    for day, name in en.items():
        if day.year not in years:
            continue
        if day in rules:
            kind = DayKind.STATUTORY_HOLIDAY
        else:
            kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.IN_LIEU_REST
        key = (str(name), kind, str(zh.get(day, name)))
        value = shared.get(key)
        if value is None:
            value = shared[key] = DayOverride(False, key[0], kind=kind, zh=key[2])
        out[day] = value
    ordered = sorted(rules)
    for day in makeup:
        if day.year in years:  # the probe may hold years beyond the calendar
            k = bisect.bisect(ordered, day)
            near = [d for d in ordered[max(0, k - 1) : k + 1] if abs((d - day).days) <= _NEAR]
            festival = rules[min(near, key=lambda d: abs((d - day).days))] if near else None
            key = (
                festival.en if festival else "State Council arrangement",
                DayKind.MAKEUP_WORKDAY,
                festival.zh if festival else "国务院节假日安排",
            )
            value = shared.get(key)
            if value is None:
                value = shared[key] = DayOverride(True, key[0], kind=key[1], zh=key[2])
            out[day] = value
    return out


_ESTIMATE = "全国年节及纪念日放假办法 第二条、第六条 (estimate)"


def _apply(
    overrides: dict[dt.date, DayOverride],
    arrangement: Arrangement,
    weekmask: tuple[bool, ...],
    holidays: str,
) -> None:
    """The notice governs 1 January (or its earliest date) to the last date it names.

    Named days are as it says; other days in that window are ordinary days,
    whatever ``holidays`` (or the estimate) had, with a reason where that differs.
    """
    named = {d.date: d for d in arrangement.days}
    day = arrangement.first
    while day <= arrangement.last:
        old = overrides.pop(day, None)
        entry = named.get(day)
        usual = weekmask[day.weekday()]
        base = ("the estimate", "估算") if old is not None and old.source == _ESTIMATE else None
        en_base, zh_base = base or (holidays, holidays)
        if entry is not None:
            en, zh = entry.festival.en, entry.festival.zh
            if old is not None and old.working != entry.kind.works:
                was = "working" if old.working else "rest"
                en += f" (the notice wins: {en_base} had it as a {was} day)"
                zh += f"（以通知为准：{zh_base} 原为{'工作日' if old.working else '休息日'}）"
            overrides[day] = DayOverride(
                entry.kind.works,
                en,
                kind=entry.kind,
                zh=zh,
                source=f"{entry.source.cite(arrangement.year)}, item {entry.item_zh}",
            )
        elif old is not None and old.working != usual:
            # The data had a day the notice does not name: the notice wins.
            overrides[day] = DayOverride(
                usual,
                f"not a holiday by the notice ({en_base} had {old.name})"
                if usual
                else f"not a make-up day by the notice ({en_base} had {old.name})",
                kind=DayKind.WORKING if usual else DayKind.WEEKEND,
                zh=f"通知未安排（{zh_base} 原为{old.zh or old.name}）",
                source=arrangement.sources[-1].cite(arrangement.year),
            )
        day += dt.timedelta(days=1)


def _estimates(years: range) -> dict[dt.date, DayOverride]:
    out: dict[dt.date, DayOverride] = {}
    for year in years:
        for day, (kind, festival) in estimated_days(year).items():
            lieu = kind is DayKind.IN_LIEU_REST
            out[day] = DayOverride(
                False,
                f"{festival.en} (in lieu of a weekend day)" if lieu else festival.en,
                kind=kind,
                zh=f"{festival.zh}（补假）" if lieu else festival.zh,
                source=_ESTIMATE,
            )
    return out


class _Data(Protocol):
    """Where the China calendar's official years come from: the table or ``holidays``."""

    version: str  # e.g. "holidays 0.109", for sources and reasons

    def data_end(self, start_year: int) -> int:
        """The last year with make-up working days (from ``start_year`` on)."""

    def days(
        self, official: range
    ) -> tuple[Mapping[dt.date, str], Mapping[dt.date, str], Iterable[dt.date]]:
        """English names, Chinese names and make-up working days (may hold other years)."""


class _Table:
    """The generated table (``_china_data``): no ``holidays`` import."""

    def __init__(self) -> None:
        from qmscore.workdays import _china_data as data

        self.version = f"holidays {data.HOLIDAYS_VERSION}"
        self._end = data.DATA_END
        self._data = data

    def data_end(self, start_year: int) -> int:
        return self._end

    def days(
        self, official: range
    ) -> tuple[Mapping[dt.date, str], Mapping[dt.date, str], Iterable[dt.date]]:
        iso = dt.date.fromisoformat
        en: dict[dt.date, str] = {}
        zh: dict[dt.date, str] = {}
        for text, name_en, name_zh in self._data.DAYS:
            day = iso(text)
            en[day] = name_en
            zh[day] = name_zh
        return en, zh, [iso(text) for text in self._data.MAKEUP]


class _Holidays:
    """The ``holidays`` package itself: the generator's source and the tests' oracle."""

    def __init__(self) -> None:
        self.version = _version()
        self._full: Any = None

    def data_end(self, start_year: int) -> int:
        import holidays

        # Probe a window and widen it while the data reaches its end (no clock: the
        # data decides).
        probe_end = max(_PROBE_END, start_year + 1)
        while True:
            full = holidays.country_holidays(
                "CN", years=range(start_year, probe_end + 1), language="en_US"
            )
            data_end = max((d.year for d in full.weekend_workdays), default=start_year - 1)
            if data_end < probe_end:
                self._full = full
                return data_end
            probe_end += 10  # pragma: no cover - holidays with data 10 years ahead

    def days(
        self, official: range
    ) -> tuple[Mapping[dt.date, str], Mapping[dt.date, str], Iterable[dt.date]]:
        import holidays

        zh = holidays.country_holidays("CN", years=official, language="zh_CN")
        return self._full, zh, self._full.weekend_workdays


def china(
    cls: type[WorkCalendar],
    start_year: int,
    estimate_years: int,
    shifts: tuple[Shift, ...],
    beyond_horizon: str,
    extra: Mapping[dt.date, DayOverride],
    notices: Iterable[str | Arrangement],
    holidays_through: int | None,
) -> WorkCalendar:
    """The China calendar from the generated table, cached when the arguments allow.

    Calendars are immutable values, so equal arguments may share one: the
    cache holds the last :data:`_CACHE_SIZE` calendars built from arguments of
    exact built-in types (ints, a tuple of :class:`Shift`, a dict of date or
    ISO string to :class:`DayOverride`, a list or tuple of notice texts or
    arrangements). Anything else is built afresh each call.
    """
    key = _cache_key(shifts, extra, notices)
    if key is None:
        return _china(
            cls,
            _Table(),
            start_year,
            estimate_years,
            shifts,
            beyond_horizon,
            extra,
            notices,
            holidays_through,
        )
    shifts_key, extra_key, notices_key = key
    return _cached_china(
        cls,  # type: ignore[arg-type]  # a class is hashable
        start_year,
        estimate_years,
        shifts_key,
        beyond_horizon,
        extra_key,
        notices_key,
        holidays_through,
    )


_CACHE_SIZE = 16


@functools.lru_cache(maxsize=_CACHE_SIZE, typed=True)
def _cached_china(
    cls: type[WorkCalendar],
    start_year: int,
    estimate_years: int,
    shifts: tuple[Shift, ...],
    beyond_horizon: str,
    extra: tuple[tuple[dt.date, DayOverride], ...],  # keys may be ISO strings
    notices: tuple[str | Arrangement, ...],
    holidays_through: int | None,
) -> WorkCalendar:
    return _china(
        cls,
        _Table(),
        start_year,
        estimate_years,
        shifts,
        beyond_horizon,
        dict(extra),
        notices,
        holidays_through,
    )


_Key = tuple[tuple[Shift, ...], tuple[tuple[dt.date, DayOverride], ...], tuple[Any, ...]]


def _cache_key(shifts: object, extra: object, notices: object) -> _Key | None:
    """Hashable forms of the arguments, or None when they may not be cached.

    Only exact types whose equality means "the same calendar" qualify (no
    subclasses, no numpy values, no lazy iterables that a key would consume).
    """
    if (
        not isinstance(shifts, tuple)
        or type(shifts) is not tuple
        or any(type(s) is not Shift for s in shifts)
    ):
        return None
    if (
        not isinstance(extra, dict)
        or type(extra) is not dict
        or any(
            type(k) not in (dt.date, str) or type(v) is not DayOverride for k, v in extra.items()
        )
    ):
        return None
    if not isinstance(notices, (tuple, list)) or type(notices) not in (tuple, list):
        return None
    items = tuple(notices)
    if any(type(n) is not str for n in items):
        from qmscore.workdays.notices import Arrangement

        if any(type(n) not in (str, Arrangement) for n in items):
            return None
    key = (shifts, tuple(extra.items()), items)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def china_from_holidays(
    cls: type[WorkCalendar],
    *,
    start_year: int = _CHINA_FIRST_DATA_YEAR,
    estimate_years: int = 4,
    shifts: tuple[Shift, ...] = CHINA_SHIFTS,
    beyond_horizon: str = "raise",
    extra: Mapping[dt.date, DayOverride] | None = None,
    notices: Iterable[str | Arrangement] = (),
    holidays_through: int | None = None,
) -> WorkCalendar:
    """The China calendar built from ``holidays`` directly (the table's generator and oracle).

    Never cached. ``WorkCalendar.china`` with the same arguments must be equal
    to it while the table matches the installed ``holidays``.
    """
    return _china(
        cls,
        _Holidays(),
        start_year,
        estimate_years,
        shifts,
        beyond_horizon,
        extra or {},
        notices,
        holidays_through,
    )


def _china(
    cls: type[WorkCalendar],
    data: _Data,
    start_year: int,
    estimate_years: int,
    shifts: tuple[Shift, ...],
    beyond_horizon: str,
    extra: Mapping[dt.date, DayOverride],
    notices: Iterable[str | Arrangement],
    holidays_through: int | None,
) -> WorkCalendar:
    if type(start_year) is not int or start_year < _CHINA_FIRST_DATA_YEAR:
        raise InvalidInputError.constraint(
            "start_year",
            f">= {_CHINA_FIRST_DATA_YEAR} (first year with make-up day data)",
            start_year,
        )
    if type(estimate_years) is not int or not 0 <= estimate_years <= 20:
        raise InvalidInputError.constraint("estimate_years", "in 0..20", estimate_years)
    arrangements: tuple[Arrangement, ...] = ()
    if not (isinstance(notices, tuple) and not notices):  # the parser is imported when used
        from qmscore.workdays.notices import parse_notices

        arrangements = parse_notices(notices)
    data_end = data.data_end(start_year)
    if data_end < start_year:
        raise InvalidInputError.constraint("start_year", f"<= {data_end}", start_year)
    if holidays_through is not None:
        if type(holidays_through) is not int or not start_year <= holidays_through <= data_end:
            raise InvalidInputError.constraint(
                "holidays_through",
                f"an integer year in {start_year}..{data_end}",
                holidays_through,
            )
        data_end = holidays_through
    horizon = data_end
    for a in arrangements:
        if a.year < start_year:
            raise InvalidInputError.constraint(
                "notices", f"notices for {start_year} or later (start_year)", a.year
            )
        if a.year > horizon + 1:
            raise InvalidInputError(
                f"'notices' must leave no year without an arrangement: the notice for {a.year} "
                f"comes after {horizon}, the last year with one (got {a.year})",
                field="notices",
                value=a.year,
            )
        horizon = max(horizon, a.year)
    official = range(start_year, data_end + 1)
    last_year = horizon + estimate_years
    en, zh, makeup = data.days(official)
    overrides = _china_overrides(en, zh, makeup, official)
    overrides.update(_estimates(range(data_end + 1, last_year + 1)))
    weekmask = (True, True, True, True, True, False, False)
    for a in arrangements:
        named = set(a.holidays)
        missing = [d for d, f in statutory_days(a.year, special=False).items() if d not in named]
        if missing:
            raise InvalidInputError(
                f"'notices' must be whole notices: the one for {a.year} leaves the statutory "
                f"days {', '.join(f'{d} ({statutory_days(a.year)[d].zh})' for d in missing)} "
                "unarranged (paste every item)",
                field="notices",
                value=a.year,
            )
        _apply(overrides, a, weekmask, data.version)
    overrides.update(extra)
    cited = "".join(f"; {s.cite(a.year)}" for a in arrangements for s in a.sources)
    return cls(
        "China (State Council arrangements)",
        dt.date(start_year, 1, 1),
        dt.date(horizon, 12, 31),
        dt.date(last_year, 12, 31),
        timezone="Asia/Shanghai",
        weekmask=weekmask,
        shifts=shifts,
        overrides=overrides,
        beyond_horizon=beyond_horizon,  # type: ignore[arg-type]
        source=f"{data.version}, China{cited}",
    )


def from_holidays(
    cls: type[WorkCalendar],
    country: str,
    subdiv: str | None,
    years: Iterable[int],
    valid_through_year: int | None,
    weekmask: tuple[bool, ...],
    shifts: tuple[Shift, ...],
    timezone: str,
    beyond_horizon: str,
) -> WorkCalendar:
    import holidays

    check_str("country", country)
    if subdiv is not None:
        check_str("subdiv", subdiv)
    span = sorted(
        set(
            check_sequence(
                "years",
                years,
                lambda f, y: check_int(f, y, minimum=1, maximum=9998),
                max_items=_MAX_YEARS,
                min_items=1,
            )
        )
    )
    if valid_through_year is not None:
        valid_through_year = check_int("valid_through_year", valid_through_year)
    if span[-1] - span[0] >= _MAX_YEARS:
        raise InvalidInputError.constraint("years", f"at most {_MAX_YEARS} years", years)
    if span != list(range(span[0], span[-1] + 1)):
        raise InvalidInputError.constraint("years", "consecutive years", years)
    try:
        calendar = holidays.country_holidays(country, subdiv=subdiv, years=span)
    except (NotImplementedError, KeyError, ValueError, TypeError):
        raise InvalidInputError.constraint(
            "country", "a country code known to the holidays package", country
        ) from None
    horizon = span[-1] if valid_through_year is None else valid_through_year
    if not span[0] <= horizon <= span[-1]:
        raise InvalidInputError.constraint(
            "valid_through_year", f"within {span[0]}..{span[-1]}", valid_through_year
        )
    return cls(
        f"{country}{'-' + subdiv if subdiv else ''} ({_version()})",
        dt.date(span[0], 1, 1),
        dt.date(horizon, 12, 31),
        dt.date(span[-1], 12, 31),
        timezone=timezone,
        weekmask=weekmask,
        shifts=shifts,
        overrides=_overrides(calendar, range(span[0], span[-1] + 1)),
        beyond_horizon=beyond_horizon,  # type: ignore[arg-type]
        source=f"{_version()}, {country}",
    )
