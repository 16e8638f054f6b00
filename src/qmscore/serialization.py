"""One cattrs converter for every public qmscore type.

Results, rule sets and plans are frozen attrs classes; this module turns them
into JSON-ready dicts and back. Structuring is strict: unknown keys and wrong
types are rejected (``"3"`` is not silently read as ``3``), and every problem
is reported with its JSON path, as one :class:`~qmscore.errors.InvalidInputError`.

Example:
    >>> from qmscore.explain import Reason
    >>> from qmscore.serialization import from_dict, to_dict
    >>> data = to_dict(Reason("demo", "hello", "你好"))
    >>> data["zh"]
    '你好'
    >>> from_dict(data, Reason) == Reason("demo", "hello", "你好")
    True
    >>> from_dict({"code": "x", "en": "a", "zh": "b", "colour": 1}, Reason)
    Traceback (most recent call last):
    ...
    qmscore.errors.InvalidInputError: cannot read Reason: extra fields found (colour) @ $
"""

from __future__ import annotations

import collections
import datetime as dt
import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal, TypeVar, get_args, get_origin

import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_mutable_sequence,
    is_namedtuple,
    is_sequence,
    list_structure_factory,
)
from cattrs.errors import ClassValidationError, IterableValidationError

from qmscore.errors import InvalidInputError, QmsError

__all__ = ["converter", "from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")


def _strict(kind: type[Any], *accepted: type[Any]) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {kind.__name__}, got bool")
        if not isinstance(value, accepted):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return kind(value)

    return hook


def _parse(kind: type[Any], parse: Any) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, kind):
            return value
        if not isinstance(value, str):
            raise TypeError(f"expected an ISO 8601 {kind.__name__} string")
        return parse(value)

    return hook


def _timedelta(value: Any, _: Any) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("expected a duration in seconds")
    return dt.timedelta(seconds=value)


def _fraction(value: Any, _: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError("expected a fraction as 'p/q' or an integer")
    return Fraction(value)


def _refuse_text(inner: Any) -> Any:
    # A JSON string where a list belongs is an error, never a list of characters.
    def hook(value: Any, type_: Any) -> Any:
        if isinstance(value, (str, bytes, bytearray, Mapping)):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return inner(value, type_)

    return hook


def _is_list_like(type_: Any) -> bool:
    origin = get_origin(type_) or type_
    if origin is collections.deque or is_namedtuple(type_):
        return False
    return origin is tuple or is_sequence(type_)


def _sequences(conv: cattrs.Converter) -> None:
    # Same hooks as cattrs' own, behind a guard against strings and mappings.
    def factory(type_: Any) -> Any:
        if (get_origin(type_) or type_) is tuple:
            args = get_args(type_)
            if args and not (len(args) == 2 and args[1] is Ellipsis):
                return _refuse_text(conv.gen_structure_hetero_tuple(type_))
            return _refuse_text(homogenous_tuple_structure_factory(type_, conv))
        if is_mutable_sequence(type_):
            return _refuse_text(list_structure_factory(type_, conv))
        return _refuse_text(homogenous_tuple_structure_factory(type_, conv))

    conv.register_structure_hook_factory(_is_list_like, factory)


def _build() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(int, _strict(int, int))
    conv.register_structure_hook(float, _strict(float, int, float))
    conv.register_structure_hook(str, _strict(str, str))
    conv.register_structure_hook(bool, _strict(bool, bool))
    # datetime before date: datetime is a subclass of date.
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_structure_hook(dt.datetime, _parse(dt.datetime, dt.datetime.fromisoformat))
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, _parse(dt.date, dt.date.fromisoformat))
    conv.register_unstructure_hook(dt.time, dt.time.isoformat)
    conv.register_structure_hook(dt.time, _parse(dt.time, dt.time.fromisoformat))
    conv.register_unstructure_hook(dt.timedelta, dt.timedelta.total_seconds)
    conv.register_structure_hook(dt.timedelta, _timedelta)
    conv.register_unstructure_hook(Fraction, str)
    conv.register_structure_hook(Fraction, _fraction)
    _sequences(conv)
    return conv


converter: cattrs.Converter = _build()
"""The shared converter. Treat it as read-only: register hooks on a copy
(``converter.copy()``) if you need different behaviour."""


def to_dict(obj: Any) -> Any:
    """Unstructure a qmscore value into JSON-ready builtins."""
    return converter.unstructure(obj)


def from_dict(data: Any, cls: type[T]) -> T:
    """Structure ``data`` into ``cls``, raising InvalidInputError with JSON paths.

    Raises:
        InvalidInputError: unknown keys, wrong types or values our own
            validators reject; the message lists every problem with its path.
    """
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = cattrs.transform_error(exc, path="$", format_exception=_describe_plain)
        name = getattr(cls, "__name__", str(cls))
        raise InvalidInputError(f"cannot read {name}: " + "; ".join(problems)) from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        name = getattr(cls, "__name__", str(cls))
        raise InvalidInputError(f"cannot read {name}: {exc} @ $") from exc


def _describe_plain(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, QmsError):
        return str(exc)
    if get_origin(type_) is Literal:
        return f"must be one of {get_args(type_)}"
    if isinstance(exc, TypeError) and str(exc).startswith("expected"):
        return f"invalid value for type, {exc}"
    return cattrs.v.format_exception(exc, type_)


def to_json(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(to_dict(obj))``; keyword arguments go to :func:`json.dumps`."""
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(to_dict(obj), **kwargs)


def from_json(text: str, cls: type[T]) -> T:
    """Parse JSON text and structure it into ``cls``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"cannot read {cls.__name__}: invalid JSON ({exc})") from exc
    return from_dict(data, cls)
