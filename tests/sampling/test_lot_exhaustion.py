"""Issue 13 item 13: OC quantities when the (cumulative) sample reaches the lot.

A sample cannot take more than the lot holds. A plan whose first sample
reaches the lot is 100% inspection: AOQ 0, ATI = N, with a reason. A stage
the lot cannot supply draws only what is left; once every item has been
inspected no later sample can be drawn, and a lot still undecided is judged on
its whole count by the later stages' numbers (it is accepted: Re never falls).
Expected values are worked by hand with exact fractions.
"""

from __future__ import annotations

import io
from fractions import Fraction
from math import comb

import pytest

from qmscore.__main__ import main
from qmscore.errors import InvalidInputError
from qmscore.sampling import (
    SamplingPlan,
    accept_probability,
    aoq,
    aoql,
    asn,
    ati,
    compare_plans,
    judge,
    lookup_plan,
    oc_curve,
    oc_summary,
)

N100_C0 = SamplingPlan.from_stages([(100, 0, 1)])


def _codes(reasons: tuple[object, ...]) -> list[str]:
    return [r.code for r in reasons]  # type: ignore[attr-defined]


# ------------------------------------------------------- single plan, n >= N


def test_sample_of_100_from_a_lot_of_50_is_100_percent_inspection() -> None:
    # The case: n 100, c 0, p 0.1, N 50 printed a negative AOQ.
    # Only the 50 items exist: Pa = P(none of 50 nonconforming) = 0.9^50.
    pa = float(Fraction(9, 10) ** 50)  # 0.0051537...
    summary = oc_summary(N100_C0, 0.1, lot_size=50)
    assert summary.pa == pytest.approx(pa, rel=1e-12)
    assert accept_probability(N100_C0, 0.1, lot_size=50) == pytest.approx(pa, rel=1e-12)
    # Every item inspected, every nonconforming one replaced: nothing escapes.
    assert summary.aoq == 0.0
    assert aoq(N100_C0, 0.1, lot_size=50) == 0.0
    # Every lot costs N = 50 inspections, accepted or not; ASN is the 50 drawn.
    assert summary.ati == 50.0
    assert ati(N100_C0, 0.1, lot_size=50) == 50.0
    assert summary.asn == 50.0
    assert asn(N100_C0, 0.1, lot_size=50) == 50.0
    assert summary.inspect_all
    assert _codes(summary.reasons) == [
        "sampling.model_binomial",
        "sampling.inspect_all",
        "sampling.rectified_inspect_all",
    ]
    assert "AOQ = 0 and ATI = N = 50" in summary.reasons[-1].en
    assert "ATI = N = 50" in summary.reasons[-1].zh


def test_without_the_lot_the_sample_of_100_stands() -> None:
    # No lot given: a process (binomial) sample of 100, Pa = 0.9^100.
    summary = oc_summary(N100_C0, 0.1)
    assert summary.pa == pytest.approx(float(Fraction(9, 10) ** 100), rel=1e-12)
    assert (summary.aoq, summary.ati, summary.inspect_all) == (None, None, False)


def test_aoql_of_a_100_percent_plan_is_0_with_a_reason() -> None:
    worst = aoql(N100_C0, lot_size=50)
    assert (worst.aoql, worst.p) == (0.0, 0.0)
    assert worst.reasons[-1].code == "sampling.aoql_inspect_all"
    assert "AOQL 0" in worst.reasons[-1].en


@pytest.mark.parametrize("model", ["binomial", "hypergeometric", "poisson"])
def test_sample_equal_to_the_lot_leaves_nothing_uninspected(model: str) -> None:
    plan = SamplingPlan.from_stages([(50, 0, 1)])
    assert aoq(plan, 0.1, lot_size=50, model=model) == 0.0  # type: ignore[arg-type]
    assert ati(plan, 0.1, lot_size=50, model=model) == 50.0  # type: ignore[arg-type]


def test_one_item_short_of_the_lot_is_a_sample_again() -> None:
    # n 49 of N 50: one item stays uninspected. Single plan formulas:
    # AOQ = p Pa (N - n) / N = 0.1 x 0.9^49 x 1 / 50; ATI = n + (1 - Pa)(N - n).
    plan = SamplingPlan.from_stages([(49, 0, 1)])
    pa = Fraction(9, 10) ** 49
    assert aoq(plan, 0.1, lot_size=50) == pytest.approx(float(Fraction(1, 10) * pa / 50))
    assert ati(plan, 0.1, lot_size=50) == pytest.approx(float(49 + (1 - pa)))
    summary = oc_summary(plan, 0.1, lot_size=50)
    assert not summary.inspect_all
    assert _codes(summary.reasons) == ["sampling.model_binomial"]


def test_hypergeometric_sample_larger_than_the_lot_inspects_the_lot() -> None:
    # N 50, p 0.1: D = 5. All 50 items inspected, so all 5 are found > Ac 0.
    assert accept_probability(N100_C0, 0.1, lot_size=50, model="hypergeometric") == 0.0
    # D = 0: the lot is clean and accepted, still after inspecting all 50.
    assert accept_probability(N100_C0, 0.0, lot_size=50, model="hypergeometric") == 1.0
    assert ati(N100_C0, 0.0, lot_size=50, model="hypergeometric") == 50.0


def test_oc_curve_caps_the_sample_at_the_lot() -> None:
    curve = oc_curve(N100_C0, [0.0, 0.1], lot_size=50)
    assert curve.pa[0] == 1.0
    assert curve.pa[1] == pytest.approx(float(Fraction(9, 10) ** 50), rel=1e-12)
    assert "sampling.inspect_all" in _codes(curve.reasons)


def test_the_oc_command_prints_aoq_0_and_ati_n() -> None:
    out = io.StringIO()
    status = main(["oc", "--n", "100", "--c", "0", "--p", "0.1", "--lot-size", "50"], out)
    text = out.getvalue()
    assert status == 0
    assert "AOQ = 0.000000" in text
    assert "ATI = 50.00" in text
    assert "AOQL = 0.000000 at p = 0" in text
    assert "Pa(0.1) = 0.005154" in text  # 0.9^50 = 0.0051537
    assert "100% inspection" in text
    assert "inspect every item (100%)" in text
    assert "-0" not in text


def test_the_oc_command_speaks_chinese_too() -> None:
    out = io.StringIO()
    main(["--lang", "zh", "oc", "--n", "100", "--c", "0", "--p", "0.1", "--lot-size", "50"], out)
    assert "100% 全检" in out.getvalue()
    assert "ATI = N = 50" in out.getvalue()


# ------------------------------------- double plans the lot cannot supply


# Z1.4 Table III-A: lot 9 at level III is code C; AQL 6.5 has an arrow down to
# code D: n1 = n2 = 5, Ac1 0 Re1 2, Ac2 1 Re2 2. The lot holds 9, the plan asks 10.
LOT9 = lookup_plan(9, 6.5, level="III", scheme="double")


def test_table_double_plan_for_a_lot_of_9_names_the_short_stage() -> None:
    assert [(s.sample_size, s.accept, s.reject) for s in LOT9.stages] == [(5, 0, 2), (5, 1, 2)]
    assert not LOT9.inspect_all
    note = LOT9.reasons[-1]
    assert note.code == "sampling.stages_exceed_lot"
    assert note.en == (
        "Stages 1 to 2 need 10 items but the lot has 9: stage 2 draws only the 4 items left"
    )
    assert "只能抽取剩余的 4 件" in note.zh


def test_double_plan_short_second_stage_by_hand_d_1() -> None:
    # D = 1 of N = 9. Stage 1 draws 5:
    #   X1 = 0 with C(8,5)/C(9,5) = 56/126 = 4/9: accept (<= Ac1 0);
    #   X1 = 1 with C(8,4)/C(9,5) = 70/126 = 5/9: continue (0 < 1 < 2).
    # Stage 2 draws the 4 left, which hold no defective: 1 <= Ac2 1, accept.
    p0, p1 = Fraction(comb(8, 5), comb(9, 5)), Fraction(comb(8, 4), comb(9, 5))
    assert (p0, p1) == (Fraction(4, 9), Fraction(5, 9))
    kw = {"lot_size": 9, "model": "hypergeometric", "defectives": 1}
    assert accept_probability(LOT9, None, **kw) == pytest.approx(1.0, abs=1e-15)  # type: ignore[arg-type]
    # AOQ: only the first-stage acceptance leaves the defective in the 4 unseen: 4/9 x 1/9.
    assert aoq(LOT9, None, **kw) == pytest.approx(float(p0 * Fraction(1, 9)), rel=1e-12)  # type: ignore[arg-type]
    # ATI = 9 - 4/9 x (9 - 5) - 5/9 x (9 - 9) = 65/9; ASN = 5 + 5/9 x 4 = 65/9.
    assert ati(LOT9, None, **kw) == pytest.approx(float(Fraction(65, 9)), rel=1e-12)  # type: ignore[arg-type]
    assert asn(LOT9, None, **kw) == pytest.approx(float(Fraction(65, 9)), rel=1e-12)  # type: ignore[arg-type]


def test_double_plan_short_second_stage_by_hand_d_2() -> None:
    # D = 2 of N = 9. Stage 1: X1 = 0 with C(7,5)/126 = 21/126 = 1/6: accept;
    # X1 = 1 with 2 x C(7,4)/126 = 70/126: continue, and the 4 left hold the other
    # defective, so stage 2 finds it: 2 >= Re2 2, reject; X1 = 2: reject.
    kw = {"lot_size": 9, "model": "hypergeometric", "defectives": 2}
    assert accept_probability(LOT9, None, **kw) == pytest.approx(1 / 6, rel=1e-12)  # type: ignore[arg-type]
    # AOQ = 1/6 x (2 - 0) / 9 = 1/27; ATI = 9 - 1/6 x 4 = 25/3.
    assert aoq(LOT9, None, **kw) == pytest.approx(1 / 27, rel=1e-12)  # type: ignore[arg-type]
    assert ati(LOT9, None, **kw) == pytest.approx(25 / 3, rel=1e-12)  # type: ignore[arg-type]


def test_judging_the_short_second_stage() -> None:
    assert judge(LOT9, [1]).decision == "continue"
    second = judge(LOT9, [1, 0])
    assert (second.decision, second.defectives, second.inspected) == ("accept", 1, 9)
    assert judge(LOT9, [1, 1]).decision == "reject"
    with pytest.raises(InvalidInputError, match=r"<= the 4 items left in the lot"):
        judge(LOT9, [1, 5])


def test_a_lot_of_10_supplies_both_stages_and_needs_no_note() -> None:
    # Boundary: cumulative 5 + 5 = 10 = N, every stage drawn in full.
    plan = lookup_plan(10, 6.5, level="III", scheme="double")
    assert plan.stages == LOT9.stages
    assert "sampling.stages_exceed_lot" not in _codes(plan.reasons)


# --------------------- the lot runs out before the plan decides


EXHAUSTED = SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)], lot_size=5)


def test_first_stage_takes_the_whole_lot_and_later_stages_cannot_be_drawn() -> None:
    assert EXHAUSTED.inspect_all
    assert _codes(EXHAUSTED.reasons)[-2:] == ["sampling.inspect_all", "sampling.stages_exceed_lot"]
    assert EXHAUSTED.reasons[-1].en.startswith(
        "Stage 1 takes all 5 items of the lot, and stage 2 cannot be drawn (nothing is left)"
    )


def test_undecided_when_the_lot_runs_out_is_judged_by_the_later_numbers() -> None:
    # 1 found in the whole lot: between Ac1 0 and Re1 2, and nothing is left to
    # draw. A second sample would add 0: 1 <= Ac2 1, so the lot is accepted.
    verdict = judge(EXHAUSTED, [1])
    assert (verdict.decision, verdict.stage, verdict.inspected) == ("accept", 1, 5)
    assert _codes(verdict.reasons) == ["sampling.lot_exhausted", "sampling.accept"]
    assert "judged by stage 2's numbers" in verdict.reasons[0].en
    assert judge(EXHAUSTED, [2]).decision == "reject"  # 2 >= Re1 2
    assert judge(EXHAUSTED, [0]).decision == "accept"  # 0 <= Ac1 0
    with pytest.raises(InvalidInputError, match="already decided"):
        judge(EXHAUSTED, [1, 0])


def test_oc_of_a_plan_whose_lot_runs_out_at_stage_1() -> None:
    # Binomial, N 5: the 5 items are the whole lot; accepted iff X <= 1 (X = 1 is
    # accepted by stage 2's numbers). Pa = 0.8^5 + 5 x 0.2 x 0.8^4 at p = 0.2.
    pa = Fraction(4, 5) ** 5 + 5 * Fraction(1, 5) * Fraction(4, 5) ** 4  # 0.73728
    summary = oc_summary(EXHAUSTED, 0.2, lot_size=5)
    assert summary.pa == pytest.approx(float(pa), rel=1e-12)
    assert (summary.aoq, summary.ati, summary.asn) == (0.0, 5.0, 5.0)


def test_a_gap_result_when_the_lot_runs_out_reinstates_normal() -> None:
    # Stage 1 takes the lot of 3 and finds 2: 0 < 2 < 3, undecided. Stage 2's
    # numbers: 2 > Ac2 1 but < Re2 3 at the last stage: gap, accept and reinstate.
    plan = SamplingPlan.from_stages([(3, 0, 3), (3, 1, 3)], lot_size=3)
    verdict = judge(plan, [2])
    assert (verdict.decision, verdict.reinstate_normal) == ("accept", True)
    assert _codes(verdict.reasons) == [
        "sampling.lot_exhausted",
        "sampling.accept_reinstate_normal",
    ]


def test_a_hash_stage_that_takes_the_lot_defers_to_the_next_stage() -> None:
    # Stage 1 is '#' (no acceptance) and takes both items; 0 found. Stage 2: 0 <= Ac2 0.
    # One or two found: >= Re1 1, rejected at once. Pa = P(X = 0) = 0.5^2 at p = 0.5.
    plan = SamplingPlan.from_stages([(2, None, 1), (2, 0, 1)], lot_size=2)
    assert judge(plan, [0]).decision == "accept"
    assert judge(plan, [1]).decision == "reject"
    assert accept_probability(plan, 0.5, lot_size=2) == pytest.approx(0.25, rel=1e-12)


def test_exhausted_lot_passes_over_a_later_hash_stage() -> None:
    # Stage 1 takes the lot of 2 and finds 1: 0 < 1 < 3. Stage 2 is '#' (cannot
    # accept) and 1 < Re2 3: still undecided. Stage 3: 1 <= Ac3 2, accept.
    plan = SamplingPlan.from_stages([(2, 0, 3), (2, None, 3), (2, 2, 3)], lot_size=2)
    verdict = judge(plan, [1])
    assert verdict.decision == "accept"
    assert "judged by stage 3's numbers" in verdict.reasons[0].en


def test_comparison_of_a_plan_larger_than_the_lot_is_100_percent() -> None:
    rows = compare_plans({"n=100": N100_C0}, 50)
    assert (rows[0].sample_size, rows[0].aoql) == (50, 0.0)
    assert dict(rows[0].ati) == dict.fromkeys((0.005, 0.01, 0.02, 0.05, 0.10), 50.0)
