"""Issue 13 item 14: plans that count nonconformities (AQL above 10) can reject.

ISO 2859-1 / Z1.4: AQLs up to 10 may be percent nonconforming or
nonconformities per 100 units; AQLs above 10 are nonconformities per 100 units
only. An item can carry several nonconformities, so a sample of n can hold more
than n of them: a count above the sample size is real data for such a plan,
and impossible for a plan counting nonconforming items.
"""

from __future__ import annotations

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.sampling import (
    Lot,
    SamplingPlan,
    accept_probability,
    judge,
    lookup_plan,
)
from qmscore.serialization import from_dict, to_dict

# Lot 1000 is code J; at AQL 65 the Z1.4 Table II-A arrow leads up to code F:
# n 20, Ac 21, Re 22 (Ac and Re above n: only nonconformities can reach them).
AQL65 = lookup_plan(1000, 65)


def test_the_aql_65_plan_counts_nonconformities() -> None:
    assert (AQL65.code_letter, AQL65.sample_size, AQL65.accept, AQL65.reject) == ("F", 20, 21, 22)
    assert AQL65.counts == "nonconformities"
    assert AQL65.reasons[-1].code == "sampling.nonconformities"
    assert "AQL 65 is above 10" in AQL65.reasons[-1].en
    assert "每百单位不合格数" in AQL65.reasons[-1].zh


def test_issue_case_25_nonconformities_in_20_units_reject() -> None:
    # The issue: judge(lookup_plan(1000, 65), [25]) raised "must be <= the stage's
    # sample size 20", so the lot could never be rejected. 25 >= Re 22: reject.
    verdict = judge(AQL65, [25])
    assert (verdict.decision, verdict.defectives, verdict.inspected) == ("reject", 25, 20)


def test_count_at_ac_accepts_and_at_re_rejects() -> None:
    # Both sides of the boundary, each above the sample size 20.
    assert judge(AQL65, [21]).decision == "accept"  # 21 <= Ac 21
    assert judge(AQL65, [22]).decision == "reject"  # 22 >= Re 22


def test_aql_10_counts_items_and_aql_15_nonconformities() -> None:
    # The boundary "above 10" is exclusive: AQL 10 is the last percent-nonconforming AQL.
    ten, fifteen = lookup_plan(1000, 10), lookup_plan(1000, 15)
    assert (ten.sample_size, ten.accept, ten.reject, ten.counts) == (80, 14, 15, "items")
    assert (fifteen.sample_size, fifteen.accept, fifteen.reject) == (80, 21, 22)
    assert fifteen.counts == "nonconformities"
    # 81 nonconforming items in a sample of 80 is impossible ...
    with pytest.raises(
        InvalidInputError,
        match=r"must be <= the stage's sample size 80 \(nonconforming items\) \(got 81\)",
    ):
        judge(ten, [81])
    assert judge(ten, [80]).decision == "reject"  # 80 >= Re 15
    # ... 81 nonconformities in 80 units is not.
    assert judge(fifteen, [81]).decision == "reject"  # 81 >= Re 22
    assert judge(fifteen, [21]).decision == "accept"  # 21 <= Ac 21


def test_an_aql_up_to_10_may_count_nonconformities_when_asked() -> None:
    plan = lookup_plan(1000, 10, counts="nonconformities")
    assert plan.counts == "nonconformities"
    assert judge(plan, [90]).decision == "reject"  # 90 nonconformities in 80 units >= Re 15
    # The Poisson model is its only model (a count per unit, not a fraction).
    assert accept_probability(plan, 0.1) == pytest.approx(
        stats.poisson.cdf(14, 80 * 0.1), rel=1e-12
    )
    with pytest.raises(InvalidInputError, match="a plan that counts nonconformities"):
        accept_probability(plan, 0.1, model="binomial")


def test_an_aql_above_10_cannot_count_items() -> None:
    with pytest.raises(InvalidInputError, match="'counts' must be 'nonconformities' for AQL 65"):
        lookup_plan(1000, 65, counts="items")
    with pytest.raises(InvalidInputError, match="'counts' must be 'nonconformities' for AQL 65"):
        SamplingPlan(AQL65.stages, aql=65.0, counts="items")
    assert SamplingPlan(AQL65.stages, aql=65.0).counts == "nonconformities"
    assert SamplingPlan(AQL65.stages, aql=10.0).counts == "items"


def test_from_stages_takes_what_the_plan_counts() -> None:
    rows = [(20, 21, 22)]
    nonconformities = SamplingPlan.from_stages(rows, counts="nonconformities")
    assert judge(nonconformities, [25]).decision == "reject"
    assert nonconformities.reasons[-1].code == "sampling.nonconformities"
    items = SamplingPlan.from_stages(rows)  # the default: nonconforming items
    assert items.counts == "items"
    with pytest.raises(InvalidInputError, match="sample size 20 \\(nonconforming items\\)"):
        judge(items, [25])


def test_double_nonconformity_plan_counts_may_exceed_each_sample() -> None:
    # Z1.4 Table III-A, lot 1000, AQL 65: code F, n1 = n2 = 13,
    # Ac1 11 Re1 16, Ac2 26 Re2 27 (cumulative).
    plan = lookup_plan(1000, 65, scheme="double")
    assert [(s.sample_size, s.accept, s.reject) for s in plan.stages] == [
        (13, 11, 16),
        (13, 26, 27),
    ]
    assert judge(plan, [16]).decision == "reject"  # 16 > n1 13, >= Re1 16
    assert judge(plan, [14]).decision == "continue"  # 11 < 14 < 16
    assert judge(plan, [14, 12]).decision == "accept"  # 26 <= Ac2 26
    assert judge(plan, [14, 13]).decision == "reject"  # 27 >= Re2 27


def test_poisson_pa_of_the_aql_65_plan() -> None:
    # 0.65 nonconformities per unit (65 per 100): lambda = 20 x 0.65 = 13, Pa = P(X <= 21).
    assert accept_probability(AQL65, 0.65) == pytest.approx(stats.poisson.cdf(21, 13), rel=1e-12)


def test_counts_survive_storage_and_switching() -> None:
    assert from_dict(to_dict(AQL65), SamplingPlan).counts == "nonconformities"
    lot = Lot.from_judgement(AQL65, judge(AQL65, [25]))
    assert (lot.accepted, lot.defectives) == (False, 25)
