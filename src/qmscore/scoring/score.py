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

import numbers
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from qmscore._checks import (
    check_instance,
    check_int,
    check_mapping,
    check_sequence,
    check_str,
    is_missing,
    type_error,
    value_error,
)
from qmscore._display import Tabular, batch_repr, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._inputs import check_id
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


@display
@attrs.frozen
class ItemScore:
    """One item's result: None points when not applicable."""

    key: str
    level: str | None
    points: int | None
    maximum: int


@display
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
        weakest: Item keys losing any points, most points lost first (ties by key).
        reasons: How the score was reached.
        dissatisfied_items: Item keys answered worse than the questionnaire's
            "satisfied" level, most points lost first (ties by key): the items
            that need corrective action when the score is low (seed 004 5.4.6.1).
        response_id: The row's id when scored with ``id_key`` (else None).
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
    dissatisfied_items: tuple[str, ...] = ()
    response_id: Any = None

    def corrective_items(self, cap: int | None = None) -> tuple[str, ...]:
        """The items a corrective action should cover, most points lost first.

        Every item answered below "satisfied" (seed 004 5.4.6.1: the items the
        customer is dissatisfied with); if there is none, the items that lost
        points. ``cap`` keeps only the first ``cap`` of them.

        Example:
            >>> from qmscore.scoring import STANDARD_QUESTIONNAIRE, score_response
            >>> answers = {i.key: "satisfied" for i in STANDARD_QUESTIONNAIRE.items}
            >>> answers.update(price="opposed", performance="indifferent")
            >>> answers.update(appearance="dissatisfied")
            >>> s = score_response(answers)
            >>> s.corrective_items(), s.corrective_items(cap=1)
            (('performance', 'appearance', 'price'), ('performance',))
        """
        chosen = self.dissatisfied_items or self.weakest
        return chosen if cap is None else chosen[: check_int("cap", cap, minimum=1)]


@attrs.frozen(eq=False)
class _Compiled:
    keys: frozenset[str]
    table: tuple[tuple[str, Mapping[str, int], int, float], ...]
    rank: Mapping[str, int]
    satisfied: int
    id_key: str | None
    extra: frozenset[str]


def _compile(q: Questionnaire, id_key: object = None, ignore: Iterable[str] = ()) -> _Compiled:
    check_instance("questionnaire", q, Questionnaire, "a Questionnaire")
    table = tuple((i.key, i.points, max(i.points.values()), i.weight) for i in q.items)
    keys = frozenset(t[0] for t in table)
    extra: set[str] = set()
    if ignore != ():
        extra.update(check_sequence("ignore", ignore, check_str))
    if id_key is not None:
        extra.add(check_str("id_key", id_key))
    clash = sorted(extra & keys)
    if clash:
        raise value_error("id_key" if id_key in clash else "ignore", "not an item key", clash)
    rank = {lv.key: k for k, lv in enumerate(q.levels)}
    return _Compiled(
        keys,
        table,
        rank,
        rank[q.satisfied],
        id_key,  # type: ignore[arg-type]
        frozenset(extra),
    )


def score_response(
    answers: Mapping[str, Any],
    questionnaire: Questionnaire = STANDARD_QUESTIONNAIRE,
    *,
    id_key: str | None = None,
    ignore: Iterable[str] = (),
) -> SatisfactionScore:
    """Score one response: ``{item key: level key, or None when not applicable}``.

    ``answers`` is any mapping or a pandas ``Series`` (so
    ``df.apply(score_response, axis=1)`` works). ``None``, ``NaN`` and
    ``pd.NA`` all mean "not applicable". Every item must appear. With
    not-applicable items, the score is rescaled to 100 over the answered items
    if they carry at least ``min_answered_weight`` of the weight; otherwise
    the response is incomplete.

    Args:
        answers: The response.
        questionnaire: The form.
        id_key: A column holding the response's id (a string or an integer),
            kept on the result as ``response_id``; the column must be present.
        ignore: Other columns that are not items (timestamps, names): not scored.
            Any other key that is not an item is an error.

    Raises:
        InvalidInputError: unknown or missing item keys, unknown answer levels.
        InvalidTypeError: a row that is not a mapping, an answer that is not a
            level key.

    Example:
        >>> from qmscore.scoring import STANDARD_QUESTIONNAIRE, score_response
        >>> row = {i.key: "satisfied" for i in STANDARD_QUESTIONNAIRE.items}
        >>> s = score_response({**row, "id": "R-7", "price": float("nan")}, id_key="id")
        >>> s.response_id, s.total, s.items[8].points is None
        ('R-7', 84, True)
    """
    return _score(answers, questionnaire, _compile(questionnaire, id_key, ignore))


@display(summary=batch_repr, rows="rows")
@attrs.frozen(hash=False)  # compared by value (answers and columns); unhashable like its dicts
class ScoreBatch(Tabular):
    """Many scored responses, stored by column; ``batch[i]`` gives the full result.

    Attributes:
        questionnaire: The form used.
        totals: Raw points per response.
        normalized: Score out of 100 per response (None where incomplete).
        grades: Grade letter per response (None where incomplete).
        corrective: Whether each response needs corrective action.
        ids: The id per response when scored with ``id_key`` (else empty).
        id_key: The id column, if any.
    """

    questionnaire: Questionnaire
    responses: tuple[Mapping[str, str | None], ...] = attrs.field(repr=False)
    totals: tuple[int, ...]
    normalized: tuple[float | None, ...]
    grades: tuple[str | None, ...]
    corrective: tuple[bool, ...]
    ids: tuple[Any, ...] = ()
    id_key: str | None = None

    def __len__(self) -> int:
        return len(self.totals)

    def __getitem__(self, index: int) -> SatisfactionScore:
        score = score_response(self.responses[index], self.questionnaire)
        return attrs.evolve(score, response_id=self.ids[index]) if self.ids else score

    def __iter__(self) -> Iterator[SatisfactionScore]:
        return (self[i] for i in range(len(self)))

    def rows(self) -> list[dict[str, object]]:
        """One plain row per response, for a table or ``pandas.DataFrame(rows)``.

        With an ``id_key``, each row starts with the id under that column name,
        ready to merge back onto the survey's frame.
        """
        rows: list[dict[str, object]] = [
            {"total": t, "normalized": n, "grade": g, "corrective": c}
            for t, n, g, c in zip(
                self.totals, self.normalized, self.grades, self.corrective, strict=True
            )
        ]
        if self.id_key is None:
            return rows
        return [{self.id_key: i, **r} for i, r in zip(self.ids, rows, strict=True)]


def score_responses(
    responses: Iterable[Mapping[str, Any]],
    questionnaire: Questionnaire = STANDARD_QUESTIONNAIRE,
    *,
    id_key: str | None = None,
    ignore: Iterable[str] = (),
) -> ScoreBatch:
    """Score many responses, checking the questionnaire once (the batch path).

    Accepts any mappings or pandas ``Series``, e.g. a DataFrame's
    ``to_dict("records")``; ``None``, ``NaN`` and ``pd.NA`` mean "not
    applicable". ``id_key`` and ``ignore`` are as in :func:`score_response`:
    the ids are kept in ``batch.ids`` and ``batch.rows()``. Totals, scores and
    grades are computed in one tight loop; the full result with its reasons is
    built only when you index the batch.

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
    c = _compile(questionnaire, id_key, ignore)
    q = questionnaire
    if isinstance(responses, (list, tuple)):
        rows: list[Any] = list(responses)  # already in memory: no size bound needed
    else:
        rows = list(check_sequence("responses", responses))
    pairs = tuple((key, points) for key, points, _m, _w in c.table)
    item_keys = tuple(key for key, _p in pairs)
    # Fully answered responses score an integer 0..total: grade and corrective
    # flag become table lookups.
    grade_of = [q.grade(float(t)).grade for t in range(q.total + 1)]
    corrective_of = [t < q.corrective_below for t in range(q.total + 1)]
    totals: list[int] = []
    ids: list[Any] = []
    careful: dict[int, SatisfactionScore] = {}
    size = len(pairs) + len(c.extra)
    extra = tuple(c.extra)
    for k, r in enumerate(rows):
        try:
            # n keys found and n entries: exactly the questionnaire's items (and
            # the declared extra columns), each with a known level.
            if len(r) != size:
                raise KeyError
            if extra:
                if not all(e in r for e in extra):
                    raise KeyError
                levels = [r[key] for key in item_keys]
                totals.append(sum([p[lv] for lv, (_k, p) in zip(levels, pairs, strict=True)]))
                rows[k] = dict(zip(item_keys, levels, strict=True))
                ids.append(
                    check_id(f"responses[{k}].{c.id_key}", r[c.id_key]) if c.id_key else None
                )
            else:
                totals.append(sum([points[r[key]] for key, points in pairs]))
                if type(r) is not dict:
                    rows[k] = {key: r[key] for key in item_keys}
        except InvalidInputError:
            raise
        except (KeyError, TypeError, AttributeError):
            # Not applicable answers, or bad input: the careful path says which.
            answers, rid = _read(r, c, f"responses[{k}]")
            full = _evaluate(answers, q, c, rid)
            careful[k] = full
            totals.append(full.total)
            rows[k] = answers
            if extra:
                ids.append(rid)
    normalized: list[float | None] = [float(t) for t in totals]
    grades: list[str | None] = [grade_of[t] for t in totals]
    corrective = [corrective_of[t] for t in totals]
    for k, full in careful.items():
        normalized[k], grades[k] = full.normalized, full.grade
        corrective[k] = full.needs_corrective_action
    return ScoreBatch(
        q,
        tuple(rows),
        tuple(totals),
        tuple(normalized),
        tuple(grades),
        tuple(corrective),
        tuple(ids) if c.id_key else (),
        c.id_key,
    )


def _read(answers: object, c: _Compiled, where: str) -> tuple[dict[str, str | None], Any]:
    """The row's answers by item (missing values as None) and its id."""
    row = check_mapping(where, answers)
    rid = None
    if c.id_key is not None:
        if c.id_key not in row:
            raise InvalidInputError(
                f"{where!r} must have the id column {c.id_key!r}", field=where, value=answers
            )
        rid = check_id(f"{where}.{c.id_key}", row[c.id_key])
    keys = set(row)
    if keys - c.extra != c.keys:
        unknown = sorted(keys - c.keys - c.extra, key=str)
        missing = sorted(c.keys - keys)
        raise InvalidInputError(
            f"{where!r} must answer exactly the questionnaire's items"
            + (
                f"; unknown: {unknown} (columns that are not items: name them with "
                "id_key= or ignore=)"
                if unknown
                else ""
            )
            + (f"; missing: {missing} (use None for not applicable)" if missing else ""),
            field=where,
            value=answers,
        )
    out: dict[str, str | None] = {}
    for key, points, _m, _w in c.table:
        level = row[key]
        if type(level) is str and level in points:
            out[key] = level
        elif is_missing(level):
            out[key] = None
        elif not isinstance(level, str):
            raise type_error(f"{where}.{key}", f"one of {list(points)} or None", level)
        elif level not in points:
            raise value_error(f"{where}.{key}", f"one of {list(points)} or None", level)
        else:
            out[key] = level
    return out, rid


def _score(answers: object, q: Questionnaire, c: _Compiled) -> SatisfactionScore:
    read, rid = _read(answers, c, "answers")
    return _evaluate(read, q, c, rid)


def _evaluate(
    answers: Mapping[str, str | None], q: Questionnaire, c: _Compiled, rid: Any
) -> SatisfactionScore:
    total = possible = 0
    weight = 0.0
    items: list[ItemScore] = []
    for key, points, maximum, w in c.table:
        level = answers[key]
        if level is None:
            items.append(ItemScore(key, None, None, maximum))
            continue
        got = points[level]
        total += got
        possible += maximum
        weight += w
        items.append(ItemScore(key, level, got, maximum))
    return _result(q, c, total, possible, weight, tuple(items), rid)


def _result(
    q: Questionnaire,
    c: _Compiled,
    total: int,
    possible: int,
    weight: float,
    items: tuple[ItemScore, ...],
    rid: Any,
) -> SatisfactionScore:
    ranked = sorted(
        (i for i in items if i.points is not None),
        key=lambda i: (i.points - i.maximum, i.key),  # type: ignore[operator]
    )
    weakest = tuple(i.key for i in ranked if i.points < i.maximum)  # type: ignore[operator]
    unhappy = tuple(i.key for i in ranked if c.rank[i.level] > c.satisfied)  # type: ignore[index]
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
            unhappy,
            rid,
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
            f"Grade {band.grade}: {band.en} ({band.rule})",
            f"等级 {band.grade}：{band.zh}（{band.rule.replace('score', '得分')}）",
        ),
    ]
    if corrective:
        reasons.append(_corrective(q, weakest, unhappy))
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
        unhappy,
        rid,
    )


def _corrective(q: Questionnaire, weakest: tuple[str, ...], unhappy: tuple[str, ...]) -> Reason:
    zh_of = {i.key: i.zh for i in q.items}
    level = next(lv for lv in q.levels if lv.key == q.satisfied)
    if unhappy:
        return Reason(
            "scoring.corrective",
            f"Below {q.corrective_below:g}: corrective/preventive action for "
            + ", ".join(unhappy),
            f"低于 {q.corrective_below:g} 分：对 {'、'.join(zh_of[k] for k in unhappy)} "
            "采取纠正预防措施",
        )
    return Reason(
        "scoring.corrective",
        f"Below {q.corrective_below:g}: corrective/preventive action; no item is answered "
        f"below {level.en!r}, the weakest are " + ", ".join(weakest[:3]),
        f"低于 {q.corrective_below:g} 分：需采取纠正预防措施；没有题目低于“{level.zh}”，"
        f"最弱的是 {'、'.join(zh_of[k] for k in weakest[:3])}",
    )


def _ratings(field: str, values: object, low: int, high: int) -> tuple[int, ...]:
    expected = f"an integer {low}..{high}"

    def rating(path: str, v: object) -> int:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise type_error(path, expected, v)
        if not low <= int(v) <= high:
            raise value_error(path, expected, v)
        return int(v)

    out = check_sequence(field, values, rating)
    if not out:
        raise value_error(field, "at least one rating", values)
    return out


def _scale(value: object, minimum: int) -> int:
    return check_int("scale", value, minimum=minimum)


def nps(scores: Iterable[int]) -> float:
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


def csat(ratings: Iterable[int], *, scale: int = 5) -> float:
    """CSAT: share of top-two-box answers (4 or 5 on a 1-5 scale), in percent.

    Example:
        >>> from qmscore.scoring import csat
        >>> csat([5, 4, 3, 2])
        50.0
    """
    scale = _scale(scale, 3)
    values = _ratings("ratings", ratings, 1, scale)
    return 100.0 * sum(v >= scale - 1 for v in values) / len(values)


def ces(ratings: Iterable[int], *, scale: int = 7) -> float:
    """Customer Effort Score: the mean agreement on a 1-7 "easy to handle" scale.

    Example:
        >>> from qmscore.scoring import ces
        >>> ces([7, 6, 5])
        6.0
    """
    scale = _scale(scale, 2)
    values = _ratings("ratings", ratings, 1, scale)
    return sum(values) / len(values)
