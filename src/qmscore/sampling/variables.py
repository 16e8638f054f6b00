"""Inspection by variables: ANSI/ASQ Z1.9 (the revised MIL-STD-414) plans.

A variables plan measures a characteristic on ``n`` items and judges the lot
from the sample mean and standard deviation against a specification limit,
instead of counting nonconforming items: far smaller samples for the same
protection, provided the characteristic is normally distributed.

* :func:`variables_code_letter`, :func:`lookup_variables_plan`: the plan for a
  lot from Z1.9 Table A-2 and the master tables, arrows followed, for the
  s-method (sigma unknown) or the sigma method (sigma known), normal,
  tightened or reduced inspection, edition a parameter.
* :class:`VariablesPlan`: any variables plan (n, Form-1 k, Form-2 M).

Editions (``edition=``): ``"1980"`` (default): the arrows of Z1.9-1980 Table
B-1, which agree with MIL-STD-414, in five cells where ``"aqlschemes"`` (the
tables as encoded in AQLSchemes 1.7-2, possibly from a later Z1.9 edition;
single source) has small-sample plans of its own.

Example:
    >>> from qmscore.sampling import lookup_variables_plan
    >>> plan = lookup_variables_plan(1000, 1.0)
    >>> plan.code_letter, plan.sample_size, plan.k, plan.m
    ('J', 35, 1.89, 2.66)
"""

from __future__ import annotations

import bisect
import functools
import math
from typing import Any

import attrs

from qmscore._checks import (
    as_int,
    as_real,
    as_tuple,
    check_choice,
    check_int,
    check_real,
    one_of,
    real_validator,
    type_error,
    value_error,
)
from qmscore._display import Tabular, display
from qmscore.errors import OutOfTableError
from qmscore.explain import Reason, Source
from qmscore.sampling._fields import reason_items
from qmscore.sampling._special import betainc_sym_inv, z_upper
from qmscore.sampling._tables import z19_variables as _z19
from qmscore.sampling.plans import MAX_LOT_SIZE

__all__ = [
    "VARIABLES_AQLS",
    "VARIABLES_EDITIONS",
    "VARIABLES_LEVELS",
    "VARIABLES_METHODS",
    "VariablesPlan",
    "lookup_variables_plan",
    "variables_code_letter",
]

Method = str
Severity = str

VARIABLES_METHODS: tuple[str, ...] = ("s", "sigma")
"""``"s"``: sigma unknown, estimated by the sample standard deviation;
``"sigma"``: the process standard deviation is known."""
VARIABLES_EDITIONS: tuple[str, ...] = ("1980", "aqlschemes")
"""Table editions: ``"1980"`` (Z1.9-1980 = MIL-STD-414 arrows) and ``"aqlschemes"``."""
VARIABLES_LEVELS: tuple[str, ...] = _z19.LEVELS
"""Z1.9 inspection levels (Table A-2)."""
VARIABLES_AQLS: tuple[float, ...] = tuple(float(a) for a in _z19.AQL_LABELS)
"""Z1.9 AQLs in percent nonconforming."""
MAX_VARIABLES_SAMPLE = 100_000
"""Largest sample size a :class:`VariablesPlan` accepts (bounds the work of its OC)."""

_LOT_MINIMA = tuple(row[0] for row in _z19.CODE_ROWS)
_CODE_ROWS = tuple(tuple(row[1].split()) for row in _z19.CODE_ROWS)
_MIN_N = {"s": 3, "sigma": 2}
_ZH = {"normal": "正常", "tightened": "加严", "reduced": "放宽", "s": "s 法", "sigma": "σ 法"}


def _optional_k(inst: object, attribute: object, value: Any) -> None:
    if value is not None:
        check_real("k", value)


def _min_n(inst: VariablesPlan, attribute: object, value: Any) -> None:
    check_int("sample_size", value, minimum=2, maximum=MAX_VARIABLES_SAMPLE)


def _optional_text(inst: object, attribute: object, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise type_error(getattr(attribute, "name", "field"), "a string or None", value)


@display(rows="_rows")
@attrs.frozen
class VariablesPlan(Tabular):
    """A variables sampling plan for one specification limit (or two, Form 2).

    Attributes:
        sample_size: Items measured, ``n`` (>= 3 for the s-method, >= 2 for sigma).
        m: Form 2: the maximum allowable estimated percent nonconforming, M (0-100).
        k: Form 1: the acceptability constant as published, or None (then
            :attr:`acceptability_constant` is computed from M).
        method: ``"s"`` (sigma unknown) or ``"sigma"`` (sigma known).
        code_letter: The code letter whose plan this is (after arrows).
        initial_code_letter: The lot's code letter from Table A-2.
        aql: The AQL in percent, for a table plan.
        inspection: ``"normal"``, ``"tightened"`` or ``"reduced"``.
        edition: The table edition of a table plan.
        level: The inspection level of a table plan.
        lot_size: The lot the plan was looked up for.
        reasons: Why this plan.
    """

    sample_size: int = attrs.field(converter=as_int, validator=_min_n)
    m: float = attrs.field(converter=as_real, validator=real_validator(0.0, 100.0))
    k: float | None = attrs.field(
        default=None, kw_only=True, converter=as_real, validator=_optional_k
    )
    method: Method = attrs.field(default="s", kw_only=True, validator=one_of(VARIABLES_METHODS))
    code_letter: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    initial_code_letter: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_text
    )
    aql: float | None = attrs.field(default=None, kw_only=True, converter=as_real)
    inspection: Severity = attrs.field(
        default="normal", kw_only=True, validator=one_of(("normal", "tightened", "reduced"))
    )
    edition: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    level: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    lot_size: int | None = attrs.field(default=None, kw_only=True, converter=as_int)
    reasons: tuple[Reason, ...] = attrs.field(
        default=(), kw_only=True, converter=as_tuple, validator=reason_items
    )

    def __attrs_post_init__(self) -> None:
        if self.aql is not None:
            check_real("aql", self.aql, minimum=0.0, maximum=100.0)
        if self.lot_size is not None:
            check_int("lot_size", self.lot_size, minimum=2, maximum=MAX_LOT_SIZE)
        least = _MIN_N[self.method]
        if self.sample_size < least:
            raise value_error(
                "sample_size", f">= {least} for the {self.method}-method", self.sample_size
            )

    @property
    def k_from_m(self) -> float:
        """The k for which Form 1 and Form 2 are the same test (one limit).

        s-method: ``(1 - 2 x) (n - 1) / sqrt(n)`` with ``I_x((n-2)/2, (n-2)/2) = M/100``;
        sigma: ``sqrt((n - 1)/n) z_(1 - M/100)``. It is not the published k,
        which differs by up to 0.015 (the standard rounds each separately).
        """
        return k_for_m(self.sample_size, self.m, self.method)

    @property
    def inspect_all(self) -> bool:
        """True when the sample reaches the lot: every item is inspected (100%)."""
        return self.lot_size is not None and self.sample_size >= self.lot_size

    @property
    def acceptability_constant(self) -> float:
        """The Form-1 k used to judge: the published :attr:`k`, else :attr:`k_from_m`."""
        return self.k if self.k is not None else self.k_from_m

    def _rows(self) -> list[dict[str, Any]]:
        # One row, like a single sampling plan's stage: n, the k judged by, M.
        k = self.acceptability_constant
        return [{"sample_size": self.sample_size, "k": k, "m": self.m, "method": self.method}]


@functools.lru_cache(maxsize=4096)
def k_for_m(n: int, m_pct: float, method: str) -> float:
    """The Form-1 k equivalent to a Form-2 M (percent) for one limit."""
    if m_pct <= 0.0:
        return math.inf
    if method == "sigma":
        return math.sqrt((n - 1) / n) * z_upper(m_pct / 100.0) if m_pct < 100.0 else -math.inf
    a = 0.5 * (n - 2)
    if m_pct >= 50.0:
        x = 1.0 - betainc_sym_inv(a, 1.0 - m_pct / 100.0) if m_pct < 100.0 else 1.0
    else:
        x = betainc_sym_inv(a, m_pct / 100.0)
    return (1.0 - 2.0 * x) * (n - 1) / math.sqrt(n)


def _level(level: object) -> int:
    if not isinstance(level, str):
        raise type_error("level", f"one of {VARIABLES_LEVELS}", level)
    key = level.strip().upper()
    if key not in VARIABLES_LEVELS:
        raise value_error("level", f"one of {VARIABLES_LEVELS}", level)
    return VARIABLES_LEVELS.index(key)


def _lot_row(lot_size: object) -> tuple[int, int]:
    lot = check_int("lot_size", lot_size, minimum=2, maximum=MAX_LOT_SIZE)
    return lot, bisect.bisect_right(_LOT_MINIMA, lot) - 1


def variables_code_letter(lot_size: int, level: str = "II") -> str:
    """The Z1.9 sample size code letter for a lot (Table A-2).

    Args:
        lot_size: Items in the lot, at least 2.
        level: ``"S-3"``, ``"S-4"``, ``"I"``, ``"II"`` (default) or ``"III"``.

    Example:
        >>> from qmscore.sampling import variables_code_letter
        >>> variables_code_letter(1000), variables_code_letter(40)
        ('J', 'D')
    """
    _, row = _lot_row(lot_size)
    return _CODE_ROWS[row][_level(level)]


def _aql_index(aql: object) -> int:
    expected = "one of the Z1.9 AQLs 0.10 ... 10"
    if isinstance(aql, str):
        try:
            number: object = float(aql.strip())
        except ValueError:
            raise value_error("aql", expected, aql) from None
    else:
        number = aql
    value = check_real("aql", number, minimum=0.0, min_exclusive=True)
    for i, a in enumerate(VARIABLES_AQLS):
        if math.isclose(value, a, rel_tol=1e-9):
            return i
    raise OutOfTableError(
        f"'aql' must be {expected} (got {aql!r}): Z1.9 has no other AQL",
        field="aql",
        value=aql,
    )


@attrs.frozen
class _Cell:
    code: str
    n: int
    m: float
    k: float | None
    reasons: tuple[Reason, ...]


def _tokens(name: str, code: str, edition: str) -> list[str]:
    tokens: list[str] = getattr(_z19, name)[code].split()
    if edition == "1980":
        for (table, c, col), token in _z19.EDITION_1980.items():
            if table == name and c == code:
                tokens[col - 1] = token
    return tokens


def _column(inspection: str, aql_index: int) -> int:
    # 1-based column of the master table (see the tables module).
    return (
        aql_index + (1 if inspection == "tightened" else 2)
        if inspection != "reduced"
        else (aql_index + 1)
    )


@functools.lru_cache(maxsize=1024)
def _resolve(method: str, inspection: str, edition: str, code: str, aql_index: int) -> _Cell:
    reduced = inspection == "reduced"
    if method == "s":
        name, source = ("S_R_M", _z19.S_R_SOURCE) if reduced else ("S_NT_M", _z19.S_NT_SOURCE)
    else:
        name, source = (
            ("SIGMA_R", _z19.SIGMA_R_SOURCE) if reduced else ("SIGMA_NT", _z19.SIGMA_NT_SOURCE)
        )
    col = _column(inspection, aql_index)
    label = _z19.AQL_LABELS[aql_index]
    where = f"{source.table}, {inspection} AQL {label}"
    zh_table = str(source.table).split(" (")[0].replace("Table", "表")
    zh_where = f"Z1.9 {zh_table}，{_ZH[inspection]}检验 AQL {label}"
    codes = _z19.CODES
    i = codes.index(code)
    reasons: list[Reason] = []
    token = _tokens(name, code, edition)[col - 1]
    while token == "↓":
        i += 1
        token = _tokens(name, codes[i], edition)[col - 1]
    final = codes[i]
    if final != code:
        reasons.append(
            Reason(
                "sampling.variables.arrow",
                f"{where}: arrow ↓ at code {code}: use the first plan below it, code {final}",
                f"{zh_where}：字码 {code} 处为箭头 ↓，改用其下方第一个方案，字码 {final}",
                source=source,
            )
        )
    if method == "s":
        n = (_z19.S_N_R if reduced else _z19.S_N_NT)[final]
        m = float(token)
    else:
        n_text, m_text = token.split(":")
        n, m = int(n_text), float(m_text)
    k: float | None = None
    if method == "s" and not reduced:
        k_token = _tokens("S_NT_K", code, edition)[col - 1]
        j = codes.index(code)
        while k_token == "↓":
            j += 1
            k_token = _tokens("S_NT_K", codes[j], edition)[col - 1]
        k = None if k_token == "-" else float(k_token)
    k_text = f", k {k}" if k is not None else ""
    reasons.append(
        Reason(
            "sampling.variables.table_plan",
            f"{where}, code {final}: n {n}{k_text}, M {m}%",
            f"{zh_where}，字码 {final}：n {n}{k_text}，M {m}%",
            source=source,
        )
    )
    if k is None:
        why = (
            "no Form-1 table for reduced inspection was available"
            if method == "s" and reduced
            else "this cell has no published Form-1 k"
            if method == "s"
            else "the sigma-method Form-1 table was not available"
        )
        zh_why = "无可用的形式 1 表" if method != "s" or reduced else "该单元无公布的 k 值"
        reasons.append(
            Reason(
                "sampling.variables.k_from_m",
                f"Form 1: k computed from M ({why}); for one limit it is the same test as Form 2",
                f"形式 1：k 由 M 换算（{zh_why}）；单侧规格限时与形式 2 为同一检验",
                source=source,
            )
        )
    for cell in ((name, code, col), (name, final, col)):
        note = _z19.UNCERTAIN.get(cell)
        if note is not None:
            reasons.append(
                Reason(
                    "sampling.variables.uncertain_cell",
                    f"Caution: {note}",
                    f"注意：该单元未经第二来源确认。{note}",
                    source=Source(source.document, table=source.table, confidence="unverified"),
                )
            )
            break
    return _Cell(final, n, m, k, tuple(reasons))


def lookup_variables_plan(
    lot_size: int,
    aql: float | str,
    *,
    level: str = "II",
    inspection: Severity = "normal",
    method: Method = "s",
    edition: str = "1980",
) -> VariablesPlan:
    """The Z1.9 variables plan for a lot, arrows followed, with its reasons.

    Args:
        lot_size: Items in the lot (>= 2).
        aql: A Z1.9 AQL in percent (0.10 ... 10), as a number or string.
        level: ``"S-3"``, ``"S-4"``, ``"I"``, ``"II"`` (default) or ``"III"``.
        inspection: ``"normal"``, ``"tightened"`` or ``"reduced"``.
        method: ``"s"`` (sigma unknown, default) or ``"sigma"`` (sigma known).
        edition: ``"1980"`` (default) or ``"aqlschemes"`` (see the module).

    Raises:
        InvalidInputError: a bad argument.
        OutOfTableError: an AQL Z1.9 does not tabulate.

    Example:
        >>> from qmscore.sampling import lookup_variables_plan
        >>> plan = lookup_variables_plan(20, 0.65)  # code C, arrow to D
        >>> plan.initial_code_letter, plan.code_letter, plan.sample_size, plan.k, plan.m
        ('C', 'D', 5, 1.65, 1.34)
    """
    check_choice("inspection", inspection, ("normal", "tightened", "reduced"))
    check_choice("method", method, VARIABLES_METHODS)
    check_choice("edition", edition, VARIABLES_EDITIONS)
    lot, row = _lot_row(lot_size)
    li = _level(level)
    code = _CODE_ROWS[row][li]
    index = _aql_index(aql)
    cell = _resolve(method, inspection, edition, code, index)
    high = _LOT_MINIMA[row + 1] - 1 if row + 1 < len(_LOT_MINIMA) else None
    span = f"{_LOT_MINIMA[row]} to {high}" if high else f"{_LOT_MINIMA[row]} and over"
    zh_span = f"{_LOT_MINIMA[row]}～{high}" if high else f"{_LOT_MINIMA[row]} 及以上"
    level_name = VARIABLES_LEVELS[li]
    edition_note, zh_edition = (
        ("Z1.9-1980 / MIL-STD-414 arrows", "1980 版箭头，与 MIL-STD-414 一致")
        if edition == "1980"
        else ("AQLSchemes 1.7-2 tables", "AQLSchemes 1.7-2 编码的表")
    )
    reasons = (
        Reason(
            "sampling.variables.code_letter",
            f"Lot size {span} at inspection level {level_name}: code letter {code}",
            f"批量 {zh_span}，检验水平 {level_name}：样本量字码 {code}",
            source=_z19.CODE_LETTER_SOURCE,
        ),
        Reason(
            "sampling.variables.edition",
            f"ANSI/ASQ Z1.9 ({edition_note}), {method}-method, {inspection} inspection",
            f"ANSI/ASQ Z1.9（{zh_edition}），{_ZH[method]}，{_ZH[inspection]}检验",
        ),
        *cell.reasons,
    )
    if cell.n >= lot:
        reasons = (
            *reasons,
            Reason(
                "sampling.variables.inspect_all",
                f"Sample size {cell.n} is at least the lot size {lot}: inspect every item "
                "against the specification limits (100%), not by variables",
                f"样本量 {cell.n} 不小于批量 {lot}：逐件对照规格限全数检验，不按计量抽样判定",
                source=_z19.CODE_LETTER_SOURCE,
            ),
        )
    return VariablesPlan(
        cell.n,
        cell.m,
        k=cell.k,
        method=method,
        code_letter=cell.code,
        initial_code_letter=code,
        aql=VARIABLES_AQLS[index],
        inspection=inspection,
        edition=edition,
        level=level_name,
        lot_size=lot,
        reasons=reasons,
    )
