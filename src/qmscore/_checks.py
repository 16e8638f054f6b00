"""The one input layer: every public entry and input type validates through here.

The same value means the same thing everywhere:

- integers: any :class:`numbers.Integral` except ``bool`` (NumPy and pandas
  integers included), returned as a plain ``int``;
- reals: any :class:`numbers.Real` or :class:`decimal.Decimal`, finite unless
  the caller allows otherwise, returned as a plain ``float``;
- booleans: ``bool`` (or NumPy's ``bool_``) only: ``"no"`` is not ``False``;
- missing answers: ``None``, ``NaN``, ``pd.NA`` and ``pd.NaT`` all mean "not
  answered" (:func:`is_missing`);
- rows: any :class:`~collections.abc.Mapping` and anything row-like with
  ``keys()`` and item access (a pandas ``Series``);
- sequences: any iterable except ``str``, ``bytes`` and mappings, so a string
  is never read as a list of characters;
- datetimes: ``datetime`` or an ISO 8601 string (``Z`` and offsets on every
  supported Python).

A wrong type raises :class:`~qmscore.errors.InvalidTypeError` (also a
``TypeError``); a bad value raises :class:`~qmscore.errors.InvalidInputError`.
Both name the field, the expectation and the value. attrs' own validators
raise attrs' wording, so public types use the validators here instead.

Example:
    >>> from qmscore._checks import check_int, check_real, is_missing
    >>> check_int("lot_size", 500)
    500
    >>> check_real("p", 0.5, minimum=0, maximum=1)
    0.5
    >>> is_missing(float("nan")), is_missing(0)
    (True, False)
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from qmscore.errors import InvalidInputError, InvalidTypeError

__all__ = [
    "MAX_ITEMS",
    "as_bool",
    "as_choice",
    "as_date",
    "as_datetime",
    "as_int",
    "as_optional_datetime",
    "as_real",
    "as_str_tuple",
    "as_tuple",
    "check_bool",
    "check_choice",
    "check_date",
    "check_datetime",
    "check_instance",
    "check_int",
    "check_mapping",
    "check_number",
    "check_probability",
    "check_real",
    "check_sequence",
    "check_str",
    "check_timedelta",
    "is_missing",
    "non_empty_str",
    "one_of",
    "optional_str",
    "parse_datetime",
]

T = TypeVar("T")

MAX_ITEMS = 10_000_000
"""Resource bound for anything a number turns into a list (schedules, grids)."""


def _name(attribute: Any) -> str:
    return str(getattr(attribute, "name", attribute))


def _short(value: Any) -> Any:
    # A 100 kB string in an error message helps nobody.
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    if isinstance(value, bytes) and len(value) > 80:
        return value[:77] + b"..."
    return value


def type_error(field: str, expected: str, value: Any) -> InvalidTypeError:
    """Build the wrong-type error ``'field' must be <expected> (got <value>)``."""
    v = _short(value)
    return InvalidTypeError(
        f"{field!r} must be {expected} (got {v!r})",
        field=field,
        value=v,
    )


def value_error(field: str, expected: str, value: Any) -> InvalidInputError:
    """Build the bad-value error ``'field' must be <expected> (got <value>)``."""
    return InvalidInputError.constraint(field, expected, _short(value))


# --------------------------------------------------------------------- scalars


def _is_numpy_bool(value: Any) -> bool:
    t = type(value)
    return t.__module__ == "numpy" and t.__name__ in ("bool_", "bool")


def is_missing(value: Any) -> bool:
    """True for ``None``, NaN (float or Decimal), ``pd.NA`` and ``pd.NaT``.

    Example:
        >>> is_missing(None), is_missing(float("nan")), is_missing("")
        (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return True
    if isinstance(value, decimal.Decimal):
        return value.is_nan()
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        try:
            return bool(value != value)
        except (TypeError, ValueError):  # pragma: no cover - exotic reals
            return False
    return False


def check_int(
    field: str, value: object, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` as a plain ``int`` if it is an integer within the bounds.

    Any :class:`numbers.Integral` except ``bool`` is accepted (``numpy.int64``
    included).

    Example:
        >>> import numpy as np
        >>> check_int("n", np.int64(5), minimum=1)
        5
    """
    if isinstance(value, bool) or _is_numpy_bool(value) or not isinstance(value, numbers.Integral):
        raise type_error(field, "an integer", value)
    v = int(value)
    if minimum is not None and v < minimum:
        raise value_error(field, f">= {minimum}", v)
    if maximum is not None and v > maximum:
        raise value_error(field, f"<= {maximum}", v)
    return v


def check_real(
    field: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    finite: bool = True,
    min_exclusive: bool = False,
    max_exclusive: bool = False,
) -> float:
    """Return ``value`` as a ``float`` if it is a real number within the bounds.

    Any :class:`numbers.Real` (NumPy floats, ``Fraction``) or ``Decimal`` is
    accepted; ``bool`` is not. NaN is always refused; infinities unless
    ``finite=False``. A value too large for a float is refused, not rounded
    to infinity.
    """
    if (
        isinstance(value, bool)
        or _is_numpy_bool(value)
        or not isinstance(value, (numbers.Real, decimal.Decimal))
    ):
        raise type_error(field, "a number", value)
    try:
        v = float(value)
    except (OverflowError, ValueError, TypeError):
        raise value_error(field, "a number a float can hold", value) from None
    if v != v:
        raise value_error(field, "finite (not NaN)", value)
    if math.isinf(v) and isinstance(value, decimal.Decimal) and value.is_finite():
        raise value_error(field, "a number a float can hold", value)
    if finite and math.isinf(v):
        raise value_error(field, "finite", value)
    if minimum is not None and (v <= minimum if min_exclusive else v < minimum):
        raise value_error(field, f"{'>' if min_exclusive else '>='} {minimum}", value)
    if maximum is not None and (v >= maximum if max_exclusive else v > maximum):
        raise value_error(field, f"{'<' if max_exclusive else '<='} {maximum}", value)
    return v


def check_number(
    field: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a finite float within the bounds (see :func:`check_real`)."""
    return check_real(field, value, minimum=minimum, maximum=maximum)


def check_probability(field: str, value: object) -> float:
    """Return ``value`` as a float if it is a number in [0, 1]."""
    v = check_real(field, value)
    if not 0.0 <= v <= 1.0:
        raise value_error(field, "in [0, 1]", value)
    return v


def check_bool(field: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool`` (or NumPy ``bool_``); never guess.

    Example:
        >>> check_bool("satisfied", "no")
        Traceback (most recent call last):
        ...
        qmscore.errors.InvalidTypeError: 'satisfied' must be True or False (got 'no')
    """
    if isinstance(value, bool):
        return value
    if _is_numpy_bool(value):
        return bool(value)
    raise type_error(field, "True or False", value)


def check_str(field: str, value: object, *, empty: bool = False) -> str:
    """Return ``value`` if it is a string (non-blank unless ``empty``)."""
    if not isinstance(value, str):
        raise type_error(field, "a string" if empty else "a non-empty string", value)
    if not empty and not value.strip():
        raise value_error(field, "a non-empty string", value)
    return value


def check_choice(field: str, value: object, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``choices`` (compared by equality, hashable)."""
    options = tuple(choices)
    try:
        hash(value)
    except TypeError:
        raise type_error(field, f"one of {options}", value) from None
    if isinstance(value, bool) and not any(isinstance(c, bool) for c in options):
        raise value_error(field, f"one of {options}", value)
    if value not in options:
        raise value_error(field, f"one of {options}", value)
    return value


def check_instance(field: str, value: object, kind: type[T] | tuple[type, ...], what: str) -> T:
    """Return ``value`` if it is an instance of ``kind``; else a wrong-type error."""
    if not isinstance(value, kind):
        raise type_error(field, what, value)
    return value  # type: ignore[return-value]


def check_timedelta(
    field: str, value: object, *, minimum: dt.timedelta | None = None
) -> dt.timedelta:
    """Return ``value`` if it is a ``timedelta`` at or above ``minimum``."""
    if not isinstance(value, dt.timedelta):
        raise type_error(field, "a timedelta", value)
    if minimum is not None and value < minimum:
        raise value_error(field, f">= {minimum}", value)
    return value


# ------------------------------------------------------------- dates and times


def parse_datetime(field: str, text: str) -> dt.datetime:
    """Parse an ISO 8601 date-time, ``Z`` and offsets included, on any Python."""
    s = text.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        return dt.datetime.fromisoformat(s)
    except ValueError:
        raise value_error(field, "an ISO 8601 date-time", text) from None


def check_datetime(field: str, value: object) -> dt.datetime:
    """Return a ``datetime``; ISO 8601 strings are parsed (``Z`` included).

    Example:
        >>> check_datetime("at", "2026-09-30T08:00:00Z").isoformat()
        '2026-09-30T08:00:00+00:00'
    """
    if isinstance(value, dt.datetime):
        if is_missing(value):
            raise value_error(field, "a date-time, not NaT", value)
        return value
    if isinstance(value, str):
        return parse_datetime(field, value)
    raise type_error(field, "a datetime or an ISO 8601 string", value)


def check_date(field: str, value: object) -> dt.date:
    """Return a ``date`` (not a ``datetime``); ISO 8601 date strings are parsed."""
    if isinstance(value, dt.datetime):
        raise type_error(field, "a date (not a datetime)", value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise value_error(field, "an ISO 8601 date", value) from None
    raise type_error(field, "a date or an ISO 8601 date string", value)


# ------------------------------------------------------------ rows and lists


def check_mapping(field: str, value: object) -> Mapping[Any, Any]:
    """Return a mapping view of ``value``: any Mapping, or a row with ``keys()``.

    A pandas ``Series`` (``df.apply(f, axis=1)``) is read as its items.
    """
    if isinstance(value, Mapping):
        return value
    keys = getattr(value, "keys", None)
    if callable(keys) and hasattr(value, "__getitem__") and not isinstance(value, type):
        try:
            return {k: value[k] for k in keys()}
        except Exception:
            raise type_error(field, "a mapping", value) from None
    raise type_error(field, "a mapping", value)


def check_sequence(
    field: str,
    value: object,
    item: Callable[[str, Any], T] | None = None,
    *,
    max_items: int = MAX_ITEMS,
    min_items: int = 0,
) -> tuple[T, ...]:
    """Return ``value`` as a tuple, each element checked by ``item(path, element)``.

    A ``str``, ``bytes`` or mapping is refused: a string is never a list of
    characters.
    """
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise type_error(field, "a list", value)
    out: list[Any] = []
    try:
        for i, element in enumerate(value):
            if i >= max_items:
                raise value_error(field, f"at most {max_items} items long", "...")
            out.append(element if item is None else item(f"{field}[{i}]", element))
    except InvalidInputError:
        raise
    except TypeError:
        raise type_error(field, "a list", value) from None
    if len(out) < min_items:
        raise value_error(field, f"at least {min_items} items long", value)
    return tuple(out)


# ------------------------------------------------------ attrs validators
# Each validator declares what it checks as ``json_schema`` so that
# qmscore.schema can tell a UI the same bounds and choices.


def _declare(fn: Callable[..., Any], schema: dict[str, Any]) -> Callable[[Any, Any, Any], None]:
    setattr(fn, "json_schema", schema)  # noqa: B010 - functions take attributes
    return fn


def non_empty_str(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: a non-empty string."""
    check_str(_name(attribute), value)


def optional_str(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: None or a non-empty string."""
    if value is not None:
        check_str(_name(attribute), value)


_declare(non_empty_str, {"minLength": 1})


def int_validator(
    minimum: int | None = None, maximum: int | None = None
) -> Callable[[Any, Any, Any], None]:
    """Attrs validator factory around :func:`check_int`."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        check_int(_name(attribute), value, minimum=minimum, maximum=maximum)

    return _declare(validate, _bounds(minimum, maximum))


def _bounds(minimum: float | None, maximum: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if minimum is not None:
        out["minimum"] = minimum
    if maximum is not None:
        out["maximum"] = maximum
    return out


def one_of(choices: tuple[Any, ...]) -> Callable[[Any, Any, Any], None]:
    """Attrs validator factory: value must be one of ``choices``."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        check_choice(_name(attribute), value, choices)

    return _declare(validate, {"enum": list(choices)})


def bool_validator(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: a real ``bool``."""
    check_bool(_name(attribute), value)


def optional_bool_validator(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: None or a real ``bool``."""
    if value is not None:
        check_bool(_name(attribute), value)


def real_validator(
    minimum: float | None = None, maximum: float | None = None, *, finite: bool = True
) -> Callable[[Any, Any, Any], None]:
    """Attrs validator factory around :func:`check_real`."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        check_real(_name(attribute), value, minimum=minimum, maximum=maximum, finite=finite)

    return _declare(validate, _bounds(minimum, maximum))


def datetime_validator(inst: Any, attribute: Any, value: Any) -> None:
    """Attrs validator: a ``datetime`` (after :func:`as_datetime` conversion)."""
    check_datetime(_name(attribute), value)


def fixed(expected: Any) -> Callable[[Any, Any, Any], None]:
    """Attrs validator: the field may only hold ``expected`` (an event's ``kind``)."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        if value != expected or type(value) is not type(expected):
            raise value_error(_name(attribute), f"{expected!r} (it is fixed)", value)

    return _declare(validate, {"const": expected})


# ------------------------------------------------------- attrs converters
# Converters normalise what users really pass (numpy numbers, ISO strings,
# lists) into the one plain form the library computes with. A value of the
# wrong kind is passed through unchanged so the field's validator names it.


def as_int(value: Any) -> Any:
    """Converter: NumPy/pandas integers become ``int``; anything else unchanged."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return value


def as_real(value: Any) -> Any:
    """Converter: any real number becomes ``float`` (ints stay exact ints)."""
    if isinstance(value, bool) or _is_numpy_bool(value):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        try:
            v = float(value)
        except (OverflowError, ValueError):
            return value
        # Decimal('1e400') is finite but becomes inf: leave it for the validator.
        big = isinstance(value, decimal.Decimal) and value.is_finite()
        return value if math.isinf(v) and big else v
    return value


def as_bool(value: Any) -> Any:
    """Converter: NumPy's ``bool_`` becomes ``bool``; anything else unchanged."""
    return bool(value) if _is_numpy_bool(value) else value


def as_datetime(value: Any) -> Any:
    """Converter: ISO 8601 strings become ``datetime``; anything else unchanged."""
    if isinstance(value, str):
        try:
            return parse_datetime("at", value)
        except InvalidInputError:
            return value
    return value


def as_optional_datetime(value: Any) -> Any:
    """Converter: like :func:`as_datetime`, ``None`` kept."""
    return None if value is None else as_datetime(value)


def as_date(value: Any) -> Any:
    """Converter: ISO 8601 date strings become ``date``; anything else unchanged."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def as_tuple(value: Any) -> Any:
    """Converter: a list or other non-string iterable becomes a tuple."""
    if isinstance(value, (str, bytes, bytearray, Mapping, tuple)) or not isinstance(
        value, Iterable
    ):
        return value
    try:
        return tuple(value)
    except TypeError:  # pragma: no cover - iterables that refuse iteration
        return value


def as_str_tuple(value: Any) -> Any:
    """Converter: like :func:`as_tuple`; ``None`` kept."""
    return None if value is None else as_tuple(value)


def as_choice(value: Any) -> Any:
    """Converter placeholder kept for symmetry: choices are validated, not converted."""
    return value


def str_tuple_validator(*, empty_ok: bool = True) -> Callable[[Any, Any, Any], None]:
    """Attrs validator factory: a tuple of non-empty strings (never a string)."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        name = _name(attribute)
        items = check_sequence(name, value, check_str)
        if not empty_ok and not items:
            raise value_error(name, "a non-empty list", value)

    schema: dict[str, Any] = {"items": {"type": "string", "minLength": 1}}
    if not empty_ok:
        schema["minItems"] = 1
    return _declare(validate, schema)
