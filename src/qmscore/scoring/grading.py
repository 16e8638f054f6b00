"""Customer grading: the half-yearly A/B/C/D review, every criterion shown.

Every 6 months each customer is graded from the last 6 months (seeds 004, 002,
000): a customer meeting at least 3 of a tier's criteria is that grade; any one
D criterion makes it D. The source gives no order of evaluation, so the rules
are data with a documented default precedence (DESIGN.md): a D criterion wins
(and the result names the tiers also reached); otherwise the first of A, B, C
with enough criteria met; otherwise D, "no tier reached". A manual raise (large
or special-potential customers, on application) moves the grade one up and
says why.

Example:
    >>> from qmscore.scoring import CustomerProfile, grade_customer
    >>> g = grade_customer(CustomerProfile("C-001", sales_6m=320_000, cooperation="very_smooth",
    ...                                    partner_years=3.0, payment="needs_reminders"))
    >>> g.grade, g.tiers[1].met
    ('A', ('sales', 'cooperation', 'partnership'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from qmscore._checks import non_empty_str
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source

__all__ = [
    "COOPERATION",
    "DEFAULT_GRADING",
    "PAYMENT",
    "POTENTIAL",
    "Criterion",
    "CustomerGrade",
    "CustomerProfile",
    "GradingRules",
    "Tier",
    "TierResult",
    "grade_customer",
    "grade_customers",
]

COOPERATION: tuple[str, ...] = ("very_smooth", "fairly_smooth", "average", "poor")
"""合作情况, best first: 非常顺畅, 比较顺畅, 一般, 不顺畅."""
POTENTIAL: tuple[str, ...] = ("large", "fairly_large", "average", "none")
"""发展潜力, best first: 很大, 较大, 一般, 基本没有."""
PAYMENT: tuple[str, ...] = ("on_time", "needs_reminders", "poor", "very_poor")
"""付款情况, best first: 按时, 较及时但需提醒, 较差需多次催收, 很差."""

_SCALES = {"cooperation": COOPERATION, "potential": POTENTIAL, "payment": PAYMENT}
_NUMERIC = ("sales_6m", "partner_years")
_FLAGS = ("well_known_brand", "direct_oem", "small_erratic_orders")
Outcome = Literal["met", "missed", "unknown"]


def _optional_number(field: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InvalidInputError.constraint(field, "a number or None", value)
    if value < 0:
        raise InvalidInputError.constraint(field, ">= 0", value)


@attrs.frozen
class CustomerProfile:
    """What the review knows about a customer over the period (None: not known).

    Attributes:
        customer_id: The customer's code.
        sales_6m: Sales over the review window (RMB).
        cooperation: One of :data:`COOPERATION`.
        potential: One of :data:`POTENTIAL`.
        partner_years: Years of partnership.
        payment: One of :data:`PAYMENT`.
        well_known_brand: A well-known brand.
        direct_oem: A direct car-audio OEM supplier.
        small_erratic_orders: Small and erratic orders.
        previous_grade: Last period's grade (for hysteresis).
        raise_request: Reason of an application to raise the grade, if any.
        purchase_frequency: Orders per month this period.
        previous_purchase_frequency: Orders per month last period.
        repeat_rate: Share of repeat purchases (0-1).
        referral_rate: Share of new customers referred (0-1).
    """

    customer_id: str = attrs.field(validator=non_empty_str)
    sales_6m: float | None = attrs.field(default=None, kw_only=True)
    cooperation: str | None = attrs.field(default=None, kw_only=True)
    potential: str | None = attrs.field(default=None, kw_only=True)
    partner_years: float | None = attrs.field(default=None, kw_only=True)
    payment: str | None = attrs.field(default=None, kw_only=True)
    well_known_brand: bool | None = attrs.field(default=None, kw_only=True)
    direct_oem: bool | None = attrs.field(default=None, kw_only=True)
    small_erratic_orders: bool | None = attrs.field(default=None, kw_only=True)
    previous_grade: str | None = attrs.field(default=None, kw_only=True)
    raise_request: str | None = attrs.field(default=None, kw_only=True)
    purchase_frequency: float | None = attrs.field(default=None, kw_only=True)
    previous_purchase_frequency: float | None = attrs.field(default=None, kw_only=True)
    repeat_rate: float | None = attrs.field(default=None, kw_only=True)
    referral_rate: float | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for field in (
            "sales_6m",
            "partner_years",
            "purchase_frequency",
            "previous_purchase_frequency",
        ):
            _optional_number(field, getattr(self, field))
        for field in ("repeat_rate", "referral_rate"):
            value = getattr(self, field)
            _optional_number(field, value)
            if value is not None and value > 1:
                raise InvalidInputError.constraint(field, "a share in [0, 1]", value)
        for field, scale in _SCALES.items():
            value = getattr(self, field)
            if value is not None and value not in scale:
                raise InvalidInputError.constraint(field, f"one of {scale} or None", value)
        for field in _FLAGS:
            value = getattr(self, field)
            if value is not None and not isinstance(value, bool):
                raise InvalidInputError.constraint(field, "True, False or None", value)
        if self.raise_request is not None and not self.raise_request.strip():
            raise InvalidInputError.constraint(
                "raise_request", "a reason (non-empty)", self.raise_request
            )


@attrs.frozen
class Criterion:
    """One condition on a profile field.

    Attributes:
        key: Stable identifier within its tier.
        en: English wording.
        zh: Chinese wording (the source's).
        field: The profile field it reads.
        kind: ``"min"`` (number >= threshold), ``"at_least"`` (ordinal level or
            better), ``"at_most"`` (ordinal level or worse), ``"flag"`` (True).
        threshold: For ``"min"``.
        level: For ``"at_least"`` / ``"at_most"``.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    field: str
    kind: Literal["min", "at_least", "at_most", "flag"]
    threshold: float | None = None
    level: str | None = None

    def __attrs_post_init__(self) -> None:
        ok = (
            (self.kind == "min" and self.field in _NUMERIC and self.threshold is not None)
            or (self.kind in ("at_least", "at_most") and self.level in _SCALES.get(self.field, ()))
            or (self.kind == "flag" and self.field in _FLAGS)
        )
        if not ok:
            raise RuleSetError(
                f"criterion {self.key!r}: {self.kind!r} does not fit field {self.field!r} "
                f"(threshold {self.threshold!r}, level {self.level!r})"
            )

    def evaluate(self, profile: CustomerProfile, relax: float = 0.0) -> Outcome:
        """``met``, ``missed`` or ``unknown`` (the field is None)."""
        value = getattr(profile, self.field)
        if value is None:
            return "unknown"
        if self.kind == "min":
            return "met" if value >= self.threshold * (1.0 - relax) else "missed"  # type: ignore[operator]
        if self.kind == "flag":
            return "met" if value else "missed"
        scale = _SCALES[self.field]
        rank, bound = scale.index(value), scale.index(self.level)
        good = rank <= bound if self.kind == "at_least" else rank >= bound
        return "met" if good else "missed"


@attrs.frozen
class Tier:
    """A grade and how it is reached: ``need`` of its criteria, or ``any`` one."""

    grade: str = attrs.field(validator=non_empty_str)
    criteria: tuple[Criterion, ...]
    need: int | None = None
    any_of: bool = False

    def __attrs_post_init__(self) -> None:
        keys = [c.key for c in self.criteria]
        if not keys or len(set(keys)) != len(keys):
            raise RuleSetError(f"tier {self.grade}: criteria must be non-empty with unique keys")
        if self.any_of == (self.need is not None):
            raise RuleSetError(f"tier {self.grade}: give either need=k or any_of=True")
        if self.need is not None and not 1 <= self.need <= len(keys):
            raise RuleSetError(
                f"tier {self.grade}: need must be in 1..{len(keys)} (the number of criteria), "
                f"got {self.need}"
            )


@attrs.frozen
class GradingRules:
    """Tiers in precedence order, the fallback grade, and the policies.

    Attributes:
        tiers: Evaluated in order; the first reached decides (D's "any" tier
            first by default, so a D criterion wins).
        ladder: Grades best first (for raises and hysteresis).
        fallback: Grade when no tier is reached.
        hysteresis: A customer keeps last period's better grade while its
            numeric thresholds are met within this relative margin (0: off).
        follow_up: Grade -> proactive follow-up (A and B: yes).
        churn_drop: A purchase-frequency drop larger than this share warns of churn.
        source: Where the rules come from.
    """

    tiers: tuple[Tier, ...]
    ladder: tuple[str, ...] = ("A", "B", "C", "D")
    fallback: str = "D"
    hysteresis: float = 0.0
    follow_up: Mapping[str, bool] = attrs.field(
        factory=lambda: {"A": True, "B": True, "C": False, "D": False}
    )
    churn_drop: float = 0.3
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        grades = [t.grade for t in self.tiers]
        if not grades or len(set(grades)) != len(grades):
            raise RuleSetError("tiers must be non-empty with unique grades")
        unknown = sorted((set(grades) | {self.fallback}) - set(self.ladder))
        if unknown:
            raise RuleSetError(f"grades {unknown} are not on the ladder {self.ladder}")
        if not 0.0 <= self.hysteresis < 1.0:
            raise RuleSetError(f"hysteresis must be in [0, 1) (got {self.hysteresis})")
        if not 0.0 < self.churn_drop < 1.0:
            raise RuleSetError(f"churn_drop must be in (0, 1) (got {self.churn_drop})")


def _c(key: str, en: str, zh: str, field: str, kind: str, value: object) -> Criterion:
    if kind == "min":
        return Criterion(key, en, zh, field, kind, threshold=float(value))  # type: ignore[arg-type]
    if kind == "flag":
        return Criterion(key, en, zh, field, kind)  # type: ignore[arg-type]
    return Criterion(key, en, zh, field, kind, level=str(value))  # type: ignore[arg-type]


DEFAULT_GRADING = GradingRules(
    (
        Tier(
            "D",
            (
                _c(
                    "small_erratic",
                    "small and erratic orders",
                    "订单量小且不稳定",
                    "small_erratic_orders",
                    "flag",
                    True,
                ),
                _c(
                    "very_poor_payment",
                    "very poor payment",
                    "付款情况很差",
                    "payment",
                    "at_most",
                    "very_poor",
                ),
                _c(
                    "no_potential",
                    "basically no potential",
                    "基本没有发展潜力",
                    "potential",
                    "at_most",
                    "none",
                ),
            ),
            any_of=True,
        ),
        Tier(
            "A",
            (
                _c(
                    "sales",
                    "6-month sales >= 300k",
                    "近6个月销售额≥30万",
                    "sales_6m",
                    "min",
                    300_000,
                ),
                _c(
                    "cooperation",
                    "cooperation very smooth",
                    "合作非常顺畅",
                    "cooperation",
                    "at_least",
                    "very_smooth",
                ),
                _c(
                    "potential",
                    "large potential",
                    "发展潜力很大",
                    "potential",
                    "at_least",
                    "large",
                ),
                _c(
                    "partnership",
                    "partner for 2 years or more",
                    "合作≥2年",
                    "partner_years",
                    "min",
                    2,
                ),
                _c("payment", "pays on time", "按时付款", "payment", "at_least", "on_time"),
                _c("brand", "well-known brand", "知名品牌", "well_known_brand", "flag", True),
                _c(
                    "oem",
                    "direct car-audio OEM supplier",
                    "直接为汽车音响主机厂配套",
                    "direct_oem",
                    "flag",
                    True,
                ),
            ),
            need=3,
        ),
        Tier(
            "B",
            (
                _c(
                    "sales",
                    "6-month sales >= 150k",
                    "近6个月销售额≥15万",
                    "sales_6m",
                    "min",
                    150_000,
                ),
                _c(
                    "cooperation",
                    "cooperation fairly smooth",
                    "合作比较顺畅",
                    "cooperation",
                    "at_least",
                    "fairly_smooth",
                ),
                _c(
                    "potential",
                    "fairly large potential",
                    "发展潜力较大",
                    "potential",
                    "at_least",
                    "fairly_large",
                ),
                _c(
                    "partnership",
                    "partner for 1 year or more",
                    "合作≥1年",
                    "partner_years",
                    "min",
                    1,
                ),
                _c(
                    "payment",
                    "pays fairly on time, needs reminders",
                    "付款较及时但需提醒",
                    "payment",
                    "at_least",
                    "needs_reminders",
                ),
            ),
            need=3,
        ),
        Tier(
            "C",
            (
                _c(
                    "sales",
                    "6-month sales >= 100k",
                    "近6个月销售额≥10万",
                    "sales_6m",
                    "min",
                    100_000,
                ),
                _c(
                    "cooperation",
                    "cooperation fairly smooth",
                    "合作比较顺畅",
                    "cooperation",
                    "at_least",
                    "fairly_smooth",
                ),
                _c(
                    "potential",
                    "average potential",
                    "发展潜力一般",
                    "potential",
                    "at_least",
                    "average",
                ),
                _c(
                    "partnership",
                    "partner for half a year or more",
                    "合作≥半年",
                    "partner_years",
                    "min",
                    0.5,
                ),
                _c(
                    "payment",
                    "pays poorly, needs repeated collection",
                    "付款较差需多次催收",
                    "payment",
                    "at_least",
                    "poor",
                ),
            ),
            need=3,
        ),
    ),
    source=Source("seed 004 客户分级管理", note="also seeds 002 and 000"),
)
"""The seed's rules. Ordinal criteria read "at least this good", so a customer
better than a tier's wording still meets it (raising never lowers a grade)."""


@attrs.frozen
class TierResult:
    """How a profile fares against one tier."""

    grade: str
    met: tuple[str, ...]
    missed: tuple[str, ...]
    unknown: tuple[str, ...]
    reached: bool
    need: int | None


@attrs.frozen
class CustomerGrade:
    """A customer's grade and everything behind it.

    Attributes:
        customer_id: The customer.
        grade: The grade after raises and hysteresis.
        computed: The grade the criteria alone give.
        decided_by: ``"tier"``, ``"fallback"``, ``"hysteresis"`` or ``"manual_raise"``.
        tiers: Criteria met, missed and unknown for every tier.
        conflicts: Tiers reached besides the one that decided.
        follow_up: Proactive follow-up for this grade.
        churn_warning: Purchase frequency fell by more than the rules allow.
        reasons: Why, in order.
    """

    customer_id: str
    grade: str
    computed: str
    decided_by: str
    tiers: tuple[TierResult, ...]
    conflicts: tuple[str, ...]
    follow_up: bool
    churn_warning: bool
    reasons: tuple[Reason, ...]


def _evaluate(tier: Tier, profile: CustomerProfile, relax: float = 0.0) -> TierResult:
    out: dict[str, list[str]] = {"met": [], "missed": [], "unknown": []}
    for c in tier.criteria:
        out[c.evaluate(profile, relax if c.kind == "min" else 0.0)].append(c.key)
    reached = bool(out["met"]) if tier.any_of else len(out["met"]) >= tier.need  # type: ignore[operator]
    return TierResult(
        tier.grade,
        tuple(out["met"]),
        tuple(out["missed"]),
        tuple(out["unknown"]),
        reached,
        tier.need,
    )


def grade_customer(
    profile: CustomerProfile, rules: GradingRules = DEFAULT_GRADING
) -> CustomerGrade:
    """Grade one customer (see the module docstring for the precedence).

    Missing inputs count as not met and are listed under ``unknown``.
    """
    if not isinstance(profile, CustomerProfile):
        raise InvalidInputError.constraint("profile", "a CustomerProfile", profile)
    results = tuple(_evaluate(t, profile) for t in rules.tiers)
    reached = [r for r in results if r.reached]
    reasons: list[Reason] = []
    if reached:
        decider = reached[0]
        computed, decided_by = decider.grade, "tier"
        criteria = ", ".join(decider.met)
        need = "any one" if decider.need is None else f"at least {decider.need}"
        zh_need = "任一" if decider.need is None else f"至少 {decider.need} 项"
        reasons.append(
            Reason(
                "grading.tier",
                f"Grade {computed}: {need} of its criteria met ({criteria})",
                f"等级 {computed}：满足{zh_need}条件（{criteria}）",
                source=rules.source,
            )
        )
    else:
        computed, decided_by = rules.fallback, "fallback"
        reasons.append(
            Reason(
                "grading.fallback",
                f"No tier reached: grade {computed}",
                f"未达到任何等级条件：定为 {computed} 级",
                source=rules.source,
            )
        )
    ladder = rules.ladder
    # A tier reached with a better grade than the decided one is a conflict (three A
    # criteria and a D criterion); reaching B and C besides A is not.
    conflicts = tuple(
        r.grade for r in reached[1:] if ladder.index(r.grade) < ladder.index(computed)
    )
    if conflicts:
        reasons.append(
            Reason(
                "grading.conflict",
                f"Also reaches {', '.join(conflicts)}, but grade {computed} takes precedence",
                f"同时满足 {'、'.join(conflicts)} 级条件，但按优先顺序定为 {computed} 级",
            )
        )
    unknown = sorted({k for r in results for k in r.unknown})
    if unknown:
        reasons.append(
            Reason(
                "grading.unknown",
                f"Not known, counted as not met: {', '.join(unknown)}",
                f"信息缺失，按未满足计：{'、'.join(unknown)}",
            )
        )
    grade = computed
    d_fired = reached and reached[0].grade == ladder[-1] and rules.tiers[0].any_of
    previous = profile.previous_grade
    if (
        rules.hysteresis
        and previous in ladder
        and ladder.index(previous) < ladder.index(grade)
        and not d_fired
    ):
        tier = next((t for t in rules.tiers if t.grade == previous), None)
        if tier is not None and _evaluate(tier, profile, rules.hysteresis).reached:
            grade, decided_by = tier.grade, "hysteresis"
            reasons.append(
                Reason(
                    "grading.hysteresis",
                    f"Keeps last period's grade {previous}: its thresholds are met within "
                    f"{rules.hysteresis:.0%}",
                    f"保持上期 {previous} 级：在 {rules.hysteresis:.0%} 的容差内仍满足条件",
                )
            )
    if profile.raise_request is not None and ladder.index(grade) > 0:
        raised = ladder[ladder.index(grade) - 1]
        reasons.append(
            Reason(
                "grading.manual_raise",
                f"Raised from {grade} to {raised} on application: {profile.raise_request}",
                f"经申请由 {grade} 级提升为 {raised} 级：{profile.raise_request}",
            )
        )
        grade, decided_by = raised, "manual_raise"
    churn = _churn(profile, rules)
    if churn is not None:
        reasons.append(churn)
    follow = rules.follow_up.get(grade, False)
    reasons.append(
        Reason(
            "grading.follow_up",
            f"Grade {grade}: {'proactive follow-up' if follow else 'no proactive follow-up'}",
            f"{grade} 级：{'主动跟进' if follow else '不主动跟进'}",
        )
    )
    return CustomerGrade(
        profile.customer_id,
        grade,
        computed,
        decided_by,
        results,
        conflicts,
        follow,
        churn is not None,
        tuple(reasons),
    )


def _churn(profile: CustomerProfile, rules: GradingRules) -> Reason | None:
    now, before = profile.purchase_frequency, profile.previous_purchase_frequency
    if now is None or before is None or before <= 0:
        return None
    drop = (before - now) / before
    if drop <= rules.churn_drop:
        return None
    return Reason(
        "grading.churn_warning",
        f"Churn warning: purchase frequency fell {drop:.0%} ({before:g} -> {now:g} per month), "
        f"more than {rules.churn_drop:.0%}",
        f"流失预警：购买频率下降 {drop:.0%}（{before:g} -> {now:g} 次/月），"
        f"超过 {rules.churn_drop:.0%}",
    )


def grade_customers(
    profiles: Iterable[CustomerProfile], rules: GradingRules = DEFAULT_GRADING
) -> tuple[CustomerGrade, ...]:
    """Grade a whole customer base for a period."""
    return tuple(grade_customer(p, rules) for p in profiles)
