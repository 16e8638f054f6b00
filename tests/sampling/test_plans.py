import pickle

import pytest

from qmscore.errors import InvalidInputError, OutOfTableError
from qmscore.sampling import SamplingPlan, Stage, code_letter, lookup_plan
from qmscore.serialization import from_dict, from_json, to_dict, to_json


# Worked checks from ../shared/reference/README.md, confirmed by several sources.
def test_worked_lot_281_500_level_II_is_H_50_and_AQL_1_0_gives_1_2() -> None:
    plan = lookup_plan(400, 1.0)
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("H", 50, 1, 2)


def test_worked_lot_1000_AQL_1_5_is_J_80_3_4() -> None:
    plan = lookup_plan(1000, 1.5)
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("J", 80, 3, 4)


def test_worked_lot_20_level_I_AQL_1_5_follows_the_arrow_to_8_0_1() -> None:
    plan = lookup_plan(20, 1.5, level="I")
    assert plan.initial_code_letter == "B"
    assert (plan.sample_size, plan.accept, plan.reject) == (8, 0, 1)
    arrow = next(r for r in plan.reasons if r.code == "sampling.arrow")
    assert "code B" in arrow.en
    assert "code D" in arrow.en
    assert "↓" in arrow.en


def test_worked_code_A_AQL_0_010_is_1250_so_every_code_A_lot_is_inspected_100pct() -> None:
    for lot in range(2, 9):
        plan = lookup_plan(lot, 0.010)
        assert plan.sample_size == 1250
        assert plan.inspect_all
        assert plan.reasons[-1].code == "sampling.inspect_all"


def test_worked_reduced_G_AQL_1_0_is_the_gap_plan_20_0_2() -> None:
    plan = lookup_plan(200, 1.0, inspection="reduced")
    assert plan.initial_code_letter == "G"
    assert (plan.sample_size, plan.accept, plan.reject) == (20, 0, 2)
    assert plan.has_gap
    assert "sampling.gap_plan" in [r.code for r in plan.reasons]


def test_worked_tightened_adds_code_S_3150() -> None:
    plan = lookup_plan(600_000, 0.025, inspection="tightened")  # code R
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("S", 3150, 1, 2)


def test_double_star_uses_the_single_plan_and_says_so() -> None:
    plan = lookup_plan(500, 0.25, scheme="double")
    # Table III-A, code H, AQL 0.25 reads '*': single Table II-A gives n 50 Ac 0 Re 1.
    assert plan.scheme == "single"
    assert (plan.sample_size, plan.accept, plan.reject) == (50, 0, 1)
    assert "sampling.use_single" in [r.code for r in plan.reasons]


def test_double_arrow_onto_star_uses_that_code_letters_single_plan() -> None:
    # Code H, AQL 0.40: arrow up to code G, whose cell is '*': single G = n 32, 0/1.
    plan = lookup_plan(500, 0.40, scheme="double")
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("G", 32, 0, 1)
    assert [r.code for r in plan.reasons][2:5] == [
        "sampling.arrow",
        "sampling.use_single",
        "sampling.table_plan",
    ]


def test_multiple_plan_keeps_hash_stages() -> None:
    plan = lookup_plan(500, 1.0, scheme="multiple")
    assert [s.accept for s in plan.stages] == [None, None, 0, 0, 1, 1, 2]
    assert [s.reject for s in plan.stages] == [2, 2, 2, 3, 3, 3, 3]
    assert plan.cumulative_sizes == (13, 26, 39, 52, 65, 78, 91)
    assert "sampling.no_acceptance_stage" in [r.code for r in plan.reasons]


def test_iso_alias_and_reduced_without_gap() -> None:
    plan = lookup_plan(200, 1.0, inspection="reduced", standard="GB2828.1")
    assert plan.standard == "iso2859-1"
    assert plan.reject == plan.accept + 1


def test_level_is_case_insensitive() -> None:
    assert lookup_plan(500, 1.0, level="s-2").level == "S-2"


def test_aql_as_string_and_int() -> None:
    assert lookup_plan(500, "1.0") == lookup_plan(500, 1.0) == lookup_plan(500, 1)


def test_from_stages_builds_any_plan() -> None:
    plan = SamplingPlan.from_stages([(50, 1, 4), (100, 3, 4)], lot_size=120)
    assert plan.scheme == "double"
    assert plan.total_sample_size == 150
    assert not plan.inspect_all
    assert str(plan) == "n=50 Ac=1 Re=4; n=100 Ac=3 Re=4"
    whole = SamplingPlan.from_stages([(10, 0, 1)], lot_size=10)
    assert whole.inspect_all
    assert whole.reasons[-1].code == "sampling.inspect_all"


def test_plans_round_trip_and_pickle() -> None:
    for plan in (
        lookup_plan(500, 1.0, scheme="multiple"),
        lookup_plan(5, 0.010),
        SamplingPlan.from_stages([(13, None, 2), (13, 1, 2)]),
    ):
        assert from_dict(to_dict(plan), SamplingPlan) == plan
        assert from_json(to_json(plan), SamplingPlan) == plan
        assert pickle.loads(pickle.dumps(plan)) == plan


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: code_letter(1), InvalidInputError, "'lot_size' must be >= 2 (got 1)"),
        (lambda: code_letter(2.5), InvalidInputError, "'lot_size' must be an integer (got 2.5)"),  # type: ignore[arg-type]
        (lambda: code_letter(True), InvalidInputError, "'lot_size' must be an integer (got True)"),
        (lambda: code_letter("500"), InvalidInputError, "'lot_size' must be an integer"),  # type: ignore[arg-type]
        (lambda: code_letter(500, "IV"), InvalidInputError, "'level' must be one of"),
        (lambda: code_letter(500, 2), InvalidInputError, "'level' must be one of"),  # type: ignore[arg-type]
        (lambda: lookup_plan(500, 0.7), OutOfTableError, "nearest: 0.65"),
        (lambda: lookup_plan(500, 2000), OutOfTableError, "nearest: 1000"),
        (lambda: lookup_plan(500, "abc"), InvalidInputError, "'aql' must be a number"),
        (lambda: lookup_plan(500, None), InvalidInputError, "'aql' must be a number"),  # type: ignore[arg-type]
        (lambda: lookup_plan(500, True), InvalidInputError, "'aql' must be a number"),
        (
            lambda: lookup_plan(500, 1.0, inspection="strict"),  # type: ignore[arg-type]
            InvalidInputError,
            "'inspection' must be one of",
        ),
        (
            lambda: lookup_plan(500, 1.0, scheme="triple"),  # type: ignore[arg-type]
            InvalidInputError,
            "'scheme' must be one of",
        ),
        (
            lambda: lookup_plan(500, 1.0, standard="jis"),
            InvalidInputError,
            "'standard' must be one of",
        ),
        (
            lambda: lookup_plan(500, 1.0, standard=None),  # type: ignore[arg-type]
            InvalidInputError,
            "'standard' must be one of",
        ),
        (lambda: lookup_plan(500, 1.0, standard=["z"]), InvalidInputError, "'standard' must be"),  # type: ignore[arg-type]
        (lambda: lookup_plan(500, 1.0, level=["II"]), InvalidInputError, "'level' must be one of"),  # type: ignore[arg-type]
        (lambda: lookup_plan(500, [1.0]), InvalidInputError, "'aql' must be a number"),  # type: ignore[arg-type]
        (lambda: Stage(0, 0, 1), InvalidInputError, "'sample_size' must be >= 1 (got 0)"),
        (lambda: Stage(5, -1, 1), InvalidInputError, "'accept' must be >= 0 (got -1)"),
        (lambda: Stage(5, 2, 2), InvalidInputError, "'reject' must be > accept (2) (got 2)"),
        (
            lambda: SamplingPlan(()),
            InvalidInputError,
            "'stages' must be a non-empty list of Stage (got ())",
        ),
        (lambda: SamplingPlan((1,)), InvalidInputError, "'stages[0]' must be a Stage"),
        (lambda: SamplingPlan(([1],)), InvalidInputError, "'stages[0]' must be a Stage"),
        (
            lambda: SamplingPlan.from_stages([(5, 0)]),
            InvalidInputError,
            "'stages[0]' must be a (n, Ac, Re) triple",
        ),
        (
            lambda: SamplingPlan.from_stages(["abc"]),  # type: ignore[list-item]
            InvalidInputError,
            "'stages[0]' must be a (n, Ac, Re) triple",
        ),
        (
            lambda: SamplingPlan.from_stages([(5, None, 2)]),
            InvalidInputError,
            "a number at the last stage (not #)",
        ),
        (
            lambda: SamplingPlan.from_stages([(5, 2, 4), (5, 1, 4)]),
            InvalidInputError,
            "'stages[1].accept' must be >= the previous stage's (2)",
        ),
        (
            lambda: SamplingPlan.from_stages([(5, 0, 4), (5, 1, 3)]),
            InvalidInputError,
            "'stages[1].reject' must be >= the previous stage's (4)",
        ),
        (
            lambda: SamplingPlan.from_stages([(5, 0, 1)], lot_size=0),
            InvalidInputError,
            "'lot_size' must be >= 1",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
