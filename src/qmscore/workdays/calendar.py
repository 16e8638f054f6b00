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
  read as calendar-local. Results are aware, in the calendar's zone, and real
  instants.
* Daylight saving: working time is elapsed time inside the shifts. A local
  time in a spring gap (a shift boundary or a naive moment) means the moment
  the clocks jump; one in the autumn's repeated hour means its first
  occurrence (unless ``fold=1``). Only the days with a clock change take this
  path; China has none.

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

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import attrs

from qmscore._checks import (
    as_bool,
    as_date,
    as_tuple,
    bool_validator,
    check_choice,
    check_date,
    check_int,
    check_str,
    non_empty_str,
    optional_str,
    type_error,
    value_error,
)
from qmscore._display import Tabular, calendar_repr, display
from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.workdays._batch import BatchQueries
from qmscore.workdays._index import Index as _Index
from qmscore.workdays._index import Spans, check_overrides
from qmscore.workdays._index import build as build_index
from qmscore.workdays._time import DAY, WorkingTime
from qmscore.workdays._zones import zone
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

MAX_DAYS = 146_097
"""Longest calendar, in days: 400 years (one Gregorian cycle). Each day costs memory."""


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _end_seconds(t: dt.time) -> int:
    # A shift ending at 00:00 ends at midnight at the end of its day (24:00).
    return _seconds(t) or DAY


@display
@attrs.frozen(order=True)
class Shift:
    """One working interval within a day, ``start`` < ``end`` (no midnight crossing).

    An ``end`` of 00:00 means 24:00, the end of the day: ``Shift(time(0), time(0))``
    works all day, ``Shift(time(22), time(0))`` from 22:00 to midnight.
    """

    start: dt.time
    end: dt.time

    def __attrs_post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, dt.time):
                raise type_error(name, "a datetime.time", value)
            if value.tzinfo is not None or value.microsecond:
                raise value_error(name, "a naive datetime.time in whole seconds", value)
        if _end_seconds(self.end) <= _seconds(self.start):
            raise InvalidInputError(
                f"'end' must be after 'start' (got {self.start}-{self.end}); shifts crossing "
                "midnight are not supported: split them at midnight into two days' shifts "
                "(an end of 00:00 means 24:00)",
                field="end",
                value=self.end,
            )

    @property
    def seconds(self) -> int:
        """Length of the shift in seconds (on a day without a clock change)."""
        return _end_seconds(self.end) - _seconds(self.start)


CHINA_SHIFTS: tuple[Shift, ...] = (
    Shift(dt.time(8, 30), dt.time(12, 0)),
    Shift(dt.time(13, 30), dt.time(17, 30)),
)
"""Default office hours: 08:30-12:00 and 13:30-17:30 (7.5 working hours)."""


def _check_shifts(field: str, value: object) -> tuple[Shift, ...]:
    shifts = as_tuple(value)
    if not isinstance(shifts, tuple):
        raise type_error(field, "a tuple of Shift", value)
    for k, shift in enumerate(shifts):
        if not isinstance(shift, Shift):
            raise type_error(f"{field}[{k}]", "a Shift", shift)
    for k in range(1, len(shifts)):
        if _seconds(shifts[k].start) < _end_seconds(shifts[k - 1].end):
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


@display
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

    working: bool = attrs.field(converter=as_bool, validator=bool_validator)
    name: str = attrs.field(validator=non_empty_str)
    shifts: tuple[Shift, ...] | None = None
    kind: DayKind | None = attrs.field(
        default=None, kw_only=True, converter=_as_kind, validator=_kind_agrees
    )
    zh: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    source: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)

    def __attrs_post_init__(self) -> None:
        if self.shifts is not None:
            object.__setattr__(self, "shifts", _check_shifts("shifts", self.shifts))
            if self.working and not self.shifts:
                raise InvalidInputError.constraint(
                    "shifts", "at least one shift on a working day (or working=False)", ()
                )


@display(summary=calendar_repr, rows="overrides", rows_key="date")
@attrs.frozen
class WorkCalendar(WorkingTime, BatchQueries, Tabular):
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
            Keys may be ISO date strings; ``datetime`` keys are refused. Dates
            outside ``first``..``last`` are kept but have no effect; ``notes``
            lists them (:meth:`with_overrides` refuses them).
        beyond_horizon: ``"raise"`` (default) or ``"estimate"``.
        source: Where the data comes from (package and version).

    Dates may be given as ISO strings (``"2026-01-01"``) and the weekmask and
    shifts as lists; at most :data:`MAX_DAYS` days (400 years).
    """

    name: str = attrs.field(validator=non_empty_str)
    first: dt.date = attrs.field(converter=as_date)
    valid_through: dt.date = attrs.field(converter=as_date)
    last: dt.date = attrs.field(converter=as_date)
    timezone: str = "Asia/Shanghai"
    weekmask: tuple[bool, ...] = attrs.field(
        default=(True, True, True, True, True, False, False), converter=as_tuple
    )
    shifts: tuple[Shift, ...] = attrs.field(default=CHINA_SHIFTS, converter=as_tuple)
    overrides: Mapping[dt.date, DayOverride] = attrs.field(factory=dict)
    beyond_horizon: BeyondHorizon = "raise"
    source: str = "user data"
    _index: _Index = attrs.field(init=False, repr=False, eq=False)
    _tz: ZoneInfo = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        for field in ("first", "valid_through", "last"):
            check_date(field, getattr(self, field))
        if not self.first <= self.valid_through <= self.last:
            raise InvalidInputError(
                f"dates must satisfy first <= valid_through <= last (got {self.first}, "
                f"{self.valid_through}, {self.last})",
                field="valid_through",
                value=self.valid_through,
            )
        days = self.last.toordinal() - self.first.toordinal() + 1
        if days > MAX_DAYS:
            raise value_error(
                "last", f"at most {MAX_DAYS} days (400 years) after 'first'", self.last
            )
        mask = self.weekmask
        if not isinstance(mask, tuple) or len(mask) != 7:
            raise type_error("weekmask", "7 booleans, Monday first", mask)
        object.__setattr__(self, "weekmask", tuple(as_bool(w) for w in mask))
        for k, works in enumerate(self.weekmask):
            if not isinstance(works, bool):
                raise type_error(f"weekmask[{k}]", "True or False", works)
        object.__setattr__(self, "shifts", _check_shifts("shifts", self.shifts))
        if not self.shifts and any(self.weekmask):
            raise InvalidInputError.constraint("shifts", "at least one shift", self.shifts)
        check_choice("beyond_horizon", self.beyond_horizon, ("raise", "estimate"))
        check_str("source", self.source)
        object.__setattr__(
            self, "overrides", check_overrides("overrides", self.overrides, DayOverride)
        )
        object.__setattr__(self, "_tz", zone("timezone", self.timezone))
        object.__setattr__(self, "_index", self._build())

    def _build(self) -> _Index:
        def spans(shifts: tuple[Shift, ...]) -> Spans:
            return tuple((_seconds(s.start), _end_seconds(s.end)) for s in shifts)

        return build_index(
            first=self.first,
            last=self.last,
            valid_through=self.valid_through,
            estimate=self.beyond_horizon == "estimate",
            weekmask=self.weekmask,
            usual=spans(self.shifts),
            overrides={
                d.toordinal(): (o.working, None if o.shifts is None else spans(o.shifts))
                for d, o in self.overrides.items()
            },
            tz=self._tz,
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

        The ``holidays`` data comes from a table generated from it and shipped
        with qmscore (``source`` names its version; ``nox -s regen`` rewrites
        it), so this imports neither ``holidays`` nor anything heavy. Calendars
        are immutable values: built ones are cached per arguments (the last
        16; arguments of plain types: ints, a tuple of :class:`Shift`, a dict
        of dates to :class:`DayOverride`, a list or tuple of notices), so equal
        calls return the same calendar. Do not mutate its ``overrides``.

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
        """A copy with company days added (they win over the calendar's own).

        Raises:
            InvalidInputError: a date outside ``first``..``last``: the calendar
                could not use it.
        """
        added = check_overrides("overrides", overrides, DayOverride)
        for day in added:
            if not self.first <= day <= self.last:
                raise value_error(
                    "overrides", f"dates within {self.first}..{self.last}", day.isoformat()
                )
        return attrs.evolve(self, overrides={**self.overrides, **added})

    @property
    def notes(self) -> tuple[Reason, ...]:
        """What the calendar was given but does not use: overrides outside its range."""
        outside = sorted(d for d in self.overrides if not self.first <= d <= self.last)
        if not outside:
            return ()
        shown = ", ".join(d.isoformat() for d in outside[:5])
        more = f" (+{len(outside) - 5})" if len(outside) > 5 else ""
        return (
            Reason(
                "workdays.overrides_outside",
                f"{len(outside)} override(s) fall outside {self.first}..{self.last} and have "
                f"no effect: {shown}{more}",
                f"{len(outside)} 个特殊日期不在日历范围 {self.first}..{self.last} 内，"
                f"不起作用：{shown}{more}",
                source=Source(self.source),
            ),
        )

    def with_estimates(self) -> WorkCalendar:
        """A copy that answers past ``valid_through`` with estimates."""
        return attrs.evolve(self, beyond_horizon="estimate")

    # -- days ---------------------------------------------------------------------

    def _day(self, field: str, day: object) -> int:
        # datetime is a date subclass: refuse it too (the exact-type test is the fast path).
        if type(day) is not dt.date:
            day = check_date(field, day)
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

    def is_estimated(self, day: dt.date | str) -> bool:
        """True for dates past ``valid_through`` (answered from the template)."""
        return check_date("day", day) > self.valid_through

    def is_working_day(self, day: dt.date | str) -> bool:
        """Whether ``day`` is a working day."""
        return bool(self._index.working[self._day("day", day)])

    def day_kind(self, day: dt.date | str) -> DayKind:
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
        i = self._day("day", day)
        day = self._date(i)  # an ISO string has become a date
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

    def describe(self, day: dt.date | str) -> Reason:
        """Why ``day`` is a working or a rest day, and which kind of day it is.

        The reason cites the day's source (a notice and its item, or the
        calendar's data); past the horizon it says the answer is an estimate.
        """
        kind = self.day_kind(day)
        day = self._date(self._day("day", day))
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

    def add_working_days(self, day: dt.date | str, n: int) -> dt.date:
        """The n-th working day after ``day`` (before it for n < 0).

        n = 0 gives ``day`` if it works, else the next working day.

        Raises:
            CalendarHorizonError: the answer (or ``day``) is outside the data.
        """
        idx = self._index
        if type(day) is dt.date and type(n) is int and n > 0:  # the hot path, inlined
            i = day.toordinal() - idx.first_ord
            if 0 <= i < idx.limit:
                k = idx.wd_prefix[i + 1] + n - 1
                if k < len(idx.work_days) and idx.work_days[k] < idx.limit:
                    return dt.date.fromordinal(idx.first_ord + idx.work_days[k])
        i = self._day("day", day)
        if type(n) is not int:
            n = check_int("n", n)
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

    def working_days_between(self, start: dt.date | str, end: dt.date | str) -> int:
        """Working days in (start, end]; negative when end is before start."""
        idx = self._index
        if type(start) is dt.date and type(end) is dt.date:  # the hot path, inlined
            a = start.toordinal() - idx.first_ord
            b = end.toordinal() - idx.first_ord
            if 0 <= a < idx.limit and 0 <= b < idx.limit:
                return idx.wd_prefix[b + 1] - idx.wd_prefix[a + 1]
        p = idx.wd_prefix
        return p[self._day("end", end) + 1] - p[self._day("start", start) + 1]
