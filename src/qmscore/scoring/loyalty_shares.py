"""Loyalty classes (seed 004: a loyal .. e opposed) aggregated per survey and per item.

Each answer level carries a loyalty class (:attr:`AnswerLevel.loyalty`). By
default "loyal" is the class of the best level and "opposed" that of the
worst (``"a loyal"`` and ``"e opposed"`` on the standard form); both are
parameters.

* Per item: the share of its answers that are loyal / opposed, with a Wilson
  interval (or Agresti-Coull).
* Per survey: the share over every answered item, a ratio of sums across
  responses; its interval uses the linearised variance clustered by response
  (answers of one customer are not independent), normal, clipped to [0, 1].

Example:
    >>> from qmscore.scoring import STANDARD_QUESTIONNAIRE, loyalty, score_responses
    >>> keys = [i.key for i in STANDARD_QUESTIONNAIRE.items]
    >>> batch = score_responses([dict.fromkeys(keys, "very_satisfied")] * 3
    ...                         + [dict.fromkeys(keys, "opposed")])
    >>> s = loyalty(batch)
    >>> s.survey.loyal.estimate, s.survey.opposed.estimate
    (0.75, 0.25)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from qmscore._checks import check_choice, check_instance, check_int, check_sequence, check_str
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._dist import normal_quantile
from qmscore.scoring.nps_intervals import _conf
from qmscore.scoring.questionnaire import Questionnaire
from qmscore.scoring.score import SatisfactionScore, ScoreBatch
from qmscore.scoring.stats import MAX_COUNT, Interval, wilson
from qmscore.scoring.waves import _wave

__all__ = [
    "PROPORTION_METHODS",
    "LoyaltyShare",
    "LoyaltySummary",
    "agresti_coull",
    "loyalty",
]

PROPORTION_METHODS = ("wilson", "agresti_coull")
"""Per-item interval methods of :func:`loyalty`."""

SURVEY = "survey"
"""The key of the survey-wide share."""


def agresti_coull(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Agresti-Coull interval: add ``z^2/2`` successes and failures, then Wald.

    Example:
        >>> from qmscore.scoring import agresti_coull
        >>> i = agresti_coull(8, 10)
        >>> round(i.low, 4), round(i.high, 4)
        (0.4794, 0.9541)
    """
    n = check_int("n", n, minimum=1, maximum=MAX_COUNT)
    successes = check_int("successes", successes, minimum=0, maximum=n)
    confidence = _conf(confidence)
    z = normal_quantile(0.5 + confidence / 2.0)
    nt = n + z * z
    pt = (successes + z * z / 2) / nt
    half = z * math.sqrt(pt * (1 - pt) / nt)
    return Interval(successes / n, max(0.0, pt - half), min(1.0, pt + half), confidence)


@display
@attrs.frozen
class LoyaltyShare:
    """Loyal and opposed shares of one item (or the whole survey).

    Attributes:
        key: Item key, or ``"survey"``.
        answered: Answers counted.
        loyal: Share of loyal answers with its interval.
        opposed: Share of opposed answers with its interval.
        classes: Answers per loyalty class.
    """

    key: str
    answered: int
    loyal: Interval
    opposed: Interval
    classes: Mapping[str, int]


@display(rows="items")
@attrs.frozen
class LoyaltySummary(Tabular):
    """Loyalty per survey and per item (see :func:`loyalty`)."""

    survey: LoyaltyShare
    items: tuple[LoyaltyShare, ...]
    loyal_classes: tuple[str, ...]
    opposed_classes: tuple[str, ...]
    method: str
    confidence: float
    reasons: tuple[Reason, ...] = ()


def _ratio(pairs: Sequence[tuple[int, int]], confidence: float) -> Interval:
    """Ratio of sums ``sum y / sum m`` with its response-clustered linearised interval."""
    total = sum(m for _, m in pairs)
    r = sum(y for y, _ in pairs) / total
    n = len(pairs)
    if n < 2:
        return Interval(r, 0.0, 1.0, confidence)
    var = n / (n - 1) * math.fsum((y - r * m) ** 2 for y, m in pairs) / (total * total)
    half = normal_quantile(0.5 + confidence / 2.0) * math.sqrt(var)
    return Interval(r, max(0.0, r - half), min(1.0, r + half), confidence)


def _classes(field: str, value: object, known: list[str]) -> tuple[str, ...]:
    out = check_sequence(field, value, lambda p, v: check_str(p, v), min_items=1)
    for c in out:
        if c not in known:
            raise InvalidInputError.constraint(field, f"loyalty classes among {known}", c)
    return out


def loyalty(
    scores: Iterable[SatisfactionScore] | ScoreBatch,
    questionnaire: Questionnaire | None = None,
    *,
    loyal: Sequence[str] | None = None,
    opposed: Sequence[str] | None = None,
    method: str = "wilson",
    confidence: float = 0.95,
) -> LoyaltySummary:
    """Share of loyal and opposed answers, per item and for the survey.

    Args:
        scores: Scored responses.
        questionnaire: The form; by default the batch's own (else the standard).
        loyal: Loyalty classes counted as loyal (default: the best level's).
        opposed: Classes counted as opposed (default: the worst level's).
        method: Per-item interval, ``"wilson"`` or ``"agresti_coull"``.
        confidence: Confidence level.

    Raises:
        InvalidInputError: no answered item at all, an unknown class or method.
    """
    from qmscore.scoring.questionnaire import STANDARD_QUESTIONNAIRE

    confidence = _conf(confidence)
    method = check_choice("method", method, PROPORTION_METHODS)
    if questionnaire is not None:
        check_instance("questionnaire", questionnaire, Questionnaire, "a Questionnaire or None")
    _v, rows, qb = _wave("scores", scores)
    q = questionnaire or qb or STANDARD_QUESTIONNAIRE
    class_of = {lv.key: lv.loyalty for lv in q.levels}
    known = list(dict.fromkeys(class_of.values()))
    good = (q.levels[0].loyalty,) if loyal is None else _classes("loyal", loyal, known)
    bad = (q.levels[-1].loyalty,) if opposed is None else _classes("opposed", opposed, known)
    interval = wilson if method == "wilson" else agresti_coull
    items = []
    per_response: list[tuple[int, int, int]] = [(0, 0, 0)] * len(rows)
    for item in q.items:
        counts = dict.fromkeys(known, 0)
        for k, r in enumerate(rows):
            level = r.get(item.key)
            if level is None:
                continue
            c = class_of[level]
            counts[c] += 1
            y, z, m = per_response[k]
            per_response[k] = (y + (c in good), z + (c in bad), m + 1)
        n = sum(counts.values())
        if n == 0:
            continue
        items.append(
            LoyaltyShare(
                item.key,
                n,
                interval(sum(counts[c] for c in good), n, confidence),
                interval(sum(counts[c] for c in bad), n, confidence),
                counts,
            )
        )
    answered = [(y, z, m) for y, z, m in per_response if m > 0]
    if not answered:
        raise InvalidInputError.constraint("scores", "at least one answered item", len(rows))
    totals = dict.fromkeys(known, 0)
    for share in items:
        for c, v in share.classes.items():
            totals[c] += v
    survey = LoyaltyShare(
        SURVEY,
        sum(m for _, _, m in answered),
        _ratio([(y, m) for y, _, m in answered], confidence),
        _ratio([(z, m) for _, z, m in answered], confidence),
        totals,
    )
    worst = max(items, key=lambda s: (s.opposed.estimate, s.key))
    zh_of = {i.key: i.zh for i in q.items}
    reasons = (
        Reason(
            "scoring.loyalty",
            f"Loyal {survey.loyal.estimate:.0%} and opposed {survey.opposed.estimate:.0%} of "
            f"{survey.answered} answers; most opposed item: {worst.key} "
            f"({worst.opposed.estimate:.0%})",
            f"{survey.answered} 个回答中忠诚 {survey.loyal.estimate:.0%}、反对 "
            f"{survey.opposed.estimate:.0%}；反对最多的题目：{zh_of[worst.key]}"
            f"（{worst.opposed.estimate:.0%}）",
        ),
    )
    return LoyaltySummary(survey, tuple(items), good, bad, method, confidence, reasons)
