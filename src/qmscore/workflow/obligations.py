"""Recurring obligations as data: when each falls, and whether it was met.

The procedures set a rhythm: a quality analysis meeting every 7 days, the
complaint statistics table at each month end, surveys in April and October
(具体在每年的四月份和十月份), internal audits at least twice a year, a
management review at least once, important customers visited twice a year,
key customers quarterly (000-004). A :class:`Schedule` is data;
:func:`occurrences` expands it; :func:`compliance` matches what was done to
what was due.

Three shapes cover the sources:

* a due date, on time since the previous one (``window="since_previous"``):
  "every 7 days", "by the end of the month" (``day=-1`` is the month end);
* a window (``window="month"``): on time from the first of the due date's
  month to the due date: "during April" is ``months=(4,), day=-1``;
* a count per period (``kind="count"``): "at least twice a year", any dates.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import PRESET_SCHEDULES, compliance, occurrences
    >>> survey = PRESET_SCHEDULES["satisfaction_survey"]     # during April and October
    >>> occurrences(survey, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    (datetime.date(2026, 4, 30), datetime.date(2026, 10, 31))
    >>> held = [dt.date(2026, 4, 15), dt.date(2026, 10, 20)]
    >>> r = compliance(survey, held, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    >>> r.met, r.late, r.missed
    (2, 0, 0)
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from typing import Any, Literal

import attrs
from dateutil import rrule

from qmscore._checks import (
    as_int,
    as_tuple,
    check_date,
    check_instance,
    check_int,
    check_sequence,
    int_validator,
    non_empty_str,
    one_of,
    value_error,
)
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar

__all__ = [
    "MONTH_END",
    "PRESET_SCHEDULES",
    "Compliance",
    "OccurrenceStatus",
    "Schedule",
    "compliance",
    "occurrences",
]

Kind = Literal["every_n_days", "weekly", "month_end", "months", "per_year", "count"]
Window = Literal["since_previous", "month"]
Period = Literal["month", "quarter", "half_year", "year"]
KINDS: tuple[str, ...] = ("every_n_days", "weekly", "month_end", "months", "per_year", "count")
WINDOWS: tuple[str, ...] = ("since_previous", "month")
PERIODS: tuple[str, ...] = ("month", "quarter", "half_year", "year")
_PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
MONTH_END = -1
"""``day=-1``: the last day of the month."""


def _months(inst: object, attribute: object, value: object) -> None:
    check_sequence("months", value, lambda f, v: check_int(f, v, minimum=1, maximum=12))


def _day(inst: object, attribute: object, value: object) -> None:
    day = check_int("day", value, minimum=-1, maximum=31)
    if day == 0:
        raise value_error("day", "1..31, or -1 for the month end", value)


def _optional_source(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_instance("source", value, Source, "a Source")


def _as_int_tuple(value: object) -> object:
    out = as_tuple(value)
    return tuple(as_int(v) for v in out) if isinstance(out, tuple) else out


@attrs.frozen
class Schedule:
    """A recurring obligation.

    Attributes:
        key: Stable name.
        en: What must happen.
        zh: The source's wording.
        kind: ``every_n_days`` (from the period start), ``weekly`` (on a
            weekday), ``month_end``, ``months`` (given months, on ``day``),
            ``per_year`` (n times a year, evenly spaced months, on ``day``),
            ``count`` (at least ``interval`` times per ``period``, any dates;
            due at the period's end).
        interval: Days for ``every_n_days``, weeks for ``weekly``, times a year
            for ``per_year``, times per period for ``count``.
        weekday: 0 = Monday, for ``weekly``.
        months: Months for ``months``.
        day: Day of the month for ``months`` and ``per_year``: 1..31, or -1
            (:data:`MONTH_END`) for the month's last day. A day past the end of
            a short month (31 in April, 29..31 in February) falls on its last day.
        rest_day: When an occurrence falls on a rest day: ``keep``, move
            ``earlier`` or ``later`` to a working day (needs a calendar).
        source: The seed it comes from.
        window: When a performance is on time: ``since_previous`` (after the
            previous due date, up to this one) or ``month`` (from the first of
            the due date's month up to the due date: "during April"). Month
            windows need a month-based kind (``month_end``, ``months``,
            ``per_year``) and ``rest_day="keep"``.
        period: The counting period of ``count``: ``month``, ``quarter``,
            ``half_year`` or ``year`` (calendar periods).
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    kind: Kind = attrs.field(validator=one_of(KINDS))
    interval: int = attrs.field(default=1, converter=as_int, validator=int_validator(1))
    weekday: int = attrs.field(default=0, converter=as_int, validator=int_validator(0, 6))
    months: tuple[int, ...] = attrs.field(default=(), converter=_as_int_tuple, validator=_months)
    day: int = attrs.field(default=1, converter=as_int, validator=_day)
    rest_day: Literal["keep", "earlier", "later"] = attrs.field(
        default="keep", validator=one_of(("keep", "earlier", "later"))
    )
    source: Source | None = attrs.field(default=None, validator=_optional_source)
    window: Window = attrs.field(default="since_previous", kw_only=True, validator=one_of(WINDOWS))
    period: Period = attrs.field(default="year", kw_only=True, validator=one_of(PERIODS))

    def __attrs_post_init__(self) -> None:
        if self.kind == "per_year" and 12 % self.interval:
            raise RuleSetError(
                f"schedule {self.key!r}: per_year must divide 12 (got {self.interval})"
            )
        if self.kind == "months" and not self.months:
            raise RuleSetError(f"schedule {self.key!r}: months must not be empty")
        if self.window == "month" and self.kind not in ("month_end", "months", "per_year"):
            raise RuleSetError(
                f"schedule {self.key!r}: a month window needs a month-based kind "
                f"(month_end, months or per_year), not {self.kind!r}"
            )
        if self.window == "month" and self.rest_day != "keep":
            raise RuleSetError(
                f"schedule {self.key!r}: a month window already allows any day of the month; "
                "rest_day must be 'keep'"
            )
        if self.kind == "count" and self.interval > 31 * _PERIOD_MONTHS[self.period]:
            raise RuleSetError(
                f"schedule {self.key!r}: at most one performance a day is counted; "
                f"{self.interval} times a {self.period} cannot be met"
            )
        if self.kind == "count" and self.rest_day != "keep":
            raise RuleSetError(
                f"schedule {self.key!r}: a count is due at its period's end; rest_day must be "
                "'keep'"
            )


def _seed(n: str) -> Source:
    return Source(f"seed {n}")


PRESET_SCHEDULES: dict[str, Schedule] = {
    s.key: s
    for s in (
        Schedule(
            "quality_meeting",
            "Quality analysis meeting",
            "每7天召开质量分析会",
            "every_n_days",
            7,
            source=_seed("002"),
        ),
        Schedule(
            "complaint_statistics",
            "Complaint statistics table",
            "每月末汇总客户投诉统计表",
            "month_end",
            source=_seed("002"),
        ),
        Schedule(
            "satisfaction_survey",
            "Satisfaction survey",
            "具体在每年的四月份和十月份进行满意度调查",
            "months",
            months=(4, 10),
            day=MONTH_END,
            window="month",
            source=_seed("004"),
        ),
        Schedule(
            "internal_audit",
            "Internal audit",
            "内部审核每年至少2次",
            "count",
            2,
            period="year",
            source=_seed("000"),
        ),
        Schedule(
            "management_review",
            "Management review",
            "管理评审每年至少一次",
            "count",
            1,
            period="year",
            source=_seed("000"),
        ),
        Schedule(
            "important_customer_visit",
            "Important customers visited",
            "重要客户每年至少回访2次",
            "count",
            2,
            period="year",
            source=_seed("000"),
        ),
        Schedule(
            "key_customer_visit",
            "Key customers visited",
            "关键客户每季度拜访",
            "count",
            1,
            period="quarter",
            source=_seed("003"),
        ),
        Schedule(
            "channel_review",
            "Communication channels reviewed",
            "每季度评估沟通渠道",
            "count",
            1,
            period="quarter",
            source=_seed("000"),
        ),
        Schedule(
            "service_standard_review",
            "Service standards reviewed",
            "每半年评估服务标准",
            "count",
            1,
            period="half_year",
            source=_seed("000"),
        ),
    )
}
"""The rhythm of the procedures, each citing its seed."""


def _check_period(start: object, end: object) -> tuple[dt.date, dt.date]:
    first = check_date("start", start)
    last = check_date("end", end)
    if last < first:
        raise InvalidInputError.constraint("end", f"on or after start ({first})", end)
    return first, last


def _month_day(year: int, month: int, day: int) -> dt.date:
    last = calendar_module.monthrange(year, month)[1]
    return dt.date(year, month, last if day == MONTH_END or day > last else day)


def _month_dates(start: dt.date, end: dt.date, months: tuple[int, ...], day: int) -> list[dt.date]:
    out = []
    for index in range(start.year * 12 + start.month - 1, end.year * 12 + end.month):
        year, month = divmod(index, 12)
        if month + 1 in months:
            d = _month_day(year, month + 1, day)
            if start <= d <= end:
                out.append(d)
    return out


def _period_start(schedule: Schedule, due: dt.date) -> dt.date:
    """First day of the counting period ending on ``due`` (a period end)."""
    span = _PERIOD_MONTHS[schedule.period]
    return dt.date(due.year, due.month - span + 1, 1)


def occurrences(
    schedule: Schedule,
    start: dt.date,
    end: dt.date,
    calendar: WorkCalendar | None = None,
) -> tuple[dt.date, ...]:
    """Due dates in ``[start, end]``, sorted and unique (rest days moved if asked).

    For a ``count`` schedule, the due dates are the ends of its periods.
    """
    check_instance("schedule", schedule, Schedule, "a Schedule")
    start, end = _check_period(start, end)
    if calendar is not None:
        calendar = check_instance("calendar", calendar, WorkCalendar, "a WorkCalendar")
    kind = schedule.kind
    if kind in ("every_n_days", "weekly"):
        begin = dt.datetime.combine(start, dt.time())
        until = dt.datetime.combine(end, dt.time())
        rule = (
            rrule.rrule(rrule.DAILY, interval=schedule.interval, dtstart=begin, until=until)
            if kind == "every_n_days"
            else rrule.rrule(
                rrule.WEEKLY,
                interval=schedule.interval,
                byweekday=schedule.weekday,
                dtstart=begin,
                until=until,
            )
        )
        days = [d.date() for d in rule]
    elif kind == "month_end":
        days = _month_dates(start, end, tuple(range(1, 13)), MONTH_END)
    elif kind == "months":
        days = _month_dates(start, end, schedule.months, schedule.day)
    elif kind == "per_year":
        days = _month_dates(start, end, tuple(range(1, 13, 12 // schedule.interval)), schedule.day)
    else:
        span = _PERIOD_MONTHS[schedule.period]
        days = _month_dates(start, end, tuple(range(span, 13, span)), MONTH_END)
    if schedule.rest_day != "keep":
        if calendar is None:
            raise InvalidInputError(
                f"schedule {schedule.key!r} moves rest days {schedule.rest_day}: give a calendar",
                field="calendar",
                value=None,
            )
        step_days = -1 if schedule.rest_day == "earlier" else 1
        moved = []
        for d in days:
            while not calendar.is_working_day(d):
                d += dt.timedelta(days=step_days)
            moved.append(d)
        days = [d for d in moved if start <= d <= end]
    return tuple(sorted(set(days)))


@display
@attrs.frozen
class OccurrenceStatus:
    """One due date and what happened.

    Attributes:
        due: The due date (a ``count`` schedule: its period's end).
        status: ``met``, ``late`` or ``missed``.
        performed: The performance matched to it (None: missed).
        opens: The first on-time day (None: any day after the previous due date).
    """

    due: dt.date
    status: Literal["met", "late", "missed"]
    performed: dt.date | None
    opens: dt.date | None = None


@display(rows="rows")
@attrs.frozen
class Compliance(Tabular):
    """Occurrences in a period: met, late or missed, with counts and reasons."""

    schedule: str
    rows: tuple[OccurrenceStatus, ...]
    met: int
    late: int
    missed: int
    reasons: tuple[Reason, ...]


def _counted(
    schedule: Schedule, dues: tuple[dt.date, ...], done: list[dt.date]
) -> list[OccurrenceStatus]:
    # One row per required performance: the period's first ``interval``
    # distinct dates meet it, the rest of the requirement is missed.
    rows = []
    for due in dues:
        opens = _period_start(schedule, due)
        inside = [d for d in done if opens <= d <= due]
        for i in range(schedule.interval):
            if i < len(inside):
                rows.append(OccurrenceStatus(due, "met", inside[i], opens))
            else:
                rows.append(OccurrenceStatus(due, "missed", None, opens))
    return rows


def _dated(
    schedule: Schedule, dues: tuple[dt.date, ...], done: list[dt.date]
) -> list[OccurrenceStatus]:
    month = schedule.window == "month"
    opens = [d.replace(day=1) if month else None for d in dues]
    used: set[dt.date] = set()
    rows = []
    for i, due in enumerate(dues):
        first = opens[i]
        if first is None:
            previous = dues[i - 1] if i else None
            on_time = [d for d in done if (previous is None or previous < d) and d <= due]
        else:
            on_time = [d for d in done if first <= d <= due]
        on_time = [d for d in on_time if d not in used]
        # Late: after the due date and before the next due date (since_previous),
        # or before the next window opens (month windows).
        stop = None if i + 1 == len(dues) else (opens[i + 1] or dues[i + 1])
        late = [d for d in done if due < d and (stop is None or d < stop) and d not in used]
        if on_time:
            used.add(on_time[-1])
            rows.append(OccurrenceStatus(due, "met", on_time[-1], first))
        elif late:
            used.add(late[0])
            rows.append(OccurrenceStatus(due, "late", late[0], first))
        else:
            rows.append(OccurrenceStatus(due, "missed", None, first))
    return rows


def compliance(
    schedule: Schedule,
    performed: tuple[dt.date, ...] | list[dt.date],
    start: dt.date,
    end: dt.date,
    calendar: WorkCalendar | None = None,
) -> Compliance:
    """Match performed dates to occurrences in ``[start, end]``.

    With ``window="since_previous"`` an occurrence is met by a performance
    after the previous due date and on or before its own; late by one after it
    but before the next due date. With ``window="month"`` it is met by one from
    the first of the due date's month to the due date; late by one after that
    and before the next window opens. Missed otherwise. Each performance
    counts once.

    A ``count`` schedule gives ``interval`` rows per period ending in
    ``[start, end]``: one met row per distinct performance date inside the
    period (up to ``interval``), the rest missed; a count is never late.

    Example:
        >>> import datetime as dt
        >>> from qmscore.workflow import PRESET_SCHEDULES, compliance
        >>> audit = PRESET_SCHEDULES["internal_audit"]          # at least twice a year
        >>> r = compliance(audit, [dt.date(2026, 3, 2), dt.date(2026, 3, 9)],
        ...                dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> r.met, r.missed
        (2, 0)
    """
    dues = occurrences(schedule, start, end, calendar)
    done = sorted(set(check_sequence("performed", performed, check_date)))
    rows = (_counted if schedule.kind == "count" else _dated)(schedule, dues, done)
    counts = {s: sum(r.status == s for r in rows) for s in ("met", "late", "missed")}
    missed = [str(r.due) for r in rows if r.status == "missed"]
    reasons = (
        Reason(
            "obligations.compliance",
            f"{schedule.en}: {counts['met']} met, {counts['late']} late, "
            f"{counts['missed']} missed "
            f"of {len(rows)}" + (f" (missed: {', '.join(missed)})" if missed else ""),
            f"{schedule.zh}：共 {len(rows)} 次，按时 {counts['met']}，迟 {counts['late']}，"
            f"缺 {counts['missed']}",
            source=schedule.source,
        ),
    )
    return Compliance(
        schedule.key, tuple(rows), counts["met"], counts["late"], counts["missed"], reasons
    )
