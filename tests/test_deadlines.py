"""Deadline rules and presets: worked examples from the brief, DST, bad input."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore.deadlines import (
    PRESETS,
    CalendarDays,
    CustomerRequested,
    Deadline,
    EarliestOf,
    Hours,
    LatestOf,
    Minutes,
    SameDay,
    WorkingDays,
    WorkingHours,
)
from qmscore.errors import CalendarHorizonError, InvalidInputError
from qmscore.serialization import from_dict, to_dict
from qmscore.workdays import WorkCalendar

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
RECEIVED = dt.datetime(2026, 9, 30, 16, 0)  # Wednesday before National Day


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=SH)


def test_general_complaint_3_working_days_is_the_make_up_saturday() -> None:
    d = WorkingDays(3).due(RECEIVED, CN)
    assert d.due_at == at(2026, 10, 10, 17, 30)
    assert not d.estimated
    assert "receipt day 2026-09-30 is day 0" in d.reasons[0].en
    skipped = d.reasons[1].en
    assert "2026-10-01 statutory holiday: National Day" in skipped
    assert "2026-10-07" in skipped


def test_major_complaint_5_and_10_working_days() -> None:
    # Working days after 09-30: 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13 ... 10-20.
    assert WorkingDays(5).due(RECEIVED, CN).due_at == at(2026, 10, 13, 17, 30)
    assert WorkingDays(10).due(RECEIVED, CN).due_at == at(2026, 10, 20, 17, 30)


def test_receipt_on_a_rest_day_or_after_hours_still_counts_from_its_date() -> None:
    sunday_night = dt.datetime(2026, 9, 27, 22, 0)  # Sunday: day 0
    assert WorkingDays(1).due(sunday_night, CN).due_at == at(2026, 9, 28, 17, 30)


def test_zero_working_days_after_hours_rolls_forward_like_same_day() -> None:
    d = WorkingDays(0).due(dt.datetime(2026, 9, 29, 18, 0), CN)
    assert d.due_at == at(2026, 9, 30, 17, 30)
    assert d.reasons[0].code == "deadlines.rolled_forward"
    assert WorkingDays(0).due(dt.datetime(2026, 9, 29, 9, 0), CN).due_at == at(2026, 9, 29, 17, 30)


def test_same_day_cut_off() -> None:
    assert SameDay().due(dt.datetime(2026, 9, 29, 9, 0), CN).due_at == at(2026, 9, 29, 17, 30)
    late = SameDay().due(dt.datetime(2026, 9, 29, 17, 55), CN)  # after 17:30
    assert late.due_at == at(2026, 9, 30, 17, 30)
    assert "next working day" in late.reasons[0].en
    assert SameDay().due(dt.datetime(2026, 10, 1, 9, 0), CN).due_at == at(2026, 10, 8, 17, 30)


def test_elapsed_hours_and_minutes_ignore_the_calendar() -> None:
    assert Minutes(10).due(RECEIVED, CN).due_at == at(2026, 9, 30, 16, 10)
    assert Hours(24).due(RECEIVED, CN).due_at == at(2026, 10, 1, 16, 0)  # a holiday, still due
    assert Hours(1).describe() == "1 hour"
    assert Minutes(1).describe() == "1 minute"


def test_24_hours_across_a_dst_change_is_24_elapsed_hours() -> None:
    ny = WorkCalendar.from_holidays("US", years=[2026], timezone="America/New_York")
    received = dt.datetime(2026, 3, 7, 12, 0)  # clocks spring forward 2026-03-08 02:00
    due = Hours(24).due(received, ny).due_at
    assert due == dt.datetime(2026, 3, 8, 13, 0, tzinfo=ZoneInfo("America/New_York"))
    # (Subtracting two datetimes with the same ZoneInfo compares wall clocks: use UTC.)
    assert (
        due.astimezone(dt.timezone.utc) - ny.localize(received).astimezone(dt.timezone.utc)
    ) == dt.timedelta(hours=24)
    # "1 calendar day" keeps the wall clock instead: only 23 hours elapse.
    wall = CalendarDays(1).due(received, ny).due_at
    assert wall == dt.datetime(2026, 3, 8, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    assert wall.astimezone(dt.timezone.utc) - ny.localize(received).astimezone(
        dt.timezone.utc
    ) == dt.timedelta(hours=23)


def test_working_hours() -> None:
    d = WorkingHours(2).due(RECEIVED, CN)
    assert d.due_at == at(2026, 10, 8, 9, 0)  # 1.5 h today, 0.5 h after the holiday
    assert "clock starts at 2026-09-30T16:00:00+08:00" in d.reasons[0].en


def test_customer_time_replaces_the_default_and_says_so() -> None:
    rule = CustomerRequested(dt.datetime(2026, 10, 2, 10, 0), CalendarDays(2))
    d = rule.due(RECEIVED, CN)
    assert d.due_at == at(2026, 10, 2, 10, 0)
    assert d.reasons[0].code == "deadlines.customer_requested"
    assert "replaces the default (2 days, 2026-10-02T16:00:00+08:00)" in d.reasons[0].en
    default = CustomerRequested(None, CalendarDays(2)).due(RECEIVED, CN)
    assert default.due_at == at(2026, 10, 2, 16, 0)
    assert default.reasons[0].code == "deadlines.default_applies"


def test_earliest_and_latest_of() -> None:
    rules = (Hours(48), WorkingDays(3))
    assert EarliestOf(rules).due(RECEIVED, CN).due_at == at(2026, 10, 2, 16, 0)
    latest = LatestOf(rules).due(RECEIVED, CN)
    assert latest.due_at == at(2026, 10, 10, 17, 30)
    assert "48 hours -> 2026-10-02T16:00:00+08:00" in latest.reasons[0].en


def test_estimated_flag_past_the_horizon() -> None:
    late = dt.datetime(2026, 12, 30, 10, 0)
    with pytest.raises(CalendarHorizonError):
        WorkingDays(5).due(late, CN)
    d = WorkingDays(5).due(late, CN.with_estimates())
    assert d.estimated
    assert d.due_at.year == 2027


def test_overdue() -> None:
    d = WorkingDays(3).due(RECEIVED, CN)
    assert not d.is_overdue(at(2026, 10, 10, 17, 30))
    assert d.is_overdue(at(2026, 10, 10, 17, 31))
    with pytest.raises(InvalidInputError, match="'now' must be an aware datetime"):
        d.is_overdue(dt.datetime(2026, 10, 11))


def test_every_clock_of_the_brief_is_a_preset_citing_its_seed() -> None:
    assert len(PRESETS) == 19
    for preset in PRESETS.values():
        assert preset.source.document in {"seed 000", "seed 002", "seed 003", "seed 004"}
        assert preset.rule.due(RECEIVED, CN).due_at >= CN.localize(RECEIVED)
    assert PRESETS["general_complaint_result"].rule == WorkingDays(3)
    assert PRESETS["survey_summary"].rule == WorkingDays(15)
    assert PRESETS["complaint_report_reply"].rule == CustomerRequested(None, CalendarDays(2))


@pytest.mark.parametrize(
    "rule",
    [
        WorkingDays(3),
        Hours(24),
        Minutes(10),
        WorkingHours(2),
        CalendarDays(7),
        SameDay(),
        CustomerRequested(dt.datetime(2026, 10, 2, 10, 0, tzinfo=SH), WorkingDays(3)),
        EarliestOf((Hours(48), WorkingDays(3))),
        LatestOf((SameDay(), Minutes(5))),
    ],
)
def test_rules_and_deadlines_round_trip(rule: object) -> None:
    assert from_dict(to_dict(rule), type(rule)) == rule
    d = rule.due(dt.datetime(2026, 9, 30, 16, 0, tzinfo=SH), CN)  # type: ignore[attr-defined]
    assert from_dict(to_dict(d), Deadline) == d


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: WorkingDays(1.5), "'n' must be an integer (got 1.5)"),  # type: ignore[arg-type]
        (lambda: WorkingDays(-1), "'n' must be >= 0 (got -1)"),
        (lambda: Hours("24"), "'n' must be an integer"),  # type: ignore[arg-type]
        (
            lambda: WorkingDays(3).due("2026-09-30", CN),  # type: ignore[arg-type]
            "'received_at' must be a datetime.datetime",
        ),
        (lambda: WorkingDays(3).due(RECEIVED, "china"), "'calendar' must be a WorkCalendar"),  # type: ignore[arg-type]
        (
            lambda: CustomerRequested(dt.datetime(2026, 9, 29), WorkingDays(3)).due(RECEIVED, CN),
            "'at' must be after the receipt",
        ),
        (
            lambda: CustomerRequested(dt.datetime(2026, 10, 2, tzinfo=SH), WorkingDays(3)).due(
                RECEIVED, CN
            ),
            "mix a naive and an aware datetime",
        ),
        (
            lambda: CustomerRequested("tomorrow", WorkingDays(3)).due(RECEIVED, CN),  # type: ignore[arg-type]
            "'at' must be a datetime.datetime",
        ),
        (lambda: EarliestOf(()), "'rules' must be a non-empty tuple of rules"),
        (lambda: LatestOf([Hours(1)]), "'rules' must be a non-empty tuple of rules"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
