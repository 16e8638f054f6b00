"""ISO 2859-1:1999 = GB/T 2828.1-2012 single sampling tables 2-A, 2-B and 2-C.

2-A and 2-B share their content with MIL-STD-105E Tables II-A and II-B: two
independent transcriptions agree in every cell of 2-A and in all but one cell
of 2-B (code A, AQL 10; see ``unresolved``). 2-C (reduced) differs from Z1.4:
it has no Ac/Re gap.
"""

from __future__ import annotations

from qmscore.explain import Source
from qmscore.sampling._tables import z14_single
from qmscore.sampling._tables._model import RawTable, with_cell

_DOC = "ISO 2859-1:1999 / GB/T 2828.1-2012"

NORMAL = z14_single.NORMAL.replace(
    source=Source(
        _DOC,
        table="Table 2-A",
        note="Same content as MIL-STD-105E Table II-A; all 416 cells confirmed by two "
        "independent transcriptions.",
    )
)

TIGHTENED = z14_single.TIGHTENED.replace(
    source=Source(
        _DOC,
        table="Table 2-B",
        note="Same content as MIL-STD-105E Table II-B except code A, AQL 10 (unresolved).",
    ),
    rows={
        **z14_single.TIGHTENED.rows,
        # The GB/T 2828.1-2012 scan transcription reads a 0/1 plan here.
        "A": with_cell(z14_single.TIGHTENED.rows["A"], "10", "0/1"),
    },
)

_ISO_2C = Source(
    _DOC,
    table="Table 2-C",
    note="From one transcription of a GB/T 2828.1-2012 scan. AQL 1.0, 1.5 and 2.5 columns "
    "confirmed by two or three sources; other columns single-source.",
    confidence="single-source",
)

REDUCED = RawTable(
    name="REDUCED",
    scheme="single",
    inspection="reduced",
    stages=1,
    source=_ISO_2C,
    sample_sizes={
        "A": 2,
        "B": 2,
        "C": 2,
        "D": 3,
        "E": 5,
        "F": 8,
        "G": 13,
        "H": 20,
        "J": 32,
        "K": 50,
        "L": 80,
        "M": 125,
        "N": 200,
        "P": 315,
        "Q": 500,
        "R": 800,
    },
    rows={
        #     0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65   1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650  1000
        "A": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31",
        "B": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31",
        "C": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11 14/15 21/22     ↑",
        "D": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11 14/15 21/22     ↑     ↑",
        "E": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11 14/15 21/22     ↑     ↑     ↑",
        "F": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑",
        "G": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "H": "     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "J": "     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "K": "     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "L": "     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "M": "     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "N": "     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "P": "     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "Q": "   0/1     ↑     ↑     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
        "R": "     ↑     ↑     ↑   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    },
)
