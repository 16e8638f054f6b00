"""Wave-to-wave change between two independent surveys (e.g. April and October).

Each difference is ``after - before`` with its interval and a verdict:
"changed" when the interval excludes 0, "not shown to change" otherwise, at
the stated confidence.

* mean score (and each item's mean points): Welch's t interval;
* a share (below the corrective threshold, each grade, each item's share of
  answers worse than "satisfied"): Newcombe's hybrid score interval (his
  method 10, from two Wilson intervals);
* NPS: the adjusted-Wald difference (Rocks 2016; MeasuringU): 3/4 added to
  promoters and detractors and 3 to n in each wave.

Example:
    >>> from qmscore.scoring import welch_difference
    >>> c = welch_difference([80, 82, 84, 86], [70, 72, 74, 76])
    >>> c.difference, c.changed, c.direction
    (-10.0, True, 'down')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from qmscore._checks import check_instance, check_int, check_sequence, value_error
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._dist import normal_quantile, t_quantile
from qmscore.scoring._fast import level_counts, moments, reals
from qmscore.scoring.nps_intervals import ROCKS_2016, _adjusted, _conf, _counts
from qmscore.scoring.questionnaire import Questionnaire
from qmscore.scoring.score import SatisfactionScore, ScoreBatch
from qmscore.scoring.stats import MAX_COUNT, wilson

__all__ = [
    "Change",
    "ItemChange",
    "WaveComparison",
    "compare_waves",
    "nps_difference",
    "proportion_difference",
    "welch_difference",
]

NO_CHANGE = 0.0
"""The difference a "changed" verdict must exclude."""


@display
@attrs.frozen
class Change:
    """A difference ``after - before`` with its interval and verdict.

    Attributes:
        measure: What is compared, e.g. ``"mean"``, ``"nps"``, ``"grade A"``.
        before: The earlier wave's estimate.
        after: The later wave's estimate.
        difference: ``after - before``.
        low: Lower bound of the difference.
        high: Upper bound.
        confidence: Confidence level.
        method: ``"welch"``, ``"newcombe"`` or ``"adjusted_wald"``.
        changed: Whether the interval excludes 0.
        direction: ``"up"``, ``"down"`` or ``"none"`` (not shown to change).
        reasons: The verdict in zh/en.
    """

    measure: str
    before: float
    after: float
    difference: float
    low: float
    high: float
    confidence: float
    method: str
    changed: bool
    direction: str
    reasons: tuple[Reason, ...] = ()


_ZH_MEASURE = {
    "mean": "平均分",
    "nps": "NPS",
    "below_corrective": "低于纠正界限的比例",
    "share": "比例",
}


def _zh(measure: str) -> str:
    if measure.startswith("grade "):
        return f"{measure[6:]} 级比例"
    if measure.startswith("item "):
        return f"题目 {measure[5:]}"
    return _ZH_MEASURE.get(measure, measure)


def _change(
    measure: str,
    before: float,
    after: float,
    low: float,
    high: float,
    confidence: float,
    method: str,
    unit: str = "",
) -> Change:
    diff = after - before
    # The interval always holds its own difference (adjusted Wald is centred elsewhere).
    low, high = min(low, diff), max(high, diff)
    changed = not low <= NO_CHANGE <= high
    direction = "none" if not changed else ("up" if diff > NO_CHANGE else "down")
    verdict = {"up": "changed (up)", "down": "changed (down)", "none": "not shown to change"}
    zh_verdict = {"up": "有变化（上升）", "down": "有变化（下降）", "none": "未显示出变化"}
    reason = Reason(
        f"scoring.wave_{'changed' if changed else 'unchanged'}",
        f"{measure}: {before:.3g}{unit} -> {after:.3g}{unit}, difference {diff:+.3g} "
        f"({confidence:.0%} interval [{low:.3g}, {high:.3g}], {method}): "
        f"{verdict[direction]}",
        f"{_zh(measure)}：{before:.3g}{unit} → {after:.3g}{unit}，差值 {diff:+.3g}"
        f"（{confidence:.0%} 区间 [{low:.3g}, {high:.3g}]，{method}）：{zh_verdict[direction]}",
        source=ROCKS_2016 if method == "adjusted_wald" else None,
    )
    return Change(
        measure, before, after, diff, low, high, confidence, method, changed, direction, (reason,)
    )


def _values(field: str, values: object) -> tuple[float, ...]:
    out = reals(field, values)
    if len(out) < 2:
        raise value_error(field, "at least 2 values", len(out))
    return out


def _welch(
    measure: str, before: Sequence[float], after: Sequence[float], confidence: float
) -> Change:
    nb, na = len(before), len(after)
    mb, ma = math.fsum(before) / nb, math.fsum(after) / na
    sb = math.fsum((v - mb) ** 2 for v in before) / (nb - 1)
    sa = math.fsum((v - ma) ** 2 for v in after) / (na - 1)
    return _welch_stats(measure, (mb, sb, nb), (ma, sa, na), confidence)


def _welch_stats(
    measure: str,
    before: tuple[float, float, int],
    after: tuple[float, float, int],
    confidence: float,
) -> Change:
    """Welch's interval from (mean, variance, n) of each side."""
    (mb, sb, nb), (ma, sa, na) = before, after
    vb, va = sb / nb, sa / na
    se2 = va + vb
    diff = ma - mb
    if se2 == 0.0:
        return _change(measure, mb, ma, diff, diff, confidence, "welch")
    # Welch-Satterthwaite, written in shares of se2 so that tiny variances cannot underflow.
    ra, rb = va / se2, vb / se2
    df = 1.0 / (ra * ra / (na - 1) + rb * rb / (nb - 1))
    half = t_quantile(0.5 + confidence / 2.0, df) * math.sqrt(se2)
    return _change(measure, mb, ma, diff - half, diff + half, confidence, "welch")


def welch_difference(
    before: Iterable[float], after: Iterable[float], *, confidence: float = 0.95
) -> Change:
    """Difference of two means by Welch's t interval (unequal variances).

    Args:
        before: The earlier wave's values (at least 2).
        after: The later wave's values (at least 2).
        confidence: Confidence level.
    """
    confidence = _conf(confidence)
    return _welch("mean", _values("before", before), _values("after", after), confidence)


def _newcombe(measure: str, xb: int, nb: int, xa: int, na: int, confidence: float) -> Change:
    b, a = wilson(xb, nb, confidence), wilson(xa, na, confidence)
    pb, pa = xb / nb, xa / na
    diff = pa - pb
    low = diff - math.sqrt((pa - a.low) ** 2 + (b.high - pb) ** 2)
    high = diff + math.sqrt((a.high - pa) ** 2 + (pb - b.low) ** 2)
    return _change(measure, pb, pa, low, high, confidence, "newcombe")


def proportion_difference(
    successes_before: int,
    n_before: int,
    successes_after: int,
    n_after: int,
    *,
    confidence: float = 0.95,
) -> Change:
    """Difference of two shares by Newcombe's hybrid score interval (method 10).

    Example:
        >>> from qmscore.scoring import proportion_difference
        >>> c = proportion_difference(10, 50, 20, 50)
        >>> round(c.difference, 2), round(c.low, 4), round(c.high, 4)
        (0.2, 0.0201, 0.3636)
    """
    confidence = _conf(confidence)
    nb = check_int("n_before", n_before, minimum=1, maximum=MAX_COUNT)
    na = check_int("n_after", n_after, minimum=1, maximum=MAX_COUNT)
    xb = check_int("successes_before", successes_before, minimum=0, maximum=nb)
    xa = check_int("successes_after", successes_after, minimum=0, maximum=na)
    return _newcombe("share", xb, nb, xa, na, confidence)


def _nps_diff(
    before: tuple[int, int, int], after: tuple[int, int, int], confidence: float
) -> Change:
    z = normal_quantile(0.5 + confidence / 2.0)
    parts = []
    for pro, _pas, det in (before, after):
        n = pro + _pas + det
        p, d, na = _adjusted(pro, det, n)
        parts.append(((pro - det) / n, p - d, (p + d - (p - d) ** 2) / na))
    (eb, ab, vb), (ea, aa, va) = parts
    centre = aa - ab
    half = z * math.sqrt(vb + va)
    return _change(
        "nps",
        100 * eb,
        100 * ea,
        100 * (centre - half),
        100 * (centre + half),
        confidence,
        "adjusted_wald",
    )


def nps_difference(
    before: Iterable[int], after: Iterable[int], *, confidence: float = 0.95
) -> Change:
    """NPS change (points) by the adjusted-Wald difference (Rocks 2016; MeasuringU).

    Each wave gets 3/4 added to its promoters and detractors and 3 to its n;
    the interval is ``NPS~_after - NPS~_before +- z sqrt(var_b / n~_b + var_a / n~_a)``
    with ``var = p~ + d~ - (p~ - d~)^2``, widened if need be to hold the
    sample difference.

    Example:
        >>> from qmscore.scoring import nps_difference
        >>> c = nps_difference([10] * 20 + [5] * 20, [10] * 32 + [5] * 8)
        >>> c.difference, c.changed
        (60.0, True)
    """
    confidence = _conf(confidence)
    return _nps_diff(_counts(before), _counts(after), confidence)


@display
@attrs.frozen
class ItemChange:
    """One item's change.

    Its mean points (Welch) and its share answered worse than the
    questionnaire's "satisfied" level (Newcombe); None where a wave has too few
    answers (2 for a mean, 1 for a share).
    """

    key: str
    mean_points: Change | None
    dissatisfied: Change | None


@display(rows="items")
@attrs.frozen
class WaveComparison(Tabular):
    """Two waves compared (see :func:`compare_waves`).

    Attributes:
        n_before: Scored responses in the earlier wave.
        n_after: Scored responses in the later wave.
        mean: Mean score change (Welch).
        below_corrective: Change of the share below the corrective threshold.
        grades: Change of each grade's share.
        items: Per-item changes, in form order.
        nps: NPS change, when both waves' 0-10 answers are given.
        confidence: Confidence level.
        reasons: What changed, in zh/en (one reason per measure that changed).
    """

    n_before: int
    n_after: int
    mean: Change
    below_corrective: Change
    grades: Mapping[str, Change]
    items: tuple[ItemChange, ...]
    nps: Change | None
    confidence: float
    reasons: tuple[Reason, ...] = ()

    def changes(self) -> list[Change]:
        """Every change, in a flat list (mean, NPS, shares, grades, items)."""
        out = [self.mean, self.below_corrective]
        if self.nps is not None:
            out.append(self.nps)
        out.extend(self.grades.values())
        for i in self.items:
            out.extend(c for c in (i.mean_points, i.dissatisfied) if c is not None)
        return out


def _wave(
    field: str, scores: object
) -> tuple[list[float], list[Mapping[str, str | None]], Questionnaire | None]:
    """Scored values, every response's levels by item, and the batch's form."""
    if isinstance(scores, ScoreBatch):
        values = [v for v in scores.normalized if v is not None]
        return values, list(scores.responses), scores.questionnaire
    full = check_sequence(
        field,
        scores,
        lambda path, s: check_instance(path, s, SatisfactionScore, "a SatisfactionScore"),
    )
    values = [s.normalized for s in full if s.normalized is not None]
    return values, [{i.key: i.level for i in s.items} for s in full], None


def _item_changes(
    q: Questionnaire,
    before: Sequence[Mapping[str, str | None]],
    after: Sequence[Mapping[str, str | None]],
    confidence: float,
) -> tuple[ItemChange, ...]:
    rank = {lv.key: k for k, lv in enumerate(q.levels)}
    ok = rank[q.satisfied]
    out = []
    for item in q.items:
        counts = [level_counts(wave, item.key) for wave in (before, after)]
        for c in counts:
            c.pop(None, None)
        points = [_points(c, item.points) for c in counts]
        measure = f"item {item.key}"
        mb, ma = moments(points[0]), moments(points[1])
        mean = (
            _welch_stats(measure, mb, ma, confidence)
            if mb is not None and ma is not None
            else None
        )
        share = None
        answered = [sum(c.values()) for c in counts]
        if min(answered) >= 1:
            bad = [sum(n for lv, n in c.items() if rank[lv] > ok) for c in counts]
            share = _newcombe(
                f"item {item.key} dissatisfied",
                bad[0],
                answered[0],
                bad[1],
                answered[1],
                confidence,
            )
        out.append(ItemChange(item.key, mean, share))
    return tuple(out)


def _points(counts: Mapping[Any, int], points: Mapping[str, int]) -> dict[float, int]:
    """Answer-level counts as point-value counts."""
    out: dict[float, int] = {}
    for level, n in counts.items():
        value = float(points[level])
        out[value] = out.get(value, 0) + n
    return out


def compare_waves(
    before: Iterable[SatisfactionScore] | ScoreBatch,
    after: Iterable[SatisfactionScore] | ScoreBatch,
    questionnaire: Questionnaire | None = None,
    *,
    nps_before: Iterable[int] | None = None,
    nps_after: Iterable[int] | None = None,
    confidence: float = 0.95,
) -> WaveComparison:
    """Compare two independent survey waves measure by measure.

    Args:
        before: The earlier wave's scored responses.
        after: The later wave's scored responses (same questionnaire).
        questionnaire: The form; by default the batches' own (else the standard).
        nps_before: 0-10 recommend answers of the earlier wave (optional).
        nps_after: 0-10 recommend answers of the later wave (both or neither).
        confidence: Confidence level of every interval and verdict.

    Raises:
        InvalidInputError: a wave with fewer than 2 scored responses, only one
            NPS wave, a confidence outside (0, 1).

    Example:
        >>> from qmscore.scoring import STANDARD_QUESTIONNAIRE, compare_waves, score_responses
        >>> keys = [i.key for i in STANDARD_QUESTIONNAIRE.items]
        >>> april = score_responses([dict.fromkeys(keys, "very_satisfied")] * 20
        ...                         + [dict.fromkeys(keys, "satisfied")] * 20)
        >>> october = score_responses([dict.fromkeys(keys, "satisfied")] * 30
        ...                           + [dict.fromkeys(keys, "indifferent")] * 10)
        >>> w = compare_waves(april, october)
        >>> w.mean.direction, round(w.mean.difference, 1)
        ('down', -13.0)
    """
    from qmscore.scoring.questionnaire import STANDARD_QUESTIONNAIRE

    confidence = _conf(confidence)
    if questionnaire is not None:
        check_instance("questionnaire", questionnaire, Questionnaire, "a Questionnaire or None")
    vb, rb, qb = _wave("before", before)
    va, ra, qa = _wave("after", after)
    q = questionnaire or qb or qa or STANDARD_QUESTIONNAIRE
    for field, vals in (("before", vb), ("after", va)):
        if len(vals) < 2:
            raise InvalidInputError.constraint(field, "at least 2 scored responses", len(vals))
    mean = _welch("mean", vb, va, confidence)
    nb, na = len(vb), len(va)
    below = _newcombe(
        "below_corrective",
        sum(v < q.corrective_below for v in vb),
        nb,
        sum(v < q.corrective_below for v in va),
        na,
        confidence,
    )
    grades = {}
    for band in q.bands:
        grades[band.grade] = _newcombe(
            f"grade {band.grade}",
            sum(band.contains(v) for v in vb),
            nb,
            sum(band.contains(v) for v in va),
            na,
            confidence,
        )
    if (nps_before is None) != (nps_after is None):
        raise InvalidInputError(
            "'nps_before' and 'nps_after' must be given together", field="nps_after", value=None
        )
    nps = None
    if nps_before is not None and nps_after is not None:
        nps = _nps_diff(_counts(nps_before), _counts(nps_after), confidence)
    items = _item_changes(q, rb, ra, confidence)
    result = WaveComparison(nb, na, mean, below, grades, items, nps, confidence)
    reasons = tuple(c.reasons[0] for c in result.changes() if c.changed)
    return attrs.evolve(result, reasons=reasons)
