"""Schedule and compliance behaviours that surviving mutants showed untested (issue 20).

Working days are checked against chinesecalendar in the comments' dates:
2026-09-01/08/15 are Tuesdays (working); 2026-10-31 is a Saturday (rest), the
next working day is Monday 2026-11-02.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow import PRESET_SCHEDULES, OccurrenceStatus, Schedule, compliance, occurrences

CN = WorkCalendar.china()
D = dt.date


def sched(kind: str, *args: object, **kw: object) -> Schedule:
    return Schedule("k", "Task", "任务", kind, *args, **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------ Schedule validation


@pytest.mark.parametrize("day", [-1, 1, 31])
def test_day_bounds_accepted(day: int) -> None:
    assert sched("months", months=(1,), day=day).day == day


@pytest.mark.parametrize("day", [-2, 0, 32])
def test_day_bounds_refused(day: int) -> None:
    with pytest.raises(InvalidInputError, match="'day' must be"):
        sched("months", months=(1,), day=day)


def test_month_zero_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"'months\[0\]' must be >= 1"):
        sched("months", months=(0,))


def test_numpy_months_become_plain_ints() -> None:
    s = sched("months", months=(np.int64(4), np.int64(10)))
    assert s.months == (4, 10)
    assert all(type(m) is int for m in s.months)


def test_source_given_is_kept_and_junk_refused() -> None:
    assert sched("month_end", source=Source("seed 002")).source == Source("seed 002")
    with pytest.raises(InvalidTypeError, match="'source' must be a Source"):
        sched("month_end", source="seed 002")


def test_per_year_accepts_a_month_window() -> None:
    assert sched("per_year", 2, day=-1, window="month").window == "month"


def test_rest_day_messages() -> None:
    with pytest.raises(RuleSetError) as info:
        sched("month_end", rest_day="later", window="month")
    assert str(info.value) == (
        "schedule 'k': a month window already allows any day of the month; rest_day must be 'keep'"
    )
    with pytest.raises(RuleSetError) as info:
        sched("count", 1, rest_day="later", period="month")
    assert str(info.value) == (
        "schedule 'k': a count is due at its period's end; rest_day must be 'keep'"
    )


def test_count_of_31_a_month_accepted_32_refused() -> None:
    # At most one performance a day: 31 a month is the most a 31-day month allows.
    assert sched("count", 31, period="month").interval == 31
    with pytest.raises(RuleSetError, match="32 times a month cannot be met"):
        sched("count", 32, period="month")


# ------------------------------------------------------------------ occurrences


def test_weekly_every_second_wednesday() -> None:
    # From Tuesday 2026-09-01: the first Wednesday is 09-02, then every 2 weeks.
    s = sched("weekly", 2, 2)
    assert occurrences(s, D(2026, 9, 1), D(2026, 9, 30)) == (
        D(2026, 9, 2),
        D(2026, 9, 16),
        D(2026, 9, 30),
    )


def test_working_occurrences_on_the_period_bounds_are_kept() -> None:
    # Every 7 days from Tuesday 09-01: 09-01, 09-08, 09-15, all working days.
    s = sched("every_n_days", 7, rest_day="later")
    assert occurrences(s, D(2026, 9, 1), D(2026, 9, 15), CN) == (
        D(2026, 9, 1),
        D(2026, 9, 8),
        D(2026, 9, 15),
    )


def test_calendar_must_be_a_work_calendar() -> None:
    with pytest.raises(InvalidTypeError) as info:
        occurrences(sched("month_end"), D(2026, 1, 1), D(2026, 2, 1), "China")  # type: ignore[arg-type]
    assert str(info.value) == "'calendar' must be a WorkCalendar (got 'China')"


def test_moving_rest_days_without_a_calendar_names_the_calendar() -> None:
    with pytest.raises(InvalidInputError, match="give a calendar") as info:
        occurrences(sched("month_end", rest_day="later"), D(2026, 1, 1), D(2026, 2, 1))
    assert info.value.field == "calendar"


def test_period_errors_name_end() -> None:
    with pytest.raises(InvalidInputError, match=r"^'end' must be"):
        occurrences(sched("month_end"), D(2026, 1, 1), "soon")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidInputError,
        match=r"^'end' must be on or after start \(2026-01-01\) \(got datetime.date\(2025, 12, 31\)\)$",
    ):
        occurrences(sched("month_end"), D(2026, 1, 1), D(2025, 12, 31))


# ------------------------------------------------------------------ compliance


def test_compliance_moves_rest_days_with_the_calendar() -> None:
    # 2026-10-31 is a Saturday: due on Monday 11-02, met by a performance that day.
    s = sched("month_end", rest_day="later")
    r = compliance(s, [D(2026, 11, 2)], D(2026, 10, 1), D(2026, 11, 10), CN)
    assert r.rows == (OccurrenceStatus(D(2026, 11, 2), "met", D(2026, 11, 2), None),)


def test_count_rows_carry_their_period_start_and_bounds_count() -> None:
    visit = PRESET_SCHEDULES["key_customer_visit"]  # once a quarter
    # Performances on the first day of Q1 and the last day of Q2 both count.
    r = compliance(visit, [D(2026, 1, 1), D(2026, 6, 30)], D(2026, 1, 1), D(2026, 6, 30))
    assert r.rows == (
        OccurrenceStatus(D(2026, 3, 31), "met", D(2026, 1, 1), D(2026, 1, 1)),
        OccurrenceStatus(D(2026, 6, 30), "met", D(2026, 6, 30), D(2026, 4, 1)),
    )
    audit = PRESET_SCHEDULES["internal_audit"]  # twice a year
    r = compliance(audit, [D(2026, 1, 1)], D(2026, 1, 1), D(2026, 12, 31))
    assert r.rows == (
        OccurrenceStatus(D(2026, 12, 31), "met", D(2026, 1, 1), D(2026, 1, 1)),
        OccurrenceStatus(D(2026, 12, 31), "missed", None, D(2026, 1, 1)),
    )


def test_a_performance_before_the_previous_due_date_does_not_count_again() -> None:
    # Month ends 01-31 and 02-28: 01-20 meets January (the later of 01-10, 01-20);
    # 01-10 is before January's due date, so it cannot meet February.
    r = compliance(
        sched("month_end"), [D(2026, 1, 10), D(2026, 1, 20)], D(2026, 1, 1), D(2026, 2, 28)
    )
    assert [(row.status, row.performed) for row in r.rows] == [
        ("met", D(2026, 1, 20)),
        ("missed", None),
    ]


def test_month_windows_late_met_and_missed_rows_with_reason() -> None:
    survey = PRESET_SCHEDULES["satisfaction_survey"]  # April and October, during the month
    r = compliance(survey, [D(2026, 5, 10), D(2026, 10, 5)], D(2026, 1, 1), D(2027, 6, 30))
    # 05-10: after April's window, before October's opens (10-01): April late.
    # 10-05: inside October's window: met.  April 2027: missed.
    assert r.rows == (
        OccurrenceStatus(D(2026, 4, 30), "late", D(2026, 5, 10), D(2026, 4, 1)),
        OccurrenceStatus(D(2026, 10, 31), "met", D(2026, 10, 5), D(2026, 10, 1)),
        OccurrenceStatus(D(2027, 4, 30), "missed", None, D(2027, 4, 1)),
    )
    assert r.reasons == (
        Reason(
            "obligations.compliance",
            "Satisfaction survey: 1 met, 1 late, 1 missed of 3 (missed: 2027-04-30)",
            "具体在每年的四月份和十月份进行满意度调查：共 3 次，按时 1，迟 1，缺 1",
            source=Source("seed 004"),
        ),
    )


def test_a_performance_after_the_next_window_opens_is_not_late_for_the_earlier() -> None:
    survey = PRESET_SCHEDULES["satisfaction_survey"]
    r = compliance(survey, [D(2026, 10, 5)], D(2026, 1, 1), D(2027, 6, 30))
    assert [row.status for row in r.rows] == ["missed", "met", "missed"]


def test_reason_without_misses_has_no_missed_list() -> None:
    r = compliance(sched("month_end"), [D(2026, 1, 31)], D(2026, 1, 1), D(2026, 1, 31))
    assert r.reasons[0].en == "Task: 1 met, 0 late, 0 missed of 1"
