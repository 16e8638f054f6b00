# The point of this file is passing wrong types: mypy would refuse them.
# mypy: disable-error-code="arg-type, dict-item"
"""Every example in the boundary issue, as a user met it, with the answer it gives now.

Real values give the right answer; junk raises our error (never a foreign
exception, never a plausible wrong answer). The module tables hold the
detailed cases; this file is the issue's own list, one line each.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from qmscore import deadlines, sampling, scoring, workflow
from qmscore.errors import InvalidInputError, InvalidTypeError, QmsError
from qmscore.serialization import from_dict
from qmscore.workdays import DayOverride, WorkCalendar

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

T = dt.datetime(2026, 9, 30, 16, 0)
CN = WorkCalendar.china()
NAN, INF = float("nan"), float("inf")


def test_real_values_are_accepted() -> None:
    plan = sampling.lookup_plan(np.int64(500), 1.0)
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("H", 50, 1, 2)
    # ISO timestamps ending in Z, on every supported Python.
    complaint = workflow.Complaint("Q-1", "2026-09-30T08:00:00Z", "K-101")
    assert complaint.received_at == dt.datetime(2026, 9, 30, 8, tzinfo=dt.timezone.utc)
    # A DataFrame's records with an id column and NA answers, and df.apply(axis=1).
    items = [i.key for i in scoring.STANDARD_QUESTIONNAIRE.items]
    row = dict.fromkeys(items, "satisfied")
    frame = pd.DataFrame([{"id": "R1", **row}, {"id": "R2", **row, items[0]: NAN}])
    frame.loc[1, items[1]] = pd.NA
    batch = scoring.score_responses(frame.to_dict("records"), id_key="id")
    plain = scoring.score_responses([row, {**row, items[0]: None, items[1]: None}])
    assert list(batch.normalized) == list(plain.normalized)
    applied = frame.drop(columns="id").apply(scoring.score_response, axis=1)
    assert [s.normalized for s in applied] == list(plain.normalized)


PROFILE = scoring.CustomerProfile("X")
JUNK: list[tuple[str, Callable[[], Any]]] = [
    ("judge((1, 2, 3), (1, 2, 3))", lambda: sampling.judge((1, 2, 3), (1, 2, 3))),
    ("patrol_by_output(2**63)", lambda: sampling.patrol_by_output(2**63)),
    ("nps(-1)", lambda: scoring.nps(-1)),
    ("csat(1)", lambda: scoring.csat(1)),
    ("summarize(-inf)", lambda: scoring.summarize(-INF)),
    ("grade_customer(profile, None)", lambda: scoring.grade_customer(PROFILE, None)),
    (
        "select_survey_sample({17: 'B'}, {}, period=1)",
        lambda: scoring.select_survey_sample({17: "B"}, {}, period=1),
    ),
    (
        "CustomerProfile('X', raise_request=True)",
        lambda: scoring.CustomerProfile("X", raise_request=True),
    ),
    (
        "sales_classes({1: 100.0, 'k2': 100.0})",
        lambda: scoring.sales_classes({1: 100.0, "k2": 100.0}),
    ),
    (
        "compliance(...) with a log mixing date and datetime",
        lambda: workflow.compliance(
            workflow.PRESET_SCHEDULES[next(iter(workflow.PRESET_SCHEDULES))],
            [dt.date(2026, 1, 5), dt.datetime(2026, 2, 5, 9)],
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
        ),
    ),
    ("next_actions('A')", lambda: workflow.next_actions("A")),
    ("statistics_row(-1)", lambda: workflow.statistics_row(-1)),
    ("overdue('A', 'A', -1)", lambda: workflow.overdue("A", "A", -1)),
    # silent answers to nonsense
    ("wilson(1.5, inf)", lambda: scoring.wilson(1.5, INF)),
    ("sales_classes with a NaN", lambda: scoring.sales_classes({"a": 100.0, "b": NAN})),
    ("sales_classes with an inf", lambda: scoring.sales_classes({"a": 100.0, "b": INF})),
    ("CustomerProfile(sales_6m=inf)", lambda: scoring.CustomerProfile("X", sales_6m=INF)),
    (
        "classify_complaint(replacement_amount=nan)",
        lambda: workflow.classify_complaint(
            workflow.Complaint("Q", T, "K", replacement_amount=NAN)
        ),
    ),
    ("pareto with a negative count", lambda: workflow.pareto([("a", 3), ("b", -1)])),
    ("Paused(at=-inf)", lambda: workflow.Paused(at=-INF, reason="waiting")),
    ("Verified(at=inf, effective=b'\\xff')", lambda: workflow.Verified(at=INF, effective=b"\xff")),
    ("ResponseProfile(steps=-1)", lambda: workflow.ResponseProfile(steps=-1)),
    ("DayOverride(working=-inf)", lambda: DayOverride(working=-INF, name="x")),
    ("CustomerFeedback(t, satisfied='no')", lambda: workflow.CustomerFeedback(T, satisfied="no")),
    ("Assessed(t, our_problem='false')", lambda: workflow.Assessed(T, our_problem="false")),
    ("Classified(t, safety='no')", lambda: workflow.Classified(T, safety="no")),
    ("Acknowledged(t, kind='closed')", lambda: workflow.Acknowledged(T, kind="closed")),
    (
        "converter: major_demands as a string",
        lambda: from_dict({**_rules_dict(), "major_demands": "return"}, workflow.ComplaintRules),
    ),
    (
        "questionnaire corrective_below=nan",
        lambda: attrs.evolve(scoring.STANDARD_QUESTIONNAIRE, corrective_below=NAN),
    ),
    ("ComplaintRules(approval_above=nan)", lambda: workflow.ComplaintRules(approval_above=NAN)),
    ("questionnaire target=inf", lambda: attrs.evolve(scoring.STANDARD_QUESTIONNAIRE, target=INF)),
    (
        "criterion threshold NaN",
        lambda: scoring.Criterion("s", "sales", "销售额", "sales_6m", "min", threshold=NAN),
    ),
    ("plan with aql NaN", lambda: from_dict({**_plan_dict(), "aql": NAN}, sampling.SamplingPlan)),
    (
        "plan with lot_size -5",
        lambda: from_dict({**_plan_dict(), "lot_size": -5}, sampling.SamplingPlan),
    ),
    ("Hours(10**12).due(...)", lambda: deadlines.Hours(10**12).due(T, CN)),
    (
        "localize(datetime.max)",
        lambda: CN.localize(dt.datetime.max.replace(tzinfo=dt.timezone.utc)),
    ),
    (
        "WorkCalendar(overrides={datetime: ...})",
        lambda: WorkCalendar(
            "c",
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            dt.date(2026, 12, 31),
            overrides={dt.datetime(2026, 3, 2, 9): DayOverride(False, "x")},
        ),
    ),
]


def _rules_dict() -> dict[str, Any]:
    from qmscore.serialization import to_dict

    out: dict[str, Any] = to_dict(workflow.ComplaintRules())
    return out


def _plan_dict() -> dict[str, Any]:
    from qmscore.serialization import to_dict

    out: dict[str, Any] = to_dict(sampling.lookup_plan(500, 1.0))
    return out


@pytest.mark.parametrize(("case", "call"), JUNK, ids=[c for c, _ in JUNK])
def test_each_example_of_the_issue_raises_ours(case: str, call: Callable[[], Any]) -> None:
    with pytest.raises(QmsError) as info:
        call()
    assert isinstance(info.value, InvalidInputError), case


def test_a_string_for_a_plan_s_stages_is_refused_at_once() -> None:
    start = time.perf_counter()
    with pytest.raises(InvalidTypeError):
        sampling.SamplingPlan.from_stages("x" * 100_000)
    with pytest.raises(InvalidInputError, match="expected a list, got str"):
        from_dict({**_plan_dict(), "stages": "x" * 100_000}, sampling.SamplingPlan)
    assert time.perf_counter() - start < 2.0  # was 22 s and 526 MB


def test_extreme_poisson_quality_gives_a_number_not_an_overflow() -> None:
    # p = 1e306 defectives per unit: every lot rejects. scipy agrees (Pa = 0).
    pa = sampling.accept_probability(sampling.lookup_plan(1000, 65), 1e306, model="poisson")
    assert pa == 0.0


def test_weights_that_do_not_add_up_say_by_how_much() -> None:
    q = scoring.STANDARD_QUESTIONNAIRE
    first = q.items[0]
    bad = attrs.evolve(first, weight=first.weight - 0.0000001)
    with pytest.raises(QmsError) as info:
        attrs.evolve(q, items=(bad, *q.items[1:]))
    assert "0.9999999" in str(info.value)
