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

import attrs
from dateutil.relativedelta import relativedelta

from qmscore._checks import check_int
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason

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

SURVEY_FRACTIONS: Mapping[str, float] = {"A": 1.0, "B": 0.5, "C": 0.2, "D": 0.0}
"""Survey coverage per half-year by customer grade (seed 004)."""


def review_window(review_date: dt.date, months: int = 6) -> tuple[dt.date, dt.date]:
    """``[start, end)`` of the review: the ``months`` before ``review_date``.

    Example:
        >>> import datetime as dt
        >>> from qmscore.scoring import review_window
        >>> review_window(dt.date(2026, 8, 31))
        (datetime.date(2026, 2, 28), datetime.date(2026, 8, 31))
    """
    if isinstance(review_date, dt.datetime) or not isinstance(review_date, dt.date):
        raise InvalidInputError.constraint("review_date", "a datetime.date", review_date)
    check_int("months", months, minimum=1)
    return review_date - relativedelta(months=months), review_date


def sales_in_window(
    orders: Iterable[tuple[dt.date, float]], window: tuple[dt.date, dt.date]
) -> float:
    """Sum of order amounts dated in ``[start, end)``."""
    start, end = window
    total = 0.0
    for k, (day, amount) in enumerate(orders):
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
            raise InvalidInputError.constraint(f"orders[{k}].amount", "a number >= 0", amount)
        if start <= day < end:
            total += amount
    return total


@attrs.frozen
class SalesClass:
    """A customer's Pareto class."""

    customer_id: str
    sales: float
    share: float
    cumulative_share: float
    sales_class: str


def sales_classes(
    sales: Mapping[str, float], *, a: float = 0.80, b: float = 0.95
) -> tuple[SalesClass, ...]:
    """Pareto classes: A while the share before a customer is below ``a``, B below ``b``.

    Customers are ordered by sales (descending), ties by id, so the result is
    deterministic. The customer whose sales carry the cumulative share across
    ``a`` is still A (boundary: the share *before* the customer decides).

    Example:
        >>> from qmscore.scoring import sales_classes
        >>> [c.sales_class for c in sales_classes({"x": 70, "y": 20, "z": 6, "w": 4})]
        ['A', 'A', 'B', 'C']
    """
    if not 0.0 < a < b <= 1.0:
        raise InvalidInputError(
            f"thresholds must satisfy 0 < a < b <= 1 (got a={a}, b={b})", field="b", value=b
        )
    for key, value in sales.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise InvalidInputError.constraint(f"sales[{key}]", "a number >= 0", value)
    total = math.fsum(sales.values())
    out = []
    before = 0.0
    for key, value in sorted(sales.items(), key=lambda kv: (-kv[1], kv[0])):
        share = value / total if total else 0.0
        cls = "A" if before < a and total else "B" if before < b and total else "C"
        before += share
        out.append(SalesClass(key, value, share, before, cls))
    return tuple(out)


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


@attrs.frozen
class SurveySelection:
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
    check_int("period", period)
    for grade, f in fractions.items():
        if isinstance(f, bool) or not isinstance(f, (int, float)) or not 0.0 <= f <= 1.0:
            raise InvalidInputError.constraint(f"fractions[{grade}]", "in [0, 1]", f)
    groups: dict[str, list[str]] = {}
    for cid, grade in customers.items():
        if grade not in fractions:
            raise InvalidInputError.constraint(
                f"customers[{cid}]", f"a grade in {sorted(fractions)}", grade
            )
        groups.setdefault(grade, []).append(cid)
    for cid, last in history.items():
        if isinstance(last, bool) or not isinstance(last, int) or last >= period:
            raise InvalidInputError.constraint(
                f"history[{cid}]", f"a period before {period}", last
            )
    picks: list[Pick] = []
    population: dict[str, int] = {}
    sample: dict[str, int] = {}
    for grade in sorted(groups):
        ids = groups[grade]
        n_all = len(ids)
        n = math.ceil(fractions[grade] * n_all - 1e-12)
        population[grade], sample[grade] = n_all, n
        order = sorted(ids, key=lambda c: (history.get(c, -(10**18)), _stable_hash(c)))
        for cid in order[:n]:
            before: int | None = history.get(cid)
            when = "never surveyed" if before is None else f"last surveyed in period {before}"
            zh_when = "从未调查" if before is None else f"上次调查于第 {before} 期"
            picks.append(
                Pick(
                    cid,
                    grade,
                    n_all / n,
                    Reason(
                        "survey.pick",
                        f"Grade {grade}: {fractions[grade]:.0%} of {n_all} -> {n}; {when}",
                        f"{grade} 级：{n_all} 户的 {fractions[grade]:.0%} -> {n} 户；{zh_when}",
                    ),
                )
            )
    return SurveySelection(period, tuple(picks), population, sample)
