"""Plans and table lookup behaviours that surviving mutants showed untested (issue 20).

Expected reasons are the source's wording with the numbers filled in by hand
from the stages given; table values are Z1.4 / ISO 2859-1 Table I and Table
II-A as transcribed in ../shared/reference/sampling (code A, AQL 6.5 is n 2,
Ac 0, Re 1; lots 281 to 500 are code H at level II).

The lookup keeps its table work in caches that outlive a test; the
``cold_lookup`` fixture empties them so a test sees the first lookup's path,
the one every new argument takes.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, OutOfTableError
from qmscore.explain import Reason
from qmscore.sampling import SamplingPlan, Stage, code_letter, lookup, lookup_plan, plans
from qmscore.sampling.plans import (
    MAX_LOT_SIZE,
    MAX_SAMPLE_SIZE,
    MAX_STAGES,
    exhausted_stage,
    lot_reasons,
    normalize_aql,
    normalize_standard,
)

INSPECTIONS = "('normal', 'tightened', 'reduced')"
LEVELS = "('S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III')"
LETTERS = "('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'S')"
LATER_EN = (
    " cannot be drawn (nothing is left). A lot still undecided when every item has been "
    "inspected is judged on its whole count by the later stages' numbers; nothing more can be "
    "found, so it is accepted (a count in a gap also reinstates normal inspection)"
)
LATER_ZH = (
    "已无可抽。全部单位检验完毕仍未判定的批，按整批的计数用后续阶段的判定数判定；"
    "不可能再发现更多，故予以接收（计数落在间隙内时同时恢复正常检验）"
)


def _error(kind: type[Exception], call: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    with pytest.raises(kind) as info:
        call(*args, **kwargs)
    return str(info.value)


@pytest.fixture
def cold_lookup() -> Iterator[None]:
    def clear() -> None:
        lookup._CELLS.clear()
        lookup._template.cache_clear()
        lookup._table_part.cache_clear()
        lookup._resolve.cache_clear()
        plans._check_stage_sequence.cache_clear()

    clear()
    yield
    clear()


def _triples(plan: SamplingPlan) -> list[tuple[int, int | None, int]]:
    return [(s.sample_size, s.accept, s.reject) for s in plan.stages]


# ---------------------------------------------------------------- Stage


def test_stage_bounds_on_both_sides() -> None:
    assert Stage(1, 0, 1).sample_size == 1
    assert Stage(MAX_SAMPLE_SIZE, MAX_SAMPLE_SIZE - 1, MAX_SAMPLE_SIZE).reject == MAX_SAMPLE_SIZE
    assert _error(InvalidInputError, Stage, 0, 0, 1) == "'sample_size' must be >= 1 (got 0)"
    assert (
        _error(InvalidInputError, Stage, MAX_SAMPLE_SIZE + 1, 0, 1)
        == "'sample_size' must be <= 10000000 (got 10000001)"
    )
    assert (
        _error(InvalidInputError, Stage, 5, 0, MAX_SAMPLE_SIZE + 1)
        == "'reject' must be <= 10000000 (got 10000001)"
    )


def test_stage_reject_must_exceed_accept_and_hash_has_no_accept() -> None:
    assert Stage(5, 1, 2).reject == 2  # Re = Ac + 1
    assert _error(InvalidInputError, Stage, 5, 2, 2) == "'reject' must be > accept (2) (got 2)"
    assert Stage(5, None, 1).accept is None  # '#': any Re >= 1


# ---------------------------------------------------------------- SamplingPlan fields


def test_stages_must_be_a_non_empty_tuple_of_at_most_max_stages() -> None:
    assert (
        _error(InvalidTypeError, SamplingPlan, "abc")
        == "'stages' must be a non-empty list of Stage (got 'abc')"
    )
    assert (
        _error(InvalidInputError, SamplingPlan, [])
        == "'stages' must be a non-empty list of Stage (got ())"
    )
    one = Stage(1, 0, 1)
    assert len(SamplingPlan([one] * MAX_STAGES).stages) == 100
    assert (
        _error(InvalidInputError, SamplingPlan, [one] * (MAX_STAGES + 1))
        == "'stages' must be at most 100 stages (got '101 stages')"
    )


def test_unhashable_stage_items_are_named() -> None:
    assert (
        _error(InvalidTypeError, SamplingPlan, [[5, 0, 1]])
        == "'stages[0]' must be a Stage (got [5, 0, 1])"
    )


def test_code_letters_are_table_i_letters() -> None:
    stages = [Stage(5, 0, 1)]
    plan = SamplingPlan(stages, code_letter="H", initial_code_letter="S")
    assert (plan.code_letter, plan.initial_code_letter) == ("H", "S")
    # Table I skips I, O: not code letters.
    assert _error(InvalidInputError, SamplingPlan, stages, code_letter="I") == (
        f"'code_letter' must be one of {LETTERS} (got 'I')"
    )
    assert _error(InvalidTypeError, SamplingPlan, stages, initial_code_letter=5) == (
        f"'initial_code_letter' must be one of {LETTERS} (got 5)"
    )


def test_inspection_level_and_standard_fields_name_their_choices() -> None:
    stages = [Stage(5, 0, 1)]
    assert _error(InvalidInputError, SamplingPlan, stages, inspection="strict") == (
        f"'inspection' must be one of {INSPECTIONS} (got 'strict')"
    )
    assert _error(InvalidTypeError, SamplingPlan, stages, inspection=5) == (
        f"'inspection' must be one of {INSPECTIONS} or None (got 5)"
    )
    assert _error(InvalidInputError, SamplingPlan, stages, level="IV") == (
        f"'level' must be one of {LEVELS} (got 'IV')"
    )
    assert _error(InvalidInputError, SamplingPlan, stages, standard="bogus") == (
        "'standard' must be one of ('z1.4', 'iso2859-1') (got 'bogus')"
    )
    plan = SamplingPlan(stages, inspection="reduced", level="S-2")
    assert (plan.inspection, plan.level) == ("reduced", "S-2")


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("z1.4", "z1.4"),
        (" Z1.4 ", "z1.4"),
        ("MIL-STD-105E", "z1.4"),
        ("GB/T 2828.1", "iso2859-1"),
        ("iso2859-1", "iso2859-1"),
        (None, None),
    ],
)
def test_standard_field_stores_the_canonical_edition(
    spelling: str | None, canonical: str | None
) -> None:
    assert SamplingPlan([Stage(5, 0, 1)], standard=spelling).standard == canonical


def test_aql_field_is_a_plain_float_of_the_series() -> None:
    stages = [Stage(5, 0, 1)]
    for given in (1, np.float64(1.0), np.int64(1), 1.0):
        plan = SamplingPlan(stages, aql=given)
        assert type(plan.aql) is float
        assert plan.aql == 1.0
    # Decimal text is the number it spells (lookup_plan takes it too), so the AQL-above-10
    # rule applies: "100" counts nonconformities and refuses items.
    text = SamplingPlan(stages, aql=" 100 ")
    assert (text.aql, type(text.aql), text.counts) == (100.0, float, "nonconformities")
    assert _error(InvalidInputError, SamplingPlan, stages, aql="100", counts="items") == (
        "'counts' must be 'nonconformities' for AQL 100: AQLs above 10 are nonconformities "
        "per 100 units (got 'items')"
    )
    assert SamplingPlan(stages, aql="10").counts == "items"
    assert _error(InvalidInputError, SamplingPlan, stages, aql="ten") == (
        "'aql' must be a number from the AQL series (got 'ten')"
    )
    assert _error(OutOfTableError, SamplingPlan, stages, aql="0.3").endswith("nearest: 0.25")
    assert _error(InvalidTypeError, SamplingPlan, stages, aql=True) == (
        "'aql' must be a number from the AQL series (got True)"
    )
    # 0.3 is not a preferred AQL: 0.25 is nearer (0.05 away) than 0.40 (0.10 away).
    assert _error(OutOfTableError, SamplingPlan, stages, aql=0.3) == (
        "'aql' must be one of the preferred AQLs 0.010 ... 1000 (got 0.3); nearest: 0.25"
    )


def test_lot_size_field_bounds_on_both_sides() -> None:
    stages = [Stage(5, 0, 1)]
    assert SamplingPlan(stages, lot_size=1).lot_size == 1
    assert SamplingPlan(stages, lot_size=MAX_LOT_SIZE).lot_size == MAX_LOT_SIZE
    assert _error(InvalidInputError, SamplingPlan, stages, lot_size=0) == (
        "'lot_size' must be >= 1 (got 0)"
    )
    assert _error(InvalidInputError, SamplingPlan, stages, lot_size=MAX_LOT_SIZE + 1) == (
        "'lot_size' must be <= 1000000000000 (got 1000000000001)"
    )
    assert _error(InvalidTypeError, SamplingPlan, stages, lot_size=5.0) == (
        "'lot_size' must be an integer (got 5.0)"
    )


def test_inspect_all_exactly_when_the_first_sample_reaches_the_lot() -> None:
    stages = [Stage(5, 0, 2), Stage(5, 1, 2)]
    assert SamplingPlan(stages, lot_size=5).inspect_all  # 5 >= 5
    assert SamplingPlan(stages, lot_size=4).inspect_all  # 5 >= 4
    assert not SamplingPlan(stages, lot_size=6).inspect_all  # 5 < 6: the 2nd stage is not first
    assert not SamplingPlan(stages).inspect_all  # no lot
    assert _error(InvalidInputError, SamplingPlan, stages, lot_size=6, inspect_all=True) == (
        "'inspect_all' must be False: the first sample is 5 and the lot size is 6 (got True)"
    )


def test_default_counts_switch_just_above_aql_10() -> None:
    stages = [Stage(5, 0, 1)]
    assert SamplingPlan(stages).counts == "items"
    assert SamplingPlan(stages, aql=10.0).counts == "items"  # 10 is not above 10
    assert SamplingPlan(stages, aql=15.0).counts == "nonconformities"  # next AQL above 10
    assert SamplingPlan(stages, aql=10.0, counts="nonconformities").counts == "nonconformities"
    assert _error(InvalidInputError, SamplingPlan, stages, aql=15.0, counts="items") == (
        "'counts' must be 'nonconformities' for AQL 15: AQLs above 10 are nonconformities "
        "per 100 units (got 'items')"
    )


class _MyReason(Reason):
    """A Reason subclass: accepted, but not by the exact-type shortcut."""


def test_reasons_are_reasons_at_most_1000() -> None:
    stages = [Stage(5, 0, 1)]
    r = Reason("x.y", "en", "中文")
    assert SamplingPlan(stages, reasons=[r]).reasons == (r,)
    assert _error(InvalidTypeError, SamplingPlan, stages, reasons=(r, "x")) == (
        "'reasons[1]' must be a Reason (got 'x')"
    )
    mine = _MyReason("x.y", "en", "中文")
    assert len(SamplingPlan(stages, reasons=[mine] * 1000).reasons) == 1000
    assert _error(InvalidInputError, SamplingPlan, stages, reasons=[mine] * 1001) == (
        "'reasons' must be at most 1000 items long (got '...')"
    )


def test_a_plan_pickles_to_an_equal_plan() -> None:
    plan = SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)], lot_size=8)
    back = pickle.loads(pickle.dumps(plan))
    assert back == plan
    assert back.reasons == plan.reasons


def test_str_names_the_code_letter_and_each_stage() -> None:
    assert str(SamplingPlan.from_stages([(5, None, 2), (5, 1, 2)])) == (
        "n=5 Ac=# Re=2; n=5 Ac=1 Re=2"
    )
    assert str(SamplingPlan([Stage(50, 1, 2)], code_letter="H")) == "code H: n=50 Ac=1 Re=2"


# ---------------------------------------------------------------- from_stages


def test_from_stages_defaults_and_custom_plan_reason() -> None:
    plan = SamplingPlan.from_stages([(5, None, 2), (5, 1, 2)])
    assert (plan.counts, plan.inspection, plan.lot_size) == ("items", None, None)
    assert _triples(plan) == [(5, None, 2), (5, 1, 2)]
    assert plan.reasons == (
        Reason(
            "sampling.custom_plan",
            "Plan given by its stages: n=5 Ac=# Re=2; n=5 Ac=1 Re=2",
            "按给定的抽样阶段构成方案：n=5 Ac=# Re=2; n=5 Ac=1 Re=2",
        ),
    )


def test_from_stages_counting_nonconformities_says_so() -> None:
    plan = SamplingPlan.from_stages([(5, 0, 1)], counts="nonconformities", inspection="tightened")
    assert (plan.counts, plan.inspection) == ("nonconformities", "tightened")
    assert plan.reasons[1:] == (
        Reason(
            "sampling.nonconformities",
            "The plan counts nonconformities (per 100 units), so a sample's count may exceed "
            "its size",
            "方案按不合格数（每百单位不合格数）计数，样本中的不合格数可以超过样本量",
        ),
    )


def test_from_stages_refuses_bad_lists_with_their_names() -> None:
    fs = SamplingPlan.from_stages
    assert _error(InvalidTypeError, fs, "abc") == "'stages' must be a list (got 'abc')"
    assert _error(InvalidInputError, fs, []) == "'stages' must be at least 1 items long (got [])"
    assert len(fs([(1, 0, 1)] * MAX_STAGES).stages) == 100
    assert _error(InvalidInputError, fs, [(1, 0, 1)] * (MAX_STAGES + 1)) == (
        "'stages' must be at most 100 items long (got '...')"
    )


def test_from_stages_rows_are_triples() -> None:
    fs = SamplingPlan.from_stages
    assert _error(InvalidTypeError, fs, ["abc"]) == (
        "'stages[0]' must be a (n, Ac, Re) triple (got 'abc')"
    )
    assert _error(InvalidTypeError, fs, [5]) == "'stages[0]' must be a (n, Ac, Re) triple (got 5)"
    assert _error(InvalidInputError, fs, [(5, 0, 1), (5, 1)]) == (
        "'stages[1]' must be a (n, Ac, Re) triple (got (5, 1))"
    )
    assert _error(InvalidInputError, fs, [(5, 0, 1, 2)]) == (
        "'stages[0]' must be a (n, Ac, Re) triple (got (5, 0, 1, 2))"
    )
    assert _error(InvalidInputError, fs, [(5, 0, 1, 2, 3)]) == (
        "'stages[0]' must be at most 4 items long (got '...')"
    )
    assert _triples(fs([[5, 0, 1]])) == [(5, 0, 1)]


def test_from_stages_bounds_name_the_stage() -> None:
    fs = SamplingPlan.from_stages
    big = MAX_SAMPLE_SIZE
    assert _triples(fs([(1, 0, 1)])) == [(1, 0, 1)]
    assert _triples(fs([(big, big - 1, big)])) == [(big, big - 1, big)]
    assert _error(InvalidInputError, fs, [(5, 0, 2), (0, 1, 2)]) == (
        "'stages[1].sample_size' must be >= 1 (got 0)"
    )
    assert _error(InvalidInputError, fs, [(big + 1, 0, 1)]) == (
        "'stages[0].sample_size' must be <= 10000000 (got 10000001)"
    )
    assert _error(InvalidInputError, fs, [(5, -1, 1)]) == (
        "'stages[0].accept' must be >= 0 (got -1)"
    )
    assert _error(InvalidInputError, fs, [(5, big, big)]) == (
        "'stages[0].accept' must be <= 9999999 (got 10000000)"
    )
    assert _error(InvalidInputError, fs, [(5, None, 0), (5, 0, 1)]) == (
        "'stages[0].reject' must be >= 1 (got 0)"
    )
    assert _error(InvalidInputError, fs, [(5, 0, big + 1)]) == (
        "'stages[0].reject' must be <= 10000000 (got 10000001)"
    )
    assert _error(InvalidInputError, fs, [(5, 0, 2), (5, 2, 2)]) == (
        "'stages[1].reject' must be > accept (2) (got 2)"
    )
    assert _triples(fs([(5, 2, 3)])) == [(5, 2, 3)]


def test_from_stages_lot_inspection_and_counts_are_checked() -> None:
    fs = SamplingPlan.from_stages
    assert fs([(5, 0, 1)], lot_size=1).lot_size == 1
    assert _error(InvalidInputError, fs, [(5, 0, 1)], lot_size=0) == (
        "'lot_size' must be >= 1 (got 0)"
    )
    assert _error(InvalidInputError, fs, [(5, 0, 1)], lot_size=MAX_LOT_SIZE + 1) == (
        "'lot_size' must be <= 1000000000000 (got 1000000000001)"
    )
    assert _error(InvalidInputError, fs, [(5, 0, 1)], inspection="strict") == (
        f"'inspection' must be one of {INSPECTIONS} (got 'strict')"
    )
    assert _error(InvalidInputError, fs, [(5, 0, 1)], counts="per100") == (
        "'counts' must be one of ('items', 'nonconformities') (got 'per100')"
    )


# ---------------------------------------------------------------- lot_reasons


def _stages(*triples: tuple[int, int | None, int]) -> tuple[Stage, ...]:
    return tuple(Stage(*t) for t in triples)


def _inspect_all(n: int, lot: int) -> Reason:
    return Reason(
        "sampling.inspect_all",
        f"Sample size {n} is at least the lot size {lot}: inspect every item (100%)",
        f"样本量 {n} 不小于批量 {lot}：进行 100% 全数检验",
    )


TWO = _stages((5, 0, 2), (5, 1, 2))


def test_exhausted_stage_on_both_sides_of_each_cumulative_size() -> None:
    # Cumulative sizes 5, 10.
    assert [exhausted_stage(TWO, lot) for lot in (4, 5, 6, 9, 10, 11)] == [0, 0, 1, 1, 1, None]
    assert exhausted_stage(TWO, None) is None


def test_no_lot_reason_when_the_lot_is_larger_or_drawn_exactly_by_the_last_stage() -> None:
    assert lot_reasons(TWO, None) == ()
    assert lot_reasons(TWO, 11) == ()  # 10 < 11
    assert lot_reasons(TWO, 10) == ()  # both stages drawn in full: 5 + 5 = 10


def test_a_single_sample_reaching_the_lot_is_only_100_percent() -> None:
    one = _stages((5, 0, 1))
    assert lot_reasons(one, 5) == (_inspect_all(5, 5),)
    assert lot_reasons(one, 3) == (_inspect_all(5, 3),)


def test_first_stage_takes_the_whole_lot_of_a_double_plan() -> None:
    # k = 0, cumulative 5 = lot: stage 2 cannot be drawn.
    assert lot_reasons(TWO, 5) == (
        _inspect_all(5, 5),
        Reason(
            "sampling.stages_exceed_lot",
            "Stage 1 takes all 5 items of the lot, and stage 2" + LATER_EN,
            "第 1 阶段已抽取全部 5 件，第 2 阶段" + LATER_ZH,
        ),
    )


def test_first_stage_needs_more_than_the_lot_of_a_double_plan() -> None:
    # k = 0, cumulative 5 > lot 4: stage 1 draws the 4 items there are.
    assert lot_reasons(TWO, 4) == (
        _inspect_all(5, 4),
        Reason(
            "sampling.stages_exceed_lot",
            "Stage 1 needs 5 items but the lot has 4: stage 1 draws only the 4 items left, "
            "and stage 2" + LATER_EN,
            "第 1 阶段共需 5 件，但批量只有 4 件：第 1 阶段只能抽取剩余的 4 件，第 2 阶段"
            + LATER_ZH,
        ),
    )


def test_last_stage_short_of_items() -> None:
    # k = 1 (last), cumulative 10 > lot 8: stage 2 draws 8 - 5 = 3.
    assert lot_reasons(TWO, 8) == (
        Reason(
            "sampling.stages_exceed_lot",
            "Stages 1 to 2 need 10 items but the lot has 8: stage 2 draws only the 3 items left",
            "第 1 至 2 阶段共需 10 件，但批量只有 8 件：第 2 阶段只能抽取剩余的 3 件",
        ),
    )


def test_third_of_four_stages_short_and_one_stage_left() -> None:
    four = _stages((5, None, 2), (5, 0, 2), (5, 1, 2), (5, 1, 2))
    # Cumulative 5, 10, 15, 20; lot 12: k = 2, stage 3 draws 12 - 10 = 2, stage 4 is left.
    assert lot_reasons(four, 12) == (
        Reason(
            "sampling.stages_exceed_lot",
            "Stages 1 to 3 need 15 items but the lot has 12: stage 3 draws only the 2 items "
            "left, and stage 4" + LATER_EN,
            "第 1 至 3 阶段共需 15 件，但批量只有 12 件：第 3 阶段只能抽取剩余的 2 件，第 4 阶段"
            + LATER_ZH,
        ),
    )
    # Lot 10: stages 1 to 2 take it all (k = 1), stages 3 to 4 are left.
    assert lot_reasons(four, 10) == (
        Reason(
            "sampling.stages_exceed_lot",
            "Stages 1 to 2 take all 10 items of the lot, and stages 3 to 4" + LATER_EN,
            "第 1 至 2 阶段已抽取全部 10 件，第 3 至 4 阶段" + LATER_ZH,
        ),
    )


def test_second_of_seven_stages_short_names_the_later_span() -> None:
    seven = _stages(*[(13, None, 2)] * 2, *[(13, 0, 2)] * 5)
    # Cumulative 13, 26, ...; lot 20: k = 1, stage 2 draws 20 - 13 = 7, stages 3 to 7 left.
    assert lot_reasons(seven, 20) == (
        Reason(
            "sampling.stages_exceed_lot",
            "Stages 1 to 2 need 26 items but the lot has 20: stage 2 draws only the 7 items "
            "left, and stages 3 to 7" + LATER_EN,
            "第 1 至 2 阶段共需 26 件，但批量只有 20 件：第 2 阶段只能抽取剩余的 7 件，"
            "第 3 至 7 阶段" + LATER_ZH,
        ),
    )
    # Lot 13: stage 1 takes it all.
    assert (
        lot_reasons(seven, 13)[1].en
        == "Stage 1 takes all 13 items of the lot, and stages 2 to 7" + LATER_EN
    )


def test_from_stages_lists_the_lot_reasons_after_the_plan() -> None:
    plan = SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)], lot_size=5)
    assert [r.code for r in plan.reasons] == [
        "sampling.custom_plan",
        "sampling.inspect_all",
        "sampling.stages_exceed_lot",
    ]
    assert plan.reasons[1] == _inspect_all(5, 5)


# ---------------------------------------------------------------- normalize_*


def test_normalize_standard_spellings_and_errors() -> None:
    assert normalize_standard("ISO 2859-1") == "iso2859-1"
    assert normalize_standard(" gb2828.1 ") == "iso2859-1"
    assert normalize_standard("z1.4") == "z1.4"
    expected = "one of 'z1.4', 'iso2859-1' (alias 'gb2828.1')"
    assert _error(InvalidTypeError, normalize_standard, 14) == (
        f"'standard' must be {expected} (got 14)"
    )
    assert _error(InvalidInputError, normalize_standard, "z1.5") == (
        f"'standard' must be {expected} (got 'z1.5')"
    )


def test_normalize_aql_inputs_and_errors() -> None:
    # The series: 0.010 is column 0, 1.0 column 10, 1000 column 25.
    assert normalize_aql(0.010) == 0
    assert normalize_aql(1) == 10
    assert normalize_aql(" 1.0 ") == 10
    assert normalize_aql(np.float64(1000.0)) == 25
    expected = "a number from the AQL series"
    assert (
        _error(InvalidInputError, normalize_aql, "one") == f"'aql' must be {expected} (got 'one')"
    )
    assert _error(InvalidTypeError, normalize_aql, True) == f"'aql' must be {expected} (got True)"
    assert _error(InvalidTypeError, normalize_aql, None) == f"'aql' must be {expected} (got None)"
    assert _error(InvalidInputError, normalize_aql, 0) == "'aql' must be > 0.0 (got 0)"
    assert _error(InvalidInputError, normalize_aql, -1.0) == "'aql' must be > 0.0 (got -1.0)"
    assert (
        _error(InvalidInputError, normalize_aql, float("inf")) == "'aql' must be finite (got inf)"
    )
    with pytest.raises(OutOfTableError) as info:
        normalize_aql(2.0)  # 2.5 is 0.5 away, 1.5 also 0.5: the first (smaller) wins
    assert str(info.value) == (
        "'aql' must be one of the preferred AQLs 0.010 ... 1000 (got 2.0); nearest: 1.5"
    )
    assert (info.value.field, info.value.value) == ("aql", 2.0)
    # 800 is 150 from 650 and 200 from 1000.
    assert str(info.value).endswith("nearest: 1.5")
    assert _error(OutOfTableError, normalize_aql, 800).endswith("(got 800); nearest: 650")
    assert _error(OutOfTableError, normalize_aql, 0.001).endswith("(got 0.001); nearest: 0.010")


def test_the_lookup_names_stay_importable_from_plans() -> None:
    assert plans.lookup_plan is lookup_plan
    assert plans.code_letter is code_letter
    assert plans._resolve is lookup._resolve
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = plans.nothing


# ---------------------------------------------------------------- lookup


def test_code_letter_level_spellings_and_errors() -> None:
    # Table I: lots 501 to 1200 are code J at level II (the default).
    assert code_letter(1000) == "J"
    assert code_letter(1000, " ii ") == "J"
    assert code_letter(2, "III") == "B"  # lots 2 to 8 at level III: B
    assert _error(InvalidInputError, code_letter, 1000, "IV") == (
        f"'level' must be one of {LEVELS} (got 'IV')"
    )
    assert _error(InvalidTypeError, code_letter, 1000, 2) == (
        f"'level' must be one of {LEVELS} (got 2)"
    )


def test_code_letter_lot_bounds() -> None:
    # Table I's rows start at 2, 9, ...; the last row 500001 and over is code Q at level II.
    assert code_letter(2) == "A"
    assert code_letter(8) == "A"
    assert code_letter(9) == "B"
    assert code_letter(MAX_LOT_SIZE) == "Q"
    assert _error(InvalidInputError, code_letter, 1) == "'lot_size' must be >= 2 (got 1)"
    assert _error(InvalidInputError, code_letter, MAX_LOT_SIZE + 1) == (
        "'lot_size' must be <= 1000000000000 (got 1000000000001)"
    )
    assert (
        _error(InvalidTypeError, code_letter, 500.0) == "'lot_size' must be an integer (got 500.0)"
    )
    assert code_letter(np.int64(500)) == "H"


@pytest.mark.usefixtures("cold_lookup")
def test_code_letter_reason_names_the_lot_range_in_both_languages() -> None:
    first = lookup_plan(500, 1.0).reasons[0]
    assert (first.en, first.zh) == (
        "Lot size 281 to 500 at inspection level II: code letter H",
        "批量 281～500，检验水平 II：样本量字码 H",
    )
    # The row before the last still has an upper bound.
    before_last = lookup_plan(200_000, 1.0).reasons[0]
    assert (before_last.en, before_last.zh) == (
        "Lot size 150001 to 500000 at inspection level II: code letter P",
        "批量 150001～500000，检验水平 II：样本量字码 P",
    )
    last = lookup_plan(600_000, 1.0).reasons[0]
    assert (last.en, last.zh) == (
        "Lot size 500001 and over at inspection level II: code letter Q",
        "批量 500001 及以上，检验水平 II：样本量字码 Q",
    )
    # The same through the checked path (counts given).
    again = lookup_plan(600_000, 1.0, counts="items").reasons[0]
    assert again == last


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_a_lot_equal_to_the_sample_is_100_percent_one_more_is_not() -> None:
    # Lots 2 to 8 are code A; code A, AQL 6.5 is n 2, Ac 0, Re 1.
    at = lookup_plan(2, 6.5)
    assert (at.sample_size, at.accept, at.reject, at.lot_size) == (2, 0, 1, 2)
    assert at.inspect_all
    assert at.reasons[-1] == _inspect_all(2, 2)
    above = lookup_plan(3, 6.5)
    assert (above.sample_size, above.lot_size, above.inspect_all) == (2, 3, False)
    assert "sampling.inspect_all" not in [r.code for r in above.reasons]
    assert type(above.lot_size) is int


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_fast_and_checked_paths_give_the_same_plan() -> None:
    for lot in (500, 1000, 600_000, MAX_LOT_SIZE):
        for aql in (0.010, 1.0, 15.0, 1000.0):
            fast = lookup_plan(lot, aql)
            checked = lookup_plan(lot, str(aql))  # a text AQL takes the checked path
            assert fast == checked
            assert fast.lot_size == lot
    # Cached: the second fast lookup is the same plan again.
    assert lookup_plan(500, 1.0) == lookup_plan(500, "1.0")


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_row_and_column_of_the_template() -> None:
    # Lots 281 to 500: code H (n 50); 501 to 1200: J (n 80); AQL 1.0: H 1/2, J 2/3.
    assert _triples(lookup_plan(500, 1.0)) == [(50, 1, 2)]
    assert _triples(lookup_plan(501, 1.0)) == [(80, 2, 3)]
    assert _triples(lookup_plan(281, 1.5)) == [(50, 2, 3)]
    assert _triples(lookup_plan(280, 1.5)) == [(32, 1, 2)]  # code G: n 32, AQL 1.5 is 1/2


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_refuses_lots_and_aqls_outside_the_tables() -> None:
    assert _error(InvalidInputError, lookup_plan, 1, 1.0) == "'lot_size' must be >= 2 (got 1)"
    assert _error(InvalidInputError, lookup_plan, MAX_LOT_SIZE + 1, 1.0) == (
        "'lot_size' must be <= 1000000000000 (got 1000000000001)"
    )
    assert _error(InvalidTypeError, lookup_plan, 500.0, 1.0) == (
        "'lot_size' must be an integer (got 500.0)"
    )
    assert _error(OutOfTableError, lookup_plan, 500, 0.3).endswith("nearest: 0.25")
    assert lookup_plan(500, 1.0).aql == 1.0
    assert _error(InvalidTypeError, lookup_plan, 500, True) == (
        "'aql' must be a number from the AQL series (got True)"
    )


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_arguments_are_checked_by_name() -> None:
    assert _error(InvalidInputError, lookup_plan, 500, 1.0, inspection="strict") == (
        f"'inspection' must be one of {INSPECTIONS} (got 'strict')"
    )
    assert _error(InvalidInputError, lookup_plan, 500, 1.0, scheme="triple") == (
        "'scheme' must be one of ('single', 'double', 'multiple') (got 'triple')"
    )
    assert _error(InvalidInputError, lookup_plan, 500, "1.0", scheme="triple") == (
        "'scheme' must be one of ('single', 'double', 'multiple') (got 'triple')"
    )
    assert _error(InvalidInputError, lookup_plan, 500, "1.0", inspection="strict") == (
        f"'inspection' must be one of {INSPECTIONS} (got 'strict')"
    )
    assert _error(InvalidInputError, lookup_plan, 500, 1.0, counts="per100") == (
        "'counts' must be one of ('items', 'nonconformities') (got 'per100')"
    )
    assert _error(InvalidInputError, lookup_plan, 500, 1.0, level="IV") == (
        f"'level' must be one of {LEVELS} (got 'IV')"
    )


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_defaults_are_z14_normal_single_level_ii() -> None:
    plan = lookup_plan(500, 1.0)
    assert (plan.standard, plan.inspection, plan.scheme, plan.level) == (
        "z1.4",
        "normal",
        "single",
        "II",
    )
    checked = lookup_plan(500, "1.0")
    assert (checked.standard, checked.inspection, checked.level) == ("z1.4", "normal", "II")


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_counts_given_or_by_the_aql() -> None:
    generic = Reason(
        "sampling.nonconformities",
        "The plan counts nonconformities (per 100 units), so a sample's count may exceed its size",
        "方案按不合格数（每百单位不合格数）计数，样本中的不合格数可以超过样本量",
    )
    above = Reason(
        "sampling.nonconformities",
        "AQL 15 is above 10: the plan counts nonconformities per 100 units, so a sample's "
        "count may exceed its size",
        "AQL 15 大于 10：方案按每百单位不合格数计数，样本中的不合格数可以超过样本量",
    )
    # AQL 10 counts items by default; asked for nonconformities it says so generically.
    ten = lookup_plan(500, 10.0, counts="nonconformities")
    assert ten.counts == "nonconformities"
    assert generic in ten.reasons
    assert above not in ten.reasons
    assert lookup_plan(500, 10.0, counts="items").counts == "items"
    assert lookup_plan(500, "10").counts == "items"
    # AQL 15 counts nonconformities: by default and when asked.
    for plan in (lookup_plan(500, 15.0, counts="nonconformities"), lookup_plan(500, "15")):
        assert plan.counts == "nonconformities"
        assert above in plan.reasons
    assert lookup_plan(500, 15.0).counts == "nonconformities"
    assert lookup_plan(500, 1.0, counts="items").reasons == lookup_plan(500, 1.0).reasons


@pytest.mark.usefixtures("cold_lookup")
def test_lookup_with_a_small_lot_lists_the_lot_reasons() -> None:
    # Lots 2 to 8 are code A; the double table reads '*' at code A, AQL 6.5, so the
    # single plan n 2, 0/1 is used; a lot of 2 is 100% inspection.
    plan = lookup_plan(2, "6.5", scheme="double")
    assert plan.lot_size == 2
    assert plan.reasons[-1] == _inspect_all(2, 2)


@pytest.mark.usefixtures("cold_lookup")
def test_numpy_string_arguments_take_the_checked_path_and_plain_ones_stay_plain() -> None:
    odd = lookup_plan(500, 1.0, inspection=np.str_("tightened"), level=np.str_("II"))
    assert odd.inspection == "tightened"
    plain = lookup_plan(500, 1.0, inspection="tightened")
    assert type(plain.inspection) is str
    assert type(plain.level) is str
    assert type(plain.standard) is str
    assert type(plain.code_letter) is str
