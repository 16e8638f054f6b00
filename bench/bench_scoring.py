"""Satisfaction scoring: single and batch scoring, N/A answers, summarize, the t-quantile.

Every floor is the plain loop a developer would write over the same rows: one
dict lookup per answer and a sum, the grade band from an ``if`` chain, and for
not-applicable answers (``None``/``NaN``) the same rescaling rule (score over
the answered items, rescaled to 100, only if they carry at least 70% of the
weight). Its answers are asserted equal to ours before anything is timed.

``summarize`` over 1,000,000 scores: the floor computes the same mean
(``math.fsum``), standard deviation, grade counts, share below the corrective
threshold and per-item means with plain loops; the t-quantile behind the
mean's interval is a fixed cost, timed on its own (target <= 0.1 ms).
"""

from __future__ import annotations

import math
import random
import time

from _table import Case
from _timing import best_per_call, row

from qmscore.scoring import STANDARD_QUESTIONNAIRE, score_response, score_responses, summarize
from qmscore.scoring._dist import t_quantile

Q = STANDARD_QUESTIONNAIRE
LEVELS = [lv.key for lv in Q.levels]
PAIRS = [(i.key, dict(i.points)) for i in Q.items]
TABLE = [(i.key, dict(i.points), max(i.points.values()), i.weight) for i in Q.items]
GROUP = "satisfaction scoring"


def _rows(n: int, seed: int, na: float = 0.0) -> list[dict[str, str | None]]:
    """``n`` responses; each answer is None (not applicable) with probability ``na``."""
    rng = random.Random(seed)
    return [
        {key: (None if rng.random() < na else rng.choice(LEVELS)) for key, _p in PAIRS}
        for _ in range(n)
    ]


def _band(score: float) -> str:
    """The standard bands written plainly: A >= 90, B >= 75, C >= 60, D >= 35, else E."""
    if score >= 90:
        return "A"
    if score >= 75:
        return "B"
    if score >= 60:
        return "C"
    if score >= 35:
        return "D"
    return "E"


def floor_full(rows: list[dict[str, str | None]]) -> list[tuple[int, str, bool]]:
    """Total, grade and corrective flag of fully answered rows."""
    out = []
    for r in rows:
        total = sum([points[r[key]] for key, points in PAIRS])  # type: ignore[index]
        out.append((total, _band(total), total < 75))
    return out


def floor_na(rows: list[dict[str, str | None]]) -> list[tuple[int, float | None, str | None]]:
    """Total, normalized score and grade with None/NaN as not answered (70% weight rule)."""
    out: list[tuple[int, float | None, str | None]] = []
    for r in rows:
        total = possible = 0
        weight = 0.0
        for key, points, maximum, w in TABLE:
            level = r[key]
            if level is None or level != level:  # None or NaN: not answered
                continue
            total += points[level]
            possible += maximum
            weight += w
        if weight + 1e-9 < 0.70:
            out.append((total, None, None))
        else:
            score = total * 100 / possible
            out.append((total, score, _band(score)))
    return out


def floor_summary(values: list[float], rows: list[dict[str, str | None]]) -> dict[str, object]:
    """Mean, sd, grade counts, count below 75 and per-item mean points, plainly."""
    n = len(values)
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    counts = {"A": 0, "B": 0, "C": 0, "D": 0, "E": 0}
    below = 0
    for v in values:
        counts[_band(v)] += 1
        if v < 75:
            below += 1
    sums = dict.fromkeys([k for k, _p in PAIRS], 0)
    answered = dict.fromkeys([k for k, _p in PAIRS], 0)
    for r in rows:
        for key, points in PAIRS:
            level = r[key]
            if level is not None:
                sums[key] += points[level]
                answered[key] += 1
    means = {k: sums[k] / answered[k] for k in sums}
    return {"n": n, "mean": mean, "sd": sd, "counts": counts, "below": below, "items": means}


def _ours_summary(s: object) -> dict[str, object]:
    return {
        "n": s.n,  # type: ignore[attr-defined]
        "mean": s.mean,  # type: ignore[attr-defined]
        "sd": s.sd,  # type: ignore[attr-defined]
        "counts": dict(s.grade_counts),  # type: ignore[attr-defined]
        "below": round(s.below_corrective.estimate * s.n),  # type: ignore[attr-defined]
        "items": {i.key: i.mean_points for i in s.items},  # type: ignore[attr-defined]
    }


def _t_quantile_us() -> float:
    """Microseconds per t-quantile over the dfs summarize meets (2 .. 10^6 - 1)."""
    dfs = (2, 4, 9, 29, 99, 999, 9_999, 999_999, 7.5, 123.4)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for df in dfs:
            t_quantile(0.975, df)
        best = min(best, time.perf_counter() - start)
    return best / len(dfs) * 1e6


def bench_cases() -> list[Case]:
    """Single scoring, batch scoring with and without N/A, summarize, t-quantile."""
    single = _rows(20_000, 6)
    assert [
        (s.total, s.grade, s.needs_corrective_action) for s in map(score_response, single)
    ] == (floor_full(single))
    # 1,000,000 responses: a pool of 50,000 distinct rows, each referenced 20 times.
    pool = _rows(50_000, 7)
    many = pool * 20
    batch = score_responses(many)
    assert list(zip(batch.totals, batch.grades, batch.corrective, strict=True)) == floor_full(many)
    na_rows = _rows(100_000, 8, na=0.10)
    na_batch = score_responses(na_rows)
    assert list(zip(na_batch.totals, na_batch.normalized, na_batch.grades, strict=True)) == (
        floor_na(na_rows)
    )
    values = [float(t) for t in batch.totals]
    assert _ours_summary(summarize(batch)) == floor_summary(values, many)
    return [
        Case(
            "score_response (full result, reasons on demand)",
            ours=lambda: [score_response(r) for r in single],
            floor=lambda: floor_full(single),
            calls=len(single),
            target=5,
            group=GROUP,
        ),
        Case(
            "score_response, reasons read (zh and en)",
            ours=lambda: [score_response(r).reasons for r in single[:5_000]],
            floor=lambda: floor_full(single[:5_000]),
            calls=5_000,
            group=GROUP,
        ),
        Case(
            "score_responses (batch, 1M, all answered)",
            ours=lambda: score_responses(many),
            floor=lambda: floor_full(many),
            calls=len(many),
            target=2,
            repeat=2,
            group=GROUP,
        ),
        Case(
            "score_responses (batch, 100k, 10% N/A answers)",
            ours=lambda: score_responses(na_rows),
            floor=lambda: floor_na(na_rows),
            calls=len(na_rows),
            target=2,
            repeat=3,
            group=GROUP,
        ),
        Case(
            "summarize (1M scores)",
            ours=lambda: summarize(batch),
            floor=lambda: floor_summary([v for v in batch.normalized if v is not None], many),
            calls=len(many),
            target=1.5,
            repeat=2,
            group=GROUP,
        ),
        Case(
            "t-quantile (summarize's fixed cost; target 0.1 ms)",
            measure=_t_quantile_us,
            unit="us",
            target=100,
            group=GROUP,
        ),
    ]


def main() -> None:
    rows = _rows(50_000, 6) * 20
    pairs = [(i.key, i.points) for i in Q.items]

    def floor() -> None:
        for r in rows:
            sum([points[r[key]] for key, points in pairs])  # type: ignore[index]

    t_floor = best_per_call(floor, len(rows), 3)
    t_batch = best_per_call(lambda: score_responses(rows), len(rows), 3)
    sample = rows[:20_000]
    t_single = best_per_call(lambda: [score_response(r) for r in sample], len(sample), 3)
    batch = score_responses(rows)
    start = time.perf_counter()
    summary = summarize(batch)
    t_sum = time.perf_counter() - start
    print("\n## satisfaction scoring, 1,000,000 ten-item responses")
    print(row("score_responses (batch), per response", t_batch, t_floor, "minimal loop"))
    print(f"  -> batch / floor = {t_batch / t_floor:.2f}x (target <= 2x)")
    print(row("score_response (full result, lazy reasons)", t_single, t_floor, "minimal loop"))
    print(
        f"summarize over 1,000,000 scores: {t_sum:.2f} s "
        f"({t_sum / len(rows) * 1e6:.2f} us per response); mean {summary.mean:.2f}"
    )


if __name__ == "__main__":
    main()
