from __future__ import annotations

import attrs
import pytest

from qmscore.errors import RuleSetError
from qmscore.scoring import (
    STANDARD_BANDS,
    STANDARD_LEVELS,
    STANDARD_QUESTIONNAIRE,
    GradeBand,
    Item,
    Questionnaire,
)
from qmscore.serialization import from_dict, to_dict

Q = STANDARD_QUESTIONNAIRE
LEVELS = [lv.key for lv in STANDARD_LEVELS]


@pytest.mark.parametrize(
    ("level", "total"),
    [
        ("very_satisfied", 100),
        ("satisfied", 88),
        ("indifferent", 60),
        ("dissatisfied", 42),
        ("opposed", 14),
    ],
)
def test_standard_table_checksums_from_the_issue(level: str, total: int) -> None:
    assert sum(i.points[level] for i in Q.items) == total


def test_standard_table_reads_like_the_brief() -> None:
    # The non-linear rows: "dissatisfied" is 5 of 10 for appearance but 3 for service life.
    assert [Q.item("appearance").points[k] for k in LEVELS] == [10, 9, 6, 5, 1]
    assert [Q.item("service_life").points[k] for k in LEVELS] == [10, 9, 6, 3, 1]
    assert [Q.item("performance").points[k] for k in LEVELS] == [30, 27, 18, 15, 5]
    assert [i.weight for i in Q.items] == [
        0.10,
        0.10,
        0.05,
        0.30,
        0.10,
        0.10,
        0.10,
        0.05,
        0.05,
        0.05,
    ]
    assert (Q.corrective_below, Q.target, Q.min_answered_weight) == (75.0, 80.0, 0.70)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A"),
        (90, "A"),
        (89.99, "B"),
        (75, "B"),
        (74.9, "C"),
        (60, "C"),
        (59.9, "D"),
        (35, "D"),
        (34.9, "E"),
        (0, "E"),
    ],
)
def test_half_open_bands(score: float, grade: str) -> None:
    assert Q.grade(score).grade == grade


def test_round_trip() -> None:
    assert from_dict(to_dict(Q), Questionnaire) == Q


def _item(
    key: str = "a", weight: float = 1.0, pts: tuple[int, ...] = (100, 80, 50, 20, 0)
) -> Item:
    return Item(key, key, key, weight, dict(zip(LEVELS, pts, strict=True)))


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: Questionnaire("x", (), STANDARD_LEVELS, STANDARD_BANDS), "at least one item"),
        (
            lambda: Questionnaire(
                "x",
                (_item("a", 0.5, (50, 40, 30, 20, 10)), _item("a", 0.5, (50, 40, 30, 20, 10))),
                STANDARD_LEVELS,
                STANDARD_BANDS,
            ),
            "duplicate item keys: a",
        ),
        (
            lambda: Questionnaire(
                "x", (_item("a", 0.6, (60, 40, 30, 20, 10)),), STANDARD_LEVELS, STANDARD_BANDS
            ),
            "weights must add up to 1 (they add up to 0.6)",
        ),
        (
            lambda: Questionnaire(
                "x", (_item("a", 1.0, (90, 80, 50, 20, 0)),), STANDARD_LEVELS, STANDARD_BANDS
            ),
            "item 'a': its maximum 90 points must match its weight 1.0 of 100",
        ),
        (
            lambda: Questionnaire(
                "x", (_item("a", 1.0, (80, 100, 50, 20, 0)),), STANDARD_LEVELS, STANDARD_BANDS
            ),
            "item 'a': the best level 'very_satisfied' must give the maximum",
        ),
        (
            lambda: Questionnaire(
                "x", (_item("a", 1.0, (100, 50, 60, 20, 0)),), STANDARD_LEVELS, STANDARD_BANDS
            ),
            "item 'a': points must not rise as answers get worse ('satisfied' 50 < 'indifferent' 60)",
        ),
        (
            lambda: Questionnaire(
                "x",
                (Item("a", "a", "a", 1.0, {"very_satisfied": 100}),),
                STANDARD_LEVELS,
                STANDARD_BANDS,
            ),
            "points must be given for exactly the levels",
        ),
        # Three thirds of a 10-point form round to 3 points each: 9, not 10.
        (
            lambda: Questionnaire(
                "x",
                tuple(
                    Item(k, k, k, 1 / 3, dict(zip(LEVELS, (3, 2, 1, 0, 0), strict=True)))
                    for k in "abc"
                ),
                STANDARD_LEVELS,
                STANDARD_BANDS,
                total=10,
            ),
            "item maxima add up to 9, not the declared total 10",
        ),
        (
            lambda: Questionnaire("x", (_item(),), STANDARD_LEVELS, STANDARD_BANDS[:-1]),
            "grade bands must start at 0",
        ),
        (
            lambda: Questionnaire(
                "x",
                (_item(),),
                STANDARD_LEVELS,
                (STANDARD_BANDS[0], STANDARD_BANDS[2], STANDARD_BANDS[3], STANDARD_BANDS[4]),
            ),
            "must meet without gap or overlap (C ends at 75.0, A starts at 90.0)",
        ),
        (
            lambda: Questionnaire(
                "x", (_item(),), STANDARD_LEVELS, (GradeBand("A", 0.0, 50.0, "a", "a"),)
            ),
            "top grade band must be open-ended",
        ),
        (
            lambda: Questionnaire("x", (_item(),), STANDARD_LEVELS[:1], STANDARD_BANDS),
            "at least two distinct keys",
        ),
    ],
)
def test_inconsistent_questionnaires_name_the_item(build: object, fragment: str) -> None:
    with pytest.raises(RuleSetError) as info:
        build()  # type: ignore[operator]
    assert fragment in str(info.value)


# ---------------------------------------------------------------- issue 13


def _edges_below() -> tuple[GradeBand, ...]:
    # The other reading of the seed's overlapping bands: each edge in the band below it.
    return (
        GradeBand("A", 90, None, "above 90", "90分以上（不含）", lower_inclusive=False),
        GradeBand(
            "B", 75, 90, "above 75 to 90", "75至90分", lower_inclusive=False, upper_inclusive=True
        ),
        GradeBand(
            "C", 60, 75, "above 60 to 75", "60至75分", lower_inclusive=False, upper_inclusive=True
        ),
        GradeBand(
            "D", 35, 60, "above 35 to 60", "35至60分", lower_inclusive=False, upper_inclusive=True
        ),
        GradeBand("E", 0, 35, "35 and below", "35分及以下", upper_inclusive=True),
    )


@pytest.mark.parametrize(
    ("score", "default", "below"),
    [
        # (score, grade with each edge in the band above [default], in the band below)
        (90, "A", "B"),
        (89.99, "B", "B"),
        (90.01, "A", "A"),
        (75, "B", "C"),
        (75.01, "B", "B"),
        (74.99, "C", "C"),
        (60, "C", "D"),
        (35, "D", "E"),
        (34.99, "E", "E"),
        (35.01, "D", "D"),
        (0, "E", "E"),
    ],
)
def test_band_edges_are_a_parameter(score: float, default: str, below: str) -> None:
    # Issue 13 item 5 for score bands: boundary inclusion is part of each band.
    other = attrs.evolve(Q, bands=_edges_below())
    assert Q.grade(score).grade == default
    assert other.grade(score).grade == below


def test_the_grade_reason_says_which_edge_applied() -> None:
    from qmscore.scoring import score_response

    # 75 exactly: "satisfied" everywhere (88), performance "dissatisfied" (27 -> 15, -12),
    # price "dissatisfied" (4 -> 2, -2), service "very_satisfied" (4 -> 5, +1): 88 - 14 + 1 = 75.
    answers = dict.fromkeys([i.key for i in Q.items], "satisfied")
    answers.update(performance="dissatisfied", price="dissatisfied", service="very_satisfied")
    s = score_response(answers)
    assert (s.total, s.grade) == (75, "B")
    assert s.reasons[1].en == "Grade B: 75 to below 90 (75 <= score < 90)"
    assert s.reasons[1].zh == "等级 B：75分（含）至90分（不含）（75 <= 得分 < 90）"
    t = score_response(answers, attrs.evolve(Q, bands=_edges_below()))
    assert t.grade == "C"
    assert t.reasons[1].en == "Grade C: above 60 to 75 (60 < score <= 75)"
    assert _edges_below()[0].rule == "score > 90"
    assert Q.bands[0].rule == "score >= 90"


@pytest.mark.parametrize(
    ("bands", "fragment"),
    [
        (
            (
                GradeBand("A", 50, None, "a", "a"),
                GradeBand("B", 0, 50, "b", "b", upper_inclusive=True),
            ),
            "the edge 50 must belong to exactly one of B and A (it belongs to both)",
        ),
        (
            (
                GradeBand("A", 50, None, "a", "a", lower_inclusive=False),
                GradeBand("B", 0, 50, "b", "b"),
            ),
            "the edge 50 must belong to exactly one of B and A (it belongs to neither)",
        ),
        (
            (GradeBand("A", 0, None, "a", "a", lower_inclusive=False),),
            "the lowest grade band (A) must include 0",
        ),
    ],
)
def test_band_edges_must_belong_to_exactly_one_band(
    bands: tuple[GradeBand, ...], fragment: str
) -> None:
    with pytest.raises(RuleSetError) as info:
        attrs.evolve(Q, bands=bands)
    assert fragment in str(info.value)
