"""Grading and survey-selection laws."""

from __future__ import annotations

import math
import random

import attrs
from hypothesis import given
from hypothesis import strategies as st

from qmscore.scoring import (
    DEFAULT_GRADING,
    Criterion,
    CustomerProfile,
    GradingRules,
    grade_customer,
    sales_classes,
    select_survey_sample,
)
from qmscore.serialization import from_dict, to_dict
from qmscore.testing import customer_profiles, grading_rules
from tests.budget import budget

LADDER = DEFAULT_GRADING.ladder


@budget(ms=4)
@given(customer_profiles(), st.randoms())
def test_deterministic_and_independent_of_criteria_order(
    profile: CustomerProfile, rnd: random.Random
) -> None:
    shuffled = GradingRules(
        tuple(
            attrs.evolve(t, criteria=tuple(rnd.sample(t.criteria, len(t.criteria))))
            for t in DEFAULT_GRADING.tiers
        )
    )
    a, b = grade_customer(profile), grade_customer(profile, shuffled)
    assert a.grade == b.grade == grade_customer(profile).grade
    for x, y in zip(a.tiers, b.tiers, strict=True):
        assert sorted(x.met) == sorted(y.met)
        assert x.reached == y.reached


@budget(ms=2)
@given(customer_profiles(), st.floats(0, 500_000))
def test_raising_sales_never_lowers_the_grade(profile: CustomerProfile, extra: float) -> None:
    base = attrs.evolve(profile, sales_6m=profile.sales_6m or 0.0)
    more = attrs.evolve(base, sales_6m=base.sales_6m + extra)  # type: ignore[operator]
    assert LADDER.index(grade_customer(more).grade) <= LADDER.index(grade_customer(base).grade)


@budget(ms=3)
@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh", min_size=1, max_size=5), st.sampled_from("ABCD"), max_size=40
    ),
    st.integers(1, 50),
)
def test_selection_size_is_ceil_f_n_and_repeatable(customers: dict[str, str], period: int) -> None:
    fractions = {"A": 1.0, "B": 0.5, "C": 0.2, "D": 0.0}
    s = select_survey_sample(customers, {}, period=period)
    for grade, f in fractions.items():
        n_all = sum(g == grade for g in customers.values())
        if n_all:
            assert s.sample[grade] == math.ceil(f * n_all)
    assert s == select_survey_sample(dict(reversed(list(customers.items()))), {}, period=period)


@budget(ms=2)
@given(st.integers(1, 25), st.integers(1, 25))
def test_rotation_gap_bounds_over_ten_periods(n_b: int, n_c: int) -> None:
    customers = {f"b{i}": "B" for i in range(n_b)} | {f"c{i}": "C" for i in range(n_c)}
    history: dict[str, int] = {}
    last = dict.fromkeys(customers, 0)
    for period in range(1, 11):
        for p in select_survey_sample(customers, history, period=period).picks:
            history[p.customer_id] = period
        for cid in customers:
            limit = 2 if cid.startswith("b") else 5
            if history.get(cid) == period:
                last[cid] = period
            assert period - last[cid] < limit, (cid, period, last[cid])


@budget(ms=4)
@given(grading_rules(), customer_profiles())
def test_any_rule_set_round_trips_and_grades_onto_its_ladder(
    rules: GradingRules, profile: CustomerProfile
) -> None:
    assert from_dict(to_dict(rules), GradingRules) == rules
    g = grade_customer(profile, rules)
    assert g.grade in rules.ladder
    assert len(g.tiers) == len(rules.tiers)
    for result in g.tiers:
        assert len(result.met) + len(result.missed) + len(result.unknown) == len(
            next(t for t in rules.tiers if t.grade == result.grade).criteria
        )


@budget(ms=2)
@given(
    st.dictionaries(
        st.text(alphabet="abcdef", min_size=1, max_size=4), st.integers(0, 50), max_size=30
    )
)
def test_sales_classes_match_integer_arithmetic(sales: dict[str, int]) -> None:
    # Issue 13 item 8. Oracle in integers: with S the sales before a customer and T the
    # total, A iff S/T < 4/5 iff 5S < 4T; B iff 20S < 19T (0.95 = 19/20); else C.
    rows = sales_classes(sales)
    total = sum(sales.values())
    ordered = sorted(sales, key=lambda k: (-sales[k], k))
    assert [r.customer_id for r in rows] == ordered
    before = 0
    for r in rows:
        expected = "A" if 5 * before < 4 * total else "B" if 20 * before < 19 * total else "C"
        assert r.sales_class == (expected if total else "C")
        before += sales[r.customer_id]


@budget(ms=2)
@given(customer_profiles())
def test_per_tier_reasons_agree_with_the_tier_results(profile: CustomerProfile) -> None:
    # Issue 13 item 7: one reason per tier, its counts those of the structured result.
    g = grade_customer(profile)
    per_tier = [r for r in g.reasons if r.code == "grading.criteria"]
    assert len(per_tier) == len(g.tiers)
    for reason, result in zip(per_tier, g.tiers, strict=True):
        assert reason.en.startswith(f"Tier {result.grade} (")
        assert reason.zh.startswith(f"{result.grade} 级（")
        assert (") reached:" in reason.en) is result.reached
        for name, keys in (
            ("met", result.met),
            ("missed", result.missed),
            ("unknown", result.unknown),
        ):
            assert f"[{name} {len(keys)}:" in reason.en


@given(st.sampled_from([0.5, 1, 2, 100_000, 150_000, 300_000]), st.booleans())
def test_a_threshold_value_meets_its_criterion_only_when_inclusive(
    threshold: float, inclusive: bool
) -> None:
    # Issue 13 item 5: at the threshold the parameter decides; elsewhere it does not.
    field = "sales_6m" if threshold >= 100_000 else "partner_years"
    c = Criterion("x", "x", "x", field, "min", threshold=threshold, inclusive=inclusive)

    def profile(value: float) -> CustomerProfile:
        if field == "sales_6m":
            return CustomerProfile("K", sales_6m=value)
        return CustomerProfile("K", partner_years=value)

    at, above, below = profile(threshold), profile(threshold * 1.01), profile(threshold * 0.99)
    assert c.evaluate(at) == ("met" if inclusive else "missed")
    assert c.evaluate(above) == "met"
    assert c.evaluate(below) == "missed"
