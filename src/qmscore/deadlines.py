"""Deadline rules as values: "3 working days", "24 hours", "same day", the customer's time.

``rule.due(received_at, calendar)`` returns a :class:`Deadline` with the
moment (aware, in the calendar's zone), whether it rests on estimated calendar
data, and the reasons: which convention applied and which rest days were
skipped.

Conventions (DESIGN.md; each is documented on its rule):

* :class:`WorkingDays`: the receipt day is day 0, whatever the hour or whether
  it works; due at the end of the last shift of the n-th working day after it.
* :class:`Hours`, :class:`Minutes`: absolute elapsed time, computed in UTC, so
  a DST change never shortens "24 hours".
* :class:`WorkingHours`: elapsed time inside the calendar's shifts.
* :class:`SameDay` (当天): end of the receipt day's last shift if received on a
  working day before it ends, else the end of the next working day.
* :class:`CalendarDays`: the same wall-clock time n days later ("2 days").
* :class:`CustomerRequested`: the customer's own time replaces the default.

Example:
    >>> import datetime as dt
    >>> from qmscore.deadlines import WorkingDays
    >>> from qmscore.workdays import WorkCalendar
    >>> d = WorkingDays(3).due(dt.datetime(2026, 9, 30, 16, 0), WorkCalendar.china())
    >>> d.due_at.isoformat()
    '2026-10-10T17:30:00+08:00'
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

import attrs

from qmscore._checks import (
    as_int,
    as_optional_datetime,
    as_tuple,
    check_datetime,
    check_instance,
    fixed,
    int_validator,
    non_empty_str,
    type_error,
    value_error,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar

if TYPE_CHECKING:
    from qmscore._deadline_presets import PRESETS as PRESETS

__all__ = [
    "PRESETS",
    "CalendarDays",
    "CustomerRequested",
    "Deadline",
    "EarliestOf",
    "Hours",
    "LatestOf",
    "Minutes",
    "Preset",
    "Rule",
    "SameDay",
    "WorkingDays",
    "WorkingHours",
]


@display
@attrs.frozen
class Deadline:
    """When something is due, and why.

    Attributes:
        received_at: The start of the clock, aware, in the calendar's zone.
        due_at: The deadline, aware, in the calendar's zone.
        rule: The rule's short description, e.g. ``"3 working days"``.
        estimated: True when the answer uses dates past the calendar's horizon.
        reasons: The convention applied and the days skipped.
    """

    received_at: dt.datetime
    due_at: dt.datetime
    rule: str
    estimated: bool = False
    reasons: tuple[Reason, ...] = ()

    def is_overdue(self, now: dt.datetime | str) -> bool:
        """True when ``now`` (aware, or an ISO string with an offset) is after ``due_at``."""
        now = check_datetime("now", now)
        if now.tzinfo is None:
            raise value_error("now", "an aware datetime", now)
        return _utc(now) > _utc(self.due_at)


def _utc(moment: dt.datetime) -> dt.datetime:
    # Compare and subtract in UTC: within one zone Python compares wall clocks,
    # which is wrong in the repeated hour of a DST change.
    return moment.astimezone(dt.timezone.utc)


def _earlier(a: dt.datetime, b: dt.datetime, calendar: WorkCalendar) -> bool:
    """``a`` before ``b`` (both in the calendar's zone); wall clocks where no clock changes."""
    if a.tzinfo is b.tzinfo and not calendar._index.starts:
        return a < b
    return _utc(a) < _utc(b)


def _received(received_at: object, calendar: object) -> tuple[dt.datetime, WorkCalendar]:
    cal = check_instance("calendar", calendar, WorkCalendar, "a WorkCalendar")
    return cal._localize("received_at", received_at), cal


def _too_far(n: int) -> InvalidInputError:
    return value_error("n", "small enough for a deadline before the year 10000", n)


def _skipped(calendar: WorkCalendar, start: dt.date, end: dt.date) -> tuple[Reason, ...]:
    """A reason naming the rest days skipped between start and end (both exclusive).

    Read from the calendar's index, not by walking the days: the rest days
    are the days between minus the working days between (prefix counts), and
    the named ones (rest days with an override) a bisection in ``rest_named``.
    """
    idx = calendar._index
    s = start.toordinal() - idx.first_ord
    e = end.toordinal() - idx.first_ord
    if e - s < 2:  # no day between
        return ()
    rest = (e - s - 1) - (idx.wd_prefix[e] - idx.wd_prefix[s + 1])
    if not rest:
        return ()
    named_rest = idx.rest_named[
        bisect.bisect_right(idx.rest_named, s) : bisect.bisect_left(idx.rest_named, e)
    ]
    plain = rest - len(named_rest)
    named: list[tuple[str, str]] = []
    for i in named_rest:
        day = dt.date.fromordinal(idx.first_ord + i)
        override = calendar.overrides[day]
        kind = calendar.day_kind(day)
        named.append(
            (
                f"{day} {kind.label}: {override.name}",
                f"{day} {kind.zh}：{override.zh or override.name}",
            )
        )
    en = "Skipped rest days: " + "; ".join(e for e, _z in named)
    en += f" and {plain} weekend day(s)" if plain else ""
    zh = "跳过休息日：" + "；".join(z for _e, z in named)
    zh += f"，另有周末 {plain} 天" if plain else ""
    return (Reason("deadlines.skipped", en, zh, source=Source(calendar.source)),)


@attrs.frozen
class WorkingDays:
    """Due at the end of the n-th working day after the receipt day (receipt day = day 0)."""

    n: int = attrs.field(converter=as_int, validator=int_validator(0))
    kind: Literal["working_days"] = attrs.field(
        default="working_days", validator=fixed("working_days")
    )

    def describe(self) -> str:
        """Short English description."""
        return f"{self.n} working days"

    def _day_due(
        self, start: dt.datetime, calendar: WorkCalendar
    ) -> tuple[dt.date, dt.datetime, bool]:
        """The last working day, the deadline and whether it rolled forward (receipt local)."""
        day = calendar.add_working_days(start.date(), self.n)
        due = calendar.end_of_day(day)
        # Only n = 0 can end before the receipt (received after the day's last shift): as 当天.
        if not self.n and _utc(due) < _utc(start):
            day = calendar.add_working_days(day, 1)
            return day, calendar.end_of_day(day), True
        return day, due, False

    def _due_at(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        return self._day_due(start, calendar)[1]

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The deadline for something received at ``received_at``."""
        start, calendar = _received(received_at, calendar)
        day, due, rolled_forward = self._day_due(start, calendar)
        rolled: tuple[Reason, ...] = ()
        if rolled_forward:
            rolled = (
                Reason(
                    "deadlines.rolled_forward",
                    f"Received after the last shift of day 0: due at the end of {day} instead",
                    f"于第 0 天下班后收到：改为 {day} 下班前到期",
                ),
            )
        return Deadline(
            start,
            due,
            self.describe(),
            calendar.is_estimated(day),
            (
                *rolled,
                Reason(
                    "deadlines.working_days",
                    f"{self.n} working days: the receipt day {start.date()} is day 0; due at the "
                    f"end of working day {self.n}, {day}",
                    f"{self.n} 个工作日：收到当天 {start.date()} 为第 0 天；第 {self.n} 个工作日 "
                    f"{day} 下班前到期",
                ),
                *_skipped(calendar, start.date(), day),
            ),
        )


def _elapsed_at(
    rule: Hours | Minutes, start: dt.datetime, calendar: WorkCalendar, delta: dt.timedelta
) -> dt.datetime:
    # In UTC, so the elapsed time is exact across DST changes (the calendar
    # adds on its own clock where no clock change lies between).
    try:
        return calendar._plus_elapsed(start, delta)
    except (OverflowError, InvalidInputError):  # past datetime's range, in UTC or locally
        raise _too_far(rule.n) from None


def _elapsed(
    rule: Hours | Minutes,
    received_at: dt.datetime | str,
    calendar: WorkCalendar,
    zh_unit: str,
) -> Deadline:
    start, calendar = _received(received_at, calendar)
    due = rule._due_at(start, calendar)
    return Deadline(
        start,
        due,
        rule.describe(),
        False,
        (
            Reason(
                "deadlines.elapsed",
                f"{rule.describe()} of elapsed time (day and night, working or not)",
                f"{rule.n} {zh_unit}（按实际经过时间计，不分昼夜与工作日）",
            ),
        ),
    )


@attrs.frozen
class Hours:
    """Due n hours of elapsed time after receipt (absolute, DST-safe)."""

    n: int = attrs.field(converter=as_int, validator=int_validator(0))
    kind: Literal["hours"] = attrs.field(default="hours", validator=fixed("hours"))

    def describe(self) -> str:
        """Short English description."""
        return f"{self.n} hour{'' if self.n == 1 else 's'}"

    def _due_at(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        try:
            delta = dt.timedelta(hours=self.n)
        except OverflowError:
            raise _too_far(self.n) from None
        return _elapsed_at(self, start, calendar, delta)

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The deadline for something received at ``received_at``."""
        return _elapsed(self, received_at, calendar, "小时")


@attrs.frozen
class Minutes:
    """Due n minutes of elapsed time after receipt (absolute, DST-safe)."""

    n: int = attrs.field(converter=as_int, validator=int_validator(0))
    kind: Literal["minutes"] = attrs.field(default="minutes", validator=fixed("minutes"))

    def describe(self) -> str:
        """Short English description."""
        return f"{self.n} minute{'' if self.n == 1 else 's'}"

    def _due_at(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        try:
            delta = dt.timedelta(minutes=self.n)
        except OverflowError:
            raise _too_far(self.n) from None
        return _elapsed_at(self, start, calendar, delta)

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The deadline for something received at ``received_at``."""
        return _elapsed(self, received_at, calendar, "分钟")


@attrs.frozen
class WorkingHours:
    """Due after n hours of working time (inside the calendar's shifts)."""

    n: int = attrs.field(converter=as_int, validator=int_validator(0))
    kind: Literal["working_hours"] = attrs.field(
        default="working_hours", validator=fixed("working_hours")
    )

    def describe(self) -> str:
        """Short English description."""
        return f"{self.n} working hours"

    def _due_at(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        try:
            delta = dt.timedelta(hours=self.n)
        except OverflowError:
            raise _too_far(self.n) from None
        return calendar.add_working_time(start, delta)

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The deadline for something received at ``received_at``."""
        start, calendar = _received(received_at, calendar)
        due = self._due_at(start, calendar)
        return Deadline(
            start,
            due,
            self.describe(),
            calendar.is_estimated(due.date()),
            (
                Reason(
                    "deadlines.working_hours",
                    f"{self.n} working hours, counted inside shifts only; the clock starts at "
                    f"{calendar.next_working_moment(start).isoformat()}",
                    f"{self.n} 个工作小时，仅计上班时间；自 "
                    f"{calendar.next_working_moment(start).isoformat()} 起计",
                ),
                *_skipped(calendar, start.date(), due.date()),
            ),
        )


@attrs.frozen
class CalendarDays:
    """Due at the same wall-clock time n calendar days later ("2 days", "one week")."""

    n: int = attrs.field(converter=as_int, validator=int_validator(0))
    kind: Literal["calendar_days"] = attrs.field(
        default="calendar_days", validator=fixed("calendar_days")
    )

    def describe(self) -> str:
        """Short English description."""
        return f"{self.n} days"

    def _wall(self, start: dt.datetime) -> dt.datetime:
        try:
            return start.replace(tzinfo=None) + dt.timedelta(days=self.n)
        except OverflowError:
            raise _too_far(self.n) from None

    def _due_at(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        return calendar.localize(self._wall(start))

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The deadline for something received at ``received_at``."""
        start, calendar = _received(received_at, calendar)
        wall = self._wall(start)
        return Deadline(
            start,
            calendar.localize(wall),
            self.describe(),
            False,
            (
                Reason(
                    "deadlines.calendar_days",
                    f"{self.n} calendar days: the same clock time on {wall.date()}",
                    f"{self.n} 个自然日：{wall.date()} 同一时刻",
                ),
            ),
        )


@attrs.frozen
class SameDay:
    """当天: end of the receipt day's last shift, or of the next working day if too late."""

    kind: Literal["same_day"] = attrs.field(default="same_day", validator=fixed("same_day"))

    def describe(self) -> str:
        """Short English description."""
        return "same day"

    def _same_day(
        self, start: dt.datetime, calendar: WorkCalendar
    ) -> tuple[dt.date, dt.datetime, bool]:
        """The day it is due, the deadline, and whether that is the receipt day."""
        today = start.date()
        if calendar.is_working_day(today):
            due = calendar.end_of_day(today)
            if _earlier(start, due, calendar):
                return today, due, True
        day = calendar.add_working_days(today, 1)
        return day, calendar.end_of_day(day), False

    def _due_at(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        return self._same_day(start, calendar)[1]

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The deadline for something received at ``received_at``."""
        start, calendar = _received(received_at, calendar)
        day, due, same = self._same_day(start, calendar)
        if same:
            why = (
                "received on a working day before its last shift ends: due at that end",
                "于工作日下班前收到：当天下班前到期",
            )
        else:
            why = (
                f"received after the day's last shift or on a rest day: due at the end of the "
                f"next working day, {day}",
                f"于下班后或休息日收到：顺延至下一个工作日 {day} 下班前",
            )
        return Deadline(
            start,
            due,
            self.describe(),
            calendar.is_estimated(due.date()),
            (Reason("deadlines.same_day", f"Same day: {why[0]}", f"当天：{why[1]}"),),
        )


SimpleRule = WorkingDays | Hours | Minutes | WorkingHours | CalendarDays | SameDay
_SIMPLE = (WorkingDays, Hours, Minutes, WorkingHours, CalendarDays, SameDay)


def _optional_at(inst: object, attribute: object, value: Any) -> None:
    if value is not None:
        check_datetime("at", value)


def _simple_rule(inst: object, attribute: object, value: Any) -> None:
    check_instance("default", value, _SIMPLE, "a deadline rule (WorkingDays, Hours...)")


_ZH_RULES = {
    "working_days": "{n} 个工作日",
    "hours": "{n} 小时",
    "minutes": "{n} 分钟",
    "working_hours": "{n} 个工作小时",
    "calendar_days": "{n} 天",
    "same_day": "当天",
}


def _describe_zh(rule: Any) -> str:
    """A simple rule's :meth:`describe` in Chinese."""
    return _ZH_RULES[rule.kind].format(n=getattr(rule, "n", ""))


@attrs.frozen
class CustomerRequested:
    """The customer's requested time, replacing ``default`` (004); default alone if none."""

    at: dt.datetime | None = attrs.field(converter=as_optional_datetime, validator=_optional_at)
    default: SimpleRule = attrs.field(validator=_simple_rule)
    kind: Literal["customer_requested"] = attrs.field(
        default="customer_requested", validator=fixed("customer_requested")
    )

    def describe(self) -> str:
        """Short English description."""
        return "customer's time" if self.at is not None else self.default.describe()

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The customer's time if given (it must be after receipt), else the default."""
        fallback = self.default.due(received_at, calendar)
        received_at = check_datetime("received_at", received_at)
        if self.at is None:
            return attrs.evolve(
                fallback,
                reasons=(
                    Reason(
                        "deadlines.default_applies",
                        "No time requested by the customer: the default, "
                        + self.default.describe(),
                        f"客户未要求时间：按默认时限 {_describe_zh(self.default)}",
                    ),
                    *fallback.reasons,
                ),
            )
        if (self.at.tzinfo is None) != (received_at.tzinfo is None):
            raise InvalidInputError(
                "'at' and 'received_at' mix a naive and an aware datetime, which is ambiguous",
                field="at",
                value=self.at,
            )
        at = calendar.localize(self.at)
        if _utc(at) <= _utc(fallback.received_at):
            raise InvalidInputError.constraint(
                "at", f"after the receipt ({fallback.received_at.isoformat()})", self.at
            )
        return Deadline(
            fallback.received_at,
            at,
            self.describe(),
            calendar.is_estimated(at.date()) if at.date() <= calendar.last else True,
            (
                Reason(
                    "deadlines.customer_requested",
                    f"The customer asked for {at.isoformat()}: it replaces the default "
                    f"({self.default.describe()}, {fallback.due_at.isoformat()})",
                    f"客户要求 {at.isoformat()}：取代默认时限（{self.default.describe()}，"
                    f"{fallback.due_at.isoformat()}）",
                    source=Source("seed 004 客户投诉处理程序"),
                ),
            ),
        )


def _rules(inst: object, attribute: object, value: Any) -> None:
    if not isinstance(value, tuple):
        raise type_error("rules", "a non-empty list of rules", value)
    if not value:
        raise value_error("rules", "a non-empty list of rules", value)
    for k, rule in enumerate(value):
        check_instance(f"rules[{k}]", rule, _SIMPLE, "a deadline rule (WorkingDays, Hours...)")


@attrs.frozen
class EarliestOf:
    """The earliest of several rules' deadlines."""

    rules: tuple[SimpleRule, ...] = attrs.field(converter=as_tuple, validator=_rules)
    kind: Literal["earliest_of"] = attrs.field(
        default="earliest_of", validator=fixed("earliest_of")
    )

    def describe(self) -> str:
        """Short English description."""
        return "earliest of " + ", ".join(r.describe() for r in self.rules)

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The earliest deadline of the rules."""
        return _pick(self, min, received_at, calendar, "earliest", "最早")


@attrs.frozen
class LatestOf:
    """The latest of several rules' deadlines."""

    rules: tuple[SimpleRule, ...] = attrs.field(converter=as_tuple, validator=_rules)
    kind: Literal["latest_of"] = attrs.field(default="latest_of", validator=fixed("latest_of"))

    def describe(self) -> str:
        """Short English description."""
        return "latest of " + ", ".join(r.describe() for r in self.rules)

    def due(self, received_at: dt.datetime | str, calendar: WorkCalendar) -> Deadline:
        """The latest deadline of the rules."""
        return _pick(self, max, received_at, calendar, "latest", "最晚")


def _pick(
    combo: EarliestOf | LatestOf,
    choose: object,
    received_at: dt.datetime | str,
    calendar: WorkCalendar,
    en: str,
    zh: str,
) -> Deadline:
    each = [r.due(received_at, calendar) for r in combo.rules]
    chosen = choose(each, key=lambda d: _utc(d.due_at))  # type: ignore[operator]
    return Deadline(
        chosen.received_at,
        chosen.due_at,
        combo.describe(),
        any(d.estimated for d in each),
        (
            Reason(
                "deadlines.combined",
                f"The {en} of: " + "; ".join(f"{d.rule} -> {d.due_at.isoformat()}" for d in each),
                f"取{zh}：" + "；".join(f"{d.rule} -> {d.due_at.isoformat()}" for d in each),
            ),
            *chosen.reasons,
        ),
    )


Rule = SimpleRule | CustomerRequested | EarliestOf | LatestOf


def _any_rule(inst: object, attribute: object, value: Any) -> None:
    check_instance(
        "rule", value, (*_SIMPLE, CustomerRequested, EarliestOf, LatestOf), "a deadline rule"
    )


@attrs.frozen
class Preset:
    """A clock from the procedures, with its source.

    Attributes:
        key: Stable identifier.
        rule: The deadline rule.
        en: What it is for, in English.
        zh: The source's wording.
        source: The seed document.
    """

    key: str = attrs.field(validator=non_empty_str)
    rule: Rule = attrs.field(validator=_any_rule)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    source: Source = attrs.field(
        validator=lambda _i, _a, v: check_instance("source", v, Source, "a Source")
    )


def __getattr__(name: str) -> Any:
    # PRESETS lives in its own module (it is data, and it imports the rules).
    if name == "PRESETS":
        from qmscore._deadline_presets import PRESETS

        return PRESETS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
