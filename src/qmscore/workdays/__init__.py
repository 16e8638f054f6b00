"""Working days and working hours: calendars as frozen values with O(1) queries.

The calendar area lives together here: :mod:`qmscore.workdays.calendar` (the
:class:`WorkCalendar` value and its queries), :mod:`qmscore.workdays.kinds`
(what a date is), :mod:`qmscore.workdays.china` (festivals and the statutory
days of 全国年节及纪念日放假办法), :mod:`qmscore.workdays.notices` (the State
Council's yearly notice, parsed) and the loaders that build China and other
countries' calendars from data. Import the names from here.

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays import WorkCalendar
    >>> cal = WorkCalendar.china()
    >>> cal.add_working_days(dt.date(2026, 9, 30), 3)   # National Day, then a make-up Saturday
    datetime.date(2026, 10, 10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qmscore.workdays.calendar import CHINA_SHIFTS, DayOverride, Shift, WorkCalendar
from qmscore.workdays.kinds import DayKind

if TYPE_CHECKING:
    from qmscore.workdays.china import Festival, statutory_days
    from qmscore.workdays.notices import (
        ArrangedDay,
        Arrangement,
        NoticeItem,
        NoticeSource,
        parse_notice,
    )

__all__ = [
    "CHINA_SHIFTS",
    "ArrangedDay",
    "Arrangement",
    "DayKind",
    "DayOverride",
    "Festival",
    "NoticeItem",
    "NoticeSource",
    "Shift",
    "WorkCalendar",
    "parse_notice",
    "statutory_days",
]

# Imported on first use: `import qmscore.workdays` stays cheap for calendar-only users.
_LAZY = {
    "Festival": "qmscore.workdays.china",
    "statutory_days": "qmscore.workdays.china",
    "ArrangedDay": "qmscore.workdays.notices",
    "Arrangement": "qmscore.workdays.notices",
    "NoticeItem": "qmscore.workdays.notices",
    "NoticeSource": "qmscore.workdays.notices",
    "parse_notice": "qmscore.workdays.notices",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'qmscore.workdays' has no attribute {name!r}")
