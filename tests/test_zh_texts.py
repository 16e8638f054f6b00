"""The Chinese wording of reasons that used to embed English keys or units.

Expected texts are written out by hand from the labels in the rules (the
criteria's zh, the seed's words for demands and triggers).
"""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore import sampling, scoring
from qmscore import workflow as wf
from qmscore.deadlines import (
    CalendarDays,
    CustomerRequested,
    Hours,
    Minutes,
    SameDay,
    WorkingDays,
    WorkingHours,
)
from qmscore.workdays import WorkCalendar
from qmscore.workflow.complaint import _within_zh

T = dt.datetime(2026, 9, 30, 16, 0)


def test_table_plan_and_arrow_cite_the_table_as_biao() -> None:
    plan = sampling.lookup_plan(20, 1.5, level="I")
    # Lot 20 at level I: code B, an arrow down to code D (Table II-A).
    assert plan.reasons[2].zh == (
        "表 II-A，AQL 1.5：字码 B 处为箭头，改用箭头下方第一个方案，字码 D（样本量随之改变）"
    )
    assert plan.reasons[2].en.startswith("Table II-A, AQL 1.5: arrow")


def test_grade_reasons_name_criteria_and_fields_in_chinese() -> None:
    g = scoring.grade_customer(
        scoring.CustomerProfile(
            "K-1", sales_6m=350_000, cooperation="very_smooth", partner_years=4.0,
            payment="on_time",
        )
    )  # fmt: skip
    assert g.reasons[0].zh == (
        "等级 A：满足至少 3 项条件（近6个月销售额≥30万、合作非常顺畅、合作≥2年、按时付款）"
    )
    assert g.reasons[0].en.endswith("(sales, cooperation, partnership, payment)")
    # Missing: potential (A: large potential; D: no potential), brand, OEM,
    # erratic orders: four profile fields, each named once.
    unknown = next(r for r in g.reasons if r.code == "grading.unknown")
    assert unknown.zh == (
        "信息缺失，按未满足计：是否知名品牌、发展潜力、是否直接为主机厂配套、订单是否量小且不稳定"
    )


def test_complaint_reasons_name_demands_triggers_and_times_in_chinese() -> None:
    c = wf.classify_complaint(wf.Complaint("Q-1", T, "K-1", demands=("return",), batch=True))
    zh = [r.zh for r in c.reasons]
    assert zh[0] == "问题性质 B（严重）：按客户诉求中最严重者（退货）"
    assert zh[1].startswith("重大处理流程：批量问题、退货（召开会议；")
    assert "退货、索赔1小时内报告分管领导" in zh
    assert "重大质量问题1小时内报告部门负责人" in zh
    c = wf.classify_complaint(wf.Complaint("Q-2", T, "K-1", demands=("compensation",)))
    # Compensation is a major demand and makes nature A, itself a major trigger.
    assert c.reasons[1].zh.startswith("重大处理流程：索赔、问题性质 A（召开会议；")


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("1 hour", "1小时"),
        ("2 hours", "2小时"),
        ("30 minutes", "30分钟"),
        ("3 working days", "3个工作日"),
        ("1 day", "1天"),
        ("当天", "当天"),
        ("at once", "at once"),  # the user's own wording is kept
    ],
)
def test_within_zh(text: str, zh: str) -> None:
    assert _within_zh(text) == zh


@pytest.mark.parametrize(
    ("rule", "zh"),
    [
        (WorkingDays(2), "2 个工作日"),
        (Hours(24), "24 小时"),
        (Minutes(10), "10 分钟"),
        (WorkingHours(8), "8 个工作小时"),
        (CalendarDays(3), "3 天"),
        (SameDay(), "当天"),
    ],
)
def test_default_deadline_named_in_chinese(rule: object, zh: str) -> None:
    d = CustomerRequested(None, rule).due(T, WorkCalendar.china())  # type: ignore[arg-type]
    assert d.reasons[0].zh == f"客户未要求时间：按默认时限 {zh}"


def test_patrol_interval_in_hours() -> None:
    shifts = [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))]
    p = sampling.patrol_by_time(shifts, dt.timedelta(minutes=90))
    # 8 working hours, a check every 1.5 h: at 1.5, 3, 4.5, 6, 7.5 h -> 5 checks.
    assert p.reasons[0].zh == "每 1.5 小时工作时间巡检一次：8 个工作小时内巡检 5 次"


def test_late_capa_items_and_case_events_in_chinese() -> None:
    plan = wf.CorrectivePlan(
        "焊点空洞",
        owner="李工",
        due=dt.date(2026, 10, 30),
        items=(wf.SubItem("更换钢网", "赵工", dt.date(2026, 10, 12), "QA"),),
    )
    assert plan.reasons(dt.date(2026, 10, 14))[0].zh == (
        "2026-10-14 逾期：更换钢网（赵工，2026-10-12 到期）"
    )
    case = wf.open_case(wf.Complaint("Q-7", T, "K-1"))
    case = wf.apply(case, wf.Acknowledged(T + dt.timedelta(minutes=10)))
    assert case.reasons[0].zh == "2026-09-30 16:10:00：确认收到投诉"
    assert case.reasons[0].en == "2026-09-30T16:10:00: acknowledged"
