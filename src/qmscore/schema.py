"""JSON Schema for the public input types, generated from the attrs classes.

A UI team builds its forms from these instead of re-typing every field,
choice and bound: the walk reads each class's fields and type hints, and the
validators of the input layer (:mod:`qmscore._checks`) say their bounds and
choices. The converter (:mod:`qmscore.serialization`) reads exactly what the
schema describes.

Example:
    >>> from qmscore.schema import input_types, schema_of
    >>> schema = schema_of(input_types()["Source"])
    >>> schema["$defs"]["Source"]["properties"]["confidence"]["enum"]
    ['confirmed', 'single-source', 'unverified']
    >>> schema["$defs"]["Source"]["required"]
    ['document']
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import importlib
import types
import typing
from collections import abc
from fractions import Fraction
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from qmscore._checks import check_str, value_error

__all__ = ["DIALECT", "input_types", "schema_of"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The public input types: what users build from their own data (rule sets,
# profiles, complaints, events, calendars, schedules, plans). Looked up by
# name in their modules so this module imports nothing heavy until asked.
_INPUTS: dict[str, tuple[str, ...]] = {
    "qmscore.explain": ("Reason", "Source"),
    "qmscore.sampling": ("SamplingPlan", "SwitchingRules", "SwitchingState"),
    "qmscore.scoring": (
        "Questionnaire",
        "Item",
        "AnswerLevel",
        "GradeBand",
        "GradingRules",
        "Criterion",
        "Tier",
        "CustomerProfile",
    ),
    "qmscore.workflow": (
        "Complaint",
        "ComplaintRules",
        "ResponseProfile",
        "Event",
        "CorrectivePlan",
        "EightD",
        "EightDProfile",
        "Schedule",
    ),
    "qmscore.workdays": ("WorkCalendar", "DayOverride", "Shift"),
    "qmscore.deadlines": ("WorkingDays", "Hours", "Minutes", "WorkingHours", "SameDay"),
}


def input_types() -> dict[str, Any]:
    """Every public input type by name (``"Questionnaire"``, ``"Event"``, ...)."""
    out: dict[str, Any] = {}
    for module_name, names in _INPUTS.items():
        module = importlib.import_module(module_name)
        for name in names:
            obj = getattr(module, name, None)
            if obj is not None:
                out[name] = obj
    return out


def schema_of(cls: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``cls``, with every class it uses in ``$defs``.

    ``cls`` is a public input type, a union of them (``Event``), or its name
    in :func:`input_types`.

    Raises:
        InvalidInputError: ``cls`` is not a type with a schema.
    """
    name = None
    if isinstance(cls, str):
        check_str("cls", cls)
        known = {k.lower(): (k, v) for k, v in input_types().items()}
        if cls.lower() not in known:
            raise value_error("cls", f"one of {sorted(input_types())}", cls)
        name, cls = known[cls.lower()]
    if not (attrs.has(cls) or get_args(cls)):
        raise value_error("cls", "an attrs input type or a union of them", cls)
    walker = _Walker()
    root = walker.schema(cls)
    title = name or getattr(cls, "__name__", None) or "Event"
    return {"$schema": DIALECT, "title": title, **root, "$defs": walker.defs}


class _Walker:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def schema(self, tp: Any) -> dict[str, Any]:
        if tp is Any or tp is object:
            return {}
        if tp is type(None) or tp is None:
            return {"type": "null"}
        simple = _SIMPLE.get(tp)
        if simple is not None:
            return dict(simple)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if attrs.has(tp):
            return self._ref(tp)
        origin, args = get_origin(tp), get_args(tp)
        if origin is Literal:
            values = list(args)
            return {"const": values[0]} if len(values) == 1 else {"enum": values}
        if origin in (Union, types.UnionType):
            options = [self.schema(a) for a in args]
            kinds = all(attrs.has(a) and "kind" in attrs.fields_dict(a) for a in args)
            return {"oneOf": options} if kinds else {"anyOf": options}
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            items = [self.schema(a) for a in args]
            n = len(items)
            return {"type": "array", "prefixItems": items, "minItems": n, "maxItems": n}
        if origin in (tuple, list, set, frozenset, abc.Sequence, abc.Set):
            out: dict[str, Any] = {"type": "array", "items": self.schema(args[0] if args else Any)}
            if origin in (set, frozenset, abc.Set):
                out["uniqueItems"] = True
            return out
        if origin in (dict, abc.Mapping, abc.MutableMapping):
            key, value = args or (str, Any)
            out = {"type": "object", "additionalProperties": self.schema(value)}
            if key is not str:
                out["propertyNames"] = self.schema(key)
                out["propertyNames"].pop("type", None)
            return out
        return {}  # pragma: no cover - a type hint our public types do not use

    def _ref(self, cls: Any) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursive types terminate
            self.defs[name] = self._object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, cls: Any) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            key = getattr(field, "alias", None) or field.name.lstrip("_")
            prop = self.schema(hints.get(field.name, Any))
            prop.update(_from_validator(field.validator))
            if field.default is attrs.NOTHING:
                required.append(key)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                default = _json_default(field.default)
                if default is not _SKIP:
                    prop["default"] = default
            properties[key] = prop
        out: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            out["required"] = required
        doc = (cls.__doc__ or "").strip().splitlines()
        if doc:
            out["description"] = doc[0]
        return out


_SKIP = object()


def _json_default(value: Any) -> Any:
    from qmscore.serialization import to_dict

    try:
        out = to_dict(value)
    except Exception:  # pragma: no cover - defaults are our own values
        return _SKIP
    return out if isinstance(out, (str, int, float, bool, list, dict, type(None))) else _SKIP


_SIMPLE: dict[Any, dict[str, Any]] = {
    int: {"type": "integer"},
    float: {"type": "number"},
    decimal.Decimal: {"type": "number"},
    bool: {"type": "boolean"},
    str: {"type": "string"},
    # ISO 8601 rather than RFC 3339's date-time: a naive time is calendar-local.
    dt.datetime: {
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$",
        "description": "ISO 8601 date-time; without an offset it is calendar-local",
    },
    dt.date: {"type": "string", "format": "date"},
    dt.time: {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"},
    dt.timedelta: {"type": "number", "description": "seconds"},
    Fraction: {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^-?\d+(/\d+)?$"}]},
}


def _validators(validator: Any) -> list[Any]:
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None) or getattr(validator, "validators", None)
    if isinstance(inner, (tuple, list)):
        return [v for sub in inner for v in _validators(sub)]
    wrapped = getattr(validator, "validator", None)  # attrs' optional()
    if wrapped is not None and type(validator).__name__ == "_OptionalValidator":
        return _validators(wrapped)
    return [validator]


def _from_validator(validator: Any) -> dict[str, Any]:
    """Bounds and choices the input layer's validators declare about themselves."""
    out: dict[str, Any] = {}
    for v in _validators(validator):
        out.update(getattr(v, "json_schema", {}) or {})
    return out
