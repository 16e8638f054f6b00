"""Working days and working hours: a calendar as a frozen value with O(1) queries.

A :class:`WorkCalendar` resolves every date to its working intervals: a weekly
template (which weekdays work, which shifts) plus per-date overrides (public
holidays, make-up working days, company shutdowns, half days). On construction
it builds prefix sums over its whole range, so counting working days is two
list lookups and adding them is one, and working time is found by bisection.

A calendar knows how far its data goes (``valid_through``). A date past it
raises :class:`~qmscore.errors.CalendarHorizonError`, unless the calendar was
made with ``beyond_horizon="estimate"``: then the estimate range answers from
the weekly template and the predictable holidays, and
:meth:`WorkCalendar.is_estimated` says which dates those are.

Conventions (see the explanation page in the docs):

* ``add_working_days(d, n)``: n > 0 is the n-th working day strictly after d;
  n < 0 the ``abs(n)``-th strictly before; n = 0 is d itself if it works, else the
  next working day.
* ``working_days_between(a, b)``: working days in the half-open interval
  (a, b] when a <= b, minus that count for (b, a] when b < a. So
  ``working_days_between(d, add_working_days(d, n)) == n`` for n >= 1.
* Datetimes: aware ones are converted to the calendar's zone; naive ones are
  read as calendar-local. Results are aware, in the calendar's zone.

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays import WorkCalendar
    >>> cal = WorkCalendar.china()
    >>> cal.add_working_days(dt.date(2026, 9, 30), 3)   # National Day, then a make-up Saturday
    datetime.date(2026, 10, 10)
    >>> cal.working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 10))
    3
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from qmscore._checks import check_int, non_empty_str, optional_str
from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.workdays.kinds import DayKind

if TYPE_CHECKING:
    from qmscore.workdays.notices import Arrangement

__all__ = [
    "CHINA_SHIFTS",
    "DayOverride",
    "Shift",
    "WorkCalendar",
]

BeyondHorizon = Literal["raise", "estimate"]


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@attrs.frozen(order=True)
class Shift:
    """One working interval within a day, ``start`` < ``end`` (no midnight crossing)."""

    start: dt.time
    end: dt.time

    def __attrs_post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, dt.time) or value.tzinfo is not None:
                raise InvalidInputError.constraint(name, "a naive datetime.time", value)
        if self.end <= self.start:
            raise InvalidInputError(
                f"'end' must be after 'start' (got {self.start}-{self.end}); shifts crossing "
                "midnight are not supported: split them at 24:00 into two days' shifts",
                field="end",
                value=self.end,
            )

    @property
    def seconds(self) -> int:
        """Length of the shift in seconds."""
        return _seconds(self.end) - _seconds(self.start)


CHINA_SHIFTS: tuple[Shift, ...] = (
    Shift(dt.time(8, 30), dt.time(12, 0)),
    Shift(dt.time(13, 30), dt.time(17, 30)),
)
"""Default office hours: 08:30-12:00 and 13:30-17:30 (7.5 working hours)."""


def _check_shifts(field: str, shifts: object) -> tuple[Shift, ...]:
    if not isinstance(shifts, tuple) or not all(isinstance(s, Shift) for s in shifts):
        raise InvalidInputError.constraint(field, "a tuple of Shift", shifts)
    for k in range(1, len(shifts)):
        if shifts[k].start < shifts[k - 1].end:
            raise InvalidInputError(
                f"{field!r} must be in order and not overlap (shift {k} starts at "
                f"{shifts[k].start}, before the previous one ends at {shifts[k - 1].end})",
                field=field,
                value=shifts,
            )
    return shifts


_KIND_VALUES = frozenset(k.value for k in DayKind)


def _as_kind(value: Any) -> Any:
    return DayKind(value) if isinstance(value, str) and value in _KIND_VALUES else value


def _kind_agrees(inst: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, DayKind):
        raise InvalidInputError.constraint("kind", "a DayKind (or None: inferred)", value)
    if value.works != inst.working:
        raise InvalidInputError(
            f"'kind' {value.value!r} is a {'working' if value.works else 'rest'} day but "
            f"'working' is {inst.working}",
            field="kind",
            value=value,
        )


@attrs.frozen
class DayOverride:
    """What one date is, overriding the weekly template.

    Attributes:
        working: Whether people work that day.
        name: Why (holiday name, "make-up working day", "annual shutdown"...).
        shifts: Working intervals of that day (None: the calendar's usual
            shifts; a shorter tuple for a half day). Ignored on rest days.
        kind: What the day is (:class:`DayKind`); None: inferred by
            :meth:`WorkCalendar.day_kind` (a rest weekday is a shutdown, a
            worked weekend a make-up day, shorter shifts a half day).
        zh: The name in Chinese, for Chinese text (None: ``name``).
        source: The document the day comes from, e.g. a State Council notice
            and its item (None: the calendar's ``source``).
    """

    working: bool
    name: str = attrs.field(validator=non_empty_str)
    shifts: tuple[Shift, ...] | None = None
    kind: DayKind | None = attrs.field(
        default=None, kw_only=True, converter=_as_kind, validator=_kind_agrees
    )
    zh: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    source: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)

    def __attrs_post_init__(self) -> None:
        if self.shifts is not None:
            _check_shifts("shifts", self.shifts)
            if self.working and not self.shifts:
                raise InvalidInputError.constraint(
                    "shifts", "at least one shift on a working day (or working=False)", ()
                )


@attrs.frozen(eq=False)
class _Index:
    first_ord: int
    days: int
    working: bytes
    wd_prefix: tuple[int, ...]  # working days before day i
    work_days: tuple[int, ...]  # indices of working days, ascending
    sec_prefix: tuple[int, ...]  # working seconds before day i
    day_shifts: tuple[tuple[tuple[int, int], ...], ...]  # (start, end) seconds per day
    limit: int  # day indices below this may be answered (horizon or estimates)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInputError.constraint("timezone", "an IANA time zone name", name) from None


@attrs.frozen
class WorkCalendar:
    """Working days and shifts over a date range, with a data horizon.

    Attributes:
        name: What calendar this is, e.g. ``"China (State Council)"``.
        first: First date covered.
        valid_through: Last date backed by official data; later dates are
            estimates (if allowed) up to ``last``.
        last: Last date the calendar can answer for at all.
        timezone: IANA zone of the calendar's clock.
        weekmask: Monday..Sunday, True where the weekday works.
        shifts: Working intervals of an ordinary working day.
        overrides: Date -> :class:`DayOverride` (holidays, make-up days...).
        beyond_horizon: ``"raise"`` (default) or ``"estimate"``.
        source: Where the data comes from (package and version).
    """

    name: str = attrs.field(validator=non_empty_str)
    first: dt.date
    valid_through: dt.date
    last: dt.date
    timezone: str = "Asia/Shanghai"
    weekmask: tuple[bool, ...] = (True, True, True, True, True, False, False)
    shifts: tuple[Shift, ...] = CHINA_SHIFTS
    overrides: Mapping[dt.date, DayOverride] = attrs.field(factory=dict)
    beyond_horizon: BeyondHorizon = "raise"
    source: str = "user data"
    _index: _Index = attrs.field(init=False, repr=False, eq=False)
    _tz: ZoneInfo = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        for field in ("first", "valid_through", "last"):
            value = getattr(self, field)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise InvalidInputError.constraint(field, "a datetime.date", value)
        if not self.first <= self.valid_through <= self.last:
            raise InvalidInputError(
                f"dates must satisfy first <= valid_through <= last (got {self.first}, "
                f"{self.valid_through}, {self.last})",
                field="valid_through",
                value=self.valid_through,
            )
        if (
            not isinstance(self.weekmask, tuple)
            or len(self.weekmask) != 7
            or not all(isinstance(w, bool) for w in self.weekmask)
        ):
            raise InvalidInputError.constraint(
                "weekmask", "7 booleans, Monday first", self.weekmask
            )
        _check_shifts("shifts", self.shifts)
        if not self.shifts and any(self.weekmask):
            raise InvalidInputError.constraint("shifts", "at least one shift", self.shifts)
        if self.beyond_horizon not in ("raise", "estimate"):
            raise InvalidInputError.constraint(
                "beyond_horizon", "'raise' or 'estimate'", self.beyond_horizon
            )
        for day, override in self.overrides.items():
            if not isinstance(day, dt.date) or not isinstance(override, DayOverride):
                raise InvalidInputError.constraint(
                    "overrides", "a mapping of date to DayOverride", (day, override)
                )
        object.__setattr__(self, "_tz", _zone(self.timezone))
        object.__setattr__(self, "_index", self._build())

    def _build(self) -> _Index:
        first_ord = self.first.toordinal()
        days = self.last.toordinal() - first_ord + 1
        usual = tuple((_seconds(s.start), _seconds(s.end)) for s in self.shifts)
        usual_total = sum(e - s for s, e in usual)
        by_ord = {d.toordinal(): o for d, o in self.overrides.items()}
        working = bytearray(days)
        wd_prefix = [0] * (days + 1)
        sec_prefix = [0] * (days + 1)
        day_shifts: list[tuple[tuple[int, int], ...]] = []
        work_days: list[int] = []
        wd = sec = 0
        for i in range(days):
            o = by_ord.get(first_ord + i)
            if o is None:
                works = self.weekmask[(first_ord + i - 1) % 7]
                spans, total = (usual, usual_total) if works else ((), 0)
            elif not o.working:
                works, spans, total = False, (), 0
            elif o.shifts is None:
                works, spans, total = True, usual, usual_total
            else:
                works = True
                spans = tuple((_seconds(s.start), _seconds(s.end)) for s in o.shifts)
                total = sum(e - s for s, e in spans)
            day_shifts.append(spans)
            if works:
                working[i] = 1
                work_days.append(i)
                wd += 1
                sec += total
            wd_prefix[i + 1] = wd
            sec_prefix[i + 1] = sec
        horizon = self.valid_through.toordinal() - first_ord + 1
        return _Index(
            first_ord,
            days,
            bytes(working),
            tuple(wd_prefix),
            tuple(work_days),
            tuple(sec_prefix),
            tuple(day_shifts),
            days if self.beyond_horizon == "estimate" else horizon,
        )

    # -- constructors -------------------------------------------------------------

    @classmethod
    def china(
        cls,
        *,
        start_year: int = 2001,
        estimate_years: int = 4,
        shifts: tuple[Shift, ...] = CHINA_SHIFTS,
        beyond_horizon: BeyondHorizon = "raise",
        extra: Mapping[dt.date, DayOverride] | None = None,
        notices: Iterable[str | Arrangement] = (),
        holidays_through: int | None = None,
    ) -> WorkCalendar:
        """Mainland China working days from the State Council arrangements.

        The data is ``holidays`` plus any ``notices`` (texts of 国务院办公厅关于
        YYYY年部分节假日安排的通知, each amending notice after the one it
        amends, or parsed :class:`~qmscore.workdays.Arrangement` values). A
        notice wins where it and ``holidays`` disagree, and its days cite it.
        The horizon is the last year with an arrangement: a notice for the
        year after ``holidays``' last moves it there. ``estimate_years`` later
        years hold the festivals (statutory days, and their 补假 for a weekend)
        without make-up days, for ``beyond_horizon="estimate"``: every such
        date is flagged by :meth:`is_estimated` and in :meth:`describe`.
        ``extra`` adds company days (shutdowns, extra working days, half days).
        ``holidays_through`` uses ``holidays`` only up to that year (the
        calendar as it stood before a later notice; reproducible results).

        A notice governs 1 January (or the earliest date it names) to the last
        date it names; the days after that stay as ``holidays`` or the
        estimate has them (a notice's year ends with National Day).

        Example:
            >>> from qmscore.workdays import WorkCalendar
            >>> WorkCalendar.china().valid_through   # holidays' data
            datetime.date(2026, 12, 31)
            >>> WorkCalendar.china(holidays_through=2024).valid_through
            datetime.date(2024, 12, 31)

            With notices: see the how-to "Extend the China calendar with a notice".
        """
        from qmscore.workdays._holidays import china

        return china(
            cls,
            start_year,
            estimate_years,
            shifts,
            beyond_horizon,
            extra or {},
            notices,
            holidays_through,
        )

    @classmethod
    def from_holidays(
        cls,
        country: str,
        *,
        subdiv: str | None = None,
        years: Iterable[int],
        valid_through_year: int | None = None,
        weekmask: tuple[bool, ...] = (True, True, True, True, True, False, False),
        shifts: tuple[Shift, ...] = CHINA_SHIFTS,
        timezone: str = "UTC",
        beyond_horizon: BeyondHorizon = "raise",
    ) -> WorkCalendar:
        """A calendar from any ``holidays`` country (and subdivision) plus a weekmask.

        Make-up working days are kept where the country has them. The horizon is
        ``valid_through_year`` (default: the last of ``years``).
        """
        from qmscore.workdays._holidays import from_holidays

        return from_holidays(
            cls,
            country,
            subdiv,
            years,
            valid_through_year,
            weekmask,
            shifts,
            timezone,
            beyond_horizon,
        )

    def with_overrides(self, overrides: Mapping[dt.date, DayOverride]) -> WorkCalendar:
        """A copy with company days added (they win over the calendar's own)."""
        return attrs.evolve(self, overrides={**self.overrides, **overrides})

    def with_estimates(self) -> WorkCalendar:
        """A copy that answers past ``valid_through`` with estimates."""
        return attrs.evolve(self, beyond_horizon="estimate")

    # -- days ---------------------------------------------------------------------

    def _day(self, field: str, day: object) -> int:
        # datetime is a date subclass: refuse it too (the exact-type test is the fast path).
        if type(day) is not dt.date and (
            isinstance(day, dt.datetime) or not isinstance(day, dt.date)
        ):
            raise InvalidInputError.constraint(field, "a datetime.date", day)
        i = day.toordinal() - self._index.first_ord
        if 0 <= i < self._index.limit:
            return i
        raise self._horizon_error(day)

    def _horizon_error(self, day: dt.date) -> CalendarHorizonError:
        if day < self.first:
            return CalendarHorizonError(
                f"{day} is before the calendar {self.name!r} starts ({self.first})"
            )
        if day > self.last:
            return CalendarHorizonError(
                f"{day} is past the last date calendar {self.name!r} can answer for "
                f"({self.last}, estimates included)"
            )
        return CalendarHorizonError(
            f"{day} is past the horizon of calendar {self.name!r}: official data ends "
            f"{self.valid_through}. Use calendar.with_estimates() to accept estimated results"
        )

    def is_estimated(self, day: dt.date) -> bool:
        """True for dates past ``valid_through`` (answered from the template)."""
        return day > self.valid_through

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        return bool(self._index.working[self._day("day", day)])

    def day_kind(self, day: dt.date) -> DayKind:
        """What ``day`` is: working, weekend, statutory holiday, in-lieu rest, make-up...

        An override's ``kind`` answers; an override without one is read as a
        company day: a rest weekday is a shutdown, a worked weekend a make-up
        day, a working day with less than the usual shifts a half day.

        Example:
            >>> import datetime as dt
            >>> from qmscore.workdays import WorkCalendar
            >>> cal = WorkCalendar.china()
            >>> [str(cal.day_kind(dt.date(2026, 10, d))) for d in (1, 4, 7, 8, 10)]
            ['statutory_holiday', 'weekend', 'in_lieu_rest', 'working', 'makeup_workday']
        """
        self._day("day", day)
        weekend = not self.weekmask[day.weekday()]
        o = self.overrides.get(day)
        if o is None:
            return DayKind.WEEKEND if weekend else DayKind.WORKING
        if o.kind is not None:
            return o.kind
        if not o.working:
            return DayKind.WEEKEND if weekend else DayKind.SHUTDOWN
        if o.shifts is not None and sum(s.seconds for s in o.shifts) < sum(
            s.seconds for s in self.shifts
        ):
            return DayKind.HALF_DAY
        return DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKING

    def describe(self, day: dt.date) -> Reason:
        """Why ``day`` is a working or a rest day, and which kind of day it is.

        The reason cites the day's source (a notice and its item, or the
        calendar's data); past the horizon it says the answer is an estimate.
        """
        kind = self.day_kind(day)
        o = self.overrides.get(day)
        if o is None:
            code = "workdays.weekly"
            en = f"{day} is {kind.en} by the weekly pattern"
            zh = f"{day} 按每周安排为{kind.zh}"
            source = None
        else:
            code = "workdays.override"
            en = f"{day} is {kind.en}: {o.name}"
            zh = f"{day} 为{kind.zh}：{o.zh or o.name}"
            source = Source(o.source or self.source)
        if self.is_estimated(day):
            code = "workdays.estimated"
            en += (
                f" (estimated: no official arrangement after {self.valid_through}; the festivals "
                "are computed and make-up working days are unknown)"
            )
            zh += (
                f"（估算：{self.valid_through} 之后尚无官方放假安排，节日为推算，调休上班日未知）"
            )
        return Reason(code, en, zh, source=source)

    def _date(self, i: int) -> dt.date:
        return dt.date.fromordinal(self._index.first_ord + i)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (before it for n < 0).

        n = 0 gives ``day`` if it works, else the next working day.

        Raises:
            CalendarHorizonError: the answer (or ``day``) is outside the data.
        """
        i = self._day("day", day)
        if type(n) is not int:
            check_int("n", n)
        idx = self._index
        if n > 0:
            k = idx.wd_prefix[i + 1] + n - 1
        elif n < 0:
            k = idx.wd_prefix[i] + n
        else:
            k = idx.wd_prefix[i]
        if 0 <= k < len(idx.work_days):
            j = idx.work_days[k]
            if j < idx.limit:
                return dt.date.fromordinal(idx.first_ord + j)
            raise self._horizon_error(dt.date.fromordinal(idx.first_ord + j))
        end = self.last if self.beyond_horizon == "estimate" else self.valid_through
        raise CalendarHorizonError(
            f"{n} working days from {day} fall outside calendar {self.name!r} "
            f"({self.first} to {end})"
        )

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        idx = self._index
        if type(start) is dt.date and type(end) is dt.date:  # the hot path, inlined
            a = start.toordinal() - idx.first_ord
            b = end.toordinal() - idx.first_ord
            if 0 <= a < idx.limit and 0 <= b < idx.limit:
                return idx.wd_prefix[b + 1] - idx.wd_prefix[a + 1]
        p = idx.wd_prefix
        return p[self._day("end", end) + 1] - p[self._day("start", start) + 1]

    # -- time ---------------------------------------------------------------------

    def localize(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` in the calendar's zone (naive moments are read as local)."""
        if not isinstance(moment, dt.datetime):
            raise InvalidInputError.constraint("moment", "a datetime.datetime", moment)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self._tz)
        return moment.astimezone(self._tz)

    def _local_seconds(self, moment: dt.datetime) -> tuple[int, float]:
        local = self.localize(moment)
        i = self._day("moment", local.date())
        t = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return i, t

    def _position(self, moment: dt.datetime) -> float:
        """Working seconds from the calendar's first day to ``moment``."""
        i, t = self._local_seconds(moment)
        done = 0.0
        for s, e in self._index.day_shifts[i]:
            if t <= s:
                break
            done += min(t, e) - s
        return self._index.sec_prefix[i] + done

    def _moment(self, position: float) -> dt.datetime:
        """The earliest moment at which ``position`` working seconds have passed."""
        idx = self._index
        i = bisect.bisect_left(idx.sec_prefix, position) - 1
        if i >= idx.days:
            raise CalendarHorizonError(
                f"the working time runs past the end of calendar {self.name!r} ({self.last})"
            )
        if i < 0 or not idx.day_shifts[i]:  # position 0: the first shift of all
            i = idx.work_days[0]
        left = position - idx.sec_prefix[i]
        seconds = float(idx.day_shifts[i][-1][1])
        for s, e in idx.day_shifts[i]:
            if left <= e - s:
                seconds = s + left
                break
            left -= e - s
        day = self._date(i)
        if day > self.valid_through and self.beyond_horizon == "raise":
            raise self._horizon_error(day)
        whole = int(seconds)
        micro = min(999_999, round((seconds - whole) * 1e6))
        clock = dt.time(whole // 3600, whole // 60 % 60, whole % 60, micro)
        return dt.datetime.combine(day, clock, self._tz)

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` if it is inside a shift, else the start of the next shift."""
        i, t = self._local_seconds(moment)
        if any(s <= t < e for s, e in self._index.day_shifts[i]):
            return self.localize(moment)
        return self._next_start(i, t)

    def _next_start(self, i: int, t: float) -> dt.datetime:
        idx = self._index
        for s, _e in idx.day_shifts[i]:
            if t < s:
                return self._at(i, s)
        k = idx.wd_prefix[i + 1]
        if k >= len(idx.work_days):
            raise CalendarHorizonError(
                f"no working day after {self._date(i)} in calendar {self.name!r}"
            )
        j = idx.work_days[k]
        return self._at(j, idx.day_shifts[j][0][0])

    def _at(self, i: int, seconds: int) -> dt.datetime:
        day = self._date(i)
        if day > self.valid_through and self.beyond_horizon == "raise":
            raise self._horizon_error(day)
        return dt.datetime.combine(
            day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60), self._tz
        )

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """End of the last shift of a working ``day``."""
        i = self._day("day", day)
        spans = self._index.day_shifts[i]
        if not spans:
            raise InvalidInputError.constraint("day", "a working day", day)
        return self._at(i, spans[-1][1])

    def add_working_time(self, moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """The moment ``delta`` of working time after ``moment`` (shifts only).

        A result that falls exactly on a shift's end stays there (17:30, not
        the next morning's 08:30).
        """
        if not isinstance(delta, dt.timedelta) or delta < dt.timedelta(0):
            raise InvalidInputError.constraint("delta", "a non-negative timedelta", delta)
        if not delta:
            # The earliest moment at the same working position may lie before
            # ``moment`` (the end of the last shift); no time to add means now.
            local = self.localize(moment)
            self._day("moment", local.date())
            return local
        return self._moment(self._position(moment) + delta.total_seconds())

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time from ``start`` to ``end`` (negative if end is earlier).

        Raises:
            InvalidInputError: one moment is naive and the other aware.
        """
        if (
            isinstance(start, dt.datetime)
            and isinstance(end, dt.datetime)
            and ((start.tzinfo is None) != (end.tzinfo is None))
        ):
            raise InvalidInputError(
                "'start' and 'end' mix a naive and an aware datetime, which is ambiguous: pass "
                "both aware, or both naive (read as calendar-local)",
                field="end",
                value=end,
            )
        return dt.timedelta(seconds=self._position(end) - self._position(start))
