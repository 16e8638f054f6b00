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
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from qmscore._checks import (
    as_tuple,
    check_instance,
    check_int,
    check_sequence,
    check_str,
    type_error,
    value_error,
)
from qmscore._display import Tabular, batch_repr, display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason
from qmscore.scoring._inputs import check_id
from qmscore.scoring._scorer import (
    Decision,
    Levels,
    compile_form,
    decide,
    decision,
    explain,
    fast,
    read,
)
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
    # What the explanation is built from when first read (the questionnaire,
    # its tables and the answer levels); None once built or when constructed
    # with every field given. Not part of the value.
    _recipe: Any = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    if not TYPE_CHECKING:  # pragma: no branch - keep mypy strict on attribute names

        def __getattr__(self, name: str) -> Any:
            # Only called for a slot not yet set: the explaining fields of a
            # result whose decision came first. Build them once, then read.
            if name not in _LAZY:
                raise AttributeError(name)
            recipe = object.__getattribute__(self, "_recipe")
            if recipe is None:  # pragma: no cover - every constructor sets them
                raise AttributeError(name)
            items, weakest, reasons, unhappy = explain(*recipe)
            _set(self, "items", tuple(ItemScore(*i) for i in items))
            _set(self, "weakest", weakest)
            _set(self, "reasons", reasons)
            _set(self, "dissatisfied_items", unhappy)
            _set(self, "_recipe", None)
            return object.__getattribute__(self, name)

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


_LAZY = frozenset({"items", "weakest", "reasons", "dissatisfied_items"})
_new = object.__new__
_set = object.__setattr__
# The slots' own setters: a result is filled in without attrs' __init__ (which
# would need the explanation up front), about twice as fast as setattr.
(
    _total,
    _normalized,
    _grade,
    _corrective,
    _target,
    _incomplete,
    _weight,
    _rid,
    _recipe,
) = (
    SatisfactionScore.__dict__[name].__set__
    for name in (
        "total",
        "normalized",
        "grade",
        "needs_corrective_action",
        "meets_target",
        "incomplete",
        "answered_weight",
        "response_id",
        "_recipe",
    )
)


def _lazy(
    q: Questionnaire, form: Any, levels: Levels, rid: Any, d: Decision | None = None
) -> SatisfactionScore:
    """A result holding its decision; its explanation is built when first read."""
    total, normalized, grade, corrective, target, incomplete, weight = (
        decide(q, form, levels) if d is None else d
    )
    score: SatisfactionScore = _new(SatisfactionScore)
    _total(score, total)
    _normalized(score, normalized)
    _grade(score, grade)
    _corrective(score, corrective)
    _target(score, target)
    _incomplete(score, incomplete)
    _weight(score, weight)
    _rid(score, rid)
    _recipe(score, (q, form, levels))
    return score


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
    c = compile_form(questionnaire, id_key, ignore)
    if c.id_key is None and not c.extra:
        quick = fast(answers, c.form)
        if quick is not None:
            return _lazy(questionnaire, c.form, quick[0], None, quick[1])
    levels, rid = read(answers, c, "answers")
    return _lazy(questionnaire, c.form, levels, rid)


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
    responses: tuple[Mapping[str, str | None], ...] = attrs.field(repr=False, converter=as_tuple)
    totals: tuple[int, ...] = attrs.field(converter=as_tuple)
    normalized: tuple[float | None, ...] = attrs.field(converter=as_tuple)
    grades: tuple[str | None, ...] = attrs.field(converter=as_tuple)
    corrective: tuple[bool, ...] = attrs.field(converter=as_tuple)
    ids: tuple[Any, ...] = attrs.field(default=(), converter=as_tuple)
    id_key: str | None = None

    def __attrs_post_init__(self) -> None:
        # A batch read back from JSON (or built by hand) must hold one entry
        # per response in every column: a short column would silently drop or
        # misalign rows. O(1) per column (the values were read when scored, or
        # by the converter's typed reading of JSON).
        check_instance("questionnaire", self.questionnaire, Questionnaire, "a Questionnaire")
        if self.id_key is not None:
            check_str("id_key", self.id_key)
        columns = ("responses", "totals", "normalized", "grades", "corrective", "ids")
        for name in columns:
            if not isinstance(getattr(self, name), tuple):
                raise type_error(name, "a sequence", getattr(self, name))
        size = len(self.responses)
        for name in columns[1:] if self.ids or self.id_key is not None else columns[1:-1]:
            if len(getattr(self, name)) != size:
                raise InvalidInputError(
                    f"'{name}' must hold one entry per response ({size}) "
                    f"(got {len(getattr(self, name))})",
                    field=name,
                    value=len(getattr(self, name)),
                )

    def __len__(self) -> int:
        return len(self.totals)

    def __getitem__(self, index: int) -> SatisfactionScore:
        q = self.questionnaire
        c = compile_form(q)
        levels, _rid = read(self.responses[index], c, f"responses[{index}]")
        return _lazy(q, c.form, levels, self.ids[index] if self.ids else None)

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


_points = dict.__getitem__


def _answered(
    table: tuple[tuple[str, dict[str, int], int, float], ...],
    mask: tuple[bool, ...],
    masks: dict[tuple[bool, ...], tuple[int, float]],
) -> tuple[int, float]:
    """Points possible and weight of the answered items (mask: True = not applicable)."""
    possible, weight = 0, 0.0
    for (_key, _points, maximum, w), missing in zip(table, mask, strict=True):
        if not missing:
            possible += maximum
            weight += w  # in form order, as the careful path adds them
    masks[mask] = possible, weight
    return possible, weight


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
    c = compile_form(questionnaire, id_key, ignore)
    q, form = questionnaire, c.form
    if isinstance(responses, (list, tuple)):
        rows: list[Any] = list(responses)  # already in memory: no size bound needed
    else:
        rows = list(check_sequence("responses", responses))
    table = form.table
    pairs = tuple(zip(form.item_keys, form.points, strict=True))
    item_keys = form.item_keys
    full = form.full  # fully answered: the decision is a lookup by total
    totals: list[int] = []
    ids: list[Any] = []
    partial: dict[int, Decision] = {}  # rows with not-applicable answers
    decisions: dict[tuple[int, tuple[bool, ...]], Decision] = {}
    masks: dict[tuple[bool, ...], tuple[int, float]] = {}
    size = len(pairs) + len(c.extra)
    extra = tuple(c.extra)
    getter, points, points_na = form.getter, form.points, form.points_na
    nones = (None,) * len(item_keys)
    for k, r in enumerate(rows):
        if getter is not None and not extra and type(r) is dict and len(r) == size:
            # A plain dict: its answers read and scored in C. None (not
            # applicable) scores 0 here; the answered items' maximum and weight
            # come from a table by which items are answered.
            try:
                levels = getter(r)
                total = sum(map(_points, points_na, levels))
            except (KeyError, TypeError):
                pass
            else:
                totals.append(total)
                if None in levels:
                    mask = tuple(map(operator.is_, levels, nones))
                    d = decisions.get((total, mask))
                    if d is None:
                        possible, weight = masks.get(mask) or _answered(table, mask, masks)
                        d = decisions[total, mask] = decision(q, total, possible, weight)
                    partial[k] = d
                continue
        try:
            # n keys found and n entries: exactly the questionnaire's items (and
            # the declared extra columns), each with a known level.
            if len(r) != size:
                raise KeyError
            if extra:
                if not all(e in r for e in extra):
                    raise KeyError
                found = [r[key] for key in item_keys]
                totals.append(sum(map(_points, points, found)))
                rows[k] = dict(zip(item_keys, found, strict=True))
                ids.append(
                    check_id(f"responses[{k}].{c.id_key}", r[c.id_key]) if c.id_key else None
                )
            else:
                totals.append(sum([p[r[key]] for key, p in pairs]))
                if type(r) is not dict:
                    rows[k] = {key: r[key] for key in item_keys}
        except InvalidInputError:
            raise
        except (KeyError, TypeError, AttributeError):
            # Not applicable answers (NaN, pd.NA, None in a Series or beside
            # an id), or bad input: the careful path reads the row and names
            # any problem.
            read_levels, rid = read(r, c, f"responses[{k}]")
            partial[k] = decide(q, form, read_levels)
            totals.append(partial[k][0])
            rows[k] = dict(zip(item_keys, read_levels, strict=True))
            if extra:
                ids.append(rid)
    normalized: list[float | None] = [full[t][1] for t in totals]
    grades: list[str | None] = [full[t][2] for t in totals]
    corrective = [full[t][3] for t in totals]
    for k, d in partial.items():
        normalized[k], grades[k], corrective[k] = d[1], d[2], d[3]
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
