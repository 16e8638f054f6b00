"""What a date is: working day, weekend, statutory holiday, in-lieu rest, make-up day...

The kind matters beyond "working or not": in China overtime on a statutory
holiday (法定节假日) is paid at 300%, on an in-lieu rest day (调休) or a weekend
at 200% (or time off), and a make-up working day (补班) is an ordinary working
day that happens to fall on a weekend.

Example:
    >>> from qmscore.workdays import DayKind
    >>> DayKind("in_lieu_rest") is DayKind.IN_LIEU_REST
    True
    >>> DayKind.STATUTORY_HOLIDAY.zh, DayKind.STATUTORY_HOLIDAY.works
    ('法定节假日', False)
"""

from __future__ import annotations

import enum

from qmscore.errors import InvalidInputError

__all__ = ["DayKind"]


class _KindMeta(enum.EnumMeta):
    """Calling the enum only looks a kind up (no functional API that makes new enums)."""

    def __call__(cls, value: object, *args: object, **kwargs: object) -> DayKind:  # type: ignore[override]
        if args or kwargs:
            raise InvalidInputError.constraint("kind", "a single value", (value, *args))
        return super().__call__(value)


class DayKind(str, enum.Enum, metaclass=_KindMeta):
    """The kind of a date (a ``str`` enum: ``DayKind.WEEKEND == "weekend"``).

    - ``WORKING``: an ordinary working day.
    - ``WEEKEND``: a rest day by the weekly pattern (or a weekend inside a holiday span).
    - ``STATUTORY_HOLIDAY``: a day off by 全国年节及纪念日放假办法 (法定节假日).
    - ``IN_LIEU_REST``: a weekday off because a weekend was moved to it (调休), or
      an extra rest day an arrangement adds (补休, an extension).
    - ``MAKEUP_WORKDAY``: a weekend day worked to pay for a moved rest day (调休上班).
    - ``SHUTDOWN``: a company rest day on a normal working day.
    - ``HALF_DAY``: a working day with shorter shifts.
    """

    WORKING = "working"
    WEEKEND = "weekend"
    STATUTORY_HOLIDAY = "statutory_holiday"
    IN_LIEU_REST = "in_lieu_rest"
    MAKEUP_WORKDAY = "makeup_workday"
    SHUTDOWN = "shutdown"
    HALF_DAY = "half_day"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> DayKind:
        raise InvalidInputError.constraint("kind", f"one of {[k.value for k in cls]}", value)

    @property
    def works(self) -> bool:
        """Whether people work on a day of this kind."""
        return self in _WORKS

    @property
    def en(self) -> str:
        """English label with its article, e.g. ``"an in-lieu rest day"``."""
        return _LABELS[self][0]

    @property
    def label(self) -> str:
        """English label without an article, e.g. ``"in-lieu rest day"``."""
        return self.en.split(" ", 1)[1]

    @property
    def zh(self) -> str:
        """Chinese label, e.g. ``"调休休息日"``."""
        return _LABELS[self][1]


_WORKS = frozenset({DayKind.WORKING, DayKind.MAKEUP_WORKDAY, DayKind.HALF_DAY})

_LABELS: dict[DayKind, tuple[str, str]] = {
    DayKind.WORKING: ("a working day", "工作日"),
    DayKind.WEEKEND: ("a weekend rest day", "周末休息日"),
    DayKind.STATUTORY_HOLIDAY: ("a statutory holiday", "法定节假日"),
    DayKind.IN_LIEU_REST: ("an in-lieu rest day", "调休休息日"),
    DayKind.MAKEUP_WORKDAY: ("a make-up working day", "调休上班日"),
    DayKind.SHUTDOWN: ("a company shutdown day", "公司停工日"),
    DayKind.HALF_DAY: ("a half working day", "半天工作日"),
}
