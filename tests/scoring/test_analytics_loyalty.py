"""Loyalty shares (issue 18 item 7) against statsmodels and hand arithmetic."""

from __future__ import annotations

import math
from typing import Any

import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import (
    STANDARD_QUESTIONNAIRE,
    agresti_coull,
    loyalty,
    score_response,
    score_responses,
)

KEYS = [i.key for i in STANDARD_QUESTIONNAIRE.items]


def resp(level: str, **changes: str | None) -> dict[str, str | None]:
    return {**dict.fromkeys(KEYS, level), **changes}


def junk(value: Any) -> Any:
    """Pass a wrongly typed value past the type checker."""
    return value


@pytest.mark.parametrize(("x", "n"), [(0, 10), (8, 10), (37, 120), (5, 5), (1, 1)])
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_agresti_coull_against_statsmodels(x: int, n: int, confidence: float) -> None:
    low, high = proportion_confint(x, n, alpha=1 - confidence, method="agresti_coull")
    i = agresti_coull(x, n, confidence)
    assert i.low == pytest.approx(max(0.0, low), abs=1e-12)
    assert i.high == pytest.approx(min(1.0, high), abs=1e-12)
    assert i.estimate == x / n


ROWS = [
    resp("very_satisfied"),
    resp("very_satisfied", price="opposed"),
    resp("satisfied", performance="very_satisfied", service=None),
    resp("opposed", appearance="very_satisfied"),
]


def test_per_item_shares_against_statsmodels() -> None:
    s = loyalty(score_responses(ROWS))
    price = next(i for i in s.items if i.key == "price")
    # Price: very satisfied, opposed, satisfied, opposed -> loyal 1/4, opposed 2/4.
    assert price.answered == 4
    assert price.classes["a loyal"] == 1
    assert price.classes["e opposed"] == 2
    low, high = proportion_confint(2, 4, method="wilson")
    assert price.opposed.low == pytest.approx(low)
    assert price.opposed.high == pytest.approx(high)
    service = next(i for i in s.items if i.key == "service")
    assert service.answered == 3
    ac = loyalty(score_responses(ROWS), method="agresti_coull")
    perf = next(i for i in ac.items if i.key == "performance")
    # Performance: very satisfied x 3, opposed x 1 -> loyal 3/4.
    low, high = proportion_confint(3, 4, method="agresti_coull")
    assert perf.loyal.low == pytest.approx(low)
    assert perf.loyal.high == pytest.approx(min(1.0, high))
    assert ac.method == "agresti_coull"


def test_survey_share_is_a_clustered_ratio() -> None:
    s = loyalty([score_response(r) for r in ROWS])
    # Loyal answers per response (y) of answered items (m):
    # r1 10 of 10; r2 9 of 10; r3 1 of 9 (performance); r4 1 of 10 (appearance).
    pairs = [(10, 10), (9, 10), (1, 9), (1, 10)]
    r = 21 / 39
    var = 4 / 3 * sum((y - r * m) ** 2 for y, m in pairs) / 39**2
    half = stats.norm.ppf(0.975) * math.sqrt(var)
    assert s.survey.answered == 39
    assert s.survey.loyal.estimate == pytest.approx(r)
    assert s.survey.loyal.low == pytest.approx(r - half)
    assert s.survey.loyal.high == min(1.0, r + half)  # clipped to [0, 1]
    # Opposed: r2 price, r4 nine items -> 10 of 39.
    assert s.survey.opposed.estimate == pytest.approx(10 / 39)
    assert s.survey.classes["a loyal"] == 21
    assert "反对最多的题目" in s.reasons[0].zh


def test_custom_classes_and_single_response() -> None:
    s = loyalty(
        score_responses(ROWS), loyal=["a loyal", "b satisfied"], opposed=["d dissatisfied"]
    )
    assert s.loyal_classes == ("a loyal", "b satisfied")
    price = next(i for i in s.items if i.key == "price")
    assert price.loyal.estimate == 0.5
    assert price.opposed.estimate == 0.0
    one = loyalty(score_responses([resp("satisfied")]))
    assert (one.survey.loyal.low, one.survey.loyal.high) == (0.0, 1.0)


BAD = [
    (
        lambda: loyalty(score_responses(ROWS), method="exact"),
        InvalidInputError,
        "'method' must be one of",
    ),
    (
        lambda: loyalty(score_responses(ROWS), loyal=["z"]),
        InvalidInputError,
        "loyalty classes among",
    ),
    (lambda: loyalty(score_responses(ROWS), opposed=[]), InvalidInputError, "at least 1 items"),
    (lambda: loyalty(score_responses(ROWS), loyal=junk("a loyal")), InvalidTypeError, "a list"),
    (lambda: loyalty([]), InvalidInputError, "at least one answered item"),
    (
        lambda: loyalty(score_responses(ROWS), questionnaire=junk(1)),
        InvalidTypeError,
        "a Questionnaire",
    ),
    (lambda: agresti_coull(3, 2), InvalidInputError, "'successes' must be <= 2"),
    (lambda: agresti_coull(0, 0), InvalidInputError, "'n' must be >= 1"),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), BAD)
def test_bad_input(call: Any, exc: type[Exception], fragment: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert fragment in str(info.value)
