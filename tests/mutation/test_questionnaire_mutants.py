"""Questionnaire validation that surviving mutants showed untested (issue 20).

Each case changes one thing of the standard questionnaire (seed 004) with
attrs.evolve and checks the refusal names it.
"""

from __future__ import annotations

import attrs
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
from qmscore.scoring import STANDARD_QUESTIONNAIRE as Q
from qmscore.scoring import GradeBand

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
