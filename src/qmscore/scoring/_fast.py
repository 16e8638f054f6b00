"""Fast paths for large plain inputs; anything unusual takes the careful path in ``_checks``.

A plain ``list`` or ``tuple`` of plain ``int``/``float`` (or ``str`` labels) is
validated in bulk; anything else, or any bad value, goes through
:func:`qmscore._checks.check_sequence` element by element, which raises the
precise error naming the element.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from qmscore._checks import check_real, check_sequence

__all__ = ["level_counts", "moments", "ratings", "reals", "strings"]

_NUMBERS = (int, float)


def reals(field: str, values: object, *, minimum: float | None = None) -> tuple[float, ...]:
    """Finite reals (at least ``minimum``), as floats."""
    if type(values) in (list, tuple):
        seq: Sequence[Any] = values  # type: ignore[assignment]
        if all(type(v) in _NUMBERS for v in seq):
            try:
                out = tuple(map(float, seq))
            except OverflowError:
                out = ()
            if (
                len(out) == len(seq)
                and all(map(math.isfinite, out))
                and (minimum is None or not out or min(out) >= minimum)
            ):
                return out
    return check_sequence(field, values, lambda p, v: check_real(p, v, minimum=minimum))


def strings(
    field: str, values: object, item: Callable[[str, Any], str | int]
) -> tuple[str | int, ...]:
    """Labels: plain strings in bulk, else each through ``item``."""
    if type(values) in (list, tuple) and all(type(v) is str for v in values):  # type: ignore[attr-defined]
        return tuple(values)  # type: ignore[arg-type]
    return check_sequence(field, values, item)


def ratings(field: str, values: object, low: int, high: int) -> tuple[int, ...]:
    """Integer ratings low..high: plain ints in bulk, else the careful path."""
    if type(values) in (list, tuple):
        seq: Sequence[Any] = values  # type: ignore[assignment]
        if seq and all(type(v) is int for v in seq) and low <= min(seq) and max(seq) <= high:
            return tuple(seq)
    from qmscore.scoring.score import _ratings

    return _ratings(field, values, low, high)


def level_counts(rows: Sequence[Mapping[str, Any]], key: str) -> Counter[Any]:
    """How often each answer level (None: not applicable) occurs for an item."""
    return Counter(r.get(key) for r in rows)


def moments(pairs: Mapping[float, int]) -> tuple[float, float, int] | None:
    """(mean, sample variance, n) of values given as value -> count (None below n = 2)."""
    n = sum(pairs.values())
    if n < 2:
        return None
    mean = math.fsum(v * c for v, c in pairs.items()) / n
    if len(pairs) == 1:
        return next(iter(pairs)), 0.0, n
    var = math.fsum(c * (v - mean) ** 2 for v, c in pairs.items()) / (n - 1)
    return mean, var, n
