"""Issue 13, complaint workflow and obligations: worked cases derived by hand from the seeds.

Each test is named after the defect it pins. Names new in this issue are
imported inside the tests, so every test stands on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from qmscore.errors import InvalidInputError, InvalidTransitionError
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerReplied,
    Event,
    PlanApproved,
    RootCauseRecorded,
    Verified,
    apply,
    at_risk,
    classify_complaint,
    due_dates,
    open_case,
    overdue,
    replay,
)

CN = WorkCalendar.china()
T = dt.datetime(2026, 9, 30, 16, 0)  # a Wednesday, naive = Shanghai time
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
UTC = dt.timezone.utc


# ----------------------------------------------------------------- item 1


def test_item1_major_route_cannot_close_with_assessment_containment_and_replies_undone() -> None:
    # The replay: compensation -> nature A -> major route.
    complaint = Complaint("Q-13", T, "K-1", demands=("compensation",))
    assert classify_complaint(complaint).route == "major"
    events: list[Event] = [
        Acknowledged(T + 5 * M),
        RootCauseRecorded(T + 2 * H, "solder voids"),
        PlanApproved(T + 3 * H),
        ActionsImplemented(T + 4 * H),
        Verified(T + 5 * H, effective=True),
    ]
    case = replay(complaint, events)
    # The major route requires (ComplaintRules.close_requires["major"]):
    #   acknowledged, assessed, containment_ordered, root_cause_recorded,
    #   plan_approved, actions_implemented, verified_effective,
    #   customer_replied, final_reply.
    # Done: acknowledged, root_cause_recorded, plan_approved,
    #   actions_implemented, verified_effective.
    # Undone, in the rule's order: assessed, containment_ordered,
    #   customer_replied, final_reply.
    with pytest.raises(InvalidTransitionError) as info:
        apply(case, Closed(T + 6 * H))
    assert (
        "major route: no close while required steps are undone "
        "(assessed, containment_ordered, customer_replied, final_reply)"
    ) in str(info.value)
    # Doing them lets it close.
    done = replay(
        complaint,
        [
            Acknowledged(T + 5 * M),
            ContainmentOrdered(T + 30 * M),
            Assessed(T + H, our_problem=True),
            RootCauseRecorded(T + 2 * H, "solder voids"),
            PlanApproved(T + 3 * H),
            CustomerReplied(T + 3 * H + 30 * M),
            ActionsImplemented(T + 4 * H),
            Verified(T + 5 * H, effective=True),
            CustomerReplied(T + 5 * H + 30 * M, final=True),
            Closed(T + 6 * H),
        ],
    )
    assert done.status == "closed"


def test_item1_required_steps_are_data_in_the_rules() -> None:
    from qmscore.workflow import ComplaintRules

    # A company that lets a major case close after an effective verification
    # and a final reply only: its rule, not ours.
    lenient = ComplaintRules(
        close_requires={
            **ComplaintRules().close_requires,
            "major": ("acknowledged", "verified_effective", "final_reply"),
        }
    )
    complaint = Complaint("Q-14", T, "K-1", demands=("compensation",))
    case = replay(
        complaint,
        [
            Acknowledged(T),
            RootCauseRecorded(T + H, "x"),
            PlanApproved(T + 2 * H),
            ActionsImplemented(T + 3 * H),
            Verified(T + 4 * H, effective=True),
            CustomerReplied(T + 5 * H, final=True),
            Closed(T + 6 * H),
        ],
        lenient,
    )
    assert case.closed


def test_item1_a_closed_case_still_reports_steps_done_late_or_never() -> None:
    from qmscore.workflow import missed_steps

    # Not our problem: evidence is returned and the case may close, but the
    # major clocks it ran under are still on record.
    complaint = Complaint("Q-15", T, "K-1", demands=("compensation",))
    case = replay(
        complaint,
        [
            Acknowledged(T + 30 * M),  # contact due 16:00 + 10 min = 16:10: 20 min late
            Assessed(T + H, our_problem=False),  # due 16:00 + 2 h = 18:00: on time
            CustomerReplied(T + 3 * H),  # evidence returned at 19:00
            Closed(T + 4 * H),
        ],
    )
    assert case.closed
    # Major steps and deadlines (naive receipt read as Shanghai time):
    #   contact 16:10 (done 16:30: late), assessment 18:00 (done 17:00),
    #   containment 17:00 (never), solution 10-01 16:00 (plan never approved),
    #   clear_reply 10-02 16:00 (reply 19:00), first_reply 5 working days
    #   (reply 19:00), final_result 10 working days (no final reply: never).
    missed = {d.step: (d.late, d.done_at is None) for d in missed_steps(case, CN)}
    assert missed == {
        "contact": (True, False),
        "containment": (False, True),
        "solution": (False, True),
        "final_result": (False, True),
    }
    # overdue() at 18:00 on the closed case: containment (due 17:00) was never
    # done; solution (10-01 16:00) and final_result are not due yet.
    assert [d.step for d in overdue(case, T + 2 * H, CN)] == ["containment"]
    # Two days later the solution deadline (10-01 16:00) has passed as well.
    assert [d.step for d in overdue(case, T + 48 * H, CN)] == ["containment", "solution"]


# ----------------------------------------------------------------- item 2


def test_item2_naive_now_against_an_aware_receipt_is_refused_everywhere() -> None:
    aware = open_case(
        Complaint("Q-21", dt.datetime(2026, 9, 30, 8, 0, tzinfo=UTC), "K", demands=("criticism",))
    )
    naive_now = dt.datetime(2026, 9, 30, 18, 30)
    calls: tuple[Callable[[], object], ...] = (
        lambda: overdue(aware, naive_now, CN),
        lambda: at_risk(aware, naive_now, CN, margin=H),
        lambda: due_dates(aware, CN, now=naive_now),
    )
    for call in calls:
        with pytest.raises(InvalidInputError, match="'now' must be aware like the complaint"):
            call()
    naive = open_case(Complaint("Q-22", T, "K", demands=("criticism",)))
    aware_now = dt.datetime(2026, 9, 30, 10, 30, tzinfo=UTC)
    calls = (
        lambda: overdue(naive, aware_now, CN),
        lambda: at_risk(naive, aware_now, CN, margin=H),
        lambda: due_dates(naive, CN, now=aware_now),
    )
    for call in calls:
        with pytest.raises(InvalidInputError, match="'now' must be naive like the complaint"):
            call()
    # The same moment given consistently: received 08:00Z = 16:00 Shanghai;
    # contact due 16:10, assessment due 18:00; at 10:30Z = 18:30 both passed,
    # the result (3 working days) is not due.
    assert [d.step for d in overdue(aware, aware_now, CN)] == ["contact", "assessment"]
    assert [d.step for d in overdue(naive, naive_now, CN)] == ["contact", "assessment"]


# ----------------------------------------------------------------- item 3


def test_item3_monthly_statistics_bucket_by_the_calendars_local_date() -> None:
    from qmscore.workflow import complaint_statistics

    # 2026-08-31 16:30 UTC + 8 h = 2026-09-01 00:30 in Shanghai.
    late_utc = open_case(Complaint("Q-31", dt.datetime(2026, 8, 31, 16, 30, tzinfo=UTC), "K"))
    # 2026-08-31 15:30 UTC + 8 h = 23:30 on 08-31 in Shanghai: still August.
    earlier = open_case(Complaint("Q-32", dt.datetime(2026, 8, 31, 15, 30, tzinfo=UTC), "K"))
    cases = [late_utc, earlier]
    september = complaint_statistics(cases, 2026, 9, CN)
    august = complaint_statistics(cases, 2026, 8, CN)
    assert (september.total, august.total) == (1, 1)
    assert september.change_vs_previous == 0.0  # 1 against 1 in August: (1 - 1) / 1
    # Without a calendar the stored timestamp's own date counts: both in August.
    assert complaint_statistics(cases, 2026, 8).total == 2
    assert complaint_statistics(cases, 2026, 9).total == 0


# ----------------------------------------------------------------- item 4


def test_item4_disposition_report_sections_are_signed_and_dated_from_the_events() -> None:
    from qmscore.workflow import disposition_report

    t = dt.datetime(2026, 10, 8, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    complaint = Complaint("Q-41", t, "K-101", demands=("return",), product="amp")
    case = replay(
        complaint,
        [
            Acknowledged(t, actor="Chen (service)"),
            ContainmentOrdered(t + 10 * M),
            Assessed(t + H, our_problem=True, actor="Zhang Wei"),  # 10:00 Shanghai
            RootCauseRecorded(t + 5 * H, "solder voids", actor="Li Ming"),  # 14:00
            PlanApproved(t + 8 * H, actor="Wang (quality director)"),  # 17:00
            ActionsImplemented(t + 10 * H),
            Verified(t + 16 * H, effective=True, actor="Zhao (QA)"),  # 17:00Z = 10-09 01:00
        ],
    )
    report = disposition_report(case, CN)
    assert report["cause"] == "solder voids"
    assert (report["responsibility_signed_by"], report["responsibility_date"]) == (
        "Zhang Wei",
        "2026-10-08",
    )
    assert (report["cause_signed_by"], report["cause_date"]) == ("Li Ming", "2026-10-08")
    assert (report["corrective_proposal_signed_by"], report["corrective_proposal_date"]) == (
        "Wang (quality director)",
        "2026-10-08",
    )
    # The verification at 17:00 UTC is 01:00 on 10-09 in Shanghai.
    assert (report["verification_signed_by"], report["verification_date"]) == (
        "Zhao (QA)",
        "2026-10-09",
    )
    # Without a calendar: the stored timestamp's own date.
    assert disposition_report(case)["verification_date"] == "2026-10-08"
    # A verification found not effective sends the case back: the proposal and
    # the verification are no longer signed; the responsibility still is.
    redo = apply(
        apply(case, CustomerReplied(t + 17 * H, final=True)),
        Verified(t + 18 * H, effective=False, actor="Zhao (QA)"),
    )
    again = disposition_report(redo)
    assert again["corrective_proposal_signed_by"] is None
    assert again["verification"] == "not effective"
    assert (again["verification_signed_by"], again["verification_date"]) == (
        "Zhao (QA)",
        "2026-10-08",  # 01:00Z + 18 h = 19:00Z on 10-08
    )
    assert again["responsibility_signed_by"] == "Zhang Wei"
    # An event without an actor: the section is dated but unsigned.
    unsigned = replay(complaint, [Acknowledged(t), Assessed(t + H, our_problem=True)])
    r = disposition_report(unsigned)
    assert (r["responsibility_signed_by"], r["responsibility_date"]) == (None, "2026-10-08")
    assert (r["cause_signed_by"], r["cause_date"]) == (None, None)


# ----------------------------------------------------------------- item 5


@pytest.mark.parametrize(
    ("amount", "inclusive", "approved"),
    [
        # 1000RMB 以上 includes 1000 (以上 includes the number): >= 1000.
        (999.99, True, False),
        (1000, True, True),
        (Decimal("1000.00"), True, True),
        (1000.01, True, True),
        # Exclusive, when a company reads it as "above 1000": > 1000.
        (999.99, False, False),
        (1000, False, False),
        (1000.01, False, True),
    ],
)
def test_item5_approval_at_1000_rmb_is_inclusive_by_default(
    amount: float, inclusive: bool, approved: bool
) -> None:
    from qmscore.workflow import ComplaintRules

    rules = ComplaintRules(approval_inclusive=inclusive)
    r = classify_complaint(Complaint("Q-51", T, "K", replacement_amount=amount), rules)
    assert (r.approvals == ("general manager",)) is approved
    if approved:
        (reason,) = [x for x in r.reasons if x.code == "workflow.approval"]
        if inclusive:
            assert ">= 1000 (inclusive: 以上 includes the number)" in reason.en
            assert "含本数" in reason.zh
        else:
            assert "> 1000 (exclusive: strictly above)" in reason.en
            assert "不含本数" in reason.zh


def test_item5_default_rules_approve_exactly_1000() -> None:
    r = classify_complaint(Complaint("Q-52", T, "K", replacement_amount=1000))
    assert r.approvals == ("general manager",)


# ----------------------------------------------------------------- item 6


def test_item6_an_unknown_site_is_an_error_unless_the_rules_name_a_default() -> None:
    from qmscore.workflow import ComplaintRules

    typo = Complaint("Q-61", T, "K", site="branch plant 3")
    with pytest.raises(InvalidInputError, match="'site' must be one of the rules' sites"):
        classify_complaint(typo)
    with pytest.raises(InvalidInputError, match="'site' must be one of the rules' sites"):
        open_case(typo)
    rules = ComplaintRules(default_site="main plant")
    r = classify_complaint(typo, rules)
    assert r.leader == "quality director"
    (reason,) = [x for x in r.reasons if x.code == "workflow.default_site"]
    assert "'branch plant 3' has no leader of its own" in reason.en
    assert "默认厂区" in reason.zh
    # A known site is never sent to the default.
    known = classify_complaint(Complaint("Q-62", T, "K", site="branch plant 2"), rules)
    assert known.leader == "branch plant 2 manager"
    assert "workflow.default_site" not in {x.code for x in known.reasons}


# ---------------------------------------------------------------- item 12


def test_item12_surveys_held_during_april_and_october_are_on_time() -> None:
    from qmscore.workflow import PRESET_SCHEDULES, compliance, occurrences

    survey = PRESET_SCHEDULES["satisfaction_survey"]  # 具体在每年的四月份和十月份
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    # Due by the end of each window: April has 30 days, October 31.
    assert occurrences(survey, *year) == (dt.date(2026, 4, 30), dt.date(2026, 10, 31))
    result = compliance(survey, [dt.date(2026, 4, 15), dt.date(2026, 10, 20)], *year)
    assert (result.met, result.late, result.missed) == (2, 0, 0)
    assert [r.opens for r in result.rows] == [dt.date(2026, 4, 1), dt.date(2026, 10, 1)]
    # Held in March: before April's window, so April is missed; held 05-06:
    # after April's window closed and before October's opens, so late.
    early = compliance(survey, [dt.date(2026, 3, 31), dt.date(2026, 10, 1)], *year)
    assert [r.status for r in early.rows] == ["missed", "met"]
    late = compliance(survey, [dt.date(2026, 5, 6), dt.date(2026, 10, 31)], *year)
    assert [(r.status, r.performed) for r in late.rows] == [
        ("late", dt.date(2026, 5, 6)),
        ("met", dt.date(2026, 10, 31)),
    ]


def test_item12_by_the_end_of_the_month_and_month_end_days() -> None:
    from qmscore.workflow import MONTH_END, Schedule, compliance, occurrences

    report = Schedule("r", "Report", "月底前提交", "months", months=(2, 6), day=MONTH_END)
    # February 2026 has 28 days, 2028 is a leap year (29); June has 30.
    assert occurrences(report, dt.date(2026, 1, 1), dt.date(2028, 12, 31)) == (
        dt.date(2026, 2, 28),
        dt.date(2026, 6, 30),
        dt.date(2027, 2, 28),
        dt.date(2027, 6, 30),
        dt.date(2028, 2, 29),
        dt.date(2028, 6, 30),
    )
    # Day 31 in a 30-day month falls on its last day.
    thirty_first = Schedule("t", "t", "t", "months", months=(4, 5), day=31)
    assert occurrences(thirty_first, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
    )
    # "By the end of the month" with the month as the window: a June report
    # handed in on 06-30 is on time, on 07-01 late.
    june = Schedule("j", "June report", "6月底前", "months", months=(6,), day=-1, window="month")
    span = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert compliance(june, [dt.date(2026, 6, 30)], *span).met == 1
    assert compliance(june, [dt.date(2026, 7, 1)], *span).late == 1


def test_item12_at_least_n_times_a_year_counts_any_dates() -> None:
    from qmscore.workflow import PRESET_SCHEDULES, Schedule, compliance, occurrences

    audit = PRESET_SCHEDULES["internal_audit"]  # 内部审核每年至少2次
    span = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert occurrences(audit, *span) == (dt.date(2026, 12, 31),)
    # Two audits a week apart in March: twice in the year, both count.
    twice = compliance(audit, [dt.date(2026, 3, 2), dt.date(2026, 3, 9)], *span)
    assert (twice.met, twice.late, twice.missed) == (2, 0, 0)
    # One audit in 2026 (and one in 2025, outside the year): one of two missed.
    once = compliance(audit, [dt.date(2025, 12, 30), dt.date(2026, 11, 2)], *span)
    assert (once.met, once.missed) == (1, 1)
    assert [(r.status, r.performed) for r in once.rows] == [
        ("met", dt.date(2026, 11, 2)),
        ("missed", None),
    ]
    # Quarterly visits: Q1 has two (one counts), Q2 none, Q3 one, Q4 one.
    quarterly = PRESET_SCHEDULES["key_customer_visit"]
    visits = [dt.date(2026, 1, 5), dt.date(2026, 3, 31), dt.date(2026, 8, 8), dt.date(2026, 12, 1)]
    r = compliance(quarterly, visits, *span)
    assert [(row.due, row.status) for row in r.rows] == [
        (dt.date(2026, 3, 31), "met"),
        (dt.date(2026, 6, 30), "missed"),
        (dt.date(2026, 9, 30), "met"),
        (dt.date(2026, 12, 31), "met"),
    ]
    # Only periods ending inside [start, end] are judged: mid-2027 ends no year.
    three = Schedule("x", "x", "x", "count", 3, period="half_year")
    assert occurrences(three, dt.date(2026, 1, 1), dt.date(2027, 5, 31)) == (
        dt.date(2026, 6, 30),
        dt.date(2026, 12, 31),
    )
