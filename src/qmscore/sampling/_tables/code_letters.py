"""Sample size code letters: MIL-STD-105E / Z1.4 Table I = ISO 2859-1:1999 Table 1.

Rows are (smallest lot size, code letter per level); a row covers lot sizes up
to the next row's smallest. The last row is open-ended.
"""

from __future__ import annotations

from qmscore.explain import Source

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

SOURCE = Source(
    "MIL-STD-105E / ANSI/ASQ Z1.4",
    table="Table I (= ISO 2859-1:1999 Table 1, GB/T 2828.1-2012 表1)",
    note="Identical in three independent transcriptions (AQLSchemes, Planesmuestra, "
    "garment-aql-calculator).",
)

ROWS: tuple[tuple[int, str], ...] = (
    #  lot from   S-1 S-2 S-3 S-4  I   II  III
    (2,      "A   A   A   A   A   A   B"),
    (9,      "A   A   A   A   A   B   C"),
    (16,     "A   A   B   B   B   C   D"),
    (26,     "A   B   B   C   C   D   E"),
    (51,     "B   B   C   C   C   E   F"),
    (91,     "B   B   C   D   D   F   G"),
    (151,    "B   C   D   E   E   G   H"),
    (281,    "B   C   D   E   F   H   J"),
    (501,    "C   C   E   F   G   J   K"),
    (1201,   "C   D   E   G   H   K   L"),
    (3201,   "C   D   F   G   J   L   M"),
    (10001,  "C   D   F   H   K   M   N"),
    (35001,  "D   E   G   J   L   N   P"),
    (150001, "D   E   G   J   M   P   Q"),
    (500001, "D   E   H   K   N   Q   R"),
)  # fmt: skip
