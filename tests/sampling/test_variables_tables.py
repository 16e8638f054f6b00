"""Every Z1.9 variables table cell against the reference files in ../shared/reference.

The library ships the master tables with arrows; these tests resolve each
cell and compare it with the plans resolved independently in the reference
CSVs (AQLSchemes arrays, the Z1.9-1980 B-1 transcription, MIL-STD-414 via
Planesmuestra). They skip when the reference folder is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qmscore.sampling import lookup_variables_plan, variables_code_letter
from qmscore.sampling.variables import VARIABLES_AQLS, _resolve

SEVERITIES = ("normal", "tightened", "reduced")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _aql(text: str) -> int:
    return VARIABLES_AQLS.index(float(text))


@pytest.fixture(scope="module")
def folder(reference: Path) -> Path:
    return reference / "sampling" / "variables"


def test_code_letters_every_cell(folder: Path) -> None:
    rows = _rows(folder / "z19_code_letters.csv")
    assert len(rows) == 16
    checked = 0
    for row in rows:
        lots = [int(row["lot_min"])]
        if row["lot_max"]:
            lots.append(int(row["lot_max"]))
        for level in ("S-3", "S-4", "I", "II", "III"):
            for lot in lots:
                assert variables_code_letter(lot, level) == row[level], (lot, level)
                checked += 1
    assert checked == 15 * 2 * 5 + 5  # both ends of 15 closed classes, the open one's start


@pytest.mark.parametrize("edition", ["aqlschemes", "1980"])
def test_s_method_every_cell(folder: Path, edition: str) -> None:
    rows = _rows(folder / "z19_s_method_plans.csv")
    assert len(rows) == 462
    for r in rows:
        cell = _resolve("s", r["severity"], edition, r["code"], _aql(r["aql"]))
        where = (edition, r["severity"], r["aql"], r["code"])
        if edition == "1980" and r["conflict"] == "yes":
            # The 1980 / MIL-STD-414 arrow: the README's alt_* plan.
            assert cell.code == r["alt_plan_code"], where
            assert cell.n == int(float(r["alt_n"])), where
            assert cell.m == float(r["alt_M_pct"]), where
            expected_k = float(r["alt_k_published"]) if r["alt_k_published"] else None
            assert cell.k == expected_k, where
            continue
        assert cell.code == r["plan_code"], where
        assert cell.n == int(r["n"]), where
        assert cell.m == float(r["M_pct"]), where
        if r["k_published"]:
            assert cell.k == float(r["k_published"]), where
        else:
            # No published k: reduced rows, and the AQLSchemes-only small plans.
            assert cell.k is None, where
            assert r["severity"] == "reduced" or r["conflict"] == "yes", where


def test_sigma_method_every_cell(folder: Path) -> None:
    rows = _rows(folder / "z19_sigma_method_plans.csv")
    assert len(rows) == 462
    for r in rows:
        for edition in ("1980", "aqlschemes"):
            cell = _resolve("sigma", r["severity"], edition, r["code"], _aql(r["aql"]))
            where = (edition, r["severity"], r["aql"], r["code"])
            assert (cell.n, cell.m) == (int(r["n"]), float(r["M_pct"])), where
            assert cell.code == r["plan_code_inferred"], where
            assert cell.k is None


def test_k_from_m_matches_the_reference(folder: Path) -> None:
    # The README's k_from_M (AQLSchemes' formula, R qbeta / qnorm) for every cell.
    for name, method in (("z19_s_method_plans.csv", "s"), ("z19_sigma_method_plans.csv", "sigma")):
        for r in _rows(folder / name):
            plan = lookup_variables_plan(
                1000, r["aql"], inspection=r["severity"], method=method, edition="aqlschemes"
            )
            cell = _resolve(method, r["severity"], "aqlschemes", r["code"], _aql(r["aql"]))
            k = type(plan)(cell.n, cell.m, method=method).k_from_m
            assert k == pytest.approx(float(r["k_from_M"]), rel=1e-11, abs=1e-12), r


def test_mil_std_414_k_for_the_same_plans(folder: Path) -> None:
    # Second source: MIL-STD-414 Table B-1 (Planesmuestra), arrows resolved in
    # plan414_*. Wherever a Z1.9 code has the same n, the 1980 edition gives
    # the MIL-STD-414 plan: its n, and k equal to the printed k.
    checked = 0
    for r in _rows(folder / "check_milstd414_k_plans_vs_aqlschemes.csv"):
        if not r["z19_code"] or float(r["aql"]) not in VARIABLES_AQLS:
            continue
        cell = _resolve("s", r["severity"], "1980", r["z19_code"], _aql(r["aql"]))
        assert cell.n == int(r["plan414_n"]), r
        assert cell.k == float(r["plan414_k"]), r
        checked += 1
    assert checked == 236 + 43 + 29


def test_phat_grid(folder: Path) -> None:
    from qmscore.sampling import estimate_nonconforming

    rows = _rows(folder / "phat_s_method_beta.csv")
    assert len(rows) == 105
    for r in rows:
        got = estimate_nonconforming(float(r["Q"]), int(r["n"]))
        # 15 significant digits in the file; lgamma cancellation costs ~1e-13 at n = 200.
        assert got == pytest.approx(float(r["p_hat"]), rel=2e-12, abs=1e-15), r


def test_check_file_phat_at_published_k(folder: Path) -> None:
    from qmscore.sampling import estimate_nonconforming

    for r in _rows(folder / "check_phat_formula_vs_z19_k_and_M.csv"):
        got = 100 * estimate_nonconforming(float(r["k_published"]), int(r["n"]))
        assert got == pytest.approx(float(r["phat_pct_at_k"]), rel=1e-12), r
