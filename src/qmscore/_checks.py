"""Argument checks shared by every module; they raise InvalidInputError.

attrs' own validators raise TypeError/ValueError with attrs' wording. We want
our hierarchy and one message style, so public types use these instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from qmscore.errors import InvalidInputError

__all__ = [
    "check_int",
    "check_number",
    "check_probability",
    "non_empty_str",
    "optional_str",
]


def _name(attribute: Any) -> str:
    return str(getattr(attribute, "name", attribute))


def non_empty_str(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError.constraint(_name(attribute), "a non-empty string", value)


def optional_str(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: None or a non-empty string."""
    if value is not None:
        non_empty_str(inst, attribute, value)


def check_int(
    field: str, value: object, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` if it is an int (not a bool) within the bounds, else raise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError.constraint(field, "an integer", value)
    if minimum is not None and value < minimum:
        raise InvalidInputError.constraint(field, f">= {minimum}", value)
    if maximum is not None and value > maximum:
        raise InvalidInputError.constraint(field, f"<= {maximum}", value)
    return value


def check_number(
    field: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a float if it is a finite real number within the bounds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError.constraint(field, "a number", value)
    if not math.isfinite(value):
        raise InvalidInputError.constraint(field, "finite", value)
    if minimum is not None and value < minimum:
        raise InvalidInputError.constraint(field, f">= {minimum}", value)
    if maximum is not None and value > maximum:
        raise InvalidInputError.constraint(field, f"<= {maximum}", value)
    return float(value)


def check_probability(field: str, value: object) -> float:
    """Return ``value`` if it is a number in [0, 1]."""
    v = check_number(field, value)
    if not 0.0 <= v <= 1.0:
        raise InvalidInputError.constraint(field, "in [0, 1]", value)
    return v


def int_validator(minimum: int | None = None) -> Callable[[Any, Any, Any], None]:
    """Attrs validator factory around :func:`check_int`."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        check_int(_name(attribute), value, minimum=minimum)

    return validate


def one_of(choices: tuple[str, ...]) -> Callable[[Any, Any, Any], None]:
    """Attrs validator factory: value must be one of ``choices``."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        if value not in choices:
            raise InvalidInputError.constraint(_name(attribute), f"one of {choices}", value)

    return validate
