"""The worked examples behind ``python -m qmscore demo``.

Each capability adds a section: a short, readable story using the seed rules.
Output goes to the stream the command line passes in; nothing here reads a
clock or a file. Each section also returns the results it shows, which
``demo --json`` prints through the converter.
"""

from __future__ import annotations

import io
from typing import Any, TextIO

from qmscore.explain import Language

__all__ = ["run"]

Results = dict[str, Any]

_INSPECTION_ZH = {"normal": "正常检验", "tightened": "加严检验", "reduced": "放宽检验"}


def _plan(plan: Any, lang: Language) -> str:
    text = str(plan)
    if lang == "zh" and plan.code_letter:
        return f"字码 {plan.code_letter}：{text.split(': ', 1)[1]}"
    return text


def _title(out: TextIO, text: str) -> None:
    out.write(f"\n== {text} ==\n")


def _sampling(out: TextIO, lang: Language) -> Results:
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
        + f"{_plan(plan, lang)}\n"
    )
    for reason in plan.reasons:
        out.write(f"  - {reason.message(lang)}\n")
    verdict = sampling.judge(plan, [1])
    out.write(
        ("样本中发现 1 件不合格，" if zh else "1 nonconforming in the sample, ")
        + verdict.reasons[0].message(lang)
        + "\n"
    )

    small = sampling.lookup_plan(20, 1.5, level="I")
    out.write(
        "批量 20，AQL 1.5，水平 I（箭头）：" if zh else "Lot of 20, AQL 1.5, level I (arrow): "
    )
    out.write(f"{_plan(small, lang)}\n")
    out.write(f"  - {small.reasons[2].message(lang)}\n")

    out.write(
        ("五批的转移规则（批的结果 -> 下一批的检验）" if zh else "Switching rules over five lots")
        + "\n"
    )
    state = sampling.SwitchingState()
    states = []
    for accepted in (True, False, True, False, True):
        state = sampling.next_inspection(state, sampling.Lot(accepted))
        states.append(state)
        mark = ("接收" if zh else "accepted") if accepted else ("不接收" if zh else "not accepted")
        then = _INSPECTION_ZH[state.inspection] if zh else state.inspection
        out.write(f"  {mark:>12} -> {then}: {state.reasons[0].message(lang)}\n")

    pct = sampling.percentage_plan(200, 0.05)
    out.write(
        ("包装材料按 5% 抽样（规程 000）：" if zh else "Packaging sampled at 5% (procedure 000): ")
        + f"{pct}\n"
    )
    out.write(f"  - {pct.reasons[0].message(lang)}\n")
    out.write(f"  - {pct.reasons[1].message(lang)}\n")
    return {
        "plan": plan,
        "judgement": verdict,
        "small_lot_plan": small,
        "switching": states,
        "percentage_plan": pct,
    }


def _oc(out: TextIO, lang: Language) -> Results:
    from qmscore import sampling

    zh = lang == "zh"
    _title(out, "方案的保护能力 (OC)" if zh else "What a plan protects against (OC)")
    lot = 200
    iso = sampling.lookup_plan(lot, 1.0)
    five = sampling.percentage_plan(lot, 0.05)
    out.write(
        (f"批量 {lot}：GB/T 2828.1 方案 {_plan(iso, lang)} 与 5% 抽样 {five}\n")
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
    return {"comparison": rows, "design": design}


def _deadlines(out: TextIO, lang: Language) -> Results:
    import datetime as dt

    from qmscore.deadlines import PRESETS
    from qmscore.workdays import WorkCalendar

    zh = lang == "zh"
    _title(out, "工作日与时限" if zh else "Working days and deadlines")
    cal = WorkCalendar.china()
    received = dt.datetime(2026, 9, 30, 16, 0)
    out.write(
        "2026-09-30（周三）16:00 收到投诉，各项时限按到期先后\n"
        if zh
        else "Complaint received Wednesday 2026-09-30 16:00, deadlines in time order\n"
    )
    keys = ("complaint_contact", "general_complaint_result", "major_complaint_final")
    dues = {key: PRESETS[key].rule.due(received, cal) for key in (*keys, "onsite_repair")}
    for key, d in sorted(dues.items(), key=lambda kv: kv[1].due_at):
        preset = PRESETS[key]
        # The zh label states its own clock ("10分钟内"); the en one needs the rule.
        label = preset.zh if zh else f"{preset.en} ({d.rule})"
        out.write(f"  {d.due_at:%Y-%m-%d %H:%M}  {label}\n")
    reason = dues["general_complaint_result"].reasons[0]
    out.write(f"  - {reason.message(lang)}\n")
    day = cal.describe(dt.date(2026, 10, 10))
    out.write(f"  - {day.message(lang)}\n")
    return {"deadlines": dues, "2026-10-10": day}


def _scoring(out: TextIO, lang: Language) -> Results:
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
    return {"score": s}


def _grading(out: TextIO, lang: Language) -> Results:
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
    grades = scoring.grade_customers(profiles)
    for g in grades:
        out.write(f"  {g.customer_id}: {g.grade}  - {g.reasons[0].message(lang)}\n")
        if g.conflicts:
            out.write(f"          - {g.reasons[1].message(lang)}\n")
    return {"grades": grades}


def _complaint(out: TextIO, lang: Language) -> Results:
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
    labels = {s.key: s.zh if zh else s.en for s in wf.DEFAULT_PROFILE.steps}
    # No pause here, so every step has a deadline (due_at is never None).
    dues = sorted(wf.due_dates(case, WorkCalendar.china()), key=lambda d: d.due_at or t)
    for d in dues:
        state = ("完成" if zh else "done") if d.done_at else ("待办" if zh else "open")
        out.write(f"  {d.due_at:%m-%d %H:%M}  {state:<5} {labels[d.step]}\n")
    blocked = next(a for a in wf.next_actions(case) if a.event == "closed")
    if zh:
        out.write(f"  {blocked.why_not_zh}\n")
    else:
        out.write(f"  cannot close: {blocked.why_not}\n")
    return {"case": case, "due_dates": dues, "close": blocked}


def _capa(out: TextIO, lang: Language) -> Results:
    import datetime as dt

    from qmscore import workflow as wf

    zh = lang == "zh"
    _title(out, "纠正措施与例行工作" if zh else "Corrective action and recurring obligations")
    # The plan's texts are the user's own data: written in the demo's language.
    text = _CAPA_ZH if zh else _CAPA_EN
    plan = wf.CorrectivePlan(
        text[0],
        owner=text[1],
        due=dt.date(2026, 10, 30),
        items=(
            wf.SubItem(text[2], text[3], dt.date(2026, 10, 9), "QA", status="done"),
            wf.SubItem(text[4], text[5], dt.date(2026, 10, 12), "QA"),
            wf.SubItem(text[6], text[7], dt.date(2026, 10, 28), "HR"),
        ),
    )
    out.write(f"  {plan.reasons(dt.date(2026, 10, 14))[0].message(lang)}\n")
    meeting = wf.PRESET_SCHEDULES["quality_meeting"]
    start, end = dt.date(2026, 1, 5), dt.date(2026, 12, 31)
    held = [d for d in wf.occurrences(meeting, start, end) if d.month != 3 or d.day > 7]
    kept = wf.compliance(meeting, held, start, end)
    out.write(f"  {kept.reasons[0].message(lang)}\n")
    return {"corrective_plan": plan, "meetings": kept}


_CAPA_EN = (
    "solder voids", "Li",
    "recalibrate reflow zone 3", "Wang",
    "new stencil aperture", "Zhao",
    "train operators", "Sun",
)  # fmt: skip
_CAPA_ZH = (
    "焊点空洞", "李工",
    "重新校准回流焊第 3 温区", "王工",
    "更换钢网开孔", "赵工",
    "培训操作员", "孙工",
)  # fmt: skip


_SECTIONS = (_sampling, _oc, _deadlines, _scoring, _grading, _complaint, _capa)


def run(out: TextIO, lang: Language = "en", *, text: bool = True) -> dict[str, Results]:
    """Write every demo section to ``out`` (unless ``text`` is False); return their results."""
    sink = out if text else io.StringIO()
    sink.write(
        "qmscore 演示 —— 质量管理计算示例\n"
        if lang == "zh"
        else "qmscore demo (worked examples)\n"
    )
    return {section.__name__.lstrip("_"): section(sink, lang) for section in _SECTIONS}
