"""The bulk fast paths give the same answers and the same errors as the careful path."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring._fast import moments, ratings, reals, strings
from qmscore.scoring.stats import _label


@pytest.mark.parametrize(
    ("values", "exc", "fragment"),
    [
        ([1.0, float("nan")], InvalidInputError, "'v[1]' must be finite (not NaN)"),
        ([1.0, float("inf")], InvalidInputError, "'v[1]' must be finite"),
        ([1, 10**400], InvalidInputError, "a number a float can hold"),
        ([2.0, 0.5], InvalidInputError, "'v[1]' must be >= 1.0"),
        ([1.0, True], InvalidTypeError, "'v[1]' must be a number"),
        ("12", InvalidTypeError, "'v' must be a list"),
    ],
)
def test_reals_errors_match_the_careful_path(
    values: Any, exc: type[Exception], fragment: str
) -> None:
    with pytest.raises(exc) as info:
        reals("v", values, minimum=1.0)
    assert fragment in str(info.value)


def test_reals_accepts_numpy_and_iterators() -> None:
    assert reals("v", np.array([1.5, 2.0])) == (1.5, 2.0)
    assert reals("v", iter([3, 4])) == (3.0, 4.0)
    assert reals("v", (1, 2.5)) == (1.0, 2.5)
    assert reals("v", []) == ()


def test_strings_and_ratings() -> None:
    assert strings("s", ["A", "B"], _label) == ("A", "B")
    assert strings("s", ["A", 2], _label) == ("A", 2)
    with pytest.raises(InvalidTypeError, match="stratum label"):
        strings("s", ["A", None], _label)
    assert ratings("r", [0, 10], 0, 10) == (0, 10)
    assert ratings("r", np.array([3, 9]), 0, 10) == (3, 9)
    with pytest.raises(InvalidInputError, match=r"an integer 0\.\.10"):
        ratings("r", [0, 11], 0, 10)
    with pytest.raises(InvalidInputError, match="at least one rating"):
        ratings("r", [], 0, 10)


def test_moments_from_counts() -> None:
    # Values 1, 1, 4: mean 2, variance ((1)^2 + (1)^2 + 2^2) / 2 = 3.
    assert moments(Counter({1.0: 2, 4.0: 1})) == (2.0, 3.0, 3)
    assert moments({5.0: 3}) == (5.0, 0.0, 3)
    assert moments({5.0: 1}) is None
