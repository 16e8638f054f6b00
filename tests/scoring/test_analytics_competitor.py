"""Competitor / benchmark comparison (issue 18 item 4) against statsmodels and scipy."""

from __future__ import annotations

import math
from typing import Any

import pytest
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    TOTAL,
    Benchmark,
    compare_competitor,
    score_response,
    score_responses,
)

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


def junk(value: Any) -> Any:
    """Pass a wrongly typed value past the type checker."""
    return value


OURS = [resp("satisfied")] * 6 + [
    resp("satisfied", performance="indifferent", price="very_satisfied")
] * 4
THEIRS = [resp("very_satisfied")] * 5 + [resp("satisfied", price="dissatisfied")] * 5


def test_against_a_competitors_responses() -> None:
    c = compare_competitor(score_responses(OURS), score_responses(THEIRS))
    perf = next(g for g in c.items if g.key == "performance")
    # Performance points, in percent of 30: ours 6 x 27 + 4 x 18 -> 90%, 60%;
    # theirs 5 x 30 + 5 x 27 -> 100%, 90%.
    ours = [90.0] * 6 + [60.0] * 4
    theirs = [100.0] * 5 + [90.0] * 5
    low, high = CompareMeans(DescrStatsW(ours), DescrStatsW(theirs)).tconfint_diff(
        usevar="unequal"
    )
    assert perf.gap == pytest.approx(78.0 - 95.0)
    assert perf.change.low == pytest.approx(low)
    assert perf.change.high == pytest.approx(high)
    assert perf.impact == pytest.approx(0.30 * -17.0)
    assert perf.verdict == "behind"
    # The largest weighted shortfall comes first.
    assert c.items[0].key == "performance"
    assert [g.impact for g in c.items] == sorted(g.impact for g in c.items)
    price = next(g for g in c.items if g.key == "price")
    assert price.verdict in ("ahead", "not shown to differ")
    assert price.gap > 0
    assert c.total is not None
    ov = [v for v in score_responses(OURS).normalized if v is not None]
    tv = [v for v in score_responses(THEIRS).normalized if v is not None]
    low, high = CompareMeans(DescrStatsW(ov), DescrStatsW(tv)).tconfint_diff(usevar="unequal")
    assert c.total.low == pytest.approx(low)
    assert c.reasons[0].code == "scoring.behind_competitor"
    assert "性能" in c.reasons[0].zh


def test_against_a_published_benchmark() -> None:
    bench = {TOTAL: Benchmark(85.0, 6.0, 300), "delivery": Benchmark(9.2, 0.8, 300)}
    ours = [score_response(r) for r in OURS]
    c = compare_competitor(ours, bench)
    assert [g.key for g in c.items] == ["delivery"]
    d = c.items[0]
    # Ours: delivery 9 points for everyone -> 90%, variance 0; benchmark 92% with SD 8%
    # (0.8 of 10), n 300: se = 8 / sqrt(300) = 0.4619, df = 299 (Welch, one side fixed).
    se = 8.0 / math.sqrt(300)
    t = stats.t.ppf(0.975, 299)
    assert d.gap == pytest.approx(-2.0)
    assert d.change.low == pytest.approx(-2.0 - t * se)
    assert d.change.high == pytest.approx(-2.0 + t * se)
    assert d.verdict == "behind"
    assert d.impact == pytest.approx(-0.2)
    assert c.total is not None
    assert c.total.before == 85.0


def test_nothing_behind_has_no_reason() -> None:
    c = compare_competitor(score_responses(THEIRS), score_responses(THEIRS))
    assert c.reasons == ()
    assert all(g.verdict == "not shown to differ" for g in c.items)


BAD = [
    (
        lambda: compare_competitor(score_responses(OURS), {"colour": Benchmark(1, 1, 5)}),
        InvalidInputError,
        "'item' must be one of",
    ),
    (
        lambda: compare_competitor(score_responses(OURS), junk({"price": 3})),
        InvalidTypeError,
        "a Benchmark",
    ),
    (
        lambda: compare_competitor(junk({TOTAL: Benchmark(1, 1, 5)}), []),
        InvalidTypeError,
        "a list",
    ),
    (
        lambda: compare_competitor([score_response(OURS[0])], score_responses(THEIRS)),
        InvalidInputError,
        "at least 2 scored",
    ),
    (lambda: Benchmark(-1, 1, 5), InvalidInputError, "'mean' must be >= 0"),
    (lambda: Benchmark(1, float("nan"), 5), InvalidInputError, "'sd'"),
    (lambda: Benchmark(1, 1, 1), InvalidInputError, "'n' must be >= 2"),
    (
        lambda: compare_competitor(score_responses(OURS), [], questionnaire=junk(1)),
        InvalidTypeError,
        "a Questionnaire",
    ),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: Any, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert fragment in str(info.value)
