"""Dodge-Romig plans: brute-force optimality, y values, the 1959 tables, bad inputs."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import Any

import pytest
from scipy import optimize, stats

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.sampling import DodgeRomigPlan, dodge_romig_plan
from qmscore.sampling.dodge_romig import _hyper_cdf, _y_value

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(os.environ.get("QMSCORE_REFERENCE", ROOT.parent / "shared" / "reference"))
DR = REFERENCE / "sampling" / "dodge_romig" / "lot_size_DR.csv"


@pytest.mark.parametrize("c", [0, 1, 2, 5, 10, 20, 40])
def test_y_values_against_scipy(c: int) -> None:
    # y_c = max_x x P(X <= c; x); the tables' y_0 = 0.3679 (= 1/e), y_1 = 0.8400, y_2 = 1.371.
    best = optimize.minimize_scalar(
        lambda x: -x * stats.poisson.cdf(c, x), bounds=(0, c + 3), method="bounded"
    )
    assert _y_value(c) == pytest.approx(-best.fun, rel=1e-7)
    assert round(_y_value(0), 4) == 0.3679
    assert round(_y_value(1), 4) == 0.8400


@pytest.mark.parametrize(
    ("lot", "d", "n", "c"), [(100, 5, 20, 1), (400, 4, 175, 0), (50, 10, 10, 3)]
)
def test_hypergeometric_against_scipy(lot: int, d: int, n: int, c: int) -> None:
    assert _hyper_cdf(lot, float(d), n, c) == pytest.approx(
        stats.hypergeom.cdf(c, lot, d, n), rel=1e-10
    )


def test_ltpd_c0_by_hand() -> None:
    # N 400, LTPD 1% -> D 4: C(396, n) / C(400, n) <= 0.10.
    # n 175: 225*224*223*222 / (400*399*398*397) = 0.0989; n 174: 0.1006 (the table's 175).
    assert _hyper_cdf(400, 4.0, 175, 0) == pytest.approx(
        225 * 224 * 223 * 222 / (400 * 399 * 398 * 397), rel=1e-12
    )
    d = dodge_romig_plan(400, 0.0001, ltpd=0.01)
    assert (d.sample_size, d.accept) == (175, 0)


def _brute_ltpd(lot: int, pbar: float, pt: float, beta: float) -> tuple[float, int, int]:
    best = (float(lot), lot, -1)
    for n in range(1, lot):
        for c in range(n):
            if stats.binom.cdf(c, n, pt) > beta:
                break  # larger c only accepts more
            ati = n + (1 - stats.binom.cdf(c, n, pbar)) * (lot - n)
            if ati < best[0] - 1e-9:
                best = (ati, n, c)
    return best


@pytest.mark.parametrize(
    ("lot", "pbar", "pt"), [(200, 0.01, 0.05), (500, 0.02, 0.08), (300, 0.0, 0.1)]
)
def test_exact_ltpd_against_brute_force(lot: int, pbar: float, pt: float) -> None:
    ati, n, c = _brute_ltpd(lot, pbar, pt, 0.10)
    d = dodge_romig_plan(lot, pbar, ltpd=pt, model="exact")
    assert d.ati == pytest.approx(ati, rel=1e-9)
    assert (d.sample_size, d.accept) == (n, c)
    assert d.ltpd <= pt + 1e-9


def test_exact_aoql_is_met_and_reasons() -> None:
    d = dodge_romig_plan(1000, 0.01, aoql=0.02, model="exact")
    assert d.plan is not None
    n, c = d.sample_size, d.accept
    # AOQ(p) = p Pa(p) (N - n) / N on a fine grid stays under the AOQL found
    grid = max(
        p * stats.binom.cdf(c, n, p) * (1000 - n) / 1000
        for p in [i / 20000 for i in range(1, 4000)]
    )
    assert grid <= d.aoql + 1e-9
    assert d.aoql <= 0.02
    assert d.reasons[0].code == "sampling.dodge_romig"
    assert "平均总检验量" in d.reasons[0].zh


def test_inspect_all() -> None:
    # A 3-item lot at LTPD 10%: no sample below the lot meets beta 0.10.
    d = dodge_romig_plan(3, 0.01, ltpd=0.1)
    assert d.inspect_all
    assert (d.sample_size, d.accept, d.ati) == (3, 0, 3.0)
    assert d.reasons[0].code == "sampling.dodge_romig_all"
    assert isinstance(d, DodgeRomigPlan)


def _table_rows() -> list[dict[str, str]]:
    if not DR.exists():
        pytest.skip(f"reference data not found at {DR} (set QMSCORE_REFERENCE)")
    with DR.open() as f:
        return list(csv.DictReader(f))


# Process-average columns of the two tables (fractions): the file gives each
# column's upper end; the plan is computed at the column's midpoint.
_COLUMNS = {
    "AOQL": [0, 0.0006, 0.006, 0.012, 0.018, 0.024, 0.03],
    "LPTD": [0, 0.0001, 0.001, 0.002, 0.003, 0.004, 0.005],
}


def _agreement() -> tuple[int, int]:
    rows = _table_rows()
    same = 0
    for r in rows:
        kind, lot, upper = r["plan"], int(r["N"]), float(r["p"])
        cols = _COLUMNS[kind]
        pbar = (cols[cols.index(upper) - 1] + upper) / 2
        target: dict[str, Any] = {"aoql": 0.03} if kind == "AOQL" else {"ltpd": 0.01}
        d = dodge_romig_plan(lot, pbar, **target)
        got = ("na", 0) if d.inspect_all else (str(d.sample_size), d.accept)
        same += got == (r["n"], int(r["c"]))
    return same, len(rows)


def test_table_agreement_measured() -> None:
    # Measured 2026-11-23: 121 of 222 cells (54.5%) equal in both n and c.
    same, total = _agreement()
    assert total == 222
    assert same >= 121


@pytest.mark.xfail(
    strict=True,
    reason="issue 17 asks >= 95% of cells equal; the computation reaches 54.5% "
    "(docs/howto/scheme-and-special-plans.md lists why); not yet met",
)
def test_table_agreement_target() -> None:
    same, total = _agreement()
    assert same >= 0.95 * total


BAD: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({}, InvalidInputError, "exactly one of 'aoql' and 'ltpd'"),
    ({"aoql": 0.03, "ltpd": 0.01}, InvalidInputError, "exactly one"),
    ({"aoql": 0.0}, InvalidInputError, "'aoql' must be > 0.0"),
    ({"ltpd": 1.0}, InvalidInputError, "'ltpd' must be < 1.0"),
    ({"ltpd": 0.01, "beta": 0.0}, InvalidInputError, "'beta' must be > 0.0"),
    ({"ltpd": 0.01, "model": "poisson"}, InvalidInputError, "'model'"),
    ({"ltpd": 0.01, "model": 1}, InvalidTypeError, "'model'"),
    ({"ltpd": "0.01"}, InvalidTypeError, "'ltpd' must be a number"),
]


@pytest.mark.parametrize(("kwargs", "error", "fragment"), BAD)
def test_bad_inputs(kwargs: dict[str, Any], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        dodge_romig_plan(1000, 0.01, **kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("lot", "pbar", "error", "fragment"),
    [
        (1, 0.01, InvalidInputError, "'lot_size' must be >= 2"),
        (1000, 1.0, InvalidInputError, "'process_average' must be < 1.0"),
        (1000, -0.1, InvalidInputError, "'process_average' must be >= 0.0"),
        (1000.0, 0.01, InvalidTypeError, "'lot_size' must be an integer"),
    ],
)
def test_bad_lot_and_average(lot: Any, pbar: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        dodge_romig_plan(lot, pbar, aoql=0.03)
    assert fragment in str(info.value)


def test_no_nan_from_all_good_average() -> None:
    d = dodge_romig_plan(5000, 0.0, aoql=0.03)
    assert math.isfinite(d.ati)
