"""The shape of a master table as written in the standard, and its parsed cells.

A table row is one string per code letter with one whitespace-separated token
per AQL column, exactly as the printed table reads:

* ``1/2``: a single plan, Ac 1, Re 2;
* ``0/2,1/2``: a double plan, cumulative Ac/Re per stage;
* ``P``: a multiple plan, spelt out in ``plans`` (7 stages do not fit a row);
  ``#`` as an Ac means acceptance is not permitted at that stage;
* ``↓`` / ``↑``: use the first plan below / above the arrow;
* ``*``: use the corresponding single plan; ``++``: the corresponding double plan;
* ``-``: an empty cell (only in the tightened code S row, reached by no arrow).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from qmscore.explain import Source

AQL_LABELS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
    "100", "150", "250", "400", "650", "1000",
)  # fmt: skip
"""The preferred AQL series (percent nonconforming up to 10, nonconformities per
100 units above), in column order."""

DOWN, UP, USE_SINGLE, USE_DOUBLE, EMPTY = "↓", "↑", "*", "++", "-"
Stage = tuple[int | None, int]
"""Cumulative (Ac, Re) of one stage; Ac None is the table's ``#``."""
Cell = str | tuple[Stage, ...]
"""A direction token (``↓ ↑ * ++ -``) or the stages of a plan."""


@attrs.frozen(eq=False)
class RawTable:
    """A master table transcribed as text rows (see the module docstring)."""

    name: str
    scheme: str
    inspection: str
    stages: int
    source: Source
    sample_sizes: Mapping[str, int | None]
    rows: Mapping[str, str]
    plans: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    unresolved: Mapping[tuple[str, str], str] = attrs.field(factory=dict)

    def replace(self, **changes: Any) -> RawTable:
        """A copy with some fields changed (for another edition's variant)."""
        return attrs.evolve(self, **changes)


def with_cell(row: str, aql: str, token: str) -> str:
    """``row`` with the cell in column ``aql`` replaced by ``token`` (alignment kept)."""
    tokens = row.split()
    tokens[AQL_LABELS.index(aql)] = token
    width = len(row) // len(AQL_LABELS)
    return "".join(t.rjust(width) for t in tokens)


def _stage(token: str) -> Stage:
    ac, re = token.split("/")
    return (None if ac == "#" else int(ac), int(re))


def parse_cell(table: RawTable, code: str, aql: str, token: str) -> Cell:
    """Turn one row token into a :data:`Cell`."""
    if token in (DOWN, UP, USE_SINGLE, USE_DOUBLE, EMPTY):
        return token
    if token == "P":
        return tuple(_stage(t) for t in table.plans[code][aql].split())
    return tuple(_stage(t) for t in token.split(","))


@attrs.frozen(eq=False)
class MasterTable:
    """A parsed master table: sample size per code letter and a cell per AQL."""

    raw: RawTable
    codes: tuple[str, ...]
    cells: Mapping[str, tuple[Cell, ...]]

    @classmethod
    def parse(cls, raw: RawTable) -> MasterTable:
        """Parse the text rows of ``raw``; the table's own consistency is asserted."""
        cells: dict[str, tuple[Cell, ...]] = {}
        for code, row in raw.rows.items():
            tokens = row.split()
            if len(tokens) != len(AQL_LABELS):  # pragma: no cover - transcription guard
                raise AssertionError(f"{raw.source}: row {code} has {len(tokens)} cells")
            cells[code] = tuple(
                parse_cell(raw, code, aql, tok)
                for aql, tok in zip(AQL_LABELS, tokens, strict=True)
            )
        return cls(raw=raw, codes=tuple(raw.rows), cells=cells)
