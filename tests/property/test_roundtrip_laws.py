"""Laws: every public value survives JSON and pickle and compares equal to itself.

``from_json(to_json(x), type(x)) == x`` and ``pickle.loads(pickle.dumps(x)) == x``
for every value the strategies in :mod:`qmscore.testing` draw, and for the
results built from them: score batches (the one that failed before: it was
compared by identity), single scores and summaries, table lookups with their
judgements and OC curves, grades, classifications, cases with their due dates,
calendars with their deadlines, compliance, switching states. A tuple a batch
function returns (``Results``) is read back as ``Results[item type]``.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle
from typing import Any, cast, get_args

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore import deadlines, sampling, scoring, sla, testing, workdays, workflow
from qmscore._display import Results
from qmscore.errors import QmsError
from qmscore.serialization import from_json, to_json
from tests.budget import budget

# Strategies that draw plain values (numbers, names, answer dicts), not qmscore types.
SCALAR_STRATEGIES = {
    "aqls",
    "inspections",
    "levels",
    "lot_sizes",
    "oc_models",
    "qualities",
    "schemes",
    "standards",
    "responses",
}
CHINA = workdays.WorkCalendar.china()


def assert_roundtrips(x: Any) -> None:
    cls: Any = type(x)
    if isinstance(x, Results):
        kinds = {type(item) for item in x}
        cls = cast(Any, Results)[kinds.pop() if len(kinds) == 1 else Any]
    back = from_json(to_json(x), cls)
    assert back == x
    assert type(back) is type(x)
    copy = pickle.loads(pickle.dumps(x))
    assert copy == x
    assert type(copy) is type(x)
    assert not back != x  # noqa: SIM202  (__ne__ agrees: equal by value, not identity)


@budget(ms=7)
@pytest.mark.parametrize("name", sorted(set(testing.__all__) - SCALAR_STRATEGIES))
@given(data=st.data())
def test_every_strategy_value_roundtrips(name: str, data: st.DataObject) -> None:
    value = data.draw(getattr(testing, name)())
    assert attrs.has(type(value)), f"{name} draws {type(value).__name__}"
    assert_roundtrips(value)


def test_the_scalar_list_names_real_strategies() -> None:
    assert set(testing.__all__) >= SCALAR_STRATEGIES


@st.composite
def batches(draw: Any) -> tuple[Any, list[dict[str, Any]]]:
    q = draw(testing.questionnaires())
    rows = draw(st.lists(testing.responses(q), max_size=12))
    return q, rows


@budget(ms=10)
@given(batches(), st.booleans())
def test_score_batch_and_its_results_roundtrip(qr: Any, with_ids: bool) -> None:
    q, rows = qr
    if with_ids:
        rows = [{**r, "rid": k} for k, r in enumerate(rows)]
    batch = scoring.score_responses(rows, q, id_key="rid" if with_ids else None)
    assert_roundtrips(batch)
    for score in batch:
        assert_roundtrips(score)
    if any(n is not None for n in batch.normalized):
        assert_roundtrips(scoring.summarize(batch))


def test_a_batch_equals_its_copies_and_differs_from_another() -> None:
    answers = {i.key: "satisfied" for i in scoring.STANDARD_QUESTIONNAIRE.items}
    nan = {**answers, "price": math.nan}  # NaN means "not applicable": stored as None
    batch = scoring.score_responses([answers, nan])
    assert batch.responses[1]["price"] is None
    assert_roundtrips(batch)
    assert batch == scoring.score_responses([answers, {**answers, "price": None}])
    assert batch != scoring.score_responses([answers, answers])
    with pytest.raises(TypeError):
        hash(batch)  # compared by value over dicts: unhashable, like them


@budget(ms=3)
@given(testing.table_plans(), st.integers(0, 5), testing.qualities())
def test_plan_results_roundtrip(plan: Any, defectives: int, p: float) -> None:
    assert_roundtrips(plan)
    found = min(defectives, plan.stages[0].sample_size, plan.lot_size)  # at most drawn
    assert_roundtrips(sampling.judge(plan, [found]))
    assert_roundtrips(sampling.oc_curve(plan, [0.0, p]))
    assert_roundtrips(sampling.oc_summary(plan, p))


@budget(ms=4)
@given(st.lists(testing.lots(), max_size=8))
def test_switching_states_roundtrip(lots: list[Any]) -> None:
    state = sampling.SwitchingState()
    for lot in lots:
        if state.inspection == "discontinued":
            # 7 lots not accepted discontinue the scheme: it takes no more lots until
            # resume_inspection (found by the thorough profile), so resume first.
            state = sampling.resume_inspection(state, "supplier's corrective action verified")
            assert_roundtrips(state)
        state = sampling.next_inspection(state, lot)
        assert_roundtrips(state)


@budget(ms=7)
@given(st.lists(testing.customer_profiles(), min_size=1, max_size=5), testing.grading_rules())
def test_grades_roundtrip(profiles: list[Any], rules: Any) -> None:
    grades = scoring.grade_customers(profiles, rules)
    assert isinstance(grades, Results)
    assert_roundtrips(grades)
    for grade in grades:
        assert_roundtrips(grade)


@budget(ms=3)
@given(testing.complaints())
def test_classifications_cases_and_due_dates_roundtrip(complaint: Any) -> None:
    assert_roundtrips(workflow.classify_complaint(complaint))
    case = workflow.open_case(complaint)
    case = workflow.apply(case, workflow.Acknowledged(complaint.received_at))
    assert_roundtrips(case)
    assert_roundtrips(workflow.due_dates(case, CHINA))
    assert_roundtrips(workflow.next_actions(case))
    stats = workflow.complaint_statistics(
        [case], complaint.received_at.year, complaint.received_at.month
    )
    assert_roundtrips(stats)
    assert_roundtrips(stats.categories)


@budget(ms=4)
@given(testing.work_calendars(), testing.deadline_rules(), st.integers(0, 119))
def test_calendars_and_deadlines_roundtrip(cal: Any, rule: Any, offset: int) -> None:
    assert_roundtrips(cal)
    received = dt.datetime.combine(cal.first + dt.timedelta(days=offset), dt.time(9))
    try:
        deadline = rule.due(received, cal)
    except QmsError:  # past the generated calendar's short horizon
        return
    assert_roundtrips(deadline)
    state = sla.apply(sla.SlaState(sla.SlaClock(dt.timedelta(hours=2))), sla.Start(received), cal)
    assert_roundtrips(state)


@budget(ms=3)
@given(testing.schedules(), st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))))
def test_compliance_roundtrips(schedule: Any, performed: list[dt.date]) -> None:
    result = workflow.compliance(schedule, performed, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert_roundtrips(result)


def test_the_china_calendar_and_pareto_tables_roundtrip() -> None:
    assert_roundtrips(CHINA)
    assert_roundtrips(workflow.pareto({"a": 3, "b": 1}))
    assert_roundtrips(workflow.pareto({}))
    assert_roundtrips(deadlines.WorkingDays(3).due(dt.datetime(2026, 9, 30, 16), CHINA))


def test_results_read_back_as_results_of_their_item_type() -> None:
    table = workflow.pareto({"a": 3, "b": 1})
    back = from_json(to_json(table), Results[workflow.ParetoRow])
    assert type(back) is Results
    assert get_args(Results[workflow.ParetoRow]) == (workflow.ParetoRow,)
    # a plain tuple type reads the same JSON into an equal plain tuple
    assert from_json(to_json(table), tuple[workflow.ParetoRow, ...]) == table
