"""Scoring laws over generated questionnaires and responses."""

from __future__ import annotations

import math
import random

from hypothesis import given
from hypothesis import strategies as st

from qmscore.scoring import Interval, Questionnaire, score_response, score_responses, summarize
from qmscore.serialization import from_dict, to_dict
from qmscore.testing import questionnaires, responses
from tests.budget import budget


@st.composite
def form_and_answers(
    draw: st.DrawFn, allow_na: bool = True
) -> tuple[Questionnaire, dict[str, str | None]]:
    q = draw(questionnaires())
    return q, draw(responses(q, allow_na=allow_na))


@budget(ms=3)
@given(form_and_answers())
def test_score_bounded(case: tuple[Questionnaire, dict[str, str | None]]) -> None:
    q, answers = case
    s = score_response(answers, q)
    assert 0 <= s.total <= q.total
    if s.normalized is not None:
        assert 0.0 <= s.normalized <= 100.0


@budget(ms=3)
@given(form_and_answers(allow_na=False), st.data())
def test_improving_one_answer_never_lowers_the_score(
    case: tuple[Questionnaire, dict[str, str | None]], data: st.DataObject
) -> None:
    q, answers = case
    key = data.draw(st.sampled_from([i.key for i in q.items]))
    levels = [lv.key for lv in q.levels]
    current = levels.index(answers[key])  # type: ignore[arg-type]
    better = data.draw(st.integers(0, current))
    improved = {**answers, key: levels[better]}
    assert score_response(improved, q).total >= score_response(answers, q).total


@budget(ms=4)
@given(form_and_answers(allow_na=False))
def test_without_na_normalized_equals_raw_total(
    case: tuple[Questionnaire, dict[str, str | None]],
) -> None:
    q, answers = case
    s = score_response(answers, q)
    assert s.normalized == s.total


@budget(ms=4)
@given(form_and_answers(), st.randoms())
def test_item_order_in_the_answers_never_matters(
    case: tuple[Questionnaire, dict[str, str | None]], rnd: random.Random
) -> None:
    q, answers = case
    keys = list(answers)
    rnd.shuffle(keys)
    assert score_response({k: answers[k] for k in keys}, q) == score_response(answers, q)


@budget(ms=6)
@given(questionnaires(), st.data())
def test_summary_is_order_independent_and_bounded(q: Questionnaire, data: st.DataObject) -> None:
    rows = data.draw(st.lists(responses(q, allow_na=False), min_size=2, max_size=30))
    s = summarize(score_responses(rows, q))
    assert s.minimum <= s.mean <= s.maximum
    assert s.mean_interval is not None
    assert s.mean_interval.low <= s.mean + 1e-9 <= s.mean_interval.high + 2e-9
    for interval in (s.below_corrective, *s.grades.values()):
        assert interval.low <= interval.estimate <= interval.high
    shuffled = list(rows)
    data.draw(st.randoms()).shuffle(shuffled)
    t = summarize(score_responses(shuffled, q))
    assert abs(t.mean - s.mean) < 1e-9
    assert t.grade_counts == s.grade_counts
    for a, b in zip(t.items, s.items, strict=True):
        assert a.answered == b.answered
        assert abs((a.mean_points or 0.0) - (b.mean_points or 0.0)) < 1e-9


@budget(ms=6)
@given(questionnaires(), st.data())
def test_intervals_shrink_as_n_grows(q: Questionnaire, data: st.DataObject) -> None:
    rows = data.draw(st.lists(responses(q, allow_na=False), min_size=3, max_size=10))
    small = summarize(score_responses(rows, q))
    large = summarize(score_responses(rows * 4, q))  # same spread, four times the responses
    assert small.mean_interval is not None
    assert large.mean_interval is not None

    def width(i: Interval) -> float:
        return i.high - i.low

    assert width(large.mean_interval) <= width(small.mean_interval) + 1e-9
    assert width(large.below_corrective) <= width(small.below_corrective) + 1e-9


@budget(ms=7)
@given(questionnaires())
def test_questionnaires_round_trip(q: Questionnaire) -> None:
    assert from_dict(to_dict(q), Questionnaire) == q


@budget(ms=7)
@given(questionnaires(), st.data())
def test_records_with_ids_and_nan_score_like_plain_rows(
    q: Questionnaire, data: st.DataObject
) -> None:
    # Issue 12: a DataFrame's records carry an id column and NaN for "not applicable".
    rows = data.draw(st.lists(responses(q), min_size=1, max_size=8))
    records = [
        {"id": k, **{key: math.nan if v is None else v for key, v in r.items()}}
        for k, r in enumerate(rows)
    ]
    plain, with_ids = score_responses(rows, q), score_responses(records, q, id_key="id")
    assert with_ids.totals == plain.totals
    assert with_ids.normalized == plain.normalized
    assert with_ids.grades == plain.grades
    assert with_ids.ids == tuple(range(len(rows)))
    assert [s.response_id for s in with_ids] == list(range(len(rows)))


@budget(ms=6)
@given(form_and_answers())
def test_dissatisfied_items_are_the_answers_below_satisfied_by_lost_points(
    case: tuple[Questionnaire, dict[str, str | None]],
) -> None:
    q, answers = case
    s = score_response(answers, q)
    rank = {lv.key: k for k, lv in enumerate(q.levels)}
    below = {k for k, v in answers.items() if v is not None and rank[v] > rank[q.satisfied]}
    assert set(s.dissatisfied_items) == below
    lost = {i.key: i.maximum - i.points for i in s.items if i.points is not None}
    losses = [lost[k] for k in s.dissatisfied_items]
    assert losses == sorted(losses, reverse=True)
    assert s.corrective_items() == (s.dissatisfied_items or s.weakest)


@budget(ms=9)
@given(questionnaires(), st.data())
def test_one_stratum_holding_everyone_is_the_plain_mean(
    q: Questionnaire, data: st.DataObject
) -> None:
    # Issue 13 item 10: one finite-population correction everywhere.
    rows = data.draw(st.lists(responses(q, allow_na=False), min_size=2, max_size=12))
    n = len(rows)
    size = data.draw(st.integers(n, 10 * n))
    s = summarize(
        score_responses(rows, q), population=size, strata=["x"] * n, stratum_sizes={"x": size}
    )
    assert s.stratified_mean == s.mean_interval
    assert s.stratified_df == n - 1


@budget(ms=3)
@given(questionnaires(), st.floats(0, 100))
def test_every_score_is_in_exactly_one_band(q: Questionnaire, score: float) -> None:
    assert sum(b.contains(score) for b in q.bands) == 1
    assert q.grade(score).contains(score)
