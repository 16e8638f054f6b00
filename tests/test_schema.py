"""JSON Schema of the public input types, checked both ways with jsonschema.

Every example we ship validates against its schema; every bad payload is
rejected by the schema *and* by the converter.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore import deadlines, sampling, scoring, testing, workflow
from qmscore.errors import InvalidInputError
from qmscore.schema import DIALECT, input_types, schema_of
from qmscore.serialization import from_dict, to_dict
from qmscore.workdays import WorkCalendar
from qmscore.workflow import capa
from tests.budget import budget

jsonschema = pytest.importorskip("jsonschema")


def _validator(name: str) -> Any:
    schema = schema_of(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _json(value: Any) -> Any:
    return json.loads(json.dumps(to_dict(value)))


@pytest.mark.parametrize("name", sorted(input_types()))
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = schema_of(name)
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)


T = dt.datetime(2026, 9, 30, 16, 0)
SHIPPED: list[tuple[str, Any]] = [
    ("Questionnaire", scoring.STANDARD_QUESTIONNAIRE),
    ("GradingRules", scoring.DEFAULT_GRADING),
    ("ComplaintRules", workflow.DEFAULT_COMPLAINT_RULES),
    ("ResponseProfile", workflow.DEFAULT_PROFILE),
    ("EightDProfile", capa.COMMON_8D),
    ("EightDProfile", capa.WORKING_DAY_8D),
    ("SamplingPlan", sampling.lookup_plan(500, 1.0)),
    ("SamplingPlan", sampling.lookup_plan(5000, 0.65, scheme="multiple")),
    ("Complaint", workflow.Complaint("Q-1", T, "K-101", demands=("criticism",))),
    ("Event", workflow.Acknowledged(T)),
    ("Event", workflow.Verified(T, effective=True)),
    ("WorkingDays", deadlines.WorkingDays(3)),
    ("SameDay", deadlines.SameDay()),
    *[("Schedule", s) for s in workflow.PRESET_SCHEDULES.values()],
]


@pytest.mark.parametrize(
    ("name", "value"), SHIPPED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SHIPPED)]
)
def test_every_shipped_example_validates(name: str, value: Any) -> None:
    errors = list(_validator(name).iter_errors(_json(value)))
    assert not errors, [e.message for e in errors]


def test_the_china_calendar_validates() -> None:
    validator = _validator("WorkCalendar")
    errors = list(validator.iter_errors(_json(WorkCalendar.china())))
    assert not errors, [e.message for e in errors[:5]]


@budget(ms=99, dev=25)
@given(st.data())
def test_generated_values_validate(data: st.DataObject) -> None:
    for name, strategy in [
        ("Questionnaire", testing.questionnaires()),
        ("GradingRules", testing.grading_rules()),
        ("CustomerProfile", testing.customer_profiles()),
        ("Complaint", testing.complaints()),
        ("Schedule", testing.schedules()),
        ("SamplingPlan", testing.sampling_plans()),
    ]:
        value = data.draw(strategy, label=name)
        errors = list(_validator(name).iter_errors(_json(value)))
        assert not errors, (name, [e.message for e in errors[:3]])


def _bad(name: str) -> list[tuple[str, Any]]:
    good = {
        "Source": {"document": "seed 000"},
        "Complaint": _json(workflow.Complaint("Q-1", T, "K-101", demands=("criticism",))),
        "Event": {"at": "2026-09-30T16:00:00", "kind": "acknowledged"},
        "WorkingDays": _json(deadlines.WorkingDays(3)),
    }[name]
    first = next(iter(good))
    return [
        ("unknown field", {**good, "colour": 1}),
        ("missing required field", {k: v for k, v in good.items() if k != first}),
        ("wrong type", {**good, first: [1, 2]}),
        ("a list for an object", [good]),
    ]


BAD: list[tuple[str, str, Any]] = [
    (name, why, payload)
    for name in ("Source", "Complaint", "Event", "WorkingDays")
    for why, payload in _bad(name)
] + [
    ("Source", "choice not allowed", {"document": "x", "confidence": "sure"}),
    ("Source", "empty string", {"document": ""}),
    (
        "Complaint",
        "a string for a list of demands",
        {**_bad("Complaint")[0][1], "demands": "return"},
    ),
    ("Event", "unknown kind", {"at": "2026-09-30T16:00:00", "kind": "teleported"}),
    ("Event", "no kind", {"at": "2026-09-30T16:00:00"}),
    ("Event", "not a date-time", {"at": "tomorrow", "kind": "acknowledged"}),
    (
        "Event",
        "a string for a bool",
        {"at": "2026-09-30T16:00:00", "kind": "verified", "effective": "no"},
    ),
]


@pytest.mark.parametrize(("name", "why", "payload"), BAD, ids=[f"{n}-{w}" for n, w, _ in BAD])
def test_bad_payloads_are_refused_by_schema_and_converter(
    name: str, why: str, payload: Any
) -> None:
    if "colour" in (payload if isinstance(payload, dict) else {}) and name == "Complaint":
        payload = {k: v for k, v in payload.items() if k != "colour"} | {"colour": 1}
    assert list(_validator(name).iter_errors(payload)), f"schema accepted: {why}"
    with pytest.raises(InvalidInputError):
        from_dict(payload, input_types()[name])


def test_unknown_names_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="'cls' must be one of"):
        schema_of("Nonsense")
    with pytest.raises(InvalidInputError, match="an attrs input type"):
        schema_of(int)


def test_names_are_case_insensitive_and_bounds_and_choices_appear() -> None:
    schema = schema_of("source")
    assert schema["title"] == "Source"
    props = schema["$defs"]["Source"]["properties"]
    assert props["document"] == {"type": "string", "minLength": 1}
    assert props["confidence"]["default"] == "confirmed"
