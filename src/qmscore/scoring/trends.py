"""Trend over survey periods (e.g. every April and October).

:func:`trend` takes a series of surveys and gives each period's mean with its
t-interval, a trend slope with its interval by weighted least squares on the
period means, a distribution-free Mann-Kendall check on the same means, and
the items whose trend is significantly down.

* **WLS**: the period means ``y_i`` at times ``x_i`` (0, 1, 2, ... unless
  given) weighted by ``w_i = n_i / s_i^2`` (the inverse variance of each
  mean). The slope's standard error uses the weighted residual scale on
  ``k - 2`` degrees of freedom and a t quantile (the statsmodels ``WLS``
  convention), so at least 3 periods are needed. A period whose scores do not
  vary borrows the pooled within-period variance (equal weights if no period
  varies).
* **Mann-Kendall**: ``S = sum sign(y_j - y_i)`` over ``i < j``, variance
  ``[k(k-1)(2k+5) - sum t(t-1)(2t+5)] / 18`` with ties, ``Z`` with the
  continuity correction, two-sided normal p-value. With few periods it
  cannot reach significance (4 periods: p >= 0.089): read it as a check.
* An item is **falling** when its WLS slope interval lies below 0.

Example:
    >>> from qmscore.scoring import trend
    >>> t = trend([[80, 84, 82], [78, 80, 79], [74, 76, 75], [70, 72, 71]])
    >>> round(t.slope.estimate, 2), t.direction
    (-3.84, 'down')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any

import attrs

from qmscore._checks import (
    check_bool,
    check_instance,
    check_real,
    check_sequence,
    check_str,
    value_error,
)
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._dist import t_quantile
from qmscore.scoring._fast import level_counts, moments, reals
from qmscore.scoring.nps_intervals import _conf
from qmscore.scoring.questionnaire import Questionnaire
from qmscore.scoring.score import SatisfactionScore, ScoreBatch
from qmscore.scoring.stats import Interval
from qmscore.scoring.waves import _points

__all__ = ["ItemTrend", "MannKendall", "PeriodEstimate", "Trend", "mann_kendall", "trend"]

MAX_PERIODS = 10_000
"""Most periods one trend takes."""


@display
@attrs.frozen
class PeriodEstimate:
    """One period's mean with its t-interval."""

    label: str
    time: float
    n: int
    sd: float
    mean: Interval


@display
@attrs.frozen
class MannKendall:
    """The Mann-Kendall trend test on a series.

    Attributes:
        s: The statistic ``sum sign(y_j - y_i)``, ``i < j``.
        variance: Its variance under no trend (ties corrected).
        z: The normal score (continuity corrected unless asked not to).
        p_value: Two-sided p-value.
        direction: ``"up"`` or ``"down"`` when ``p_value < 1 - confidence``, else ``"none"``.
    """

    s: int
    variance: float
    z: float
    p_value: float
    direction: str


@display
@attrs.frozen
class ItemTrend:
    """One item's trend on its mean points (None where a period lacks 2 answers)."""

    key: str
    slope: Interval | None
    mann_kendall: MannKendall | None
    falling: bool


@display(rows="periods")
@attrs.frozen
class Trend(Tabular):
    """A trend over periods (see :func:`trend`).

    Attributes:
        periods: Per-period means with intervals.
        slope: WLS slope of the mean score per unit of time, with its interval.
        df: Degrees of freedom of the slope's interval (periods - 2).
        direction: ``"up"``/``"down"`` when the slope's interval excludes 0, else ``"none"``.
        mann_kendall: The distribution-free check on the period means.
        items: Per-item trends (empty for plain number series).
        falling_items: Keys of the items whose trend is significantly down.
        confidence: Confidence level.
        reasons: The verdicts in zh/en.
    """

    periods: tuple[PeriodEstimate, ...]
    slope: Interval
    df: int
    direction: str
    mann_kendall: MannKendall
    items: tuple[ItemTrend, ...]
    falling_items: tuple[str, ...]
    confidence: float
    reasons: tuple[Reason, ...] = ()


def _mean(values: Sequence[float]) -> float:
    """The mean, exactly the common value when all values are equal."""
    first = values[0]
    if all(v == first for v in values):
        return first
    return math.fsum(values) / len(values)


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


def mann_kendall(
    values: Iterable[float], *, confidence: float = 0.95, continuity: bool = True
) -> MannKendall:
    """The Mann-Kendall test for a monotone trend in a series (in time order).

    Example:
        >>> from qmscore.scoring import mann_kendall
        >>> m = mann_kendall([1, 2, 3, 4, 5, 6, 7, 8])
        >>> m.s, m.direction
        (28, 'up')
    """
    confidence = _conf(confidence)
    continuity = check_bool("continuity", continuity)
    ys = check_sequence("values", values, lambda p, v: check_real(p, v), max_items=MAX_PERIODS)
    if len(ys) < 2:
        raise value_error("values", "at least 2 values", len(ys))
    return _mk(ys, confidence, continuity)


def _mk(ys: Sequence[float], confidence: float, continuity: bool = True) -> MannKendall:
    k = len(ys)
    s = sum(_sign(ys[j] - ys[i]) for i in range(k) for j in range(i + 1, k))
    ties: dict[float, int] = {}
    for y in ys:
        ties[y] = ties.get(y, 0) + 1
    var = (k * (k - 1) * (2 * k + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())) / 18
    if s == 0 or var == 0:
        z = 0.0
    else:
        shift = _sign(s) if continuity else 0
        z = (s - shift) / math.sqrt(var)
    p = 2.0 * NormalDist().cdf(-abs(z))
    direction = "none" if p >= 1.0 - confidence else ("up" if z > 0 else "down")
    return MannKendall(s, var, z, p, direction)


def _wls(
    xs: Sequence[float], ys: Sequence[float], ws: Sequence[float], confidence: float
) -> Interval:
    if max(ys) == min(ys):  # a constant series: no trend, exactly
        return Interval(0.0, 0.0, 0.0, confidence)
    total = math.fsum(ws)
    xw = math.fsum(w * x for w, x in zip(ws, xs, strict=True)) / total
    yw = math.fsum(w * y for w, y in zip(ws, ys, strict=True)) / total
    sxx = math.fsum(w * (x - xw) ** 2 for w, x in zip(ws, xs, strict=True))
    sxy = math.fsum(w * (x - xw) * (y - yw) for w, x, y in zip(ws, xs, ys, strict=True))
    slope = sxy / sxx
    rss = math.fsum(
        w * (y - yw - slope * (x - xw)) ** 2 for w, x, y in zip(ws, xs, ys, strict=True)
    )
    se = math.sqrt(rss / (len(xs) - 2) / sxx)
    half = t_quantile(0.5 + confidence / 2.0, len(xs) - 2) * se
    return Interval(slope, slope - half, slope + half, confidence)


def _weights(groups: Sequence[Sequence[float]]) -> list[float]:
    """Inverse variances of the group means (pooled variance where a group has none)."""
    stats = []
    for g in groups:
        m = math.fsum(g) / len(g)
        stats.append((m, math.fsum((v - m) ** 2 for v in g) / (len(g) - 1), len(g)))
    return _weights_from(stats)


def _weights_from(stats: Sequence[tuple[float, float, int]]) -> list[float]:
    """Weights ``n / s^2`` from (mean, variance, n), borrowing the pooled variance."""
    dof = sum(n - 1 for _m, _s2, n in stats)
    pooled = math.fsum((n - 1) * s2 for _m, s2, n in stats) / dof
    if pooled == 0.0:
        return [float(n) for _m, _s2, n in stats]
    return [n / (s2 if s2 > 0 else pooled) for _m, s2, n in stats]


def _direction(i: Interval) -> str:
    if i.low > 0:
        return "up"
    if i.high < 0:
        return "down"
    return "none"


def _period(
    field: str, value: object
) -> tuple[list[float], list[Mapping[str, Any]], Questionnaire | None]:
    if isinstance(value, ScoreBatch):
        return (
            [v for v in value.normalized if v is not None],
            list(value.responses),
            value.questionnaire,
        )
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], SatisfactionScore):
        full = check_sequence(
            field,
            value,
            lambda p, v: check_instance(p, v, SatisfactionScore, "a SatisfactionScore"),
        )
        # Rows of points (None where not applicable): no form needed to read them.
        return (
            [s.normalized for s in full if s.normalized is not None],
            [{i.key: i.points for i in s.items} for s in full],
            None,
        )
    return list(reals(field, value)), [], None


def trend(
    periods: Sequence[ScoreBatch | Iterable[SatisfactionScore] | Iterable[float]],
    *,
    labels: Sequence[str] | None = None,
    times: Sequence[float] | None = None,
    confidence: float = 0.95,
) -> Trend:
    """Per-period estimates, the WLS trend and Mann-Kendall over a series of surveys.

    Args:
        periods: One survey per period, in time order: a :class:`ScoreBatch`, a
            list of :class:`SatisfactionScore`, or a list of plain scores.
        labels: A name per period (default ``"1"``, ``"2"``, ...).
        times: The period times, strictly increasing (default 0, 1, 2, ...): the
            slope is per unit of these.
        confidence: Confidence level of every interval and verdict.

    Raises:
        InvalidInputError: fewer than 3 periods, a period with fewer than 2
            scores, labels or times not aligned, times not increasing.
    """
    confidence = _conf(confidence)
    data = check_sequence("periods", periods, _period, max_items=MAX_PERIODS)
    k = len(data)
    if k < 3:
        raise value_error("periods", "at least 3 periods (2 are a wave comparison)", k)
    names = (
        [str(i + 1) for i in range(k)]
        if labels is None
        else list(check_sequence("labels", labels, lambda p, v: check_str(p, v)))
    )
    xs = (
        [float(i) for i in range(k)]
        if times is None
        else list(check_sequence("times", times, lambda p, v: check_real(p, v)))
    )
    if len(names) != k or len(xs) != k:
        raise InvalidInputError.constraint(
            "labels", f"one label and one time per period ({k})", len(names)
        )
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise value_error("times", "strictly increasing", xs)
    groups = [d[0] for d in data]
    for i, g in enumerate(groups):
        if len(g) < 2:
            raise InvalidInputError.constraint(f"periods[{i}]", "at least 2 scores", len(g))
    estimates = []
    for name, x, g in zip(names, xs, groups, strict=True):
        m = _mean(g)
        sd = math.sqrt(math.fsum((v - m) ** 2 for v in g) / (len(g) - 1))
        half = t_quantile(0.5 + confidence / 2.0, len(g) - 1) * sd / math.sqrt(len(g))
        estimates.append(
            PeriodEstimate(name, x, len(g), sd, Interval(m, m - half, m + half, confidence))
        )
    means = [e.mean.estimate for e in estimates]
    slope = _wls(xs, means, _weights(groups), confidence)
    mk = _mk(means, confidence)
    items = _items(data, xs, confidence)
    falling = tuple(i.key for i in items if i.falling)
    direction = _direction(slope)
    words = {
        "up": ("rising", "上升"),
        "down": ("falling", "下降"),
        "none": ("no trend shown", "未显示出趋势"),
    }
    reasons = [
        Reason(
            f"scoring.trend_{direction}",
            f"Mean score over {k} periods: slope {slope.estimate:+.3g} per period "
            f"({confidence:.0%} interval [{slope.low:.3g}, {slope.high:.3g}]): "
            f"{words[direction][0]}; Mann-Kendall S = {mk.s}, p = {mk.p_value:.3g}",
            f"{k} 期平均分：斜率每期 {slope.estimate:+.3g}（{confidence:.0%} 区间 "
            f"[{slope.low:.3g}, {slope.high:.3g}]）：{words[direction][1]}；"
            f"Mann-Kendall S = {mk.s}，p = {mk.p_value:.3g}",
        )
    ]
    if falling:
        reasons.append(
            Reason(
                "scoring.items_falling",
                f"Items trending significantly down: {', '.join(falling)}",
                f"显著下降的题目：{'、'.join(falling)}",
            )
        )
    return Trend(
        tuple(estimates), slope, k - 2, direction, mk, items, falling, confidence, tuple(reasons)
    )


def _items(
    data: Sequence[tuple[list[float], list[Mapping[str, Any]], Questionnaire | None]],
    xs: Sequence[float],
    confidence: float,
) -> tuple[ItemTrend, ...]:
    if not all(rows for _v, rows, _q in data):
        return ()
    keys = list(dict.fromkeys(k for _v, rows, _q in data for k in rows[0]))
    out = []
    for key in keys:
        per: list[tuple[float, float, int] | None] = []
        for _v, rows, q in data:
            counts = level_counts(rows, key)
            counts.pop(None, None)
            if q is not None:  # a batch holds answer levels
                per.append(moments(_points(counts, q.item(key).points)))
            else:  # score lists hold points
                per.append(moments({float(v): n for v, n in counts.items()}))
        known = [p for p in per if p is not None]
        if len(known) < len(per):
            out.append(ItemTrend(key, None, None, False))
            continue
        means = [m for m, _s2, _n in known]
        slope = _wls(xs, means, _weights_from(known), confidence)
        out.append(ItemTrend(key, slope, _mk(means, confidence), slope.high < 0))
    return tuple(out)
