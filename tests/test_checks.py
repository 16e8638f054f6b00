import math

import pytest

from qmscore._checks import check_int, check_number, check_probability
from qmscore.errors import InvalidInputError


def test_valid_values_pass_through() -> None:
    assert check_int("n", 3, minimum=0, maximum=5) == 3
    assert check_number("x", 2, minimum=0.0, maximum=2.0) == 2.0
    assert check_probability("p", 0) == 0.0
    assert check_probability("p", 1.0) == 1.0


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: check_int("n", 6, maximum=5), "'n' must be <= 5 (got 6)"),
        (lambda: check_int("n", -1, minimum=0), "'n' must be >= 0 (got -1)"),
        (lambda: check_int("n", 1.0), "'n' must be an integer (got 1.0)"),
        (lambda: check_number("x", -0.5, minimum=0.0), "'x' must be >= 0.0 (got -0.5)"),
        (lambda: check_number("x", 3, maximum=2.0), "'x' must be <= 2.0 (got 3)"),
        (lambda: check_number("x", math.inf), "'x' must be finite (got inf)"),
        (lambda: check_number("x", False), "'x' must be a number (got False)"),
        (lambda: check_probability("p", 1.5), "'p' must be in [0, 1] (got 1.5)"),
        (lambda: check_probability("p", -0.1), "'p' must be in [0, 1] (got -0.1)"),
        (lambda: check_probability("p", "0.5"), "'p' must be a number"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
