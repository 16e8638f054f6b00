"""Scoring's uses of the input layer (:mod:`qmscore._checks`): shared validators.

Private: converters and attrs validators that several scoring modules need
(tuples of rule objects, optional values where ``NaN`` / ``pd.NA`` mean "not
known", exact decimal readings of thresholds).
"""

from __future__ import annotations

import decimal
import numbers
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from qmscore._checks import (
    as_bool,
    check_bool,
    check_int,
    check_mapping,
    check_real,
    check_sequence,
    check_str,
    is_missing,
    type_error,
    value_error,
)

__all__ = [
    "as_mapping",
    "bool_values",
    "boolean",
    "check_id",
    "exact",
    "int_values",
    "missing_as_none",
    "non_negative_int",
    "optional_bool",
    "optional_real",
    "optional_str",
    "str_key_mapping",
    "tuple_of",
]


def _name(attribute: Any) -> str:
    return str(getattr(attribute, "name", attribute))


def missing_as_none(convert: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """Converter: ``None``, ``NaN``, ``pd.NA`` become ``None``; else ``convert(value)``."""

    def conv(value: Any) -> Any:
        if is_missing(value):
            return None
        return value if convert is None else convert(value)

    return conv


def optional_real(
    minimum: float | None = None, maximum: float | None = None, *, what: str | None = None
) -> Callable[[Any, Any, Any], None]:
    """Attrs validator: ``None`` or a finite real within the bounds."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        if value is None:
            return
        name = _name(attribute)
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
            raise type_error(name, "a number or None", value)
        v = check_real(name, value, minimum=minimum)
        if maximum is not None and v > maximum:
            raise value_error(name, what or f"<= {maximum}", value)

    return validate


def optional_bool(inst: object, attribute: Any, value: object) -> None:
    """Attrs validator: ``None`` or a real ``bool``."""
    if value is not None and not isinstance(value, bool):
        raise type_error(_name(attribute), "True, False or None", value)


def optional_str(what: str) -> Callable[[Any, Any, Any], None]:
    """Attrs validator: ``None`` or a non-blank string described as ``what``."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        if value is None:
            return
        name = _name(attribute)
        if not isinstance(value, str):
            raise type_error(name, f"{what} or None", value)
        if not value.strip():
            raise value_error(name, f"{what} (non-empty)", value)

    return validate


def tuple_of(kind: type, what: str, plural: str) -> Callable[[Any, Any, Any], None]:
    """Attrs validator: a tuple (never a string) of ``kind`` instances (``what`` each)."""

    def check(path: str, element: Any) -> Any:
        if not isinstance(element, kind):
            raise type_error(path, what, element)
        return element

    def validate(inst: object, attribute: Any, value: object) -> None:
        name = _name(attribute)
        if not isinstance(value, tuple):
            raise type_error(name, f"a list of {plural}", value)
        check_sequence(name, value, check)

    return validate


def as_mapping(value: Any) -> Any:
    """Converter: any mapping (or pandas Series) becomes a plain ``dict``."""
    try:
        return dict(check_mapping("value", value))
    except Exception:
        return value


def str_key_mapping(
    check_value: Callable[[str, Any], Any],
) -> Callable[[Any, Any, Any], None]:
    """Attrs validator: a mapping of non-empty string keys to values ``check_value`` accepts."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        name = _name(attribute)
        if not isinstance(value, Mapping):
            raise type_error(name, "a mapping", value)
        for key, v in value.items():
            check_str(f"{name} key", key)
            check_value(f"{name}[{key}]", v)

    return validate


def int_values(value: Any) -> Any:
    """Converter: a mapping's NumPy integer values become ``int``."""
    value = as_mapping(value)
    if isinstance(value, dict):
        return {k: int(v) if _integral(v) else v for k, v in value.items()}
    return value


def bool_values(value: Any) -> Any:
    """Converter: a mapping's NumPy booleans become ``bool``."""
    value = as_mapping(value)
    if isinstance(value, dict):
        return {k: as_bool(v) for k, v in value.items()}
    return value


def _integral(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def non_negative_int(path: str, value: Any) -> int:
    """Item check: an integer >= 0."""
    return check_int(path, value, minimum=0)


def boolean(path: str, value: Any) -> bool:
    """Item check: a ``bool``."""
    return check_bool(path, value)


def exact(field: str, value: object) -> Fraction:
    """A real number as an exact fraction, a float read as the decimal it prints as.

    ``0.8`` is 4/5 (not the binary double just above it), so shares and
    thresholds compare exactly: ten equal customers put exactly 80% before
    the ninth. NaN and infinities are refused.

    Example:
        >>> exact("a", 0.8), exact("a", 3)
        (Fraction(4, 5), Fraction(3, 1))
    """
    check_real(field, value)
    if _integral(value):
        return Fraction(int(value))  # type: ignore[call-overload]
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, decimal.Decimal):
        return Fraction(value)
    return Fraction(repr(float(value)))  # type: ignore[arg-type]


def check_id(field: str, value: object) -> str | int:
    """A row's id: a non-empty string or an integer (NumPy integers become ``int``)."""
    if is_missing(value):
        raise value_error(field, "an id (a string or an integer), not missing", value)
    if _integral(value):
        return int(value)  # type: ignore[call-overload, no-any-return]
    if isinstance(value, str):
        return check_str(field, value)
    raise type_error(field, "an id (a string or an integer)", value)
