"""A ScoreBatch holds one entry per response in every column (read back from JSON or built by hand)."""

from __future__ import annotations

import pytest

from qmscore.errors import InvalidInputError
from qmscore.scoring import STANDARD_QUESTIONNAIRE, ScoreBatch, score_responses
from qmscore.serialization import from_dict, to_dict

ROW = {i.key: "satisfied" for i in STANDARD_QUESTIONNAIRE.items}


def test_a_batch_round_trips_through_json_with_and_without_ids() -> None:
    plain = score_responses([ROW] * 3)
    with_ids = score_responses([{**ROW, "id": k} for k in "abc"], id_key="id")
    assert from_dict(to_dict(plain), ScoreBatch) == plain
    assert from_dict(to_dict(with_ids), ScoreBatch) == with_ids
    assert len(score_responses([])) == 0


@pytest.mark.parametrize("column", ["totals", "normalized", "grades", "corrective"])
def test_a_short_or_long_column_is_refused_naming_it(column: str) -> None:
    data = to_dict(score_responses([ROW] * 3))
    data[column] = data[column][:2]  # 3 responses, 2 entries
    with pytest.raises(
        InvalidInputError, match=rf"'{column}' must hold one entry per response \(3\) \(got 2\)"
    ):
        from_dict(data, ScoreBatch)
    data[column] = [data[column][0]] * 4  # 4 entries
    with pytest.raises(InvalidInputError, match=r"\(3\) \(got 4\)"):
        from_dict(data, ScoreBatch)


def test_ids_must_match_the_responses_when_the_batch_has_an_id_column() -> None:
    batch = score_responses([{**ROW, "id": k} for k in "abc"], id_key="id")
    data = to_dict(batch)
    data["ids"] = data["ids"][:2]
    with pytest.raises(
        InvalidInputError, match=r"'ids' must hold one entry per response \(3\) \(got 2\)"
    ):
        from_dict(data, ScoreBatch)
    # Without an id column, no ids is right; ids without an id column must still match.
    plain = to_dict(score_responses([ROW] * 3))
    assert from_dict(plain, ScoreBatch).ids == ()
    plain["ids"] = ["x"]
    with pytest.raises(InvalidInputError, match=r"'ids'"):
        from_dict(plain, ScoreBatch)


def test_hand_built_batch_with_misaligned_columns_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"'grades'"):
        ScoreBatch(
            STANDARD_QUESTIONNAIRE, (ROW, ROW), (88, 88), (88.0, 88.0), ("B",), (False, False)
        )


def test_hand_built_batch_reads_lists_and_refuses_junk_naming_the_field() -> None:
    lists = ScoreBatch(STANDARD_QUESTIONNAIRE, [ROW], [88], [88.0], ["B"], [False])
    assert lists == score_responses([ROW])
    with pytest.raises(InvalidInputError, match=r"'questionnaire' must be a Questionnaire"):
        ScoreBatch(None, (ROW,), (88,), (88.0,), ("B",), (False,))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"'totals' must be a sequence \(got 88\)"):
        ScoreBatch(STANDARD_QUESTIONNAIRE, (ROW,), 88, (88.0,), ("B",), (False,))
    with pytest.raises(InvalidInputError, match=r"'id_key' must be"):
        ScoreBatch(STANDARD_QUESTIONNAIRE, (ROW,), (88,), (88.0,), ("B",), (False,), ("a",), 7)  # type: ignore[arg-type,unused-ignore]


def test_the_errors_name_the_field_and_the_value() -> None:
    batch = score_responses([{**ROW, "id": k} for k in "abc"], id_key="id")
    data = to_dict(batch)
    data["totals"] = data["totals"][:1]  # with an id column too: every column is checked
    with pytest.raises(
        InvalidInputError, match=r"'totals' must hold one entry per response \(3\) \(got 1\)"
    ):
        from_dict(data, ScoreBatch)
    with pytest.raises(InvalidInputError) as short:
        ScoreBatch(
            STANDARD_QUESTIONNAIRE, (ROW, ROW), (88, 88), (88.0,), ("B", "B"), (False, False)
        )
    assert short.value.field == "normalized"
    assert short.value.value == 1
    # An id column with no ids at all is as wrong as one id too few.
    with pytest.raises(
        InvalidInputError, match=r"'ids' must hold one entry per response \(1\) \(got 0\)"
    ):
        ScoreBatch(STANDARD_QUESTIONNAIRE, (ROW,), (88,), (88.0,), ("B",), (False,), (), "rid")
    with pytest.raises(InvalidInputError) as junk:
        ScoreBatch(STANDARD_QUESTIONNAIRE, (ROW,), (88,), 7.5, ("B",), (False,))
    assert str(junk.value) == "'normalized' must be a sequence (got 7.5)"
    assert junk.value.field == "normalized"
    assert junk.value.value == 7.5
    with pytest.raises(InvalidInputError) as form:
        ScoreBatch("form", (ROW,), (88,), (88.0,), ("B",), (False,))  # type: ignore[arg-type]
    assert str(form.value) == "'questionnaire' must be a Questionnaire (got 'form')"
    assert form.value.field == "questionnaire"
    with pytest.raises(InvalidInputError) as key:
        ScoreBatch(STANDARD_QUESTIONNAIRE, (ROW,), (88,), (88.0,), ("B",), (False,), ("a",), 7)  # type: ignore[arg-type]
    assert key.value.field == "id_key"
    assert key.value.value == 7
