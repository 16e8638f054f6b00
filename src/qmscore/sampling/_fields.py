"""Attrs field helpers shared by the sampling input types (through the input layer).

Every helper validates with :mod:`qmscore._checks`, so a NumPy integer is
stored as an ``int``, a NumPy ``bool_`` as a ``bool``, and ``"no"`` is never
a boolean.
"""

from __future__ import annotations

from typing import Any

import attrs

from qmscore._checks import (
    as_bool,
    as_int,
    bool_validator,
    check_bool,
    check_instance,
    check_int,
    check_sequence,
    int_validator,
    optional_bool_validator,
)
from qmscore.explain import Reason

__all__ = [
    "bool_items",
    "count_field",
    "flag_field",
    "optional_count",
    "optional_count_items",
    "optional_flag_field",
    "reason_items",
]


def count_field(minimum: int) -> dict[str, Any]:
    """``attrs.field`` arguments of an integer field: NumPy integers kept as int."""
    return {"converter": as_int, "validator": int_validator(minimum)}


def flag_field(default: bool) -> Any:
    """A keyword-only boolean field: ``bool`` or NumPy ``bool_`` only."""
    return attrs.field(default=default, kw_only=True, converter=as_bool, validator=bool_validator)


def optional_flag_field() -> Any:
    """A keyword-only field holding a boolean or None (not known)."""
    return attrs.field(
        default=None, kw_only=True, converter=as_bool, validator=optional_bool_validator
    )


def optional_count(inst: object, attribute: Any, value: object) -> None:
    """Validator: None or an integer >= 0."""
    if value is not None:
        check_int(attribute.name, value, minimum=0)


def bool_items(inst: object, attribute: Any, value: object) -> None:
    """Validator: a list of booleans (never a string)."""
    check_sequence(attribute.name, value, check_bool, max_items=10_000)


def optional_count_items(inst: object, attribute: Any, value: object) -> None:
    """Validator: a list of integers >= 0 or None."""
    check_sequence(
        attribute.name,
        value,
        lambda f, v: None if v is None else check_int(f, v, minimum=0),
        max_items=10_000,
    )


def reason_items(inst: object, attribute: Any, value: object) -> None:
    """Validator: a list of :class:`~qmscore.explain.Reason`."""
    check_sequence(
        attribute.name,
        value,
        lambda f, r: check_instance(f, r, Reason, "a Reason"),
        max_items=1000,
    )
