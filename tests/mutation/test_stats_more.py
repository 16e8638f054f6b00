"""Survey statistics behaviour that surviving mutants of scoring/stats showed untested (issue 20)."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from qmscore.errors import InvalidInputError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    Interval,
    score_response,
    score_responses,
    summarize,
)

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


def test_straddles_is_strict_at_both_ends() -> None:
    i = Interval(0.5, 0.4, 0.6, 0.95)
    assert not i.straddles(0.4)  # the low end itself is not inside
    assert i.straddles(0.41)
    assert not i.straddles(0.6)
    assert i.straddles(0.59)


def test_items_count_every_answer_from_a_list_of_scores() -> None:
    # Three single scores (not a batch): every item is answered three times.
    scores = [score_response(resp("satisfied")) for _ in range(3)]
    s = summarize(scores)
    assert all(item.answered == 3 for item in s.items)
    # A list and a batch of the same rows agree item by item.
    batch = summarize(score_responses([resp("satisfied")] * 3))
    assert [i.answered for i in batch.items] == [3] * len(KEYS)


def test_quadrant_possible_overkill_for_an_unimportant_item_doing_well() -> None:
    # All "satisfied" except packaging "very_satisfied". Performance per item:
    # 9/10, 9/10, packaging 5/5 = 1.0, 27/30, 9/10 x3 = 0.9 (six items at 0.9),
    # transport/price/service 4/5 = 0.8.  Mean = (6*0.9 + 1.0 + 3*0.8)/10 = 0.88.
    # Mean importance = 1/10 = 0.10; packaging weighs 0.05 < 0.10 (unimportant)
    # and performs 1.0 >= 0.88 -> "possible overkill"; transport 0.8 < 0.88 ->
    # "low priority"; performance 0.30 >= 0.10 and 0.9 >= 0.88 -> "keep up".
    s = summarize(score_responses([resp("satisfied", packaging="very_satisfied")] * 2))
    quad = {i.key: i.quadrant for i in s.items}
    assert quad["packaging"] == "possible overkill"
    assert quad["transport"] == "low priority"
    assert quad["performance"] == "keep up the good work"


def test_too_small_flags_in_both_languages_for_all_and_each_stratum() -> None:
    # 4 responses < min_cell 5: "all responses" flagged; strata A and B of 2
    # each are flagged too (2 < 5).
    rows = [resp("satisfied"), resp("very_satisfied")] * 2
    s = summarize(
        score_responses(rows), strata=["A", "A", "B", "B"], stratum_sizes={"A": 10, "B": 10}
    )
    small = [f for f in s.flags if f.code == "scoring.too_small"]
    assert len(small) == 3
    assert small[0].en == "Only 4 responses in all responses (fewer than 5): too few to rely on"
    assert small[0].zh == "全部回复 仅有 4 份回复（少于 5 份）：样本太少"
    assert "stratum A" in small[1].en
    assert small[1].zh.startswith("层 A 仅有 2 份回复")
    assert "stratum B" in small[2].en


def test_stratified_df_of_two_equal_strata_is_two() -> None:
    # Two strata, each scores (88, 100) [all satisfied = 88, all very satisfied = 100],
    # sizes 1000 each: W = 0.5, s^2 = 72, n_h = 2, a_h = W^2 (1 - 2/1000) s^2 / 2
    # = 0.25 * 0.998 * 36 = 8.982 (the same for both).  Satterthwaite:
    # df = (2a)^2 / (a^2/1 + a^2/1) = 4a^2 / 2a^2 = 2.  (A denominator of
    # 2 * 8.982^2 = 161.4 > 1: a smaller spread gives one below 1.)
    rows = [resp("satisfied"), resp("very_satisfied")] * 2
    s = summarize(
        score_responses(rows), strata=["A", "A", "B", "B"], stratum_sizes={"A": 1000, "B": 1000}
    )
    assert s.stratified_df == pytest.approx(2.0)
    # Scores 88 and 85 (price "opposed": 5 -> 2 points): s^2 = 4.5,
    # a = 0.25 * 0.998 * 2.25 = 0.5614, denominator 2 a^2 = 0.63 < 1, df still 2.
    rows = [resp("satisfied"), resp("satisfied", price="opposed")] * 2
    s = summarize(
        score_responses(rows), strata=["A", "A", "B", "B"], stratum_sizes={"A": 1000, "B": 1000}
    )
    assert s.stratified_df == pytest.approx(2.0)
    assert s.stratified_mean is not None
    # Half-width t(0.975, 2) * sqrt(2a) (scipy's t quantile as the oracle), not z's 1.96.
    half = stats.t.ppf(0.975, 2) * math.sqrt(2 * 0.25 * 0.998 * 4.5 / 2)
    assert s.stratified_mean.high == pytest.approx(86.5 + half, rel=1e-9)


def test_strata_without_sizes_is_refused_naming_strata() -> None:
    rows = score_responses([resp("satisfied")] * 2)
    with pytest.raises(InvalidInputError, match=r"^'strata' must give one stratum") as e:
        summarize(rows, strata=["A", "A"])
    assert e.value.field == "strata"


def test_stratum_sizes_bad_key_and_too_small_size() -> None:
    rows = score_responses([resp("satisfied")] * 2)
    with pytest.raises(InvalidInputError, match=r"^'stratum_sizes key' must be a stratum label"):
        summarize(rows, strata=["A", "A"], stratum_sizes={1.5: 2})
    # Size 1 is a valid count (>= 1) but below the stratum's 2 responses.
    with pytest.raises(InvalidInputError, match=r"^'stratum_sizes\[A\]' must be >= its 2 scored"):
        summarize(rows, strata=["A", "A"], stratum_sizes={"A": 1})


def test_weighted_bad_inputs_name_their_field() -> None:
    rows = score_responses([resp("satisfied")] * 3)
    with pytest.raises(InvalidInputError, match=r"^'fpc' must be"):
        summarize(rows, weights=[1, 1, 1], fpc="no")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'weights"):
        summarize(rows, weights=[0.5, 1, 1])
    # One response: one (unstratified) group of 1 has no variance.
    with pytest.raises(InvalidInputError, match=r"needs at least 2 weighted") as e:
        summarize(score_responses([resp("satisfied")]), weights=[1])
    assert e.value.field == "strata"


def test_population_message_counts_incomplete_responses() -> None:
    # 3 complete + 1 unanswered = 4 responses: a population of 3 is refused,
    # the message names 3 + 1 = 4; a population of 4 is accepted (rate 4/4).
    rows = [resp("satisfied")] * 3 + [resp(None)]  # type: ignore[arg-type]
    batch = score_responses(rows)
    with pytest.raises(InvalidInputError, match=r"the responses \(4\)"):
        summarize(batch, population=3)
    assert summarize(batch, population=4).response_rate == 1.0


def test_an_item_nobody_answered_has_no_mean_gap_or_quadrant() -> None:
    # price (weight 0.05) left blank in every row: answered 0, no mean, no gap.
    rows = [resp("satisfied", price=None), resp("very_satisfied", price=None)]
    for scores in (score_responses(rows), [score_response(r) for r in rows]):
        price = {i.key: i for i in summarize(scores).items}["price"]
        assert (price.answered, price.mean_points, price.gap, price.quadrant) == (
            0,
            None,
            None,
            None,
        )


def test_stratum_and_weighted_errors_carry_field_and_value() -> None:
    rows = score_responses([resp("satisfied")] * 3)
    with pytest.raises(InvalidInputError, match=r"stratum 'B' needs at least 2 scored") as e:
        summarize(rows, strata=["A", "A", "B"], stratum_sizes={"A": 10, "B": 10})
    assert (e.value.field, e.value.value) == ("strata", "B")
    # Unstratified weights: every response is in the one group labelled 0.
    with pytest.raises(InvalidInputError, match=r"stratum 0 needs at least 2 weighted") as e:
        summarize(score_responses([resp("satisfied")]), weights=[1])
    assert (e.value.field, e.value.value) == ("strata", 0)


def test_straddle_flags_only_when_the_interval_crosses_an_edge() -> None:
    # Scores 88 and 85 four times each: mean 86.5, s^2 = 4*(1.5^2)*2/7 = 18/7,
    # half-width t(0.975, 7) sqrt(18/7/8) = 2.365 * 0.567 = 1.34: [85.2, 87.8]
    # crosses no grade edge (35, 60, 75, 90): no straddle flag at all.
    tight = [resp("satisfied"), resp("satisfied", price="opposed")] * 4
    codes = {f.code for f in summarize(score_responses(tight)).flags}
    assert not codes & {"scoring.straddles_band", "scoring.straddles_corrective"}
    # Scores 60 (all indifferent) and 88: mean 74, a wide interval across 75.
    # 75 is both a grade edge and the corrective threshold: flagged once, as the edge.
    wide = [resp("indifferent"), resp("satisfied")] * 2
    flags = summarize(score_responses(wide)).flags
    edges = [f.en for f in flags if f.code == "scoring.straddles_band"]
    assert any("grade edge 75" in e for e in edges)
    assert all(f.code != "scoring.straddles_corrective" for f in flags)
