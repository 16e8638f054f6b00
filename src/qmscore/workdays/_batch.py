"""Working-day queries over many dates at once: a mixin of :class:`~qmscore.workdays.WorkCalendar`.

The answers equal the single calls element by element
(:meth:`~qmscore.workdays.WorkCalendar.working_days_between`,
:meth:`~qmscore.workdays.WorkCalendar.add_working_days`); what a batch saves is
the per-call work. On its first batch query a calendar builds two tables
(kept, never pickled): each date it can answer for -> the working days up to
it, and its working days as dates. A plain ``list`` or ``tuple`` of dates is
then answered by dictionary look-ups alone: a look-up that fails (a string, a
``datetime``, a date outside the data) sends the input through
:func:`qmscore._checks.check_sequence` element by element, which names the
bad element, and a date outside the calendar raises the single call's error.
A NumPy ``datetime64[D]`` array is read as its dates (NaT refused).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from qmscore._checks import check_date, check_int, check_sequence, type_error, value_error
from qmscore.workdays._index import Index  # at run time: see workdays/_time.py

if TYPE_CHECKING:
    from qmscore.errors import CalendarHorizonError

Tables = tuple[dict[dt.date, int], list[dt.date]]


def _dates(field: str, values: object) -> Sequence[Any]:
    """``values`` itself when a list or tuple; a ``datetime64[D]`` array's dates; else checked."""
    if type(values) in (list, tuple):
        return values  # type: ignore[return-value]
    dtype = getattr(values, "dtype", None)
    if getattr(dtype, "kind", None) == "M":
        if str(dtype) != "datetime64[D]" or getattr(values, "ndim", 1) != 1:
            raise type_error(field, "dates (a one-dimensional datetime64[D] array)", values)
        days: list[Any] = values.astype(object).tolist()  # type: ignore[attr-defined]
        if None in days:
            raise value_error(f"{field}[{days.index(None)}]", "a date (not NaT)", "NaT")
        return days
    return check_sequence(field, values, check_date)


def _ints(field: str, values: object) -> list[int]:
    """Plain ints: in bulk when plain (bool refused), else each checked."""
    if type(values) in (list, tuple):
        seq: Sequence[Any] = values  # type: ignore[assignment]
        if set(map(type, seq)) <= {int}:
            return list(seq)
    elif getattr(getattr(values, "dtype", None), "kind", None) in ("i", "u"):
        values = values.tolist()  # type: ignore[attr-defined]
    return list(check_sequence(field, values, check_int))


class BatchQueries:
    """``working_days_between_many`` and ``add_working_days_many`` (see the module)."""

    __slots__ = ("_tables",)

    if TYPE_CHECKING:
        _index: Index

        def _horizon_error(self, day: dt.date) -> CalendarHorizonError: ...
        def add_working_days(self, day: dt.date | str, n: int) -> dt.date: ...

    def _batch_tables(self) -> Tables:
        """Date -> (working days up to it) - 1, and the working days as dates (built once)."""
        try:
            tables: Tables = _get_tables(self)
        except AttributeError:
            idx = self._index
            p, day = idx.wd_prefix, dt.date.fromordinal
            up_to = {day(idx.first_ord + i): p[i + 1] - 1 for i in range(idx.limit)}
            work = [day(idx.first_ord + j) for j in idx.work_days if j < idx.limit]
            _set_tables(self, (up_to, work))
            return up_to, work
        return tables

    def _look_up(self, field: str, values: object, up_to: dict[dt.date, int]) -> list[int]:
        """``up_to[d]`` for each date of ``values``, or the error naming the first bad one."""
        dates = _dates(field, values)
        try:
            return list(map(up_to.__getitem__, dates))
        except (KeyError, TypeError):  # TypeError: an unhashable element
            pass
        checked = check_sequence(field, dates, check_date)  # names an element that is no date
        for d in checked:
            if d not in up_to:
                raise self._horizon_error(d)
        return [up_to[d] for d in checked]

    def working_days_between_many(self, starts: Iterable[Any], ends: Iterable[Any]) -> list[int]:
        """``working_days_between(starts[k], ends[k])`` for every k, in one pass.

        Args:
            starts: Dates (``datetime.date``, ISO strings, or a NumPy
                ``datetime64[D]`` array).
            ends: As many dates.

        Returns:
            A list of ints, element k equal to the single call on pair k.

        Raises:
            InvalidInputError: ``ends`` is not as long as ``starts``, or an
                element is not a date (the message names ``starts[k]``).
            CalendarHorizonError: a date outside the calendar's data.

        Example:
            >>> import datetime as dt
            >>> from qmscore.workdays import WorkCalendar
            >>> cal = WorkCalendar.china()
            >>> cal.working_days_between_many(
            ...     [dt.date(2026, 9, 30), dt.date(2026, 10, 9)],
            ...     [dt.date(2026, 10, 10), dt.date(2026, 10, 8)])
            [3, -1]
        """
        up_to = self._batch_tables()[0]
        if (
            isinstance(starts, (list, tuple))
            and type(starts) is type(ends)
            and type(starts) in (list, tuple)
            and len(starts) == len(ends)
        ):
            get = up_to.__getitem__
            try:  # the plain case in one pass
                return list(map(operator.sub, map(get, ends), map(get, starts)))
            except (KeyError, TypeError):  # not all dates the calendar has: the careful path
                pass
        a = self._look_up("starts", starts, up_to)
        b = self._look_up("ends", ends, up_to)
        if len(a) != len(b):
            raise value_error("ends", f"as long as 'starts' ({len(a)} dates)", f"{len(b)} dates")
        return list(map(operator.sub, b, a))

    def add_working_days_many(self, days: Iterable[Any], ns: Iterable[Any]) -> list[dt.date]:
        """``add_working_days(days[k], ns[k])`` for every k, in one pass.

        Args:
            days: Dates (``datetime.date``, ISO strings, or a NumPy
                ``datetime64[D]`` array).
            ns: As many whole numbers of working days (NumPy integers and
                integer arrays accepted; bool refused).

        Returns:
            A list of dates, element k equal to the single call on query k.

        Raises:
            InvalidInputError: ``ns`` is not as long as ``days``, or an element
                is not a date or an int.
            CalendarHorizonError: a date or an answer outside the calendar's data.

        Example:
            >>> import datetime as dt
            >>> from qmscore.workdays import WorkCalendar
            >>> cal = WorkCalendar.china()
            >>> cal.add_working_days_many([dt.date(2026, 9, 30)] * 3, [3, 0, -1])
            [datetime.date(2026, 10, 10), datetime.date(2026, 9, 30), datetime.date(2026, 9, 29)]
        """
        up_to, work = self._batch_tables()
        last = self._look_up("days", days, up_to)
        steps = _ints("ns", ns)
        if len(last) != len(steps):
            raise value_error(
                "ns", f"as long as 'days' ({len(last)} dates)", f"{len(steps)} numbers"
            )
        if not last:
            return []
        # The index (0-based) of the answer among the working days, as in
        # add_working_days: n > 0 counts from the last working day up to the
        # date; n <= 0 from the first working day at or after it.
        if min(steps) > 0:
            ks = list(map(operator.add, last, steps))
        else:
            idx = self._index
            dates = check_sequence("days", _dates("days", days), check_date)
            ks = [
                k + n if n > 0 else k + 1 - idx.working[d.toordinal() - idx.first_ord] + n
                for k, n, d in zip(last, steps, dates, strict=True)
            ]
        if min(ks) >= 0 and max(ks) < len(work):
            return list(map(work.__getitem__, ks))
        # Some answer falls outside the data: the single call says which.
        dates = check_sequence("days", _dates("days", days), check_date)
        return [self.add_working_days(d, n) for d, n in zip(dates, steps, strict=True)]


_get_tables = vars(BatchQueries)["_tables"].__get__
_set_tables = vars(BatchQueries)["_tables"].__set__
