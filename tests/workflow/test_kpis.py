"""Handling KPIs over four cases, every number worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    Acknowledged,
    Assessed,
    Closed,
    Complaint,
    CustomerFeedback,
    CustomerReplied,
    DurationStats,
    handling_kpis,
    replay,
)
from qmscore.workflow.kpis import _stats

CN = WorkCalendar.china()
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)


def at(m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, m, d, h, mi)


# A1: class A, standard; everything on time; the customer satisfied.
A1 = replay(
    Complaint("A1", at(9, 1, 9), "K1", customer_class="A", demands=("criticism",)),
    [
        Acknowledged(at(9, 1, 9, 5)),  # 5 min (contact within 10 min: on time)
        Assessed(at(9, 1, 10), True),  # 1 h (within 2 h: on time)
        CustomerReplied(at(9, 3, 9)),  # 48 h; 3 working days: 09-02, 03, 04 -> on time
        CustomerFeedback(at(9, 4, 9), True),
        Closed(at(9, 4, 10)),  # 3 days 1 hour = 73 h
    ],
)
# A2: class A, standard; contact late, reply late, reopened, then satisfied.
A2 = replay(
    Complaint("A2", at(9, 10, 14), "K2", customer_class="A", demands=("criticism",)),
    [
        Acknowledged(at(9, 10, 14, 20)),  # 20 min: late
        Assessed(at(9, 10, 15), True),  # 1 h: on time
        # Result due at the end of the 3rd working day: 09-11 (Fri), 14 (Mon), 15 -> 15th, 17:30.
        CustomerReplied(at(9, 16, 10)),  # 5 days 20 hours = 140 h: late
        CustomerFeedback(at(9, 17, 9), False),  # reopened
        CustomerReplied(at(9, 18, 9)),
        CustomerFeedback(at(9, 18, 10), True),
        Closed(at(9, 18, 11)),  # 7 days 21 hours = 189 h
    ],
)
# B1: class B, standard, acknowledged only.
B1 = replay(
    Complaint("B1", at(10, 12, 9), "K3", customer_class="B", demands=("criticism",)),
    [Acknowledged(at(10, 12, 9, 8))],  # 8 min
)
# M1: class A, a return: nature B, major route; acknowledged after 3 minutes.
M1 = replay(
    Complaint("M1", at(10, 20, 10), "K4", customer_class="A", demands=("return",)),
    [Acknowledged(at(10, 20, 10, 3))],
)
CASES = [A1, A2, B1, M1]


def test_per_month() -> None:
    sep, oct_ = handling_kpis(CASES, CN)
    assert (sep.key, sep.cases, oct_.key, oct_.cases) == (("2026-09",), 2, ("2026-10",), 2)
    # September: 5 and 20 minutes -> median (5 + 20) / 2 = 12.5 min; p90 = the
    # ceil(0.9 * 2) = 2nd smallest = 20 min.
    assert sep.to_acknowledge == DurationStats(2, 12.5 * M, 20 * M)
    assert sep.to_first_reply == DurationStats(2, (48 + 140) / 2 * H, 140 * H)
    assert sep.to_close == DurationStats(2, (73 + 189) / 2 * H, 189 * H)
    assert sep.reopen_rate == 1 / 2
    # contact: A1 on time, A2 late; assessment: both on time; result: A1 on time, A2 late.
    assert sep.on_time == {"contact": 0.5, "assessment": 1.0, "result": 0.5}
    assert sep.satisfied == 1.0  # both last verdicts satisfied
    # October: 8 and 3 minutes -> median 5.5 min, p90 the 2nd smallest = 8 min.
    assert oct_.to_acknowledge == DurationStats(2, 5.5 * M, 8 * M)
    assert oct_.to_first_reply == DurationStats(0, None, None)
    assert oct_.to_close == DurationStats(0, None, None)
    assert oct_.reopen_rate == 0.0
    assert oct_.on_time == {"contact": 1.0}  # without now, only completed steps are judged
    assert oct_.satisfied is None


def test_open_steps_past_their_deadline_count_as_late_at_now() -> None:
    (k,) = handling_kpis([B1], CN, now=at(10, 20, 9))
    # B1: contact done on time; assessment due 10-12 11:00 and result due 10-15 17:30
    # (10-13, 14, 15), both open on 10-20: late.
    assert k.on_time == {"contact": 1.0, "assessment": 0.0, "result": 0.0}
    (early,) = handling_kpis([B1], CN, now=at(10, 12, 10))
    assert early.on_time == {"contact": 1.0}  # nothing else due yet at 10:00


def test_per_customer_class_and_per_nature_and_route() -> None:
    got = {k.key: k for k in handling_kpis(CASES, CN, by=["customer_class"])}
    assert set(got) == {("A",), ("B",)}
    # Class A: A1, A2, M1: 5, 20, 3 minutes -> sorted 3, 5, 20: median 5; p90 the 3rd = 20.
    assert got[("A",)].to_acknowledge == DurationStats(3, 5 * M, 20 * M)
    assert got[("B",)].cases == 1
    by_route = handling_kpis(CASES, CN, by=("nature", "route"))
    assert [(k.key, k.cases) for k in by_route] == [(("B", "major"), 1), (("C", "standard"), 3)]
    # C/standard: 5, 20, 8 minutes -> 5, 8, 20: median 8, p90 = ceil(2.7) = 3rd = 20.
    assert by_route[1].to_acknowledge == DurationStats(3, 8 * M, 20 * M)
    both = handling_kpis(CASES, CN, by=("month", "customer_class"))
    assert [k.key for k in both] == [("2026-09", "A"), ("2026-10", "A"), ("2026-10", "B")]
    assert handling_kpis([], CN) == ()


def test_nearest_rank_percentile_and_median() -> None:
    # 1..10 minutes: median (5 + 6) / 2 = 5.5; p90 the ceil(9.0) = 9th = 9.
    assert _stats([k * M for k in range(10, 0, -1)]) == DurationStats(10, 5.5 * M, 9 * M)
    # 1..11 minutes: median the 6th = 6; p90 the ceil(9.9) = 10th = 10.
    assert _stats([k * M for k in range(1, 12)]) == DurationStats(11, 6 * M, 10 * M)


def junk(value: object) -> Any:
    """A value typed Any, for calls that must refuse it."""
    return value


BAD: list[tuple[Any, type[Exception], str]] = [
    (lambda: handling_kpis(junk([1]), CN), InvalidTypeError, "'cases[0]' must be a Case"),
    (lambda: handling_kpis(CASES, junk(1)), InvalidTypeError, "'calendar' must be"),
    (lambda: handling_kpis(CASES, CN, by=["plant"]), InvalidInputError, "'by[0]' must be one of"),
    (lambda: handling_kpis(CASES, CN, by="month"), InvalidTypeError, "'by' must be"),
    (
        lambda: handling_kpis(CASES, CN, by=("month", "month")),
        InvalidInputError,
        "'by' must be each dimension at most once",
    ),
    (lambda: handling_kpis(CASES, CN, profile=junk(1)), InvalidTypeError, "'profile' must be"),
    (
        lambda: handling_kpis(CASES, CN, now=dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)),
        InvalidInputError,
        "'now' must be naive",
    ),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_input(call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
