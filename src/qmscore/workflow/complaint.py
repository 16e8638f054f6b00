"""Complaint intake and classification: problem nature, route, escalations, approvals.

Problem nature (问题性质, seed 002) is the worst level among the customer's
demands: compensation or contract termination -> A (非常严重); return,
downgrade, price reduction, concession -> B (严重); exchange, criticism -> C
(普通). Safety issues force A. Batch problems, recurrences and returns take the
major route; an occasional appearance defect is closed by the quality
supervisor the same day (004). Every rule is data in :class:`ComplaintRules`.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import Complaint, classify_complaint
    >>> c = Complaint("Q-1", dt.datetime(2026, 9, 30, 16, 0), "K-101", demands=("return",))
    >>> r = classify_complaint(c)
    >>> r.nature, r.route
    ('B', 'major')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from qmscore._checks import non_empty_str
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source

__all__ = [
    "CATEGORIES",
    "DEFAULT_COMPLAINT_RULES",
    "DEMANDS",
    "Classification",
    "Complaint",
    "ComplaintRules",
    "Escalation",
    "classify_complaint",
    "is_recurrence",
]

DEMANDS: tuple[str, ...] = (
    "compensation", "contract_termination", "return", "downgrade", "price_reduction",
    "concession", "exchange", "criticism",
)  # fmt: skip
"""索赔, 终止合同, 退货, 降级, 降价, 让步接受, 换货, 批评/埋怨."""
CATEGORIES: Mapping[str, str] = {
    "a": "nonconforming product shipped",
    "b": "packaging / transport damage",
    "c": "late delivery",
    "d": "incomplete records",
    "e": "other",
}
"""Complaint categories of seed 001."""

Nature = Literal["A", "B", "C"]
Route = Literal["fast_track", "standard", "major"]
_NATURE_ZH = {"A": "非常严重", "B": "严重", "C": "普通"}
_ROUTE_ZH = {"fast_track": "快速处理", "standard": "一般处理", "major": "重大处理"}


@attrs.frozen
class Complaint:
    """What the complaint statistics form (002) and the disposition report record.

    Attributes:
        complaint_id: Stable id.
        received_at: When it was received (naive = calendar-local).
        customer_code: The customer.
        customer_class: A/B/C class by sales volume (002).
        product, model, quantity_delivered, delivery_date, description: The case.
        category: a..e (seed 001).
        demands: What the customer asks for (see :data:`DEMANDS`).
        safety: A safety issue.
        batch: A batch quality problem (批量质量问题).
        recurrence: The problem recurs (重复再发生); see :func:`is_recurrence`.
        appearance_only: An occasional appearance defect.
        requested_reply_at: The customer's own reply time, if any (004).
        site: Responsible plant or outsourced supplier.
        replacement_amount: Urgent replacement order value (RMB).
        phone: Customer contact phone.
        defect: Defect code, for recurrence checks.
    """

    complaint_id: str = attrs.field(validator=non_empty_str)
    received_at: dt.datetime
    customer_code: str = attrs.field(validator=non_empty_str)
    customer_class: str = attrs.field(default="C", kw_only=True)
    product: str = attrs.field(default="", kw_only=True)
    model: str = attrs.field(default="", kw_only=True)
    quantity_delivered: int = attrs.field(default=0, kw_only=True)
    delivery_date: dt.date | None = attrs.field(default=None, kw_only=True)
    description: str = attrs.field(default="", kw_only=True)
    category: str = attrs.field(default="a", kw_only=True)
    demands: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    safety: bool = attrs.field(default=False, kw_only=True)
    batch: bool = attrs.field(default=False, kw_only=True)
    recurrence: bool = attrs.field(default=False, kw_only=True)
    appearance_only: bool = attrs.field(default=False, kw_only=True)
    requested_reply_at: dt.datetime | None = attrs.field(default=None, kw_only=True)
    site: str = attrs.field(default="main plant", kw_only=True)
    replacement_amount: float = attrs.field(default=0.0, kw_only=True)
    phone: str = attrs.field(default="", kw_only=True)
    defect: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.received_at, dt.datetime):
            raise InvalidInputError.constraint(
                "received_at", "a datetime.datetime", self.received_at
            )
        if not isinstance(self.demands, tuple):
            raise InvalidInputError.constraint("demands", "a tuple of demands", self.demands)
        for k, d in enumerate(self.demands):
            if d not in DEMANDS:
                raise InvalidInputError.constraint(f"demands[{k}]", f"one of {DEMANDS}", d)
        if self.category not in CATEGORIES:
            raise InvalidInputError.constraint(
                "category", f"one of {tuple(CATEGORIES)}", self.category
            )
        if self.customer_class not in ("A", "B", "C"):
            raise InvalidInputError.constraint(
                "customer_class", "'A', 'B' or 'C'", self.customer_class
            )
        for field in ("quantity_delivered", "replacement_amount"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise InvalidInputError.constraint(field, "a number >= 0", value)
        if self.requested_reply_at is not None:
            r = self.requested_reply_at
            if not isinstance(r, dt.datetime):
                raise InvalidInputError.constraint("requested_reply_at", "a datetime.datetime", r)
            if (r.tzinfo is None) != (self.received_at.tzinfo is None):
                raise InvalidInputError(
                    "'requested_reply_at' and 'received_at' mix a naive and an aware datetime",
                    field="requested_reply_at",
                    value=r,
                )
            if r <= self.received_at:
                raise InvalidInputError.constraint(
                    "requested_reply_at", f"after the receipt ({self.received_at.isoformat()})", r
                )


@attrs.frozen
class Escalation:
    """Who is told, within what time, and why."""

    who: str
    within: str
    en: str
    zh: str
    source: Source


@attrs.frozen
class ComplaintRules:
    """The classification rules as data (defaults from seeds 000, 002, 004).

    Attributes:
        demand_nature: Demand -> nature A/B/C.
        default_nature: Nature when no demand is given.
        safety_nature: Nature forced by a safety issue.
        major_triggers: Flags sending a complaint on the major route.
        major_demands: Demands sending it on the major route (returns).
        leaders: Site -> responsible leader (002: branch plants, suppliers).
        approval_above: Replacement orders above this need the general manager (004).
        leader_escalation_demands: Demands reported to the site's leader (002:
            returns and claims), within ``leader_within``.
        major_escalation_to: Who hears of a major problem (000), within ``major_within``.
    """

    demand_nature: Mapping[str, str] = attrs.field(
        factory=lambda: {
            "compensation": "A",
            "contract_termination": "A",
            "return": "B",
            "downgrade": "B",
            "price_reduction": "B",
            "concession": "B",
            "exchange": "C",
            "criticism": "C",
        }
    )
    default_nature: str = "C"
    safety_nature: str = "A"
    major_triggers: tuple[str, ...] = ("batch", "recurrence", "safety")
    major_demands: tuple[str, ...] = ("return", "compensation", "contract_termination")
    major_natures: tuple[str, ...] = ("A",)
    leaders: Mapping[str, str] = attrs.field(
        factory=lambda: {
            "main plant": "quality director",
            "branch plant 1": "branch plant 1 manager",
            "branch plant 2": "branch plant 2 manager",
            "outsourced supplier": "purchasing vice president",
        }
    )
    approval_above: float = 1000.0
    leader_escalation_demands: tuple[str, ...] = ("return", "compensation")
    leader_within: str = "1 hour"
    major_escalation_to: str = "department head"
    major_within: str = "1 hour"

    def __attrs_post_init__(self) -> None:
        for demand in DEMANDS:
            if self.demand_nature.get(demand) not in ("A", "B", "C"):
                raise RuleSetError(f"demand {demand!r} needs a nature A, B or C")
        unknown = set(self.demand_nature) - set(DEMANDS)
        if unknown:
            raise RuleSetError(f"unknown demands in demand_nature: {sorted(unknown)}")
        bad = set(self.major_triggers) - {"batch", "recurrence", "safety"}
        if bad:
            raise RuleSetError(f"unknown major triggers: {sorted(bad)}")


DEFAULT_COMPLAINT_RULES = ComplaintRules()

_S002 = Source("seed 002 客户投诉处理流程")
_S004 = Source("seed 004 客户投诉处理程序")
_S000 = Source("seed 000 质管客户部职能制度")


@attrs.frozen
class Classification:
    """Nature, route, escalations and approvals, with the rules that fired.

    Attributes:
        nature: A (very serious), B (serious) or C (ordinary).
        route: ``fast_track``, ``standard`` or ``major``.
        escalations: Who must be told, and within what time.
        approvals: Approvals needed (e.g. the general manager).
        leader: Responsible leader for the site.
        reasons: Every rule that fired.
    """

    nature: Nature
    route: Route
    escalations: tuple[Escalation, ...]
    approvals: tuple[str, ...]
    leader: str
    reasons: tuple[Reason, ...]


def classify_complaint(
    complaint: Complaint, rules: ComplaintRules = DEFAULT_COMPLAINT_RULES
) -> Classification:
    """Classify a complaint (see the module docstring)."""
    if not isinstance(complaint, Complaint):
        raise InvalidInputError.constraint("complaint", "a Complaint", complaint)
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
                f"按客户诉求中最严重者（{'、'.join(worst)}）",
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
                f"重大处理流程：{'、'.join(triggers)}（召开会议；处置已发货、库存及在制品；查找根本原因；"
                "纠正预防；验证）",
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
    leader = rules.leaders.get(complaint.site, rules.leaders.get("main plant", "quality director"))
    escalations = []
    if any(d in rules.leader_escalation_demands for d in complaint.demands):
        escalations.append(
            Escalation(
                leader,
                rules.leader_within,
                "Returns and claims reported to the responsible leader",
                f"退货、索赔{rules.leader_within}内报告分管领导",
                _S002,
            )
        )
    if route == "major":
        escalations.append(
            Escalation(
                rules.major_escalation_to,
                rules.major_within,
                f"Major quality problem reported to the {rules.major_escalation_to}",
                f"重大质量问题{rules.major_within}内报告部门负责人",
                _S000,
            )
        )
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
    if complaint.replacement_amount > rules.approval_above:
        approvals.append("general manager")
        reasons.append(
            Reason(
                "workflow.approval",
                f"Replacement order {complaint.replacement_amount:g} RMB > "
                f"{rules.approval_above:g}: "
                "the general manager approves",
                f"补货订单 {complaint.replacement_amount:g} 元超过 {rules.approval_above:g} 元："
                "须总经理批准",
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


def is_recurrence(
    complaint: Complaint,
    prior: Iterable[Complaint],
    *,
    window: dt.timedelta = dt.timedelta(days=180),
) -> tuple[bool, tuple[str, ...]]:
    """Whether the same customer complained of the same product and defect within ``window``.

    Returns the flag and the ids of the matching earlier complaints.
    """
    if not isinstance(window, dt.timedelta) or window <= dt.timedelta(0):
        raise InvalidInputError.constraint("window", "a positive timedelta", window)
    matches = tuple(
        p.complaint_id
        for p in prior
        if p.complaint_id != complaint.complaint_id
        and p.customer_code == complaint.customer_code
        and p.product == complaint.product
        and p.defect == complaint.defect
        and dt.timedelta(0) <= complaint.received_at - p.received_at <= window
    )
    return bool(matches), matches
