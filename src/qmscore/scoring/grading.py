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

import bisect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from qmscore._checks import MAX_ITEMS, check_instance, check_sequence, value_error
from qmscore._display import Results, display
from qmscore.explain import Reason
from qmscore.scoring._grader import Proto, compiled
from qmscore.scoring.grading_rules import (
    COOPERATION,
    DEFAULT_GRADING,
    PAYMENT,
    POTENTIAL,
    Criterion,
    CustomerProfile,
    GradingRules,
    Tier,
)

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


@display
@attrs.frozen
class TierResult:
    """How a profile fares against one tier."""

    grade: str
    met: tuple[str, ...]
    missed: tuple[str, ...]
    unknown: tuple[str, ...]
    reached: bool
    need: int | None


@display
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
    # What the explanation is built from when first read: the decision shared
    # by customers whose criteria came out the same (with the rules), and the
    # profile (None once built, or when constructed with every field). Two
    # slots rather than a pair: one object less per customer. Not part of the
    # value.
    _recipe: Any = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)
    _profile: Any = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    if not TYPE_CHECKING:  # pragma: no branch - keep mypy strict on attribute names

        def __getattr__(self, name: str) -> Any:
            # Only called for a slot not yet set: the explanation of a grade
            # decided on the fast path. The tier results and how the grade
            # was decided come from the decision shared by every customer
            # whose criteria came out the same; the reasons are built once,
            # exactly as grade_customer builds them eagerly.
            if name not in _EXPLAINED:
                raise AttributeError(name)
            proto = object.__getattribute__(self, "_recipe")
            if proto is None:  # pragma: no cover - every constructor sets them
                raise AttributeError(name)
            _set_tiers(self, proto[0])
            _set_computed(self, proto[1])
            _set_by(self, proto[2])
            _set_conflicts(self, proto[3])
            if name == "reasons":
                _set_reasons(
                    self, _grade(object.__getattribute__(self, "_profile"), proto[5]).reasons
                )
                _set_recipe(self, None)
                _set_profile(self, None)
            return object.__getattribute__(self, name)


_EXPLAINED = frozenset({"computed", "decided_by", "tiers", "conflicts", "reasons"})


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


_FIELD_ZH = {
    "sales_6m": "近6个月销售额",
    "partner_years": "合作年限",
    "cooperation": "合作顺畅程度",
    "potential": "发展潜力",
    "payment": "付款情况",
    "well_known_brand": "是否知名品牌",
    "direct_oem": "是否直接为主机厂配套",
    "small_erratic_orders": "订单是否量小且不稳定",
}


def _label(c: Criterion) -> tuple[str, str]:
    edge = c.edge
    if edge is None:
        return c.en, c.zh
    return f"{c.en} [{edge[0]}]", f"{c.zh}［{edge[1]}］"


def _tier_reason(tier: Tier, result: TierResult) -> Reason:
    """Every criterion of one tier: met, missed, unknown; so a screen can say "why not B"."""
    labels = {c.key: _label(c) for c in tier.criteria}
    n = len(tier.criteria)
    if tier.need is None:
        need_en, need_zh = f"any one of {n} criteria", f"{n} 项中任一项"
    else:
        need_en, need_zh = f"at least {tier.need} of {n} criteria", f"{n} 项中至少 {tier.need} 项"
    parts_en, parts_zh = [], []
    for name_en, name_zh, keys in (
        ("met", "满足", result.met),
        ("missed", "未满足", result.missed),
        ("unknown", "未知", result.unknown),
    ):
        parts_en.append(
            f"{name_en} {len(keys)}: " + ("; ".join(labels[k][0] for k in keys) or "none")
        )
        parts_zh.append(
            f"{name_zh} {len(keys)} 项：" + ("；".join(labels[k][1] for k in keys) or "无")
        )
    return Reason(
        "grading.criteria",
        f"Tier {tier.grade} ({need_en}) {'reached' if result.reached else 'not reached'}: "
        + "; ".join(f"[{p}]" for p in parts_en),
        f"{tier.grade} 级（{need_zh}）{'达到' if result.reached else '未达到'}："
        + "，".join(f"【{p}】" for p in parts_zh),
    )


def grade_customer(
    profile: CustomerProfile, rules: GradingRules = DEFAULT_GRADING
) -> CustomerGrade:
    """Grade one customer (see the module docstring for the precedence).

    Missing inputs count as not met and are listed under ``unknown``. The
    reasons give the decision first, then one ``grading.criteria`` reason per
    tier listing the criteria met, missed and unknown (with how each numeric
    threshold was applied), then hysteresis, raises, churn and follow-up.

    Raises:
        InvalidInputError: ``profile.previous_grade`` is not on the rules'
            ladder (a typo such as ``"a"`` would silently switch hysteresis off).
        InvalidTypeError: ``profile`` is not a :class:`CustomerProfile` or
            ``rules`` not a :class:`GradingRules`.

    Example:
        >>> from qmscore.scoring import CustomerProfile, grade_customer
        >>> g = grade_customer(CustomerProfile("K", sales_6m=150_000, cooperation="poor"))
        >>> for r in g.reasons:
        ...     if r.code == "grading.criteria":
        ...         print(r.en.split(": [")[0])
        Tier D (any one of 3 criteria) not reached
        Tier A (at least 3 of 7 criteria) not reached
        Tier B (at least 3 of 5 criteria) not reached
        Tier C (at least 3 of 5 criteria) not reached
        >>> why_not_b = g.reasons[4].en
        >>> "[met 1: 6-month sales >= 150k [>= 150000, 150000 included]]" in why_not_b
        True
        >>> "[missed 1: cooperation fairly smooth]" in why_not_b
        True
    """
    check_instance("profile", profile, CustomerProfile, "a CustomerProfile")
    check_instance("rules", rules, GradingRules, "a GradingRules")
    return _Grader(rules).grade(profile)


def _grade(profile: CustomerProfile, rules: GradingRules) -> CustomerGrade:
    """The grade with every reason, built eagerly (the reference the fast path matches)."""
    ladder = rules.ladder
    previous = profile.previous_grade
    results = tuple(_evaluate(t, profile) for t in rules.tiers)
    reached = [r for r in results if r.reached]
    reasons: list[Reason] = []
    if reached:
        decider = reached[0]
        computed, decided_by = decider.grade, "tier"
        criteria = ", ".join(decider.met)
        tier_zh = {
            c.key: c.zh for t in rules.tiers if t.grade == decider.grade for c in t.criteria
        }
        criteria_zh = "、".join(tier_zh[k] for k in decider.met)
        need = "any one" if decider.need is None else f"at least {decider.need}"
        zh_need = "任一" if decider.need is None else f"至少 {decider.need} 项"
        reasons.append(
            Reason(
                "grading.tier",
                f"Grade {computed}: {need} of its criteria met ({criteria})",
                f"等级 {computed}：满足{zh_need}条件（{criteria_zh}）",
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
        # In Chinese: the profile fields that are missing, named as the review form does.
        fields = {c.key: c.field for t in rules.tiers for c in t.criteria}
        missing_zh = dict.fromkeys(_FIELD_ZH[fields[k]] for k in unknown)
        reasons.append(
            Reason(
                "grading.unknown",
                f"Not known, counted as not met: {', '.join(unknown)}",
                f"信息缺失，按未满足计：{'、'.join(missing_zh)}",
            )
        )
    reasons.extend(_tier_reason(t, r) for t, r in zip(rules.tiers, results, strict=True))
    grade = computed
    d_fired = reached and reached[0].grade == ladder[-1] and rules.tiers[0].any_of
    if (
        rules.hysteresis
        and previous is not None
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
    if profile.raise_request is not None:
        if ladder.index(grade) > 0:
            raised = ladder[ladder.index(grade) - 1]
            reasons.append(
                Reason(
                    "grading.manual_raise",
                    f"Raised from {grade} to {raised} on application: {profile.raise_request}",
                    f"经申请由 {grade} 级提升为 {raised} 级：{profile.raise_request}",
                )
            )
            grade, decided_by = raised, "manual_raise"
        else:
            reasons.append(
                Reason(
                    "grading.raise_not_applied",
                    f"Raise requested ({profile.raise_request}) but nothing raised: grade "
                    f"{grade} is already the top of the ladder",
                    f"申请提升（{profile.raise_request}）未执行：{grade} 级已是最高等级",
                )
            )
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
) -> Results[CustomerGrade]:
    """Grade a whole customer base for a period (as :func:`grade_customer` each).

    The decision of every customer comes first; tier results are shared
    between customers whose criteria come out the same, and each grade's
    reasons are built when first read (the same reasons as
    :func:`grade_customer` gives).

    Example:
        >>> from qmscore.scoring import CustomerProfile, grade_customers
        >>> grades = grade_customers([CustomerProfile("K1", sales_6m=320_000, payment="on_time",
        ...                                           cooperation="very_smooth"),
        ...                           CustomerProfile("K2", small_erratic_orders=True)])
        >>> [(g.customer_id, g.grade, g.decided_by) for g in grades]
        [('K1', 'A', 'tier'), ('K2', 'D', 'tier')]
        >>> grades[1].reasons[0].en
        'Grade D: any one of its criteria met (small_erratic)'
    """
    check_instance("rules", rules, GradingRules, "a GradingRules")
    items: Iterable[CustomerProfile]
    if (
        type(profiles) in (list, tuple)
        and len(profiles) <= MAX_ITEMS  # type: ignore[arg-type]
        and all(type(p) is CustomerProfile for p in profiles)
    ):
        items = profiles
    else:
        items = check_sequence(
            "profiles",
            profiles,
            lambda path, p: check_instance(path, p, CustomerProfile, "a CustomerProfile"),
        )
    return Results(map(_Grader(rules).grade, items))


_new = object.__new__
_bits = dict.__getitem__
_bisect_left = bisect.bisect_left
(
    _set_id,
    _set_grade,
    _set_computed,
    _set_by,
    _set_tiers,
    _set_conflicts,
    _set_follow,
    _set_churn,
    _set_reasons,
    _set_recipe,
    _set_profile,
) = (
    CustomerGrade.__dict__[name].__set__
    for name in (
        "customer_id",
        "grade",
        "computed",
        "decided_by",
        "tiers",
        "conflicts",
        "follow_up",
        "churn_warning",
        "reasons",
        "_recipe",
        "_profile",
    )
)


class _Grader:
    """Grades profiles against one rule set, sharing what customers have in common.

    Not thread-shared: one per call (its caches are the call's own).
    """

    def __init__(self, rules: GradingRules) -> None:
        self.rules = rules
        self.c = compiled(rules)
        self.protos: dict[int, Proto] = {}
        self.tier_results: dict[tuple[int, int, int], TierResult] = {}
        self.grade = self._grader()

    def _grader(self) -> Callable[[CustomerProfile], CustomerGrade]:
        """The per-customer function, with everything it reads bound as locals."""
        rules, c = self.rules, self.c
        ladder, hysteresis, churn_drop = rules.ladder, rules.hysteresis, rules.churn_drop
        extra, levels, tables, protos, make = c.extra, c.levels, c.tables, self.protos, self._proto
        numeric = tuple((f, t.cuts, t.bits, t.unknown, len(t.cuts)) for f, t in c.numeric)

        def grade(profile: CustomerProfile) -> CustomerGrade:
            previous, raise_request, now, before = extra(profile)
            if previous is not None and previous not in ladder:
                raise value_error("profile.previous_grade", f"one of {ladder} or None", previous)
            if raise_request is not None or (hysteresis and previous is not None):
                return _grade(profile, rules)  # raises and hysteresis: the full path
            # The criteria met and unknown, as bits: one lookup per scale or
            # flag field (each criterion's bit comes from one field: adding is
            # OR-ing), and where each number falls among its thresholds.
            bits: int = sum(map(_bits, tables, levels(profile)))
            for field, cuts, by_class, unknown, n in numeric:
                value = getattr(profile, field)
                if value is None:
                    bits |= unknown
                else:
                    i = _bisect_left(cuts, value)
                    bits |= by_class[2 * i + 1 if i < n and cuts[i] == value else 2 * i]
            proto = protos.get(bits)
            if proto is None:
                proto = protos[bits] = make(bits)
            # The decision now (grade, follow-up, churn); the explanation when read.
            out: CustomerGrade = _new(CustomerGrade)
            _set_id(out, profile.customer_id)
            _set_grade(out, proto[1])
            _set_follow(out, proto[4])
            _set_churn(
                out,
                now is not None
                and before is not None
                and before > 0
                and (before - now) / before > churn_drop,
            )
            _set_recipe(out, proto)
            _set_profile(out, profile)
            return out

        return grade

    def _proto(self, bits: int) -> Proto:
        rules = self.rules
        results = []
        for tier, (start, n, size) in zip(rules.tiers, self.c.tiers, strict=True):
            met_bits = (bits >> start) & ((1 << n) - 1)
            unknown_bits = (bits >> (size + start)) & ((1 << n) - 1)
            key = (start, met_bits, unknown_bits)
            result = self.tier_results.get(key)
            if result is None:
                keys = [cr.key for cr in tier.criteria]
                met = tuple(k for j, k in enumerate(keys) if met_bits >> j & 1)
                unknown = tuple(k for j, k in enumerate(keys) if unknown_bits >> j & 1)
                missed = tuple(
                    k for j, k in enumerate(keys) if not (met_bits | unknown_bits) >> j & 1
                )
                reached = bool(met) if tier.any_of else len(met) >= tier.need  # type: ignore[operator]
                result = TierResult(tier.grade, met, missed, unknown, reached, tier.need)
                self.tier_results[key] = result
            results.append(result)
        reached_tiers = [r for r in results if r.reached]
        ladder = rules.ladder
        if reached_tiers:
            computed, decided_by = reached_tiers[0].grade, "tier"
        else:
            computed, decided_by = rules.fallback, "fallback"
        conflicts = tuple(
            r.grade for r in reached_tiers[1:] if ladder.index(r.grade) < ladder.index(computed)
        )
        follow = rules.follow_up.get(computed, False)
        return tuple(results), computed, decided_by, conflicts, follow, rules
