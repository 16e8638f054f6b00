"""Recurring obligations as data: when each falls, and whether it was met.

The procedures set a rhythm: a quality analysis meeting every 7 days, the
complaint statistics table at each month end, surveys in April and October,
internal audits at least twice a year, a management review at least once,
important customers visited twice a year, key customers quarterly (000-004).
A :class:`Schedule` is data; :func:`occurrences` expands it with
``dateutil.rrule``; :func:`compliance` matches what was done to what was due.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import PRESET_SCHEDULES, occurrences
    >>> survey = PRESET_SCHEDULES["satisfaction_survey"]
    >>> occurrences(survey, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    (datetime.date(2026, 4, 1), datetime.date(2026, 10, 1))
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs
from dateutil import rrule

from qmscore._checks import non_empty_str
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar

__all__ = [
    "PRESET_SCHEDULES",
    "Compliance",
    "OccurrenceStatus",
    "Schedule",
    "compliance",
    "occurrences",
]

Kind = Literal["every_n_days", "weekly", "month_end", "months", "per_year"]


@attrs.frozen
class Schedule:
    """A recurring obligation.

    Attributes:
        key: Stable name.
        en: What must happen.
        zh: The source's wording.
        kind: ``every_n_days`` (from the period start), ``weekly`` (on a
            weekday), ``month_end``, ``months`` (given months, on ``day``),
            ``per_year`` (n times a year, evenly spaced months, on ``day``).
        interval: Days for ``every_n_days``, weeks for ``weekly``, times a year
            for ``per_year``.
        weekday: 0 = Monday, for ``weekly``.
        months: Months for ``months``.
        day: Day of the month for ``months`` and ``per_year``.
        rest_day: When an occurrence falls on a rest day: ``keep``, move
            ``earlier`` or ``later`` to a working day (needs a calendar).
        source: The seed it comes from.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    kind: Kind
    interval: int = 1
    weekday: int = 0
    months: tuple[int, ...] = ()
    day: int = 1
    rest_day: Literal["keep", "earlier", "later"] = "keep"
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind not in ("every_n_days", "weekly", "month_end", "months", "per_year"):
            raise RuleSetError(f"schedule {self.key!r}: unknown kind {self.kind!r}")
        if (
            isinstance(self.interval, bool)
            or not isinstance(self.interval, int)
            or self.interval < 1
        ):
            raise RuleSetError(f"schedule {self.key!r}: interval must be a whole number >= 1")
        if self.kind == "per_year" and 12 % self.interval:
            raise RuleSetError(
                f"schedule {self.key!r}: per_year must divide 12 (got {self.interval})"
            )
        if self.kind == "months" and (
            not self.months or not all(1 <= m <= 12 for m in self.months)
        ):
            raise RuleSetError(f"schedule {self.key!r}: months must be 1..12 and not empty")
        if not 0 <= self.weekday <= 6 or not 1 <= self.day <= 28:
            raise RuleSetError(f"schedule {self.key!r}: weekday 0..6 and day 1..28 required")
        if self.rest_day not in ("keep", "earlier", "later"):
            raise RuleSetError(f"schedule {self.key!r}: rest_day must be keep, earlier or later")


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
            "每年4月、10月满意度调查",
            "months",
            months=(4, 10),
            source=_seed("004"),
        ),
        Schedule(
            "internal_audit",
            "Internal audit",
            "内部审核每年至少2次",
            "per_year",
            2,
            source=_seed("000"),
        ),
        Schedule(
            "management_review",
            "Management review",
            "管理评审每年至少一次",
            "per_year",
            1,
            source=_seed("000"),
        ),
        Schedule(
            "important_customer_visit",
            "Important customers visited",
            "重要客户每年至少回访2次",
            "per_year",
            2,
            source=_seed("000"),
        ),
        Schedule(
            "key_customer_visit",
            "Key customers visited",
            "关键客户每季度拜访",
            "per_year",
            4,
            source=_seed("003"),
        ),
        Schedule(
            "channel_review",
            "Communication channels reviewed",
            "每季度评估沟通渠道",
            "per_year",
            4,
            source=_seed("000"),
        ),
        Schedule(
            "service_standard_review",
            "Service standards reviewed",
            "每半年评估服务标准",
            "per_year",
            2,
            source=_seed("000"),
        ),
    )
}
"""The rhythm of the procedures, each citing its seed."""


def _check_period(start: object, end: object) -> tuple[dt.date, dt.date]:
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidInputError.constraint(name, "a datetime.date", value)
    if end < start:  # type: ignore[operator]
        raise InvalidInputError.constraint("end", f"on or after start ({start})", end)
    return start, end  # type: ignore[return-value]


def occurrences(
    schedule: Schedule,
    start: dt.date,
    end: dt.date,
    calendar: WorkCalendar | None = None,
) -> tuple[dt.date, ...]:
    """Due dates in ``[start, end]``, sorted and unique (rest days moved if asked)."""
    start, end = _check_period(start, end)
    begin = dt.datetime.combine(start, dt.time())
    until = dt.datetime.combine(end, dt.time())
    if schedule.kind == "every_n_days":
        rule = rrule.rrule(rrule.DAILY, interval=schedule.interval, dtstart=begin, until=until)
    elif schedule.kind == "weekly":
        rule = rrule.rrule(
            rrule.WEEKLY,
            interval=schedule.interval,
            byweekday=schedule.weekday,
            dtstart=begin,
            until=until,
        )
    elif schedule.kind == "month_end":
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=-1, dtstart=begin, until=until)
    elif schedule.kind == "months":
        rule = rrule.rrule(
            rrule.YEARLY,
            bymonth=schedule.months,
            bymonthday=schedule.day,
            dtstart=begin,
            until=until,
        )
    else:
        step = 12 // schedule.interval
        months = tuple(range(1, 13, step))
        rule = rrule.rrule(
            rrule.YEARLY, bymonth=months, bymonthday=schedule.day, dtstart=begin, until=until
        )
    days = [d.date() for d in rule]
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


@attrs.frozen
class OccurrenceStatus:
    """One due date and what happened."""

    due: dt.date
    status: Literal["met", "late", "missed"]
    performed: dt.date | None


@attrs.frozen
class Compliance:
    """Occurrences in a period: met, late or missed, with counts and reasons."""

    schedule: str
    rows: tuple[OccurrenceStatus, ...]
    met: int
    late: int
    missed: int
    reasons: tuple[Reason, ...]


def compliance(
    schedule: Schedule,
    performed: tuple[dt.date, ...] | list[dt.date],
    start: dt.date,
    end: dt.date,
    calendar: WorkCalendar | None = None,
) -> Compliance:
    """Match performed dates to occurrences in ``[start, end]``.

    An occurrence is met by a performance after the previous due date and on or
    before its own; late by one after it but before the next due date; missed
    otherwise. Each performance counts once.
    """
    dues = occurrences(schedule, start, end, calendar)
    done = sorted(set(performed))
    for k, d in enumerate(done):
        if isinstance(d, dt.datetime) or not isinstance(d, dt.date):
            raise InvalidInputError.constraint(f"performed[{k}]", "a datetime.date", d)
    used: set[dt.date] = set()
    rows = []
    for i, due in enumerate(dues):
        previous = dues[i - 1] if i else dt.date.min
        following = dues[i + 1] if i + 1 < len(dues) else dt.date.max
        on_time = [d for d in done if previous < d <= due and d not in used]
        late = [d for d in done if due < d < following and d not in used]
        if on_time:
            used.add(on_time[-1])
            rows.append(OccurrenceStatus(due, "met", on_time[-1]))
        elif late:
            used.add(late[0])
            rows.append(OccurrenceStatus(due, "late", late[0]))
        else:
            rows.append(OccurrenceStatus(due, "missed", None))
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
