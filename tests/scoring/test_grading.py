"""Customer grading examples from the brief's table, precedence, raises, bad input."""

from __future__ import annotations

import attrs
import pytest

from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.scoring import (
    DEFAULT_GRADING,
    Criterion,
    CustomerGrade,
    CustomerProfile,
    GradingRules,
    Tier,
    grade_customer,
    grade_customers,
)
from qmscore.serialization import from_dict, to_dict


def P(**kw: object) -> CustomerProfile:
    return CustomerProfile("K", **kw)  # type: ignore[arg-type]


def test_a_with_exactly_three_criteria() -> None:
    g = grade_customer(P(sales_6m=300_000, cooperation="very_smooth", well_known_brand=True))
    assert g.grade == "A"
    a = g.tiers[1]
    assert (a.grade, a.met, a.reached) == ("A", ("sales", "cooperation", "brand"), True)
    assert a.unknown == (
        "potential",
        "partnership",
        "payment",
        "oem",
    )  # listed, counted as not met
    assert g.follow_up


def test_two_a_criteria_fall_to_b_when_b_has_three() -> None:
    # 300k meets A's and B's sales; very smooth meets A's and B's cooperation; 1.5 years is B only.
    g = grade_customer(P(sales_6m=300_000, cooperation="very_smooth", partner_years=1.5))
    assert g.tiers[1].met == ("sales", "cooperation")
    assert not g.tiers[1].reached
    assert g.grade == "B"
    assert g.tiers[2].met == ("sales", "cooperation", "partnership")


def test_c_from_the_brief() -> None:
    g = grade_customer(P(sales_6m=100_000, potential="average", payment="poor"))
    assert g.grade == "C"
    assert not g.follow_up


def test_d_criterion_beats_three_a_criteria_and_says_so() -> None:
    g = grade_customer(
        P(sales_6m=400_000, cooperation="very_smooth", partner_years=5.0, payment="very_poor")
    )
    assert g.grade == "D"
    assert g.conflicts == ("A", "B", "C")
    assert g.reasons[0].code == "grading.tier"
    assert "very_poor_payment" in g.reasons[0].en
    assert g.reasons[1].code == "grading.conflict"


def test_nothing_known_is_d_no_tier_reached() -> None:
    g = grade_customer(P())
    assert (g.grade, g.decided_by) == ("D", "fallback")
    assert g.reasons[0].en == "No tier reached: grade D"


def test_manual_raise_on_application() -> None:
    g = grade_customer(
        P(
            sales_6m=160_000,
            cooperation="fairly_smooth",
            partner_years=1.0,
            raise_request="large customer, special potential",
        )
    )
    assert (g.computed, g.grade, g.decided_by) == ("B", "A", "manual_raise")
    assert "special potential" in next(r.en for r in g.reasons if r.code == "grading.manual_raise")
    top = grade_customer(
        P(sales_6m=400_000, cooperation="very_smooth", partner_years=3.0, raise_request="x")
    )
    assert top.grade == "A"  # nothing above A


def test_hysteresis_holds_a_grade_near_the_threshold() -> None:
    rules = attrs.evolve(DEFAULT_GRADING, hysteresis=0.10)
    near = P(sales_6m=285_000, cooperation="very_smooth", partner_years=1.9, previous_grade="A")
    # 285k >= 300k x 0.9 and 1.9 >= 2 x 0.9: A is held; without hysteresis it is B.
    assert grade_customer(near).grade == "B"
    held = grade_customer(near, rules)
    assert (held.grade, held.decided_by) == ("A", "hysteresis")
    far = attrs.evolve(near, sales_6m=200_000)
    assert grade_customer(far, rules).grade == "B"
    # A D criterion is never softened.
    assert grade_customer(attrs.evolve(near, payment="very_poor"), rules).grade == "D"


def test_churn_warning() -> None:
    g = grade_customer(P(purchase_frequency=2.0, previous_purchase_frequency=4.0))
    assert g.churn_warning
    assert "fell 50%" in next(r.en for r in g.reasons if r.code == "grading.churn_warning")
    assert not grade_customer(
        P(purchase_frequency=3.5, previous_purchase_frequency=4.0)
    ).churn_warning


def test_many_and_round_trip() -> None:
    profiles = [P(sales_6m=s) for s in (50_000, 400_000)]
    grades = grade_customers(profiles)
    assert [g.grade for g in grades] == ["D", "D"]
    assert from_dict(to_dict(grades[1]), CustomerGrade) == grades[1]
    assert from_dict(to_dict(DEFAULT_GRADING), GradingRules) == DEFAULT_GRADING


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: P(sales_6m=-1), InvalidInputError, "'sales_6m' must be >= 0 (got -1)"),
        (lambda: P(sales_6m="300k"), InvalidInputError, "'sales_6m' must be a number or None"),
        (lambda: P(cooperation="excellent"), InvalidInputError, "'cooperation' must be one of"),
        (
            lambda: P(well_known_brand="yes"),
            InvalidInputError,
            "'well_known_brand' must be True, False or None",
        ),
        (lambda: P(repeat_rate=1.5), InvalidInputError, "'repeat_rate' must be a share in [0, 1]"),
        (lambda: P(raise_request=" "), InvalidInputError, "'raise_request' must be a reason"),
        (lambda: grade_customer("K"), InvalidInputError, "'profile' must be a CustomerProfile"),  # type: ignore[arg-type]
        (
            lambda: Criterion("x", "x", "x", "turnover", "min", threshold=1.0),
            RuleSetError,
            "criterion 'x': 'min' does not fit field 'turnover'",
        ),
        (
            lambda: Criterion("x", "x", "x", "payment", "at_least", level="great"),
            RuleSetError,
            "does not fit field 'payment'",
        ),
        (
            lambda: Tier("A", DEFAULT_GRADING.tiers[1].criteria, need=8),
            RuleSetError,
            "need must be in 1..7 (the number of criteria), got 8",
        ),
        (
            lambda: Tier("A", DEFAULT_GRADING.tiers[1].criteria),
            RuleSetError,
            "give either need=k or any_of=True",
        ),
        (
            lambda: Tier("A", DEFAULT_GRADING.tiers[1].criteria * 2, need=3),
            RuleSetError,
            "unique keys",
        ),
        (
            lambda: GradingRules((DEFAULT_GRADING.tiers[1], DEFAULT_GRADING.tiers[1])),
            RuleSetError,
            "unique grades",
        ),
        (
            lambda: GradingRules(DEFAULT_GRADING.tiers, ladder=("A", "B")),
            RuleSetError,
            "grades ['C', 'D'] are not on the ladder",
        ),
        (
            lambda: GradingRules(DEFAULT_GRADING.tiers, hysteresis=1.0),
            RuleSetError,
            "hysteresis must be in [0, 1)",
        ),
        (
            lambda: GradingRules(DEFAULT_GRADING.tiers, churn_drop=0.0),
            RuleSetError,
            "churn_drop must be in (0, 1)",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


# ---------------------------------------------------------------- issue 13


def test_reasons_say_for_every_tier_what_was_met_missed_and_unknown() -> None:
    # Issue 13 item 7. By hand, tier by tier (potential and the flags unknown):
    #  D (any one): erratic unknown; payment "poor" is not "very_poor" -> missed;
    #     no-potential unknown -> 0 met, not reached.
    #  A (3 of 7): 160k < 300k, fairly smooth < very smooth, 1 year < 2, poor < on time
    #     -> 4 missed; potential, brand, OEM unknown -> 0 met.
    #  B (3 of 5): 160k >= 150k, fairly smooth, 1 year >= 1 (1 included) -> 3 met;
    #     poor < needs reminders -> missed; potential unknown -> reached: grade B.
    #  C (3 of 5): sales, cooperation, partnership, payment "poor" -> 4 met.
    g = grade_customer(
        P(sales_6m=160_000, cooperation="fairly_smooth", partner_years=1.0, payment="poor")
    )
    assert g.grade == "B"
    per_tier = [r for r in g.reasons if r.code == "grading.criteria"]
    assert [r.en.split(" (")[0] for r in per_tier] == ["Tier D", "Tier A", "Tier B", "Tier C"]
    d, a, b, c = per_tier
    assert d.en == (
        "Tier D (any one of 3 criteria) not reached: [met 0: none]; "
        "[missed 1: very poor payment]; [unknown 2: small and erratic orders; basically no potential]"
    )
    assert a.en == (
        "Tier A (at least 3 of 7 criteria) not reached: [met 0: none]; "
        "[missed 4: 6-month sales >= 300k [>= 300000, 300000 included]; cooperation very smooth; "
        "partner for 2 years or more [>= 2, 2 included]; pays on time]; "
        "[unknown 3: large potential; well-known brand; direct car-audio OEM supplier]"
    )
    assert a.zh == (
        "A 级（7 项中至少 3 项）未达到：【满足 0 项：无】，"
        "【未满足 4 项：近6个月销售额≥30万［≥ 300000，含 300000］；合作非常顺畅；"
        "合作≥2年［≥ 2，含 2］；按时付款】，【未知 3 项：发展潜力很大；知名品牌；直接为汽车音响主机厂配套】"
    )
    assert b.en.startswith("Tier B (at least 3 of 5 criteria) reached: [met 3: 6-month sales")
    assert "[missed 1: pays fairly on time, needs reminders]" in b.en
    assert "[unknown 1: fairly large potential]" in b.en
    assert c.zh.startswith("C 级（5 项中至少 3 项）达到：【满足 4 项：")
    # The reasons agree with the structured per-tier data they describe.
    for reason, result in zip(per_tier, g.tiers, strict=True):
        assert f"[met {len(result.met)}:" in reason.en
        assert f"[missed {len(result.missed)}:" in reason.en
        assert f"[unknown {len(result.unknown)}:" in reason.en


def test_no_tier_reached_still_lists_every_criterion() -> None:
    # Issue 13 item 7: the fallback grade used to carry no criterion at all.
    # Everything known, nothing good enough: 50k, poor cooperation, half a year, poor
    # payment, average potential, no brand, no OEM, no erratic orders.
    g = grade_customer(
        P(
            sales_6m=50_000,
            cooperation="poor",
            potential="average",
            partner_years=0.25,
            payment="poor",
            well_known_brand=False,
            direct_oem=False,
            small_erratic_orders=False,
        )
    )
    # C: potential "average" and payment "poor" met (2 of 3 needed): no tier is reached.
    assert (g.grade, g.decided_by) == ("D", "fallback")
    codes = [r.code for r in g.reasons]
    assert codes.count("grading.criteria") == 4
    assert "grading.unknown" not in codes  # everything was known
    c = [r for r in g.reasons if r.code == "grading.criteria"][3]
    assert c.en.startswith("Tier C (at least 3 of 5 criteria) not reached: [met 2: ")
    assert "[unknown 0: none]" in c.en
    assert "【未知 0 项：无】" in c.zh


@pytest.mark.parametrize(
    ("sales", "inclusive", "met"),
    [
        (299_999.99, True, False),  # below the line
        (300_000, True, True),  # 30万以上 includes 300k (the default)
        (300_000, False, False),  # exclusive reading: 300k itself misses
        (300_000.01, False, True),  # just above
    ],
)
def test_min_criterion_edge_is_a_parameter_and_the_reason_says_which(
    sales: float, inclusive: bool, met: bool
) -> None:
    # Issue 13 item 5 for grading criteria.
    a = DEFAULT_GRADING.tiers[1]
    sales_rule = attrs.evolve(a.criteria[0], inclusive=inclusive)
    rules = attrs.evolve(
        DEFAULT_GRADING,
        tiers=(
            DEFAULT_GRADING.tiers[0],
            attrs.evolve(a, criteria=(sales_rule, *a.criteria[1:])),
            *DEFAULT_GRADING.tiers[2:],
        ),
    )
    g = grade_customer(P(sales_6m=sales), rules)
    assert ("sales" in g.tiers[1].met) is met
    reason = next(r for r in g.reasons if r.code == "grading.criteria" and "Tier A" in r.en)
    if inclusive:
        assert "[>= 300000, 300000 included]" in reason.en
        assert "［≥ 300000，含 300000］" in reason.zh
    else:
        assert "[> 300000, 300000 excluded]" in reason.en
        assert "［> 300000，不含 300000］" in reason.zh


def test_default_thresholds_include_the_number() -> None:
    # 以上 includes the number: every numeric criterion of the seed's rules is inclusive.
    assert all(c.inclusive for t in DEFAULT_GRADING.tiers for c in t.criteria if c.kind == "min")
    # Exactly 1 year meets B's partnership criterion.
    assert "partnership" in grade_customer(P(partner_years=1.0)).tiers[2].met


def test_raise_request_on_an_a_customer_says_why_nothing_was_raised() -> None:
    # Issue 13 item 9: 400k, very smooth, 3 years -> 3 A criteria: grade A, the top.
    g = grade_customer(
        P(
            sales_6m=400_000,
            cooperation="very_smooth",
            partner_years=3.0,
            raise_request="strategic account",
        )
    )
    assert (g.grade, g.decided_by) == ("A", "tier")
    reason = next(r for r in g.reasons if r.code == "grading.raise_not_applied")
    assert reason.en == (
        "Raise requested (strategic account) but nothing raised: grade A is already "
        "the top of the ladder"
    )
    assert reason.zh == "申请提升（strategic account）未执行：A 级已是最高等级"
    assert "grading.manual_raise" not in [r.code for r in g.reasons]


@pytest.mark.parametrize("typo", ["a", "E", "A "])
def test_unknown_previous_grade_is_refused(typo: str) -> None:
    # Issue 13 item 9: a grade not on the ladder used to switch hysteresis off silently.
    rules = attrs.evolve(DEFAULT_GRADING, hysteresis=0.1)
    with pytest.raises(InvalidInputError) as info:
        grade_customer(P(sales_6m=285_000, previous_grade=typo), rules)
    assert str(info.value) == (
        f"'profile.previous_grade' must be one of ('A', 'B', 'C', 'D') or None (got {typo!r})"
    )
