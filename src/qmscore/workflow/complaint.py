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
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_date,
    as_datetime,
    as_int,
    as_optional_datetime,
    as_real,
    as_tuple,
    bool_validator,
    check_choice,
    check_instance,
    check_mapping,
    check_sequence,
    datetime_validator,
    int_validator,
    non_empty_str,
    one_of,
    optional_str,
    real_validator,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workflow._fields import (
    as_dict,
    choices_tuple,
    optional_date,
    optional_datetime,
    same_kind_as,
    str_mapping,
    text,
)
from qmscore.workflow._lazy import LazyReasons, set_why

__all__ = [
    "CATEGORIES",
    "CLOSE_KEYS",
    "DEFAULT_COMPLAINT_RULES",
    "DEMANDS",
    "MILESTONES",
    "ROUTES",
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

NATURES: tuple[str, ...] = ("A", "B", "C")
MAJOR_TRIGGERS: tuple[str, ...] = ("batch", "recurrence", "safety")
ROUTES: tuple[str, ...] = ("fast_track", "standard", "major")
CLOSE_KEYS: tuple[str, ...] = (*ROUTES, "evidence_returned")
"""Keys of :attr:`ComplaintRules.close_requires`: the routes, and a case not our problem."""
MILESTONES: tuple[str, ...] = (
    "acknowledged", "assessed", "classified", "containment_ordered", "root_cause_recorded",
    "plan_approved", "actions_implemented", "verified", "verified_effective",
    "customer_replied", "final_reply", "customer_feedback", "closed",
)  # fmt: skip
"""What a case can have reached: event kinds, an effective verification, a final reply."""

Nature = Literal["A", "B", "C"]
Route = Literal["fast_track", "standard", "major"]
_NATURE_ZH = {"A": "非常严重", "B": "严重", "C": "普通"}
_ROUTE_ZH = {"fast_track": "快速处理", "standard": "一般处理", "major": "重大处理"}
_UNITS_ZH = (
    (r"(\d+) working days?", r"\1个工作日"),
    (r"(\d+) hours?", r"\1小时"),
    (r"(\d+) minutes?", r"\1分钟"),
    (r"(\d+) days?", r"\1天"),
)


@functools.lru_cache(maxsize=64)
def _within_zh(text: str) -> str:
    """A rule's "1 hour" as 1小时 (other wording is the user's own, kept)."""
    for pattern, zh in _UNITS_ZH:
        text = re.sub(pattern, zh, text)
    return text


@attrs.frozen
class Complaint:
    """What the complaint statistics form (002) and the disposition report record.

    Every field is checked on construction: a wrong type raises
    :class:`~qmscore.errors.InvalidTypeError`, a bad value
    :class:`~qmscore.errors.InvalidInputError`. ISO 8601 strings are read as
    datetimes (``Z`` included), lists as tuples, NumPy numbers as plain numbers;
    a string is never read as a list of demands.

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
        site: Responsible plant or outsourced supplier (a key of
            :attr:`ComplaintRules.leaders`).
        replacement_amount: Urgent replacement order value (RMB; ``Decimal`` accepted).
        phone: Customer contact phone.
        defect: Defect code, for recurrence checks.
    """

    complaint_id: str = attrs.field(validator=non_empty_str)
    received_at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    customer_code: str = attrs.field(validator=non_empty_str)
    customer_class: str = attrs.field(default="C", kw_only=True, validator=one_of(("A", "B", "C")))
    product: str = attrs.field(default="", kw_only=True, validator=text)
    model: str = attrs.field(default="", kw_only=True, validator=text)
    quantity_delivered: int = attrs.field(
        default=0, kw_only=True, converter=as_int, validator=int_validator(0)
    )
    delivery_date: dt.date | None = attrs.field(
        default=None, kw_only=True, converter=as_date, validator=optional_date
    )
    description: str = attrs.field(default="", kw_only=True, validator=text)
    category: str = attrs.field(default="a", kw_only=True, validator=one_of(tuple(CATEGORIES)))
    demands: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=as_tuple, validator=choices_tuple(DEMANDS)
    )
    safety: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )
    batch: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )
    recurrence: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )
    appearance_only: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )
    requested_reply_at: dt.datetime | None = attrs.field(
        default=None, kw_only=True, converter=as_optional_datetime, validator=optional_datetime
    )
    site: str = attrs.field(default="main plant", kw_only=True, validator=non_empty_str)
    replacement_amount: float = attrs.field(
        default=0.0, kw_only=True, converter=as_real, validator=real_validator(0)
    )
    phone: str = attrs.field(default="", kw_only=True, validator=text)
    defect: str = attrs.field(default="", kw_only=True, validator=text)

    def __attrs_post_init__(self) -> None:
        if self.requested_reply_at is not None:
            r = self.requested_reply_at
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


@display
@attrs.frozen
class Escalation:
    """Who is told, within what time, and why."""

    who: str
    within: str
    en: str
    zh: str
    source: Source


def _as_requirements(value: object) -> object:
    mapping = as_dict(value)
    if not isinstance(mapping, Mapping):
        return mapping
    return {k: as_tuple(v) for k, v in mapping.items()}


def _close_requires(inst: object, attribute: object, value: object) -> None:
    mapping = check_mapping("close_requires", value)
    missing = [k for k in CLOSE_KEYS if k not in mapping]
    unknown = [k for k in mapping if k not in CLOSE_KEYS]
    if missing or unknown:
        raise RuleSetError(
            f"'close_requires' must name exactly the routes {CLOSE_KEYS} "
            f"(missing: {missing}, unknown: {unknown})"
        )
    for key, steps in mapping.items():
        check_sequence(
            f"close_requires[{key}]", steps, lambda f, v: check_choice(f, v, MILESTONES)
        )


def _default_close_requires() -> dict[str, tuple[str, ...]]:
    return {
        "fast_track": ("acknowledged",),
        "standard": ("acknowledged", "assessed", "customer_replied"),
        "major": (
            "acknowledged",
            "assessed",
            "containment_ordered",
            "root_cause_recorded",
            "plan_approved",
            "actions_implemented",
            "verified_effective",
            "customer_replied",
            "final_reply",
        ),
        "evidence_returned": ("acknowledged", "assessed", "customer_replied"),
    }


@attrs.frozen
class ComplaintRules:
    """The classification rules as data (defaults from seeds 000, 002, 004).

    Attributes:
        demand_nature: Demand -> nature A/B/C.
        default_nature: Nature when no demand is given.
        safety_nature: Nature forced by a safety issue.
        major_triggers: Flags sending a complaint on the major route.
        major_demands: Demands sending it on the major route (returns).
        major_natures: Natures sending it on the major route.
        leaders: Site -> responsible leader (002: branch plants, suppliers).
        default_site: The site whose leader answers for a site not in
            ``leaders``; ``None`` (the default): an unknown site is an error.
        approval_above: Replacement orders from this amount need the general
            manager (004: "1000RMB 以上").
        approval_inclusive: Whether an order of exactly ``approval_above``
            needs approval. ``True`` by default: 以上 includes the number
            (Civil Code art. 1259, BRIEF.md).
        leader_escalation_demands: Demands reported to the site's leader (002:
            returns and claims), within ``leader_within``.
        major_escalation_to: Who hears of a major problem (000), within ``major_within``.
        close_requires: Route -> the milestones that must be reached before the
            case may close (``evidence_returned``: a case assessed as not our
            problem). Milestones are event kinds plus ``verified_effective``
            (an effective verification) and ``final_reply`` (a reply marked
            final); see :data:`MILESTONES`.
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
        },
        converter=as_dict,
        validator=str_mapping(NATURES),
    )
    default_nature: str = attrs.field(default="C", validator=one_of(NATURES))
    safety_nature: str = attrs.field(default="A", validator=one_of(NATURES))
    major_triggers: tuple[str, ...] = attrs.field(
        default=("batch", "recurrence", "safety"),
        converter=as_tuple,
        validator=choices_tuple(MAJOR_TRIGGERS),
    )
    major_demands: tuple[str, ...] = attrs.field(
        default=("return", "compensation", "contract_termination"),
        converter=as_tuple,
        validator=choices_tuple(DEMANDS),
    )
    major_natures: tuple[str, ...] = attrs.field(
        default=("A",), converter=as_tuple, validator=choices_tuple(NATURES)
    )
    leaders: Mapping[str, str] = attrs.field(
        factory=lambda: {
            "main plant": "quality director",
            "branch plant 1": "branch plant 1 manager",
            "branch plant 2": "branch plant 2 manager",
            "outsourced supplier": "purchasing vice president",
        },
        converter=as_dict,
        validator=str_mapping(),
    )
    approval_above: float = attrs.field(
        default=1000.0, converter=as_real, validator=real_validator(0)
    )
    leader_escalation_demands: tuple[str, ...] = attrs.field(
        default=("return", "compensation"), converter=as_tuple, validator=choices_tuple(DEMANDS)
    )
    leader_within: str = attrs.field(default="1 hour", validator=non_empty_str)
    major_escalation_to: str = attrs.field(default="department head", validator=non_empty_str)
    major_within: str = attrs.field(default="1 hour", validator=non_empty_str)
    approval_inclusive: bool = attrs.field(
        default=True, kw_only=True, converter=as_bool, validator=bool_validator
    )
    default_site: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    close_requires: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=_default_close_requires,
        kw_only=True,
        converter=_as_requirements,
        validator=_close_requires,
    )

    def __attrs_post_init__(self) -> None:
        for demand in DEMANDS:
            if self.demand_nature.get(demand) not in NATURES:
                raise RuleSetError(f"demand {demand!r} needs a nature A, B or C")
        unknown = set(self.demand_nature) - set(DEMANDS)
        if unknown:
            raise RuleSetError(f"unknown demands in demand_nature: {sorted(unknown)}")
        if self.default_site is not None and self.default_site not in self.leaders:
            raise RuleSetError(
                f"default_site {self.default_site!r} is not one of the leaders' sites "
                f"{tuple(self.leaders)}"
            )


DEFAULT_COMPLAINT_RULES = ComplaintRules()

_S002 = Source("seed 002 客户投诉处理流程")
_S004 = Source("seed 004 客户投诉处理程序")
_S000 = Source("seed 000 质管客户部职能制度")


class _Explained(LazyReasons):
    """Builds a classification's ``reasons`` when first read, from what it was made of.

    :func:`classify_complaint` decides the nature, route, escalations and
    approvals and keeps the complaint and the rules (``_why``); the reasons,
    the same as an eager classification would give, are built on first read
    and kept. A classification made by its constructor (by hand, read back
    from JSON or a pickle) has its reasons already.
    """

    __slots__ = ()

    @staticmethod
    def _reasons_from(*why: Any) -> Any:
        from qmscore.workflow._classify_why import _explain

        return _explain(*why).reasons


@display
@attrs.frozen
class Classification(_Explained):
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
    """Classify a complaint (see the module docstring).

    The decision (nature, route, leader, escalations, approvals) is made
    now; the reasons are written when first read, with the same content.

    Raises:
        InvalidInputError: the complaint's site has no leader in ``rules`` and
            the rules name no ``default_site``.
    """
    if type(complaint) is not Complaint:
        check_instance("complaint", complaint, Complaint, "a Complaint")
    if type(rules) is not ComplaintRules:
        check_instance("rules", rules, ComplaintRules, "ComplaintRules")
    demands = complaint.demands
    if demands:
        table = rules.demand_nature
        nature = min([table[d] for d in demands])
    else:
        nature = rules.default_nature
    if complaint.safety and rules.safety_nature < nature:
        nature = rules.safety_nature
    # Plain loops, not any(<generator>): this runs once per complaint in bulk.
    major = nature in rules.major_natures
    if not major:
        for d in demands:
            if d in rules.major_demands:
                major = True
                break
        else:
            for t in rules.major_triggers:
                if getattr(complaint, t):
                    major = True
                    break
    route: Route = "major" if major else "fast_track" if complaint.appearance_only else "standard"
    site = complaint.site
    leaders = rules.leaders
    if site in leaders:
        leader = leaders[site]
    else:
        from qmscore.workflow._classify_why import _leader

        leader = _leader(site, rules, [])
    escalations: tuple[Escalation, ...] = ()
    for d in demands:
        if d in rules.leader_escalation_demands:
            escalations = (_leader_escalation(leader, rules.leader_within),)
            break
    if major:
        escalations += (_major_escalation(rules.major_escalation_to, rules.major_within),)
    amount, limit = complaint.replacement_amount, rules.approval_above
    needs = amount >= limit if rules.approval_inclusive else amount > limit
    new: Classification = object.__new__(Classification)
    _set_nature(new, nature)
    _set_route(new, route)
    _set_escalations(new, escalations)
    _set_approvals(new, _GM if needs else ())
    _set_leader(new, leader)
    set_why(new, (complaint, rules))
    return new


_GM = ("general manager",)
# The slots' own setters (a frozen class refuses plain assignment).
_set_nature = vars(Classification)["nature"].__set__
_set_route = vars(Classification)["route"].__set__
_set_escalations = vars(Classification)["escalations"].__set__
_set_approvals = vars(Classification)["approvals"].__set__
_set_leader = vars(Classification)["leader"].__set__


@functools.lru_cache(maxsize=64)
def _leader_escalation(leader: str, within: str) -> Escalation:
    return Escalation(
        leader,
        within,
        "Returns and claims reported to the responsible leader",
        f"退货、索赔{_within_zh(within)}内报告分管领导",
        _S002,
    )


@functools.lru_cache(maxsize=64)
def _major_escalation(to: str, within: str) -> Escalation:
    return Escalation(
        to,
        within,
        f"Major quality problem reported to the {to}",
        f"重大质量问题{_within_zh(within)}内报告部门负责人",
        _S000,
    )


def is_recurrence(
    complaint: Complaint,
    prior: Iterable[Complaint],
    *,
    window: dt.timedelta = dt.timedelta(days=180),
) -> tuple[bool, tuple[str, ...]]:
    """Whether the same customer complained of the same product and defect within ``window``.

    Returns the flag and the ids of the matching earlier complaints. ``prior``
    must use the same kind of time as ``complaint`` (both naive or both aware).
    """
    check_instance("complaint", complaint, Complaint, "a Complaint")
    if not isinstance(window, dt.timedelta) or window <= dt.timedelta(0):
        raise InvalidInputError.constraint("window", "a positive timedelta", window)
    earlier = check_sequence(
        "prior", prior, lambda f, v: check_instance(f, v, Complaint, "a Complaint")
    )
    for k, p in enumerate(earlier):
        same_kind_as(
            f"prior[{k}].received_at", p.received_at, complaint.received_at, "the complaint"
        )
    matches = tuple(
        p.complaint_id
        for p in earlier
        if p.complaint_id != complaint.complaint_id
        and p.customer_code == complaint.customer_code
        and p.product == complaint.product
        and p.defect == complaint.defect
        and dt.timedelta(0) <= complaint.received_at - p.received_at <= window
    )
    return bool(matches), matches
