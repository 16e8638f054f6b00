"""Survey analytics: NPS interval coverage per method, and speed on 100,000 responses.

Coverage study (nominal 95%): for each true (promoter, detractor) share on
the grid and each n, the deterministic methods (adjusted Wald, score, Wald)
are measured *exactly*, by enumerating every trinomial outcome with
probability above 1e-10 and adding the probability of those whose interval
holds the true NPS; the seeded methods (bootstrap, Bayes) by simulation
(``REPS`` seeded samples per cell, ``DRAWS`` draws per interval; Monte Carlo
standard error about 1.5 points at 200 samples). The table prints the mean
and the range over the grid per method and n.

Speed: every survey-analytics function on 100,000 responses, one call each.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable

from _table import Case

from qmscore.scoring import NPS_METHODS, nps_counts

GRID = (
    (0.20, 0.60),
    (0.30, 0.30),
    (0.40, 0.20),
    (0.50, 0.20),
    (0.50, 0.10),
    (0.60, 0.10),
    (0.70, 0.10),
)
"""True (promoter share, detractor share) pairs: NPS -40 to +60."""

NS = (10, 30, 100, 300, 1000)
EXACT = ("adjusted_wald", "score", "wald")
REPS = 200
DRAWS = 1000
CUTOFF = 1e-10


def _log_pmf(n: int, b: int, c: int, lp: float, ld: float, lm: float) -> float:
    m = n - b - c
    return (
        math.lgamma(n + 1)
        - math.lgamma(b + 1)
        - math.lgamma(c + 1)
        - math.lgamma(m + 1)
        + b * lp
        + c * ld
        + m * lm
    )


def exact_coverage(method: str, n: int, p: float, d: float) -> float:
    """P(interval holds p - d), summed over every outcome above the cutoff."""
    truth = 100 * (p - d)
    lp, ld, lm = math.log(p), math.log(d), math.log(1 - p - d)
    sd_b, sd_c = math.sqrt(n * p * (1 - p)), math.sqrt(n * d * (1 - d))
    covered = 0.0
    for b in range(max(0, int(n * p - 8 * sd_b) - 1), min(n, int(n * p + 8 * sd_b) + 2) + 1):
        for c in range(
            max(0, int(n * d - 8 * sd_c) - 1), min(n - b, int(n * d + 8 * sd_c) + 2) + 1
        ):
            prob = math.exp(_log_pmf(n, b, c, lp, ld, lm))
            if prob < CUTOFF:
                continue
            r = nps_counts(b, n - b - c, c, method=method)
            if r.low <= truth <= r.high:
                covered += prob
    return covered


def simulated_coverage(method: str, n: int, p: float, d: float, seed: int) -> float:
    rng = random.Random(seed)
    truth = 100 * (p - d)
    hits = 0
    for rep in range(REPS):
        b = c = 0
        for _ in range(n):
            u = rng.random()
            if u < p:
                b += 1
            elif u < p + d:
                c += 1
        r = nps_counts(b, n - b - c, c, method=method, seed=rep, draws=DRAWS)
        hits += r.low <= truth <= r.high
    return hits / REPS


def coverage_table() -> dict[tuple[str, int], list[float]]:
    table: dict[tuple[str, int], list[float]] = {}
    for method in NPS_METHODS:
        for n in NS:
            cells = []
            for k, (p, d) in enumerate(GRID):
                if method in EXACT:
                    cells.append(exact_coverage(method, n, p, d))
                else:
                    cells.append(simulated_coverage(method, n, p, d, seed=1000 * n + k))
            table[method, n] = cells
    return table


def print_coverage() -> None:
    print("\n## NPS interval coverage at nominal 95% (mean [min, max] over the grid)")
    print(f"grid of (promoters, detractors): {GRID}")
    print(f"exact for {EXACT}; seeded simulation ({REPS} samples, {DRAWS} draws) otherwise")
    table = coverage_table()
    header = "| method | " + " | ".join(f"n = {n}" for n in NS) + " |"
    print(header)
    print("|" + "---|" * (len(NS) + 1))
    for method in NPS_METHODS:
        cells = []
        for n in NS:
            v = table[method, n]
            cells.append(f"{100 * sum(v) / len(v):.1f} [{100 * min(v):.1f}, {100 * max(v):.1f}]")
        print(f"| {method} | " + " | ".join(cells) + " |")


def _time(name: str, fn: Callable[[], object]) -> None:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    flag = "ok" if elapsed < 1.0 else "SLOW (target < 1 s)"
    print(f"{name:<56} {elapsed * 1000:8.1f} ms  {flag}")


def cases() -> list[tuple[str, Callable[[], object]]]:
    """Every survey-analytics function on 100,000 responses (scored once, outside the timing)."""
    from qmscore.scoring import (
        STANDARD_QUESTIONNAIRE,
        compare_competitor,
        compare_waves,
        loyalty,
        nps_difference,
        nps_interval,
        plan_margin,
        proportion_difference,
        sample_size_mean,
        sample_size_nps,
        sample_size_proportion,
        score_responses,
        stratified_sample_size,
        summarize,
        trend,
        weighted_nps,
        welch_difference,
    )

    n = 100_000
    rng = random.Random(18)
    q = STANDARD_QUESTIONNAIRE
    levels = [lv.key for lv in q.levels]
    rows = [{i.key: rng.choice(levels[:4]) for i in q.items} for _ in range(n)]
    april = score_responses(rows)
    october = score_responses([{k: rng.choice(levels) for k in r} for r in rows])
    ltr = [rng.randrange(11) for _ in range(n)]
    ltr2 = [rng.randrange(11) for _ in range(n)]
    grades = [("A", "B", "C")[k % 3] for k in range(n)]
    weights = [{"A": 1.0, "B": 2.0, "C": 5.0}[g] for g in grades]
    values = [v for v in april.normalized if v is not None]
    quarter = n // 4
    periods = [values[k * quarter : (k + 1) * quarter] for k in range(4)]
    batches = [score_responses(rows[k * quarter : (k + 1) * quarter]) for k in range(4)]
    out: list[tuple[str, Callable[[], object]]] = [
        (f"nps_interval method={m}", lambda m=m: nps_interval(ltr, method=m)) for m in NPS_METHODS
    ]
    out += [
        ("weighted_nps (3 strata)", lambda: weighted_nps(ltr, weights, strata=grades)),
        (
            "summarize with design weights (3 strata)",
            lambda: summarize(
                april,
                weights=weights,
                strata=grades,
                stratum_sizes={"A": 33334, "B": 66666, "C": 166665},
            ),
        ),
        ("welch_difference", lambda: welch_difference(values, values[::-1])),
        ("proportion_difference", lambda: proportion_difference(30_000, n, 32_000, n)),
        ("nps_difference", lambda: nps_difference(ltr, ltr2)),
        (
            "compare_waves (100,000 vs 100,000, with NPS)",
            lambda: compare_waves(april, october, nps_before=ltr, nps_after=ltr2),
        ),
        ("trend over 4 periods of 25,000 numbers", lambda: trend(periods)),
        ("trend over 4 batches of 25,000 (with items)", lambda: trend(batches)),
        ("compare_competitor (100,000 vs 100,000)", lambda: compare_competitor(april, october)),
        ("loyalty", lambda: loyalty(april)),
        ("sample_size_mean", lambda: sample_size_mean(0.05, 12.0)),
        ("sample_size_proportion", lambda: sample_size_proportion(0.003)),
        ("sample_size_nps", lambda: sample_size_nps(0.5, promoters=0.5, detractors=0.2)),
        (
            "stratified_sample_size (3 strata, N = 100,000)",
            lambda: stratified_sample_size(0.1, {"A": 10_000, "B": 30_000, "C": 60_000}, sd=12.0),
        ),
        (
            "plan_margin (3 strata)",
            lambda: plan_margin(
                {"A": 10_000, "B": 15_000, "C": 12_000},
                {"A": 10_000, "B": 30_000, "C": 60_000},
                sd=12.0,
            ),
        ),
    ]
    return out


def print_speed() -> None:
    print("\n## survey analytics on 100,000 responses (one call each; target < 1 s)")
    for name, fn in cases():
        _time(name, fn)


def _nps_floor(scores: list[int]) -> tuple[float, float, float]:
    """Plain adjusted-Wald NPS (Rocks 2016): count, add 3/4 per tail and 3 to n, Wald."""
    pro = det = 0
    for s in scores:
        if s >= 9:
            pro += 1
        elif s <= 6:
            det += 1
    n = len(scores)
    na = n + 3
    pa, da = (pro + 0.75) / na, (det + 0.75) / na
    est = pa - da
    half = 1.959963984540054 * math.sqrt(max(0.0, pa + da - est * est) / na)
    return 100 * (pro - det) / n, 100 * (est - half), 100 * (est + half)


def bench_cases() -> list[Case]:
    """Survey analytics rows for the one table: NPS interval against a plain count."""
    from qmscore.scoring import nps_interval

    rng = random.Random(18)
    ltr = [rng.randrange(11) for _ in range(100_000)]
    ours = nps_interval(ltr, method="adjusted_wald")
    est, low, high = _nps_floor(ltr)
    assert math.isclose(ours.estimate, est, abs_tol=1e-9), (ours.estimate, est)
    assert math.isclose(ours.low, low, abs_tol=1e-9)
    assert math.isclose(ours.high, high, abs_tol=1e-9)
    return [
        Case(
            "nps_interval adjusted Wald (100k answers)",
            ours=lambda: nps_interval(ltr, method="adjusted_wald"),
            floor=lambda: _nps_floor(ltr),
            repeat=3,
            group="survey analytics",
        )
    ]


def main() -> None:
    print_speed()
    if "--speed-only" not in sys.argv:
        print_coverage()


if __name__ == "__main__":
    main()
