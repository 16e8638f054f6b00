"""ANSI/ASQ Z1.9 (revised MIL-STD-414) variables plans as Python literals.

Transcribed from the arrays of AQLSchemes 1.7-2 ``R/AAZ19.R`` (J. S. Lawson,
github.com/cran/AQLSchemes commit c60f3b3), with the published Form-1 k of
Z1.9 Table B-1 (1980, web transcription) and MIL-STD-414 Table B-1
(Planesmuestra 0.1); see ``../shared/reference/sampling/variables/README.md``.
The test suite checks every cell against those reference files.

Layout (as the standard prints its master tables): one string per code letter,
one whitespace-separated token per table column.

* Normal and tightened inspection share one 12-column table: column ``c`` is
  normal AQL number ``c - 1`` and tightened AQL number ``c`` of
  :data:`AQL_LABELS` (column 1 serves tightened 0.10 only, column 12 normal 10
  only). Reduced tables have 11 columns, column ``c`` = AQL number ``c``.
* s-method (sigma unknown): the sample size is the code letter's own
  (:data:`S_N_NT`, :data:`S_N_R`); a token is the Form-2 M in percent, or
  ``↓`` (use the first plan below). :data:`S_NT_K` holds the Form-1 k in the
  same places (``-``: no published k for that cell).
* sigma method (sigma known): the sample size varies by cell, so a token is
  ``n:M``. AQLSchemes stores these resolved; the ``↓`` are inferred where a
  cell repeats the plan of the code letter below it (README, sigma file).
* :data:`EDITION_1980`: the five cells (and two reduced cells built from them)
  where Z1.9-1980 Table B-1 and MIL-STD-414 print an arrow but AQLSchemes has
  a small-sample plan of its own (README "Known differences").
"""

from __future__ import annotations

from qmscore.explain import Source

AQL_LABELS: tuple[str, ...] = (
    "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10",
)  # fmt: skip
"""Z1.9 AQLs (percent nonconforming), in column order."""

CODES: tuple[str, ...] = tuple("BCDEFGHIJKLMNP")
"""Z1.9 code letters (no A, O or Q; Z1.9 has an I)."""

LEVELS: tuple[str, ...] = ("S-3", "S-4", "I", "II", "III")

CODE_LETTER_SOURCE = Source(
    "ANSI/ASQ Z1.9",
    table="Table A-2 (sample size code letters)",
    note="AQLSchemes 1.7-2 SSCodeLetters; all 80 cells equal the Z1.9-2008 Table A-2 text.",
)

CODE_ROWS: tuple[tuple[int, str], ...] = (
    #  lot from  S-3 S-4  I   II  III
    (2,      "B   B   B   B   C"),
    (9,      "B   B   B   B   D"),
    (16,     "B   B   B   C   E"),
    (26,     "B   B   C   D   F"),
    (51,     "B   B   D   E   G"),
    (91,     "B   C   E   F   H"),
    (151,    "B   D   F   G   I"),
    (281,    "C   E   G   H   J"),
    (401,    "C   E   G   I   J"),
    (501,    "D   F   H   J   K"),
    (1201,   "E   G   I   K   L"),
    (3201,   "F   H   J   L   M"),
    (10001,  "G   I   K   M   N"),
    (35001,  "H   J   L   N   P"),
    (150001, "H   K   M   P   P"),
    (500001, "H   K   N   P   P"),
)  # fmt: skip
"""(smallest lot size, code letter per level); the last row is open-ended."""

_AQLSCHEMES = "AQLSchemes 1.7-2 R/AAZ19.R arrays (ANSI/ASQ Z1.9 converted from MIL-STD-414)"

S_NT_SOURCE = Source(
    "ANSI/ASQ Z1.9",
    table="Table B-3 (s-method, Form 2, normal and tightened)",
    note=_AQLSCHEMES,
    confidence="single-source",
)
S_R_SOURCE = Source(
    "ANSI/ASQ Z1.9",
    table="Table B-4 (s-method, Form 2, reduced)",
    note=_AQLSCHEMES,
    confidence="single-source",
)
S_K_SOURCE = Source(
    "ANSI/ASQ Z1.9",
    table="Table B-1 (s-method, Form 1, normal and tightened)",
    note="Z1.9 (1980) Table B-1 web transcription (columns 1-8, and 9-12 for B..F) and "
    "MIL-STD-414 Table B-1 (Planesmuestra 0.1) for the same n and AQL: equal on all 108 "
    "cells both hold.",
)
SIGMA_NT_SOURCE = Source(
    "ANSI/ASQ Z1.9",
    table="Table D-3 (sigma method, Form 2, normal and tightened)",
    note=_AQLSCHEMES + "; arrows inferred",
    confidence="single-source",
)
SIGMA_R_SOURCE = Source(
    "ANSI/ASQ Z1.9",
    table="Table D-4 (sigma method, Form 2, reduced)",
    note=_AQLSCHEMES + "; arrows inferred",
    confidence="single-source",
)

S_N_NT: dict[str, int] = dict(
    zip(CODES, (3, 4, 5, 7, 10, 15, 20, 25, 35, 50, 75, 100, 150, 200), strict=True)
)
"""s-method sample size per code letter, normal and tightened inspection."""
S_N_R: dict[str, int] = dict(
    zip(CODES, (3, 3, 3, 3, 4, 5, 7, 10, 15, 20, 25, 30, 50, 75), strict=True)
)
"""s-method sample size per code letter, reduced inspection."""

S_NT_M: dict[str, str] = {
    #        col 1      2      3      4      5      6      7      8      9     10     11     12
    "B": "      ↓      ↓      ↓      ↓      ↓      ↓      ↓      ↓   7.59  18.86  26.94  33.69",
    "C": "      ↓      ↓      ↓      ↓      ↓      ↓   1.49   5.46  10.88  16.41  22.84  29.43",
    "D": "      ↓      ↓      ↓      ↓  0.041   1.34   3.33   5.82    9.8  14.37  20.19  26.55",
    "E": "      ↓  0.005  0.087  0.421   1.05   2.13   3.54   5.34    8.4  12.19  17.34   23.3",
    "F": "  0.077  0.179  0.349  0.714   1.27   2.14   3.27   4.72   7.26  10.53  15.17  20.73",
    "G": "  0.186  0.311  0.491  0.839   1.33   2.09   3.06   4.32   6.55   9.48  13.74  18.97",
    "H": "  0.228  0.356  0.531  0.864   1.33   2.03   2.93    4.1   6.18   8.95  13.01  18.07",
    "I": "   0.25  0.378  0.551  0.874   1.32      2   2.86   3.97   5.98   8.65   12.6  17.55",
    "J": "  0.253  0.373  0.534  0.833   1.24   1.87   2.66    3.7   5.58   8.11  11.89  16.67",
    "K": "  0.243  0.355  0.503  0.778   1.16   1.73   2.47   3.44   5.21   7.61  11.23  15.87",
    "L": "  0.225  0.326  0.461  0.711   1.06   1.59   2.27   3.17   4.83    7.1  10.58  15.07",
    "M": "  0.218  0.315  0.444  0.684   1.02   1.52   2.18   3.06   4.67   6.88  10.29  14.71",
    "N": "  0.202  0.292  0.412  0.636  0.946   1.42   2.05   2.88   4.42   6.56   9.86  14.18",
    "P": "  0.204  0.294  0.414  0.637  0.945   1.42   2.04   2.86   4.39   6.52    9.8  14.11",
}  # fmt: skip

S_NT_K: dict[str, str] = {
    #        col 1      2      3      4      5      6      7      8      9     10     11     12
    "B": "      ↓      ↓      ↓      ↓      ↓      ↓      ↓      ↓   1.12  0.958  0.765  0.566",
    "C": "      ↓      ↓      ↓      ↓      ↓      ↓   1.45   1.34   1.17   1.01  0.814  0.617",
    "D": "      ↓      ↓      ↓      ↓      -   1.65   1.53    1.4   1.24   1.07  0.874  0.675",
    "E": "      ↓      -      -      2   1.88   1.75   1.62    1.5   1.33   1.15  0.955  0.755",
    "F": "      -      -   2.24   2.11   1.98   1.84   1.72   1.58   1.41   1.23   1.03  0.828",
    "G": "   2.53   2.42   2.32    2.2   2.06   1.91   1.79   1.65   1.47    1.3   1.09  0.886",
    "H": "   2.58   2.47   2.36   2.24   2.11   1.96   1.82   1.69   1.51   1.33   1.12  0.917",
    "I": "   2.61    2.5    2.4   2.26   2.14   1.98   1.85   1.72   1.53   1.35   1.14  0.936",
    "J": "   2.65   2.54   2.45   2.31   2.18   2.03   1.89   1.76   1.57   1.39   1.18  0.969",
    "K": "   2.71    2.6    2.5   2.35   2.22   2.08   1.93    1.8   1.61   1.42   1.21      1",
    "L": "   2.77   2.66   2.55   2.41   2.27   2.12   1.98   1.84   1.65   1.46   1.24   1.03",
    "M": "    2.8   2.69   2.58   2.43   2.29   2.14      2   1.86   1.67   1.48   1.26   1.05",
    "N": "   2.84   2.73   2.61   2.47   2.33   2.18   2.03   1.89    1.7   1.51   1.29   1.07",
    "P": "   2.85   2.73   2.62   2.47   2.33   2.18   2.04   1.89    1.7   1.51   1.29   1.07",
}  # fmt: skip

S_R_M: dict[str, str] = {
    #        col 1      2      3      4      5      6      7      8      9     10     11
    "B": "      ↓      ↓      ↓      ↓      ↓      ↓   7.59  18.86  26.94  33.69  40.47",
    "C": "      ↓      ↓      ↓      ↓      ↓      ↓   7.59  18.86  26.94  33.69  40.47",
    "D": "      ↓      ↓      ↓      ↓      ↓      ↓   7.59  18.86  26.94  33.69  40.47",
    "E": "      ↓      ↓      ↓      ↓      ↓      ↓   7.59  18.86  26.94  33.69  40.47",
    "F": "      ↓      ↓      ↓      ↓   1.49   5.46  10.88  16.41  22.84  29.43  36.79",
    "G": "      ↓      ↓  0.041   1.34   3.33   5.82    9.8  14.37  20.19  26.55  33.94",
    "H": "  0.087  0.421   1.06   2.13   3.54   5.34    8.4  12.19  17.34   23.3   30.5",
    "I": "  0.349  0.714   1.27   2.14   3.27   4.72   7.26  10.53  15.17  20.73  27.65",
    "J": "  0.491  0.839   1.33   2.09   3.06   4.32   6.55   9.48  13.74  18.97  25.63",
    "K": "  0.531  0.864   1.33   2.03   2.93    4.1   6.18   8.95  13.01  18.07  24.58",
    "L": "  0.551  0.874   1.32      2   2.86   3.97   5.98   8.65   12.6  17.55  23.97",
    "M": "  0.567  0.885   1.32   1.98   2.82   3.91   5.87   8.48  12.37  17.25  23.61",
    "N": "  0.503  0.778   1.16   1.73   2.47   3.44   5.21   7.61  11.23  15.87  21.99",
    "P": "  0.461  0.711   1.06   1.59   2.27   3.17   4.83    7.1  10.58  15.07  21.05",
}  # fmt: skip

SIGMA_NT: dict[str, str] = {
    # n:M per column 1..12
    "B": "         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓",
    "C": "         ↓         ↓         ↓         ↓         ↓         ↓    2:2.73     2:3.9    2:6.11    2:9.27   3:17.74   3:24.22",
    "D": "         ↓         ↓         ↓         ↓         ↓    2:1.28    2:2.23       2:3    3:7.56   3:10.79    3:15.6   4:22.97",
    "E": "         ↓         ↓         ↓    2:0.31    2:0.51    4:1.94    3:2.76    3:3.85    4:6.99    4:9.97   5:15.21    5:20.8",
    "F": "         ↓         ↓   3:0.369   3:0.568   3:0.959    4:1.88    4:2.58    4:3.87    5:6.05    5:8.92   6:13.89   7:19.46",
    "G": "   3:0.114    4:0.29   4:0.399   4:0.681    5:1.09    5:1.76    6:2.57    6:3.77    7:5.83    8:8.62   9:12.88  11:17.88",
    "H": "   4:0.161   5:0.296   5:0.445   6:0.721    6:1.14    7:1.75    7:2.62    8:3.68    9:5.68   10:8.43  12:12.35  14:17.36",
    "I": "    6:0.23   6:0.321   6:0.478   7:0.756    8:1.14     8:1.8    9:2.59   10:3.63    11:5.6   13:8.13  15:12.04  17:17.05",
    "J": "   7:0.226    8:0.33   9:0.469    9:0.76   10:1.14   11:1.73   12:2.49   14:3.43   15:5.34   18:7.72  20:11.57  24:16.23",
    "K": "  11:0.217  11:0.326  12:0.461  13:0.721   14:1.08   16:1.62   17:2.35   19:3.28   22:4.98   25:7.34  29:10.93  33:15.61",
    "L": "  15:0.211  16:0.308  17:0.438  19:0.673      21:1   23:1.51   25:2.19   28:3.05   32:4.68   36:6.95   42:10.4  49:14.87",
    "M": "  20:0.207  22:0.296  23:0.423  25:0.655   27:0.98   30:1.47   33:2.12   36:2.99   42:4.55   48:6.75  55:10.17  64:14.58",
    "N": "  30:0.193  31:0.283  34:0.397  37:0.615  40:0.921   44:1.39      49:2   54:2.82   61:4.35   73:6.48   82:9.76  95:14.09",
    "P": "  40:0.196  42:0.285  45:0.402   49:0.62   54:0.92   59:1.39      65:2   71:2.82   81:4.34   93:6.46  109:9.73 127:14.02",
}  # fmt: skip

SIGMA_R: dict[str, str] = {
    # n:M per column 1..11
    "B": "         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓",
    "C": "         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓",
    "D": "         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓",
    "E": "         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓         ↓",
    "F": "         ↓         ↓         ↓         ↓    2:2.73     2:3.9    2:6.11    2:9.27   3:17.74   3:24.22   4:33.67",
    "G": "         ↓         ↓         ↓    2:1.28    2:2.23       2:3    3:7.56   3:10.79    3:15.6   4:22.97   4:31.01",
    "H": "         ↓    2:0.31    2:0.51    3:1.94    3:2.76    3:3.85    4:6.99    4:9.97   5:15.21    5:20.8   6:28.64",
    "I": "   3:0.369   3:0.568   3:0.959    4:1.88    4:2.58    4:3.87    5:6.05    5:8.92   6:13.89   7:19.46   8:26.64",
    "J": "   4:0.399   4:0.681    5:1.09    5:1.76    6:2.57    6:3.77    7:5.83    8:8.62   9:12.88  11:17.88  12:24.88",
    "K": "   5:0.445   6:0.721    6:1.14    7:1.75    7:2.62    8:3.68    9:5.68   10:8.43  12:12.35  14:17.36  16:23.96",
    "L": "   6:0.478   7:0.756    8:1.14     8:1.8    9:2.59   10:3.63    11:5.6   13:8.13  15:12.04  17:17.05  20:23.43",
    "M": "   7:0.507   8:0.791    9:1.18   10:1.79   11:2.57   12:3.61   13:5.58   15:8.13  18:11.88  21:16.71  24:23.13",
    "N": "  12:0.461  13:0.721   14:1.08   16:1.62   17:2.35   19:3.28   22:4.98   25:7.34  29:10.93  33:15.61  38:21.77",
    "P": "  17:0.438  19:0.673      21:1   23:1.51   25:2.19   28:3.05   32:4.68   36:6.95   42:10.4  49:14.87   56:20.9",
}  # fmt: skip

EDITION_1980: dict[tuple[str, str, int], str] = {
    # (table, code letter, column): the 1980 token (Z1.9 B-1 and MIL-STD-414 agree)
    ("S_NT_M", "F", 1): "↓",  # tightened 0.10: to G (n 15)
    ("S_NT_M", "E", 2): "↓",  # normal 0.10, tightened 0.15: to G (n 15)
    ("S_NT_M", "F", 2): "↓",
    ("S_NT_M", "E", 3): "↓",  # normal 0.15, tightened 0.25: to F (n 10)
    ("S_NT_M", "D", 5): "↓",  # normal 0.40, tightened 0.65: to E (n 7)
    ("S_NT_K", "F", 1): "↓",
    ("S_NT_K", "E", 2): "↓",
    ("S_NT_K", "F", 2): "↓",
    ("S_NT_K", "E", 3): "↓",
    ("S_NT_K", "D", 5): "↓",
    ("S_R_M", "H", 1): "↓",  # reduced 0.10: to I (n 10), as normal 0.15 leads to F
    ("S_R_M", "G", 3): "↓",  # reduced 0.25: to H (n 7), as normal 0.40 leads to E
}
"""Cells where the 1980 edition differs from the AQLSchemes tables."""

UNCERTAIN: dict[tuple[str, str, int], str] = {
    ("S_R_M", "H", 3): "Reduced H, AQL 0.25: M 1.06 for n 7, where the normal table has 1.05 "
    "for n 7 at the next AQL (README check 4).",
    ("SIGMA_R", "H", 4): "Reduced H, AQL 0.40: n 3, M 1.94, where the normal table has M 1.94 "
    "with n 4 (README check 4).",
}
"""Cells a second source does not confirm; lookups that reach them say so."""
