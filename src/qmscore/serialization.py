"""One cattrs converter for every public qmscore type.

Results, rule sets and plans are frozen attrs classes; this module turns them
into JSON-ready dicts and back. Structuring is strict: unknown keys and wrong
types are rejected (``"3"`` is not silently read as ``3``), and every problem
is reported with its JSON path, as one :class:`~qmscore.errors.InvalidInputError`.

Example:
    >>> from qmscore.explain import Reason
    >>> from qmscore.errors import InvalidInputError
    >>> from qmscore.serialization import from_dict, to_dict
    >>> data = to_dict(Reason("demo", "hello", "你好"))
    >>> data["zh"]
    '你好'
    >>> from_dict(data, Reason) == Reason("demo", "hello", "你好")
    True
    >>> try:
    ...     from_dict({"code": "x", "en": "a", "zh": "b", "colour": 1}, Reason)
    ... except InvalidInputError as err:
    ...     print(err.problems[0].message)
    unknown fields ['colour'] (allowed: code, en, zh, source)
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import numbers
from collections import abc
from fractions import Fraction
from typing import Any, Literal, TypeVar, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from qmscore._checks import parse_datetime, type_error
from qmscore._display import Results
from qmscore.errors import InvalidInputError, Problem, QmsError

__all__ = ["converter", "from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")


MAX_ERRORS = 20
"""Errors collected from one list before the converter stops reading it."""


def _strict(kind: type[Any], *accepted: type[Any]) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {_WORDS.get(kind, kind.__name__)}, got bool")
        if not isinstance(value, accepted):
            raise TypeError(
                f"expected {_WORDS.get(kind, kind.__name__)}, got {type(value).__name__}"
            )
        return kind(value)

    return hook


_WORDS: dict[Any, str] = {
    int: "an integer",
    float: "a number",
    str: "a string",
    bool: "true or false",
}


def _int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return int(value)


def _float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"expected a finite number, got {value!r}")
    return v


def _datetime(value: Any, _: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise TypeError("expected an ISO 8601 date-time string")
    try:
        return parse_datetime("value", value)
    except InvalidInputError:
        raise ValueError(f"expected an ISO 8601 date-time, got {value!r}") from None


def _parse(kind: type[Any], parse: Any) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, kind) and not (kind is dt.date and isinstance(value, dt.datetime)):
            return value
        if not isinstance(value, str):
            raise TypeError(f"expected an ISO 8601 {kind.__name__} string")
        return parse(value)

    return hook


def _timedelta(value: Any, _: Any) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
        raise TypeError("expected a duration in seconds")
    v = _float(value, float)
    try:
        return dt.timedelta(seconds=v)
    except OverflowError:
        raise ValueError(f"expected a duration a timedelta can hold, got {value!r}") from None


def _fraction(value: Any, _: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError("expected a fraction as 'p/q' or an integer")
    return Fraction(value)


def _is_homogeneous(type_: Any) -> bool:
    origin = get_origin(type_)
    args = get_args(type_)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return origin in (list, set, frozenset, abc.Sequence, abc.MutableSequence, abc.Set)


def _sequence_factory(conv: cattrs.Converter) -> Any:
    # A string is never a list of characters, and a list of 100,000 bad items
    # stops after MAX_ERRORS of them.
    def factory(type_: Any) -> Any:
        origin = get_origin(type_)
        (elem, *_) = get_args(type_) or (Any,)
        make = {list: list, set: set, frozenset: frozenset, abc.Set: frozenset}.get(origin, tuple)

        def hook(value: Any, _: Any) -> Any:
            if isinstance(value, (str, bytes, bytearray, abc.Mapping)) or not isinstance(
                value, (list, tuple)
            ):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            handler = conv.get_structure_hook(elem)
            out: list[Any] = []
            errors: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    out.append(handler(item, elem))
                except Exception as exc:
                    note = IterableValidationNote(f"Structuring {type_} @ index {i}", i, elem)
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                    errors.append(exc)
                    if len(errors) >= MAX_ERRORS:
                        break
            if errors:
                raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
            return make(out)

        return hook

    return factory


def _fixed_tuple_factory(conv: cattrs.Converter) -> Any:
    def factory(type_: Any) -> Any:
        args = get_args(type_)

        def hook(value: Any, _: Any) -> Any:
            if isinstance(value, (str, bytes, bytearray, abc.Mapping)) or not isinstance(
                value, (list, tuple)
            ):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            if len(value) != len(args):
                raise ValueError(f"expected a list of {len(args)} items, got {len(value)}")
            return tuple(conv.structure(v, t) for v, t in zip(value, args, strict=False))

        return hook

    return factory


def _is_fixed_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and not _is_homogeneous(type_) and bool(get_args(type_))


def _is_mapping(type_: Any) -> bool:
    return get_origin(type_) in (dict, abc.Mapping, abc.MutableMapping)


def _mapping_factory(conv: cattrs.Converter) -> Any:
    def factory(type_: Any) -> Any:
        key, val = get_args(type_) or (Any, Any)

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, abc.Mapping):
                raise TypeError(f"expected an object (a mapping), got {type(value).__name__}")
            kh, vh = conv.get_structure_hook(key), conv.get_structure_hook(val)
            return {kh(k, key): vh(v, val) for k, v in value.items()}

        return hook

    return factory


def _attrs_factory(conv: cattrs.Converter) -> Any:
    # A list where an object belongs says so, not "'list' object has no attribute 'keys'".
    def factory(type_: Any) -> Any:
        inner = make_dict_structure_fn(
            type_,
            conv,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
        )

        def hook(value: Any, cls: Any) -> Any:
            if not isinstance(value, abc.Mapping):
                raise TypeError(f"expected an object (a mapping), got {type(value).__name__}")
            return inner(value, cls)

        return hook

    return factory


def _build() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(str, _strict(str, str))
    conv.register_structure_hook(bool, _strict(bool, bool))
    # datetime before date: datetime is a subclass of date.
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_structure_hook(dt.datetime, _datetime)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, _parse(dt.date, dt.date.fromisoformat))
    conv.register_unstructure_hook(dt.time, dt.time.isoformat)
    conv.register_structure_hook(dt.time, _parse(dt.time, dt.time.fromisoformat))
    conv.register_unstructure_hook(dt.timedelta, dt.timedelta.total_seconds)
    conv.register_structure_hook(dt.timedelta, _timedelta)
    conv.register_unstructure_hook(Fraction, str)
    conv.register_structure_hook(Fraction, _fraction)
    conv.register_structure_hook_factory(_is_homogeneous, _sequence_factory(conv))
    conv.register_structure_hook_factory(_is_fixed_tuple, _fixed_tuple_factory(conv))
    conv.register_structure_hook_factory(_is_mapping, _mapping_factory(conv))
    conv.register_structure_hook_factory(attrs.has, _attrs_factory(conv))
    # A batch function's Results is a tuple: a JSON list, read back as Results[T].
    conv.register_unstructure_hook_func(_is_results, lambda v: [conv.unstructure(x) for x in v])
    conv.register_structure_hook_factory(_is_results_of, _results_factory(conv))
    return conv


def _is_results(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, Results)


def _is_results_of(type_: Any) -> bool:
    return _is_results(get_origin(type_))


def _results_factory(conv: cattrs.Converter) -> Any:
    def factory(type_: Any) -> Any:
        items: Any = tuple[get_args(type_)[0], ...]  # type: ignore[misc]

        def hook(value: Any, _: Any) -> Any:
            return Results(conv.structure(value, items))

        return hook

    return factory


converter: cattrs.Converter = _build()
"""The shared converter. Treat it as read-only: register hooks on a copy
(``converter.copy()``) if you need different behaviour."""


def to_dict(obj: Any) -> Any:
    """Unstructure a qmscore value into JSON-ready builtins."""
    return converter.unstructure(obj)


def _type_name(cls: Any) -> str:
    args = get_args(cls)
    if args and all(attrs.has(a) for a in args):  # a union such as Event
        kinds = [_kind(a) for a in args]
        if all(kinds):
            return "an event (kind one of " + ", ".join(repr(k) for k in kinds) + ")"
        return " | ".join(a.__name__ for a in args)
    return str(getattr(cls, "__name__", cls))


def _kind(cls: Any) -> str | None:
    field = getattr(attrs.fields(cls), "kind", None)
    default = getattr(field, "default", None)
    return default if isinstance(default, str) else None


def _at(data: Any, key: Any) -> Any:
    try:
        return data[key]
    except Exception:
        return None


def _problems(exc: BaseException, path: str, data: Any, type_: Any) -> list[Problem]:
    # cattrs' own transform_error gives strings; a screen wants path and value.
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        out: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, IterableValidationNote):
                out += _problems(sub, f"{path}[{note.index!r}]", _at(data, note.index), note.type)
            else:
                out += _problems(sub, f"{path}.{note.name}", _at(data, note.name), note.type)
        for sub in without:
            out += _problems(sub, path, data, None)
        return out
    if isinstance(exc, KeyError) and isinstance(data, abc.Mapping):
        (key,) = exc.args or ("?",)
        return [Problem(f"{path}.{key}", "required field is missing", None)]
    return [Problem(path, _describe(exc, type_, data), data)]


def _describe(exc: BaseException, type_: Any, data: Any) -> str:
    if isinstance(exc, QmsError):
        return str(exc)
    if get_origin(type_) is Literal:
        return f"must be one of {get_args(type_)} (got {data!r:.80})"
    if isinstance(exc, ForbiddenExtraKeysError):
        return (
            f"unknown fields {sorted(exc.extra_fields)} (allowed: "
            + ", ".join(a.name for a in attrs.fields(exc.cl))
            + ")"
        )
    if isinstance(exc, (TypeError, ValueError)) and str(exc).startswith("expected"):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def from_dict(data: Any, cls: type[T]) -> T:
    """Structure ``data`` into ``cls``, raising InvalidInputError with JSON paths.

    Every problem in the payload is reported: the error's ``problems`` lists
    each with its JSON path (``field``), what was expected and the value that
    came in; ``field`` and ``value`` of the error are those of the first.

    Raises:
        InvalidTypeError: ``cls`` is not a type the converter can build.
        InvalidInputError: unknown keys, wrong types or values our own
            validators reject.

    Example:
        >>> from qmscore.explain import Source
        >>> try:
        ...     from_dict({"document": 5, "confidence": "sure"}, Source)
        ... except InvalidInputError as err:
        ...     [(p.field, p.value) for p in err.problems]
        [('$.document', 5), ('$.confidence', 'sure')]
    """
    try:
        hook = converter.get_structure_hook(cls)
    except Exception:
        raise type_error("cls", "a qmscore type", cls) from None
    try:
        return cast("T", hook(data, cls))
    except RecursionError:
        raise InvalidInputError(f"cannot read {_type_name(cls)}: nested too deeply") from None
    except (
        ClassValidationError,
        IterableValidationError,
        TypeError,
        ValueError,
        KeyError,
        AttributeError,
        OverflowError,
    ) as exc:
        problems = tuple(_problems(exc, "$", data, cls))
        if isinstance(exc, InvalidInputError) and exc.field is not None:
            problems = (Problem("$", str(exc), exc.value),)
        text = "; ".join(f"{p.message} @ {p.field}" for p in problems)
        first = problems[0]
        raise InvalidInputError(
            f"cannot read {_type_name(cls)}: {text}",
            field=first.field,
            value=first.value,
            problems=problems,
        ) from exc


def to_json(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(to_dict(obj))``; keyword arguments go to :func:`json.dumps`.

    NaN and infinities are refused (they are not JSON), and so is a value the
    converter does not know.
    """
    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("allow_nan", False)
    try:
        return json.dumps(to_dict(obj), **kwargs)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"cannot write JSON: {exc}", field="obj", value=obj) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON text and structure it into ``cls`` (``NaN``/``Infinity`` refused)."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise type_error("text", "JSON text (str or bytes)", text)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidInputError(f"cannot read {_type_name(cls)}: invalid JSON ({exc})") from None
    return from_dict(data, cls)
