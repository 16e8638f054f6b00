"""Sampling plans: stages, what a plan counts, and what its lot does to it.

A :class:`SamplingPlan` is one or more stages, each with its own sample size
and cumulative acceptance (Ac) and rejection (Re) numbers. It knows what it
counts (nonconforming items, or nonconformities per 100 units) and, when
given, its lot: a sample that reaches the lot is 100% inspection, and stages
the lot cannot supply are named (:func:`lot_reasons`). The standard's tables
are read by :func:`qmscore.sampling.lookup.lookup_plan`.

Example:
    >>> from qmscore.sampling import SamplingPlan
    >>> plan = SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)], lot_size=8)
    >>> print(plan.reasons[-1].en)  # doctest: +ELLIPSIS
    Stages 1 to 2 need 10 items but the lot has 8: stage 2 draws only the 3 items left
"""

from __future__ import annotations

import decimal
import functools
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from qmscore._checks import (
    as_int,
    as_tuple,
    check_bool,
    check_choice,
    check_instance,
    check_int,
    check_real,
    check_sequence,
    type_error,
    value_error,
)
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError, OutOfTableError
from qmscore.explain import Reason
from qmscore.sampling._tables import AQL_LABELS
from qmscore.sampling._tables import code_letters as _table1

__all__ = [
    "AQL_VALUES",
    "COUNTS",
    "INSPECTIONS",
    "LEVELS",
    "MAX_LOT_SIZE",
    "MAX_SAMPLE_SIZE",
    "MAX_STAGES",
    "SCHEMES",
    "STANDARDS",
    "Counts",
    "Inspection",
    "SamplingPlan",
    "Scheme",
    "Stage",
    "exhausted_stage",
    "lot_reasons",
    "normalize_aql",
    "normalize_standard",
]

Scheme = Literal["single", "double", "multiple"]
Inspection = Literal["normal", "tightened", "reduced"]
Counts = Literal["items", "nonconformities"]
SCHEMES: tuple[str, ...] = ("single", "double", "multiple")
INSPECTIONS: tuple[str, ...] = ("normal", "tightened", "reduced")
COUNTS: tuple[str, ...] = ("items", "nonconformities")
"""What a plan counts: nonconforming ``"items"`` (a count is at most the sample)
or ``"nonconformities"`` (per 100 units; one item may carry several, so a
count may exceed the sample)."""
LEVELS: tuple[str, ...] = _table1.LEVELS
AQL_VALUES: tuple[float, ...] = tuple(float(a) for a in AQL_LABELS)
"""The 26 preferred AQLs, 0.010 to 1000."""
PER_100_UNITS_ABOVE = 10.0
"""AQLs above this are in nonconformities per 100 units only (ISO 2859-1 5.3):
a plan looked up for them counts nonconformities. The boundary is exclusive:
AQL 10 is still a percent nonconforming (items) by default."""

MAX_LOT_SIZE = 10**12
"""Largest lot size accepted anywhere in :mod:`qmscore.sampling` (a resource
bound: the models' float arithmetic counts items exactly far beyond it)."""
MAX_SAMPLE_SIZE = 10**7
"""Largest sample size, acceptance or rejection number of a stage (a resource
bound: OC computations walk sample counts; the standard's largest is 2000)."""
MAX_STAGES = 100
"""Most stages a plan may have (the standard's multiple plans have 7)."""

STANDARDS: dict[str, str] = {
    "z1.4": "z1.4",
    "ansi/asq z1.4": "z1.4",
    "mil-std-105e": "z1.4",
    "iso2859-1": "iso2859-1",
    "iso 2859-1": "iso2859-1",
    "gb2828.1": "iso2859-1",
    "gb/t 2828.1": "iso2859-1",
    "gb/t2828.1": "iso2859-1",
}
"""Accepted spellings of the two editions, mapped to their canonical name."""

_STANDARD_NAMES = {"z1.4": "MIL-STD-105E / ANSI/ASQ Z1.4", "iso2859-1": "ISO 2859-1:1999"}
_AQL_INDEX = {v: i for i, v in enumerate(AQL_VALUES)}
_LOT_MINIMA = tuple(row[0] for row in _table1.ROWS)
_CODE_ROWS = tuple(tuple(row[1].split()) for row in _table1.ROWS)
_LEVEL_INDEX = {level: i for i, level in enumerate(LEVELS)}


def _size_validator(inst: object, attribute: Any, value: Any) -> None:
    check_int(attribute.name, value, minimum=1, maximum=MAX_SAMPLE_SIZE)


@display
@attrs.frozen(cache_hash=True)
class Stage:
    """One stage of a plan.

    Attributes:
        sample_size: Items drawn at this stage (not cumulative).
        accept: Cumulative acceptance number; ``None`` where the table has
            ``#`` (acceptance not permitted at this stage).
        reject: Cumulative rejection number.
    """

    sample_size: int = attrs.field(converter=as_int, validator=_size_validator)
    accept: int | None = attrs.field(converter=as_int)
    reject: int = attrs.field(converter=as_int, validator=_size_validator)

    @accept.validator
    def _check_accept(self, attribute: object, value: object) -> None:
        if value is not None:
            check_int("accept", value, minimum=0, maximum=MAX_SAMPLE_SIZE - 1)

    def __attrs_post_init__(self) -> None:
        if self.accept is not None and self.reject <= self.accept:
            raise InvalidInputError.constraint("reject", f"> accept ({self.accept})", self.reject)


def _check_stages(inst: SamplingPlan, attribute: object, stages: tuple[Stage, ...]) -> None:
    if not isinstance(stages, tuple):
        raise type_error("stages", "a non-empty list of Stage", stages)
    if not stages:
        raise value_error("stages", "a non-empty list of Stage", stages)
    if len(stages) > MAX_STAGES:
        raise value_error("stages", f"at most {MAX_STAGES} stages", f"{len(stages)} stages")
    try:
        _check_stage_sequence(stages)  # memoised: a table plan is checked once
    except TypeError:  # unhashable items: not Stages, and the check says so
        _check_stage_sequence.__wrapped__(stages)


@functools.lru_cache(maxsize=4096)
def _check_stage_sequence(stages: tuple[Stage, ...]) -> None:
    last_ac, last_re = -1, 0
    for k, stage in enumerate(stages, 1):
        if not isinstance(stage, Stage):
            raise type_error(f"stages[{k - 1}]", "a Stage", stage)
        if stage.accept is not None:
            if stage.accept < last_ac:
                raise InvalidInputError.constraint(
                    f"stages[{k - 1}].accept", f">= the previous stage's ({last_ac})", stage.accept
                )
            last_ac = stage.accept
        if stage.reject < last_re:
            raise InvalidInputError.constraint(
                f"stages[{k - 1}].reject", f">= the previous stage's ({last_re})", stage.reject
            )
        last_re = stage.reject
    if stages[-1].accept is None:
        raise InvalidInputError.constraint(
            f"stages[{len(stages) - 1}].accept", "a number at the last stage (not #)", None
        )


_CODE_LETTERS = tuple("ABCDEFGHJKLMNPQRS")  # Table I's A to R, and S of tightened plans


_CODE_SET = frozenset(_CODE_LETTERS)


def _optional_code(inst: object, attribute: Any, value: object) -> None:
    if value is not None and not (type(value) is str and value in _CODE_SET):
        _choice(attribute.name, value, _CODE_LETTERS)


def _optional_choice(choices: tuple[str, ...]) -> Any:
    def validate(inst: object, attribute: Any, value: object) -> None:
        if value is not None and not (type(value) is str and value in choices):
            if not isinstance(value, str):
                raise type_error(attribute.name, f"one of {choices} or None", value)
            check_choice(attribute.name, value, choices)

    return validate


def _as_standard(value: Any) -> Any:
    # Any accepted spelling of an edition is stored as its canonical name.
    if value is None or (type(value) is str and value in ("z1.4", "iso2859-1")):
        return value
    if isinstance(value, str):
        return STANDARDS.get(value.strip().lower(), value)
    return value


def _as_aql(value: Any) -> Any:
    # NumPy floats and integers, and decimal text ("100"), are stored as a plain
    # float (so the AQL-above-10 rule sees a number); junk passes to the validator.
    if type(value) is float or isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    if not isinstance(value, (numbers.Real, decimal.Decimal)):
        return value
    try:
        return float(value)
    except (OverflowError, ValueError):  # pragma: no cover - exotic reals
        return value


def _check_aql(inst: object, attribute: Any, value: object) -> None:
    if value is not None and not (type(value) is float and value in _AQL_INDEX):
        normalize_aql(value)  # type: ignore[arg-type]


def _check_lot_size(inst: object, attribute: Any, value: object) -> None:
    if value is not None and not (type(value) is int and 1 <= value <= MAX_LOT_SIZE):
        check_int("lot_size", value, minimum=1, maximum=MAX_LOT_SIZE)


def _first_size(stages: object) -> int | None:
    if isinstance(stages, tuple) and stages and isinstance(stages[0], Stage):
        return stages[0].sample_size
    return None


def _default_inspect_all(plan: SamplingPlan) -> bool:
    first = _first_size(plan.stages)
    lot = plan.lot_size
    return isinstance(lot, int) and first is not None and first >= lot


def _default_counts(plan: SamplingPlan) -> str:
    aql = plan.aql
    per_100 = isinstance(aql, (int, float)) and aql > PER_100_UNITS_ABOVE
    return "nonconformities" if per_100 else "items"


def _check_reasons(inst: object, attribute: Any, value: object) -> None:
    if type(value) is tuple and all(type(r) is Reason for r in value):
        return  # the common case, checked cheaply
    check_sequence(
        "reasons", value, lambda f, r: check_instance(f, r, Reason, "a Reason"), max_items=1000
    )


@display(rows="stages")
@attrs.frozen(
    slots=False
)  # a dict class: lookup_plan fills a new plan from a template in one update
class SamplingPlan(Tabular):
    """An attributes sampling plan with the reasons it was chosen.

    Build one with :func:`lookup_plan` (from the standard's tables) or
    :meth:`from_stages` (any plan). Ac/Re are cumulative over stages; sample
    sizes are per stage.

    Attributes:
        stages: The stages, first to last (at most :data:`MAX_STAGES`).
        code_letter: The code letter whose plan is used (after arrows), if any.
        initial_code_letter: The code letter Table I gave, before arrows.
        aql: The AQL the plan was looked up for (one of :data:`AQL_VALUES`).
        inspection: ``"normal"``, ``"tightened"`` or ``"reduced"``, if known.
        standard: ``"z1.4"`` or ``"iso2859-1"`` for table plans.
        level: The inspection level used for the code letter.
        lot_size: The lot size the plan was looked up for.
        inspect_all: True when the first sample is at least the lot: inspect
            every item (100% inspection). Derived from ``lot_size``; a value
            that contradicts it is refused.
        counts: ``"items"`` (nonconforming items: a stage's count is at most
            its sample) or ``"nonconformities"`` (per 100 units: a count may
            exceed the sample). By default ``"nonconformities"`` exactly when
            the AQL is above 10; a plan for an AQL above 10 cannot count items.
        reasons: Why this plan.
    """

    stages: tuple[Stage, ...] = attrs.field(converter=as_tuple, validator=_check_stages)
    code_letter: str | None = attrs.field(default=None, kw_only=True, validator=_optional_code)
    initial_code_letter: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_code
    )
    aql: float | None = attrs.field(
        default=None, kw_only=True, converter=_as_aql, validator=_check_aql
    )
    inspection: Inspection | None = attrs.field(
        default=None, kw_only=True, validator=_optional_choice(INSPECTIONS)
    )
    standard: str | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_as_standard,
        validator=_optional_choice(("z1.4", "iso2859-1")),
    )
    level: str | None = attrs.field(default=None, kw_only=True, validator=_optional_choice(LEVELS))
    lot_size: int | None = attrs.field(
        default=None, kw_only=True, converter=as_int, validator=_check_lot_size
    )
    inspect_all: bool = attrs.field(
        default=attrs.Factory(_default_inspect_all, takes_self=True), kw_only=True
    )
    counts: Counts = attrs.field(
        default=attrs.Factory(_default_counts, takes_self=True), kw_only=True
    )
    reasons: tuple[Reason, ...] = attrs.field(
        default=(), kw_only=True, converter=as_tuple, validator=_check_reasons
    )

    @inspect_all.validator
    def _check_inspect_all(self, attribute: object, value: object) -> None:
        check_bool("inspect_all", value)
        expected = _default_inspect_all(self)
        if value != expected:
            first = self.stages[0].sample_size
            raise InvalidInputError(
                f"'inspect_all' must be {expected}: the first sample is {first} and the lot "
                f"size is {self.lot_size} (got {value!r})",
                field="inspect_all",
                value=value,
            )

    @counts.validator
    def _check_counts(self, attribute: object, value: object) -> None:
        _choice("counts", value, COUNTS)
        if value == "items" and _default_counts(self) == "nonconformities":
            raise InvalidInputError(
                f"'counts' must be 'nonconformities' for AQL {self.aql:g}: AQLs above "
                f"{PER_100_UNITS_ABOVE:g} are nonconformities per 100 units (got 'items')",
                field="counts",
                value=value,
            )

    @functools.cached_property
    def _judgements(self) -> dict[int, Any]:
        # judge()'s answers for one count on the first stage, filled as they
        # are asked for: they depend on the plan and the count only, and the
        # plan never changes. Not a field: not compared, hashed or pickled.
        return {}

    def __getstate__(self) -> dict[str, Any]:
        # The fields only (a cache is rebuilt on use).
        return {a.name: self.__dict__[a.name] for a in _PLAN_FIELDS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @classmethod
    def from_stages(
        cls,
        stages: Iterable[Sequence[int | None]],
        *,
        lot_size: int | None = None,
        inspection: Inspection | None = None,
        counts: Counts = "items",
    ) -> SamplingPlan:
        """Build any plan from ``(n, Ac, Re)`` per stage (n per stage, Ac/Re cumulative).

        ``Ac`` may be None where acceptance is not allowed at a stage (``#``).

        Args:
            stages: One ``(n, Ac, Re)`` triple per stage (any integers, NumPy
                included), at most :data:`MAX_STAGES`.
            lot_size: The lot, if known: a first sample at least as large is
                100% inspection, and stages the lot cannot supply are noted.
            inspection: ``"normal"``, ``"tightened"`` or ``"reduced"``, if known.
            counts: ``"items"`` (default: nonconforming items, a count is at
                most the sample) or ``"nonconformities"`` (per 100 units).

        Example:
            >>> from qmscore.sampling import SamplingPlan
            >>> plan = SamplingPlan.from_stages([(50, 1, 4), (100, 3, 4)])
            >>> plan.scheme, plan.total_sample_size
            ('double', 150)
        """
        rows = check_sequence("stages", stages, _triple, max_items=MAX_STAGES, min_items=1)
        built: list[Stage] = []
        for k, (n, ac, re) in enumerate(rows):
            n = check_int(f"stages[{k}].sample_size", n, minimum=1, maximum=MAX_SAMPLE_SIZE)
            if ac is not None:
                ac = check_int(f"stages[{k}].accept", ac, minimum=0, maximum=MAX_SAMPLE_SIZE - 1)
            re = check_int(f"stages[{k}].reject", re, minimum=1, maximum=MAX_SAMPLE_SIZE)
            if ac is not None and re <= ac:
                raise InvalidInputError.constraint(f"stages[{k}].reject", f"> accept ({ac})", re)
            built.append(Stage(n, ac, re))
        lot = (
            None
            if lot_size is None
            else check_int("lot_size", lot_size, minimum=1, maximum=MAX_LOT_SIZE)
        )
        if inspection is not None:
            _choice("inspection", inspection, INSPECTIONS)
        _choice("counts", counts, COUNTS)
        plan_stages = tuple(built)
        reasons = [
            Reason(
                "sampling.custom_plan",
                f"Plan given by its stages: {_describe_stages(plan_stages)}",
                f"按给定的抽样阶段构成方案：{_describe_stages(plan_stages)}",
            ),
            *lot_reasons(plan_stages, lot),
        ]
        if counts == "nonconformities":
            reasons.append(_counts_reason(None))
        return cls(
            plan_stages,
            lot_size=lot,
            inspection=inspection,
            counts=counts,
            reasons=tuple(reasons),
        )

    @property
    def scheme(self) -> Scheme:
        """``"single"``, ``"double"`` or ``"multiple"``, from the number of stages."""
        return (
            "single"
            if len(self.stages) == 1
            else "double"
            if len(self.stages) == 2
            else "multiple"
        )

    @property
    def sample_size(self) -> int:
        """The first stage's sample size (the whole sample of a single plan)."""
        return self.stages[0].sample_size

    @property
    def total_sample_size(self) -> int:
        """The sample size if every stage is drawn."""
        return sum(s.sample_size for s in self.stages)

    @property
    def cumulative_sizes(self) -> tuple[int, ...]:
        """Cumulative sample size after each stage."""
        total, out = 0, []
        for s in self.stages:
            total += s.sample_size
            out.append(total)
        return tuple(out)

    @property
    def accept(self) -> int:
        """Ac of a single plan (the last stage's Ac for a multi-stage plan)."""
        return self.stages[-1].accept  # type: ignore[return-value]  # validated non-None

    @property
    def reject(self) -> int:
        """Re of a single plan (the last stage's Re for a multi-stage plan)."""
        return self.stages[-1].reject

    @property
    def has_gap(self) -> bool:
        """True when some stage has Re > Ac + 1 at its end (e.g. reduced 0/2)."""
        last = self.stages[-1]
        return last.reject > last.accept + 1  # type: ignore[operator]

    def __str__(self) -> str:
        head = f"code {self.code_letter}: " if self.code_letter else ""
        return head + _describe_stages(self.stages)


_PLAN_FIELDS = attrs.fields(SamplingPlan)


def _describe_stages(stages: tuple[Stage, ...]) -> str:
    def one(s: Stage) -> str:
        ac = "#" if s.accept is None else str(s.accept)
        return f"n={s.sample_size} Ac={ac} Re={s.reject}"

    return "; ".join(one(s) for s in stages)


def _inspect_all_reason(n: int, lot_size: int) -> Reason:
    return Reason(
        "sampling.inspect_all",
        f"Sample size {n} is at least the lot size {lot_size}: inspect every item (100%)",
        f"样本量 {n} 不小于批量 {lot_size}：进行 100% 全数检验",
    )


def _triple(field: str, row: object) -> tuple[Any, ...]:
    if isinstance(row, (str, bytes, bytearray, Mapping)) or not isinstance(row, Iterable):
        raise type_error(field, "a (n, Ac, Re) triple", row)
    items: tuple[Any, ...] = check_sequence(field, row, max_items=4)
    if len(items) != 3:
        raise value_error(field, "a (n, Ac, Re) triple", row)
    return items


def exhausted_stage(stages: Sequence[Stage], lot_size: int | None) -> int | None:
    """Index (0-based) of the stage whose cumulative sample reaches the lot, or None.

    Example:
        >>> from qmscore.sampling import SamplingPlan
        >>> plan = SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)])
        >>> [exhausted_stage(plan.stages, lot) for lot in (5, 9, 10, 11)]
        [0, 1, 1, None]
    """
    if lot_size is None:
        return None
    total = 0
    for k, stage in enumerate(stages):
        total += stage.sample_size
        if total >= lot_size:
            return k
    return None


def lot_reasons(stages: Sequence[Stage], lot_size: int | None) -> tuple[Reason, ...]:
    """Reasons for a plan's sample reaching the lot: 100% inspection, stages not drawable.

    A stage draws what is left of the lot. Once every item has been inspected
    no later sample can find anything more, so a lot still undecided is judged
    on its whole count by the later stages' numbers: since Re never falls from
    stage to stage, such a lot is accepted (at the last stage of a gap plan,
    with normal inspection reinstated).
    """
    k = exhausted_stage(stages, lot_size)
    if k is None:
        return ()
    assert lot_size is not None
    out: list[Reason] = []
    if k == 0:
        out.append(_inspect_all_reason(stages[0].sample_size, lot_size))
    last = len(stages) - 1
    cum = sum(s.sample_size for s in stages[: k + 1])
    if (cum == lot_size or k == 0) and k == last:
        # Every stage can be drawn in full, or a single sample is the whole lot.
        return tuple(out)
    left = lot_size - (cum - stages[k].sample_size)
    span, zh_span = (
        ("stage 1", "第 1 阶段") if k == 0 else (f"stages 1 to {k + 1}", f"第 1 至 {k + 1} 阶段")
    )
    head = span[0].upper() + span[1:]
    if cum == lot_size:
        en = f"{head} take{'s' if k == 0 else ''} all {lot_size} items of the lot"
        zh = f"{zh_span}已抽取全部 {lot_size} 件"
    else:
        en = (
            f"{head} need{'s' if k == 0 else ''} {cum} items but the lot has {lot_size}: "
            f"stage {k + 1} draws only the {left} items left"
        )
        zh = (
            f"{zh_span}共需 {cum} 件，但批量只有 {lot_size} 件："
            f"第 {k + 1} 阶段只能抽取剩余的 {left} 件"
        )
    if k < last:
        later = f"stage {k + 2}" if k + 1 == last else f"stages {k + 2} to {last + 1}"
        zh_later = f"第 {k + 2} 阶段" if k + 1 == last else f"第 {k + 2} 至 {last + 1} 阶段"
        en += (
            f", and {later} cannot be drawn (nothing is left). A lot still undecided when every "
            "item has been inspected is judged on its whole count by the later stages' numbers; "
            "nothing more can be found, so it is accepted (a count in a gap also reinstates "
            "normal inspection)"
        )
        zh += (
            f"，{zh_later}已无可抽。全部单位检验完毕仍未判定的批，按整批的计数用后续阶段的判定数"
            "判定；不可能再发现更多，故予以接收（计数落在间隙内时同时恢复正常检验）"
        )
    out.append(Reason("sampling.stages_exceed_lot", en, zh))
    return tuple(out)


def _counts_reason(aql: float | None) -> Reason:
    if aql is not None:
        return Reason(
            "sampling.nonconformities",
            f"AQL {aql:g} is above {PER_100_UNITS_ABOVE:g}: the plan counts nonconformities "
            "per 100 units, so a sample's count may exceed its size",
            f"AQL {aql:g} 大于 {PER_100_UNITS_ABOVE:g}：方案按每百单位不合格数计数，"
            "样本中的不合格数可以超过样本量",
        )
    return Reason(
        "sampling.nonconformities",
        "The plan counts nonconformities (per 100 units), so a sample's count may exceed its size",
        "方案按不合格数（每百单位不合格数）计数，样本中的不合格数可以超过样本量",
    )


def normalize_standard(standard: str) -> str:
    """Canonical edition name (``"z1.4"`` or ``"iso2859-1"``) for any accepted spelling."""
    expected = "one of 'z1.4', 'iso2859-1' (alias 'gb2828.1')"
    if not isinstance(standard, str):
        raise type_error("standard", expected, standard)
    canonical = STANDARDS.get(standard) or STANDARDS.get(standard.strip().lower())
    if canonical is None:
        raise value_error("standard", expected, standard)
    return canonical


def normalize_aql(aql: float | str) -> int:
    """Column index of ``aql`` in the preferred series; suggests the nearest on error.

    ``aql`` is any real number (NumPy included) or its decimal text (``"1.0"``);
    NaN and infinities are refused.
    """
    if type(aql) is float or type(aql) is int:
        fast = _AQL_INDEX.get(aql)
        if fast is not None:
            return fast
    expected = "a number from the AQL series"
    if isinstance(aql, str):
        try:
            number: object = float(aql.strip())
        except ValueError:
            raise value_error("aql", expected, aql) from None
    elif isinstance(aql, bool) or not isinstance(aql, (numbers.Real, decimal.Decimal)):
        raise type_error("aql", expected, aql)
    else:
        number = aql
    value = check_real("aql", number, minimum=0.0, min_exclusive=True)
    index = _AQL_INDEX.get(value)
    if index is None:
        nearest = min(AQL_VALUES, key=lambda a: abs(a - value))
        raise OutOfTableError(
            f"'aql' must be one of the preferred AQLs 0.010 ... 1000 (got {aql!r}); "
            f"nearest: {AQL_LABELS[AQL_VALUES.index(nearest)]}",
            field="aql",
            value=aql,
        )
    return index


def _choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if type(value) is str and value in choices:
        return value
    if not isinstance(value, str):
        raise type_error(field, f"one of {choices}", value)
    return check_choice(field, value, choices)  # type: ignore[no-any-return]


if TYPE_CHECKING:
    # Re-exported for type checkers (``X as X``); loaded on first use below.
    from qmscore.sampling.lookup import _resolve as _resolve
    from qmscore.sampling.lookup import code_letter as code_letter
    from qmscore.sampling.lookup import lookup_plan as lookup_plan


def __getattr__(name: str) -> Any:
    # The table lookup lives in qmscore.sampling.lookup; these names stay
    # importable from here.
    if name in ("code_letter", "lookup_plan", "_resolve"):
        from qmscore.sampling import lookup

        return getattr(lookup, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
