"""The clocks of BRIEF.md section 2 as :class:`~qmscore.deadlines.Preset` values.

Read them as :data:`qmscore.deadlines.PRESETS`; they live here because they are
data built from the rules of :mod:`qmscore.deadlines`.
"""

from __future__ import annotations

from qmscore.deadlines import (
    CalendarDays,
    CustomerRequested,
    Hours,
    Minutes,
    Preset,
    Rule,
    SameDay,
    WorkingDays,
)
from qmscore.explain import Source


def _p(key: str, rule: Rule, en: str, zh: str, seed: str) -> Preset:
    return Preset(key, rule, en, zh, Source(f"seed {seed}"))


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        _p(
            "presales_reply",
            Minutes(10),
            "Reply to a pre-sales inquiry",
            "售前咨询10分钟内回复",
            "000",
        ),
        _p(
            "complaint_contact",
            Minutes(10),
            "Contact a complaining customer and confirm",
            "接到客户投诉后10分钟内与客户取得联系",
            "000",
        ),
        _p(
            "onsite_repair",
            Hours(24),
            "After-sales repair on site (special cases excepted)",
            "售后维修服务应在24小时内到达现场",
            "000",
        ),
        _p(
            "major_problem_report",
            Hours(1),
            "Report a major quality problem to the department head",
            "重大质量问题应在发现后1小时内报告给部门负责人",
            "000",
        ),
        _p(
            "equipment_fix",
            WorkingDays(3),
            "Equipment-caused problem: repair, recalibrate, train",
            "3个工作日内完成设备维修和调试",
            "000",
        ),
        _p(
            "general_complaint_result",
            WorkingDays(3),
            "Reply with the result of a general complaint",
            "一般性投诉应在3个工作日内给予客户反馈处理结果",
            "000",
        ),
        _p(
            "major_complaint_first_reply",
            WorkingDays(5),
            "Major complaint: first reply",
            "重大投诉应在5个工作日内给予初步反馈",
            "000",
        ),
        _p(
            "major_complaint_final",
            WorkingDays(10),
            "Major complaint: final result",
            "在10个工作日内给出最终处理结果",
            "000",
        ),
        _p(
            "intake_logged",
            Hours(1),
            "Complaint intake logged; returns reported; containment ordered",
            "1小时内",
            "002",
        ),
        _p(
            "preliminary_assessment",
            Hours(2),
            "Preliminary assessment: is it a product quality problem?",
            "2小时内初步判定",
            "002",
        ),
        _p(
            "vp_starts",
            Hours(1),
            "Returns/claims: the responsible VP starts after the disposition report",
            "1小时内启动",
            "002",
        ),
        _p(
            "analysis_solution",
            Hours(24),
            "Returns/claims: analysis and solution reported",
            "24小时内报告分析及解决方案",
            "002",
        ),
        _p(
            "corrective_feedback",
            SameDay(),
            "Corrective results fed back to sales; plan form filed",
            "当天",
            "002",
        ),
        _p(
            "improvement_method",
            Hours(24),
            "Quality improvement method decided",
            "24小时内确定质量改进方法",
            "002",
        ),
        _p(
            "actions_implemented",
            CalendarDays(7),
            "Corrective actions implemented",
            "一周内实施纠正措施",
            "002",
        ),
        _p(
            "recontact_customer",
            Hours(24),
            "Contact the customer again after the solution",
            "24小时内再次联系客户",
            "002",
        ),
        _p(
            "clear_reply",
            Hours(48),
            "Clear reply after the problem occurred",
            "48小时内明确答复",
            "002",
        ),
        _p(
            "complaint_report_reply",
            CustomerRequested(None, CalendarDays(2)),
            "Reply to a complaint report: the customer's time, else 2 days",
            "按客户要求时间，否则2天内回复",
            "004",
        ),
        _p(
            "survey_summary",
            WorkingDays(15),
            "Summarise a satisfaction survey after it closes",
            "调查结束后15个工作日内汇总",
            "003",
        ),
    )
}
"""Every clock of BRIEF.md section 2, keyed by a stable name."""
