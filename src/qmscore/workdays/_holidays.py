"""Calendars built from the ``holidays`` package (imported only here, on demand).

China: the State Council's yearly arrangement moves rest days and turns some
weekends into working days (调休). ``holidays.China`` holds both the holidays
and those make-up working days (``weekend_workdays``). Adding two ``holidays``
objects drops ``weekend_workdays``, so each calendar is built from one object.
The horizon is the last year whose make-up days are encoded: ``holidays``
computes later years' holidays without them, silently, so they are estimates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from qmscore.errors import InvalidInputError

if TYPE_CHECKING:
    from qmscore.workdays.calendar import DayOverride, Shift, WorkCalendar

_CHINA_FIRST_DATA_YEAR = 2001  # first year with make-up working days in holidays
_PROBE_END = 2030  # first guess at the years to scan for the horizon; widened if needed


def _version() -> str:
    import holidays

    return f"holidays {getattr(holidays, '__version__', 'unknown version')}"


def _overrides(
    calendar: Any, weekmask: tuple[bool, ...], years: range
) -> dict[dt.date, DayOverride]:
    from qmscore.workdays.calendar import DayOverride

    out: dict[dt.date, DayOverride] = {}
    for day, name in calendar.items():
        out[day] = DayOverride(False, str(name))
    for day in getattr(calendar, "weekend_workdays", ()):
        if day.year in years:  # the probe may hold years beyond the calendar
            out[day] = DayOverride(True, "make-up working day (调休上班)")
    # Holidays on weekends change nothing but are kept: reasons name them.
    return out


def china(
    cls: type[WorkCalendar],
    start_year: int,
    estimate_years: int,
    shifts: tuple[Shift, ...],
    beyond_horizon: str,
    extra: Mapping[dt.date, DayOverride],
) -> WorkCalendar:
    import holidays

    if not isinstance(start_year, int) or start_year < _CHINA_FIRST_DATA_YEAR:
        raise InvalidInputError.constraint(
            "start_year",
            f">= {_CHINA_FIRST_DATA_YEAR} (first year with make-up day data)",
            start_year,
        )
    if not isinstance(estimate_years, int) or not 0 <= estimate_years <= 20:
        raise InvalidInputError.constraint("estimate_years", "in 0..20", estimate_years)
    # The horizon is the last year with make-up days. Probe a window and widen it
    # while the data reaches its end (no clock: the data decides).
    probe_end = max(_PROBE_END, start_year + 1)
    while True:
        full = holidays.country_holidays("CN", years=range(start_year, probe_end + 1))
        horizon = max((d.year for d in full.weekend_workdays), default=start_year - 1)
        if horizon < probe_end:
            break
        probe_end += 10
    if horizon < start_year:  # pragma: no cover - a holidays release without China data
        raise InvalidInputError.constraint("start_year", f"<= {horizon}", start_year)
    years = range(start_year, horizon + estimate_years + 1)
    if years[-1] > probe_end:
        full = holidays.country_holidays("CN", years=years)
    weekmask = (True, True, True, True, True, False, False)
    overrides = _overrides(full, weekmask, years)
    overrides.update(extra)
    return cls(
        "China (State Council arrangements)",
        dt.date(start_year, 1, 1),
        dt.date(horizon, 12, 31),
        dt.date(years[-1], 12, 31),
        timezone="Asia/Shanghai",
        weekmask=weekmask,
        shifts=shifts,
        overrides=overrides,
        beyond_horizon=beyond_horizon,  # type: ignore[arg-type]
        source=f"{_version()}, China",
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

    span = sorted(set(years))
    if not span or not all(isinstance(y, int) for y in span):
        raise InvalidInputError.constraint("years", "one or more integer years", years)
    if span != list(range(span[0], span[-1] + 1)):
        raise InvalidInputError.constraint("years", "consecutive years", years)
    try:
        calendar = holidays.country_holidays(country, subdiv=subdiv, years=span)
    except NotImplementedError:
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
        overrides=_overrides(calendar, weekmask, range(span[0], span[-1] + 1)),
        beyond_horizon=beyond_horizon,  # type: ignore[arg-type]
        source=f"{_version()}, {country}",
    )
