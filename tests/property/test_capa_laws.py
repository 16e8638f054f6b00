"""Laws for schedules, compliance, Pareto and complaint statistics."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from qmscore.testing import complaints, schedules
from qmscore.workflow import (
    Schedule,
    complaint_statistics,
    compliance,
    occurrences,
    open_case,
    pareto,
)
from tests.budget import budget

DATES = st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
SCHEDULES = schedules()


@budget(ms=2)
@given(SCHEDULES, DATES, DATES)
def test_occurrences_sorted_unique_inside(schedule: Schedule, a: dt.date, b: dt.date) -> None:
    start, end = sorted((a, b))
    days = occurrences(schedule, start, end)
    assert list(days) == sorted(set(days))
    assert all(start <= d <= end for d in days)


@budget(ms=2)
@given(SCHEDULES, DATES, DATES, st.lists(DATES, max_size=40))
def test_compliance_counts_add_up(
    schedule: Schedule, a: dt.date, b: dt.date, done: list[dt.date]
) -> None:
    start, end = sorted((a, b))
    result = compliance(schedule, done, start, end)
    # A count schedule asks for ``interval`` performances per period.
    per_due = schedule.interval if schedule.kind == "count" else 1
    assert (
        result.met + result.late + result.missed
        == per_due * len(occurrences(schedule, start, end))
        == len(result.rows)
    )
    used = [r.performed for r in result.rows if r.performed is not None]
    assert len(used) == len(set(used))  # each performance counts once
    for row in result.rows:
        if row.status == "met" and row.opens is not None:
            assert row.performed is not None
            assert row.opens <= row.performed <= row.due  # inside its window
        if row.status == "late":
            assert row.performed is not None
            assert row.performed > row.due


@budget(ms=2)
@given(SCHEDULES, DATES, DATES, st.lists(DATES, max_size=20), DATES)
def test_one_more_performance_never_hurts(
    schedule: Schedule, a: dt.date, b: dt.date, done: list[dt.date], extra: dt.date
) -> None:
    start, end = sorted((a, b))
    before = compliance(schedule, done, start, end)
    after = compliance(schedule, [*done, extra], start, end)
    assert after.missed <= before.missed


@given(
    st.lists(
        st.tuples(st.text(alphabet="abcdef", min_size=1, max_size=3), st.integers(0, 50)),
        max_size=20,
    )
)
def test_pareto_shares_sum_to_one_and_never_increase(counts: list[tuple[str, int]]) -> None:
    merged: dict[str, int] = {}
    for k, c in counts:
        merged[k] = merged.get(k, 0) + c
    rows = pareto(merged.items())
    if rows:
        assert abs(sum(r.share for r in rows) - 1.0) < 1e-9
        assert abs(rows[-1].cumulative - 1.0) < 1e-9
    assert all(x.share >= y.share for x, y in itertools.pairwise(rows))


@budget(ms=8)
@given(st.lists(complaints(), max_size=15), st.randoms())
def test_statistics_invariant_to_input_order(items: list[object], rnd: random.Random) -> None:
    cases = [open_case(c) for c in items]  # type: ignore[arg-type]
    shuffled = list(cases)
    rnd.shuffle(shuffled)
    for month in (3, 9):
        assert complaint_statistics(cases, 2026, month) == complaint_statistics(
            shuffled, 2026, month
        )
