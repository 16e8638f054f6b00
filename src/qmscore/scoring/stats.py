"""Survey statistics a quality manager can defend.

:func:`summarize` turns scored responses into: the mean with a t-interval
(with Cochran's finite-population correction 1 - n/N when the customer base
is given, the same for the plain and the stratified mean), Wilson
intervals for the share below the corrective threshold and for each grade, a
stratified mean across customer grades with Satterthwaite degrees of freedom,
per-item means and gaps, importance-performance quadrants, and flags where an
interval straddles a grade edge or the corrective threshold, or a cell has
fewer than 5 responses. :func:`nps_summary` gives NPS with its interval.

Example:
    >>> from qmscore.scoring import score_responses, summarize
    >>> base = {k: "satisfied" for k in (
    ...     "appearance", "dimensions", "packaging", "performance", "service_life",
    ...     "improvement", "delivery", "transport", "price", "service")}
    >>> rows = [base, {**base, "performance": "very_satisfied"}, {**base, "price": "opposed"}]
    >>> s = summarize(score_responses(rows))
    >>> s.n, round(s.mean, 2)
    (3, 88.0)
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from qmscore._checks import (
    check_bool,
    check_instance,
    check_int,
    check_mapping,
    check_real,
    check_sequence,
    type_error,
    value_error,
)
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._dist import normal_quantile, t_quantile
from qmscore.scoring._fast import reals, strings
from qmscore.scoring.questionnaire import Questionnaire
from qmscore.scoring.score import SatisfactionScore, ScoreBatch

__all__ = [
    "Interval",
    "ItemSummary",
    "NPSSummary",
    "Summary",
    "nps_summary",
    "summarize",
    "wilson",
]

MIN_CELL = 5
"""Default smallest cell worth reporting without a warning."""

MAX_COUNT = 2**53
"""Largest count a proportion is computed for (integers a float holds exactly)."""


@display
@attrs.frozen
class Interval:
    """A point estimate with its confidence interval."""

    estimate: float
    low: float
    high: float
    confidence: float

    def straddles(self, value: float) -> bool:
        """Whether ``value`` lies strictly inside the interval."""
        return self.low < value < self.high


def _confidence(value: object) -> float:
    v = check_real("confidence", value)
    if not 0.0 < v < 1.0:
        raise value_error("confidence", "in (0, 1)", value)
    return v


def wilson(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a proportion (closed form).

    Example:
        >>> from qmscore.scoring import wilson
        >>> i = wilson(8, 10)
        >>> round(i.low, 4), round(i.high, 4)
        (0.4902, 0.9433)
    """
    n = check_int("n", n, minimum=1, maximum=MAX_COUNT)
    successes = check_int("successes", successes)
    if not 0 <= successes <= n:
        raise value_error("successes", f"in 0..{n}", successes)
    z = normal_quantile(0.5 + _confidence(confidence) / 2.0)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At 0 or n successes the bound is exactly 0 or 1; rounding would leave 1e-17.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(p, low, high, confidence)


@display
@attrs.frozen
class ItemSummary:
    """One item across responses.

    Attributes:
        key: Item key.
        answered: Responses answering it.
        mean_points: Mean points where answered.
        maximum: The item's maximum.
        gap: maximum - mean_points.
        performance: mean_points / maximum.
        importance: The item's weight.
        quadrant: Importance-performance quadrant.
    """

    key: str
    answered: int
    mean_points: float | None
    maximum: int
    gap: float | None
    performance: float | None
    importance: float
    quadrant: str | None


@display(rows="item_rows")
@attrs.frozen
class Summary(Tabular):
    """Statistics over a set of scored responses (see :func:`summarize`)."""

    n: int
    incomplete: int
    response_rate: float | None
    mean: float
    minimum: float
    maximum: float
    sd: float | None
    mean_interval: Interval | None
    below_corrective: Interval
    grades: Mapping[str, Interval]
    grade_counts: Mapping[str, int]
    stratified_mean: Interval | None
    stratified_df: float | None
    items: tuple[ItemSummary, ...]
    flags: tuple[Reason, ...]
    nps: NPSSummary | None = None
    weighted_mean: Interval | None = None

    def item_rows(self) -> list[dict[str, object]]:
        """One plain row per item, for a table or ``pandas.DataFrame(rows)``."""
        return [attrs.asdict(i) for i in self.items]


def _scores(
    scores: object,
) -> tuple[list[float], int, list[SatisfactionScore] | None, ScoreBatch | None]:
    if isinstance(scores, ScoreBatch):
        values = [v for v in scores.normalized if v is not None]
        return values, len(scores.normalized) - len(values), None, scores
    full = list(
        check_sequence(
            "scores",
            scores,
            lambda path, s: check_instance(path, s, SatisfactionScore, "a SatisfactionScore"),
        )
    )
    values = [s.normalized for s in full if s.normalized is not None]
    return values, len(full) - len(values), full, None


def _t_interval(mean: float, var: float, df: float, confidence: float) -> Interval:
    """``mean +- t * sqrt(var)``: one formula for the plain and stratified means."""
    t = (
        t_quantile(0.5 + confidence / 2.0, df)
        if math.isfinite(df)
        else normal_quantile(0.5 + confidence / 2.0)
    )
    half = t * math.sqrt(var)
    return Interval(mean, mean - half, mean + half, confidence)


def _fpc(n: int, size: int | None) -> float:
    """Cochran's finite-population correction ``1 - n/N`` (1 without a population)."""
    return 1.0 if size is None else 1.0 - n / size


def summarize(
    scores: Iterable[SatisfactionScore] | ScoreBatch,
    questionnaire: Questionnaire | None = None,
    *,
    population: int | None = None,
    strata: Sequence[str | int] | None = None,
    stratum_sizes: Mapping[Any, int] | None = None,
    nps_scores: Iterable[int] | None = None,
    confidence: float = 0.95,
    min_cell: int = MIN_CELL,
    weights: Sequence[float] | None = None,
    fpc: bool = True,
) -> Summary:
    """Summarise scored responses.

    The variance of a mean drawn without replacement from ``N`` customers
    uses Cochran's finite-population correction ``1 - n/N`` with the sample
    variance on ``n - 1``: ``var = (1 - n/N) s^2 / n`` for the plain mean
    (``population=N``) and ``sum W_h^2 (1 - n_h/N_h) s_h^2 / n_h`` for the
    stratified mean, so a single stratum holding everyone gives exactly the
    plain mean's interval. Without a population the correction is 1.

    Args:
        scores: Scored responses (a list, or a :class:`ScoreBatch`).
        questionnaire: The form (for bands, threshold, items); the standard by default.
        population: Number of customers surveyed from (response rate, FPC).
        strata: A stratum label (a string or an integer, e.g. the customer's
            grade) per scored response, aligned.
        stratum_sizes: Customers per stratum (population), for the stratified mean.
        nps_scores: 0-10 "would you recommend us" answers, for NPS with its interval.
        confidence: Confidence level of every interval.
        min_cell: Cells (all responses, each stratum) with fewer responses are
            flagged as too small to rely on.
        weights: Design weights ``N_h / n_h`` per scored response, aligned
            (``Pick.weight`` from :func:`select_survey_sample`), each >= 1.
            Gives ``weighted_mean``: ``sum w y / sum w`` (within ``strata`` if
            given) with the linearised stratified variance
            ``sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_i (w_i z_i - mean_h)^2``,
            ``z_i = (y_i - mean) / N``, ``N_h = sum w`` in the stratum, and
            ``n - H`` degrees of freedom. With equal weights in a stratum this
            is the stratified formula above with ``N_h`` = the weights' sum;
            with equal weights and ``fpc=False`` it is the plain mean's interval.
        fpc: Apply the finite-population factor ``1 - n_h/N_h`` to the weighted mean.
            (Weighted NPS: :func:`~qmscore.scoring.weighted_nps`.)

    Raises:
        InvalidInputError: no scored response, a negative population, strata
            not aligned, a confidence outside (0, 1).
    """
    from qmscore.scoring.questionnaire import STANDARD_QUESTIONNAIRE

    if questionnaire is not None:
        check_instance("questionnaire", questionnaire, Questionnaire, "a Questionnaire or None")
    confidence = _confidence(confidence)
    min_cell = check_int("min_cell", min_cell, minimum=1)
    values, skipped, full, batch = _scores(scores)
    q = questionnaire or (batch.questionnaire if batch is not None else STANDARD_QUESTIONNAIRE)
    n = len(values)
    if n == 0:
        raise InvalidInputError.constraint("scores", "at least one scored (complete) response", n)
    if population is not None:
        population = check_int("population", population)
        if population < n + skipped:
            raise value_error(
                "population", f"an integer >= the responses ({n + skipped})", population
            )
    mean = math.fsum(values) / n
    # Each distinct score once (scores repeat: integers 0..100 when answered in
    # full); fsum is exact, so summing repeats of each square is the same sum.
    tally = Counter(values)
    flags: list[Reason] = []
    sd = interval = None
    if n >= 2:
        squares = (itertools.repeat((v - mean) ** 2, c) for v, c in tally.items())
        s2 = math.fsum(itertools.chain.from_iterable(squares)) / (n - 1)
        sd = math.sqrt(s2)
        interval = _t_interval(mean, _fpc(n, population) * s2 / n, n - 1, confidence)
        for band in q.bands:
            if band.lower > 0 and interval.straddles(band.lower):
                flags.append(
                    Reason(
                        "scoring.straddles_band",
                        f"The mean's interval [{interval.low:.1f}, {interval.high:.1f}] straddles "
                        f"the grade edge {band.lower:g}: the grade is not certain",
                        f"均值区间 [{interval.low:.1f}, {interval.high:.1f}] 跨越等级界限 "
                        f"{band.lower:g}：等级不确定",
                    )
                )
        if interval.straddles(q.corrective_below) and not any(
            b.lower == q.corrective_below for b in q.bands
        ):
            flags.append(
                Reason(
                    "scoring.straddles_corrective",
                    "The mean's interval straddles the corrective threshold "
                    f"{q.corrective_below:g}",
                    f"均值区间跨越纠正措施界限 {q.corrective_below:g}",
                )
            )
    if n < min_cell:
        flags.append(_small("all responses", n, min_cell))
    counts = {b.grade: 0 for b in q.bands}
    below_count = 0
    for v, c in tally.items():
        counts[q.grade(v).grade] += c
        if v < q.corrective_below:
            below_count += c
    grades = {g: wilson(c, n, confidence) for g, c in counts.items()}
    below = wilson(below_count, n, confidence)
    strat, df = _stratified(values, strata, stratum_sizes, confidence, flags, min_cell)
    weighted = None
    if weights is not None:
        fpc = check_bool("fpc", fpc)
        ws = reals("weights", weights, minimum=1.0)
        labels = [0] * n if strata is None else strings("strata", strata, _label)
        if not len(ws) == len(labels) == n:
            raise value_error("weights", f"one weight per scored response ({n})", len(ws))
        w_est, w_var = _weighted_mean(values, ws, labels, fpc)
        weighted = _t_interval(w_est, w_var, n - len(set(labels)), confidence)
    return Summary(
        n,
        skipped,
        (n + skipped) / population if population else None,
        mean,
        min(tally),
        max(tally),
        sd,
        interval,
        below,
        grades,
        counts,
        strat,
        df,
        _items(full, batch, q),
        tuple(flags),
        nps_summary(nps_scores, confidence) if nps_scores is not None else None,
        weighted,
    )


def _weighted_mean(
    ys: Sequence[float], ws: Sequence[float], labels: Sequence[str | int], fpc: bool
) -> tuple[float, float]:
    """Weighted (ratio) mean and its linearised stratified variance."""
    total = math.fsum(ws)
    est = math.fsum(w * y for w, y in zip(ws, ys, strict=True)) / total
    groups: dict[str | int, list[tuple[float, float]]] = {}
    for h, w, y in zip(labels, ws, ys, strict=True):
        groups.setdefault(h, []).append((w, w * (y - est) / total))
    var = 0.0
    for h, rows in groups.items():
        nh = len(rows)
        if nh < 2:
            raise InvalidInputError(
                f"stratum {h!r} needs at least 2 weighted responses for a variance (has {nh})",
                field="strata",
                value=h,
            )
        size = math.fsum(w for w, _ in rows)
        mean = math.fsum(u for _, u in rows) / nh
        ss = math.fsum((u - mean) ** 2 for _, u in rows)
        factor = 1.0 - nh / size if fpc else 1.0
        var += max(0.0, factor) * nh / (nh - 1) * ss
    return est, var


def _small(cell: str, n: int, minimum: int) -> Reason:
    zh_cell = "全部回复" if cell == "all responses" else cell.replace("stratum", "层")
    return Reason(
        "scoring.too_small",
        f"Only {n} responses in {cell} (fewer than {minimum}): too few to rely on",
        f"{zh_cell} 仅有 {n} 份回复（少于 {minimum} 份）：样本太少",
    )


def _label(path: str, value: object) -> str | int:
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    raise type_error(path, "a stratum label (a string or an integer)", value)


def _stratified(
    values: list[float],
    strata: object,
    sizes: object,
    confidence: float,
    flags: list[Reason],
    min_cell: int,
) -> tuple[Interval | None, float | None]:
    if strata is None:
        return None, None
    labels = check_sequence("strata", strata, _label)
    if len(labels) != len(values) or sizes is None:
        raise InvalidInputError(
            "'strata' must give one stratum per scored response, with 'stratum_sizes'",
            field="strata",
            value=len(labels),
        )
    size_of = {
        _label("stratum_sizes key", h): check_int(f"stratum_sizes[{h}]", v, minimum=1)
        for h, v in check_mapping("stratum_sizes", sizes).items()
    }
    groups: dict[str | int, list[float]] = {}
    for h, v in zip(labels, values, strict=True):
        groups.setdefault(h, []).append(v)
    unknown = set(groups) - set(size_of)
    if unknown:
        raise InvalidInputError.constraint(
            "stratum_sizes", f"sizes for {sorted(unknown, key=str)}", sizes
        )
    total = sum(size_of.values())
    est = 0.0
    var_terms: list[tuple[float, int]] = []
    for h, size in size_of.items():
        ys = groups.get(h, [])
        if len(ys) < min_cell:
            flags.append(_small(f"stratum {h}", len(ys), min_cell))
        if len(ys) < 2:
            raise InvalidInputError(
                f"stratum {h!r} needs at least 2 scored responses for a variance (has {len(ys)})",
                field="strata",
                value=h,
            )
        if len(ys) > size:
            raise value_error(f"stratum_sizes[{h}]", f">= its {len(ys)} scored responses", size)
        w = size / total
        m = math.fsum(ys) / len(ys)
        s2 = math.fsum((y - m) ** 2 for y in ys) / (len(ys) - 1)
        est += w * m
        var_terms.append((w * w * (_fpc(len(ys), size) * s2 / len(ys)), len(ys)))
    var = math.fsum(a for a, _ in var_terms)
    if len(var_terms) == 1:
        df: float = var_terms[0][1] - 1  # Satterthwaite's formula reduces to n - 1
    else:
        denom = math.fsum(a * a / (nh - 1) for a, nh in var_terms)
        df = var * var / denom if denom > 0 else float("inf")
    return _t_interval(est, var, df, confidence), df


def _items(
    full: list[SatisfactionScore] | None, batch: ScoreBatch | None, q: Questionnaire
) -> tuple[ItemSummary, ...]:
    sums = {i.key: 0 for i in q.items}
    counts = {i.key: 0 for i in q.items}
    if batch is not None:
        # Per item, how often each level was given (counted in C), then points.
        for i in q.items:
            for level, c in Counter(map(operator.itemgetter(i.key), batch.responses)).items():
                if level is not None:
                    sums[i.key] += i.points[level] * c
                    counts[i.key] += c
    else:
        for s in full or ():
            for it in s.items:
                if it.points is not None:
                    sums[it.key] += it.points
                    counts[it.key] += 1
    perf = {
        i.key: (sums[i.key] / counts[i.key]) / i.maximum if counts[i.key] else None
        for i in q.items
    }
    known = [p for p in perf.values() if p is not None]
    mean_perf = sum(known) / len(known) if known else 0.0
    mean_imp = sum(i.weight for i in q.items) / len(q.items)
    out = []
    for i in q.items:
        p = perf[i.key]
        quadrant = None
        if p is not None:
            important = i.weight >= mean_imp
            good = p >= mean_perf
            quadrant = {
                (True, True): "keep up the good work",
                (True, False): "concentrate here",
                (False, True): "possible overkill",
                (False, False): "low priority",
            }[(important, good)]
        mp = sums[i.key] / counts[i.key] if counts[i.key] else None
        out.append(
            ItemSummary(
                i.key,
                counts[i.key],
                mp,
                i.maximum,
                None if mp is None else i.maximum - mp,
                p,
                i.weight,
                quadrant,
            )
        )
    return tuple(out)


@display
@attrs.frozen
class NPSSummary:
    """NPS with its interval (in points, -100..100)."""

    n: int
    promoters: int
    passives: int
    detractors: int
    nps: Interval


def nps_summary(scores: Iterable[int], confidence: float = 0.95) -> NPSSummary:
    """NPS and a normal interval from its variance, ``[p + d - (p - d)^2] / n``.

    Example:
        >>> from qmscore.scoring import nps_summary
        >>> s = nps_summary([10] * 6 + [8] * 2 + [3] * 2)
        >>> s.nps.estimate
        40.0
    """
    from qmscore.scoring.score import _ratings

    confidence = _confidence(confidence)
    values = _ratings("scores", scores, 0, 10)
    n = len(values)
    pro = sum(v >= 9 for v in values)
    det = sum(v <= 6 for v in values)
    p, d = pro / n, det / n
    est = p - d
    se = math.sqrt(max(0.0, p + d - est * est) / n)
    z = normal_quantile(0.5 + confidence / 2.0)
    lo, hi = max(-1.0, est - z * se), min(1.0, est + z * se)
    return NPSSummary(
        n, pro, n - pro - det, det, Interval(100 * est, 100 * lo, 100 * hi, confidence)
    )
