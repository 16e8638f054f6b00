"""Kill tests for the surviving mutants of deadlines (issue 20).

China calendar, shifts 08:30-12:00 and 13:30-17:30 (the day ends 17:30).
2026-09-07 is a Monday of an ordinary week; 2026-10-01..07 is the National Day
holiday, 2026-10-08 (Thu) the first working day after it.  The reason texts are
the rules' templates filled by hand; the rest days skipped are checked against
a day-by-day walk of the calendar's public API (the oracle).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import qmscore.deadlines as deadlines
from qmscore.deadlines import (
    CalendarDays,
    CustomerRequested,
    EarliestOf,
    Hours,
    LatestOf,
    Minutes,
    SameDay,
    WorkingDays,
    WorkingHours,
)
from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow import Complaint, ResponseProfile, Step, due_dates, replay

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 9, 7, 10, 0, tzinfo=SH)  # Monday
SEC = dt.timedelta(seconds=1)


def sh(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SH)


def test_elapsed_rules_reasons() -> None:
    d = Hours(2).due(T, CN)
    assert d.due_at == sh(9, 7, 12)
    assert d.estimated is False
    assert d.reasons == (
        Reason(
            "deadlines.elapsed",
            "2 hours of elapsed time (day and night, working or not)",
            "2 小时（按实际经过时间计，不分昼夜与工作日）",
        ),
    )
    m = Minutes(10).due(T, CN)
    assert m.reasons == (
        Reason(
            "deadlines.elapsed",
            "10 minutes of elapsed time (day and night, working or not)",
            "10 分钟（按实际经过时间计，不分昼夜与工作日）",
        ),
    )
    assert Minutes(1).describe() == "1 minute"
    assert Minutes(2).describe() == "2 minutes"


def test_calendar_days_reason() -> None:
    d = CalendarDays(2).due(T, CN)
    assert d.due_at == sh(9, 9, 10)  # Monday 10:00 + 2 days
    assert d.estimated is False
    assert d.reasons == (
        Reason(
            "deadlines.calendar_days",
            "2 calendar days: the same clock time on 2026-09-09",
            "2 个自然日：2026-09-09 同一时刻",
        ),
    )


@pytest.mark.parametrize("rule", [Minutes(10**12), CalendarDays(10**7)], ids=repr)
def test_too_far_names_n(rule: object) -> None:
    n = rule.n  # type: ignore[attr-defined]
    with pytest.raises(InvalidInputError, match=rf"before the year 10000 \(got {n}\)"):
        rule.due(T, CN)  # type: ignore[attr-defined]


def test_working_days_and_hours_reason_codes() -> None:
    # WorkingDays(3) from Monday: Tue, Wed, Thu -> Thu 09-10 17:30; no rest day between.
    d = WorkingDays(3).due(T, CN)
    assert d.due_at == sh(9, 10, 17, 30)
    assert [r.code for r in d.reasons] == ["deadlines.working_days"]
    # WorkingHours(2) from Monday 10:00: 10:00-12:00 -> due 12:00 the same day.
    w = WorkingHours(2).due(T, CN)
    assert w.due_at == sh(9, 7, 12)
    assert w.reasons == (
        Reason(
            "deadlines.working_hours",
            "2 working hours, counted inside shifts only; the clock starts at "
            "2026-09-07T10:00:00+08:00",
            "2 个工作小时，仅计上班时间；自 2026-09-07T10:00:00+08:00 起计",
        ),
    )


def test_working_days_zero_at_the_end_of_the_day() -> None:
    # n = 0: due at the end of the receipt day; received exactly at 17:30 it is not rolled.
    assert WorkingDays(0).due(sh(9, 7, 17, 30), CN).due_at == sh(9, 7, 17, 30)
    assert WorkingDays(0).due(sh(9, 7, 17, 30) + SEC, CN).due_at == sh(9, 8, 17, 30)


def test_same_day_boundary_and_reasons() -> None:
    before = SameDay().due(sh(9, 7, 17, 30) - SEC, CN)
    assert before.due_at == sh(9, 7, 17, 30)
    assert before.reasons == (
        Reason(
            "deadlines.same_day",
            "Same day: received on a working day before its last shift ends: due at that end",
            "当天：于工作日下班前收到：当天下班前到期",
        ),
    )
    at_end = SameDay().due(sh(9, 7, 17, 30), CN)  # not before the end: the next working day
    assert at_end.due_at == sh(9, 8, 17, 30)
    assert SameDay().describe() == "same day"


def _oracle_skipped(cal: WorkCalendar, start: dt.date, end: dt.date) -> tuple[Reason, ...]:
    """Walk the days strictly between start and end with the public API."""
    named, plain = [], 0
    day = start + dt.timedelta(1)
    while day < end:
        if not cal.is_working_day(day):
            if day in cal.overrides:
                o = cal.overrides[day]
                k = cal.day_kind(day)
                named.append((f"{day} {k.label}: {o.name}", f"{day} {k.zh}：{o.zh or o.name}"))
            else:
                plain += 1
        day += dt.timedelta(1)
    if not named and not plain:
        return ()
    en = "Skipped rest days: " + "; ".join(e for e, _ in named)
    zh = "跳过休息日：" + "；".join(z for _, z in named)
    if plain:
        en += f" and {plain} weekend day(s)"
        zh += f"，另有周末 {plain} 天"
    return (Reason("deadlines.skipped", en, zh, source=Source(CN.source)),)


@pytest.mark.parametrize(
    ("rule", "received", "due"),
    [
        (WorkingDays(1), sh(9, 30, 16), sh(10, 8, 17, 30)),  # over the National Day holiday
        (WorkingDays(3), sh(9, 11, 10), sh(9, 16, 17, 30)),  # Fri -> Wed: Sat and Sun plain
        (WorkingDays(1), sh(9, 7, 10), sh(9, 8, 17, 30)),  # no day between
        # Sat 09-12 -> Mon 09-14 09:30: exactly one day (Sun) between.
        (WorkingHours(1), sh(9, 12, 10), sh(9, 14, 9, 30)),
        (WorkingHours(10), sh(9, 25, 10), None),  # Mid-Autumn 09-25 and the weekend
        # Tue 2024-12-31 -> Thu 2025-01-02: only New Year's Day (a Wednesday), no weekend day.
        (
            WorkingDays(1),
            dt.datetime(2024, 12, 31, 10, tzinfo=SH),
            dt.datetime(2025, 1, 2, 17, 30, tzinfo=SH),
        ),
    ],
)
def test_skipped_rest_days_match_a_day_walk(
    rule: WorkingDays | WorkingHours, received: dt.datetime, due: dt.datetime | None
) -> None:
    d = rule.due(received, CN)
    if due is not None:
        assert d.due_at == due
    skipped = tuple(r for r in d.reasons if r.code == "deadlines.skipped")
    assert skipped == _oracle_skipped(CN, received.date(), d.due_at.date())


def test_skipped_over_national_day_is_not_empty() -> None:
    d = WorkingDays(1).due(sh(9, 30, 16), CN)
    (skipped,) = (r for r in d.reasons if r.code == "deadlines.skipped")
    assert "2026-10-01" in skipped.en
    assert "2026-10-07" in skipped.en


def test_customer_requested() -> None:
    default = CustomerRequested(None, WorkingDays(3))
    assert default.describe() == "3 working days"
    assert CustomerRequested(T + SEC, WorkingDays(3)).describe() == "customer's time"
    d = default.due(T, CN)
    assert d.reasons[0] == Reason(
        "deadlines.default_applies",
        "No time requested by the customer: the default, 3 working days",
        "客户未要求时间：按默认时限 3 个工作日",
    )
    same_day = CustomerRequested(None, SameDay()).due(T, CN)
    assert same_day.reasons[0].zh == "客户未要求时间：按默认时限 当天"
    # The request must be after the receipt: equal is refused, a second later accepted.
    with pytest.raises(
        InvalidInputError,
        match=r"'at' must be after the receipt \(2026-09-07T10:00:00\+08:00\) \(got datetime",
    ):
        CustomerRequested(T, WorkingDays(3)).due(T, CN)
    later = CustomerRequested(T + SEC, WorkingDays(3)).due(T, CN)
    assert later.due_at == T + SEC
    assert later.reasons == (
        Reason(
            "deadlines.customer_requested",
            "The customer asked for 2026-09-07T10:00:01+08:00: it replaces the default "
            "(3 working days, 2026-09-10T17:30:00+08:00)",
            "客户要求 2026-09-07T10:00:01+08:00：取代默认时限（3 working days，"
            "2026-09-10T17:30:00+08:00）",
            source=Source("seed 004 客户投诉处理程序"),
        ),
    )
    naive = dt.datetime(2026, 9, 8, 10)
    with pytest.raises(InvalidInputError) as info:
        CustomerRequested(naive, WorkingDays(3)).due(T, CN)
    assert str(info.value).startswith("'at' and 'received_at' mix a naive and an aware datetime")
    assert info.value.field == "at"
    assert info.value.value == naive
    # Beyond the calendar's last day the answer is an estimate.
    far = dt.datetime(CN.last.year + 1, 1, 5, 10, tzinfo=SH)
    assert CustomerRequested(far, WorkingDays(3)).due(T, CN).estimated is True
    near = CustomerRequested(T + SEC, WorkingDays(3)).due(T, CN)
    assert near.estimated is CN.is_estimated(T.date())


def test_combined_rules() -> None:
    e = EarliestOf((Hours(1), Minutes(30)))
    assert e.describe() == "earliest of 1 hour, 30 minutes"
    d = e.due(T, CN)
    assert d.due_at == sh(9, 7, 10, 30)
    assert d.reasons[0] == Reason(
        "deadlines.combined",
        "The earliest of: 1 hour -> 2026-09-07T11:00:00+08:00; 30 minutes -> 2026-09-07T10:30:00+08:00",
        "取最早：1 hour -> 2026-09-07T11:00:00+08:00；30 minutes -> 2026-09-07T10:30:00+08:00",
    )
    late = LatestOf((Hours(1), Minutes(30)))
    assert late.describe() == "latest of 1 hour, 30 minutes"
    d = late.due(T, CN)
    assert d.due_at == sh(9, 7, 11)
    assert d.reasons[0] == Reason(
        "deadlines.combined",
        "The latest of: 1 hour -> 2026-09-07T11:00:00+08:00; 30 minutes -> 2026-09-07T10:30:00+08:00",
        "取最晚：1 hour -> 2026-09-07T11:00:00+08:00；30 minutes -> 2026-09-07T10:30:00+08:00",
    )


def test_validation_messages() -> None:
    with pytest.raises(InvalidInputError, match=r"non-empty list of rules \(got \(\)\)"):
        EarliestOf(())
    with pytest.raises(InvalidTypeError, match=r"\(WorkingDays, Hours\.\.\.\) \(got 'x'\)"):
        EarliestOf(("x",))
    with pytest.raises(InvalidTypeError, match=r"\(WorkingDays, Hours\.\.\.\) \(got 'x'\)"):
        CustomerRequested(None, "x")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"an aware datetime \(got datetime"):
        Hours(1).due(T, CN).is_overdue(dt.datetime(2026, 9, 7, 12))


def test_presets_attribute_of_the_module() -> None:
    presets = deadlines.PRESETS
    assert presets
    for key, p in presets.items():
        assert p.key == key
        assert isinstance(
            p.rule,
            (
                WorkingDays,
                Hours,
                Minutes,
                WorkingHours,
                CalendarDays,
                SameDay,
                CustomerRequested,
                EarliestOf,
                LatestOf,
            ),
        )
        assert p.en
        assert p.zh
        assert p.en != p.zh
        assert p.source is not None
        assert p.source.document.startswith("seed ")
    with pytest.raises(
        AttributeError, match=r"module 'qmscore\.deadlines' has no attribute 'nope'"
    ):
        deadlines.nope  # noqa: B018


def test_fast_path_deadlines_equal_the_rules() -> None:
    # due_dates() uses the rules' fast path; it must equal rule.due() (checked by hand above).
    steps = (
        Step("a", "A", "甲", CalendarDays(2), "acknowledged", ("standard",)),
        Step("b", "B", "乙", SameDay(), "acknowledged", ("standard",)),
        Step("c", "C", "丙", WorkingDays(1), "acknowledged", ("standard",)),
    )
    case = replay(Complaint("Q", T, "K", demands=("criticism",)), [])
    got = [d.due_at for d in due_dates(case, CN, ResponseProfile(steps))]
    assert got == [sh(9, 9, 10), sh(9, 7, 17, 30), sh(9, 8, 17, 30)]


def test_customer_time_on_the_last_day_of_an_unestimated_calendar() -> None:
    # Without estimate years the calendar ends 2026-12-31 on published data: a request
    # on that day is not an estimate, one on the next day (past the data) is.
    cal = WorkCalendar.china(estimate_years=0)
    assert cal.last == dt.date(2026, 12, 31)
    on_last = CustomerRequested(dt.datetime(2026, 12, 31, 10, tzinfo=SH), WorkingDays(1))
    assert on_last.due(sh(12, 28, 10), cal).estimated is False


def test_minutes_too_far_on_the_fast_path() -> None:
    step = Step("a", "A", "甲", Minutes(10**12), "acknowledged", ("standard",))
    case = replay(Complaint("Q", T, "K", demands=("criticism",)), [])
    with pytest.raises(InvalidInputError, match=r"before the year 10000 \(got 1000000000000\)"):
        due_dates(case, CN, ResponseProfile((step,)))
