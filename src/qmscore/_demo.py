"""The worked examples behind ``python -m qmscore demo``.

Each capability adds a section: a short, readable story using the seed rules.
Output goes to the stream the command line passes in; nothing here reads a
clock or a file.
"""

from __future__ import annotations

from typing import TextIO

from qmscore.explain import Language

__all__ = ["run"]


def _title(out: TextIO, text: str) -> None:
    out.write(f"\n== {text} ==\n")


def _sampling(out: TextIO, lang: Language) -> None:
    from qmscore import sampling

    zh = lang == "zh"
    _title(
        out, "抽样检验 (GB/T 2828.1 / Z1.4)" if zh else "Acceptance sampling (ISO 2859-1 / Z1.4)"
    )
    plan = sampling.lookup_plan(500, 1.0)
    out.write(
        (
            "来料 500 件，AQL 1.0，一般检验水平 II："
            if zh
            else "Incoming lot of 500, AQL 1.0, level II: "
        )
        + f"{plan}\n"
    )
    for reason in plan.reasons:
        out.write(f"  - {reason.message(lang)}\n")
    verdict = sampling.judge(plan, [1])
    out.write(("样本中发现 1 件不合格：" if zh else "1 nonconforming in the sample: ") + "\n")
    out.write(f"  - {verdict.reasons[0].message(lang)}\n")

    small = sampling.lookup_plan(20, 1.5, level="I")
    out.write(
        "批量 20，AQL 1.5，水平 I（箭头）：" if zh else "Lot of 20, AQL 1.5, level I (arrow): "
    )
    out.write(f"{small}\n")
    out.write(f"  - {small.reasons[2].message(lang)}\n")

    out.write(("五批的转移规则：" if zh else "Switching rules over five lots:") + "\n")
    state = sampling.SwitchingState()
    for accepted in (True, False, True, False, True):
        state = sampling.next_inspection(state, sampling.Lot(accepted))
        mark = ("接收" if zh else "accepted") if accepted else ("不接收" if zh else "not accepted")
        out.write(f"  {mark:>12} -> {state.inspection}: {state.reasons[0].message(lang)}\n")

    pct = sampling.percentage_plan(200, 0.05)
    out.write(
        ("包装材料按 5% 抽样（规程 000）：" if zh else "Packaging sampled at 5% (procedure 000): ")
        + f"{pct}\n"
    )
    out.write(f"  - {pct.reasons[0].message(lang)}\n")
    out.write(f"  - {pct.reasons[1].message(lang)}\n")


def _oc(out: TextIO, lang: Language) -> None:
    from qmscore import sampling

    zh = lang == "zh"
    _title(out, "方案的保护能力 (OC)" if zh else "What a plan protects against (OC)")
    lot = 200
    iso = sampling.lookup_plan(lot, 1.0)
    five = sampling.percentage_plan(lot, 0.05)
    out.write(
        (f"批量 {lot}：GB/T 2828.1 方案 {iso} 与 5% 抽样 {five}\n")
        if zh
        else f"Lot of {lot}: ISO plan {iso} vs 5% sampling {five}\n"
    )
    rows = sampling.compare_plans({"ISO": iso, "5%": five}, lot)
    out.write(f"  {'':>6} {'Pa@1%':>8} {'Pa@5%':>8} {'AOQL':>8} {'p10':>8}\n")
    for r in rows:
        pa = dict(r.pa)
        out.write(f"  {r.name:>6} {pa[0.01]:8.3f} {pa[0.05]:8.3f} {r.aoql:8.4f} {r.p10:8.3f}\n")
    design = sampling.design_plan(0.01, 0.08)
    out.write(
        (
            "满足 AQL 1%（α=0.05）与 LTPD 8%（β=0.10）的最小方案："
            if zh
            else "Smallest plan with AQL 1% (alpha 0.05) and LTPD 8% (beta 0.10): "
        )
        + f"n={design.sample_size}, c={design.accept}\n"
    )


def _deadlines(out: TextIO, lang: Language) -> None:
    import datetime as dt

    from qmscore.deadlines import PRESETS
    from qmscore.workdays import WorkCalendar

    zh = lang == "zh"
    _title(out, "工作日与时限" if zh else "Working days and deadlines")
    cal = WorkCalendar.china()
    received = dt.datetime(2026, 9, 30, 16, 0)
    out.write(
        "2026-09-30（周三）16:00 收到投诉：\n"
        if zh
        else "Complaint received Wednesday 2026-09-30 16:00:\n"
    )
    for key in (
        "complaint_contact",
        "general_complaint_result",
        "major_complaint_final",
        "onsite_repair",
    ):
        preset = PRESETS[key]
        d = preset.rule.due(received, cal)
        label = preset.zh if zh else preset.en
        out.write(f"  {d.due_at:%Y-%m-%d %H:%M}  {label} ({d.rule})\n")
    reason = PRESETS["general_complaint_result"].rule.due(received, cal).reasons[0]
    out.write(f"  - {reason.message(lang)}\n")
    out.write(f"  - {cal.describe(dt.date(2026, 10, 10)).message(lang)}\n")


def _scoring(out: TextIO, lang: Language) -> None:
    from qmscore import scoring

    zh = lang == "zh"
    _title(out, "客户满意度评分" if zh else "Satisfaction scoring")
    q = scoring.STANDARD_QUESTIONNAIRE
    answers: dict[str, str | None] = {i.key: "satisfied" for i in q.items}
    answers.update(performance="dissatisfied", delivery="dissatisfied", price=None)
    s = scoring.score_response(answers)
    out.write(
        (
            "一份回复（性能、交付不满意，价格未答）："
            if zh
            else "One response (performance and delivery dissatisfied, price not applicable): "
        )
        + f"{s.normalized:.1f} -> {s.grade}\n"
    )
    for reason in s.reasons:
        out.write(f"  - {reason.message(lang)}\n")


def _grading(out: TextIO, lang: Language) -> None:
    from qmscore import scoring

    zh = lang == "zh"
    _title(out, "客户分级" if zh else "Customer grading")
    profiles = [
        scoring.CustomerProfile(
            "K-101",
            sales_6m=350_000,
            cooperation="very_smooth",
            partner_years=4.0,
            payment="on_time",
        ),
        scoring.CustomerProfile(
            "K-102",
            sales_6m=320_000,
            cooperation="very_smooth",
            partner_years=3.0,
            payment="very_poor",
        ),
        scoring.CustomerProfile(
            "K-103", sales_6m=120_000, cooperation="fairly_smooth", partner_years=0.8
        ),
    ]
    for g in scoring.grade_customers(profiles):
        out.write(f"  {g.customer_id}: {g.grade}  - {g.reasons[0].message(lang)}\n")
        if g.conflicts:
            out.write(f"          - {g.reasons[1].message(lang)}\n")


def _complaint(out: TextIO, lang: Language) -> None:
    import datetime as dt

    from qmscore import workflow as wf
    from qmscore.workdays import WorkCalendar

    zh = lang == "zh"
    _title(out, "投诉处理流程" if zh else "Complaint workflow")
    t = dt.datetime(2026, 9, 30, 16, 0)
    hour = dt.timedelta(hours=1)
    case = wf.open_case(wf.Complaint("Q-7", t, "K-101", demands=("return",), batch=True))
    for event in (
        wf.Acknowledged(t + hour / 6),
        wf.ContainmentOrdered(t + hour * 0.8),
        wf.Assessed(t + hour, our_problem=True),
        wf.RootCauseRecorded(t + hour * 20, "solder voids"),
    ):
        case = wf.apply(case, event)
    c = case.classification
    out.write(f"  {c.reasons[0].message(lang)}\n  {c.reasons[1].message(lang)}\n")
    for d in wf.due_dates(case, WorkCalendar.china()):
        state = ("完成" if zh else "done") if d.done_at else ("待办" if zh else "open")
        out.write(f"  {d.due_at:%m-%d %H:%M}  {state:<5} {d.en}\n")
    blocked = next(a for a in wf.next_actions(case) if a.event == "closed")
    out.write(f"  {'不能结案' if zh else 'cannot close'}: {blocked.why_not}\n")


def _capa(out: TextIO, lang: Language) -> None:
    import datetime as dt

    from qmscore import workflow as wf

    zh = lang == "zh"
    _title(out, "纠正措施与例行工作" if zh else "Corrective action and recurring obligations")
    plan = wf.CorrectivePlan(
        "solder voids",
        owner="Li",
        due=dt.date(2026, 10, 30),
        items=(
            wf.SubItem(
                "recalibrate reflow zone 3", "Wang", dt.date(2026, 10, 9), "QA", status="done"
            ),
            wf.SubItem("new stencil aperture", "Zhao", dt.date(2026, 10, 12), "QA"),
            wf.SubItem("train operators", "Sun", dt.date(2026, 10, 28), "HR"),
        ),
    )
    out.write(f"  {plan.reasons(dt.date(2026, 10, 14))[0].message(lang)}\n")
    meeting = wf.PRESET_SCHEDULES["quality_meeting"]
    start, end = dt.date(2026, 1, 5), dt.date(2026, 12, 31)
    held = [d for d in wf.occurrences(meeting, start, end) if d.month != 3 or d.day > 7]
    out.write(f"  {wf.compliance(meeting, held, start, end).reasons[0].message(lang)}\n")


_SECTIONS = (_sampling, _oc, _deadlines, _scoring, _grading, _complaint, _capa)


def run(out: TextIO, lang: Language = "en") -> None:
    """Write every demo section to ``out``."""
    out.write(
        "qmscore demo" + (" —— 质量管理计算示例\n" if lang == "zh" else ": worked examples\n")
    )
    for section in _SECTIONS:
        section(out, lang)
