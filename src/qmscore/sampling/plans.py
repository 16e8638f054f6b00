"""Sampling plans and their lookup in ISO 2859-1 / ANSI/ASQ Z1.4 master tables.

A :class:`SamplingPlan` is one or more stages, each with its own sample size
and cumulative acceptance (Ac) and rejection (Re) numbers. :func:`lookup_plan`
finds the plan for a lot the way an inspector reads the standard: lot size and
level give a code letter (Table I), the code letter and AQL give a cell, arrows
lead to another code letter's plan, ``*`` / ``++`` send a double / multiple
lookup to the single / double table, and a sample as large as the lot means
100% inspection. Every step is a :class:`~qmscore.explain.Reason`.

Example:
    >>> from qmscore.sampling import lookup_plan
    >>> plan = lookup_plan(500, 1.0)
    >>> (plan.code_letter, plan.sample_size, plan.accept, plan.reject)
    ('H', 50, 1, 2)
    >>> print(plan.reasons[0].en)
    Lot size 281 to 500 at inspection level II: code letter H
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from qmscore._checks import check_int, int_validator
from qmscore.errors import InvalidInputError, OutOfTableError
from qmscore.explain import Reason, Source
from qmscore.sampling._tables import AQL_LABELS, master
from qmscore.sampling._tables import code_letters as _table1
from qmscore.sampling._tables._model import DOWN, UP, USE_DOUBLE, USE_SINGLE

__all__ = [
    "AQL_VALUES",
    "INSPECTIONS",
    "LEVELS",
    "SCHEMES",
    "STANDARDS",
    "Inspection",
    "SamplingPlan",
    "Scheme",
    "Stage",
    "code_letter",
    "lookup_plan",
    "normalize_aql",
    "normalize_standard",
]

Scheme = Literal["single", "double", "multiple"]
Inspection = Literal["normal", "tightened", "reduced"]
SCHEMES: tuple[str, ...] = ("single", "double", "multiple")
INSPECTIONS: tuple[str, ...] = ("normal", "tightened", "reduced")
LEVELS: tuple[str, ...] = _table1.LEVELS
AQL_VALUES: tuple[float, ...] = tuple(float(a) for a in AQL_LABELS)
"""The 26 preferred AQLs, 0.010 to 1000."""

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


@attrs.frozen(cache_hash=True)
class Stage:
    """One stage of a plan.

    Attributes:
        sample_size: Items drawn at this stage (not cumulative).
        accept: Cumulative acceptance number; ``None`` where the table has
            ``#`` (acceptance not permitted at this stage).
        reject: Cumulative rejection number.
    """

    sample_size: int = attrs.field(validator=int_validator(1))
    accept: int | None = attrs.field()
    reject: int = attrs.field(validator=int_validator(1))

    def __attrs_post_init__(self) -> None:
        if self.accept is not None:
            check_int("accept", self.accept, minimum=0)
            if self.reject <= self.accept:
                raise InvalidInputError.constraint(
                    "reject", f"> accept ({self.accept})", self.reject
                )


def _check_stages(inst: SamplingPlan, attribute: object, stages: tuple[Stage, ...]) -> None:
    if not isinstance(stages, tuple) or not stages:
        raise InvalidInputError.constraint("stages", "a non-empty tuple of Stage", stages)
    try:
        _check_stage_sequence(stages)  # memoised: a table plan is checked once
    except TypeError:  # unhashable items: not Stages, and the check says so
        _check_stage_sequence.__wrapped__(stages)


@functools.lru_cache(maxsize=4096)
def _check_stage_sequence(stages: tuple[Stage, ...]) -> None:
    last_ac, last_re = -1, 0
    for k, stage in enumerate(stages, 1):
        if not isinstance(stage, Stage):
            raise InvalidInputError.constraint(f"stages[{k - 1}]", "a Stage", stage)
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


@attrs.frozen
class SamplingPlan:
    """An attributes sampling plan with the reasons it was chosen.

    Build one with :func:`lookup_plan` (from the standard's tables) or
    :meth:`from_stages` (any plan). Ac/Re are cumulative over stages; sample
    sizes are per stage.

    Attributes:
        stages: The stages, first to last.
        code_letter: The code letter whose plan is used (after arrows), if any.
        initial_code_letter: The code letter Table I gave, before arrows.
        aql: The AQL the plan was looked up for.
        inspection: ``"normal"``, ``"tightened"`` or ``"reduced"``, if known.
        standard: ``"z1.4"`` or ``"iso2859-1"`` for table plans.
        level: The inspection level used for the code letter.
        lot_size: The lot size the plan was looked up for.
        inspect_all: True when the first sample is at least the lot: inspect
            every item (100% inspection).
        reasons: Why this plan.
    """

    stages: tuple[Stage, ...] = attrs.field(validator=_check_stages)
    code_letter: str | None = attrs.field(default=None, kw_only=True)
    initial_code_letter: str | None = attrs.field(default=None, kw_only=True)
    aql: float | None = attrs.field(default=None, kw_only=True)
    inspection: Inspection | None = attrs.field(default=None, kw_only=True)
    standard: str | None = attrs.field(default=None, kw_only=True)
    level: str | None = attrs.field(default=None, kw_only=True)
    lot_size: int | None = attrs.field(default=None, kw_only=True)
    inspect_all: bool = attrs.field(default=False, kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(default=(), kw_only=True)

    @classmethod
    def from_stages(
        cls,
        stages: Iterable[Sequence[int | None]],
        *,
        lot_size: int | None = None,
        inspection: Inspection | None = None,
    ) -> SamplingPlan:
        """Build any plan from ``(n, Ac, Re)`` per stage (n per stage, Ac/Re cumulative).

        ``Ac`` may be None where acceptance is not allowed at a stage (``#``).

        Example:
            >>> from qmscore.sampling import SamplingPlan
            >>> plan = SamplingPlan.from_stages([(50, 1, 4), (100, 3, 4)])
            >>> plan.scheme, plan.total_sample_size
            ('double', 150)
        """
        built: list[Stage] = []
        for k, row in enumerate(stages):
            if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or len(row) != 3:
                raise InvalidInputError.constraint(f"stages[{k}]", "a (n, Ac, Re) triple", row)
            n, ac, re = row
            if ac is not None and re is not None and not isinstance(ac, bool):
                check_int(f"stages[{k}].accept", ac, minimum=0)
            built.append(Stage(n, ac, re))  # type: ignore[arg-type]
        if lot_size is not None:
            check_int("lot_size", lot_size, minimum=1)
        plan_stages = tuple(built)
        first = plan_stages[0].sample_size if plan_stages else 0
        all_ = lot_size is not None and first >= lot_size
        reasons = [
            Reason(
                "sampling.custom_plan",
                f"Plan given by its stages: {_describe_stages(plan_stages)}",
                f"按给定的抽样阶段构成方案：{_describe_stages(plan_stages)}",
            )
        ]
        if all_:
            reasons.append(_inspect_all_reason(first, lot_size))  # type: ignore[arg-type]
        return cls(
            plan_stages,
            lot_size=lot_size,
            inspection=inspection,
            inspect_all=all_,
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


def normalize_standard(standard: str) -> str:
    """Canonical edition name (``"z1.4"`` or ``"iso2859-1"``) for any accepted spelling."""
    canonical = STANDARDS.get(standard) if isinstance(standard, str) else None
    if canonical is not None:
        return canonical
    try:
        return STANDARDS[standard.strip().lower()]
    except (KeyError, AttributeError):
        raise InvalidInputError.constraint(
            "standard", "one of 'z1.4', 'iso2859-1' (alias 'gb2828.1')", standard
        ) from None


def normalize_aql(aql: float | str) -> int:
    """Column index of ``aql`` in the preferred series; suggests the nearest on error."""
    try:
        value = float(aql) if not isinstance(aql, bool) else None
    except (TypeError, ValueError):
        value = None
    if value is None:
        raise InvalidInputError.constraint("aql", "a number from the AQL series", aql)
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


def _check_choice(field: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidInputError.constraint(field, f"one of {choices}", value)


def _level(level: str) -> int:
    index = _LEVEL_INDEX.get(level) if isinstance(level, str) else None
    if index is None:
        index = _LEVEL_INDEX.get(level.upper()) if isinstance(level, str) else None
        if index is None:
            raise InvalidInputError.constraint("level", f"one of {LEVELS}", level)
    return index


def _code_row(lot_size: int) -> int:
    check_int("lot_size", lot_size, minimum=2)
    return bisect.bisect_right(_LOT_MINIMA, lot_size) - 1


def code_letter(lot_size: int, level: str = "II") -> str:
    """The sample size code letter for a lot (Table I).

    Args:
        lot_size: Number of items in the lot, at least 2.
        level: ``"S-1"`` .. ``"S-4"``, ``"I"``, ``"II"`` (default) or ``"III"``.

    Example:
        >>> from qmscore.sampling import code_letter
        >>> code_letter(1000), code_letter(20, "I")
        ('J', 'B')
    """
    return _CODE_ROWS[_code_row(lot_size)][_level(level)]


def _lot_range(row: int, *, zh: bool = False) -> str:
    low = _LOT_MINIMA[row]
    if row + 1 < len(_LOT_MINIMA):
        high = _LOT_MINIMA[row + 1] - 1
        return f"{low}～{high}" if zh else f"{low} to {high}"
    return f"{low} 及以上" if zh else f"{low} and over"


@attrs.frozen
class _Resolved:
    code: str
    stages: tuple[Stage, ...]
    reasons: tuple[Reason, ...]


@functools.lru_cache(maxsize=4096)
def _resolve(standard: str, scheme: str, inspection: str, code: str, aql: int) -> _Resolved:
    table = master(standard, scheme, inspection)
    source = table.raw.source
    label = AQL_LABELS[aql]
    where = f"{source.table}, AQL {label}"
    codes = table.codes
    i = codes.index(code)
    reasons: list[Reason] = []
    cell = table.cells[code][aql]
    if cell in (DOWN, UP):
        step = 1 if cell == DOWN else -1
        while cell in (DOWN, UP):
            i += step
            cell = table.cells[codes[i]][aql]
        en_dir, zh_dir = ("below", "下方") if step == 1 else ("above", "上方")
        reasons.append(
            Reason(
                "sampling.arrow",
                f"{where}: arrow {'↓' if step == 1 else '↑'} at code {code}: use the first plan "
                f"{en_dir} it, code {codes[i]} (sample size changes with it)",
                f"{where}：字码 {code} 处为箭头，改用箭头{zh_dir}第一个方案，字码 {codes[i]}"
                "（样本量随之改变）",
                source=source,
            )
        )
    final = codes[i]
    if cell in (USE_SINGLE, USE_DOUBLE):
        other = "single" if cell == USE_SINGLE else "double"
        zh_other = "一次" if other == "single" else "二次"
        reasons.append(
            Reason(
                f"sampling.use_{other}",
                f"{where}, code {final}: '{cell}' - use the corresponding {other} sampling plan",
                f"{where}，字码 {final}：'{cell}'，采用相应的{zh_other}抽样方案",
                source=source,
            )
        )
        inner = _resolve(standard, other, inspection, final, aql)
        return _Resolved(inner.code, inner.stages, (*reasons, *inner.reasons))
    if isinstance(cell, str):  # pragma: no cover - no arrow leads to an empty cell (tested)
        raise AssertionError(f"{where}: empty cell {cell!r} reached at code {final}")
    n = table.raw.sample_sizes[final]
    if n is None:  # pragma: no cover - a code without a sample size has no plans
        raise AssertionError(f"{where}: code {final} has a plan but no sample size")
    stages = tuple(Stage(n, ac, re) for ac, re in cell)
    plan_text = _describe_stages(stages)
    reasons.append(
        Reason(
            "sampling.table_plan",
            f"{where}, code {final}: {plan_text}",
            f"{where}，字码 {final}：{plan_text}",
            source=source,
        )
    )
    if any(s.accept is None for s in stages):
        reasons.append(
            Reason(
                "sampling.no_acceptance_stage",
                "'#' at a stage: the lot cannot be accepted at that stage, only rejected or "
                "sampled further",
                "某阶段为 '#'：该阶段不允许接收，只能拒收或继续抽样",
                source=source,
            )
        )
    if stages[-1].reject > stages[-1].accept + 1:  # type: ignore[operator]
        reasons.append(
            Reason(
                "sampling.gap_plan",
                f"Gap plan: Ac {stages[-1].accept} < Re {stages[-1].reject} - 1. Finding more "
                "than Ac but fewer than Re accepts the lot and reinstates normal inspection",
                "间隙方案：不合格数大于 Ac 且小于 Re 时接收该批，但恢复正常检验",
                source=source,
            )
        )
    # The disputed cell may be where the lookup starts (an arrow in one edition).
    note = table.raw.unresolved.get((code, label)) or table.raw.unresolved.get((final, label))
    if note is not None:
        reasons.append(
            Reason(
                "sampling.unresolved_cell",
                f"Caution: this cell is disputed between sources. {note}",
                f"注意：该表格单元在不同来源间存在分歧。{note}",
                source=Source(source.document, table=source.table, confidence="unverified"),
            )
        )
    return _Resolved(final, stages, tuple(reasons))


def lookup_plan(
    lot_size: int,
    aql: float | str,
    *,
    level: str = "II",
    inspection: Inspection = "normal",
    scheme: Scheme = "single",
    standard: str = "z1.4",
) -> SamplingPlan:
    """The standard's plan for a lot, arrows followed, with its reasons.

    Args:
        lot_size: Items in the lot (>= 2).
        aql: An AQL of the preferred series (0.010 ... 1000), as a number or string.
        level: Inspection level, ``"II"`` by default.
        inspection: ``"normal"``, ``"tightened"`` or ``"reduced"``.
        scheme: ``"single"``, ``"double"`` or ``"multiple"``.
        standard: ``"z1.4"`` (MIL-STD-105E / ANSI/ASQ Z1.4) or ``"iso2859-1"``
            (ISO 2859-1:1999 = GB/T 2828.1-2012, alias ``"gb2828.1"``).

    Raises:
        InvalidInputError: a bad argument (names it and the value).
        OutOfTableError: an AQL outside the series, or a table this edition lacks.

    Example:
        >>> from qmscore.sampling import lookup_plan
        >>> plan = lookup_plan(20, 1.5, level="I")
        >>> plan.initial_code_letter, plan.code_letter, plan.sample_size, plan.accept
        ('B', 'D', 8, 0)
    """
    std = normalize_standard(standard)
    _check_choice("inspection", inspection, INSPECTIONS)
    _check_choice("scheme", scheme, SCHEMES)
    part = _table_part(
        std, scheme, inspection, _code_row(lot_size), _level(level), normalize_aql(aql)
    )
    n = part.resolved.stages[0].sample_size
    inspect_all = n >= lot_size
    return SamplingPlan(
        part.resolved.stages,
        code_letter=part.resolved.code,
        initial_code_letter=part.code,
        aql=part.aql,
        inspection=inspection,
        standard=std,
        level=part.level,
        lot_size=lot_size,
        inspect_all=inspect_all,
        reasons=(*part.reasons, _inspect_all_reason(n, lot_size)) if inspect_all else part.reasons,
    )


@attrs.frozen
class _TablePart:
    code: str
    level: str
    aql: float
    resolved: _Resolved
    reasons: tuple[Reason, ...]


@functools.lru_cache(maxsize=8192)
def _table_part(
    std: str, scheme: str, inspection: str, row: int, level_index: int, column: int
) -> _TablePart:
    # Everything that depends on the lot size only through its Table I row, so
    # repeated lookups cost a cache hit instead of a table walk.
    code = _CODE_ROWS[row][level_index]
    resolved = _resolve(std, scheme, inspection, code, column)
    level = LEVELS[level_index]
    reasons = (
        Reason(
            "sampling.code_letter",
            f"Lot size {_lot_range(row)} at inspection level {level}: code letter {code}",
            f"批量 {_lot_range(row, zh=True)}，检验水平 {level}：样本量字码 {code}",
            source=_table1.SOURCE,
        ),
        Reason(
            "sampling.edition",
            f"{_STANDARD_NAMES[std]}, {scheme} sampling, {inspection} inspection",
            f"{_STANDARD_NAMES[std]}，{_ZH[scheme]}抽样，{_ZH[inspection]}检验",
        ),
        *resolved.reasons,
    )
    return _TablePart(code, level, AQL_VALUES[column], resolved, reasons)


_ZH = {
    "single": "一次",
    "double": "二次",
    "multiple": "多次",
    "normal": "正常",
    "tightened": "加严",
    "reduced": "放宽",
}
