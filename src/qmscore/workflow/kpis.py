"""Complaint-handling KPIs in the spirit of ISO 10002's monitoring, from the case logs.

Per group of cases (by month of receipt, customer class, nature, route, in
any combination):

* time to acknowledge, to the first reply and to close: count, median and
  90th percentile of the elapsed time from the receipt (absolute time; the
  median of an even count is the mean of the two middle values; the 90th
  percentile is the nearest rank, the ``ceil(0.9 n)``-th smallest);
* reopen rate: share of cases a customer reopened (a feedback "not satisfied");
* share on time per step: among the response profile's steps that are decided
  (done, or still open past their deadline at ``now``), the share done by
  their deadline;
* share satisfied: among cases with the customer's feedback, the share whose
  last feedback was "satisfied".

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays import WorkCalendar
    >>> from qmscore.workflow import Acknowledged, Complaint, handling_kpis, replay
    >>> t = dt.datetime(2026, 9, 30, 16, 0)
    >>> cases = [replay(Complaint(f"Q{i}", t, "K"), [Acknowledged(t + dt.timedelta(minutes=m))])
    ...          for i, m in enumerate((4, 8, 30))]
    >>> k = handling_kpis(cases, WorkCalendar.china())[0]
    >>> k.key, k.to_acknowledge.median, k.on_time["contact"]
    (('2026-09',), datetime.timedelta(seconds=480), 0.6666666666666666)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

import attrs

from qmscore._checks import check_choice, check_instance, check_sequence, value_error
from qmscore._display import Results, display
from qmscore.workdays import WorkCalendar
from qmscore.workflow._fields import calendar as check_calendar
from qmscore.workflow._fields import same_kind_as
from qmscore.workflow.case import Case, CustomerFeedback
from qmscore.workflow.due import DEFAULT_PROFILE, ResponseProfile, due_dates

__all__ = ["KPI_DIMENSIONS", "DurationStats", "HandlingKpis", "handling_kpis"]

KPI_DIMENSIONS: tuple[str, ...] = ("month", "customer_class", "nature", "route")
"""What cases may be grouped by."""


@display
@attrs.frozen
class DurationStats:
    """Count, median and 90th percentile (nearest rank) of elapsed times."""

    count: int
    median: dt.timedelta | None
    p90: dt.timedelta | None


@display
@attrs.frozen
class HandlingKpis:
    """The KPIs of one group of cases.

    Attributes:
        key: The group's values, in the order of ``by`` (a month is ``YYYY-MM``).
        cases: Number of cases.
        to_acknowledge, to_first_reply, to_close: Elapsed time from the receipt.
        reopen_rate: Share of cases reopened by the customer.
        on_time: Step -> share of decided steps done on time (steps with none
            decided are left out).
        satisfied: Share of cases with feedback whose last feedback was
            satisfied (None: no feedback).
    """

    key: tuple[str, ...]
    cases: int
    to_acknowledge: DurationStats
    to_first_reply: DurationStats
    to_close: DurationStats
    reopen_rate: float
    on_time: Mapping[str, float]
    satisfied: float | None


def _stats(values: list[dt.timedelta]) -> DurationStats:
    if not values:
        return DurationStats(0, None, None)
    v = sorted(values)
    n = len(v)
    median = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return DurationStats(n, median, v[math.ceil(0.9 * n) - 1])


def _key(case: Case, by: tuple[str, ...], calendar: WorkCalendar) -> tuple[str, ...]:
    out = []
    for d in by:
        if d == "month":
            out.append(calendar.localize(case.complaint.received_at).strftime("%Y-%m"))
        elif d == "customer_class":
            out.append(case.complaint.customer_class)
        elif d == "nature":
            out.append(case.classification.nature)
        else:
            out.append(case.classification.route)
    return tuple(out)


def handling_kpis(
    cases: Iterable[Case],
    calendar: WorkCalendar,
    *,
    by: Iterable[str] = ("month",),
    profile: ResponseProfile = DEFAULT_PROFILE,
    now: dt.datetime | None = None,
) -> Results[HandlingKpis]:
    """Handling KPIs per group of cases, groups sorted by key.

    Args:
        cases: The cases (each replayed from its log).
        calendar: For deadlines and the month of receipt.
        by: Dimensions among :data:`KPI_DIMENSIONS`, each at most once.
        profile: The response profile whose steps are checked for timeliness.
        now: Steps still open past their deadline at ``now`` count as late
            (without it, only completed steps are judged).

    Raises:
        InvalidInputError: an unknown or repeated dimension, or ``now``
            naive against an aware receipt (or the reverse).
    """
    items: tuple[Case, ...] = check_sequence(
        "cases", cases, lambda f, v: check_instance(f, v, Case, "a Case")
    )
    calendar = check_calendar(calendar)
    dims: tuple[str, ...] = check_sequence(
        "by", by, lambda f, v: check_choice(f, v, KPI_DIMENSIONS)
    )
    if len(set(dims)) != len(dims):
        raise value_error("by", "each dimension at most once", dims)
    check_instance("profile", profile, ResponseProfile, "a ResponseProfile")
    groups: dict[tuple[str, ...], list[Case]] = {}
    for case in items:
        if now is not None:
            same_kind_as("now", now, case.complaint.received_at, "the complaints' received_at")
        groups.setdefault(_key(case, dims, calendar), []).append(case)
    return Results(_group(k, groups[k], calendar, profile, now) for k in sorted(groups))


def _group(
    key: tuple[str, ...],
    cases: list[Case],
    calendar: WorkCalendar,
    profile: ResponseProfile,
    now: dt.datetime | None,
) -> HandlingKpis:
    times: dict[str, list[dt.timedelta]] = {
        "acknowledged": [],
        "customer_replied": [],
        "closed": [],
    }
    reopened = 0
    feedback = satisfied = 0
    decided: dict[str, list[bool]] = {}
    local_now = None if now is None else calendar.localize(now)
    for case in cases:
        received = case.complaint.received_at
        for kind, out in times.items():
            when = case.first(kind)
            if when is not None:
                out.append(_elapsed(calendar, received, when))
        verdicts = [e.satisfied for e in case.history if isinstance(e, CustomerFeedback)]
        reopened += not all(verdicts)
        if verdicts:
            feedback += 1
            satisfied += verdicts[-1]
        for d in due_dates(case, calendar, profile, now=now):
            if d.done_at is not None:
                decided.setdefault(d.step, []).append(not d.late)
            elif local_now is not None and d.due_at is not None and d.due_at < local_now:
                decided.setdefault(d.step, []).append(False)
    return HandlingKpis(
        key,
        len(cases),
        _stats(times["acknowledged"]),
        _stats(times["customer_replied"]),
        _stats(times["closed"]),
        reopened / len(cases),
        {step: sum(v) / len(v) for step, v in decided.items()},
        None if not feedback else satisfied / feedback,
    )


def _elapsed(calendar: WorkCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    # Absolute time: in UTC (two times in one zone would subtract as wall clocks).
    utc = dt.timezone.utc
    return calendar.localize(end).astimezone(utc) - calendar.localize(start).astimezone(utc)
