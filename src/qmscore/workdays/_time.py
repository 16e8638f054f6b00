"""Working time on a calendar's shifts: a mixin of :class:`~qmscore.workdays.WorkCalendar`.

Moments are placed on the calendar's clock, turned into working seconds from
its first day (``sec_prefix`` plus the shifts of the day) and back by
bisection; see :mod:`qmscore.workdays.calendar` for the conventions
(naive moments are calendar-local, daylight saving is elapsed time).
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING

# ZoneInfo and Index are imported at run time although only the class annotations
# under TYPE_CHECKING use them: Sphinx's autodoc re-imports modules with
# TYPE_CHECKING set, and cattrs then resolves those annotations when it
# serialises a WorkCalendar (a NameError otherwise).
from zoneinfo import ZoneInfo

from qmscore._checks import check_datetime, check_timedelta, value_error
from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.workdays._index import Index
from qmscore.workdays._zones import epoch_seconds, from_epoch, resolve

DAY = 86_400


class WorkingTime:
    """The working-time queries of a calendar (its fields and day look-ups come from it)."""

    __slots__ = ()

    if TYPE_CHECKING:
        name: str
        last: dt.date
        valid_through: dt.date
        timezone: str
        beyond_horizon: str
        _index: Index
        _tz: ZoneInfo

        def _day(self, field: str, day: object) -> int: ...
        def _date(self, i: int) -> dt.date: ...
        def _horizon_error(self, day: dt.date) -> CalendarHorizonError: ...

    def localize(self, moment: dt.datetime | str) -> dt.datetime:
        """``moment`` in the calendar's zone (naive moments are read as local).

        ``moment`` may be an ISO 8601 string (``Z`` and offsets included) or a
        ``datetime`` subclass such as a pandas ``Timestamp``; the result is a
        plain ``datetime``.
        """
        return self._localize("moment", moment)

    def _localize(self, field: str, moment: object) -> dt.datetime:
        if type(moment) is not dt.datetime:
            moment = check_datetime(field, moment)
            if type(moment) is not dt.datetime:  # a subclass: pandas' Timestamp
                m = moment
                moment = dt.datetime(*m.timetuple()[:6], m.microsecond, m.tzinfo, fold=m.fold)
        try:
            if moment.tzinfo is None:
                idx = self._index
                if not idx.starts and 0 <= moment.toordinal() - idx.first_ord < idx.days:
                    # No clock change anywhere in the calendar: no gap, no fold.
                    return moment.replace(tzinfo=self._tz)
                return resolve(moment, self._tz)
            return moment.astimezone(self._tz)
        except (OverflowError, ValueError):
            raise value_error(
                field, f"a moment within datetime's range in the zone {self.timezone}", moment
            ) from None

    def _plus_elapsed(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """``start`` (aware, in the calendar's zone) plus ``delta`` of elapsed time, in the zone.

        Where the calendar has no clock change at all (China) and both moments
        fall on its days, the wall clock is elapsed time: one addition. Else
        the sum is taken in UTC.
        """
        idx = self._index
        if not idx.starts:
            moment = start + delta
            if (
                0 <= start.toordinal() - idx.first_ord < idx.days
                and 0 <= moment.toordinal() - idx.first_ord < idx.days
            ):
                return moment
        return self.localize(start.astimezone(dt.timezone.utc) + delta)

    def _local_seconds(self, field: str, moment: object) -> tuple[int, float]:
        """The day of ``moment`` and the seconds since that day's first moment."""
        idx = self._index
        if type(moment) is dt.datetime and moment.tzinfo is None and not idx.starts:
            # The hot path (China): no clock change anywhere in the calendar's range,
            # so a naive moment on one of its days is its own wall clock.
            i = moment.toordinal() - idx.first_ord
            if 0 <= i < idx.limit:
                return i, (
                    moment.hour * 3600 + moment.minute * 60 + moment.second
                ) + moment.microsecond / 1e6
        local = self._localize(field, moment)
        i = self._day(field, local.date())
        start = self._index.starts.get(i)
        if start is not None:  # a clock change that day: elapsed time
            return i, epoch_seconds(local) - start
        return i, local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6

    def _position(self, field: str, moment: object) -> float:
        """Working seconds from the calendar's first day to ``moment``."""
        i, t = self._local_seconds(field, moment)
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
        # Here sec_prefix[i] < position <= sec_prefix[i + 1] (position > 0), so day
        # i has working time and the position falls inside one of its shifts.
        left = position - idx.sec_prefix[i]
        *before, (s, e) = idx.day_shifts[i]
        for a, b in before:
            if left <= b - a:
                return self._at(i, a + left)
            left -= b - a
        return self._at(i, min(s + left, e))  # min: float rounding may leave a hair past e

    def next_working_moment(self, moment: dt.datetime | str) -> dt.datetime:
        """``moment`` if it is inside a shift, else the start of the next shift."""
        i, t = self._local_seconds("moment", moment)
        if any(s <= t < e for s, e in self._index.day_shifts[i]):
            return self._localize("moment", moment)
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

    def _at(self, i: int, seconds: float) -> dt.datetime:
        """The moment ``seconds`` after the first moment of day ``i`` (a real instant)."""
        day = self._date(i)
        if day > self.valid_through and self.beyond_horizon == "raise":
            raise self._horizon_error(day)
        start = self._index.starts.get(i)
        if start is not None:  # a clock change that day: elapsed seconds
            return from_epoch(start + seconds, self._tz)
        if seconds >= DAY:  # a shift ending at 24:00: the next midnight, maybe in a gap
            return resolve(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0)), self._tz)
        whole = int(seconds)
        micro = 0 if whole == seconds else min(999_999, round((seconds - whole) * 1e6))
        clock = dt.time(whole // 3600, whole // 60 % 60, whole % 60, micro)
        return dt.datetime.combine(day, clock, self._tz)

    def end_of_day(self, day: dt.date | str) -> dt.datetime:
        """End of the last shift of a working ``day``."""
        i = self._day("day", day)
        spans = self._index.day_shifts[i]
        if not spans:
            raise InvalidInputError.constraint("day", "a working day", day)
        return self._at(i, spans[-1][1])

    def add_working_time(self, moment: dt.datetime | str, delta: dt.timedelta) -> dt.datetime:
        """The moment ``delta`` of working time after ``moment`` (shifts only).

        A result that falls exactly on a shift's end stays there (17:30, not
        the next morning's 08:30).
        """
        if check_timedelta("delta", delta) < dt.timedelta(0):
            raise value_error("delta", "a non-negative timedelta", delta)
        if not delta:
            # The earliest moment at the same working position may lie before
            # ``moment`` (the end of the last shift); no time to add means now.
            local = self._localize("moment", moment)
            self._day("moment", local.date())
            return local
        return self._moment(self._position("moment", moment) + delta.total_seconds())

    def working_time_between(
        self, start: dt.datetime | str, end: dt.datetime | str
    ) -> dt.timedelta:
        """Working time from ``start`` to ``end`` (negative if end is earlier).

        Raises:
            InvalidInputError: one moment is naive and the other aware.
        """
        if type(start) is not dt.datetime:
            start = check_datetime("start", start)
        if type(end) is not dt.datetime:
            end = check_datetime("end", end)
        if (start.tzinfo is None) != (end.tzinfo is None):
            raise InvalidInputError(
                "'start' and 'end' mix a naive and an aware datetime, which is ambiguous: pass "
                "both aware, or both naive (read as calendar-local)",
                field="end",
                value=end,
            )
        return dt.timedelta(seconds=self._position("end", end) - self._position("start", start))
