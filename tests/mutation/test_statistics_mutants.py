"""Month statistics and Pareto behaviours that surviving mutants showed untested (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    Acknowledged,
    Assessed,
    Case,
    Closed,
    Complaint,
    CustomerReplied,
    complaint_statistics,
    open_case,
    pareto,
    replay,
)

CN = WorkCalendar.china()


def received(cid: str, year: int, month: int, day: int = 10) -> Case:
    return open_case(Complaint(cid, dt.datetime(year, month, day, 10, 0), "K"))


def closed_after(cid: str, hours: float, assessed_after: dt.timedelta | None = None) -> Case:
    t = dt.datetime(2026, 9, 1, 10, 0)  # Tuesday
    a = assessed_after if assessed_after is not None else dt.timedelta(minutes=30)
    return replay(
        Complaint(cid, t, "K"),
        [
            Acknowledged(t + dt.timedelta(minutes=5)),
            Assessed(t + a, False),
            CustomerReplied(t + a + dt.timedelta(hours=1)),
            Closed(t + dt.timedelta(hours=hours)),
        ],
    )


def test_close_time_mean_and_nearest_rank_percentiles() -> None:
    # Hours 100, 200, 300, 400, 500 (5 cases): mean 300.
    # Nearest rank: p50 -> rank ceil(0.5 * 5) = 3 -> 300; p90 -> rank ceil(0.9 * 5) = 5 -> 500.
    log = [closed_after(f"Q{i}", h) for i, h in enumerate((300, 100, 500, 200, 400))]
    s = complaint_statistics(log, 2026, 9)
    assert s.closed == 5
    assert s.hours_to_close_mean == 300.0
    assert s.hours_to_close_p50 == 300.0
    assert s.hours_to_close_p90 == 500.0


def test_p90_of_two_values_is_the_larger() -> None:
    # rank ceil(0.9 * 2) = 2 -> the larger; p50 rank ceil(0.5 * 2) = 1 -> the smaller.
    s = complaint_statistics([closed_after("A", 100), closed_after("B", 200)], 2026, 9)
    assert (s.hours_to_close_p50, s.hours_to_close_p90) == (100.0, 200.0)


def test_on_time_share_counts_every_completed_step() -> None:
    # Three cases: assessed after 30 minutes (twice) and after 60 days (late by any
    # working-day rule): assessment on time 2 of 3.
    log = [
        closed_after("A", 2000),
        closed_after("B", 2000),
        closed_after("C", 2000, assessed_after=dt.timedelta(days=60)),
    ]
    s = complaint_statistics(log, 2026, 9, CN)
    assert s.on_time["assessment"] == pytest.approx(2 / 3)


def test_no_calendar_means_no_on_time_rates() -> None:
    assert complaint_statistics([closed_after("A", 10)], 2026, 9).on_time == {}


def test_previous_month_of_january_is_december_of_the_year_before() -> None:
    log = [
        received("d24", 2024, 12),
        received("d25a", 2025, 12),
        received("d25b", 2025, 12),
        received("j26", 2026, 1),
        received("f26a", 2026, 2),
        received("f26b", 2026, 2),
        received("f26c", 2026, 2),
        *(received(f"d26{i}", 2026, 12) for i in range(5)),
        received("d27", 2027, 12),
    ]
    # January 2026: 1 against 2 in December 2025 -> (1 - 2) / 2 = -0.5.
    assert complaint_statistics(log, 2026, 1).change_vs_previous == -0.5
    # February 2026: 3 against 1 in January 2026 -> (3 - 1) / 1 = 2.0.
    assert complaint_statistics(log, 2026, 2).change_vs_previous == 2.0


@pytest.mark.parametrize(("year", "month"), [(2, 1), (9999, 12), (2026, 1)])
def test_year_and_month_bounds_accepted(year: int, month: int) -> None:
    s = complaint_statistics([], year, month)
    assert (s.year, s.month, s.total) == (year, month, 0)


@pytest.mark.parametrize(
    ("year", "month", "fragment"),
    [
        (1, 6, "'year' must be >= 2"),
        (10000, 6, "'year' must be <= 9999"),
        (2026, 0, "'month' must be >= 1"),
    ],
)
def test_year_and_month_bounds_refused(year: int, month: int, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        complaint_statistics([], year, month)


def test_pareto_of_a_mapping() -> None:
    rows = pareto({"a": 3, "b": 1})
    assert [(r.key, r.count, r.share, r.cumulative) for r in rows] == [
        ("a", 3, 0.75, 0.75),
        ("b", 1, 0.25, 1.0),
    ]


def test_pareto_duplicate_key_message() -> None:
    with pytest.raises(InvalidInputError) as info:
        pareto([("a", 1), ("a", 2)])
    assert str(info.value) == "'counts' must be each key once (twice: ['a']) (got '...')"
    assert info.value.field == "counts"


def test_pareto_pair_errors_name_the_item() -> None:
    with pytest.raises(InvalidInputError) as info:
        pareto([("a",)])  # type: ignore[list-item]
    assert str(info.value) == "'counts[0]' must be a (key, count) pair (got ('a',))"
    with pytest.raises(InvalidInputError, match=r"^'counts\[0\]' must be"):
        pareto([7])  # type: ignore[list-item]
