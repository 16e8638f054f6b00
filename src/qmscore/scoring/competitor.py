"""Comparison with a competitor or a published benchmark, item by item (procedure 003).

The same questionnaire's results for another manufacturer (scored responses),
or a published benchmark (a mean with its SD and n per item, and optionally
for the total), are compared with ours. Each item's gap is ``ours - theirs``
in percent of the item's maximum, with Welch's interval; its **impact** is the
item's weight times the gap (points of the 0-100 total). Items are listed by
impact, the largest shortfall first: where closing the gap matters most.

Example:
    >>> from qmscore.scoring import Benchmark, STANDARD_QUESTIONNAIRE, compare_competitor
    >>> from qmscore.scoring import score_responses
    >>> keys = [i.key for i in STANDARD_QUESTIONNAIRE.items]
    >>> ours = score_responses([dict.fromkeys(keys, "satisfied")] * 10
    ...                        + [dict.fromkeys(keys, "very_satisfied")] * 10)
    >>> bench = {"performance": Benchmark(mean=28.5, sd=1.5, n=200)}
    >>> c = compare_competitor(ours, bench)
    >>> c.items[0].key, round(c.items[0].gap, 1), c.items[0].verdict
    ('performance', 0.0, 'not shown to differ')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import attrs

from qmscore._checks import (
    as_int,
    as_real,
    check_instance,
    check_mapping,
    check_str,
    int_validator,
    real_validator,
)
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._fast import level_counts, moments
from qmscore.scoring.nps_intervals import _conf
from qmscore.scoring.questionnaire import Questionnaire
from qmscore.scoring.score import SatisfactionScore, ScoreBatch
from qmscore.scoring.waves import Change, _points, _wave, _welch_stats

__all__ = ["TOTAL", "Benchmark", "CompetitorComparison", "ItemGap", "compare_competitor"]

TOTAL = "total"
"""Benchmark key for the total score (0-100)."""


@attrs.frozen
class Benchmark:
    """A published result: mean, standard deviation and number of responses.

    For an item the mean and SD are in the item's points (as on the same
    questionnaire); for :data:`TOTAL` in score points (0-100).
    """

    mean: float = attrs.field(converter=as_real, validator=real_validator(0))
    sd: float = attrs.field(converter=as_real, validator=real_validator(0))
    n: int = attrs.field(converter=as_int, validator=int_validator(2))


@display
@attrs.frozen
class ItemGap:
    """One item: our gap to the competitor and what it weighs.

    Attributes:
        key: Item key.
        weight: The item's weight.
        ours: Our mean, in percent of the item's maximum.
        theirs: Theirs, in percent of the item's maximum.
        gap: ``ours - theirs`` (percent of the maximum), Welch interval in ``change``.
        impact: ``weight x gap``: points of the 0-100 total the gap is worth.
        verdict: ``"behind"``, ``"ahead"`` or ``"not shown to differ"``.
        change: The difference with its interval (``after`` = ours).
    """

    key: str
    weight: float
    ours: float
    theirs: float
    gap: float
    impact: float
    verdict: str
    change: Change


@display(rows="items")
@attrs.frozen
class CompetitorComparison(Tabular):
    """Ours against a competitor or benchmark (see :func:`compare_competitor`).

    Attributes:
        total: Total-score gap (None without a total for the benchmark).
        items: Item gaps, the largest weighted shortfall first.
        confidence: Confidence level.
        reasons: The items where we are behind, in zh/en.
    """

    total: Change | None
    items: tuple[ItemGap, ...]
    confidence: float
    reasons: tuple[Reason, ...] = ()


def _moments(values: list[float]) -> tuple[float, float, int] | None:
    n = len(values)
    if n < 2:
        return None
    m = math.fsum(values) / n
    return m, math.fsum((v - m) ** 2 for v in values) / (n - 1), n


def _side(
    field: str, data: object, q: Questionnaire, benchmark: bool
) -> dict[str, tuple[float, float, int] | None]:
    """(mean, variance, n) per item key (points) and for the total."""
    if benchmark and isinstance(data, Mapping):
        out: dict[str, tuple[float, float, int] | None] = {}
        for key, b in check_mapping(field, data).items():
            check_str(f"{field} key", key)
            check_instance(f"{field}[{key}]", b, Benchmark, "a Benchmark")
            if key != TOTAL:
                q.item(key)
            out[key] = (b.mean, b.sd * b.sd, b.n)
        return out
    values, rows, _q = _wave(field, data)
    sides: dict[str, tuple[float, float, int] | None] = {TOTAL: _moments(values)}
    for item in q.items:
        counts = level_counts(rows, item.key)
        counts.pop(None, None)
        sides[item.key] = moments(_points(counts, item.points))
    return sides


def compare_competitor(
    ours: Iterable[SatisfactionScore] | ScoreBatch,
    theirs: Iterable[SatisfactionScore] | ScoreBatch | Mapping[str, Benchmark],
    questionnaire: Questionnaire | None = None,
    *,
    confidence: float = 0.95,
) -> CompetitorComparison:
    """Compare our survey with a competitor's (same questionnaire) or a benchmark.

    Args:
        ours: Our scored responses.
        theirs: Their scored responses, or ``{item key or "total": Benchmark}``.
        questionnaire: The form; by default our batch's own (else the standard).
        confidence: Confidence level of every interval.

    Raises:
        InvalidInputError: an unknown item key, fewer than 2 of our scored responses.
    """
    from qmscore.scoring.questionnaire import STANDARD_QUESTIONNAIRE

    confidence = _conf(confidence)
    if questionnaire is not None:
        check_instance("questionnaire", questionnaire, Questionnaire, "a Questionnaire or None")
    q = questionnaire or (
        ours.questionnaire if isinstance(ours, ScoreBatch) else STANDARD_QUESTIONNAIRE
    )
    mine = _side("ours", ours, q, benchmark=False)
    other = _side("theirs", theirs, q, benchmark=True)
    if mine[TOTAL] is None:
        raise InvalidInputError.constraint("ours", "at least 2 scored responses", ours)
    total = None
    mt, ot = mine[TOTAL], other.get(TOTAL)
    if mt is not None and ot is not None:
        total = _welch_stats("total", ot, mt, confidence)
    gaps: list[ItemGap] = []
    for item in q.items:
        a, b = mine.get(item.key), other.get(item.key)
        if a is None or b is None:
            continue
        scale = 100.0 / item.maximum
        change = _welch_stats(
            f"item {item.key}",
            (b[0] * scale, b[1] * scale * scale, b[2]),
            (a[0] * scale, a[1] * scale * scale, a[2]),
            confidence,
        )
        verdict = {"up": "ahead", "down": "behind", "none": "not shown to differ"}[
            change.direction
        ]
        gaps.append(
            ItemGap(
                item.key,
                item.weight,
                change.after,
                change.before,
                change.difference,
                item.weight * change.difference,
                verdict,
                change,
            )
        )
    gaps.sort(key=lambda g: (g.impact, g.key))
    behind = [g for g in gaps if g.verdict == "behind"]
    reasons: list[Reason] = []
    if behind:
        q_zh = {i.key: i.zh for i in q.items}
        reasons.append(
            Reason(
                "scoring.behind_competitor",
                "Behind the competitor on "
                + ", ".join(f"{g.key} ({g.impact:+.2g} points)" for g in behind),
                "落后于竞争对手："
                + "、".join(f"{q_zh[g.key]}（{g.impact:+.2g} 分）" for g in behind),
            )
        )
    return CompetitorComparison(total, tuple(gaps), confidence, tuple(reasons))
