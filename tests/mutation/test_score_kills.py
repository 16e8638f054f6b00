"""Scoring paths and edges that surviving mutants of score.py showed untested (issue 20).

The standard form (seed 004) has its corrective threshold at 75 ("below 75":
75 itself needs no action) and its target at 80 ("80 or more" meets it). Each
edge is checked on both sides, on every path a response can take: the single
call (plain dict, dict with not-applicable answers, with an id column) and the
batch (plain dicts, dicts with None, NaN answers read carefully, an id column,
a mapping that is not a dict).

Points per item (very satisfied, satisfied, indifferent, dissatisfied, opposed):
appearance, dimensions 10 9 6 5 1; packaging, transport, price, service 5 4 3 2 1;
performance 30 27 18 15 5; service_life, improvement, delivery 10 9 6 3 1.
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import STANDARD_QUESTIONNAIRE as Q
from qmscore.scoring import SatisfactionScore, ScoreBatch, nps, score_response, score_responses

KEYS = [i.key for i in Q.items]


def best(**changes: str | None) -> dict[str, Any]:
    """Every item "very_satisfied" (100 points) except the changes."""
    row: dict[str, Any] = dict.fromkeys(KEYS, "very_satisfied")
    row.update(changes)
    return row


# Fully answered rows (no rescaling: normalized == total).
AT_75 = best(performance="opposed")  # 100 - (30 - 5) = 75
AT_74 = best(performance="opposed", packaging="satisfied")  # 75 - (5 - 4) = 74
AT_80 = best(performance="dissatisfied", price="dissatisfied", packaging="indifferent")
# 100 - (30 - 15) - (5 - 2) - (5 - 3) = 100 - 15 - 3 - 2 = 80
AT_79 = best(performance="dissatisfied", price="dissatisfied", packaging="dissatisfied")
# 100 - 15 - 3 - (5 - 2) = 79

# Rows with appearance and dimensions not applicable: 80% of the weight answered
# (>= 70%), 80 points possible, normalized = total x 100 / 80.
NA = {"appearance": None, "dimensions": None}
PART_75 = best(
    **NA, performance="dissatisfied", transport="opposed", price="satisfied"
)  # 80 - 15 - 4 - 1 = 60 -> 60 x 100 / 80 = 75.0
PART_73 = best(
    **NA, performance="dissatisfied", transport="dissatisfied", price="dissatisfied"
)  # 80 - 15 - 3 - 3 = 59 -> 59 x 100 / 80 = 73.75
PART_80 = best(**NA, performance="dissatisfied", service="satisfied")
# 80 - 15 - 1 = 64 -> 64 x 100 / 80 = 80.0
PART_78 = best(**NA, performance="dissatisfied", service="indifferent")
# 80 - 15 - 2 = 63 -> 63 x 100 / 80 = 78.75

# row, total, normalized, grade, corrective (< 75), meets target (>= 80)
CASES = [
    (AT_75, 75, 75.0, "B", False, False),
    (AT_74, 74, 74.0, "C", True, False),
    (AT_80, 80, 80.0, "B", False, True),
    (AT_79, 79, 79.0, "B", False, False),
    (PART_75, 60, 75.0, "B", False, False),
    (PART_73, 59, 73.75, "C", True, False),
    (PART_80, 64, 80.0, "B", False, True),
    (PART_78, 63, 78.75, "B", False, False),
]


def check(s: SatisfactionScore, case: tuple[Any, ...]) -> None:
    _row, total, normalized, grade, corrective, target = case
    assert (s.total, s.normalized, s.grade) == (total, normalized, grade)
    assert s.needs_corrective_action is corrective
    assert s.meets_target is target
    assert not s.incomplete
    # A corrective result says so among its reasons; any other does not.
    assert any(r.code == "scoring.corrective" for r in s.reasons) is corrective


@pytest.mark.parametrize("case", CASES)
def test_single_response_edges(case: tuple[Any, ...]) -> None:
    check(score_response(case[0]), case)
    # With an id column the careful path reads the row.
    check(score_response({**case[0], "rid": 7}, id_key="rid"), case)
    # A mapping that is not a dict also takes the careful path.
    check(score_response(types.MappingProxyType(case[0])), case)


def batch_rows() -> list[Mapping[str, Any]]:
    return [c[0] for c in CASES]


def check_batch(rows: Iterable[Mapping[str, Any]], **kw: Any) -> None:
    batch = score_responses(rows, **kw)
    assert batch.totals == tuple(c[1] for c in CASES)
    assert batch.normalized == tuple(c[2] for c in CASES)
    assert batch.grades == tuple(c[3] for c in CASES)
    assert batch.corrective == tuple(c[4] for c in CASES)
    for k, case in enumerate(CASES):
        check(batch[k], case)
        # The batch and the single call agree on every path.
        assert batch[k].needs_corrective_action is score_response(case[0]).needs_corrective_action


def test_batch_of_plain_dicts_edges() -> None:
    check_batch(batch_rows())


def test_batch_with_nan_for_not_applicable_edges() -> None:
    rows = [{k: (float("nan") if v is None else v) for k, v in r.items()} for r in batch_rows()]
    check_batch(rows)


def test_batch_with_an_id_column_edges() -> None:
    rows = [{**r, "rid": f"R{k}"} for k, r in enumerate(batch_rows())]
    batch = score_responses(rows, id_key="rid")
    assert batch.ids == tuple(f"R{k}" for k in range(len(CASES)))
    check_batch(rows, id_key="rid")


def test_batch_of_mappings_that_are_not_dicts_edges() -> None:
    check_batch([types.MappingProxyType(dict(r)) for r in batch_rows()])


def test_batch_from_a_generator_edges() -> None:
    check_batch(r for r in batch_rows())


# ------------------------------------------------------------------ ignored columns


def test_batch_with_ignored_columns_keeps_one_total_per_row_and_no_ids() -> None:
    rows = [{**AT_75, "ts": "2026-01-05"}, {**AT_74, "ts": "2026-01-06"}]
    batch = score_responses(rows, ignore=["ts"])
    # One total per row (75 and 74, as above) and no ids: no id column was named.
    assert batch.totals == (75, 74)
    assert batch.corrective == (False, True)
    assert batch.ids == ()
    assert len(batch) == 2
    assert [r["total"] for r in batch.rows()] == [75, 74]
    assert "ts" not in batch.rows()[0]


def test_batch_with_an_unknown_column_in_place_of_the_ignored_one_is_refused() -> None:
    # Same number of columns as items + "ts", but "foo" is neither an item nor ignored.
    for rows in ([{**AT_75, "foo": 1}], [{**AT_75, "ts": 1}, {**AT_74, "foo": 1}]):
        with pytest.raises(InvalidInputError, match=r"unknown: \['foo'\]"):
            score_responses(rows, ignore=["ts"])


# ------------------------------------------------------------------ hand-built batches


def plain_batch(**kw: Any) -> ScoreBatch:
    fields: dict[str, Any] = {
        "questionnaire": Q,
        "responses": (AT_75, AT_74),
        "totals": (75, 74),
        "normalized": (75.0, 74.0),
        "grades": ("B", "C"),
        "corrective": (False, True),
    }
    fields.update(kw)
    return ScoreBatch(**fields)


def test_hand_built_batch_with_columns_of_different_lengths_is_refused() -> None:
    # A batch built or loaded by hand whose columns disagree must not silently drop rows.
    assert len(plain_batch().rows()) == 2
    for column in ("normalized", "grades", "corrective"):
        with pytest.raises(InvalidInputError, match=rf"^'{column}' must hold one entry"):
            plain_batch(**{column: getattr(plain_batch(), column)[:1]})
    with_ids = plain_batch(ids=("R1", "R2"), id_key="rid")
    assert [r["rid"] for r in with_ids.rows()] == ["R1", "R2"]
    with pytest.raises(InvalidInputError, match=r"^'ids' must hold one entry"):
        plain_batch(ids=("R1",), id_key="rid")


def test_hand_built_batch_with_a_bad_response_names_its_index() -> None:
    bad = {**AT_75, "appearance": "great"}
    batch = plain_batch(responses=(AT_75, bad))
    assert batch[0].total == 75
    with pytest.raises(InvalidInputError, match=r"^'responses\[1\]\.appearance' must be one of"):
        batch[1]


# ------------------------------------------------------------------ nps


def test_nps_by_hand_and_an_empty_list() -> None:
    # Three promoters (10), one detractor (0) of four: 100 x (3 - 1) / 4 = 50.
    assert nps([10, 10, 10, 0]) == 50.0
    # One promoter, three detractors: 100 x (1 - 3) / 4 = -50.
    assert nps([9, 6, 6, 6]) == -50.0
    with pytest.raises(
        InvalidInputError, match=r"^'scores' must be at least one rating \(got \[\]\)$"
    ):
        nps([])


def test_edges_on_a_freshly_built_form() -> None:
    """The 75/80 edges again on a questionnaire whose scoring tables are built now.

    ``STANDARD_QUESTIONNAIRE`` keeps its tables (``_scorer._build``: one decision per
    total 0..100) once built, so the tests above may read tables built before them;
    an equal copy builds its own, single and batch, fully and partly answered.
    """
    fresh = attrs.evolve(Q)
    assert fresh._compiled is None
    for case in CASES:
        check(score_response(case[0], fresh), case)
    batch = score_responses(batch_rows(), fresh)
    for k, case in enumerate(CASES):
        check(batch[k], case)
    assert fresh._compiled is not None


def test_the_answered_weight_tolerance_is_strict_on_both_sides() -> None:
    """Scored when the answered weight plus 1e-9 reaches the minimum, not below it."""
    # Appearance and dimensions not applicable: the answered weight, summed in form
    # order as the scorer does, is 0.05 + 0.3 + 0.1 + 0.1 + 0.1 + 0.05 + 0.05 + 0.05.
    w = 0.0
    for x in (0.05, 0.3, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05):
        w += x
    at = attrs.evolve(Q, min_answered_weight=w + 1e-9)  # w + 1e-9 < minimum is False
    above = attrs.evolve(Q, min_answered_weight=math.nextafter(w + 1e-9, 2.0))
    row = PART_80
    for q, incomplete in ((at, False), (above, True)):
        assert score_response(row, q).incomplete is incomplete
        assert score_responses([row], q)[0].incomplete is incomplete


ROW = best()


def refusal(answers: Any, **kw: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        score_response(answers, **kw)
    return info.value


def test_missing_id_column_names_the_row() -> None:
    e = refusal(ROW, id_key="rid")
    assert str(e) == "'answers' must have the id column 'rid'"
    assert e.field == "answers"
    assert e.value is ROW


def test_unknown_and_missing_columns_are_listed_exactly() -> None:
    # Unknown columns of mixed types are listed sorted by their text: "2" < "x".
    odd: dict[Any, Any] = {**ROW, "x": 1, 2: 3}
    e = refusal(odd)
    assert str(e) == (
        "'answers' must answer exactly the questionnaire's items; unknown: [2, 'x'] "
        "(columns that are not items: name them with id_key= or ignore=)"
    )
    assert (e.field, e.value) == ("answers", odd)
    short = {k: v for k, v in ROW.items() if k != "price"}
    e = refusal(short)
    assert str(e) == (
        "'answers' must answer exactly the questionnaire's items; "
        "missing: ['price'] (use None for not applicable)"
    )
    assert (e.field, e.value) == ("answers", short)


@pytest.mark.parametrize(
    ("level", "error", "got"),
    [(5, InvalidTypeError, "5"), ("great", InvalidInputError, "'great'")],
)
def test_a_bad_level_is_named_with_its_value(level: Any, error: type[Exception], got: str) -> None:
    e = refusal({**ROW, "price": level})
    assert type(e) is error
    assert str(e) == (
        "'answers.price' must be one of ['very_satisfied', 'satisfied', 'indifferent', "
        f"'dissatisfied', 'opposed'] or None (got {got})"
    )
    assert e.value == level


def test_an_unhashable_level_is_a_type_error_not_a_crash() -> None:
    e = refusal({**ROW, "price": ["satisfied"]})
    assert type(e) is InvalidTypeError
    with pytest.raises(InvalidTypeError):
        score_responses([{**ROW, "price": ["satisfied"]}])


def test_ignored_columns_must_be_named_by_strings() -> None:
    assert score_response({**ROW, "note": "x"}, ignore=["note"]).total == 100
    junk: Any = [1]
    with pytest.raises(InvalidTypeError, match=r"^'ignore\[0\]' must be a non-empty string"):
        score_response({**ROW, "1": "x"}, ignore=junk)
