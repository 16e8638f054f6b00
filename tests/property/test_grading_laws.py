"""Grading and survey-selection laws."""

from __future__ import annotations

import math
import random

import attrs
from hypothesis import given
from hypothesis import strategies as st

from qmscore.scoring import (
    DEFAULT_GRADING,
    CustomerProfile,
    GradingRules,
    grade_customer,
    select_survey_sample,
)
from qmscore.serialization import from_dict, to_dict
from qmscore.testing import customer_profiles, grading_rules

LADDER = DEFAULT_GRADING.ladder


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


@given(customer_profiles(), st.floats(0, 500_000))
def test_raising_sales_never_lowers_the_grade(profile: CustomerProfile, extra: float) -> None:
    base = attrs.evolve(profile, sales_6m=profile.sales_6m or 0.0)
    more = attrs.evolve(base, sales_6m=base.sales_6m + extra)  # type: ignore[operator]
    assert LADDER.index(grade_customer(more).grade) <= LADDER.index(grade_customer(base).grade)


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
