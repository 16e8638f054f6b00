"""Versioned events: the version-1 fixtures load forever; upcasters; bad payloads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.workflow import (
    DEFAULT_UPCASTERS,
    SCHEMA_VERSIONS,
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Classified,
    Closed,
    ContainmentOrdered,
    CustomerFeedback,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Upcasters,
    Verified,
    dump_event,
    load_event,
    load_events,
    upcast,
)
from qmscore.workflow.events import EVENT_KINDS

FIXTURES = Path(__file__).parent / "fixtures" / "events_v1"
EAST8 = dt.timezone(dt.timedelta(hours=8))

# What each version-1 file must load as, written out from the file by hand.
EXPECTED: dict[str, Event] = {
    "acknowledged": Acknowledged(dt.datetime(2026, 9, 30, 16, 5), actor="Li"),
    "assessed": Assessed(
        dt.datetime(2026, 9, 30, 17, 0, tzinfo=EAST8), True, note="镀层脱落", actor="Wang"
    ),
    "classified": Classified(
        dt.datetime(2026, 9, 30, 17, 30),
        demands=("return", "compensation"),
        batch=True,
        recurrence=None,
        safety=False,
    ),
    "containment_ordered": ContainmentOrdered(dt.datetime(2026, 9, 30, 16, 50), actor="Zhou"),
    "root_cause_recorded": RootCauseRecorded(
        dt.datetime(2026, 10, 1, 10, 0), "plating bath too cold", actor="Wang"
    ),
    "plan_approved": PlanApproved(dt.datetime(2026, 10, 1, 12, 0), actor="Chen"),
    "actions_implemented": ActionsImplemented(dt.datetime(2026, 10, 6, 15, 0), actor="Zhao"),
    "verified": Verified(dt.datetime(2026, 10, 9, 11, 0), True, actor="QA"),
    "customer_replied": CustomerReplied(dt.datetime(2026, 10, 9, 14, 0), True, actor="Sun"),
    "customer_feedback": CustomerFeedback(
        dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.timezone.utc), False
    ),
    "paused": Paused(dt.datetime(2026, 10, 2, 9, 0), "waiting for samples", actor="Li"),
    "resumed": Resumed(dt.datetime(2026, 10, 8, 9, 0), actor="Li"),
    "closed": Closed(dt.datetime(2026, 10, 12, 17, 0)),
}


def _fixture(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{kind}.json").read_text(encoding="utf-8"))
    return data


def test_there_is_a_version_1_fixture_for_every_event_type() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == sorted(EVENT_KINDS)
    assert set(EXPECTED) == set(EVENT_KINDS)


@pytest.mark.parametrize("kind", EVENT_KINDS)
def test_version_1_fixtures_load_forever(kind: str) -> None:
    # If this fails after a model change, register an upcaster (versions.py):
    # never edit the fixture.
    payload = _fixture(kind)
    assert payload.get("schema_version", 1) == 1
    assert "backdated" not in payload  # version 1 predates back-dating
    event = load_event(payload)
    assert event == EXPECTED[kind]
    assert event.backdated is None
    assert dump_event(event)["schema_version"] == SCHEMA_VERSIONS[kind] == 2


def test_every_kind_is_at_version_2_with_its_upcaster_from_1() -> None:
    assert dict.fromkeys(EVENT_KINDS, 2) == SCHEMA_VERSIONS
    assert set(DEFAULT_UPCASTERS.steps) == {(k, 1) for k in EVENT_KINDS}


def test_upcast_adds_the_backdated_field_and_the_version() -> None:
    v1 = {"kind": "closed", "at": "2026-10-12T17:00:00", "actor": None}
    assert upcast(v1) == {**v1, "backdated": None, "schema_version": 2}
    assert v1 == {"kind": "closed", "at": "2026-10-12T17:00:00", "actor": None}  # untouched
    v2 = {**v1, "backdated": "entered late", "schema_version": 2}
    assert upcast(v2) == v2  # today's version: nothing to do


def test_a_company_registers_its_own_upcaster() -> None:
    # An ERP stored its pauses' reason as "why" in version 1.
    def rename(payload: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in payload.items() if k != "why"}
        return {**out, "reason": payload["why"], "backdated": None}

    mine = DEFAULT_UPCASTERS.register("paused", 1, rename)
    stored = {"kind": "paused", "at": "2026-10-02T09:00:00", "why": "samples", "schema_version": 1}
    assert load_event(stored, mine) == Paused(dt.datetime(2026, 10, 2, 9, 0), "samples")
    with pytest.raises(InvalidInputError, match=r"unknown fields \['why'\]"):
        load_event(stored)  # the default upcaster does not know "why"
    assert DEFAULT_UPCASTERS.steps[("paused", 1)] is not rename  # registering made a copy


def test_load_events_names_the_payload_that_does_not_load() -> None:
    good = _fixture("acknowledged")
    assert load_events([good, _fixture("closed")]) == (
        EXPECTED["acknowledged"],
        EXPECTED["closed"],
    )
    with pytest.raises(InvalidInputError, match=r"payloads\[1\]: 'kind' must be one of") as info:
        load_events([good, {"kind": "exploded"}])
    assert info.value.field == "payloads[1]"


def junk(value: object) -> Any:
    """A value typed Any, for calls that must refuse it."""
    return value


def _broken(payload: dict[str, Any]) -> Any:
    return ["not", "a", "dict"]


BAD: list[tuple[Any, type[Exception], str]] = [
    (lambda: load_event({"kind": "exploded", "at": "x"}), InvalidInputError, "'kind' must be one"),
    (lambda: load_event({"at": "x"}), InvalidInputError, "'kind' must be one of"),
    (lambda: load_event(junk(["kind"])), InvalidTypeError, "'payload' must be"),
    (
        lambda: load_event({"kind": "closed", "at": "2026-01-01T00:00:00", "schema_version": 3}),
        InvalidInputError,
        "'schema_version' 3 of 'closed' is newer than this library reads (up to 2)",
    ),
    (
        lambda: load_event({"kind": "closed", "schema_version": 0}),
        InvalidInputError,
        "'schema_version' must be >= 1",
    ),
    (
        lambda: load_event({"kind": "closed", "schema_version": "1"}),
        InvalidTypeError,
        "'schema_version' must be",
    ),
    (
        lambda: load_event({"kind": "closed", "schema_version": 1}, Upcasters({})),
        InvalidInputError,
        "no upcaster for 'closed' from schema version 1 to 2",
    ),
    (
        lambda: load_event({"kind": "closed"}, Upcasters({("closed", 1): _broken})),
        InvalidTypeError,
        "'upcaster (closed, 1)' must be a function returning a dict",
    ),
    (
        lambda: load_event({"kind": "closed"}, junk("mine")),
        InvalidTypeError,
        "'upcasters' must be",
    ),
    (lambda: Upcasters({("closed", 2): _broken}), InvalidInputError, "a version from 1 to 1"),
    (lambda: Upcasters({("exploded", 1): _broken}), InvalidInputError, "(event kind, version)"),
    (lambda: Upcasters({("closed", True): _broken}), InvalidInputError, "(event kind, version)"),
    (lambda: Upcasters({"closed": _broken}), InvalidInputError, "(event kind, version)"),
    (lambda: Upcasters({("closed", 1): 3}), InvalidTypeError, "must be a function"),
    (lambda: Upcasters([1]), InvalidTypeError, "'steps' must be"),
    (lambda: load_events(junk("abc")), InvalidTypeError, "'payloads' must be"),
    (lambda: dump_event(junk("closed")), InvalidTypeError, "'event' must be a workflow event"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_input(call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
