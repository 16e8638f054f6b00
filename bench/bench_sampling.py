"""The sampling hot calls against their plain-Python floors (issue 15).

Each floor is the same answer written plainly, with lists and dicts and no
validation, in this one process: a comparison with Ac for ``judge``, a bisect
and a dict of pre-resolved plans for ``lookup_plan``, a term recurrence for
``accept_probability``, the same grid and golden-section search for ``aoql``.
Every floor's answers are asserted equal to ours (floats to 1e-12) before
anything is timed. No third-party package returns complete, arrow-correct
Z1.4 plans or lot decisions to compare against; scipy's per-call cdf is
~50 us, so it is left out of the scalar rows (bench_oc.py has it vectorised).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable

from _table import Case
from _timing import best_per_call, row
from bench_oc import floor_binomial, floor_poisson

from qmscore import sampling
from qmscore.sampling import SamplingPlan, accept_probability, aoql, judge, lookup_plan
from qmscore.sampling._tables import code_letters

GROUP = "sampling"
LOTS = 100_000


# ------------------------------------------------------------------ judge


def _judge_case() -> Case:
    rng = random.Random(2859)
    plan = lookup_plan(1000, 1.5)  # code J: n 80, Ac 3, Re 4
    ac = plan.accept
    counts = [[rng.randint(0, 5)] for _ in range(LOTS)]

    # As users call them in bulk: one answer per lot, used and dropped (the
    # timed loops keep nothing, so allocation and GC of 100k kept objects do
    # not swamp the call; the answers are compared first).
    def ours() -> None:
        for c in counts:
            judge(plan, c)

    def floor() -> None:
        for c in counts:
            "accept" if c[0] <= ac else "reject"

    assert [judge(plan, c).decision for c in counts] == [
        "accept" if c[0] <= ac else "reject" for c in counts
    ]
    return Case(
        "judge (single plan, 100k lots)",
        ours,
        floor,
        calls=LOTS,
        target=10.0,
        repeat=15,
        group=GROUP,
    )


# ------------------------------------------------------------------ lookup


def _lookup_queries() -> list[tuple[int, float]]:
    rng = random.Random(2859)
    return [(rng.randint(2, 1_000_000), rng.choice(sampling.AQL_VALUES)) for _ in range(LOTS)]


def _lookup_case() -> Case:
    queries = _lookup_queries()
    aqls = sampling.AQL_VALUES
    minima = [r[0] for r in code_letters.ROWS]
    letters = [r[1].split()[5] for r in code_letters.ROWS]  # level II
    table: dict[tuple[str, float], tuple[int, int, int]] = {}
    for code_row, code in enumerate(letters):
        for aql in aqls:
            plan = lookup_plan(minima[code_row], aql)
            table[(code, aql)] = (plan.sample_size, plan.accept, plan.reject)

    def ours() -> None:
        for lot, aql in queries:
            lookup_plan(lot, aql)

    def floor() -> None:
        for lot, aql in queries:
            table[(letters[bisect.bisect_right(minima, lot) - 1], aql)]

    for lot, aql in queries:
        plan = lookup_plan(lot, aql)
        assert (plan.sample_size, plan.accept, plan.reject) == table[
            (letters[bisect.bisect_right(minima, lot) - 1], aql)
        ]
    return Case(
        "lookup_plan (100k random lots 2..1e6, random AQL)",
        ours,
        floor,
        calls=LOTS,
        target=5.0,
        repeat=15,
        group=GROUP,
    )


# --------------------------------------------------------- accept_probability


# The floors are bench_oc's (the term recurrences, plainly).
_floor_binomial = floor_binomial
_floor_poisson = floor_poisson


def _close(a: list[float], b: list[float], rel: float = 1e-12) -> bool:
    return len(a) == len(b) and all(
        abs(x - y) <= rel * max(abs(x), abs(y)) for x, y in zip(a, b, strict=True)
    )


def _pa_cases() -> list[Case]:
    rng = random.Random(2859)
    ps = [rng.uniform(0.0, 0.1) for _ in range(20_000)]
    plan = SamplingPlan.from_stages([(125, 3, 4)])
    poisson_plan = SamplingPlan.from_stages([(125, 3, 4)], counts="nonconformities")
    cases = []
    for name, the_plan, floor_fn in (
        ("binomial", plan, _floor_binomial),
        ("poisson", poisson_plan, _floor_poisson),
    ):

        def ours(the_plan: SamplingPlan = the_plan) -> list[float]:
            out = []
            for p in ps:
                out.append(accept_probability(the_plan, p))
            return out

        def floor(fn: Callable[[int, int, list[float]], list[float]] = floor_fn) -> list[float]:
            return fn(125, 3, ps)

        assert _close(ours(), floor())
        cases.append(
            Case(
                f"accept_probability {name} (n 125, Ac 3, 20k p)",
                ours,
                floor,
                calls=len(ps),
                target=3.0,
                group=GROUP,
            )
        )
    return cases


# ------------------------------------------------------------------ aoql

_AOQL_PLANS = ((89, 2), (125, 3), (50, 1), (200, 5), (80, 2))
_AOQL_LOT = 10_000
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def floor_aoql(n: int, c: int, lot: int, grid: int = 400) -> tuple[float, float]:
    """AOQL of a single binomial plan, the same method written plainly.

    Bisect for Pa = 0.001, scan ``grid`` + 1 points up to 1.5 times that p,
    then golden-section search between the best point's neighbours (tolerance
    1e-13 relative), AOQ = p Pa(p) (N - n) / N.
    """

    def pa(p: float) -> float:
        q = 1.0 - p
        term = q**n
        total = term
        for k in range(c):
            term = term * (n - k) / (k + 1) * p / q
            total += term
        return total

    share = (lot - n) / lot

    def aoq(p: float) -> float:
        return p * pa(p) * share

    lo, hi = 0.0, 1.0
    while True:
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if pa(mid) > 0.001:
            lo = mid
        else:
            hi = mid
    top = min(mid * 1.5, 1.0)
    xs = [top * i / grid for i in range(grid + 1)]
    values = [aoq(x) for x in xs]
    i = max(range(len(values)), key=values.__getitem__)
    a, b = xs[max(i - 1, 0)], xs[min(i + 1, grid)]
    x1, x2 = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    f1, f2 = aoq(x1), aoq(x2)
    while b - a > 1e-13 * max(1.0, abs(a) + abs(b)):
        if f1 < f2:
            a, x1, f1 = x1, x2, f2
            x2 = a + _GOLDEN * (b - a)
            f2 = aoq(x2)
        else:
            b, x2, f2 = x2, x1, f1
            x1 = b - _GOLDEN * (b - a)
            f1 = aoq(x1)
    x = (a + b) / 2.0
    return aoq(x), x


def _aoql_case() -> Case:
    plans = [SamplingPlan.from_stages([(n, c, c + 1)]) for n, c in _AOQL_PLANS]

    def ours() -> list[tuple[float, float]]:
        out = []
        for plan in plans:
            result = aoql(plan, lot_size=_AOQL_LOT)
            out.append((result.aoql, result.p))
        return out

    def floor() -> list[tuple[float, float]]:
        return [floor_aoql(n, c, _AOQL_LOT) for n, c in _AOQL_PLANS]

    for (ours_q, ours_p), (floor_q, floor_p) in zip(ours(), floor(), strict=True):
        assert abs(ours_q - floor_q) <= 1e-12 * floor_q, (ours_q, floor_q)
        assert abs(ours_p - floor_p) <= 1e-6 * floor_p, (ours_p, floor_p)
    return Case(
        "aoql binomial (5 single plans, N 10000)",
        ours,
        floor,
        calls=len(plans),
        target=2.0,
        group=GROUP,
    )


def bench_cases() -> list[Case]:
    """The sampling rows of the table: judge, lookup_plan, Pa, AOQL."""
    return [_judge_case(), _lookup_case(), *_pa_cases(), _aoql_case()]


def main() -> None:
    """Details: lookups per second, the multiple-plan lookup, a double plan's judge."""
    queries = _lookup_queries()

    def ours() -> None:
        for lot, aql in queries:
            lookup_plan(lot, aql)

    t_ours = best_per_call(ours, len(queries))
    print("\n## sampling plan lookup (100,000 random lots 2..1e6, random AQL, level II)")
    print(row("lookup_plan (single, normal)", t_ours))
    print(f"  -> {1 / t_ours:,.0f} lookups/s")

    def ours_multiple() -> None:
        for lot, aql in queries:
            lookup_plan(lot, aql, scheme="multiple", inspection="tightened")

    ours_multiple()
    print(row("lookup_plan (multiple, tightened)", best_per_call(ours_multiple, len(queries))))

    rng = random.Random(2859)
    plan = lookup_plan(1000, 1.5, scheme="double")
    counts = [[rng.randint(0, 5)] for _ in range(LOTS)]

    def judging() -> None:
        for c in counts:
            judge(plan, c)

    print(row("judge (double plan, first sample)", best_per_call(judging, len(counts))))


if __name__ == "__main__":
    main()
