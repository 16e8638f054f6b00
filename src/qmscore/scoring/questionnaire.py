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
from fractions import Fraction
from typing import Any

import attrs

from qmscore._checks import (
    as_bool,
    as_int,
    as_real,
    as_tuple,
    bool_validator,
    check_real,
    int_validator,
    non_empty_str,
    real_validator,
    type_error,
    value_error,
)
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Source
from qmscore.scoring._inputs import (
    exact,
    int_values,
    non_negative_int,
    optional_real,
    optional_str,
    str_key_mapping,
    tuple_of,
)

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


def _weight(inst: object, attribute: Any, value: Any) -> None:
    check_real("weight", value, minimum=0, maximum=1, min_exclusive=True)


@attrs.frozen
class Item:
    """A question with its weight and the points each answer level earns.

    Attributes:
        key: Stable identifier, e.g. ``"performance"``.
        en: English label.
        zh: Chinese label.
        weight: Share of the total, in (0, 1], e.g. 0.30 (any real number;
            NaN and infinities are refused).
        points: Answer level key -> points (integers >= 0); the best level
            earns the maximum.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    weight: float = attrs.field(converter=as_real, validator=_weight)
    points: Mapping[str, int] = attrs.field(
        converter=int_values, validator=str_key_mapping(non_negative_int)
    )

    @property
    def maximum(self) -> int:
        """The most points this item can earn."""
        return max(self.points.values(), default=0)


def _upper(inst: Any, attribute: Any, value: Any) -> None:
    optional_real()(inst, attribute, value)
    if value is not None and value <= inst.lower:
        raise value_error("upper", f"> lower ({inst.lower:g}) or None", value)


@attrs.frozen
class GradeBand:
    """A score band from ``lower`` to ``upper`` (``upper`` None: no top).

    Whether each edge belongs to the band is part of the rule: by default the
    band is half-open, ``lower <= score < upper`` (the seed's "90分及以上"
    includes 90; its overlapping "75-90" / "35 and below" are read so that each
    edge belongs to the band above it). Adjacent bands of a questionnaire must
    give every edge to exactly one of them.

    Attributes:
        grade: The grade letter.
        lower: Lowest score of the band (included unless ``lower_inclusive`` is False).
        upper: Top of the band (excluded unless ``upper_inclusive``), or None.
        en: English wording.
        zh: Chinese wording.
        lower_inclusive: Whether a score equal to ``lower`` is in the band.
        upper_inclusive: Whether a score equal to ``upper`` is in the band.
    """

    grade: str = attrs.field(validator=non_empty_str)
    lower: float = attrs.field(converter=as_real, validator=real_validator())
    upper: float | None = attrs.field(converter=as_real, validator=_upper)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    lower_inclusive: bool = attrs.field(
        default=True, kw_only=True, converter=as_bool, validator=bool_validator
    )
    upper_inclusive: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )

    def contains(self, score: float) -> bool:
        """Whether ``score`` falls in this band (edges as the band says)."""
        above = self.lower <= score if self.lower_inclusive else self.lower < score
        if self.upper is None:
            return above
        below = score <= self.upper if self.upper_inclusive else score < self.upper
        return above and below

    @property
    def rule(self) -> str:
        """The band as an inequality, e.g. ``"75 <= score < 90"`` (edges shown)."""
        low = f"{self.lower:g} {'<=' if self.lower_inclusive else '<'} score"
        if self.upper is None:
            return f"score {'>=' if self.lower_inclusive else '>'} {self.lower:g}"
        return f"{low} {'<=' if self.upper_inclusive else '<'} {self.upper:g}"


def _fail(message: str) -> RuleSetError:
    return RuleSetError(message)


def _min_answered(inst: object, attribute: Any, value: object) -> None:
    check_real("min_answered_weight", value, minimum=0, maximum=1, min_exclusive=True)


def _source(inst: object, attribute: Any, value: object) -> None:
    if value is not None and not isinstance(value, Source):
        raise type_error("source", "a Source or None", value)


@attrs.frozen
class Questionnaire:
    """A survey form: items, the answer scale, grade bands and thresholds.

    Each field is checked on its own (a wrong type raises
    :class:`~qmscore.errors.InvalidTypeError`, a bad value
    :class:`~qmscore.errors.InvalidInputError`, NaN and infinities included);
    a form whose parts do not fit together raises
    :class:`~qmscore.errors.RuleSetError` naming the item.

    Attributes:
        name: What form this is.
        items: The questions, in form order.
        levels: The answer scale, best first.
        bands: Grade bands covering [0, total], every edge in exactly one band.
        total: Points of a perfect response (item maxima add up to it).
        corrective_below: Scores below this need corrective/preventive action.
        target: The score the company aims for.
        min_answered_weight: Share of weight that must be answered for a score,
            in (0, 1].
        source: Where the form comes from.
        satisfied_level: The worst answer that is still not a complaint;
            items answered worse need corrective action (seed 004 5.4.6.1).
            None: the second level of the scale (``"satisfied"`` on the
            standard form).
    """

    name: str = attrs.field(validator=non_empty_str)
    items: tuple[Item, ...] = attrs.field(
        converter=as_tuple, validator=tuple_of(Item, "an Item", "Items")
    )
    levels: tuple[AnswerLevel, ...] = attrs.field(
        converter=as_tuple, validator=tuple_of(AnswerLevel, "an AnswerLevel", "AnswerLevels")
    )
    bands: tuple[GradeBand, ...] = attrs.field(
        converter=as_tuple, validator=tuple_of(GradeBand, "a GradeBand", "GradeBands")
    )
    total: int = attrs.field(default=100, converter=as_int, validator=int_validator(1))
    corrective_below: float = attrs.field(
        default=75.0, converter=as_real, validator=real_validator(0)
    )
    target: float = attrs.field(default=80.0, converter=as_real, validator=real_validator(0))
    min_answered_weight: float = attrs.field(
        default=0.70, converter=as_real, validator=_min_answered
    )
    source: Source | None = attrs.field(default=None, validator=_source)
    satisfied_level: str | None = attrs.field(
        default=None, kw_only=True, validator=optional_str("an answer level key")
    )
    # The scoring tables built from this (immutable) form on first use, so
    # scoring does not rebuild them per call: not part of the value (no eq,
    # repr, hash, init; not serialized).
    _compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

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
        if self.satisfied_level is not None and self.satisfied_level not in level_keys:
            raise _fail(
                f"satisfied_level must be one of the answer levels {level_keys} "
                f"(got {self.satisfied_level!r})"
            )
        for item in self.items:
            self._check_item(item, level_keys)
        # Weights are decimal shares written as floats: each is read as the
        # decimal it prints as and added exactly; a sum within 1e-9 of 1 is 1
        # (three weights of 1/3 as floats), anything else is shown in full.
        weight = sum((exact("weight", i.weight) for i in self.items), Fraction(0))
        if abs(weight - 1) > Fraction(1, 10**9):
            raise _fail(f"item weights must add up to 1 (they add up to {float(weight)!r})")
        maxima = sum(i.maximum for i in self.items)
        if maxima != self.total:
            raise _fail(f"item maxima add up to {maxima}, not the declared total {self.total}")
        self._check_bands()
        for name in ("corrective_below", "target"):
            if getattr(self, name) > self.total:
                raise _fail(
                    f"{name} must be at most the total {self.total} (got {getattr(self, name)})"
                )

    def _check_item(self, item: Item, level_keys: list[str]) -> None:
        if sorted(item.points) != sorted(level_keys):
            raise _fail(
                f"item {item.key!r}: points must be given for exactly the levels {level_keys} "
                f"(got {sorted(item.points)})"
            )
        values = [item.points[k] for k in level_keys]
        if round(item.weight * self.total) != item.maximum:
            raise _fail(
                f"item {item.key!r}: its maximum {item.maximum} points must match its weight "
                f"{item.weight!r} of {self.total}"
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
        if ordered[0].lower == 0 and not ordered[0].lower_inclusive:
            raise _fail(f"the lowest grade band ({ordered[0].grade}) must include 0")
        for low, high in itertools.pairwise(ordered):
            if low.upper != high.lower:
                raise _fail(
                    f"grade bands must meet without gap or overlap ({low.grade} ends at "
                    f"{low.upper}, {high.grade} starts at {high.lower})"
                )
            if low.upper_inclusive == high.lower_inclusive:
                owners = "both" if low.upper_inclusive else "neither"
                raise _fail(
                    f"the edge {high.lower:g} must belong to exactly one of {low.grade} and "
                    f"{high.grade} (it belongs to {owners})"
                )
        if ordered[-1].upper is not None:
            raise _fail("the top grade band must be open-ended (upper None)")

    @property
    def satisfied(self) -> str:
        """The worst answer level that is not a complaint (see ``satisfied_level``)."""
        return self.satisfied_level or self.levels[1].key

    def item(self, key: str) -> Item:
        """The item with this key."""
        for item in self.items:
            if item.key == key:
                return item
        raise InvalidInputError.constraint("item", f"one of {[i.key for i in self.items]}", key)

    def grade(self, score: float) -> GradeBand:
        """The band a score (0..total) falls in."""
        value = check_real("score", score)
        for band in self.bands:
            if band.contains(value):
                return band
        raise value_error("score", f"in a grade band (0..{self.total})", score)


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
    GradeBand("B", 75.0, 90.0, "75 to below 90", "75分（含）至90分（不含）"),
    GradeBand("C", 60.0, 75.0, "60 to below 75", "60分（含）至75分（不含）"),
    GradeBand("D", 35.0, 60.0, "35 to below 60", "35分（含）至60分（不含）"),
    GradeBand("E", 0.0, 35.0, "below 35", "低于35分"),
)
"""Half-open bands, each edge in the band above it. The seed's A "90分及以上"
includes 90 (以上 includes the number); its bands overlap as written ("75-90",
"35 and below" besides "35-60"), so 35, 60 and 75 go to the band above as 90
does. Another reading is one ``lower_inclusive=False, upper_inclusive=True``
pair per edge away (see :class:`GradeBand`)."""

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
