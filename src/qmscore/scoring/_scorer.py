"""The scoring engine behind :func:`~qmscore.scoring.score_response` (private).

A questionnaire is compiled once into plain tables (:class:`_Form`, cached on
the questionnaire itself, which is immutable); a response is read into its
levels in form order, and the *decision* (total, score, grade, corrective and
target flags) is computed from those levels alone. The explanation (per-item
results, weakest items, reasons in Chinese and English) is built from the same
levels only when a result's explaining fields are read (:func:`explain`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from qmscore._checks import (
    check_instance,
    check_mapping,
    check_sequence,
    check_str,
    is_missing,
    type_error,
    value_error,
)
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._inputs import check_id
from qmscore.scoring.questionnaire import Questionnaire

__all__ = [
    "Decision",
    "Levels",
    "compile_form",
    "decide",
    "decision",
    "explain",
    "fast",
    "form_of",
    "read",
]

Levels = tuple[str | None, ...]
"""A response's answer level per item, in form order (None: not applicable)."""

Decision = tuple[int, float | None, str | None, bool, bool, bool, float]
"""total, normalized, grade, corrective, meets target, incomplete, answered weight."""


@attrs.frozen(eq=False)
class _Form:
    """A questionnaire's scoring tables (built once per questionnaire)."""

    keys: frozenset[str]
    table: tuple[tuple[str, dict[str, int], int, float], ...]
    item_keys: tuple[str, ...]
    points: tuple[dict[str, int], ...]
    rank: Mapping[str, int]
    satisfied: int
    full: tuple[Decision, ...]
    """The decision of a fully answered response, by its total (0..total)."""
    getter: Callable[[Any], tuple[Any, ...]] | None
    """Reads every item's answer from a dict in one call (None for a one-item form)."""
    points_na: tuple[dict[str | None, int], ...]
    """Each item's points with 0 for None (not applicable), for sums in C."""
    plain: _Compiled | None = attrs.field(default=None, init=False)
    """The form with no id column and no ignored columns (the common call)."""


@attrs.frozen(eq=False)
class _Compiled:
    """A form with one call's id column and ignored columns."""

    form: _Form
    id_key: str | None
    extra: frozenset[str]


def _band(q: Questionnaire, score: float) -> str:
    for band in q.bands:
        if band.contains(score):
            return band.grade
    raise value_error("score", f"in a grade band (0..{q.total})", score)  # pragma: no cover


def _with_none(points: dict[str, int]) -> dict[str | None, int]:
    out: dict[str | None, int] = {None: 0}
    out.update(points)
    return out


def _build(q: Questionnaire) -> _Form:
    table = tuple((i.key, dict(i.points), max(i.points.values()), i.weight) for i in q.items)
    rank = {lv.key: k for k, lv in enumerate(q.levels)}
    weight = 0.0
    for _k, _p, _m, w in table:
        weight += w  # summed in form order, exactly as a fully answered response is
    full = tuple(
        (t, float(t), _band(q, float(t)), t < q.corrective_below, t >= q.target, False, weight)
        for t in range(q.total + 1)
    )
    keys = tuple(t[0] for t in table)
    form = _Form(
        frozenset(keys),
        table,
        keys,
        tuple(t[1] for t in table),
        rank,
        rank[q.satisfied],
        full,
        operator.itemgetter(*keys) if len(keys) > 1 else None,
        tuple(_with_none(t[1]) for t in table),
    )
    object.__setattr__(form, "plain", _Compiled(form, None, frozenset()))
    return form


def form_of(q: Questionnaire) -> _Form:
    """The questionnaire's scoring tables, built on first use and kept on it."""
    form: _Form | None = q._compiled
    if form is None:
        form = _build(q)
        object.__setattr__(q, "_compiled", form)
    return form


def compile_form(q: object, id_key: object = None, ignore: Iterable[str] = ()) -> _Compiled:
    """The form of ``q`` with this call's id column and ignored columns, checked."""
    check_instance("questionnaire", q, Questionnaire, "a Questionnaire")
    form = form_of(q)  # type: ignore[arg-type]
    if id_key is None and ignore == ():
        assert form.plain is not None
        return form.plain
    extra: set[str] = set()
    if ignore != ():
        extra.update(check_sequence("ignore", ignore, check_str))
    if id_key is not None:
        extra.add(check_str("id_key", id_key))
    clash = sorted(extra & form.keys)
    if clash:
        raise value_error("id_key" if id_key in clash else "ignore", "not an item key", clash)
    return _Compiled(form, id_key, frozenset(extra))  # type: ignore[arg-type]


_points = dict.__getitem__


def fast(answers: object, form: _Form) -> tuple[Levels, Decision] | None:
    """A plain dict answering every item with a known level: its levels and decision.

    None for anything else (not-applicable answers, bad input): :func:`read` then
    reads the row carefully and names any problem.
    """
    if type(answers) is not dict or len(answers) != len(form.item_keys) or form.getter is None:
        return None
    try:
        levels = form.getter(answers)
        return levels, form.full[sum(map(_points, form.points, levels))]
    except (KeyError, TypeError):
        return None


def read(answers: object, c: _Compiled, where: str) -> tuple[Levels, Any]:
    """The row's levels in form order (missing values as None) and its id."""
    form = c.form
    row = check_mapping(where, answers)
    rid = None
    if c.id_key is not None:
        if c.id_key not in row:
            raise InvalidInputError(
                f"{where!r} must have the id column {c.id_key!r}", field=where, value=answers
            )
        rid = check_id(f"{where}.{c.id_key}", row[c.id_key])
    keys = set(row)
    if keys - c.extra != form.keys:
        unknown = sorted(keys - form.keys - c.extra, key=str)
        missing = sorted(form.keys - keys)
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
    out: list[str | None] = []
    for key, points, _m, _w in form.table:
        level = row[key]
        if type(level) is str and level in points:
            out.append(level)
        elif is_missing(level):
            out.append(None)
        elif not isinstance(level, str):
            raise type_error(f"{where}.{key}", f"one of {list(points)} or None", level)
        elif level not in points:
            raise value_error(f"{where}.{key}", f"one of {list(points)} or None", level)
        else:
            out.append(level)
    return tuple(out), rid


def decide(q: Questionnaire, form: _Form, levels: Levels) -> Decision:
    """Total, score, grade and flags of a response's levels (no explanation)."""
    if None not in levels:
        return form.full[sum(map(_points, form.points, levels))]  # type: ignore[arg-type]
    total = possible = 0
    weight = 0.0
    for level, (_key, points, maximum, w) in zip(levels, form.table, strict=True):
        if level is None:
            continue
        total += points[level]
        possible += maximum
        weight += w
    return decision(q, total, possible, weight)


def decision(q: Questionnaire, total: int, possible: int, weight: float) -> Decision:
    """The decision of a response with not-applicable items (the 70% weight rule)."""
    if weight + 1e-9 < q.min_answered_weight:
        return total, None, None, False, False, True, weight
    normalized = total * q.total / possible if possible else 0.0
    return (
        total,
        normalized,
        _band(q, normalized),
        normalized < q.corrective_below,
        normalized >= q.target,
        False,
        weight,
    )


Item = tuple[str, str | None, int | None, int]
"""key, level, points (None: not applicable), maximum."""


def explain(
    q: Questionnaire, form: _Form, levels: Levels
) -> tuple[tuple[Item, ...], tuple[str, ...], tuple[Reason, ...], tuple[str, ...]]:
    """Per-item results, weakest items, reasons and dissatisfied items of a response."""
    total, normalized, _grade, corrective, _t, incomplete, weight = decide(q, form, levels)
    items: list[Item] = []
    possible = 0
    for level, (key, points, maximum, _w) in zip(levels, form.table, strict=True):
        if level is None:
            items.append((key, None, None, maximum))
        else:
            items.append((key, level, points[level], maximum))
            possible += maximum
    ranked = sorted((i for i in items if i[2] is not None), key=lambda i: (i[2] - i[3], i[0]))  # type: ignore[operator]
    weakest = tuple(i[0] for i in ranked if i[2] < i[3])  # type: ignore[operator]
    unhappy = tuple(i[0] for i in ranked if form.rank[i[1]] > form.satisfied)  # type: ignore[index]
    if incomplete:
        reason = Reason(
            "scoring.incomplete",
            f"Answered items carry {weight:.0%} of the weight, below the "
            f"{q.min_answered_weight:.0%} needed: no score",
            f"已答题目权重 {weight:.0%}，低于所需 {q.min_answered_weight:.0%}：不计分",
        )
        return tuple(items), weakest, (reason,), unhappy
    assert normalized is not None
    band = next(b for b in q.bands if b.contains(normalized))  # as Questionnaire.grade
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
    return tuple(items), weakest, tuple(reasons), unhappy


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
