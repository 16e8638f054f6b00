"""Why a complaint was classified so: the reasons of :func:`~qmscore.workflow.classify_complaint`.

:func:`~qmscore.workflow.classify_complaint` decides at once and builds the
reasons only when they are read, with :func:`_explain`: the whole
classification written out eagerly, every rule that fired with its reason in
English and Chinese (the code that classified before the decision got its
fast path, kept as the reference the tests compare the fast path with).
"""

from __future__ import annotations

from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.workflow.complaint import (
    _NATURE_ZH,
    _S002,
    _S004,
    Classification,
    Complaint,
    ComplaintRules,
    Route,
    _leader_escalation,
    _major_escalation,
)

_DEMAND_ZH = {
    "compensation": "索赔", "contract_termination": "终止合同", "return": "退货",
    "downgrade": "降级", "price_reduction": "降价", "concession": "让步接受",
    "exchange": "换货", "criticism": "批评埋怨",
}  # fmt: skip
_TRIGGER_ZH = {"batch": "批量问题", "recurrence": "重复发生", "safety": "涉及安全"}


def _explain(complaint: Complaint, rules: ComplaintRules) -> Classification:
    """The classification with its reasons, built eagerly (the reference the fast path keeps)."""
    reasons: list[Reason] = []
    levels = {d: rules.demand_nature[d] for d in complaint.demands}
    nature = min(levels.values(), default=rules.default_nature)
    if levels:
        worst = [d for d, lv in levels.items() if lv == nature]
        reasons.append(
            Reason(
                "workflow.nature_from_demands",
                f"Nature {nature}: the worst level among the demands ({', '.join(worst)})",
                f"问题性质 {nature}（{_NATURE_ZH[nature]}）："
                f"按客户诉求中最严重者（{'、'.join(_DEMAND_ZH[d] for d in worst)}）",
                source=_S002,
            )
        )
    else:
        reasons.append(
            Reason(
                "workflow.nature_default",
                f"No demand stated: nature {nature}",
                f"客户未提出诉求：问题性质 {nature}",
            )
        )
    if complaint.safety and rules.safety_nature < nature:
        nature = rules.safety_nature
        reasons.append(
            Reason(
                "workflow.safety",
                f"Safety issue: nature forced to {nature}",
                f"涉及安全：问题性质定为 {nature}",
            )
        )
    triggers = [t for t in rules.major_triggers if getattr(complaint, t)]
    triggers += [d for d in complaint.demands if d in rules.major_demands]
    if nature in rules.major_natures:
        triggers.append(f"nature {nature}")
    if triggers:
        route: Route = "major"
        reasons.append(
            Reason(
                "workflow.route_major",
                f"Major route: {', '.join(triggers)} (meeting; disposition of shipped, stocked "
                "and "
                "in-process product; root cause; CAPA; verification)",
                f"重大处理流程：{'、'.join(_trigger_zh(t) for t in triggers)}"
                "（召开会议；处置已发货、库存及在制品；查找根本原因；纠正预防；验证）",
                source=_S004,
            )
        )
    elif complaint.appearance_only:
        route = "fast_track"
        reasons.append(
            Reason(
                "workflow.route_fast_track",
                "Occasional appearance defect: closed by the quality supervisor the same day",
                "偶发外观不良：由品质主管当天处理结案",
                source=_S004,
            )
        )
    else:
        route = "standard"
        reasons.append(
            Reason(
                "workflow.route_standard",
                "General complaint: standard route",
                "一般性投诉：一般处理流程",
            )
        )
    leader = _leader(complaint.site, rules, reasons)
    escalations = []
    if any(d in rules.leader_escalation_demands for d in complaint.demands):
        escalations.append(_leader_escalation(leader, rules.leader_within))
    if route == "major":
        escalations.append(_major_escalation(rules.major_escalation_to, rules.major_within))
    for e in escalations:
        reasons.append(
            Reason(
                "workflow.escalation",
                f"Tell {e.who} within {e.within}: {e.en}",
                e.zh,
                source=e.source,
            )
        )
    approvals: list[str] = []
    amount, limit = complaint.replacement_amount, rules.approval_above
    if rules.approval_inclusive:
        needs, en_op, zh_op = amount >= limit, ">=", "达到"
        en_rule, zh_rule = "inclusive: 以上 includes the number", "含本数：以上包括本数"
    else:
        needs, en_op, zh_op = amount > limit, ">", "超过"
        en_rule, zh_rule = "exclusive: strictly above", "不含本数：严格大于"
    if needs:
        approvals.append("general manager")
        reasons.append(
            Reason(
                "workflow.approval",
                f"Replacement order {amount:g} RMB {en_op} {limit:g} ({en_rule}): "
                "the general manager approves",
                f"补货订单 {amount:g} 元{zh_op} {limit:g} 元（{zh_rule}）：须总经理批准",
                source=_S004,
            )
        )
    return Classification(
        nature,  # type: ignore[arg-type]  # the rules hold only A, B or C
        route,
        tuple(escalations),
        tuple(approvals),
        leader,
        tuple(reasons),
    )


def _trigger_zh(trigger: str) -> str:
    if trigger.startswith("nature "):
        return f"问题性质 {trigger.removeprefix('nature ')}"
    return _TRIGGER_ZH.get(trigger, _DEMAND_ZH.get(trigger, trigger))


def _leader(site: str, rules: ComplaintRules, reasons: list[Reason]) -> str:
    if site in rules.leaders:
        return rules.leaders[site]
    if rules.default_site is None:
        raise InvalidInputError.constraint(
            "site",
            f"one of the rules' sites {tuple(rules.leaders)} (or a default_site in the rules)",
            site,
        )
    leader = rules.leaders[rules.default_site]
    reasons.append(
        Reason(
            "workflow.default_site",
            f"Site {site!r} has no leader of its own: the default site "
            f"{rules.default_site!r} answers ({leader})",
            f"{site} 未设分管领导：按规则指定的默认厂区 {rules.default_site}（{leader}）处理",
        )
    )
    return leader
