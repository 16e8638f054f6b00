"""Grading rules and edges that surviving mutants of grading.py / grading_rules.py showed
untested (issue 20).

Each grade is checked on both paths: ``grade_customer`` without a raise request or
hysteresis takes the fast (table) path; with a raise request it takes the full path
(``_grade``), which builds every reason eagerly.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
from qmscore.scoring import (
    DEFAULT_GRADING,
    Criterion,
    CustomerGrade,
    CustomerProfile,
    GradingRules,
    grade_customer,
    grade_customers,
)


def P(**kw: Any) -> CustomerProfile:
    return CustomerProfile("K", **kw)


def both(profile: CustomerProfile, rules: GradingRules = DEFAULT_GRADING) -> list[CustomerGrade]:
    """The fast path (single and batch) and the full path (a raise request) for one profile.

    Also the fast path on an equal copy of the rules: rules keep their compiled
    tables (``_grader._build``) once built, so the copy builds them again here.
    """
    raised = attrs.evolve(profile, raise_request="special potential")
    fresh = attrs.evolve(rules)
    return [
        grade_customer(profile, rules),
        grade_customers([profile], rules)[0],
        grade_customer(raised, rules),
        grade_customer(profile, fresh),
        grade_customers([profile], attrs.evolve(rules))[0],
    ]


def churn_reason(g: CustomerGrade) -> str | None:
    return next((r.en for r in g.reasons if r.code == "grading.churn_warning"), None)


# ------------------------------------------------------------------ flag criteria


@pytest.mark.parametrize("field", ["sales_6m", "partner_years", "payment", "cooperation"])
def test_flag_criterion_on_a_field_that_is_not_a_flag_is_refused(field: str) -> None:
    with pytest.raises(RuleSetError, match=f"'flag' does not fit field '{field}'"):
        Criterion("x", "x", "x", field, "flag")


@pytest.mark.parametrize("field", ["well_known_brand", "direct_oem", "small_erratic_orders"])
def test_flag_criterion_on_a_flag_field_is_accepted(field: str) -> None:
    c = Criterion("x", "x", "x", field, "flag")
    assert c.evaluate(P(**{field: True})) == "met"
    assert c.evaluate(P(**{field: False})) == "missed"
    assert c.evaluate(P()) == "unknown"


# ------------------------------------------------------------------ churn warning


@pytest.mark.parametrize(
    ("before", "now", "warn", "fell"),
    [
        # Customers buying at most once a month still get the warning:
        (1.0, 0.5, True, "50%"),  # (1 - 0.5) / 1 = 50% > 30%
        (0.5, 0.25, True, "50%"),  # (0.5 - 0.25) / 0.5 = 50% > 30%
        (1.0, 0.0, True, "100%"),  # stopped buying: 100% > 30%
        (1.0, 0.8, False, None),  # (1 - 0.8) / 1 = 20% <= 30%
        # The edge: a drop of exactly 30% is not "more than" 30%.
        (10.0, 7.0, False, None),  # (10 - 7) / 10 = 0.3, not > 0.3
        (10.0, 6.9, True, "31%"),  # (10 - 6.9) / 10 = 0.31 > 0.3
        # Buying more is no churn; no purchases before means no rate to fall from.
        (2.0, 3.0, False, None),
        (0.0, 0.0, False, None),
    ],
)
def test_churn_warning_edges(before: float, now: float, warn: bool, fell: str | None) -> None:
    profile = P(purchase_frequency=now, previous_purchase_frequency=before)
    for g in both(profile):
        assert g.churn_warning is warn
        reason = churn_reason(g)
        if fell is None:
            assert reason is None
        else:
            assert reason is not None
            assert f"fell {fell} ({before:g} -> {now:g} per month), more than 30%" in reason


def test_churn_needs_both_frequencies() -> None:
    for profile in (P(purchase_frequency=0.0), P(previous_purchase_frequency=4.0)):
        for g in both(profile):
            assert not g.churn_warning
            assert churn_reason(g) is None


@pytest.mark.parametrize("drop", [0.0, 1.0, -0.1])
def test_churn_drop_outside_0_1_is_refused(drop: float) -> None:
    with pytest.raises(RuleSetError, match=r"churn_drop must be in \(0, 1\)"):
        attrs.evolve(DEFAULT_GRADING, churn_drop=drop)


def test_churn_drop_just_inside_0_1_is_used() -> None:
    low = attrs.evolve(DEFAULT_GRADING, churn_drop=0.05)
    high = attrs.evolve(DEFAULT_GRADING, churn_drop=0.95)
    # 4 -> 3 per month: a drop of 25%, more than 5%, not more than 95%.
    profile = P(purchase_frequency=3.0, previous_purchase_frequency=4.0)
    assert all(g.churn_warning for g in both(profile, low))
    assert not any(g.churn_warning for g in both(profile, high))
    reason = churn_reason(grade_customer(profile, low))
    assert reason is not None
    assert reason.endswith("more than 5%")


# ------------------------------------------------------------------ the seed's rules as data


def test_default_rules_are_the_seed_table() -> None:
    # BRIEF.md section 4 (seeds 004, 002, 000): D is "any one of" and comes first (a D
    # criterion wins); A, B and C need 3 of their criteria. Ordinal criteria read
    # "at least this good" (D's: "at most this bad"); numbers include the threshold.
    table = [
        (
            t.grade,
            t.need,
            t.any_of,
            [(c.key, c.field, c.kind, c.threshold, c.level, c.inclusive) for c in t.criteria],
        )
        for t in DEFAULT_GRADING.tiers
    ]
    assert table == [
        (
            "D",
            None,
            True,
            [
                ("small_erratic", "small_erratic_orders", "flag", None, None, True),
                ("very_poor_payment", "payment", "at_most", None, "very_poor", True),
                ("no_potential", "potential", "at_most", None, "none", True),
            ],
        ),
        (
            "A",
            3,
            False,
            [
                ("sales", "sales_6m", "min", 300_000.0, None, True),
                ("cooperation", "cooperation", "at_least", None, "very_smooth", True),
                ("potential", "potential", "at_least", None, "large", True),
                ("partnership", "partner_years", "min", 2.0, None, True),
                ("payment", "payment", "at_least", None, "on_time", True),
                ("brand", "well_known_brand", "flag", None, None, True),
                ("oem", "direct_oem", "flag", None, None, True),
            ],
        ),
        (
            "B",
            3,
            False,
            [
                ("sales", "sales_6m", "min", 150_000.0, None, True),
                ("cooperation", "cooperation", "at_least", None, "fairly_smooth", True),
                ("potential", "potential", "at_least", None, "fairly_large", True),
                ("partnership", "partner_years", "min", 1.0, None, True),
                ("payment", "payment", "at_least", None, "needs_reminders", True),
            ],
        ),
        (
            "C",
            3,
            False,
            [
                ("sales", "sales_6m", "min", 100_000.0, None, True),
                ("cooperation", "cooperation", "at_least", None, "fairly_smooth", True),
                ("potential", "potential", "at_least", None, "average", True),
                ("partnership", "partner_years", "min", 0.5, None, True),
                ("payment", "payment", "at_least", None, "poor", True),
            ],
        ),
    ]
    for tier in DEFAULT_GRADING.tiers:
        for c in tier.criteria:
            assert c.en.strip()
            assert c.zh.strip()
    # The thresholds are plain floats (the seed's 30万, 15万, 10万; 2, 1, 0.5 years).
    assert all(
        type(c.threshold) is float
        for t in DEFAULT_GRADING.tiers
        for c in t.criteria
        if c.threshold
    )


def test_follow_up_default_is_a_and_b() -> None:
    # BRIEF: "A and B get proactive follow-up, C and D do not" (a fresh rule set).
    rules = GradingRules(DEFAULT_GRADING.tiers)
    assert rules.follow_up == {"A": True, "B": True, "C": False, "D": False}
    # Each rule set gets its own mapping.
    assert rules.follow_up is not GradingRules(DEFAULT_GRADING.tiers).follow_up


# ------------------------------------------------------------------ profile fields


OPTIONAL = [
    "sales_6m",
    "cooperation",
    "potential",
    "partner_years",
    "payment",
    "well_known_brand",
    "direct_oem",
    "small_erratic_orders",
    "previous_grade",
    "raise_request",
    "purchase_frequency",
    "previous_purchase_frequency",
    "repeat_rate",
    "referral_rate",
]


def test_profile_fields_are_optional_and_keyword_only() -> None:
    p = CustomerProfile("K")
    assert all(getattr(p, f) is None for f in OPTIONAL)
    with pytest.raises(TypeError):
        CustomerProfile("K", 1.0)


@pytest.mark.parametrize(
    "field",
    ["sales_6m", "partner_years", "purchase_frequency", "previous_purchase_frequency"],
)
def test_profile_numbers_are_plain_non_negative_and_nan_is_unknown(field: str) -> None:
    value = getattr(P(**{field: np.float64(2.5)}), field)
    assert value == 2.5
    assert type(value) is float
    assert getattr(P(**{field: float("nan")}), field) is None
    assert getattr(P(**{field: 0}), field) == 0.0
    # No upper bound: a large number is fine.
    assert getattr(P(**{field: 1e9}), field) == 1e9
    with pytest.raises(InvalidInputError, match=rf"^'{field}' must be >= 0 \(got -0.5\)$"):
        P(**{field: -0.5})
    with pytest.raises(InvalidInputError, match=rf"^'{field}' must be a number or None"):
        P(**{field: "2.5"})


@pytest.mark.parametrize("field", ["repeat_rate", "referral_rate"])
def test_profile_shares_are_in_0_1(field: str) -> None:
    assert getattr(P(**{field: 1}), field) == 1.0
    assert getattr(P(**{field: 0}), field) == 0.0
    value = getattr(P(**{field: np.float64(0.25)}), field)
    assert value == 0.25
    assert type(value) is float
    assert getattr(P(**{field: float("nan")}), field) is None
    with pytest.raises(InvalidInputError, match=rf"^'{field}' must be a share in \[0, 1\]"):
        P(**{field: 1.5})
    with pytest.raises(InvalidInputError, match=rf"^'{field}' must be >= 0"):
        P(**{field: -0.1})


@pytest.mark.parametrize("field", ["well_known_brand", "direct_oem", "small_erratic_orders"])
def test_profile_flags_are_bools_and_nan_is_unknown(field: str) -> None:
    value = getattr(P(**{field: np.bool_(True)}), field)
    assert value is True
    assert getattr(P(**{field: False}), field) is False
    assert getattr(P(**{field: float("nan")}), field) is None
    with pytest.raises(InvalidInputError, match=rf"^'{field}' must be True, False or None"):
        P(**{field: "no"})
    with pytest.raises(InvalidInputError, match=rf"^'{field}' must be True, False or None"):
        P(**{field: 1})


# ------------------------------------------------------------------ rules and criteria checks


def test_rules_checks_name_the_field_and_value() -> None:
    with pytest.raises(InvalidTypeError, match=r"^'hysteresis' must be a number \(got 'x'\)$"):
        GradingRules(DEFAULT_GRADING.tiers, hysteresis="x")
    with pytest.raises(InvalidTypeError, match=r"^'churn_drop' must be a number \(got 'x'\)$"):
        GradingRules(DEFAULT_GRADING.tiers, churn_drop="x")
    with pytest.raises(
        InvalidTypeError, match=r"^'source' must be a Source or None \(got 'seed'\)$"
    ):
        GradingRules(DEFAULT_GRADING.tiers, source="seed")  # type: ignore[arg-type]
    with pytest.raises(RuleSetError, match=r"^tiers must be non-empty with unique grades$"):
        GradingRules(())


@pytest.mark.parametrize(
    ("field", "kind", "kw"),
    [
        ("sales_6m", "at_least", {"level": "large"}),  # a number has no levels
        ("direct_oem", "at_least", {"level": "large"}),  # nor has a flag
        ("direct_oem", "min", {"threshold": 1.0}),  # a flag has no threshold
        ("payment", "min", {"threshold": 1.0}),  # nor has a scale
    ],
)
def test_criterion_kind_must_fit_its_field(field: str, kind: str, kw: dict[str, Any]) -> None:
    with pytest.raises(RuleSetError, match=f"'{kind}' does not fit field '{field}'"):
        Criterion("x", "x", "x", field, kind, **kw)  # type: ignore[arg-type]


def test_relax_must_be_a_share() -> None:
    sales = DEFAULT_GRADING.tiers[1].criteria[0]  # A: sales >= 300k
    with pytest.raises(InvalidInputError, match=r"^'relax' must be <= 1 \(got 1.5\)$"):
        sales.evaluate(P(sales_6m=1.0), 1.5)
    with pytest.raises(InvalidInputError, match=r"^'relax' must be >= 0 \(got -0.1\)$"):
        sales.evaluate(P(sales_6m=1.0), -0.1)
    # relax 1 lowers the bound to 300k x (1 - 1) = 0: any sales meet it.
    assert sales.evaluate(P(sales_6m=0.0), 1.0) == "met"
    # relax 0.5: 300k x 0.5 = 150k, included; just below is missed.
    assert sales.evaluate(P(sales_6m=150_000), 0.5) == "met"
    assert sales.evaluate(P(sales_6m=149_999), 0.5) == "missed"


# ------------------------------------------------------------------ reasons and decisions

TOP = {"sales_6m": 320_000, "cooperation": "very_smooth", "partner_years": 3.0}
H = attrs.evolve(DEFAULT_GRADING, hysteresis=0.10)


def code(g: CustomerGrade, c: str) -> tuple[str, str]:
    r = next(r for r in g.reasons if r.code == c)
    return r.en, r.zh


def test_tier_decision_reason_and_tier_results() -> None:
    # A: sales 320k >= 300k, very smooth, 3 years >= 2: 3 of 7 met; payment
    # "needs reminders" is below "on time". On the full path the raise request changes
    # nothing: A is the top of the ladder.
    profile = P(**TOP, payment="needs_reminders")
    for g in both(profile):
        first = g.reasons[0]
        assert first.code == "grading.tier"
        assert (
            first.en == "Grade A: at least 3 of its criteria met (sales, cooperation, partnership)"
        )
        assert (
            first.zh == "等级 A：满足至少 3 项条件（近6个月销售额≥30万、合作非常顺畅、合作≥2年）"
        )
        assert first.source == DEFAULT_GRADING.source
        assert g.computed == "A"
        assert [t.need for t in g.tiers] == [None, 3, 3, 3]
        assert g.tiers[1].met == ("sales", "cooperation", "partnership")
        assert g.conflicts == ()
        assert g.customer_id == "K"
        assert g.follow_up is True
        assert code(g, "grading.follow_up") == ("Grade A: proactive follow-up", "A 级：主动跟进")
    assert grade_customer(profile).decided_by == "tier"


def test_d_decision_reason_and_conflicts() -> None:
    # Small erratic orders: D. The same customer reaches A (sales, cooperation,
    # partnership, payment on time: 4 of 7), B and C (the same 4 of 5): three
    # tiers better than D, all named as conflicts.
    profile = P(**TOP, payment="on_time", small_erratic_orders=True)
    for g in both(profile):
        first = g.reasons[0]
        assert first.en == "Grade D: any one of its criteria met (small_erratic)"
        assert first.zh == "等级 D：满足任一条件（订单量小且不稳定）"
        assert first.source == DEFAULT_GRADING.source
        assert g.computed == "D"
        assert g.conflicts == ("A", "B", "C")
        assert code(g, "grading.conflict") == (
            "Also reaches A, B, C, but grade D takes precedence",
            "同时满足 A、B、C 级条件，但按优先顺序定为 D 级",
        )
    plain = grade_customer(profile)
    assert (plain.grade, plain.decided_by, plain.follow_up) == ("D", "tier", False)
    assert code(plain, "grading.follow_up") == (
        "Grade D: no proactive follow-up",
        "D 级：不主动跟进",
    )


def test_fallback_reason_on_both_paths() -> None:
    # Nothing known: no tier reached, grade D by the fallback. With hysteresis on and a
    # previous grade the full path decides; previous D is not better than D: no hold.
    for g in (grade_customer(P()), grade_customer(P(previous_grade="D"), H)):
        assert (g.grade, g.decided_by) == ("D", "fallback")
        first = g.reasons[0]
        assert (first.code, first.en, first.zh) == (
            "grading.fallback",
            "No tier reached: grade D",
            "未达到任何等级条件：定为 D 级",
        )
        assert first.source == DEFAULT_GRADING.source
        assert g.follow_up is False
        assert g.churn_warning is False


def test_unknown_reason_lists_keys_and_fields() -> None:
    # Potential and the three flags unknown. The criteria keys left unknown, sorted:
    # brand (A), no_potential (D), oem (A), potential (A, B, C), small_erratic (D).
    # In Chinese the profile fields, once each in that order: 是否知名品牌 (brand),
    # 发展潜力 (no_potential and potential), 是否直接为主机厂配套, 订单是否量小且不稳定.
    profile = P(sales_6m=160_000, cooperation="fairly_smooth", partner_years=1.0, payment="poor")
    for g in both(profile):
        assert code(g, "grading.unknown") == (
            "Not known, counted as not met: brand, no_potential, oem, potential, small_erratic",
            "信息缺失，按未满足计：是否知名品牌、发展潜力、是否直接为主机厂配套、订单是否量小且不稳定",
        )


def test_hysteresis_holds_a_better_grade_only() -> None:
    # A held within 10%: 285k >= 300k x 0.9 = 270k, 1.9 >= 2 x 0.9 = 1.8, very smooth.
    held = grade_customer(
        P(sales_6m=285_000, cooperation="very_smooth", partner_years=1.9, previous_grade="A"), H
    )
    assert (held.grade, held.computed, held.decided_by) == ("A", "B", "hysteresis")
    assert code(held, "grading.hysteresis") == (
        "Keeps last period's grade A: its thresholds are met within 10%",
        "保持上期 A 级：在 10% 的容差内仍满足条件",
    )
    # Previous grade B, B reached again (160k, fairly smooth, 1 year): decided by the
    # tier, not by hysteresis, and no hysteresis reason.
    again = grade_customer(
        P(
            sales_6m=160_000,
            cooperation="fairly_smooth",
            partner_years=1.0,
            payment="poor",
            previous_grade="B",
        ),
        H,
    )
    assert (again.grade, again.decided_by) == ("B", "tier")
    assert all(r.code != "grading.hysteresis" for r in again.reasons)


def test_hysteresis_with_a_previous_grade_that_has_no_tier() -> None:
    # "S" is on the ladder but no tier gives it: nothing to hold, the computed grade stays.
    rules = GradingRules(DEFAULT_GRADING.tiers, ladder=("S", "A", "B", "C", "D"), hysteresis=0.1)
    g = grade_customer(
        P(sales_6m=160_000, cooperation="fairly_smooth", partner_years=1.0, previous_grade="S"),
        rules,
    )
    assert (g.grade, g.decided_by) == ("B", "tier")


def test_follow_up_of_a_grade_the_rules_do_not_list_is_no() -> None:
    rules = attrs.evolve(DEFAULT_GRADING, follow_up={"A": True})
    for g in both(P(), rules):
        # Fallback D (raised to C on the full path): neither is listed -> no follow-up.
        assert g.follow_up is False
        assert code(g, "grading.follow_up")[0].endswith(": no proactive follow-up")
    for g in both(P(**TOP, potential="large"), rules):
        assert g.follow_up is True


def test_grade_customers_inputs() -> None:
    with pytest.raises(InvalidTypeError, match=r"^'rules' must be a GradingRules \(got 'x'\)$"):
        grade_customers([], "x")  # type: ignore[arg-type]
    # Any iterable of profiles, not only lists.
    grades = grade_customers(
        p for p in [P(small_erratic_orders=True), P(**TOP, potential="large")]
    )
    assert [g.grade for g in grades] == ["D", "A"]
