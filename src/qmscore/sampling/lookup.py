"""Plan lookup in the ISO 2859-1 / ANSI/ASQ Z1.4 master tables.

:func:`lookup_plan` finds the plan for a lot the way an inspector reads the
standard: lot size and level give a code letter (Table I), the code letter and
AQL give a cell, arrows lead to another code letter's plan, ``*`` / ``++`` send
a double / multiple lookup to the single / double table, and a sample as large
as the lot means 100% inspection. Every step is a
:class:`~qmscore.explain.Reason`.

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

import attrs

from qmscore._checks import check_int, type_error, value_error
from qmscore.errors import QmsError
from qmscore.explain import Reason, Source
from qmscore.sampling._tables import AQL_LABELS, master
from qmscore.sampling._tables import code_letters as _table1
from qmscore.sampling._tables._model import DOWN, UP, USE_DOUBLE, USE_SINGLE
from qmscore.sampling.plans import (
    _AQL_INDEX,
    _CODE_ROWS,
    _LEVEL_INDEX,
    _LOT_MINIMA,
    _PLAN_FIELDS,
    _STANDARD_NAMES,
    AQL_VALUES,
    COUNTS,
    INSPECTIONS,
    LEVELS,
    MAX_LOT_SIZE,
    PER_100_UNITS_ABOVE,
    SCHEMES,
    Counts,
    Inspection,
    SamplingPlan,
    Scheme,
    Stage,
    _choice,
    _counts_reason,
    _describe_stages,
    lot_reasons,
    normalize_aql,
    normalize_standard,
)

__all__ = ["code_letter", "lookup_plan"]


def _level(level: str) -> int:
    if not isinstance(level, str):
        raise type_error("level", f"one of {LEVELS}", level)
    index = _LEVEL_INDEX.get(level)
    if index is None:
        index = _LEVEL_INDEX.get(level.strip().upper())
        if index is None:
            raise value_error("level", f"one of {LEVELS}", level)
    return index


def _lot(lot_size: object) -> int:
    if type(lot_size) is int and 2 <= lot_size <= MAX_LOT_SIZE:
        return lot_size
    return check_int("lot_size", lot_size, minimum=2, maximum=MAX_LOT_SIZE)


def _code_row(lot_size: int) -> int:
    return bisect.bisect_right(_LOT_MINIMA, _lot(lot_size)) - 1


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
    # The tables are 表 in Chinese text (GB/T 2828.1 writes 表 2-B).
    where_zh = f"{str(source.table).replace('Table ', '表 ', 1)}，AQL {label}"
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
                f"{where_zh}：字码 {code} 处为箭头，改用箭头{zh_dir}第一个方案，字码 {codes[i]}"
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
                f"{where_zh}，字码 {final}：'{cell}'，采用相应的{zh_other}抽样方案",
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
            f"{where_zh}，字码 {final}：{plan_text}",
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
    counts: Counts | None = None,
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
        counts: What the plan counts. By default from the AQL: above 10,
            ``"nonconformities"`` per 100 units (a count may exceed the
            sample); up to 10, nonconforming ``"items"``. An AQL up to 10 may
            also be used for nonconformities; one above 10 never for items.

    Raises:
        InvalidInputError: a bad argument (names it and the value).
        OutOfTableError: an AQL outside the series, or a table this edition lacks.

    Example:
        >>> from qmscore.sampling import lookup_plan
        >>> plan = lookup_plan(20, 1.5, level="I")
        >>> plan.initial_code_letter, plan.code_letter, plan.sample_size, plan.accept
        ('B', 'D', 8, 0)
    """
    if (
        type(lot_size) is int
        and counts is None
        and 2 <= lot_size <= MAX_LOT_SIZE
        and (type(aql) is float or type(aql) is int)
    ):
        # Plain int lot, plain number AQL: the plan is its Table I row's
        # template with the lot filled in, when the lot is larger than every
        # sample (so the lot changes nothing else). Same plan as below.
        row = _bisect(_LOT_MINIMA, lot_size)  # 1 + the Table I row
        try:
            cell = _CELLS[standard, scheme, inspection, level, aql][row]
        except (KeyError, TypeError):  # arguments not seen yet, or unhashable
            cell = None
        if cell is None:  # not remembered yet, or arguments to check
            cell = _cell(standard, scheme, inspection, level, aql, row)
        if cell is not None and lot_size > cell[0]:
            plan = _new(SamplingPlan)
            fields = plan.__dict__
            fields.update(cell[1])
            fields["lot_size"] = lot_size
            return plan
    return _lookup(lot_size, aql, level, inspection, scheme, standard, counts)


_new = object.__new__
_bisect = bisect.bisect_right

_Cell = tuple[int, dict[str, object]]
_CELLS: dict[tuple[object, ...], list[_Cell | None]] = {}
"""A cache: the templates by (standard, scheme, inspection, level, AQL), then
by 1 + Table I row, filled as they are asked for. Only arguments that give a
template get a list, at most _MAX_CELL_LISTS of them."""
_MAX_CELL_LISTS = 8192


def _cell(
    standard: object, scheme: object, inspection: object, level: object, aql: float, row: int
) -> _Cell | None:
    # The template (see _template), remembered in _CELLS for the next lookup.
    column = _AQL_INDEX.get(aql)
    if column is None:  # not in the series: the full path says so
        return None
    if not (
        type(standard) is str
        and type(scheme) is str
        and type(inspection) is str
        and type(level) is str
    ):  # e.g. NumPy strings or junk: the full path (a template holds plain str only)
        return None
    cell = _template(standard, scheme, inspection, level, row - 1, column)
    if cell is not None:
        key = (standard, scheme, inspection, level, aql)
        cells = _CELLS.get(key)
        if cells is None:
            if len(_CELLS) >= _MAX_CELL_LISTS:
                return cell
            cells = _CELLS.setdefault(key, [None] * (len(_LOT_MINIMA) + 1))
        cells[row] = cell
    return cell


@functools.lru_cache(maxsize=8192)
def _template(
    standard: object, scheme: object, inspection: object, level: object, row: int, column: int
) -> tuple[int, dict[str, object]] | None:
    # The fields of every plan looked up in one Table I row and AQL column
    # with a lot larger than its whole sample (the lot left out), with that
    # sample size; None for arguments the full path must check.
    try:
        std = normalize_standard(standard)  # type: ignore[arg-type]
        _choice("inspection", inspection, INSPECTIONS)
        _choice("scheme", scheme, SCHEMES)
        level_index = _level(level)  # type: ignore[arg-type]
    except QmsError:
        return None
    part = _table_part(std, scheme, inspection, row, level_index, column)
    per_100 = part.aql > PER_100_UNITS_ABOVE
    reasons = (*part.reasons, _counts_reason(part.aql)) if per_100 else part.reasons
    stages = part.resolved.stages
    values = {
        "stages": stages,
        "code_letter": part.resolved.code,
        "initial_code_letter": part.code,
        "aql": part.aql,
        "inspection": inspection,
        "standard": std,
        "level": part.level,
        "lot_size": None,
        "inspect_all": False,
        "counts": "nonconformities" if per_100 else "items",
        "reasons": reasons,
    }
    # In the fields' order, as SamplingPlan() stores them.
    return sum(s.sample_size for s in stages), {a.name: values[a.name] for a in _PLAN_FIELDS}


def _lookup(
    lot_size: int,
    aql: float | str,
    level: str,
    inspection: Inspection,
    scheme: Scheme,
    standard: str,
    counts: Counts | None,
) -> SamplingPlan:
    std = normalize_standard(standard)
    _choice("inspection", inspection, INSPECTIONS)
    _choice("scheme", scheme, SCHEMES)
    lot = _lot(lot_size)
    part = _table_part(std, scheme, inspection, _code_row(lot), _level(level), normalize_aql(aql))
    per_100 = part.aql > PER_100_UNITS_ABOVE
    if counts is None:
        counts = "nonconformities" if per_100 else "items"
    else:
        _choice("counts", counts, COUNTS)
    reasons = part.reasons
    if counts == "nonconformities":
        reasons = (*reasons, _counts_reason(part.aql if per_100 else None))
    stages = part.resolved.stages
    return SamplingPlan(
        stages,
        code_letter=part.resolved.code,
        initial_code_letter=part.code,
        aql=part.aql,
        inspection=inspection,
        standard=std,
        level=part.level,
        lot_size=lot,
        counts=counts,
        reasons=(*reasons, *lot_reasons(stages, lot)),
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
