"""Corrective plans, 8D, CAPA proposals, obligations and statistics: worked examples."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore.deadlines import WorkingDays
from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
from qmscore.scoring import STANDARD_QUESTIONNAIRE, score_response
from qmscore.serialization import from_dict, to_dict
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    PRESET_SCHEDULES,
    Acknowledged,
    Assessed,
    Cause,
    Closed,
    Complaint,
    ComplaintStatistics,
    Compliance,
    CorrectivePlan,
    CustomerReplied,
    EightD,
    EightDProfile,
    Schedule,
    SubItem,
    capa_from_complaint,
    capa_from_score,
    complaint_statistics,
    compliance,
    occurrences,
    open_case,
    pareto,
    replay,
)
from qmscore.workflow.capa import COMMON_8D, WORKING_DAY_8D

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
D = dt.date


def test_corrective_plan_with_one_late_sub_item_of_three() -> None:
    plan = CorrectivePlan(
        "solder voids in the output stage",
        owner="Li Ming",
        due=D(2026, 10, 30),
        supporting=("process engineering", "purchasing"),
        causes=(
            Cause(
                "machine",
                "reflow oven zone 3 too cool",
                ("voids", "low peak temperature", "thermocouple drift"),
            ),
        ),
        items=(
            SubItem("recalibrate zone 3", "Wang", D(2026, 10, 9), "QA", status="done"),
            SubItem("new stencil aperture", "Zhao", D(2026, 10, 12), "QA"),  # open, due 10-12
            SubItem("train operators", "Sun", D(2026, 10, 28), "HR"),
        ),
    )
    today = D(2026, 10, 14)
    assert [i.method for i in plan.late_items(today)] == ["new stencil aperture"]
    assert plan.is_late(today)
    assert not plan.is_late(D(2026, 10, 12))  # due that day: not yet late
    assert plan.progress == pytest.approx(1 / 3)
    assert "new stencil aperture (Zhao, due 2026-10-12)" in plan.reasons(today)[0].en
    assert plan.reasons(D(2026, 10, 1))[0].code == "capa.plan_on_time"
    assert from_dict(to_dict(plan), CorrectivePlan) == plan


def test_8d_containment_across_a_weekend() -> None:
    friday = dt.datetime(2026, 9, 25, 16, 0)
    common = EightD("8D-1", friday)
    # D3 (containment) within 24 hours counts the weekend: Saturday 16:00.
    assert common.due_dates(CN)["D3"] == dt.datetime(2026, 9, 26, 16, 0, tzinfo=SH)
    # A customer counting working days: containment by the end of the next working day.
    strict = EightD(
        "8D-2", friday, EightDProfile("customer X", {"D3": WorkingDays(1), "D8": WorkingDays(30)})
    )
    assert strict.due_dates(CN)["D3"] == dt.datetime(2026, 9, 28, 17, 30, tzinfo=SH)
    assert common.overdue(dt.datetime(2026, 9, 27, 9, 0), CN) == ("D3",)
    done = common.complete("D3", dt.datetime(2026, 9, 26, 10, 0))
    assert done.overdue(dt.datetime(2026, 9, 27, 9, 0), CN) == ()
    assert [r.en for r in done.closure_blockers()] == [
        "D6 not completed: the 8D cannot be closed",
        "D8 not completed: the 8D cannot be closed",
    ]
    closed = done.complete("D6", dt.datetime(2026, 10, 5)).complete("D8", dt.datetime(2026, 10, 9))
    assert closed.closure_blockers() == ()
    assert WORKING_DAY_8D.due["D8"] == WorkingDays(30)
    assert COMMON_8D.required_for_closure == ("D6", "D8")
    assert from_dict(to_dict(common), EightD) == common


def test_capa_proposals() -> None:
    low = score_response({i.key: "dissatisfied" for i in STANDARD_QUESTIONNAIRE.items})
    proposal = capa_from_score(low)
    assert proposal is not None
    # Issue 13 item 11: every item below "satisfied", by points lost: performance 30-15=15;
    # delivery, improvement, service life 10-3=7; appearance, dimensions 10-5=5; packaging,
    # price, service, transport 5-2=3 (ties by key).
    assert proposal.items == (
        "performance",
        "delivery",
        "improvement",
        "service_life",
        "appearance",
        "dimensions",
        "packaging",
        "price",
        "service",
        "transport",
    )
    three = capa_from_score(low, items=3)
    assert three is not None
    assert three.items == ("performance", "delivery", "improvement")
    top = capa_from_score(low, items=1)
    assert top is not None
    assert top.items == ("performance",)
    assert (
        capa_from_score(score_response({i.key: "satisfied" for i in STANDARD_QUESTIONNAIRE.items}))
        is None
    )
    t = dt.datetime(2026, 9, 30, 10)
    eight_d = capa_from_complaint(open_case(Complaint("Q-1", t, "K", recurrence=True)))
    assert eight_d is not None
    assert eight_d.kind == "eight_d"
    assert capa_from_complaint(open_case(Complaint("Q-2", t, "K"))) is None


def test_a_year_of_weekly_meetings_with_two_missed() -> None:
    meeting = PRESET_SCHEDULES["quality_meeting"]  # every 7 days from the period start
    start, end = D(2026, 1, 5), D(2026, 12, 31)
    dues = occurrences(meeting, start, end)
    assert len(dues) == 52
    assert dues[0] == start
    assert dues[-1] == D(2026, 12, 28)
    held = [d for d in dues if d not in (D(2026, 3, 2), D(2026, 8, 3))]
    held[10] += dt.timedelta(days=2)  # one held two days late
    result = compliance(meeting, held, start, end)
    assert (result.met, result.late, result.missed) == (49, 1, 2)
    assert [r.due for r in result.rows if r.status == "missed"] == [D(2026, 3, 2), D(2026, 8, 3)]
    assert "missed: 2026-03-02, 2026-08-03" in result.reasons[0].en
    assert from_dict(to_dict(result), Compliance) == result


def test_schedules_and_rest_days() -> None:
    month_end = occurrences(
        PRESET_SCHEDULES["complaint_statistics"], D(2026, 1, 1), D(2026, 3, 31)
    )
    assert month_end == (D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31))
    # Key customers visited each quarter, any day: due by each quarter's end.
    quarterly = occurrences(PRESET_SCHEDULES["key_customer_visit"], D(2026, 1, 1), D(2026, 12, 31))
    assert quarterly == (D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31))
    evenly = Schedule("v", "v", "v", "per_year", 4)  # four times a year on the 1st
    assert occurrences(evenly, D(2026, 1, 1), D(2026, 12, 31)) == (
        D(2026, 1, 1),
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
    )
    # 2026-10-01 is National Day: moved later to the next working day, 10-08.
    moved = Schedule("visit", "visit", "拜访", "months", months=(10,), rest_day="later")
    assert occurrences(moved, D(2026, 1, 1), D(2026, 12, 31), CN) == (D(2026, 10, 8),)
    earlier = Schedule("visit", "visit", "拜访", "months", months=(10,), rest_day="earlier")
    assert occurrences(earlier, D(2026, 1, 1), D(2026, 12, 31), CN) == (D(2026, 9, 30),)
    weekly = Schedule("w", "w", "w", "weekly", weekday=4)  # Fridays
    assert occurrences(weekly, D(2026, 9, 1), D(2026, 9, 30))[0] == D(2026, 9, 4)


def test_month_end_statistics_for_a_small_log() -> None:
    def case(cid: str, day: int, month: int = 9, **kw: object) -> object:
        t = dt.datetime(2026, month, day, 10, 0)
        return open_case(Complaint(cid, t, "K", **kw))  # type: ignore[arg-type]

    t = dt.datetime(2026, 9, 1, 10, 0)
    closed = replay(
        Complaint(
            "Q1", t, "K-1", customer_class="A", category="a", defect="hum", demands=("criticism",)
        ),
        [
            Acknowledged(t + dt.timedelta(minutes=5)),
            Assessed(t + dt.timedelta(hours=1), True),
            CustomerReplied(t + dt.timedelta(hours=30)),
            Closed(t + dt.timedelta(hours=48)),
        ],
    )
    log = [
        closed,
        case(
            "Q2",
            3,
            customer_class="B",
            category="a",
            defect="hum",
            recurrence=True,
            demands=("exchange",),
        ),
        case("Q3", 10, customer_class="B", category="b", defect="dent", demands=("return",)),
        case("Q4", 20, customer_class="A", category="c"),
        case("Q5", 15, month=8, category="a"),  # August: the previous month
        case("Q6", 25, month=8, category="b"),
    ]
    s = complaint_statistics(log, 2026, 9, CN)  # type: ignore[arg-type]
    assert s.total == 4
    # nature / customer class / category
    assert s.by_nature_class_category == {"B/B/b": 1, "C/A/a": 1, "C/A/c": 1, "C/B/a": 1}
    assert [(r.key, r.count, r.share) for r in s.categories] == [
        ("a", 2, 0.5),
        ("b", 1, 0.25),
        ("c", 1, 0.25),
    ]
    assert [(r.key, r.count) for r in s.defects] == [("hum", 2), ("dent", 1)]
    assert s.recurrence_rate == 0.25
    assert (s.closed, s.hours_to_close_mean, s.hours_to_close_p50) == (1, 48.0, 48.0)
    assert s.on_time == {"assessment": 1.0, "contact": 1.0, "result": 1.0}
    assert s.change_vs_previous == 1.0  # 4 against 2 in August
    assert from_dict(to_dict(s), ComplaintStatistics) == s


def test_pareto_by_hand() -> None:
    rows = pareto([("b", 3), ("a", 3), ("c", 2), ("z", 0)])
    assert [(r.key, r.share, r.cumulative) for r in rows] == [
        ("a", 0.375, 0.375),
        ("b", 0.375, 0.75),
        ("c", 0.25, 1.0),
    ]


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: CorrectivePlan(
                "p", owner="o", due=D(2026, 10, 1), items=(SubItem("m", "o", D(2026, 10, 2), "a"),)
            ),
            InvalidInputError,
            "'items[0].due' must be on or before the plan's due date 2026-10-01",
        ),
        (lambda: Cause("weather", "rain"), InvalidInputError, "'category' must be one of"),
        (
            lambda: Cause("man", "x", ("1", "2", "3", "4", "5", "6")),
            InvalidInputError,
            "'whys' must be at most 5 whys",
        ),
        (
            lambda: SubItem("m", "o", D(2026, 1, 1), "a", status="late"),  # type: ignore[arg-type]
            InvalidInputError,
            "'status' must be one of ('open', 'done', 'accepted')",
        ),
        (
            lambda: SubItem("m", "o", dt.datetime(2026, 1, 1), "a"),
            InvalidTypeError,
            "'due' must be a date (not a datetime)",
        ),
        (lambda: Cause("man", "x", "why"), InvalidTypeError, "'whys' must be a list (got 'why')"),
        (lambda: Cause(None, "x"), InvalidInputError, "'category' must be one of"),  # type: ignore[arg-type]
        (
            lambda: CorrectivePlan("p", owner="o", due=D(2026, 1, 1), items=("m",)),
            InvalidTypeError,
            "'items[0]' must be a SubItem (got 'm')",
        ),
        (
            lambda: CorrectivePlan("p", owner="o", due=D(2026, 1, 1), supporting="QA"),
            InvalidTypeError,
            "'supporting' must be a list (got 'QA')",
        ),
        (
            lambda: CorrectivePlan("p", owner="o", due=D(2026, 1, 1)).is_late("soon"),  # type: ignore[arg-type]
            InvalidInputError,
            "'today' must be an ISO 8601 date",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1)).complete("D9", dt.datetime(2026, 1, 2)),
            InvalidInputError,
            "'discipline' must be one of",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1)).complete("D3", float("-inf")),  # type: ignore[arg-type]
            InvalidTypeError,
            "'at' must be a datetime or an ISO 8601 string (got -inf)",
        ),
        (
            lambda: EightD(
                "8D", dt.datetime(2026, 1, 1), completed={"D10": dt.datetime(2026, 1, 2)}
            ),
            InvalidInputError,
            "'completed' must be disciplines from",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1), completed=5),
            InvalidTypeError,
            "'completed' must be a mapping (got 5)",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1), completed={"D3": "soon"}),
            InvalidInputError,
            "'completed[D3]' must be an ISO 8601 date-time (got 'soon')",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1), profile="common"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'profile' must be an EightDProfile",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1)).overdue(
                dt.datetime(2026, 2, 1, tzinfo=SH), CN
            ),
            InvalidInputError,
            "'now' must be naive like opened_at",
        ),
        (
            lambda: EightD("8D", dt.datetime(2026, 1, 1)).due_dates("calendar"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (
            lambda: EightDProfile("x", {"D9": WorkingDays(1)}),
            RuleSetError,
            "unknown disciplines in the 8D profile: ['D9']",
        ),
        (
            lambda: EightDProfile("x", {"D3": "24 hours"}),
            InvalidTypeError,
            "'due[D3]' must be a deadline rule",
        ),
        (lambda: EightDProfile("x", [1, 2, 3]), InvalidTypeError, "'due' must be a mapping"),
        (
            lambda: EightDProfile("x", {}, required_for_closure="D8"),
            InvalidTypeError,
            "'required_for_closure' must be a list (got 'D8')",
        ),
        (
            lambda: EightDProfile("x", {}, required_for_closure=("D9",)),
            RuleSetError,
            "unknown disciplines required for closure",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months=()),
            RuleSetError,
            "months must not be empty",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months=(13,)),
            InvalidInputError,
            "'months[0]' must be <= 12 (got 13)",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months="4"),
            InvalidTypeError,
            "'months' must be a list (got '4')",
        ),
        (lambda: Schedule("s", "s", "s", "per_year", 5), RuleSetError, "per_year must divide 12"),
        (lambda: Schedule("s", "s", "s", "yearly"), InvalidInputError, "'kind' must be one of"),  # type: ignore[arg-type]
        (
            lambda: Schedule("s", "s", "s", "weekly", 0),
            InvalidInputError,
            "'interval' must be >= 1",
        ),
        (
            lambda: Schedule("s", "s", "s", "weekly", 1.5),
            InvalidTypeError,
            "'interval' must be an integer (got 1.5)",
        ),
        (
            lambda: Schedule("s", "s", "s", "weekly", weekday=7),
            InvalidInputError,
            "'weekday' must be <= 6 (got 7)",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months=(4,), day=0),
            InvalidInputError,
            "'day' must be 1..31, or -1 for the month end (got 0)",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months=(4,), day=32),
            InvalidInputError,
            "'day' must be <= 31 (got 32)",
        ),
        (
            lambda: Schedule("s", "s", "s", "every_n_days", 7, window="month"),
            RuleSetError,
            "a month window needs a month-based kind",
        ),
        (
            lambda: Schedule("s", "s", "s", "month_end", rest_day="later", window="month"),
            RuleSetError,
            "a month window already allows any day of the month",
        ),
        (
            lambda: Schedule("s", "s", "s", "count", 2, rest_day="later"),
            RuleSetError,
            "a count is due at its period's end",
        ),
        (
            lambda: Schedule("s", "s", "s", "count", 32, period="month"),
            RuleSetError,
            "32 times a month cannot be met",
        ),
        (
            lambda: Schedule("s", "s", "s", "count", period="week"),  # type: ignore[arg-type]
            InvalidInputError,
            "'period' must be one of ('month', 'quarter', 'half_year', 'year')",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months=(4,), window="april"),  # type: ignore[arg-type]
            InvalidInputError,
            "'window' must be one of ('since_previous', 'month')",
        ),
        (
            lambda: Schedule("s", "s", "s", "months", months=(4,), source="seed 004"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'source' must be a Source",
        ),
        (
            lambda: occurrences(PRESET_SCHEDULES["quality_meeting"], D(2026, 2, 1), D(2026, 1, 1)),
            InvalidInputError,
            "'end' must be on or after start",
        ),
        (
            lambda: occurrences(PRESET_SCHEDULES["quality_meeting"], 20260101, D(2026, 2, 1)),  # type: ignore[arg-type]
            InvalidTypeError,
            "'start' must be a date or an ISO 8601 date string",
        ),
        (
            lambda: occurrences("quality_meeting", D(2026, 1, 1), D(2026, 2, 1)),  # type: ignore[arg-type]
            InvalidTypeError,
            "'schedule' must be a Schedule",
        ),
        (
            lambda: occurrences(
                Schedule("s", "s", "s", "month_end", rest_day="later"),
                D(2026, 1, 1),
                D(2026, 2, 1),
            ),
            InvalidInputError,
            "give a calendar",
        ),
        (
            lambda: compliance(
                PRESET_SCHEDULES["quality_meeting"],
                [20260101],  # type: ignore[list-item]
                D(2026, 1, 1),
                D(2026, 2, 1),
            ),
            InvalidTypeError,
            "'performed[0]' must be a date or an ISO 8601 date string",
        ),
        # A log mixing date and datetime: our error, not a TypeError from a sort.
        (
            lambda: compliance(
                PRESET_SCHEDULES["quality_meeting"],
                [D(2026, 1, 2), dt.datetime(2026, 1, 3)],
                D(2026, 1, 1),
                D(2026, 2, 1),
            ),
            InvalidTypeError,
            "'performed[1]' must be a date (not a datetime)",
        ),
        (
            lambda: compliance(
                PRESET_SCHEDULES["quality_meeting"],
                "2026-01-02",  # type: ignore[arg-type]
                D(2026, 1, 1),
                D(2026, 2, 1),
            ),
            InvalidTypeError,
            "'performed' must be a list",
        ),
        (lambda: complaint_statistics([], 2026, 13), InvalidInputError, "'month' must be <= 12"),
        (
            lambda: complaint_statistics(["case"], 2026, 9),  # type: ignore[list-item]
            InvalidInputError,
            "'cases[0]' must be a Case",
        ),
        (lambda: capa_from_score(75), InvalidInputError, "'score' must be a SatisfactionScore"),
        (
            lambda: capa_from_score(
                score_response(
                    dict.fromkeys([k.key for k in STANDARD_QUESTIONNAIRE.items], "opposed")
                ),
                items=0,
            ),
            InvalidInputError,
            "'items' must be >= 1",
        ),
        (lambda: capa_from_complaint("case"), InvalidInputError, "'case' must be a Case"),
        (lambda: pareto([("a", 3), ("b", -1)]), InvalidInputError, "'counts[1][1]' must be >= 0"),
        (lambda: pareto([("a", 3), ("a", 1)]), InvalidInputError, "each key once (twice: ['a'])"),
        (lambda: pareto([("a", 3.5)]), InvalidTypeError, "'counts[0][1]' must be an integer"),  # type: ignore[list-item]
        (lambda: pareto([(1, 3)]), InvalidTypeError, "'counts[0][0]' must be a string"),  # type: ignore[list-item]
        (
            lambda: pareto([("a", 3, 4)]),  # type: ignore[list-item]
            InvalidInputError,
            "'counts[0]' must be a (key, count) pair",
        ),
        (lambda: pareto("ab"), InvalidTypeError, "'counts' must be a list"),  # type: ignore[arg-type]
        (
            lambda: complaint_statistics([], 2026, 9, "China"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'calendar' must be a WorkCalendar",
        ),
        (lambda: complaint_statistics(7, 2026, 9), InvalidTypeError, "'cases' must be a list"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_items_after_the_plan_when_allowed() -> None:
    plan = CorrectivePlan(
        "p",
        owner="o",
        due=D(2026, 10, 1),
        allow_items_after_plan=True,
        items=(SubItem("m", "o", D(2026, 10, 2), "a"),),
    )
    assert plan.is_late(D(2026, 10, 2))  # the plan itself is past due with an item open
    assert CorrectivePlan("p", owner="o", due=D(2026, 10, 1)).progress == 1.0
