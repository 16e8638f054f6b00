"""Complaint statistics for a month (客户投诉统计表, seed 002): plain data in and out.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import Complaint, complaint_statistics, open_case
    >>> cases = [open_case(Complaint(f"Q{i}", dt.datetime(2026, 9, i + 1, 10), "K", category=c))
    ...          for i, c in enumerate("aab")]
    >>> s = complaint_statistics(cases, 2026, 9)
    >>> s.total, [(row.key, row.count) for row in s.categories]
    (3, [('a', 2), ('b', 1)])
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from qmscore._checks import (
    check_instance,
    check_int,
    check_sequence,
    check_str,
    value_error,
)
from qmscore._display import Results, Tabular, display
from qmscore.workdays import WorkCalendar
from qmscore.workflow.case import Case
from qmscore.workflow.due import due_dates

__all__ = ["ComplaintStatistics", "ParetoRow", "complaint_statistics", "pareto"]


@display
@attrs.frozen
class ParetoRow:
    """A Pareto row: count, share and cumulative share."""

    key: str
    count: int
    share: float
    cumulative: float


def _pair(field: str, value: object) -> tuple[str, int]:
    pair: tuple[Any, ...] = check_sequence(field, value)
    if len(pair) != 2:
        raise value_error(field, "a (key, count) pair", value)
    return check_str(f"{field}[0]", pair[0], empty=True), check_int(
        f"{field}[1]", pair[1], minimum=0
    )


def pareto(counts: Iterable[tuple[str, int]] | Mapping[str, int]) -> Results[ParetoRow]:
    """Rows by count (descending, ties by key) with shares summing to 1.

    ``counts`` is (key, count) pairs or a mapping (a ``Counter``); each key
    once, each count a whole number >= 0. Zero counts are left out.

    Example:
        >>> from qmscore.workflow import pareto
        >>> [(r.key, r.cumulative) for r in pareto({"a": 3, "b": 1})]
        [('a', 0.75), ('b', 1.0)]
    """
    pairs = check_sequence(
        "counts", counts.items() if isinstance(counts, Mapping) else counts, _pair
    )
    keys = [k for k, _ in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise value_error("counts", f"each key once (twice: {twice})", "...")
    items = sorted(((k, c) for k, c in pairs if c > 0), key=lambda kc: (-kc[1], kc[0]))
    total = sum(c for _, c in items)
    out, running = [], 0
    for k, c in items:
        running += c
        out.append(ParetoRow(k, c, c / total, running / total))
    return Results(out)


def _percentile(values: list[float], q: float) -> float:
    # Nearest-rank percentile: an observed value, no interpolation.
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@display(rows="by_nature_class_category")
@attrs.frozen
class ComplaintStatistics(Tabular):
    """The month's complaint statistics.

    Attributes:
        year, month: The month.
        total: Complaints received in the month.
        by_nature_class_category: (nature, customer class, category) -> count.
        categories: Pareto of categories.
        defects: Pareto of defect codes.
        recurrence_rate: Share flagged as recurrences.
        closed: Cases closed (of those received in the month).
        hours_to_close_mean / _p50 / _p90: Time to close, in hours.
        on_time: Step -> share of completed steps done on time.
        change_vs_previous: Relative change of the total against the previous month.
    """

    year: int
    month: int
    total: int
    by_nature_class_category: dict[str, int]
    categories: tuple[ParetoRow, ...]
    defects: tuple[ParetoRow, ...]
    recurrence_rate: float | None
    closed: int
    hours_to_close_mean: float | None
    hours_to_close_p50: float | None
    hours_to_close_p90: float | None
    on_time: dict[str, float]
    change_vs_previous: float | None


def _in_month(case: Case, year: int, month: int, calendar: WorkCalendar | None) -> bool:
    # The calendar's local date decides the month: 2026-08-31 16:30 UTC is
    # 09-01 00:30 in Shanghai, a September complaint on a China calendar.
    r = case.complaint.received_at
    if calendar is not None:
        r = calendar.localize(r)
    return (r.year, r.month) == (year, month)


def complaint_statistics(
    cases: Iterable[Case],
    year: int,
    month: int,
    calendar: WorkCalendar | None = None,
) -> ComplaintStatistics:
    """Summarise the complaints received in a month; order of ``cases`` never matters.

    A complaint belongs to the month of its receipt's date: with a calendar,
    the date in the calendar's zone (an aware UTC time late on the 31st may be
    the 1st of the next month in Shanghai); without one, the stored
    timestamp's own date. With a calendar, the on-time rate of every clocked
    step is computed too.
    """
    year = check_int("year", year, minimum=2, maximum=9999)
    month = check_int("month", month, minimum=1, maximum=12)
    if calendar is not None:
        calendar = check_instance("calendar", calendar, WorkCalendar, "a WorkCalendar")
    all_cases = check_sequence("cases", cases, lambda f, v: check_instance(f, v, Case, "a Case"))
    now = [c for c in all_cases if _in_month(c, year, month, calendar)]
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    before = sum(_in_month(c, prev_year, prev_month, calendar) for c in all_cases)
    cells: Counter[str] = Counter(
        f"{c.classification.nature}/{c.complaint.customer_class}/{c.complaint.category}"
        for c in now
    )
    hours = [
        (c.last_at - c.complaint.received_at).total_seconds() / 3600  # type: ignore[operator]
        for c in now
        if c.closed
    ]
    on_time: dict[str, float] = {}
    if calendar is not None:
        done: Counter[str] = Counter()
        good: Counter[str] = Counter()
        for c in now:
            for d in due_dates(c, calendar):
                if d.done_at is not None:
                    done[d.step] += 1
                    good[d.step] += not d.late
        on_time = {step: good[step] / n for step, n in sorted(done.items())}
    return ComplaintStatistics(
        year,
        month,
        len(now),
        dict(sorted(cells.items())),
        pareto(Counter(c.complaint.category for c in now).items()),
        pareto(Counter(c.complaint.defect for c in now if c.complaint.defect).items()),
        sum(c.complaint.recurrence for c in now) / len(now) if now else None,
        len(hours),
        sum(hours) / len(hours) if hours else None,
        _percentile(hours, 0.5) if hours else None,
        _percentile(hours, 0.9) if hours else None,
        on_time,
        (len(now) - before) / before if before else None,
    )
