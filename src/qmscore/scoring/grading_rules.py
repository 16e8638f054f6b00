"""Customer grading rules as data: the profile, criteria, tiers and policies.

The seed's table (004, 002, 000) is :data:`DEFAULT_GRADING`; any company's
variant is another :class:`GradingRules`. Every field is checked through the
input layer: a wrong type raises :class:`~qmscore.errors.InvalidTypeError`, a
bad value :class:`~qmscore.errors.InvalidInputError` (NaN and infinities
included); rules that do not fit together raise
:class:`~qmscore.errors.RuleSetError`.

Example:
    >>> from qmscore.scoring import DEFAULT_GRADING
    >>> sales = DEFAULT_GRADING.tiers[1].criteria[0]
    >>> sales.threshold, sales.inclusive
    (300000.0, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_int,
    as_real,
    as_str_tuple,
    as_tuple,
    bool_validator,
    check_choice,
    check_instance,
    check_int,
    check_real,
    non_empty_str,
    one_of,
    str_tuple_validator,
    type_error,
)
from qmscore.errors import RuleSetError
from qmscore.explain import Source
from qmscore.scoring._inputs import (
    bool_values,
    boolean,
    missing_as_none,
    optional_bool,
    optional_real,
    optional_str,
    str_key_mapping,
    tuple_of,
)

__all__ = [
    "COOPERATION",
    "DEFAULT_GRADING",
    "PAYMENT",
    "POTENTIAL",
    "Criterion",
    "CustomerProfile",
    "GradingRules",
    "Tier",
]

COOPERATION: tuple[str, ...] = ("very_smooth", "fairly_smooth", "average", "poor")
"""合作情况, best first: 非常顺畅, 比较顺畅, 一般, 不顺畅."""
POTENTIAL: tuple[str, ...] = ("large", "fairly_large", "average", "none")
"""发展潜力, best first: 很大, 较大, 一般, 基本没有."""
PAYMENT: tuple[str, ...] = ("on_time", "needs_reminders", "poor", "very_poor")
"""付款情况, best first: 按时, 较及时但需提醒, 较差需多次催收, 很差."""

_SCALES = {"cooperation": COOPERATION, "potential": POTENTIAL, "payment": PAYMENT}
_NUMERIC = ("sales_6m", "partner_years")
_FLAGS = ("well_known_brand", "direct_oem", "small_erratic_orders")
_KINDS = ("min", "at_least", "at_most", "flag")
Outcome = Literal["met", "missed", "unknown"]


def _scale(inst: object, attribute: Any, value: object) -> None:
    if value is not None:
        scale = _SCALES[attribute.name]
        check_choice(attribute.name, value, (*scale, None))


_missing = missing_as_none()
_missing_real = missing_as_none(as_real)
_missing_bool = missing_as_none(as_bool)


def _none_if_missing(value: Any) -> Any:
    """Converter: ``None``, NaN and ``pd.NA`` become None (not known)."""
    return _missing(value)


def _real_or_none(value: Any) -> Any:
    """Converter: like :func:`_none_if_missing`, NumPy numbers made plain."""
    return _missing_real(value)


def _bool_or_none(value: Any) -> Any:
    """Converter: like :func:`_none_if_missing`, NumPy booleans made plain."""
    return _missing_bool(value)


def _optional_number(**kw: Any) -> Any:
    return attrs.field(
        default=None,
        kw_only=True,
        converter=_real_or_none,
        validator=optional_real(0, **kw),
    )


def _share() -> Any:
    return _optional_number(maximum=1, what="a share in [0, 1]")


def _flag() -> Any:
    return attrs.field(
        default=None, kw_only=True, converter=_bool_or_none, validator=optional_bool
    )


@attrs.frozen
class CustomerProfile:
    """What the review knows about a customer over the period (None: not known).

    ``None``, ``NaN`` and ``pd.NA`` all mean "not known", so a profile can be
    built from a DataFrame row (``CustomerProfile(**row)``). Numbers are any
    real numbers (NumPy included), finite and not negative; flags are
    ``bool`` only (``"no"`` is refused, never read as true).

    Attributes:
        customer_id: The customer's code.
        sales_6m: Sales over the review window (RMB).
        cooperation: One of :data:`COOPERATION`.
        potential: One of :data:`POTENTIAL`.
        partner_years: Years of partnership.
        payment: One of :data:`PAYMENT`.
        well_known_brand: A well-known brand.
        direct_oem: A direct car-audio OEM supplier.
        small_erratic_orders: Small and erratic orders.
        previous_grade: Last period's grade (for hysteresis); it must be on
            the rules' ladder when graded.
        raise_request: Reason of an application to raise the grade, if any.
        purchase_frequency: Orders per month this period.
        previous_purchase_frequency: Orders per month last period.
        repeat_rate: Share of repeat purchases (0-1).
        referral_rate: Share of new customers referred (0-1).
    """

    customer_id: str = attrs.field(validator=non_empty_str)
    sales_6m: float | None = _optional_number()
    cooperation: str | None = attrs.field(
        default=None, kw_only=True, converter=_none_if_missing, validator=_scale
    )
    potential: str | None = attrs.field(
        default=None, kw_only=True, converter=_none_if_missing, validator=_scale
    )
    partner_years: float | None = _optional_number()
    payment: str | None = attrs.field(
        default=None, kw_only=True, converter=_none_if_missing, validator=_scale
    )
    well_known_brand: bool | None = _flag()
    direct_oem: bool | None = _flag()
    small_erratic_orders: bool | None = _flag()
    previous_grade: str | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_none_if_missing,
        validator=optional_str("a grade"),
    )
    raise_request: str | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_none_if_missing,
        validator=optional_str("a reason"),
    )
    purchase_frequency: float | None = _optional_number()
    previous_purchase_frequency: float | None = _optional_number()
    repeat_rate: float | None = _share()
    referral_rate: float | None = _share()


def _threshold(inst: object, attribute: Any, value: object) -> None:
    if value is not None:
        check_real("threshold", value)


@attrs.frozen
class Criterion:
    """One condition on a profile field.

    Attributes:
        key: Stable identifier within its tier.
        en: English wording.
        zh: Chinese wording (the source's).
        field: The profile field it reads.
        kind: ``"min"`` (number at or above ``threshold``), ``"at_least"``
            (ordinal level or better), ``"at_most"`` (ordinal level or worse),
            ``"flag"`` (True).
        threshold: For ``"min"``: a finite number.
        level: For ``"at_least"`` / ``"at_most"``.
        inclusive: For ``"min"``: whether a value equal to the threshold meets
            it. True by default: the source's "30万以上" includes 300k (以上
            includes the number, Civil Code art. 1259). Grade reasons say
            which was applied.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    field: str = attrs.field(validator=non_empty_str)
    kind: Literal["min", "at_least", "at_most", "flag"] = attrs.field(validator=one_of(_KINDS))
    threshold: float | None = attrs.field(default=None, converter=as_real, validator=_threshold)
    level: str | None = attrs.field(default=None, validator=optional_str("a level"))
    inclusive: bool = attrs.field(
        default=True, kw_only=True, converter=as_bool, validator=bool_validator
    )

    def __attrs_post_init__(self) -> None:
        ok = (
            (self.kind == "min" and self.field in _NUMERIC and self.threshold is not None)
            or (self.kind in ("at_least", "at_most") and self.level in _SCALES.get(self.field, ()))
            or (self.kind == "flag" and self.field in _FLAGS)
        )
        if not ok:
            raise RuleSetError(
                f"criterion {self.key!r}: {self.kind!r} does not fit field {self.field!r} "
                f"(threshold {self.threshold!r}, level {self.level!r})"
            )

    def evaluate(self, profile: CustomerProfile, relax: float = 0.0) -> Outcome:
        """``met``, ``missed`` or ``unknown`` (the field is None).

        ``relax`` lowers a ``"min"`` threshold by that share (hysteresis).
        """
        check_instance("profile", profile, CustomerProfile, "a CustomerProfile")
        relax = check_real("relax", relax, minimum=0, maximum=1)
        value = getattr(profile, self.field)
        if value is None:
            return "unknown"
        if self.kind == "min":
            bound = self.threshold * (1.0 - relax)  # type: ignore[operator]
            return "met" if (value >= bound if self.inclusive else value > bound) else "missed"
        if self.kind == "flag":
            return "met" if value else "missed"
        scale = _SCALES[self.field]
        rank, bound = scale.index(value), scale.index(self.level)
        good = rank <= bound if self.kind == "at_least" else rank >= bound
        return "met" if good else "missed"

    @property
    def edge(self) -> tuple[str, str] | None:
        """For ``"min"``: how the threshold was applied, in English and Chinese."""
        if self.kind != "min":
            return None
        t = f"{self.threshold:g}"
        if self.inclusive:
            return f">= {t}, {t} included", f"≥ {t}，含 {t}"
        return f"> {t}, {t} excluded", f"> {t}，不含 {t}"


def _need(inst: object, attribute: Any, value: object) -> None:
    if value is not None:
        check_int("need", value)


@attrs.frozen
class Tier:
    """A grade and how it is reached: ``need`` of its criteria, or ``any`` one."""

    grade: str = attrs.field(validator=non_empty_str)
    criteria: tuple[Criterion, ...] = attrs.field(
        converter=as_tuple, validator=tuple_of(Criterion, "a Criterion", "Criteria")
    )
    need: int | None = attrs.field(default=None, converter=as_int, validator=_need)
    any_of: bool = attrs.field(default=False, converter=as_bool, validator=bool_validator)

    def __attrs_post_init__(self) -> None:
        keys = [c.key for c in self.criteria]
        if not keys or len(set(keys)) != len(keys):
            raise RuleSetError(f"tier {self.grade}: criteria must be non-empty with unique keys")
        if self.any_of == (self.need is not None):
            raise RuleSetError(f"tier {self.grade}: give either need=k or any_of=True")
        if self.need is not None and not 1 <= self.need <= len(keys):
            raise RuleSetError(
                f"tier {self.grade}: need must be in 1..{len(keys)} (the number of criteria), "
                f"got {self.need}"
            )


def _real(name: str) -> Any:
    def validate(inst: object, attribute: Any, value: object) -> None:
        check_real(name, value)

    return validate


def _source(inst: object, attribute: Any, value: object) -> None:
    if value is not None and not isinstance(value, Source):
        raise type_error("source", "a Source or None", value)


def _follow_up() -> dict[str, bool]:
    return {"A": True, "B": True, "C": False, "D": False}


@attrs.frozen
class GradingRules:
    """Tiers in precedence order, the fallback grade, and the policies.

    Attributes:
        tiers: Evaluated in order; the first reached decides (D's "any" tier
            first by default, so a D criterion wins).
        ladder: Grades best first (for raises and hysteresis).
        fallback: Grade when no tier is reached.
        hysteresis: A customer keeps last period's better grade while its
            numeric thresholds are met within this relative margin (0: off).
        follow_up: Grade -> proactive follow-up (A and B: yes).
        churn_drop: A purchase-frequency drop larger than this share warns of churn.
        source: Where the rules come from.
    """

    tiers: tuple[Tier, ...] = attrs.field(
        converter=as_tuple, validator=tuple_of(Tier, "a Tier", "Tiers")
    )
    ladder: tuple[str, ...] = attrs.field(
        default=("A", "B", "C", "D"), converter=as_str_tuple, validator=str_tuple_validator()
    )
    fallback: str = attrs.field(default="D", validator=non_empty_str)
    hysteresis: float = attrs.field(default=0.0, converter=as_real, validator=_real("hysteresis"))
    follow_up: Mapping[str, bool] = attrs.field(
        factory=_follow_up, converter=bool_values, validator=str_key_mapping(boolean)
    )
    churn_drop: float = attrs.field(default=0.3, converter=as_real, validator=_real("churn_drop"))
    source: Source | None = attrs.field(default=None, validator=_source)
    # The lookup tables grading builds from these (immutable) rules on first
    # use: not part of the value (no eq, repr, hash, init; not serialized).
    _compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        grades = [t.grade for t in self.tiers]
        if not grades or len(set(grades)) != len(grades):
            raise RuleSetError("tiers must be non-empty with unique grades")
        if not self.ladder or len(set(self.ladder)) != len(self.ladder):
            raise RuleSetError(
                f"the ladder must be non-empty with unique grades (got {self.ladder})"
            )
        unknown = sorted((set(grades) | {self.fallback}) - set(self.ladder))
        if unknown:
            raise RuleSetError(f"grades {unknown} are not on the ladder {self.ladder}")
        if not 0.0 <= self.hysteresis < 1.0:
            raise RuleSetError(f"hysteresis must be in [0, 1) (got {self.hysteresis})")
        if not 0.0 < self.churn_drop < 1.0:
            raise RuleSetError(f"churn_drop must be in (0, 1) (got {self.churn_drop})")


def _c(key: str, en: str, zh: str, field: str, kind: str, value: object) -> Criterion:
    if kind == "min":
        return Criterion(key, en, zh, field, kind, threshold=float(value))  # type: ignore[arg-type]
    if kind == "flag":
        return Criterion(key, en, zh, field, kind)  # type: ignore[arg-type]
    return Criterion(key, en, zh, field, kind, level=str(value))  # type: ignore[arg-type]


DEFAULT_GRADING = GradingRules(
    (
        Tier(
            "D",
            (
                _c(
                    "small_erratic",
                    "small and erratic orders",
                    "订单量小且不稳定",
                    "small_erratic_orders",
                    "flag",
                    True,
                ),
                _c(
                    "very_poor_payment",
                    "very poor payment",
                    "付款情况很差",
                    "payment",
                    "at_most",
                    "very_poor",
                ),
                _c(
                    "no_potential",
                    "basically no potential",
                    "基本没有发展潜力",
                    "potential",
                    "at_most",
                    "none",
                ),
            ),
            any_of=True,
        ),
        Tier(
            "A",
            (
                _c(
                    "sales",
                    "6-month sales >= 300k",
                    "近6个月销售额≥30万",
                    "sales_6m",
                    "min",
                    300_000,
                ),
                _c(
                    "cooperation",
                    "cooperation very smooth",
                    "合作非常顺畅",
                    "cooperation",
                    "at_least",
                    "very_smooth",
                ),
                _c(
                    "potential",
                    "large potential",
                    "发展潜力很大",
                    "potential",
                    "at_least",
                    "large",
                ),
                _c(
                    "partnership",
                    "partner for 2 years or more",
                    "合作≥2年",
                    "partner_years",
                    "min",
                    2,
                ),
                _c("payment", "pays on time", "按时付款", "payment", "at_least", "on_time"),
                _c("brand", "well-known brand", "知名品牌", "well_known_brand", "flag", True),
                _c(
                    "oem",
                    "direct car-audio OEM supplier",
                    "直接为汽车音响主机厂配套",
                    "direct_oem",
                    "flag",
                    True,
                ),
            ),
            need=3,
        ),
        Tier(
            "B",
            (
                _c(
                    "sales",
                    "6-month sales >= 150k",
                    "近6个月销售额≥15万",
                    "sales_6m",
                    "min",
                    150_000,
                ),
                _c(
                    "cooperation",
                    "cooperation fairly smooth",
                    "合作比较顺畅",
                    "cooperation",
                    "at_least",
                    "fairly_smooth",
                ),
                _c(
                    "potential",
                    "fairly large potential",
                    "发展潜力较大",
                    "potential",
                    "at_least",
                    "fairly_large",
                ),
                _c(
                    "partnership",
                    "partner for 1 year or more",
                    "合作≥1年",
                    "partner_years",
                    "min",
                    1,
                ),
                _c(
                    "payment",
                    "pays fairly on time, needs reminders",
                    "付款较及时但需提醒",
                    "payment",
                    "at_least",
                    "needs_reminders",
                ),
            ),
            need=3,
        ),
        Tier(
            "C",
            (
                _c(
                    "sales",
                    "6-month sales >= 100k",
                    "近6个月销售额≥10万",
                    "sales_6m",
                    "min",
                    100_000,
                ),
                _c(
                    "cooperation",
                    "cooperation fairly smooth",
                    "合作比较顺畅",
                    "cooperation",
                    "at_least",
                    "fairly_smooth",
                ),
                _c(
                    "potential",
                    "average potential",
                    "发展潜力一般",
                    "potential",
                    "at_least",
                    "average",
                ),
                _c(
                    "partnership",
                    "partner for half a year or more",
                    "合作≥半年",
                    "partner_years",
                    "min",
                    0.5,
                ),
                _c(
                    "payment",
                    "pays poorly, needs repeated collection",
                    "付款较差需多次催收",
                    "payment",
                    "at_least",
                    "poor",
                ),
            ),
            need=3,
        ),
    ),
    source=Source("seed 004 客户分级管理", note="also seeds 002 and 000"),
)
"""The seed's rules. Ordinal criteria read "at least this good", so a customer
better than a tier's wording still meets it (raising never lowers a grade)."""
