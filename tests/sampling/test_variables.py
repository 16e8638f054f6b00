"""Variables sampling: the README's worked examples, judging, switching and bad input.

Worked examples are those of ../shared/reference/sampling/variables/README.md
(numbered as there); the expected numbers are the standard's, with the
arithmetic shown where we compute.
"""

from __future__ import annotations

import math
import pickle
from typing import Any

import numpy as np
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, OutOfTableError
from qmscore.sampling import (
    SwitchingRules,
    SwitchingState,
    VariablesPlan,
    estimate_nonconforming,
    judge_variables,
    lookup_variables_plan,
    next_inspection,
    variables_code_letter,
    variables_lot,
)

SAMPLE = [197, 188, 184, 205, 201]  # AQLSchemes EPn() example data


# ---------------------------------------------------------------- README examples


def test_readme_1_lot_1000_aql_1_s_method() -> None:
    normal = lookup_variables_plan(1000, 1.0)
    assert (normal.code_letter, normal.sample_size, normal.k, normal.m) == ("J", 35, 1.89, 2.66)
    assert normal.k_from_m == pytest.approx(1.894, abs=5e-4)
    tightened = lookup_variables_plan(1000, 1.0, inspection="tightened")
    assert (tightened.sample_size, tightened.k, tightened.m) == (35, 2.03, 1.87)
    reduced = lookup_variables_plan(1000, 1.0, inspection="reduced")
    assert (reduced.sample_size, reduced.k, reduced.m) == (15, None, 4.32)
    assert reduced.k_from_m == pytest.approx(1.654, abs=5e-4)
    assert reduced.acceptability_constant == reduced.k_from_m
    assert any(r.code == "sampling.variables.k_from_m" for r in reduced.reasons)


def test_readme_1_lot_1000_aql_1_sigma_method() -> None:
    normal = lookup_variables_plan(1000, 1.0, method="sigma")
    assert (normal.sample_size, normal.m) == (12, 2.49)
    # sqrt(11/12) * z(0.9751) = 0.957427 * 1.96163 = 1.8781
    assert normal.k_from_m == pytest.approx(1.878, abs=5e-4)
    tightened = lookup_variables_plan(1000, 1.0, method="sigma", inspection="tightened")
    assert (tightened.sample_size, tightened.m) == (11, 1.73)
    reduced = lookup_variables_plan(1000, 1.0, method="sigma", inspection="reduced")
    assert (reduced.sample_size, reduced.m) == (6, 3.77)


def test_readme_2_lot_40_judged_both_forms() -> None:
    plan = lookup_variables_plan(40, 1.0)
    assert (plan.code_letter, plan.sample_size, plan.k, plan.m) == ("D", 5, 1.53, 3.33)
    j = judge_variables(plan, SAMPLE, upper=209)
    # mean = 975/5 = 195; deviations 2 -7 -11 10 6 -> 310/4 = 77.5 -> s = 8.80341
    assert j.mean == 195.0
    assert j.std_dev == pytest.approx(math.sqrt(77.5), rel=1e-15)
    assert j.q_upper == pytest.approx(14 / math.sqrt(77.5), rel=1e-15)  # 1.5903 >= 1.53
    assert j.decision == "accept"
    assert j.form == "k"
    assert j.criterion == 1.53
    two = judge_variables(plan, SAMPLE, upper=209, form="M")
    assert two.estimate_pct == pytest.approx(2.182, abs=5e-4)  # <= 3.33
    assert two.accepted
    assert two.criterion == 3.33


def test_readme_3_lot_3201_to_10000_aql_1_5() -> None:
    for lot in (3201, 10000):
        plan = lookup_variables_plan(lot, 1.5)
        assert (plan.code_letter, plan.sample_size, plan.k, plan.m) == ("L", 75, 1.84, 3.17)


def test_readme_4_arrows() -> None:
    plan = lookup_variables_plan(20, 0.65)
    assert (plan.initial_code_letter, plan.code_letter) == ("C", "D")
    assert (plan.sample_size, plan.k, plan.m) == (5, 1.65, 1.34)
    assert any(r.code == "sampling.variables.arrow" for r in plan.reasons)
    b = lookup_variables_plan(8, 1.5)  # lot 2-8, level II: code B
    assert (b.initial_code_letter, b.code_letter, b.sample_size, b.k, b.m) == (
        "B",
        "C",
        4,
        1.34,
        5.46,
    )


def test_readme_5_conflict_editions() -> None:
    later = lookup_variables_plan(60, 0.10, edition="aqlschemes")
    assert (later.code_letter, later.sample_size, later.k, later.m) == ("E", 7, None, 0.005)
    first = lookup_variables_plan(60, 0.10)
    assert (first.code_letter, first.sample_size, first.k, first.m) == ("G", 15, 2.42, 0.311)


@pytest.mark.parametrize(
    ("q", "n", "expected"),
    [
        # n = 4: x = 1/2 - 1*2/(2*3) = 1/6 and I_x(1, 1) = x
        (1.0, 4, 1 / 6),
        # n = 3: x = 1/2 - sqrt(3)/4, (2/pi) asin(sqrt(x)) = (2/pi)(pi/12) = 1/6
        (1.0, 3, 1 / 6),
        (1.5, 5, 0.03798837036),  # README digits: compared to 1e-11 below
        (2.0, 10, 0.0117117),  # README digits: compared to 1e-7 below
        (0.0, 7, 0.5),
        (0.0, 200, 0.5),
        (4 / math.sqrt(5), 5, 0.0),  # (n - 1)/sqrt(n) = 1.78885: x = 0
        (1.7889, 5, 0.0),
    ],
)
def test_readme_6_phat(q: float, n: int, expected: float) -> None:
    digits = len(repr(expected).split(".")[1]) if "e" not in repr(expected) else 15
    assert estimate_nonconforming(q, n) == pytest.approx(expected, abs=max(10.0**-digits, 1e-15))


def test_phat_boundary_each_side() -> None:
    # x = 0 exactly at Q = (n-1)/sqrt(n); just below, a positive estimate.
    edge = 4 / math.sqrt(5)
    assert estimate_nonconforming(edge * (1 - 1e-6), 5) > 0.0
    # Q = -(n-1)/sqrt(n): x = 1, everything beyond the limit.
    assert estimate_nonconforming(-edge, 5) == 1.0
    assert estimate_nonconforming(-edge * (1 - 1e-6), 5) < 1.0
    assert estimate_nonconforming(math.inf, 5) == 0.0
    assert estimate_nonconforming(-math.inf, 5) == 1.0
    assert estimate_nonconforming(math.inf, 5, method="sigma") == 0.0
    assert estimate_nonconforming(-math.inf, 5, method="sigma") == 1.0


def test_sigma_estimate_is_normal_tail() -> None:
    from scipy import stats

    # 1 - Phi(1.5 * sqrt(5/4)) = 1 - Phi(1.67705), scipy as the oracle
    expected = stats.norm.sf(1.5 * math.sqrt(5 / 4))
    assert estimate_nonconforming(1.5, 5, method="sigma") == pytest.approx(expected, rel=1e-14)


# ---------------------------------------------------------------- judging


def test_form_1_boundary_q_equal_k_accepts() -> None:
    plan = VariablesPlan(5, 3.33, k=1.5)
    # mean 195, s = sqrt(77.5): U = 195 + 1.5 s gives Q_U = 1.5 = k (accept, >=)
    s = math.sqrt(77.5)
    assert judge_variables(plan, SAMPLE, upper=195 + 1.5 * s + 1e-9).accepted
    assert not judge_variables(plan, SAMPLE, upper=195 + 1.5 * s - 1e-9).accepted


def test_form_2_boundary_estimate_equal_m() -> None:
    p = estimate_nonconforming(1.5, 5)
    at = VariablesPlan(5, 100 * p * (1 + 1e-12))
    below = VariablesPlan(5, 100 * p * (1 - 1e-9))
    s = math.sqrt(77.5)
    assert judge_variables(at, SAMPLE, upper=195 + 1.5 * s, form="M").accepted
    assert not judge_variables(below, SAMPLE, upper=195 + 1.5 * s, form="M").accepted


def test_lower_limit_and_double_limits() -> None:
    plan = lookup_variables_plan(40, 1.0)
    low = judge_variables(plan, SAMPLE, lower=181)
    assert low.q_lower == pytest.approx(14 / math.sqrt(77.5))
    assert low.q_upper is None
    assert low.accepted
    both = judge_variables(plan, SAMPLE, lower=181, upper=209)
    assert both.form == "M"
    # symmetric limits: both tails 2.182% -> 4.365% > 3.33%: reject
    assert both.estimate == pytest.approx(2 * both.estimate_upper)  # type: ignore[operator]
    assert both.decision == "reject"
    assert any(r.code == "sampling.variables.reject" for r in both.reasons)


def test_sigma_method_judge() -> None:
    plan = VariablesPlan(5, 3.33, k=1.5, method="sigma")
    j = judge_variables(plan, SAMPLE, upper=209, sigma=10)
    assert j.q_upper == pytest.approx(1.4)  # (209 - 195)/10
    assert j.decision == "reject"  # 1.4 < 1.5
    m = judge_variables(plan, SAMPLE, upper=209, sigma=10, form="M")
    # 1 - Phi(1.4 * sqrt(5/4)) = 1 - Phi(1.56525) = 5.876% > 3.33%
    assert m.estimate_pct == pytest.approx(5.876, abs=1e-3)
    assert not m.accepted
    assert "（已知）" in j.reasons[0].zh


def test_no_spread() -> None:
    plan = VariablesPlan(3, 5.0, k=1.0)
    assert judge_variables(plan, [1.0, 1.0, 1.0], upper=2.0).q_upper == math.inf
    assert judge_variables(plan, [1.0, 1.0, 1.0], upper=0.5).q_upper == -math.inf
    on = judge_variables(plan, [1.0, 1.0, 1.0], upper=1.0, form="M")
    assert on.q_upper == 0.0
    assert on.estimate == 0.5
    assert not on.accepted


def test_numpy_measurements_and_pickle() -> None:
    plan = lookup_variables_plan(40, 1.0)
    j = judge_variables(plan, np.array(SAMPLE, dtype=np.float64), upper=np.float64(209))
    assert j.accepted
    assert pickle.loads(pickle.dumps(j)) == j
    assert pickle.loads(pickle.dumps(plan)) == plan


def test_reasons_in_both_languages() -> None:
    j = judge_variables(lookup_variables_plan(40, 1.0), SAMPLE, upper=209)
    for r in (*j.reasons, *lookup_variables_plan(60, 0.10).reasons):
        assert r.en
        assert r.zh
        assert r.en != r.zh
    assert "接收该批" in j.reasons[-1].zh


def test_uncertain_cells_flagged() -> None:
    # README check 4: reduced H at AQL 0.25 (s) and 0.40 (sigma).
    for method, aql in (("s", 0.25), ("sigma", 0.40)):
        plan = lookup_variables_plan(200, aql, inspection="reduced", level="III", method=method)
        assert plan.initial_code_letter == "I" or plan.code_letter == "H"
    s_plan = lookup_variables_plan(300, 0.25, inspection="reduced")  # lot 281-400: H
    assert s_plan.code_letter == "H"
    assert any(r.code == "sampling.variables.uncertain_cell" for r in s_plan.reasons)
    g = lookup_variables_plan(150, 0.40, inspection="reduced", method="sigma", level="III")
    assert g.initial_code_letter == "H"
    assert any(r.code == "sampling.variables.uncertain_cell" for r in g.reasons)


def test_switching_fold_with_variables_lots() -> None:
    plan = lookup_variables_plan(40, 1.0)
    good = judge_variables(plan, SAMPLE, upper=209)
    bad = judge_variables(plan, SAMPLE, upper=200)  # Q_U = 5/8.8 = 0.57 < 1.53
    state = SwitchingState(rules=SwitchingRules(waive_limit_number=True))
    for j in (bad, good, bad):
        state = next_inspection(state, variables_lot(j))
    assert state.inspection == "tightened"  # 2 of 3 rejected
    for _ in range(5):
        state = next_inspection(state, variables_lot(good))
    assert state.inspection == "normal"
    for _ in range(10):
        state = next_inspection(state, variables_lot(good, reduced_approved=True))
    assert state.inspection == "reduced"


def test_code_letter_class_boundaries() -> None:
    # Table A-2 row 401-500 (level II: I) against 281-400 (H) and 501-1200 (J)
    assert [variables_code_letter(n) for n in (400, 401, 500, 501)] == ["H", "I", "I", "J"]
    assert variables_code_letter(2, "S-3") == "B"
    assert variables_code_letter(10**6, "iii") == "P"


def test_sample_reaching_the_lot_means_100_percent() -> None:
    # Lot 15 (code B) at AQL 0.10: arrow to G, n 15 >= 15; lot 16 at AQL 10: n 3 < 16.
    full = lookup_variables_plan(15, 0.10)
    assert full.sample_size == 15
    assert full.inspect_all
    assert full.reasons[-1].code == "sampling.variables.inspect_all"
    with pytest.raises(InvalidInputError, match="100%"):
        judge_variables(full, list(range(15)), upper=100)
    below = lookup_variables_plan(16, 0.10)  # code C, arrow to G: n 15 < 16
    assert not below.inspect_all
    assert all(r.code != "sampling.variables.inspect_all" for r in below.reasons)
    assert not VariablesPlan(15, 1.0).inspect_all  # no lot known


def test_plan_properties() -> None:
    sigma = VariablesPlan(12, 2.49, method="sigma")
    assert sigma.acceptability_constant == sigma.k_from_m
    assert VariablesPlan(5, 0.0).k_from_m == math.inf
    assert VariablesPlan(5, 100.0, method="sigma").k_from_m == -math.inf
    # M = 50%: x = 1/2, k = 0; M above 50% gives a negative k
    assert VariablesPlan(5, 50.0).k_from_m == pytest.approx(0.0, abs=1e-12)
    assert VariablesPlan(4, 60.0).k_from_m == pytest.approx(-0.3, abs=1e-12)  # x = 0.6
    assert VariablesPlan(4, 100.0).k_from_m == pytest.approx(-1.5)  # x = 1: (1-2)*3/2


# ---------------------------------------------------------------- bad input

PLAN = VariablesPlan(5, 3.33, k=1.53)
SIGMA_PLAN = VariablesPlan(5, 3.33, k=1.53, method="sigma")
JUNK_STR: Any = "plan"
JUNK_INT: Any = 2

BAD_CALLS: list[tuple[str, Any, type[Exception], str]] = [
    ("lot 1", lambda: lookup_variables_plan(1, 1.0), InvalidInputError, "'lot_size' must be >= 2"),
    ("aql 15", lambda: lookup_variables_plan(100, 15), OutOfTableError, "Z1.9 AQLs"),
    ("aql text", lambda: lookup_variables_plan(100, "x"), InvalidInputError, "'aql'"),
    ("aql nan", lambda: lookup_variables_plan(100, math.nan), InvalidInputError, "'aql'"),
    ("level", lambda: lookup_variables_plan(100, 1.0, level="S-1"), InvalidInputError, "level"),
    ("level type", lambda: variables_code_letter(100, JUNK_INT), InvalidTypeError, "'level'"),
    ("edition", lambda: lookup_variables_plan(100, 1.0, edition="2008"), InvalidInputError, "edition"),
    ("method", lambda: lookup_variables_plan(100, 1.0, method="R"), InvalidInputError, "method"),
    ("plan n", lambda: VariablesPlan(2, 1.0), InvalidInputError, ">= 3 for the s-method"),
    ("plan m", lambda: VariablesPlan(5, 101.0), InvalidInputError, "'m' must be <= 100"),
    ("plan k inf", lambda: VariablesPlan(5, 1.0, k=math.inf), InvalidInputError, "'k'"),
    ("plan aql", lambda: VariablesPlan(5, 1.0, aql=-1.0), InvalidInputError, "'aql'"),
    ("plan lot", lambda: VariablesPlan(5, 1.0, lot_size=1), InvalidInputError, "'lot_size'"),
    ("plan code", lambda: VariablesPlan(5, 1.0, code_letter=JUNK_INT), InvalidTypeError, "code_letter"),
    ("no limit", lambda: judge_variables(PLAN, SAMPLE), InvalidInputError, "specification limit"),
    ("L >= U", lambda: judge_variables(PLAN, SAMPLE, upper=1, lower=1), InvalidInputError, "< upper"),
    ("few", lambda: judge_variables(PLAN, SAMPLE[:4], upper=1), InvalidInputError, "5 items"),
    ("many", lambda: judge_variables(PLAN, [*SAMPLE, 1], upper=1), InvalidInputError, "exactly 5"),
    ("nan value", lambda: judge_variables(PLAN, [*SAMPLE[:4], math.nan], upper=1), InvalidInputError, "measurements[4]"),
    ("str list", lambda: judge_variables(PLAN, "12345", upper=1), InvalidTypeError, "a list"),
    ("form", lambda: judge_variables(PLAN, SAMPLE, upper=1, form="x"), InvalidInputError, "'form'"),
    ("form k two", lambda: judge_variables(PLAN, SAMPLE, upper=300, lower=1, form="k"), InvalidInputError, "Form 1"),
    ("sigma missing", lambda: judge_variables(SIGMA_PLAN, SAMPLE, upper=1), InvalidInputError, "known process"),
    ("sigma zero", lambda: judge_variables(SIGMA_PLAN, SAMPLE, upper=1, sigma=0), InvalidInputError, "'sigma' must be > 0"),
    ("sigma on s", lambda: judge_variables(PLAN, SAMPLE, upper=1, sigma=1), InvalidInputError, "only for sigma"),
    ("huge", lambda: judge_variables(PLAN, [1e308, 1e308, -1e308, 1e308, 1e308], upper=1), InvalidInputError, "a float can hold"),
    ("inf spread", lambda: judge_variables(PLAN, [1e308, -1e308, 1e308, -1e308, 0.0], upper=1), InvalidInputError, "a float can hold"),
    ("sum overflow", lambda: judge_variables(PLAN, [1.2e154, -1.2e154, 1.2e154, -1.2e154, 0.0], upper=1), InvalidInputError, "a float can hold"),
    ("plan type", lambda: judge_variables(JUNK_STR, SAMPLE, upper=1), InvalidTypeError, "a VariablesPlan"),
    ("phat n", lambda: estimate_nonconforming(1.0, 2), InvalidInputError, "'n' must be >= 3"),
    ("phat q", lambda: estimate_nonconforming(math.nan, 5), InvalidInputError, "'q'"),
    ("lot judgement", lambda: variables_lot(JUNK_STR), InvalidTypeError, "a VariablesJudgement"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "call", "error", "fragment"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS]
)
def test_bad_input(name: str, call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=None) as info:
        call()
    assert fragment in str(info.value)


def test_json_round_trip_through_the_converter() -> None:
    import json

    from qmscore.serialization import converter

    plan = lookup_variables_plan(1000, 1.0)
    again = converter.structure(json.loads(json.dumps(converter.unstructure(plan))), VariablesPlan)
    assert again == plan
    j = judge_variables(lookup_variables_plan(40, 1.0), SAMPLE, upper=209)
    data = json.loads(json.dumps(converter.unstructure(j)))
    assert converter.structure(data, type(j)) == j


def test_two_limits_with_different_aqls() -> None:
    upper_plan = lookup_variables_plan(40, 1.0)  # code D: n 5, M_U 3.33%
    lower_plan = lookup_variables_plan(40, 0.65)  # code D: n 5, M_L 1.34%
    assert (lower_plan.sample_size, lower_plan.m) == (5, 1.34)
    # L = 178: Q_L = 17/8.8034 = 1.931 >= (n-1)/sqrt(n) = 1.789, so p_L = 0;
    # p_U = 2.182% <= 3.33%, p_L 0 <= 1.34%, sum 2.182% <= max(M) 3.33%: accept
    j = judge_variables(upper_plan, SAMPLE, upper=209, lower=178, lower_plan=lower_plan)
    assert j.estimate_lower == 0.0
    assert j.accepted
    assert j.criterion == 3.33
    assert "上下规格限 AQL 不同" in j.reasons[-1].zh
    # L = 181: p_L = 2.182% > M_L 1.34%: reject
    j = judge_variables(upper_plan, SAMPLE, upper=209, lower=181, lower_plan=lower_plan)
    assert not j.accepted
    assert "p_L 2.182% > 1.34%" in j.reasons[-1].en
    # each side within its M (3% each) but the sum 4.365% > max M 3%: reject
    three = VariablesPlan(5, 3.0)
    j = judge_variables(three, SAMPLE, upper=209, lower=181, lower_plan=three)
    assert not j.accepted
    assert "p_U + p_L 4.365% > 3.0%" in j.reasons[-1].en
    # the sum exactly at the larger M is accepted (<=): M = 100 * sum
    total = 2 * estimate_nonconforming(14 / math.sqrt(77.5), 5)
    at = VariablesPlan(5, 100 * total * (1 + 1e-12))
    assert judge_variables(at, SAMPLE, upper=209, lower=181, lower_plan=at).accepted


LOWER_BAD: list[tuple[str, Any, type[Exception], str]] = [
    ("lower plan type", {"upper": 209, "lower": 181, "lower_plan": JUNK_STR}, InvalidTypeError, "a VariablesPlan or None"),
    ("lower plan one limit", {"upper": 209, "lower_plan": PLAN}, InvalidInputError, "give 'upper' and 'lower'"),
    ("lower plan form k", {"upper": 209, "lower": 181, "lower_plan": PLAN, "form": "k"}, InvalidInputError, "Form 2"),
    ("lower plan n", {"upper": 209, "lower": 181, "lower_plan": VariablesPlan(7, 1.0)}, InvalidInputError, "same sample size"),
    ("lower plan method", {"upper": 209, "lower": 181, "lower_plan": SIGMA_PLAN}, InvalidInputError, "same sample size and method"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kwargs", "error", "fragment"), LOWER_BAD, ids=[c[0] for c in LOWER_BAD]
)
def test_bad_lower_plan(
    name: str, kwargs: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error) as info:
        judge_variables(PLAN, SAMPLE, **kwargs)
    assert fragment in str(info.value)
