"""Working days and working hours: calendars as frozen values with O(1) queries.

The calendar area lives together here: :mod:`qmscore.workdays.calendar` (the
:class:`WorkCalendar` value and its queries) and the loaders that build China
and other countries' calendars from data. Import the names from here.

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays import WorkCalendar
    >>> cal = WorkCalendar.china()
    >>> cal.add_working_days(dt.date(2026, 9, 30), 3)   # National Day, then a make-up Saturday
    datetime.date(2026, 10, 10)
"""

from __future__ import annotations

from qmscore.workdays.calendar import CHINA_SHIFTS, DayOverride, Shift, WorkCalendar

__all__ = [
    "CHINA_SHIFTS",
    "DayOverride",
    "Shift",
    "WorkCalendar",
]
