"""Scoring responses: points per item, total, grade, corrective action, reasons.

Example:
    >>> from qmscore.scoring import score_response
    >>> answers = {k: "satisfied" for k in (
    ...     "appearance", "dimensions", "packaging", "performance", "service_life",
    ...     "improvement", "delivery", "transport", "price", "service")}
    >>> answers["performance"] = "dissatisfied"        # 15 instead of 27
    >>> s = score_response(answers)
    >>> s.total, s.grade, s.needs_corrective_action
    (76, 'B', False)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring.questionnaire import STANDARD_QUESTIONNAIRE, Questionnaire

__all__ = [
    "ItemScore",
    "SatisfactionScore",
    "ScoreBatch",
    "ces",
    "csat",
    "nps",
    "score_response",
    "score_responses",
]


@attrs.frozen
class ItemScore:
    """One item's result: None points when not applicable."""

    key: str
    level: str | None
    points: int | None
    maximum: int


@attrs.frozen
class SatisfactionScore:
    """A scored response.

    Attributes:
        total: Raw points of the answered items.
        normalized: Score out of 100 over the answered items (None if incomplete).
        grade: Grade band letter (None if incomplete).
        needs_corrective_action: Normalized score below the corrective threshold.
        meets_target: Normalized score at or above the target.
        incomplete: Too little weight answered to score.
        answered_weight: Share of the weight answered.
        items: Per-item results, in form order.
        weakest: Item keys losing the most points, worst first (for the CAPA report).
        reasons: How the score was reached.
    """

    total: int
    normalized: float | None
    grade: str | None
    needs_corrective_action: bool
    meets_target: bool
    incomplete: bool
    answered_weight: float
    items: tuple[ItemScore, ...]
    weakest: tuple[str, ...]
    reasons: tuple[Reason, ...] = ()


@attrs.frozen(eq=False)
class _Compiled:
    keys: frozenset[str]
    table: tuple[tuple[str, Mapping[str, int], int, float], ...]


def _compile(q: Questionnaire) -> _Compiled:
    if not isinstance(q, Questionnaire):
        raise InvalidInputError.constraint("questionnaire", "a Questionnaire", q)
    return _Compiled(
        frozenset(i.key for i in q.items),
        tuple((i.key, i.points, i.maximum, i.weight) for i in q.items),
    )


def score_response(
    answers: Mapping[str, str | None], questionnaire: Questionnaire = STANDARD_QUESTIONNAIRE
) -> SatisfactionScore:
    """Score one response: ``{item key: level key, or None when not applicable}``.

    Every item must appear. With not-applicable items, the score is rescaled
    to 100 over the answered items if they carry at least
    ``min_answered_weight`` of the weight; otherwise the response is incomplete.

    Raises:
        InvalidInputError: unknown or missing item keys, unknown answer levels.
    """
    return _score(answers, questionnaire, _compile(questionnaire))


@attrs.frozen(eq=False)
class ScoreBatch:
    """Many scored responses, stored by column; ``batch[i]`` gives the full result.

    Attributes:
        questionnaire: The form used.
        totals: Raw points per response.
        normalized: Score out of 100 per response (None where incomplete).
        grades: Grade letter per response (None where incomplete).
        corrective: Whether each response needs corrective action.
    """

    questionnaire: Questionnaire
    responses: tuple[Mapping[str, str | None], ...] = attrs.field(repr=False)
    totals: tuple[int, ...]
    normalized: tuple[float | None, ...]
    grades: tuple[str | None, ...]
    corrective: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.totals)

    def __getitem__(self, index: int) -> SatisfactionScore:
        return score_response(self.responses[index], self.questionnaire)

    def __iter__(self) -> Iterator[SatisfactionScore]:
        return (self[i] for i in range(len(self)))

    def rows(self) -> list[dict[str, object]]:
        """One plain row per response, for a table or ``pandas.DataFrame(rows)``."""
        return [
            {"total": t, "normalized": n, "grade": g, "corrective": c}
            for t, n, g, c in zip(
                self.totals, self.normalized, self.grades, self.corrective, strict=True
            )
        ]


def score_responses(
    responses: Iterable[Mapping[str, str | None]],
    questionnaire: Questionnaire = STANDARD_QUESTIONNAIRE,
) -> ScoreBatch:
    """Score many responses, checking the questionnaire once (the batch path).

    Accepts plain mappings, e.g. a DataFrame's ``to_dict("records")``. Totals,
    scores and grades are computed in one tight loop; the full result with its
    reasons is built only when you index the batch.

    Example:
        >>> from qmscore.scoring import score_responses
        >>> good = {k: "very_satisfied" for k in (
        ...     "appearance", "dimensions", "packaging", "performance", "service_life",
        ...     "improvement", "delivery", "transport", "price", "service")}
        >>> batch = score_responses([good, {**good, "performance": "opposed"}])
        >>> batch.totals, batch.grades
        ((100, 75), ('A', 'B'))
        >>> batch[1].weakest
        ('performance',)
    """
    c = _compile(questionnaire)
    q = questionnaire
    rows = tuple(responses)
    pairs = tuple((key, points) for key, points, _m, _w in c.table)
    size = len(pairs)
    # Fully answered responses score an integer 0..total: grade and corrective
    # flag become table lookups.
    grade_of = [q.grade(float(t)).grade for t in range(q.total + 1)]
    corrective_of = [t < q.corrective_below for t in range(q.total + 1)]
    totals: list[int] = []
    careful: dict[int, SatisfactionScore] = {}
    for k, r in enumerate(rows):
        try:
            # n keys found and n entries: exactly the questionnaire's items.
            if len(r) != size:
                raise KeyError
            got: list[int] = [points[r[key]] for key, points in pairs]  # type: ignore[index]
            totals.append(sum(got))
        except (KeyError, TypeError, AttributeError):
            # Not applicable answers, or bad input: the careful path says which.
            full = _score(r, q, c, k)
            careful[k] = full
            totals.append(full.total)
    normalized: list[float | None] = [float(t) for t in totals]
    grades: list[str | None] = [grade_of[t] for t in totals]
    corrective = [corrective_of[t] for t in totals]
    for k, full in careful.items():
        normalized[k], grades[k] = full.normalized, full.grade
        corrective[k] = full.needs_corrective_action
    return ScoreBatch(q, rows, tuple(totals), tuple(normalized), tuple(grades), tuple(corrective))


def _score(
    answers: Mapping[str, str | None],
    q: Questionnaire,
    c: _Compiled,
    row: int | None = None,
) -> SatisfactionScore:
    where = "answers" if row is None else f"responses[{row}]"
    if not isinstance(answers, Mapping):
        raise InvalidInputError.constraint(where, "a mapping of item key to answer level", answers)
    if answers.keys() != c.keys:
        unknown = sorted(set(answers) - c.keys, key=str)
        missing = sorted(c.keys - set(answers))
        raise InvalidInputError(
            f"{where!r} must answer exactly the questionnaire's items"
            + (f"; unknown: {unknown}" if unknown else "")
            + (f"; missing: {missing} (use None for not applicable)" if missing else ""),
            field=where,
            value=answers,
        )
    total = possible = 0
    weight = 0.0
    items: list[ItemScore] = []
    for key, points, maximum, w in c.table:
        level = answers[key]
        if level is None:
            items.append(ItemScore(key, None, None, maximum))
            continue
        try:
            got = points[level]
        except (KeyError, TypeError):
            raise InvalidInputError.constraint(
                f"{where}.{key}", f"one of {list(points)} or None", level
            ) from None
        total += got
        possible += maximum
        weight += w
        items.append(ItemScore(key, level, got, maximum))
    return _result(q, total, possible, weight, tuple(items))


def _result(
    q: Questionnaire, total: int, possible: int, weight: float, items: tuple[ItemScore, ...]
) -> SatisfactionScore:
    weakest = tuple(
        i.key
        for i in sorted(
            (i for i in items if i.points is not None and i.points < i.maximum),
            key=lambda i: (i.points - i.maximum, i.key),  # type: ignore[operator]
        )
    )
    if weight + 1e-9 < q.min_answered_weight:
        return SatisfactionScore(
            total,
            None,
            None,
            False,
            False,
            True,
            weight,
            items,
            weakest,
            (
                Reason(
                    "scoring.incomplete",
                    f"Answered items carry {weight:.0%} of the weight, below the "
                    f"{q.min_answered_weight:.0%} needed: no score",
                    f"已答题目权重 {weight:.0%}，低于所需 {q.min_answered_weight:.0%}：不计分",
                ),
            ),
        )
    normalized = total * q.total / possible if possible else 0.0
    band = q.grade(normalized)
    corrective = normalized < q.corrective_below
    reasons = [
        Reason(
            "scoring.total",
            f"{total} of {possible} points"
            + (f", rescaled to {normalized:.1f} of 100" if possible != q.total else ""),
            f"得分 {total}/{possible}"
            + (f"，折算为 {normalized:.1f} 分" if possible != q.total else ""),
        ),
        Reason(
            "scoring.grade",
            f"Grade {band.grade}: {band.en}",
            f"等级 {band.grade}：{band.zh}",
        ),
    ]
    if corrective:
        reasons.append(
            Reason(
                "scoring.corrective",
                f"Below {q.corrective_below:g}: corrective/preventive action for "
                + ", ".join(weakest[:3]),
                f"低于 {q.corrective_below:g} 分：对 {'、'.join(weakest[:3])} 采取纠正预防措施",
            )
        )
    return SatisfactionScore(
        total,
        normalized,
        band.grade,
        corrective,
        normalized >= q.target,
        False,
        weight,
        items,
        weakest,
        tuple(reasons),
    )


def _ratings(field: str, values: Sequence[Any], low: int, high: int) -> list[int]:
    out = list(values)
    if not out:
        raise InvalidInputError.constraint(field, "at least one rating", values)
    for k, v in enumerate(out):
        if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
            raise InvalidInputError.constraint(f"{field}[{k}]", f"an integer {low}..{high}", v)
    return out


def nps(scores: Sequence[int]) -> float:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100..100.

    Example:
        >>> from qmscore.scoring import nps
        >>> nps([10, 9, 8, 7, 6, 0])
        0.0
    """
    values = _ratings("scores", scores, 0, 10)
    promoters = sum(v >= 9 for v in values)
    detractors = sum(v <= 6 for v in values)
    return 100.0 * (promoters - detractors) / len(values)


def csat(ratings: Sequence[int], *, scale: int = 5) -> float:
    """CSAT: share of top-two-box answers (4 or 5 on a 1-5 scale), in percent.

    Example:
        >>> from qmscore.scoring import csat
        >>> csat([5, 4, 3, 2])
        50.0
    """
    if scale < 3:
        raise InvalidInputError.constraint("scale", ">= 3", scale)
    values = _ratings("ratings", ratings, 1, scale)
    return 100.0 * sum(v >= scale - 1 for v in values) / len(values)


def ces(ratings: Sequence[int], *, scale: int = 7) -> float:
    """Customer Effort Score: the mean agreement on a 1-7 "easy to handle" scale.

    Example:
        >>> from qmscore.scoring import ces
        >>> ces([7, 6, 5])
        6.0
    """
    if scale < 2:
        raise InvalidInputError.constraint("scale", ">= 2", scale)
    values = _ratings("ratings", ratings, 1, scale)
    return sum(values) / len(values)
