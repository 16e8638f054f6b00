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
    Preset,
    SameDay,
    WorkingDays,
    WorkingHours,
)
from qmscore.errors import CalendarHorizonError, InvalidInputError, InvalidTypeError
from qmscore.serialization import from_dict, to_dict
from qmscore.workdays import Shift, WorkCalendar

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


NY = ZoneInfo("America/New_York")
UTC = dt.timezone.utc


def night_shift_new_york(shift: Shift) -> WorkCalendar:
    return WorkCalendar(
        "New York nights",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        dt.date(2026, 12, 31),
        timezone="America/New_York",
        weekmask=(True,) * 7,
        shifts=(shift,),
    )


def test_working_hours_across_dst_count_elapsed_time_in_the_shift() -> None:
    cal = night_shift_new_york(Shift(dt.time(0), dt.time(6)))
    # 03-08: 00:00 EST (05:00 UTC) to 06:00 EDT (10:00 UTC) is a 5-hour shift.
    five = WorkingHours(5).due(dt.datetime(2026, 3, 8, 0, 0), cal).due_at
    assert five.astimezone(UTC) == dt.datetime(2026, 3, 8, 10, 0, tzinfo=UTC)  # 06:00 EDT
    # A sixth hour: 00:00-01:00 EDT on 03-09.
    six = WorkingHours(6).due(dt.datetime(2026, 3, 8, 0, 0), cal).due_at
    assert six == dt.datetime(2026, 3, 9, 1, 0, tzinfo=NY)


def test_receipts_in_the_repeated_hour_are_ordered_by_the_instant() -> None:
    # The shift ends at the first 01:30 of 11-01 (EDT, 05:30 UTC). A receipt at
    # 01:15 EST (fold=1, 06:15 UTC) comes after it, though its wall clock reads earlier.
    cal = night_shift_new_york(Shift(dt.time(0), dt.time(1, 30)))
    late = dt.datetime(2026, 11, 1, 1, 15, fold=1)
    next_end = dt.datetime(2026, 11, 2, 1, 30, tzinfo=NY)  # EST
    assert WorkingDays(0).due(late, cal).due_at == next_end
    assert SameDay().due(late, cal).due_at == next_end
    # Received in the first pass (01:15 EDT), the same day's end still applies.
    early = SameDay().due(dt.datetime(2026, 11, 1, 1, 15), cal).due_at
    assert early.astimezone(UTC) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    first = Deadline(cal.localize(late), early, "same day")
    # 01:15 EST (06:15 UTC) is after 01:30 EDT (05:30 UTC): overdue.
    assert first.is_overdue(dt.datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=NY))
    assert not first.is_overdue(dt.datetime(2026, 11, 1, 1, 15, tzinfo=NY))


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


def test_numpy_pandas_and_iso_strings_give_the_same_deadlines() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert WorkingDays(np.int64(3)) == WorkingDays(3)
    assert type(WorkingDays(np.int64(3)).n) is int
    # 3 working days from Wednesday 2026-09-30: 10-08, 10-09, Saturday 10-10 (make-up day).
    plain = WorkingDays(3).due(RECEIVED, CN)
    assert plain.due_at == at(2026, 10, 10, 17, 30)
    for received in (
        pd.Timestamp("2026-09-30 16:00"),
        "2026-09-30T16:00:00+08:00",
        "2026-09-30T08:00:00Z",
    ):
        assert WorkingDays(np.int64(3)).due(received, CN) == plain
    # 2 hours of elapsed time: 16:00 + 2 h = 18:00 the same day.
    assert Hours(np.uint8(2)).due(pd.Timestamp(RECEIVED), CN).due_at == at(2026, 9, 30, 18)
    rule = CustomerRequested("2026-10-02T10:00:00+08:00", WorkingDays(3))
    assert rule.at == at(2026, 10, 2, 10)
    assert LatestOf([Hours(1), Minutes(5)]).rules == (Hours(1), Minutes(5))
    assert plain.is_overdue("2026-10-10T09:31:00Z")  # 17:31 in Shanghai
    assert not plain.is_overdue(pd.Timestamp("2026-10-10 09:30", tz="UTC"))


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: WorkingDays(1.5), InvalidTypeError, "'n' must be an integer (got 1.5)"),
        (lambda: WorkingDays(True), InvalidTypeError, "'n' must be an integer (got True)"),
        (lambda: WorkingDays(-1), InvalidInputError, "'n' must be >= 0 (got -1)"),
        (lambda: Hours("24"), InvalidTypeError, "'n' must be an integer"),
        (lambda: Minutes(float("nan")), InvalidTypeError, "'n' must be an integer (got nan)"),
        (
            lambda: WorkingDays(3, kind="hours"),  # type: ignore[arg-type]
            InvalidInputError,
            "'kind' must be 'working_days' (it is fixed)",
        ),
        (lambda: SameDay(kind="x"), InvalidInputError, "'kind' must be 'same_day' (it is fixed)"),  # type: ignore[arg-type]
        (
            lambda: WorkingDays(3).due("tomorrow", CN),
            InvalidInputError,
            "'received_at' must be an ISO 8601 date-time (got 'tomorrow')",
        ),
        (
            lambda: WorkingDays(3).due(None, CN),  # type: ignore[arg-type]
            InvalidTypeError,
            "'received_at' must be a datetime or an ISO 8601 string (got None)",
        ),
        (
            lambda: WorkingDays(3).due(RECEIVED, "china"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (
            lambda: Hours(10**12).due(RECEIVED, CN),
            InvalidInputError,
            "'n' must be small enough for a deadline before the year 10000 (got 1000000000000)",
        ),
        (
            lambda: Minutes(2**63).due(RECEIVED, CN),
            InvalidInputError,
            "'n' must be small enough for a deadline before the year 10000",
        ),
        (
            lambda: CalendarDays(10**9).due(RECEIVED, CN),
            InvalidInputError,
            "'n' must be small enough for a deadline before the year 10000",
        ),
        (
            lambda: CalendarDays(1).due(dt.datetime.max, CN),
            InvalidInputError,
            "'n' must be small enough for a deadline before the year 10000",
        ),
        (
            lambda: Hours(1).due(dt.datetime.max, CN),
            InvalidInputError,
            "'n' must be small enough for a deadline before the year 10000",
        ),
        (
            lambda: WorkingHours(10**12).due(RECEIVED, CN),
            InvalidInputError,
            "'n' must be small enough for a deadline before the year 10000",
        ),
        (
            lambda: WorkingHours(10**6).due(RECEIVED, CN),
            CalendarHorizonError,
            "past the end of calendar",
        ),
        (lambda: WorkingDays(2**63).due(RECEIVED, CN), CalendarHorizonError, "fall outside"),
        (
            lambda: Hours(1).due(dt.datetime.max.replace(tzinfo=dt.timezone.utc), CN),
            InvalidInputError,
            "'received_at' must be a moment within datetime's range in the zone Asia/Shanghai",
        ),
        (
            lambda: CustomerRequested(dt.datetime(2026, 9, 29), WorkingDays(3)).due(RECEIVED, CN),
            InvalidInputError,
            "'at' must be after the receipt",
        ),
        (
            lambda: CustomerRequested(dt.datetime(2026, 10, 2, tzinfo=SH), WorkingDays(3)).due(
                RECEIVED, CN
            ),
            InvalidInputError,
            "mix a naive and an aware datetime",
        ),
        (
            lambda: CustomerRequested("tomorrow", WorkingDays(3)),
            InvalidInputError,
            "'at' must be an ISO 8601 date-time (got 'tomorrow')",
        ),
        (
            lambda: CustomerRequested(float("inf"), WorkingDays(3)),
            InvalidTypeError,
            "'at' must be a datetime or an ISO 8601 string (got inf)",
        ),
        (
            lambda: CustomerRequested(None, "3 working days"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'default' must be a deadline rule",
        ),
        (
            lambda: CustomerRequested(None, EarliestOf((Hours(1),))),  # type: ignore[arg-type]
            InvalidTypeError,
            "'default' must be a deadline rule",
        ),
        (lambda: EarliestOf(()), InvalidInputError, "'rules' must be a non-empty list of rules"),
        (
            lambda: LatestOf("ab"),
            InvalidTypeError,
            "'rules' must be a non-empty list of rules (got 'ab')",
        ),
        (
            lambda: LatestOf([Hours(1), "2 hours"]),
            InvalidTypeError,
            "'rules[1]' must be a deadline rule",
        ),
        (
            lambda: WorkingDays(3).due(RECEIVED, CN).is_overdue(dt.datetime(2026, 10, 1)),
            InvalidInputError,
            "'now' must be an aware datetime",
        ),
        (
            lambda: WorkingDays(3).due(RECEIVED, CN).is_overdue(-1),  # type: ignore[arg-type]
            InvalidTypeError,
            "'now' must be a datetime or an ISO 8601 string (got -1)",
        ),
        (
            lambda: Preset("", Hours(1), "x", "x", PRESETS["clear_reply"].source),
            InvalidInputError,
            "'key' must be a non-empty string",
        ),
        (
            lambda: Preset("k", "1 hour", "x", "x", PRESETS["clear_reply"].source),  # type: ignore[arg-type]
            InvalidTypeError,
            "'rule' must be a deadline rule",
        ),
        (
            lambda: Preset("k", Hours(1), "x", "x", "seed 002"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'source' must be a Source",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
