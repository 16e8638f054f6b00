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
