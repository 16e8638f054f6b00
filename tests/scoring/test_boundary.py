# mypy: disable-error-code="arg-type, list-item, dict-item, misc"
"""Issue 12 for scoring: real data in (NumPy, pandas), junk out with our error.

Every row of the bad-input table names the exception class and a message
fragment; the equivalence tests feed NumPy scalars, DataFrame records with an
id column and NaN / pd.NA answers, and ``df.apply(score_response, axis=1)``,
and compare with the same data as plain Python values.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, QmsError, RuleSetError
from qmscore.scoring import (
    DEFAULT_GRADING,
    STANDARD_BANDS,
    STANDARD_LEVELS,
    STANDARD_QUESTIONNAIRE,
    Criterion,
    CustomerProfile,
    GradeBand,
    GradingRules,
    Item,
    Questionnaire,
    SatisfactionScore,
    Tier,
    ces,
    csat,
    grade_customer,
    grade_customers,
    nps,
    nps_summary,
    review_window,
    sales_classes,
    sales_in_window,
    score_response,
    score_responses,
    select_survey_sample,
    summarize,
    wilson,
)
from qmscore.serialization import from_dict, to_dict

Q = STANDARD_QUESTIONNAIRE
KEYS = [i.key for i in Q.items]
LEVELS = [lv.key for lv in STANDARD_LEVELS]
NAN, INF = math.nan, math.inf
SAT = dict.fromkeys(KEYS, "satisfied")


def one_item(**kw: Any) -> Item:
    return Item(
        "a",
        "a",
        "a",
        kw.pop("weight", 1.0),
        kw.pop("points", dict(zip(LEVELS, (100, 80, 50, 20, 0), strict=True))),
    )


BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    # --- the issue's own examples
    ("nps(-1)", lambda: nps(-1), InvalidTypeError, "'scores' must be a list (got -1)"),
    ("csat(1)", lambda: csat(1), InvalidTypeError, "'ratings' must be a list (got 1)"),
    ("summarize(-inf)", lambda: summarize(-INF), InvalidTypeError, "'scores' must be a list"),
    (
        "grade_customer(profile, None)",
        lambda: grade_customer(CustomerProfile("X"), None),
        InvalidTypeError,
        "'rules' must be a GradingRules (got None)",
    ),
    (
        "select_survey_sample({17: 'B'})",
        lambda: select_survey_sample({17: "B"}, {}, period=1),
        InvalidTypeError,
        "'customers key' must be a non-empty string (got 17)",
    ),
    (
        "CustomerProfile(raise_request=True)",
        lambda: CustomerProfile("X", raise_request=True),
        InvalidTypeError,
        "'raise_request' must be a reason or None (got True)",
    ),
    (
        "sales_classes mixed keys",
        lambda: sales_classes({1: 100.0, "k2": 100.0}),
        InvalidTypeError,
        "'sales key' must be a non-empty string (got 1)",
    ),
    (
        "wilson(1.5, inf)",
        lambda: wilson(1.5, INF),
        InvalidTypeError,
        "'n' must be an integer (got inf)",
    ),
    (
        "wilson(1.5, 10)",
        lambda: wilson(1.5, 10),
        InvalidTypeError,
        "'successes' must be an integer",
    ),
    (
        "sales_classes NaN",
        lambda: sales_classes({"a": 100.0, "b": NAN}),
        InvalidInputError,
        "'sales[b]' must be finite (not NaN) (got nan)",
    ),
    (
        "sales_classes inf",
        lambda: sales_classes({"a": INF, "b": 1.0}),
        InvalidInputError,
        "'sales[a]' must be finite (got inf)",
    ),
    (
        "CustomerProfile sales inf",
        lambda: CustomerProfile("X", sales_6m=INF),
        InvalidInputError,
        "'sales_6m' must be finite (got inf)",
    ),
    (
        "corrective_below NaN",
        lambda: attrs.evolve(Q, corrective_below=NAN),
        InvalidInputError,
        "'corrective_below' must be finite (not NaN)",
    ),
    (
        "target inf",
        lambda: attrs.evolve(Q, target=INF),
        InvalidInputError,
        "'target' must be finite",
    ),
    (
        "criterion threshold NaN",
        lambda: Criterion("x", "x", "x", "sales_6m", "min", threshold=NAN),
        InvalidInputError,
        "'threshold' must be finite (not NaN)",
    ),
    (
        "weights add up to 0.9999999",
        lambda: Questionnaire(
            "x",
            (
                Item("a", "a", "a", 0.5, dict(zip(LEVELS, (50, 40, 30, 20, 10), strict=True))),
                Item(
                    "b", "b", "b", 0.4999999, dict(zip(LEVELS, (50, 40, 30, 20, 10), strict=True))
                ),
            ),
            STANDARD_LEVELS,
            STANDARD_BANDS,
        ),
        RuleSetError,
        "item weights must add up to 1 (they add up to 0.9999999)",
    ),
    # --- questionnaires, items, bands
    (
        "item weight 0",
        lambda: one_item(weight=0),
        InvalidInputError,
        "'weight' must be > 0 (got 0)",
    ),
    (
        "item weight NaN",
        lambda: one_item(weight=NAN),
        InvalidInputError,
        "'weight' must be finite (not NaN)",
    ),
    (
        "item weight text",
        lambda: one_item(weight="0.5"),
        InvalidTypeError,
        "'weight' must be a number",
    ),
    (
        "item points negative",
        lambda: one_item(points=dict(zip(LEVELS, (100, 80, 50, 20, -1), strict=True))),
        InvalidInputError,
        "'points[opposed]' must be >= 0 (got -1)",
    ),
    (
        "item points float",
        lambda: one_item(points=dict(zip(LEVELS, (100, 80, 50, 20, 0.5), strict=True))),
        InvalidTypeError,
        "'points[opposed]' must be an integer",
    ),
    (
        "item points list",
        lambda: one_item(points=[100, 80]),
        InvalidTypeError,
        "'points' must be a mapping",
    ),
    (
        "questionnaire items as a string",
        lambda: Questionnaire("x", "items", STANDARD_LEVELS, STANDARD_BANDS),
        InvalidTypeError,
        "'items' must be a list of Items",
    ),
    (
        "questionnaire items of strings",
        lambda: Questionnaire("x", ["a"], STANDARD_LEVELS, STANDARD_BANDS),
        InvalidTypeError,
        "'items[0]' must be an Item (got 'a')",
    ),
    (
        "questionnaire levels of None",
        lambda: Questionnaire("x", (one_item(),), [None], STANDARD_BANDS),
        InvalidTypeError,
        "'levels[0]' must be an AnswerLevel",
    ),
    (
        "questionnaire bands int",
        lambda: Questionnaire("x", (one_item(),), STANDARD_LEVELS, 1),
        InvalidTypeError,
        "'bands' must be a list of GradeBands",
    ),
    (
        "min_answered_weight 0",
        lambda: attrs.evolve(Q, min_answered_weight=0),
        InvalidInputError,
        "'min_answered_weight' must be > 0 (got 0)",
    ),
    (
        "total bool",
        lambda: attrs.evolve(Q, total=True),
        InvalidTypeError,
        "'total' must be an integer",
    ),
    (
        "corrective_below above the total",
        lambda: attrs.evolve(Q, corrective_below=101),
        RuleSetError,
        "corrective_below must be at most the total 100",
    ),
    (
        "source junk",
        lambda: attrs.evolve(Q, source="004"),
        InvalidTypeError,
        "'source' must be a Source or None",
    ),
    (
        "satisfied_level unknown",
        lambda: attrs.evolve(Q, satisfied_level="happy"),
        RuleSetError,
        "satisfied_level must be one of the answer levels",
    ),
    (
        "band lower NaN",
        lambda: GradeBand("A", NAN, None, "a", "a"),
        InvalidInputError,
        "'lower' must be finite",
    ),
    (
        "band upper below lower",
        lambda: GradeBand("A", 50, 40, "a", "a"),
        InvalidInputError,
        "'upper' must be > lower (50) or None (got 40",
    ),
    (
        "band inclusive text",
        lambda: GradeBand("A", 0, None, "a", "a", lower_inclusive="yes"),
        InvalidTypeError,
        "'lower_inclusive' must be True or False",
    ),
    ("grade of NaN", lambda: Q.grade(NAN), InvalidInputError, "'score' must be finite (not NaN)"),
    (
        "grade of -1",
        lambda: Q.grade(-1),
        InvalidInputError,
        "'score' must be in a grade band (0..100)",
    ),
    # --- scoring rows
    (
        "answers a number",
        lambda: score_response({**SAT, "price": 5}),
        InvalidTypeError,
        "'answers.price' must be one of ['very_satisfied'",
    ),
    (
        "extra column without id_key",
        lambda: score_response({**SAT, "id": 7}),
        InvalidInputError,
        "unknown: ['id'] (columns that are not items: name them with id_key= or ignore=)",
    ),
    (
        "id column missing",
        lambda: score_response(SAT, id_key="id"),
        InvalidInputError,
        "'answers' must have the id column 'id'",
    ),
    (
        "id missing value",
        lambda: score_response({**SAT, "id": NAN}, id_key="id"),
        InvalidInputError,
        "'answers.id' must be an id (a string or an integer), not missing",
    ),
    (
        "id junk",
        lambda: score_response({**SAT, "id": 1.5}, id_key="id"),
        InvalidTypeError,
        "'answers.id' must be an id (a string or an integer) (got 1.5)",
    ),
    (
        "id_key an item",
        lambda: score_response(SAT, id_key="price"),
        InvalidInputError,
        "'id_key' must be not an item key (got ['price'])",
    ),
    ("id_key junk", lambda: score_response(SAT, id_key=3), InvalidTypeError, "'id_key' must be a"),
    (
        "ignore a string",
        lambda: score_response(SAT, ignore="ts"),
        InvalidTypeError,
        "'ignore' must be a list",
    ),
    (
        "ignore an item",
        lambda: score_response(SAT, ignore=["price"]),
        InvalidInputError,
        "'ignore' must be not an item key",
    ),
    (
        "batch row id missing",
        lambda: score_responses([{**SAT, "id": 1}, SAT], id_key="id"),
        InvalidInputError,
        "'responses[1]' must have the id column 'id'",
    ),
    (
        "batch row id NaN on the fast path",
        lambda: score_responses([{**SAT, "id": NAN}], id_key="id"),
        InvalidInputError,
        "'responses[0].id' must be an id",
    ),
    (
        "responses a string",
        lambda: score_responses("rows"),
        InvalidTypeError,
        "'responses' must be a list",
    ),
    (
        "responses of numbers",
        lambda: score_responses([1]),
        InvalidTypeError,
        "'responses[0]' must be a mapping (got 1)",
    ),
    (
        "questionnaire None",
        lambda: score_response(SAT, None),
        InvalidTypeError,
        "'questionnaire' must be a Questionnaire",
    ),
    # --- other scales
    (
        "nps float",
        lambda: nps([9.0]),
        InvalidTypeError,
        "'scores[0]' must be an integer 0..10 (got 9.0)",
    ),
    (
        "nps NaN",
        lambda: nps([NAN]),
        InvalidTypeError,
        "'scores[0]' must be an integer 0..10 (got nan)",
    ),
    ("nps bool", lambda: nps([True]), InvalidTypeError, "'scores[0]' must be an integer 0..10"),
    (
        "csat scale text",
        lambda: csat([5], scale="5"),
        InvalidTypeError,
        "'scale' must be an integer",
    ),
    (
        "ces scale bool",
        lambda: ces([5], scale=True),
        InvalidTypeError,
        "'scale' must be an integer",
    ),
    # --- statistics
    (
        "wilson huge n",
        lambda: wilson(0, 10**400),
        InvalidInputError,
        "'n' must be <= 9007199254740992",
    ),
    (
        "wilson confidence NaN",
        lambda: wilson(1, 2, NAN),
        InvalidInputError,
        "'confidence' must be finite",
    ),
    (
        "wilson confidence 1",
        lambda: wilson(1, 2, 1.0),
        InvalidInputError,
        "'confidence' must be in (0, 1)",
    ),
    (
        "summarize population float",
        lambda: summarize([score_response(SAT)], population=10.0),
        InvalidTypeError,
        "'population' must be an integer",
    ),
    (
        "summarize questionnaire junk",
        lambda: summarize([score_response(SAT)], "form"),
        InvalidTypeError,
        "'questionnaire' must be a Questionnaire or None",
    ),
    (
        "summarize confidence text",
        lambda: summarize([score_response(SAT)], confidence="95%"),
        InvalidTypeError,
        "'confidence' must be a number",
    ),
    (
        "summarize strata a string",
        lambda: summarize([score_response(SAT)] * 2, strata="AB", stratum_sizes={"A": 2}),
        InvalidTypeError,
        "'strata' must be a list",
    ),
    (
        "summarize strata of floats",
        lambda: summarize([score_response(SAT)] * 2, strata=[1.5, 1.5], stratum_sizes={1.5: 2}),
        InvalidTypeError,
        "'strata[0]' must be a stratum label",
    ),
    (
        "summarize stratum size junk",
        lambda: summarize([score_response(SAT)] * 2, strata=["A", "A"], stratum_sizes={"A": NAN}),
        InvalidTypeError,
        "'stratum_sizes[A]' must be an integer",
    ),
    (
        "summarize stratum smaller than its responses",
        lambda: summarize([score_response(SAT)] * 3, strata=["A"] * 3, stratum_sizes={"A": 2}),
        InvalidInputError,
        "'stratum_sizes[A]' must be >= its 3 scored responses (got 2)",
    ),
    (
        "summarize stratum_sizes not a mapping",
        lambda: summarize([score_response(SAT)] * 2, strata=["A", "A"], stratum_sizes=[2]),
        InvalidTypeError,
        "'stratum_sizes' must be a mapping",
    ),
    (
        "nps_summary confidence",
        lambda: nps_summary([9], confidence=0),
        InvalidInputError,
        "'confidence' must be in (0, 1)",
    ),
    # --- grading
    (
        "profile NaN share",
        lambda: CustomerProfile("X", repeat_rate=INF),
        InvalidInputError,
        "'repeat_rate' must be finite",
    ),
    (
        "profile share above 1",
        lambda: CustomerProfile("X", referral_rate=1.5),
        InvalidInputError,
        "'referral_rate' must be a share in [0, 1]",
    ),
    (
        "profile flag text",
        lambda: CustomerProfile("X", direct_oem="no"),
        InvalidTypeError,
        "'direct_oem' must be True, False or None (got 'no')",
    ),
    (
        "profile scale list",
        lambda: CustomerProfile("X", payment=["on_time"]),
        InvalidTypeError,
        "'payment' must be one of",
    ),
    (
        "profile id int",
        lambda: CustomerProfile(17),
        InvalidTypeError,
        "'customer_id' must be a non-empty string",
    ),
    (
        "profile previous grade blank",
        lambda: CustomerProfile("X", previous_grade=" "),
        InvalidInputError,
        "'previous_grade' must be a grade (non-empty)",
    ),
    (
        "previous grade off the ladder",
        lambda: grade_customer(CustomerProfile("X", previous_grade="a")),
        InvalidInputError,
        "'profile.previous_grade' must be one of ('A', 'B', 'C', 'D') or None (got 'a')",
    ),
    (
        "previous grade E",
        lambda: grade_customer(CustomerProfile("X", previous_grade="E")),
        InvalidInputError,
        "(got 'E')",
    ),
    (
        "criterion kind junk",
        lambda: Criterion("x", "x", "x", "sales_6m", "max", threshold=1.0),
        InvalidInputError,
        "'kind' must be one of",
    ),
    (
        "criterion threshold text",
        lambda: Criterion("x", "x", "x", "sales_6m", "min", threshold="1"),
        InvalidTypeError,
        "'threshold' must be a number",
    ),
    (
        "criterion inclusive text",
        lambda: Criterion("x", "x", "x", "sales_6m", "min", threshold=1.0, inclusive="no"),
        InvalidTypeError,
        "'inclusive' must be True or False",
    ),
    (
        "criterion evaluate junk",
        lambda: DEFAULT_GRADING.tiers[1].criteria[0].evaluate("X"),
        InvalidTypeError,
        "'profile' must be a CustomerProfile",
    ),
    (
        "tier criteria a string",
        lambda: Tier("A", "abc", need=1),
        InvalidTypeError,
        "'criteria' must be a list of Criteria",
    ),
    (
        "tier criteria of str",
        lambda: Tier("A", ["a"], need=1),
        InvalidTypeError,
        "'criteria[0]' must be a Criterion",
    ),
    (
        "tier need float",
        lambda: Tier("A", DEFAULT_GRADING.tiers[1].criteria, need=1.5),
        InvalidTypeError,
        "'need' must be an integer",
    ),
    (
        "tier any_of text",
        lambda: Tier("A", DEFAULT_GRADING.tiers[1].criteria, any_of="yes"),
        InvalidTypeError,
        "'any_of' must be True or False",
    ),
    (
        "rules tiers None",
        lambda: GradingRules(None),
        InvalidTypeError,
        "'tiers' must be a list of Tiers",
    ),
    (
        "rules ladder a string",
        lambda: GradingRules(DEFAULT_GRADING.tiers, ladder="ABCD"),
        InvalidTypeError,
        "'ladder' must be a list",
    ),
    (
        "rules ladder duplicates",
        lambda: GradingRules(DEFAULT_GRADING.tiers, ladder=("A", "A", "B", "C", "D")),
        RuleSetError,
        "the ladder must be non-empty with unique grades",
    ),
    (
        "rules hysteresis NaN",
        lambda: GradingRules(DEFAULT_GRADING.tiers, hysteresis=NAN),
        InvalidInputError,
        "'hysteresis' must be finite (not NaN)",
    ),
    (
        "rules churn text",
        lambda: GradingRules(DEFAULT_GRADING.tiers, churn_drop="30%"),
        InvalidTypeError,
        "'churn_drop' must be a number",
    ),
    (
        "rules follow_up text",
        lambda: GradingRules(DEFAULT_GRADING.tiers, follow_up={"A": "yes"}),
        InvalidTypeError,
        "'follow_up[A]' must be True or False",
    ),
    (
        "rules follow_up list",
        lambda: GradingRules(DEFAULT_GRADING.tiers, follow_up=["A"]),
        InvalidTypeError,
        "'follow_up' must be a mapping",
    ),
    (
        "rules source text",
        lambda: GradingRules(DEFAULT_GRADING.tiers, source="004"),
        InvalidTypeError,
        "'source' must be a Source or None",
    ),
    (
        "grade_customers of str",
        lambda: grade_customers(["X"]),
        InvalidTypeError,
        "'profiles[0]' must be a CustomerProfile",
    ),
    (
        "grade_customers a profile",
        lambda: grade_customers(CustomerProfile("X")),
        InvalidTypeError,
        "'profiles' must be a list",
    ),
    # --- customers: windows, sales, survey sample
    (
        "review_window date.min",
        lambda: review_window(dt.date.min),
        InvalidInputError,
        "'review_date' must be at least 6 months after 0001-01-01",
    ),
    (
        "review_window months huge",
        lambda: review_window(dt.date(2026, 6, 30), 2**63),
        InvalidInputError,
        "'months' must be <= 1200",
    ),
    (
        "review_window datetime",
        lambda: review_window(dt.datetime(2026, 6, 30)),
        InvalidTypeError,
        "'review_date' must be a date (not a datetime)",
    ),
    (
        "sales_in_window window junk",
        lambda: sales_in_window([], (1, 2, 3)),
        InvalidInputError,
        "'window' must be at most 2 items long",
    ),
    (
        "sales_in_window window short",
        lambda: sales_in_window([], (dt.date(2026, 1, 1),)),
        InvalidTypeError,
        "'window' must be a (start, end) pair of dates",
    ),
    (
        "sales_in_window window reversed",
        lambda: sales_in_window([], (dt.date(2026, 2, 1), dt.date(2026, 1, 1))),
        InvalidInputError,
        "start <= end",
    ),
    (
        "sales_in_window order junk",
        lambda: sales_in_window([1], (dt.date(2026, 1, 1), dt.date(2026, 2, 1))),
        InvalidTypeError,
        "'orders[0]' must be a list",
    ),
    (
        "sales_in_window order single",
        lambda: sales_in_window(
            [(dt.date(2026, 1, 1),)], (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
        ),
        InvalidTypeError,
        "'orders[0]' must be a (date, amount) pair",
    ),
    (
        "sales_in_window amount NaN",
        lambda: sales_in_window(
            [(dt.date(2026, 1, 1), NAN)], (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
        ),
        InvalidInputError,
        "'orders[0].amount' must be finite (not NaN)",
    ),
    (
        "sales_in_window date junk",
        lambda: sales_in_window([("soon", 1.0)], (dt.date(2026, 1, 1), dt.date(2026, 2, 1))),
        InvalidInputError,
        "'orders[0].date' must be an ISO 8601 date",
    ),
    (
        "sales_classes a NaN",
        lambda: sales_classes({"x": 1}, a=NAN),
        InvalidInputError,
        "'a' must be finite (not NaN)",
    ),
    (
        "sales_classes not a mapping",
        lambda: sales_classes([("x", 1)]),
        InvalidTypeError,
        "'sales' must be a mapping",
    ),
    (
        "survey period text",
        lambda: select_survey_sample({}, {}, period="1"),
        InvalidTypeError,
        "'period' must be an integer",
    ),
    (
        "survey fraction NaN",
        lambda: select_survey_sample({"x": "B"}, {}, period=1, fractions={"B": NAN}),
        InvalidInputError,
        "'fractions[B]' must be finite (not NaN)",
    ),
    (
        "survey grade unhashable",
        lambda: select_survey_sample({"x": ["B"]}, {}, period=1),
        InvalidTypeError,
        "'customers[x]' must be a grade in",
    ),
    (
        "survey history float",
        lambda: select_survey_sample({"x": "B"}, {"x": 1.0}, period=2),
        InvalidTypeError,
        "'history[x]' must be an integer",
    ),
    (
        "survey history key",
        lambda: select_survey_sample({"x": "B"}, {3: 1}, period=2),
        InvalidTypeError,
        "'history key' must be a non-empty string",
    ),
    (
        "survey customers list",
        lambda: select_survey_sample(["x"], {}, period=2),
        InvalidTypeError,
        "'customers' must be a mapping",
    ),
]


@pytest.mark.parametrize(("case", "call", "error", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_bad_input(
    case: str, call: Callable[[], object], error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, QmsError)
    assert fragment in str(info.value), str(info.value)


# ------------------------------------------------------------- real values


def test_numpy_scalars_give_the_plain_answers() -> None:
    # Plain Python first, then every number as a NumPy scalar: the same answers.
    assert (
        nps(np.array([10, 9, 8, 3], dtype=np.int64)) == nps([10, 9, 8, 3]) == 25.0
    )  # (2 - 1) / 4
    assert csat([np.int32(5), np.int8(4), np.uint8(1)]) == csat([5, 4, 1])
    assert ces(np.array([7, 6, 5]), scale=np.int64(7)) == 6.0
    assert wilson(np.int64(8), np.int64(10), np.float64(0.95)) == wilson(8, 10, 0.95)
    assert sales_classes({"x": np.float64(70), "y": np.int64(30)}) == sales_classes(
        {"x": 70.0, "y": 30}
    )
    window = (dt.date(2026, 1, 1), dt.date(2026, 7, 1))
    assert (
        sales_in_window(
            [(dt.date(2026, 2, 1), np.float32(0.5)), (dt.date(2026, 3, 1), Decimal("0.25"))],
            window,
        )
        == 0.75
    )
    plain = CustomerProfile(
        "K", sales_6m=320_000.0, partner_years=3.0, direct_oem=True, well_known_brand=False
    )
    numpy = CustomerProfile(
        "K",
        sales_6m=np.float64(320_000),
        partner_years=np.int64(3),
        direct_oem=np.bool_(True),
        well_known_brand=np.bool_(False),
    )
    assert numpy == plain
    assert type(numpy.sales_6m) is float
    assert type(numpy.direct_oem) is bool
    assert grade_customer(numpy) == grade_customer(plain)
    rules = GradingRules(DEFAULT_GRADING.tiers, hysteresis=np.float64(0.1))
    assert rules == GradingRules(DEFAULT_GRADING.tiers, hysteresis=0.1)
    s = select_survey_sample({"a": "A", "b": "B"}, {"b": np.int64(1)}, period=np.int64(2))
    assert s == select_survey_sample({"a": "A", "b": "B"}, {"b": 1}, period=2)
    q = Questionnaire(
        "np",
        (
            Item(
                "a",
                "a",
                "a",
                np.float64(1.0),
                dict(zip(LEVELS, np.array([100, 80, 50, 20, 0]), strict=True)),
            ),
        ),
        STANDARD_LEVELS,
        STANDARD_BANDS,
        total=np.int64(100),
    )
    assert q == Questionnaire("np", (one_item(),), STANDARD_LEVELS, STANDARD_BANDS)


def _frame() -> pd.DataFrame:
    rows = [
        {"id": "R-1", **SAT},
        {"id": "R-2", **SAT, "price": None},
        {"id": "R-3", **dict.fromkeys(KEYS, "very_satisfied"), "performance": "dissatisfied"},
    ]
    df = pd.DataFrame(rows)
    df.loc[0, "transport"] = np.nan  # NaN in an object column
    df["price"] = df["price"].astype("string")  # pandas' own missing value pd.NA
    assert df.loc[1, "price"] is pd.NA
    return df


def test_dataframe_records_with_an_id_column_and_na_answers() -> None:
    df = _frame()
    batch = score_responses(df.to_dict("records"), id_key="id")
    plain = score_responses(
        [
            {**SAT, "transport": None},
            {**SAT, "price": None},
            {**dict.fromkeys(KEYS, "very_satisfied"), "performance": "dissatisfied"},
        ]
    )
    # 88 - 4 (transport n/a) = 84 of 95 -> 88.42; R-2 the same with price;
    # 100 - 30 + 15 = 85 (performance dissatisfied).
    assert batch.totals == plain.totals == (84, 84, 85)
    assert batch.normalized == plain.normalized
    assert batch.normalized[0] == pytest.approx(84 / 95 * 100)
    assert batch.grades == plain.grades == ("B", "B", "B")
    assert batch.ids == ("R-1", "R-2", "R-3")
    assert [r["id"] for r in batch.rows()] == ["R-1", "R-2", "R-3"]
    assert batch[2].response_id == "R-3"
    assert attrs.evolve(batch[1], response_id=None) == plain[1]
    assert from_dict(to_dict(batch[0]), SatisfactionScore) == batch[0]
    assert pickle.loads(pickle.dumps(batch)).ids == batch.ids


def test_dataframe_apply_row_by_row() -> None:
    df = _frame()
    scores = df.apply(score_response, axis=1, id_key="id")
    assert [s.total for s in scores] == [84, 84, 85]
    assert [s.response_id for s in scores] == ["R-1", "R-2", "R-3"]
    # A Series row needs no id: only the item columns.
    only_items = df.drop(columns="id").apply(score_response, axis=1)
    assert [s.total for s in only_items] == [84, 84, 85]
    assert score_response(df.iloc[2], id_key="id").dissatisfied_items == ("performance",)


def test_integer_ids_and_ignored_columns() -> None:
    df = pd.DataFrame([{"survey_id": 7, "received": "2026-04-15", **SAT}])
    row = df.to_dict("records")[0]
    assert type(row["survey_id"]) is int
    s = score_response(df.iloc[0], id_key="survey_id", ignore=["received"])
    assert (s.response_id, type(s.response_id), s.total) == (7, int, 88)
    batch = score_responses(df.to_dict("records"), id_key="survey_id", ignore=("received",))
    assert batch.ids == (7,)
    assert batch.rows() == [
        {"survey_id": 7, "total": 88, "normalized": 88.0, "grade": "B", "corrective": False}
    ]
    # Declared columns may be absent; an unknown item key still raises.
    assert score_responses([SAT], ignore=["received"]).totals == (88,)
    with pytest.raises(InvalidInputError, match=r"unknown: \['colour'\]"):
        score_responses([{**SAT, "received": "x", "colour": "red"}], ignore=["received"])


def test_profiles_from_dataframe_rows_read_na_as_unknown() -> None:
    df = pd.DataFrame(
        [
            {
                "customer_id": "K-1",
                "sales_6m": 320_000.0,
                "partner_years": np.nan,
                "payment": None,
            },
            {"customer_id": "K-2", "sales_6m": np.nan, "partner_years": 3.0, "payment": "on_time"},
        ]
    )
    profiles = [CustomerProfile(**row) for row in df.to_dict("records")]
    assert profiles[0] == CustomerProfile("K-1", sales_6m=320_000.0)
    assert profiles[1] == CustomerProfile("K-2", partner_years=3.0, payment="on_time")
    assert CustomerProfile("K", cooperation=pd.NA, direct_oem=pd.NA).cooperation is None


def test_batch_rows_of_any_mapping_and_numpy_strings() -> None:
    from types import MappingProxyType

    # A fully answered Series and a read-only mapping take the fast path; NumPy strings
    # are strings. Each is "satisfied" everywhere: 88.
    rows = [pd.Series(SAT), MappingProxyType(SAT), {k: np.str_(v) for k, v in SAT.items()}]
    batch = score_responses(rows)
    assert batch.totals == (88, 88, 88)
    assert all(type(r) is dict for r in batch.responses)
    assert score_response(rows[2]) == score_response(SAT)
    assert summarize(batch).mean == 88.0
    # A row of the right length that lacks a declared column still names what is wrong.
    with pytest.raises(InvalidInputError, match=r"'responses\[0\]' must have the id column 'id'"):
        score_responses([{**SAT, "colour": 1, "received": 2}], id_key="id", ignore=["received"])
