"""Validators shared by the workflow's input types, all through :mod:`qmscore._checks`.

Sequence fields pair these validators with the ``as_tuple`` converter, so a
list arrives as a tuple and a string (never a list of characters) is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from qmscore._checks import (
    check_choice,
    check_date,
    check_datetime,
    check_instance,
    check_mapping,
    check_sequence,
    check_str,
    value_error,
)
from qmscore.errors import InvalidInputError
from qmscore.workdays import WorkCalendar

Validator = Callable[[Any, Any, Any], None]


def _name(attribute: Any) -> str:
    return str(getattr(attribute, "name", attribute))


def text(inst: Any, attribute: Any, value: Any) -> None:
    """A string, possibly empty (free-text form fields)."""
    check_str(_name(attribute), value, empty=True)


def choices_tuple(options: Iterable[str], *, optional: bool = False) -> Validator:
    """A tuple (never a string) whose items are each one of ``options``."""
    allowed = tuple(options)

    def validate(inst: Any, attribute: Any, value: Any) -> None:
        if optional and value is None:
            return
        check_sequence(_name(attribute), value, lambda f, v: check_choice(f, v, allowed))

    return validate


def str_tuple(inst: Any, attribute: Any, value: Any) -> None:
    """A tuple of non-empty strings (never a string)."""
    check_sequence(_name(attribute), value, check_str)


def optional_date(inst: Any, attribute: Any, value: Any) -> None:
    """None or a date (not a datetime)."""
    if value is not None:
        check_date(_name(attribute), value)


def optional_datetime(inst: Any, attribute: Any, value: Any) -> None:
    """None or a datetime."""
    if value is not None:
        check_datetime(_name(attribute), value)


def str_mapping(values: Iterable[str] | None = None) -> Validator:
    """A mapping of non-empty strings to non-empty strings (values among ``values``)."""
    allowed = None if values is None else tuple(values)

    def validate(inst: Any, attribute: Any, value: Any) -> None:
        name = _name(attribute)
        mapping = check_mapping(name, value)
        for key, item in mapping.items():
            check_str(f"{name} key", key)
            if allowed is None:
                check_str(f"{name}[{key}]", item)
            else:
                check_choice(f"{name}[{key}]", item, allowed)

    return validate


def as_dict(value: Any) -> Any:
    """Converter: a pandas Series or other row becomes a dict; junk passes through."""
    if isinstance(value, Mapping):
        return value
    try:
        return dict(check_mapping("mapping", value))
    except InvalidInputError:
        return value


def calendar(value: object) -> WorkCalendar:
    """A :class:`WorkCalendar` or our wrong-type error."""
    return check_instance("calendar", value, WorkCalendar, "a WorkCalendar")


def same_kind_as(field: str, value: object, reference: dt.datetime, what: str) -> dt.datetime:
    """A datetime, naive exactly when ``reference`` is (mixing is refused)."""
    moment = check_datetime(field, value)
    if (moment.tzinfo is None) != (reference.tzinfo is None):
        kind = "naive" if reference.tzinfo is None else "aware"
        raise value_error(
            field, f"{kind} like {what} (a naive and an aware time do not mix)", value
        )
    return moment


def date_validator(inst: Any, attribute: Any, value: Any) -> None:
    """A date (not a datetime)."""
    check_date(_name(attribute), value)


def instance(kind: type, what: str) -> Validator:
    """An instance of ``kind`` (our wrong-type error otherwise)."""

    def validate(inst: Any, attribute: Any, value: Any) -> None:
        check_instance(_name(attribute), value, kind, what)

    return validate


def instances(kind: type, what: str) -> Validator:
    """A tuple (never a string) of instances of ``kind``."""

    def validate(inst: Any, attribute: Any, value: Any) -> None:
        check_sequence(_name(attribute), value, lambda f, v: check_instance(f, v, kind, what))

    return validate
