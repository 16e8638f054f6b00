"""Issue 12 at the sampling boundary: real data in, junk refused with our error.

Every case names the exception class and a message fragment. NumPy and
pandas values (what analysts pass) must give the same answers as plain
Python values.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from qmscore import sampling
from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.sampling import (
    MAX_LOT_SIZE,
    MAX_SAMPLE_SIZE,
    Lot,
    SamplingPlan,
    Stage,
    SwitchingRules,
    accept_probability,
    code_letter,
    compare_plans,
    design_plan,
    judge,
    lookup_plan,
    patrol_by_output,
    percentage_plan,
)
from qmscore.serialization import from_dict, to_dict

# Junk goes in through untyped names: the type checker would refuse it.
S: Any = sampling
F: Any = from_dict
PLAN = lookup_plan(1000, 1.5)  # code J: n 80, Ac 3, Re 4
SINGLE = SamplingPlan.from_stages([(50, 1, 2)])
DAY = [(dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))]
STAGE = Stage(5, 0, 1)


def _plan_dict(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(PLAN)
    data.update(changes)
    return data


# (call, exception class, message fragment)
BAD: list[tuple[Callable[[], object], type[Exception], str]] = [
    # ---- lookup and plans
    (
        lambda: S.lookup_plan(True, 1.0),
        InvalidTypeError,
        "'lot_size' must be an integer (got True)",
    ),
    (
        lambda: S.lookup_plan(500.0, 1.0),
        InvalidTypeError,
        "'lot_size' must be an integer (got 500.0)",
    ),
    (
        lambda: S.lookup_plan(10**400, 1.0),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_LOT_SIZE}",
    ),
    (
        lambda: S.lookup_plan(500, float("nan")),
        InvalidInputError,
        "'aql' must be finite (not NaN)",
    ),
    (lambda: S.lookup_plan(500, "nan"), InvalidInputError, "'aql' must be finite (not NaN)"),
    (lambda: S.lookup_plan(500, float("inf")), InvalidInputError, "'aql' must be finite"),
    (lambda: S.lookup_plan(500, -1.0), InvalidInputError, "'aql' must be > 0.0"),
    (
        lambda: S.lookup_plan(500, True),
        InvalidTypeError,
        "'aql' must be a number from the AQL series",
    ),
    (
        lambda: S.lookup_plan(500, "abc"),
        InvalidInputError,
        "'aql' must be a number from the AQL series",
    ),
    (lambda: S.lookup_plan(500, 1.0, level=2), InvalidTypeError, "'level' must be one of"),
    (
        lambda: S.lookup_plan(500, 1.0, inspection=["normal"]),
        InvalidTypeError,
        "'inspection' must be one of",
    ),
    (
        lambda: S.lookup_plan(500, 1.0, scheme="triple"),
        InvalidInputError,
        "'scheme' must be one of",
    ),
    (
        lambda: S.lookup_plan(500, 1.0, standard=None),
        InvalidTypeError,
        "'standard' must be one of 'z1.4'",
    ),
    (
        lambda: S.lookup_plan(500, 1.0, standard="jis"),
        InvalidInputError,
        "'standard' must be one of 'z1.4'",
    ),
    (
        lambda: S.lookup_plan(500, 1.0, counts="defects"),
        InvalidInputError,
        "'counts' must be one of",
    ),
    (lambda: S.code_letter(1.5), InvalidTypeError, "'lot_size' must be an integer (got 1.5)"),
    (lambda: S.code_letter(1000, None), InvalidTypeError, "'level' must be one of"),
    (lambda: S.Stage(5, True, 2), InvalidTypeError, "'accept' must be an integer (got True)"),
    (
        lambda: S.Stage(MAX_SAMPLE_SIZE + 1, 0, 1),
        InvalidInputError,
        f"'sample_size' must be <= {MAX_SAMPLE_SIZE}",
    ),
    (lambda: S.Stage(5, 0, "1"), InvalidTypeError, "'reject' must be an integer (got '1')"),
    (
        lambda: S.SamplingPlan("x" * 100_000),
        InvalidTypeError,
        "'stages' must be a non-empty list of Stage",
    ),
    (
        lambda: S.SamplingPlan(5),
        InvalidTypeError,
        "'stages' must be a non-empty list of Stage (got 5)",
    ),
    (
        lambda: S.SamplingPlan((STAGE,) * 101),
        InvalidInputError,
        "'stages' must be at most 100 stages",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), aql=float("nan")),
        InvalidInputError,
        "'aql' must be finite (not NaN)",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), aql=0.7),
        InvalidInputError,
        "'aql' must be one of the preferred AQLs",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), lot_size=-5),
        InvalidInputError,
        "'lot_size' must be >= 1 (got -5)",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), lot_size=5.0),
        InvalidTypeError,
        "'lot_size' must be an integer (got 5.0)",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), lot_size=5, inspect_all=False),
        InvalidInputError,
        "'inspect_all' must be True: the first sample is 5 and the lot size is 5",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), inspect_all="yes"),
        InvalidTypeError,
        "'inspect_all' must be True or False (got 'yes')",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), standard="jis"),
        InvalidInputError,
        "'standard' must be one of",
    ),
    (lambda: S.SamplingPlan((STAGE,), level="IV"), InvalidInputError, "'level' must be one of"),
    (
        lambda: S.SamplingPlan((STAGE,), inspection=1),
        InvalidTypeError,
        "'inspection' must be one of",
    ),
    (
        lambda: S.SamplingPlan((STAGE,), code_letter="Z"),
        InvalidInputError,
        "'code_letter' must be one of",
    ),
    (lambda: S.SamplingPlan((STAGE,), counts=None), InvalidTypeError, "'counts' must be one of"),
    (
        lambda: S.SamplingPlan((STAGE,), reasons=["x"]),
        InvalidTypeError,
        "'reasons[0]' must be a Reason (got 'x')",
    ),
    (
        lambda: S.SamplingPlan.from_stages("x" * 100_000),
        InvalidTypeError,
        "'stages' must be a list",
    ),
    (
        lambda: S.SamplingPlan.from_stages([(5, 0, 1)], lot_size=True),
        InvalidTypeError,
        "'lot_size' must be an integer (got True)",
    ),
    (
        lambda: S.SamplingPlan.from_stages([(5.0, 0, 1)]),
        InvalidTypeError,
        "'stages[0].sample_size' must be an integer (got 5.0)",
    ),
    (
        lambda: S.SamplingPlan.from_stages([(5, 0, 1)], inspection="lax"),
        InvalidInputError,
        "'inspection' must be one of",
    ),
    (
        lambda: S.SamplingPlan.from_stages([(5, 0, 1)], counts="defects"),
        InvalidInputError,
        "'counts' must be one of",
    ),
    (
        lambda: S.SamplingPlan.from_stages([]),
        InvalidInputError,
        "'stages' must be at least 1 items long",
    ),
    (
        lambda: F(_plan_dict(aql=float("nan")), SamplingPlan),
        InvalidInputError,
        "expected a finite number, got nan @ $.aql",
    ),
    (
        lambda: F(_plan_dict(lot_size=-5), SamplingPlan),
        InvalidInputError,
        "'lot_size' must be >= 1 (got -5)",
    ),
    # ---- judge
    (
        lambda: S.judge((1, 2, 3), (1, 2, 3)),
        InvalidTypeError,
        "'plan' must be a SamplingPlan (got (1, 2, 3))",
    ),
    (
        lambda: S.judge(PLAN, [True]),
        InvalidTypeError,
        "'defectives_per_stage[0]' must be an integer (got True)",
    ),
    (
        lambda: S.judge(PLAN, [float("nan")]),
        InvalidTypeError,
        "'defectives_per_stage[0]' must be an integer (got nan)",
    ),
    (
        lambda: S.judge(PLAN, {"a": 1}),
        InvalidTypeError,
        "'defectives_per_stage' must be a list of counts",
    ),
    # ---- OC
    (
        lambda: S.accept_probability(PLAN, float("nan")),
        InvalidInputError,
        "'p' must be finite (not NaN)",
    ),
    (
        lambda: S.accept_probability(PLAN, float("inf"), model="poisson"),
        InvalidInputError,
        "'p' must be finite",
    ),
    (
        lambda: S.accept_probability(PLAN, True),
        InvalidTypeError,
        "'p' must be a number (got True)",
    ),
    (
        lambda: S.accept_probability(PLAN, "0.1"),
        InvalidTypeError,
        "'p' must be a number (got '0.1')",
    ),
    (lambda: S.accept_probability(PLAN, 0.1, model=1), InvalidTypeError, "'model' must be one of"),
    (
        lambda: S.accept_probability(PLAN, 0.1, lot_size=10**13),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_LOT_SIZE}",
    ),
    (
        lambda: S.accept_probability(None, 0.1),
        InvalidTypeError,
        "'plan' must be a SamplingPlan (got None)",
    ),
    (
        lambda: S.aoq(PLAN, 0.1, lot_size=1000.0),
        InvalidTypeError,
        "'lot_size' must be an integer (got 1000.0)",
    ),
    (
        lambda: S.ati(PLAN, 0.1, lot_size=1000, rounding=None),
        InvalidTypeError,
        "'rounding' must be one of",
    ),
    (
        lambda: S.asn(PLAN, 0.1, curtailed="yes"),
        InvalidTypeError,
        "'curtailed' must be True or False (got 'yes')",
    ),
    (lambda: S.oc_curve(None), InvalidTypeError, "'plan' must be a SamplingPlan (got None)"),
    (lambda: S.oc_curve(PLAN, "abc"), InvalidTypeError, "'ps' must be a list"),
    (
        lambda: S.oc_curve(PLAN, [0.1, float("nan")]),
        InvalidInputError,
        "'ps[1]' must be finite (not NaN)",
    ),
    (
        lambda: S.oc_curve(PLAN, range(200_000)),
        InvalidInputError,
        "'ps' must be at most 100000 items long",
    ),
    (
        lambda: S.aoql(PLAN, lot_size=1000, grid=10**9),
        InvalidInputError,
        "'grid' must be <= 100000",
    ),
    (lambda: S.aoql("plan", lot_size=1000), InvalidTypeError, "'plan' must be a SamplingPlan"),
    (lambda: S.p_at(PLAN, float("nan")), InvalidInputError, "'pa' must be finite (not NaN)"),
    (lambda: S.oc_summary(PLAN, -0.1), InvalidInputError, "'p' must be >= 0.0 (got -0.1)"),
    # ---- design and comparison
    (lambda: S.compare_plans(1 / 3, 7), InvalidTypeError, "'plans' must be a mapping"),
    (lambda: S.compare_plans("abc", 7), InvalidTypeError, "'plans' must be a mapping"),
    (
        lambda: S.compare_plans({"a": SINGLE}, 100, ps="abc"),
        InvalidTypeError,
        "'ps' must be a list",
    ),
    (
        lambda: S.compare_plans({"a": SINGLE}, 100, ps=[1.5]),
        InvalidInputError,
        "'ps[0]' must be in [0, 1] (got 1.5)",
    ),
    (
        lambda: S.compare_plans({"a": SINGLE}, 100, ps=[]),
        InvalidInputError,
        "'ps' must be at least one quality",
    ),
    (
        lambda: S.compare_plans({"a": SINGLE}, 100, model="weibull"),
        InvalidInputError,
        "'model' must be one of",
    ),
    (
        lambda: S.compare_plans({"a": SINGLE}, 10**13),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_LOT_SIZE}",
    ),
    (
        lambda: S.standard_comparison(10**400, 1.0),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_LOT_SIZE}",
    ),
    (
        lambda: S.standard_comparison(200, 1.0, share="5%"),
        InvalidTypeError,
        "'share' must be a number (got '5%')",
    ),
    (
        lambda: S.standard_comparison(200, 1.0, share=5.0),
        InvalidInputError,
        "'share' must be in (0, 1] (got 5.0)",
    ),
    (
        lambda: S.standard_comparison(200, 1.0, fixed=(32,)),
        InvalidInputError,
        "'fixed' must be an (n, c) pair",
    ),
    (
        lambda: S.standard_comparison(200, 1.0, fixed="32,1"),
        InvalidTypeError,
        "'fixed' must be a list",
    ),
    (
        lambda: S.design_plan(float("nan"), 0.08),
        InvalidInputError,
        "'aql' must be finite (not NaN)",
    ),
    (
        lambda: S.design_plan(0.01, 0.08, model="weibull"),
        InvalidInputError,
        "'model' must be one of",
    ),
    (
        lambda: S.design_plan(0.01, 0.08, scheme=2),
        InvalidTypeError,
        "'scheme' must be 'single' or 'double'",
    ),
    (
        lambda: S.design_plan(0.01, 0.08, max_accept=10**6),
        InvalidInputError,
        "'max_accept' must be <= 1000",
    ),
    (
        lambda: S.design_plan(0.01, 0.08, n2_ratio=True),
        InvalidTypeError,
        "'n2_ratio' must be an integer (got True)",
    ),
    (
        lambda: S.design_plan(0.01, 0.08, lot_size=10**13),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_LOT_SIZE}",
    ),
    # ---- company rules
    (
        lambda: S.patrol_by_output(2**63),
        InvalidInputError,
        "'units' must be at most 10000000 checks' worth",
    ),
    (
        lambda: S.patrol_by_output(10**400),
        InvalidInputError,
        "'units' must be at most 10000000 checks' worth",
    ),
    (lambda: S.patrol_by_output(35.0), InvalidTypeError, "'units' must be an integer (got 35.0)"),
    (lambda: S.patrol_by_time(7), InvalidTypeError, "'shifts' must be a list (got 7)"),
    (
        lambda: S.patrol_by_time(["08:00-12:00"]),
        InvalidTypeError,
        "'shifts[0]' must be a (time, time) pair (got '08:00-12:00')",
    ),
    (lambda: S.design_plan(0.01, 0.08, model=1), InvalidTypeError, "'model' must be one of"),
    (lambda: S.patrol_by_time("08:00-12:00"), InvalidTypeError, "'shifts' must be a list"),
    (
        lambda: S.patrol_by_time([(dt.time(8, 0, 30), dt.time(9))]),
        InvalidInputError,
        "'shifts[0]' must be times on whole minutes",
    ),
    (
        lambda: S.patrol_by_time([(dt.time(8, tzinfo=dt.timezone.utc), dt.time(9))]),
        InvalidInputError,
        "'shifts[0]' must be local times of day",
    ),
    (lambda: S.patrol_by_time(DAY, 60), InvalidTypeError, "'every' must be a timedelta (got 60)"),
    (
        lambda: S.patrol_by_time(DAY, check_at_start="no"),
        InvalidTypeError,
        "'check_at_start' must be True or False",
    ),
    (
        lambda: S.percentage_plan(10**400),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_LOT_SIZE}",
    ),
    # 5% of 10**12 = 5 x 10**10 items, more than a stage may hold
    (
        lambda: S.percentage_plan(10**12),
        InvalidInputError,
        f"'lot_size' must be small enough for a sample of at most {MAX_SAMPLE_SIZE}",
    ),
    (
        lambda: S.percentage_plan(100, 0.05, rounding=0),
        InvalidTypeError,
        "'rounding' must be one of",
    ),
    (
        lambda: S.full_inspection(10, accept=10),
        InvalidInputError,
        "'accept' must be < the lot size 10 (got 10)",
    ),
    (
        lambda: S.full_inspection(MAX_SAMPLE_SIZE + 1),
        InvalidInputError,
        f"'lot_size' must be <= {MAX_SAMPLE_SIZE}",
    ),
    # ---- switching
    (
        lambda: S.resume_inspection(None, "x"),
        InvalidTypeError,
        "'state' must be a SwitchingState (got None)",
    ),
    (
        lambda: S.resume_inspection(S.SwitchingState("discontinued"), 5),
        InvalidTypeError,
        "'reason' must be a non-empty string (got 5)",
    ),
    (
        lambda: S.next_inspection(None, S.Lot(True)),
        InvalidTypeError,
        "'state' must be a SwitchingState",
    ),
    (lambda: S.Lot("no"), InvalidTypeError, "'accepted' must be True or False (got 'no')"),
    (
        lambda: S.Lot(True, production_steady="false"),
        InvalidTypeError,
        "'production_steady' must be True or False",
    ),
    (
        lambda: S.Lot(True, accepted_at_first_stage=1),
        InvalidTypeError,
        "'accepted_at_first_stage' must be True or False (got 1)",
    ),
    (
        lambda: S.Lot(True, defectives=2.0),
        InvalidTypeError,
        "'defectives' must be an integer (got 2.0)",
    ),
    (lambda: S.Lot(True, plan="n=50"), InvalidTypeError, "'plan' must be a SamplingPlan or None"),
    (
        lambda: S.Lot.from_judgement(PLAN, "accept"),
        InvalidTypeError,
        "'judgement' must be a Judgement",
    ),
    (
        lambda: S.SwitchingRules(waive_limit_number="yes"),
        InvalidTypeError,
        "'waive_limit_number' must be True or False",
    ),
    (lambda: S.SwitchingRules(standard=1), InvalidTypeError, "'standard' must be one of"),
    (
        lambda: S.SwitchingRules(limit_number=float("nan")),
        InvalidTypeError,
        "'limit_number' must be an integer (got nan)",
    ),
    (
        lambda: S.SwitchingState(rules=None),
        InvalidTypeError,
        "'rules' must be a SwitchingRules (got None)",
    ),
    (
        lambda: S.SwitchingState(recent=("x",)),
        InvalidTypeError,
        "'recent[0]' must be True or False (got 'x')",
    ),
    (lambda: S.SwitchingState(recent="TFT"), InvalidTypeError, "'recent' must be a list"),
    (
        lambda: S.SwitchingState(recent_defectives=(-1,)),
        InvalidInputError,
        "'recent_defectives[0]' must be >= 0",
    ),
    (
        lambda: S.SwitchingState(accepted_run=-1),
        InvalidInputError,
        "'accepted_run' must be >= 0 (got -1)",
    ),
    (lambda: S.SwitchingState(changed="no"), InvalidTypeError, "'changed' must be True or False"),
    (lambda: S.Judgement("maybe", 1, 0, 5), InvalidInputError, "'decision' must be one of"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_input(call: Callable[[], object], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)


def test_a_string_where_stages_belong_is_refused_at_once() -> None:
    # Issue 12: {"stages": "x" * 100_000} took 22 s collecting one error per character.
    start = time.perf_counter()
    with pytest.raises(InvalidTypeError):
        S.SamplingPlan("x" * 100_000)
    with pytest.raises(InvalidTypeError):
        S.SamplingPlan.from_stages("x" * 100_000)
    assert time.perf_counter() - start < 0.1


def test_a_huge_poisson_quality_gives_zero_not_an_overflow() -> None:
    # Issue 12: accept_probability(plan, 1e306, model="poisson") raised OverflowError.
    # 80 units x 1e306 nonconformities per unit: P(X <= 3) underflows to 0 (scipy agrees).
    assert accept_probability(PLAN, 1e306, model="poisson") == 0.0
    assert stats.poisson.cdf(3, 80 * 1e306) == 0.0


# ------------------------------------------------------------ NumPy and pandas


def test_numpy_integers_and_floats_give_the_plain_answers() -> None:
    assert lookup_plan(np.int64(500), 1.0) == lookup_plan(500, 1.0)
    assert lookup_plan(np.int32(500), np.float64(1.0)) == lookup_plan(500, 1.0)
    assert lookup_plan(np.int64(500), np.float32(1.5)) == lookup_plan(500, 1.5)
    assert lookup_plan(np.uint16(1000), np.int64(65)) == lookup_plan(1000, 65)
    assert code_letter(np.int64(1000)) == code_letter(1000) == "J"
    assert judge(PLAN, [np.int64(3)]) == judge(PLAN, [3])
    assert judge(PLAN, np.array([4])) == judge(PLAN, [4])
    p, lot = np.float64(0.02), np.int64(5000)
    assert accept_probability(PLAN, p) == accept_probability(PLAN, 0.02)
    assert accept_probability(PLAN, p, lot_size=lot, model="hypergeometric") == (
        accept_probability(PLAN, 0.02, lot_size=5000, model="hypergeometric")
    )
    assert accept_probability(
        PLAN, None, lot_size=lot, model="hypergeometric", defectives=np.int64(100)
    ) == accept_probability(PLAN, None, lot_size=5000, model="hypergeometric", defectives=100)
    assert design_plan(np.float64(0.01), np.float64(0.08)) == design_plan(0.01, 0.08)
    assert design_plan(0.01, 0.08, lot_size=np.int64(500), model="hypergeometric") == (
        design_plan(0.01, 0.08, lot_size=500, model="hypergeometric")
    )


def test_numpy_values_are_stored_as_plain_python_values() -> None:
    stage = Stage(np.int64(5), np.int64(0), np.int64(1))
    assert stage == Stage(5, 0, 1)
    assert type(stage.sample_size) is int
    plan = SamplingPlan.from_stages(np.array([[50, 1, 2]]), lot_size=np.int64(200))
    assert plan == SamplingPlan.from_stages([(50, 1, 2)], lot_size=200)
    assert type(plan.lot_size) is int
    loaded = SamplingPlan((STAGE,), aql=np.float64(65.0), lot_size=np.int64(20))
    assert (type(loaded.aql), loaded.aql, loaded.counts) == (float, 65.0, "nonconformities")
    assert type(SamplingPlan((STAGE,), aql=65).aql) is float
    lot = Lot(np.bool_(True), defectives=np.int64(2))
    assert lot == Lot(True, defectives=2)
    assert type(lot.accepted) is bool
    assert SwitchingRules(tighten_window=np.int64(5)) == SwitchingRules()
    assert patrol_by_output(np.int64(35)).units == (10, 20, 30)
    assert percentage_plan(np.int64(230), np.float64(0.05)) == percentage_plan(230, 0.05)


def test_a_pandas_series_of_plans_compares_like_a_dict() -> None:
    plans = {"5%": percentage_plan(200), "ISO": lookup_plan(200, 1.0)}
    assert compare_plans(pd.Series(plans), np.int64(200)) == compare_plans(plans, 200)


def test_a_list_of_stages_is_read_as_a_tuple() -> None:
    assert SamplingPlan([STAGE]) == SamplingPlan((STAGE,))


def test_a_plan_loaded_from_json_keeps_its_fields() -> None:
    for plan in (PLAN, lookup_plan(1000, 65), SamplingPlan.from_stages([(5, 0, 1)], lot_size=5)):
        assert from_dict(to_dict(plan), SamplingPlan) == plan
    # A stored plan written before 'counts' existed loads with the AQL's default.
    data = to_dict(lookup_plan(1000, 65))
    del data["counts"]
    assert from_dict(data, SamplingPlan).counts == "nonconformities"
    # An edition's alias is stored under its canonical name.
    assert SamplingPlan((STAGE,), standard="GB2828.1").standard == "iso2859-1"


def test_the_lookup_names_stay_importable_from_plans() -> None:
    from qmscore.sampling import lookup, plans

    assert plans.lookup_plan is lookup.lookup_plan
    assert plans.code_letter is lookup.code_letter
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = plans.nothing
