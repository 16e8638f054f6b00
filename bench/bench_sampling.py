"""Plan lookups per second (issue: < 5 us per lookup after first use).

Peer: the pure-Python floor, a dict of pre-resolved (n, Ac, Re) tuples keyed
by (code letter, AQL) after a bisect for the code letter, measured on the same
random lots in the same process. No third-party package returns complete,
arrow-correct Z1.4 plans to compare against.
"""

from __future__ import annotations

import bisect
import random

from _timing import best_per_call, row

from qmscore import sampling
from qmscore.sampling._tables import code_letters


def main() -> None:
    rng = random.Random(2859)
    aqls = sampling.AQL_VALUES
    queries = [(rng.randint(2, 1_000_000), rng.choice(aqls)) for _ in range(100_000)]
    for lot, aql in queries[:2000]:  # first use: tables parsed, cells resolved
        sampling.lookup_plan(lot, aql)

    def ours() -> None:
        for lot, aql in queries:
            sampling.lookup_plan(lot, aql)

    minima = [r[0] for r in code_letters.ROWS]
    letters = [r[1].split()[5] for r in code_letters.ROWS]
    floor_table = {}
    for code_row, code in enumerate(letters):
        lot = minima[code_row]
        for aql in aqls:
            plan = sampling.lookup_plan(lot, aql)
            floor_table[(code, aql)] = (plan.sample_size, plan.accept, plan.reject)

    def floor() -> None:
        for lot, aql in queries:
            floor_table[(letters[bisect.bisect_right(minima, lot) - 1], aql)]

    t_ours = best_per_call(ours, len(queries))
    t_floor = best_per_call(floor, len(queries))
    print("\n## sampling plan lookup (100,000 random lots 2..1e6, random AQL, level II)")
    print(row("lookup_plan (single, normal)", t_ours, t_floor, "dict floor"))
    print(f"  -> {1 / t_ours:,.0f} lookups/s; target < 5 us per lookup")

    def ours_multiple() -> None:
        for lot, aql in queries:
            sampling.lookup_plan(lot, aql, scheme="multiple", inspection="tightened")

    ours_multiple()
    print(row("lookup_plan (multiple, tightened)", best_per_call(ours_multiple, len(queries))))

    plan = sampling.lookup_plan(1000, 1.5, scheme="double")
    counts = [[rng.randint(0, 5)] for _ in range(100_000)]

    def judging() -> None:
        for c in counts:
            sampling.judge(plan, c)

    print(row("judge (double plan, first sample)", best_per_call(judging, len(counts))))


if __name__ == "__main__":
    main()
