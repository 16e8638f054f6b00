"""Review windows, sales ABC classes and the half-yearly survey sample.

* :func:`review_window` / :func:`sales_in_window`: the last 6 months, with
  ``dateutil.relativedelta`` so month ends are handled the calendar's way.
* :func:`sales_classes`: Pareto A/B/C by cumulative share of sales (002's
  complaint form uses A/B/C by sales volume).
* :func:`select_survey_sample`: A 100%, B 50%, C 20%, D none by default,
  ``ceil(f x N)`` per grade, least-recently surveyed first, ties broken by a
  stable hash of the customer id, so B and C lists rotate: under a stable
  grade every B customer is surveyed at least once every 2 periods and every C
  customer at least once every 5.

Example:
    >>> from qmscore.scoring import select_survey_sample
    >>> s = select_survey_sample({"a1": "A", "b1": "B", "b2": "B", "c1": "C"}, {}, period=1)
    >>> [p.customer_id for p in s.picks]
    ['a1', 'b2', 'c1']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from qmscore._checks import (
    check_date,
    check_int,
    check_mapping,
    check_real,
    check_sequence,
    check_str,
    type_error,
    value_error,
)
from qmscore._display import Results, Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._inputs import exact

__all__ = [
    "SURVEY_FRACTIONS",
    "Pick",
    "SalesClass",
    "SurveySelection",
    "review_window",
    "sales_classes",
    "sales_in_window",
    "select_survey_sample",
]

Amount = float | Decimal | Fraction
"""An amount or share: any real number (NumPy included), ``Decimal`` or ``Fraction``."""

SURVEY_FRACTIONS: Mapping[str, float] = {"A": 1.0, "B": 0.5, "C": 0.2, "D": 0.0}
"""Survey coverage per half-year by customer grade (seed 004)."""


MAX_MONTHS = 1200
"""Longest review window (100 years)."""


def review_window(review_date: dt.date, months: int = 6) -> tuple[dt.date, dt.date]:
    """``[start, end)`` of the review: the ``months`` before ``review_date``.

    ``review_date`` is a ``date`` or an ISO 8601 date string.

    Example:
        >>> import datetime as dt
        >>> from qmscore.scoring import review_window
        >>> review_window(dt.date(2026, 8, 31))
        (datetime.date(2026, 2, 28), datetime.date(2026, 8, 31))
    """
    end = check_date("review_date", review_date)
    months = check_int("months", months, minimum=1, maximum=MAX_MONTHS)
    try:
        return end - relativedelta(months=months), end
    except (ValueError, OverflowError):
        raise value_error(
            "review_date", f"at least {months} months after 0001-01-01", review_date
        ) from None


def _order(path: str, value: object) -> tuple[dt.date, float]:
    pair: tuple[Any, ...] = check_sequence(path, value, max_items=2)
    if len(pair) != 2:
        raise type_error(path, "a (date, amount) pair", value)
    day, amount = pair
    return check_date(f"{path}.date", day), check_real(f"{path}.amount", amount, minimum=0)


def sales_in_window(
    orders: Iterable[tuple[dt.date, Amount]], window: tuple[dt.date, dt.date]
) -> float:
    """Sum of order amounts dated in ``[start, end)``.

    Orders are ``(date, amount)`` pairs; amounts are any finite real numbers
    >= 0 (NumPy floats, ``Decimal``), added exactly before the one rounding
    to a float.

    Example:
        >>> import datetime as dt
        >>> from qmscore.scoring import sales_in_window
        >>> sales_in_window([(dt.date(2026, 3, 1), 0.1), (dt.date(2026, 3, 2), 0.2)],
        ...                 (dt.date(2026, 1, 1), dt.date(2026, 7, 1)))
        0.3
    """
    pair: tuple[Any, ...] = check_sequence("window", window, max_items=2)
    if len(pair) != 2:
        raise type_error("window", "a (start, end) pair of dates", window)
    start, end = check_date("window[0]", pair[0]), check_date("window[1]", pair[1])
    if end < start:
        raise value_error("window", "a (start, end) pair with start <= end", window)
    total = Fraction(0)
    for k, (day, amount) in enumerate(check_sequence("orders", orders, _order)):
        if start <= day < end:
            total += exact(f"orders[{k}].amount", amount)
    return float(total)


@display
@attrs.frozen
class SalesClass:
    """A customer's Pareto class.

    Attributes:
        customer_id: The customer.
        sales: Its sales.
        share: Its share of all sales.
        cumulative_share: Share of the customers up to and including it.
        sales_class: ``"A"``, ``"B"`` or ``"C"``.
    """

    customer_id: str
    sales: float
    share: float
    cumulative_share: float
    sales_class: str


def sales_classes(
    sales: Mapping[str, Amount], *, a: Amount = 0.80, b: Amount = 0.95
) -> Results[SalesClass]:
    """Pareto classes: A while the share before a customer is below ``a``, B below ``b``.

    Customers are ordered by sales (descending), ties by id, so the result is
    deterministic. The customer whose sales carry the cumulative share across
    ``a`` is still A (boundary: the share *before* the customer decides; a
    share before it of exactly ``a`` is B).

    Arithmetic is exact: amounts and thresholds are read as the decimals they
    print as (``0.8`` is 4/5) and shares are fractions, so ten equal customers
    put exactly 80% before the ninth, which is B.

    Raises:
        InvalidInputError: an amount that is negative, NaN or infinite;
            thresholds not ``0 < a < b <= 1``.
        InvalidTypeError: an id that is not a string, an amount that is not a number.

    Example:
        >>> from qmscore.scoring import sales_classes
        >>> [c.sales_class for c in sales_classes({"x": 70, "y": 20, "z": 6, "w": 4})]
        ['A', 'A', 'B', 'C']
    """
    fa, fb = exact("a", a), exact("b", b)
    if not 0 < fa < fb <= 1:
        raise InvalidInputError(
            f"thresholds must satisfy 0 < a < b <= 1 (got a={a}, b={b})", field="b", value=b
        )
    amounts: dict[str, Fraction] = {}
    plain: dict[str, float] = {}
    for key, value in check_mapping("sales", sales).items():
        check_str("sales key", key)
        plain[key] = check_real(f"sales[{key}]", value, minimum=0)
        amounts[key] = exact(f"sales[{key}]", value)
    total = sum(amounts.values(), Fraction(0))
    out = []
    before = Fraction(0)
    for key, value in sorted(amounts.items(), key=lambda kv: (-kv[1], kv[0])):
        share = value / total if total else Fraction(0)
        cls = "A" if before < fa and total else "B" if before < fb and total else "C"
        before += share
        out.append(SalesClass(key, plain[key], float(share), float(before), cls))
    return Results(out)


@display
@attrs.frozen
class Pick:
    """One customer selected for the survey.

    Attributes:
        customer_id: The customer.
        grade: Its grade.
        weight: Design weight N_h / n_h of its grade.
        reason: Why it was picked.
    """

    customer_id: str
    grade: str
    weight: float
    reason: Reason


@display(rows="picks")
@attrs.frozen
class SurveySelection(Tabular):
    """The survey sample of a period.

    Attributes:
        period: The period (an increasing integer, e.g. half-years).
        picks: Selected customers, by grade then order of selection.
        population: Customers per grade.
        sample: Selected per grade.
    """

    period: int
    picks: tuple[Pick, ...]
    population: Mapping[str, int]
    sample: Mapping[str, int]


def _stable_hash(customer_id: str) -> str:
    return hashlib.sha256(customer_id.encode("utf-8")).hexdigest()


def select_survey_sample(
    customers: Mapping[str, str],
    history: Mapping[str, int],
    *,
    period: int,
    fractions: Mapping[str, float] = SURVEY_FRACTIONS,
) -> SurveySelection:
    """Choose who is surveyed this period: ``ceil(f x N)`` per grade, rotating.

    Args:
        customers: Customer id -> grade.
        history: Customer id -> the last period it was surveyed (absent: never).
        period: This period's number (greater than every period in ``history``).
        fractions: Share surveyed per grade (A 1.0, B 0.5, C 0.2, D 0.0).

    Raises:
        InvalidInputError: a fraction outside [0, 1], a grade with no fraction,
            a history entry not before ``period``.
    """
    period = check_int("period", period)
    shares: dict[str, Fraction] = {}
    for grade, f in check_mapping("fractions", fractions).items():
        check_str("fractions key", grade)
        shares[grade] = exact(f"fractions[{grade}]", f)
        if not 0 <= shares[grade] <= 1:
            raise value_error(f"fractions[{grade}]", "in [0, 1]", f)
    groups: dict[str, list[str]] = {}
    for cid, grade in check_mapping("customers", customers).items():
        check_str("customers key", cid)
        try:
            hash(grade)
        except TypeError:
            raise type_error(f"customers[{cid}]", f"a grade in {sorted(shares)}", grade) from None
        if grade not in shares:
            raise value_error(f"customers[{cid}]", f"a grade in {sorted(shares)}", grade)
        groups.setdefault(grade, []).append(cid)
    last_of: dict[str, int] = {}
    for cid, last in check_mapping("history", history).items():
        check_str("history key", cid)
        last_of[cid] = check_int(f"history[{cid}]", last)
        if last_of[cid] >= period:
            raise value_error(f"history[{cid}]", f"a period before {period}", last)
    picks: list[Pick] = []
    population: dict[str, int] = {}
    sample: dict[str, int] = {}
    for grade in sorted(groups):
        ids = groups[grade]
        n_all = len(ids)
        n = math.ceil(shares[grade] * n_all)
        population[grade], sample[grade] = n_all, n
        order = sorted(ids, key=lambda c: (c in last_of, last_of.get(c, 0), _stable_hash(c)))
        for cid in order[:n]:
            before: int | None = last_of.get(cid)
            when = "never surveyed" if before is None else f"last surveyed in period {before}"
            zh_when = "从未调查" if before is None else f"上次调查于第 {before} 期"
            picks.append(
                Pick(
                    cid,
                    grade,
                    n_all / n,
                    Reason(
                        "survey.pick",
                        f"Grade {grade}: {float(shares[grade]):.0%} of {n_all} -> {n}; {when}",
                        f"{grade} 级：{n_all} 户的 {float(shares[grade]):.0%} -> {n} 户；"
                        + zh_when,
                    ),
                )
            )
    return SurveySelection(period, tuple(picks), population, sample)
