"""Questionnaire validation that surviving mutants showed untested (issue 20).

Each case changes one thing of the standard questionnaire (seed 004) with
attrs.evolve and checks the refusal names it.
"""

from __future__ import annotations

import attrs
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
from qmscore.scoring import (
    STANDARD_LEVELS,
    AnswerLevel,
    GradeBand,
    Item,
    Questionnaire,
)
from qmscore.scoring import STANDARD_QUESTIONNAIRE as Q

FIRST = Q.items[0]  # appearance, weight 0.1


@pytest.mark.parametrize("weight", [0.0, -0.1, 1.5])
def test_item_weight_must_be_in_0_exclusive_to_1(weight: float) -> None:
    with pytest.raises(InvalidInputError, match=r"^'weight' must be"):
        attrs.evolve(FIRST, weight=weight)


def test_item_weight_of_one_is_accepted() -> None:
    assert attrs.evolve(FIRST, weight=1.0).weight == 1.0


def test_band_upper_must_be_above_lower() -> None:
    with pytest.raises(
        InvalidInputError, match=r"^'upper' must be > lower \(10\) or None \(got 10.0\)$"
    ):
        GradeBand("X", 10.0, 10.0, "x", "x")
    assert GradeBand("X", 10.0, 10.5, "x", "x").upper == 10.5


def test_questionnaire_source_and_min_answered_weight() -> None:
    with pytest.raises(
        InvalidTypeError, match=r"^'source' must be a Source or None \(got 'seed'\)$"
    ):
        attrs.evolve(Q, source="seed")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'min_answered_weight' must be <= 1"):
        attrs.evolve(Q, min_answered_weight=1.5)
    assert attrs.evolve(Q, min_answered_weight=1.0).min_answered_weight == 1.0


def test_duplicate_item_keys_are_listed() -> None:
    with pytest.raises(RuleSetError, match=r"duplicate item keys: appearance, dimensions$"):
        attrs.evolve(Q, items=(*Q.items, Q.items[0], Q.items[1]))


def test_satisfied_level_must_be_a_level() -> None:
    with pytest.raises(
        RuleSetError, match=r"satisfied_level must be one of the answer levels .*\(got 'nope'\)"
    ):
        attrs.evolve(Q, satisfied_level="nope")


def test_weights_off_by_a_thousandth_are_refused() -> None:
    # 0.101 + the other nine weights (0.9) = 1.001.
    items = (attrs.evolve(FIRST, weight=0.101), *Q.items[1:])
    with pytest.raises(RuleSetError, match="item weights must add up to 1"):
        attrs.evolve(Q, items=items)


def test_grade_bands_must_start_at_zero() -> None:
    bands = (*Q.bands[:-1], attrs.evolve(Q.bands[-1], lower=0.5))
    with pytest.raises(RuleSetError, match="grade bands must start at 0"):
        attrs.evolve(Q, bands=bands)


# ------------------------------------------------------------------ session 13 survivors


def test_standard_levels_are_the_seed_scale() -> None:
    # BRIEF.md section 5: very satisfied 非常满意 ... opposed 反对, loyalty a..e.
    assert [(lv.key, lv.en, lv.zh, lv.loyalty) for lv in STANDARD_LEVELS] == [
        ("very_satisfied", "very satisfied", "非常满意", "a loyal"),
        ("satisfied", "satisfied", "满意", "b satisfied"),
        ("indifferent", "indifferent", "无所谓", "c indifferent"),
        ("dissatisfied", "dissatisfied", "不满意", "d dissatisfied"),
        ("opposed", "opposed", "反对", "e opposed"),
    ]


@pytest.mark.parametrize("weight", [0, 0.0, -0.5])
def test_min_answered_weight_must_be_above_0(weight: float) -> None:
    with pytest.raises(InvalidInputError, match=r"^'min_answered_weight' must be > 0"):
        attrs.evolve(Q, min_answered_weight=weight)


def test_min_answered_weight_just_above_0_is_accepted() -> None:
    assert attrs.evolve(Q, min_answered_weight=1e-9).min_answered_weight == 1e-9


def test_band_upper_is_checked_under_its_own_name() -> None:
    with pytest.raises(
        InvalidTypeError, match=r"^'upper' must be a number or None \(got 'high'\)$"
    ):
        GradeBand("X", 10.0, "high", "x", "x")


def test_band_upper_edge_belongs_to_the_band_only_when_inclusive() -> None:
    half_open = GradeBand("B", 75.0, 90.0, "b", "b")  # 75 <= score < 90
    assert half_open.contains(89.99)
    assert not half_open.contains(90.0)
    closed = GradeBand("B", 75.0, 90.0, "b", "b", upper_inclusive=True)  # 75 <= score <= 90
    assert closed.contains(90.0)
    assert not closed.contains(90.01)


def two_levels(levels: tuple[AnswerLevel, ...]) -> Questionnaire:
    """A one-item form (weight 1, 100 points) on the given scale."""
    points = {lv.key: (100 if k == 0 else 0) for k, lv in enumerate(levels)}
    return Questionnaire("yes/no", (Item("ok", "ok", "好", 1.0, points),), levels, Q.bands)


def test_two_answer_levels_are_enough_one_is_not() -> None:
    yes = AnswerLevel("yes", "yes", "是", "a loyal")
    no = AnswerLevel("no", "no", "否", "e opposed")
    assert [lv.key for lv in two_levels((yes, no)).levels] == ["yes", "no"]
    with pytest.raises(RuleSetError, match=r"at least two distinct keys \(got \['yes'\]\)"):
        two_levels((yes,))


def test_a_questionnaire_needs_an_item() -> None:
    with pytest.raises(RuleSetError, match=r"^a questionnaire needs at least one item$"):
        attrs.evolve(Q, items=())


def weights(first: float, second: float) -> Questionnaire:
    """Appearance and dimensions re-weighted (their maxima 10 each still round from them)."""
    items = (
        attrs.evolve(Q.items[0], weight=first),
        attrs.evolve(Q.items[1], weight=second),
        *Q.items[2:],
    )
    return attrs.evolve(Q, items=items)


def test_weights_may_miss_1_by_at_most_a_billionth() -> None:
    # Read as decimals: 0.100000001 + 0.1 + the other eight (0.8) = 1.000000001,
    # exactly 1/10^9 above 1: allowed (the rule is "more than 1e-9 off").
    assert weights(0.100000001, 0.1).items[0].weight == 0.100000001
    # 0.100000002: 2/10^9 off: refused.
    with pytest.raises(RuleSetError, match="item weights must add up to 1"):
        weights(0.100000002, 0.1)
    # Below 1 by 2/10^9 too.
    with pytest.raises(RuleSetError, match="item weights must add up to 1"):
        weights(0.099999998, 0.1)


def test_thresholds_may_equal_the_total_but_not_exceed_it() -> None:
    assert attrs.evolve(Q, target=100).target == 100.0
    assert attrs.evolve(Q, corrective_below=100).corrective_below == 100.0
    with pytest.raises(
        RuleSetError, match=r"^target must be at most the total 100 \(got 100.5\)$"
    ):
        attrs.evolve(Q, target=100.5)
    with pytest.raises(
        RuleSetError, match=r"^corrective_below must be at most the total 100 \(got 101.5\)$"
    ):
        attrs.evolve(Q, corrective_below=101.5)


def test_band_messages() -> None:
    with pytest.raises(RuleSetError, match=r"^grade bands must start at 0$"):
        attrs.evolve(Q, bands=Q.bands[:-1])  # E (0..35) left out: the lowest starts at 35
    top = attrs.evolve(Q.bands[0], upper=200.0)
    with pytest.raises(
        RuleSetError, match=r"^the top grade band must be open-ended \(upper None\)$"
    ):
        attrs.evolve(Q, bands=(top, *Q.bands[1:]))


def test_best_level_must_give_the_maximum_message() -> None:
    # very satisfied 9, satisfied 10: the maximum is 10 but the best level gives 9.
    points = dict(FIRST.points, very_satisfied=9, satisfied=10)
    with pytest.raises(RuleSetError, match=r"must give the maximum \(10, got 9\)$"):
        attrs.evolve(Q, items=(attrs.evolve(FIRST, points=points), *Q.items[1:]))


def test_grade_and_item_refusals_name_the_value() -> None:
    with pytest.raises(
        InvalidInputError, match=r"^'score' must be in a grade band \(0..100\) \(got -1\)$"
    ) as info:
        Q.grade(-1)
    assert (info.value.field, info.value.value) == ("score", -1)
    with pytest.raises(InvalidTypeError, match=r"^'score' must be a number \(got 'x'\)$"):
        Q.grade("x")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"\(got 'nope'\)$") as item_info:
        Q.item("nope")
    assert (item_info.value.field, item_info.value.value) == ("item", "nope")
