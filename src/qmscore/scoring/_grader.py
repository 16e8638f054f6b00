"""The grading engine behind :func:`~qmscore.scoring.grade_customers` (private).

A rule set is compiled once (cached on the immutable :class:`GradingRules`)
into one table per profile field: each possible *class* of the field's value
(a scale level, a flag, None, or where a number falls among the thresholds)
maps to an integer whose bits say which criteria it meets and which it leaves
unknown. A profile's criteria are then the OR of a few table lookups, and
everything the grade depends on (the tier results, the decision, conflicts)
is a function of those bits, computed once per distinct pattern and shared:
the tier results of two customers with the same pattern are the same objects.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import attrs

from qmscore.scoring.grading_rules import _SCALES, CustomerProfile, GradingRules

__all__ = ["Compiled", "Proto", "compiled"]

Proto = tuple[tuple[Any, ...], str, str, tuple[str, ...], bool, GradingRules]
"""Tier results, computed grade, decided by, conflicts, follow-up of that grade, the rules."""

_FLAG_VALUES = (True, False, None)


@attrs.frozen(eq=False)
class _Numeric:
    """A numeric field: its thresholds (sorted) and the bits per class."""

    cuts: tuple[float, ...]
    bits: tuple[int, ...]
    """Bits of the class 2i (between cuts i-1 and i) and 2i+1 (equal to cut i)."""
    unknown: int


@attrs.frozen(eq=False)
class Compiled:
    """A rule set's lookup tables."""

    levels: Callable[[Any], tuple[Any, ...]]
    """Reads the scale and flag fields the criteria use (at least two, see below)."""
    tables: tuple[dict[Any, int], ...]
    """Bits per value of each scale or flag field."""
    numeric: tuple[tuple[str, _Numeric], ...]
    """Each numeric field with its thresholds."""
    extra: Callable[[Any], tuple[Any, ...]]
    """Reads previous_grade, raise_request and the two purchase frequencies."""
    tiers: tuple[tuple[int, int, int], ...]
    """Per tier: first bit, number of criteria, unknown bits offset."""


def _met(criterion: Any, value: float) -> bool:
    bound = criterion.threshold * 1.0  # as Criterion.evaluate with relax 0
    return bool(value >= bound if criterion.inclusive else value > bound)


def _positions(rules: GradingRules) -> list[tuple[int, Any]]:
    out = []
    bit = 0
    for tier in rules.tiers:
        for c in tier.criteria:
            out.append((bit, c))
            bit += 1
    return out


def _build(rules: GradingRules) -> Compiled:
    positions = _positions(rules)
    size = len(positions)
    fields = tuple(dict.fromkeys(c.field for _b, c in positions))
    tables: list[dict[Any, int]] = []
    numeric: list[tuple[str, _Numeric]] = []
    level_fields: list[str] = []
    for field in fields:
        mine = [(b, c) for b, c in positions if c.field == field]
        unknown = sum(1 << (size + b) for b, _c in mine)
        if mine[0][1].kind == "min":
            cuts = tuple(sorted({float(c.threshold) for _b, c in mine}))
            bits = []
            for i in range(2 * len(cuts) + 1):
                if i % 2:
                    v = cuts[i // 2]
                elif i == 0:
                    v = math.nextafter(cuts[0], -math.inf)
                else:
                    v = math.nextafter(cuts[i // 2 - 1], math.inf)
                bits.append(sum(1 << b for b, c in mine if _met(c, v)))
            numeric.append((field, _Numeric(cuts, tuple(bits), unknown)))
            continue
        table: dict[Any, int] = {None: unknown}
        for value in _SCALES.get(field, _FLAG_VALUES):
            if value is not None:
                probe = CustomerProfile("probe", **{field: value})  # type: ignore[arg-type]
                table[value] = sum(1 << b for b, c in mine if c.evaluate(probe) == "met")
        level_fields.append(field)
        tables.append(table)
    # attrgetter gives a tuple only for two names or more: pad with a table
    # that reads customer_id and adds no bits.
    while len(level_fields) < 2:
        level_fields.append("customer_id")
        tables.append(_NO_BITS)
    tiers = []
    bit = 0
    for tier in rules.tiers:
        tiers.append((bit, len(tier.criteria), size))
        bit += len(tier.criteria)
    extra = operator.attrgetter(
        "previous_grade", "raise_request", "purchase_frequency", "previous_purchase_frequency"
    )
    return Compiled(
        operator.attrgetter(*level_fields), tuple(tables), tuple(numeric), extra, tuple(tiers)
    )


class _NoBits(dict):  # type: ignore[type-arg]
    """A table giving 0 for any key (pads the level reader)."""

    def __missing__(self, key: Any) -> int:
        return 0


_NO_BITS = _NoBits()


def compiled(rules: GradingRules) -> Compiled:
    """The rule set's tables, built on first use and kept on it."""
    c: Compiled | None = rules._compiled
    if c is None:
        c = _build(rules)
        object.__setattr__(rules, "_compiled", c)
    return c
