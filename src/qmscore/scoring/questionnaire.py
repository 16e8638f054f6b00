"""Questionnaires as data: items, answer levels, a points table, grade bands.

The company survey (seeds 001, 003, 004) has ten items rated on five levels,
and its points are a table, not a linear scale: "dissatisfied" is worth 5 of
10 for appearance but 3 of 10 for service life. Customers impose their own
forms, so any questionnaire is data: :data:`STANDARD_QUESTIONNAIRE` is the
seed's table, and a customer's form is another :class:`Questionnaire`.

Example:
    >>> from qmscore.scoring import STANDARD_QUESTIONNAIRE as q
    >>> [i.key for i in q.items][:3], q.total
    (['appearance', 'dimensions', 'packaging'], 100)
    >>> q.item("performance").points["dissatisfied"]
    15
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import attrs

from qmscore._checks import non_empty_str
from qmscore.errors import RuleSetError
from qmscore.explain import Source

__all__ = [
    "STANDARD_BANDS",
    "STANDARD_LEVELS",
    "STANDARD_QUESTIONNAIRE",
    "AnswerLevel",
    "GradeBand",
    "Item",
    "Questionnaire",
]


@attrs.frozen
class AnswerLevel:
    """One answer on the scale, best first in a questionnaire's ``levels``.

    Attributes:
        key: Stable identifier used in answers, e.g. ``"satisfied"``.
        en: English label.
        zh: Chinese label.
        loyalty: The loyalty class the answer signals (seed 004: a..e).
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    loyalty: str = attrs.field(validator=non_empty_str)


@attrs.frozen
class Item:
    """A question with its weight and the points each answer level earns.

    Attributes:
        key: Stable identifier, e.g. ``"performance"``.
        en: English label.
        zh: Chinese label.
        weight: Share of the total, e.g. 0.30.
        points: Answer level key -> points; the best level earns the maximum.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    weight: float
    points: Mapping[str, int]

    @property
    def maximum(self) -> int:
        """The most points this item can earn."""
        return max(self.points.values())


@attrs.frozen
class GradeBand:
    """A half-open score band ``lower <= score < upper`` (``upper`` None: no top)."""

    grade: str = attrs.field(validator=non_empty_str)
    lower: float
    upper: float | None
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)

    def contains(self, score: float) -> bool:
        """Whether ``score`` falls in this band."""
        return self.lower <= score and (self.upper is None or score < self.upper)


def _fail(message: str) -> RuleSetError:
    return RuleSetError(message)


@attrs.frozen
class Questionnaire:
    """A survey form: items, the answer scale, grade bands and thresholds.

    Attributes:
        name: What form this is.
        items: The questions, in form order.
        levels: The answer scale, best first.
        bands: Grade bands, half-open, covering [0, total] without gaps.
        total: Points of a perfect response (item maxima add up to it).
        corrective_below: Scores below this need corrective/preventive action.
        target: The score the company aims for.
        min_answered_weight: Share of weight that must be answered for a score.
        source: Where the form comes from.
    """

    name: str = attrs.field(validator=non_empty_str)
    items: tuple[Item, ...]
    levels: tuple[AnswerLevel, ...]
    bands: tuple[GradeBand, ...]
    total: int = 100
    corrective_below: float = 75.0
    target: float = 80.0
    min_answered_weight: float = 0.70
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        if not self.items:
            raise _fail("a questionnaire needs at least one item")
        keys = [i.key for i in self.items]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise _fail(f"duplicate item keys: {', '.join(dupes)}")
        level_keys = [lv.key for lv in self.levels]
        if len(set(level_keys)) != len(level_keys) or len(level_keys) < 2:
            raise _fail(f"answer levels must be at least two distinct keys (got {level_keys})")
        for item in self.items:
            self._check_item(item, level_keys)
        weight = sum(i.weight for i in self.items)
        if abs(weight - 1.0) > 1e-9:
            raise _fail(f"item weights must add up to 1 (they add up to {weight:g})")
        maxima = sum(i.maximum for i in self.items)
        if maxima != self.total:
            raise _fail(f"item maxima add up to {maxima}, not the declared total {self.total}")
        self._check_bands()
        if not 0.0 < self.min_answered_weight <= 1.0:
            raise _fail(f"min_answered_weight must be in (0, 1] (got {self.min_answered_weight})")

    def _check_item(self, item: Item, level_keys: list[str]) -> None:
        if not isinstance(item.weight, (int, float)) or not 0.0 < item.weight <= 1.0:
            raise _fail(f"item {item.key!r}: weight must be in (0, 1] (got {item.weight!r})")
        if sorted(item.points) != sorted(level_keys):
            raise _fail(
                f"item {item.key!r}: points must be given for exactly the levels {level_keys} "
                f"(got {sorted(item.points)})"
            )
        values = [item.points[k] for k in level_keys]
        if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values):
            raise _fail(f"item {item.key!r}: points must be non-negative integers (got {values})")
        if round(item.weight * self.total) != item.maximum:
            raise _fail(
                f"item {item.key!r}: its maximum {item.maximum} points must match its weight "
                f"{item.weight:g} of {self.total}"
            )
        if values[0] != item.maximum:
            raise _fail(
                f"item {item.key!r}: the best level {level_keys[0]!r} must give the maximum "
                f"({item.maximum}, got {values[0]})"
            )
        for better, worse, a, b in zip(
            level_keys, level_keys[1:], values, values[1:], strict=False
        ):
            if b > a:
                raise _fail(
                    f"item {item.key!r}: points must not rise as answers get worse "
                    f"({better!r} {a} < {worse!r} {b})"
                )

    def _check_bands(self) -> None:
        ordered = sorted(self.bands, key=lambda b: b.lower)
        if not ordered or ordered[0].lower > 0:
            raise _fail("grade bands must start at 0")
        for low, high in itertools.pairwise(ordered):
            if low.upper != high.lower:
                raise _fail(
                    f"grade bands must meet without gap or overlap ({low.grade} ends at "
                    f"{low.upper}, {high.grade} starts at {high.lower})"
                )
        if ordered[-1].upper is not None:
            raise _fail("the top grade band must be open-ended (upper None)")

    def item(self, key: str) -> Item:
        """The item with this key."""
        for item in self.items:
            if item.key == key:
                return item
        from qmscore.errors import InvalidInputError

        raise InvalidInputError.constraint("item", f"one of {[i.key for i in self.items]}", key)

    def grade(self, score: float) -> GradeBand:
        """The band a score (0..100) falls in."""
        for band in self.bands:
            if band.contains(score):
                return band
        raise AssertionError(f"no band for {score}")  # pragma: no cover - bands are checked


def _level(key: str, en: str, zh: str, loyalty: str) -> AnswerLevel:
    return AnswerLevel(key, en, zh, loyalty)


STANDARD_LEVELS: tuple[AnswerLevel, ...] = (
    _level("very_satisfied", "very satisfied", "非常满意", "a loyal"),
    _level("satisfied", "satisfied", "满意", "b satisfied"),
    _level("indifferent", "indifferent", "无所谓", "c indifferent"),
    _level("dissatisfied", "dissatisfied", "不满意", "d dissatisfied"),
    _level("opposed", "opposed", "反对", "e opposed"),
)

STANDARD_BANDS: tuple[GradeBand, ...] = (
    GradeBand("A", 90.0, None, "90 and above", "90分及以上"),
    GradeBand("B", 75.0, 90.0, "75 to below 90", "75分至90分以下"),
    GradeBand("C", 60.0, 75.0, "60 to below 75", "60分至75分以下"),
    GradeBand("D", 35.0, 60.0, "35 to below 60", "35分至60分以下"),
    GradeBand("E", 0.0, 35.0, "below 35", "35分以下"),
)
"""Half-open bands (the seed's "75-90" and "35 and below" overlap as written)."""

_TABLE = (
    # key, en, zh, weight, points very satisfied .. opposed
    ("appearance", "appearance", "外观", 0.10, (10, 9, 6, 5, 1)),
    ("dimensions", "dimensions", "尺寸", 0.10, (10, 9, 6, 5, 1)),
    ("packaging", "packaging", "包装", 0.05, (5, 4, 3, 2, 1)),
    ("performance", "performance", "性能", 0.30, (30, 27, 18, 15, 5)),
    ("service_life", "service life", "使用寿命", 0.10, (10, 9, 6, 3, 1)),
    ("improvement", "improvement results", "改善结果", 0.10, (10, 9, 6, 3, 1)),
    ("delivery", "on-time delivery", "及时交付", 0.10, (10, 9, 6, 3, 1)),
    ("transport", "transport", "运输方式", 0.05, (5, 4, 3, 2, 1)),
    ("price", "price", "产品价格", 0.05, (5, 4, 3, 2, 1)),
    ("service", "daily service", "日常服务", 0.05, (5, 4, 3, 2, 1)),
)

STANDARD_QUESTIONNAIRE = Questionnaire(
    "Customer satisfaction survey (seed 004)",
    tuple(
        Item(key, en, zh, w, dict(zip((lv.key for lv in STANDARD_LEVELS), pts, strict=True)))
        for key, en, zh, w, pts in _TABLE
    ),
    STANDARD_LEVELS,
    STANDARD_BANDS,
    source=Source("seed 004 顾客满意度调查表", note="also seeds 001 (target 80) and 003"),
)
"""The ten-item table of BRIEF.md section 5."""
