"""The tables behind a WorkCalendar (prefix sums per day, built once) and its overrides.

Counting working days is two lookups in ``wd_prefix``; adding them is one in
``work_days``; the named rest days between two dates are a bisection in
``rest_named``; working time is a bisection in ``sec_prefix``. Shift times are
seconds from each day's first moment: the wall clock on ordinary days, and
elapsed time on the few days with a daylight-saving change (``starts``), so
working time is always real elapsed time inside the shifts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import TypeVar

import attrs

from qmscore._checks import check_mapping, type_error, value_error
from qmscore.workdays._zones import epoch_seconds, resolve

Spans = tuple[tuple[float, float], ...]
T = TypeVar("T")


@attrs.frozen(eq=False)
class Index:
    """Per-day tables of one calendar (days are counted from ``first_ord``)."""

    first_ord: int
    days: int
    working: bytes
    wd_prefix: tuple[int, ...]  # working days before day i
    work_days: tuple[int, ...]  # indices of working days, ascending
    sec_prefix: tuple[float, ...]  # working seconds before day i
    day_shifts: tuple[Spans, ...]  # (start, end) seconds from the day's first moment
    limit: int  # day indices below this may be answered (horizon or estimates)
    starts: dict[int, float]  # days with a clock change -> their first moment (epoch s)
    rest_named: tuple[int, ...] = ()  # indices of rest days with an override, ascending


def clock_changes(tz: dt.tzinfo, first_ord: int, days: int) -> dict[int, float]:
    """Days whose wall clock is not elapsed time -> the epoch second they start.

    A day is ordinary when the UTC offset at its midnight equals that at the
    next midnight. China (no DST since 1991) has no other days, so its
    calendars keep the plain wall-clock arithmetic throughout.
    """
    one = dt.timedelta(days=1)
    wall = dt.datetime.fromordinal(first_ord)
    offset = tz.utcoffset(wall)
    starts: dict[int, float] = {}
    for i in range(days):
        after = tz.utcoffset(wall + one)
        if after != offset:
            starts[i] = epoch_seconds(resolve(wall, tz))
        wall, offset = wall + one, after
    return starts


def _elapsed(tz: dt.tzinfo, ordinal: int, start: float, spans: Spans) -> Spans:
    """Wall-clock spans of a clock-change day as elapsed seconds from its first moment."""
    midnight = dt.datetime.fromordinal(ordinal)

    def at(seconds: float) -> float:
        return epoch_seconds(resolve(midnight + dt.timedelta(seconds=seconds), tz)) - start

    return tuple((at(s), at(e)) for s, e in spans)


def build(
    *,
    first: dt.date,
    last: dt.date,
    valid_through: dt.date,
    estimate: bool,
    weekmask: tuple[bool, ...],
    usual: Spans,
    overrides: Mapping[int, tuple[bool, Spans | None]],
    tz: dt.tzinfo,
) -> Index:
    """The tables for a calendar; ``overrides`` maps ordinals to (working, spans or None)."""
    first_ord = first.toordinal()
    days = last.toordinal() - first_ord + 1
    usual_total = sum(e - s for s, e in usual)
    # The weekly pattern laid over every day, then the overrides patched in
    # (the loops run over weeks and overrides, the prefix sums in C).
    week = [weekmask[(first_ord - 1 + k) % 7] for k in range(7)]
    reps = days // 7 + 1
    works = (week * reps)[:days]
    day_shifts: list[Spans] = ([usual if w else () for w in week] * reps)[:days]
    totals: list[float] = ([usual_total if w else 0 for w in week] * reps)[:days]
    rest_named: list[int] = []
    for ordinal, (on, spans) in overrides.items():
        i = ordinal - first_ord
        if not 0 <= i < days:
            continue
        if not on:
            works[i], day_shifts[i], totals[i] = False, (), 0
            rest_named.append(i)
        elif spans is None:
            works[i], day_shifts[i], totals[i] = True, usual, usual_total
        else:
            works[i], day_shifts[i], totals[i] = True, spans, sum(e - s for s, e in spans)
    rest_named.sort()
    starts = clock_changes(tz, first_ord, days)
    for i, start in starts.items():
        if day_shifts[i]:  # a clock change: elapsed time inside the shifts
            day_shifts[i] = _elapsed(tz, first_ord + i, start, day_shifts[i])
            totals[i] = sum(e - s for s, e in day_shifts[i])
    working = bytes(works)  # a rest day has no spans and a total of 0
    wd_prefix = list(itertools.accumulate(working, initial=0))
    sec_prefix: list[float] = list(itertools.accumulate(totals, initial=0))
    work_days = list(itertools.compress(range(days), working))
    return Index(
        first_ord,
        days,
        bytes(working),
        tuple(wd_prefix),
        tuple(work_days),
        tuple(sec_prefix),
        tuple(day_shifts),
        days if estimate else valid_through.toordinal() - first_ord + 1,
        starts,
        tuple(rest_named),
    )


def _override_key(field: str, key: object) -> dt.date:
    if isinstance(key, dt.datetime):  # a datetime is a date: say why it is refused
        raise type_error(field, "keyed by dates, not datetimes", key)
    if isinstance(key, str):
        try:
            return dt.date.fromisoformat(key.strip())
        except ValueError:
            raise value_error(field, "keyed by ISO 8601 dates ('YYYY-MM-DD')", key) from None
    if not isinstance(key, dt.date):
        raise type_error(field, "keyed by dates", key)
    return key


def check_overrides(field: str, value: object, kind: type[T]) -> dict[dt.date, T]:
    """A fresh dict of date -> ``kind`` (ISO date strings read as dates; no datetimes)."""
    out: dict[dt.date, T] = {}
    for key, override in check_mapping(field, value).items():
        day = _override_key(field, key)
        if not isinstance(override, kind):
            raise type_error(f"{field}[{day}]", f"a {kind.__name__}", override)
        if day in out:
            raise value_error(field, "one entry per date", key)
        out[day] = override
    return out
