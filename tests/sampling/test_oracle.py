"""Every plan and code letter against independent transcriptions in ../shared/reference.

The library ships its own tables in the standard's arrow form; these tests
resolve them and compare with data dumped from other projects, resolved there.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from qmscore.errors import OutOfTableError
from qmscore.sampling import code_letter, lookup_plan
from qmscore.sampling.lookup import _resolve
from qmscore.sampling.plans import normalize_aql

# Code letter -> a lot size in its Table I row at level II (lookup_plan takes lots).
CODES = "ABCDEFGHJKLMNPQR"

# The z14 dump pairs code F's sample size with code E's numbers in Table IV-A
# at AQL 100 and 150; codes G..R in the same columns resolve (↑) to code E's
# plan with n = 3, so F, above them, can only be an arrow to E as well.
DUMP_DEFECTS = {("multiple", "normal", "F", "100"), ("multiple", "normal", "F", "150")}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _z14_plans(reference: Path) -> dict[tuple[str, str, str, str], list[dict[str, str]]]:
    plans: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in _rows(reference / "sampling" / "z14_plans_resolved.csv"):
        plans[(r["scheme"], r["severity"], r["code"], r["aql"])].append(r)
    return plans


def _expected(
    plans: dict[tuple[str, str, str, str], list[dict[str, str]]], key: tuple[str, str, str, str]
) -> list[tuple[int, int | None, int]]:
    scheme, severity, code, aql = key
    rows = plans[key]
    n = int(rows[0]["n"])
    if (scheme == "double" and n == 0) or (scheme == "multiple" and n == -1):
        return _expected(plans, ("single", severity, code, aql))
    if scheme == "multiple" and n == -2:
        return _expected(plans, ("double", severity, code, aql))
    return [
        (int(r["n"]), None if int(r["ac"]) == -1 else int(r["ac"]), int(r["re"])) for r in rows
    ]


def test_every_z14_plan_matches_the_resolved_dump(reference: Path) -> None:
    plans = _z14_plans(reference)
    assert len(plans) == 3744
    rows_checked = 0
    mismatches = []
    for key in plans:
        scheme, severity, code, aql = key
        got = _resolve("z1.4", scheme, severity, code, normalize_aql(aql))
        stages = [(s.sample_size, s.accept, s.reject) for s in got.stages]
        expected = _expected(plans, key)
        rows_checked += len(plans[key])
        if key in DUMP_DEFECTS:
            # Right answer: code E's plan, n = 3 per stage, same numbers.
            assert stages == [(3, ac, re) for _, ac, re in expected]
            continue
        if stages != expected:
            mismatches.append((key, stages, expected))
    assert rows_checked == 12480
    assert mismatches == []


def test_multiple_normal_F_defect_is_what_the_comment_says(reference: Path) -> None:
    plans = _z14_plans(reference)
    for aql in ("100", "150"):
        f_rows = plans[("multiple", "normal", "F", aql)]
        e_rows = plans[("multiple", "normal", "E", aql)]
        g_rows = plans[("multiple", "normal", "G", aql)]
        assert {r["n"] for r in f_rows} == {"5"}
        assert {r["n"] for r in e_rows} == {"3"} == {r["n"] for r in g_rows}
        numbers = [(r["ac"], r["re"]) for r in f_rows]
        assert (
            numbers == [(r["ac"], r["re"]) for r in e_rows] == [(r["ac"], r["re"]) for r in g_rows]
        )


def test_lookup_plan_agrees_with_resolve_for_each_code(reference: Path) -> None:
    # lookup_plan goes through Table I; pick the first lot size of each level II row.
    lots = {code: lot for lot, code in _level_ii_rows(reference)}
    plans = _z14_plans(reference)
    for code, lot in lots.items():
        for aql in ("0.010", "1.0", "6.5", "100"):
            for scheme in ("single", "double", "multiple"):
                plan = lookup_plan(lot, aql, scheme=scheme, inspection="tightened")
                expected = _expected(plans, (scheme, "tightened", code, aql))
                if (scheme, "tightened", code, aql) not in DUMP_DEFECTS:
                    assert [(s.sample_size, s.accept, s.reject) for s in plan.stages] == expected


def _level_ii_rows(reference: Path) -> list[tuple[int, str]]:
    return [
        (int(r["lot_min"]), r["II"])
        for r in _rows(reference / "sampling" / "z14_code_letters.csv")
    ]


def test_all_105_code_letter_cells(reference: Path) -> None:
    rows = _rows(reference / "sampling" / "z14_code_letters.csv")
    assert len(rows) == 15
    cells = 0
    for r in rows:
        lot_min = int(r["lot_min"])
        lot_max = int(r["lot_max"]) if r["lot_max"] else 10_000_000
        for level in ("S-1", "S-2", "S-3", "S-4", "I", "II", "III"):
            for lot in {lot_min, lot_max, (lot_min + lot_max) // 2}:
                assert code_letter(lot, level) == r[level], (lot, level)
            cells += 1
    assert cells == 105


# ISO tables: GB/T 2828.1-2012 transcription, with initial and final code letters.
UNRESOLVED = ("2-B", "A", "10")


def _iso_rows(reference: Path) -> list[dict[str, str]]:
    return _rows(reference / "sampling" / "iso2859_1999" / "single_2ABC_resolved.csv")


def test_iso_single_plans_2A_2B_2C(reference: Path) -> None:
    rows = _iso_rows(reference)
    checked = 0
    for r in rows:
        if not r["final_code"] or r["initial_code"] == "S":
            continue  # the tightened S row is only reached through arrows
        got = _resolve(
            "iso2859-1", "single", r["state"], r["initial_code"], normalize_aql(r["aql"])
        )
        stage = got.stages[0]
        assert (got.code, stage.sample_size, stage.accept, stage.reject) == (
            r["final_code"],
            int(r["n"]),
            int(r["ac"]),
            int(r["re"]),
        ), r
        checked += 1
    assert checked == 416 * 3


def test_iso_normal_and_tightened_equal_z14_except_the_unresolved_cell(reference: Path) -> None:
    for r in _iso_rows(reference):
        if not r["final_code"] or r["initial_code"] == "S" or r["table"] == "2-C":
            continue
        args = ("single", r["state"], r["initial_code"], normalize_aql(r["aql"]))
        same = _resolve("iso2859-1", *args).stages == _resolve("z1.4", *args).stages
        assert same == ((r["table"], r["initial_code"], r["aql"]) != UNRESOLVED)


def test_iso_reduced_has_no_gap_and_z14_reduced_has_gaps() -> None:
    iso = [_resolve("iso2859-1", "single", "reduced", c, a) for c in CODES for a in range(26)]
    z14 = [_resolve("z1.4", "single", "reduced", c, a) for c in CODES for a in range(26)]
    assert all(p.stages[-1].reject == p.stages[-1].accept + 1 for p in iso)  # type: ignore[operator]
    assert any(p.stages[-1].reject > p.stages[-1].accept + 1 for p in z14)  # type: ignore[operator]


def test_the_unresolved_cell_says_so_in_both_editions() -> None:
    for std in ("z1.4", "iso2859-1"):
        plan = lookup_plan(2, 10, inspection="tightened", standard=std)
        assert "sampling.unresolved_cell" in [r.code for r in plan.reasons]


@pytest.mark.parametrize(
    ("scheme", "inspection", "table"),
    [
        ("double", "reduced", "Table 3-C"),
        ("multiple", "normal", "Table 4-A"),
        ("multiple", "tightened", "Table 4-B"),
        ("multiple", "reduced", "Table 4-C"),
    ],
)
def test_iso_tables_without_a_source_raise_naming_the_table(
    scheme: str, inspection: str, table: str
) -> None:
    with pytest.raises(OutOfTableError, match=table):
        lookup_plan(500, 1.0, scheme=scheme, inspection=inspection, standard="gb2828.1")  # type: ignore[arg-type]
