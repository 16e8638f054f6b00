"""Versioned events: schema versions, upcasters, loading stored payloads of any version.

Every event type carries ``schema_version`` (a class constant). A stored
payload is the converter's output plus ``"schema_version"``
(:func:`dump_event`); one written before versions existed has no such key
and is read as version 1. :func:`load_event` runs the payload through the
upcasters (small pure functions, one per event kind and version, each
turning version ``v`` into ``v + 1``) up to today's version, then builds the
event with the strict converter.

History of the event schema:

* version 1: the events as first shipped (``at``, the event's own fields,
  ``kind``, ``actor``).
* version 2: ``backdated`` (None, or why the event is dated before the
  previous one or the receipt). Upcaster: ``backdated`` is None.

Example:
    >>> from qmscore.workflow import dump_event, load_event
    >>> e = load_event({"kind": "paused", "at": "2026-10-01T09:00:00", "reason": "samples"})
    >>> e.reason, e.backdated, dump_event(e)["schema_version"]
    ('samples', None, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from qmscore._checks import check_int, check_mapping, check_sequence, type_error, value_error
from qmscore.errors import InvalidInputError
from qmscore.serialization import from_dict, to_dict
from qmscore.workflow.events import _EVENT_TYPES, EVENT_KINDS, Event

__all__ = [
    "DEFAULT_UPCASTERS",
    "SCHEMA_VERSIONS",
    "Upcaster",
    "Upcasters",
    "dump_event",
    "load_event",
    "load_events",
    "upcast",
]

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns a payload of version ``v`` into version ``v + 1`` (a new dict; pure)."""

SCHEMA_VERSIONS: Mapping[str, int] = {
    kind: cls.schema_version  # type: ignore[attr-defined]
    for kind, cls in zip(EVENT_KINDS, _EVENT_TYPES, strict=True)
}
"""Event kind -> today's schema version."""

_CLASSES: Mapping[str, type] = dict(zip(EVENT_KINDS, _EVENT_TYPES, strict=True))


def _steps(inst: object, attribute: object, value: object) -> None:
    mapping = check_mapping("steps", value)
    for key, fn in mapping.items():
        if (
            not isinstance(key, tuple)
            or len(key) != 2
            or key[0] not in SCHEMA_VERSIONS
            or isinstance(key[1], bool)
            or not isinstance(key[1], int)
        ):
            raise value_error("steps key", "a (event kind, version) pair", key)
        if not 1 <= key[1] < SCHEMA_VERSIONS[key[0]]:
            raise value_error(
                "steps key",
                f"a version from 1 to {SCHEMA_VERSIONS[key[0]] - 1} for {key[0]!r}",
                key,
            )
        if not callable(fn):
            raise type_error(f"steps[{key}]", "a function (payload -> payload)", fn)


def _as_steps(value: object) -> object:
    return dict(value) if isinstance(value, Mapping) else value


@attrs.frozen
class Upcasters:
    """The upcasters as a value: ``(kind, version) -> function`` to version + 1.

    Add one with :meth:`register`, which returns a new registry (no global
    state): a company whose ERP stored its own variant registers its own step.
    """

    steps: Mapping[tuple[str, int], Upcaster] = attrs.field(converter=_as_steps, validator=_steps)

    def register(self, kind: str, version: int, fn: Upcaster) -> Upcasters:
        """A copy with ``fn`` upcasting ``kind`` from ``version`` to ``version + 1``."""
        return Upcasters({**self.steps, (kind, version): fn})


def _add_backdated(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "backdated": None}


DEFAULT_UPCASTERS = Upcasters({(kind, 1): _add_backdated for kind in EVENT_KINDS})
"""Version 1 -> 2 for every kind: ``backdated`` added as None."""


def _version(payload: Mapping[str, Any], kind: str) -> int:
    if "schema_version" not in payload:
        return 1
    latest = SCHEMA_VERSIONS[kind]
    version = check_int("schema_version", payload["schema_version"], minimum=1)
    if version > latest:
        raise InvalidInputError(
            f"'schema_version' {version} of {kind!r} is newer than this library reads "
            f"(up to {latest}): upgrade qmscore",
            field="schema_version",
            value=version,
        )
    return version


def _kind(payload: Mapping[str, Any]) -> str:
    kind = payload.get("kind")
    if not isinstance(kind, str) or kind not in SCHEMA_VERSIONS:
        raise value_error("kind", f"one of {EVENT_KINDS}", kind)
    return kind


def upcast(payload: Mapping[str, Any], upcasters: Upcasters = DEFAULT_UPCASTERS) -> dict[str, Any]:
    """A stored payload brought to today's schema version (not yet an event).

    Raises:
        InvalidInputError: unknown kind, a version newer than this library,
            or no upcaster for a step on the way.

    Example:
        >>> from qmscore.workflow import upcast
        >>> upcast({"kind": "closed", "at": "2026-10-08T10:00:00", "actor": None})
        {'kind': 'closed', 'at': '2026-10-08T10:00:00', 'actor': None, 'backdated': None, \
'schema_version': 2}
    """
    data = dict(check_mapping("payload", payload))
    if not isinstance(upcasters, Upcasters):
        raise type_error("upcasters", "Upcasters", upcasters)
    kind = _kind(data)
    version = _version(data, kind)
    data.pop("schema_version", None)
    while version < SCHEMA_VERSIONS[kind]:
        step = upcasters.steps.get((kind, version))
        if step is None:
            raise InvalidInputError(
                f"no upcaster for {kind!r} from schema version {version} to {version + 1}",
                field="schema_version",
                value=version,
            )
        data = step(data)
        if not isinstance(data, dict):
            raise type_error(f"upcaster ({kind}, {version})", "a function returning a dict", data)
        data.pop("schema_version", None)
        version += 1
    data["schema_version"] = version
    return data


def load_event(payload: Mapping[str, Any], upcasters: Upcasters = DEFAULT_UPCASTERS) -> Event:
    """An event from a stored payload of any schema version (upcast, then built strictly).

    Raises:
        InvalidInputError: see :func:`upcast`; and any field the event refuses
            (reported with its JSON path).
    """
    data = upcast(payload, upcasters)
    del data["schema_version"]
    cls = _CLASSES[data["kind"]]
    event: Event = from_dict(data, cls)
    return event


def load_events(
    payloads: Iterable[Mapping[str, Any]], upcasters: Upcasters = DEFAULT_UPCASTERS
) -> tuple[Event, ...]:
    """Every payload loaded; an error names the index of the first that does not load."""
    items: tuple[Any, ...] = check_sequence("payloads", payloads)
    out = []
    for i, p in enumerate(items):
        try:
            out.append(load_event(p, upcasters))
        except InvalidInputError as exc:
            raise InvalidInputError(
                f"payloads[{i}]: {exc}", field=f"payloads[{i}]", value=p
            ) from exc
    return tuple(out)


def dump_event(event: Event) -> dict[str, Any]:
    """The payload to store: the converter's output plus ``schema_version``.

    Example:
        >>> import datetime as dt
        >>> from qmscore.workflow import Closed, dump_event
        >>> dump_event(Closed(dt.datetime(2026, 10, 8, 10, 0)))["schema_version"]
        2
    """
    if not isinstance(event, _EVENT_TYPES):
        raise type_error("event", "a workflow event", event)
    data: dict[str, Any] = to_dict(event)
    data["schema_version"] = type(event).schema_version
    return data
