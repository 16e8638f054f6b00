"""Issue 15: lazy results carry the same content as the eager ones did.

The references here are built the old way, independently of the fast paths:
``_eager_score`` is the scoring code as it was before results became lazy
(every item, every reason built on the spot), and the grading reference is
``_grade``, the eager path that grades one profile criterion by criterion.
The not-applicable rule is checked against a brute-force oracle in exact
fractions.
"""

from __future__ import annotations

import copy
import math
import pickle
import types
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmscore.explain import Reason
from qmscore.scoring import (
    COOPERATION,
    DEFAULT_GRADING,
    PAYMENT,
    POTENTIAL,
    STANDARD_QUESTIONNAIRE,
    CustomerGrade,
    CustomerProfile,
    GradingRules,
    ItemScore,
    Questionnaire,
    SatisfactionScore,
    grade_customer,
    grade_customers,
    score_response,
    score_responses,
    summarize,
)
from qmscore.scoring.grading import _grade
from qmscore.serialization import from_dict, from_json, to_dict, to_json
from qmscore.testing import grading_rules, questionnaires, responses
from tests.budget import budget

Q = STANDARD_QUESTIONNAIRE
LEVELS = [lv.key for lv in Q.levels]


# -- the old, eager scoring (kept here as the reference) ----------------------


def _eager_score(answers: dict[str, Any], q: Questionnaire) -> SatisfactionScore:
    """Score a response the way score_response did before issue 15, all at once."""
    total = possible = 0
    weight = 0.0
    items = []
    rank = {lv.key: k for k, lv in enumerate(q.levels)}
    for i in q.items:
        level = answers[i.key]
        maximum = max(i.points.values())
        if level is None or (isinstance(level, float) and math.isnan(level)):
            items.append(ItemScore(i.key, None, None, maximum))
            continue
        total += i.points[level]
        possible += maximum
        weight += i.weight
        items.append(ItemScore(i.key, level, i.points[level], maximum))
    ranked = sorted(
        (i for i in items if i.points is not None),
        key=lambda i: (i.points - i.maximum, i.key),  # type: ignore[operator]
    )
    weakest = tuple(i.key for i in ranked if i.points < i.maximum)  # type: ignore[operator]
    unhappy = tuple(i.key for i in ranked if rank[i.level] > rank[q.satisfied])  # type: ignore[index]
    if weight + 1e-9 < q.min_answered_weight:
        reason = Reason(
            "scoring.incomplete",
            f"Answered items carry {weight:.0%} of the weight, below the "
            f"{q.min_answered_weight:.0%} needed: no score",
            f"已答题目权重 {weight:.0%}，低于所需 {q.min_answered_weight:.0%}：不计分",
        )
        return SatisfactionScore(
            total,
            None,
            None,
            False,
            False,
            True,
            weight,
            tuple(items),
            weakest,
            (reason,),
            unhappy,
        )
    normalized = total * q.total / possible if possible else 0.0
    band = q.grade(normalized)
    corrective = normalized < q.corrective_below
    reasons = [
        Reason(
            "scoring.total",
            f"{total} of {possible} points"
            + (f", rescaled to {normalized:.1f} of 100" if possible != q.total else ""),
            f"得分 {total}/{possible}"
            + (f"，折算为 {normalized:.1f} 分" if possible != q.total else ""),
        ),
        Reason(
            "scoring.grade",
            f"Grade {band.grade}: {band.en} ({band.rule})",
            f"等级 {band.grade}：{band.zh}（{band.rule.replace('score', '得分')}）",
        ),
    ]
    if corrective:
        zh_of = {i.key: i.zh for i in q.items}
        level = next(lv for lv in q.levels if lv.key == q.satisfied)
        if unhappy:
            reasons.append(
                Reason(
                    "scoring.corrective",
                    f"Below {q.corrective_below:g}: corrective/preventive action for "
                    + ", ".join(unhappy),
                    f"低于 {q.corrective_below:g} 分：对 {'、'.join(zh_of[k] for k in unhappy)} "
                    "采取纠正预防措施",
                )
            )
        else:
            reasons.append(
                Reason(
                    "scoring.corrective",
                    f"Below {q.corrective_below:g}: corrective/preventive action; no item is "
                    f"answered below {level.en!r}, the weakest are " + ", ".join(weakest[:3]),
                    f"低于 {q.corrective_below:g} 分：需采取纠正预防措施；没有题目低于“{level.zh}”，"
                    f"最弱的是 {'、'.join(zh_of[k] for k in weakest[:3])}",
                )
            )
    return SatisfactionScore(
        total,
        normalized,
        band.grade,
        corrective,
        normalized >= q.target,
        False,
        weight,
        tuple(items),
        weakest,
        tuple(reasons),
        unhappy,
    )


def _fields(s: SatisfactionScore) -> dict[str, Any]:
    return {f.name: getattr(s, f.name) for f in attrs.fields(SatisfactionScore) if f.init}


# answers: a level, or not applicable as None or NaN
ANSWER = st.sampled_from(LEVELS) | st.none() | st.just(float("nan"))
STANDARD_ROWS = st.fixed_dictionaries({i.key: ANSWER for i in Q.items})


@budget(ms=6)
@given(STANDARD_ROWS)
def test_lazy_score_equals_the_eager_reference(answers: dict[str, Any]) -> None:
    lazy, eager = score_response(answers), _eager_score(answers, Q)
    assert lazy == eager
    # field by field, the reasons' text in both languages included
    assert _fields(lazy) == _fields(eager)
    assert [(r.code, r.en, r.zh) for r in lazy.reasons] == [
        (r.code, r.en, r.zh) for r in eager.reasons
    ]


@budget(ms=9)
@given(questionnaires(), st.data())
def test_lazy_score_equals_the_eager_reference_on_any_form(q: Questionnaire, data: Any) -> None:
    answers = data.draw(responses(q))
    lazy = score_response(answers, q)
    assert _fields(lazy) == _fields(_eager_score(answers, q))


@budget(ms=5)
@given(STANDARD_ROWS)
def test_a_lazy_score_reads_the_same_in_any_order(answers: dict[str, Any]) -> None:
    # Reading the decision only, then the explanation, gives what reading the
    # explanation first gives; the explanation is built once and kept.
    a, b = score_response(answers), score_response(answers)
    _ = b.reasons
    assert (a.total, a.grade, a.normalized) == (b.total, b.grade, b.normalized)
    assert a.reasons is a.reasons
    assert a.items == b.items
    assert a.weakest == b.weakest
    assert a.dissatisfied_items == b.dissatisfied_items


@budget(ms=12)
@given(STANDARD_ROWS)
def test_lazy_scores_pickle_copy_and_round_trip_through_json(answers: dict[str, Any]) -> None:
    eager = _eager_score(answers, Q)
    for make in (
        lambda s: pickle.loads(pickle.dumps(s)),
        copy.deepcopy,
        copy.copy,
        lambda s: from_dict(to_dict(s), SatisfactionScore),
        lambda s: from_json(to_json(s), SatisfactionScore),
    ):
        assert make(score_response(answers)) == eager
    assert repr(score_response(answers)) == repr(eager)
    assert hash(score_response(answers)) == hash(eager)
    # once built, the recipe is dropped: the pickle holds no questionnaire
    assert b"Questionnaire" not in pickle.dumps(score_response(answers))


@settings(max_examples=50)
@given(st.lists(STANDARD_ROWS, min_size=1, max_size=30))
def test_batch_columns_and_rows_equal_single_scoring(rows: list[dict[str, Any]]) -> None:
    batch = score_responses(rows)
    singles = [_eager_score(r, Q) for r in rows]
    assert list(batch.totals) == [s.total for s in singles]
    assert list(batch.normalized) == [s.normalized for s in singles]
    assert list(batch.grades) == [s.grade for s in singles]
    assert list(batch.corrective) == [s.needs_corrective_action for s in singles]
    assert list(batch) == singles


def _oracle(answers: dict[str, Any]) -> tuple[int, float | None, str | None, bool]:
    """Brute force in exact fractions: score the answered items, rescale to 100 if
    they carry at least 70% of the weight (the weights read as the decimals they are)."""
    total = possible = 0
    weight = Fraction(0)
    for i in Q.items:
        level = answers[i.key]
        if level is None or level != level:  # None or NaN: not applicable
            continue
        total += i.points[level]
        possible += max(i.points.values())
        weight += Fraction(repr(i.weight))
    if weight < Fraction(7, 10):
        return total, None, None, False
    score = Fraction(total * 100, possible)
    bands = [("A", 90), ("B", 75), ("C", 60), ("D", 35), ("E", 0)]
    grade = next(g for g, low in bands if score >= low)
    return total, float(score), grade, score < 75


@settings(max_examples=50)
@given(st.lists(STANDARD_ROWS, min_size=1, max_size=30), st.booleans())
def test_not_applicable_answers_follow_the_brute_force_rescaling(
    rows: list[dict[str, Any]], with_id: bool
) -> None:
    if with_id:
        rows = [{**r, "id": k} for k, r in enumerate(rows)]
    batch = score_responses(rows, id_key="id" if with_id else None)
    got = list(zip(batch.totals, batch.normalized, batch.grades, batch.corrective, strict=True))
    assert got == [_oracle(r) for r in rows]
    # the stored answers read NaN as None, like the single path
    for stored, row in zip(batch.responses, rows, strict=True):
        assert dict(stored) == {
            i.key: (None if row[i.key] != row[i.key] else row[i.key]) for i in Q.items
        }


def test_not_applicable_worked_example() -> None:
    # performance (30 points, weight 0.30) not applicable: 70 points possible and
    # exactly 70% of the weight, so it is scored: all satisfied earns 88 - 27 = 61
    # of 70, rescaled to 61 * 100 / 70 = 87.14... -> grade B (75 <= 87.1 < 90).
    row = {**dict.fromkeys([i.key for i in Q.items], "satisfied"), "performance": None}
    batch = score_responses([row, {**row, "delivery": None}])
    assert batch.totals == (61, 52)
    assert batch.normalized[0] == pytest.approx(6100 / 70)
    assert batch.grades == ("B", None)  # without delivery only 60% is answered
    assert list(batch) == [score_response(row), score_response({**row, "delivery": None})]


def test_the_compiled_form_is_kept_on_the_questionnaire_and_is_not_part_of_it() -> None:
    q = attrs.evolve(Q, name="copy")
    assert q._compiled is None
    score_response(dict.fromkeys([i.key for i in q.items], "satisfied"), q)
    form = q._compiled
    assert form is not None
    score_responses([dict.fromkeys([i.key for i in q.items], "satisfied")], q)
    assert q._compiled is form  # built once
    assert q == attrs.evolve(Q, name="copy")
    assert "_compiled" not in to_dict(q)
    assert "compiled" not in to_dict(q)
    assert pickle.loads(pickle.dumps(q)) == q


@settings(max_examples=30)
@given(st.lists(STANDARD_ROWS, min_size=2, max_size=40))
def test_summarize_a_batch_equals_summarize_its_results(rows: list[dict[str, Any]]) -> None:
    batch = score_responses(rows)
    if sum(v is not None for v in batch.normalized) < 1:
        return
    assert summarize(batch) == summarize(list(batch))


# -- grading --------------------------------------------------------------------


def _profiles_with_history(rules: GradingRules) -> st.SearchStrategy[CustomerProfile]:
    thresholds = sorted({c.threshold for t in rules.tiers for c in t.criteria if c.threshold})

    def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.none() | strategy

    # numbers on and around every threshold, so each edge is met and missed
    number = st.floats(0, 1_000_000) | st.sampled_from(thresholds)
    return st.builds(
        CustomerProfile,
        st.text(alphabet="ABCK0123-", min_size=1, max_size=6),
        sales_6m=maybe(number),
        cooperation=maybe(st.sampled_from(COOPERATION)),
        potential=maybe(st.sampled_from(POTENTIAL)),
        partner_years=maybe(st.floats(0, 20) | st.sampled_from(thresholds)),
        payment=maybe(st.sampled_from(PAYMENT)),
        well_known_brand=maybe(st.booleans()),
        direct_oem=maybe(st.booleans()),
        small_erratic_orders=maybe(st.booleans()),
        previous_grade=maybe(st.sampled_from(rules.ladder)),
        raise_request=maybe(st.just("strategic account")),
        purchase_frequency=maybe(st.floats(0, 10)),
        previous_purchase_frequency=maybe(st.floats(0, 10)),
    )


@settings(max_examples=60)
@given(st.data())
def test_lazy_grades_equal_the_eager_reference(data: Any) -> None:
    rules = data.draw(st.just(DEFAULT_GRADING) | grading_rules())
    profiles = data.draw(st.lists(_profiles_with_history(rules), max_size=12))
    graded = grade_customers(profiles, rules)
    eager = [_grade(p, rules) for p in profiles]
    assert list(graded) == eager  # every field, the reasons included
    for g, e in zip(graded, eager, strict=True):
        assert [(r.code, r.en, r.zh) for r in g.reasons] == [
            (r.code, r.en, r.zh) for r in e.reasons
        ]
    for p, e in zip(profiles, eager, strict=True):
        assert grade_customer(p, rules) == e


@settings(max_examples=30)
@given(st.lists(_profiles_with_history(DEFAULT_GRADING), min_size=1, max_size=8))
def test_lazy_grades_pickle_and_round_trip_through_json(profiles: list[CustomerProfile]) -> None:
    eager = [_grade(p, DEFAULT_GRADING) for p in profiles]
    assert [pickle.loads(pickle.dumps(g)) for g in grade_customers(profiles)] == eager
    assert [from_dict(to_dict(g), CustomerGrade) for g in grade_customers(profiles)] == eager
    assert [repr(g) for g in grade_customers(profiles)] == [repr(e) for e in eager]
    assert [hash(g) for g in grade_customers(profiles)] == [hash(e) for e in eager]


def test_customers_with_the_same_criteria_share_their_tier_results() -> None:
    # Two customers meeting the same criteria: the same TierResult objects, so
    # 100k customers cost one small object each, not four tier results each.
    a = CustomerProfile("K1", sales_6m=320_000, cooperation="very_smooth", payment="on_time")
    b = CustomerProfile("K2", sales_6m=450_000, cooperation="very_smooth", payment="on_time")
    ga, gb = grade_customers([a, b])
    assert ga.tiers is gb.tiers
    assert (ga.grade, gb.grade) == ("A", "A")  # 3 of 7 A criteria: sales, cooperation, payment


def test_the_compiled_rules_are_kept_on_the_rules_and_are_not_part_of_them() -> None:
    rules = attrs.evolve(DEFAULT_GRADING, churn_drop=0.5)
    assert rules._compiled is None
    grade_customer(CustomerProfile("K"), rules)
    tables = rules._compiled
    grade_customers([CustomerProfile("K")], rules)
    assert rules._compiled is tables
    assert rules == attrs.evolve(DEFAULT_GRADING, churn_drop=0.5)
    assert "_compiled" not in to_dict(rules)
    assert pickle.loads(pickle.dumps(rules)) == rules


class _Level(str):
    """A str subclass (as NumPy's str_ is): read as the level it equals."""


def test_a_str_subclass_answer_takes_the_careful_path_and_counts() -> None:
    row: dict[str, Any] = {i.key: "satisfied" for i in Q.items}
    row["price"] = _Level("opposed")  # 1 point instead of 4: 88 - 3 = 85
    assert score_response(row).total == 85
    assert score_responses([row]).totals == (85,)
    assert score_response(row) == _eager_score(row, Q)
    # through the careful path too (any mapping that is not a plain dict)
    assert score_response(types.MappingProxyType(row)) == _eager_score(row, Q)


def test_lazy_results_have_no_other_attributes() -> None:
    score = score_response(dict.fromkeys([i.key for i in Q.items], "satisfied"))
    grade = grade_customers([CustomerProfile("K")])[0]
    for result in (score, grade):
        with pytest.raises(AttributeError):
            result.nothing  # type: ignore[union-attr]  # noqa: B018
        assert not hasattr(result, "__deepcopy_hook__")


@budget(ms=28)
@given(st.lists(_profiles_with_history(DEFAULT_GRADING), max_size=10))
def test_rules_reading_one_field_grade_as_the_eager_path(profiles: list[CustomerProfile]) -> None:
    # A rule set whose criteria read only numbers and one scale: the compiled
    # reader pads itself to two fields (an attrgetter of one name is no tuple).
    numeric_only = GradingRules(
        (
            attrs.evolve(
                DEFAULT_GRADING.tiers[1],
                criteria=(
                    DEFAULT_GRADING.tiers[1].criteria[0],  # sales >= 300k
                    DEFAULT_GRADING.tiers[1].criteria[3],  # partner >= 2 years
                ),
                need=2,
            ),
        ),
        ladder=("A", "D"),
    )
    one_scale = GradingRules(
        (attrs.evolve(DEFAULT_GRADING.tiers[0], criteria=DEFAULT_GRADING.tiers[0].criteria[1:2]),)
    )
    profiles = [attrs.evolve(p, previous_grade=None) for p in profiles]  # not on the ladder
    for rules in (numeric_only, one_scale):
        assert list(grade_customers(profiles, rules)) == [_grade(p, rules) for p in profiles]
